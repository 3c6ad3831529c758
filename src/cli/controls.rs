//! `sansho controls list|show|coverage`: browse the catalog.

use super::{print_stdout, table, Ctx};
use crate::catalog::{Catalog, Control, Coverage, Level};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::text;
use std::fmt::Write as _;

/// Output formats of `controls list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// 端末向けの表 / a table for the terminal
    Table,
    /// JSON の配列 / a JSON array
    Json,
    /// CSV（Excel で開けます。既定で BOM 付き、--no-bom で外す）/ CSV for spreadsheets (with a BOM unless --no-bom)
    Csv,
}

/// Output formats of `controls coverage`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CoverageFormat {
    /// 端末向けの表 / tables for the terminal
    Table,
    /// JSON
    Json,
}

/// The `controls` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// 管理策の一覧 / list controls
    #[command(
        after_help = "例 / Examples:\n  sansho controls list --area technical --level required\n  sansho controls list --edition mhlw-6.0 --format csv > controls.csv"
    )]
    List {
        /// 領域で絞り込む（technical など）/ only this area
        #[arg(long)]
        area: Option<String>,
        /// 水準で絞り込む / only this level
        #[arg(long, value_enum)]
        level: Option<Level>,
        /// この版を引用する管理策だけ（mhlw-6.0 など）/ only controls citing this edition
        #[arg(long)]
        edition: Option<String>,
        /// 出力形式 / output format
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// 1 つの管理策の詳細 / everything about one control
    #[command(after_help = "例 / Example:\n  sansho controls show TEC-01 --lang en")]
    Show {
        /// 管理策 ID（TEC-01 など）/ control id
        id: String,
    },
    /// ガイドラインの版ごとの引用状況 / crosswalk of editions and controls
    #[command(after_help = "例 / Example:\n  sansho controls coverage --format json")]
    Coverage {
        /// 出力形式 / output format
        #[arg(long, value_enum, default_value_t = CoverageFormat::Table)]
        format: CoverageFormat,
    },
}

/// Runs a `controls` subcommand.
pub(crate) fn run(ctx: &Ctx, cmd: Command) -> Result<i32> {
    let catalog = ctx.catalog()?;
    match cmd {
        Command::List {
            area,
            level,
            edition,
            format,
        } => {
            if let Some(a) = &area {
                check_known(
                    a,
                    catalog.areas.iter().map(|x| x.id.as_str()),
                    "領域",
                    "area",
                )?;
            }
            if let Some(e) = &edition {
                check_known(
                    e,
                    catalog.editions.iter().map(|x| x.id.as_str()),
                    "版",
                    "edition",
                )?;
            }
            let selected: Vec<&Control> = catalog
                .controls
                .iter()
                .filter(|c| area.as_ref().is_none_or(|a| &c.area == a))
                .filter(|c| level.is_none_or(|l| c.level == l))
                .filter(|c| {
                    edition
                        .as_ref()
                        .is_none_or(|e| c.refs.iter().any(|r| &r.edition == e))
                })
                .collect();
            print_stdout(&list(&selected, format, ctx.lang, ctx.bom))
        }
        Command::Show { id } => {
            let Some(control) = catalog.control(&id.to_ascii_uppercase()) else {
                let hint = catalog
                    .suggest_control(&id)
                    .map(|s| text!(["「{s}」のことですか？"], [" Did you mean {s}?"]));
                let (hja, hen) = hint.map_or((String::new(), String::new()), |t| (t.ja, t.en));
                return Err(Error::Usage(text!(
                    ["管理策 {id} はカタログにありません。{hja}"],
                    ["no control {id} in the catalog.{hen}"]
                )));
            };
            // A user catalog (--controls) is text from elsewhere too.
            print_stdout(&crate::diag::visible_lines(&show(
                &catalog, control, ctx.lang,
            )))
        }
        Command::Coverage { format } => {
            let cov = Coverage::of(&catalog);
            match format {
                CoverageFormat::Json => print_stdout(&(to_json(&cov) + "\n")),
                CoverageFormat::Table => print_stdout(&coverage_table(&catalog, &cov, ctx.lang)),
            }
        }
    }
}

fn to_json(v: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn check_known<'a>(
    value: &str,
    known: impl Iterator<Item = &'a str> + Clone,
    ja: &str,
    en: &str,
) -> Result<()> {
    if known.clone().any(|k| k == value) {
        return Ok(());
    }
    let list: Vec<&str> = known.clone().collect();
    let list = list.join(", ");
    let hint = crate::suggest::closest(value, known)
        .map(|s| {
            (
                format!("「{s}」のことですか？ "),
                format!(" Did you mean {s}?"),
            )
        })
        .unwrap_or_default();
    Err(Error::Usage(text!(
        [
            "{ja}「{value}」はカタログにありません。{}使える値: {list}",
            hint.0
        ],
        ["unknown {en} `{value}`.{} Known: {list}", hint.1]
    )))
}

fn list(controls: &[&Control], format: ListFormat, lang: Lang, bom: bool) -> String {
    match format {
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> = controls
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "id": c.id,
                        "area": c.area,
                        "level": c.level,
                        "weight": c.weight(),
                        "applies_if": c.applies_if,
                        "title": c.title,
                        "title_en": c.title_en,
                        "requirement": c.requirement,
                        "requirement_en": c.requirement_en,
                        "responsibility": c.responsibility,
                        "evidence_hint": c.evidence_hint,
                        "refs": c.refs,
                        "sla": c.sla,
                    })
                })
                .collect();
            to_json(&rows) + "\n"
        }
        ListFormat::Csv => {
            let rows = controls.iter().map(|c| {
                let refs: Vec<String> = c
                    .refs
                    .iter()
                    .map(|r| format!("{} {}", r.edition, r.section))
                    .collect();
                [
                    c.id.clone(),
                    c.area.clone(),
                    c.level.as_str().to_string(),
                    c.weight().to_string(),
                    c.applies_if
                        .map(|f| f.as_str().to_string())
                        .unwrap_or_default(),
                    c.title.clone(),
                    c.title_en.clone(),
                    refs.join("; "),
                ]
            });
            crate::csv::write(
                &[
                    "id",
                    "area",
                    "level",
                    "weight",
                    "applies_if",
                    "title",
                    "title_en",
                    "refs",
                ],
                rows,
                bom,
            )
        }
        ListFormat::Table => {
            let header = [
                "ID",
                lang.pick("領域", "area"),
                lang.pick("水準", "level"),
                lang.pick("重み", "weight"),
                lang.pick("適用条件", "applies if"),
                lang.pick("名称", "title"),
            ];
            let rows: Vec<Vec<String>> = controls
                .iter()
                .map(|c| {
                    vec![
                        c.id.clone(),
                        c.area.clone(),
                        c.level.label(lang).to_string(),
                        c.weight().to_string(),
                        c.applies_if
                            .map(|f| f.label(lang).to_string())
                            .unwrap_or_default(),
                        c.title(lang).to_string(),
                    ]
                })
                .collect();
            let mut out = table::render(&header, &rows, 60);
            let _ = writeln!(
                out,
                "{}",
                match lang {
                    Lang::Ja => format!("{} 件", controls.len()),
                    Lang::En => format!("{} control(s)", controls.len()),
                }
            );
            out
        }
    }
}

fn show(catalog: &Catalog, c: &Control, lang: Lang) -> String {
    let mut out = String::new();
    let area = catalog
        .area(&c.area)
        .map_or(c.area.as_str(), |a| a.title(lang));
    let _ = writeln!(out, "{}  {}", c.id, c.title(lang));
    let _ = writeln!(out);
    let field = |out: &mut String, ja: &str, en: &str, v: &str| {
        let _ = writeln!(out, "{}: {v}", lang.pick(ja, en));
    };
    field(&mut out, "領域", "Area", &format!("{area} ({})", c.area));
    field(
        &mut out,
        "水準",
        "Level",
        &format!(
            "{} ({} {})",
            c.level.label(lang),
            lang.pick("重み", "weight"),
            c.weight()
        ),
    );
    field(
        &mut out,
        "責任分界（既定）",
        "Responsibility (default)",
        c.responsibility.label(lang),
    );
    if let Some(f) = c.applies_if {
        let v = match lang {
            Lang::Ja => format!("scope.{} が true のとき（{}）", f.as_str(), f.label(lang)),
            Lang::En => format!("when scope.{} is true ({})", f.as_str(), f.label(lang)),
        };
        field(&mut out, "適用条件", "Applies if", &v);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}:", lang.pick("要求事項", "Requirement"));
    let _ = writeln!(out, "  {}", c.requirement(lang));
    if let Some(note) = lang.pick_opt(c.note.as_deref(), c.note_en.as_deref()) {
        let _ = writeln!(out, "  {} {note}", lang.pick("注:", "Note:"));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}:", lang.pick("エビデンスの例", "Evidence"));
    let _ = writeln!(out, "  {}", c.evidence_hint);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}:",
        lang.pick("ガイドライン該当箇所", "Guideline references")
    );
    for r in &c.refs {
        let title = catalog
            .edition(&r.edition)
            .map_or(r.edition.as_str(), |e| lang.pick(&e.title, &e.title_en));
        let mark = if r.verified {
            ""
        } else {
            lang.pick("  ※未検証", "  (unverified)")
        };
        let _ = writeln!(out, "  - {} {}{mark}\n    {title}", r.edition, r.section);
    }
    if !c.sla.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}: {}",
            lang.pick("関連する SLA 項目", "Related SLA keys"),
            c.sla.join(", ")
        );
    }
    out
}

fn coverage_table(catalog: &Catalog, cov: &Coverage, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} — {}: {}\n",
        catalog.meta.id,
        catalog.meta.version,
        lang.pick("管理策", "controls"),
        cov.controls
    );
    let rows: Vec<Vec<String>> = cov
        .areas
        .iter()
        .map(|a| {
            vec![
                a.area.clone(),
                catalog
                    .area(&a.area)
                    .map_or(String::new(), |x| x.title(lang).to_string()),
                a.controls.to_string(),
                a.required.to_string(),
                a.recommended.to_string(),
            ]
        })
        .collect();
    out.push_str(&table::render(
        &[
            lang.pick("領域", "area"),
            lang.pick("名称", "title"),
            lang.pick("管理策", "controls"),
            lang.pick("必須", "required"),
            lang.pick("推奨", "recommended"),
        ],
        &rows,
        40,
    ));
    let _ = writeln!(
        out,
        "\n{}",
        lang.pick("領域 × 版の引用数", "Citations per area × edition")
    );
    let mut header = vec![lang.pick("領域", "area").to_string()];
    header.extend(cov.editions.iter().map(|e| e.edition.clone()));
    let mut rows: Vec<Vec<String>> = catalog
        .areas
        .iter()
        .map(|a| {
            let mut r = vec![a.id.clone()];
            r.extend(
                cov.editions
                    .iter()
                    .map(|e| e.per_area.get(&a.id).copied().unwrap_or(0).to_string()),
            );
            r
        })
        .collect();
    let mut total = vec![lang.pick("計", "total").to_string()];
    total.extend(cov.editions.iter().map(|e| e.refs.to_string()));
    rows.push(total);
    let mut unverified = vec![lang.pick("うち未検証", "unverified").to_string()];
    unverified.extend(cov.editions.iter().map(|e| e.unverified.to_string()));
    rows.push(unverified);
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    out.push_str(&table::render(&header_refs, &rows, 24));
    for e in &cov.editions {
        if e.sections.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{} — {}", e.edition, e.title);
        for s in &e.sections {
            let mark = if s.verified {
                ""
            } else {
                lang.pick(" ※未検証", " (unverified)")
            };
            let _ = writeln!(out, "  {}{mark}: {}", s.section, s.controls.join(", "));
        }
    }
    out
}
