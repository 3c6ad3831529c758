//! Writing the questionnaire workbook.
//!
//! Vendor text is data: every text goes through `write_string` (never `write`, which would
//! turn `=SUM(…)` into a formula), and the only formulas are the summary sheet's counts.
//! The output is byte-for-byte reproducible: the creation date comes from the as-of date and
//! rust_xlsxwriter stamps zip entries with a fixed time.

use super::{
    fields, flag_label, schema, sla_unit, status_label, unit_label, Field, Kind, Sheet, TableSheet,
    CONTROL_COLUMNS, KEY_HEADER, RESPONSIBILITIES, TABLES, VALUE_HEADER,
};
use crate::catalog::{Catalog, Control, Level, ScopeFlag};
use crate::error::{Error, Result};
use crate::evidence::{Evidence, Status};
use crate::i18n::Lang;
use crate::interchange::xlsx_error;
use crate::profile::Profile;
use crate::render::sla::format_requirement;
use crate::text;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    utility::row_col_to_cell, Color, ConditionalFormatFormula, DataValidation,
    DataValidationErrorStyle, DataValidationRule, DocProperties, Format, FormatAlign, Formula,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use serde_json::{Map, Value};

/// What the questionnaire is for.
#[derive(Clone, Copy, Debug)]
pub struct ExportOptions<'a> {
    /// Language of sheet names, headers and drop-down words.
    pub lang: Lang,
    /// The as-of date printed on the cover; also the workbook's creation date, so that the
    /// same input always gives the same bytes.
    pub as_of: NaiveDate,
    /// A hospital profile: its SLA thresholds appear beside the values, its required
    /// controls are marked.
    pub profile: Option<&'a Profile>,
}

/// The questionnaire as xlsx bytes: blank, or pre-filled from `evidence`.
pub fn questionnaire(
    catalog: &Catalog,
    evidence: Option<&Evidence>,
    opts: &ExportOptions<'_>,
) -> Result<Vec<u8>> {
    let schema = schema();
    let data = evidence
        .map(|e| serde_json::to_value(e).unwrap_or_default())
        .unwrap_or_default();
    let field_set = |def: &str| {
        fields(&schema, def).map_err(|u| {
            Error::Render(text!(
                [
                    "次の項目は Excel の質問票で扱えません（不具合として報告してください）: {}",
                    u.join(", ")
                ],
                [
                    "these fields have no place in the questionnaire (please report this bug): {}",
                    u.join(", ")
                ]
            ))
        })
    };
    let x = Export {
        catalog,
        evidence,
        data: &data,
        opts,
        styles: Styles::new(),
        vendor: field_set("/$defs/vendor")?,
        scope: field_set("/$defs/scope")?,
        disclosure: field_set("/$defs/disclosure")?,
        tables: TABLES
            .iter()
            .map(|t| field_set(t.def).map(|f| (*t, f)))
            .collect::<Result<Vec<_>>>()?,
        answer: field_set("/$defs/answer")?,
        sla: field_set("/$defs/sla")?,
    };
    x.workbook().map_err(xlsx_error)
}

/// Cell formats shared by the sheets.
struct Styles {
    title: Format,
    note: Format,
    header: Format,
    header_input: Format,
    fixed: Format,
    key: Format,
    input_text: Format,
    input_date: Format,
    input_number: Format,
    input_integer: Format,
    grey: Format,
    flag: Format,
    warn: Format,
    percent: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = super::base_format();
        let input = base
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(0xFFF2CC));
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            header: base
                .clone()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0x1F4E79)),
            header_input: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xFFD966)),
            fixed: base.clone(),
            key: base
                .clone()
                .set_font_color(Color::RGB(0x808080))
                .set_font_size(9),
            input_text: input.clone().set_num_format("@"),
            input_date: input.clone().set_num_format("yyyy-mm-dd"),
            input_number: input.clone().set_num_format("General"),
            input_integer: input.set_num_format("0"),
            grey: Format::new()
                .set_background_color(Color::RGB(0xD9D9D9))
                .set_font_color(Color::RGB(0x7F7F7F)),
            flag: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            warn: Format::new()
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700)),
            percent: base.set_num_format("0%"),
        }
    }

    /// The input format of a kind of value.
    fn input(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Date => &self.input_date,
            Kind::Number => &self.input_number,
            Kind::Integer => &self.input_integer,
            _ => &self.input_text,
        }
    }
}

/// Where the cover's scope flags are, so the controls sheet can grey rows out of scope.
type ScopeCells = Vec<(ScopeFlag, String)>;

struct Export<'a> {
    catalog: &'a Catalog,
    evidence: Option<&'a Evidence>,
    data: &'a Value,
    opts: &'a ExportOptions<'a>,
    styles: Styles,
    vendor: Vec<Field>,
    scope: Vec<Field>,
    disclosure: Vec<Field>,
    tables: Vec<(TableSheet, Vec<Field>)>,
    answer: Vec<Field>,
    sla: Vec<Field>,
}

/// Read-only columns of the controls sheet, before the answer's input columns.
const FIXED_COLUMNS: usize = CONTROL_COLUMNS.len();

impl Export<'_> {
    fn lang(&self) -> Lang {
        self.opts.lang
    }

    fn workbook(&self) -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        let created = self.opts.as_of.and_hms_opt(0, 0, 0).unwrap_or_default();
        let title = match self.evidence {
            Some(e) => format!("{} — {}", self.title(), e.vendor.service),
            None => self.title().to_string(),
        };
        wb.set_properties(
            &DocProperties::new()
                .set_title(title)
                .set_author("sansho")
                .set_comment(format!(
                    "{} {}",
                    self.catalog.meta.id, self.catalog.meta.version
                ))
                .set_creation_datetime(&created),
        );
        let scope_cells = self.cover(wb.add_worksheet())?;
        let rows = self.controls(wb.add_worksheet(), &scope_cells)?;
        let (first, rest) = self.tables.split_at(1.min(self.tables.len()));
        for (t, f) in first {
            self.table(wb.add_worksheet(), t, f)?;
        }
        self.sla_sheet(wb.add_worksheet())?;
        for (t, f) in rest {
            self.table(wb.add_worksheet(), t, f)?;
        }
        self.summary(wb.add_worksheet(), rows)?;
        wb.save_to_buffer()
    }

    fn title(&self) -> &'static str {
        self.lang().pick(
            "3省2ガイドライン 適合確認 質問票",
            "3-ministry guidelines conformance questionnaire",
        )
    }

    fn protect(ws: &mut Worksheet) {
        let options = ProtectionOptions {
            use_autofilter: true,
            format_columns: true,
            format_rows: true,
            ..ProtectionOptions::default()
        };
        ws.protect_with_options(&options);
    }

    /// Writes a value in the cell format its kind needs; text always as a string cell.
    fn value(
        &self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        field: &Field,
        value: Option<&Value>,
    ) -> Result<(), XlsxError> {
        let kind = field.kind;
        let fmt = self.styles.input(kind);
        let lang = self.lang();
        let Some(v) = value.filter(|v| !v.is_null()) else {
            ws.write_blank(row, col, fmt)?;
            return Ok(());
        };
        let text: Option<String> = match (kind, v) {
            (Kind::Date, Value::String(s)) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                Ok(d) => {
                    ws.write_date_with_format(row, col, d, fmt)?;
                    None
                }
                Err(_) => Some(s.clone()),
            },
            (Kind::Number | Kind::Integer, Value::Number(n)) => {
                ws.write_number_with_format(row, col, n.as_f64().unwrap_or_default(), fmt)?;
                None
            }
            (Kind::Flag, Value::Bool(b)) => Some(flag_label(*b, lang).to_string()),
            (Kind::Status, Value::String(s)) => Some(
                Status::ALL
                    .into_iter()
                    .find(|st| st.as_str() == s)
                    .map_or_else(|| s.clone(), |st| status_label(st, lang).to_string()),
            ),
            (Kind::Responsibility, Value::String(s)) => Some(
                RESPONSIBILITIES
                    .into_iter()
                    .find(|r| super::responsibility_key(*r) == s)
                    .map_or_else(|| s.clone(), |r| r.label(lang).to_string()),
            ),
            (Kind::Choice, Value::String(s)) => Some(
                field
                    .choices
                    .iter()
                    .find(|c| &c.value == s)
                    .map_or_else(|| s.clone(), |c| lang.pick(&c.ja, &c.en).to_string()),
            ),
            (Kind::Lines, Value::Array(items)) => Some(join(items, "\n")),
            (Kind::Ids, Value::Array(items)) => Some(join(items, ", ")),
            (_, Value::String(s)) => Some(s.clone()),
            (_, other) => Some(other.to_string()),
        };
        if let Some(t) = text {
            // Never `write`: a vendor's "=HYPERLINK(…)" stays text.
            ws.write_string_with_format(row, col, t, fmt)?;
        }
        Ok(())
    }

    /// A drop-down or date rule for an input cell range of a kind.
    fn validation(&self, field: &Field) -> Result<Option<DataValidation>, XlsxError> {
        let kind = field.kind;
        let lang = self.lang();
        let list = |items: Vec<&str>| -> Result<DataValidation, XlsxError> {
            Ok(DataValidation::new()
                .allow_list_strings(&items)?
                .set_error_title(lang.pick("一覧から選んでください", "Choose from the list"))?
                .set_error_message(lang.pick(
                    "この欄は一覧の値だけを入力できます。",
                    "Only the values of the list are accepted here.",
                ))?
                .set_error_style(DataValidationErrorStyle::Stop))
        };
        Ok(Some(match kind {
            Kind::Status => list(Status::ALL.iter().map(|s| status_label(*s, lang)).collect())?,
            Kind::Responsibility => list(RESPONSIBILITIES.iter().map(|r| r.label(lang)).collect())?,
            Kind::Flag => list(vec![flag_label(true, lang), flag_label(false, lang)])?,
            Kind::Choice => list(
                field
                    .choices
                    .iter()
                    .map(|c| lang.pick(&c.ja, &c.en))
                    .collect(),
            )?,
            Kind::Date => {
                let lo = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default();
                let hi = NaiveDate::from_ymd_opt(2100, 12, 31).unwrap_or_default();
                DataValidation::new()
                    .allow_date(DataValidationRule::Between(lo, hi))
                    .set_input_title(lang.pick("日付", "Date"))?
                    .set_input_message(lang.pick(
                        "YYYY-MM-DD の形で日付を入力してください（例 2027-03-31）。",
                        "Enter a date as YYYY-MM-DD (e.g. 2027-03-31).",
                    ))?
                    .set_error_title(lang.pick("日付ではありません", "Not a date"))?
                    .set_error_message(lang.pick(
                        "1990-01-01 から 2100-12-31 までの日付を入力してください。",
                        "Enter a date between 1990-01-01 and 2100-12-31.",
                    ))?
            }
            Kind::Number => DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                .set_error_message(lang.pick(
                    "0 以上の数値を入力してください。",
                    "Enter a number of 0 or more.",
                ))?,
            Kind::Integer => DataValidation::new()
                .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
                .set_error_message(lang.pick(
                    "0 以上の整数を入力してください。",
                    "Enter a whole number of 0 or more.",
                ))?,
            Kind::Text | Kind::Lines | Kind::Ids => return Ok(None),
        }))
    }

    fn cover(&self, ws: &mut Worksheet) -> Result<ScopeCells, XlsxError> {
        let lang = self.lang();
        let st = &self.styles;
        ws.set_name(Sheet::Cover.name(lang))?;
        ws.set_column_width(0, 28)?;
        ws.set_column_width(1, 60)?;
        ws.set_column_width(2, 24)?;
        ws.write_string_with_format(0, 0, self.title(), &st.title)?;
        let steps = lang.pick(
            "黄色の欄に記入してください（他の欄は保護されています。パスワードはありません）。記入後 `sansho import xlsx このファイル -o evidence.toml` でエビデンスファイルにし、`sansho validate` で確認します。",
            "Fill in the yellow cells (the others are protected, without a password). Then `sansho import xlsx THIS-FILE -o evidence.toml` makes the evidence file; check it with `sansho validate`.",
        );
        ws.write_string_with_format(1, 0, steps, &st.note)?;
        ws.set_row_height(1, 45)?;
        let header = 3;
        ws.write_string_with_format(header, 0, lang.pick("項目", "Item"), &st.header)?;
        ws.write_string_with_format(
            header,
            1,
            lang.pick(VALUE_HEADER.0, VALUE_HEADER.1),
            &st.header_input,
        )?;
        ws.write_string_with_format(header, 2, lang.pick(KEY_HEADER.0, KEY_HEADER.1), &st.header)?;
        let mut row = header + 1;
        let mut scope_cells = Vec::new();
        let sections = [
            ("vendor", &self.vendor, self.data.get("vendor")),
            ("scope", &self.scope, self.data.get("scope")),
            ("disclosure", &self.disclosure, self.data.get("disclosure")),
        ];
        for (section, fields, values) in sections {
            for f in fields.iter() {
                ws.write_string_with_format(row, 0, f.label(lang), &st.fixed)?;
                let v = values.and_then(|v| v.get(&f.key));
                // A blank questionnaire says いいえ for every scope flag, like the default.
                let v = match (section, v) {
                    ("scope", None) => Some(Value::Bool(false)),
                    (_, v) => v.cloned(),
                };
                self.value(ws, row, 1, f, v.as_ref())?;
                if let Some(dv) = self.validation(f)? {
                    ws.add_data_validation(row, 1, row, 1, &dv)?;
                }
                ws.write_string_with_format(row, 2, format!("{section}.{}", f.key), &st.key)?;
                if let Some(flag) = ScopeFlag::parse(&f.key).filter(|_| section == "scope") {
                    let cell = format!("'{}'!$B${}", Sheet::Cover.name(lang), row + 1);
                    scope_cells.push((flag, cell));
                }
                row += 1;
            }
        }
        row += 1;
        let info = [
            (
                lang.pick("評価基準日", "As of"),
                self.opts.as_of.format("%Y-%m-%d").to_string(),
                "meta.as_of",
            ),
            (
                lang.pick("管理策カタログ", "Controls catalog"),
                format!(
                    "{} ({})",
                    lang.pick(&self.catalog.meta.title, &self.catalog.meta.title_en),
                    self.catalog.meta.id
                ),
                "meta.catalog_id",
            ),
            (
                lang.pick("カタログの版", "Catalog version"),
                self.catalog.meta.version.to_string(),
                "meta.catalog_version",
            ),
            (
                lang.pick("要件プロファイル", "Requirement profile"),
                self.opts
                    .profile
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                "meta.profile",
            ),
            (
                lang.pick("出典の記号", "Citation marks"),
                lang.pick(
                    "※ = 本文未確認（sansho がガイドライン本文で確かめていない引用）",
                    "※ = not read in the guideline text (sansho has not checked the citation)",
                )
                .to_string(),
                "meta.legend",
            ),
        ];
        for (label, value, key) in info {
            ws.write_string_with_format(row, 0, label, &st.fixed)?;
            ws.write_string_with_format(row, 1, value, &st.fixed)?;
            ws.write_string_with_format(row, 2, key, &st.key)?;
            row += 1;
        }
        Self::protect(ws);
        Ok(scope_cells)
    }

    /// The controls sheet; returns the last data row (0-based) for the summary's ranges.
    fn controls(&self, ws: &mut Worksheet, scope_cells: &ScopeCells) -> Result<u32, XlsxError> {
        let lang = self.lang();
        let st = &self.styles;
        ws.set_name(Sheet::Controls.name(lang))?;
        for (i, (ja, en, w)) in CONTROL_COLUMNS.iter().enumerate() {
            ws.write_string_with_format(0, i as u16, lang.pick(ja, en), &st.header)?;
            ws.set_column_width(i as u16, *w)?;
        }
        for (i, f) in self.answer.iter().enumerate() {
            let col = (FIXED_COLUMNS + i) as u16;
            ws.write_string_with_format(0, col, f.label(lang), &st.header_input)?;
            let w = match f.kind {
                Kind::Status => 11.0,
                Kind::Date => 12.0,
                Kind::Responsibility => 14.0,
                Kind::Ids => 16.0,
                _ => 40.0,
            };
            ws.set_column_width(col, w)?;
        }
        let answers = self.data.get("answers").and_then(Value::as_object);
        let mut row = 0;
        let mut all: Vec<(&Control, bool)> =
            self.catalog.controls.iter().map(|c| (c, true)).collect();
        // Answers to ids that are not active controls follow, so nothing is lost.
        let extra: Vec<&String> = self
            .evidence
            .map(|e| {
                e.answers
                    .keys()
                    .filter(|id| self.catalog.control(id).is_none())
                    .collect()
            })
            .unwrap_or_default();
        for id in &extra {
            if let Some(c) = self.catalog.withdrawn_control(id) {
                all.push((c, false));
            }
        }
        for (c, active) in all {
            row += 1;
            self.control_row(
                ws,
                row,
                c,
                active,
                answers.and_then(|a| a.get(c.id.as_str())),
            )?;
            if let Some(flag) = c.applies_if {
                if let Some((_, cell)) = scope_cells.iter().find(|(f, _)| *f == flag) {
                    let rule = format!("={cell}<>\"{}\"", flag_label(true, lang));
                    let cf = ConditionalFormatFormula::new()
                        .set_rule(rule.as_str())
                        .set_format(&st.grey);
                    let last = (FIXED_COLUMNS + self.answer.len() - 1) as u16;
                    ws.add_conditional_format(row, 0, row, last, &cf)?;
                }
            }
        }
        for id in extra
            .iter()
            .filter(|id| self.catalog.withdrawn_control(id).is_none())
        {
            row += 1;
            ws.write_string_with_format(row, 0, id.as_str(), &st.fixed)?;
            let unknown = lang.pick("（カタログにない ID）", "(not in the catalog)");
            ws.write_string_with_format(row, 2, unknown, &st.fixed)?;
            for i in [1u16, 3, 4, 5, 6, 7] {
                ws.write_blank(row, i, &st.fixed)?;
            }
            self.answer_cells(ws, row, answers.and_then(|a| a.get(id.as_str())))?;
        }
        let last_row = row.max(1);
        let last_col = (FIXED_COLUMNS + self.answer.len() - 1) as u16;
        for (i, f) in self.answer.iter().enumerate() {
            let col = (FIXED_COLUMNS + i) as u16;
            if let Some(dv) = self.validation(f)? {
                ws.add_data_validation(1, col, last_row, col, &dv)?;
            }
        }
        self.answer_rules(ws, last_row)?;
        ws.set_freeze_panes(1, 1)?;
        ws.autofilter(0, 0, last_row, last_col)?;
        Self::protect(ws);
        Ok(last_row)
    }

    /// Flags a 該当なし without a reason and a 対応予定 without a target date.
    fn answer_rules(&self, ws: &mut Worksheet, last_row: u32) -> Result<(), XlsxError> {
        let lang = self.lang();
        let col_of = |key: &str| {
            self.answer
                .iter()
                .position(|f| f.key == key)
                .map(|i| (FIXED_COLUMNS + i) as u16)
        };
        let (Some(status), Some(reason), Some(date)) = (
            col_of("status"),
            col_of("na_reason"),
            col_of("planned_date"),
        ) else {
            return Ok(());
        };
        let letter = |c: u16| {
            row_col_to_cell(1, c)
                .trim_end_matches(char::is_numeric)
                .to_string()
        };
        let (s, r, d) = (letter(status), letter(reason), letter(date));
        let na = status_label(Status::NotApplicable, lang);
        let planned = status_label(Status::Planned, lang);
        let rules = [
            (
                format!("=AND(${s}2=\"{na}\",LEN(TRIM(${r}2))=0)"),
                [status, reason],
                &self.styles.flag,
            ),
            (
                format!("=AND(${s}2=\"{planned}\",${d}2=\"\")"),
                [status, date],
                &self.styles.warn,
            ),
        ];
        for (rule, cols, fmt) in rules {
            for col in cols {
                let cf = ConditionalFormatFormula::new()
                    .set_rule(rule.as_str())
                    .set_format(fmt)
                    .set_stop_if_true(true);
                ws.add_conditional_format(1, col, last_row, col, &cf)?;
            }
        }
        Ok(())
    }

    fn control_row(
        &self,
        ws: &mut Worksheet,
        row: u32,
        c: &Control,
        active: bool,
        answer: Option<&Value>,
    ) -> Result<(), XlsxError> {
        let lang = self.lang();
        let st = &self.styles;
        let area = self
            .catalog
            .area(&c.area)
            .map_or(c.area.as_str(), |a| a.title(lang));
        let level = match (
            c.level,
            self.opts.profile.is_some_and(|p| p.requires(&c.id)),
        ) {
            (Level::Recommended, true) => lang
                .pick("必須（要件プロファイル）", "required (profile)")
                .to_string(),
            (l, _) => l.label(lang).to_string(),
        };
        let refs: Vec<String> = c
            .refs
            .iter()
            .map(|r| {
                let ed = self
                    .catalog
                    .edition(&r.edition)
                    .map_or(r.edition.as_str(), |e| e.short_in(lang));
                let item = r
                    .item
                    .as_deref()
                    .map(|i| format!(" {i}"))
                    .unwrap_or_default();
                let mark = if r.checked { "" } else { "※" };
                format!("{ed} {}{item}{mark}", r.section)
            })
            .collect();
        let applies = match (active, c.applies_if) {
            (false, _) => {
                let to = c.replaced_by.join(", ");
                match lang {
                    Lang::Ja => format!("廃止（後継 {to}）"),
                    Lang::En => format!("withdrawn (now {to})"),
                }
            }
            (true, None) => lang.pick("常に", "always").to_string(),
            (true, Some(f)) => match lang {
                Lang::Ja => format!("{}の場合", f.label(lang)),
                Lang::En => format!("if {}", f.label(lang)),
            },
        };
        let cells = [
            c.id.to_string(),
            area.to_string(),
            c.title(lang).to_string(),
            c.requirement(lang).to_string(),
            level,
            refs.join("\n"),
            c.responsibility.label(lang).to_string(),
            applies,
        ];
        for (i, text) in cells.into_iter().enumerate() {
            ws.write_string_with_format(row, i as u16, text, &st.fixed)?;
        }
        self.answer_cells(ws, row, answer)
    }

    fn answer_cells(
        &self,
        ws: &mut Worksheet,
        row: u32,
        answer: Option<&Value>,
    ) -> Result<(), XlsxError> {
        for (i, f) in self.answer.iter().enumerate() {
            let col = (FIXED_COLUMNS + i) as u16;
            let v = answer.and_then(|a| a.get(&f.key));
            // An empty list is no value in a cell.
            let v = v.filter(|v| v.as_array().is_none_or(|a| !a.is_empty()));
            self.value(ws, row, col, f, v)?;
        }
        Ok(())
    }

    /// A sheet of records (documents, platforms, roles, attachments, revisions): one row
    /// each, with spare input rows under them for new ones.
    fn table(&self, ws: &mut Worksheet, t: &TableSheet, fields: &[Field]) -> Result<(), XlsxError> {
        let lang = self.lang();
        let st = &self.styles;
        ws.set_name(t.sheet.name(lang))?;
        for (i, f) in fields.iter().enumerate() {
            let col = i as u16;
            ws.write_string_with_format(0, col, f.label(lang), &st.header_input)?;
            let w = match (f.key.as_str(), f.kind) {
                (_, Kind::Date) => 12.0,
                ("id" | "version" | "document", _) => 14.0,
                ("sha256" | "path", _) => 30.0,
                _ => 40.0,
            };
            ws.set_column_width(col, w)?;
        }
        let records = super::at_path(self.data, t.path)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let empty = Map::new();
        let last = records.len() as u32 + t.spare;
        for row in 1..=last {
            let record = records
                .get(row as usize - 1)
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            for (i, f) in fields.iter().enumerate() {
                self.value(ws, row, i as u16, f, record.get(&f.key))?;
            }
        }
        for (i, f) in fields.iter().enumerate() {
            if let Some(dv) = self.validation(f)? {
                ws.add_data_validation(1, i as u16, last, i as u16, &dv)?;
            }
        }
        ws.set_freeze_panes(1, 1)?;
        ws.autofilter(0, 0, last, fields.len().saturating_sub(1) as u16)?;
        Self::protect(ws);
        Ok(())
    }

    fn sla_sheet(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        let lang = self.lang();
        let st = &self.styles;
        ws.set_name(Sheet::Sla.name(lang))?;
        let headers = [
            (lang.pick("項目", "Item"), 30.0, &st.header),
            (lang.pick("単位", "Unit"), 16.0, &st.header),
            (
                lang.pick(VALUE_HEADER.0, VALUE_HEADER.1),
                40.0,
                &st.header_input,
            ),
            (
                lang.pick("要件（プロファイル）", "Required (profile)"),
                22.0,
                &st.header,
            ),
            (lang.pick(KEY_HEADER.0, KEY_HEADER.1), 30.0, &st.header),
        ];
        for (i, (h, w, f)) in headers.iter().enumerate() {
            ws.write_string_with_format(0, i as u16, *h, f)?;
            ws.set_column_width(i as u16, *w)?;
        }
        let sla = self.data.get("sla");
        // SLA_KEYS gives the order of the SLA draft's articles.
        let ordered = crate::evidence::SLA_KEYS
            .iter()
            .filter_map(|k| self.sla.iter().find(|f| f.key == *k))
            .chain(
                self.sla
                    .iter()
                    .filter(|f| !crate::evidence::SLA_KEYS.contains(&f.key.as_str())),
            );
        for (i, f) in ordered.enumerate() {
            let row = i as u32 + 1;
            let unit = sla_unit(&f.key);
            ws.write_string_with_format(row, 0, f.label(lang), &st.fixed)?;
            let unit_text = unit.map(|u| unit_label(u, lang)).unwrap_or_default();
            ws.write_string_with_format(row, 1, unit_text, &st.fixed)?;
            self.value(ws, row, 2, f, sla.and_then(|s| s.get(&f.key)))?;
            if let Some(dv) = self.validation(f)? {
                ws.add_data_validation(row, 2, row, 2, &dv)?;
            }
            let required = self
                .opts
                .profile
                .and_then(|p| p.sla.get(&f.key))
                .zip(unit)
                .map(|(rule, unit)| format_requirement(unit, rule, lang))
                .unwrap_or_default();
            ws.write_string_with_format(row, 3, required, &st.fixed)?;
            ws.write_string_with_format(row, 4, format!("sla.{}", f.key), &st.key)?;
        }
        ws.set_freeze_panes(1, 1)?;
        Self::protect(ws);
        Ok(())
    }

    /// Live counts per area: COUNTIFS over the controls sheet, with the counts of the
    /// pre-filled answers as cached results so that a viewer that does not recalculate
    /// still shows them.
    fn summary(&self, ws: &mut Worksheet, last_row: u32) -> Result<(), XlsxError> {
        let lang = self.lang();
        let st = &self.styles;
        ws.set_name(Sheet::Summary.name(lang))?;
        let controls = Sheet::Controls.name(lang);
        let status_col = self
            .answer
            .iter()
            .position(|f| f.kind == Kind::Status)
            .map_or(FIXED_COLUMNS as u16, |i| (FIXED_COLUMNS + i) as u16);
        let range = |col: u16| {
            let a = row_col_to_cell(1, col);
            let b = row_col_to_cell(last_row, col);
            let abs = |c: &str| {
                let split = c.find(char::is_numeric).unwrap_or(c.len());
                format!("${}${}", &c[..split], &c[split..])
            };
            format!("'{controls}'!{}:{}", abs(&a), abs(&b))
        };
        let (area_range, status_range) = (range(1), range(status_col));
        let mut head = vec![lang.pick("領域", "Area"), lang.pick("管理策数", "Controls")];
        let labels: Vec<&str> = Status::ALL.iter().map(|s| status_label(*s, lang)).collect();
        head.extend(labels.iter().copied());
        head.push(lang.pick("未回答", "Unanswered"));
        head.push(lang.pick("回答済みの割合", "Answered"));
        for (i, h) in head.iter().enumerate() {
            ws.write_string_with_format(0, i as u16, *h, &st.header)?;
            ws.set_column_width(i as u16, if i == 0 { 30.0 } else { 11.0 })?;
        }
        let answers = self.evidence.map(|e| &e.answers);
        let count = |area: Option<&str>, status: Option<Status>| {
            self.catalog
                .controls
                .iter()
                .filter(|c| area.is_none_or(|a| c.area == a))
                .filter(|c| {
                    let s = answers.and_then(|a| a.get(c.id.as_str())).map(|a| a.status);
                    status.is_none_or(|st| s == Some(st))
                })
                .count()
        };
        let n_status = Status::ALL.len() as u16;
        let unanswered_col = 2 + n_status;
        // Column 1 counts the controls, 2.. each status, then the unanswered.
        let mut totals = vec![0usize; usize::from(unanswered_col) + 1];
        let share = |total: usize, unanswered: usize| {
            if total == 0 {
                0.0
            } else {
                (total - unanswered) as f64 / total as f64
            }
        };
        let mut row = 0;
        for area in &self.catalog.areas {
            row += 1;
            let r = row + 1;
            ws.write_string_with_format(row, 0, area.title(lang), &st.fixed)?;
            let total = count(Some(&area.id), None);
            totals[1] += total;
            let f =
                Formula::new(format!("=COUNTIF({area_range},$A{r})")).set_result(total.to_string());
            ws.write_formula_with_format(row, 1, f, &st.fixed)?;
            let mut answered = 0;
            for (i, s) in Status::ALL.iter().enumerate() {
                let col = 2 + i as u16;
                let n = count(Some(&area.id), Some(*s));
                answered += n;
                totals[usize::from(col)] += n;
                let f = Formula::new(format!(
                    "=COUNTIFS({area_range},$A{r},{status_range},\"{}\")",
                    status_label(*s, lang)
                ))
                .set_result(n.to_string());
                ws.write_formula_with_format(row, col, f, &st.fixed)?;
            }
            let first = row_col_to_cell(row, 2);
            let last = row_col_to_cell(row, 1 + n_status);
            totals[usize::from(unanswered_col)] += total - answered;
            let f = Formula::new(format!("=B{r}-SUM({first}:{last})"))
                .set_result((total - answered).to_string());
            ws.write_formula_with_format(row, unanswered_col, f, &st.fixed)?;
            let u = row_col_to_cell(row, unanswered_col);
            let f = Formula::new(format!("=IF(B{r}=0,0,(B{r}-{u})/B{r})"))
                .set_result(share(total, total - answered).to_string());
            ws.write_formula_with_format(row, unanswered_col + 1, f, &st.percent)?;
        }
        row += 1;
        let r = row + 1;
        ws.write_string_with_format(row, 0, lang.pick("合計", "Total"), &st.header)?;
        for col in 1..=unanswered_col {
            let top = row_col_to_cell(1, col);
            let bottom = row_col_to_cell(row - 1, col);
            let f = Formula::new(format!("=SUM({top}:{bottom})"))
                .set_result(totals[usize::from(col)].to_string());
            ws.write_formula_with_format(row, col, f, &st.fixed)?;
        }
        let u = row_col_to_cell(row, unanswered_col);
        let whole = share(totals[1], totals[usize::from(unanswered_col)]);
        let f =
            Formula::new(format!("=IF(B{r}=0,0,(B{r}-{u})/B{r})")).set_result(whole.to_string());
        ws.write_formula_with_format(row, unanswered_col + 1, f, &st.percent)?;
        // Answers that still need something.
        row += 2;
        let reason_col = self.answer.iter().position(|f| f.key == "na_reason");
        let date_col = self.answer.iter().position(|f| f.key == "planned_date");
        if let (Some(rc), Some(dc)) = (reason_col, date_col) {
            let checks = [
                (
                    lang.pick("該当なしで理由が空欄", "Not applicable without a reason"),
                    Status::NotApplicable,
                    range((FIXED_COLUMNS + rc) as u16),
                ),
                (
                    lang.pick("対応予定で目標日が空欄", "Planned without a target date"),
                    Status::Planned,
                    range((FIXED_COLUMNS + dc) as u16),
                ),
            ];
            for (label, status, other) in checks {
                ws.write_string_with_format(row, 0, label, &st.fixed)?;
                let open = answers.map_or(0, |a| {
                    a.values()
                        .filter(|x| x.status == status)
                        .filter(|x| match status {
                            Status::Planned => x.planned_date.is_none(),
                            _ => x.na_reason.as_deref().is_none_or(|r| r.trim().is_empty()),
                        })
                        .count()
                });
                let f = Formula::new(format!(
                    "=COUNTIFS({status_range},\"{}\",{other},\"\")",
                    status_label(status, lang)
                ))
                .set_result(open.to_string());
                ws.write_formula_with_format(row, 1, f, &st.fixed)?;
                row += 1;
            }
        }
        ws.set_freeze_panes(1, 1)?;
        Self::protect(ws);
        Ok(())
    }
}

fn join(items: &[Value], sep: &str) -> String {
    items
        .iter()
        .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
        .collect::<Vec<_>>()
        .join(sep)
}
