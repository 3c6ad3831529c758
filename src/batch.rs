//! Scoring a whole registry of evidence files in one process (`sansho score --batch`).
//!
//! A national registry holds ~10⁴ disclosures. Starting sansho once per file repeats the
//! start-up and the catalog load 10⁴ times and uses one core; here the catalog is loaded
//! once, the files are scored on every core (rayon), and each result is handed on in input
//! order as soon as it and the ones before it are ready. Of a file only its
//! [`VendorSummary`] (what `compare` keeps, built by the same [`summarize`]) or its
//! diagnostics are kept, and only for a window of files at a time, so time and memory stay
//! linear in the number of files and a file that fails validation is a result, not an abort.

use crate::catalog::Catalog;
use crate::compare::{summarize, Skipped, VendorSummary};
use crate::diag::Diagnostic;
use crate::evidence::LoadOptions;
use crate::profile::Profile;
use crate::text;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// How many files are scored between two hand-overs, per worker thread: large enough that
/// the workers rarely wait for each other at the end of a window, small enough that results
/// stream and the window's summaries stay a few megabytes.
const WINDOW_PER_THREAD: usize = 32;

/// What became of one file: its summary, or why it could not be scored.
pub type Outcome = Result<VendorSummary, Skipped>;

/// The evidence files named by `paths`, in order: a file as given; for a folder, every
/// `.toml` and `.json` file in it and its subfolders, sorted by path (so that the order of
/// the results does not depend on the file system). Links to folders are not followed, so a
/// link cannot make the walk endless. A path that does not exist is an error, as is a folder
/// without evidence files (most likely the wrong folder).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files = Vec::new();
    for path in paths {
        if crate::input::is_stdio(path) || !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let before = files.len();
        walk(path, &mut files)?;
        files[before..].sort();
        if files.len() == before {
            return Err(Diagnostic::error(
                "E-BATCH-EMPTY",
                text!(
                    [
                        "フォルダ {} にエビデンスファイル（.toml・.json）がありません。",
                        path.display()
                    ],
                    [
                        "the folder {} holds no evidence files (.toml, .json).",
                        path.display()
                    ]
                ),
            )
            .in_file(path.display().to_string()));
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Diagnostic> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| crate::input::io_diagnostic(&dir.display().to_string(), &e))?;
    for entry in entries {
        let entry =
            entry.map_err(|e| crate::input::io_diagnostic(&dir.display().to_string(), &e))?;
        let path = entry.path();
        // `file_type` does not follow links: a link to a folder is skipped, a link to a file
        // is read like the file (`metadata` follows it).
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, out)?;
        } else if is_evidence_name(&path) && std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            out.push(path);
        }
    }
    Ok(())
}

fn is_evidence_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("toml") || e.eq_ignore_ascii_case("json"))
}

/// Scores every file on the current rayon pool and calls `emit` with each outcome in the
/// order of `files`. Stops at the first error `emit` returns (a closed pipe, a full disk) and
/// returns it.
pub fn score_each<E>(
    files: &[PathBuf],
    catalog: &Catalog,
    profile: Option<&Profile>,
    opts: &LoadOptions,
    mut emit: impl FnMut(Outcome) -> Result<(), E>,
) -> Result<(), E> {
    let window = WINDOW_PER_THREAD * rayon::current_num_threads().max(1);
    for chunk in files.chunks(window) {
        let outcomes: Vec<Outcome> = chunk
            .par_iter()
            .map(|file| summarize(file, catalog, profile, opts, &[]))
            .collect();
        for outcome in outcomes {
            emit(outcome)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{self, CatalogSource};
    use chrono::NaiveDate;

    fn opts() -> LoadOptions {
        LoadOptions {
            check_files: false,
            as_of: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        }
    }

    #[test]
    fn outcomes_come_in_input_order_with_failures_in_place() {
        let catalog = catalog::load(&CatalogSource::Embedded).expect("catalog");
        let dir = tempfile::tempdir().expect("tempdir");
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "[vendor]\nname = 1\n").expect("write");
        let sample = |s: &str| PathBuf::from(format!("samples/{s}/evidence.toml"));
        // More files than one window, so that the order survives the hand-overs.
        let mut files = Vec::new();
        for i in 0..(WINDOW_PER_THREAD * rayon::current_num_threads() + 7) {
            files.push(match i % 4 {
                0 => sample("weak"),
                1 => bad.clone(),
                2 => sample("strong"),
                _ => sample("typical"),
            });
        }
        let mut seen = Vec::new();
        score_each(&files, &catalog, None, &opts(), |o| {
            seen.push(o);
            Ok::<(), ()>(())
        })
        .expect("no emit error");
        assert_eq!(seen.len(), files.len());
        for (file, outcome) in files.iter().zip(&seen) {
            let name = file.display().to_string();
            match outcome {
                Ok(v) => assert_eq!(v.file, name),
                Err(s) => {
                    assert_eq!(s.file, name);
                    assert_eq!(file, &bad);
                    assert!(s.diagnostics.has_errors());
                }
            }
        }
        let strong = seen[2].as_ref().expect("strong scores");
        let weak = seen[0].as_ref().expect("weak scores");
        assert!(strong.score > weak.score);
    }

    #[test]
    fn an_emit_error_stops_the_batch() {
        let catalog = catalog::load(&CatalogSource::Embedded).expect("catalog");
        let files = vec![PathBuf::from("samples/typical/evidence.toml"); 3];
        let mut calls = 0;
        let r = score_each(&files, &catalog, None, &opts(), |_| {
            calls += 1;
            Err("closed")
        });
        assert_eq!((r, calls), (Err("closed"), 1));
    }

    #[test]
    fn folders_expand_to_their_evidence_files_sorted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/c")).expect("mkdir");
        for f in ["z.toml", "a.json", "b/c/m.TOML", "b/readme.md", "b/x.toml"] {
            std::fs::write(root.join(f), "").expect("write");
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root, root.join("b/loop")).expect("symlink");
        let given = root.join("given.txt");
        let files = expand(&[given.clone(), root.to_path_buf()]).expect("expands");
        let rel: Vec<String> = files
            .iter()
            .map(|p| {
                p.strip_prefix(root)
                    .map_or_else(|_| p.display().to_string(), |r| r.display().to_string())
            })
            .collect();
        assert_eq!(
            rel,
            ["given.txt", "a.json", "b/c/m.TOML", "b/x.toml", "z.toml"]
        );
        let empty = root.join("b/c/empty");
        std::fs::create_dir(&empty).expect("mkdir");
        assert_eq!(expand(&[empty]).expect_err("empty").code, "E-BATCH-EMPTY");
    }
}
