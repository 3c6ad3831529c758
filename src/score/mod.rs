//! Scoring: turns an evidence file into scores, a verdict and findings a hospital can act on.
//!
//! The rule is deliberately small enough to print on one page and defend to an auditor
//! (`docs/scoring.md`). [`score`] is pure — no I/O, no clock — and its [`ScoreReport`] is the
//! one result every later stage reads: the CLI prints it, the renderer lays it out, other
//! tools read its JSON. Nothing downstream recomputes a score.
//!
//! Credits are kept in halves (0, ½, 1) and weights are integers, so every score is computed
//! exactly and rounded once, half up, to one decimal.

use crate::catalog::{Catalog, CatalogStr, Control, Level};
use crate::evidence::{Evidence, Status, SLA_KEYS};
use crate::i18n::{format_date, Lang, Text};
use crate::profile::{display_value, number, sla_field, Profile, SlaRule, WeightOverride};
use crate::text;
use chrono::{Days, NaiveDate};
use serde::{Serialize, Serializer};
use serde_json::Value;

mod explain;
pub use explain::{
    explain, AreaExplanation, ControlExplanation, CreditClause, CreditReason, DocumentCheck,
    Explanation, PlannedCheck, Validity, VerdictExplanation,
};

/// How many days after the as-of date a planned control may be due and still count towards
/// a conditional verdict.
pub const PLANNED_HORIZON_DAYS: u64 = 365;

/// Everything `sansho score` found, in the shape of the JSON contract.
#[derive(Clone, Debug, Serialize)]
pub struct ScoreReport {
    /// The date documents and planned dates were judged against.
    pub as_of: NaiveDate,
    /// Which catalog the evidence was scored against.
    pub catalog: CatalogRef,
    /// Who was scored.
    pub vendor: VendorRef,
    /// The overall score and verdict.
    pub overall: Overall,
    /// One entry per catalog area, in catalog order.
    pub areas: Vec<AreaScore>,
    /// One entry per catalog control, in catalog order.
    pub controls: Vec<ControlScore>,
    /// What needs attention, most severe first, then in catalog order.
    pub findings: Vec<Finding>,
    /// The hospital profile's result, only when a profile was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<ProfileResult>,
    /// SLA values that contradict each other, the vendor's own answers, the profile or the
    /// catalog's minimums ([`sla_checks`]).
    pub sla_checks: Vec<sla_checks::SlaCheck>,
}

/// The catalog's identity, printed in every result so that scores can be reproduced.
#[derive(Clone, Debug, Serialize)]
pub struct CatalogRef {
    /// Catalog id (`sansho-3sho2`).
    pub id: CatalogStr,
    /// Catalog version.
    pub version: CatalogStr,
}

/// The vendor and service, so that a result stands on its own.
#[derive(Clone, Debug, Serialize)]
pub struct VendorRef {
    /// Company name.
    pub name: String,
    /// Service name.
    pub service: String,
    /// Version of the disclosure.
    pub version: Option<String>,
}

/// The verdict of the rule, best last so that `Ord` means "at least as good".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// 不適合: some required control is missing or planned too late.
    Nonconformant,
    /// 条件付き適合: every required control is at least partial or planned within a year.
    Conditional,
    /// 適合: every required control is fully implemented with valid evidence.
    Conformant,
}

impl Verdict {
    /// The label used in documents: 適合 / 条件付き適合 / 不適合.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Conformant => lang.pick("適合", "conformant"),
            Verdict::Conditional => lang.pick("条件付き適合", "conditionally conformant"),
            Verdict::Nonconformant => lang.pick("不適合", "nonconformant"),
        }
    }

    /// The serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Conformant => "conformant",
            Verdict::Conditional => "conditional",
            Verdict::Nonconformant => "nonconformant",
        }
    }

    /// The verdict named by its serialized form, so that a recorded verdict (a bundle's
    /// manifest) can be shown with its label rather than its key.
    pub fn from_key(key: &str) -> Option<Verdict> {
        [
            Verdict::Conformant,
            Verdict::Conditional,
            Verdict::Nonconformant,
        ]
        .into_iter()
        .find(|v| v.as_str() == key)
    }
}

/// How much a finding matters, most severe first so that `Ord` sorts findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A required control earns nothing.
    Critical,
    /// A required control earns less than full credit.
    Major,
    /// A recommended control earns less than full credit.
    Minor,
    /// Worth knowing; the control's credit is not reduced.
    Info,
}

impl Severity {
    /// Every severity, most severe first.
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::Major,
        Severity::Minor,
        Severity::Info,
    ];

    /// Label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Critical => lang.pick("重大", "critical"),
            Severity::Major => lang.pick("重要", "major"),
            Severity::Minor => lang.pick("軽微", "minor"),
            Severity::Info => lang.pick("情報", "info"),
        }
    }

    /// The serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Major => "major",
            Severity::Minor => "minor",
            Severity::Info => "info",
        }
    }

    /// The severity of a control's findings: from whether it is required and its credit.
    fn of(required: bool, credit: Option<f64>) -> Severity {
        match (required, credit) {
            (true, Some(c)) if c <= 0.0 => Severity::Critical,
            (true, Some(c)) if c < 1.0 => Severity::Major,
            (false, Some(c)) if c < 1.0 => Severity::Minor,
            _ => Severity::Info,
        }
    }
}

/// Where a control's weight came from, so an auditor can retrace the arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightSource {
    /// The level's default (3 required, 1 recommended).
    Level,
    /// The control's own `weight` in the catalog.
    Catalog,
    /// The profile's entry for the control's area.
    ProfileArea,
    /// The profile's entry for the control itself.
    ProfileControl,
}

/// One control's result.
#[derive(Clone, Debug, Serialize)]
pub struct ControlScore {
    /// Control id.
    pub id: CatalogStr,
    /// Area id.
    pub area: CatalogStr,
    /// Japanese title.
    pub title: CatalogStr,
    /// English title.
    pub title_en: CatalogStr,
    /// The level scoring used: the catalog's, or `required` when the profile raised it.
    pub level: Level,
    /// True when the catalog recommends the control and the profile makes it required.
    pub required_by_profile: bool,
    /// False when the control depends on a scope flag the evidence does not set.
    pub applicable: bool,
    /// The vendor's status; `unanswered` when there is no answer.
    #[serde(serialize_with = "status_or_unanswered")]
    pub status: Option<Status>,
    /// 1, 0.5 or 0; `null` when not applicable or answered `not_applicable` (excluded).
    pub credit: Option<f64>,
    /// The weight scoring used.
    pub weight: u32,
    /// Where the weight came from.
    pub weight_source: WeightSource,
    /// Target date when planned.
    pub planned_date: Option<NaiveDate>,
    /// Cited documents valid on the as-of date.
    pub valid_evidence: Vec<String>,
    /// Cited documents not valid on the as-of date (expired, not yet issued or unknown).
    pub invalid_evidence: Vec<String>,
    /// Why the control earned its credit, recorded while scoring it (`score --explain`).
    #[serde(skip)]
    pub reason: CreditReason,
}

impl ControlScore {
    /// Whether the control keeps the verdict at `conditional` or better (clause 7):
    /// implemented, partial, or planned no later than the as-of date + 365 days.
    pub fn allows_conditional(&self) -> bool {
        counts_as_conditional(self)
    }

    /// Whether the rule treats the control as required (the catalog or the profile says so).
    pub fn is_required(&self) -> bool {
        self.level == Level::Required
    }

    /// Whether the control counts in the score (applicable and not answered N/A).
    pub fn is_scored(&self) -> bool {
        self.credit.is_some()
    }

    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &str {
        lang.pick(&self.title, &self.title_en)
    }
}

fn status_or_unanswered<S: Serializer>(s: &Option<Status>, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(status_key(*s))
}

/// The status key used in outputs: the evidence's status, or `unanswered`.
pub fn status_key(s: Option<Status>) -> &'static str {
    s.map_or("unanswered", Status::as_str)
}

/// The status label in `lang`, with 未回答 for no answer.
pub fn status_label(s: Option<Status>, lang: Lang) -> &'static str {
    s.map_or(lang.pick("未回答", "unanswered"), |s| s.label(lang))
}

/// How many applicable controls have each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    /// 対応.
    pub implemented: usize,
    /// 一部対応.
    pub partial: usize,
    /// 対応予定.
    pub planned: usize,
    /// 未対応.
    pub not_implemented: usize,
    /// 該当なし (excluded from the score).
    pub not_applicable: usize,
    /// 未回答.
    pub unanswered: usize,
}

impl StatusCounts {
    /// The count for one status (`None` = unanswered).
    pub fn get(&self, s: Option<Status>) -> usize {
        match s {
            Some(Status::Implemented) => self.implemented,
            Some(Status::Partial) => self.partial,
            Some(Status::Planned) => self.planned,
            Some(Status::NotImplemented) => self.not_implemented,
            Some(Status::NotApplicable) => self.not_applicable,
            None => self.unanswered,
        }
    }

    fn add(&mut self, s: Option<Status>) {
        *match s {
            Some(Status::Implemented) => &mut self.implemented,
            Some(Status::Partial) => &mut self.partial,
            Some(Status::Planned) => &mut self.planned,
            Some(Status::NotImplemented) => &mut self.not_implemented,
            Some(Status::NotApplicable) => &mut self.not_applicable,
            None => &mut self.unanswered,
        } += 1;
    }

    /// Every status in legend order with its count (`None` = unanswered, last).
    pub fn iter(&self) -> impl Iterator<Item = (Option<Status>, usize)> + '_ {
        Status::ALL
            .into_iter()
            .map(Some)
            .chain([None])
            .map(|s| (s, self.get(s)))
    }
}

/// How many findings have each severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SeverityCounts {
    /// Critical findings.
    pub critical: usize,
    /// Major findings.
    pub major: usize,
    /// Minor findings.
    pub minor: usize,
    /// Informational findings.
    pub info: usize,
}

impl SeverityCounts {
    fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        let mut c = SeverityCounts::default();
        for f in findings {
            *match f.severity {
                Severity::Critical => &mut c.critical,
                Severity::Major => &mut c.major,
                Severity::Minor => &mut c.minor,
                Severity::Info => &mut c.info,
            } += 1;
        }
        c
    }

    /// The count for one severity.
    pub fn get(&self, s: Severity) -> usize {
        match s {
            Severity::Critical => self.critical,
            Severity::Major => self.major,
            Severity::Minor => self.minor,
            Severity::Info => self.info,
        }
    }
}

/// The arithmetic behind a score, shared by areas and the whole: what was counted and how.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Tally {
    /// Controls in the catalog (area).
    pub controls: usize,
    /// Controls whose scope applies.
    pub applicable: usize,
    /// Applicable controls not answered N/A: the ones in the score.
    pub scored: usize,
    /// Σ weight × credit.
    pub points: f64,
    /// Σ weight over the scored controls (the denominator).
    pub max_points: u64,
    /// Applicable controls by status.
    pub counts: StatusCounts,
}

impl Tally {
    fn of<'a>(controls: impl IntoIterator<Item = &'a ControlScore>) -> Tally {
        let mut t = Tally::default();
        let mut halves = 0u64;
        for c in controls {
            t.controls += 1;
            if !c.applicable {
                continue;
            }
            t.applicable += 1;
            t.counts.add(c.status);
            if let Some(credit) = c.credit {
                t.scored += 1;
                t.max_points += u64::from(c.weight);
                halves += u64::from(c.weight) * (credit * 2.0).round() as u64;
            }
        }
        t.points = halves as f64 / 2.0;
        t
    }

    /// 100 × points / max_points, rounded half up to one decimal; `None` when nothing counts.
    pub fn score(&self) -> Option<f64> {
        percent((self.points * 2.0).round() as u64, self.max_points)
    }
}

/// 100 × (halves / 2) / weight in tenths, rounded half up with integer arithmetic.
fn percent(halves: u64, weight: u64) -> Option<f64> {
    if weight == 0 {
        return None;
    }
    let (num, den) = (1000 * u128::from(halves), 2 * u128::from(weight));
    let tenths = (2 * num + den) / (2 * den);
    Some(tenths as f64 / 10.0)
}

/// Whether a (rounded) score reaches a threshold; no score never does. Used by every
/// threshold: the profile's `min_overall` and `min_area`, and `--fail-under`.
pub fn score_meets(score: Option<f64>, min: f64) -> bool {
    score.is_some_and(|s| s >= min)
}

/// An SLA value in Japanese prose: あり／なし, 「text」, numbers without `.0`.
fn ja_value(v: &Value) -> String {
    match v {
        Value::Bool(b) => if *b { "あり" } else { "なし" }.to_string(),
        Value::String(s) => format!("「{s}」"),
        Value::Array(items) => items.iter().map(ja_value).collect::<Vec<_>>().join("、"),
        other => display_value(other),
    }
}

/// A profile's SLA rule in Japanese prose: `99.9 以上`, `4 以下`, `「日本国内」`.
fn ja_rule(rule: &SlaRule) -> String {
    match rule {
        SlaRule::Min(v) => format!("{} 以上", number(*v)),
        SlaRule::Max(v) => format!("{} 以下", number(*v)),
        SlaRule::Equals(v) => ja_value(v),
    }
}

/// A score for people: `82.5`, or `—` when there is nothing to score.
pub fn display_score(score: Option<f64>) -> String {
    score.map_or_else(|| "—".to_string(), |s| format!("{s:.1}"))
}

/// The whole evidence file's result.
#[derive(Clone, Debug, Serialize)]
pub struct Overall {
    /// Score over all areas together; `null` when nothing counts.
    pub score: Option<f64>,
    /// The verdict.
    pub verdict: Verdict,
    /// The counts behind the score.
    #[serde(flatten)]
    pub tally: Tally,
    /// Required controls in the score with credit below 1, in catalog order: what stands
    /// between the vendor and `conformant`.
    pub required_gaps: Vec<String>,
    /// Required controls that make the verdict `nonconformant` (unanswered, not implemented,
    /// planned without a date or beyond a year).
    pub blocking: Vec<String>,
    /// Findings by severity.
    pub findings: SeverityCounts,
    /// The counts behind the verdict: required applicable controls by status, with their
    /// points (the verdict's basis, 「必須対策 N 項目中 M 項目対応」).
    pub required: Tally,
    /// Required controls in the score with full credit (1.0).
    pub required_met: usize,
}

/// One area's result.
#[derive(Clone, Debug, Serialize)]
pub struct AreaScore {
    /// Area id.
    pub area: CatalogStr,
    /// Japanese title.
    pub title: CatalogStr,
    /// English title.
    pub title_en: CatalogStr,
    /// Score of the area; `null` when none of its controls counts.
    pub score: Option<f64>,
    /// The counts behind the score.
    #[serde(flatten)]
    pub tally: Tally,
    /// Findings of the area's controls by severity.
    pub findings: SeverityCounts,
}

impl AreaScore {
    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &str {
        lang.pick(&self.title, &self.title_en)
    }
}

/// What a finding is about; the codes are stable, for tools and documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingCode {
    /// No answer for an applicable control (credit 0).
    Unanswered,
    /// Answered `not_implemented` (credit 0).
    NotImplemented,
    /// Answered `partial` (credit 0.5).
    Partial,
    /// Answered `planned` with a date within a year (credit 0).
    Planned,
    /// `planned` with a date before the as-of date (credit 0).
    PlannedOverdue,
    /// `planned` with a date more than 365 days after the as-of date (credit 0).
    PlannedBeyondYear,
    /// `planned` without a date (credit 0).
    PlannedNoDate,
    /// `implemented` without any cited document (credit 0.5).
    NoEvidence,
    /// `implemented`, but none of the cited documents is valid on the as-of date (credit 0.5).
    NoValidEvidence,
    /// A cited document expired before the as-of date.
    ExpiredDocument,
    /// A cited document is issued after the as-of date.
    DocumentNotYetIssued,
    /// A cited document id is not in `documents`.
    UnknownDocument,
    /// The catalog recommends the control, the profile requires it, and it is not met.
    ProfileRequiredControl,
    /// A required control is answered `not_applicable`, which removes it from the score.
    NotApplicableClaimed,
}

impl FindingCode {
    /// Every code, for documentation and tests.
    pub const ALL: [FindingCode; 14] = [
        FindingCode::Unanswered,
        FindingCode::NotImplemented,
        FindingCode::Partial,
        FindingCode::Planned,
        FindingCode::PlannedOverdue,
        FindingCode::PlannedBeyondYear,
        FindingCode::PlannedNoDate,
        FindingCode::NoEvidence,
        FindingCode::NoValidEvidence,
        FindingCode::ExpiredDocument,
        FindingCode::DocumentNotYetIssued,
        FindingCode::UnknownDocument,
        FindingCode::ProfileRequiredControl,
        FindingCode::NotApplicableClaimed,
    ];

    /// The stable code (`no-valid-evidence`).
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::Unanswered => "unanswered",
            FindingCode::NotImplemented => "not-implemented",
            FindingCode::Partial => "partial",
            FindingCode::Planned => "planned",
            FindingCode::PlannedOverdue => "planned-overdue",
            FindingCode::PlannedBeyondYear => "planned-beyond-year",
            FindingCode::PlannedNoDate => "planned-no-date",
            FindingCode::NoEvidence => "no-evidence",
            FindingCode::NoValidEvidence => "no-valid-evidence",
            FindingCode::ExpiredDocument => "expired-document",
            FindingCode::DocumentNotYetIssued => "document-not-yet-issued",
            FindingCode::UnknownDocument => "unknown-document",
            FindingCode::ProfileRequiredControl => "profile-required-control",
            FindingCode::NotApplicableClaimed => "not-applicable-claimed",
        }
    }
}

/// Something about one control that needs attention.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Control id.
    pub control: CatalogStr,
    /// Area id of the control.
    pub area: CatalogStr,
    /// How much it matters (from the control's level and credit).
    pub severity: Severity,
    /// What it is.
    pub code: FindingCode,
    /// What to tell the vendor and the hospital.
    pub message: Text,
    /// The document concerned, for document findings.
    pub document: Option<String>,
}

impl Finding {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            control: &'a str,
            area: &'a str,
            severity: Severity,
            code: FindingCode,
            message: &'a str,
            message_en: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            document: Option<&'a str>,
        }
        Json {
            control: &self.control,
            area: &self.area,
            severity: self.severity,
            code: self.code,
            message: &self.message.ja,
            message_en: &self.message.en,
            document: self.document.as_deref(),
        }
        .serialize(ser)
    }
}

/// The result of a hospital profile.
#[derive(Clone, Debug, Serialize)]
pub struct ProfileResult {
    /// The profile's name.
    pub name: String,
    /// True when every threshold is met.
    pub pass: bool,
    /// Every threshold not met: overall, then areas in catalog order, then SLA keys.
    pub failures: Vec<ProfileFailure>,
    /// Controls the profile makes required, in the profile's order.
    pub required_controls: Vec<String>,
    /// The profile file, when it came from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// SHA-256 of the profile file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// Which kind of threshold a profile failure is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailureCode {
    /// The overall score is below `min_overall` (or there is none).
    MinOverall,
    /// An area's score is below `min_area` (or there is none).
    MinArea,
    /// The evidence states no value for a required SLA key.
    SlaMissing,
    /// An SLA value is below `min`.
    SlaMin,
    /// An SLA value is above `max`.
    SlaMax,
    /// An SLA value differs from `equals`.
    SlaEquals,
}

impl FailureCode {
    /// The stable code (`sla-max`).
    pub fn as_str(self) -> &'static str {
        match self {
            FailureCode::MinOverall => "min-overall",
            FailureCode::MinArea => "min-area",
            FailureCode::SlaMissing => "sla-missing",
            FailureCode::SlaMin => "sla-min",
            FailureCode::SlaMax => "sla-max",
            FailureCode::SlaEquals => "sla-equals",
        }
    }
}

/// One profile threshold that is not met, with the actual and the required value.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileFailure {
    /// What kind of threshold.
    pub code: FailureCode,
    /// What was measured: `overall`, an area id or an SLA key.
    pub key: String,
    /// The actual value (`null` when there is none).
    pub actual: Value,
    /// The requirement, serialized as the profile writes it (`{"min": 85.0}`).
    pub required: SlaRule,
    /// The explanation.
    pub message: Text,
}

impl ProfileFailure {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }
}

impl Serialize for ProfileFailure {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            code: FailureCode,
            key: &'a str,
            actual: &'a Value,
            required: Value,
            message: &'a str,
            message_en: &'a str,
        }
        Json {
            code: self.code,
            key: &self.key,
            actual: &self.actual,
            required: self.required.to_json(),
            message: &self.message.ja,
            message_en: &self.message.en,
        }
        .serialize(ser)
    }
}

impl ScoreReport {
    /// The result of one control.
    pub fn control(&self, id: &str) -> Option<&ControlScore> {
        self.controls.iter().find(|c| c.id == id)
    }

    /// The result of one area.
    pub fn area(&self, id: &str) -> Option<&AreaScore> {
        self.areas.iter().find(|a| a.area == id)
    }

    /// The controls of one area, in catalog order.
    pub fn controls_in<'a>(&'a self, area: &'a str) -> impl Iterator<Item = &'a ControlScore> {
        self.controls.iter().filter(move |c| c.area == area)
    }

    /// Findings of one severity, in catalog order.
    pub fn findings_with(&self, severity: Severity) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.severity == severity)
    }

    /// Findings about one control, most severe first.
    pub fn findings_for<'a>(&'a self, control: &'a str) -> impl Iterator<Item = &'a Finding> {
        self.findings.iter().filter(move |f| f.control == control)
    }

    /// Findings about the controls of one area, most severe first.
    pub fn findings_in<'a>(&'a self, area: &'a str) -> impl Iterator<Item = &'a Finding> {
        self.findings.iter().filter(move |f| f.area == area)
    }

    /// Whether the profile passed; `None` without a profile.
    pub fn profile_passed(&self) -> Option<bool> {
        self.profile.as_ref().map(|p| p.pass)
    }
}

/// Scores an evidence file against the catalog (and a hospital's profile) as of a date.
///
/// Pure: the same inputs always give the same report.
pub fn score(
    catalog: &Catalog,
    evidence: &Evidence,
    profile: Option<&Profile>,
    as_of: NaiveDate,
) -> ScoreReport {
    let horizon = as_of
        .checked_add_days(Days::new(PLANNED_HORIZON_DAYS))
        .unwrap_or(NaiveDate::MAX);
    let controls: Vec<ControlScore> = catalog
        .controls
        .iter()
        .map(|c| score_control(c, evidence, profile, as_of, horizon))
        .collect();

    let mut findings: Vec<Finding> = catalog
        .controls
        .iter()
        .zip(&controls)
        .flat_map(|(c, s)| control_findings(c, s, evidence, profile, as_of, horizon))
        .collect();
    // Stable: within a severity, catalog order and then the order each control emits.
    findings.sort_by_key(|f| f.severity);

    let areas: Vec<AreaScore> = catalog
        .areas
        .iter()
        .map(|a| {
            let tally = Tally::of(controls.iter().filter(|c| c.area == a.id));
            AreaScore {
                area: a.id.clone(),
                title: a.title.clone(),
                title_en: a.title_en.clone(),
                score: tally.score(),
                tally,
                findings: SeverityCounts::of(findings.iter().filter(|f| f.area == a.id)),
            }
        })
        .collect();

    let required: Vec<&ControlScore> = controls
        .iter()
        .filter(|c| c.is_required() && c.is_scored())
        .collect();
    let required_gaps: Vec<String> = required
        .iter()
        .filter(|c| c.credit.is_some_and(|x| x < 1.0))
        .map(|c| c.id.to_string())
        .collect();
    let blocking: Vec<String> = required
        .iter()
        .filter(|c| !counts_as_conditional(c))
        .map(|c| c.id.to_string())
        .collect();
    let verdict = if required_gaps.is_empty() {
        Verdict::Conformant
    } else if blocking.is_empty() {
        Verdict::Conditional
    } else {
        Verdict::Nonconformant
    };
    let tally = Tally::of(&controls);
    let required_met = required
        .iter()
        .filter(|c| c.credit.is_some_and(|x| x >= 1.0))
        .count();
    let overall = Overall {
        score: tally.score(),
        verdict,
        tally,
        required_gaps,
        blocking,
        findings: SeverityCounts::of(&findings),
        required: Tally::of(controls.iter().filter(|c| c.is_required())),
        required_met,
    };
    let sla_checks = sla_checks::check(catalog, evidence, profile);
    let profile = profile.map(|p| profile_result(p, catalog, evidence, &overall, &areas));
    ScoreReport {
        as_of,
        catalog: CatalogRef {
            id: catalog.meta.id.clone(),
            version: catalog.meta.version.clone(),
        },
        vendor: VendorRef {
            name: evidence.vendor.name.clone(),
            service: evidence.vendor.service.clone(),
            version: evidence.vendor.version.clone(),
        },
        overall,
        areas,
        controls,
        findings,
        profile,
        sla_checks,
    }
}

/// A required control allows a conditional verdict when it is implemented, partial, or
/// planned with a date no later than the horizon (as-of + 365 days).
fn counts_as_conditional(c: &ControlScore) -> bool {
    match c.status {
        Some(Status::Implemented | Status::Partial) => true,
        Some(Status::Planned) => c.reason.planned.is_some_and(|p| p.within_horizon),
        _ => false,
    }
}

fn score_control(
    control: &Control,
    evidence: &Evidence,
    profile: Option<&Profile>,
    as_of: NaiveDate,
    horizon: NaiveDate,
) -> ControlScore {
    let required_by_profile =
        control.level == Level::Recommended && profile.is_some_and(|p| p.requires(&control.id));
    let level = if required_by_profile {
        Level::Required
    } else {
        control.level
    };
    let (weight, weight_source) =
        match profile.and_then(|p| p.weight_for(&control.id, &control.area)) {
            Some(WeightOverride::Control(w)) => (w, WeightSource::ProfileControl),
            Some(WeightOverride::Area(w)) => (w, WeightSource::ProfileArea),
            None if control.weight.is_some() => (control.weight(), WeightSource::Catalog),
            None => (control.weight(), WeightSource::Level),
        };
    let applicable = control
        .applies_if
        .is_none_or(|flag| evidence.scope.is_set(flag));
    let answer = evidence.answers.get(control.id.as_str());
    let status = answer.map(|a| a.status);
    let documents: Vec<DocumentCheck> = answer
        .iter()
        .flat_map(|a| &a.evidence)
        .map(|id| DocumentCheck::of(id, &evidence.documents, as_of))
        .collect();
    let (valid_evidence, invalid_evidence): (Vec<&DocumentCheck>, Vec<&DocumentCheck>) = documents
        .iter()
        .partition(|d| d.validity == Validity::Valid);
    let (valid_evidence, invalid_evidence): (Vec<String>, Vec<String>) = (
        valid_evidence.iter().map(|d| d.id.clone()).collect(),
        invalid_evidence.iter().map(|d| d.id.clone()).collect(),
    );
    let clause = match (applicable, status) {
        (false, _) => CreditClause::OutOfScope,
        (true, Some(Status::NotApplicable)) => CreditClause::NotApplicable,
        (true, Some(Status::Implemented)) if !valid_evidence.is_empty() => {
            CreditClause::ImplementedWithValidDocument
        }
        (true, Some(Status::Implemented)) if documents.is_empty() => {
            CreditClause::ImplementedWithoutDocument
        }
        (true, Some(Status::Implemented)) => CreditClause::ImplementedWithoutValidDocument,
        (true, Some(Status::Partial)) => CreditClause::Partial,
        (true, Some(Status::Planned)) => CreditClause::Planned,
        (true, Some(Status::NotImplemented)) => CreditClause::NotImplemented,
        (true, None) => CreditClause::Unanswered,
    };
    let planned_date = answer.and_then(|a| a.planned_date);
    let planned = (status == Some(Status::Planned)).then(|| PlannedCheck {
        date: planned_date,
        horizon,
        within_horizon: planned_date.is_some_and(|d| d <= horizon),
    });
    ControlScore {
        id: control.id.clone(),
        area: control.area.clone(),
        title: control.title.clone(),
        title_en: control.title_en.clone(),
        level,
        required_by_profile,
        applicable,
        status,
        credit: clause.credit(),
        weight,
        weight_source,
        planned_date,
        valid_evidence,
        invalid_evidence,
        reason: CreditReason {
            clause,
            documents,
            planned,
        },
    }
}

fn control_findings(
    control: &Control,
    s: &ControlScore,
    evidence: &Evidence,
    profile: Option<&Profile>,
    as_of: NaiveDate,
    horizon: NaiveDate,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if !s.applicable {
        return out;
    }
    let severity = Severity::of(s.is_required(), s.credit);
    let mut push = |code: FindingCode, message: Text, document: Option<&str>| {
        out.push(Finding {
            control: s.id.clone(),
            area: s.area.clone(),
            severity,
            code,
            message,
            document: document.map(str::to_string),
        });
    };
    let answer = evidence.answers.get(control.id.as_str());
    match (s.status, s.planned_date) {
        (None, _) => push(
            FindingCode::Unanswered,
            text!(["回答がありません（得点 0）。"], ["no answer (credit 0)."]),
            None,
        ),
        (Some(Status::NotImplemented), _) => push(
            FindingCode::NotImplemented,
            text!(["未対応です（得点 0）。"], ["not implemented (credit 0)."]),
            None,
        ),
        (Some(Status::Partial), _) => push(
            FindingCode::Partial,
            text!(
                ["一部対応です（得点 0.5）。"],
                ["partially implemented (credit 0.5)."]
            ),
            None,
        ),
        (Some(Status::Planned), None) => push(
            FindingCode::PlannedNoDate,
            text!(
                ["対応予定ですが目標日がありません（得点 0）。"],
                ["planned without a target date (credit 0)."]
            ),
            None,
        ),
        (Some(Status::Planned), Some(d)) if d < as_of => push(
            FindingCode::PlannedOverdue,
            text!(
                [
                    "対応予定日 {} を過ぎています（基準日 {}、得点 0）。",
                    format_date(d, Lang::Ja),
                    format_date(as_of, Lang::Ja)
                ],
                ["the planned date {d} has passed (as of {as_of}; credit 0)."]
            ),
            None,
        ),
        (Some(Status::Planned), Some(d)) if d > horizon => push(
            FindingCode::PlannedBeyondYear,
            text!(
                [
                    "対応予定日 {} が基準日 {} から 1 年（365 日）より先です（得点 0）。",
                    format_date(d, Lang::Ja),
                    format_date(as_of, Lang::Ja)
                ],
                ["the planned date {d} is more than a year (365 days) after {as_of} (credit 0)."]
            ),
            None,
        ),
        (Some(Status::Planned), Some(d)) => push(
            FindingCode::Planned,
            text!(
                [
                    "{} までに対応予定です（得点 0）。",
                    format_date(d, Lang::Ja)
                ],
                ["planned for {d} (credit 0)."]
            ),
            None,
        ),
        (Some(Status::Implemented), _) if s.credit.is_some_and(|c| c < 1.0) => {
            if answer.is_none_or(|a| a.evidence.is_empty()) {
                push(
                    FindingCode::NoEvidence,
                    text!(
                        ["対応済みとしていますが、根拠資料が示されていません（得点 0.5）。"],
                        ["implemented, but no evidence document is cited (credit 0.5)."]
                    ),
                    None,
                );
            } else {
                push(
                    FindingCode::NoValidEvidence,
                    text!(
                        ["対応済みとしていますが、示された根拠資料が基準日 {} に有効ではありません（得点 0.5）。", format_date(as_of, Lang::Ja)],
                        ["implemented, but none of the cited documents is valid on {as_of} (credit 0.5)."]
                    ),
                    None,
                );
            }
        }
        (Some(Status::NotApplicable), _) if s.is_required() => {
            let reason = answer
                .and_then(|a| a.na_reason.as_deref())
                .map_or("—", |r| r.trim().trim_end_matches(['。', '.']));
            push(
                FindingCode::NotApplicableClaimed,
                text!(
                    ["必須の管理策を「該当なし」として採点から除いています（理由: {reason}）。妥当か確認してください。"],
                    ["a required control is answered not applicable and left out of the score (reason: {reason}); check that it holds."]
                ),
                None,
            );
        }
        _ => {}
    }
    if s.status != Some(Status::NotApplicable) {
        for id in &s.invalid_evidence {
            match evidence.documents.iter().find(|d| &d.id == id) {
                None => push(
                    FindingCode::UnknownDocument,
                    text!(
                        ["根拠資料 {id} が documents にありません。"],
                        ["evidence document {id} is not listed in documents."]
                    ),
                    Some(id),
                ),
                Some(doc) => {
                    let title = &doc.title;
                    if let Some(e) = doc.expires.filter(|e| *e < as_of) {
                        push(
                            FindingCode::ExpiredDocument,
                            text!(
                                ["根拠資料 {id}「{title}」は {} に有効期限が切れています（基準日 {}）。", format_date(e, Lang::Ja), format_date(as_of, Lang::Ja)],
                                ["evidence document {id} \"{title}\" expired on {e} (as of {as_of})."]
                            ),
                            Some(id),
                        );
                    }
                    if let Some(i) = doc.issued.filter(|i| *i > as_of) {
                        push(
                            FindingCode::DocumentNotYetIssued,
                            text!(
                                ["根拠資料 {id}「{title}」の発行日 {} が基準日 {} より後です。", format_date(i, Lang::Ja), format_date(as_of, Lang::Ja)],
                                ["evidence document {id} \"{title}\" is issued on {i}, after {as_of}."]
                            ),
                            Some(id),
                        );
                    }
                }
            }
        }
    }
    if s.required_by_profile && s.credit.is_some_and(|c| c < 1.0) {
        let name = profile.map_or("", |p| p.name.as_str());
        push(
            FindingCode::ProfileRequiredControl,
            text!(
                ["カタログでは推奨ですが、調達要件「{name}」で必須とされています。"],
                ["recommended in the catalog, but required by the profile \"{name}\"."]
            ),
            None,
        );
    }
    out
}

fn profile_result(
    profile: &Profile,
    catalog: &Catalog,
    evidence: &Evidence,
    overall: &Overall,
    areas: &[AreaScore],
) -> ProfileResult {
    let mut failures = Vec::new();
    let score_value = |s: Option<f64>| s.map_or(Value::Null, Value::from);
    if let Some(min) = profile.min_overall {
        if !score_meets(overall.score, min) {
            let (actual, min_s) = (display_score(overall.score), number(min));
            failures.push(ProfileFailure {
                code: FailureCode::MinOverall,
                key: "overall".into(),
                actual: score_value(overall.score),
                required: SlaRule::Min(min),
                message: text!(
                    ["総合スコア {actual} が要件（{min_s} 以上）に届いていません。"],
                    ["the overall score {actual} is below the required {min_s}."]
                ),
            });
        }
    }
    for area in areas {
        let Some(&min) = profile.min_area.get(area.area.as_str()) else {
            continue;
        };
        if score_meets(area.score, min) {
            continue;
        }
        let (actual, min_s) = (display_score(area.score), number(min));
        let (title, title_en) = catalog
            .area(&area.area)
            .map_or((area.area.as_str(), area.area.as_str()), |a| {
                (a.title.as_str(), a.title_en.as_str())
            });
        failures.push(ProfileFailure {
            code: FailureCode::MinArea,
            key: area.area.to_string(),
            actual: score_value(area.score),
            required: SlaRule::Min(min),
            message: if area.score.is_some() {
                text!(
                    ["領域「{title}」のスコア {actual} が要件（{min_s} 以上）に届いていません。"],
                    ["the score of \"{title_en}\", {actual}, is below the required {min_s}."]
                )
            } else {
                text!(
                    ["領域「{title}」には採点できる管理策がありません（要件 {min_s} 以上）。"],
                    ["\"{title_en}\" has no scored control (required: {min_s})."]
                )
            },
        });
    }
    for key in SLA_KEYS {
        let Some(rule) = profile.sla.get(key) else {
            continue;
        };
        let actual = evidence.sla.get(key);
        if rule.is_met_by(&actual) {
            continue;
        }
        let (label, label_en) = sla_field(key).map_or((key, key), |f| (f.label, f.label_en));
        let want = rule.describe();
        let (code, message) =
            if actual.is_null() {
                (
                    FailureCode::SlaMissing,
                    text!(
                    ["SLA「{label}」の値がエビデンスにありません（要件: {}）。", ja_rule(rule)],
                    ["the evidence states no SLA value for {label_en} ({key}); required {want}."]
                ),
                )
            } else {
                let got = display_value(&actual);
                let code = match rule {
                    SlaRule::Min(_) => FailureCode::SlaMin,
                    SlaRule::Max(_) => FailureCode::SlaMax,
                    SlaRule::Equals(_) => FailureCode::SlaEquals,
                };
                (
                    code,
                    text!(
                        [
                            "SLA「{label}」が {} で、要件（{}）を満たしていません。",
                            ja_value(&actual),
                            ja_rule(rule)
                        ],
                        ["SLA {label_en} ({key}) is {got}, which does not meet {want}."]
                    ),
                )
            };
        failures.push(ProfileFailure {
            code,
            key: key.to_string(),
            actual,
            required: rule.clone(),
            message,
        });
    }
    ProfileResult {
        name: profile.name.clone(),
        pass: failures.is_empty(),
        failures,
        required_controls: profile.required_controls.clone(),
        file: profile.source.as_ref().map(|s| s.file.clone()),
        sha256: profile.source.as_ref().map(|s| s.sha256.clone()),
    }
}

pub mod sla_checks;

#[cfg(test)]
mod tests;
