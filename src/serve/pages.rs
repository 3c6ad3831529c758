//! Pages: the Tera templates of the workbench (`templates/serve/`, built into the binary and
//! autoescaped, so vendor text is always inert) and the views they are rendered from. A view
//! copies what the library computed — the score report, the diagnostics, the comparison —
//! into words and numbers for people; nothing here decides anything.

use super::forms::{self, Message};
use crate::catalog::{Catalog, Control};
use crate::evidence::{Evidence, Status};
use crate::i18n::Lang;
use crate::profile::Profile;
use crate::score::{display_score, ScoreReport};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use tera::Tera;

/// The workbench's templates, by name.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "serve/base.html",
        include_str!("../../templates/serve/base.html"),
    ),
    (
        "serve/macros.html",
        include_str!("../../templates/serve/macros.html"),
    ),
    (
        "serve/home.html",
        include_str!("../../templates/serve/home.html"),
    ),
    (
        "serve/vendor_head.html",
        include_str!("../../templates/serve/vendor_head.html"),
    ),
    (
        "serve/vendor.html",
        include_str!("../../templates/serve/vendor.html"),
    ),
    (
        "serve/area.html",
        include_str!("../../templates/serve/area.html"),
    ),
    (
        "serve/documents.html",
        include_str!("../../templates/serve/documents.html"),
    ),
    (
        "serve/sla.html",
        include_str!("../../templates/serve/sla.html"),
    ),
    (
        "serve/preview.html",
        include_str!("../../templates/serve/preview.html"),
    ),
    (
        "serve/conflict.html",
        include_str!("../../templates/serve/conflict.html"),
    ),
    (
        "serve/compare.html",
        include_str!("../../templates/serve/compare.html"),
    ),
    (
        "serve/profile.html",
        include_str!("../../templates/serve/profile.html"),
    ),
    (
        "serve/audit.html",
        include_str!("../../templates/serve/audit.html"),
    ),
    (
        "serve/message.html",
        include_str!("../../templates/serve/message.html"),
    ),
];

/// The templates, compiled once at start.
pub fn tera() -> Result<Tera, crate::Error> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates(TEMPLATES.iter().copied())
        .map_err(|e| crate::render::template_error(&e))?;
    Ok(tera)
}

/// (key, Japanese, English): every word the pages show.
const WORDS: &[(&str, &str, &str)] = &[
    ("app", "sansho ワークベンチ", "sansho workbench"),
    ("nav_home", "作業フォルダ", "Workspace"),
    ("nav_compare", "医療機関: 比較", "Hospital: compare"),
    ("nav_profile", "要件プロファイル", "Requirement profile"),
    ("nav_audit", "監査", "Audit"),
    ("other_lang", "English", "日本語"),
    ("catalog", "カタログ", "catalog"),
    ("as_of", "評価基準日", "as of"),
    ("workspace", "作業フォルダ", "workspace"),
    ("evidence_files", "エビデンスファイル", "Evidence files"),
    ("profiles", "要件プロファイル", "Requirement profiles"),
    ("none_found", "見つかりません。", "None found."),
    ("open", "開く", "Open"),
    ("new_evidence", "エビデンスファイルを新しく作る", "Create an evidence file"),
    ("new_evidence_note", "sansho init と同じひな形（適用される全管理策が未対応の状態）を作業フォルダに書き出します。", "Writes the same template as sansho init (every applicable control not implemented yet) into the workspace."),
    ("f_file", "ファイル名（作業フォルダからの相対パス）", "File name (relative to the workspace)"),
    ("f_vendor", "事業者名", "Company name"),
    ("f_service", "サービス名", "Service name"),
    ("f_scope", "適用範囲", "Scope"),
    ("create", "作成する", "Create"),
    ("overview", "概要", "Overview"),
    ("areas", "領域", "Areas"),
    ("documents", "根拠文書", "Documents"),
    ("sla", "SLA", "SLA"),
    ("preview", "文書の作成", "Documents to issue"),
    ("save", "保存", "Save"),
    ("revert", "変更を破棄", "Discard changes"),
    ("unsaved", "未保存の変更があります", "Unsaved changes"),
    ("saved_state", "保存済み", "Saved"),
    ("overall", "総合", "Overall"),
    ("verdict", "判定", "Verdict"),
    ("score", "スコア", "Score"),
    ("errors", "誤り", "errors"),
    ("warnings", "警告", "warnings"),
    ("no_score", "型の誤りを直すまで採点できません", "cannot be scored until the type errors are fixed"),
    ("file_problems", "ファイル全体への指摘", "About the whole file"),
    ("problems_elsewhere", "他のページの指摘", "Problems on other pages"),
    ("vendor_info", "事業者とサービス", "Vendor and service"),
    ("v_name", "事業者名", "Company name"),
    ("v_service", "サービス名", "Service name"),
    ("v_version", "版", "Version"),
    ("v_prepared_on", "作成日", "Prepared on"),
    ("v_contact", "連絡先", "Contact"),
    ("v_service_model", "提供形態", "Service model"),
    ("disclosure", "開示書の前付け（提供事業者ガイドライン 2.0 表4-1）", "Disclosure front matter (provider guideline 2.0, table 4-1)"),
    ("disclosure_lists", "提供基盤・役割分担・別紙・改訂履歴はファイルの記載をそのまま使います（編集はエディタか Excel の質問票で）。", "Platforms, role split, attachments and revisions are kept as the file has them (edit them in an editor or the Excel questionnaire)."),
    ("d_vendor_class", "事業者の区分", "Vendor class"),
    ("d_equipment_location", "機器の設置場所", "Equipment location"),
    ("d_governing_law", "適用される法令", "Governing law"),
    ("d_foreign_law", "外国の法令が及ぶ", "A foreign law reaches the vendor"),
    ("d_foreign_law_note", "外国の法令について", "About the foreign law"),
    ("d_policies", "基本方針・取扱規程", "Policies and handling rules"),
    ("d_cyber_backup", "サイバー攻撃に備えたバックアップ", "Backups against cyber-attacks"),
    ("d_structure", "実施体制", "Structure"),
    ("d_track_record", "実績", "Track record"),
    ("d_financial_soundness", "財務の健全性", "Financial soundness"),
    ("d_certifications", "Pマーク・ISMS 等", "Certifications"),
    ("unset", "（未記入）", "(not given)"),
    ("yes", "あり", "yes"),
    ("no", "なし", "no"),
    ("update", "反映する", "Apply"),
    ("update_control", "この管理策に反映", "Apply to this control"),
    ("controls", "管理策", "controls"),
    ("area", "領域", "Area"),
    ("counts", "内訳", "Breakdown"),
    ("level", "水準", "Level"),
    ("weight", "重み", "weight"),
    ("responsibility", "責任", "Responsibility"),
    ("requirement", "要求事項", "Requirement"),
    ("citations", "出典", "Sources"),
    ("unchecked", "※ = 本文で未確認の出典", "※ = not read in the guideline's text"),
    ("evidence_hint", "エビデンスの例", "Evidence (examples)"),
    ("f_status", "対応状況", "Status"),
    ("f_statement", "実施内容", "Statement"),
    ("f_customer_actions", "医療機関等に求める事項", "What the institution must do"),
    ("f_evidence", "根拠文書", "Evidence documents"),
    ("f_no_documents", "文書がまだありません。「根拠文書」のページで追加してください。", "No documents yet; add them on the Documents page."),
    ("f_responsibility", "責任の所在（管理策の既定と異なる場合）", "Responsibility (when not the control's default)"),
    ("f_default", "既定のまま", "the control's default"),
    ("f_planned_date", "対応予定日", "Planned date"),
    ("f_na_reason", "該当しない理由", "Why it does not apply"),
    ("unanswered", "未回答", "unanswered"),
    ("credit", "得点", "credit"),
    ("not_scored", "採点外", "not scored"),
    ("out_of_scope", "適用範囲外", "out of scope"),
    ("unknown_document", "（宣言されていない文書）", "(not declared)"),
    ("doc_id", "ID", "Id"),
    ("doc_title", "題名", "Title"),
    ("doc_path", "ファイル", "File"),
    ("doc_sha256", "SHA-256", "SHA-256"),
    ("doc_issued", "発行日", "Issued"),
    ("doc_expires", "有効期限", "Expires"),
    ("doc_cited", "引用", "Cited by"),
    ("doc_add", "文書を追加", "Add a document"),
    ("doc_upload", "ファイルをアップロード（作業フォルダの docs/ に保存し、サーバーで SHA-256 を計算します）", "Upload the file (saved in docs/ of the workspace; the server computes its SHA-256)"),
    ("doc_or_path", "または作業フォルダにあるファイル（エビデンスファイルのフォルダからの相対パス）", "or a file already in the workspace (relative to the evidence file's folder)"),
    ("doc_rehash", "SHA-256 を計算し直す", "Recompute SHA-256"),
    ("doc_remove", "削除", "Remove"),
    ("doc_save", "変更を反映", "Apply"),
    ("sla_item", "項目", "Item"),
    ("sla_value", "値", "Value"),
    ("sla_unit", "単位", "Unit"),
    ("sla_required", "要件プロファイル", "Profile requires"),
    ("sla_list_note", "1 行に 1 つ", "one per line"),
    ("met", "満たす", "met"),
    ("not_met", "満たさない", "not met"),
    ("profile_for_vendor", "採点に使う要件プロファイル", "Requirement profile to score against"),
    ("no_profile", "なし（ガイドラインの規則のみ）", "none (the guidelines' rule only)"),
    ("choose", "選ぶ", "Choose"),
    ("doc_disclosure", "サービス仕様適合開示書", "Conformance disclosure"),
    ("doc_sla", "SLA 案", "SLA draft"),
    ("doc_report", "評価報告書", "Assessment report"),
    ("questionnaire", "Excel の質問票", "Excel questionnaire"),
    ("download", "ダウンロード", "Download"),
    ("preview_invalid", "誤りがあるため文書を作成できません。先に指摘を直してください。", "The evidence has errors, so no document can be made; fix them first."),
    ("preview_unsaved", "未保存の変更を含みます（来歴の SHA-256 は保存後のファイルと同じ内容のものです）。", "Includes unsaved changes (the provenance SHA-256 is that of the text saving will write)."),
    ("conflict_title", "ファイルが開いた後に変更されています", "The file changed on disk since it was opened"),
    ("conflict_note", "ほかのエディタやプログラムがこのファイルを書き換えました。上書きすると、その変更は失われます（直前の版は .bak に残ります）。", "Another editor or program wrote this file. Overwriting loses its changes (the version before is kept as .bak)."),
    ("conflict_disk", "いまディスクにある版", "The version on disk now"),
    ("conflict_mine", "この画面の版（保存される内容）", "This page's version (what saving writes)"),
    ("conflict_overwrite", "ディスクの版を .bak に残して上書きする", "Overwrite (the disk version is kept as .bak)"),
    ("conflict_reload", "この画面の変更を捨ててディスクの版を開く", "Discard this page's changes and open the disk version"),
    ("cannot_save", "誤りがあるため保存できません。各欄の指摘を直してください。", "The evidence has errors and cannot be saved; fix what each field says."),
    ("compare_title", "事業者の比較", "Compare vendors"),
    ("compare_note", "作業フォルダのエビデンスファイルを選び、同じ物差し（要件プロファイル）で比べます。", "Choose evidence files of the workspace and compare them by one yardstick (a requirement profile)."),
    ("only_differences", "事業者の間で異なる管理策だけを示す", "Show only controls whose status differs"),
    ("compare_run", "比較する", "Compare"),
    ("rank", "順位", "#"),
    ("vendor", "事業者 / サービス", "Vendor / service"),
    ("profile_result", "要件", "Profile"),
    ("critical", "重大", "Critical"),
    ("major", "重要", "Major"),
    ("pass", "満たす", "met"),
    ("fail", "満たさない", "not met"),
    ("skipped", "誤りのため比較から除外したファイル", "Files left out because they are invalid"),
    ("compare_doc", "比較表（委員会資料）", "Comparison document (for the committee)"),
    ("choose_files", "比べるファイルを選んでください。", "Choose the files to compare."),
    ("profile_title", "要件プロファイルの編集", "Edit a requirement profile"),
    ("profile_open", "編集するプロファイル", "Profile to edit"),
    ("profile_new", "新しいプロファイル", "New profile"),
    ("p_name", "名前", "Name"),
    ("p_description", "説明", "Description"),
    ("p_min_overall", "総合スコアの下限", "Minimum overall score"),
    ("p_min_area", "領域ごとの下限", "Minimum per area"),
    ("p_controls", "管理策（推奨を必須にする・重みを変える）", "Controls (make a recommended one required, change weights)"),
    ("p_required", "必須にする", "required"),
    ("p_weight", "重み（空欄はカタログの値）", "weight (empty: the catalog's)"),
    ("p_sla", "SLA のしきい値", "SLA thresholds"),
    ("p_rule", "条件", "Rule"),
    ("p_rule_none", "条件なし", "no rule"),
    ("p_rule_min", "以上", "at least"),
    ("p_rule_max", "以下", "at most"),
    ("p_rule_equals", "一致", "equals"),
    ("p_save", "プロファイルを保存", "Save the profile"),
    ("p_saved", "プロファイルを保存しました", "Profile saved"),
    ("audit_title", "監査", "Audit"),
    ("verify_title", "文書の確認（sansho verify）", "Verify documents (sansho verify)"),
    ("verify_run", "確認する", "Verify"),
    ("diff_title", "版の差分（sansho diff）", "Compare two versions (sansho diff)"),
    ("diff_old", "旧版", "Old version"),
    ("diff_new", "新版", "New version"),
    ("diff_run", "差分を見る", "Show the changes"),
    ("file_state", "ファイル", "File"),
    ("date_state", "日付", "Dates"),
    ("days_left", "残り日数", "Days left"),
    ("unsupported", "根拠文書がすべて使えない管理策", "Controls whose every document is unusable"),
    ("regressions", "悪化", "regressions"),
    ("improvements", "改善", "improvements"),
    ("no_changes", "変更はありません。", "No changes."),
    ("before", "前", "before"),
    ("after", "後", "after"),
    ("change", "変化", "change"),
    ("statement_changed", "実施内容の変更", "statement changed"),
    ("back_home", "作業フォルダに戻る", "Back to the workspace"),
    ("js_note", "JavaScript が無効でも使えます（入力中の自動確認だけが止まります）。", "Works without JavaScript too (only the checks as you type stop)."),
    ("explain", "説明", "explain"),
];

/// One page word in `lang` (empty for an unknown key).
pub fn word(lang: Lang, key: &str) -> &'static str {
    WORDS
        .iter()
        .find(|(w, _, _)| *w == key)
        .map_or("", |(_, ja, en)| lang.pick(ja, en))
}

/// The page words in `lang`.
pub fn words(lang: Lang) -> Value {
    let mut t = Map::new();
    for (k, ja, en) in WORDS {
        t.insert(k.to_string(), Value::from(lang.pick(ja, en)));
    }
    Value::Object(t)
}

/// The overall result as the pages show it (and as live updates send it).
pub fn overall_view(
    report: Option<&ScoreReport>,
    diags: &crate::diag::Diagnostics,
    lang: Lang,
) -> Value {
    let t = |k: &str| word(lang, k);
    let problems = format!(
        "{} {} · {} {}",
        t("errors"),
        diags.error_count(),
        t("warnings"),
        diags.warning_count()
    );
    match report {
        Some(r) => json!({
            "score": display_score(r.overall.score),
            "verdict": r.overall.verdict.label(lang),
            "verdict_key": r.overall.verdict.as_str(),
            "profile": r.profile.as_ref().map(|p| json!({
                "name": p.name,
                "pass": p.pass,
                "label": if p.pass { t("pass") } else { t("fail") },
                "failures": p.failures.iter().map(|f| f.message(lang)).collect::<Vec<_>>(),
            })),
            "problems": problems,
            "errors": diags.error_count(),
        }),
        None => json!({
            "score": "—",
            "verdict": t("no_score"),
            "verdict_key": "none",
            "profile": null,
            "problems": problems,
            "errors": diags.error_count(),
        }),
    }
}

/// One area's result.
pub fn area_view(report: Option<&ScoreReport>, area: &str, lang: Lang) -> Value {
    let Some(a) = report.and_then(|r| r.area(area)) else {
        return json!({"id": area, "score": "—", "counts": ""});
    };
    let counts: Vec<String> = a
        .tally
        .counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{} {n}", s.map_or("未", Status::symbol)))
        .collect();
    json!({
        "id": a.area,
        "title": a.title(lang),
        "score": display_score(a.score),
        "counts": counts.join(" "),
        "applicable": a.tally.applicable,
    })
}

/// A control's credit for people: `1`, `0.5`, `0`, or why it is not scored.
pub fn credit_text(report: Option<&ScoreReport>, id: &str, lang: Lang) -> String {
    let Some(c) = report.and_then(|r| r.control(id)) else {
        return "—".into();
    };
    if !c.applicable {
        return lang.pick("適用範囲外", "out of scope").into();
    }
    match c.credit {
        Some(x) => format!(
            "{} {}",
            lang.pick("得点", "credit"),
            crate::profile::number(x)
        ),
        None => lang.pick("採点外", "not scored").into(),
    }
}

/// The citations of a control, each with its truth mark.
fn refs_view(catalog: &Catalog, c: &Control, lang: Lang) -> Vec<Value> {
    c.refs
        .iter()
        .map(|r| {
            let edition = catalog.edition(&r.edition);
            json!({
                "edition": edition.map_or(r.edition.as_str(), |e| e.short_in(lang)),
                "current": edition.is_some_and(|e| e.is_current()),
                "section": r.section,
                "item": r.item,
                "checked": r.checked,
                "basis": r.basis.label(lang),
            })
        })
        .collect()
}

/// The documents a control may cite, with the ones it does cite checked (ids it cites that
/// are not declared are listed too, so a form never drops them silently).
fn evidence_choices(evidence: &Value, answer: &Value) -> Vec<Value> {
    let cited: Vec<&str> = answer
        .get("evidence")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let declared: Vec<(&str, &str)> = evidence
        .get("documents")
        .and_then(Value::as_array)
        .map(|docs| {
            docs.iter()
                .filter_map(|d| {
                    Some((
                        d.get("id")?.as_str()?,
                        d.get("title").and_then(Value::as_str).unwrap_or_default(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out: Vec<Value> = declared
        .iter()
        .map(|(id, title)| json!({"id": id, "title": title, "checked": cited.contains(id), "declared": true}))
        .collect();
    for id in cited {
        if !declared.iter().any(|(d, _)| *d == id) {
            out.push(json!({"id": id, "title": "", "checked": true, "declared": false}));
        }
    }
    out
}

/// Everything one control's card shows: the catalog's requirement, the vendor's answer as
/// typed, the field messages and the credit.
pub fn control_view(
    catalog: &Catalog,
    c: &Control,
    data: &Value,
    report: Option<&ScoreReport>,
    msgs: &BTreeMap<String, Vec<Message>>,
    lang: Lang,
) -> Value {
    let answer = data
        .pointer(&format!("/answers/{}", c.id))
        .cloned()
        .unwrap_or(Value::Null);
    let s = |k: &str| answer.get(k).and_then(Value::as_str).unwrap_or_default();
    let level = report
        .and_then(|r| r.control(&c.id))
        .map_or(c.level, |cs| cs.level);
    let mine = forms::answer_messages(msgs, &c.id);
    let mut fields = Map::new();
    for f in forms::ANSWER_FIELDS {
        fields.insert(f.into(), json!(mine.get(f).cloned().unwrap_or_default()));
    }
    json!({
        "id": c.id,
        "title": c.title(lang),
        "level": level.label(lang),
        "level_key": level.as_str(),
        "weight": report.and_then(|r| r.control(&c.id)).map_or(c.weight(), |cs| cs.weight),
        "responsibility": c.responsibility.label(lang),
        "requirement": c.requirement(lang),
        "hint": c.evidence_hint(lang),
        "refs": refs_view(catalog, c, lang),
        "unchecked_refs": c.refs.iter().filter(|r| !r.checked).count(),
        "applies_if": c.applies_if.map(|f| f.label(lang)),
        "answered": !answer.is_null(),
        "status": s("status"),
        "statement": s("statement"),
        "customer_actions": s("customer_actions"),
        "planned_date": s("planned_date"),
        "na_reason": s("na_reason"),
        "answer_responsibility": s("responsibility"),
        "evidence": evidence_choices(data, &answer),
        "credit": credit_text(report, &c.id, lang),
        "fields": fields,
        "general": mine.get("").cloned().unwrap_or_default(),
        "errors": mine.values().flatten().filter(|m| m.error).count(),
    })
}

/// The statuses a form offers, in the legend's order.
pub fn statuses(lang: Lang) -> Vec<Value> {
    Status::ALL
        .into_iter()
        .map(|s| json!({"key": s.as_str(), "label": s.label(lang), "symbol": s.symbol()}))
        .collect()
}

/// The responsibilities a form offers.
pub fn responsibilities(lang: Lang) -> Vec<Value> {
    use crate::catalog::Responsibility::*;
    [Vendor, Institution, Shared]
        .into_iter()
        .map(|r| {
            let key = serde_json::to_value(r)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            json!({"key": key, "label": r.label(lang)})
        })
        .collect()
}

/// The unit an SLA key is stated in, from the format's naming convention (`_hours`,
/// `_days`, `_months`, `_percent`) that the schema's descriptions also state.
fn sla_unit(key: &str, lang: Lang) -> &'static str {
    if key.ends_with("_percent") {
        "%"
    } else if key.ends_with("_hours") || key.ends_with("_hours_per_month") {
        if key.ends_with("_per_month") {
            lang.pick("時間／月", "hours / month")
        } else {
            lang.pick("時間", "hours")
        }
    } else if key.ends_with("_days") {
        lang.pick("日", "days")
    } else if key.ends_with("_months") {
        lang.pick("か月", "months")
    } else if key == "backup_generations" {
        lang.pick("世代", "generations")
    } else {
        ""
    }
}

/// The schema's description of an evidence field in `lang` (`"ja / en"` in the schema), the
/// same words `sansho init` writes beside it.
pub fn describe(pointer: &str, lang: Lang) -> String {
    static SCHEMA: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    let schema = SCHEMA.get_or_init(|| {
        serde_json::from_str(crate::schema::SchemaKind::Evidence.text()).unwrap_or_default()
    });
    let d = schema
        .pointer(&format!("{pointer}/description"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let (ja, en) = d.split_once(" / ").unwrap_or((d, d));
    lang.pick(ja, en).trim().to_string()
}

/// Every SLA row: the value as typed, its unit and description, the profile's threshold
/// and whether the score report found it met.
pub fn sla_rows(
    data: &Value,
    report: Option<&ScoreReport>,
    profile: Option<&Profile>,
    msgs: &BTreeMap<String, Vec<Message>>,
    lang: Lang,
) -> Vec<Value> {
    use crate::profile::{sla_field, SlaKind};
    crate::evidence::SLA_KEYS
        .iter()
        .map(|key| {
            let field = sla_field(key);
            let kind = match field.map(|f| f.kind) {
                Some(SlaKind::Number) => "number",
                Some(SlaKind::Flag) => "flag",
                Some(SlaKind::Responsibility) => "party",
                Some(SlaKind::List) => "list",
                _ => "text",
            };
            let raw = data.pointer(&format!("/sla/{key}"));
            let value = match raw {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Some(other) => other.to_string(),
            };
            let rule = profile.and_then(|p| p.sla.get(*key));
            let failed = report
                .and_then(|r| r.profile.as_ref())
                .and_then(|p| p.failures.iter().find(|f| f.key == *key))
                .map(|f| f.message(lang).to_string());
            json!({
                "key": key,
                "label": field.map_or(*key, |f| f.label(lang)),
                "kind": kind,
                "value": value,
                "unit": sla_unit(key, lang),
                "describe": describe(&format!("/$defs/sla/properties/{key}"), lang),
                "rule": rule.map(|r| r.describe()),
                "met": rule.map(|_| failed.is_none()),
                "failure": failed,
                "msgs": msgs.get(&format!("sla.{key}")).cloned().unwrap_or_default(),
            })
        })
        .collect()
}

/// The vendor, scope and disclosure fields of the overview form, as typed.
pub fn info_view(data: &Value, msgs: &BTreeMap<String, Vec<Message>>, lang: Lang) -> Value {
    let text = |v: Option<&Value>| match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let vendor: Vec<Value> = forms::VENDOR_FIELDS
        .iter()
        .map(|k| {
            json!({
                "key": k,
                "label": word(lang, &format!("v_{k}")),
                "value": text(data.pointer(&format!("/vendor/{k}"))),
                "describe": describe(&format!("/$defs/vendor/properties/{k}"), lang),
                "required": matches!(*k, "name" | "service" | "prepared_on"),
                "msgs": msgs.get(&format!("vendor.{k}")).cloned().unwrap_or_default(),
            })
        })
        .collect();
    let scope: Vec<Value> = crate::catalog::ScopeFlag::ALL
        .iter()
        .map(|f| {
            json!({
                "key": f.as_str(),
                "label": f.label(lang),
                "on": data.pointer(&format!("/scope/{}", f.as_str())) == Some(&Value::Bool(true)),
            })
        })
        .collect();
    let disclosure: Vec<Value> = forms::DISCLOSURE_FIELDS
        .iter()
        .map(|k| {
            json!({
                "key": k,
                "label": word(lang, &format!("d_{k}")),
                "value": text(data.pointer(&format!("/disclosure/{k}"))),
                "describe": describe(&format!("/$defs/disclosure/properties/{k}"), lang),
                "msgs": msgs.get(&format!("disclosure.{k}")).cloned().unwrap_or_default(),
            })
        })
        .collect();
    json!({"vendor": vendor, "scope": scope, "disclosure": disclosure})
}

/// The document entries as typed, with their messages and who cites them.
pub fn documents_view(
    data: &Value,
    msgs: &BTreeMap<String, Vec<Message>>,
    evidence: Option<&Evidence>,
) -> Vec<Value> {
    let docs = data
        .get("documents")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    docs.iter()
        .enumerate()
        .map(|(i, d)| {
            let s = |k: &str| {
                d.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            let id = s("id");
            let cited: Vec<&String> = evidence
                .map(|e| {
                    e.answers
                        .iter()
                        .filter(|(_, a)| a.evidence.contains(&id))
                        .map(|(k, _)| k)
                        .collect()
                })
                .unwrap_or_default();
            let mut fields = Map::new();
            let mut all = Vec::new();
            for f in forms::DOCUMENT_FIELDS {
                let m = msgs
                    .get(&format!("documents[{i}].{f}"))
                    .cloned()
                    .unwrap_or_default();
                fields.insert(f.into(), json!(m));
            }
            all.extend(
                msgs.get(&format!("documents[{i}]"))
                    .cloned()
                    .unwrap_or_default(),
            );
            json!({
                "index": i,
                "id": id,
                "title": s("title"),
                "path": s("path"),
                "sha256": s("sha256"),
                "issued": s("issued"),
                "expires": s("expires"),
                "cited_by": cited,
                "fields": fields,
                "general": all,
            })
        })
        .collect()
}
