//! `sansho compare`: several vendors side by side, scored by the same rule and, for a
//! hospital, against the same requirement profile — a table for the terminal or a
//! spreadsheet, JSON for tools, and a document (Markdown, HTML, PDF) for the committee.

use super::{as_of, note, parse_date, print_stdout, table, Ctx};
use crate::compare::{compare, Comparison, VendorSummary};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::output::write_atomic;
use crate::render::{self, ComparisonInput, RenderOptions};
use crate::score::display_score;
use crate::text;
use serde_json::json;
use std::path::PathBuf;

const EXAMPLES: &str = "\
例 / Examples:
  sansho compare samples/*/evidence.toml --profile samples/profiles/university-hospital.toml
  sansho compare a.toml b.toml --format csv > vendors.csv
  sansho compare a.toml b.toml --format xlsx -o vendors.xlsx
  sansho compare vendors/*.toml --profile hospital.toml --format pdf -o comparison.pdf
  sansho compare vendors/*.toml --format html --only-differences -o comparison.html

1 社から 200 社以上まで比べられます。並び順: 要件プロファイルを満たすもの → 判定 → 総合スコアの高い順。
検証で誤りのあるファイルは報告して除外します（--strict なら何も比べずに終了コード 2）。
Compares 1 to 200+ vendors. Order: profile met first, then verdict, then overall score.
Files that fail validation are reported and left out (with --strict nothing is compared; exit 2).
終了コード / Exit codes: 0 成功 ok · 1 要件プロファイルを満たさない事業者あり a vendor fails the profile · 2 入力・使い方の誤り invalid input or usage";

/// Output formats of `compare`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 端末向けの表 / a table for the terminal
    Text,
    /// 比較表の文書（Markdown）/ the comparison document as Markdown
    Md,
    /// 比較表の文書（HTML、印刷用 CSS 付き）/ the comparison document as HTML
    Html,
    /// 比較表の文書（PDF、A4 横）/ the comparison document as PDF (A4 landscape)
    Pdf,
    /// CSV（Excel で開けます）/ CSV for spreadsheets
    Csv,
    /// JSON
    Json,
    /// Excel ブック（順位・管理策・SLA の 3 シート）/ an Excel workbook (ranking, controls, SLA)
    Xlsx,
}

/// What `sansho compare` does, in `sansho --help` and in its own help.
pub(crate) const ABOUT: &str =
    "複数の事業者を同じ基準で比べる / compare several vendors side by side";

/// Arguments of `sansho compare`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, after_help = EXAMPLES)]
pub struct Args {
    /// 比べるエビデンスファイル（1 つ以上）/ evidence files to compare (one or more)
    #[arg(required = true, num_args = 1..)]
    files: Vec<PathBuf>,
    /// 医療機関の要件プロファイル / a hospital requirement profile
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// 評価基準日（既定は今日）/ as-of date, default today
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<chrono::NaiveDate>,
    /// 出力形式 / output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// 出力先ファイル（PDF では必須）/ output file (required for PDF)
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// 既存の出力ファイルを上書きする / overwrite an existing output file
    #[arg(long)]
    force: bool,
    /// 管理策の一覧で、事業者の間で状況が異なるものだけを示す / in the control matrix, show only controls whose status differs
    #[arg(long)]
    only_differences: bool,
    /// 誤りのあるファイルが 1 つでもあれば何も比べない / compare nothing when any file is invalid
    #[arg(long)]
    strict: bool,
    /// 組み込みテンプレートを同名のファイルで置き換えるフォルダ / folder of replacement templates
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// PDF に使う TrueType フォント / TrueType font for the PDF
    #[arg(long, value_name = "PATH")]
    font: Option<PathBuf>,
}

/// Runs the command.
pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<i32> {
    let lang = ctx.lang;
    if matches!(args.format, Format::Pdf | Format::Xlsx) && args.output.is_none() {
        return Err(Error::Usage(text!(
            ["PDF と xlsx は -o で出力先を指定してください（端末には出力しません）。"],
            ["PDF and xlsx output need -o PATH (they are not written to a terminal)."]
        )));
    }
    let catalog = ctx.catalog()?;
    let as_of = as_of(args.as_of);
    let profile = args
        .profile
        .as_deref()
        .map(|p| crate::profile::load(p, catalog))
        .transpose()?;
    for w in profile.iter().flat_map(|p| &p.warnings) {
        note(w.render(lang, ctx.color).trim_end());
    }
    let c = compare(&args.files, catalog, profile.as_ref(), as_of);

    if !c.skipped.is_empty() {
        let mut all = crate::diag::Diagnostics::default();
        for s in &c.skipped {
            all.extend(s.diagnostics.iter().cloned());
        }
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            all.render(lang, ctx.color).as_bytes(),
        );
        if args.strict || c.vendors.is_empty() {
            return Err(Error::Usage(text!(
                [
                    "比較できません: 誤りのあるファイルが {} 件あります（上記）。",
                    c.skipped.len()
                ],
                [
                    "nothing compared: {} file(s) are invalid (see above).",
                    c.skipped.len()
                ]
            )));
        }
        note(
            text!(
                [
                    "誤りのある {} 件のファイルを除外して {} 社を比べます。",
                    c.skipped.len(),
                    c.vendors.len()
                ],
                [
                    "left out {} invalid file(s); comparing {} vendor(s).",
                    c.skipped.len(),
                    c.vendors.len()
                ]
            )
            .get(lang),
        );
    }
    let warned: Vec<&VendorSummary> = c.vendors.iter().filter(|v| v.warnings > 0).collect();
    if !warned.is_empty() {
        let total: usize = warned.iter().map(|v| v.warnings).sum();
        note(
            text!(
                ["警告: {} 件のファイルに計 {total} 件の警告があります（sansho validate で確認できます）。", warned.len()],
                ["warning: {} file(s) have {total} warning(s) in all; see sansho validate.", warned.len()]
            )
            .get(lang),
        );
    }

    let bytes = match args.format {
        Format::Json => json_out(&c, catalog).into_bytes(),
        Format::Csv => csv(&c, catalog, lang, ctx.bom).into_bytes(),
        Format::Text => text_out(&c, catalog, lang).into_bytes(),
        Format::Xlsx => crate::interchange::xlsx::compare_workbook(catalog, &c, lang)?,
        Format::Md | Format::Html | Format::Pdf => {
            let font = match &args.font {
                Some(p) => Some(std::fs::read(p).map_err(|e| {
                    Error::Usage(text!(
                        ["フォント {} を読めません（{e}）。", p.display()],
                        ["cannot read the font {} ({e}).", p.display()]
                    ))
                })?),
                None => None,
            };
            let format = match args.format {
                Format::Md => render::Format::Md,
                Format::Html => render::Format::Html,
                _ => render::Format::Pdf,
            };
            render::render_comparison(
                format,
                &ComparisonInput {
                    catalog,
                    comparison: &c,
                    only_differences: args.only_differences,
                    lang,
                },
                &RenderOptions {
                    templates_dir: args.templates.as_deref(),
                    font: font.as_deref(),
                },
            )?
        }
    };
    match &args.output {
        None => print_stdout(&String::from_utf8_lossy(&bytes))?,
        Some(path) => {
            let mut inputs: Vec<&std::path::Path> =
                args.files.iter().map(PathBuf::as_path).collect();
            inputs.extend(args.profile.as_deref());
            inputs.extend(args.font.as_deref());
            write_atomic(path, &bytes, args.force, &inputs)?;
            let kb = bytes.len().div_ceil(1024);
            note(
                text!(
                    ["比較表を書き出しました: {}（{kb} KB）", path.display()],
                    ["wrote the comparison: {} ({kb} KB)", path.display()]
                )
                .get(lang),
            );
            0
        }
    };
    if c.any_profile_failed() {
        let n = c
            .vendors
            .iter()
            .filter(|v| v.profile.as_ref().is_some_and(|p| !p.pass))
            .count();
        note(
            text!(
                ["基準未達: 調達要件を満たさない事業者が {n} 社あります。"],
                ["not met: {n} vendor(s) do not meet the profile."]
            )
            .get(lang),
        );
        return Ok(1);
    }
    Ok(0)
}

/// Areas some vendor's scope reaches: (index in catalog order, prefix, title).
fn areas<'a>(
    c: &Comparison,
    catalog: &'a crate::catalog::Catalog,
    lang: Lang,
) -> Vec<(usize, &'a str, &'a str, &'a str)> {
    catalog
        .areas
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            c.vendors
                .iter()
                .any(|v| v.areas.get(*i).is_some_and(|a| a.applicable > 0))
        })
        .map(|(i, a)| (i, a.id.as_str(), a.prefix.as_str(), a.title(lang)))
        .collect()
}

type Areas<'a> = [(usize, &'a str, &'a str, &'a str)];

fn profile_cell(v: &VendorSummary, lang: Lang) -> String {
    match &v.profile {
        None => "－".to_string(),
        Some(p) if p.pass => lang.pick("満たす", "met").to_string(),
        Some(p) => match lang {
            Lang::Ja => format!("未達 {} 件", p.failures),
            Lang::En => format!("{} unmet", p.failures),
        },
    }
}

fn area_cell(v: &VendorSummary, i: usize) -> String {
    match v.areas.get(i) {
        Some(a) if a.applicable > 0 => display_score(a.score),
        _ => "－".to_string(),
    }
}

/// The cells of one row, in header order.
fn cells(rank: usize, v: &VendorSummary, areas: &Areas, lang: Lang) -> Vec<String> {
    let mut c = vec![
        (rank + 1).to_string(),
        format!("{} / {}", v.name, v.service),
        v.verdict.label(lang).to_string(),
        display_score(v.score),
        profile_cell(v, lang),
        v.findings.critical.to_string(),
        v.findings.major.to_string(),
        v.warnings.to_string(),
    ];
    c.extend(areas.iter().map(|(i, ..)| area_cell(v, *i)));
    c
}

fn header<'a>(areas: &Areas<'a>, lang: Lang) -> Vec<&'a str> {
    let mut h = vec![
        lang.pick("順位", "#"),
        lang.pick("事業者 / サービス", "vendor / service"),
        lang.pick("判定", "verdict"),
        lang.pick("総合", "overall"),
        lang.pick("要件", "profile"),
        lang.pick("重大", "critical"),
        lang.pick("重要", "major"),
        lang.pick("警告", "warnings"),
    ];
    h.extend(areas.iter().map(|(_, _, prefix, _)| *prefix));
    h
}

fn legend(areas: &Areas) -> String {
    areas
        .iter()
        .map(|(_, _, prefix, title)| format!("{prefix} {title}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn text_out(c: &Comparison, catalog: &crate::catalog::Catalog, lang: Lang) -> String {
    let areas = areas(c, catalog, lang);
    let body: Vec<Vec<String>> = c
        .vendors
        .iter()
        .enumerate()
        .map(|(i, v)| cells(i, v, &areas, lang))
        .collect();
    let mut out = table::render(&header(&areas, lang), &body, 48);
    out.push('\n');
    out.push_str(&legend(&areas));
    out.push('\n');
    if !c.skipped.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            lang.pick("除外したファイル（誤りあり）:", "left out (invalid):")
        ));
        for s in &c.skipped {
            out.push_str(&format!(
                "  {} ({} {})\n",
                crate::diag::visible(&s.file),
                s.diagnostics.error_count(),
                lang.pick("件の誤り", "error(s)")
            ));
        }
    }
    out
}

/// The CSV table: one row per vendor, the file last, through the one CSV writer
/// ([`crate::csv::write`]: no formulas, RFC 4180, a BOM for Excel unless `--no-bom`).
fn csv(c: &Comparison, catalog: &crate::catalog::Catalog, lang: Lang, bom: bool) -> String {
    let areas = areas(c, catalog, lang);
    let mut head = header(&areas, lang);
    head.push("file");
    let body = c.vendors.iter().enumerate().map(|(i, v)| {
        let mut cs = cells(i, v, &areas, lang);
        cs.push(v.file.clone());
        cs
    });
    crate::csv::write(&head, body, bom)
}

/// One vendor's JSON object.
fn vendor_json(c: &Comparison, v: &VendorSummary, areas: &Areas) -> serde_json::Value {
    let scores: serde_json::Map<String, serde_json::Value> = areas
        .iter()
        .map(|(i, id, ..)| (id.to_string(), json!(v.areas.get(*i).and_then(|a| a.score))))
        .collect();
    json!({
        "file": v.file,
        "sha256": v.sha256,
        "vendor": v.name,
        "service": v.service,
        "verdict": v.verdict.as_str(),
        "score": v.score,
        "profile": v.profile.as_ref().map(|p| json!({
            "name": c.profile.as_ref().map(|x| x.name.clone()),
            "pass": p.pass,
            "failures": p.failures,
        })),
        "findings": v.findings,
        "warnings": v.warnings,
        "areas": scores,
    })
}

/// The vendors serialized one at a time, so that 10 000 of them never exist as one JSON
/// tree in memory.
struct VendorsJson<'a> {
    c: &'a Comparison,
    areas: &'a Areas<'a>,
}

impl serde::Serialize for VendorsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> std::result::Result<S::Ok, S::Error> {
        ser.collect_seq(
            self.c
                .vendors
                .iter()
                .map(|v| vendor_json(self.c, v, self.areas)),
        )
    }
}

fn json_out(c: &Comparison, catalog: &crate::catalog::Catalog) -> String {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        as_of: String,
        vendors: VendorsJson<'a>,
        skipped: Vec<serde_json::Value>,
    }
    let areas = areas(c, catalog, Lang::En);
    let skipped: Vec<serde_json::Value> = c
        .skipped
        .iter()
        .map(|s| {
            json!({
                "file": s.file,
                "errors": s.diagnostics.error_count(),
                "diagnostics": s.diagnostics.to_json(Lang::En)["diagnostics"],
            })
        })
        .collect();
    let out = Out {
        as_of: c.as_of.to_string(),
        vendors: VendorsJson { c, areas: &areas },
        skipped,
    };
    serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")) + "\n"
}
