//! The evidence file's data model: what a vendor says about its service, control by control.
//!
//! These types are the single Rust definition of the format; `schemas/evidence.schema.json`
//! describes the same structure for editors, and a test keeps the two in step.

use crate::catalog::{Responsibility, ScopeFlag};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A vendor's evidence file.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Who discloses what.
    pub vendor: Vendor,
    /// Scope flags that make optional areas applicable.
    #[serde(default)]
    pub scope: Scope,
    /// Evidence documents the answers cite.
    #[serde(default)]
    pub documents: Vec<EvidenceDocument>,
    /// Answers by control id.
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
    /// Service levels offered.
    #[serde(default)]
    pub sla: Sla,
}

/// The vendor and the service disclosed.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Vendor {
    /// Company name (事業者名).
    pub name: String,
    /// Service name (サービス名).
    pub service: String,
    /// Version of this disclosure (版).
    #[serde(default)]
    pub version: Option<String>,
    /// Date the disclosure was prepared (作成日).
    pub prepared_on: NaiveDate,
    /// Contact for the hospital (連絡先).
    #[serde(default)]
    pub contact: Option<String>,
    /// Service model, e.g. SaaS / PaaS / IaaS (提供形態).
    #[serde(default)]
    pub service_model: Option<String>,
}

/// Scope flags; all default to false.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// External storage of medical records (外部保存).
    #[serde(default)]
    pub external_storage: bool,
    /// Legally required e-signatures.
    #[serde(default)]
    pub esignature: bool,
    /// Online consultation.
    #[serde(default)]
    pub online_consultation: bool,
    /// PHR service.
    #[serde(default)]
    pub phr: bool,
}

impl Scope {
    /// Whether a flag is set.
    pub fn is_set(&self, flag: ScopeFlag) -> bool {
        match flag {
            ScopeFlag::ExternalStorage => self.external_storage,
            ScopeFlag::Esignature => self.esignature,
            ScopeFlag::OnlineConsultation => self.online_consultation,
            ScopeFlag::Phr => self.phr,
        }
    }

    /// Sets a flag.
    pub fn set(&mut self, flag: ScopeFlag, on: bool) {
        match flag {
            ScopeFlag::ExternalStorage => self.external_storage = on,
            ScopeFlag::Esignature => self.esignature = on,
            ScopeFlag::OnlineConsultation => self.online_consultation = on,
            ScopeFlag::Phr => self.phr = on,
        }
    }
}

/// An evidence document (certificate, policy, report).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EvidenceDocument {
    /// Id cited by answers (`D-ISMS`).
    pub id: String,
    /// Title.
    pub title: String,
    /// File relative to the evidence file's folder.
    #[serde(default)]
    pub path: Option<String>,
    /// Hex SHA-256 of the file.
    #[serde(default)]
    pub sha256: Option<String>,
    /// Issue date.
    #[serde(default)]
    pub issued: Option<NaiveDate>,
    /// Expiry date.
    #[serde(default)]
    pub expires: Option<NaiveDate>,
}

impl EvidenceDocument {
    /// Valid on `date`: issued (if set) on or before it and expiring (if set) on or after it.
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        self.issued.is_none_or(|i| i <= date) && self.expires.is_none_or(|e| e >= date)
    }
}

/// How far a control is implemented.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 対応済み.
    Implemented,
    /// 一部対応.
    Partial,
    /// 対応予定 (needs `planned_date`).
    Planned,
    /// 未対応.
    NotImplemented,
    /// 該当なし (needs `na_reason`; excluded from the score).
    NotApplicable,
}

impl Status {
    /// Every status in the order of the legend.
    pub const ALL: [Status; 5] = [
        Status::Implemented,
        Status::Partial,
        Status::Planned,
        Status::NotImplemented,
        Status::NotApplicable,
    ];

    /// The key used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Implemented => "implemented",
            Status::Partial => "partial",
            Status::Planned => "planned",
            Status::NotImplemented => "not_implemented",
            Status::NotApplicable => "not_applicable",
        }
    }

    /// The symbol of the disclosure's legend.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Implemented => "○",
            Status::Partial => "△",
            Status::Planned => "□",
            Status::NotImplemented => "×",
            Status::NotApplicable => "－",
        }
    }

    /// Label in `lang`.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Status::Implemented => lang.pick("対応", "implemented"),
            Status::Partial => lang.pick("一部対応", "partial"),
            Status::Planned => lang.pick("対応予定", "planned"),
            Status::NotImplemented => lang.pick("未対応", "not implemented"),
            Status::NotApplicable => lang.pick("該当なし", "not applicable"),
        }
    }
}

/// The vendor's answer for one control.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// How far it is implemented.
    pub status: Status,
    /// What the vendor does (実施内容).
    #[serde(default)]
    pub statement: Option<String>,
    /// Ids of the documents that prove it.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Who does it, when not the control's default.
    #[serde(default)]
    pub responsibility: Option<Responsibility>,
    /// What the hospital must do (医療機関等に求める事項).
    #[serde(default)]
    pub customer_actions: Option<String>,
    /// Target date when planned (目標日).
    #[serde(default)]
    pub planned_date: Option<NaiveDate>,
    /// Why the control does not apply.
    #[serde(default)]
    pub na_reason: Option<String>,
}

/// Service levels (all optional).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    /// サービス提供時間.
    #[serde(default)]
    pub service_hours: Option<String>,
    /// 稼働率 (%).
    #[serde(default)]
    pub availability_percent: Option<f64>,
    /// 計画停止の事前通知 (days).
    #[serde(default, deserialize_with = "crate::schema::integer::opt_u32")]
    pub planned_maintenance_notice_days: Option<u32>,
    /// 障害通知 (hours).
    #[serde(default)]
    pub incident_notice_hours: Option<f64>,
    /// 目標復旧時間 (hours).
    #[serde(default)]
    pub rto_hours: Option<f64>,
    /// 目標復旧時点 (hours).
    #[serde(default)]
    pub rpo_hours: Option<f64>,
    /// バックアップ頻度.
    #[serde(default)]
    pub backup_frequency: Option<String>,
    /// バックアップ世代数.
    #[serde(default, deserialize_with = "crate::schema::integer::opt_u32")]
    pub backup_generations: Option<u32>,
    /// 遠隔地保管.
    #[serde(default)]
    pub backup_offsite: Option<bool>,
    /// オフライン（ネットワークから切り離した）保管.
    #[serde(default)]
    pub backup_offline: Option<bool>,
    /// 問合せ受付時間.
    #[serde(default)]
    pub support_hours: Option<String>,
    /// 問合せへの回答時間 (hours).
    #[serde(default)]
    pub support_response_hours: Option<f64>,
    /// セキュリティ事故の報告 (hours).
    #[serde(default)]
    pub security_incident_notice_hours: Option<f64>,
    /// ログ保存期間 (days).
    #[serde(default, deserialize_with = "crate::schema::integer::opt_u32")]
    pub log_retention_days: Option<u32>,
    /// 重大な脆弱性の修正 (days).
    #[serde(default, deserialize_with = "crate::schema::integer::opt_u32")]
    pub patch_critical_days: Option<u32>,
    /// データ保管場所.
    #[serde(default)]
    pub data_location: Option<String>,
    /// 契約終了時のデータ返却 (days).
    #[serde(default, deserialize_with = "crate::schema::integer::opt_u32")]
    pub data_return_days: Option<u32>,
    /// データ消去証明書の発行.
    #[serde(default)]
    pub data_erasure_certificate: Option<bool>,
    /// サービス終了の事前通知 (months).
    #[serde(default, deserialize_with = "crate::schema::integer::opt_u32")]
    pub termination_notice_months: Option<u32>,
    /// セキュリティ更新の責任.
    #[serde(default)]
    pub security_update_responsibility: Option<Responsibility>,
    /// 再委託先.
    #[serde(default)]
    pub subcontractors: Option<Vec<String>>,
}

/// The SLA keys of the evidence format, in the order of the SLA draft's articles.
pub const SLA_KEYS: [&str; 21] = [
    "service_hours",
    "availability_percent",
    "planned_maintenance_notice_days",
    "incident_notice_hours",
    "rto_hours",
    "rpo_hours",
    "backup_frequency",
    "backup_generations",
    "backup_offsite",
    "backup_offline",
    "support_hours",
    "support_response_hours",
    "security_incident_notice_hours",
    "log_retention_days",
    "patch_critical_days",
    "data_location",
    "data_return_days",
    "data_erasure_certificate",
    "termination_notice_months",
    "security_update_responsibility",
    "subcontractors",
];

impl Sla {
    /// The value of one SLA key as JSON (`Null` when absent), for generic comparisons.
    pub fn get(&self, key: &str) -> serde_json::Value {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get(key).cloned())
            .unwrap_or(serde_json::Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sla_keys_match_the_struct() {
        let v = serde_json::to_value(Sla::default()).unwrap();
        let fields: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(fields, SLA_KEYS.to_vec());
    }

    /// What the schema calls an integer loads, whatever its spelling; what it refuses is
    /// refused by the types too (so no file passes the schema and then fails to load).
    #[test]
    fn integer_fields_agree_with_the_schema() {
        use crate::schema::{validate, SchemaKind};
        use crate::tree::Tree;
        let vendor = "[vendor]\nname = \"A\"\nservice = \"S\"\nprepared_on = 2026-11-01\n";
        let ints = [
            "planned_maintenance_notice_days",
            "backup_generations",
            "log_retention_days",
            "patch_critical_days",
            "data_return_days",
            "termination_notice_months",
        ];
        for key in ints {
            for (raw, want) in [
                ("7", Some(7)),
                ("7.0", Some(7)),
                ("1e3", Some(1000)),
                ("-0.0", Some(0)),
                ("0", Some(0)),
                ("4294967295", Some(u32::MAX)),
                ("7.5", None),
                ("-1", None),
                ("4294967296", None),
                ("\"7\"", None),
            ] {
                let text = format!("{vendor}[sla]\n{key} = {raw}\n");
                let file = crate::input::SourceFile::from_text("e.toml", text);
                let tree = Tree::parse(&file).expect("parses");
                let schema_ok = validate(SchemaKind::Evidence, &tree, &file).is_empty();
                let typed = crate::schema::from_value::<Evidence>(
                    &tree.value,
                    "E-EVIDENCE-MODEL",
                    &tree,
                    &file,
                );
                assert_eq!(schema_ok, want.is_some(), "{key} = {raw}: the schema");
                if schema_ok {
                    let e = typed.unwrap_or_else(|d| panic!("{key} = {raw}: {:?}", d.message));
                    assert_eq!(e.sla.get(key), serde_json::json!(want), "{key} = {raw}");
                }
            }
        }
    }

    #[test]
    fn document_validity_is_inclusive() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let doc = EvidenceDocument {
            id: "D".into(),
            title: "t".into(),
            path: None,
            sha256: None,
            issued: Some(d("2025-04-01")),
            expires: Some(d("2026-03-31")),
        };
        assert!(doc.is_valid_on(d("2025-04-01")));
        assert!(doc.is_valid_on(d("2026-03-31")));
        assert!(!doc.is_valid_on(d("2026-04-01")));
        assert!(!doc.is_valid_on(d("2025-03-31")));
    }
}
