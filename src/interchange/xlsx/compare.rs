//! `sansho compare --format xlsx`: several vendors side by side in a workbook a procurement
//! team can sort and annotate — the ranking, the control matrix with the disclosure's status
//! symbols, and the SLA values beside the profile's thresholds.
//!
//! Everything comes from the score reports `compare` already made (nothing is rescored) and
//! from the evidence files for the SLA values.

use super::{sla_unit, unit_label, Sheet};
use crate::catalog::Catalog;
use crate::error::Result;
use crate::evidence::{Evidence, Status, SLA_KEYS};
use crate::i18n::Lang;
use crate::interchange::xlsx_error;
use crate::profile::Profile;
use crate::render::sla::{format_requirement, format_value, ARTICLES};
use crate::score::{ScoreReport, Severity};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// One compared vendor, in ranking order.
#[derive(Clone, Copy, Debug)]
pub struct CompareEntry<'a> {
    /// The evidence file as the user named it.
    pub file: &'a str,
    /// Its evidence (for the SLA values).
    pub evidence: &'a Evidence,
    /// Its score report.
    pub report: &'a ScoreReport,
}

/// The comparison workbook as xlsx bytes; `created` fixes the creation date (the as-of
/// date), so the same inputs give the same bytes.
pub fn compare_workbook(
    catalog: &Catalog,
    entries: &[CompareEntry<'_>],
    profile: Option<&Profile>,
    lang: Lang,
    created: NaiveDate,
) -> Result<Vec<u8>> {
    build(catalog, entries, profile, lang, created).map_err(xlsx_error)
}

fn build(
    catalog: &Catalog,
    entries: &[CompareEntry<'_>],
    profile: Option<&Profile>,
    lang: Lang,
    created: NaiveDate,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let at = created.and_hms_opt(0, 0, 0).unwrap_or_default();
    wb.set_properties(
        &DocProperties::new()
            .set_title(lang.pick("事業者比較", "Vendor comparison"))
            .set_author("sansho")
            .set_creation_datetime(&at),
    );
    let st = Styles::new();
    ranking(wb.add_worksheet(), catalog, entries, lang, &st)?;
    matrix(wb.add_worksheet(), catalog, entries, lang, &st)?;
    sla(wb.add_worksheet(), entries, profile, lang, &st)?;
    wb.save_to_buffer()
}

struct Styles {
    header: Format,
    cell: Format,
    number: Format,
    center: Format,
    note: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new()
            .set_align(FormatAlign::Top)
            .set_text_wrap()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF));
        Styles {
            header: base
                .clone()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0x1F4E79)),
            number: base.clone().set_num_format("0.0"),
            center: base.clone().set_align(FormatAlign::Center),
            cell: base,
            note: Format::new().set_text_wrap(),
        }
    }
}

fn headers(ws: &mut Worksheet, heads: &[(&str, f64)], st: &Styles) -> Result<(), XlsxError> {
    for (i, (h, w)) in heads.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &st.header)?;
        ws.set_column_width(i as u16, *w)?;
    }
    Ok(())
}

fn vendor_name(e: &CompareEntry<'_>) -> String {
    format!("{} / {}", e.report.vendor.name, e.report.vendor.service)
}

fn ranking(
    ws: &mut Worksheet,
    catalog: &Catalog,
    entries: &[CompareEntry<'_>],
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(lang.pick("順位", "Ranking"))?;
    let mut heads = vec![
        (lang.pick("順位", "#"), 6.0),
        (lang.pick("事業者 / サービス", "Vendor / service"), 40.0),
        (lang.pick("判定", "Verdict"), 14.0),
        (lang.pick("総合", "Overall"), 8.0),
        (lang.pick("要件", "Profile"), 12.0),
        (lang.pick("重大", "Critical"), 8.0),
        (lang.pick("重要", "Major"), 8.0),
    ];
    let areas: Vec<_> = catalog
        .areas
        .iter()
        .filter(|a| {
            entries
                .iter()
                .any(|e| e.report.area(&a.id).is_some_and(|s| s.tally.applicable > 0))
        })
        .collect();
    heads.extend(areas.iter().map(|a| (a.prefix.as_str(), 8.0)));
    heads.push((lang.pick("ファイル", "File"), 36.0));
    headers(ws, &heads, st)?;
    for (i, e) in entries.iter().enumerate() {
        let row = i as u32 + 1;
        let r = e.report;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &st.cell)?;
        ws.write_string_with_format(row, 1, vendor_name(e), &st.cell)?;
        ws.write_string_with_format(row, 2, r.overall.verdict.label(lang), &st.cell)?;
        score_cell(ws, row, 3, r.overall.score, st)?;
        let profile = match &r.profile {
            None => "－".to_string(),
            Some(p) if p.pass => lang.pick("満たす", "met").to_string(),
            Some(p) => match lang {
                Lang::Ja => format!("未達 {} 件", p.failures.len()),
                Lang::En => format!("{} unmet", p.failures.len()),
            },
        };
        ws.write_string_with_format(row, 4, profile, &st.cell)?;
        for (col, sev) in [(5, Severity::Critical), (6, Severity::Major)] {
            ws.write_number_with_format(row, col, r.overall.findings.get(sev) as f64, &st.cell)?;
        }
        for (j, a) in areas.iter().enumerate() {
            let s = r.area(&a.id).and_then(|s| s.score);
            score_cell(ws, row, 7 + j as u16, s, st)?;
        }
        ws.write_string_with_format(row, 7 + areas.len() as u16, e.file, &st.cell)?;
    }
    let legend: Vec<String> = areas
        .iter()
        .map(|a| format!("{} {}", a.prefix, a.title(lang)))
        .collect();
    let row = entries.len() as u32 + 2;
    ws.write_string_with_format(row, 1, legend.join(" · "), &st.note)?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, entries.len() as u32, 7 + areas.len() as u16)?;
    Ok(())
}

fn score_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    score: Option<f64>,
    st: &Styles,
) -> Result<(), XlsxError> {
    match score {
        Some(s) => ws.write_number_with_format(row, col, s, &st.number)?,
        None => ws.write_string_with_format(row, col, "－", &st.center)?,
    };
    Ok(())
}

fn matrix(
    ws: &mut Worksheet,
    catalog: &Catalog,
    entries: &[CompareEntry<'_>],
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(Sheet::Controls.name(lang))?;
    let names: Vec<String> = entries.iter().map(vendor_name).collect();
    let mut heads = vec![
        (lang.pick("ID", "ID"), 9.0),
        (lang.pick("領域", "Area"), 14.0),
        (lang.pick("管理策", "Control"), 30.0),
        (lang.pick("区分", "Level"), 8.0),
    ];
    heads.extend(names.iter().map(|n| (n.as_str(), 16.0)));
    headers(ws, &heads, st)?;
    let mut row = 0;
    for c in &catalog.controls {
        row += 1;
        let area = catalog
            .area(&c.area)
            .map_or(c.area.as_str(), |a| a.title(lang));
        for (col, text) in [c.id.as_str(), area, c.title(lang), c.level.label(lang)]
            .into_iter()
            .enumerate()
        {
            ws.write_string_with_format(row, col as u16, text, &st.cell)?;
        }
        for (i, e) in entries.iter().enumerate() {
            let cell = match e.report.control(&c.id) {
                Some(s) if !s.applicable => lang.pick("対象外", "n/a").to_string(),
                Some(s) => match s.status {
                    Some(status) => format!("{} {}", status.symbol(), status.label(lang)),
                    None => lang.pick("未 未回答", "– unanswered").to_string(),
                },
                None => String::new(),
            };
            ws.write_string_with_format(row, 4 + i as u16, cell, &st.center)?;
        }
    }
    row += 2;
    let legend: Vec<String> = Status::ALL
        .iter()
        .map(|s| format!("{} {}", s.symbol(), s.label(lang)))
        .collect();
    let title = lang.pick("凡例: ", "Legend: ");
    ws.write_string_with_format(row, 2, format!("{title}{}", legend.join("　")), &st.note)?;
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(
        0,
        0,
        catalog.controls.len() as u32,
        3 + entries.len() as u16,
    )?;
    Ok(())
}

fn sla(
    ws: &mut Worksheet,
    entries: &[CompareEntry<'_>],
    profile: Option<&Profile>,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(Sheet::Sla.name(lang))?;
    let names: Vec<String> = entries.iter().map(vendor_name).collect();
    let mut heads = vec![
        (lang.pick("項目", "Item"), 30.0),
        (lang.pick("単位", "Unit"), 14.0),
        (
            lang.pick("要件（プロファイル）", "Required (profile)"),
            20.0,
        ),
    ];
    heads.extend(names.iter().map(|n| (n.as_str(), 24.0)));
    headers(ws, &heads, st)?;
    for (i, key) in SLA_KEYS.iter().enumerate() {
        let row = i as u32 + 1;
        let article = ARTICLES.iter().find(|a| a.key == Some(key));
        let title = article.map_or(*key, |a| lang.pick(a.title, a.title_en));
        ws.write_string_with_format(row, 0, title, &st.cell)?;
        let unit = sla_unit(key);
        ws.write_string_with_format(
            row,
            1,
            unit.map(|u| unit_label(u, lang)).unwrap_or_default(),
            &st.cell,
        )?;
        let required = profile
            .and_then(|p| p.sla.get(*key))
            .zip(unit)
            .map(|(rule, unit)| format_requirement(unit, rule, lang))
            .unwrap_or_default();
        ws.write_string_with_format(row, 2, required, &st.cell)?;
        for (j, e) in entries.iter().enumerate() {
            let v = e.evidence.sla.get(key);
            let shown = unit
                .and_then(|u| format_value(u, &v, lang))
                .unwrap_or_else(|| lang.pick("（記載なし）", "(not given)").to_string());
            ws.write_string_with_format(row, 3 + j as u16, shown, &st.cell)?;
        }
    }
    ws.set_freeze_panes(1, 1)?;
    Ok(())
}
