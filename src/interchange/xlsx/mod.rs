//! The Excel questionnaire: `sansho export xlsx` writes it, `sansho import xlsx` reads it
//! back into an evidence file, and `sansho compare --format xlsx` writes a comparison.
//!
//! Which fields the questionnaire has comes from one place, the evidence file's published
//! schema: the cover sheet lists the properties of `vendor` and `scope`, the documents sheet
//! those of a document, the controls sheet one input column per answer property and the SLA
//! sheet one row per [`crate::evidence::SLA_KEYS`] entry. A field added to the model and the
//! schema appears in the workbook and survives the round trip without changes here; a test
//! compares the whole [`crate::evidence::Evidence`] after export and import.

mod compare;
mod export;
mod import;

pub use compare::compare_workbook;
pub use export::{questionnaire, ExportOptions};
pub use import::{read_questionnaire, ImportOptions, Imported};

use crate::catalog::Responsibility;
use crate::evidence::Status;
use crate::i18n::Lang;
use crate::render::sla::{Unit, ARTICLES};
use crate::schema::{is_date, resolve, SchemaKind};
use serde_json::Value;

/// The sheets of the questionnaire, in workbook order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sheet {
    /// 表紙: vendor, scope flags, catalog identity.
    Cover,
    /// 管理策: one row per control, answers to fill in.
    Controls,
    /// 根拠資料: the evidence documents.
    Documents,
    /// SLA: one row per SLA key.
    Sla,
    /// 提供基盤: the platforms the service runs on (disclosure).
    Platforms,
    /// 役割分担: the role split between vendor and institution (disclosure).
    Roles,
    /// 別紙: the disclosure's attachments.
    Attachments,
    /// 改訂履歴: the disclosure's revision history.
    Revisions,
    /// 集計: live counts per area (formulas; never read back).
    Summary,
}

impl Sheet {
    /// Every sheet, in workbook order.
    pub const ALL: [Sheet; 9] = [
        Sheet::Cover,
        Sheet::Controls,
        Sheet::Documents,
        Sheet::Sla,
        Sheet::Platforms,
        Sheet::Roles,
        Sheet::Attachments,
        Sheet::Revisions,
        Sheet::Summary,
    ];

    /// The sheet's name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Sheet::Cover => lang.pick("表紙", "Cover"),
            Sheet::Controls => lang.pick("管理策", "Controls"),
            Sheet::Documents => lang.pick("根拠資料", "Documents"),
            Sheet::Sla => lang.pick("SLA", "SLA"),
            Sheet::Platforms => lang.pick("提供基盤", "Platforms"),
            Sheet::Roles => lang.pick("役割分担", "Roles"),
            Sheet::Attachments => lang.pick("別紙", "Attachments"),
            Sheet::Revisions => lang.pick("改訂履歴", "Revisions"),
            Sheet::Summary => lang.pick("集計", "Summary"),
        }
    }

    /// The sheet a name stands for, in either language (a workbook exported in English can
    /// be imported with Japanese messages).
    pub fn parse(name: &str) -> Option<Sheet> {
        let name = name.trim();
        Sheet::ALL
            .into_iter()
            .find(|s| s.name(Lang::Ja) == name || s.name(Lang::En) == name)
    }
}

/// A sheet holding a list of records (one row each, one column per property), and where the
/// list sits in the evidence file.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TableSheet {
    /// The sheet.
    pub sheet: Sheet,
    /// The list's place in the evidence (`documents`, `disclosure.platforms`).
    pub path: &'static str,
    /// The schema definition of one record.
    pub def: &'static str,
    /// Blank input rows left under the records for new ones.
    pub spare: u32,
}

/// Every list of records in the evidence file, in workbook order.
pub(crate) const TABLES: [TableSheet; 5] = [
    TableSheet {
        sheet: Sheet::Documents,
        path: "documents",
        def: "/$defs/document",
        spare: 50,
    },
    TableSheet {
        sheet: Sheet::Platforms,
        path: "disclosure.platforms",
        def: "/$defs/platform",
        spare: 10,
    },
    TableSheet {
        sheet: Sheet::Roles,
        path: "disclosure.roles",
        def: "/$defs/role",
        spare: 30,
    },
    TableSheet {
        sheet: Sheet::Attachments,
        path: "disclosure.attachments",
        def: "/$defs/attachment",
        spare: 20,
    },
    TableSheet {
        sheet: Sheet::Revisions,
        path: "revisions",
        def: "/$defs/revision",
        spare: 20,
    },
];

/// The cell format every sansho workbook starts from (top-aligned, wrapped, thin grey
/// borders), so that the questionnaire and the comparison look like one family.
pub(crate) fn base_format() -> rust_xlsxwriter::Format {
    use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};
    Format::new()
        .set_align(FormatAlign::Top)
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF))
}

/// The value at a dotted path of a JSON object (`disclosure.platforms`).
pub(crate) fn at_path<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// How a field's value sits in a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Free text (a string cell).
    Text,
    /// A date cell.
    Date,
    /// はい / いいえ from a drop-down.
    Flag,
    /// A number cell.
    Number,
    /// A whole-number cell.
    Integer,
    /// An answer status from a drop-down.
    Status,
    /// Who is responsible, from a drop-down.
    Responsibility,
    /// A list of texts, one per line.
    Lines,
    /// A list of document ids, separated by commas or spaces.
    Ids,
    /// One of the field's [`Field::choices`], from a drop-down.
    Choice,
}

/// One allowed value of a [`Kind::Choice`] field, with its drop-down words.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Choice {
    /// The value in the evidence file (`A`).
    pub value: String,
    /// The word in Japanese (`対象事業者A`).
    pub ja: String,
    /// The word in English.
    pub en: String,
}

/// One field of the questionnaire: its key in the evidence file, how its cell holds it and
/// what the header says.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Field {
    /// The key in the evidence file (`planned_date`).
    pub key: String,
    /// How the cell holds the value.
    pub kind: Kind,
    /// Header in Japanese.
    pub ja: String,
    /// Header in English.
    pub en: String,
    /// The allowed values of a [`Kind::Choice`] field.
    pub choices: Vec<Choice>,
}

impl Field {
    /// The header in `lang`.
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.ja, &self.en)
    }

    /// Whether a header cell names this field (either language, or the key itself).
    pub fn matches(&self, header: &str) -> bool {
        let h = normalize(header);
        h == normalize(&self.ja) || h == normalize(&self.en) || h == self.key
    }
}

/// The read-only columns of the controls sheet, before the answer's input columns:
/// (Japanese, English, width).
pub(crate) const CONTROL_COLUMNS: [(&str, &str, f64); 8] = [
    ("ID", "ID", 9.0),
    ("領域", "Area", 14.0),
    ("管理策", "Control", 24.0),
    ("要求事項", "Requirement", 50.0),
    ("区分", "Level", 8.0),
    ("ガイドライン該当箇所", "Guideline refs", 28.0),
    ("責任（既定）", "Responsibility (default)", 11.0),
    ("適用", "Applies", 12.0),
];

/// The header of the key column of the cover and SLA sheets.
pub(crate) const KEY_HEADER: (&str, &str) = ("キー", "Key");

/// The header of the value column of the cover and SLA sheets.
pub(crate) const VALUE_HEADER: (&str, &str) = ("記入欄", "Value");

/// Header text without line breaks and surrounding space, for matching.
pub(crate) fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The evidence schema, parsed.
pub(crate) fn schema() -> Value {
    serde_json::from_str(SchemaKind::Evidence.text()).unwrap_or_default()
}

/// The fields of a schema object (`/$defs/vendor`, `/$defs/answer`, …) in schema order, or
/// the property names that no cell can hold (nested objects) as the error.
pub(crate) fn fields(schema: &Value, def: &str) -> Result<Vec<Field>, Vec<String>> {
    let props = schema
        .pointer(&format!("{def}/properties"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let section = def.rsplit('/').next().unwrap_or_default();
    let mut out = Vec::new();
    let mut unsupported = Vec::new();
    for (key, node) in &props {
        if is_table_list(schema, node) {
            // Lists of records have sheets of their own (`TABLES`).
            continue;
        }
        let Some(kind) = kind_of(schema, key, node) else {
            unsupported.push(format!("{section}.{key}"));
            continue;
        };
        let (ja, en) = label(section, key).unwrap_or_else(|| {
            let d = node
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or(key);
            let (ja, en) = d.split_once(" / ").unwrap_or((d, d));
            (first_phrase(ja), first_phrase(en))
        });
        let choices = match kind {
            Kind::Choice => choices(schema, section, key, node),
            _ => Vec::new(),
        };
        out.push(Field {
            key: key.clone(),
            kind,
            ja,
            en,
            choices,
        });
    }
    if unsupported.is_empty() {
        Ok(out)
    } else {
        Err(unsupported)
    }
}

/// The start of a schema description, short enough for a header: up to the first `。`,
/// `（`, `(` or `. `.
fn first_phrase(s: &str) -> String {
    let end = [s.find('。'), s.find('（'), s.find('('), s.find(". ")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(s.len());
    s[..end].trim().trim_end_matches('.').to_string()
}

/// Whether a schema property is a list of records (an array of objects).
pub(crate) fn is_table_list(schema: &Value, node: &Value) -> bool {
    let n = resolve(schema, node);
    n.get("type").and_then(Value::as_str) == Some("array")
        && n.get("items")
            .map(|i| resolve(schema, i))
            .and_then(|i| i.get("type"))
            .and_then(Value::as_str)
            == Some("object")
}

/// The drop-down words of an enum: the vendor class's labels, else the values themselves.
fn choices(schema: &Value, section: &str, key: &str, node: &Value) -> Vec<Choice> {
    let values = resolve(schema, node)
        .get("enum")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    values
        .iter()
        .filter_map(Value::as_str)
        .map(|v| {
            let class = match (section, key, v) {
                ("disclosure", "vendor_class", "A") => Some(crate::evidence::VendorClass::A),
                ("disclosure", "vendor_class", "B") => Some(crate::evidence::VendorClass::B),
                _ => None,
            };
            let (ja, en) = class.map_or((v, v), |c| (c.label(Lang::Ja), c.label(Lang::En)));
            Choice {
                value: v.to_string(),
                ja: ja.to_string(),
                en: en.to_string(),
            }
        })
        .collect()
}

/// How a schema property is held in a cell, `None` for shapes a cell cannot hold.
fn kind_of(schema: &Value, key: &str, node: &Value) -> Option<Kind> {
    if is_date(schema, node) {
        return Some(Kind::Date);
    }
    let n = resolve(schema, node);
    if node.get("$ref").and_then(Value::as_str) == Some("#/$defs/responsibility") {
        return Some(Kind::Responsibility);
    }
    if let Some(values) = n.get("enum").and_then(Value::as_array) {
        let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        let given: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        return Some(if given == statuses {
            Kind::Status
        } else {
            Kind::Choice
        });
    }
    match n.get("type").and_then(Value::as_str) {
        Some("string") => Some(Kind::Text),
        Some("boolean") => Some(Kind::Flag),
        Some("integer") => Some(Kind::Integer),
        Some("number") => Some(Kind::Number),
        Some("array") => {
            let items = n.get("items").map(|i| resolve(schema, i))?;
            if items.get("type").and_then(Value::as_str) != Some("string") {
                return None;
            }
            if key == "evidence"
                || n.get("items")
                    .and_then(|i| i.get("$ref"))
                    .and_then(Value::as_str)
                    == Some("#/$defs/document_id")
            {
                Some(Kind::Ids)
            } else {
                Some(Kind::Lines)
            }
        }
        _ => None,
    }
}

/// The questionnaire's own short headers where the schema's descriptions are sentences;
/// SLA keys use the SLA draft's article titles and scope flags their labels.
fn label(section: &str, key: &str) -> Option<(String, String)> {
    let pair = |ja: &str, en: &str| Some((ja.to_string(), en.to_string()));
    match (section, key) {
        ("vendor", "name") => pair("事業者名", "Vendor"),
        ("vendor", "service") => pair("サービス名", "Service"),
        ("vendor", "version") => pair("版", "Version"),
        ("vendor", "prepared_on") => pair("作成日", "Prepared on"),
        ("vendor", "contact") => pair("連絡先", "Contact"),
        ("vendor", "service_model") => pair("提供形態", "Service model"),
        ("document", "id") => pair("文書ID", "ID"),
        ("document", "title") => pair("文書名", "Title"),
        ("document", "path") => pair("ファイル", "File"),
        ("document", "sha256") => pair("SHA-256", "SHA-256"),
        ("document", "issued") => pair("発行日", "Issued"),
        ("document", "expires") => pair("有効期限", "Expires"),
        ("answer", "status") => pair("対応状況", "Status"),
        ("answer", "statement") => pair("実施内容", "What the vendor does"),
        ("answer", "evidence") => pair("根拠資料ID", "Evidence document IDs"),
        ("answer", "responsibility") => pair(
            "責任（既定と異なる場合）",
            "Responsibility (if not the default)",
        ),
        ("answer", "customer_actions") => {
            pair("医療機関等に求める事項", "Required of the institution")
        }
        ("answer", "planned_date") => pair("目標日", "Target date"),
        ("answer", "na_reason") => pair("該当なしの理由", "Why not applicable"),
        ("disclosure", "vendor_class") => pair("事業者の区分", "Vendor class"),
        ("disclosure", "equipment_location") => pair("機器の設置場所", "Equipment location"),
        ("disclosure", "governing_law") => pair("準拠法", "Governing law"),
        ("disclosure", "foreign_law") => pair("外国法令が及ぶ可能性", "Foreign law may apply"),
        ("disclosure", "foreign_law_note") => pair(
            "外国法令の内容と説明方法",
            "Foreign law: what and how explained",
        ),
        ("disclosure", "policies") => pair("基本方針・取扱規程", "Policies"),
        ("disclosure", "cyber_backup") => pair(
            "サイバー攻撃に備えたバックアップ",
            "Backups against cyber-attacks",
        ),
        ("disclosure", "structure") => pair("実施体制", "Organization"),
        ("disclosure", "track_record") => pair("実績", "Track record"),
        ("disclosure", "financial_soundness") => pair("財務の健全性", "Financial soundness"),
        ("disclosure", "certifications") => pair("取得している認証", "Certifications"),
        ("platform", "name") => pair("事業者名", "Provider"),
        ("platform", "service") => pair("提供を受けるサービス", "Service used"),
        ("platform", "role") => pair("層・役割", "Layer / role"),
        ("platform", "location") => pair("機器の所在地", "Equipment location"),
        ("role", "duty") => pair("責務・作業", "Duty"),
        ("role", "vendor") => pair("事業者が行うこと", "Done by the vendor"),
        ("role", "institution") => pair("医療機関等が行うこと", "Done by the institution"),
        ("attachment", "title") => pair("別紙の名称", "Title"),
        ("attachment", "document") => pair("文書ID", "Document ID"),
        ("attachment", "note") => pair("備考", "Note"),
        ("revision", "version") => pair("版", "Version"),
        ("revision", "date") => pair("改訂日", "Date"),
        ("revision", "content") => pair("改訂内容", "Changes"),
        ("scope", flag) => crate::catalog::ScopeFlag::parse(flag)
            .and_then(|f| pair(f.label(Lang::Ja), f.label(Lang::En))),
        ("sla", k) => ARTICLES
            .iter()
            .find(|a| a.key == Some(k))
            .and_then(|a| pair(a.title, a.title_en)),
        _ => None,
    }
}

/// The unit an SLA value is given in, from the SLA draft's article.
pub(crate) fn sla_unit(key: &str) -> Option<Unit> {
    ARTICLES.iter().find(|a| a.key == Some(key)).map(|a| a.unit)
}

/// What the unit column of the SLA sheet says.
pub(crate) fn unit_label(unit: Unit, lang: Lang) -> &'static str {
    match unit {
        Unit::Text => lang.pick("文章", "text"),
        Unit::Percent => "%",
        Unit::Days => lang.pick("日", "days"),
        Unit::Hours => lang.pick("時間", "hours"),
        Unit::Months => lang.pick("か月", "months"),
        Unit::Count => lang.pick("世代", "generations"),
        Unit::Flag => lang.pick("はい／いいえ", "yes / no"),
        Unit::Party => lang.pick("事業者／医療機関等／共同", "vendor / institution / shared"),
        Unit::List => lang.pick("1行に1件", "one per line"),
    }
}

/// The drop-down label of a status. 対応済 rather than the documents' 対応: alone in a
/// cell, 対応 reads as "to be handled".
pub(crate) fn status_label(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Implemented => lang.pick("対応済", "implemented"),
        other => other.label(lang),
    }
}

/// The status a drop-down label (either language) stands for.
pub(crate) fn parse_status(s: &str) -> Option<Status> {
    let s = s.trim();
    Status::ALL
        .into_iter()
        .find(|st| status_label(*st, Lang::Ja) == s || status_label(*st, Lang::En) == s)
}

/// Every responsibility, in drop-down order.
pub(crate) const RESPONSIBILITIES: [Responsibility; 3] = [
    Responsibility::Vendor,
    Responsibility::Institution,
    Responsibility::Shared,
];

/// The responsibility a drop-down label (either language) stands for.
pub(crate) fn parse_responsibility(s: &str) -> Option<Responsibility> {
    let s = s.trim();
    RESPONSIBILITIES
        .into_iter()
        .find(|r| r.label(Lang::Ja) == s || r.label(Lang::En) == s)
}

/// The serialized name of a responsibility.
pub(crate) fn responsibility_key(r: Responsibility) -> &'static str {
    match r {
        Responsibility::Vendor => "vendor",
        Responsibility::Institution => "institution",
        Responsibility::Shared => "shared",
    }
}

/// はい / いいえ (yes / no).
pub(crate) fn flag_label(b: bool, lang: Lang) -> &'static str {
    match b {
        true => lang.pick("はい", "yes"),
        false => lang.pick("いいえ", "no"),
    }
}

/// The flag a drop-down label (either language) stands for.
pub(crate) fn parse_flag(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "はい" | "yes" | "true" => Some(true),
        "いいえ" | "no" | "false" => Some(false),
        _ => None,
    }
}

/// `管理策!F12`: where a cell is, as spreadsheet users write it (0-based row and column).
pub(crate) fn cell_name(sheet: &str, row: u32, col: u16) -> String {
    format!(
        "{sheet}!{}",
        rust_xlsxwriter::utility::row_col_to_cell(row, col)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_field_has_a_cell() {
        let schema = schema();
        for def in [
            "/$defs/vendor",
            "/$defs/scope",
            "/$defs/document",
            "/$defs/answer",
            "/$defs/sla",
        ] {
            let f = fields(&schema, def).unwrap_or_else(|u| panic!("no cell for {u:?}"));
            let n = schema
                .pointer(&format!("{def}/properties"))
                .and_then(Value::as_object)
                .map_or(0, |o| o.len());
            assert_eq!(f.len(), n, "{def}");
            assert!(
                f.iter().all(|f| !f.ja.is_empty() && !f.en.is_empty()),
                "{def}"
            );
        }
        let sla = fields(&schema, "/$defs/sla").expect("sla");
        let keys: Vec<&str> = sla.iter().map(|f| f.key.as_str()).collect();
        let mut expected = crate::evidence::SLA_KEYS.to_vec();
        let mut got = keys.clone();
        expected.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, expected);
        assert!(sla.iter().all(|f| sla_unit(&f.key).is_some()));
    }

    #[test]
    fn kinds_follow_the_schema() {
        let schema = schema();
        let answer = fields(&schema, "/$defs/answer").expect("answer");
        let kind = |k: &str| answer.iter().find(|f| f.key == k).map(|f| f.kind);
        assert_eq!(kind("status"), Some(Kind::Status));
        assert_eq!(kind("planned_date"), Some(Kind::Date));
        assert_eq!(kind("evidence"), Some(Kind::Ids));
        assert_eq!(kind("responsibility"), Some(Kind::Responsibility));
        let sla = fields(&schema, "/$defs/sla").expect("sla");
        let kind = |k: &str| sla.iter().find(|f| f.key == k).map(|f| f.kind);
        assert_eq!(kind("backup_generations"), Some(Kind::Integer));
        assert_eq!(kind("rto_hours"), Some(Kind::Number));
        assert_eq!(kind("subcontractors"), Some(Kind::Lines));
        assert_eq!(kind("backup_offsite"), Some(Kind::Flag));
    }

    /// Every kind of cell, through the library: an evidence with values the samples may not
    /// use reads back equal.
    #[test]
    fn every_kind_of_value_round_trips() {
        use crate::catalog::{self, CatalogSource};
        use crate::evidence::{
            Answer, Attachment, Disclosure, Evidence, EvidenceDocument, Platform, Revision,
            RoleSplit, Scope, Sla, Vendor, VendorClass,
        };
        let cat = catalog::load(&CatalogSource::Embedded).expect("catalog");
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).expect("date");
        let mut answers = std::collections::BTreeMap::new();
        let ids: Vec<String> = cat
            .controls
            .iter()
            .take(3)
            .map(|c| c.id.to_string())
            .collect();
        answers.insert(
            ids[0].clone(),
            Answer {
                status: Status::Planned,
                statement: Some("1行目\n2行目「引用」 \"quoted\"".into()),
                evidence: vec!["D-1".into(), "D-2".into()],
                responsibility: Some(Responsibility::Shared),
                customer_actions: Some("=SUM(A1)".into()),
                planned_date: Some(d(2027, 3, 31)),
                na_reason: None,
            },
        );
        answers.insert(
            ids[1].clone(),
            Answer {
                status: Status::NotApplicable,
                statement: None,
                evidence: vec![],
                responsibility: None,
                customer_actions: None,
                planned_date: None,
                na_reason: Some("紙の記録を扱わないため".into()),
            },
        );
        let e = Evidence {
            vendor: Vendor {
                name: "+株式会社テスト".into(),
                service: "-サービス".into(),
                version: Some("3.10".into()),
                prepared_on: d(2026, 11, 1),
                contact: Some("@security".into()),
                service_model: None,
            },
            scope: Scope {
                external_storage: true,
                esignature: false,
                online_consultation: true,
                phr: false,
            },
            documents: vec![
                EvidenceDocument {
                    id: "D-1".into(),
                    title: "規程".into(),
                    path: Some("docs/a.pdf".into()),
                    sha256: Some("a".repeat(64)),
                    issued: Some(d(2025, 4, 1)),
                    expires: Some(d(2028, 3, 31)),
                },
                EvidenceDocument {
                    id: "D-2".into(),
                    title: "報告書".into(),
                    path: None,
                    sha256: None,
                    issued: None,
                    expires: None,
                },
            ],
            answers,
            sla: Sla {
                availability_percent: Some(99.95),
                rto_hours: Some(0.5),
                backup_generations: Some(7),
                backup_offsite: Some(false),
                backup_offline: Some(true),
                subcontractors: Some(vec!["A社（東京、大阪）".into(), "B社".into()]),
                security_update_responsibility: Some(Responsibility::Institution),
                service_hours: Some("24時間365日".into()),
                availability_excludes_maintenance: Some(true),
                maintenance_hours_per_month: Some(4.5),
                ..Sla::default()
            },
            disclosure: Disclosure {
                vendor_class: Some(VendorClass::B),
                foreign_law: Some(true),
                foreign_law_note: Some("米国 CLOUD Act\n説明済み".into()),
                platforms: vec![Platform {
                    name: "基盤株式会社".into(),
                    service: Some("IaaS".into()),
                    role: None,
                    location: Some("日本国内".into()),
                }],
                roles: vec![RoleSplit {
                    duty: "ID 管理".into(),
                    vendor: None,
                    institution: Some("登録・削除".into()),
                }],
                attachments: vec![Attachment {
                    title: "責任分界表".into(),
                    document: Some("D-1".into()),
                    note: None,
                }],
                ..Disclosure::default()
            },
            revisions: vec![
                Revision {
                    version: "1.0".into(),
                    date: d(2026, 4, 1),
                    content: "初版".into(),
                },
                Revision {
                    version: "1.1".into(),
                    date: d(2026, 11, 1),
                    content: "=改訂".into(),
                },
            ],
        };
        for lang in [Lang::Ja, Lang::En] {
            let opts = ExportOptions {
                lang,
                as_of: d(2026, 12, 1),
                profile: None,
            };
            let bytes = questionnaire(&cat, Some(&e), &opts).expect("export");
            let iopts = ImportOptions {
                as_of: d(2026, 12, 1),
                lang,
                base_dir: std::path::PathBuf::from("."),
            };
            let back = read_questionnaire(&bytes, "t.xlsx", &cat, &iopts)
                .unwrap_or_else(|e| panic!("{}", e.render(Lang::En, false)));
            assert_eq!(back.evidence, e, "{lang:?}");
        }
    }

    #[test]
    fn labels_parse_back_in_both_languages() {
        for s in Status::ALL {
            for lang in [Lang::Ja, Lang::En] {
                assert_eq!(parse_status(status_label(s, lang)), Some(s));
            }
        }
        assert_eq!(parse_status("対応"), None, "only the drop-down's words");
        for r in RESPONSIBILITIES {
            assert_eq!(parse_responsibility(r.label(Lang::En)), Some(r));
        }
        assert_eq!(parse_flag(" はい "), Some(true));
        assert_eq!(parse_flag("たぶん"), None);
        assert_eq!(cell_name("管理策", 11, 5), "管理策!F12");
        assert_eq!(Sheet::parse("Controls"), Some(Sheet::Controls));
    }
}
