//! The auditor's view: `sansho verify`'s and `sansho diff`'s results (computed by
//! [`crate::audit`]) in words for a page.

use crate::audit::chardiff::Op;
use crate::audit::diff::{DocumentKind, EvidenceDiff};
use crate::audit::verify::VerifyReport;
use crate::i18n::{format_date, Lang};
use crate::profile::display_value;
use crate::score::display_score;
use serde_json::{json, Value};

/// A verify report for the page.
pub fn verify(v: &VerifyReport, lang: Lang) -> Value {
    let docs: Vec<Value> = v
        .documents
        .iter()
        .map(|d| {
            json!({
                "id": d.id,
                "title": d.title,
                "path": d.path,
                "file": d.file.label(lang),
                "file_bad": d.file.is_failure(),
                "dates": d.dates.label(lang),
                "dates_bad": !d.usable(),
                "expires": d.expires.map(|e| format_date(e, lang)),
                "days_left": d.days_left,
                "problem": d.problem.as_ref().map(|p| p.get(lang).to_string()),
                "cited_by": d.cited_by.join(", "),
            })
        })
        .collect();
    let unsupported: Vec<Value> = v
        .unsupported_controls
        .iter()
        .map(|c| json!({"id": c.id, "title": lang.pick(&c.title, &c.title_en), "documents": c.documents.join(", ")}))
        .collect();
    json!({
        "file": v.file,
        "sha256": v.sha256,
        "failed": v.failed(),
        "documents": docs,
        "unsupported": unsupported,
        "expiring_within": v.expiring_within,
    })
}

/// Character runs of a changed text: `[{op, text}]` for the page to mark.
fn runs(r: &[crate::audit::chardiff::Run]) -> Vec<Value> {
    r.iter()
        .map(|run| {
            let op = match run.op {
                Op::Equal => "equal",
                Op::Delete => "delete",
                Op::Insert => "insert",
            };
            json!({"op": op, "text": run.text})
        })
        .collect()
}

/// An evidence diff for the page.
pub fn diff(d: &EvidenceDiff, lang: Lang) -> Value {
    let change = |c: crate::audit::diff::Change| json!({"key": c.as_str(), "label": c.label(lang)});
    let status = |s: &str| -> String {
        crate::evidence::Status::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .map_or_else(
                || lang.pick("未回答", "unanswered").to_string(),
                |x| x.label(lang).to_string(),
            )
    };
    let controls: Vec<Value> = d
        .controls
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "title": lang.pick(&c.title, &c.title_en),
                "required": c.required,
                "before": status(c.before.status),
                "after": status(c.after.status),
                "change": change(c.change),
                "statement": c.statement.as_deref().map(runs),
                "evidence_added": c.evidence_added.join(", "),
                "evidence_removed": c.evidence_removed.join(", "),
            })
        })
        .collect();
    let documents: Vec<Value> = d
        .documents
        .iter()
        .map(|doc| {
            let kind = match doc.kind {
                DocumentKind::Added => lang.pick("追加", "added"),
                DocumentKind::Removed => lang.pick("削除", "removed"),
                DocumentKind::Replaced => lang.pick("差し替え", "replaced"),
                DocumentKind::Updated => lang.pick("更新", "updated"),
                DocumentKind::Unchanged => lang.pick("変更なし", "unchanged"),
            };
            json!({
                "id": doc.id,
                "kind": kind,
                "newly_expired": doc.newly_expired,
                "change": change(doc.change),
                "title": doc.after.as_ref().or(doc.before.as_ref()).map(|s| s.title.clone()),
            })
        })
        .collect();
    let sla: Vec<Value> = d
        .sla
        .iter()
        .map(|s| {
            json!({
                "key": s.key,
                "label": lang.pick(&s.label, &s.label_en),
                "before": display_value(&s.before),
                "after": display_value(&s.after),
                "change": change(s.change),
            })
        })
        .collect();
    let areas: Vec<Value> = d
        .areas
        .iter()
        .map(|a| {
            json!({
                "title": lang.pick(&a.title, &a.title_en),
                "before": display_score(a.before),
                "after": display_score(a.after),
                "change": change(a.change),
            })
        })
        .collect();
    json!({
        "old": {"file": d.old.source, "score": display_score(d.old.score), "verdict": d.old.verdict.label(lang)},
        "new": {"file": d.new.source, "score": display_score(d.new.score), "verdict": d.new.verdict.label(lang)},
        "overall": change(d.overall.change),
        "regressions": d.regressions(),
        "improvements": d.improvements(),
        "empty": d.is_empty(),
        "areas": areas,
        "controls": controls,
        "documents": documents,
        "sla": sla,
    })
}
