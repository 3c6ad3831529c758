//! `sansho score FILE`: scores, a verdict and findings, as text for a terminal, Markdown for a
//! ticket or JSON for other tools; exit code 1 when a gate (`--fail-under`, `--require`, the
//! profile) is not met, so that a vendor can gate its release pipeline on it.

use super::batch::{Batch, LineFormat};
use super::{print_stdout, table, Ctx};
use crate::catalog::Catalog;
use crate::compare::VendorSummary;
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
  sansho score evidence.toml --explain TEC-07 EMG-09    # 得点の根拠 / why these credits
  sansho score evidence.toml --explain --format json    # すべての根拠 / every step, as JSON
  sansho score --batch registry/ > scores.jsonl         # 多数のファイル、1 行 1 ファイル / one line per file
  sansho score --batch registry/ a.toml --format csv --jobs 2 > scores.csv

採点の規則 / the scoring rule: docs/scoring.md
--batch: フォルダ内の .toml・.json を（下のフォルダも）名前順に、全コアで採点し、入力順に 1 行ずつ出力します。
検証に失敗したファイルもその誤りを 1 行に書き、最後に終了コード 2 で終わります。
--batch scores a folder's .toml and .json files (subfolders too, sorted by path) on all cores and
writes one line per file in input order; a file that fails validation is a line with its errors,
and the exit code is then 2.
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
    /// --batch: 1 ファイル 1 行の JSON（JSON Lines）/ --batch: one JSON object per file (JSON Lines)
    Jsonl,
    /// --batch: 1 ファイル 1 行の CSV（Excel で開けます）/ --batch: one CSV record per file
    Csv,
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

/// What `sansho score` does, in `sansho --help` and in its own help.
pub(crate) const ABOUT: &str = "採点し判定する / score an evidence file and give a verdict";

/// Arguments of `sansho score`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, after_help = AFTER_HELP)]
pub struct Args {
    /// エビデンスファイル（TOML または JSON）/ evidence file (TOML or JSON)
    #[arg(required_unless_present = "batch")]
    file: Option<PathBuf>,
    /// 多数のファイルを 1 回で採点する（フォルダまたはファイル）/ score many files at once
    /// (folders or files)
    #[arg(long, num_args = 1.., value_name = "DIR|FILE", conflicts_with_all = ["file", "explain"])]
    batch: Option<Vec<PathBuf>>,
    /// --batch の並列数（既定: CPU の数）/ worker threads of --batch (default: one per CPU)
    #[arg(long, value_name = "N", requires = "batch")]
    jobs: Option<std::num::NonZeroUsize>,
    /// 医療機関の調達要件プロファイル / a hospital's requirement profile
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// 評価基準日（既定: 今日）/ as-of date (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
    as_of: Option<chrono::NaiveDate>,
    /// 出力形式（既定: text、--batch では jsonl）/ output format (default: text; jsonl with
    /// --batch)
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// 総合スコアが N 未満なら終了コード 1 / exit 1 when the overall score is below N (0–100)
    #[arg(long, value_name = "N", value_parser = parse_threshold)]
    fail_under: Option<f64>,
    /// 判定がこれに届かなければ終了コード 1 / exit 1 unless the verdict is at least this
    #[arg(long, value_enum, value_name = "VERDICT")]
    require: Option<Require>,
    /// 得点・スコア・判定の根拠を規則の条項つきで示す（管理策 ID で絞り込み可）/ explain every
    /// credit, sum and the verdict clause by clause (optionally only these controls)
    #[arg(long, num_args = 0.., value_name = "CONTROL")]
    explain: Option<Vec<String>>,
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
    if let Some(paths) = &args.batch {
        return batch(ctx, catalog, &args, paths, as_of);
    }
    let (Some(file), format) = (&args.file, args.format.unwrap_or(Format::Text)) else {
        return Err(Error::Usage(text!(
            ["採点するファイルを指定してください。"],
            ["name the file to score."]
        )));
    };
    if matches!(format, Format::Jsonl | Format::Csv) && args.explain.is_none() {
        return Err(batch_only());
    }
    let opts = LoadOptions {
        check_files: false,
        as_of,
    };
    let evidence = load_evidence(file, catalog, &opts);
    let profile = args
        .profile
        .as_deref()
        .map(|p| profile::load(p, catalog))
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
        let (n, file) = (loaded.warnings.len(), file.display());
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

    let report = score(catalog, &loaded.evidence, profile.as_ref(), as_of);
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let out = match (&args.explain, format) {
        (Some(ids), format) => explain::render(catalog, &report, ids, format, lang)?,
        (None, Format::Json) => to_json(&report),
        (None, Format::Text) => text_report(&report, lang, color),
        (None, Format::Md) => markdown(&report, lang),
        (None, Format::Jsonl | Format::Csv) => return Err(batch_only()),
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

/// `--explain`: the report's recorded reasons, clause by clause of `docs/scoring.md`.
mod explain {
    use super::{headline, Format};
    use crate::catalog::Catalog;
    use crate::error::{Error, Result};
    use crate::i18n::{format_date, Lang};
    use crate::score::{
        display_score, status_label, AreaExplanation, ControlExplanation, ScoreReport, Validity,
        Verdict, WeightSource,
    };
    use crate::text;
    use std::fmt::Write as _;

    /// The explanation in `format` (text or JSON); unknown control ids are a usage error.
    pub(super) fn render(
        catalog: &Catalog,
        report: &ScoreReport,
        ids: &[String],
        format: Format,
        lang: Lang,
    ) -> Result<String> {
        for id in ids {
            if catalog.control(id).is_none() {
                let hint = catalog.suggest_control(id).map_or_else(String::new, |s| {
                    text!(["（{s} のことですか？）"], [" (did you mean {s}?)"])
                        .get(lang)
                        .to_string()
                });
                return Err(Error::Usage(text!(
                    ["--explain: 管理策 {id} はカタログにありません{hint}。"],
                    ["--explain: there is no control {id} in the catalog{hint}."]
                )));
            }
        }
        let e = crate::score::explain(report, ids);
        match format {
            Format::Json => Ok(serde_json::to_string_pretty(&e)
                .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"))
                + "\n"),
            Format::Text => Ok(text(report, &e, lang)),
            Format::Md | Format::Jsonl | Format::Csv => Err(Error::Usage(text!(
                ["--explain はテキストと JSON（--format text|json）で出力します。"],
                ["--explain writes text or JSON (--format text|json)."]
            ))),
        }
    }

    fn credit(c: Option<f64>) -> String {
        c.map_or_else(|| "—".to_string(), |x| format!("{x:.1}"))
    }

    fn weight_origin(c: &ControlExplanation, lang: Lang) -> String {
        match c.weight_source {
            WeightSource::Level => match c.level {
                crate::catalog::Level::Required => {
                    lang.pick("必須の既定値", "default for required")
                }
                crate::catalog::Level::Recommended => {
                    lang.pick("推奨の既定値", "default for recommended")
                }
            },
            WeightSource::Catalog => lang.pick("カタログの weight", "the catalog's weight"),
            WeightSource::ProfileArea => lang.pick(
                "プロファイルの領域の重み",
                "the profile's weight for the area",
            ),
            WeightSource::ProfileControl => lang.pick(
                "プロファイルの管理策の重み",
                "the profile's weight for the control",
            ),
        }
        .to_string()
    }

    fn control(out: &mut String, report: &ScoreReport, c: &ControlExplanation, lang: Lang) {
        let level = match (c.level, c.required_by_profile) {
            (_, true) => lang.pick("必須（プロファイル）", "required by the profile"),
            (crate::catalog::Level::Required, _) => lang.pick("必須", "required"),
            (crate::catalog::Level::Recommended, _) => lang.pick("推奨", "recommended"),
        };
        let title = lang.pick(c.title, c.title_en);
        let _ = writeln!(out, "{} {} [{level}]", c.id, crate::diag::visible(title));
        let status = report
            .control(c.id)
            .map_or("", |s| status_label(s.status, lang));
        let _ = writeln!(
            out,
            "  {}: {status} → {} {}: {}",
            lang.pick("状況", "status"),
            lang.pick("規則", "clause"),
            c.clause,
            c.case.describe(lang)
        );
        let d = |x: Option<chrono::NaiveDate>| {
            x.map_or_else(|| "—".to_string(), |x| format_date(x, lang))
        };
        for doc in c.documents {
            let why = match doc.validity {
                Validity::Valid => lang.pick("有効", "valid").to_string(),
                Validity::Expired => text!(
                    ["期限切れ（期限 {} < 基準日）", d(doc.expires)],
                    ["expired ({} < the as-of date)", d(doc.expires)]
                )
                .get(lang)
                .to_string(),
                Validity::NotYetIssued => text!(
                    ["発行前（発行 {} > 基準日）", d(doc.issued)],
                    ["not yet issued ({} > the as-of date)", d(doc.issued)]
                )
                .get(lang)
                .to_string(),
                Validity::Unknown => lang
                    .pick("documents にない ID", "not listed in documents")
                    .to_string(),
            };
            let title = doc.title.as_deref().map_or_else(String::new, |t| {
                format!(
                    " {}{}{}",
                    lang.pick("「", "\""),
                    crate::diag::visible(t),
                    lang.pick("」", "\"")
                )
            });
            let (lp, rp) = (lang.pick("（", " ("), lang.pick("）", ")"));
            let _ = writeln!(
                out,
                "  {} {}{title} {} {} · {} {} → {why}{lp}{} 2{rp}",
                lang.pick("資料", "document"),
                doc.id,
                lang.pick("発行", "issued"),
                d(doc.issued),
                lang.pick("期限", "expires"),
                d(doc.expires),
                lang.pick("規則", "clause"),
            );
        }
        if let Some(p) = c.planned {
            let line = match (p.date, p.within_horizon) {
                (None, _) => text!(
                    ["  対応予定日なし → 条件付き適合を妨げる（規則 7）"],
                    ["  no planned date → prevents a conditional verdict (clause 7)"]
                ),
                (Some(x), true) => text!(
                    ["  対応予定日 {} ≦ {}（基準日 + 365 日）→ 条件付き適合を妨げない（規則 7）", format_date(x, Lang::Ja), format_date(p.horizon, Lang::Ja)],
                    ["  planned for {x} ≤ {} (as-of + 365 days) → allows a conditional verdict (clause 7)", p.horizon]
                ),
                (Some(x), false) => text!(
                    ["  対応予定日 {} > {}（基準日 + 365 日）→ 条件付き適合を妨げる（規則 7）", format_date(x, Lang::Ja), format_date(p.horizon, Lang::Ja)],
                    ["  planned for {x} > {} (as-of + 365 days) → prevents a conditional verdict (clause 7)", p.horizon]
                ),
            };
            let _ = writeln!(out, "{}", line.get(lang));
        }
        match c.credit {
            Some(x) => {
                let (lp, rp, comma) = (
                    lang.pick("（", " ("),
                    lang.pick("）", ") "),
                    lang.pick("、", ", "),
                );
                let _ = writeln!(
                    out,
                    "  {} {}{lp}{}{comma}{} {}{rp}× {} {} = {}",
                    lang.pick("重み", "weight"),
                    c.weight,
                    weight_origin(c, lang),
                    lang.pick("規則", "clause"),
                    c.weight_clause,
                    lang.pick("得点", "credit"),
                    credit(Some(x)),
                    credit(Some(x * f64::from(c.weight)))
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "  {}",
                    lang.pick(
                        "採点から除外（分母に入らない）",
                        "left out of the score (not in the denominator)"
                    )
                );
            }
        }
        out.push('\n');
    }

    fn sum(out: &mut String, a: &AreaExplanation, lang: Lang) {
        let title = lang.pick(a.title, a.title_en);
        let exact = if a.max_points > 0 {
            format!("{:.2}", 100.0 * a.points / a.max_points as f64)
        } else {
            "—".to_string()
        };
        let (lp, rp) = (lang.pick("（", "("), lang.pick("）", ")"));
        let _ = writeln!(
            out,
            "  {title}: Σ({}) {} ÷ Σ({}) {} → {exact} → {}  {lp}{} {}{rp}",
            lang.pick("重み×得点", "weight × credit"),
            credit(Some(a.points)),
            lang.pick("重み", "weight"),
            a.max_points,
            display_score(a.score),
            a.scored,
            lang.pick("件", "controls")
        );
    }

    fn text(report: &ScoreReport, e: &crate::score::Explanation, lang: Lang) -> String {
        let mut out = String::new();
        let (who, meta) = headline(report, lang);
        let _ = writeln!(
            out,
            "{}\n{meta} · {} {}\n",
            crate::diag::visible(&who),
            lang.pick("規則", "rule"),
            e.rule
        );
        for c in &e.controls {
            control(&mut out, report, c, lang);
        }
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "スコア（規則 6: 100 × Σ(重み×得点) ÷ Σ(重み)、小数第 1 位に四捨五入）",
                "Scores (clause 6: 100 × Σ(weight × credit) ÷ Σ(weight), rounded half up to one decimal)"
            )
        );
        for a in e.areas.iter().filter(|a| a.scored > 0) {
            sum(&mut out, a, lang);
        }
        sum(&mut out, &e.overall, lang);
        let v = &e.verdict;
        let _ = writeln!(
            out,
            "\n{} {}: {}",
            lang.pick("判定（規則", "Verdict (clause"),
            lang.pick("7）", "7)"),
            v.verdict.label(lang)
        );
        let n = v.required_scored;
        let list = |ids: &[String]| {
            let mut s = ids.iter().take(20).cloned().collect::<Vec<_>>().join(", ");
            if ids.len() > 20 {
                s.push_str(&format!(", … (+{})", ids.len() - 20));
            }
            s
        };
        let why = match v.verdict {
            Verdict::Conformant => text!(
                ["  採点対象の必須管理策 {n} 件がすべて得点 1.0。"],
                ["  all {n} scored required controls have credit 1.0."]
            ),
            Verdict::Conditional => text!(
                ["  採点対象の必須管理策 {n} 件のうち {} 件が得点 1.0 未満（{}）。いずれも対応・一部対応・1 年以内の対応予定。", v.required_gaps.len(), list(v.required_gaps)],
                ["  {} of {n} scored required controls are below 1.0 ({}); each is implemented, partial or planned within a year.", v.required_gaps.len(), list(v.required_gaps)]
            ),
            Verdict::Nonconformant => text!(
                ["  条件付き適合を妨げる必須管理策 {} 件（回答なし・未対応・目標日なし、または 1 年より先の対応予定）: {}", v.blocking.len(), list(v.blocking)],
                ["  {} required controls prevent a conditional verdict (unanswered, not implemented, or planned without a date or beyond a year): {}", v.blocking.len(), list(v.blocking)]
            ),
        };
        let _ = writeln!(out, "{}", why.get(lang));
        out
    }
}

/// Every gate that is not met, in the order of the options.
fn gates(report: &ScoreReport, fail_under: Option<f64>, require: Option<Require>) -> Vec<Text> {
    let failed_profile = report
        .profile
        .as_ref()
        .filter(|p| !p.pass)
        .map(|p| (p.name.as_str(), p.failures.len()));
    unmet(
        report.overall.score,
        report.overall.verdict,
        failed_profile,
        fail_under,
        require,
    )
}

/// The gates a result misses: `--fail-under`, `--require`, and the profile when it failed
/// (its name and how many items), each as a message.
fn unmet(
    score: Option<f64>,
    verdict: Verdict,
    failed_profile: Option<(&str, usize)>,
    fail_under: Option<f64>,
    require: Option<Require>,
) -> Vec<Text> {
    let mut unmet = Vec::new();
    let shown = display_score(score);
    if let Some(n) = fail_under {
        if !score_meets(score, n) {
            let n = number(n);
            unmet.push(text!(
                ["--fail-under {n}: 総合スコア {shown} が {n} に届いていません。"],
                ["--fail-under {n}: the overall score {shown} is below {n}."]
            ));
        }
    }
    if let Some(r) = require {
        let v = verdict;
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
    if let Some((name, n)) = failed_profile {
        unmet.push(text!(
            ["調達要件「{name}」を満たしていません（{n} 項目）。"],
            ["the profile \"{name}\" is not met ({n} item(s))."]
        ));
    }
    unmet
}

fn batch_only() -> Error {
    Error::Usage(text!(
        ["--format jsonl と csv は --batch の出力形式です。"],
        ["--format jsonl and csv are the formats of --batch."]
    ))
}

/// `--batch`: the same profile and gates for every file, one line per file (see
/// [`super::batch`]).
fn batch(
    ctx: &Ctx,
    catalog: &Catalog,
    args: &Args,
    paths: &[PathBuf],
    as_of: chrono::NaiveDate,
) -> Result<i32> {
    let format = match args.format {
        None | Some(Format::Jsonl) => LineFormat::Jsonl,
        Some(Format::Csv) => LineFormat::Csv,
        Some(_) => {
            return Err(Error::Usage(text!(
                ["--batch は jsonl か csv で出力します（--format jsonl|csv）。"],
                ["--batch writes jsonl or csv (--format jsonl|csv)."]
            )))
        }
    };
    let profile = args
        .profile
        .as_deref()
        .map(|p| profile::load(p, catalog))
        .transpose()?;
    for w in profile.iter().flat_map(|p| &p.warnings) {
        super::note(w.render(ctx.lang, ctx.color).trim_end());
    }
    let gates = |v: &VendorSummary| {
        let failed_profile = profile
            .as_ref()
            .zip(v.profile.as_ref())
            .filter(|(_, cell)| !cell.pass)
            .map(|(p, cell)| (p.name.as_str(), cell.failures));
        unmet(
            v.score,
            v.verdict,
            failed_profile,
            args.fail_under,
            args.require,
        )
    };
    super::batch::run(
        ctx,
        catalog,
        &Batch {
            paths,
            profile: profile.as_ref(),
            as_of,
            format,
            jobs: args.jobs,
            gates: &gates,
        },
    )
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
