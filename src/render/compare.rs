//! The comparison document a procurement committee reads (`sansho compare --format
//! md|html|pdf`): the ranking, each vendor's SLA values beside the profile's thresholds, and
//! the control matrix with the disclosure's status symbols. It goes through the same
//! pipeline as the other documents (a replaceable Tera template, the HTML page, the PDF
//! engine, the provenance footer); everything shown is copied from the comparison's
//! summaries, with every vendor string Markdown-escaped.

use super::escape;
use super::labels::labels;
use super::sla::{format_requirement, format_value, Unit, ARTICLES};
use super::{publish, templates, tidy, Format, Page, RenderOptions};
use crate::catalog::Catalog;
use crate::compare::Comparison;
use crate::error::Result;
use crate::evidence::Status;
use crate::i18n::{format_date, Lang};
use crate::profile::sla_field;
use crate::score::display_score;
use serde_json::{json, Value};

/// What the comparison document is rendered from.
pub struct ComparisonInput<'a> {
    /// The catalog every vendor was scored against.
    pub catalog: &'a Catalog,
    /// The ranked summaries.
    pub comparison: &'a Comparison,
    /// Show only the controls whose status differs between vendors.
    pub only_differences: bool,
    /// Document language.
    pub lang: Lang,
}

/// (key, Japanese, English): the words only this document uses.
const LABELS: &[(&str, &str, &str)] = &[
    ("compare_title", "事業者比較表", "Vendor comparison"),
    ("ranking_title", "順位", "Ranking"),
    ("col_rank", "順位", "#"),
    ("col_vendor", "事業者 / サービス", "Vendor / service"),
    ("col_verdict", "判定", "Verdict"),
    ("col_overall", "総合", "Overall"),
    ("col_profile", "要件", "Profile"),
    ("col_critical", "重大", "Critical"),
    ("col_major", "重要", "Major"),
    ("col_warnings", "警告", "Warnings"),
    ("profile_label", "調達要件", "Requirement profile"),
    ("no_profile", "なし（3省2ガイドラインの規則のみで採点）", "none (scored by the guidelines' rule only)"),
    ("vendors_label", "比較した事業者", "Vendors compared"),
    ("skipped_label", "除外したファイル", "Files left out"),
    ("sla_title", "SLA の比較", "Service levels"),
    ("sla_note", "列の番号は順位の表の番号です。× は調達要件を満たさない値（記載なしを含む）です。", "Columns are numbered as in the ranking. × marks a value that does not meet the profile (a missing value included)."),
    ("sla_note_free", "列の番号は順位の表の番号です。調達要件がないため、しきい値との比較はしていません。", "Columns are numbered as in the ranking. Without a profile no value is compared with a threshold."),
    ("col_sla_item", "項目（要件）", "Item (requirement)"),
    ("matrix_title", "管理策ごとの対応状況", "Control matrix"),
    ("matrix_note", "列の番号は順位の表の番号です。空欄はその事業者の対象範囲外です。", "Columns are numbered as in the ranking. An empty cell is out of that vendor's scope."),
    ("matrix_only_differences", "事業者の間で対応状況が異なる管理策だけを示しています（同じもの {n} 件を省略）。", "Only controls whose status differs between vendors are shown ({n} identical ones left out)."),
    ("matrix_none", "示す管理策はありません。", "No control to show."),
    ("col_control", "管理策", "Control"),
    ("skipped_title", "比較から除外したファイル", "Files left out of the comparison"),
    ("skipped_note", "検証で誤りが見つかったため比較に含めていません。sansho validate で内容を確認できます。", "These files failed validation and are not compared; see sansho validate for details."),
    ("col_file", "ファイル", "File"),
    ("col_errors", "誤り", "Errors"),
    ("inputs_title", "入力ファイル", "Input files"),
    ("profile_sha", "要件プロファイル SHA-256", "profile SHA-256"),
    ("met", "満たす", "met"),
    ("unanswered", "未回答", "unanswered"),
];

fn words(lang: Lang) -> Value {
    let mut t = serde_json::Map::new();
    for (k, v) in labels(lang) {
        t.insert(k.to_string(), Value::from(v));
    }
    for (k, ja, en) in LABELS {
        t.insert(k.to_string(), Value::from(lang.pick(ja, en)));
    }
    Value::Object(t)
}

fn unit(key: &str) -> Unit {
    ARTICLES
        .iter()
        .find(|a| a.key == Some(key))
        .map_or(Unit::Text, |a| a.unit)
}

/// The template context of the comparison.
fn context(input: &ComparisonInput<'_>) -> Value {
    let ComparisonInput {
        catalog,
        comparison: c,
        only_differences,
        lang,
    } = *input;
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
    let ranking: Vec<Value> = c
        .vendors
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let profile = match &v.profile {
                None => "－".to_string(),
                Some(p) if p.pass => lang.pick("満たす", "met").to_string(),
                Some(p) => match lang {
                    Lang::Ja => format!("未達 {} 件", p.failures),
                    Lang::En => format!("{} unmet", p.failures),
                },
            };
            json!({
                "rank": i + 1,
                "vendor": escape::inline(&format!("{} / {}", v.name, v.service)),
                "verdict": v.verdict.label(lang),
                "score": display_score(v.score),
                "profile": profile,
                "critical": v.findings.critical,
                "major": v.findings.major,
                "warnings": v.warnings,
                "areas": areas.iter().map(|(ai, _)| {
                    v.areas.get(*ai).map_or_else(|| "－".to_string(), |a| if a.applicable == 0 { "－".to_string() } else { display_score(a.score) })
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let numbers: Vec<usize> = (1..=c.vendors.len()).collect();

    let rules = c.profile.as_ref().map(|p| &p.sla);
    let sla_rows: Vec<Value> = c
        .sla_keys
        .iter()
        .enumerate()
        .map(|(k, key)| {
            let name = sla_field(key).map_or(*key, |f| f.label(lang));
            let label = match rules.and_then(|r| r.iter().find(|(rk, _)| rk == key)) {
                Some((_, rule)) => format!(
                    "{name}{}{}{}",
                    lang.pick("（", " ("),
                    format_requirement(unit(key), rule, lang),
                    lang.pick("）", ")")
                ),
                None => name.to_string(),
            };
            let cells: Vec<String> = c
                .vendors
                .iter()
                .map(|v| {
                    let value = v.sla.get(k).unwrap_or(&Value::Null);
                    let shown = format_value(unit(key), value, lang)
                        .map_or_else(|| "－".to_string(), |s| escape::inline(&s));
                    if v.misses(key) {
                        format!("× {shown}")
                    } else {
                        shown
                    }
                })
                .collect();
            json!({ "label": escape::inline(&label), "cells": cells })
        })
        .collect();

    let mut identical = 0usize;
    let matrix_rows: Vec<Value> = catalog
        .controls
        .iter()
        .enumerate()
        .filter(|(i, _)| c.applies_to_any(*i))
        .filter(|(i, _)| {
            let keep = !only_differences || c.differs(*i);
            identical += usize::from(!keep);
            keep
        })
        .map(|(i, control)| {
            let cells: Vec<&str> = c
                .vendors
                .iter()
                .map(|v| v.marks.get(i).map_or("", |m| m.symbol()))
                .collect();
            json!({
                "label": escape::inline(&format!("{} {}", control.id, control.title(lang))),
                "cells": cells,
            })
        })
        .collect();
    let mut legend: Vec<Value> = Status::ALL
        .into_iter()
        .map(|s| json!({ "symbol": s.symbol(), "label": s.label(lang) }))
        .collect();
    legend.push(json!({ "symbol": "未", "label": lang.pick("未回答", "unanswered") }));

    let skipped: Vec<Value> = c
        .skipped
        .iter()
        .map(|s| {
            json!({
                "file": escape::inline(&s.file),
                "errors": s.diagnostics.error_count(),
            })
        })
        .collect();
    let inputs: Vec<Value> = c
        .vendors
        .iter()
        .enumerate()
        .map(|(i, v)| {
            json!({
                "rank": i + 1,
                "file": escape::inline(&v.file),
                "sha256": v.sha256,
            })
        })
        .collect();
    let mut t = words(lang);
    if let Some(s) = t.get_mut("matrix_only_differences") {
        *s = Value::from(
            s.as_str()
                .unwrap_or("")
                .replace("{n}", &identical.to_string()),
        );
    }
    json!({
        "t": t,
        "as_of": format_date(c.as_of, lang),
        "catalog": format!("{} {}", c.catalog.id, c.catalog.version),
        "tool_version": env!("CARGO_PKG_VERSION"),
        "profile": c.profile.as_ref().map(|p| json!({
            "name": escape::inline(&p.name),
            "sha256": p.sha256.clone().unwrap_or_else(|| "－".to_string()),
        })),
        "vendor_count": c.vendors.len(),
        "skipped_count": c.skipped.len(),
        "areas": areas.iter().map(|(_, a)| json!({ "prefix": a.prefix, "title": a.title(lang) })).collect::<Vec<_>>(),
        "ranking": ranking,
        "numbers": numbers,
        "sla": sla_rows,
        "matrix": matrix_rows,
        "only_differences": only_differences,
        "identical": identical,
        "legend": legend,
        "skipped": skipped,
        "inputs": inputs,
    })
}

/// A digest of every compared file's SHA-256, in rank order, for the footer (one line
/// cannot hold 200 hashes; the document's input table lists them all).
fn inputs_digest(c: &Comparison) -> String {
    let joined: String = c
        .vendors
        .iter()
        .map(|v| v.sha256.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    crate::input::sha256_hex(joined.as_bytes())
}

/// Renders the comparison document in `format`.
pub fn render_comparison(
    format: Format,
    input: &ComparisonInput<'_>,
    opts: &RenderOptions<'_>,
) -> Result<Vec<u8>> {
    let tera = templates::load(opts.templates_dir, &format.templates("compare.md.tera"))?;
    let ctx =
        tera::Context::from_value(context(input)).map_err(|e| templates::template_error(&e))?;
    let markdown = tidy(
        &tera
            .render("compare.md.tera", &ctx)
            .map_err(|e| templates::template_error(&e))?,
    );
    let (lang, c) = (input.lang, input.comparison);
    let title = lang.pick("事業者比較表", "Vendor comparison").to_string();
    let profile_name = c.profile.as_ref().map(|p| escape::plain(&p.name));
    let header = match &profile_name {
        Some(name) => format!("{title} — {name}"),
        None => title.clone(),
    };
    let footer = format!(
        "sansho {} {sep} {} {} {} {sep} {} {} {sep} {} {} {sep} SHA-256 {}",
        env!("CARGO_PKG_VERSION"),
        lang.pick("カタログ", "catalog"),
        c.catalog.id,
        c.catalog.version,
        lang.pick("評価基準日", "as of"),
        c.as_of,
        lang.pick("入力", "inputs"),
        c.vendors.len(),
        inputs_digest(c),
        sep = lang.pick("／", "/"),
    );
    let page = Page {
        title: title.clone(),
        author: c
            .profile
            .as_ref()
            .map_or_else(String::new, |p| p.name.clone()),
        subject: title,
        header,
        footer,
        landscape: true,
        date: c.as_of,
        lang,
    };
    publish(&tera, format, markdown, &page, opts)
}
