//! The assessment report's own parts: findings merged one row per control, the top actions,
//! the weights and the sentence that reconciles the verdict with the findings, and the
//! provenance an auditor needs to reproduce the result. Every number is the score
//! report's; this only arranges them.

use super::disclosure::excerpt;
use super::{given, opt_date, points, refs_text, RenderInput};
use crate::evidence::FileState;
use crate::i18n::Lang;
use crate::render::escape;
use crate::score::{display_score, Finding, FindingCode, Severity, Verdict, WeightSource};
use serde_json::{json, Value};

/// How many rows the first page's summary of actions holds.
const TOP_ACTIONS: usize = 10;

/// One control's findings, most severe first (the report lists them in that order).
struct Group<'r> {
    control: &'r str,
    findings: Vec<&'r Finding>,
}

fn groups<'r>(input: &RenderInput<'r>) -> Vec<Group<'r>> {
    let mut out: Vec<Group<'r>> = Vec::new();
    for f in &input.report.findings {
        match out.iter_mut().find(|g| g.control == f.control) {
            Some(g) => g.findings.push(f),
            None => out.push(Group {
                control: &f.control,
                findings: vec![f],
            }),
        }
    }
    out
}

/// What the vendor has to do about a control, from its main finding.
fn action(f: &Finding, input: &RenderInput<'_>) -> String {
    let lang = input.lang;
    let date = input
        .report
        .control(&f.control)
        .and_then(|c| c.planned_date)
        .map(|d| opt_date(Some(d), lang))
        .unwrap_or_default();
    let doc = f
        .document
        .as_deref()
        .map(escape::inline)
        .unwrap_or_default();
    match (f.code, lang) {
        (FindingCode::Unanswered, Lang::Ja) => "回答する（未回答）".into(),
        (FindingCode::Unanswered, Lang::En) => "answer the control (unanswered)".into(),
        (FindingCode::NotImplemented, Lang::Ja) => "対策を実施する（未対応）".into(),
        (FindingCode::NotImplemented, Lang::En) => "implement the control (not implemented)".into(),
        (FindingCode::Partial, Lang::Ja) => "残りの対策を完了する（一部対応）".into(),
        (FindingCode::Partial, Lang::En) => "complete the control (partial)".into(),
        (FindingCode::Planned, Lang::Ja) => format!("{date}までに対策を完了する"),
        (FindingCode::Planned, Lang::En) => format!("complete the control by {date}"),
        (FindingCode::PlannedOverdue, Lang::Ja) => {
            format!("予定日 {date} を過ぎた対策を完了し、計画を更新する")
        }
        (FindingCode::PlannedOverdue, Lang::En) => {
            format!("complete the control overdue since {date} and update the plan")
        }
        (FindingCode::PlannedBeyondYear, Lang::Ja) => {
            format!("1年以内の計画に前倒しする（予定日 {date}）")
        }
        (FindingCode::PlannedBeyondYear, Lang::En) => {
            format!("bring the plan within a year (planned {date})")
        }
        (FindingCode::PlannedNoDate, Lang::Ja) => "目標日を示す".into(),
        (FindingCode::PlannedNoDate, Lang::En) => "give a target date".into(),
        (FindingCode::NoEvidence, Lang::Ja) => "根拠資料を示す".into(),
        (FindingCode::NoEvidence, Lang::En) => "cite an evidence document".into(),
        (FindingCode::NoValidEvidence, Lang::Ja) => "有効な根拠資料を示す".into(),
        (FindingCode::NoValidEvidence, Lang::En) => "cite a valid evidence document".into(),
        (FindingCode::ExpiredDocument | FindingCode::DocumentNotYetIssued, Lang::Ja) => {
            format!("有効な根拠資料（{doc} の更新版）を示す")
        }
        (FindingCode::ExpiredDocument | FindingCode::DocumentNotYetIssued, Lang::En) => {
            format!("cite a valid document (a renewed {doc})")
        }
        (FindingCode::UnknownDocument, Lang::Ja) => format!("根拠資料 {doc} を文書一覧に加える"),
        (FindingCode::UnknownDocument, Lang::En) => format!("list the document {doc}"),
        (FindingCode::ProfileRequiredControl, Lang::Ja) => {
            "要件プロファイルが必須とする対策を完了する".into()
        }
        (FindingCode::ProfileRequiredControl, Lang::En) => {
            "meet the control the profile requires".into()
        }
        (FindingCode::NotApplicableClaimed, Lang::Ja) => "「該当なし」の理由を確かめる".into(),
        (FindingCode::NotApplicableClaimed, Lang::En) => "check the not-applicable claim".into(),
    }
}

/// The report's context.
pub(super) fn build(input: &RenderInput<'_>) -> Value {
    let lang = input.lang;
    let report = input.report;
    let groups = groups(input);
    let rows: Vec<Value> = groups.iter().map(|g| finding_row(input, g)).collect();
    let mut top: Vec<&Group> = groups
        .iter()
        .filter(|g| matches!(g.findings[0].severity, Severity::Critical | Severity::Major))
        .collect();
    if top.len() < TOP_ACTIONS {
        top.extend(
            groups
                .iter()
                .filter(|g| g.findings[0].severity == Severity::Minor)
                .take(TOP_ACTIONS - top.len()),
        );
    }
    let more = top.len().saturating_sub(TOP_ACTIONS);
    let top_rows: Vec<Value> = top
        .iter()
        .take(TOP_ACTIONS)
        .enumerate()
        .map(|(i, g)| {
            let c = report.control(g.control);
            json!({
                "rank": i + 1,
                "id": g.control,
                "title": escape::inline(c.map_or("", |c| c.title(lang))),
                "level": c.map_or("", |c| c.level.label(lang)),
                "severity": g.findings[0].severity.label(lang),
                "action": action(g.findings[0], input),
            })
        })
        .collect();
    json!({
        "reconcile": escape::inline(&reconcile(input, groups.len())),
        "top_actions": top_rows,
        "top_more": more,
        "findings": rows,
        "controls_with_findings": groups.len(),
        "weights": weights(input),
        "provenance": provenance(input),
        "files_summary": files_summary(input),
    })
}

fn finding_row(input: &RenderInput<'_>, g: &Group<'_>) -> Value {
    let lang = input.lang;
    let c = input.report.control(g.control);
    let control = input.catalog.control(g.control);
    let gap = g
        .findings
        .iter()
        .map(|f| f.message(lang))
        .collect::<Vec<_>>()
        .join(" ");
    let statement = input
        .evidence
        .answers
        .get(g.control)
        .and_then(|a| given(a.statement.as_deref().map(|s| excerpt(s, 70)).as_deref()))
        .unwrap_or_else(|| "－".to_string());
    let credit = c.and_then(|c| c.credit).map_or("－".to_string(), points);
    let weight = c.map_or(0, |c| c.weight);
    json!({
        "id": g.control,
        "title": escape::inline(c.map_or("", |c| c.title(lang))),
        "level": c.map_or("", |c| c.level.label(lang)),
        "severity": g.findings[0].severity.label(lang),
        "credit": credit,
        "weight": weight,
        "gap": escape::inline(&gap),
        "statement": statement,
        "due": opt_date(c.and_then(|c| c.planned_date), lang),
        "refs": control.map_or_else(String::new, |ctl| refs_text(input.catalog, &ctl.refs, lang)),
    })
}

/// One sentence reconciling the verdict with the findings, then the score's arithmetic.
fn reconcile(input: &RenderInput<'_>, with_findings: usize) -> String {
    let lang = input.lang;
    let o = &input.report.overall;
    let n = o.required.scored;
    let list = |ids: &[String]| {
        let shown: Vec<&str> = ids.iter().take(12).map(String::as_str).collect();
        let rest = ids.len().saturating_sub(12);
        let mut s = shown.join(lang.pick("、", ", "));
        if rest > 0 {
            s.push_str(&match lang {
                Lang::Ja => format!(" ほか {rest} 項目"),
                Lang::En => format!(" and {rest} more"),
            });
        }
        s
    };
    let verdict = match (o.verdict, lang) {
        (Verdict::Conformant, Lang::Ja) => format!("必須の管理策 {n} 項目すべてが得点 1.0（有効な根拠資料を伴う対応）のため「適合」と判定した。"),
        (Verdict::Conformant, Lang::En) => format!("All {n} required controls earn full credit (implemented with valid evidence), so the verdict is conformant."),
        (Verdict::Conditional, Lang::Ja) => format!(
            "必須の管理策 {n} 項目のうち {} 項目（{}）が得点 1.0 に届かないため「適合」ではないが、そのすべてが対応済み・一部対応・1年以内の対応予定であるため「条件付き適合」と判定した。",
            o.required_gaps.len(),
            list(&o.required_gaps)
        ),
        (Verdict::Conditional, Lang::En) => format!(
            "{} of the {n} required controls ({}) fall short of full credit, so the result is not conformant; each is implemented, partial or planned within a year, so the verdict is conditional.",
            o.required_gaps.len(),
            list(&o.required_gaps)
        ),
        (Verdict::Nonconformant, Lang::Ja) => format!(
            "必須の管理策 {n} 項目のうち {} 項目（{}）が未対応・未回答、又は目標日がないか1年を超える対応予定のため「不適合」と判定した。",
            o.blocking.len(),
            list(&o.blocking)
        ),
        (Verdict::Nonconformant, Lang::En) => format!(
            "{} of the {n} required controls ({}) are not implemented, unanswered, or planned without a date or beyond a year, so the verdict is nonconformant.",
            o.blocking.len(),
            list(&o.blocking)
        ),
    };
    let score = display_score(o.score);
    let (p, m, s) = (points(o.tally.points), o.tally.max_points, o.tally.scored);
    let findings = input.report.findings.len();
    let arithmetic = match lang {
        Lang::Ja => format!("総合スコア {score} は 100 × Σ(重み×得点) {p} ÷ Σ重み {m}（採点対象 {s} 項目）。指摘は {with_findings} 項目の管理策について計 {findings} 件。"),
        Lang::En => format!("The overall score {score} is 100 × Σ(weight × credit) {p} ÷ Σ weight {m} ({s} scored controls). {findings} finding(s) concern {with_findings} control(s)."),
    };
    format!("{verdict}{}{arithmetic}", lang.pick("", " "))
}

/// The weights scoring used, grouped by value and source (defaults counted, the others
/// named).
fn weights(input: &RenderInput<'_>) -> Vec<Value> {
    let lang = input.lang;
    let mut groups: Vec<(u32, WeightSource, &'static str, Vec<&str>)> = Vec::new();
    for c in input.report.controls.iter().filter(|c| c.is_scored()) {
        // A default weight is the catalog level's, even when a profile raised the level.
        let level = if c.required_by_profile {
            lang.pick(
                "推奨（要件で必須）",
                "recommended (required by the profile)",
            )
        } else {
            c.level.label(lang)
        };
        let key = (c.weight, c.weight_source, level);
        match groups.iter_mut().find(|g| (g.0, g.1, g.2) == key) {
            Some(g) => g.3.push(&c.id),
            None => groups.push((c.weight, c.weight_source, level, vec![&c.id])),
        }
    }
    groups.sort_by_key(|g| (std::cmp::Reverse(g.0), g.1 as u8, g.2));
    groups
        .into_iter()
        .map(|(w, source, level, ids)| {
            let why = match (source, lang) {
                (WeightSource::Level, Lang::Ja) => format!("{level}の既定"),
                (WeightSource::Level, Lang::En) => format!("default for {level}"),
                (WeightSource::Catalog, _) => lang
                    .pick("カタログで指定", "set in the catalog")
                    .to_string(),
                (WeightSource::ProfileArea, _) => lang
                    .pick("要件プロファイル（領域）", "profile (area)")
                    .to_string(),
                (WeightSource::ProfileControl, _) => lang
                    .pick("要件プロファイル（管理策）", "profile (control)")
                    .to_string(),
            };
            let named = if source == WeightSource::Level {
                "－".to_string()
            } else {
                ids.join(lang.pick("、", ", "))
            };
            json!({
                "weight": w,
                "source": why,
                "count": ids.len(),
                "controls": named,
            })
        })
        .collect()
}

fn files_summary(input: &RenderInput<'_>) -> String {
    let lang = input.lang;
    let Some(states) = input.file_states else {
        return lang
            .pick(
                "実施せず（文書の SHA-256 はエビデンスファイルの記載のまま。照合するには --check-files を付けて作成してください）",
                "not run (the documents' SHA-256 are as the evidence file states them; render with --check-files to compare them)",
            )
            .to_string();
    };
    let order = [
        FileState::Matches,
        FileState::Mismatch,
        FileState::Missing,
        FileState::Unreadable,
        FileState::NoSha256,
        FileState::NoPath,
    ];
    let parts: Vec<String> = order
        .iter()
        .filter_map(|s| {
            let n = states.iter().filter(|x| *x == s).count();
            (n > 0).then(|| format!("{} {n}", s.label(lang)))
        })
        .collect();
    match lang {
        Lang::Ja => format!("実施（文書 {} 件: {}）", states.len(), parts.join("、")),
        Lang::En => format!("run ({} document(s): {})", states.len(), parts.join(", ")),
    }
}

fn provenance(input: &RenderInput<'_>) -> Vec<Value> {
    let lang = input.lang;
    let report = input.report;
    let mut rows = vec![
        (
            lang.pick("ツール", "Tool"),
            format!("sansho {}", env!("CARGO_PKG_VERSION")),
        ),
        (
            lang.pick("カタログ", "Catalog"),
            escape::inline(&format!("{} {}", report.catalog.id, report.catalog.version)),
        ),
        (
            lang.pick("評価基準日", "As of"),
            crate::i18n::format_date(report.as_of, lang),
        ),
        (
            lang.pick("エビデンスファイル", "Evidence file"),
            escape::inline(input.evidence_file),
        ),
        (
            lang.pick("エビデンスファイル SHA-256", "Evidence file SHA-256"),
            input.evidence_sha256.to_string(),
        ),
    ];
    match &report.profile {
        Some(p) => {
            let file = p.file.as_deref().map(escape::inline);
            rows.push((
                lang.pick("要件プロファイル", "Requirement profile"),
                match file {
                    Some(f) => format!(
                        "{}{}{f}{}",
                        escape::inline(&p.name),
                        lang.pick("（", " ("),
                        lang.pick("）", ")")
                    ),
                    None => escape::inline(&p.name),
                },
            ));
            rows.push((
                lang.pick("要件プロファイル SHA-256", "Profile SHA-256"),
                p.sha256
                    .as_deref()
                    .map_or_else(|| "－".to_string(), escape::inline),
            ));
        }
        None => rows.push((
            lang.pick("要件プロファイル", "Requirement profile"),
            lang.pick("なし", "none").to_string(),
        )),
    }
    rows.push((
        lang.pick(
            "文書ファイルの照合（--check-files）",
            "Document files checked (--check-files)",
        ),
        files_summary(input),
    ));
    rows.into_iter()
        .map(|(item, value)| json!({ "item": item, "value": value }))
        .collect()
}
