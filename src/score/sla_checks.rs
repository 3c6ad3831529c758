//! SLA consistency checks: service levels that cannot all be true at once.
//!
//! A vendor fills in `[sla]` key by key, and nothing in the schema stops an RPO shorter than
//! the backup interval or an availability target that the declared maintenance alone breaks.
//! A hospital signing such an SLA gets a promise the vendor cannot keep, so each
//! contradiction is reported with a stable code and the numbers, in `sansho validate` (as
//! warnings), in the score report (and so in the SLA draft's notes and the assessment
//! report).
//!
//! The checks read only data: the evidence's SLA values and answers, the catalog's links
//! from controls to SLA keys (`sla = [...]`) and its minimums (`[[sla_floors]]`), and the
//! profile's thresholds. Nothing here names a control or an edition.

use crate::catalog::{Catalog, Control};
use crate::diag::Diagnostic;
use crate::evidence::{Evidence, Status};
use crate::i18n::{Lang, Text};
use crate::input::SourceFile;
use crate::profile::{number, Profile, SlaRule};
use crate::text;
use crate::tree::Tree;
use serde::{Serialize, Serializer};

/// Hours in an average month (365 × 24 ÷ 12), the period monthly availability is judged over.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Every code the checks emit, for documentation and tests.
pub const CODES: [&str; 6] = [
    RPO_BACKUP,
    RTO_DRILL,
    AVAILABILITY_MAINTENANCE,
    OFFLINE_CONTROL,
    LOG_RETENTION,
    INCIDENT_NOTICE,
];

/// The RPO is shorter than the backup interval.
pub const RPO_BACKUP: &str = "W-SLA-RPO-BACKUP";
/// The RTO is shorter than the restore time the vendor's own drill recorded.
pub const RTO_DRILL: &str = "W-SLA-RTO-DRILL";
/// The availability target cannot be met with the declared maintenance counted as downtime.
pub const AVAILABILITY_MAINTENANCE: &str = "W-SLA-AVAILABILITY-MAINTENANCE";
/// The offline backup of the SLA and the answer to the offline-backup control disagree.
pub const OFFLINE_CONTROL: &str = "W-SLA-OFFLINE-CONTROL";
/// Logs are kept for less than the profile or the catalog requires.
pub const LOG_RETENTION: &str = "W-SLA-LOG-RETENTION";
/// An incident is notified later than the profile allows.
pub const INCIDENT_NOTICE: &str = "W-SLA-INCIDENT-NOTICE";

/// One contradiction among SLA values (or between an SLA value and an answer).
#[derive(Clone, Debug, PartialEq)]
pub struct SlaCheck {
    /// Stable code (`W-SLA-RPO-BACKUP`), registered in `diag::codes`.
    pub code: &'static str,
    /// The SLA key the problem is reported at (the value to change first).
    pub key: &'static str,
    /// What contradicts what, with the numbers and units.
    pub message: Text,
}

impl SlaCheck {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }
}

impl Serialize for SlaCheck {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            code: &'a str,
            key: &'a str,
            message: &'a str,
            message_en: &'a str,
        }
        Json {
            code: self.code,
            key: self.key,
            message: &self.message.ja,
            message_en: &self.message.en,
        }
        .serialize(ser)
    }
}

/// `24時間` / `24 hour(s)`, `0.5時間`.
fn hours(v: f64) -> (String, String) {
    (
        format!("{}時間", number(v)),
        format!("{} hour(s)", number(v)),
    )
}

/// `365日` / `365 day(s)`.
fn days(v: f64) -> (String, String) {
    (format!("{}日", number(v)), format!("{} day(s)", number(v)))
}

/// Rounds to one decimal for messages (7.3 hours, not 7.300000000001).
fn one_decimal(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Runs every check; the result is in a fixed order (the order of [`CODES`]).
pub fn check(catalog: &Catalog, evidence: &Evidence, profile: Option<&Profile>) -> Vec<SlaCheck> {
    let mut out = Vec::new();
    rpo_backup(evidence, &mut out);
    rto_drill(evidence, &mut out);
    availability_maintenance(evidence, &mut out);
    offline_control(catalog, evidence, &mut out);
    log_retention(catalog, evidence, profile, &mut out);
    incident_notice(evidence, profile, &mut out);
    out
}

fn rpo_backup(e: &Evidence, out: &mut Vec<SlaCheck>) {
    let (Some(rpo), Some(interval)) = (e.sla.rpo_hours, e.sla.backup_interval_hours) else {
        return;
    };
    if rpo >= interval {
        return;
    }
    let ((rj, re), (ij, ie)) = (hours(rpo), hours(interval));
    out.push(SlaCheck {
        code: RPO_BACKUP,
        key: "rpo_hours",
        message: text!(
            ["目標復旧時点（RPO）{rj}が、バックアップの取得間隔 {ij}より短くなっています。バックアップから復旧すると最大 {ij}分のデータが失われるため、RPO を {ij}以上にするか、取得間隔を {rj}以下に縮めてください。"],
            ["the recovery point objective ({re}) is shorter than the backup interval ({ie}): a restore from backup can lose up to {ie} of data, so make the RPO at least {ie} or back up at least every {re}."]
        ),
    });
}

fn rto_drill(e: &Evidence, out: &mut Vec<SlaCheck>) {
    let (Some(rto), Some(drill)) = (e.sla.rto_hours, e.sla.restore_drill_hours) else {
        return;
    };
    if rto >= drill {
        return;
    }
    let ((tj, te), (dj, de)) = (hours(rto), hours(drill));
    out.push(SlaCheck {
        code: RTO_DRILL,
        key: "rto_hours",
        message: text!(
            ["目標復旧時間（RTO）{tj}が、乙自身の復旧訓練で記録した所要時間 {dj}より短く、訓練の実績では達成できません。RTO を {dj}以上にするか、{tj}以内に復旧できることを訓練で確かめてください。"],
            ["the recovery time objective ({te}) is shorter than the {de} the vendor's own restore drill took, so the drill does not support it: make the RTO at least {de}, or show in a drill that the service comes back within {te}."]
        ),
    });
}

fn availability_maintenance(e: &Evidence, out: &mut Vec<SlaCheck>) {
    let sla = &e.sla;
    let (Some(target), Some(maintenance)) =
        (sla.availability_percent, sla.maintenance_hours_per_month)
    else {
        return;
    };
    // Only when planned maintenance counts as downtime; otherwise it cannot break the target.
    if sla.availability_excludes_maintenance != Some(false) {
        return;
    }
    let allowed = HOURS_PER_MONTH * (100.0 - target) / 100.0;
    if maintenance <= allowed + 1e-9 {
        return;
    }
    let best = one_decimal(100.0 * (HOURS_PER_MONTH - maintenance) / HOURS_PER_MONTH);
    let (a, m, t) = (
        number(one_decimal(allowed)),
        number(maintenance),
        number(target),
    );
    let month = number(HOURS_PER_MONTH);
    let best = number(best);
    out.push(SlaCheck {
        code: AVAILABILITY_MAINTENANCE,
        key: "availability_percent",
        message: text!(
            ["稼働率 {t}%（計画停止を停止時間に含めて算定）では、1か月（{month}時間）に許される停止は {a}時間ですが、計画停止の上限が {m}時間のため、計画停止だけで目標を下回ります（計画停止のほかに停止がなくても稼働率は最大 {best}%）。目標か計画停止の上限を見直すか、計画停止を算定から除いてください。"],
            ["an availability of {t}% with planned maintenance counted as downtime allows {a} hours of downtime in a month ({month} hours), but up to {m} hours of planned maintenance are declared, so maintenance alone breaks the target (at best {best}% with no other outage): change the target or the maintenance limit, or leave maintenance out of the calculation."]
        ),
    });
}

/// Words with which a control's requirement asks for an offline or immutable copy.
const OFFLINE_WORDS: [&str; 6] = [
    "offline",
    "immutable",
    "write-once",
    "disconnected",
    "cannot be rewritten",
    "air-gapped",
];

/// The controls that require the offline backup itself: of the applicable controls the
/// catalog links to `backup_offline`, those whose requirement asks for an offline or
/// immutable copy (a control that only asks to disclose the backup method is linked too,
/// but its answer says nothing about whether such a copy exists).
fn offline_controls<'c>(catalog: &'c Catalog, e: &Evidence) -> Vec<&'c Control> {
    catalog
        .controls
        .iter()
        .filter(|c| c.sla.iter().any(|k| k == "backup_offline"))
        .filter(|c| c.applies_if.is_none_or(|f| e.scope.is_set(f)))
        .filter(|c| {
            let req = c.requirement_en.to_lowercase();
            OFFLINE_WORDS.iter().any(|w| req.contains(w))
        })
        .collect()
}

fn offline_control(catalog: &Catalog, e: &Evidence, out: &mut Vec<SlaCheck>) {
    let Some(offline) = e.sla.backup_offline else {
        return;
    };
    for c in offline_controls(catalog, e) {
        let status = e.answers.get(c.id.as_str()).map(|a| a.status);
        let (id, tj, te) = (&c.id, &c.title, &c.title_en);
        let message = match (offline, status) {
            (false, Some(Status::Implemented)) => text!(
                ["SLA ではオフライン・書換え不能なバックアップを「なし」としていますが、管理策 {id}「{tj}」には対応済みと回答しています。どちらかを直してください。"],
                ["the SLA declares no offline or immutable backup, but the answer to {id} \"{te}\" says it is implemented: correct one of them."]
            ),
            (true, None | Some(Status::NotImplemented | Status::Planned)) => {
                let s = crate::score::status_label(status, Lang::Ja);
                let se = crate::score::status_label(status, Lang::En);
                text!(
                    ["SLA ではオフライン・書換え不能なバックアップを「あり」としていますが、管理策 {id}「{tj}」の回答は「{s}」です。どちらかを直してください。"],
                    ["the SLA declares an offline or immutable backup, but the answer to {id} \"{te}\" is \"{se}\": correct one of them."]
                )
            }
            _ => continue,
        };
        out.push(SlaCheck {
            code: OFFLINE_CONTROL,
            key: "backup_offline",
            message,
        });
    }
}

fn log_retention(catalog: &Catalog, e: &Evidence, p: Option<&Profile>, out: &mut Vec<SlaCheck>) {
    let Some(kept) = e.sla.log_retention_days.map(f64::from) else {
        return;
    };
    let (kj, ke) = days(kept);
    if let Some((name, SlaRule::Min(min))) =
        p.and_then(|p| p.sla.get("log_retention_days").map(|r| (&p.name, r)))
    {
        if kept < *min {
            let (mj, me) = days(*min);
            out.push(SlaCheck {
                code: LOG_RETENTION,
                key: "log_retention_days",
                message: text!(
                    ["ログの保存期間 {kj}が、要件プロファイル「{name}」の求める {mj}以上に足りません。"],
                    ["logs are kept for {ke}, less than the {me} the profile \"{name}\" requires."]
                ),
            });
        }
    }
    for floor in catalog
        .sla_floors
        .iter()
        .filter(|f| f.key == "log_retention_days")
    {
        if kept < floor.min {
            let ((mj, me), src) = (days(floor.min), &floor.source);
            out.push(SlaCheck {
                code: LOG_RETENTION,
                key: "log_retention_days",
                message: text!(
                    ["ログの保存期間 {kj}が、カタログの定める最小値 {mj}（根拠: {src}）に足りません。"],
                    ["logs are kept for {ke}, less than the catalog's minimum of {me} (source: {src})."]
                ),
            });
        }
    }
}

fn incident_notice(e: &Evidence, p: Option<&Profile>, out: &mut Vec<SlaCheck>) {
    let Some(p) = p else { return };
    let name = &p.name;
    let pairs = [
        (
            "incident_notice_hours",
            e.sla.incident_notice_hours,
            "障害通知",
            "outage notice",
        ),
        (
            "security_incident_notice_hours",
            e.sla.security_incident_notice_hours,
            "セキュリティ事故の報告",
            "security-incident report",
        ),
    ];
    for (key, value, lj, le) in pairs {
        let (Some(v), Some(SlaRule::Max(max))) = (value, p.sla.get(key)) else {
            continue;
        };
        if v <= *max {
            continue;
        }
        let ((vj, ve), (mj, me)) = (hours(v), hours(*max));
        out.push(SlaCheck {
            code: INCIDENT_NOTICE,
            key,
            message: text!(
                ["{lj}までの時間 {vj}が、要件プロファイル「{name}」の上限 {mj}を超えています。"],
                ["the {le} comes within {ve}, later than the {me} the profile \"{name}\" allows."]
            ),
        });
    }
}

/// The checks as warnings for `sansho validate`, each at its SLA value in the file (or at
/// `[sla]` when the value's position is unknown). `tree` is the file as parsed with positions
/// when the caller has it; otherwise the file is parsed again, only when there is a warning.
pub fn diagnostics(
    checks: &[SlaCheck],
    source: &SourceFile,
    tree: Option<&Tree>,
) -> Vec<Diagnostic> {
    if checks.is_empty() {
        return Vec::new();
    }
    let parsed;
    let tree = match tree {
        Some(t) => Some(t),
        None => {
            parsed = Tree::parse(source).ok();
            parsed.as_ref()
        }
    };
    checks
        .iter()
        .map(|c| {
            let path = format!("sla.{}", c.key);
            Diagnostic::warning(c.code, c.message.clone())
                .in_file(&source.name)
                .at_path(&path, |p| {
                    tree.and_then(|t| t.span(p).or_else(|| t.span("sla")))
                        .map(|s| source.label(s))
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{self, CatalogSource, SlaFloor};
    use crate::evidence::{Answer, Evidence, Sla};
    use std::sync::OnceLock;

    fn catalog() -> &'static Catalog {
        static C: OnceLock<Catalog> = OnceLock::new();
        C.get_or_init(|| catalog::load(&CatalogSource::Embedded).expect("embedded catalog"))
    }

    fn evidence(sla: Sla) -> Evidence {
        let v = serde_json::json!({
            "vendor": { "name": "A", "service": "S", "prepared_on": "2026-11-01" }
        });
        let mut e: Evidence = serde_json::from_value(v).expect("evidence");
        e.sla = sla;
        e
    }

    fn codes(checks: &[SlaCheck]) -> Vec<&'static str> {
        checks.iter().map(|c| c.code).collect()
    }

    fn run(e: &Evidence, p: Option<&Profile>) -> Vec<SlaCheck> {
        check(catalog(), e, p)
    }

    fn profile(sla: &[(&str, SlaRule)]) -> Profile {
        Profile {
            name: "テスト病院".into(),
            sla: sla
                .iter()
                .map(|(k, r)| (k.to_string(), r.clone()))
                .collect(),
            ..Profile::default()
        }
    }

    #[test]
    fn rpo_shorter_than_the_backup_interval() {
        let e = evidence(Sla {
            rpo_hours: Some(12.0),
            backup_interval_hours: Some(24.0),
            ..Sla::default()
        });
        let c = run(&e, None);
        assert_eq!(codes(&c), [RPO_BACKUP]);
        assert!(c[0].message.ja.contains("12時間") && c[0].message.ja.contains("24時間"));
        assert_eq!(c[0].key, "rpo_hours");
        for (rpo, interval) in [(24.0, 24.0), (48.0, 24.0)] {
            let e = evidence(Sla {
                rpo_hours: Some(rpo),
                backup_interval_hours: Some(interval),
                ..Sla::default()
            });
            assert!(run(&e, None).is_empty(), "{rpo} / {interval}");
        }
        // Without the interval there is nothing to compare.
        let e = evidence(Sla {
            rpo_hours: Some(1.0),
            ..Sla::default()
        });
        assert!(run(&e, None).is_empty());
    }

    #[test]
    fn rto_shorter_than_the_drill() {
        let e = evidence(Sla {
            rto_hours: Some(8.0),
            restore_drill_hours: Some(10.0),
            ..Sla::default()
        });
        let c = run(&e, None);
        assert_eq!(codes(&c), [RTO_DRILL]);
        assert!(c[0].message.ja.contains("8時間") && c[0].message.ja.contains("10時間"));
        let e = evidence(Sla {
            rto_hours: Some(8.0),
            restore_drill_hours: Some(7.5),
            ..Sla::default()
        });
        assert!(run(&e, None).is_empty());
    }

    #[test]
    fn availability_impossible_with_maintenance_counted() {
        let mut sla = Sla {
            availability_percent: Some(99.0),
            maintenance_hours_per_month: Some(8.0),
            availability_excludes_maintenance: Some(false),
            ..Sla::default()
        };
        let c = run(&evidence(sla.clone()), None);
        assert_eq!(codes(&c), [AVAILABILITY_MAINTENANCE]);
        let m = &c[0].message.ja;
        assert!(
            m.contains("99%") && m.contains("7.3時間") && m.contains("8時間"),
            "{m}"
        );
        assert!(m.contains("98.9%"), "{m}");
        // 7 hours fit in the 7.3 allowed.
        sla.maintenance_hours_per_month = Some(7.0);
        assert!(run(&evidence(sla.clone()), None).is_empty());
        // Maintenance left out of the calculation (explicitly or by default) cannot break it.
        sla.maintenance_hours_per_month = Some(8.0);
        for excluded in [Some(true), None] {
            sla.availability_excludes_maintenance = excluded;
            assert!(run(&evidence(sla.clone()), None).is_empty());
        }
    }

    #[test]
    fn offline_backup_against_the_emergency_control() {
        let controls = offline_controls(catalog(), &evidence(Sla::default()));
        assert!(
            !controls.is_empty(),
            "the catalog links a control to backup_offline"
        );
        let id = controls[0].id.to_string();
        let answer = |status: Status| Answer {
            status,
            statement: None,
            evidence: vec![],
            responsibility: None,
            customer_actions: None,
            planned_date: None,
            na_reason: None,
        };
        let with = |offline: bool, status: Option<Status>| {
            let mut e = evidence(Sla {
                backup_offline: Some(offline),
                ..Sla::default()
            });
            if let Some(s) = status {
                e.answers.insert(id.to_string(), answer(s));
            }
            run(&e, None)
        };
        let c = with(false, Some(Status::Implemented));
        assert_eq!(codes(&c), [OFFLINE_CONTROL]);
        assert!(c[0].message.ja.contains(&id) && c[0].message.ja.contains("なし"));
        let c = with(true, Some(Status::NotImplemented));
        assert_eq!(codes(&c), [OFFLINE_CONTROL]);
        assert!(c[0].message.ja.contains("未対応"), "{}", c[0].message.ja);
        assert_eq!(codes(&with(true, None)), [OFFLINE_CONTROL]);
        // Consistent or partial answers raise nothing.
        for (offline, status) in [
            (true, Some(Status::Implemented)),
            (false, Some(Status::NotImplemented)),
            (false, Some(Status::Partial)),
            (true, Some(Status::Partial)),
            (false, None),
        ] {
            assert!(with(offline, status).is_empty(), "{offline} {status:?}");
        }
    }

    #[test]
    fn log_retention_against_the_profile_and_the_catalog() {
        let e = evidence(Sla {
            log_retention_days: Some(365),
            ..Sla::default()
        });
        let p = profile(&[("log_retention_days", SlaRule::Min(1825.0))]);
        let c = run(&e, Some(&p));
        assert_eq!(codes(&c), [LOG_RETENTION]);
        assert!(c[0].message.ja.contains("365日") && c[0].message.ja.contains("1825日"));
        assert!(run(&e, None).is_empty(), "no profile, no catalog minimum");
        let p = profile(&[("log_retention_days", SlaRule::Min(365.0))]);
        assert!(run(&e, Some(&p)).is_empty());
        // The catalog's own minimum.
        let mut cat = catalog().clone();
        cat.sla_floors.push(SlaFloor {
            key: "log_retention_days".into(),
            min: 730.0,
            source: "テスト".into(),
            note: None,
        });
        let c = check(&cat, &e, None);
        assert_eq!(codes(&c), [LOG_RETENTION]);
        assert!(c[0].message.ja.contains("730日") && c[0].message.ja.contains("テスト"));
        cat.sla_floors[0].min = 365.0;
        assert!(check(&cat, &e, None).is_empty());
    }

    #[test]
    fn incident_notice_later_than_the_profile_allows() {
        let e = evidence(Sla {
            incident_notice_hours: Some(2.0),
            security_incident_notice_hours: Some(24.0),
            ..Sla::default()
        });
        let p = profile(&[
            ("incident_notice_hours", SlaRule::Max(1.0)),
            ("security_incident_notice_hours", SlaRule::Max(24.0)),
        ]);
        let c = run(&e, Some(&p));
        assert_eq!(codes(&c), [INCIDENT_NOTICE]);
        assert_eq!(c[0].key, "incident_notice_hours");
        assert!(c[0].message.ja.contains("2時間") && c[0].message.ja.contains("1時間"));
        let p = profile(&[("incident_notice_hours", SlaRule::Max(2.0))]);
        assert!(run(&e, Some(&p)).is_empty());
        assert!(run(&e, None).is_empty());
        let p = profile(&[("security_incident_notice_hours", SlaRule::Max(12.0))]);
        let c = run(&e, Some(&p));
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].key, "security_incident_notice_hours");
    }

    #[test]
    fn every_code_is_registered_and_located() {
        for code in CODES {
            assert!(
                crate::diag::codes::lookup(code).is_some(),
                "{code} is not in diag::codes"
            );
        }
        let text = "[vendor]\nname = \"A\"\nservice = \"S\"\nprepared_on = 2026-11-01\n\n[sla]\nrpo_hours = 12\nbackup_interval_hours = 24\n";
        let source = SourceFile::from_text("e.toml", text);
        let tree = Tree::parse(&source).expect("parses");
        let e: Evidence = serde_json::from_value(tree.value.clone()).expect("evidence");
        // Placed in the tree given, or in the file parsed again: the same.
        for given in [Some(&tree), None] {
            let d = diagnostics(&run(&e, None), &source, given);
            assert_eq!(d.len(), 1);
            assert_eq!(d[0].label.as_ref().map(|l| l.line), Some(7));
            assert!(!d[0].is_error());
        }
    }

    #[test]
    fn the_message_follows_the_language() {
        let e = evidence(Sla {
            rpo_hours: Some(12.0),
            backup_interval_hours: Some(24.0),
            ..Sla::default()
        });
        let c = &run(&e, None)[0];
        assert_eq!(c.message(Lang::Ja), c.message.ja);
        assert_eq!(c.message(Lang::En), c.message.en);
        assert!(
            c.message(Lang::En)
                .starts_with("the recovery point objective (12 hour(s)) is shorter than the backup interval (24 hour(s))"),
            "{}",
            c.message.en
        );
    }

    #[test]
    fn availability_allowance_scales_with_the_target() {
        let sla = |target: f64, maintenance: f64| Sla {
            availability_percent: Some(target),
            maintenance_hours_per_month: Some(maintenance),
            availability_excludes_maintenance: Some(false),
            ..Sla::default()
        };
        // 99.9 % of 730 hours leaves 0.73 hours: one hour of maintenance breaks it.
        let c = run(&evidence(sla(99.9, 1.0)), None);
        assert_eq!(codes(&c), [AVAILABILITY_MAINTENANCE]);
        assert!(
            c[0].message.en.contains("allows 0.7 hours"),
            "{}",
            c[0].message.en
        );
        // Maintenance exactly at the allowance fits, even where the arithmetic rounds
        // (730 × (100 − 99.9) ÷ 100 is a hair under 0.73).
        for (target, maintenance) in [(99.0, 7.3), (99.9, 0.73)] {
            let c = run(&evidence(sla(target, maintenance)), None);
            assert!(c.is_empty(), "{target} / {maintenance}: {c:?}");
        }
    }

    #[test]
    fn only_controls_linked_to_the_offline_backup_are_compared() {
        let e = evidence(Sla::default());
        let mut cat = catalog().clone();
        let id = offline_controls(&cat, &e)[0].id.to_string();
        let ids = |cat: &Catalog| -> Vec<String> {
            offline_controls(cat, &e)
                .iter()
                .map(|c| c.id.to_string())
                .collect()
        };
        let i = cat.controls.iter().position(|c| c.id == id).unwrap();
        cat.controls[i].sla = vec!["backup_offline".into()];
        assert!(ids(&cat).contains(&id), "linked to backup_offline alone");
        cat.controls[i].sla = vec!["rto_hours".into()];
        assert!(!ids(&cat).contains(&id), "not linked to backup_offline");
    }
}
