//! Times the Excel questionnaire and the OSCAL exports of the strong sample.
//!
//! `cargo bench --bench interchange` (plain `main`, no harness). The catalog and the evidence
//! are loaded once; each timed run is one library call: `questionnaire` (workbook bytes),
//! `read_questionnaire` (read, validate, write the TOML text and check it reads back) and the
//! OSCAL assessment results. `INTERCHANGE_BENCH_RUNS` sets the number of timed runs (default
//! 20), after 2 warm-up runs. Prints the median and the workbook size.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use sansho::catalog::{self, CatalogSource};
use sansho::evidence::{self, LoadOptions};
use sansho::i18n::Lang;
use sansho::interchange::oscal;
use sansho::interchange::xlsx::{questionnaire, read_questionnaire, ExportOptions, ImportOptions};

const WARM_UP: usize = 2;

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut last = f();
    for _ in 1..WARM_UP {
        last = f();
    }
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        last = f();
        times.push(t.elapsed());
    }
    (median(times), last)
}

fn main() {
    let runs: usize = std::env::var("INTERCHANGE_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(20);
    let as_of = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/strong/evidence.toml");
    let catalog = catalog::load(&CatalogSource::Embedded).expect("embedded catalog");
    let lopts = LoadOptions {
        check_files: false,
        as_of,
    };
    let loaded = evidence::load(&path, &catalog, &lopts).expect("the strong sample loads");
    let e = &loaded.evidence;

    let xopts = ExportOptions {
        lang: Lang::Ja,
        as_of,
        profile: None,
    };
    let (export_ms, bytes) = time(runs, || {
        questionnaire(&catalog, Some(e), &xopts).expect("export")
    });
    println!(
        "export xlsx (strong): {export_ms:.1} ms median of {runs}, {} bytes ({:.1} KiB)",
        bytes.len(),
        bytes.len() as f64 / 1024.0
    );

    let iopts = ImportOptions {
        as_of,
        lang: Lang::Ja,
        base_dir: path.parent().expect("folder").to_path_buf(),
    };
    let (import_ms, imported) = time(runs, || {
        read_questionnaire(&bytes, "strong.xlsx", &catalog, &iopts).expect("import")
    });
    assert_eq!(&imported.evidence, e, "the round trip is lossless");
    println!(
        "import xlsx (strong): {import_ms:.1} ms median of {runs}, {} bytes of TOML",
        imported.toml.len()
    );

    let report = sansho::score::score(&catalog, e, None, as_of);
    let input = oscal::AssessmentInput {
        catalog: &catalog,
        evidence: e,
        report: &report,
        evidence_file: "samples/strong/evidence.toml",
        evidence_sha256: &loaded.source.sha256,
        lang: Lang::Ja,
    };
    let (ar_ms, json) = time(runs, || oscal::assessment_results(&input));
    println!(
        "export oscal assessment-results (strong): {ar_ms:.1} ms median of {runs}, {} bytes",
        json.len()
    );
    let (cat_ms, json) = time(runs, || oscal::catalog(&catalog, Lang::Ja, as_of));
    println!(
        "export oscal catalog: {cat_ms:.1} ms median of {runs}, {} bytes",
        json.len()
    );
}
