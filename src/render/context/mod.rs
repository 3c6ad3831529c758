//! The template context: everything a document shows, taken from the catalog, the evidence
//! and the score report — never recomputed — with every vendor string Markdown-escaped.
//!
//! One context serves the three documents (a user's template may show anything of it): the
//! parts shared by all (vendor, areas, editions, documents, provenance) are built here, the
//! disclosure's front matter and control rows in [`disclosure`], the SLA draft's articles in
//! [`sla_doc`] and the report's findings and arithmetic in [`report`].

mod disclosure;
mod report;
mod sla_doc;

use super::escape;
use super::labels::labels;
use crate::catalog::{Catalog, Control, Edition, EditionStatus, Ref};
use crate::evidence::{Evidence, EvidenceDocument, FileState, Status};
use crate::i18n::{format_date, Lang};
use crate::profile::Profile;
use crate::score::{display_score, ScoreReport, Tally};
use chrono::NaiveDate;
use serde_json::{json, Value};

/// What a document is rendered from.
pub struct RenderInput<'a> {
    /// The catalog the evidence was scored against.
    pub catalog: &'a Catalog,
    /// The vendor's evidence.
    pub evidence: &'a Evidence,
    /// Hex SHA-256 of the evidence file, for the provenance block.
    pub evidence_sha256: &'a str,
    /// The evidence file as the user named it, for the provenance block.
    pub evidence_file: &'a str,
    /// The scores and findings (`sansho score`'s result).
    pub report: &'a ScoreReport,
    /// The hospital profile the report was scored against, if any.
    pub profile: Option<&'a Profile>,
    /// The state of each document's file, in document order, when `--check-files` ran
    /// (`None` when the files were not opened).
    pub file_states: Option<&'a [FileState]>,
    /// Document language.
    pub lang: Lang,
}

/// The edition whose form and items the disclosure's front matter follows: the provider
/// guideline 2.0 (its 別紙1 サービス仕様適合開示書, 表4-1 and §2.2.2). Its name comes from
/// the catalog; when a catalog lacks it the front matter speaks of the guideline generically.
pub(crate) const FORM_EDITION: &str = "provider-2.0";
/// The edition whose 保守委託機関編 the SLA's security-update note refers to (MHLW 7.0).
pub(crate) const MAINTENANCE_EDITION: &str = "mhlw-7.0";

/// 【要記入】 / [to be filled in]: the one way a gap is shown.
pub(crate) fn fill(lang: Lang) -> &'static str {
    lang.pick("【要記入】", "[to be filled in]")
}

pub(crate) fn opt_date(d: Option<NaiveDate>, lang: Lang) -> String {
    d.map_or_else(|| "－".to_string(), |d| format_date(d, lang))
}

/// Escaped vendor text, or `None` when it is absent or blank.
pub(crate) fn given(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(escape::inline)
}

/// Escaped vendor text, or 【要記入】.
pub(crate) fn or_fill(s: Option<&str>, lang: Lang) -> String {
    given(s).unwrap_or_else(|| fill(lang).to_string())
}

fn opt_text(s: Option<&str>) -> String {
    given(s).unwrap_or_else(|| "－".to_string())
}

/// The symbol of a status, `未` for a control left unanswered (`？` may not start a line).
pub(crate) fn symbol(status: Option<Status>) -> &'static str {
    status.map_or("未", Status::symbol)
}

/// Σ weight × credit as people write it: `512.5`, `513`.
pub(crate) fn points(v: f64) -> String {
    crate::profile::number(v)
}

/// A document title short enough for a table cell; the full title is in the list of
/// documents.
pub(crate) fn short_title(title: &str) -> String {
    const MAX: usize = 24;
    let t = title.trim();
    if t.chars().count() <= MAX {
        t.to_string()
    } else {
        t.chars().take(MAX - 1).chain(['…']).collect()
    }
}

/// How a document stands on the as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DocState {
    Valid,
    Expired,
    NotYetIssued,
}

impl DocState {
    pub(crate) fn of(d: &EvidenceDocument, as_of: NaiveDate) -> DocState {
        if d.expires.is_some_and(|e| e < as_of) {
            DocState::Expired
        } else if d.issued.is_some_and(|i| i > as_of) {
            DocState::NotYetIssued
        } else {
            DocState::Valid
        }
    }

    pub(crate) fn label(self, lang: Lang) -> &'static str {
        match self {
            DocState::Valid => lang.pick("有効", "valid"),
            DocState::Expired => lang.pick("期限切れ", "expired"),
            DocState::NotYetIssued => lang.pick("未発効", "not yet issued"),
        }
    }
}

/// The editions the documents name, in catalog order: every edition a shown control
/// cites, those the front matter refers to, and the legacy structure the area headings
/// follow — with whether any shown citation of it is unchecked (※).
/// Guidelines of an optional scope (online care, PHR) come in only when a shown row cites
/// them.
fn cited_editions(catalog: &Catalog, shown: &[&Control], lang: Lang) -> Vec<Value> {
    catalog
        .editions
        .iter()
        .filter(|e| {
            shown
                .iter()
                .any(|c| c.refs.iter().any(|r| r.edition == e.id))
                || e.id == FORM_EDITION
                || e.status == EditionStatus::Legacy
        })
        .map(|e| edition_json(e, shown, lang))
        .collect()
}

fn edition_json(e: &Edition, shown: &[&Control], lang: Lang) -> Value {
    let unchecked = shown
        .iter()
        .flat_map(|c| &c.refs)
        .any(|r| r.edition == e.id && !r.checked);
    json!({
        "short": escape::inline(e.short_in(lang)),
        "title": escape::inline(lang.pick(&e.title, &e.title_en)),
        "publisher": escape::inline(&e.publisher),
        "date": escape::inline(&edition_date(&e.date, lang)),
        "status": e.status.label(lang),
        "unchecked": unchecked,
    })
}

/// An edition's date (`2018-07`, `2025`) in the document's date format: `2018年7月` in
/// Japanese, as written in English.
fn edition_date(date: &str, lang: Lang) -> String {
    let mut parts = date.split('-');
    let year = parts.next().and_then(|y| y.parse::<u32>().ok());
    let month = parts.next().and_then(|m| m.parse::<u32>().ok());
    let day = parts.next().map(|d| d.parse::<u32>().ok());
    match (lang, year, month, day) {
        (Lang::Ja, Some(y), Some(m), Some(Some(d))) => format!("{y}年{m}月{d}日"),
        (Lang::Ja, Some(y), Some(m), None) => format!("{y}年{m}月"),
        (Lang::Ja, Some(y), None, None) => format!("{y}年"),
        _ => date.to_string(),
    }
}

/// The legacy structure the area headings follow (the 2018 cloud guideline's sections).
pub(crate) fn legacy_edition(catalog: &Catalog) -> Option<&Edition> {
    catalog
        .editions
        .iter()
        .find(|e| e.status == EditionStatus::Legacy)
}

/// The short name of an edition (never its id in an English document), when the catalog
/// has it.
pub(crate) fn edition_short(catalog: &Catalog, id: &str, lang: Lang) -> Option<String> {
    catalog.edition(id).map(|e| e.short_in(lang).to_string())
}

/// Guideline references in a cell: short edition name and item (or section), `※` when not
/// read in the text. An edition missing from the catalog is named by its title in the
/// reference itself, never by an id in English documents.
pub(crate) fn refs_text(catalog: &Catalog, refs: &[Ref], lang: Lang) -> String {
    let parts: Vec<String> = refs
        .iter()
        .map(|r| {
            let short = catalog.edition(&r.edition).map_or_else(
                || {
                    lang.pick(r.edition.as_str(), "(unlisted edition)")
                        .to_string()
                },
                |e| e.short_in(lang).to_string(),
            );
            let place = r.item.as_deref().unwrap_or(&r.section);
            let mark = if r.checked { "" } else { "※" };
            format!("{short} {place}{mark}")
        })
        .collect();
    escape::inline(&parts.join(lang.pick("、", "; ")))
}

/// The disclosure's condensed citations: references to editions in force, and to older
/// editions where the item was read in the text (`checked`); the others (the 2018 structure,
/// editions known only from reports, unread older references) are counted, and listed in
/// full in the assessment report and `sansho controls show`. A control with none of the
/// first kind shows its first two references. Guidelines of a scope the service does not
/// have (online care, PHR) are counted, not shown.
pub(crate) fn refs_condensed(
    catalog: &Catalog,
    refs: &[Ref],
    scope: &crate::evidence::Scope,
    lang: Lang,
) -> String {
    let keep = |r: &Ref| {
        let edition = catalog.edition(&r.edition);
        let in_scope = edition.is_none_or(|e| e.applies_if.is_none_or(|f| scope.is_set(f)));
        in_scope && (r.checked || edition.is_some_and(|e| e.status == EditionStatus::Current))
    };
    let mut shown: Vec<Ref> = refs.iter().filter(|r| keep(r)).cloned().collect();
    if shown.is_empty() {
        shown = refs.iter().take(2).cloned().collect();
    }
    let rest = refs.len() - shown.len();
    let mut text = refs_text(catalog, &shown, lang);
    if rest > 0 {
        text.push_str(&match lang {
            Lang::Ja => format!("（ほか {rest} 件）"),
            Lang::En => format!(" (+{rest} more)"),
        });
    }
    text
}

/// `○ 20 △ 2 □ 1` (only statuses that occur).
pub(crate) fn counts_text(counts: &crate::score::StatusCounts, lang: Lang) -> String {
    let parts: Vec<String> = counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{} {n}", symbol(s)))
        .collect();
    if parts.is_empty() {
        lang.pick("対象なし", "none").to_string()
    } else {
        parts.join(" ")
    }
}

/// The verdict's basis in one sentence, from the required controls' tally: 「必須対策 N 項目中
/// M 項目が対応済み（有効な根拠資料あり）、…」.
pub(crate) fn verdict_basis(report: &ScoreReport, lang: Lang) -> String {
    let o = &report.overall;
    let r: &Tally = &o.required;
    let c = &r.counts;
    let without_valid = c.implemented.saturating_sub(o.required_met);
    let mut parts: Vec<String> = Vec::new();
    let mut add = |n: usize, ja: &str, en: &str| {
        if n > 0 {
            parts.push(match lang {
                Lang::Ja => format!("{n} 項目が{ja}"),
                Lang::En => format!("{n} {en}"),
            });
        }
    };
    add(
        o.required_met,
        "対応済み（有効な根拠資料あり）",
        "implemented with valid evidence",
    );
    add(
        without_valid,
        "対応済みだが根拠資料が無効又はなし",
        "implemented without valid evidence",
    );
    add(c.partial, "一部対応", "partial");
    add(c.planned, "対応予定", "planned");
    add(c.not_implemented, "未対応", "not implemented");
    add(c.unanswered, "未回答", "unanswered");
    let list = parts.join(lang.pick("、", ", "));
    let na = if c.not_applicable > 0 {
        match lang {
            Lang::Ja => format!("（該当なし {} 項目は対象外）", c.not_applicable),
            Lang::En => format!(" ({} not applicable, left out)", c.not_applicable),
        }
    } else {
        String::new()
    };
    let score = display_score(o.score);
    let verdict = o.verdict.label(lang);
    match lang {
        Lang::Ja => format!(
            "総合判定 {verdict}（総合スコア {score}）: 必須対策 {} 項目中、{list}{na}。",
            r.scored
        ),
        Lang::En => format!(
            "Verdict {verdict} (overall score {score}): of {} required controls, {list}{na}.",
            r.scored
        ),
    }
}

/// Builds the context shared by the three documents.
pub fn build(input: &RenderInput<'_>) -> Value {
    let RenderInput {
        catalog,
        evidence,
        report,
        lang,
        ..
    } = *input;
    let v = &evidence.vendor;
    let scope: Vec<&str> = crate::catalog::ScopeFlag::ALL
        .into_iter()
        .filter(|f| evidence.scope.is_set(*f))
        .map(|f| f.label(lang))
        .collect();
    let applicable: Vec<&Control> = catalog
        .controls
        .iter()
        .filter(|c| report.control(&c.id).is_some_and(|s| s.applicable))
        .collect();
    let editions = cited_editions(catalog, &applicable, lang);

    let mut legend: Vec<Value> = Status::ALL
        .into_iter()
        .map(|s| json!({ "symbol": s.symbol(), "label": s.label(lang) }))
        .collect();
    if report.overall.tally.counts.unanswered > 0 {
        legend.push(json!({ "symbol": "未", "label": lang.pick("未回答", "unanswered") }));
    }

    let areas: Vec<Value> = report
        .areas
        .iter()
        .filter(|a| a.tally.applicable > 0)
        .enumerate()
        .map(|(i, a)| {
            json!({
                "id": a.area,
                "title": a.title(lang),
                "score": display_score(a.score),
                "score_value": a.score.map_or_else(|| "-".to_string(), |s| format!("{s:.1}")),
                "applicable": a.tally.applicable,
                "scored": a.tally.scored,
                "points": points(a.tally.points),
                "max_points": a.tally.max_points,
                "counts_text": counts_text(&a.tally.counts, lang),
                "index": i,
            })
        })
        .collect();

    let documents: Vec<Value> = evidence
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let cited_by = evidence
                .answers
                .values()
                .filter(|a| a.evidence.iter().any(|e| e == &d.id))
                .count();
            let file = input
                .file_states
                .and_then(|s| s.get(i))
                .map_or_else(|| lang.pick("未照合", "not checked").to_string(), |s| s.label(lang).to_string());
            json!({
                "id": escape::inline(&d.id),
                "title": escape::inline(&d.title),
                "issued": opt_date(d.issued, lang),
                "expires": opt_date(d.expires, lang),
                "sha256": d.sha256.as_deref().map_or_else(|| "－".to_string(), escape::inline),
                "sha256_prefix": d.sha256.as_deref().map_or_else(|| "－".to_string(), |s| escape::inline(&s.chars().take(16).collect::<String>())),
                "state": DocState::of(d, report.as_of).label(lang),
                "cited_by": cited_by,
                "file": file,
            })
        })
        .collect();

    let profile = report.profile.as_ref().map(|p| {
        json!({
            "name": escape::inline(&p.name),
            "pass": p.pass,
            "result": if p.pass { lang.pick("要件を満たす", "pass") } else { lang.pick("要件を満たさない", "fail") },
            "failures": p.failures.iter().map(|f| escape::inline(f.message(lang))).collect::<Vec<_>>(),
            "file": p.file.as_deref().map(escape::inline),
            "sha256": p.sha256.as_deref().map(escape::inline),
        })
    });

    let sla_checks: Vec<Value> = report
        .sla_checks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "no": i + 1,
                "code": c.code,
                "message": escape::inline(c.message(lang)),
            })
        })
        .collect();

    json!({
        "lang": lang.code(),
        "t": labels(lang),
        "vendor": {
            "name": escape::inline(&v.name),
            "service": escape::inline(&v.service),
            "service_model": v.service_model.as_deref().map(escape::inline),
            "version": opt_text(v.version.as_deref()),
            "prepared_on": format_date(v.prepared_on, lang),
            "contact": opt_text(v.contact.as_deref()),
        },
        "as_of": format_date(report.as_of, lang),
        "scope": if scope.is_empty() { lang.pick("基本（追加の適用範囲なし）", "base (no optional scope)").to_string() } else { scope.join(lang.pick("、", ", ")) },
        "editions_text": editions
            .iter()
            .filter_map(|e| e["short"].as_str())
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", ")),
        "editions": editions,
        "overall": {
            "score": display_score(report.overall.score),
            "verdict": report.overall.verdict.as_str(),
            "verdict_label": report.overall.verdict.label(lang),
            "verdict_explanation": verdict_explanation(report.overall.verdict, lang),
            "basis": escape::inline(&verdict_basis(report, lang)),
            "applicable": report.overall.tally.applicable,
            "scored": report.overall.tally.scored,
            "points": points(report.overall.tally.points),
            "max_points": report.overall.tally.max_points,
            "counts_text": counts_text(&report.overall.tally.counts, lang),
        },
        "legend": legend,
        "areas": areas,
        "documents": documents,
        "profile": profile,
        "sla_checks": sla_checks,
        "disclosure": disclosure::build(input, &applicable),
        "sla": sla_doc::build(input),
        "report": report::build(input),
        "provenance": {
            "tool_version": env!("CARGO_PKG_VERSION"),
            "catalog": format!("{} {}", report.catalog.id, report.catalog.version),
            "evidence_file": escape::inline(input.evidence_file),
            "evidence_sha256": input.evidence_sha256,
            "files_checked": input.file_states.is_some(),
        },
    })
}

fn verdict_explanation(v: crate::score::Verdict, lang: Lang) -> &'static str {
    use crate::score::Verdict;
    match v {
        Verdict::Conformant => lang.pick(
            "適用されるすべての必須管理策が、有効なエビデンス文書を伴って対応済みです。",
            "Every applicable required control is implemented with a valid evidence document.",
        ),
        Verdict::Conditional => lang.pick(
            "必須管理策はすべて対応済み・一部対応・1年以内の対応予定のいずれかですが、エビデンスの不足や未完了の対策が残っています。契約の条件として対応計画を確認してください。",
            "Every required control is implemented, partial or planned within a year, but evidence or measures are still missing; make the plan a condition of the contract.",
        ),
        Verdict::Nonconformant => lang.pick(
            "未対応・未回答、または1年を超える対応予定の必須管理策があります。",
            "Some required controls are not implemented, unanswered, or planned more than a year ahead.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_titles_and_gaps_read_like_documents() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        assert_eq!(format_date(d, Lang::Ja), "2026年11月1日");
        assert_eq!(format_date(d, Lang::En), "2026-11-01");
        assert_eq!(opt_date(None, Lang::Ja), "－");
        assert_eq!(or_fill(Some("  "), Lang::Ja), "【要記入】");
        assert_eq!(or_fill(Some("a|b"), Lang::Ja), "a\\|b");
        assert_eq!(short_title("短い題名"), "短い題名");
        let long = "ミドリ電子カルテ クラウド 利用規約・サービス利用契約書（ひな形）";
        let s = short_title(long);
        assert_eq!(s.chars().count(), 24);
        assert!(s.ends_with('…'));
        assert_eq!(points(512.5), "512.5");
        assert_eq!(edition_date("2018-07", Lang::Ja), "2018年7月");
        assert_eq!(edition_date("2025", Lang::Ja), "2025年");
        assert_eq!(edition_date("2018-07", Lang::En), "2018-07");
        assert_eq!(points(513.0), "513");
    }
}
