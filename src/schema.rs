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
use serde::de::DeserializeOwned;
use serde_json::Value;

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
    // Tracking the path costs a tenth of a load; only a refusal is read again to say where.
    if let Ok(v) = T::deserialize(value) {
        return Ok(v);
    }
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

    /// The violations of `instance` against this schema, from the validator compiled with
    /// sansho itself: the schema is read, checked against its meta-schema and turned into code
    /// at build time, so a run spends nothing compiling it.
    fn errors(self, instance: &Value) -> jsonschema::ErrorIterator<'_> {
        match self {
            SchemaKind::Catalog => compiled::Catalog::iter_errors(instance),
            SchemaKind::Evidence => compiled::Evidence::iter_errors(instance),
            SchemaKind::Profile => compiled::Profile::iter_errors(instance),
            SchemaKind::Sources => compiled::Sources::iter_errors(instance),
            SchemaKind::Open => compiled::Open::iter_errors(instance),
        }
    }
}

/// The five schemas as compile-time validators (jsonschema's `validator` macro), with format
/// checks on: the same options the published schemas are meant to be read with.
mod compiled {
    #[jsonschema::validator(path = "schemas/catalog.schema.json", draft = Draft202012, validate_formats = true, methods = { is_valid = false, validate = false, iter_errors = true })]
    pub(super) struct Catalog;
    #[jsonschema::validator(path = "schemas/evidence.schema.json", draft = Draft202012, validate_formats = true, methods = { is_valid = false, validate = false, iter_errors = true })]
    pub(super) struct Evidence;
    #[jsonschema::validator(path = "schemas/profile.schema.json", draft = Draft202012, validate_formats = true, methods = { is_valid = false, validate = false, iter_errors = true })]
    pub(super) struct Profile;
    #[jsonschema::validator(path = "schemas/sources.schema.json", draft = Draft202012, validate_formats = true, methods = { is_valid = false, validate = false, iter_errors = true })]
    pub(super) struct Sources;
    #[jsonschema::validator(path = "schemas/open.schema.json", draft = Draft202012, validate_formats = true, methods = { is_valid = false, validate = false, iter_errors = true })]
    pub(super) struct Open;
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
    diagnostics(kind.errors(&tree.value), tree, file)
}

/// One diagnostic per violation, duplicates dropped.
fn diagnostics<'a>(
    errors: impl Iterator<Item = jsonschema::ValidationError<'a>>,
    tree: &Tree,
    file: &SourceFile,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = errors
        .map(|e| {
            let path = pointer_to_path(e.instance_path().as_str());
            let instance = lookup(&tree.value, e.instance_path().as_str());
            match (e.kind(), e.instance().as_ref()) {
                (ValidationErrorKind::PropertyNames { error }, _) => {
                    let key = error.instance().as_str().unwrap_or_default();
                    key_error(key, error.kind(), &path, tree, file)
                }
                // The compiled validators report a `propertyNames` violation as the inner
                // error: a string instance at a table's path is one of the table's keys.
                (inner, Value::String(key)) if instance.is_object() => {
                    key_error(key, inner, &path, tree, file)
                }
                (kind, _) => describe(kind, &path, instance, tree, file),
            }
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
        "^\\S*$" => ("空白を含まない文字列".into(), "text without spaces".into()),
        other => (
            format!("決められた形式（{other}）"),
            format!("of the form {other}"),
        ),
    }
}

/// A key of the table at `path` that breaks the table's `propertyNames` rule (`inner`). The
/// key is named as found, never searched for (a search was quadratic and blamed TEC-10 for
/// TEC-1000).
fn key_error(
    key: &str,
    inner: &ValidationErrorKind,
    path: &str,
    tree: &Tree,
    file: &SourceFile,
) -> Diagnostic {
    let (here, here_en) = place(path);
    let child = join(path, key);
    let shown_key = key_shown(key);
    let (fja, fen) = match inner {
        ValidationErrorKind::Pattern { pattern } => {
            let (j, e) = pattern_words(pattern);
            (format!("{j}で書いてください。"), format!(" Write {e}."))
        }
        _ => (String::new(), String::new()),
    };
    Diagnostic::error(
        "E-SCHEMA-KEY",
        text!(
            ["{here} のキー `{shown_key}` の形式が正しくありません。{fja}"],
            ["{here_en}: the key `{shown_key}` is not of the expected form.{fen}"]
        ),
    )
    .with_path(child.clone())
    .at(tree.key_span(&child).map(|s| file.label(s)))
}

/// How a message names the place at `path`, in Japanese and English.
fn place(path: &str) -> (String, String) {
    if path.is_empty() {
        ("（ファイル全体）".into(), "(top level)".into())
    } else {
        (path.to_string(), path.to_string())
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
    let (here, here_en) = place(path);
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

    /// The compile-time validators must give exactly the diagnostics that the schema, compiled
    /// at run time by the same library with the same options, gives: same codes, messages,
    /// paths and positions, on the samples, the catalog and every broken file of `tests/bad`.
    #[test]
    fn compiled_validators_agree_with_the_runtime_ones() {
        const ALL_KINDS: [SchemaKind; 5] = [
            SchemaKind::Catalog,
            SchemaKind::Evidence,
            SchemaKind::Profile,
            SchemaKind::Sources,
            SchemaKind::Open,
        ];
        let mut instances: Vec<(SchemaKind, Tree, SourceFile)> = Vec::new();
        let mut add = |kind: SchemaKind, path: &std::path::Path| {
            let Ok(text) = std::fs::read_to_string(path) else {
                return; // not UTF-8: never reaches a schema
            };
            let file = SourceFile::from_text(path.display().to_string(), text);
            if let Ok(tree) = Tree::parse(&file) {
                instances.push((kind, tree, file));
            }
        };
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["samples/typical", "samples/strong", "samples/weak"] {
            add(SchemaKind::Evidence, &root.join(dir).join("evidence.toml"));
        }
        for entry in std::fs::read_dir(root.join("samples/profiles")).unwrap() {
            add(SchemaKind::Profile, &entry.unwrap().path());
        }
        for entry in std::fs::read_dir(root.join("controls")).unwrap() {
            let path = entry.unwrap().path();
            match path.file_name().and_then(|n| n.to_str()) {
                Some("open.toml") => add(SchemaKind::Open, &path),
                Some(n) if n.ends_with(".toml") && n != "catalog.toml" => {
                    add(SchemaKind::Catalog, &path)
                }
                _ => {}
            }
        }
        for entry in std::fs::read_dir(root.join("controls/sources")).unwrap() {
            add(SchemaKind::Sources, &entry.unwrap().path());
        }
        // Broken files, each against every schema: violations of every kind.
        for entry in std::fs::read_dir(root.join("tests/bad")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml" || e == "json") {
                for kind in ALL_KINDS {
                    add(kind, &path);
                }
            }
        }
        let (mut compared, mut violations) = (0, 0);
        for kind in ALL_KINDS {
            let schema: Value = serde_json::from_str(kind.text()).unwrap();
            let runtime = jsonschema::draft202012::options()
                .should_validate_formats(true)
                .build(&schema)
                .unwrap();
            for (_, tree, file) in instances.iter().filter(|(k, _, _)| *k == kind) {
                let compiled = validate(kind, tree, file);
                let expected = diagnostics(runtime.iter_errors(&tree.value), tree, file);
                assert_eq!(compiled, expected, "{kind:?} on {}", file.name);
                compared += 1;
                violations += compiled.len();
            }
        }
        assert!(compared > 200, "only {compared} instances compared");
        assert!(violations > 250, "only {violations} violations compared");
    }
}
