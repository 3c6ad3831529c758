//! Forms: what a submitted form changes in the evidence data, and where each diagnostic of
//! the checks belongs on the page (the field its path names).
//!
//! A form writes what was typed into the draft's JSON value as it was typed — a number when
//! it reads as one, text otherwise, nothing for an empty field — and leaves every judgement
//! to the evidence checks, which then report a malformed date or a missing reason at the
//! field's path exactly as they would in a file.

use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Lang;
use crate::profile::{sla_field, SlaKind};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A submitted form: its fields in order (a field may repeat, like checked boxes).
pub type Pairs = Vec<(String, String)>;

/// The last value of a field.
pub fn get<'a>(pairs: &'a Pairs, name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Every value of a field, in order.
pub fn all<'a>(pairs: &'a Pairs, name: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// Text as typed, or `None` when nothing but white space was typed. Line breaks from a
/// browser's textarea (CRLF) become LF, as in a file.
fn text_of(s: &str) -> Option<Value> {
    let s = s.replace("\r\n", "\n");
    (!s.trim().is_empty()).then(|| Value::String(s))
}

/// A number when the text reads as one (an integer stays an integer), else the text, for the
/// schema to refuse at the field.
pub fn number_or_text(s: &str) -> Option<Value> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(i) = t.parse::<i64>() {
        return Some(Value::from(i));
    }
    match t.parse::<f64>() {
        Ok(f) if f.is_finite() => serde_json::Number::from_f64(f).map(Value::Number),
        _ => Some(Value::String(t.to_string())),
    }
}

/// `true`/`false` from a yes/no choice; anything else is kept as typed.
pub fn flag_of(s: &str) -> Option<Value> {
    match s.trim() {
        "" => None,
        "true" => Some(Value::Bool(true)),
        "false" => Some(Value::Bool(false)),
        other => Some(Value::String(other.to_string())),
    }
}

fn set(obj: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    match v {
        Some(v) => {
            obj.insert(key.to_string(), v);
        }
        None => {
            obj.remove(key);
        }
    }
}

/// The object at `key` of the root, created when missing (or when something else is there).
fn table<'a>(root: &'a mut Value, key: &str) -> &'a mut Map<String, Value> {
    if !root.is_object() {
        *root = Value::Object(Map::new());
    }
    let obj = root.as_object_mut().expect("made an object above");
    let slot = obj
        .entry(key.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut().expect("made an object above")
}

/// The fields of one control's answer form.
pub const ANSWER_FIELDS: [&str; 7] = [
    "status",
    "statement",
    "evidence",
    "responsibility",
    "customer_actions",
    "planned_date",
    "na_reason",
];

/// Replaces a control's answer with the form's fields.
pub fn apply_answer(root: &mut Value, id: &str, pairs: &Pairs) {
    let answers = table(root, "answers");
    let mut a = answers
        .get(id)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    set(
        &mut a,
        "status",
        get(pairs, "status").and_then(|s| text_of(s.trim())),
    );
    for key in ["statement", "customer_actions", "na_reason"] {
        set(&mut a, key, get(pairs, key).and_then(text_of));
    }
    set(
        &mut a,
        "planned_date",
        get(pairs, "planned_date").and_then(|s| text_of(s.trim())),
    );
    set(
        &mut a,
        "responsibility",
        get(pairs, "responsibility").and_then(|s| text_of(s.trim())),
    );
    let evidence: Vec<Value> = all(pairs, "evidence")
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| Value::String(s.trim().to_string()))
        .collect();
    a.insert("evidence".into(), Value::Array(evidence));
    answers.insert(id.to_string(), Value::Object(a));
}

/// The vendor fields of the overview form.
pub const VENDOR_FIELDS: [&str; 6] = [
    "name",
    "service",
    "version",
    "prepared_on",
    "contact",
    "service_model",
];

/// The disclosure's single-valued fields on the overview form (the lists of platforms,
/// roles and attachments are kept as they are in the file).
pub const DISCLOSURE_FIELDS: [&str; 11] = [
    "vendor_class",
    "equipment_location",
    "governing_law",
    "foreign_law",
    "foreign_law_note",
    "policies",
    "cyber_backup",
    "structure",
    "track_record",
    "financial_soundness",
    "certifications",
];

/// Applies the overview form: vendor, scope flags and the disclosure's front matter.
pub fn apply_info(root: &mut Value, pairs: &Pairs) {
    let vendor = table(root, "vendor");
    for key in VENDOR_FIELDS {
        let v = get(pairs, &format!("vendor.{key}")).and_then(|s| text_of(s.trim()));
        set(vendor, key, v);
    }
    let scope = table(root, "scope");
    for flag in crate::catalog::ScopeFlag::ALL {
        let on = get(pairs, &format!("scope.{}", flag.as_str())).is_some();
        scope.insert(flag.as_str().to_string(), Value::Bool(on));
    }
    let disclosure = table(root, "disclosure");
    for key in DISCLOSURE_FIELDS {
        let raw = get(pairs, &format!("disclosure.{key}")).unwrap_or_default();
        let v = if key == "foreign_law" {
            flag_of(raw)
        } else if key == "vendor_class" {
            text_of(raw.trim())
        } else {
            text_of(raw)
        };
        set(disclosure, key, v);
    }
    if disclosure.is_empty() {
        if let Some(obj) = root.as_object_mut() {
            obj.remove("disclosure");
        }
    }
}

/// Applies the SLA form: each key by its kind (numbers, yes/no, a responsibility, a list of
/// lines, text); an empty field removes the key.
pub fn apply_sla(root: &mut Value, pairs: &Pairs) {
    let sla = table(root, "sla");
    for key in crate::evidence::SLA_KEYS {
        let raw = get(pairs, &format!("sla.{key}")).unwrap_or_default();
        let v = match sla_field(key).map(|f| f.kind) {
            Some(SlaKind::Number) => number_or_text(raw),
            Some(SlaKind::Flag) => flag_of(raw),
            Some(SlaKind::Responsibility) => text_of(raw.trim()),
            Some(SlaKind::List) => {
                let items: Vec<Value> = raw
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| Value::String(l.to_string()))
                    .collect();
                (!items.is_empty()).then_some(Value::Array(items))
            }
            Some(SlaKind::Text) | None => text_of(raw),
        };
        set(sla, key, v);
    }
}

/// The fields of a document's form.
pub const DOCUMENT_FIELDS: [&str; 6] = ["id", "title", "path", "sha256", "issued", "expires"];

/// A document's entry from its form fields (path and hash come from the server).
pub fn document_entry(pairs: &Pairs, path: Option<String>, sha256: Option<String>) -> Value {
    let mut d = Map::new();
    for key in ["id", "title"] {
        set(&mut d, key, get(pairs, key).and_then(|s| text_of(s.trim())));
    }
    set(&mut d, "path", path.map(Value::String));
    set(&mut d, "sha256", sha256.map(Value::String));
    for key in ["issued", "expires"] {
        set(&mut d, key, get(pairs, key).and_then(|s| text_of(s.trim())));
    }
    Value::Object(d)
}

/// The documents array of the data (created when missing).
pub fn documents(root: &mut Value) -> &mut Vec<Value> {
    if !root.is_object() {
        *root = Value::Object(Map::new());
    }
    let obj = root.as_object_mut().expect("made an object above");
    let slot = obj
        .entry("documents".to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if !slot.is_array() {
        *slot = Value::Array(Vec::new());
    }
    slot.as_array_mut().expect("made an array above")
}

/// One diagnostic as a page shows it beside a field.
#[derive(Clone, Debug, Serialize)]
pub struct Message {
    /// An error (the file is invalid) rather than a warning.
    pub error: bool,
    /// The stable code (`E-ANSWER-PLANNED-NO-DATE`), for `sansho explain`.
    pub code: &'static str,
    /// The message in the page's language.
    pub text: String,
    /// The hint, when there is one.
    pub help: Option<String>,
}

impl Message {
    fn of(d: &Diagnostic, lang: Lang) -> Message {
        Message {
            error: d.is_error(),
            code: d.code,
            text: crate::diag::visible(d.message.get(lang)).into_owned(),
            help: d
                .help
                .as_ref()
                .map(|h| crate::diag::visible(h.get(lang)).into_owned()),
        }
    }
}

/// The field a diagnostic path belongs to: `answers.TEC-07.evidence[1]` →
/// `answers.TEC-07.evidence`, `documents[2].expires` → `documents[2].expires`,
/// `sla.rto_hours` → `sla.rto_hours`, `answers.TEC-07` → `answers.TEC-07`; an empty path
/// (a problem of the whole file) → `""`.
pub fn field_key(path: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let depth = if parts.first() == Some(&"answers") {
        3
    } else {
        2
    };
    let mut kept: Vec<&str> = parts.into_iter().take(depth).collect();
    if let Some(last) = kept.last_mut() {
        // `evidence[1]` → `evidence`, but `documents[2]` names the document.
        if !last.starts_with("documents[") {
            if let Some(i) = last.find('[') {
                *last = &last[..i];
            }
        }
    }
    kept.join(".")
}

/// Diagnostics by the field they belong to, in the page's language.
pub fn by_field(diags: &Diagnostics, lang: Lang) -> BTreeMap<String, Vec<Message>> {
    let mut out: BTreeMap<String, Vec<Message>> = BTreeMap::new();
    for d in diags.iter() {
        let key = field_key(d.path.as_deref().unwrap_or_default());
        out.entry(key).or_default().push(Message::of(d, lang));
    }
    out
}

/// The messages of one control's form: by field (`status`, `planned_date`…), and `""` for
/// those about the answer as a whole.
pub fn answer_messages(
    all: &BTreeMap<String, Vec<Message>>,
    id: &str,
) -> BTreeMap<String, Vec<Message>> {
    let prefix = format!("answers.{id}");
    let mut out = BTreeMap::new();
    for (k, v) in all.range(prefix.clone()..) {
        let rest = match k.strip_prefix(&prefix) {
            Some(rest) => rest,
            None => break,
        };
        let field = match rest.strip_prefix('.') {
            Some(f) => f,
            None if rest.is_empty() => "",
            None => continue, // `answers.TEC-070` is another control
        };
        out.insert(field.to_string(), v.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(items: &[(&str, &str)]) -> Pairs {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn answers_are_written_as_typed() {
        let mut v = json!({"answers": {"TEC-07": {"status": "implemented", "statement": "old"}}});
        apply_answer(
            &mut v,
            "TEC-07",
            &pairs(&[
                ("status", "planned"),
                ("statement", "a\r\nb"),
                ("evidence", "D-1"),
                ("evidence", "D-2"),
                ("planned_date", " 2027-13-01 "),
                ("na_reason", "  "),
            ]),
        );
        assert_eq!(
            v["answers"]["TEC-07"],
            json!({"status": "planned", "statement": "a\nb", "evidence": ["D-1", "D-2"], "planned_date": "2027-13-01"})
        );
    }

    #[test]
    fn sla_values_by_kind() {
        let mut v = json!({"sla": {"rto_hours": 4}});
        apply_sla(
            &mut v,
            &pairs(&[
                ("sla.availability_percent", "99.95"),
                ("sla.backup_generations", "7"),
                ("sla.rpo_hours", "one day"),
                ("sla.backup_offsite", "true"),
                ("sla.exemptions", "天災\r\n\r\n 戦争 \n"),
                ("sla.data_location", "日本国内"),
            ]),
        );
        let sla = &v["sla"];
        assert_eq!(sla["availability_percent"], json!(99.95));
        assert_eq!(sla["backup_generations"], json!(7));
        assert_eq!(sla["rpo_hours"], json!("one day"));
        assert_eq!(sla["backup_offsite"], json!(true));
        assert_eq!(sla["exemptions"], json!(["天災", "戦争"]));
        assert!(
            sla.get("rto_hours").is_none(),
            "an empty field removes the key"
        );
    }

    #[test]
    fn paths_map_to_fields() {
        assert_eq!(
            field_key("answers.TEC-07.planned_date"),
            "answers.TEC-07.planned_date"
        );
        assert_eq!(
            field_key("answers.TEC-07.evidence[1]"),
            "answers.TEC-07.evidence"
        );
        assert_eq!(field_key("answers.TEC-07"), "answers.TEC-07");
        assert_eq!(field_key("documents[2].expires"), "documents[2].expires");
        assert_eq!(field_key("documents[2]"), "documents[2]");
        assert_eq!(field_key("sla.rto_hours"), "sla.rto_hours");
        assert_eq!(
            field_key("disclosure.platforms[0].name"),
            "disclosure.platforms"
        );
        assert_eq!(field_key(""), "");
        let mut all = BTreeMap::new();
        let m = |t: &str| Message {
            error: true,
            code: "E-ANSWER-PLANNED-NO-DATE",
            text: t.into(),
            help: None,
        };
        all.insert("answers.TEC-07".to_string(), vec![m("whole")]);
        all.insert("answers.TEC-07.planned_date".to_string(), vec![m("date")]);
        all.insert("answers.TEC-070.status".to_string(), vec![m("other")]);
        all.insert("answers.TEC-08.status".to_string(), vec![m("next")]);
        let mine = answer_messages(&all, "TEC-07");
        assert_eq!(mine.keys().collect::<Vec<_>>(), ["", "planned_date"]);
    }
}
