//! `sansho score --batch DIR|FILE…`: one result line per file, in input order, as each is
//! ready — JSON Lines for tools, CSV for a spreadsheet. The work is [`crate::batch`]; this
//! file turns outcomes into lines and picks the exit code: 2 when any file failed
//! validation, else 1 when any missed a gate (`--fail-under`, `--require`, the profile),
//! else 0.

use super::Ctx;
use crate::batch::{expand, score_each, Outcome};
use crate::catalog::Catalog;
use crate::compare::{Skipped, VendorSummary};
use crate::diag::{Diagnostic, MAX_SHOWN_PER_CODE};
use crate::error::{Error, Result};
use crate::evidence::LoadOptions;
use crate::i18n::{Lang, Text};
use crate::profile::Profile;
use crate::text;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::io::Write;
use std::num::NonZeroUsize;
use std::path::PathBuf;

/// The line formats of `--batch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LineFormat {
    /// One JSON object per line.
    Jsonl,
    /// A header, then one CSV record per file.
    Csv,
}

/// What `score` hands over for a batch.
pub(super) struct Batch<'a> {
    pub paths: &'a [PathBuf],
    pub profile: Option<&'a Profile>,
    pub as_of: chrono::NaiveDate,
    pub format: LineFormat,
    pub jobs: Option<NonZeroUsize>,
    /// The gates of `score`, turned into the reasons a summary misses them.
    pub gates: &'a (dyn Fn(&VendorSummary) -> Vec<Text> + Sync),
}

const CSV_HEADER: &[&str] = &[
    "file",
    "valid",
    "vendor",
    "service",
    "version",
    "score",
    "verdict",
    "critical",
    "major",
    "minor",
    "info",
    "warnings",
    "profile",
    "unmet",
    "errors",
    "first_error",
];

/// Runs the batch and writes its lines to standard output.
pub(super) fn run(ctx: &Ctx, catalog: &Catalog, b: &Batch<'_>) -> Result<i32> {
    let files = expand(b.paths)?;
    let opts = LoadOptions {
        check_files: false,
        as_of: b.as_of,
    };
    // Not locked: the lines are written from the pool's thread.
    let mut out = std::io::stdout();
    let (mut invalid, mut unmet_any) = (0usize, false);
    let mut write = |line: &str| out.write_all(line.as_bytes());
    if b.format == LineFormat::Csv {
        let mut head = String::new();
        if ctx.bom {
            head.push_str(crate::csv::BOM);
        }
        head.push_str(&crate::csv::record(CSV_HEADER));
        write(&head).map_err(stdout_error)?;
    }
    let mut emit = |outcome: Outcome| {
        let unmet = match &outcome {
            Ok(v) => (b.gates)(v),
            Err(_) => Vec::new(),
        };
        invalid += usize::from(outcome.is_err());
        unmet_any |= !unmet.is_empty();
        let line = match b.format {
            LineFormat::Jsonl => jsonl(&outcome, &unmet, catalog, ctx.lang),
            LineFormat::Csv => csv_record(&outcome, &unmet, ctx.lang),
        };
        write(&line)
    };
    let result = match b.jobs {
        None => score_each(&files, catalog, b.profile, &opts, &mut emit),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.get())
            .build()
            .map_err(|e| {
                Error::Usage(text!(
                    ["--jobs {n}: スレッドを作れません（{e}）。"],
                    ["--jobs {n}: cannot start the threads ({e})."]
                ))
            })?
            .install(|| score_each(&files, catalog, b.profile, &opts, &mut emit)),
    };
    match result {
        Ok(()) => {}
        // `sansho score --batch … | head`: the reader has all it wants.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
        Err(e) => return Err(stdout_error(e)),
    }
    if invalid > 0 {
        let n = files.len();
        super::note(
            text!(
                ["{invalid} / {n} ファイルが検証に失敗しました（各行の diagnostics を見てください）。"],
                ["{invalid} of {n} files failed validation (see the diagnostics of their lines)."]
            )
            .get(ctx.lang),
        );
    }
    Ok(if invalid > 0 {
        2
    } else if unmet_any {
        1
    } else {
        0
    })
}

fn stdout_error(e: std::io::Error) -> Error {
    Error::Write {
        path: PathBuf::from("<stdout>"),
        source: e,
    }
}

/// The errors of a failed file, at most [`MAX_SHOWN_PER_CODE`] of each code (as a terminal
/// shows them), so that one file with 60 000 unknown ids is one readable line.
fn shown_errors(s: &Skipped) -> impl Iterator<Item = &Diagnostic> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    s.diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter(move |d| {
            let n = seen.entry(d.code).or_insert(0);
            *n += 1;
            *n <= MAX_SHOWN_PER_CODE
        })
}

fn jsonl(outcome: &Outcome, unmet: &[Text], catalog: &Catalog, lang: Lang) -> String {
    let v = match outcome {
        Ok(v) => {
            let areas: Map<String, Value> = catalog
                .areas
                .iter()
                .zip(&v.areas)
                .map(|(a, cell)| (a.id.to_string(), json!(cell.score)))
                .collect();
            json!({
                "file": v.file,
                "valid": true,
                "sha256": v.sha256,
                "vendor": v.name,
                "service": v.service,
                "version": v.version,
                "score": v.score,
                "verdict": v.verdict.as_str(),
                "findings": v.findings,
                "warnings": v.warnings,
                "areas": areas,
                "profile": v.profile.as_ref().map(|p| json!({"pass": p.pass, "failures": p.failures})),
                "unmet": unmet.iter().map(|t| t.get(lang)).collect::<Vec<_>>(),
            })
        }
        Err(s) => json!({
            "file": s.file,
            "valid": false,
            "errors": s.diagnostics.error_count(),
            "warnings": s.diagnostics.warning_count(),
            "diagnostics": shown_errors(s).map(|d| d.to_json(lang)).collect::<Vec<_>>(),
        }),
    };
    let mut line = v.to_string();
    line.push('\n');
    line
}

fn csv_record(outcome: &Outcome, unmet: &[Text], lang: Lang) -> String {
    let cells: Vec<String> = match outcome {
        Ok(v) => {
            let f = v.findings;
            let profile = v.profile.as_ref().map_or("", |p| {
                if p.pass {
                    lang.pick("満たす", "met")
                } else {
                    lang.pick("満たさない", "not met")
                }
            });
            vec![
                v.file.clone(),
                "true".into(),
                v.name.clone(),
                v.service.clone(),
                v.version.clone().unwrap_or_default(),
                v.score.map_or_else(String::new, |s| format!("{s:.1}")),
                v.verdict.label(lang).into(),
                f.critical.to_string(),
                f.major.to_string(),
                f.minor.to_string(),
                f.info.to_string(),
                v.warnings.to_string(),
                profile.into(),
                unmet
                    .iter()
                    .map(|t| t.get(lang))
                    .collect::<Vec<_>>()
                    .join("; "),
                "0".into(),
                String::new(),
            ]
        }
        Err(s) => {
            let first = shown_errors(s).next().map_or_else(String::new, |d| {
                let at = d
                    .label
                    .as_ref()
                    .map_or_else(String::new, |l| format!(" ({}:{})", l.line, l.column));
                format!("[{}] {}{at}", d.code, d.message.get(lang))
            });
            let mut cells = vec![s.file.clone(), "false".into()];
            cells.extend(std::iter::repeat_n(String::new(), 12));
            cells.push(s.diagnostics.error_count().to_string());
            cells.push(crate::diag::visible(&first).into_owned());
            cells
        }
    };
    crate::csv::record(&cells)
}
