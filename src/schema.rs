//! The JSON Schemas of sansho's input files, embedded in the binary, and validation that
//! reports every violation with its path, line and column in Japanese or English.
//!
//! The schemas are published (`sansho schema evidence`) so that editors can check files as
//! they are typed; the same schemas are the first gate of every load.

use crate::diag::Diagnostic;
use crate::input::SourceFile;
use crate::text;
use crate::tree::{join, pointer_to_path, Tree};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::Validator;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::OnceLock;

/// JSON Schema's `integer` for serde. The schema calls `7.0`, `1e3` and `-0.0` integers (a
/// number with no fractional part), serde's `u32` refuses them; these deserializers accept
/// exactly what the schema accepts, so that a file the schema passes always loads.
pub mod integer {
    use serde::de::{Deserialize, Deserializer, Error};
    use std::collections::BTreeMap;

    /// A whole number within `u32` (`7`, `7.0`, `1e3`, `-0.0`), else the serde error.
    pub fn to_u32<E: Error>(n: f64) -> Result<u32, E> {
        if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) {
            Ok(n as u32)
        } else {
            Err(E::custom(format_args!(
                "expected a whole number from 0 to {}, found {n}",
                u32::MAX
            )))
        }
    }

    /// `Option<u32>` as the schema's `integer`.
    pub fn opt_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        Option::<f64>::deserialize(d)?.map(to_u32).transpose()
    }

    /// A map of `u32` values as the schema's `integer`.
    pub fn u32_map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, u32>, D::Error> {
        BTreeMap::<String, f64>::deserialize(d)?
            .into_iter()
            .map(|(k, v)| to_u32(v).map(|v| (k, v)))
            .collect()
    }
}

/// Deserializes a value that passed its schema into the Rust type. The two are kept in step
/// by tests, so a refusal is a bug; it still becomes a diagnostic (`code`) that names the
/// field and points at it, never an internal error without a location.
pub fn from_value<T: DeserializeOwned>(
    value: &Value,
    code: &'static str,
    tree: &Tree,
    file: &SourceFile,
) -> Result<T, Diagnostic> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let (mut path, mut pointer) = (String::new(), String::new());
        for seg in e.path().iter() {
            use serde_path_to_error::Segment;
            let key = match seg {
                Segment::Seq { index } => index.to_string(),
                Segment::Map { key } => key.clone(),
                Segment::Enum { variant } => variant.clone(),
                Segment::Unknown => continue,
            };
            path = join(&path, &key);
            pointer = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
        }
        let found = value.pointer(&pointer).map(shown).unwrap_or_default();
        let inner = e.into_inner();
        let here = crate::diag::visible(&path).into_owned();
        let label = tree
            .span(&path)
            .or_else(|| tree.key_span(&path))
            .map(|s| file.label(s));
        Diagnostic::error(
            code,
            text!(
                ["{here} の値 {found} を読み取れませんでした。スキーマの説明どおりの形（整数は小数点なし、など）に直してください（スキーマと内部の型が一致していないため、sansho の不具合として報告してください）。"],
                ["{here}: the value {found} cannot be read ({inner}); write it as the schema describes (and please report this bug: the schema and the internal types disagree)."]
            ),
        )
        .in_file(&file.name)
        .at(label)
        .with_path(path)
    })
}

/// Which input a schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// A controls file of the catalog (`controls/<area>.toml`).
    Catalog,
    /// A vendor's evidence file.
    Evidence,
    /// A hospital's requirement profile.
    Profile,
    /// A guideline edition's item inventory (`controls/sources/<edition>.toml`).
    Sources,
    /// The catalog's items left open on purpose (`controls/open.toml`).
    Open,
}

impl SchemaKind {
    /// The schema text as shipped.
    pub fn text(self) -> &'static str {
        match self {
            SchemaKind::Catalog => include_str!("../schemas/catalog.schema.json"),
            SchemaKind::Evidence => include_str!("../schemas/evidence.schema.json"),
            SchemaKind::Profile => include_str!("../schemas/profile.schema.json"),
            SchemaKind::Sources => include_str!("../schemas/sources.schema.json"),
            SchemaKind::Open => include_str!("../schemas/open.schema.json"),
        }
    }

    fn validator(self) -> &'static Validator {
        static CELLS: [OnceLock<Validator>; 5] = [const { OnceLock::new() }; 5];
        CELLS[self as usize].get_or_init(|| {
            let schema: Value = serde_json::from_str(self.text())
                .unwrap_or_else(|e| panic!("embedded {self:?} schema is not JSON: {e}"));
            jsonschema::draft202012::options()
                .should_validate_formats(true)
                .build(&schema)
                .unwrap_or_else(|e| panic!("embedded {self:?} schema is invalid: {e}"))
        })
    }
}

/// Follows a schema node's `$ref`s into the same document's `$defs`, so that readers of the
/// schema (the evidence-file writer, the Excel questionnaire) see a field's real type.
pub fn resolve<'a>(schema: &'a Value, node: &'a Value) -> &'a Value {
    let mut n = node;
    for _ in 0..8 {
        match n.get("$ref").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix('#').and_then(|p| schema.pointer(p)) {
                Some(next) => n = next,
                None => break,
            },
            None => break,
        }
    }
    n
}

/// Whether a schema node is a date (`$ref` to `#/$defs/date`, or `format: date`), which TOML
/// writes bare and a workbook as a date cell.
pub fn is_date(schema: &Value, node: &Value) -> bool {
    node.get("$ref").and_then(Value::as_str) == Some("#/$defs/date")
        || resolve(schema, node).get("format").and_then(Value::as_str) == Some("date")
}

/// Validates a parsed document against a schema; returns one diagnostic per violation.
pub fn validate(kind: SchemaKind, tree: &Tree, file: &SourceFile) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = kind
        .validator()
        .iter_errors(&tree.value)
        .map(|e| {
            let path = pointer_to_path(e.instance_path().as_str());
            let instance = lookup(&tree.value, e.instance_path().as_str());
            describe(e.kind(), &path, instance, tree, file)
        })
        .collect();
    out.dedup();
    out
}

fn lookup<'v>(root: &'v Value, pointer: &str) -> &'v Value {
    root.pointer(pointer).unwrap_or(&Value::Null)
}

fn shown(v: &Value) -> String {
    let s = match v {
        Value::String(s) => format!("\"{}\"", crate::diag::visible(s)),
        other => other.to_string(),
    };
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

/// A key for a message: control characters visible, at most 60 characters (a 1 MB key is
/// still named, not printed).
fn key_shown(k: &str) -> String {
    let v = crate::diag::visible(k);
    if v.chars().count() > 60 {
        format!("{}…", v.chars().take(60).collect::<String>())
    } else {
        v.into_owned()
    }
}

fn type_name(t: &str, ja: bool) -> String {
    let (j, e) = match t {
        "string" => ("文字列", "a string"),
        "integer" => ("整数", "an integer"),
        "number" => ("数値", "a number"),
        "boolean" => ("true / false", "true or false"),
        "array" => ("配列 [ … ]", "an array"),
        "object" => ("表（テーブル）", "a table/object"),
        "null" => ("null", "null"),
        other => (other, other),
    };
    if ja { j } else { e }.to_string()
}

/// The schemas' patterns in words a compliance officer understands.
fn pattern_words(pattern: &str) -> (String, String) {
    match pattern {
        "^[0-9a-fA-F]{64}$" => (
            "SHA-256（16進数 64 文字）".into(),
            "a SHA-256 hash (64 hexadecimal characters)".into(),
        ),
        "^[A-Z]{2,4}-[0-9]{2,3}$" => (
            "管理策 ID（例: TEC-01）".into(),
            "a control id such as TEC-01".into(),
        ),
        "^[a-z_]+$" => (
            "英小文字とアンダースコアの ID（例: technical）".into(),
            "an id of lower-case letters and underscores (e.g. technical)".into(),
        ),
        "^\\S+$" => ("空白を含まない文字列".into(), "text without spaces".into()),
        other => (
            format!("決められた形式（{other}）"),
            format!("of the form {other}"),
        ),
    }
}

fn describe(
    kind: &ValidationErrorKind,
    path: &str,
    instance: &Value,
    tree: &Tree,
    file: &SourceFile,
) -> Diagnostic {
    let at = |p: &str, key: bool| {
        let span = if key { tree.key_span(p) } else { tree.span(p) };
        span.map(|s| file.label(s))
    };
    let here = if path.is_empty() {
        "（ファイル全体）".to_string()
    } else {
        path.to_string()
    };
    let here_en = if path.is_empty() {
        "(top level)".to_string()
    } else {
        path.to_string()
    };
    let diag = |msg| {
        Diagnostic::error("E-SCHEMA", msg)
            .with_path(path)
            .at(at(path, false))
    };
    match kind {
        ValidationErrorKind::Required { property } => {
            let p = property.as_str().unwrap_or_default();
            Diagnostic::error(
                "E-SCHEMA-REQUIRED",
                text!(
                    ["{here} に必須の項目 `{p}` がありません。"],
                    ["{here_en}: the required field `{p}` is missing."]
                ),
            )
            .with_path(join(path, p))
            .at(at(path, true))
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let names = unexpected
                .iter()
                .map(|k| key_shown(k))
                .collect::<Vec<_>>()
                .join("`, `");
            let first = unexpected.first().map(String::as_str).unwrap_or_default();
            let child = join(path, first);
            Diagnostic::error(
                "E-SCHEMA-UNKNOWN-FIELD",
                text!(
                    ["{here} に知らない項目 `{names}` があります（綴りを確認してください）。"],
                    ["{here_en}: unknown field `{names}` (check the spelling)."]
                ),
            )
            .with_path(child.clone())
            .at(at(&child, true))
        }
        ValidationErrorKind::Type { kind } => {
            let want = match kind {
                TypeKind::Single(t) => (
                    type_name(&t.to_string(), true),
                    type_name(&t.to_string(), false),
                ),
                TypeKind::Multiple(set) => {
                    let names: Vec<String> = set.iter().map(|t| t.to_string()).collect();
                    (
                        names
                            .iter()
                            .map(|n| type_name(n, true))
                            .collect::<Vec<_>>()
                            .join(" または "),
                        names
                            .iter()
                            .map(|n| type_name(n, false))
                            .collect::<Vec<_>>()
                            .join(" or "),
                    )
                }
            };
            let v = shown(instance);
            diag(text!(
                ["{here} は {} で書いてください（今の値: {v}）。", want.0],
                ["{here_en} must be {} (found {v}).", want.1]
            ))
        }
        ValidationErrorKind::Enum { options } => {
            let opts: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(shown).collect())
                .unwrap_or_default();
            let v = shown(instance);
            let mut d = diag(text!(
                [
                    "{here} の値 {v} は使えません。使える値: {}",
                    opts.join(", ")
                ],
                [
                    "{here_en}: {v} is not allowed; use one of {}",
                    opts.join(", ")
                ]
            ));
            if let Some(s) = instance.as_str().and_then(|s| {
                crate::suggest::closest(
                    s,
                    options
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str),
                )
            }) {
                d = d.with_help(text!(["\"{s}\" のことですか？"], ["did you mean \"{s}\"?"]));
            }
            d
        }
        ValidationErrorKind::Constant { expected_value } => {
            let e = shown(expected_value);
            diag(text!(
                ["{here} は {e} でなければなりません。"],
                ["{here_en} must be {e}."]
            ))
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => {
            let v = shown(instance);
            diag(text!(
                ["{here} の値 {v} が小さすぎます（下限 {limit}）。"],
                ["{here_en}: {v} is below the minimum {limit}."]
            ))
        }
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            let v = shown(instance);
            diag(text!(
                ["{here} の値 {v} が大きすぎます（上限 {limit}）。"],
                ["{here_en}: {v} is above the maximum {limit}."]
            ))
        }
        ValidationErrorKind::MinLength { limit } => diag(text!(
            ["{here} が短すぎます（{limit} 文字以上）。空にしないでください。"],
            ["{here_en} is too short (at least {limit} characters)."]
        )),
        ValidationErrorKind::MaxLength { limit } => diag(text!(
            ["{here} が長すぎます（{limit} 文字まで）。"],
            ["{here_en} is too long (at most {limit} characters)."]
        )),
        ValidationErrorKind::MinItems { limit } => diag(text!(
            ["{here} には {limit} 個以上の要素が必要です。"],
            ["{here_en} needs at least {limit} item(s)."]
        )),
        ValidationErrorKind::MaxItems { limit } => diag(text!(
            ["{here} の要素が多すぎます（{limit} 個まで）。"],
            ["{here_en} has too many items (at most {limit})."]
        )),
        ValidationErrorKind::UniqueItems => {
            // Name the repeated value and point at its second occurrence.
            let items = instance.as_array().map(Vec::as_slice).unwrap_or_default();
            let dup = items
                .iter()
                .enumerate()
                .find(|(i, v)| items[..*i].contains(v));
            match dup {
                Some((i, v)) => {
                    let (v, child) = (shown(v), join(path, &i.to_string()));
                    Diagnostic::error(
                        "E-SCHEMA",
                        text!(
                            ["{here} に {v} が 2 回書かれています（{} 番目）。1 つにしてください。", i + 1],
                            ["{here_en} lists {v} twice (item {}); keep one.", i + 1]
                        ),
                    )
                    .with_path(child.clone())
                    .at(at(&child, false))
                }
                None => diag(text!(
                    ["{here} に同じ値が重複しています。"],
                    ["{here_en} contains duplicate items."]
                )),
            }
        }
        ValidationErrorKind::Pattern { pattern } => {
            let v = shown(instance);
            let (ja, en) = pattern_words(pattern);
            diag(text!(
                ["{here} の値 {v} は {ja} の形式になっていません。"],
                ["{here_en}: {v} is not {en}."]
            ))
        }
        ValidationErrorKind::Format { format } => {
            let v = shown(instance);
            let (ja, en) = match format.as_str() {
                "date" => ("日付（YYYY-MM-DD）", "a date (YYYY-MM-DD)"),
                "email" => ("メールアドレス", "an e-mail address"),
                "uri" => ("URL", "a URL"),
                _ => (format.as_str(), format.as_str()),
            };
            diag(text!(
                ["{here} は {ja} で書いてください（今の値: {v}）。"],
                ["{here_en} must be {en} (found {v})."]
            ))
        }
        ValidationErrorKind::PropertyNames { error } => {
            // The inner error's instance is the offending key itself: no search (which was
            // quadratic and blamed TEC-10 for TEC-1000).
            let key = error.instance().as_str().unwrap_or_default().to_string();
            let child = join(path, &key);
            let (shown_key, mut form) = (key_shown(&key), None);
            if let ValidationErrorKind::Pattern { pattern } = error.kind() {
                form = Some(pattern_words(pattern));
            }
            let (fja, fen) = form.map_or((String::new(), String::new()), |(j, e)| {
                (format!("{j}で書いてください。"), format!(" Write {e}."))
            });
            Diagnostic::error(
                "E-SCHEMA-KEY",
                text!(
                    ["{here} のキー `{shown_key}` の形式が正しくありません。{fja}"],
                    ["{here_en}: the key `{shown_key}` is not of the expected form.{fen}"]
                ),
            )
            .with_path(child.clone())
            .at(at(&child, true))
        }
        other => {
            let detail = format!("{other:?}");
            let detail: String = detail.chars().take(200).collect();
            diag(text!(
                ["{here} がスキーマに合っていません（{detail}）。"],
                ["{here_en} does not match the schema ({detail})."]
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_schemas_compile() {
        for k in [
            SchemaKind::Catalog,
            SchemaKind::Evidence,
            SchemaKind::Profile,
        ] {
            let _ = k.validator();
        }
    }
}
