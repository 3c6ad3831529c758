//! Times the PDF engine on a 200-row, 6-column Japanese disclosure (font parse included).
//!
//! `cargo bench --bench pdf` (plain `main`, no harness): prints ms per run.

#[path = "support/sample_doc.rs"]
mod sample_doc;

use std::time::Instant;

use sansho::render::pdf::{markdown_to_pdf, PdfOptions};

fn main() {
    let font = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/fonts/ipaexg.ttf"
    ))
    .expect("assets/fonts/ipaexg.ttf");
    let runs: usize = std::env::var("PDF_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    for (rows, landscape) in [(200, true), (200, false), (20, true)] {
        let md = sample_doc::sample_markdown(rows);
        let opts = PdfOptions {
            title: "サービス仕様適合開示書".into(),
            author: "株式会社サンプルクラウド".into(),
            subject: None,
            header: "サービス仕様適合開示書 — サンプル電子カルテ クラウド".into(),
            footer: "sansho 0.1.0 ／ カタログ jp-medical-3sho 2026.11 ／ 評価基準日 2026-11-23 ／ sha256 9c1d4b7e2a06c5d8e1f0a3b6c9d2e5f8a1b4c7d0e3f6a9b2c5d8e1f4a7b007ab".into(),
            page_label: "{page} / {pages}".into(),
            font: &font,
            landscape,
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
        };
        let first = markdown_to_pdf(&md, &opts).expect("render");
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            let pdf = markdown_to_pdf(&md, &opts).expect("render");
            times.push(t.elapsed().as_secs_f64() * 1e3);
            assert_eq!(pdf.len(), first.len());
        }
        times.sort_by(f64::total_cmp);
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        println!(
            "rows={rows:4} {:9}  {runs} runs: median {:.1} ms, mean {:.1} ms, min {:.1} ms, max {:.1} ms; pdf {} bytes",
            if landscape { "landscape" } else { "portrait" },
            times[times.len() / 2],
            mean,
            times[0],
            times[times.len() - 1],
            first.len()
        );
    }
}
