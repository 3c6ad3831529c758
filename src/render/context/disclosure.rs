//! The disclosure's own parts: the provider guideline 2.0 front matter (how the guidelines
//! apply and the vendor's class, the 表4-1 selection items, the role split, the requirements
//! not met), the control rows with their evidence, level and responsibility, the closing
//! table of what the institution must do, attachments and revision history.

use super::{
    edition_short, fill, given, legacy_edition, opt_date, or_fill, short_title, symbol, DocState,
    RenderInput, FORM_EDITION, MAINTENANCE_EDITION,
};
use crate::catalog::{Control, Responsibility};
use crate::evidence::{Status, VendorClass};
use crate::i18n::Lang;
use crate::render::escape;
use crate::score::{display_score, ControlScore};
use serde_json::{json, Value};

/// The front matter and the rows of the disclosure.
pub(super) fn build(input: &RenderInput<'_>, applicable: &[&Control]) -> Value {
    let lang = input.lang;
    let form = form_name(input);
    json!({
        "form": match lang {
            Lang::Ja => format!("{form} 別紙1「サービス仕様適合開示書」"),
            Lang::En => format!("{form}, attachment 1 (service specification conformance disclosure)"),
        },
        "form_note": form_sentence(input, &form),
        "intro": intro(input, &form),
        "class": class_sentence(input, &form),
        "platforms": platforms(input),
        "selection_title": match lang {
            Lang::Ja => format!("事業者の選定に関する開示事項（{form} 表4-1）"),
            Lang::En => format!("Items for selecting the vendor ({form}, table 4-1)"),
        },
        "selection": selection(input),
        "roles": roles(input),
        "unmet": unmet(input, applicable),
        "security_update": security_update(input),
        "areas": areas(input, applicable),
        "customer_actions": customer_actions(input, applicable),
        "attachments": attachments(input),
        "revisions": revisions(input),
    })
}

/// The form edition's short name, or the guideline in general words.
fn form_name(input: &RenderInput<'_>) -> String {
    edition_short(input.catalog, FORM_EDITION, input.lang).map_or_else(
        || {
            input
                .lang
                .pick("提供事業者ガイドライン", "the provider guideline")
                .to_string()
        },
        |s| escape::inline(&s),
    )
}

fn form_sentence(input: &RenderInput<'_>, form: &str) -> String {
    match input.lang {
        Lang::Ja => format!("{form} 別紙1「サービス仕様適合開示書」の様式による。各領域の対応状況表は、その開示事項を sansho が管理策ごとに整理したものである。"),
        Lang::En => format!("Follows the form of {form}, attachment 1 (service specification conformance disclosure); the status tables by area are sansho's structured view of its items, control by control."),
    }
}

fn intro(input: &RenderInput<'_>, form: &str) -> String {
    let lang = input.lang;
    let mhlw = input.catalog.edition(MAINTENANCE_EDITION);
    let mhlw_name = mhlw.map_or_else(
        || {
            lang.pick(
                "医療情報システムの安全管理に関するガイドライン",
                "the MHLW guideline",
            )
            .to_string()
        },
        |e| escape::inline(e.short_in(lang)),
    );
    let mhlw_pub = mhlw.map_or(String::new(), |e| escape::inline(&e.publisher));
    let form_pub = input
        .catalog
        .edition(FORM_EDITION)
        .map_or(String::new(), |e| escape::inline(&e.publisher));
    let paren = |p: &str| {
        if p.is_empty() {
            String::new()
        } else {
            lang.pick(&format!("（{p}）"), &format!(" ({p})"))
                .to_string()
        }
    };
    match lang {
        Lang::Ja => format!(
            "{mhlw_name}{}は医療機関等に、{form}{}は医療情報を取り扱う情報システム・サービスの提供事業者に直接適用される。本書は、医療機関等が事業者を選定し契約する際に確認すべき事項を、{form} に沿って開示する。",
            paren(&mhlw_pub),
            paren(&form_pub)
        ),
        Lang::En => format!(
            "{mhlw_name}{} applies to medical institutions, {form}{} directly to providers of information systems and services handling medical information. This disclosure states, following {form}, what an institution must check when it selects and contracts a vendor.",
            paren(&mhlw_pub),
            paren(&form_pub)
        ),
    }
}

fn class_sentence(input: &RenderInput<'_>, form: &str) -> String {
    let lang = input.lang;
    let d = &input.evidence.disclosure;
    let platforms = !d.platforms.is_empty();
    match (d.vendor_class, lang) {
        (Some(VendorClass::A), Lang::Ja) => format!(
            "当社は {form} §2.2.2 の{}（医療機関等と契約する事業者）として、本サービス全体について医療機関等に責任を負う。{}",
            VendorClass::A.label(lang),
            if platforms { "本サービスは次の事業者（対象事業者B）のプラットフォームを利用する。" } else { "" }
        ),
        (Some(VendorClass::A), Lang::En) => format!(
            "The vendor is a {} under {form} §2.2.2 (it contracts with the institution) and answers to the institution for the whole service.{}",
            VendorClass::A.label(lang),
            if platforms { " The service runs on the platforms of the following class-B vendors." } else { "" }
        ),
        (Some(VendorClass::B), Lang::Ja) => format!(
            "当社は {form} §2.2.2 の{}（対象事業者Aにプラットフォームを提供する事業者）である。",
            VendorClass::B.label(lang)
        ),
        (Some(VendorClass::B), Lang::En) => format!(
            "The vendor is a {} under {form} §2.2.2 (it provides a platform to class-A vendors).",
            VendorClass::B.label(lang)
        ),
        (None, Lang::Ja) => format!(
            "{form} §2.2.2 の事業者の区分（対象事業者A／B）: {}",
            fill(lang)
        ),
        (None, Lang::En) => format!("The vendor's class under {form} §2.2.2 (A or B): {}", fill(lang)),
    }
}

fn platforms(input: &RenderInput<'_>) -> Vec<Value> {
    let lang = input.lang;
    input
        .evidence
        .disclosure
        .platforms
        .iter()
        .map(|p| {
            json!({
                "name": escape::inline(&p.name),
                "class": VendorClass::B.label(lang),
                "service": or_fill(p.service.as_deref(), lang),
                "role": or_fill(p.role.as_deref(), lang),
                "location": or_fill(p.location.as_deref(), lang),
            })
        })
        .collect()
}

fn selection(input: &RenderInput<'_>) -> Vec<Value> {
    let lang = input.lang;
    let d = &input.evidence.disclosure;
    let foreign = match (d.foreign_law, given(d.foreign_law_note.as_deref())) {
        (None, None) => fill(lang).to_string(),
        (flag, note) => {
            let head = match flag {
                Some(true) => lang.pick("あり", "yes"),
                Some(false) => lang.pick("なし", "no"),
                None => fill(lang),
            };
            match note {
                Some(n) => format!("{head}{}{n}", lang.pick("。", ". ")),
                None => head.to_string(),
            }
        }
    };
    let rows: [(&str, &str, String); 9] = [
        (
            "医療情報を保存する機器の設置場所",
            "Where the equipment holding medical data sits",
            or_fill(d.equipment_location.as_deref(), lang),
        ),
        (
            "適用される法令",
            "Governing law",
            or_fill(d.governing_law.as_deref(), lang),
        ),
        (
            "外国の法令が及ぶ可能性（事業者・基盤事業者）",
            "Whether a foreign law can reach the vendor or its platforms",
            foreign,
        ),
        (
            "情報セキュリティ基本方針・取扱規程",
            "Security policy and handling rules",
            or_fill(d.policies.as_deref(), lang),
        ),
        (
            "サイバー攻撃に備えたバックアップ",
            "Backups against cyber-attacks",
            or_fill(d.cyber_backup.as_deref(), lang),
        ),
        (
            "実施体制",
            "Implementation structure",
            or_fill(d.structure.as_deref(), lang),
        ),
        (
            "実績",
            "Track record",
            or_fill(d.track_record.as_deref(), lang),
        ),
        (
            "財務の健全性",
            "Financial soundness",
            or_fill(d.financial_soundness.as_deref(), lang),
        ),
        (
            "第三者認証（プライバシーマーク・ISMS 等）",
            "Certifications (Privacy Mark, ISMS, …)",
            or_fill(d.certifications.as_deref(), lang),
        ),
    ];
    rows.into_iter()
        .map(|(ja, en, value)| json!({ "item": lang.pick(ja, en), "value": value }))
        .collect()
}

fn roles(input: &RenderInput<'_>) -> Vec<Value> {
    let lang = input.lang;
    let none = lang.pick("なし", "nothing");
    input
        .evidence
        .disclosure
        .roles
        .iter()
        .map(|r| {
            json!({
                "duty": escape::inline(&r.duty),
                "vendor": given(r.vendor.as_deref()).unwrap_or_else(|| none.to_string()),
                "institution": given(r.institution.as_deref()).unwrap_or_else(|| none.to_string()),
            })
        })
        .collect()
}

/// The level shown on a row: 必須 / 推奨, and 必須（要件） when a profile raised it.
fn level(s: &ControlScore, lang: Lang) -> String {
    if s.required_by_profile {
        lang.pick("必須（要件）", "required (profile)").to_string()
    } else {
        s.level.label(lang).to_string()
    }
}

/// Controls that do not earn full credit, required first, each with its plan.
fn unmet(input: &RenderInput<'_>, applicable: &[&Control]) -> Vec<Value> {
    let lang = input.lang;
    let mut rows: Vec<(bool, Value)> = applicable
        .iter()
        .filter_map(|c| {
            let s = input.report.control(&c.id)?;
            if !s.credit.is_some_and(|x| x < 1.0) {
                return None;
            }
            let answer = input.evidence.answers.get(c.id.as_str());
            // The plan: a target date, or what the statement says (partial answers carry
            // their plan in the text).
            let plan = match (s.status, s.planned_date) {
                (_, Some(d)) => super::opt_date(Some(d), lang),
                (Some(Status::Implemented), _) => {
                    lang.pick("有効な根拠資料の提示", "valid evidence to be shown").to_string()
                }
                _ => lang.pick("内容欄のとおり", "see details").to_string(),
            };
            let detail = answer
                .and_then(|a| a.statement.as_deref())
                .and_then(|t| given(Some(&excerpt(t, 150))))
                .unwrap_or_else(|| "－".to_string());
            Some((
                s.is_required(),
                json!({
                    "id": c.id,
                    "title": escape::inline(c.title(lang)),
                    "level": level(s, lang),
                    "status": match status_note(input, s) {
                        Some(n) => format!("{} {}{}{n}{}", symbol(s.status), crate::score::status_label(s.status, lang), lang.pick("（", " ("), lang.pick("）", ")")),
                        None => format!("{} {}", symbol(s.status), crate::score::status_label(s.status, lang)),
                    },
                    "plan": plan,
                    "detail": detail,
                }),
            ))
        })
        .collect();
    rows.sort_by_key(|(required, _)| !*required);
    rows.into_iter().map(|(_, v)| v).collect()
}

/// The first `n` characters of a text, with `…` when cut.
pub(crate) fn excerpt(text: &str, n: usize) -> String {
    let t = text.trim();
    if t.chars().count() <= n {
        t.to_string()
    } else {
        t.chars().take(n - 1).chain(['…']).collect()
    }
}

/// A note when the security updates of the servers are not the vendor's (or not stated).
fn security_update(input: &RenderInput<'_>) -> Option<String> {
    let lang = input.lang;
    let r = input.evidence.sla.security_update_responsibility;
    if r == Some(Responsibility::Vendor) {
        return None;
    }
    let who = r.map_or_else(|| fill(lang).to_string(), |r| r.label(lang).to_string());
    let part = edition_short(input.catalog, MAINTENANCE_EDITION, lang)
        .map(|s| escape::inline(&s))
        .unwrap_or_else(|| lang.pick("安全管理GL", "the MHLW guideline").to_string());
    Some(match lang {
        Lang::Ja => format!("本サービスのサーバのセキュリティ更新の責任は「{who}」であり、事業者がすべてのサーバのセキュリティ更新に責任を負うとは定めていない。{part} の保守委託機関編の確認では、契約・利用規約・SLA にその旨の記載がなければ「はい」と回答できない。"),
        Lang::En => format!("Security updates of the service's servers are the responsibility of: {who}; the vendor does not state that it is responsible for updating every server. The maintenance-contractor part of {part} accepts \"yes\" only when the contract, terms or SLA say so."),
    })
}

/// The status cell: the symbol and, when the score sees the answer differently, why.
fn status_cell(input: &RenderInput<'_>, s: &ControlScore) -> String {
    let sym = symbol(s.status);
    match status_note(input, s) {
        Some(n) => format!("{sym} {n}"),
        None => sym.to_string(),
    }
}

/// Why the score sees an answer differently from its symbol (evidence expired, overdue).
fn status_note(input: &RenderInput<'_>, s: &ControlScore) -> Option<&'static str> {
    let lang = input.lang;
    match s.status {
        Some(Status::Implemented) if s.credit.is_some_and(|c| c < 1.0) => {
            let docs: Vec<DocState> = s
                .invalid_evidence
                .iter()
                .filter_map(|id| input.evidence.documents.iter().find(|d| &d.id == id))
                .map(|d| DocState::of(d, input.report.as_of))
                .collect();
            Some(if s.invalid_evidence.is_empty() {
                lang.pick("根拠なし", "no evidence")
            } else if docs.contains(&DocState::Expired) {
                lang.pick("根拠資料期限切れ", "evidence expired")
            } else if docs.contains(&DocState::NotYetIssued) {
                lang.pick("根拠資料未発効", "evidence not yet issued")
            } else {
                lang.pick("根拠資料不明", "evidence unknown")
            })
        }
        Some(Status::Planned) if s.planned_date.is_some_and(|d| d < input.report.as_of) => {
            Some(lang.pick("期限超過", "overdue"))
        }
        _ => None,
    }
}

/// The statement of a row with its plan and, on a line of its own, the documents behind it
/// (ID and short title, invalid ones marked).
fn statement(input: &RenderInput<'_>, c: &Control) -> String {
    let lang = input.lang;
    let Some(a) = input.evidence.answers.get(c.id.as_str()) else {
        return lang.pick("（未回答）", "(no answer)").to_string();
    };
    let mut out = String::new();
    match a.status {
        Status::Planned => out.push_str(&format!(
            "{}{}{} ",
            lang.pick("【対応予定: ", "[planned: "),
            opt_date(a.planned_date, lang),
            lang.pick("】", "]")
        )),
        Status::NotApplicable => out.push_str(&format!(
            "{}{} ",
            lang.pick("【該当なし】", "[not applicable] "),
            given(a.na_reason.as_deref()).unwrap_or_else(|| "－".to_string())
        )),
        _ => {}
    }
    if let Some(s) = given(a.statement.as_deref()) {
        out.push_str(&s);
    }
    if !a.evidence.is_empty() {
        let docs: Vec<String> = a
            .evidence
            .iter()
            .map(
                |id| match input.evidence.documents.iter().find(|d| &d.id == id) {
                    Some(d) => {
                        let state = DocState::of(d, input.report.as_of);
                        let mark = match state {
                            DocState::Valid => String::new(),
                            DocState::Expired => format!(
                                "{}{} {}{}",
                                lang.pick("（", " ("),
                                state.label(lang),
                                opt_date(d.expires, lang),
                                lang.pick("）", ")")
                            ),
                            DocState::NotYetIssued => format!(
                                "{}{} {}{}",
                                lang.pick("（", " ("),
                                state.label(lang),
                                opt_date(d.issued, lang),
                                lang.pick("）", ")")
                            ),
                        };
                        format!(
                            "{} {}{mark}",
                            escape::inline(&d.id),
                            escape::inline(&short_title(&d.title))
                        )
                    }
                    None => escape::inline(id),
                },
            )
            .collect();
        if !out.trim().is_empty() {
            out.push_str("<br>");
        }
        out.push_str(lang.pick("根拠資料: ", "Evidence: "));
        out.push_str(&docs.join(lang.pick("、", "; ")));
    }
    if out.trim().is_empty() {
        "－".to_string()
    } else {
        out.trim().to_string()
    }
}

/// What the institution is asked to do on a row: the vendor's words, 「求める事項なし」 when
/// the vendor does it all, 【要記入】 when the institution shares the duty but is told
/// nothing.
fn customer(input: &RenderInput<'_>, c: &Control, responsibility: Responsibility) -> String {
    let lang = input.lang;
    let answer = input.evidence.answers.get(c.id.as_str());
    match given(answer.and_then(|a| a.customer_actions.as_deref())) {
        Some(s) => s,
        None if responsibility == Responsibility::Vendor => {
            lang.pick("求める事項なし", "nothing required").to_string()
        }
        None if answer.is_some_and(|a| a.status == Status::NotApplicable) => "－".to_string(),
        None => fill(lang).to_string(),
    }
}

fn responsibility_of(input: &RenderInput<'_>, c: &Control) -> Responsibility {
    input
        .evidence
        .answers
        .get(c.id.as_str())
        .and_then(|a| a.responsibility)
        .unwrap_or(c.responsibility)
}

fn areas(input: &RenderInput<'_>, applicable: &[&Control]) -> Vec<Value> {
    let lang = input.lang;
    let legacy = legacy_edition(input.catalog);
    input
        .report
        .areas
        .iter()
        .filter(|a| a.tally.applicable > 0)
        .map(|a| {
            let area = input.catalog.area(&a.area);
            let section = area.map_or("", |x| x.mic_section.as_str());
            let title = a.title(lang);
            let heading = match (legacy, section.is_empty()) {
                (Some(e), false) => format!(
                    "{title}{}{} {section}{}",
                    lang.pick("（", " ("),
                    escape::inline(e.short_in(lang)),
                    lang.pick("）", ")")
                ),
                _ => title.to_string(),
            };
            let rows: Vec<Value> = applicable
                .iter()
                .filter(|c| c.area == a.area)
                .filter_map(|c| {
                    let s = input.report.control(&c.id)?;
                    let r = responsibility_of(input, c);
                    Some(json!({
                        "id": c.id,
                        "title": escape::inline(c.title(lang)),
                        "level": level(s, lang),
                        "refs": super::refs_condensed(input.catalog, &c.refs, &input.evidence.scope, lang),
                        "symbol": symbol(s.status),
                        "status": status_cell(input, s),
                        "statement": statement(input, c),
                        "responsibility": r.label(lang),
                        "customer": customer(input, c, r),
                    }))
                })
                .collect();
            json!({
                "id": a.area,
                "title": title,
                "heading": heading,
                "score": display_score(a.score),
                "counts_text": super::counts_text(&a.tally.counts, lang),
                "rows": rows,
            })
        })
        .collect()
}

fn customer_actions(input: &RenderInput<'_>, applicable: &[&Control]) -> Vec<Value> {
    let lang = input.lang;
    applicable
        .iter()
        .filter_map(|c| {
            let a = input.evidence.answers.get(c.id.as_str())?;
            let action = given(a.customer_actions.as_deref())?;
            let area = input.catalog.area(&c.area).map_or("", |x| x.title(lang));
            Some(json!({
                "area": escape::inline(area),
                "id": c.id,
                "title": escape::inline(c.title(lang)),
                "responsibility": responsibility_of(input, c).label(lang),
                "action": action,
            }))
        })
        .collect()
}

fn attachments(input: &RenderInput<'_>) -> Vec<Value> {
    let lang = input.lang;
    input
        .evidence
        .disclosure
        .attachments
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let doc = a.document.as_deref().map_or_else(
                || "－".to_string(),
                |id| match input.evidence.documents.iter().find(|d| d.id == id) {
                    Some(d) => {
                        let state = DocState::of(d, input.report.as_of);
                        format!(
                            "{}{}{}{}",
                            escape::inline(&d.id),
                            lang.pick("（", " ("),
                            state.label(lang),
                            lang.pick("）", ")")
                        )
                    }
                    None => escape::inline(id),
                },
            );
            json!({
                "no": match lang { Lang::Ja => format!("別紙{}", i + 1), Lang::En => format!("Attachment {}", i + 1) },
                "title": escape::inline(&a.title),
                "document": doc,
                "note": given(a.note.as_deref()).unwrap_or_else(|| "－".to_string()),
            })
        })
        .collect()
}

fn revisions(input: &RenderInput<'_>) -> Vec<Value> {
    let lang = input.lang;
    let list = &input.evidence.revisions;
    if list.is_empty() {
        // Without a history, the current version is the one entry there is.
        let v = &input.evidence.vendor;
        return vec![json!({
            "version": given(v.version.as_deref()).unwrap_or_else(|| "－".to_string()),
            "date": crate::i18n::format_date(v.prepared_on, lang),
            "content": lang.pick("（改訂履歴の記載なし）", "(no revision history given)"),
        })];
    }
    list.iter()
        .map(|r| {
            json!({
                "version": escape::inline(&r.version),
                "date": crate::i18n::format_date(r.date, lang),
                "content": escape::inline(&r.content),
            })
        })
        .collect()
}
