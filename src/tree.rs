//! Parsing TOML or JSON into a JSON value that remembers where each value came from.
//!
//! Schema validation works on JSON values, but users edit TOML: to point a schema error at a
//! line and column we keep, for every path in the document, the byte span of its key and of
//! its value. One parse gives both the value and the spans.

mod fast;
mod messages;

use crate::diag::Diagnostic;
use crate::input::SourceFile;
use crate::text;
use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::ops::Range;
use toml::de::{DeArray, DeTable, DeValue};
use toml::Spanned;

/// A parsed document: its value and the spans of every key and value in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tree {
    /// The document as JSON (TOML dates become `YYYY-MM-DD` strings).
    pub value: Value,
    spans: HashMap<String, Spans>,
    /// Numbers JSON cannot hold (1e309, nan, integers past i64), found while converting.
    bad_numbers: Vec<Range<usize>>,
    /// Whether `spans` is kept (see [`Tree::parse_values`]).
    positions: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Spans {
    key: Option<Range<usize>>,
    value: Range<usize>,
}

/// The format of an input file, chosen by its extension (`.json`, else TOML).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// TOML 1.0/1.1.
    Toml,
    /// JSON.
    Json,
}

impl Format {
    /// `.json` files are JSON and `.toml` files TOML; a name without either (standard input,
    /// `evidence.txt`) is JSON when its text starts with `{`, which TOML never does.
    pub fn of(file: &SourceFile) -> Format {
        let ext = file.name.rsplit_once('.').map(|(_, e)| e);
        match ext {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            Some(e) if e.eq_ignore_ascii_case("toml") => Format::Toml,
            _ if file.text.trim_start().starts_with('{') => Format::Json,
            _ => Format::Toml,
        }
    }
}

impl Tree {
    /// Parses a source file in the format its extension says.
    pub fn parse(file: &SourceFile) -> Result<Tree, Vec<Diagnostic>> {
        match Format::of(file) {
            Format::Toml => Tree::parse_toml(file),
            Format::Json => Tree::parse_json(file),
        }
    }

    /// Like [`Tree::parse`], but keeps no positions (every [`Tree::span`] is `None`): for a
    /// load that only needs positions when something is wrong, and then parses again. The
    /// span of every value is a third of the parse; most files have nothing to point at.
    /// Syntax errors still have their positions.
    pub fn parse_values(file: &SourceFile) -> Result<Tree, Vec<Diagnostic>> {
        match Format::of(file) {
            Format::Toml => Tree::toml(file, false),
            Format::Json => Tree::json(file, false),
        }
    }

    /// Parses TOML, reporting every syntax error it can recover from.
    pub fn parse_toml(file: &SourceFile) -> Result<Tree, Vec<Diagnostic>> {
        Tree::toml(file, true)
    }

    fn toml(file: &SourceFile, positions: bool) -> Result<Tree, Vec<Diagnostic>> {
        // Most files are ordinary TOML that the fast path reads in one pass; it leaves
        // anything else, errors included, to `toml`.
        if let Some((value, spans)) = fast::parse(&file.text, positions) {
            return Ok(Tree {
                value,
                spans,
                positions,
                ..Tree::default()
            });
        }
        Tree::toml_only(file, positions)
    }

    /// Parses TOML with `toml` alone, never the fast path: the reference the fast path is
    /// checked against (its tests, and the fuzz targets on every input).
    pub fn parse_toml_reference(file: &SourceFile) -> Result<Tree, Vec<Diagnostic>> {
        Tree::toml_only(file, true)
    }

    fn toml_only(file: &SourceFile, positions: bool) -> Result<Tree, Vec<Diagnostic>> {
        let (root, errors) = DeTable::parse_recoverable(&file.text);
        if !errors.is_empty() {
            return Err(errors
                .iter()
                .map(|e| {
                    let span = e.span().unwrap_or(0..0);
                    let found = file.text.get(span.clone()).unwrap_or_default();
                    let ja = messages::toml_ja(e.message(), found);
                    Diagnostic::error(
                        "E-TOML-SYNTAX",
                        text!(["{ja}"], ["TOML syntax error: {}", e.message()]),
                    )
                    .at(Some(file.label(span)))
                })
                .collect());
        }
        let mut tree = Tree {
            positions,
            ..Tree::default()
        };
        let span = root.span();
        tree.value = tree.table(root.get_ref(), "");
        if positions {
            tree.spans.insert(
                String::new(),
                Spans {
                    key: None,
                    value: span,
                },
            );
        }
        if !tree.bad_numbers.is_empty() {
            return Err(tree
                .bad_numbers
                .iter()
                .map(|span| {
                    let raw = crate::diag::visible(file.text.get(span.clone()).unwrap_or_default()).into_owned();
                    Diagnostic::error(
                        "E-TOML-NUMBER",
                        text!(
                            ["数値 {raw} は扱えません（整数は ±9223372036854775807 まで、小数は有限の値だけで、nan・inf は使えません）。"],
                            ["the number {raw} cannot be used (integers go up to ±9223372036854775807, floats must be finite; no nan or inf)."]
                        ),
                    )
                    .at(Some(file.label(span.clone())))
                })
                .collect());
        }
        Ok(tree)
    }

    fn table(&mut self, t: &DeTable<'_>, path: &str) -> Value {
        let mut map = Map::new();
        for (k, v) in t.iter() {
            let key: &str = k.get_ref();
            if !self.positions {
                let value = self.value(v, "");
                map.insert(key.to_string(), value);
                continue;
            }
            let child = join(path, key);
            let value = self.value(v, &child);
            self.spans.insert(
                child,
                Spans {
                    key: Some(k.span()),
                    value: v.span(),
                },
            );
            map.insert(key.to_string(), value);
        }
        Value::Object(map)
    }

    fn array(&mut self, a: &DeArray<'_>, path: &str) -> Value {
        let mut out = Vec::new();
        for (i, v) in a.iter().enumerate() {
            if !self.positions {
                out.push(self.value(v, ""));
                continue;
            }
            let child = join(path, &i.to_string());
            out.push(self.value(v, &child));
            self.spans.insert(
                child,
                Spans {
                    key: None,
                    value: v.span(),
                },
            );
        }
        Value::Array(out)
    }

    fn value(&mut self, v: &Spanned<DeValue<'_>>, path: &str) -> Value {
        match v.get_ref() {
            DeValue::String(s) => Value::String(s.to_string()),
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Value::Number(n.into()),
                Err(_) => {
                    self.bad_numbers.push(v.span());
                    Value::Null
                }
            },
            DeValue::Float(f) => match f.as_str().parse::<f64>().ok().and_then(Number::from_f64) {
                Some(n) => Value::Number(n),
                None => {
                    self.bad_numbers.push(v.span());
                    Value::Null
                }
            },
            DeValue::Boolean(b) => Value::Bool(*b),
            DeValue::Datetime(d) => Value::String(d.to_string()),
            DeValue::Array(a) => self.array(a, path),
            DeValue::Table(t) => self.table(t, path),
        }
    }

    /// Parses JSON. serde_json gives the value and the syntax error position; a small scanner
    /// records the spans.
    pub fn parse_json(file: &SourceFile) -> Result<Tree, Vec<Diagnostic>> {
        Tree::json(file, true)
    }

    fn json(file: &SourceFile, positions: bool) -> Result<Tree, Vec<Diagnostic>> {
        let value: Value = serde_json::from_str(&file.text).map_err(|e| {
            let offset = offset_of(&file.text, e.line(), e.column());
            let ja = messages::json_ja(&e.to_string());
            vec![
                Diagnostic::error("E-JSON-SYNTAX", text!(["{ja}"], ["JSON syntax error: {e}"]))
                    .at(Some(file.label(offset..offset + 1))),
            ]
        })?;
        let mut tree = Tree {
            value,
            positions,
            ..Tree::default()
        };
        if !positions {
            return Ok(tree);
        }
        let mut scanner = JsonScanner {
            src: file.text.as_bytes(),
            pos: 0,
            spans: &mut tree.spans,
        };
        scanner.skip_ws();
        scanner.value(String::new(), None);
        Ok(tree)
    }

    /// The span of the value at `path` (a dotted path as produced by [`join`]), or of the
    /// nearest enclosing value that exists.
    pub fn span(&self, path: &str) -> Option<Range<usize>> {
        self.lookup(path).map(|s| s.value.clone())
    }

    /// The span of the key at `path` (falls back to the value, then to the nearest parent).
    pub fn key_span(&self, path: &str) -> Option<Range<usize>> {
        self.lookup(path)
            .map(|s| s.key.clone().unwrap_or_else(|| s.value.clone()))
    }

    fn lookup(&self, path: &str) -> Option<&Spans> {
        let mut p = path;
        loop {
            if let Some(s) = self.spans.get(p) {
                return Some(s);
            }
            if p.is_empty() {
                return None;
            }
            p = match p.rfind(['.', '[']) {
                Some(i) => &p[..i],
                None => "",
            };
        }
    }
}

/// Joins a path and a key the way users read paths: `answers.TEC-01.status`, `documents[2]`.
pub fn join(path: &str, key: &str) -> String {
    let mut out = String::with_capacity(path.len() + key.len() + 2);
    out.push_str(path);
    push(&mut out, key);
    out
}

/// [`join`] in place, for walks that extend one path and cut it back
/// (`path.truncate(len)`) instead of allocating a path per value.
pub fn push(path: &mut String, key: &str) {
    if !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) {
        path.push('[');
        path.push_str(key);
        path.push(']');
    } else {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    }
}

/// Converts a JSON pointer (`/answers/TEC-01/status`) into a dotted path.
pub fn pointer_to_path(pointer: &str) -> String {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .fold(String::new(), |acc, k| join(&acc, &k))
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = text[start.min(text.len())..]
        .split('\n')
        .next()
        .unwrap_or("");
    let col = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    (start + col).min(text.len())
}

/// Records spans of an already-validated JSON text (serde_json parsed it first, so the
/// scanner can assume well-formed input and only needs to be robust, not strict).
struct JsonScanner<'a> {
    src: &'a [u8],
    pos: usize,
    spans: &'a mut HashMap<String, Spans>,
}

impl JsonScanner<'_> {
    fn skip_ws(&mut self) {
        while self.pos < self.src.len() && self.src[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn value(&mut self, path: String, key: Option<Range<usize>>) {
        let start = self.pos;
        match self.src.get(self.pos) {
            Some(b'{') => {
                self.pos += 1;
                loop {
                    self.skip_ws();
                    match self.src.get(self.pos) {
                        Some(b'}') => {
                            self.pos += 1;
                            break;
                        }
                        Some(b',') => self.pos += 1,
                        Some(b'"') => {
                            let kstart = self.pos;
                            let k = self.string();
                            let kspan = kstart..self.pos;
                            self.skip_ws();
                            if self.src.get(self.pos) == Some(&b':') {
                                self.pos += 1;
                            }
                            self.skip_ws();
                            self.value(join(&path, &k), Some(kspan));
                        }
                        _ => break,
                    }
                }
            }
            Some(b'[') => {
                self.pos += 1;
                let mut i = 0;
                loop {
                    self.skip_ws();
                    match self.src.get(self.pos) {
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        Some(b',') => self.pos += 1,
                        Some(_) => {
                            self.value(join(&path, &i.to_string()), None);
                            i += 1;
                        }
                        None => break,
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while self.pos < self.src.len()
                    && !matches!(self.src[self.pos], b',' | b'}' | b']')
                    && !self.src[self.pos].is_ascii_whitespace()
                {
                    self.pos += 1;
                }
            }
            None => {}
        }
        self.spans.insert(
            path,
            Spans {
                key,
                value: start..self.pos,
            },
        );
    }

    fn string(&mut self) -> String {
        let start = self.pos;
        self.pos += 1;
        while self.pos < self.src.len() {
            match self.src[self.pos] {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    break;
                }
                _ => self.pos += 1,
            }
        }
        let end = self.pos.min(self.src.len());
        serde_json::from_slice::<String>(&self.src[start..end]).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_without_positions() {
        let toml = SourceFile::from_text("e.toml", "a = 1\n[b]\nc = [1, {d = 2}]\n");
        let json = SourceFile::from_text("e.json", r#"{"a": 1, "b": {"c": [1, {"d": 2}]}}"#);
        for f in [&toml, &json] {
            let with = Tree::parse(f).expect("parses");
            let without = Tree::parse_values(f).expect("parses");
            assert_eq!(with.value, without.value);
            assert!(with.span("b.c[1].d").is_some());
            assert_eq!((without.span("b.c[1].d"), without.span("")), (None, None));
        }
        let broken = SourceFile::from_text("e.toml", "a = 1\nb = \n");
        let e = Tree::parse_values(&broken).expect_err("syntax error");
        assert_eq!(e[0].label.as_ref().map(|l| l.line), Some(2));
    }

    #[test]
    fn toml_values_and_spans() {
        let f = SourceFile::from_text(
            "e.toml",
            "[vendor]\nname = \"株式会社A\"\nprepared_on = 2026-11-01\n\n[answers.TEC-01]\nstatus = \"done\"\n[[documents]]\nid = \"D-1\"\n",
        );
        let t = Tree::parse_toml(&f).unwrap();
        assert_eq!(t.value["vendor"]["prepared_on"], "2026-11-01");
        assert_eq!(t.value["documents"][0]["id"], "D-1");
        let s = t.span("answers.TEC-01.status").unwrap();
        assert_eq!(&f.text[s], "\"done\"");
        assert_eq!(
            f.line_col(t.key_span("answers.TEC-01.status").unwrap().start),
            (6, 1)
        );
        assert_eq!(f.line_col(t.span("documents[0].id").unwrap().start).0, 8);
        // Missing children fall back to the parent.
        assert_eq!(t.span("answers.TEC-01.nope"), t.span("answers.TEC-01"));
    }

    #[test]
    fn toml_syntax_errors_have_positions() {
        let f = SourceFile::from_text("e.toml", "a = 1\nb = \n");
        let errs = Tree::parse_toml(&f).unwrap_err();
        assert_eq!(errs[0].code, "E-TOML-SYNTAX");
        assert_eq!(errs[0].label.as_ref().unwrap().line, 2);
    }

    #[test]
    fn numbers_json_cannot_hold_are_located() {
        for (src, col) in [
            ("a = 1\nb = 1e309\n", 5),
            ("a = 1\nb = nan\n", 5),
            ("a = 1\nb = 99999999999999999999\n", 5),
        ] {
            let f = SourceFile::from_text("e.toml", src);
            let errs = Tree::parse_toml(&f).unwrap_err();
            assert_eq!(errs[0].code, "E-TOML-NUMBER", "{src}");
            let l = errs[0].label.as_ref().unwrap();
            assert_eq!((l.line, l.column), (2, col), "{src}");
        }
        assert!(Tree::parse_toml(&SourceFile::from_text("e.toml", "a = -0.0\nb = 1e3\n")).is_ok());
    }

    #[test]
    fn syntax_errors_are_japanese() {
        let f = SourceFile::from_text("e.toml", "[vendor]\nprepared_on = 2026-02-30\n");
        let errs = Tree::parse_toml(&f).unwrap_err();
        assert_eq!(
            errs[0].message.ja,
            "日付が正しくありません（日は 01〜28）。"
        );
        assert!(errs[0].message.en.contains("day between 01 and 28"));
        let f = SourceFile::from_text("e.json", "{\n  \"a\": 1,\n}\n");
        let errs = Tree::parse_json(&f).unwrap_err();
        assert_eq!(errs[0].message.ja, "最後の要素の後にカンマは書けません。");
        assert_eq!(errs[0].label.as_ref().map(|l| l.line), Some(3));
    }

    #[test]
    fn formats_follow_the_extension_then_the_content() {
        let f = |name: &str, text: &str| Format::of(&SourceFile::from_text(name, text));
        assert_eq!(f("a.json", "x = 1"), Format::Json);
        assert_eq!(f("a.toml", "{}"), Format::Toml);
        assert_eq!(f("<stdin>", "  {\"vendor\": {}}"), Format::Json);
        assert_eq!(f("<stdin>", "[vendor]"), Format::Toml);
    }

    #[test]
    fn json_values_and_spans() {
        let f = SourceFile::from_text(
            "e.json",
            "{\n  \"vendor\": {\"name\": \"A\\\"B\"},\n  \"documents\": [ {\"id\": \"D-1\"} ]\n}\n",
        );
        let t = Tree::parse_json(&f).unwrap();
        assert_eq!(t.value["vendor"]["name"], "A\"B");
        assert_eq!(&f.text[t.span("documents[0].id").unwrap()], "\"D-1\"");
        assert_eq!(&f.text[t.key_span("vendor.name").unwrap()], "\"name\"");
    }

    #[test]
    fn json_syntax_error_position() {
        let f = SourceFile::from_text("e.json", "{\n  \"a\": 1,\n  \"b\" 2\n}\n");
        let errs = Tree::parse_json(&f).unwrap_err();
        let l = errs[0].label.as_ref().unwrap();
        assert_eq!(l.line, 3);
    }

    #[test]
    fn pointers_become_paths() {
        assert_eq!(
            pointer_to_path("/answers/TEC-01/status"),
            "answers.TEC-01.status"
        );
        assert_eq!(pointer_to_path("/documents/2/id"), "documents[2].id");
        assert_eq!(pointer_to_path(""), "");
    }
}
