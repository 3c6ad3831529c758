//! The entry points the fuzz targets drive, and the properties every input must keep: no
//! panic, a refused input explains itself with at least one error, an accepted one scores in
//! 0–100 and renders to Markdown and HTML (and PDF when asked) with no raw control character;
//! and the fast TOML path agrees with `toml`.
//!
//! Shared word for word by `fuzz/fuzz_targets/*.rs` (cargo-fuzz, nightly) and by
//! `tests/fuzz_props.rs` (proptest, stable, run by `cargo test`), which includes this file
//! with `#[path]`, so that CI catches a regression on the same paths the fuzzer explores.
#![allow(dead_code)]

use sansho::catalog::{self, Catalog, CatalogSource};
use sansho::evidence::{check_source, LoadOptions};
use sansho::i18n::Lang;
use sansho::input::{decode, SourceFile};
use sansho::render::{self, DocKind, Format, RenderInput, RenderOptions};
use sansho::tree::{self, Tree};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The built-in catalog, loaded once per process.
pub fn embedded() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| catalog::load(&CatalogSource::Embedded).expect("embedded catalog"))
}

fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
}

/// Bytes as a file would give them: decoded (BOM, UTF-16, CR) as `sansho` decodes a file.
/// `None` when decoding refuses them, after checking that the refusal is an error.
fn decoded(name: &str, bytes: &[u8]) -> Option<SourceFile> {
    match decode(name, bytes) {
        Ok((text, _)) => Some(SourceFile::from_text(name, text)),
        Err(d) => {
            assert!(d.is_error(), "a refused decoding is an error: {d:?}");
            let _ = d.render(Lang::Ja, false);
            None
        }
    }
}

/// No raw C0 control character but tab and line breaks: what vendor text may never bring
/// into a document.
fn assert_no_control(what: &str, s: &str) {
    if let Some(c) = s
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        panic!("{what} holds the control character {c:?}");
    }
}

/// Evidence bytes → validate → score → render the disclosure (Markdown and HTML, PDF when
/// `pdf`). The first byte picks TOML or JSON, so that both parsers are explored.
pub fn evidence(data: &[u8], pdf: bool) {
    let (json, bytes) = match data.split_first() {
        Some((b, rest)) => (b & 1 == 1, rest),
        None => (false, data),
    };
    let name = if json { "fuzz.json" } else { "fuzz.toml" };
    let Some(file) = decoded(name, bytes) else {
        return;
    };
    fast_path_agrees(&file);
    let catalog = embedded();
    let opts = LoadOptions {
        check_files: false,
        as_of: as_of(),
    };
    // A folder that does not exist: document paths are resolved, never opened.
    let base = Path::new("/nonexistent-sansho-fuzz");
    let (loaded, diags) = check_source(file, base, catalog, &opts);
    for lang in [Lang::Ja, Lang::En] {
        assert_no_control("a diagnostic", &diags.render(lang, false));
    }
    let Some(loaded) = loaded else {
        assert!(diags.has_errors(), "refused without an error");
        return;
    };
    assert!(!diags.has_errors(), "accepted with an error: {diags:?}");
    let report = sansho::score::score(catalog, &loaded.evidence, None, opts.as_of);
    if let Some(s) = report.overall.score {
        assert!((0.0..=100.0).contains(&s), "score {s}");
    }
    let input = RenderInput {
        catalog,
        evidence: &loaded.evidence,
        evidence_sha256: &loaded.source.sha256,
        evidence_file: "fuzz.toml",
        report: &report,
        profile: None,
        file_states: None,
        lang: Lang::Ja,
    };
    let mut formats = vec![Format::Md, Format::Html];
    if pdf {
        formats.push(Format::Pdf);
    }
    for format in formats {
        let out = render::render(
            DocKind::Disclosure,
            format,
            &input,
            &RenderOptions::default(),
        )
        .unwrap_or_else(|e| panic!("an accepted file must render as {format:?}: {e}"));
        if format != Format::Pdf {
            let text = String::from_utf8(out).expect("UTF-8 document");
            assert_no_control("a document", &text);
        } else {
            assert!(out.starts_with(b"%PDF-"), "not a PDF");
        }
    }
}

/// The fast TOML path (taken by `Tree::parse` and `Tree::parse_values` when it can) accepts
/// exactly what `toml` accepts, with the same value and, with positions, the same spans.
fn fast_path_agrees(file: &SourceFile) {
    if tree::Format::of(file) != tree::Format::Toml {
        return;
    }
    let reference = Tree::parse_toml_reference(file);
    match (Tree::parse(file), &reference) {
        (Ok(fast), Ok(reference)) => assert_eq!(&fast, reference, "the parses differ"),
        (Err(_), Err(_)) => {}
        (fast, _) => panic!(
            "the fast path accepted {}, toml {}",
            fast.is_ok(),
            reference.is_ok()
        ),
    }
    match (Tree::parse_values(file), &reference) {
        (Ok(fast), Ok(reference)) => assert_eq!(fast.value, reference.value, "the values differ"),
        (Err(_), Err(_)) => {}
        (fast, _) => panic!(
            "without positions, the fast path accepted {}, toml {}",
            fast.is_ok(),
            reference.is_ok()
        ),
    }
}

/// Profile bytes → parse against the built-in catalog.
pub fn profile(data: &[u8]) {
    let Some(file) = decoded("fuzz-profile.toml", data) else {
        return;
    };
    match sansho::profile::parse(&file, embedded()) {
        Ok(p) => {
            for w in &p.warnings {
                assert!(!w.is_error());
            }
        }
        Err(e) => {
            let shown = e.render(Lang::Ja, false);
            assert!(!shown.trim().is_empty());
            assert_no_control("a diagnostic", &shown);
        }
    }
}

/// The small catalog the user-catalog target starts from (tests/fixtures/score/controls).
fn fixture_catalog() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .map(|d| d.join("tests/fixtures/score/controls"))
            .find(|d| d.is_dir())
            .expect("tests/fixtures/score/controls")
    })
}

/// User catalog bytes → `--controls DIR`: the first byte picks which file of a small valid
/// catalog the rest replaces; the folder is loaded with every check.
pub fn user_catalog(data: &[u8]) {
    // One scratch folder per process, refilled for each input (the file system, not memory,
    // is what `--controls` reads).
    static SCRATCH: OnceLock<Mutex<tempfile::TempDir>> = OnceLock::new();
    let scratch = SCRATCH.get_or_init(|| Mutex::new(tempfile::tempdir().expect("tempdir")));
    let dir = scratch.lock().unwrap_or_else(|e| e.into_inner());
    let mut names: Vec<String> = std::fs::read_dir(fixture_catalog())
        .expect("fixture catalog")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let Some((pick, bytes)) = data.split_first() else {
        return;
    };
    let target = &names[usize::from(*pick) % names.len()];
    for n in &names {
        let to = dir.path().join(n);
        if n == target {
            std::fs::write(&to, bytes).expect("write");
        } else {
            std::fs::copy(fixture_catalog().join(n), &to).expect("copy");
        }
    }
    match catalog::load(&CatalogSource::Dir(dir.path().to_path_buf())) {
        Ok(c) => {
            // An accepted catalog has unique control ids, each in an area it declares.
            let ids: std::collections::HashSet<&str> =
                c.controls.iter().map(|x| x.id.as_str()).collect();
            assert_eq!(
                ids.len(),
                c.controls.len(),
                "duplicate control ids accepted"
            );
            for x in &c.controls {
                assert!(c.area(&x.area).is_some(), "{} is in no area", x.id);
            }
        }
        Err(e) => {
            let shown = e.render(Lang::En, false);
            assert!(!shown.trim().is_empty());
            assert_no_control("a diagnostic", &shown);
        }
    }
}
