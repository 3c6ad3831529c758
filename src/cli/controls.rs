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
        /// 廃止した管理策も含める / include withdrawn controls
        #[arg(long)]
        withdrawn: bool,
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
            withdrawn,
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
            let withdrawn_controls = catalog.withdrawn.iter().filter(|_| withdrawn);
            let selected: Vec<&Control> = catalog
                .controls
                .iter()
                .chain(withdrawn_controls)
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
            let id = id.to_ascii_uppercase();
            let found = catalog
                .control(&id)
                .or_else(|| catalog.withdrawn_control(&id));
            let Some(control) = found else {
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
                catalog, control, ctx.lang,
            )))
        }
        Command::Coverage { format } => {
            let cov = Coverage::of(catalog);
            match format {
                CoverageFormat::Json => print_stdout(&(to_json(&cov) + "\n")),
                CoverageFormat::Table => print_stdout(&coverage_table(catalog, &cov, ctx.lang)),
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
                    let mut v = serde_json::to_value(c).unwrap_or_default();
                    if let Some(o) = v.as_object_mut() {
                        o.insert("weight".into(), c.weight().into());
                    }
                    v
                })
                .collect();
            to_json(&rows) + "\n"
        }
        ListFormat::Csv => {
            let rows = controls.iter().map(|c| {
                let refs: Vec<String> = c
                    .refs
                    .iter()
                    .map(|r| {
                        let item = r
                            .item
                            .as_deref()
                            .map(|i| format!(" {i}"))
                            .unwrap_or_default();
                        let mark = if r.checked { "" } else { " ※" };
                        format!("{} {}{item}{mark}", r.edition, r.section)
                    })
                    .collect();
                [
                    c.id.to_string(),
                    c.area.to_string(),
                    c.level.as_str().to_string(),
                    c.weight().to_string(),
                    c.applies_if
                        .map(|f| f.as_str().to_string())
                        .unwrap_or_default(),
                    c.title.to_string(),
                    c.title_en.to_string(),
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
                        c.id.to_string(),
                        c.area.to_string(),
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
    if c.withdrawn {
        let since = c.withdrawn_in.as_deref().unwrap_or("?");
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::Ja => format!(
                    "【廃止】カタログ {since} で廃止。後継: {}（`sansho migrate` で回答を移せます）",
                    c.replaced_by.join("、")
                ),
                Lang::En => format!(
                    "[withdrawn] in catalog {since}; replaced by {} (`sansho migrate` moves answers)",
                    c.replaced_by.join(", ")
                ),
            }
        );
    }
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
    let _ = writeln!(out, "  {}", c.evidence_hint(lang));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}:",
        lang.pick("ガイドライン該当箇所", "Guideline references")
    );
    for r in &c.refs {
        out.push_str(&ref_lines(catalog, r, lang));
    }
    let _ = writeln!(
        out,
        "  {}",
        lang.pick(
            "※ = 本文未確認（二次情報・草案・報告による引用）",
            "※ = not read in the text (cited from secondary sources, drafts or reports)"
        )
    );
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

/// One reference in `controls show`: edition and item, the truth marks, where it was read.
fn ref_lines(catalog: &Catalog, r: &crate::catalog::Ref, lang: Lang) -> String {
    let edition = catalog.edition(&r.edition);
    let name = edition.map_or(r.edition.as_str(), |e| e.short_in(lang));
    let item = r
        .item
        .as_deref()
        .map(|i| format!(" [{i}]"))
        .unwrap_or_default();
    let mark = if r.checked {
        lang.pick("  本文確認済", "  checked")
    } else {
        lang.pick("  ※本文未確認", "  ※ not read in the text")
    };
    let basis = format!(" · {}", r.basis.label(lang));
    let mut out = format!("  - {name} {}{item}{mark}{basis}\n", r.section);
    if let Some(e) = edition {
        let _ = writeln!(
            out,
            "    {} ({})",
            lang.pick(&e.title, &e.title_en),
            e.status.label(lang)
        );
    }
    if let Some(item) = r.item.as_deref().and_then(|i| {
        catalog
            .source(&r.edition)
            .and_then(|s| s.items.iter().find(|it| it.id == i))
    }) {
        let _ = writeln!(out, "    {}", lang.pick(&item.summary, &item.summary_en));
    }
    if let Some(src) = &r.source {
        let _ = writeln!(out, "    {} {src}", lang.pick("出典:", "source:"));
    }
    if let Some(note) = &r.note {
        let _ = writeln!(out, "    {} {note}", lang.pick("注:", "note:"));
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
            let mut r = vec![a.id.to_string()];
            r.extend(cov.editions.iter().map(|e| {
                e.per_area
                    .get(a.id.as_str())
                    .copied()
                    .unwrap_or(0)
                    .to_string()
            }));
            r
        })
        .collect();
    let mut total = vec![lang.pick("計", "total").to_string()];
    total.extend(cov.editions.iter().map(|e| e.refs.to_string()));
    rows.push(total);
    let mut checked = vec![lang.pick("うち本文確認済", "checked").to_string()];
    checked.extend(cov.editions.iter().map(|e| e.checked.to_string()));
    rows.push(checked);
    let mut items = vec![lang.pick("うち項目番号あり", "naming an item").to_string()];
    items.extend(cov.editions.iter().map(|e| e.with_item.to_string()));
    rows.push(items);
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    out.push_str(&table::render(&header_refs, &rows, 24));
    let _ = writeln!(
        out,
        "\n{}",
        lang.pick(
            "版ごとの引用（※ = 本文未確認の引用。[ ] は項目番号）",
            "Citations per edition (※ = reference not read in the text; [ ] = item)"
        )
    );
    for e in &cov.editions {
        if e.sections.is_empty() && e.items.is_none() {
            continue;
        }
        let status = catalog
            .edition(&e.edition)
            .map_or("", |x| x.status.label(lang));
        let basis: Vec<String> = e
            .basis
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(b, n)| format!("{b} {n}"))
            .collect();
        let _ = writeln!(
            out,
            "\n{} — {} ({status})\n  {}: {} / {}: {} / {}: {} / basis: {}",
            e.edition,
            e.title,
            lang.pick("引用", "refs"),
            e.refs,
            lang.pick("本文確認済", "checked"),
            e.checked,
            lang.pick("項目番号あり", "with item"),
            e.with_item,
            if basis.is_empty() {
                "-".to_string()
            } else {
                basis.join(", ")
            }
        );
        for s in &e.sections {
            let cited: Vec<String> = s
                .refs
                .iter()
                .map(|r| {
                    let item = r
                        .item
                        .as_deref()
                        .map(|i| format!("[{i}]"))
                        .unwrap_or_default();
                    let mark = if r.checked { "" } else { "※" };
                    format!("{}{item}{mark}", r.control)
                })
                .collect();
            let _ = writeln!(out, "  {}: {}", s.section, cited.join(", "));
        }
        if let Some(ic) = &e.items {
            let _ = writeln!(
                out,
                "  {}: {} ({} {}, {} {}) — {}: {} / {}",
                lang.pick("項目一覧", "item inventory"),
                ic.items,
                lang.pick("本文確認済", "checked"),
                ic.checked,
                lang.pick("未発見の箇所", "gaps"),
                ic.gaps,
                lang.pick("事業者が関わる項目への到達", "vendor items reached"),
                ic.vendor_reached,
                ic.vendor_items
            );
            for r in &ic.open {
                let _ = writeln!(
                    out,
                    "    {} {}: {}",
                    lang.pick("意図的に対象外", "open on purpose"),
                    r.item,
                    r.open.as_deref().unwrap_or_default()
                );
            }
            for r in &ic.unreached {
                let _ = writeln!(
                    out,
                    "    {} {} ({}): {}",
                    lang.pick("未到達", "unreached"),
                    r.item,
                    r.actor.label(lang),
                    r.summary
                );
            }
        }
    }
    out
}
