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
    /// What the provider guideline 2.0 asks a vendor to disclose before the control tables
    /// (表4-1 selection items, the vendor's class, platforms, role split, attachments).
    #[serde(default)]
    pub disclosure: Disclosure,
    /// 改訂履歴: the disclosure's versions, oldest first.
    #[serde(default)]
    pub revisions: Vec<Revision>,
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

/// The vendor's class under the provider guideline 2.0 §2.2.2: who contracts with the
/// institution (A) and who provides the platform beneath (B).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub enum VendorClass {
    /// 対象事業者A: contracts with the medical institution and answers for the whole service.
    A,
    /// 対象事業者B: provides a platform (PaaS/IaaS) to a class-A vendor.
    B,
}

impl VendorClass {
    /// 対象事業者A / class-A vendor.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            VendorClass::A => lang.pick("対象事業者A", "class-A vendor"),
            VendorClass::B => lang.pick("対象事業者B", "class-B vendor"),
        }
    }
}

/// The front matter of a disclosure written for the provider guideline 2.0: its 表4-1
/// selection items, the vendor's class, the platforms beneath the service, the role split
/// and the attachments. Every field is optional; the disclosure prints 【要記入】 for an
/// empty one, so a vendor sees what a hospital will ask for.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    /// The vendor's class under 2.0 §2.2.2.
    #[serde(default)]
    pub vendor_class: Option<VendorClass>,
    /// Platforms beneath the service (each a 対象事業者B), in the order of the layers.
    #[serde(default)]
    pub platforms: Vec<Platform>,
    /// 医療情報を保存する機器の設置場所 (country, region, data centre).
    #[serde(default)]
    pub equipment_location: Option<String>,
    /// 適用される法令: that Japanese law governs the data and the contract.
    #[serde(default)]
    pub governing_law: Option<String>,
    /// Whether a foreign law can reach the vendor or one of its platforms (e.g. the US
    /// CLOUD Act for a US-owned cloud).
    #[serde(default)]
    pub foreign_law: Option<bool>,
    /// Which foreign law, how far it reaches and how the institution is told.
    #[serde(default)]
    pub foreign_law_note: Option<String>,
    /// 基本方針・取扱規程: the policies and handling rules (with where to read them).
    #[serde(default)]
    pub policies: Option<String>,
    /// サイバー攻撃に備えたバックアップ: how backups survive an attack.
    #[serde(default)]
    pub cyber_backup: Option<String>,
    /// 実施体制: who runs security and operations.
    #[serde(default)]
    pub structure: Option<String>,
    /// 実績: track record that makes the vendor credible (customers, years).
    #[serde(default)]
    pub track_record: Option<String>,
    /// 財務の健全性: financial soundness and what is shown on request.
    #[serde(default)]
    pub financial_soundness: Option<String>,
    /// Pマーク・ISMS 等: certifications held (or that none is held).
    #[serde(default)]
    pub certifications: Option<String>,
    /// 役割分担: one entry per duty, what the vendor and what the institution does.
    #[serde(default)]
    pub roles: Vec<RoleSplit>,
    /// 別紙: documents attached to the disclosure, in the order they are numbered.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// A platform beneath the service (対象事業者B).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// Company name.
    pub name: String,
    /// What it provides (e.g. IaaS 東京・大阪リージョン).
    #[serde(default)]
    pub service: Option<String>,
    /// Its layer: IaaS, PaaS, data centre, …
    #[serde(default)]
    pub role: Option<String>,
    /// Where its equipment holding medical data sits.
    #[serde(default)]
    pub location: Option<String>,
}

/// One duty of the role split (役割分担), both sides in words.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RoleSplit {
    /// The duty (e.g. 利用者アカウントの登録・削除).
    pub duty: String,
    /// What the vendor does; absent when nothing.
    #[serde(default)]
    pub vendor: Option<String>,
    /// What the institution does; absent when nothing.
    #[serde(default)]
    pub institution: Option<String>,
}

/// An attachment (別紙) of the disclosure.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// Title of the attachment.
    pub title: String,
    /// The evidence document it is, when it is one (an id from `documents`).
    #[serde(default)]
    pub document: Option<String>,
    /// A remark (e.g. 契約前に提供).
    #[serde(default)]
    pub note: Option<String>,
}

/// One entry of the revision history (改訂履歴).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// 版.
    pub version: String,
    /// 改訂日.
    pub date: NaiveDate,
    /// 改訂内容.
    pub content: String,
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

/// Declares the [`Sla`] struct and [`SLA_KEYS`] from one list, so a new SLA key is added in
/// one place and the two can never disagree (the schema, the profile's field table and the
/// SLA draft's articles are kept in step with [`SLA_KEYS`] by tests).
macro_rules! sla_keys {
    ($( $(#[$attr:meta])* $key:ident : $ty:ty, )*) => {
        /// Service levels (all optional).
        #[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
        #[serde(deny_unknown_fields)]
        pub struct Sla {
            $(
                $(#[$attr])*
                #[serde(default)]
                pub $key: Option<$ty>,
            )*
        }

        /// The SLA keys of the evidence format, in the order of the fields of [`Sla`] (the
        /// order the SLA draft and `sansho init` list them).
        pub const SLA_KEYS: [&str; [$(stringify!($key)),*].len()] = [$(stringify!($key)),*];
    };
}

sla_keys! {
    /// サービス提供時間.
    service_hours: String,
    /// 前提条件: how the service is provided and reached (提供形態, 接続方法, 対応ブラウザ, 利用者側環境).
    prerequisites: String,
    /// 稼働率 (%).
    availability_percent: f64,
    /// Whether planned maintenance is left out of the downtime when availability is computed
    /// (absent: left out, as the SLA draft's article says).
    availability_excludes_maintenance: bool,
    /// サービス停止の定義: what counts as an outage (e.g. 5 分以上連続して利用できない状態).
    outage_definition: String,
    /// 稼働率の測定方法: how outages are detected and availability is totalled.
    availability_measurement: String,
    /// 計画停止の時間帯 (e.g. 毎月第3日曜日 2:00〜6:00).
    maintenance_window: String,
    /// 計画停止の上限 (hours per month).
    maintenance_hours_per_month: f64,
    /// 計画停止の事前通知 (days).
    #[serde(deserialize_with = "crate::schema::integer::opt_u32")]
    planned_maintenance_notice_days: u32,
    /// 障害通知 (hours).
    incident_notice_hours: f64,
    /// 目標復旧時間 (hours).
    rto_hours: f64,
    /// 復旧訓練で記録した復旧所要時間 (hours): what the vendor's own drill measured.
    restore_drill_hours: f64,
    /// 目標復旧時点 (hours).
    rpo_hours: f64,
    /// バックアップ頻度.
    backup_frequency: String,
    /// バックアップの取得間隔 (hours): the number behind `backup_frequency` (日次 = 24).
    backup_interval_hours: f64,
    /// バックアップ世代数.
    #[serde(deserialize_with = "crate::schema::integer::opt_u32")]
    backup_generations: u32,
    /// 遠隔地保管.
    backup_offsite: bool,
    /// オフライン（ネットワークから切り離した）保管.
    backup_offline: bool,
    /// 問合せ受付時間.
    support_hours: String,
    /// 問合せへの回答時間 (hours).
    support_response_hours: f64,
    /// セキュリティ事故の報告 (hours).
    security_incident_notice_hours: f64,
    /// ログ保存期間 (days).
    #[serde(deserialize_with = "crate::schema::integer::opt_u32")]
    log_retention_days: u32,
    /// 重大な脆弱性の修正 (days).
    #[serde(deserialize_with = "crate::schema::integer::opt_u32")]
    patch_critical_days: u32,
    /// データ保管場所.
    data_location: String,
    /// 契約終了時のデータ返却 (days).
    #[serde(deserialize_with = "crate::schema::integer::opt_u32")]
    data_return_days: u32,
    /// データ消去証明書の発行.
    data_erasure_certificate: bool,
    /// サービス終了の事前通知 (months).
    #[serde(deserialize_with = "crate::schema::integer::opt_u32")]
    termination_notice_months: u32,
    /// セキュリティ更新の責任.
    security_update_responsibility: Responsibility,
    /// 再委託先.
    subcontractors: Vec<String>,
    /// 報告: what the vendor reports to the institution and how often (稼働率・障害・問合せの月次報告).
    reporting: String,
    /// 見直し: when and how the service levels are reviewed.
    review: String,
    /// サービスクレジット（減額・返金）の有無.
    service_credits: bool,
    /// サービスクレジットの内容 (the credit table or why there is none).
    service_credits_note: String,
    /// 免責: causes for which the service levels do not apply, one per entry.
    exemptions: Vec<String>,
    /// 有効期間: how long the agreement runs and how it is renewed.
    agreement_term: String,
    /// 協議: how matters the agreement does not settle are resolved.
    consultation: String,
}

/// Which way an SLA value gets better, for `sansho diff`: a longer notice is better, a
/// longer recovery time is worse; texts and lists only change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// A larger number (or `true` over `false`) is better.
    Higher,
    /// A smaller number is better.
    Lower,
    /// No order: a change is just a change.
    Neither,
}

/// The direction of every SLA key, in the order of [`SLA_KEYS`] (a test keeps them in step).
pub const SLA_DIRECTIONS: [(&str, Better); SLA_KEYS.len()] = [
    ("service_hours", Better::Neither),
    ("prerequisites", Better::Neither),
    ("availability_percent", Better::Higher),
    // Counting planned maintenance as downtime is the stricter promise.
    ("availability_excludes_maintenance", Better::Lower),
    ("outage_definition", Better::Neither),
    ("availability_measurement", Better::Neither),
    ("maintenance_window", Better::Neither),
    ("maintenance_hours_per_month", Better::Lower),
    ("planned_maintenance_notice_days", Better::Higher),
    ("incident_notice_hours", Better::Lower),
    ("rto_hours", Better::Lower),
    ("restore_drill_hours", Better::Lower),
    ("rpo_hours", Better::Lower),
    ("backup_frequency", Better::Neither),
    ("backup_interval_hours", Better::Lower),
    ("backup_generations", Better::Higher),
    ("backup_offsite", Better::Higher),
    ("backup_offline", Better::Higher),
    ("support_hours", Better::Neither),
    ("support_response_hours", Better::Lower),
    ("security_incident_notice_hours", Better::Lower),
    ("log_retention_days", Better::Higher),
    ("patch_critical_days", Better::Lower),
    ("data_location", Better::Neither),
    ("data_return_days", Better::Lower),
    ("data_erasure_certificate", Better::Higher),
    ("termination_notice_months", Better::Higher),
    ("security_update_responsibility", Better::Neither),
    ("subcontractors", Better::Neither),
    ("reporting", Better::Neither),
    ("review", Better::Neither),
    ("service_credits", Better::Higher),
    ("service_credits_note", Better::Neither),
    ("exemptions", Better::Neither),
    ("agreement_term", Better::Neither),
    ("consultation", Better::Neither),
];

/// Which way the value of an SLA key gets better (`Neither` for unknown keys).
pub fn sla_direction(key: &str) -> Better {
    SLA_DIRECTIONS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(Better::Neither, |(_, b)| *b)
}

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
        let mut unique = SLA_KEYS.to_vec();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), SLA_KEYS.len());
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
    fn every_sla_key_has_a_direction() {
        let keys: Vec<&str> = SLA_DIRECTIONS.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, SLA_KEYS.to_vec());
        assert_eq!(sla_direction("rto_hours"), Better::Lower);
        assert_eq!(sla_direction("availability_percent"), Better::Higher);
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

    #[test]
    fn labels_and_symbols_of_the_legend() {
        use crate::i18n::Lang;
        assert_eq!(VendorClass::A.label(Lang::Ja), "対象事業者A");
        assert_eq!(VendorClass::B.label(Lang::En), "class-B vendor");
        let legend: Vec<(&str, &str, &str, &str)> = Status::ALL
            .iter()
            .map(|s| (s.as_str(), s.symbol(), s.label(Lang::Ja), s.label(Lang::En)))
            .collect();
        assert_eq!(
            legend,
            [
                ("implemented", "○", "対応", "implemented"),
                ("partial", "△", "一部対応", "partial"),
                ("planned", "□", "対応予定", "planned"),
                ("not_implemented", "×", "未対応", "not implemented"),
                ("not_applicable", "－", "該当なし", "not applicable"),
            ]
        );
    }
}
