//! The workspace folder (`sansho serve DIR`): every file the server reads or writes is named
//! relative to it and must stay inside it — no absolute path, no `..` climbing out, no
//! symbolic link leading out. The checks are the evidence loader's own
//! ([`crate::evidence::locate_document`]), applied to every path a request names.

use crate::evidence::{locate_document, DocumentProblem};
use crate::i18n::Text;
use crate::text;
use std::path::{Path, PathBuf};

/// Folders never listed: hidden ones, build output, installed packages.
const SKIPPED_DIRS: [&str; 3] = ["target", "node_modules", "__pycache__"];

/// How deep the listing looks for files.
const MAX_DEPTH: usize = 5;

/// How many entries the listing reads before it stops (a workspace is a folder of
/// submissions, not a disk).
const MAX_ENTRIES: usize = 5000;

/// The folder the server works in.
#[derive(Debug)]
pub struct Workspace {
    root: PathBuf,
}

/// What kind of file a workspace file is, judged from its top-level tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An evidence file (`[vendor]`).
    Evidence,
    /// A requirement profile (`[profile]`).
    Profile,
}

/// The files of the workspace, by kind, as paths relative to it.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    /// Evidence files.
    pub evidence: Vec<String>,
    /// Requirement profiles.
    pub profiles: Vec<String>,
}

impl Workspace {
    /// The workspace at `dir`, which must be a folder.
    pub fn new(dir: &Path) -> Result<Workspace, Text> {
        let root = dir.canonicalize().map_err(|e| {
            text!(
                ["フォルダ {} を開けません（{e}）。", dir.display()],
                ["cannot open the folder {} ({e}).", dir.display()]
            )
        })?;
        if !root.is_dir() {
            return Err(text!(
                ["{} はフォルダではありません。", dir.display()],
                ["{} is not a folder.", dir.display()]
            ));
        }
        Ok(Workspace { root })
    }

    /// The folder (canonical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The full path of a workspace-relative name, refused when it would lead outside —
    /// for a file that does not exist yet, its folder must exist inside the workspace.
    pub fn resolve(&self, rel: &str) -> Result<PathBuf, Text> {
        let refused = |why: Text| {
            let shown = crate::diag::visible(rel).into_owned();
            text!(["{shown}: {}", why.ja], ["{shown}: {}", why.en])
        };
        if rel.trim().is_empty() {
            return Err(text!(["ファイルを指定してください。"], ["name a file."]));
        }
        if rel.chars().any(|c| c.is_control()) {
            return Err(refused(text!(
                ["ファイル名に制御文字は使えません。"],
                ["control characters are not allowed in a file name."]
            )));
        }
        let full = locate_document(&self.root, rel).map_err(|p| {
            refused(match p {
                DocumentProblem::Absolute => text!(
                    ["絶対パスは使えません。作業フォルダからの相対パスで指定してください。"],
                    ["absolute paths are refused; name the file relative to the workspace."]
                ),
                _ => text!(
                    ["作業フォルダの外は開けません（.. やリンクで外に出るパスは使えません）。"],
                    ["the path leads outside the workspace (through .. or a link)."]
                ),
            })
        })?;
        if full.symlink_metadata().is_err() {
            // Not there yet: the folder it would be written into must be inside.
            let parent = full.parent().unwrap_or(&self.root);
            let inside = parent
                .canonicalize()
                .is_ok_and(|p| p.starts_with(&self.root));
            if !inside {
                return Err(refused(text!(
                    ["保存先のフォルダが作業フォルダの中にありません。"],
                    ["the folder to write into is not inside the workspace."]
                )));
            }
        }
        Ok(full)
    }

    /// A path inside the workspace as the workspace-relative name shown to users.
    pub fn rel(&self, full: &Path) -> String {
        let canon = full.canonicalize().unwrap_or_else(|_| full.to_path_buf());
        canon
            .strip_prefix(&self.root)
            .or_else(|_| full.strip_prefix(&self.root))
            .unwrap_or(full)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Evidence files and profiles under the workspace, sorted by name.
    pub fn list(&self) -> Listing {
        let mut listing = Listing::default();
        let mut seen = 0usize;
        let mut stack = vec![(self.root.clone(), 0usize)];
        while let Some((dir, depth)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                seen += 1;
                if seen > MAX_ENTRIES {
                    break;
                }
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                // Never follow a link: what it leads to may be outside.
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                let path = entry.path();
                if kind.is_dir() {
                    if depth < MAX_DEPTH && !SKIPPED_DIRS.contains(&name.as_str()) {
                        stack.push((path, depth + 1));
                    }
                } else if kind.is_file() {
                    match classify(&path) {
                        Some(Kind::Evidence) => listing.evidence.push(self.rel(&path)),
                        Some(Kind::Profile) => listing.profiles.push(self.rel(&path)),
                        None => {}
                    }
                }
            }
        }
        listing.evidence.sort();
        listing.profiles.sort();
        listing
    }
}

/// Which kind of sansho input a file is, from a look at its top-level tables (the loaders
/// decide whether it is valid; this only sorts the listing). Files larger than an input may
/// be are not read.
pub fn classify(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if ext != "toml" && ext != "json" {
        return None;
    }
    let meta = std::fs::metadata(path).ok()?;
    if meta.len() > crate::input::MAX_INPUT_BYTES {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let has_table = |name: &str| {
        if ext == "json" {
            text.contains(&format!("\"{name}\""))
        } else {
            text.lines().any(|l| l.trim() == format!("[{name}]"))
        }
    };
    if has_table("vendor") {
        Some(Kind::Evidence)
    } else if has_table("profile") {
        Some(Kind::Profile)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("a")).expect("mkdir");
        std::fs::write(dir.path().join("a/e.toml"), "[vendor]\n").expect("write");
        std::fs::write(dir.path().join("p.toml"), "[profile]\n").expect("write");
        std::fs::write(dir.path().join("other.toml"), "x = 1\n").expect("write");
        let ws = Workspace::new(dir.path()).expect("workspace");
        assert!(ws.resolve("a/e.toml").is_ok());
        assert!(ws.resolve("a/new.toml").is_ok());
        for bad in [
            "../x.toml",
            "a/../../x.toml",
            "/etc/passwd",
            "",
            "no/such/dir.toml",
            "a\u{1b}.toml",
        ] {
            assert!(ws.resolve(bad).is_err(), "{bad:?}");
        }
        let l = ws.list();
        assert_eq!(l.evidence, ["a/e.toml"]);
        assert_eq!(l.profiles, ["p.toml"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_out_are_refused() {
        let outside = tempfile::tempdir().expect("tempdir");
        std::fs::write(outside.path().join("secret.toml"), "[vendor]\n").expect("write");
        let dir = tempfile::tempdir().expect("tempdir");
        std::os::unix::fs::symlink(
            outside.path().join("secret.toml"),
            dir.path().join("l.toml"),
        )
        .expect("symlink");
        std::os::unix::fs::symlink(outside.path(), dir.path().join("out")).expect("symlink");
        let ws = Workspace::new(dir.path()).expect("workspace");
        assert!(ws.resolve("l.toml").is_err());
        assert!(ws.resolve("out/secret.toml").is_err());
        assert!(ws.resolve("out/new.toml").is_err());
        assert!(ws.list().evidence.is_empty());
    }
}
