//! Why every number is what it is (`sansho score --explain`).
//!
//! An auditor retraces a score clause by clause of `docs/scoring.md`. The facts behind a
//! control's credit ([`CreditReason`]: the clause that decided it, each cited document's
//! validity, the planned date against the horizon) are recorded by `score_control` while it
//! scores, so the explanation can never disagree with the score; [`explain`] only arranges
//! them with the report's own sums and verdict lists. Nothing here computes a credit.

use super::{ControlScore, ScoreReport, Tally, Verdict, WeightSource};
use crate::catalog::Level;
use crate::evidence::EvidenceDocument;
use chrono::NaiveDate;
use serde::Serialize;

/// The case of clause 3 or 4 of the rule that decided a control's credit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CreditClause {
    /// Clause 3: `applies_if` names a scope flag the evidence does not set.
    OutOfScope,
    /// Clause 4: `not_applicable` with a reason — excluded, not in the denominator.
    NotApplicable,
    /// Clause 4: `implemented` and at least one cited document is valid → 1.0.
    ImplementedWithValidDocument,
    /// Clause 4: `implemented`, documents cited but none valid → 0.5.
    ImplementedWithoutValidDocument,
    /// Clause 4: `implemented` without any cited document → 0.5.
    ImplementedWithoutDocument,
    /// Clause 4: `partial` → 0.5.
    Partial,
    /// Clause 4: `planned` → 0.
    Planned,
    /// Clause 4: `not_implemented` → 0.
    NotImplemented,
    /// Clause 4: no answer → 0.
    #[default]
    Unanswered,
}

impl CreditClause {
    /// The credit the clause gives; `None` when the control is left out of the score.
    pub fn credit(self) -> Option<f64> {
        match self {
            CreditClause::OutOfScope | CreditClause::NotApplicable => None,
            CreditClause::ImplementedWithValidDocument => Some(1.0),
            CreditClause::ImplementedWithoutValidDocument
            | CreditClause::ImplementedWithoutDocument
            | CreditClause::Partial => Some(0.5),
            CreditClause::Planned | CreditClause::NotImplemented | CreditClause::Unanswered => {
                Some(0.0)
            }
        }
    }

    /// The clause number in `docs/scoring.md`.
    pub fn number(self) -> &'static str {
        match self {
            CreditClause::OutOfScope => "3",
            _ => "4",
        }
    }

    /// The stable name (`implemented-with-valid-document`).
    pub fn as_str(self) -> &'static str {
        match self {
            CreditClause::OutOfScope => "out-of-scope",
            CreditClause::NotApplicable => "not-applicable",
            CreditClause::ImplementedWithValidDocument => "implemented-with-valid-document",
            CreditClause::ImplementedWithoutValidDocument => "implemented-without-valid-document",
            CreditClause::ImplementedWithoutDocument => "implemented-without-document",
            CreditClause::Partial => "partial",
            CreditClause::Planned => "planned",
            CreditClause::NotImplemented => "not-implemented",
            CreditClause::Unanswered => "unanswered",
        }
    }

    /// The clause's case in words.
    pub fn describe(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            CreditClause::OutOfScope => lang.pick(
                "applies_if の範囲フラグが立っていないため対象外（採点・判定に入らない）",
                "out of scope: the applies_if flag is not set (neither scored nor judged)",
            ),
            CreditClause::NotApplicable => lang.pick(
                "該当なし（理由つき）のため除外（分母に入らない）",
                "not applicable (with a reason): excluded, not in the denominator",
            ),
            CreditClause::ImplementedWithValidDocument => lang.pick(
                "対応済みで、引用した資料のうち有効なものがある → 1.0",
                "implemented, and a cited document is valid → 1.0",
            ),
            CreditClause::ImplementedWithoutValidDocument => lang.pick(
                "対応済みだが、引用した資料がどれも基準日に有効でない → 0.5",
                "implemented, but no cited document is valid on the as-of date → 0.5",
            ),
            CreditClause::ImplementedWithoutDocument => lang.pick(
                "対応済みだが、資料の引用がない → 0.5",
                "implemented, but no document is cited → 0.5",
            ),
            CreditClause::Partial => lang.pick("一部対応 → 0.5", "partial → 0.5"),
            CreditClause::Planned => lang.pick("対応予定 → 0", "planned → 0"),
            CreditClause::NotImplemented => lang.pick("未対応 → 0", "not implemented → 0"),
            CreditClause::Unanswered => lang.pick("回答なし → 0", "no answer → 0"),
        }
    }
}

/// Whether a cited document counts on the as-of date (clause 2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Validity {
    /// Issued (if set) on or before the date and expiring (if set) on or after it.
    #[default]
    Valid,
    /// Expired before the as-of date.
    Expired,
    /// Issued after the as-of date.
    NotYetIssued,
    /// The id is not in `documents`.
    Unknown,
}

/// One cited document as scoring saw it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DocumentCheck {
    /// The cited id.
    pub id: String,
    /// Its title, when the id is listed.
    pub title: Option<String>,
    /// Issue date, when set.
    pub issued: Option<NaiveDate>,
    /// Expiry date, when set.
    pub expires: Option<NaiveDate>,
    /// The verdict of clause 2 on the as-of date.
    pub validity: Validity,
}

impl DocumentCheck {
    /// Judges the cited `id` against the evidence's documents on `as_of` (a valid listing
    /// wins over an invalid one with the same id).
    pub(super) fn of(id: &str, documents: &[EvidenceDocument], as_of: NaiveDate) -> Self {
        let mut same = documents.iter().filter(|d| d.id == id);
        let doc = same
            .clone()
            .find(|d| d.is_valid_on(as_of))
            .or_else(|| same.next());
        let Some(doc) = doc else {
            return DocumentCheck {
                id: id.to_string(),
                validity: Validity::Unknown,
                ..DocumentCheck::default()
            };
        };
        let validity = if doc.is_valid_on(as_of) {
            Validity::Valid
        } else if doc.expires.is_some_and(|e| e < as_of) {
            Validity::Expired
        } else {
            Validity::NotYetIssued
        };
        DocumentCheck {
            id: id.to_string(),
            title: Some(doc.title.clone()),
            issued: doc.issued,
            expires: doc.expires,
            validity,
        }
    }
}

/// A planned control's date against the horizon of clause 7 (as-of + 365 days).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PlannedCheck {
    /// The target date, when given.
    pub date: Option<NaiveDate>,
    /// The as-of date + 365 days.
    pub horizon: NaiveDate,
    /// True when the date is on or before the horizon (it then allows `conditional`).
    pub within_horizon: bool,
}

/// What decided one control's credit, recorded by the scoring code itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CreditReason {
    /// The clause and case that gave the credit.
    pub clause: CreditClause,
    /// Every cited document, in the answer's order.
    pub documents: Vec<DocumentCheck>,
    /// The planned date against the horizon, for planned controls.
    pub planned: Option<PlannedCheck>,
}

/// One control's line of the explanation.
#[derive(Clone, Debug, Serialize)]
pub struct ControlExplanation<'a> {
    /// Control id.
    pub id: &'a str,
    /// Area id.
    pub area: &'a str,
    /// Japanese title.
    pub title: &'a str,
    /// English title.
    pub title_en: &'a str,
    /// The level used (the profile may raise it, clause 9).
    pub level: Level,
    /// True when the profile made a recommended control required.
    pub required_by_profile: bool,
    /// The status key (`unanswered` for no answer).
    pub status: &'static str,
    /// Clause number of `docs/scoring.md` (3 or 4).
    pub clause: &'static str,
    /// The case of the clause.
    pub case: CreditClause,
    /// The credit given.
    pub credit: Option<f64>,
    /// The weight used.
    pub weight: u32,
    /// Where the weight came from.
    pub weight_source: WeightSource,
    /// Clause deciding the weight: 5 (catalog, level) or 9 (profile).
    pub weight_clause: &'static str,
    /// The documents looked at.
    pub documents: &'a [DocumentCheck],
    /// The planned date against the horizon.
    pub planned: Option<PlannedCheck>,
}

/// The sum behind one score (clause 6).
#[derive(Clone, Debug, Serialize)]
pub struct AreaExplanation<'a> {
    /// Area id, or `overall`.
    pub area: &'a str,
    /// Japanese title.
    pub title: &'a str,
    /// English title.
    pub title_en: &'a str,
    /// Controls in the score.
    pub scored: usize,
    /// Σ weight × credit.
    pub points: f64,
    /// Σ weight.
    pub max_points: u64,
    /// 100 × points ÷ max_points, rounded half up to one decimal (`null` when max is 0).
    pub score: Option<f64>,
}

impl<'a> AreaExplanation<'a> {
    fn of(area: &'a str, title: &'a str, title_en: &'a str, t: &Tally) -> Self {
        AreaExplanation {
            area,
            title,
            title_en,
            scored: t.scored,
            points: t.points,
            max_points: t.max_points,
            score: t.score(),
        }
    }
}

/// The verdict and the case of clause 7 that gave it.
#[derive(Clone, Debug, Serialize)]
pub struct VerdictExplanation<'a> {
    /// The verdict.
    pub verdict: Verdict,
    /// Always `7`.
    pub clause: &'static str,
    /// Required controls in the score (applicable, not excluded).
    pub required_scored: usize,
    /// Required controls below full credit.
    pub required_gaps: &'a [String],
    /// Required controls that prevent `conditional`.
    pub blocking: &'a [String],
}

/// The whole explanation, in the shape of `score --explain --format json`.
#[derive(Clone, Debug, Serialize)]
pub struct Explanation<'a> {
    /// The as-of date D (clause 1).
    pub as_of: NaiveDate,
    /// Where the rule is written.
    pub rule: &'static str,
    /// The controls asked for (all when none was named), in catalog order.
    pub controls: Vec<ControlExplanation<'a>>,
    /// Every area's sum, in catalog order.
    pub areas: Vec<AreaExplanation<'a>>,
    /// The overall sum over all areas' controls together.
    pub overall: AreaExplanation<'a>,
    /// The verdict.
    pub verdict: VerdictExplanation<'a>,
}

fn control_line(c: &ControlScore) -> ControlExplanation<'_> {
    ControlExplanation {
        id: &c.id,
        area: &c.area,
        title: &c.title,
        title_en: &c.title_en,
        level: c.level,
        required_by_profile: c.required_by_profile,
        status: super::status_key(c.status),
        clause: c.reason.clause.number(),
        case: c.reason.clause,
        credit: c.credit,
        weight: c.weight,
        weight_source: c.weight_source,
        weight_clause: match c.weight_source {
            WeightSource::Level | WeightSource::Catalog => "5",
            WeightSource::ProfileArea | WeightSource::ProfileControl => "9",
        },
        documents: &c.reason.documents,
        planned: c.reason.planned,
    }
}

/// Arranges a report's recorded reasons, sums and verdict lists for people; `only` limits
/// the control lines to those ids (all controls when empty). Ids not in the report are
/// ignored; the caller checks them against the catalog.
pub fn explain<'a>(report: &'a ScoreReport, only: &[String]) -> Explanation<'a> {
    let controls = report
        .controls
        .iter()
        .filter(|c| only.is_empty() || only.iter().any(|x| *x == c.id))
        .map(control_line)
        .collect();
    let areas = report
        .areas
        .iter()
        .map(|a| AreaExplanation::of(&a.area, &a.title, &a.title_en, &a.tally))
        .collect();
    let o = &report.overall;
    let required_scored = report
        .controls
        .iter()
        .filter(|c| c.is_required() && c.is_scored())
        .count();
    Explanation {
        as_of: report.as_of,
        rule: "docs/scoring.md",
        controls,
        areas,
        overall: AreaExplanation::of("overall", "総合", "overall", &o.tally),
        verdict: VerdictExplanation {
            verdict: o.verdict,
            clause: "7",
            required_scored,
            required_gaps: &o.required_gaps,
            blocking: &o.blocking,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{self, CatalogSource};
    use crate::evidence::Status;
    use crate::evidence::{self, LoadOptions};
    use std::path::Path;

    fn typical() -> ScoreReport {
        let catalog = catalog::load(&CatalogSource::Embedded).expect("catalog");
        let as_of = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        let loaded = evidence::load(
            Path::new("samples/typical/evidence.toml"),
            &catalog,
            &LoadOptions {
                check_files: false,
                as_of,
            },
        )
        .expect("sample loads");
        super::super::score(&catalog, &loaded.evidence, None, as_of)
    }

    #[test]
    fn every_reason_gives_the_credit_the_report_holds() {
        let report = typical();
        for c in &report.controls {
            assert_eq!(c.reason.clause.credit(), c.credit, "{}", c.id);
            let valid: Vec<&str> = c
                .reason
                .documents
                .iter()
                .filter(|d| d.validity == Validity::Valid)
                .map(|d| d.id.as_str())
                .collect();
            assert_eq!(valid, c.valid_evidence, "{}", c.id);
            assert_eq!(
                c.reason.planned.is_some(),
                c.status == Some(Status::Planned),
                "{}",
                c.id
            );
        }
    }

    #[test]
    fn the_sums_are_the_reports_and_a_selection_keeps_them() {
        let report = typical();
        let all = explain(&report, &[]);
        assert_eq!(all.controls.len(), report.controls.len());
        assert_eq!(all.overall.score, report.overall.score);
        let points: f64 = report
            .controls
            .iter()
            .filter_map(|c| c.credit.map(|x| x * f64::from(c.weight)))
            .sum();
        assert!((all.overall.points - points).abs() < 1e-9);
        let one = explain(&report, &["TEC-07".to_string()]);
        assert_eq!(one.controls.len(), 1);
        assert_eq!(one.controls[0].id, "TEC-07");
        assert_eq!(one.overall.points, all.overall.points);
        assert_eq!(one.verdict.verdict, report.overall.verdict);
    }

    #[test]
    fn documents_are_judged_as_clause_2_says() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let doc = |id: &str, issued: &str, expires: &str| EvidenceDocument {
            id: id.into(),
            title: format!("{id} title"),
            path: None,
            sha256: None,
            issued: Some(d(issued)),
            expires: Some(d(expires)),
        };
        let docs = vec![
            doc("A", "2025-01-01", "2026-11-30"),
            doc("B", "2027-01-01", "2028-01-01"),
            doc("C", "2026-01-01", "2026-12-01"),
        ];
        let on = d("2026-12-01");
        let v = |id: &str| DocumentCheck::of(id, &docs, on).validity;
        assert_eq!(v("A"), Validity::Expired);
        assert_eq!(v("B"), Validity::NotYetIssued);
        assert_eq!(v("C"), Validity::Valid, "the expiry day itself is valid");
        assert_eq!(v("Z"), Validity::Unknown);
        assert_eq!(
            DocumentCheck::of("A", &docs, on).title.as_deref(),
            Some("A title")
        );
    }
}
