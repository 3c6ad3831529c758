//! The template context: everything a document shows, taken from the catalog, the evidence
//! and the score report — never recomputed — with every vendor string Markdown-escaped.

use super::escape;
use super::labels::labels;
use super::sla::{format_requirement, format_value, ARTICLES};
use crate::catalog::{Catalog, Control, Ref, Responsibility, ScopeFlag};
use crate::evidence::{Evidence, Status};
use crate::i18n::{format_date, Lang};
use crate::profile::Profile;
use crate::score::{display_score, ScoreReport, Severity, Verdict};
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
    /// The scores and findings (`sansho score`'s result).
    pub report: &'a ScoreReport,
    /// The hospital profile the report was scored against, if any.
    pub profile: Option<&'a Profile>,
    /// Document language.
    pub lang: Lang,
}

fn opt_date(d: Option<NaiveDate>, lang: Lang) -> String {
    d.map_or_else(|| "－".to_string(), |d| format_date(d, lang))
}

fn opt_text(s: Option<&str>) -> String {
    match s.map(str::trim) {
        Some(s) if !s.is_empty() => escape::inline(s),
        _ => "－".to_string(),
    }
}

/// The symbol of a status, `未` for a control left unanswered (`？` may not start a line).
fn symbol(status: Option<Status>) -> &'static str {
    status.map_or("未", Status::symbol)
}

/// Guideline references in a cell: short edition name (its id in English documents) and
/// section, `※` when unverified.
fn refs_text(catalog: &Catalog, refs: &[Ref], lang: Lang) -> String {
    let parts: Vec<String> = refs
        .iter()
        .map(|r| {
            let short = catalog
                .edition(&r.edition)
                .map_or(r.edition.as_str(), |e| e.short_in(lang));
            let place = r.item.as_deref().unwrap_or(&r.section);
            let mark = if r.checked { "" } else { "※" };
            format!("{short} {place}{mark}")
        })
        .collect();
    escape::inline(&parts.join("; "))
}

fn counts_text(counts: &crate::score::StatusCounts, lang: Lang) -> String {
    let mut parts = Vec::new();
    for (status, n) in counts.iter() {
        if n > 0 {
            parts.push(format!("{} {n}", symbol(status)));
        }
    }
    if parts.is_empty() {
        lang.pick("対象なし", "none").to_string()
    } else {
        parts.join(" ")
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
    let scope: Vec<&str> = ScopeFlag::ALL
        .into_iter()
        .filter(|f| evidence.scope.is_set(*f))
        .map(|f| f.label(lang))
        .collect();
    let applicable: Vec<&Control> = catalog
        .controls
        .iter()
        .filter(|c| report.control(&c.id).is_some_and(|s| s.applicable))
        .collect();
    let editions: Vec<Value> = catalog
        .editions
        .iter()
        .filter(|e| {
            e.applies_if.is_none_or(|f| evidence.scope.is_set(f))
                && applicable
                    .iter()
                    .any(|c| c.refs.iter().any(|r| r.edition == e.id))
        })
        .map(|e| json!({ "id": e.id, "short": e.short_in(lang), "title": lang.pick(&e.title, &e.title_en) }))
        .collect();

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
        .map(|a| {
            let area = catalog.area(&a.area);
            let rows: Vec<Value> = applicable
                .iter()
                .filter(|c| c.area == a.area)
                .map(|c| control_row(input, c))
                .collect();
            let section = area.map_or("", |x| x.mic_section.as_str());
            let heading = match lang {
                Lang::Ja => format!("{}（クラウドGL {section}）", a.title(lang)),
                Lang::En => format!("{} (MIC cloud GL {section})", a.title(lang)),
            };
            json!({
                "id": a.area,
                "title": a.title(lang),
                "heading": heading,
                "mic_section": area.map_or("", |x| x.mic_section.as_str()),
                "score": display_score(a.score),
                "score_value": a.score.map_or_else(|| "-".to_string(), |s| format!("{s:.1}")),
                "applicable": a.tally.applicable,
                "counts_text": counts_text(&a.tally.counts, lang),
                "rows": rows,
            })
        })
        .collect();

    let documents: Vec<Value> = evidence
        .documents
        .iter()
        .map(|d| {
            let state = if d.expires.is_some_and(|e| e < report.as_of) {
                lang.pick("期限切れ", "expired")
            } else if d.issued.is_some_and(|i| i > report.as_of) {
                lang.pick("発行前", "not yet issued")
            } else {
                lang.pick("有効", "valid")
            };
            let cited_by = evidence
                .answers
                .values()
                .filter(|a| a.evidence.iter().any(|e| e == &d.id))
                .count();
            json!({
                "id": escape::inline(&d.id),
                "title": escape::inline(&d.title),
                "issued": opt_date(d.issued, lang),
                "expires": opt_date(d.expires, lang),
                "sha256_prefix": d.sha256.as_deref().map_or_else(|| "－".to_string(), |s| escape::inline(&s.chars().take(16).collect::<String>())),
                "state": state,
                "cited_by": cited_by,
            })
        })
        .collect();

    let findings: Vec<Value> = Severity::ALL
        .into_iter()
        .map(|sev| {
            let items: Vec<Value> = report
                .findings_with(sev)
                .map(|f| {
                    let title = report.control(&f.control).map_or("", |c| c.title(lang));
                    json!({
                        "control": escape::inline(&f.control),
                        "title": escape::inline(title),
                        "message": escape::inline(f.message(lang)),
                    })
                })
                .collect();
            json!({ "severity": sev.as_str(), "label": sev.label(lang), "items": items })
        })
        .collect();
    let findings_counts = Severity::ALL
        .into_iter()
        .map(|s| format!("{} {}", s.label(lang), report.overall.findings.get(s)))
        .collect::<Vec<_>>()
        .join(" ／ ");

    let profile = report.profile.as_ref().map(|p| {
        json!({
            "name": escape::inline(&p.name),
            "pass": p.pass,
            "result": if p.pass { lang.pick("要件を満たす", "pass") } else { lang.pick("要件を満たさない", "fail") },
            "failures": p.failures.iter().map(|f| escape::inline(f.message(lang))).collect::<Vec<_>>(),
        })
    });

    let (articles, missing, shortfalls) = sla_articles(input);

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
            .filter_map(|e| e["title"].as_str())
            .collect::<Vec<_>>()
            .join(lang.pick("；", "; ")),
        "editions": editions,
        "overall": {
            "score": display_score(report.overall.score),
            "verdict": report.overall.verdict.as_str(),
            "verdict_label": report.overall.verdict.label(lang),
            "verdict_explanation": verdict_explanation(report.overall.verdict, lang),
            "applicable": report.overall.tally.applicable,
        },
        "legend": legend,
        "areas": areas,
        "documents": documents,
        "findings": findings,
        "findings_counts": findings_counts,
        "profile": profile,
        "articles": articles,
        "missing": missing,
        "shortfalls": shortfalls,
        "sla_scope": sla_scope(lang),
        "provenance": {
            "tool_version": env!("CARGO_PKG_VERSION"),
            "catalog": format!("{} {}", report.catalog.id, report.catalog.version),
            "evidence_sha256": input.evidence_sha256,
        },
    })
}

fn control_row(input: &RenderInput<'_>, c: &Control) -> Value {
    let lang = input.lang;
    let answer = input.evidence.answers.get(&c.id);
    let status = answer.map(|a| a.status);
    let mut statement = String::new();
    if let Some(a) = answer {
        match a.status {
            Status::Planned => {
                let overdue = a.planned_date.is_some_and(|d| d < input.report.as_of);
                statement.push_str(&format!(
                    "{}{}{}{} ",
                    lang.pick("【対応予定: ", "[planned: "),
                    opt_date(a.planned_date, lang),
                    if overdue {
                        lang.pick("（基準日時点で期限超過）", " (overdue on the as-of date)")
                    } else {
                        ""
                    },
                    lang.pick("】", "]")
                ));
            }
            Status::NotApplicable => {
                statement.push_str(&format!(
                    "{}{} ",
                    lang.pick("【該当なし】", "[not applicable] "),
                    opt_text(a.na_reason.as_deref())
                ));
            }
            _ => {}
        }
        if let Some(s) = a.statement.as_deref().filter(|s| !s.trim().is_empty()) {
            statement.push_str(&escape::inline(s));
        }
    } else {
        statement.push_str(lang.pick("（未回答）", "(no answer)"));
    }
    let responsibility = answer
        .and_then(|a| a.responsibility)
        .unwrap_or(c.responsibility);
    let customer = match answer
        .and_then(|a| a.customer_actions.as_deref())
        .map(str::trim)
    {
        Some(s) if !s.is_empty() => {
            format!(
                "{}{}",
                escape::inline(s),
                responsibility_note(responsibility, lang)
            )
        }
        _ if responsibility == Responsibility::Vendor => "－".to_string(),
        _ => responsibility_note(responsibility, lang)
            .trim_start()
            .to_string(),
    };
    json!({
        "id": c.id,
        "title": escape::inline(c.title(lang)),
        "refs": refs_text(input.catalog, &c.refs, lang),
        "symbol": symbol(status),
        "status": crate::score::status_key(status),
        "statement": if statement.trim().is_empty() { "－".to_string() } else { statement.trim().to_string() },
        "customer": customer,
    })
}

/// `（責任: 共同）` / `(responsibility: shared)`.
fn responsibility_note(r: Responsibility, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("（責任: {}）", r.label(lang)),
        Lang::En => format!(" (responsibility: {})", r.label(lang)),
    }
}

fn verdict_explanation(v: Verdict, lang: Lang) -> &'static str {
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

fn sla_scope(lang: Lang) -> Vec<Value> {
    let rows: [(&str, &str, bool, &str, &str); 4] = [
        (
            "クラウドサービス（アプリケーション及び技術サポート）",
            "Cloud service (application and technical support)",
            true,
            "本合意書の対象",
            "covered",
        ),
        (
            "ネットワーク（回線・VPN）",
            "Network (lines, VPN)",
            false,
            "甲又は通信事業者の管理とする",
            "managed by Party A or the carrier",
        ),
        (
            "使用機器（端末PC・ネットワーク機器）",
            "Devices (PCs, network equipment)",
            false,
            "甲の管理とする",
            "managed by Party A",
        ),
        (
            "ソフトウェア（OS・ブラウザ）",
            "Software (OS, browser)",
            false,
            "本サービスの利用に必要な範囲で技術支援を行う",
            "technical support only as needed to use the service",
        ),
    ];
    rows.iter()
        .map(|(ja, en, inside, nja, nen)| {
            json!({
                "item": lang.pick(ja, en),
                "included": if *inside { "○" } else { "×" },
                "note": lang.pick(nja, nen),
            })
        })
        .collect()
}

/// Articles numbered from 3, the keys without a value, and the profile's unmet SLA items.
fn sla_articles(input: &RenderInput<'_>) -> (Vec<Value>, Vec<Value>, Vec<String>) {
    let lang = input.lang;
    let sla = &input.evidence.sla;
    let failures = input.report.profile.as_ref().map(|p| &p.failures);
    let (mut articles, mut missing, mut shortfalls) = (Vec::new(), Vec::new(), Vec::new());
    for (i, a) in ARTICLES.iter().enumerate() {
        let no = i + 3;
        let title = lang.pick(a.title, a.title_en);
        let value = a.key.map(|k| sla.get(k));
        let shown = match (&value, a.key) {
            (Some(v), Some(k)) => match format_value(a.unit, v, lang) {
                Some(s) => escape::inline(&s),
                None => {
                    missing.push(json!({ "no": no, "title": title, "key": k }));
                    lang.pick("【要記入】", "[to be filled in]").to_string()
                }
            },
            _ => lang.pick("本条のとおり", "as stated").to_string(),
        };
        let required = match (a.key, input.profile) {
            (Some(k), Some(p)) => p.sla.get(k).map_or_else(
                || "－".to_string(),
                |r| escape::inline(&format_requirement(a.unit, r, lang)),
            ),
            _ => "－".to_string(),
        };
        let failure = a
            .key
            .and_then(|k| failures.and_then(|fs| fs.iter().find(|f| f.key == k)));
        let note = failure.map(|f| {
            let msg = escape::inline(f.message(lang));
            shortfalls.push(format!(
                "{}{no}{} {title}: {msg}",
                lang.pick("第", "Article "),
                lang.pick("条", "")
            ));
            format!("{}{msg}", lang.pick("【要件未達】", "[below requirement] "))
        });
        articles.push(json!({
            "no": no,
            "key": a.key,
            "title": title,
            "body": lang.pick(a.body, a.body_en),
            "value": shown,
            "required": required,
            "note": note,
        }));
    }
    (articles, missing, shortfalls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_like_documents() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        assert_eq!(format_date(d, Lang::Ja), "2026年11月1日");
        assert_eq!(format_date(d, Lang::En), "2026-11-01");
        assert_eq!(opt_date(None, Lang::Ja), "－");
    }
}
