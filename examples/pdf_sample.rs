//! Renders a sample disclosure to a PDF file, to look at the PDF engine's output.
//!
//! `cargo run --release --example pdf_sample -- out.pdf [rows] [portrait]`

#[path = "../benches/support/sample_doc.rs"]
mod sample_doc;

use sansho::render::pdf::{markdown_to_pdf, PdfOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let out = args.get(1).map(String::as_str).unwrap_or("sample.pdf");
    let rows: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(200);
    let landscape = args.get(3).map(String::as_str) != Some("portrait");
    let font = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/fonts/ipaexg.ttf"
    ))?;
    let md = match std::env::var("PDF_SAMPLE_MD") {
        Ok(path) => std::fs::read_to_string(path)?,
        Err(_) => sample_doc::sample_markdown(rows),
    };
    let opts = PdfOptions {
        title: "サービス仕様適合開示書".into(),
        author: "株式会社サンプルクラウド".into(),
        subject: Some("サンプル電子カルテ クラウド".into()),
        header: "サービス仕様適合開示書 — サンプル電子カルテ クラウド".into(),
        footer: "sansho 0.1.0 ／ カタログ jp-medical-3sho 2026.11 ／ 評価基準日 2026-11-23 ／ 証拠ファイル sha256 9c1d4b7e2a06c5d8e1f0a3b6c9d2e5f8a1b4c7d0e3f6a9b2c5d8e1f4a7b007ab".into(),
        page_label: "{page} / {pages}".into(),
        font: &font,
        landscape,
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).ok_or("date")?,
    };
    let t = std::time::Instant::now();
    let pdf = markdown_to_pdf(&md, &opts)?;
    eprintln!(
        "{} bytes in {:.1} ms",
        pdf.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    std::fs::write(out, pdf)?;
    Ok(())
}
