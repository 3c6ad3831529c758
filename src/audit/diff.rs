//! `sansho diff`: what changed between two versions of a vendor's evidence, and whether it
//! got better or worse — for an auditor's "what changed since last year" and for a release
//! pipeline that must not publish a regression.
//!
//! Both versions are scored by the same rule and catalog; everything here compares two
//! [`ScoreReport`]s and two [`Evidence`] values, so the credits, scores and verdicts shown are
//! exactly what `sansho score` gives for each side. By default both are judged on the same
//! date, so that the diff shows what was edited; a document that was valid when the old
//! version was disclosed and has expired since is reported as newly expired (a regression).

use super::chardiff::{self, Run};
use crate::catalog::Catalog;
use crate::evidence::{sla_direction, Better, Evidence, EvidenceDocument, SLA_KEYS};
use crate::profile::sla_field;
use crate::score::{ControlScore, ScoreReport, Verdict};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

/// Whether a change is for the better, for the worse, or neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Worse for the hospital: lower credit or verdict, a weaker SLA, an expired document.
    Regression,
    /// Different, neither better nor worse by the rule.
    Changed,
    /// Better for the hospital.
    Improvement,
}

impl Change {
    /// From an ordering of old and new ("new is greater" = better).
    fn of(ord: std::cmp::Ordering) -> Option<Change> {
        match ord {
            std::cmp::Ordering::Less => Some(Change::Regression),
            std::cmp::Ordering::Greater => Some(Change::Improvement),
            std::cmp::Ordering::Equal => None,
        }
    }

    /// Label in `lang`.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Change::Regression => lang.pick("悪化", "regression"),
            Change::Changed => lang.pick("変更", "changed"),
            Change::Improvement => lang.pick("改善", "improvement"),
        }
    }

    /// The serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Regression => "regression",
            Change::Changed => "changed",
            Change::Improvement => "improvement",
        }
    }
}

/// One side of the comparison.
#[derive(Clone, Debug, Serialize)]
pub struct Side {
    /// The file as named (a path or `git:REV:path`).
    pub source: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// The date it was judged on.
    pub as_of: NaiveDate,
    /// Version of the disclosure.
    pub version: Option<String>,
    /// Date it was prepared.
    pub prepared_on: NaiveDate,
    /// Overall score.
    pub score: Option<f64>,
    /// Verdict.
    pub verdict: Verdict,
}

/// A score (overall or of an area) before and after.
#[derive(Clone, Debug, Serialize)]
pub struct ScoreChange {
    /// Area id, or `overall`.
    pub area: String,
    /// Japanese title.
    pub title: String,
    /// English title.
    pub title_en: String,
    /// Score before.
    pub before: Option<f64>,
    /// Score after.
    pub after: Option<f64>,
    /// Better or worse.
    pub change: Change,
}

/// A control's status and credit on one side.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ControlState {
    /// Status key (`unanswered` when there is no answer).
    pub status: &'static str,
    /// Credit (`null` when excluded or out of scope).
    pub credit: Option<f64>,
    /// Whether it applied.
    pub applicable: bool,
    /// Target date when planned.
    pub planned_date: Option<NaiveDate>,
}

impl ControlState {
    fn of(c: &ControlScore) -> Self {
        ControlState {
            status: crate::score::status_key(c.status),
            credit: c.credit,
            applicable: c.applicable,
            planned_date: c.planned_date,
        }
    }
}

/// What changed in one control.
#[derive(Clone, Debug, Serialize)]
pub struct ControlChange {
    /// Control id.
    pub id: String,
    /// Area id.
    pub area: String,
    /// Japanese title.
    pub title: String,
    /// English title.
    pub title_en: String,
    /// Whether the rule treats it as required (on the new side).
    pub required: bool,
    /// Before.
    pub before: ControlState,
    /// After.
    pub after: ControlState,
    /// Better or worse: by credit, then by its effect on the verdict.
    pub change: Change,
    /// The statement's character-run diff, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<Vec<Run>>,
    /// What the hospital must do, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_actions: Option<Vec<Run>>,
    /// Documents no longer cited.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_removed: Vec<String>,
    /// Documents newly cited.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_added: Vec<String>,
}

/// What happened to a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// Another file: its SHA-256 or path changed.
    Replaced,
    /// Same file, other title or dates.
    Updated,
    /// Nothing written changed (it only expired).
    Unchanged,
}

/// A document's facts on one side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentState {
    /// Title.
    pub title: String,
    /// File path.
    pub path: Option<String>,
    /// SHA-256 as written.
    pub sha256: Option<String>,
    /// Issue date.
    pub issued: Option<NaiveDate>,
    /// Expiry date.
    pub expires: Option<NaiveDate>,
    /// Valid on that side's date.
    pub valid: bool,
}

impl DocumentState {
    fn of(d: &EvidenceDocument, on: NaiveDate) -> Self {
        DocumentState {
            title: d.title.clone(),
            path: d.path.clone(),
            sha256: d.sha256.clone(),
            issued: d.issued,
            expires: d.expires,
            valid: d.is_valid_on(on),
        }
    }
}

/// What changed in one document.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentChange {
    /// Document id.
    pub id: String,
    /// Added, removed, replaced, updated.
    pub kind: DocumentKind,
    /// Expired on the new date although valid (or absent) on the old one.
    pub newly_expired: bool,
    /// Before.
    pub before: Option<DocumentState>,
    /// After.
    pub after: Option<DocumentState>,
    /// A newly expired document is a regression; the rest changes credits only through
    /// the controls citing it.
    pub change: Change,
}

/// A changed SLA value.
#[derive(Clone, Debug, Serialize)]
pub struct SlaChange {
    /// SLA key.
    pub key: String,
    /// Japanese name.
    pub label: String,
    /// English name.
    pub label_en: String,
    /// Before (`null` when not stated).
    pub before: Value,
    /// After.
    pub after: Value,
    /// Which way the key gets better.
    pub direction: Better,
    /// Better or worse.
    pub change: Change,
}

/// A control withdrawn or renamed in the catalog, as it concerns these files.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum CatalogChange {
    /// An answered control is withdrawn; its answers belong to `replaced_by`.
    Withdrawn {
        /// Control id.
        id: String,
        /// Catalog version that withdrew it.
        withdrawn_in: Option<String>,
        /// Controls that take it over.
        replaced_by: Vec<String>,
        /// Answered in the old file.
        in_old: bool,
        /// Still answered in the new file (not migrated: `sansho migrate`).
        in_new: bool,
    },
    /// An answered control has another title now.
    Renamed {
        /// Control id.
        id: String,
        /// The last catalog version with the former title.
        until: String,
        /// The former title.
        former: String,
        /// The title now.
        title: String,
    },
}

/// Everything that changed between two evidence files.
#[derive(Clone, Debug, Serialize)]
pub struct EvidenceDiff {
    /// The catalog both were scored against.
    pub catalog: crate::score::CatalogRef,
    /// The old version.
    pub old: Side,
    /// The new version.
    pub new: Side,
    /// Overall score and verdict before and after.
    pub overall: ScoreChange,
    /// Verdict before and after, and whether it got better or worse (`None` when equal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Change>,
    /// Areas whose score changed.
    pub areas: Vec<ScoreChange>,
    /// Controls that changed, in catalog order.
    pub controls: Vec<ControlChange>,
    /// Documents that changed, in the new file's order then removed ones.
    pub documents: Vec<DocumentChange>,
    /// SLA values that changed, in SLA order.
    pub sla: Vec<SlaChange>,
    /// Withdrawn or renamed controls the files answer.
    pub catalog_changes: Vec<CatalogChange>,
}

impl EvidenceDiff {
    /// True when anything got worse (`--fail-on-regression`).
    pub fn has_regression(&self) -> bool {
        self.regressions() > 0
    }

    /// How many things got worse.
    pub fn regressions(&self) -> usize {
        let r = |c: Change| usize::from(c == Change::Regression);
        r(self.overall.change)
            + self.verdict.map_or(0, r)
            + self.areas.iter().map(|a| r(a.change)).sum::<usize>()
            + self.controls.iter().map(|c| r(c.change)).sum::<usize>()
            + self.documents.iter().map(|d| r(d.change)).sum::<usize>()
            + self.sla.iter().map(|s| r(s.change)).sum::<usize>()
    }

    /// How many things got better.
    pub fn improvements(&self) -> usize {
        let i = |c: Change| usize::from(c == Change::Improvement);
        i(self.overall.change)
            + self.verdict.map_or(0, i)
            + self.areas.iter().map(|a| i(a.change)).sum::<usize>()
            + self.controls.iter().map(|c| i(c.change)).sum::<usize>()
            + self.sla.iter().map(|s| i(s.change)).sum::<usize>()
    }

    /// True when nothing changed at all.
    pub fn is_empty(&self) -> bool {
        self.overall.before == self.overall.after
            && self.verdict.is_none()
            && self.areas.is_empty()
            && self.controls.is_empty()
            && self.documents.is_empty()
            && self.sla.is_empty()
            && self.catalog_changes.is_empty()
    }
}

/// One side as loaded and scored.
pub struct Version<'a> {
    /// The file as named.
    pub source: String,
    /// SHA-256 of its bytes.
    pub sha256: &'a str,
    /// The evidence.
    pub evidence: &'a Evidence,
    /// Its score report (judged on its own as-of date).
    pub report: &'a ScoreReport,
}

/// Options of a diff.
#[derive(Clone, Debug, Default)]
pub struct DiffOptions {
    /// The catalog version the old file was written for: withdrawals after it and renames
    /// since are reported (without it, every withdrawal the files meet and no rename).
    pub since_catalog: Option<String>,
    /// The day the old version was disclosed: a document valid then and expired on the new
    /// as-of date is newly expired (default: the old version's as-of date).
    pub old_disclosed_on: Option<NaiveDate>,
}

/// Scores ordered so that "greater" is better; no score is the lowest.
fn score_order(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    let key = |s: Option<f64>| s.map_or(i64::MIN, |x| (x * 10.0).round() as i64);
    key(b).cmp(&key(a))
}

fn score_change(
    area: &str,
    title: &str,
    title_en: &str,
    before: Option<f64>,
    after: Option<f64>,
) -> ScoreChange {
    ScoreChange {
        area: area.to_string(),
        title: title.to_string(),
        title_en: title_en.to_string(),
        before,
        after,
        change: Change::of(score_order(before, after)).unwrap_or(Change::Changed),
    }
}

/// How far a required control carries the verdict: 2 = allows conformant, 1 = allows
/// conditional, 0 = blocks it; `None` for controls outside the verdict.
fn verdict_effect(c: &ControlScore) -> Option<u8> {
    if !c.is_required() || !c.is_scored() {
        return None;
    }
    Some(if c.credit == Some(1.0) {
        2
    } else if c.allows_conditional() {
        1
    } else {
        0
    })
}

fn classify(old: &ControlScore, new: &ControlScore) -> Change {
    if let (Some(a), Some(b)) = (old.credit, new.credit) {
        if let Some(c) = a.partial_cmp(&b).map(|o| o.reverse()).and_then(Change::of) {
            return c;
        }
    }
    match (verdict_effect(old), verdict_effect(new)) {
        (Some(a), Some(b)) => Change::of(b.cmp(&a)).unwrap_or(Change::Changed),
        _ => Change::Changed,
    }
}

fn text_diff(a: Option<&str>, b: Option<&str>) -> Option<Vec<Run>> {
    let (a, b) = (a.unwrap_or("").trim(), b.unwrap_or("").trim());
    (a != b).then(|| chardiff::diff(a, b))
}

fn controls(catalog: &Catalog, old: &Version, new: &Version) -> Vec<ControlChange> {
    let mut out = Vec::new();
    for control in &catalog.controls {
        let (Some(o), Some(n)) = (
            old.report.control(&control.id),
            new.report.control(&control.id),
        ) else {
            continue;
        };
        let (ao, an) = (
            old.evidence.answers.get(control.id.as_str()),
            new.evidence.answers.get(control.id.as_str()),
        );
        let statement = text_diff(
            ao.and_then(|a| a.statement.as_deref()),
            an.and_then(|a| a.statement.as_deref()),
        );
        let customer_actions = text_diff(
            ao.and_then(|a| a.customer_actions.as_deref()),
            an.and_then(|a| a.customer_actions.as_deref()),
        );
        let cited = |a: Option<&crate::evidence::Answer>| -> Vec<String> {
            a.map(|a| a.evidence.clone()).unwrap_or_default()
        };
        let (co, cn) = (cited(ao), cited(an));
        let evidence_removed: Vec<String> =
            co.iter().filter(|d| !cn.contains(d)).cloned().collect();
        let evidence_added: Vec<String> = cn.iter().filter(|d| !co.contains(d)).cloned().collect();
        let (before, after) = (ControlState::of(o), ControlState::of(n));
        let na_reason_changed =
            ao.and_then(|a| a.na_reason.as_deref()) != an.and_then(|a| a.na_reason.as_deref());
        // Judged on different dates, the same answer may weigh differently in the verdict.
        let effect_changed = verdict_effect(o) != verdict_effect(n);
        if before == after
            && !effect_changed
            && statement.is_none()
            && customer_actions.is_none()
            && evidence_removed.is_empty()
            && evidence_added.is_empty()
            && !na_reason_changed
        {
            continue;
        }
        out.push(ControlChange {
            id: control.id.to_string(),
            area: control.area.to_string(),
            title: control.title.to_string(),
            title_en: control.title_en.to_string(),
            required: n.is_required(),
            before,
            after,
            change: if before == after && !effect_changed {
                Change::Changed
            } else {
                classify(o, n)
            },
            statement,
            customer_actions,
            evidence_removed,
            evidence_added,
        });
    }
    out
}

fn documents(old: &Version, new: &Version, opts: &DiffOptions) -> Vec<DocumentChange> {
    let (d_old, d_new) = (old.report.as_of, new.report.as_of);
    let disclosed = opts.old_disclosed_on.unwrap_or(d_old);
    let find = |docs: &'_ [EvidenceDocument], id: &str| docs.iter().find(|d| d.id == id).cloned();
    let mut out = Vec::new();
    for n in &new.evidence.documents {
        let after = DocumentState::of(n, d_new);
        let before = find(&old.evidence.documents, &n.id).map(|o| DocumentState::of(&o, d_old));
        let expired_now = n.expires.is_some_and(|e| e < d_new);
        let kind = match &before {
            None => DocumentKind::Added,
            Some(b) if b.sha256 != after.sha256 || b.path != after.path => DocumentKind::Replaced,
            Some(b)
                if b.title != after.title
                    || b.issued != after.issued
                    || b.expires != after.expires =>
            {
                DocumentKind::Updated
            }
            Some(_) => DocumentKind::Unchanged,
        };
        let was_expired = before
            .as_ref()
            .is_some_and(|b| b.expires.is_some_and(|e| e < disclosed));
        let newly_expired = expired_now && !was_expired;
        if kind == DocumentKind::Unchanged && !newly_expired {
            continue;
        }
        out.push(DocumentChange {
            id: n.id.clone(),
            kind,
            newly_expired,
            before,
            after: Some(after),
            change: if newly_expired {
                Change::Regression
            } else {
                Change::Changed
            },
        });
    }
    for o in &old.evidence.documents {
        if new.evidence.documents.iter().all(|n| n.id != o.id) {
            out.push(DocumentChange {
                id: o.id.clone(),
                kind: DocumentKind::Removed,
                newly_expired: false,
                before: Some(DocumentState::of(o, d_old)),
                after: None,
                change: Change::Changed,
            });
        }
    }
    out
}

/// Better or worse for one SLA key, from the one direction table next to the SLA keys.
fn sla_change(key: &str, before: &Value, after: &Value) -> Change {
    match (before, after) {
        (Value::Null, _) => Change::Improvement,
        (_, Value::Null) => Change::Regression,
        (a, b) => {
            let num = |v: &Value| match v {
                Value::Bool(x) => Some(f64::from(u8::from(*x))),
                v => v.as_f64(),
            };
            match (sla_direction(key), num(a), num(b)) {
                (Better::Higher, Some(x), Some(y)) => x
                    .partial_cmp(&y)
                    .map(|o| o.reverse())
                    .and_then(Change::of)
                    .unwrap_or(Change::Changed),
                (Better::Lower, Some(x), Some(y)) => x
                    .partial_cmp(&y)
                    .and_then(Change::of)
                    .unwrap_or(Change::Changed),
                _ => Change::Changed,
            }
        }
    }
}

fn sla(old: &Evidence, new: &Evidence) -> Vec<SlaChange> {
    let (o, n) = (
        serde_json::to_value(&old.sla).unwrap_or(Value::Null),
        serde_json::to_value(&new.sla).unwrap_or(Value::Null),
    );
    SLA_KEYS
        .iter()
        .filter_map(|key| {
            let before = o.get(key).cloned().unwrap_or(Value::Null);
            let after = n.get(key).cloned().unwrap_or(Value::Null);
            if before == after {
                return None;
            }
            let (label, label_en) = sla_field(key).map_or((*key, *key), |f| (f.label, f.label_en));
            Some(SlaChange {
                key: key.to_string(),
                label: label.to_string(),
                label_en: label_en.to_string(),
                change: sla_change(key, &before, &after),
                direction: sla_direction(key),
                before,
                after,
            })
        })
        .collect()
}

/// Dotted versions compared part by part, numerically where both parts are numbers.
fn version_after(v: &str, since: &str) -> bool {
    let parts = |s: &str| -> Vec<String> { s.split('.').map(str::to_string).collect() };
    let (a, b) = (parts(v), parts(since));
    for (x, y) in a.iter().zip(&b) {
        let ord = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ => x.cmp(y),
        };
        if ord != std::cmp::Ordering::Equal {
            return ord == std::cmp::Ordering::Greater;
        }
    }
    a.len() > b.len()
}

fn catalog_changes(
    catalog: &Catalog,
    old: &Evidence,
    new: &Evidence,
    opts: &DiffOptions,
) -> Vec<CatalogChange> {
    let recent = |v: Option<&str>| match (&opts.since_catalog, v) {
        (None, _) => true,
        (Some(since), Some(v)) => version_after(v, since),
        (Some(_), None) => true,
    };
    let mut out = Vec::new();
    for c in &catalog.withdrawn {
        let (in_old, in_new) = (
            old.answers.contains_key(c.id.as_str()),
            new.answers.contains_key(c.id.as_str()),
        );
        if (in_old || in_new) && recent(c.withdrawn_in.as_deref()) {
            out.push(CatalogChange::Withdrawn {
                id: c.id.to_string(),
                withdrawn_in: c.withdrawn_in.as_deref().map(str::to_owned),
                replaced_by: c.replaced_by.iter().map(|s| s.to_string()).collect(),
                in_old,
                in_new,
            });
        }
    }
    // Renames only matter against the catalog the old file was written for, which the file
    // does not record: they are listed when the user names it.
    let Some(since) = opts.since_catalog.as_deref() else {
        return out;
    };
    for c in &catalog.controls {
        if !(old.answers.contains_key(c.id.as_str()) || new.answers.contains_key(c.id.as_str())) {
            continue;
        }
        // Newest first: the latest former title still in use at `since` is the one the old
        // file was written under.
        if let Some(f) = c
            .former_titles
            .iter()
            .find(|f| !version_after(since, &f.until))
        {
            out.push(CatalogChange::Renamed {
                id: c.id.to_string(),
                until: f.until.to_string(),
                former: f.title.to_string(),
                title: c.title.to_string(),
            });
        }
    }
    out
}

fn side(v: &Version) -> Side {
    Side {
        source: v.source.clone(),
        sha256: v.sha256.to_string(),
        as_of: v.report.as_of,
        version: v.evidence.vendor.version.clone(),
        prepared_on: v.evidence.vendor.prepared_on,
        score: v.report.overall.score,
        verdict: v.report.overall.verdict,
    }
}

/// Compares two scored versions of an evidence file.
pub fn diff(catalog: &Catalog, old: &Version, new: &Version, opts: &DiffOptions) -> EvidenceDiff {
    let (ro, rn) = (old.report, new.report);
    let overall = score_change(
        "overall",
        "総合",
        "overall",
        ro.overall.score,
        rn.overall.score,
    );
    let verdict = Change::of(rn.overall.verdict.cmp(&ro.overall.verdict));
    let areas = catalog
        .areas
        .iter()
        .filter_map(|a| {
            let (before, after) = (
                ro.area(&a.id).and_then(|s| s.score),
                rn.area(&a.id).and_then(|s| s.score),
            );
            (before != after).then(|| score_change(&a.id, &a.title, &a.title_en, before, after))
        })
        .collect();
    EvidenceDiff {
        catalog: rn.catalog.clone(),
        old: side(old),
        new: side(new),
        overall: if ro.overall.score == rn.overall.score {
            ScoreChange {
                change: Change::Changed,
                ..overall
            }
        } else {
            overall
        },
        verdict,
        areas,
        controls: controls(catalog, old, new),
        documents: documents(old, new, opts),
        sla: sla(old.evidence, new.evidence),
        catalog_changes: catalog_changes(catalog, old.evidence, new.evidence, opts),
    }
}

/// The day the old version counts as disclosed by default: the day it was prepared, but
/// never after the new version's date.
pub fn default_old_date(old: &Evidence, new_as_of: NaiveDate) -> NaiveDate {
    old.vendor.prepared_on.min(new_as_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{self, CatalogSource};
    use crate::evidence::{self, LoadOptions, Status};
    use std::path::Path;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn typical() -> Evidence {
        let catalog = catalog::load(&CatalogSource::Embedded).expect("catalog");
        evidence::load(
            Path::new("samples/typical/evidence.toml"),
            &catalog,
            &LoadOptions {
                check_files: false,
                as_of: d("2026-12-01"),
            },
        )
        .expect("sample")
        .evidence
    }

    fn run(old: &Evidence, new: &Evidence, on_old: &str, on_new: &str) -> EvidenceDiff {
        run_with(old, new, on_old, on_new, DiffOptions::default())
    }

    fn run_with(
        old: &Evidence,
        new: &Evidence,
        on_old: &str,
        on_new: &str,
        opts: DiffOptions,
    ) -> EvidenceDiff {
        let catalog = catalog::load(&CatalogSource::Embedded).expect("catalog");
        let ro = crate::score::score(&catalog, old, None, d(on_old));
        let rn = crate::score::score(&catalog, new, None, d(on_new));
        diff(
            &catalog,
            &Version {
                source: "old".into(),
                sha256: "a",
                evidence: old,
                report: &ro,
            },
            &Version {
                source: "new".into(),
                sha256: "b",
                evidence: new,
                report: &rn,
            },
            &opts,
        )
    }

    #[test]
    fn the_same_file_on_the_same_day_has_no_changes() {
        let e = typical();
        let r = run(&e, &e, "2026-12-01", "2026-12-01");
        assert!(r.is_empty(), "{r:#?}");
        assert!(!r.has_regression());
    }

    #[test]
    fn a_regressed_answer_is_a_regression_and_its_statement_is_diffed() {
        let old = typical();
        let mut new = old.clone();
        let (id, a) = new
            .answers
            .iter_mut()
            .find(|(_, a)| a.status == Status::Implemented && a.statement.is_some())
            .expect("an implemented answer");
        let id = id.clone();
        a.status = Status::NotImplemented;
        a.statement = Some(format!(
            "{}（見直し中）",
            a.statement.as_deref().unwrap_or("")
        ));
        let r = run(&old, &new, "2026-12-01", "2026-12-01");
        let c = r.controls.iter().find(|c| c.id == id).expect("listed");
        assert_eq!(c.change, Change::Regression);
        let runs = c.statement.as_ref().expect("statement diff");
        assert_eq!(runs.last().map(|r| r.text.as_str()), Some("（見直し中）"));
        assert!(r.has_regression());
        // And the other way round it is an improvement.
        let back = run(&new, &old, "2026-12-01", "2026-12-01");
        let c = back.controls.iter().find(|c| c.id == id).expect("listed");
        assert_eq!(c.change, Change::Improvement);
    }

    #[test]
    fn sla_directions_decide_better_and_worse() {
        let old = typical();
        let mut new = old.clone();
        new.sla.rto_hours = Some(new.sla.rto_hours.unwrap_or(8.0) + 4.0);
        new.sla.availability_percent = Some(99.99);
        new.sla.data_location = Some("日本国内（東京リージョン）".into());
        let r = run(&old, &new, "2026-12-01", "2026-12-01");
        let by_key = |k: &str| r.sla.iter().find(|s| s.key == k).map(|s| s.change);
        assert_eq!(by_key("rto_hours"), Some(Change::Regression));
        assert_eq!(by_key("availability_percent"), Some(Change::Improvement));
        assert_eq!(by_key("data_location"), Some(Change::Changed));
        assert_eq!(r.sla.len(), 3);
        assert_eq!(
            sla_change("backup_offline", &Value::Bool(false), &Value::Bool(true)),
            Change::Improvement
        );
        assert_eq!(
            sla_change("rpo_hours", &Value::from(24.0), &Value::Null),
            Change::Regression
        );
    }

    #[test]
    fn an_expired_certificate_is_newly_expired() {
        let old = typical();
        let new = old.clone();
        // The same file judged two years after it was disclosed: documents that expired in
        // between. Judged on one date, nothing was edited, so only the documents show.
        let opts = DiffOptions {
            old_disclosed_on: Some(d("2026-12-01")),
            ..DiffOptions::default()
        };
        let r = run_with(&old, &new, "2028-12-01", "2028-12-01", opts);
        let expired: Vec<&str> = r
            .documents
            .iter()
            .filter(|d| d.newly_expired)
            .map(|d| d.id.as_str())
            .collect();
        assert!(expired.contains(&"D-POLICY"), "{expired:?}");
        assert!(r
            .documents
            .iter()
            .all(|d| d.kind == DocumentKind::Unchanged));
        assert!(r.has_regression());
    }

    #[test]
    fn documents_added_removed_and_replaced() {
        let old = typical();
        let mut new = old.clone();
        new.documents[0].sha256 = Some("0".repeat(64));
        let removed = new.documents.remove(1);
        new.documents.push(EvidenceDocument {
            id: "D-NEW".into(),
            title: "新しい規程".into(),
            path: None,
            sha256: None,
            issued: None,
            expires: None,
        });
        let r = run(&old, &new, "2026-12-01", "2026-12-01");
        let kind = |id: &str| r.documents.iter().find(|d| d.id == id).map(|d| d.kind);
        assert_eq!(kind(&old.documents[0].id), Some(DocumentKind::Replaced));
        assert_eq!(kind(&removed.id), Some(DocumentKind::Removed));
        assert_eq!(kind("D-NEW"), Some(DocumentKind::Added));
    }

    #[test]
    fn versions_compare_numerically() {
        assert!(version_after("2026.12.0", "2026.6.1"));
        assert!(!version_after("2026.6.1", "2026.12.0"));
        assert!(!version_after("2026.12.0", "2026.12.0"));
        assert!(version_after("2026.12.0.1", "2026.12.0"));
    }
}
