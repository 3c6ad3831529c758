//! `sansho score FILE`: scores, a verdict and findings, as text for a terminal, Markdown for a
//! ticket or JSON for other tools; exit code 1 when a gate (`--fail-under`, `--require`, the
//! profile) is not met, so that a vendor can gate its release pipeline on it.

use super::{print_stdout, table, Ctx};
use crate::error::{Error, Result};
use crate::evidence::{load as load_evidence, LoadOptions};
use crate::i18n::{Lang, Text};
use crate::profile::{self, number};
use crate::score::{
    display_score, score, score_meets, status_label, AreaScore, ScoreReport, Severity, Verdict,
};
use crate::text;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Findings listed per severity in the text output; Markdown and JSON list them all.
const TEXT_FINDINGS_PER_SEVERITY: usize = 15;

const AFTER_HELP: &str = "\
例 / Examples:
  sansho score samples/typical/evidence.toml
  sansho score samples/typical/evidence.toml --profile samples/profiles/university-hospital.toml
  sansho score evidence.toml --as-of 2027-04-01 --format json > score.json
  sansho score evidence.toml --format md > score.md
  sansho score evidence.toml --fail-under 80 --require conditional   # CI のゲート / a CI gate

採点の規則 / the scoring rule: docs/scoring.md
終了コード / Exit codes: 0 成功 ok · 1 --fail-under・--require・プロファイルの基準未達 a gate not met · 2 入力・使い方の誤り invalid input or usage";

/// Output formats of `sansho score`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 端末向け / for a terminal
    Text,
    /// JSON（他のツール向けの安定した形式）/ JSON, a stable contract for tools
    Json,
    /// Markdown の要約 / a Markdown summary
    Md,
}

/// The verdict `--require` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Require {
    /// 適合 / conformant
    Conformant,
    /// 条件付き適合以上 / conditional or better
    Conditional,
}

impl Require {
    fn verdict(self) -> Verdict {
        match self {
            Require::Conformant => Verdict::Conformant,
            Require::Conditional => Verdict::Conditional,
        }
    }
}

/// Arguments of `sansho score`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// エビデンスファイル（TOML または JSON）/ evidence file (TOML or JSON)
    file: PathBuf,
    /// 医療機関の調達要件プロファイル / a hospital's requirement profile
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// 評価基準日（既定: 今日）/ as-of date (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
    as_of: Option<chrono::NaiveDate>,
    /// 出力形式 / output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// 総合スコアが N 未満なら終了コード 1 / exit 1 when the overall score is below N (0–100)
    #[arg(long, value_name = "N", value_parser = parse_threshold)]
    fail_under: Option<f64>,
    /// 判定がこれに届かなければ終了コード 1 / exit 1 unless the verdict is at least this
    #[arg(long, value_enum, value_name = "VERDICT")]
    require: Option<Require>,
}

fn parse_threshold(s: &str) -> std::result::Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=100.0).contains(&v) => Ok(v),
        _ => {
            Err("0 から 100 までの数値で指定してください / use a number from 0 to 100".to_string())
        }
    }
}

/// Runs the command.
pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<i32> {
    let catalog = ctx.catalog()?;
    let as_of = super::as_of(args.as_of);
    let opts = LoadOptions {
        check_files: false,
        as_of,
    };
    let evidence = load_evidence(&args.file, &catalog, &opts);
    let profile = args
        .profile
        .as_deref()
        .map(|p| profile::load(p, &catalog))
        .transpose();
    // Report the problems of both inputs at once.
    let (loaded, profile) = match (evidence, profile) {
        (Ok(e), Ok(p)) => (e, p),
        (Err(Error::Invalid(mut a)), Err(Error::Invalid(b))) => {
            a.extend(b);
            return Err(Error::Invalid(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let lang = ctx.lang;
    if !loaded.warnings.is_empty() {
        let (n, file) = (loaded.warnings.len(), args.file.display());
        super::note(
            text!(
                ["警告: エビデンスファイルに警告が {n} 件あります（詳しくは sansho validate {file}）。"],
                ["warning: the evidence file has {n} warning(s); see sansho validate {file}."]
            )
            .get(lang),
        );
    }
    for w in profile.iter().flat_map(|p| &p.warnings) {
        super::note(w.render(lang, ctx.color).trim_end());
    }

    let report = score(&catalog, &loaded.evidence, profile.as_ref(), as_of);
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let out = match args.format {
        Format::Json => to_json(&report),
        Format::Text => text_report(&report, lang, color),
        Format::Md => markdown(&report, lang),
    };
    print_stdout(&out)?;

    let unmet = gates(&report, args.fail_under, args.require);
    for t in &unmet {
        super::note(&format!(
            "{}: {}",
            lang.pick("基準未達", "not met"),
            t.get(lang)
        ));
    }
    Ok(if unmet.is_empty() { 0 } else { 1 })
}

/// Every gate that is not met, in the order of the options.
fn gates(report: &ScoreReport, fail_under: Option<f64>, require: Option<Require>) -> Vec<Text> {
    let mut unmet = Vec::new();
    let shown = display_score(report.overall.score);
    if let Some(n) = fail_under {
        if !score_meets(report.overall.score, n) {
            let n = number(n);
            unmet.push(text!(
                ["--fail-under {n}: 総合スコア {shown} が {n} に届いていません。"],
                ["--fail-under {n}: the overall score {shown} is below {n}."]
            ));
        }
    }
    if let Some(r) = require {
        let v = report.overall.verdict;
        if v < r.verdict() {
            let (got, want) = (v.label(Lang::Ja), r.verdict().label(Lang::Ja));
            let (got_en, want_en) = (v.label(Lang::En), r.verdict().label(Lang::En));
            unmet.push(text!(
                [
                    "--require {}: 判定は「{got}」で、「{want}」に届いていません。",
                    r.verdict().as_str()
                ],
                [
                    "--require {}: the verdict is {got_en}, not {want_en}.",
                    r.verdict().as_str()
                ]
            ));
        }
    }
    if let Some(p) = report.profile.as_ref().filter(|p| !p.pass) {
        let (name, n) = (&p.name, p.failures.len());
        unmet.push(text!(
            ["調達要件「{name}」を満たしていません（{n} 項目）。"],
            ["the profile \"{name}\" is not met ({n} item(s))."]
        ));
    }
    unmet
}

fn to_json(report: &ScoreReport) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
        + "\n"
}

/// ANSI colours, or nothing when output is not a terminal.
struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn verdict(&self, v: Verdict, s: &str) -> String {
        let code = match v {
            Verdict::Conformant => "1;32",
            Verdict::Conditional => "1;33",
            Verdict::Nonconformant => "1;31",
        };
        self.wrap(code, s)
    }

    fn severity(&self, sev: Severity, s: &str) -> String {
        let code = match sev {
            Severity::Critical => "1;31",
            Severity::Major => "1;33",
            Severity::Minor => "1;36",
            Severity::Info => "2",
        };
        self.wrap(code, s)
    }
}

/// `████████░░` for a score (one block per 10 points, rounded).
fn bar(score: Option<f64>) -> String {
    let filled = score.map_or(0, |s| ((s / 10.0).round() as usize).min(10));
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

fn headline(report: &ScoreReport, lang: Lang) -> (String, String) {
    let v = &report.vendor;
    let version = v.version.as_deref().map_or(String::new(), |ver| {
        text!(["（第 {ver} 版）"], [" (version {ver})"])
            .get(lang)
            .to_string()
    });
    let who = format!("{} / {}{version}", v.name, v.service);
    let meta = text!(
        [
            "評価基準日 {} · カタログ {} {}",
            report.as_of,
            report.catalog.id,
            report.catalog.version
        ],
        [
            "as of {} · catalog {} {}",
            report.as_of,
            report.catalog.id,
            report.catalog.version
        ]
    );
    (who, meta.get(lang).to_string())
}

fn legend(lang: Lang) -> String {
    let items: Vec<String> = crate::evidence::Status::ALL
        .into_iter()
        .map(|s| format!("{} {}", s.symbol(), s.label(lang)))
        .chain([format!("未 {}", status_label(None, lang))])
        .collect();
    format!("{}: {}", lang.pick("凡例", "legend"), items.join("  "))
}

fn count_cells(a: &AreaScore) -> Vec<String> {
    a.tally.counts.iter().map(|(_, n)| n.to_string()).collect()
}

/// The terminal report: verdict, overall score, one line per area, findings, the profile.
fn text_report(report: &ScoreReport, lang: Lang, color: bool) -> String {
    let paint = Paint(color);
    let o = &report.overall;
    let mut out = String::new();
    let (who, meta) = headline(report, lang);
    // Vendor text is shown with visible escapes: it never drives the terminal.
    let v = |s: &str| crate::diag::visible(s).into_owned();
    let _ = writeln!(out, "{}\n{meta}\n", v(&who));
    let label = |ja: &str, en: &str| format!("{:<8}", lang.pick(ja, en));
    let _ = writeln!(
        out,
        "{}{}",
        label("判定", "verdict"),
        paint.verdict(o.verdict, o.verdict.label(lang))
    );
    let (scored, na) = (o.tally.scored, o.tally.counts.not_applicable);
    let out_of_scope = o.tally.controls - o.tally.applicable;
    let scored = text!(
        ["（採点 {scored} 件 · 該当なし {na} 件 · 対象外 {out_of_scope} 件）"],
        ["({scored} scored · {na} not applicable · {out_of_scope} out of scope)"]
    );
    let _ = writeln!(
        out,
        "{}{} / 100   {}\n",
        label("総合", "overall"),
        paint.wrap("1", &display_score(o.score)),
        scored.get(lang)
    );

    let mut header = vec![lang.pick("領域", "area"), "", lang.pick("スコア", "score")];
    header.extend(crate::evidence::Status::ALL.iter().map(|s| s.symbol()));
    header.push("未");
    let rows: Vec<Vec<String>> = report
        .areas
        .iter()
        .map(|a| {
            let gauge = match (a.tally.applicable, a.tally.scored) {
                (0, _) => lang.pick("（対象外）", "out of scope").to_string(),
                (_, 0) => lang.pick("（該当なし）", "n/a").to_string(),
                _ => bar(a.score),
            };
            let mut row = vec![
                a.title(lang).to_string(),
                gauge,
                format!("{:>5}", display_score(a.score)),
            ];
            row.extend(count_cells(a));
            row
        })
        .collect();
    out.push_str(&table::render(&header, &rows, 40));
    let _ = writeln!(out, "{}\n", legend(lang));

    let counts = Severity::ALL
        .iter()
        .map(|s| format!("{} {}", s.label(lang), o.findings.get(*s)))
        .collect::<Vec<_>>()
        .join(" · ");
    let _ = writeln!(out, "{} ({counts})", lang.pick("指摘", "findings"));
    if report.findings.is_empty() {
        let _ = writeln!(out, "  {}", lang.pick("指摘はありません。", "none."));
    }
    for sev in Severity::ALL {
        let all: Vec<_> = report.findings_with(sev).collect();
        if all.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{}", paint.severity(sev, sev.label(lang)));
        for f in all.iter().take(TEXT_FINDINGS_PER_SEVERITY) {
            let title = report.control(&f.control).map_or("", |c| c.title(lang));
            let _ = writeln!(out, "  {} {} — {}", f.control, v(title), v(f.message(lang)));
        }
        if all.len() > TEXT_FINDINGS_PER_SEVERITY {
            let rest = all.len() - TEXT_FINDINGS_PER_SEVERITY;
            let _ = writeln!(
                out,
                "  {}",
                text!(
                    ["… ほか {rest} 件（全件は --format md または json）"],
                    ["… and {rest} more (all of them with --format md or json)"]
                )
                .get(lang)
            );
        }
    }

    if let Some(p) = &report.profile {
        let verdict = if p.pass {
            paint.wrap("1;32", lang.pick("合格", "met"))
        } else {
            paint.wrap("1;31", lang.pick("不合格", "not met"))
        };
        let name = v(&p.name);
        let head = text!(["調達要件「{name}」"], ["profile \"{name}\""]);
        let _ = writeln!(out, "\n{}: {verdict}", head.get(lang));
        for f in &p.failures {
            let _ = writeln!(out, "  × {}", v(f.message(lang)));
        }
    }
    out
}

/// Escapes a Markdown table cell.
/// Vendor text in the Markdown summary goes through the renderer's escaping, so it can
/// neither break a table nor inject HTML.
fn cell(s: &str) -> String {
    crate::render::escape::inline(s)
}

/// The Markdown summary: the same content as the text report, with every finding.
fn markdown(report: &ScoreReport, lang: Lang) -> String {
    let o = &report.overall;
    let mut out = String::new();
    let (who, meta) = headline(report, lang);
    let _ = writeln!(
        out,
        "# {}: {}\n",
        lang.pick("採点結果", "Score"),
        cell(&who)
    );
    let _ = writeln!(out, "{meta}\n");
    let _ = writeln!(
        out,
        "- {}: **{}**",
        lang.pick("判定", "Verdict"),
        o.verdict.label(lang)
    );
    let _ = writeln!(
        out,
        "- {}: **{}** / 100\n",
        lang.pick("総合スコア", "Overall score"),
        display_score(o.score)
    );

    let _ = writeln!(out, "## {}\n", lang.pick("領域別スコア", "Scores by area"));
    let mut head = vec![
        lang.pick("領域", "Area").to_string(),
        lang.pick("スコア", "Score").to_string(),
    ];
    head.extend(
        crate::evidence::Status::ALL
            .iter()
            .map(|s| s.label(lang).to_string()),
    );
    head.push(status_label(None, lang).to_string());
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|---|---:|{}", "---:|".repeat(head.len() - 2));
    for a in &report.areas {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            cell(a.title(lang)),
            display_score(a.score),
            count_cells(a).join(" | ")
        );
    }

    let _ = writeln!(out, "\n## {}\n", lang.pick("指摘事項", "Findings"));
    if report.findings.is_empty() {
        let _ = writeln!(out, "{}", lang.pick("指摘はありません。", "None."));
    }
    for sev in Severity::ALL {
        let n = o.findings.get(sev);
        if n == 0 {
            continue;
        }
        let _ = writeln!(
            out,
            "### {} ({})\n",
            sev.label(lang),
            text!(["{n} 件"], ["{n}"]).get(lang)
        );
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |\n|---|---|---|---|",
            lang.pick("管理策", "Control"),
            lang.pick("名称", "Title"),
            lang.pick("コード", "Code"),
            lang.pick("内容", "Detail")
        );
        for f in report.findings_with(sev) {
            let title = report.control(&f.control).map_or("", |c| c.title(lang));
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | {} |",
                f.control,
                cell(title),
                f.code.as_str(),
                cell(f.message(lang))
            );
        }
        out.push('\n');
    }

    if let Some(p) = &report.profile {
        let result = if p.pass {
            lang.pick("合格", "met")
        } else {
            lang.pick("不合格", "not met")
        };
        let _ = writeln!(
            out,
            "## {}: {} — **{result}**\n",
            lang.pick("調達要件", "Profile"),
            cell(&p.name)
        );
        if !p.failures.is_empty() {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |\n|---|---|---|---|",
                lang.pick("項目", "Item"),
                lang.pick("実際", "Actual"),
                lang.pick("要件", "Required"),
                lang.pick("内容", "Detail")
            );
            for f in &p.failures {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} |",
                    f.key,
                    cell(&profile::display_value(&f.actual)),
                    cell(&f.required.describe()),
                    cell(f.message(lang))
                );
            }
        }
    }
    out
}
