//! Reading a questionnaire back into an evidence file.
//!
//! The workbook may have been saved by Excel or LibreOffice, so nothing is assumed beyond
//! sheet names, header texts and the key columns: columns are found by their headers (in
//! either language), rows of the cover and SLA sheets by their keys. Every problem names its
//! cell (`管理策!L12`). Cell-level problems come first (a formula, a merged cell, a date
//! typed as text, a status not in the drop-down, a changed or missing control row); then the
//! evidence is validated exactly like an evidence file, and each of those diagnostics is
//! moved from its path (`answers.TEC-01.planned_date`) to the cell it came from.
//!
//! Formula cells are refused rather than read through their cached values: a formula in a
//! vendor's answer is either a mistake or an attack on whoever opens the workbook next.

use super::{
    cell_name, fields, normalize, parse_flag, parse_responsibility, parse_status, schema,
    status_label, Field, Kind, Sheet, TableSheet, CONTROL_COLUMNS, KEY_HEADER, RESPONSIBILITIES,
    TABLES, VALUE_HEADER,
};
use crate::catalog::Catalog;
use crate::diag::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::evidence::{check_source, to_toml, Evidence, LoadOptions, Status};
use crate::i18n::{Lang, Text};
use crate::input::SourceFile;
use crate::text;
use calamine::{Data, Range, Reader, Xlsx};
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::PathBuf;

/// How to read a questionnaire.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// The day the evidence is judged on (expired documents, past target dates).
    pub as_of: NaiveDate,
    /// Language of the comments in the evidence file written.
    pub lang: Lang,
    /// The folder the evidence file will be written to (document paths are relative to it).
    pub base_dir: PathBuf,
}

/// A questionnaire that read back into a valid evidence file.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The evidence.
    pub evidence: Evidence,
    /// The evidence file, in the layout of `sansho init`.
    pub toml: String,
    /// Warnings (ignored sheets and columns, expired documents…), each naming its cell.
    pub warnings: Vec<Diagnostic>,
}

/// Reads a questionnaire (`name` is what messages call the file). Any error makes it
/// `Err(Error::Invalid(every diagnostic))`, each naming its cell.
pub fn read_questionnaire(
    bytes: &[u8],
    name: &str,
    catalog: &Catalog,
    opts: &ImportOptions,
) -> Result<Imported> {
    let schema = schema();
    let field_set = |def: &str| fields(&schema, def).unwrap_or_default();
    let mut r = Read {
        name,
        catalog,
        diags: Vec::new(),
        cells: BTreeMap::new(),
        vendor: field_set("/$defs/vendor"),
        scope: field_set("/$defs/scope"),
        disclosure: field_set("/$defs/disclosure"),
        tables: TABLES.iter().map(|t| (*t, field_set(t.def))).collect(),
        answer: field_set("/$defs/answer"),
        sla: field_set("/$defs/sla"),
    };
    let data = r.workbook(bytes);
    let cell_errors = r.diags.iter().any(Diagnostic::is_error);
    let Some(data) = data.filter(|_| !cell_errors) else {
        return Err(Error::Invalid(Diagnostics(r.diags)));
    };
    let json = serde_json::to_string_pretty(&data).unwrap_or_default();
    let lopts = LoadOptions {
        check_files: false,
        as_of: opts.as_of,
    };
    let (loaded, diags) = check_source(
        SourceFile::from_text(format!("{name}.json"), json),
        &opts.base_dir,
        catalog,
        &lopts,
    );
    for d in diags {
        let d = r.relocate(d);
        r.diags.push(d);
    }
    let Some(loaded) = loaded else {
        return Err(Error::Invalid(Diagnostics(r.diags)));
    };
    let evidence = loaded.evidence;
    let toml = to_toml(catalog, &evidence, opts.lang);
    // The file written must read back as what was read; anything else is a bug here.
    let (again, _) = check_source(
        SourceFile::from_text("evidence.toml", toml.clone()),
        &opts.base_dir,
        catalog,
        &lopts,
    );
    if again.map(|l| l.evidence).as_ref() != Some(&evidence) {
        r.diags.push(
            Diagnostic::error(
                "E-XLSX-INTERNAL",
                text!(
                    ["書き出すエビデンスファイルが読み込んだ内容と一致しません（不具合として報告してください）。"],
                    ["the evidence file to be written differs from what was read (please report this bug)."]
                ),
            )
            .in_file(name),
        );
        return Err(Error::Invalid(Diagnostics(r.diags)));
    }
    Ok(Imported {
        evidence,
        toml,
        warnings: r.diags,
    })
}

/// Where a path of the evidence came from.
#[derive(Clone, Debug)]
enum Origin {
    /// A cell (its `sheet!A1` name).
    Cell(String),
    /// A whole sheet.
    Sheet(String),
}

struct Read<'a> {
    name: &'a str,
    catalog: &'a Catalog,
    diags: Vec<Diagnostic>,
    cells: BTreeMap<String, Origin>,
    vendor: Vec<Field>,
    scope: Vec<Field>,
    disclosure: Vec<Field>,
    tables: Vec<(TableSheet, Vec<Field>)>,
    answer: Vec<Field>,
    sla: Vec<Field>,
}

/// One sheet's values with its name, for cell lookups.
struct Grid {
    name: String,
    values: Range<Data>,
}

impl Grid {
    fn get(&self, row: u32, col: u16) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.values
            .get_value((row, u32::from(col)))
            .unwrap_or(&EMPTY)
    }

    fn text(&self, row: u32, col: u16) -> String {
        match self.get(row, col) {
            Data::String(s) => s.trim().to_string(),
            Data::Empty => String::new(),
            other => other.to_string(),
        }
    }

    fn last_row(&self) -> u32 {
        self.values.end().map_or(0, |(r, _)| r)
    }

    fn last_col(&self) -> u16 {
        self.values
            .end()
            .map_or(0, |(_, c)| c.min(u32::from(u16::MAX)) as u16)
    }

    fn cell(&self, row: u32, col: u16) -> String {
        cell_name(&self.name, row, col)
    }
}

impl Read<'_> {
    fn error(&mut self, code: &'static str, at: &str, message: Text) {
        self.diags
            .push(at_cell(Diagnostic::error(code, message), at, self.name));
    }

    fn warning(&mut self, code: &'static str, at: &str, message: Text) {
        self.diags
            .push(at_cell(Diagnostic::warning(code, message), at, self.name));
    }

    /// The evidence as JSON, or `None` when the file is not a usable workbook.
    fn workbook(&mut self, bytes: &[u8]) -> Option<Value> {
        let name = self.name.to_string();
        if bytes.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    "E-XLSX-EMPTY",
                    text!(["ファイルが空です。"], ["the file is empty."]),
                )
                .in_file(&name),
            );
            return None;
        }
        let mut book = match Xlsx::new(Cursor::new(bytes.to_vec())) {
            Ok(b) => b,
            Err(e) => {
                self.diags.push(
                    Diagnostic::error(
                        "E-XLSX-OPEN",
                        text!(
                            ["Excel ブック（.xlsx）として読めません: {e}"],
                            ["this is not a readable Excel workbook (.xlsx): {e}"]
                        ),
                    )
                    .in_file(&name)
                    .with_help(text!(
                        ["`sansho export xlsx` で作った質問票を Excel または LibreOffice で .xlsx 形式のまま保存してください。"],
                        ["save the questionnaire made by `sansho export xlsx` in .xlsx format (Excel or LibreOffice)."]
                    )),
                );
                return None;
            }
        };
        let mut sheets: BTreeMap<&'static str, Grid> = BTreeMap::new();
        for sheet_name in book.sheet_names() {
            let Some(kind) = Sheet::parse(&sheet_name) else {
                self.warning(
                    "W-XLSX-SHEET-UNKNOWN",
                    &sheet_name,
                    text!(
                        ["シート「{sheet_name}」は質問票のシートではないため読み飛ばしました。"],
                        ["sheet \"{sheet_name}\" is not part of the questionnaire and was ignored."]
                    ),
                );
                continue;
            };
            if kind == Sheet::Summary {
                continue;
            }
            let values = match book.worksheet_range(&sheet_name) {
                Ok(v) => v,
                Err(e) => {
                    self.error(
                        "E-XLSX-OPEN",
                        &sheet_name,
                        text!(
                            ["シートを読めません: {e}"],
                            ["the sheet cannot be read: {e}"]
                        ),
                    );
                    continue;
                }
            };
            if let Ok(formulas) = book.worksheet_formula(&sheet_name) {
                let (r0, c0) = formulas.start().unwrap_or((0, 0));
                for (r, c, f) in formulas.used_cells() {
                    if f.trim().is_empty() {
                        continue;
                    }
                    let at = cell_name(&sheet_name, r0 + r as u32, (c0 as usize + c) as u16);
                    self.error(
                        "E-XLSX-FORMULA",
                        &at,
                        text!(
                            ["数式（={f}）は使えません。値を直接入力してください。"],
                            ["formulas (={f}) are not accepted; type the value itself."]
                        ),
                    );
                }
            }
            let merged: Vec<(u32, u32)> = book
                .merge_cells_by_sheet_name(&sheet_name)
                .unwrap_or_default()
                .iter()
                .map(|d| d.start)
                .collect();
            for (r, c) in merged {
                let at = cell_name(&sheet_name, r, c as u16);
                self.error(
                    "E-XLSX-MERGED",
                    &at,
                    text!(
                        ["結合されたセルがあります。セルの結合を解除してください。"],
                        ["merged cells are not accepted; unmerge them."]
                    ),
                );
            }
            let key = kind.name(Lang::En);
            sheets.insert(
                key,
                Grid {
                    name: sheet_name.clone(),
                    values,
                },
            );
        }
        let mut missing = false;
        let required = [Sheet::Cover, Sheet::Controls, Sheet::Sla]
            .into_iter()
            .chain(TABLES.iter().map(|t| t.sheet));
        for kind in required {
            if !sheets.contains_key(kind.name(Lang::En)) {
                missing = true;
                let (ja, en) = (kind.name(Lang::Ja), kind.name(Lang::En));
                self.diags.push(
                    Diagnostic::error(
                        "E-XLSX-SHEET-MISSING",
                        text!(
                            ["シート「{ja}」がありません。`sansho export xlsx` で作った質問票を使ってください。"],
                            ["the sheet \"{en}\" is missing; use a questionnaire made by `sansho export xlsx`."]
                        ),
                    )
                    .in_file(&name),
                );
            }
        }
        if missing {
            return None;
        }
        let mut root = Map::new();
        let grid = |k: Sheet| &sheets[k.name(Lang::En)];
        let (vendor, scope, disclosure) = self.cover(grid(Sheet::Cover));
        root.insert("vendor".into(), Value::Object(vendor));
        root.insert("scope".into(), Value::Object(scope));
        root.insert("disclosure".into(), Value::Object(disclosure));
        let tables = self.tables.clone();
        for (t, fields) in tables {
            let records = self.records(grid(t.sheet), t.path, &fields);
            let (parent, key) = match t.path.split_once('.') {
                Some((p, k)) => (Some(p), k),
                None => (None, t.path),
            };
            let target = match parent {
                Some(p) => root
                    .entry(p)
                    .or_insert_with(|| Value::Object(Map::new()))
                    .as_object_mut(),
                None => Some(&mut root),
            };
            if let Some(obj) = target {
                obj.insert(key.to_string(), Value::Array(records));
            }
        }
        root.insert(
            "answers".into(),
            Value::Object(self.controls(grid(Sheet::Controls))),
        );
        root.insert(
            "sla".into(),
            Value::Object(self.sla_sheet(grid(Sheet::Sla))),
        );
        Some(Value::Object(root))
    }

    /// Reads one cell as a value of the field's kind; `None` when blank. Problems are pushed.
    fn value(&mut self, grid: &Grid, row: u32, col: u16, field: &Field) -> Option<Value> {
        let kind = field.kind;
        let at = grid.cell(row, col);
        let data = grid.get(row, col).clone();
        let lang_list = |labels: Vec<&str>| labels.join("、");
        match (&data, kind) {
            (Data::Empty, _) => None,
            (Data::String(s), _) if s.trim().is_empty() && kind != Kind::Text => None,
            (Data::String(s), Kind::Text) if s.is_empty() => None,
            (Data::Error(e), _) => {
                self.error(
                    "E-XLSX-ERROR-VALUE",
                    &at,
                    text!(
                        ["セルがエラー値（{e}）です。"],
                        ["the cell holds an error value ({e})."]
                    ),
                );
                None
            }
            (Data::String(s), Kind::Text) => Some(Value::String(s.clone())),
            (Data::Float(_) | Data::Int(_) | Data::Bool(_), Kind::Text) => {
                Some(Value::String(data.to_string()))
            }
            (Data::DateTime(_) | Data::DateTimeIso(_), Kind::Text) => {
                let d = cell_date(&data).map(|d| d.to_string()).unwrap_or_default();
                self.warning(
                    "W-XLSX-DATE-AS-TEXT",
                    &at,
                    text!(
                        ["日付のセルを文字列 {d} として読みました。"],
                        ["a date cell was read as the text {d}."]
                    ),
                );
                Some(Value::String(d))
            }
            (_, Kind::Date) => match cell_date(&data) {
                Some(d) => Some(Value::String(d.format("%Y-%m-%d").to_string())),
                None => {
                    let shown = data.to_string();
                    let (ja, en) = match data {
                        Data::String(_) => ("文字列として入力されています", "it was typed as text"),
                        _ => ("日付のセルではありません", "it is not a date cell"),
                    };
                    self.error(
                        "E-XLSX-DATE-TEXT",
                        &at,
                        text!(
                            ["「{shown}」は日付として読めません（{ja}）。日付のセルに 2027-03-31 のように入力してください。"],
                            ["\"{shown}\" is not a date ({en}); enter a date such as 2027-03-31 in a date cell."]
                        ),
                    );
                    None
                }
            },
            (Data::Bool(b), Kind::Flag) => Some(Value::Bool(*b)),
            (Data::String(s), Kind::Flag) => match parse_flag(s) {
                Some(b) => Some(Value::Bool(b)),
                None => {
                    self.not_in_list(&at, s, "はい、いいえ", "yes, no");
                    None
                }
            },
            (Data::Float(f), Kind::Number | Kind::Integer) => Some(number(*f)),
            (Data::Int(i), Kind::Number | Kind::Integer) => Some(Value::from(*i)),
            (Data::String(s), Kind::Number | Kind::Integer) => match s.trim().parse::<f64>() {
                Ok(f) if f.is_finite() => {
                    self.warning(
                        "W-XLSX-NUMBER-TEXT",
                        &at,
                        text!(
                            ["数値が文字列として入力されていたため {f} として読みました。"],
                            ["a number typed as text was read as {f}."]
                        ),
                    );
                    Some(number(f))
                }
                _ => {
                    self.error(
                        "E-XLSX-TYPE",
                        &at,
                        text!(
                            ["「{s}」は数値ではありません。数値を入力してください。"],
                            ["\"{s}\" is not a number; enter a number."]
                        ),
                    );
                    None
                }
            },
            (_, Kind::Status) => {
                let s = data.to_string();
                match parse_status(&s) {
                    Some(st) => Some(Value::String(st.as_str().to_string())),
                    None => {
                        let ja = lang_list(
                            Status::ALL
                                .iter()
                                .map(|s| status_label(*s, Lang::Ja))
                                .collect(),
                        );
                        let en = lang_list(
                            Status::ALL
                                .iter()
                                .map(|s| status_label(*s, Lang::En))
                                .collect(),
                        );
                        self.not_in_list(&at, &s, &ja, &en);
                        None
                    }
                }
            }
            (_, Kind::Responsibility) => {
                let s = data.to_string();
                match parse_responsibility(&s) {
                    Some(r) => Some(Value::String(super::responsibility_key(r).to_string())),
                    None => {
                        let ja =
                            lang_list(RESPONSIBILITIES.iter().map(|r| r.label(Lang::Ja)).collect());
                        let en =
                            lang_list(RESPONSIBILITIES.iter().map(|r| r.label(Lang::En)).collect());
                        self.not_in_list(&at, &s, &ja, &en);
                        None
                    }
                }
            }
            (_, Kind::Choice) => {
                let s = data.to_string();
                let t = s.trim();
                let found = field
                    .choices
                    .iter()
                    .find(|c| c.ja == t || c.en == t || c.value == t);
                match found {
                    Some(c) => Some(Value::String(c.value.clone())),
                    None => {
                        let ja = lang_list(field.choices.iter().map(|c| c.ja.as_str()).collect());
                        let en = lang_list(field.choices.iter().map(|c| c.en.as_str()).collect());
                        self.not_in_list(&at, &s, &ja, &en);
                        None
                    }
                }
            }
            (_, Kind::Lines) => {
                let s = data.to_string();
                let items: Vec<Value> = s
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| Value::String(l.to_string()))
                    .collect();
                Some(Value::Array(items))
            }
            (_, Kind::Ids) => {
                let s = data.to_string();
                let items: Vec<Value> = s
                    .split(|c: char| c.is_whitespace() || matches!(c, ',' | '、' | '，'))
                    .filter(|l| !l.is_empty())
                    .map(|l| Value::String(l.to_string()))
                    .collect();
                Some(Value::Array(items))
            }
            (other, _) => {
                let shown = other.to_string();
                self.error(
                    "E-XLSX-TYPE",
                    &at,
                    text!(
                        ["「{shown}」はこの欄に入力できる値ではありません。"],
                        ["\"{shown}\" is not a value this cell accepts."]
                    ),
                );
                None
            }
        }
    }

    fn not_in_list(&mut self, at: &str, got: &str, ja: &str, en: &str) {
        self.error(
            "E-XLSX-CHOICE",
            at,
            text!(
                ["「{got}」は選択肢にありません。一覧（{ja}）から選んでください。"],
                ["\"{got}\" is not one of the choices ({en}); pick one from the list."]
            ),
        );
    }

    /// Finds the columns of `fields` in the header row; unknown headers are warned about,
    /// missing ones reported as errors.
    fn header(
        &mut self,
        grid: &Grid,
        row: u32,
        fields: &[Field],
        known: &[&str],
    ) -> Vec<Option<u16>> {
        let mut cols = vec![None; fields.len()];
        for col in 0..=grid.last_col() {
            let h = grid.text(row, col);
            if h.is_empty() {
                continue;
            }
            if let Some(i) = fields.iter().position(|f| f.matches(&h)) {
                cols[i].get_or_insert(col);
            } else if !known.iter().any(|k| normalize(k) == normalize(&h)) {
                let at = grid.cell(row, col);
                self.warning(
                    "W-XLSX-COLUMN-UNKNOWN",
                    &at,
                    text!(
                        ["列「{h}」は質問票の列ではないため読み飛ばしました。"],
                        ["column \"{h}\" is not part of the questionnaire and was ignored."]
                    ),
                );
            }
        }
        for (f, c) in fields.iter().zip(&cols) {
            if c.is_none() {
                let at = grid.name.clone();
                let (ja, en) = (f.ja.clone(), f.en.clone());
                self.error(
                    "E-XLSX-COLUMN-MISSING",
                    &at,
                    text!(
                        ["列「{ja}」がありません。列を削除しないでください。"],
                        ["the column \"{en}\" is missing; do not delete columns."]
                    ),
                );
            }
        }
        cols
    }

    /// The header row of the cover and SLA sheets (the row whose cells say キー and 記入欄),
    /// with the key and value columns.
    fn key_value_columns(&mut self, grid: &Grid) -> Option<(u32, u16, u16)> {
        for row in 0..=grid.last_row().min(20) {
            let mut key = None;
            let mut value = None;
            for col in 0..=grid.last_col() {
                let h = grid.text(row, col);
                if h == KEY_HEADER.0 || h == KEY_HEADER.1 {
                    key = Some(col);
                }
                if h == VALUE_HEADER.0 || h == VALUE_HEADER.1 {
                    value = Some(col);
                }
            }
            if let (Some(k), Some(v)) = (key, value) {
                return Some((row, k, v));
            }
        }
        let at = grid.name.clone();
        self.error(
            "E-XLSX-COLUMN-MISSING",
            &at,
            text!(
                [
                    "「{}」と「{}」の見出しがありません。",
                    KEY_HEADER.0,
                    VALUE_HEADER.0
                ],
                [
                    "the \"{}\" and \"{}\" headers are missing.",
                    KEY_HEADER.1,
                    VALUE_HEADER.1
                ]
            ),
        );
        None
    }

    /// The cover's rows: vendor, scope and disclosure fields, found by their keys.
    fn cover(
        &mut self,
        grid: &Grid,
    ) -> (Map<String, Value>, Map<String, Value>, Map<String, Value>) {
        let mut vendor = Map::new();
        let mut scope = Map::new();
        let mut disclosure = Map::new();
        for section in ["vendor", "scope", "disclosure"] {
            self.cells
                .insert(section.into(), Origin::Sheet(grid.name.clone()));
        }
        let Some((header, key_col, value_col)) = self.key_value_columns(grid) else {
            return (vendor, scope, disclosure);
        };
        let (vfields, sfields, dfields) = (
            self.vendor.clone(),
            self.scope.clone(),
            self.disclosure.clone(),
        );
        for row in header + 1..=grid.last_row() {
            let key = grid.text(row, key_col);
            if key.is_empty() {
                continue;
            }
            let (section, field) = match key.split_once('.') {
                Some(("vendor", k)) => ("vendor", vfields.iter().find(|f| f.key == k)),
                Some(("scope", k)) => ("scope", sfields.iter().find(|f| f.key == k)),
                Some(("disclosure", k)) => ("disclosure", dfields.iter().find(|f| f.key == k)),
                Some(("meta", "catalog_version")) => {
                    let v = grid.text(row, value_col);
                    if v != self.catalog.meta.version {
                        let at = grid.cell(row, value_col);
                        let now = self.catalog.meta.version.clone();
                        self.warning(
                            "W-XLSX-CATALOG-VERSION",
                            &at,
                            text!(
                                ["この質問票はカタログ {v} で作られました（現在は {now}）。管理策の行が合わなければ作り直してください。"],
                                ["this questionnaire was made with catalog {v} (now {now}); export a new one if the control rows differ."]
                            ),
                        );
                    }
                    continue;
                }
                Some(("meta", _)) => continue,
                _ => ("", None),
            };
            let Some(field) = field.cloned() else {
                let at = grid.cell(row, key_col);
                self.warning(
                    "W-XLSX-ROW-UNKNOWN",
                    &at,
                    text!(
                        ["キー「{key}」は質問票の項目ではないため読み飛ばしました。"],
                        ["the key \"{key}\" is not part of the questionnaire and was ignored."]
                    ),
                );
                continue;
            };
            let path = format!("{section}.{}", field.key);
            self.cells
                .insert(path, Origin::Cell(grid.cell(row, value_col)));
            if let Some(v) = self.value(grid, row, value_col, &field) {
                match section {
                    "vendor" => vendor.insert(field.key.clone(), v),
                    "scope" => scope.insert(field.key.clone(), v),
                    _ => disclosure.insert(field.key.clone(), v),
                };
            }
        }
        (vendor, scope, disclosure)
    }

    /// The records of a table sheet (rows with any value), at `path` in the evidence.
    fn records(&mut self, grid: &Grid, path: &str, fields: &[Field]) -> Vec<Value> {
        self.cells
            .insert(path.into(), Origin::Sheet(grid.name.clone()));
        let cols = self.header(grid, 0, fields, &[]);
        let mut docs = Vec::new();
        for row in 1..=grid.last_row() {
            let mut doc = Map::new();
            let mut places = Vec::new();
            for (f, col) in fields.iter().zip(&cols) {
                let Some(col) = *col else { continue };
                places.push((f.key.clone(), grid.cell(row, col)));
                if let Some(v) = self.value(grid, row, col, f) {
                    doc.insert(f.key.clone(), v);
                }
            }
            if doc.is_empty() {
                continue;
            }
            let base = format!("{path}[{}]", docs.len());
            if let Some((_, first)) = places.first() {
                self.cells.insert(base.clone(), Origin::Cell(first.clone()));
            }
            for (key, at) in places {
                self.cells.insert(format!("{base}.{key}"), Origin::Cell(at));
            }
            docs.push(Value::Object(doc));
        }
        docs
    }

    fn controls(&mut self, grid: &Grid) -> Map<String, Value> {
        self.cells
            .insert("answers".into(), Origin::Sheet(grid.name.clone()));
        let fields = self.answer.clone();
        let known: Vec<&str> = CONTROL_COLUMNS
            .iter()
            .flat_map(|(ja, en, _)| [*ja, *en])
            .collect();
        let cols = self.header(grid, 0, &fields, &known);
        let id_col = (0..=grid.last_col()).find(|c| {
            let h = grid.text(0, *c);
            h == CONTROL_COLUMNS[0].0 || h == CONTROL_COLUMNS[0].1
        });
        let mut answers = Map::new();
        let Some(id_col) = id_col else {
            let at = grid.name.clone();
            self.error(
                "E-XLSX-COLUMN-MISSING",
                &at,
                text!(["ID の列がありません。"], ["the ID column is missing."]),
            );
            return answers;
        };
        let expected: Vec<String> = self
            .catalog
            .controls
            .iter()
            .map(|c| c.id.to_string())
            .collect();
        let mut position = 0usize;
        for row in 1..=grid.last_row() {
            let id = grid.text(row, id_col);
            let inputs: Vec<(Field, Option<u16>)> =
                fields.iter().cloned().zip(cols.iter().copied()).collect();
            let blank = id.is_empty()
                && inputs
                    .iter()
                    .all(|(_, c)| c.is_none_or(|c| matches!(grid.get(row, c), Data::Empty)));
            if blank {
                continue;
            }
            if let Some(want) = expected.get(position) {
                if &id != want {
                    let at = grid.cell(row, id_col);
                    let shown = if id.is_empty() {
                        "（空欄）".to_string()
                    } else {
                        id.clone()
                    };
                    self.error(
                        "E-XLSX-ID-CHANGED",
                        &at,
                        text!(
                            ["ここは {want} の行ですが、ID が「{shown}」になっています。管理策の行を削除・並べ替えしたり ID を書き換えたりしないでください。"],
                            ["this row should be {want} but its ID is \"{shown}\"; do not delete, reorder or edit the control rows or their IDs."]
                        ),
                    );
                    return answers;
                }
            } else if id.is_empty() {
                let at = grid.cell(row, id_col);
                self.error(
                    "E-XLSX-ID-CHANGED",
                    &at,
                    text!(
                        ["ID のない行に回答があります。"],
                        ["a row without an ID has answers."]
                    ),
                );
                continue;
            }
            position += 1;
            let base = format!("answers.{id}");
            let mut answer = Map::new();
            let mut status_at = None;
            // Whether the status cell itself was refused (then it is not also "missing").
            let mut status_problem = false;
            for (f, col) in &inputs {
                let Some(col) = *col else { continue };
                let at = grid.cell(row, col);
                self.cells
                    .insert(format!("{base}.{}", f.key), Origin::Cell(at.clone()));
                let errors_before = self.diags.iter().filter(|d| d.is_error()).count();
                let v = self.value(grid, row, col, f);
                if f.kind == Kind::Status {
                    status_at = Some(at);
                    status_problem =
                        self.diags.iter().filter(|d| d.is_error()).count() > errors_before;
                }
                if let Some(v) = v {
                    answer.insert(f.key.clone(), v);
                }
            }
            if let Some(at) = &status_at {
                self.cells.insert(base.clone(), Origin::Cell(at.clone()));
            }
            let has_status = answer.contains_key("status");
            if !has_status && !status_problem && !answer.is_empty() {
                let at = status_at.unwrap_or_else(|| grid.cell(row, id_col));
                self.error(
                    "E-XLSX-STATUS-MISSING",
                    &at,
                    text!(
                        ["{id} に記入がありますが、対応状況が選ばれていません。"],
                        ["{id} has entries but no status."]
                    ),
                );
                continue;
            }
            if has_status {
                answers.insert(id, Value::Object(answer));
            }
        }
        if position < expected.len() {
            let missing = &expected[position..];
            let shown: Vec<&str> = missing.iter().take(5).map(String::as_str).collect();
            let more = if missing.len() > 5 { "…" } else { "" };
            let at = grid.cell(grid.last_row() + 1, id_col);
            let n = missing.len();
            let list = shown.join(", ");
            self.error(
                "E-XLSX-ROW-MISSING",
                &at,
                text!(
                    ["管理策の行が {n} 行足りません（{list}{more}）。行を削除しないでください。"],
                    ["{n} control row(s) are missing ({list}{more}); do not delete rows."]
                ),
            );
        }
        answers
    }

    fn sla_sheet(&mut self, grid: &Grid) -> Map<String, Value> {
        self.cells
            .insert("sla".into(), Origin::Sheet(grid.name.clone()));
        let mut sla = Map::new();
        let Some((header, key_col, value_col)) = self.key_value_columns(grid) else {
            return sla;
        };
        let fields = self.sla.clone();
        for row in header + 1..=grid.last_row() {
            let key = grid.text(row, key_col);
            if key.is_empty() {
                continue;
            }
            let field = key
                .strip_prefix("sla.")
                .and_then(|k| fields.iter().find(|f| f.key == k));
            let Some(field) = field else {
                let at = grid.cell(row, key_col);
                self.warning(
                    "W-XLSX-ROW-UNKNOWN",
                    &at,
                    text!(
                        ["キー「{key}」は質問票の項目ではないため読み飛ばしました。"],
                        ["the key \"{key}\" is not part of the questionnaire and was ignored."]
                    ),
                );
                continue;
            };
            self.cells.insert(
                format!("sla.{}", field.key),
                Origin::Cell(grid.cell(row, value_col)),
            );
            if let Some(v) = self.value(grid, row, value_col, field) {
                sla.insert(field.key.clone(), v);
            }
        }
        sla
    }

    /// Moves a diagnostic of the evidence check from its path to the cell it came from, in
    /// the words of the workbook where the file's words would mislead.
    fn relocate(&self, d: Diagnostic) -> Diagnostic {
        let place = d.path.as_deref().and_then(|p| self.origin(p));
        let mut d = match d.code {
            "E-ANSWER-PLANNED-NO-DATE" => Diagnostic {
                message: text!(
                    ["「対応予定」には目標日が必要です。"],
                    ["a planned answer needs a target date."]
                ),
                help: Some(text!(
                    ["目標日の欄に 2027-03-31 のように日付を入力してください。"],
                    ["enter the target date, e.g. 2027-03-31."]
                )),
                ..d
            },
            "E-ANSWER-NA-NO-REASON" => Diagnostic {
                message: text!(
                    ["「該当なし」には理由が必要です。"],
                    ["a not-applicable answer needs a reason."]
                ),
                help: Some(text!(
                    ["該当なしの理由の欄に、サービスに当てはまらない理由を書いてください。"],
                    ["say in the reason column why the control does not apply."]
                )),
                ..d
            },
            _ => d,
        };
        d.label = None;
        d.file = Some(self.name.to_string());
        match place {
            Some(Origin::Cell(at)) | Some(Origin::Sheet(at)) => {
                d.message = Text::new(
                    format!("{at}: {}", d.message.ja),
                    format!("{at}: {}", d.message.en),
                );
                d
            }
            None => d,
        }
    }

    /// The origin of a path or of its nearest parent.
    fn origin(&self, path: &str) -> Option<&Origin> {
        let mut p = path;
        loop {
            if let Some(o) = self.cells.get(p) {
                return Some(o);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

/// Names the cell in the message (`管理策!F12: …`) and the workbook as the file.
fn at_cell(d: Diagnostic, at: &str, file: &str) -> Diagnostic {
    let message = Text::new(
        format!("{at}: {}", d.message.ja),
        format!("{at}: {}", d.message.en),
    );
    Diagnostic { message, ..d }.in_file(file)
}

/// The date in a date cell (Excel serial with a date format, or ISO text from ODS-like writers).
fn cell_date(d: &Data) -> Option<NaiveDate> {
    match d {
        Data::DateTime(dt) => dt.as_datetime().map(|t| t.date()),
        Data::DateTimeIso(s) => NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok(),
        _ => None,
    }
}

/// A number as JSON: whole numbers as integers (so integer fields accept them).
fn number(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        Value::from(f as i64)
    } else {
        serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_become_integers() {
        assert_eq!(number(7.0), Value::from(7));
        assert_eq!(number(99.95), serde_json::json!(99.95));
        assert_eq!(
            cell_date(&Data::DateTimeIso("2027-03-31T00:00:00".into())),
            NaiveDate::from_ymd_opt(2027, 3, 31)
        );
        assert_eq!(cell_date(&Data::String("2027-03-31".into())), None);
    }

    #[test]
    fn diagnostics_move_to_the_nearest_cell() {
        let cat = crate::catalog::load(&crate::catalog::CatalogSource::Embedded).expect("catalog");
        let mut r = Read {
            name: "q.xlsx",
            catalog: &cat,
            diags: Vec::new(),
            cells: BTreeMap::new(),
            vendor: Vec::new(),
            scope: Vec::new(),
            disclosure: Vec::new(),
            tables: Vec::new(),
            answer: Vec::new(),
            sla: Vec::new(),
        };
        r.cells
            .insert("answers".into(), Origin::Sheet("管理策".into()));
        r.cells.insert(
            "answers.TEC-01.evidence".into(),
            Origin::Cell("管理策!K40".into()),
        );
        let d = Diagnostic::error("E-XLSX-TYPE", Text::new("だめ", "bad"))
            .with_path("answers.TEC-01.evidence[1]");
        let d = r.relocate(d);
        assert_eq!(d.message.ja, "管理策!K40: だめ");
        assert_eq!(d.file.as_deref(), Some("q.xlsx"));
        let d = r.relocate(
            Diagnostic::warning("W-XLSX-ROW-UNKNOWN", Text::new("x", "x"))
                .with_path("answers.ZZZ-01"),
        );
        assert_eq!(d.message.en, "管理策: x");
        let d = Diagnostic::error("E-ANSWER-PLANNED-NO-DATE", Text::new("a", "a"))
            .with_path("answers.TEC-01.planned_date");
        assert_eq!(
            r.relocate(d).message.ja,
            "管理策: 「対応予定」には目標日が必要です。"
        );
    }
}
