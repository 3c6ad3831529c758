//! `sansho diff OLD NEW`: what changed between two versions of an evidence file — status
//! changes classified as improvements or regressions, statements diffed by character runs,
//! documents, SLA values, score and verdict, withdrawn or renamed controls. Exit code 1
//! with `--fail-on-regression` when anything got worse, so a release pipeline can gate on it.

use super::{as_of, note, parse_date, print_stdout, table, Ctx};
use crate::audit::chardiff::{Op, Run};
use crate::audit::diff::{
    default_old_date, diff, CatalogChange, DiffOptions, DocumentKind, EvidenceDiff, Version,
};
use crate::audit::source::EvidenceSource;
use crate::error::{Error, Result};
use crate::evidence::{Better, LoadOptions};
use crate::i18n::{format_date, Lang};
use crate::profile::display_value;
use crate::render::escape;
use crate::score::{display_score, score};
use crate::text;
use std::fmt::Write as _;

/// Vendor text for the terminal: control characters shown as visible escapes.
fn plain(s: &str) -> String {
    crate::diag::visible(s).into_owned()
}

const EXAMPLES: &str = "\
例 / Examples:
  sansho diff 2025/evidence.toml 2026/evidence.toml
  sansho diff git:v1.3:evidence.toml evidence.toml --fail-on-regression   # リリース判定 / a release gate
  sansho diff git:HEAD~1:evidence.toml evidence.toml --format md > changes.md

両方を --as-of（既定は今日）の時点で採点します（旧版だけ別の日にするには --old-as-of）。
旧版の作成日（vendor.prepared_on）に有効で、今は期限切れの文書は「期限切れ」（悪化）として示します。
Both versions are judged on --as-of (default today; --old-as-of for another date for the old one).
A document valid when the old version was prepared and expired now is reported as expired (a regression).
git:REV:PATH は現在の git リポジトリのコミット済みの版を読みます（PATH は現在のフォルダから）。
終了コード / Exit codes: 0 成功 ok · 1 --fail-on-regression で悪化あり a regression · 2 入力の誤り invalid input";

/// Output formats of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 端末向け / for a terminal
    Text,
    /// Markdown（チケットやレビュー向け）/ Markdown, for a ticket or a review
    Md,
    /// JSON
    Json,
}

/// What `sansho diff` does, in `sansho --help` and in its own help.
pub(crate) const ABOUT: &str = "エビデンスの 2 つの版の差分（改善・悪化）/ what changed between two versions of an evidence file";

/// Arguments of `sansho diff`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, after_help = EXAMPLES)]
pub struct Args {
    /// 旧版のエビデンスファイル（または git:REV:PATH）/ the old evidence file (or git:REV:PATH)
    old: String,
    /// 新版のエビデンスファイル（または git:REV:PATH）/ the new evidence file (or git:REV:PATH)
    new: String,
    /// 評価基準日（既定は今日）/ as-of date of both versions, default today
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<chrono::NaiveDate>,
    /// 旧版の評価基準日（既定は --as-of と同じ）/ as-of date of the old version, default --as-of
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    old_as_of: Option<chrono::NaiveDate>,
    /// 出力形式 / output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// 何か一つでも悪化していれば終了コード 1 / exit 1 when anything got worse
    #[arg(long)]
    fail_on_regression: bool,
    /// 旧版を作ったときのカタログ版（それ以降の廃止と名称変更を示す）/ the catalog version the old file was written for (withdrawals and renames since are listed)
    #[arg(long, value_name = "VERSION")]
    since_catalog: Option<String>,
}

/// Runs the command.
pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<i32> {
    let catalog = ctx.catalog()?;
    let new_as_of = as_of(args.as_of);
    let opts = LoadOptions {
        check_files: false,
        as_of: new_as_of,
    };
    let (old_src, new_src) = (
        EvidenceSource::parse(&args.old),
        EvidenceSource::parse(&args.new),
    );
    let (old, mut problems) = old_src.check(catalog, &opts);
    let (new, new_problems) = new_src.check(catalog, &opts);
    problems.extend(new_problems);
    let (Some(old), Some(new)) = (old, new) else {
        return Err(Error::Invalid(problems));
    };
    let lang = ctx.lang;
    for (l, name) in [(&old, &args.old), (&new, &args.new)] {
        if !l.warnings.is_empty() {
            let n = l.warnings.len();
            note(
                text!(
                    ["警告: {name} に警告が {n} 件あります（詳しくは sansho validate）。"],
                    ["warning: {name} has {n} warning(s); see sansho validate."]
                )
                .get(lang),
            );
        }
    }
    let old_as_of = args.old_as_of.unwrap_or(new_as_of);
    let disclosed = args
        .old_as_of
        .unwrap_or_else(|| default_old_date(&old.evidence, new_as_of));
    let ro = score(catalog, &old.evidence, None, old_as_of);
    let rn = score(catalog, &new.evidence, None, new_as_of);
    let d = diff(
        catalog,
        &Version {
            source: old_src.name(),
            sha256: &old.source.sha256,
            evidence: &old.evidence,
            report: &ro,
        },
        &Version {
            source: new_src.name(),
            sha256: &new.source.sha256,
            evidence: &new.evidence,
            report: &rn,
        },
        &DiffOptions {
            since_catalog: args.since_catalog.clone(),
            old_disclosed_on: Some(disclosed),
        },
    );
    let out = match args.format {
        Format::Json => {
            serde_json::to_string_pretty(&d).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
                + "\n"
        }
        Format::Text => text_out(&d, lang),
        Format::Md => markdown(&d, lang),
    };
    print_stdout(&out)?;
    if args.fail_on_regression && d.has_regression() {
        let n = d.regressions();
        note(
            text!(
                ["基準未達: --fail-on-regression: 悪化が {n} 件あります。"],
                ["not met: --fail-on-regression: {n} regression(s)."]
            )
            .get(lang),
        );
        return Ok(1);
    }
    Ok(0)
}

fn credit(c: Option<f64>) -> String {
    c.map_or_else(|| "—".to_string(), |x| format!("{x:.1}"))
}

fn status(s: &str, lang: Lang) -> &'static str {
    crate::score::status_label(
        crate::evidence::Status::ALL
            .into_iter()
            .find(|x| x.as_str() == s),
        lang,
    )
}

fn direction(b: Better, lang: Lang) -> &'static str {
    match b {
        Better::Higher => lang.pick("大きいほど良い", "higher is better"),
        Better::Lower => lang.pick("小さいほど良い", "lower is better"),
        Better::Neither => lang.pick("良し悪しなし", "no order"),
    }
}

fn side_line(s: &crate::audit::diff::Side, lang: Lang) -> String {
    let version = s.version.as_deref().map_or_else(String::new, |v| {
        text!(["第 {v} 版、"], ["version {v}, "])
            .get(lang)
            .to_string()
    });
    text!(
        [
            "{}（{version}作成 {}、基準日 {}）",
            plain(&s.source),
            format_date(s.prepared_on, Lang::Ja),
            format_date(s.as_of, Lang::Ja)
        ],
        [
            "{} ({version}prepared {}, as of {})",
            plain(&s.source),
            s.prepared_on,
            s.as_of
        ]
    )
    .get(lang)
    .to_string()
}

fn runs_text(runs: &[Run]) -> String {
    runs.iter()
        .map(|r| match r.op {
            Op::Equal => plain(&r.text),
            Op::Delete => format!("[-{}-]", plain(&r.text)),
            Op::Insert => format!("{{+{}+}}", plain(&r.text)),
        })
        .collect()
}

/// Runs as Markdown: deletions struck through, insertions bold, vendor text escaped, spaces
/// kept outside the markers so that they still format.
fn runs_md(runs: &[Run]) -> String {
    let mut out = String::new();
    for r in runs {
        let one = plain(&r.text);
        let core = one.trim();
        let (lead, trail) = (
            &one[..one.len() - one.trim_start().len()],
            &one[one.trim_end().len()..],
        );
        let esc = escape::inline(core);
        match (r.op, core.is_empty()) {
            (_, true) | (Op::Equal, _) => {
                out.push_str(lead);
                out.push_str(&esc);
                out.push_str(trail);
            }
            (Op::Delete, false) => {
                let _ = write!(out, "{lead}~~{esc}~~{trail}");
            }
            (Op::Insert, false) => {
                let _ = write!(out, "{lead}**{esc}**{trail}");
            }
        }
    }
    out
}

fn summary(d: &EvidenceDiff, lang: Lang) -> (String, String) {
    let o = &d.overall;
    let scores = text!(
        [
            "総合スコア {} → {}（{}）· 判定 {} → {}",
            display_score(o.before),
            display_score(o.after),
            if o.before == o.after {
                "変化なし"
            } else {
                o.change.label(Lang::Ja)
            },
            d.old.verdict.label(Lang::Ja),
            d.new.verdict.label(Lang::Ja)
        ],
        [
            "overall score {} → {} ({}) · verdict {} → {}",
            display_score(o.before),
            display_score(o.after),
            if o.before == o.after {
                "unchanged"
            } else {
                o.change.label(Lang::En)
            },
            d.old.verdict.label(Lang::En),
            d.new.verdict.label(Lang::En)
        ]
    );
    let (r, i) = (d.regressions(), d.improvements());
    let counts = text!(
        ["悪化 {r} 件 · 改善 {i} 件"],
        ["{r} regression(s) · {i} improvement(s)"]
    );
    (scores.get(lang).to_string(), counts.get(lang).to_string())
}

fn document_line(c: &crate::audit::diff::DocumentChange, lang: Lang) -> String {
    let kind = match c.kind {
        DocumentKind::Added => lang.pick("追加", "added"),
        DocumentKind::Removed => lang.pick("削除", "removed"),
        DocumentKind::Replaced => lang.pick("差し替え", "replaced"),
        DocumentKind::Updated => lang.pick("更新", "updated"),
        DocumentKind::Unchanged => lang.pick("期限切れ", "expired"),
    };
    let state = c.after.as_ref().or(c.before.as_ref());
    let title = state.map_or_else(String::new, |s| {
        format!(
            "{}{}{}",
            lang.pick("「", " \""),
            plain(&s.title),
            lang.pick("」", "\"")
        )
    });
    let mut line = format!("{kind} {}{title}", c.id);
    if c.kind == DocumentKind::Replaced {
        let h = |s: Option<&crate::audit::diff::DocumentState>| {
            s.and_then(|s| s.sha256.as_deref())
                .map_or_else(|| "—".to_string(), crate::audit::short_hash)
        };
        let _ = write!(
            line,
            " SHA-256 {} → {}",
            h(c.before.as_ref()),
            h(c.after.as_ref())
        );
    }
    if c.kind == DocumentKind::Updated {
        let dt = |s: Option<&crate::audit::diff::DocumentState>| {
            s.and_then(|s| s.expires)
                .map_or_else(|| "—".to_string(), |x| format_date(x, lang))
        };
        let _ = write!(
            line,
            " {} {} → {}",
            lang.pick("期限", "expires"),
            dt(c.before.as_ref()),
            dt(c.after.as_ref())
        );
    }
    if c.newly_expired && c.kind != DocumentKind::Unchanged {
        let _ = write!(line, "{}", lang.pick("（期限切れ）", " (expired)"));
    }
    if c.newly_expired {
        if let Some(e) = c.after.as_ref().and_then(|s| s.expires) {
            let _ = write!(
                line,
                " {} {}",
                lang.pick("有効期限", "expired on"),
                format_date(e, lang)
            );
        }
    }
    line
}

fn catalog_line(c: &CatalogChange, lang: Lang) -> String {
    match c {
        CatalogChange::Withdrawn {
            id,
            withdrawn_in,
            replaced_by,
            in_old,
            in_new,
        } => {
            let since = withdrawn_in.as_deref().unwrap_or("—");
            let to = replaced_by.join(", ");
            let mut s = text!(
                ["廃止 {id}（カタログ {since} で廃止、{to} に統合）"],
                ["withdrawn {id} (in catalog {since}, merged into {to})"]
            )
            .get(lang)
            .to_string();
            let where_ = match (in_old, in_new) {
                (true, true) => text!(
                    ["。新版もまだ回答しています（sansho migrate で {to} に移せます）"],
                    ["; the new file still answers it (sansho migrate moves it to {to})"]
                ),
                (true, false) => text!(
                    ["。旧版だけが回答しています"],
                    ["; only the old file answers it"]
                ),
                _ => text!(
                    ["。新版が回答しています（sansho migrate で {to} に移せます）"],
                    ["; the new file answers it (sansho migrate moves it to {to})"]
                ),
            };
            s.push_str(where_.get(lang));
            s
        }
        CatalogChange::Renamed {
            id,
            until,
            former,
            title,
        } => text!(
            ["名称変更 {id}: 「{former}」（カタログ {until} まで）→「{title}」"],
            ["renamed {id}: \"{former}\" (until catalog {until}) → \"{title}\""]
        )
        .get(lang)
        .to_string(),
    }
}

fn text_out(d: &EvidenceDiff, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n  {}: {}\n  {}: {}",
        lang.pick("差分", "diff"),
        lang.pick("旧", "old"),
        side_line(&d.old, lang),
        lang.pick("新", "new"),
        side_line(&d.new, lang)
    );
    let (scores, counts) = summary(d, lang);
    let _ = writeln!(out, "{scores}\n{counts}");
    if d.is_empty() {
        let _ = writeln!(out, "\n{}", lang.pick("変更はありません。", "No changes."));
        return out;
    }
    if !d.areas.is_empty() {
        let _ = writeln!(out, "\n{}", lang.pick("領域", "Areas"));
        for a in &d.areas {
            let _ = writeln!(
                out,
                "  {} {}: {} → {}",
                a.change.label(lang),
                lang.pick(&a.title, &a.title_en),
                display_score(a.before),
                display_score(a.after)
            );
        }
    }
    if !d.controls.is_empty() {
        let _ = writeln!(out, "\n{}", lang.pick("管理策", "Controls"));
        for c in &d.controls {
            let req = if c.required {
                lang.pick(" [必須]", " [required]")
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  {} {} {}{req}: {} ({}) → {} ({})",
                c.change.label(lang),
                c.id,
                plain(lang.pick(&c.title, &c.title_en)),
                status(c.before.status, lang),
                credit(c.before.credit),
                status(c.after.status, lang),
                credit(c.after.credit)
            );
            if c.before.planned_date != c.after.planned_date {
                let dt = |x: Option<chrono::NaiveDate>| {
                    x.map_or_else(|| "—".to_string(), |x| format_date(x, lang))
                };
                let _ = writeln!(
                    out,
                    "      {}: {} → {}",
                    lang.pick("対応予定日", "planned date"),
                    dt(c.before.planned_date),
                    dt(c.after.planned_date)
                );
            }
            if let Some(r) = &c.statement {
                let _ = writeln!(
                    out,
                    "      {}: {}",
                    lang.pick("実施内容", "statement"),
                    runs_text(r)
                );
            }
            if let Some(r) = &c.customer_actions {
                let _ = writeln!(
                    out,
                    "      {}: {}",
                    lang.pick("医療機関等に求める事項", "required of the institution"),
                    runs_text(r)
                );
            }
            if !c.evidence_removed.is_empty() || !c.evidence_added.is_empty() {
                let _ = writeln!(
                    out,
                    "      {}: -[{}] +[{}]",
                    lang.pick("引用資料", "cited documents"),
                    plain(&c.evidence_removed.join(", ")),
                    plain(&c.evidence_added.join(", "))
                );
            }
        }
    }
    if !d.documents.is_empty() {
        let _ = writeln!(out, "\n{}", lang.pick("文書", "Documents"));
        for c in &d.documents {
            let _ = writeln!(out, "  {}", document_line(c, lang));
        }
    }
    if !d.sla.is_empty() {
        let _ = writeln!(out, "\nSLA");
        for s in &d.sla {
            let (lp, rp) = (lang.pick("（", " ("), lang.pick("）", ")"));
            let _ = writeln!(
                out,
                "  {} {}: {} → {}{lp}{}{rp}",
                s.change.label(lang),
                lang.pick(&s.label, &s.label_en),
                plain(&display_value(&s.before)),
                plain(&display_value(&s.after)),
                direction(s.direction, lang)
            );
        }
    }
    if !d.catalog_changes.is_empty() {
        let _ = writeln!(out, "\n{}", lang.pick("カタログ", "Catalog"));
        for c in &d.catalog_changes {
            let _ = writeln!(out, "  {}", plain(&catalog_line(c, lang)));
        }
    }
    out
}

fn markdown(d: &EvidenceDiff, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}\n",
        lang.pick("エビデンスの差分", "Evidence diff")
    );
    let _ = writeln!(
        out,
        "- {}: {}\n- {}: {}",
        lang.pick("旧", "Old"),
        escape::inline(&side_line(&d.old, lang)),
        lang.pick("新", "New"),
        escape::inline(&side_line(&d.new, lang))
    );
    let (scores, counts) = summary(d, lang);
    let _ = writeln!(out, "- {}\n- {}\n", escape::inline(&scores), counts);
    if d.is_empty() {
        let _ = writeln!(out, "{}", lang.pick("変更はありません。", "No changes."));
        return out;
    }
    if !d.areas.is_empty() {
        let rows: Vec<Vec<String>> = d
            .areas
            .iter()
            .map(|a| {
                vec![
                    a.change.label(lang).to_string(),
                    escape::inline(lang.pick(&a.title, &a.title_en)),
                    display_score(a.before),
                    display_score(a.after),
                ]
            })
            .collect();
        let head = [
            lang.pick("変化", "Change"),
            lang.pick("領域", "Area"),
            lang.pick("旧", "Old"),
            lang.pick("新", "New"),
        ];
        let _ = writeln!(
            out,
            "## {}\n\n{}",
            lang.pick("領域", "Areas"),
            table::markdown(&head, &[2, 3], &rows)
        );
    }
    if !d.controls.is_empty() {
        let rows: Vec<Vec<String>> = d
            .controls
            .iter()
            .map(|c| {
                vec![
                    c.change.label(lang).to_string(),
                    format!(
                        "{} {}",
                        escape::inline(&c.id),
                        escape::inline(lang.pick(&c.title, &c.title_en))
                    ),
                    format!(
                        "{} ({})",
                        status(c.before.status, lang),
                        credit(c.before.credit)
                    ),
                    format!(
                        "{} ({})",
                        status(c.after.status, lang),
                        credit(c.after.credit)
                    ),
                    c.statement.as_deref().map_or_else(String::new, runs_md),
                ]
            })
            .collect();
        let head = [
            lang.pick("変化", "Change"),
            lang.pick("管理策", "Control"),
            lang.pick("旧", "Old"),
            lang.pick("新", "New"),
            lang.pick("実施内容の変更", "Statement"),
        ];
        let _ = writeln!(
            out,
            "## {}\n\n{}",
            lang.pick("管理策", "Controls"),
            table::markdown(&head, &[], &rows)
        );
    }
    if !d.documents.is_empty() {
        let _ = writeln!(out, "## {}\n", lang.pick("文書", "Documents"));
        for c in &d.documents {
            let _ = writeln!(out, "- {}", escape::inline(&document_line(c, lang)));
        }
        out.push('\n');
    }
    if !d.sla.is_empty() {
        let rows: Vec<Vec<String>> = d
            .sla
            .iter()
            .map(|s| {
                vec![
                    s.change.label(lang).to_string(),
                    escape::inline(lang.pick(&s.label, &s.label_en)),
                    escape::inline(&display_value(&s.before)),
                    escape::inline(&display_value(&s.after)),
                    direction(s.direction, lang).to_string(),
                ]
            })
            .collect();
        let head = [
            lang.pick("変化", "Change"),
            lang.pick("項目", "Item"),
            lang.pick("旧", "Old"),
            lang.pick("新", "New"),
            lang.pick("向き", "Direction"),
        ];
        let _ = writeln!(out, "## SLA\n\n{}", table::markdown(&head, &[], &rows));
    }
    if !d.catalog_changes.is_empty() {
        let _ = writeln!(out, "## {}\n", lang.pick("カタログ", "Catalog"));
        for c in &d.catalog_changes {
            let _ = writeln!(out, "- {}", escape::inline(&catalog_line(c, lang)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::chardiff;

    #[test]
    fn markdown_runs_keep_spaces_outside_markers_and_escape_text() {
        let md = runs_md(&chardiff::diff("a b", "a *x* b"));
        assert_eq!(md, "a **\\*x\\*** b");
        let md = runs_md(&[Run {
            op: Op::Delete,
            text: " |旧| ".into(),
        }]);
        assert_eq!(md, " ~~\\|旧\\|~~ ");
    }
}
