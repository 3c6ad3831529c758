//! `sansho compare --format xlsx`: several vendors side by side in a workbook a procurement
//! team can sort and annotate — the ranking, the control matrix with the disclosure's status
//! symbols, and the SLA values beside the profile's thresholds.
//!
//! Everything comes from the [`Comparison`] `compare` already made (nothing is rescored).

use super::{sla_unit, unit_label, Sheet};
use crate::catalog::Catalog;
use crate::compare::{Comparison, Mark, VendorSummary};
use crate::error::Result;
use crate::evidence::Status;
use crate::i18n::Lang;
use crate::interchange::xlsx_error;
use crate::render::sla::{format_requirement, format_value, ARTICLES};
use crate::score::Severity;
use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};

/// The comparison workbook as xlsx bytes. Its creation date is the comparison's as-of date,
/// so the same inputs give the same bytes.
pub fn compare_workbook(catalog: &Catalog, c: &Comparison, lang: Lang) -> Result<Vec<u8>> {
    build(catalog, c, lang).map_err(xlsx_error)
}

fn build(catalog: &Catalog, c: &Comparison, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let at = c.as_of.and_hms_opt(0, 0, 0).unwrap_or_default();
    wb.set_properties(
        &DocProperties::new()
            .set_title(lang.pick("事業者比較", "Vendor comparison"))
            .set_author("sansho")
            .set_creation_datetime(&at),
    );
    let st = Styles::new();
    ranking(wb.add_worksheet(), catalog, c, lang, &st)?;
    matrix(wb.add_worksheet(), catalog, c, lang, &st)?;
    sla(wb.add_worksheet(), c, lang, &st)?;
    wb.save_to_buffer()
}

struct Styles {
    header: Format,
    cell: Format,
    number: Format,
    center: Format,
    miss: Format,
    note: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = super::base_format();
        Styles {
            header: base
                .clone()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0x1F4E79)),
            number: base.clone().set_num_format("0.0"),
            center: base.clone().set_align(FormatAlign::Center),
            miss: base
                .clone()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
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

fn vendor_name(v: &VendorSummary) -> String {
    format!("{} / {}", v.name, v.service)
}

fn ranking(
    ws: &mut Worksheet,
    catalog: &Catalog,
    c: &Comparison,
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
    // Areas that apply to some vendor, by their index in the catalog.
    let areas: Vec<(usize, &crate::catalog::Area)> = catalog
        .areas
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            c.vendors
                .iter()
                .any(|v| v.areas.get(*i).is_some_and(|a| a.applicable > 0))
        })
        .collect();
    heads.extend(areas.iter().map(|(_, a)| (a.prefix.as_str(), 8.0)));
    heads.push((lang.pick("ファイル", "File"), 36.0));
    headers(ws, &heads, st)?;
    for (i, v) in c.vendors.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &st.cell)?;
        ws.write_string_with_format(row, 1, vendor_name(v), &st.cell)?;
        ws.write_string_with_format(row, 2, v.verdict.label(lang), &st.cell)?;
        score_cell(ws, row, 3, v.score, st)?;
        let profile = match &v.profile {
            None => "－".to_string(),
            Some(p) if p.pass => lang.pick("満たす", "met").to_string(),
            Some(p) => match lang {
                Lang::Ja => format!("未達 {} 件", p.failures),
                Lang::En => format!("{} unmet", p.failures),
            },
        };
        ws.write_string_with_format(row, 4, profile, &st.cell)?;
        for (col, sev) in [(5, Severity::Critical), (6, Severity::Major)] {
            ws.write_number_with_format(row, col, v.findings.get(sev) as f64, &st.cell)?;
        }
        for (j, (index, _)) in areas.iter().enumerate() {
            let s = v.areas.get(*index).and_then(|a| a.score);
            score_cell(ws, row, 7 + j as u16, s, st)?;
        }
        ws.write_string_with_format(row, 7 + areas.len() as u16, v.file.as_str(), &st.cell)?;
    }
    let legend: Vec<String> = areas
        .iter()
        .map(|(_, a)| format!("{} {}", a.prefix, a.title(lang)))
        .collect();
    let row = c.vendors.len() as u32 + 2;
    ws.write_string_with_format(row, 1, legend.join(" · "), &st.note)?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, c.vendors.len() as u32, 7 + areas.len() as u16)?;
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
    c: &Comparison,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(Sheet::Controls.name(lang))?;
    let names: Vec<String> = c.vendors.iter().map(vendor_name).collect();
    let mut heads = vec![
        (lang.pick("ID", "ID"), 9.0),
        (lang.pick("領域", "Area"), 14.0),
        (lang.pick("管理策", "Control"), 30.0),
        (lang.pick("区分", "Level"), 8.0),
    ];
    heads.extend(names.iter().map(|n| (n.as_str(), 16.0)));
    headers(ws, &heads, st)?;
    for (i, ctl) in catalog.controls.iter().enumerate() {
        let row = i as u32 + 1;
        let area = catalog
            .area(&ctl.area)
            .map_or(ctl.area.as_str(), |a| a.title(lang));
        let fixed = [
            ctl.id.as_str(),
            area,
            ctl.title(lang),
            ctl.level.label(lang),
        ];
        for (col, text) in fixed.into_iter().enumerate() {
            ws.write_string_with_format(row, col as u16, text, &st.cell)?;
        }
        for (j, v) in c.vendors.iter().enumerate() {
            let cell = match v.marks.get(i) {
                Some(Mark::OutOfScope) => lang.pick("対象外", "n/a").to_string(),
                Some(Mark::Unanswered) => {
                    format!(
                        "{} {}",
                        Mark::Unanswered.symbol(),
                        lang.pick("未回答", "unanswered")
                    )
                }
                Some(Mark::Answered(s)) => format!("{} {}", s.symbol(), s.label(lang)),
                None => String::new(),
            };
            ws.write_string_with_format(row, 4 + j as u16, cell, &st.center)?;
        }
    }
    let row = catalog.controls.len() as u32 + 2;
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
        3 + c.vendors.len() as u16,
    )?;
    Ok(())
}

fn sla(ws: &mut Worksheet, c: &Comparison, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(Sheet::Sla.name(lang))?;
    let names: Vec<String> = c.vendors.iter().map(vendor_name).collect();
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
    for (i, key) in c.sla_keys.iter().enumerate() {
        let row = i as u32 + 1;
        let title = ARTICLES
            .iter()
            .find(|a| a.key == Some(*key))
            .map_or(*key, |a| lang.pick(a.title, a.title_en));
        ws.write_string_with_format(row, 0, title, &st.cell)?;
        let unit = sla_unit(key);
        let unit_text = unit.map(|u| unit_label(u, lang)).unwrap_or_default();
        ws.write_string_with_format(row, 1, unit_text, &st.cell)?;
        let required = c
            .profile
            .as_ref()
            .and_then(|p| p.sla.iter().find(|(k, _)| k == key))
            .zip(unit)
            .map(|((_, rule), unit)| format_requirement(unit, rule, lang))
            .unwrap_or_default();
        ws.write_string_with_format(row, 2, required, &st.cell)?;
        for (j, v) in c.vendors.iter().enumerate() {
            let value = v.sla.get(i).cloned().unwrap_or_default();
            let shown = unit
                .and_then(|u| format_value(u, &value, lang))
                .unwrap_or_else(|| lang.pick("（記載なし）", "(not given)").to_string());
            let fmt = if v.misses(key) { &st.miss } else { &st.cell };
            ws.write_string_with_format(row, 3 + j as u16, shown, fmt)?;
        }
    }
    ws.set_freeze_panes(1, 1)?;
    Ok(())
}
