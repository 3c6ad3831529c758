//! One test per clause of the rule (docs/scoring.md), then property tests over the real
//! catalog.

use super::*;
use crate::catalog::{Area, CatalogMeta, Ref, Responsibility, ScopeFlag};
use crate::evidence::{Answer, EvidenceDocument, Scope, Sla, Vendor};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The as-of date of every test.
fn day() -> NaiveDate {
    d("2026-12-01")
}

fn control(id: &str, level: Level, weight: Option<u32>, applies_if: Option<ScopeFlag>) -> Control {
    let area = match &id[..3] {
        "TEC" => "technical",
        "EMG" => "emergency",
        _ => "esignature",
    };
    Control {
        id: id.to_owned().into(),
        area: area.into(),
        title: format!("{id} の名称").into(),
        title_en: format!("{id} title").into(),
        requirement: "要求".into(),
        requirement_en: "requirement".into(),
        level,
        weight,
        refs: vec![Ref {
            edition: "mic-cloud-2018".into(),
            section: "3".into(),
            item: None,
            checked: false,
            basis: crate::catalog::Basis::Derived,
            source: None,
            note: None,
        }],
        evidence_hint: "規程".into(),
        evidence_hint_en: None,
        withdrawn: false,
        replaced_by: vec![],
        withdrawn_in: None,
        former_titles: vec![],
        responsibility: Responsibility::Vendor,
        applies_if,
        sla: vec![],
        note: None,
        note_en: None,
    }
}

/// technical: TEC-01 required (3), TEC-02 required weight 5, TEC-10 recommended (1);
/// emergency: EMG-01 required (3), EMG-04 recommended (1); esignature: SIG-01 required,
/// only with the `esignature` scope.
fn catalog() -> Catalog {
    let area = |id: &str, prefix: &str| Area {
        id: id.to_owned().into(),
        prefix: prefix.to_owned().into(),
        title: format!("{id} 領域").into(),
        title_en: format!("{id} area").into(),
        mic_section: "3".into(),
    };
    Catalog {
        meta: CatalogMeta {
            id: "test".into(),
            version: "1".into(),
            title: "テスト".into(),
            title_en: "test".into(),
        },
        areas: vec![
            area("technical", "TEC"),
            area("emergency", "EMG"),
            area("esignature", "SIG"),
        ],
        editions: vec![],
        controls: vec![
            control("TEC-01", Level::Required, None, None),
            control("TEC-02", Level::Required, Some(5), None),
            control("TEC-10", Level::Recommended, None, None),
            control("EMG-01", Level::Required, None, None),
            control("EMG-04", Level::Recommended, None, None),
            control("SIG-01", Level::Required, None, Some(ScopeFlag::Esignature)),
        ],
        withdrawn: vec![],
        sources: Default::default(),
        open: vec![],
        sla_floors: vec![],
    }
}

fn doc(id: &str, issued: Option<&str>, expires: Option<&str>) -> EvidenceDocument {
    EvidenceDocument {
        id: id.into(),
        title: format!("{id} の資料"),
        path: None,
        sha256: None,
        issued: issued.map(d),
        expires: expires.map(d),
    }
}

fn answer(status: Status) -> Answer {
    Answer {
        status,
        statement: None,
        evidence: vec![],
        responsibility: None,
        customer_actions: None,
        planned_date: None,
        na_reason: (status == Status::NotApplicable).then(|| "理由".to_string()),
    }
}

fn implemented(docs: &[&str]) -> Answer {
    Answer {
        evidence: docs.iter().map(|s| s.to_string()).collect(),
        ..answer(Status::Implemented)
    }
}

fn planned(date: NaiveDate) -> Answer {
    Answer {
        planned_date: Some(date),
        ..answer(Status::Planned)
    }
}

/// Documents: D-OK valid, D-OLD expired the day before, D-NEW issued the day after.
fn evidence(answers: Vec<(&str, Answer)>) -> Evidence {
    Evidence {
        vendor: Vendor {
            name: "株式会社テスト".into(),
            service: "テストサービス".into(),
            version: None,
            prepared_on: d("2026-11-01"),
            contact: None,
            service_model: None,
        },
        scope: Scope::default(),
        documents: vec![
            doc("D-OK", Some("2025-04-01"), Some("2028-03-31")),
            doc("D-OLD", Some("2020-04-01"), Some("2026-11-30")),
            doc("D-NEW", Some("2026-12-02"), None),
        ],
        answers: answers
            .into_iter()
            .map(|(id, a)| (id.to_string(), a))
            .collect::<BTreeMap<_, _>>(),
        sla: Sla::default(),
        disclosure: Default::default(),
        revisions: Vec::new(),
    }
}

/// Every applicable control implemented with a valid document.
fn all_good() -> Vec<(&'static str, Answer)> {
    ["TEC-01", "TEC-02", "TEC-10", "EMG-01", "EMG-04"]
        .into_iter()
        .map(|id| (id, implemented(&["D-OK"])))
        .collect()
}

fn with(
    mut base: Vec<(&'static str, Answer)>,
    id: &'static str,
    a: Answer,
) -> Vec<(&'static str, Answer)> {
    base.retain(|(i, _)| *i != id);
    base.push((id, a));
    base
}

fn run(answers: Vec<(&str, Answer)>) -> ScoreReport {
    score(&catalog(), &evidence(answers), None, day())
}

fn codes(r: &ScoreReport, control: &str) -> Vec<&'static str> {
    r.findings_for(control).map(|f| f.code.as_str()).collect()
}

// --- Documents --------------------------------------------------------------------------

#[test]
fn a_document_is_valid_from_its_issue_date_to_its_expiry_date_inclusive() {
    let cat = catalog();
    let on = |issued: Option<&str>, expires: Option<&str>| {
        let mut e = evidence(vec![("TEC-01", implemented(&["D-X"]))]);
        e.documents = vec![doc("D-X", issued, expires)];
        score(&cat, &e, None, day())
            .control("TEC-01")
            .unwrap()
            .credit
    };
    assert_eq!(on(Some("2026-12-01"), None), Some(1.0), "issued on D");
    assert_eq!(on(None, Some("2026-12-01")), Some(1.0), "expires on D");
    assert_eq!(on(None, None), Some(1.0), "no dates");
    assert_eq!(on(Some("2026-12-02"), None), Some(0.5), "issued after D");
    assert_eq!(on(None, Some("2026-11-30")), Some(0.5), "expired before D");
}

#[test]
fn one_valid_document_is_enough() {
    let r = run(vec![("TEC-01", implemented(&["D-OLD", "D-OK"]))]);
    let c = r.control("TEC-01").unwrap();
    assert_eq!(c.credit, Some(1.0));
    assert_eq!(c.valid_evidence, ["D-OK"]);
    assert_eq!(c.invalid_evidence, ["D-OLD"]);
    // Still reported, as information.
    assert_eq!(codes(&r, "TEC-01"), ["expired-document"]);
    assert_eq!(
        r.findings_for("TEC-01").next().unwrap().severity,
        Severity::Info
    );
}

// --- Applicability ----------------------------------------------------------------------

#[test]
fn a_control_applies_only_when_its_scope_flag_is_set() {
    let cat = catalog();
    let mut e = evidence(all_good());
    let r = score(&cat, &e, None, day());
    let sig = r.control("SIG-01").unwrap();
    assert!(!sig.applicable);
    assert_eq!(sig.credit, None);
    assert_eq!(r.area("esignature").unwrap().score, None);
    assert_eq!(r.overall.verdict, Verdict::Conformant);
    assert!(r.findings_for("SIG-01").next().is_none());

    e.scope.esignature = true;
    let r = score(&cat, &e, None, day());
    let sig = r.control("SIG-01").unwrap();
    assert!(sig.applicable);
    assert_eq!(sig.credit, Some(0.0));
    assert_eq!(r.area("esignature").unwrap().score, Some(0.0));
    assert_eq!(r.overall.verdict, Verdict::Nonconformant);
    assert_eq!(codes(&r, "SIG-01"), ["unanswered"]);
}

#[test]
fn an_answer_for_an_out_of_scope_control_is_ignored() {
    let r = run(with(all_good(), "SIG-01", answer(Status::NotImplemented)));
    assert_eq!(r.control("SIG-01").unwrap().credit, None);
    assert_eq!(r.overall.score, Some(100.0));
}

// --- Credit -----------------------------------------------------------------------------

#[test]
fn credit_of_each_status() {
    let credit = |a: Option<Answer>| {
        let answers = match a {
            Some(a) => vec![("TEC-01", a)],
            None => vec![],
        };
        run(answers).control("TEC-01").unwrap().credit
    };
    assert_eq!(credit(Some(implemented(&["D-OK"]))), Some(1.0));
    assert_eq!(credit(Some(implemented(&[]))), Some(0.5));
    assert_eq!(credit(Some(implemented(&["D-OLD"]))), Some(0.5));
    assert_eq!(credit(Some(implemented(&["D-NEW"]))), Some(0.5));
    assert_eq!(credit(Some(implemented(&["D-MISSING"]))), Some(0.5));
    assert_eq!(
        credit(Some(Answer {
            evidence: vec!["D-OK".into()],
            ..answer(Status::Partial)
        })),
        Some(0.5)
    );
    assert_eq!(credit(Some(planned(day()))), Some(0.0));
    assert_eq!(credit(Some(answer(Status::NotImplemented))), Some(0.0));
    assert_eq!(credit(None), Some(0.0));
    assert_eq!(credit(Some(answer(Status::NotApplicable))), None);
}

#[test]
fn unanswered_serializes_as_a_status() {
    let r = run(vec![]);
    let v = serde_json::to_value(r.control("TEC-01").unwrap()).unwrap();
    assert_eq!(v["status"], "unanswered");
    assert_eq!(v["credit"], 0.0);
    let r = run(vec![("TEC-01", answer(Status::NotApplicable))]);
    let v = serde_json::to_value(r.control("TEC-01").unwrap()).unwrap();
    assert_eq!(v["status"], "not_applicable");
    assert_eq!(v["credit"], Value::Null);
}

// --- Weights ----------------------------------------------------------------------------

#[test]
fn weights_come_from_the_catalog_then_the_level() {
    let r = run(vec![]);
    let w = |id: &str| {
        let c = r.control(id).unwrap();
        (c.weight, c.weight_source)
    };
    assert_eq!(w("TEC-01"), (3, WeightSource::Level));
    assert_eq!(w("TEC-02"), (5, WeightSource::Catalog));
    assert_eq!(w("TEC-10"), (1, WeightSource::Level));
}

#[test]
fn a_profile_overrides_weights_control_before_area() {
    let mut p = Profile::default();
    p.weights.insert("technical".into(), 2);
    p.weights.insert("TEC-02".into(), 7);
    let r = score(&catalog(), &evidence(vec![]), Some(&p), day());
    let w = |id: &str| {
        let c = r.control(id).unwrap();
        (c.weight, c.weight_source)
    };
    assert_eq!(w("TEC-01"), (2, WeightSource::ProfileArea));
    assert_eq!(w("TEC-02"), (7, WeightSource::ProfileControl));
    assert_eq!(w("TEC-10"), (2, WeightSource::ProfileArea));
    assert_eq!(w("EMG-01"), (3, WeightSource::Level));
    // The weights change the score: TEC-01 implemented is now 2 of 11.
    let r = score(
        &catalog(),
        &evidence(vec![("TEC-01", implemented(&["D-OK"]))]),
        Some(&p),
        day(),
    );
    assert_eq!(r.area("technical").unwrap().tally.max_points, 11);
    assert_eq!(r.area("technical").unwrap().score, Some(18.2));
}

#[test]
fn raising_a_control_to_required_keeps_its_weight() {
    let mut p = Profile::default();
    p.required_controls.push("TEC-10".into());
    let r = score(&catalog(), &evidence(vec![]), Some(&p), day());
    let c = r.control("TEC-10").unwrap();
    assert_eq!(c.level, Level::Required);
    assert!(c.required_by_profile);
    assert_eq!(c.weight, 1);
}

// --- Scores -----------------------------------------------------------------------------

#[test]
fn area_score_is_the_weighted_share_of_credit() {
    // technical: TEC-01 3×1 + TEC-02 5×0.5 + TEC-10 1×0 = 5.5 of 9 → 61.1.
    let r = run(vec![
        ("TEC-01", implemented(&["D-OK"])),
        ("TEC-02", answer(Status::Partial)),
        ("TEC-10", answer(Status::NotImplemented)),
    ]);
    let t = r.area("technical").unwrap();
    assert_eq!((t.tally.points, t.tally.max_points), (5.5, 9));
    assert_eq!(t.score, Some(61.1));
    assert_eq!(t.tally.counts.implemented, 1);
    assert_eq!(t.tally.counts.partial, 1);
    assert_eq!(t.tally.counts.not_implemented, 1);
}

#[test]
fn scores_round_half_up_to_one_decimal() {
    // TEC-01 partial: 1.5 of 8 = 18.75 → 18.8 (half up, not to even).
    let r = run(vec![
        ("TEC-01", answer(Status::Partial)),
        ("TEC-10", answer(Status::NotApplicable)),
    ]);
    assert_eq!(r.area("technical").unwrap().tally.max_points, 8);
    assert_eq!(r.area("technical").unwrap().score, Some(18.8));
    assert_eq!(percent(1, 8), Some(6.3)); // 6.25
                                          // 2 of 3 = 66.666… → 66.7; 1 of 3 = 33.333… → 33.3.
    assert_eq!(percent(4, 3), Some(66.7));
    assert_eq!(percent(2, 3), Some(33.3));
    assert_eq!(percent(1, 16), Some(3.1)); // 3.125
    assert_eq!(percent(3, 16), Some(9.4)); // 9.375
    assert_eq!(percent(0, 3), Some(0.0));
    assert_eq!(percent(6, 3), Some(100.0));
    assert_eq!(percent(0, 0), None);
}

#[test]
fn excluded_controls_leave_the_denominator() {
    let r = run(vec![
        ("TEC-01", implemented(&["D-OK"])),
        ("TEC-02", answer(Status::NotApplicable)),
        ("TEC-10", answer(Status::NotApplicable)),
    ]);
    let t = r.area("technical").unwrap();
    assert_eq!((t.tally.scored, t.tally.max_points), (1, 3));
    assert_eq!(t.score, Some(100.0));
    assert_eq!(t.tally.counts.not_applicable, 2);
}

#[test]
fn an_area_with_nothing_left_has_no_score() {
    let r = run(vec![
        ("EMG-01", answer(Status::NotApplicable)),
        ("EMG-04", answer(Status::NotApplicable)),
    ]);
    assert_eq!(r.area("emergency").unwrap().score, None);
    let v = serde_json::to_value(r.area("emergency").unwrap()).unwrap();
    assert_eq!(v["score"], Value::Null);
    assert_eq!(r.area("esignature").unwrap().score, None);
    assert_eq!(display_score(None), "—");
}

#[test]
fn overall_is_computed_over_all_controls_not_averaged() {
    // technical 5.5/9 = 61.1, emergency 0.5/4 = 12.5; overall 6/13 = 46.2 (the mean would be 36.8).
    let r = run(vec![
        ("TEC-01", implemented(&["D-OK"])),
        ("TEC-02", answer(Status::Partial)),
        ("TEC-10", answer(Status::NotImplemented)),
        ("EMG-01", planned(d("2027-06-30"))),
        ("EMG-04", implemented(&["D-OLD"])),
    ]);
    assert_eq!(r.area("emergency").unwrap().score, Some(12.5));
    assert_eq!(r.overall.score, Some(46.2));
    assert_eq!(
        (r.overall.tally.points, r.overall.tally.max_points),
        (6.0, 13)
    );
}

#[test]
fn overall_is_null_when_nothing_counts() {
    let answers = ["TEC-01", "TEC-02", "TEC-10", "EMG-01", "EMG-04"]
        .into_iter()
        .map(|id| (id, answer(Status::NotApplicable)))
        .collect();
    let r = run(answers);
    assert_eq!(r.overall.score, None);
    // No applicable required control is left: nothing stands in the way.
    assert_eq!(r.overall.verdict, Verdict::Conformant);
}

// --- Verdict ----------------------------------------------------------------------------

#[test]
fn conformant_when_every_required_control_has_full_credit() {
    // A recommended gap does not matter.
    let r = run(with(all_good(), "TEC-10", answer(Status::NotImplemented)));
    assert_eq!(r.overall.verdict, Verdict::Conformant);
    assert!(r.overall.required_gaps.is_empty());
    // An excluded required control does not count either.
    let r = run(with(all_good(), "EMG-01", answer(Status::NotApplicable)));
    assert_eq!(r.overall.verdict, Verdict::Conformant);
}

#[test]
fn conditional_when_required_controls_are_partial_or_implemented_without_evidence() {
    let r = run(with(all_good(), "TEC-01", answer(Status::Partial)));
    assert_eq!(r.overall.verdict, Verdict::Conditional);
    assert_eq!(r.overall.required_gaps, ["TEC-01"]);
    assert!(r.overall.blocking.is_empty());
    let r = run(with(all_good(), "TEC-01", implemented(&["D-OLD"])));
    assert_eq!(r.overall.verdict, Verdict::Conditional);
}

#[test]
fn planned_counts_as_conditional_up_to_exactly_365_days_after_d() {
    let at = |date: &str| {
        run(with(all_good(), "EMG-01", planned(d(date))))
            .overall
            .verdict
    };
    assert_eq!(d("2027-12-01"), day() + chrono::Duration::days(365));
    assert_eq!(at("2027-12-01"), Verdict::Conditional, "D + 365");
    assert_eq!(at("2027-12-02"), Verdict::Nonconformant, "D + 366");
    assert_eq!(at("2026-12-01"), Verdict::Conditional, "D");
    // The rule asks only for planned_date ≤ D + 365: an overdue date still qualifies, and
    // is reported as a finding.
    assert_eq!(at("2026-06-30"), Verdict::Conditional, "overdue");
}

#[test]
fn nonconformant_when_a_required_control_is_missing() {
    let r = run(with(all_good(), "TEC-02", answer(Status::NotImplemented)));
    assert_eq!(r.overall.verdict, Verdict::Nonconformant);
    assert_eq!(r.overall.blocking, ["TEC-02"]);
    let mut answers = all_good();
    answers.retain(|(id, _)| *id != "EMG-01");
    assert_eq!(run(answers).overall.verdict, Verdict::Nonconformant);
    let no_date = Answer {
        planned_date: None,
        ..answer(Status::Planned)
    };
    assert_eq!(
        run(with(all_good(), "EMG-01", no_date)).overall.verdict,
        Verdict::Nonconformant
    );
}

#[test]
fn a_profile_makes_recommended_controls_count_for_the_verdict() {
    let answers = with(all_good(), "TEC-10", answer(Status::NotImplemented));
    let mut p = Profile {
        name: "テスト病院".into(),
        ..Profile::default()
    };
    p.required_controls.push("TEC-10".into());
    let r = score(&catalog(), &evidence(answers), Some(&p), day());
    assert_eq!(r.overall.verdict, Verdict::Nonconformant);
    assert_eq!(
        codes(&r, "TEC-10"),
        ["not-implemented", "profile-required-control"]
    );
    assert!(r
        .findings_for("TEC-10")
        .all(|f| f.severity == Severity::Critical));
}

#[test]
fn verdict_labels() {
    assert_eq!(Verdict::Conformant.label(Lang::Ja), "適合");
    assert_eq!(Verdict::Conditional.label(Lang::Ja), "条件付き適合");
    assert_eq!(Verdict::Nonconformant.label(Lang::Ja), "不適合");
    assert!(
        Verdict::Conformant > Verdict::Conditional && Verdict::Conditional > Verdict::Nonconformant
    );
    assert_eq!(
        serde_json::to_value(Verdict::Conditional).unwrap(),
        "conditional"
    );
}

// --- Findings ---------------------------------------------------------------------------

#[test]
fn finding_codes_and_severities() {
    let r = run(vec![
        ("TEC-01", implemented(&[])),
        ("TEC-02", planned(d("2026-06-30"))),
        ("TEC-10", answer(Status::Partial)),
        ("EMG-01", implemented(&["D-OLD", "D-NEW", "D-GONE"])),
        ("EMG-04", planned(d("2028-01-01"))),
    ]);
    let got: Vec<(&str, &str, Severity)> = r
        .findings
        .iter()
        .map(|f| (f.control.as_str(), f.code.as_str(), f.severity))
        .collect();
    assert_eq!(
        got,
        [
            ("TEC-02", "planned-overdue", Severity::Critical),
            ("TEC-01", "no-evidence", Severity::Major),
            ("EMG-01", "no-valid-evidence", Severity::Major),
            ("EMG-01", "expired-document", Severity::Major),
            ("EMG-01", "document-not-yet-issued", Severity::Major),
            ("EMG-01", "unknown-document", Severity::Major),
            ("TEC-10", "partial", Severity::Minor),
            ("EMG-04", "planned-beyond-year", Severity::Minor),
        ]
    );
    let expired = r
        .findings
        .iter()
        .find(|f| f.code == FindingCode::ExpiredDocument)
        .unwrap();
    assert_eq!(expired.document.as_deref(), Some("D-OLD"));
    // The finding names the id the answer cited (found by cargo-mutants: a lost id went
    // unnoticed).
    let unknown = r
        .findings
        .iter()
        .find(|f| f.code == FindingCode::UnknownDocument)
        .unwrap();
    assert_eq!(unknown.document.as_deref(), Some("D-GONE"));
    assert!(
        unknown.message.en.contains("D-GONE"),
        "{}",
        unknown.message.en
    );
    assert!(
        expired.message.ja.contains("2026年11月30日"),
        "{}",
        expired.message.ja
    );
    assert_eq!(r.overall.findings.critical, 1);
    assert_eq!(r.area("emergency").unwrap().findings.major, 4);
}

#[test]
fn more_finding_codes() {
    let na = Answer {
        na_reason: Some("院内設置のため".into()),
        ..answer(Status::NotApplicable)
    };
    let r = run(vec![
        ("TEC-02", answer(Status::NotImplemented)),
        ("EMG-01", na),
        ("EMG-04", planned(d("2027-01-31"))),
    ]);
    assert_eq!(codes(&r, "TEC-01"), ["unanswered"]);
    assert_eq!(codes(&r, "TEC-02"), ["not-implemented"]);
    assert_eq!(codes(&r, "EMG-01"), ["not-applicable-claimed"]);
    assert_eq!(
        r.findings_for("EMG-01").next().unwrap().severity,
        Severity::Info
    );
    assert!(r
        .findings_for("EMG-01")
        .next()
        .unwrap()
        .message
        .ja
        .contains("院内設置のため"));
    assert_eq!(codes(&r, "EMG-04"), ["planned"]);
    let r = run(vec![(
        "EMG-01",
        Answer {
            planned_date: None,
            ..answer(Status::Planned)
        },
    )]);
    assert_eq!(codes(&r, "EMG-01"), ["planned-no-date"]);
    // A recommended control answered N/A is not worth a finding.
    let r = run(vec![("EMG-04", answer(Status::NotApplicable))]);
    assert!(r.findings_for("EMG-04").next().is_none());
}

#[test]
fn finding_codes_are_unique_and_match_serde() {
    let mut seen = std::collections::HashSet::new();
    for c in FindingCode::ALL {
        assert!(seen.insert(c.as_str()), "{c:?} duplicated");
        assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
    }
    for f in [
        FailureCode::MinOverall,
        FailureCode::MinArea,
        FailureCode::SlaMissing,
        FailureCode::SlaMin,
        FailureCode::SlaMax,
        FailureCode::SlaEquals,
    ] {
        assert_eq!(serde_json::to_value(f).unwrap(), f.as_str());
    }
}

#[test]
fn findings_serialize_both_languages() {
    let r = run(vec![]);
    let v = serde_json::to_value(&r.findings[0]).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "control",
            "area",
            "severity",
            "code",
            "message",
            "message_en"
        ]
    );
    assert_eq!(v["message"], "回答がありません（得点 0）。");
    assert_eq!(v["message_en"], "no answer (credit 0).");
}

// --- Profile ----------------------------------------------------------------------------

fn profile() -> Profile {
    let mut p = Profile {
        name: "テスト病院".into(),
        min_overall: Some(80.0),
        ..Profile::default()
    };
    p.min_area.insert("technical".into(), 90.0);
    p.min_area.insert("esignature".into(), 50.0);
    p.sla
        .insert("availability_percent".into(), SlaRule::Min(99.9));
    p.sla.insert("rto_hours".into(), SlaRule::Max(4.0));
    p.sla.insert("rpo_hours".into(), SlaRule::Max(24.0));
    p.sla.insert(
        "data_location".into(),
        SlaRule::Equals(Value::from("日本国内")),
    );
    p
}

#[test]
fn profile_thresholds_become_failures_with_actual_and_required_values() {
    let mut e = evidence(with(all_good(), "TEC-02", answer(Status::Partial)));
    e.sla.availability_percent = Some(99.5);
    e.sla.rto_hours = Some(8.0);
    e.sla.data_location = Some("日本国内".into());
    let r = score(&catalog(), &e, Some(&profile()), day());
    let p = r.profile.as_ref().unwrap();
    assert!(!p.pass);
    let got: Vec<(&str, &str)> = p
        .failures
        .iter()
        .map(|f| (f.code.as_str(), f.key.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("min-area", "technical"),
            ("min-area", "esignature"),
            ("sla-min", "availability_percent"),
            ("sla-max", "rto_hours"),
            ("sla-missing", "rpo_hours"),
        ]
    );
    // technical: 3 + 2.5 + 1 of 9 = 72.2; overall 10.5 of 13 = 80.8 ≥ 80.
    assert_eq!(p.failures[0].actual, Value::from(72.2));
    assert_eq!(p.failures[0].required, SlaRule::Min(90.0));
    let v = serde_json::to_value(&p.failures[0]).unwrap();
    assert_eq!(v["required"], serde_json::json!({ "min": 90.0 }));
    assert_eq!(p.failures[1].actual, Value::Null);
    assert_eq!(p.failures[2].actual, Value::from(99.5));
    assert!(
        p.failures[2].message.ja.contains("99.5"),
        "{}",
        p.failures[2].message.ja
    );
    assert_eq!(r.profile_passed(), Some(false));
}

#[test]
fn profile_passes_when_everything_is_met() {
    let mut p = profile();
    p.min_area.remove("esignature");
    let mut e = evidence(all_good());
    e.sla.availability_percent = Some(99.95);
    e.sla.rto_hours = Some(4.0);
    e.sla.rpo_hours = Some(24.0);
    e.sla.data_location = Some("日本国内".into());
    let r = score(&catalog(), &e, Some(&p), day());
    assert_eq!(r.profile_passed(), Some(true));
    assert!(r.profile.as_ref().unwrap().failures.is_empty());
    // The overall threshold compares with the rounded score.
    p.min_overall = Some(100.0);
    assert_eq!(
        score(&catalog(), &e, Some(&p), day()).profile_passed(),
        Some(true)
    );
    e.answers.insert("TEC-10".into(), answer(Status::Partial));
    let r = score(&catalog(), &e, Some(&p), day());
    assert_eq!(
        r.profile.as_ref().unwrap().failures[0].code,
        FailureCode::MinOverall
    );
}

#[test]
fn json_contract_shape() {
    let r = run(all_good());
    let v = serde_json::to_value(&r).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "as_of",
            "catalog",
            "vendor",
            "overall",
            "areas",
            "controls",
            "findings",
            "sla_checks"
        ]
    );
    // The verdict's basis: required controls counted like the whole.
    assert_eq!(v["overall"]["required"]["scored"], 3);
    assert_eq!(v["overall"]["required_met"], 3);
    assert_eq!(v["as_of"], "2026-12-01");
    assert_eq!(v["overall"]["score"], 100.0);
    assert_eq!(v["overall"]["verdict"], "conformant");
    for k in ["area", "score", "applicable"] {
        assert!(v["areas"][0].get(k).is_some(), "areas[].{k}");
    }
    for k in [
        "id",
        "area",
        "level",
        "applicable",
        "status",
        "credit",
        "weight",
    ] {
        assert!(v["controls"][0].get(k).is_some(), "controls[].{k}");
    }
    let p = Profile {
        name: "P".into(),
        ..Profile::default()
    };
    let v = serde_json::to_value(score(&catalog(), &evidence(vec![]), Some(&p), day())).unwrap();
    assert_eq!(v["profile"]["name"], "P");
    assert_eq!(v["profile"]["pass"], true);
    assert_eq!(v["profile"]["failures"], serde_json::json!([]));
}

// --- Properties -------------------------------------------------------------------------

/// The real catalog, loaded once.
fn real_catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| {
        crate::catalog::load(&crate::catalog::CatalogSource::Embedded)
            .unwrap_or_else(|e| panic!("{}", e.render(Lang::En, false)))
    })
}

/// One generated answer: status (0–4), planned date offset from D, which document it cites.
type Gen = Option<(u8, i64, u8)>;

fn make_answer((status, offset, cite): (u8, i64, u8)) -> Answer {
    let status = Status::ALL[usize::from(status) % 5];
    let evidence = match cite % 4 {
        0 => vec![],
        1 => vec!["D-OK".to_string()],
        2 => vec!["D-OLD".to_string()],
        _ => vec!["D-NEW".to_string(), "D-GONE".to_string()],
    };
    Answer {
        evidence,
        planned_date: (status == Status::Planned && offset > -1000)
            .then(|| day() + chrono::Duration::days(offset)),
        ..answer(status)
    }
}

fn real_evidence(gens: &[Gen], scope: Scope) -> Evidence {
    let mut e = evidence(vec![]);
    e.scope = scope;
    for (c, g) in real_catalog().controls.iter().zip(gens) {
        if let Some(g) = g {
            e.answers.insert(c.id.to_string(), make_answer(*g));
        }
    }
    e
}

fn gens() -> impl Strategy<Value = Vec<Gen>> {
    let n = real_catalog().controls.len();
    proptest::collection::vec(
        proptest::option::weighted(0.8, (0u8..5, -1001i64..800, 0u8..4)),
        n,
    )
}

fn scopes() -> impl Strategy<Value = Scope> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(a, b, c, d)| Scope {
        external_storage: a,
        esignature: b,
        online_consultation: c,
        phr: d,
    })
}

fn weight_profiles() -> impl Strategy<Value = Option<Profile>> {
    proptest::option::of(
        (1u32..10, 1u32..10, 0usize..200).prop_map(|(area_w, ctl_w, i)| {
            let cat = real_catalog();
            let mut p = Profile::default();
            p.weights.insert("technical".into(), area_w);
            let c = &cat.controls[i % cat.controls.len()];
            p.weights.insert(c.id.to_string(), ctl_w);
            p.required_controls.push(
                cat.controls
                    .iter()
                    .find(|c| c.level == Level::Recommended)
                    .unwrap()
                    .id
                    .to_string(),
            );
            p
        }),
    )
}

/// One step up the ladder: unanswered → not_implemented → planned (within a year) →
/// partial → implemented → implemented with a valid document.
fn upgrade(a: Option<&Answer>) -> Option<Answer> {
    let Some(a) = a else {
        return Some(answer(Status::NotImplemented));
    };
    Some(match a.status {
        Status::NotImplemented => planned(day()),
        Status::Planned => Answer {
            planned_date: None,
            ..answer(Status::Partial)
        },
        Status::Partial => implemented(&[]),
        Status::Implemented => {
            let mut a = a.clone();
            a.evidence.push("D-OK".into());
            a
        }
        Status::NotApplicable => return None,
    })
}

fn scores(r: &ScoreReport) -> Vec<Option<f64>> {
    std::iter::once(r.overall.score)
        .chain(r.areas.iter().map(|a| a.score))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn scores_stay_within_0_and_100(g in gens(), scope in scopes(), p in weight_profiles()) {
        let r = score(real_catalog(), &real_evidence(&g, scope), p.as_ref(), day());
        for s in scores(&r).into_iter().flatten() {
            prop_assert!((0.0..=100.0).contains(&s), "{s}");
            prop_assert_eq!((s * 10.0).round() / 10.0, s);
        }
        for c in &r.controls {
            prop_assert!(c.credit.is_none_or(|x| x == 0.0 || x == 0.5 || x == 1.0));
        }
    }

    #[test]
    fn upgrading_an_answer_never_lowers_a_score_or_the_verdict(
        g in gens(), scope in scopes(), p in weight_profiles(), pick in 0usize..1000
    ) {
        let cat = real_catalog();
        let before_e = real_evidence(&g, scope);
        let c = &cat.controls[pick % cat.controls.len()];
        let Some(better) = upgrade(before_e.answers.get(c.id.as_str())) else { return Ok(()) };
        let mut after_e = before_e.clone();
        after_e.answers.insert(c.id.to_string(), better);
        let before = score(cat, &before_e, p.as_ref(), day());
        let after = score(cat, &after_e, p.as_ref(), day());
        for (b, a) in scores(&before).into_iter().zip(scores(&after)) {
            match (b, a) {
                (Some(b), Some(a)) => prop_assert!(a >= b, "{} {b} → {a}", c.id),
                (b, a) => prop_assert_eq!(b.is_some(), a.is_some()),
            }
        }
        prop_assert!(after.overall.verdict >= before.overall.verdict);
    }

    #[test]
    fn excluding_a_control_removes_exactly_its_own_weight_and_points(
        g in gens(), scope in scopes(), p in weight_profiles(), pick in 0usize..1000
    ) {
        let cat = real_catalog();
        let e = real_evidence(&g, scope);
        let c = &cat.controls[pick % cat.controls.len()];
        let before = score(cat, &e, p.as_ref(), day());
        let mut excluded = e.clone();
        excluded.answers.insert(c.id.to_string(), answer(Status::NotApplicable));
        let after = score(cat, &excluded, p.as_ref(), day());
        let was = before.control(&c.id).unwrap();
        let (w, pts) = match was.credit {
            Some(credit) => (u64::from(was.weight), f64::from(was.weight) * credit),
            None => (0, 0.0),
        };
        prop_assert_eq!(after.overall.tally.max_points, before.overall.tally.max_points - w);
        prop_assert_eq!(after.overall.tally.points, before.overall.tally.points - pts);
        let (ab, aa) = (before.area(&c.area).unwrap(), after.area(&c.area).unwrap());
        prop_assert_eq!(aa.tally.max_points, ab.tally.max_points - w);
        // Every other control is untouched.
        for (x, y) in before.controls.iter().zip(&after.controls).filter(|(x, _)| x.id != c.id) {
            prop_assert_eq!((x.credit, x.weight), (y.credit, y.weight));
        }
        // Other areas do not move at all.
        for (x, y) in before.areas.iter().zip(&after.areas).filter(|(x, _)| x.area != c.area) {
            prop_assert_eq!(x.score, y.score);
            prop_assert_eq!(x.tally.max_points, y.tally.max_points);
        }
    }

    #[test]
    fn out_of_scope_controls_never_count(g in gens(), scope in scopes()) {
        let cat = real_catalog();
        let e = real_evidence(&g, scope);
        let r = score(cat, &e, None, day());
        let expected: u64 = cat
            .controls
            .iter()
            .filter(|c| c.applies_if.is_none_or(|f| scope.is_set(f)))
            .filter(|c| e.answers.get(c.id.as_str()).is_none_or(|a| a.status != Status::NotApplicable))
            .map(|c| u64::from(c.weight()))
            .sum();
        prop_assert_eq!(r.overall.tally.max_points, expected);
    }

    #[test]
    fn scoring_is_deterministic(g in gens(), scope in scopes(), p in weight_profiles()) {
        let e = real_evidence(&g, scope);
        let a = serde_json::to_string(&score(real_catalog(), &e, p.as_ref(), day())).unwrap();
        let b = serde_json::to_string(&score(real_catalog(), &e.clone(), p.as_ref(), day())).unwrap();
        prop_assert_eq!(a, b);
    }
}

#[test]
fn a_recorded_verdict_key_reads_back_as_its_verdict() {
    for v in [
        Verdict::Conformant,
        Verdict::Conditional,
        Verdict::Nonconformant,
    ] {
        assert_eq!(Verdict::from_key(v.as_str()), Some(v));
    }
    assert_eq!(Verdict::from_key("passed"), None);
    assert_eq!(
        Verdict::from_key("conditional").map(|v| v.label(Lang::Ja)),
        Some("条件付き適合")
    );
}

// --- Found by cargo-mutants: behaviour no other test pinned -----------------------------

#[test]
fn severity_labels_and_keys() {
    let got: Vec<(&str, &str, &str)> = Severity::ALL
        .into_iter()
        .map(|s| (s.label(Lang::Ja), s.label(Lang::En), s.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("重大", "critical", "critical"),
            ("重要", "major", "major"),
            ("軽微", "minor", "minor"),
            ("情報", "info", "info"),
        ]
    );
    for s in Severity::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
}

/// A recommended control with full credit still has document findings (a second, expired
/// document): they are informational, not minor.
#[test]
fn findings_of_a_fully_credited_recommended_control_are_info() {
    let r = run(with(all_good(), "TEC-10", implemented(&["D-OK", "D-OLD"])));
    assert_eq!(r.control("TEC-10").unwrap().credit, Some(1.0));
    let got: Vec<(&str, Severity)> = r
        .findings_for("TEC-10")
        .map(|f| (f.code.as_str(), f.severity))
        .collect();
    assert_eq!(got, [("expired-document", Severity::Info)]);
    assert_eq!(r.overall.findings.info, 1);
    assert_eq!(r.overall.findings.minor, 0);
}

#[test]
fn allows_conditional_follows_status_and_horizon() {
    let r = run(vec![
        ("TEC-01", implemented(&[])),
        ("TEC-02", answer(Status::Partial)),
        ("TEC-10", answer(Status::NotImplemented)),
        ("EMG-01", planned(d("2027-12-01"))),
        ("EMG-04", planned(d("2027-12-02"))),
    ]);
    let got: Vec<(&str, bool)> = r
        .controls
        .iter()
        .map(|c| (c.id.as_str(), c.allows_conditional()))
        .collect();
    assert_eq!(
        got,
        [
            ("TEC-01", true),
            ("TEC-02", true),
            ("TEC-10", false),
            ("EMG-01", true),
            ("EMG-04", false),
            ("SIG-01", false),
        ]
    );
}

#[test]
fn control_and_area_titles_by_language() {
    let r = run(all_good());
    let c = r.control("TEC-02").unwrap();
    assert_eq!(c.title(Lang::Ja), "TEC-02 の名称");
    assert_eq!(c.title(Lang::En), "TEC-02 title");
    let a = r.area("emergency").unwrap();
    assert_eq!(a.title(Lang::Ja), "emergency 領域");
    assert_eq!(a.title(Lang::En), "emergency area");
}

#[test]
fn status_counts_by_status_in_legend_order() {
    let r = run(vec![
        ("TEC-01", implemented(&["D-OK"])),
        ("TEC-02", implemented(&[])),
        ("TEC-10", answer(Status::Partial)),
        ("EMG-01", answer(Status::NotApplicable)),
    ]);
    // SIG-01 is out of scope: not counted. EMG-04 is unanswered.
    let counts = r.overall.tally.counts;
    let got: Vec<(Option<Status>, usize)> = counts.iter().collect();
    assert_eq!(
        got,
        [
            (Some(Status::Implemented), 2),
            (Some(Status::Partial), 1),
            (Some(Status::Planned), 0),
            (Some(Status::NotImplemented), 0),
            (Some(Status::NotApplicable), 1),
            (None, 1),
        ]
    );
    assert_eq!(counts.get(Some(Status::Implemented)), 2);
    assert_eq!(counts.get(None), 1);
    // Six controls, SIG-01 out of scope, EMG-01 excluded by N/A.
    let t = r.overall.tally;
    assert_eq!((t.controls, t.applicable, t.scored), (6, 5, 4));
    let t = r.area("emergency").unwrap().tally;
    assert_eq!((t.controls, t.applicable, t.scored), (2, 2, 1));
}

#[test]
fn severity_counts_by_severity() {
    let r = run(vec![
        ("TEC-01", implemented(&[])),
        ("TEC-02", planned(d("2026-06-30"))),
        ("TEC-10", answer(Status::Partial)),
        ("EMG-01", answer(Status::NotApplicable)),
        ("EMG-04", implemented(&["D-OK", "D-OLD"])),
    ]);
    let c = r.overall.findings;
    let got: Vec<usize> = Severity::ALL.into_iter().map(|s| c.get(s)).collect();
    // TEC-02 critical; TEC-01 major; TEC-10 minor; EMG-01 (N/A claimed) and EMG-04's
    // expired second document info.
    assert_eq!(got, [1, 1, 1, 2]);
    assert_eq!((c.critical, c.major, c.minor, c.info), (1, 1, 1, 2));
}

/// Every kind of profile failure, with its message in both languages.
#[test]
fn profile_failure_messages() {
    let mut e = evidence(with(all_good(), "TEC-02", answer(Status::Partial)));
    e.sla.availability_percent = Some(99.5);
    e.sla.rto_hours = Some(8.0);
    e.sla.data_location = Some("米国".into());
    e.sla.backup_offsite = Some(false);
    let mut p = profile();
    p.min_overall = Some(95.0);
    p.sla
        .insert("backup_offsite".into(), SlaRule::Equals(Value::Bool(true)));
    let r = score(&catalog(), &e, Some(&p), day());
    let failures = &r.profile.as_ref().unwrap().failures;
    let message = |key: &str| {
        let f = failures.iter().find(|f| f.key == key).unwrap();
        (f.message(Lang::Ja), f.message(Lang::En))
    };
    assert_eq!(
        message("overall"),
        (
            "総合スコア 80.8 が要件（95 以上）に届いていません。",
            "the overall score 80.8 is below the required 95."
        )
    );
    assert_eq!(
        message("technical"),
        (
            "領域「technical 領域」のスコア 72.2 が要件（90 以上）に届いていません。",
            "the score of \"technical area\", 72.2, is below the required 90."
        )
    );
    assert_eq!(
        message("esignature"),
        (
            "領域「esignature 領域」には採点できる管理策がありません（要件 50 以上）。",
            "\"esignature area\" has no scored control (required: 50)."
        )
    );
    assert_eq!(
        message("availability_percent"),
        (
            "SLA「稼働率（%）」が 99.5 で、要件（99.9 以上）を満たしていません。",
            "SLA availability (%) (availability_percent) is 99.5, which does not meet ≥ 99.9."
        )
    );
    assert_eq!(
        message("rto_hours"),
        (
            "SLA「目標復旧時間 RTO（時間）」が 8 で、要件（4 以下）を満たしていません。",
            "SLA recovery time objective (hours) (rto_hours) is 8, which does not meet ≤ 4."
        )
    );
    assert_eq!(
        message("rpo_hours"),
        (
            "SLA「目標復旧時点 RPO（時間）」の値がエビデンスにありません（要件: 24 以下）。",
            "the evidence states no SLA value for recovery point objective (hours) (rpo_hours); required ≤ 24."
        )
    );
    assert_eq!(
        message("data_location"),
        (
            "SLA「データ保管場所」が 「米国」 で、要件（「日本国内」）を満たしていません。",
            "SLA data location (data_location) is \"米国\", which does not meet = \"日本国内\"."
        )
    );
    assert_eq!(
        message("backup_offsite"),
        (
            "SLA「遠隔地保管」が なし で、要件（あり）を満たしていません。",
            "SLA off-site backup (backup_offsite) is false, which does not meet = true."
        )
    );
    let codes: Vec<&str> = failures.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes.len(), 8);
    assert_eq!(
        failures
            .iter()
            .find(|f| f.key == "data_location")
            .unwrap()
            .code,
        FailureCode::SlaEquals
    );
}

#[test]
fn report_lookups_by_area_and_severity() {
    let r = run(vec![
        ("TEC-01", implemented(&[])),
        ("TEC-02", planned(d("2026-06-30"))),
        ("TEC-10", answer(Status::Partial)),
        ("EMG-01", answer(Status::NotImplemented)),
    ]);
    let ids: Vec<&str> = r.controls_in("emergency").map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["EMG-01", "EMG-04"]);
    let critical: Vec<(&str, &str)> = r
        .findings_with(Severity::Critical)
        .map(|f| (f.control.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        critical,
        [("TEC-02", "planned-overdue"), ("EMG-01", "not-implemented")]
    );
    let technical: Vec<(&str, &str)> = r
        .findings_in("technical")
        .map(|f| (f.control.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        technical,
        [
            ("TEC-02", "planned-overdue"),
            ("TEC-01", "no-evidence"),
            ("TEC-10", "partial")
        ]
    );
    let f = r.findings_for("TEC-10").next().unwrap();
    assert_eq!(f.message(Lang::Ja), "一部対応です（得点 0.5）。");
    assert_eq!(f.message(Lang::En), "partially implemented (credit 0.5).");
}

#[test]
fn implemented_without_documents_and_with_only_invalid_ones_are_different_clauses() {
    let clause = |a: Answer| {
        run(vec![("TEC-01", a)])
            .control("TEC-01")
            .unwrap()
            .reason
            .clause
    };
    assert_eq!(
        clause(implemented(&[])),
        CreditClause::ImplementedWithoutDocument
    );
    assert_eq!(
        clause(implemented(&["D-OLD", "D-NEW"])),
        CreditClause::ImplementedWithoutValidDocument
    );
    assert_eq!(
        clause(implemented(&["D-OLD", "D-OK"])),
        CreditClause::ImplementedWithValidDocument
    );
}

#[test]
fn a_planned_date_on_the_as_of_date_or_on_the_horizon_is_plainly_planned() {
    let at = |date: NaiveDate| codes(&run(vec![("EMG-04", planned(date))]), "EMG-04");
    let year = chrono::Duration::days(365);
    let one = chrono::Duration::days(1);
    assert_eq!(at(day()), ["planned"], "on D");
    assert_eq!(at(day() + year), ["planned"], "on D + 365");
    assert_eq!(at(day() - one), ["planned-overdue"], "D - 1");
    assert_eq!(at(day() + year + one), ["planned-beyond-year"], "D + 366");
}

#[test]
fn an_invalid_document_is_reported_only_for_the_date_that_is_past() {
    // Dates that contradict each other (the loader warns about them) still score: each
    // finding is about a date on the wrong side of D, and a date on D itself is fine.
    let on = |issued: &str, expires: &str| {
        let mut e = evidence(vec![("TEC-01", implemented(&["D-X"]))]);
        e.documents = vec![doc("D-X", Some(issued), Some(expires))];
        codes(&score(&catalog(), &e, None, day()), "TEC-01")
    };
    assert_eq!(
        on("2026-12-02", "2026-12-01"),
        ["no-valid-evidence", "document-not-yet-issued"],
        "expires on D"
    );
    assert_eq!(
        on("2026-12-01", "2026-11-30"),
        ["no-valid-evidence", "expired-document"],
        "issued on D"
    );
}

#[test]
fn a_control_the_profile_requires_is_flagged_only_while_it_lacks_full_credit() {
    let mut p = Profile {
        name: "テスト病院".into(),
        ..Profile::default()
    };
    p.required_controls.push("TEC-10".into());
    let r = score(&catalog(), &evidence(all_good()), Some(&p), day());
    let c = r.control("TEC-10").unwrap();
    assert!(c.required_by_profile && c.credit == Some(1.0));
    assert!(codes(&r, "TEC-10").is_empty(), "{:?}", codes(&r, "TEC-10"));
    let partial = with(all_good(), "TEC-10", answer(Status::Partial));
    let r = score(&catalog(), &evidence(partial), Some(&p), day());
    assert_eq!(codes(&r, "TEC-10"), ["partial", "profile-required-control"]);
}
