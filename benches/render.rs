//! Times `sansho::render::render` for each document and format of the strong sample.
//!
//! `cargo bench --bench render` (plain `main`, no harness). The catalog, the evidence and the
//! score report are built once, as `sansho render` does; each timed run is one `render` call
//! (templates, Markdown, and for the PDF layout, font subsetting and serialisation).
//! `RENDER_BENCH_RUNS` sets the number of timed runs (default 30), after 3 warm-up runs.
//! Target (issue 5): the PDF disclosure under 150 ms, release build, on the 2-core machine.

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use sansho::catalog::{self, CatalogSource};
use sansho::evidence::{self, LoadOptions};
use sansho::i18n::Lang;
use sansho::render::{render, DocKind, Format, RenderInput, RenderOptions};

const WARM_UP: usize = 3;

fn main() {
    let runs: usize = std::env::var("RENDER_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(30);
    let as_of = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/strong/evidence.toml");

    let setup = Instant::now();
    let catalog = catalog::load(&CatalogSource::Embedded).expect("embedded catalog");
    let loaded = evidence::load(
        &path,
        &catalog,
        &LoadOptions {
            check_files: false,
            as_of,
        },
    )
    .expect("samples/strong/evidence.toml loads");
    let report = sansho::score::score(&catalog, &loaded.evidence, None, as_of);
    println!(
        "setup (catalog, evidence, score): {:.1} ms, once",
        ms(setup.elapsed())
    );

    let input = RenderInput {
        catalog: &catalog,
        evidence: &loaded.evidence,
        evidence_sha256: &loaded.source.sha256,
        evidence_file: "samples/strong/evidence.toml",
        report: &report,
        profile: None,
        file_states: None,
        lang: Lang::Ja,
    };
    let opts = RenderOptions::default();

    let mut pdf_sizes = Vec::new();
    for doc in [DocKind::Disclosure, DocKind::Sla, DocKind::Report] {
        for format in [Format::Md, Format::Html, Format::Pdf] {
            let mut out = Vec::new();
            for _ in 0..WARM_UP {
                out = render(doc, format, &input, &opts).expect("render");
            }
            let mut times = Vec::with_capacity(runs);
            for _ in 0..runs {
                let t = Instant::now();
                let bytes = render(doc, format, &input, &opts).expect("render");
                times.push(ms(t.elapsed()));
                // Keeps the result alive (and checks determinism while we are at it).
                assert_eq!(
                    bytes, out,
                    "{doc:?} {format:?}: output changed between runs"
                );
            }
            times.sort_by(f64::total_cmp);
            println!(
                "{:10} {:4}: median {:7.1} ms, min {:7.1} ms ({runs} runs)",
                name(doc),
                ext(format),
                times[times.len() / 2],
                times[0],
            );
            if format == Format::Pdf {
                pdf_sizes.push((doc, out.len()));
            }
        }
    }
    for (doc, size) in pdf_sizes {
        println!(
            "pdf size {:10}: {size} bytes ({:.0} KB)",
            name(doc),
            size as f64 / 1024.0
        );
    }
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn name(doc: DocKind) -> &'static str {
    match doc {
        DocKind::Disclosure => "disclosure",
        DocKind::Sla => "sla",
        DocKind::Report => "report",
    }
}

fn ext(format: Format) -> &'static str {
    match format {
        Format::Md => "md",
        Format::Html => "html",
        Format::Pdf => "pdf",
    }
}
