//! `sansho compare`: several vendors side by side, scored by the same rule and, for a
//! hospital, against the same requirement profile — the comparison procurement teams
//! otherwise do by eye across Excel sheets.

use super::{as_of, parse_date, print_stdout, table, Ctx};
use crate::error::{Error, Result};
use crate::evidence::{self, LoadOptions};
use crate::i18n::Lang;
use crate::render::escape;
use crate::score::{display_score, score, ScoreReport, Severity, Verdict};
use serde_json::json;
use std::path::PathBuf;

const EXAMPLES: &str = "\
例 / Examples:
  sansho compare samples/*/evidence.toml --profile samples/profiles/university-hospital.toml
  sansho compare a.toml b.toml --format csv > vendors.csv
  sansho compare a.toml b.toml --format xlsx -o vendors.xlsx

並び順: 要件プロファイルを満たすもの → 判定 → 総合スコアの高い順。
Order: profile met first, then verdict, then overall score.";

/// Output formats of `compare`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 端末向けの表 / a table for the terminal
    Text,
    /// Markdown の表 / a Markdown table
    Md,
    /// CSV（Excel で開けます）/ CSV for spreadsheets
    Csv,
    /// JSON
    Json,
    /// Excel ブック（順位・管理策・SLA の 3 シート、-o が必要）/ an Excel workbook (ranking, controls, SLA; needs -o)
    Xlsx,
}

/// Arguments of `sansho compare`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// 比べるエビデンスファイル（2 つ以上）/ evidence files to compare (two or more)
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
    /// 書き出すファイル（--format xlsx のとき）/ the file to write (with --format xlsx)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// 既存のファイルを上書きする / overwrite an existing file
    #[arg(long)]
    force: bool,
}

/// One compared vendor.
struct Row {
    file: String,
    report: ScoreReport,
    evidence: evidence::Evidence,
}

impl Row {
    /// Sort key: profile met, best verdict, highest score, then file name.
    fn rank(&self) -> (u8, u8, i64, &str) {
        let profile = match self.report.profile_passed() {
            Some(true) | None => 0,
            Some(false) => 1,
        };
        let verdict = match self.report.overall.verdict {
            Verdict::Conformant => 0,
            Verdict::Conditional => 1,
            Verdict::Nonconformant => 2,
        };
        let score = -(self.report.overall.score.unwrap_or(-1.0) * 10.0).round() as i64;
        (profile, verdict, score, &self.file)
    }
}

/// Runs the command.
pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<i32> {
    let catalog = ctx.catalog()?;
    let as_of = as_of(args.as_of);
    let opts = LoadOptions {
        check_files: false,
        as_of,
    };
    let mut problems = crate::diag::Diagnostics::default();
    let profile = match args
        .profile
        .as_deref()
        .map(|p| crate::profile::load(p, &catalog))
    {
        Some(Ok(p)) => Some(p),
        Some(Err(Error::Invalid(ds))) => {
            problems.extend(ds);
            None
        }
        Some(Err(e)) => return Err(e),
        None => None,
    };
    let mut rows = Vec::new();
    for file in &args.files {
        match evidence::load(file, &catalog, &opts) {
            Ok(loaded) => rows.push(Row {
                file: file.display().to_string(),
                report: score(&catalog, &loaded.evidence, profile.as_ref(), as_of),
                evidence: loaded.evidence,
            }),
            Err(Error::Invalid(ds)) => problems.extend(ds),
            Err(e) => return Err(e),
        }
    }
    if problems.has_errors() {
        return Err(Error::Invalid(problems));
    }
    rows.sort_by(|a, b| a.rank().cmp(&b.rank()));
    let lang = ctx.lang;
    let areas: Vec<(&str, &str, &str)> = catalog
        .areas
        .iter()
        .filter(|a| {
            rows.iter()
                .any(|r| r.report.area(&a.id).is_some_and(|s| s.tally.applicable > 0))
        })
        .map(|a| (a.id.as_str(), a.prefix.as_str(), a.title(lang)))
        .collect();
    if args.format == Format::Xlsx {
        let Some(path) = args.output.as_deref() else {
            return Err(Error::Usage(crate::text!(
                ["--format xlsx では -o で書き出すファイルを指定してください。"],
                ["--format xlsx needs -o FILE."]
            )));
        };
        let entries: Vec<_> = rows
            .iter()
            .map(|r| crate::interchange::xlsx::CompareEntry {
                file: &r.file,
                evidence: &r.evidence,
                report: &r.report,
            })
            .collect();
        let bytes = crate::interchange::xlsx::compare_workbook(
            &catalog,
            &entries,
            profile.as_ref(),
            lang,
            as_of,
        )?;
        let mut inputs: Vec<&std::path::Path> = args.files.iter().map(PathBuf::as_path).collect();
        inputs.extend(args.profile.as_deref());
        super::write_output(path, &bytes, args.force, &inputs)?;
        return Ok(0);
    }
    let out = match args.format {
        Format::Xlsx => String::new(),
        Format::Json => json_rows(&rows, &areas),
        Format::Csv => csv(&rows, &areas, lang, ctx.bom),
        Format::Md => markdown(&rows, &areas, lang),
        Format::Text => text(&rows, &areas, lang),
    };
    print_stdout(&out)
}

fn profile_cell(r: &ScoreReport, lang: Lang) -> String {
    match &r.profile {
        None => "－".to_string(),
        Some(p) if p.pass => lang.pick("満たす", "met").to_string(),
        Some(p) => match lang {
            Lang::Ja => format!("未達 {} 件", p.failures.len()),
            Lang::En => format!("{} unmet", p.failures.len()),
        },
    }
}

/// The cells of one row, in header order.
fn cells(rank: usize, row: &Row, areas: &[(&str, &str, &str)], lang: Lang) -> Vec<String> {
    let r = &row.report;
    let mut c = vec![
        (rank + 1).to_string(),
        format!("{} / {}", r.vendor.name, r.vendor.service),
        r.overall.verdict.label(lang).to_string(),
        display_score(r.overall.score),
        profile_cell(r, lang),
        r.overall.findings.get(Severity::Critical).to_string(),
        r.overall.findings.get(Severity::Major).to_string(),
    ];
    c.extend(areas.iter().map(|(id, ..)| {
        r.area(id)
            .map_or_else(|| "－".to_string(), |a| display_score(a.score))
    }));
    c
}

fn header<'a>(areas: &[(&'a str, &'a str, &'a str)], lang: Lang) -> Vec<&'a str> {
    let mut h = vec![
        lang.pick("順位", "#"),
        lang.pick("事業者 / サービス", "vendor / service"),
        lang.pick("判定", "verdict"),
        lang.pick("総合", "overall"),
        lang.pick("要件", "profile"),
        lang.pick("重大", "critical"),
        lang.pick("重要", "major"),
    ];
    h.extend(areas.iter().map(|(_, prefix, _)| *prefix));
    h
}

fn legend(areas: &[(&str, &str, &str)]) -> String {
    areas
        .iter()
        .map(|(_, prefix, title)| format!("{prefix} {title}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn text(rows: &[Row], areas: &[(&str, &str, &str)], lang: Lang) -> String {
    let body: Vec<Vec<String>> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| cells(i, r, areas, lang))
        .collect();
    let mut out = table::render(&header(areas, lang), &body, 48);
    out.push('\n');
    out.push_str(&legend(areas));
    out.push('\n');
    out
}

fn markdown(rows: &[Row], areas: &[(&str, &str, &str)], lang: Lang) -> String {
    let head = header(areas, lang);
    let mut out = format!("| {} |\n|{}\n", head.join(" | "), "---|".repeat(head.len()));
    for (i, r) in rows.iter().enumerate() {
        let cs: Vec<String> = cells(i, r, areas, lang)
            .iter()
            .map(|c| escape::inline(c))
            .collect();
        out.push_str(&format!("| {} |\n", cs.join(" | ")));
    }
    out.push('\n');
    out.push_str(&escape::inline(&legend(areas)));
    out.push('\n');
    out
}

fn csv(rows: &[Row], areas: &[(&str, &str, &str)], lang: Lang, bom: bool) -> String {
    let mut head = header(areas, lang);
    head.push("file");
    let body = rows.iter().enumerate().map(|(i, r)| {
        let mut cs = cells(i, r, areas, lang);
        cs.push(r.file.clone());
        cs
    });
    crate::csv::write(&head, body, bom)
}

fn json_rows(rows: &[Row], areas: &[(&str, &str, &str)]) -> String {
    let items: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            let r = &row.report;
            json!({
                "file": row.file,
                "vendor": r.vendor.name,
                "service": r.vendor.service,
                "verdict": r.overall.verdict.as_str(),
                "score": r.overall.score,
                "profile": r.profile.as_ref().map(|p| json!({ "name": p.name, "pass": p.pass, "failures": p.failures.len() })),
                "findings": r.overall.findings,
                "areas": areas.iter().map(|(id, ..)| (id.to_string(), json!(r.area(id).and_then(|a| a.score)))).collect::<serde_json::Map<_, _>>(),
            })
        })
        .collect();
    let as_of = rows.first().map(|r| r.report.as_of.to_string());
    serde_json::to_string_pretty(&json!({ "as_of": as_of, "vendors": items }))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
        + "\n"
}
