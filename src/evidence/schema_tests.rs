//! Keeps `schemas/evidence.schema.json` and the Rust types of the evidence format in step:
//! the same objects, the same fields in the same order, the same required fields, the same
//! enum values, and a fully populated instance that both accept and that round-trips.

use super::*;
use crate::catalog::{Responsibility, ScopeFlag};
use crate::input::SourceFile;
use crate::schema::{self, SchemaKind};
use crate::tree::Tree;
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::BTreeMap;

fn schema_json() -> Value {
    serde_json::from_str(SchemaKind::Evidence.text()).expect("schema is JSON")
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// An instance with every optional field set (status `implemented`, so that the schema's
/// conditional requirements do not depend on which fields are removed below).
fn full() -> Evidence {
    Evidence {
        vendor: Vendor {
            name: "株式会社サンプルクラウド".into(),
            service: "サンプル電子カルテ クラウド".into(),
            version: Some("1.2".into()),
            prepared_on: d("2026-11-01"),
            contact: Some("security@example.jp".into()),
            service_model: Some("SaaS".into()),
        },
        scope: Scope {
            external_storage: true,
            esignature: true,
            online_consultation: true,
            phr: true,
        },
        documents: vec![EvidenceDocument {
            id: "D-ISMS".into(),
            title: "ISO/IEC 27001 認証登録証".into(),
            path: Some("docs/isms.pdf".into()),
            sha256: Some("ab".repeat(32)),
            issued: Some(d("2025-04-01")),
            expires: Some(d("2028-03-31")),
        }],
        answers: BTreeMap::from([(
            "TEC-01".to_string(),
            Answer {
                status: Status::Implemented,
                statement: Some("情報を3区分に分類している。".into()),
                evidence: vec!["D-ISMS".into()],
                responsibility: Some(Responsibility::Shared),
                customer_actions: Some("利用者の権限を設定する。".into()),
                planned_date: Some(d("2027-03-31")),
                na_reason: Some("—".into()),
            },
        )]),
        sla: Sla {
            service_hours: Some("24時間365日".into()),
            availability_percent: Some(99.9),
            planned_maintenance_notice_days: Some(14),
            incident_notice_hours: Some(1.0),
            rto_hours: Some(4.0),
            rpo_hours: Some(24.0),
            backup_frequency: Some("日次".into()),
            backup_generations: Some(7),
            backup_offsite: Some(true),
            backup_offline: Some(true),
            support_hours: Some("平日 9:00-18:00".into()),
            support_response_hours: Some(4.0),
            security_incident_notice_hours: Some(24.0),
            log_retention_days: Some(1825),
            patch_critical_days: Some(14),
            data_location: Some("日本国内".into()),
            data_return_days: Some(30),
            data_erasure_certificate: Some(true),
            termination_notice_months: Some(6),
            security_update_responsibility: Some(Responsibility::Vendor),
            subcontractors: Some(vec!["株式会社サンプルデータセンター".into()]),
            prerequisites: Some("インターネット経由（TLS 1.2 以上）".into()),
            availability_excludes_maintenance: Some(true),
            outage_definition: Some("5分以上連続して利用できない状態".into()),
            availability_measurement: Some("5分間隔の外部監視を月単位で集計".into()),
            maintenance_window: Some("毎月第3日曜日 2:00〜6:00".into()),
            maintenance_hours_per_month: Some(4.0),
            restore_drill_hours: Some(3.5),
            backup_interval_hours: Some(24.0),
            reporting: Some("毎月、稼働率と障害を報告".into()),
            review: Some("年1回見直す".into()),
            service_credits: Some(false),
            service_credits_note: Some("努力目標のため減額なし".into()),
            exemptions: Some(vec!["天災地変その他の不可抗力".into()]),
            agreement_term: Some("利用契約の期間と同じ".into()),
            consultation: Some("甲乙誠実に協議して定める".into()),
        },
        disclosure: Disclosure {
            vendor_class: Some(VendorClass::A),
            platforms: vec![Platform {
                name: "株式会社サンプルデータセンター".into(),
                service: Some("IaaS".into()),
                role: Some("IaaS".into()),
                location: Some("日本国内".into()),
            }],
            equipment_location: Some("日本国内（東京）".into()),
            governing_law: Some("日本法".into()),
            foreign_law: Some(false),
            foreign_law_note: Some("外国法の及ぶ事業者を使っていない".into()),
            policies: Some("情報セキュリティ基本方針".into()),
            cyber_backup: Some("書換え不能なバックアップ".into()),
            structure: Some("情報セキュリティ推進室".into()),
            track_record: Some("導入100施設".into()),
            financial_soundness: Some("決算公告を公開".into()),
            certifications: Some("ISMS".into()),
            roles: vec![RoleSplit {
                duty: "利用者の登録".into(),
                vendor: Some("機能を提供".into()),
                institution: Some("登録・削除を行う".into()),
            }],
            attachments: vec![Attachment {
                title: "ISMS 認証登録証".into(),
                document: Some("D-ISMS".into()),
                note: Some("契約前に提供".into()),
            }],
        },
        revisions: vec![Revision {
            version: "1.2".into(),
            date: d("2026-11-01"),
            content: "初版".into(),
        }],
    }
}

fn keys(v: &Value) -> Vec<String> {
    v.as_object().expect("object").keys().cloned().collect()
}

/// (schema pointer of the object, pointer of the matching value in `full()` as JSON).
const OBJECTS: [(&str, &str); 11] = [
    ("", ""),
    ("/$defs/vendor", "/vendor"),
    ("/$defs/scope", "/scope"),
    ("/$defs/document", "/documents/0"),
    ("/$defs/answer", "/answers/TEC-01"),
    ("/$defs/sla", "/sla"),
    ("/$defs/disclosure", "/disclosure"),
    ("/$defs/platform", "/disclosure/platforms/0"),
    ("/$defs/role", "/disclosure/roles/0"),
    ("/$defs/attachment", "/disclosure/attachments/0"),
    ("/$defs/revision", "/revisions/0"),
];

fn schema_errors(value: &Value) -> Vec<String> {
    let file = SourceFile::from_text(
        "full.json",
        serde_json::to_string_pretty(value).expect("serialize"),
    );
    let tree = Tree::parse_json(&file).expect("parse");
    schema::validate(SchemaKind::Evidence, &tree, &file)
        .into_iter()
        .map(|d| d.message.en)
        .collect()
}

#[test]
fn schema_objects_have_exactly_the_fields_of_the_types_in_order() {
    let schema = schema_json();
    let value = serde_json::to_value(full()).expect("serialize");
    for (schema_at, value_at) in OBJECTS {
        let object = schema.pointer(schema_at).expect("schema object");
        assert_eq!(
            object["additionalProperties"], false,
            "{schema_at} is closed"
        );
        let mut props = keys(&object["properties"]);
        props.retain(|p| p != "$schema");
        assert_eq!(
            props,
            keys(value.pointer(value_at).expect("value")),
            "schema {schema_at:?} vs type at {value_at:?}"
        );
    }
}

#[test]
fn required_fields_agree_and_optional_fields_are_optional() {
    let schema = schema_json();
    let value = serde_json::to_value(full()).expect("serialize");
    for (schema_at, value_at) in OBJECTS {
        let object = schema.pointer(schema_at).expect("schema object");
        let required: Vec<&str> = object["required"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for field in keys(value.pointer(value_at).expect("value")) {
            let mut v = value.clone();
            v.pointer_mut(value_at)
                .and_then(Value::as_object_mut)
                .expect("object")
                .remove(&field);
            let serde_ok = serde_json::from_value::<Evidence>(v.clone()).is_ok();
            let schema_ok = schema_errors(&v).is_empty();
            let is_required = required.contains(&field.as_str());
            assert_eq!(serde_ok, !is_required, "types: {value_at}/{field}");
            assert_eq!(schema_ok, !is_required, "schema: {value_at}/{field}");
        }
    }
}

#[test]
fn a_full_instance_validates_and_round_trips() {
    let e = full();
    let value = serde_json::to_value(&e).expect("serialize");
    assert_eq!(schema_errors(&value), Vec::<String>::new());
    let back: Evidence = serde_json::from_value(value).expect("deserialize");
    assert_eq!(back, e);
    // Through TOML and the whole loader too.
    let text = toml::to_string(&e).expect("toml");
    let catalog = crate::catalog::load(&crate::catalog::CatalogSource::Embedded).expect("catalog");
    let opts = LoadOptions {
        check_files: false,
        as_of: d("2026-12-01"),
    };
    let (loaded, diags) = check_source(
        SourceFile::from_text("full.toml", text),
        std::path::Path::new("."),
        &catalog,
        &opts,
    );
    let loaded = loaded.unwrap_or_else(|| panic!("{}", diags.render(crate::i18n::Lang::En, false)));
    assert_eq!(loaded.evidence, e);
}

#[test]
fn enums_agree() {
    let schema = schema_json();
    let strings = |p: &str| -> Vec<String> {
        schema
            .pointer(p)
            .and_then(Value::as_array)
            .expect(p)
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect()
    };
    let statuses: Vec<String> = Status::ALL.iter().map(|s| s.as_str().to_string()).collect();
    assert_eq!(strings("/$defs/answer/properties/status/enum"), statuses);
    for s in Status::ALL {
        assert_eq!(serde_json::to_value(s).expect("status"), s.as_str());
    }
    let resp: Vec<String> = [
        Responsibility::Vendor,
        Responsibility::Institution,
        Responsibility::Shared,
    ]
    .iter()
    .map(|r| {
        serde_json::to_value(r)
            .expect("r")
            .as_str()
            .expect("str")
            .to_string()
    })
    .collect();
    assert_eq!(strings("/$defs/responsibility/enum"), resp);
    let flags: Vec<String> = ScopeFlag::ALL
        .iter()
        .map(|f| f.as_str().to_string())
        .collect();
    assert_eq!(keys(&schema["$defs"]["scope"]["properties"]), flags);
    assert_eq!(
        keys(&schema["$defs"]["sla"]["properties"]),
        SLA_KEYS.to_vec()
    );
    let classes: Vec<String> = [VendorClass::A, VendorClass::B]
        .iter()
        .map(|c| {
            serde_json::to_value(c)
                .expect("class")
                .as_str()
                .expect("str")
                .to_string()
        })
        .collect();
    assert_eq!(strings("/$defs/vendor_class/enum"), classes);
}

#[test]
fn every_field_is_described_in_both_languages() {
    // A property's own description, else the one of the definition it refers to.
    fn description<'s>(schema: &'s Value, p: &'s Value) -> &'s str {
        p["description"].as_str().unwrap_or_else(|| {
            p["$ref"]
                .as_str()
                .and_then(|r| schema.pointer(r.trim_start_matches('#')))
                .and_then(|d| d["description"].as_str())
                .unwrap_or_default()
        })
    }
    let schema = schema_json();
    let mut objects = vec![("", &schema)];
    objects.extend(
        schema["$defs"]
            .as_object()
            .expect("defs")
            .iter()
            .map(|(k, v)| (k.as_str(), v)),
    );
    for (at, object) in objects {
        for (k, p) in object["properties"].as_object().into_iter().flatten() {
            let desc = description(&schema, p);
            // Exactly one separator: `sansho init` splits the two languages there.
            assert_eq!(
                desc.matches(" / ").count(),
                1,
                "{at}/{k}: \"日本語 / English\" description"
            );
        }
    }
}

#[test]
fn conditional_requirements_hold_in_the_schema() {
    let mut v = serde_json::to_value(full()).expect("serialize");
    let answer = v
        .pointer_mut("/answers/TEC-01")
        .and_then(Value::as_object_mut)
        .expect("a");
    answer.insert("status".into(), "planned".into());
    answer.remove("planned_date");
    assert_eq!(schema_errors(&v).len(), 1);
    let answer = v
        .pointer_mut("/answers/TEC-01")
        .and_then(Value::as_object_mut)
        .expect("a");
    answer.insert("status".into(), "not_applicable".into());
    answer.remove("na_reason");
    assert_eq!(schema_errors(&v).len(), 1);
}

/// The key that breaks the pattern is the one blamed, even when a valid key is a prefix of
/// it, and a key with an escape sequence is named visibly.
#[test]
fn schema_key_errors_blame_the_bad_key() {
    let text = "[vendor]\nname = \"A\"\nservice = \"S\"\nprepared_on = 2026-11-01\n\n[answers.TEC-10]\nstatus = \"not_implemented\"\n\n[answers.TEC-1000]\nstatus = \"not_implemented\"\n\n[answers.\"\\u001b[2J\"]\nstatus = \"not_implemented\"\n";
    let file = SourceFile::from_text("e.toml", text);
    let tree = Tree::parse(&file).expect("parses");
    let mut keys: Vec<_> = schema::validate(SchemaKind::Evidence, &tree, &file)
        .into_iter()
        .filter(|d| d.code == "E-SCHEMA-KEY")
        .collect();
    keys.sort_by_key(|d| d.label.as_ref().map(|l| l.line));
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert_eq!(keys[0].path.as_deref(), Some("answers.TEC-1000"));
    assert_eq!(
        keys[0].label.as_ref().map(|l| (l.line, l.column)),
        Some((9, 10))
    );
    assert!(
        keys[0].message.ja.contains("`TEC-1000`"),
        "{}",
        keys[0].message.ja
    );
    assert!(keys[0]
        .message
        .ja
        .contains("管理策 ID（例: TEC-01）で書いてください"));
    assert!(
        keys[1].message.ja.contains("`\\u{1b}[2J`"),
        "{}",
        keys[1].message.ja
    );
}

/// A value the types refuse after the schema passed is a located diagnostic naming the
/// field, never an internal error without a position.
#[test]
fn model_errors_are_located() {
    #[derive(Debug, serde::Deserialize)]
    struct Doc {
        #[allow(dead_code)]
        items: Vec<Item>,
    }
    #[derive(Debug, serde::Deserialize)]
    struct Item {
        #[allow(dead_code)]
        n: u8,
    }
    let file = SourceFile::from_text("x.toml", "[[items]]\nn = 1\n\n[[items]]\nn = 300\n");
    let tree = Tree::parse(&file).expect("parses");
    let d = schema::from_value::<Doc>(&tree.value, "E-EVIDENCE-MODEL", &tree, &file).unwrap_err();
    assert_eq!(d.path.as_deref(), Some("items[1].n"));
    assert_eq!(d.label.as_ref().map(|l| (l.line, l.column)), Some((5, 5)));
    assert!(
        d.message
            .ja
            .starts_with("items[1].n の値 300 を読み取れませんでした"),
        "{}",
        d.message.ja
    );
    assert!(d.message.en.contains("u8"), "{}", d.message.en);
}
