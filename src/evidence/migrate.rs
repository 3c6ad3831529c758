//! `sansho migrate`: moves the answers of withdrawn controls to the controls that replaced
//! them, so that an evidence file written for an older catalog keeps every word the vendor
//! wrote. Control ids are stable forever; when controls are merged, the catalog keeps the old
//! id as `withdrawn` with `replaced_by`, and this module rewrites a file accordingly.
//!
//! TOML files keep their layout and comments (`toml_edit`); JSON files keep their key order.
//! When the replacement is already answered the two answers are merged: the status is the
//! less advanced one (a merged requirement is only as implemented as its weakest part), the
//! texts are joined with a marker naming the old control, the document lists are united, and
//! any text the merged status no longer uses (a 該当なし reason, a planned date) is kept in
//! the statement, so nothing is lost.

use super::model::{Answer, Status};
use crate::catalog::Catalog;
use crate::i18n::Lang;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One answer moved (or merged) by a migration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    /// The withdrawn control.
    pub from: String,
    /// The control that received the answer.
    pub to: String,
    /// The replacement already had an answer, so the two were merged.
    pub merged: bool,
}

/// The new answers after moving every withdrawn control's answer, and what moved.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Answers that change: new or merged answers by control id.
    pub changed: BTreeMap<String, Answer>,
    /// Withdrawn ids whose answers are removed.
    pub removed: Vec<String>,
    /// What moved where, in file order.
    pub moves: Vec<Move>,
}

impl Plan {
    /// True when the file answers no withdrawn control.
    pub fn is_empty(&self) -> bool {
        self.moves.is_empty()
    }
}

/// How far a status goes, for "the less advanced one wins"; 該当なし yields to any claim.
fn advance(s: Status) -> u8 {
    match s {
        Status::Implemented => 4,
        Status::Partial => 3,
        Status::Planned => 2,
        Status::NotImplemented => 1,
        Status::NotApplicable => 5,
    }
}

/// The marker that introduces text carried over from a withdrawn control.
fn marker(from: &str, what: &str) -> String {
    format!("【旧 {from} の{what}】")
}

fn join_text(
    target: Option<String>,
    from: &str,
    what: &str,
    extra: Option<&str>,
) -> Option<String> {
    let extra = extra.map(str::trim).filter(|s| !s.is_empty());
    match (target, extra) {
        (t, None) => t,
        (None, Some(e)) => Some(format!("{}{e}", marker(from, what))),
        (Some(t), Some(e)) if t.contains(e) => Some(t),
        (Some(t), Some(e)) => Some(format!("{t}\n{}{e}", marker(from, what))),
    }
}

/// Merges the answer of withdrawn control `from` into the existing answer `target`.
pub fn merge(target: &Answer, old: &Answer, from: &str) -> Answer {
    let mut a = target.clone();
    let status = if old.status == Status::NotApplicable {
        target.status
    } else if target.status == Status::NotApplicable || advance(old.status) < advance(target.status)
    {
        old.status
    } else {
        target.status
    };
    let mut statement = join_text(a.statement.take(), from, "回答", old.statement.as_deref());
    for d in &old.evidence {
        if !a.evidence.contains(d) {
            a.evidence.push(d.clone());
        }
    }
    a.customer_actions = join_text(
        a.customer_actions.take(),
        from,
        "医療機関等に求める事項",
        old.customer_actions.as_deref(),
    );
    if a.responsibility != old.responsibility {
        a.responsibility = match (a.responsibility, old.responsibility) {
            (Some(x), None) | (None, Some(x)) => Some(x),
            _ => Some(crate::catalog::Responsibility::Shared),
        };
    }
    // Dates and reasons the merged status no longer uses stay readable in the statement.
    let dates: Vec<(NaiveDate, &str)> = [(target, "対応予定"), (old, "対応予定")]
        .into_iter()
        .filter_map(|(x, l)| x.planned_date.map(|d| (d, l)))
        .collect();
    a.planned_date = if status == Status::Planned {
        dates.iter().map(|(d, _)| *d).max()
    } else {
        None
    };
    // A date the merged answer no longer carries (the status is no longer planned, or the
    // other date is the later one) stays in the statement, the replacement's own as well.
    if let Some(d) = target.planned_date.filter(|d| a.planned_date != Some(*d)) {
        let own = format!("【対応予定日（統合前）】{d}");
        statement = Some(match statement {
            Some(s) if s.contains(&own) => s,
            Some(s) => format!("{s}\n{own}"),
            None => own,
        });
    }
    if let Some(d) = old.planned_date.filter(|d| a.planned_date != Some(*d)) {
        statement = join_text(statement, from, "対応予定日", Some(&d.to_string()));
    }
    let reasons = (a.na_reason.take(), old.na_reason.clone());
    a.na_reason = if status == Status::NotApplicable {
        reasons.0.or(reasons.1)
    } else {
        statement = join_text(statement, from, "該当なしの理由", reasons.1.as_deref());
        if let Some(own) = reasons.0 {
            statement = Some(match statement {
                Some(s) => format!("{s}\n【該当なしの理由（統合前）】{own}"),
                None => format!("【該当なしの理由（統合前）】{own}"),
            });
        }
        None
    };
    a.status = status;
    a.statement = statement;
    a
}

/// Works out the migration of a set of answers against the catalog.
pub fn plan(catalog: &Catalog, answers: &BTreeMap<String, Answer>) -> Plan {
    let mut current: BTreeMap<String, Answer> = answers.clone();
    let mut changed = BTreeMap::new();
    let mut removed = Vec::new();
    let mut moves = Vec::new();
    for (id, old) in answers {
        let Some(w) = catalog.withdrawn_control(id) else {
            continue;
        };
        for to in &w.replaced_by {
            let merged = current.get(to.as_str()).map(|t| merge(t, old, id));
            let was_answered = merged.is_some();
            let new = merged.unwrap_or_else(|| old.clone());
            current.insert(to.to_string(), new.clone());
            changed.insert(to.to_string(), new);
            moves.push(Move {
                from: id.clone(),
                to: to.to_string(),
                merged: was_answered,
            });
        }
        current.remove(id);
        removed.push(id.clone());
    }
    Plan {
        changed,
        removed,
        moves,
    }
}

/// A TOML value for one answer field, dates as TOML dates.
fn answer_table(a: &Answer) -> toml_edit::Table {
    let mut t = toml_edit::Table::new();
    t.insert("status", toml_edit::value(a.status.as_str()));
    if let Some(s) = &a.statement {
        t.insert("statement", toml_edit::value(s.as_str()));
    }
    if !a.evidence.is_empty() {
        let arr: toml_edit::Array = a.evidence.iter().map(String::as_str).collect();
        t.insert("evidence", toml_edit::value(arr));
    }
    if let Some(r) = a.responsibility {
        let key = serde_json::to_value(r)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        t.insert("responsibility", toml_edit::value(key));
    }
    if let Some(s) = &a.customer_actions {
        t.insert("customer_actions", toml_edit::value(s.as_str()));
    }
    if let Some(d) = a.planned_date {
        match d.to_string().parse::<toml_edit::Datetime>() {
            Ok(dt) => t.insert("planned_date", toml_edit::value(dt)),
            Err(_) => t.insert("planned_date", toml_edit::value(d.to_string())),
        };
    }
    if let Some(s) = &a.na_reason {
        t.insert("na_reason", toml_edit::value(s.as_str()));
    }
    t
}

/// Applies a plan to a TOML evidence file, keeping its layout and comments. `None` when the
/// text is not a TOML document with an `[answers]` table (the caller validated it already).
pub fn apply_toml(text: &str, plan: &Plan, catalog_version: &str, lang: Lang) -> Option<String> {
    let mut doc: toml_edit::DocumentMut = text.parse().ok()?;
    let answers = doc.get_mut("answers")?.as_table_mut()?;
    for m in &plan.moves {
        let Some(new) = plan.changed.get(&m.to) else {
            continue;
        };
        let position = answers
            .get(&m.to)
            .or_else(|| answers.get(&m.from))
            .and_then(|i| i.as_table())
            .and_then(toml_edit::Table::position);
        let decor_of = |id: &str| {
            answers
                .get(id)
                .and_then(|i| i.as_table())
                .and_then(|t| t.decor().prefix())
                .and_then(|p| p.as_str())
                .map(str::to_string)
        };
        let prefix = decor_of(&m.to);
        // The vendor's comments above the withdrawn answer travel with it.
        let carried = decor_of(&m.from)
            .map(|p| p.trim_start_matches(['\n', '\r']).to_string())
            .unwrap_or_default();
        let note = match lang {
            Lang::Ja => format!(
                "# sansho migrate: 廃止された {} の回答を{}しました（カタログ {catalog_version}）。\n",
                m.from,
                if m.merged { "統合" } else { "移動" }
            ),
            Lang::En => format!(
                "# sansho migrate: the answer of withdrawn {} was {} (catalog {catalog_version}).\n",
                m.from,
                if m.merged { "merged here" } else { "moved here" }
            ),
        };
        // A plain move keeps the vendor's own formatting of the answer; a merge is rewritten.
        let original = answers.get(&m.from).and_then(|i| i.as_table()).cloned();
        let mut table = match original {
            Some(t) if !m.merged && !answers.contains_key(&m.to) => t,
            _ => answer_table(new),
        };
        table.set_position(position);
        table.decor_mut().set_prefix(format!(
            "{}{note}{carried}",
            prefix.unwrap_or_else(|| "\n".to_string())
        ));
        answers.insert(&m.to, toml_edit::Item::Table(table));
    }
    for id in &plan.removed {
        answers.remove(id);
    }
    Some(doc.to_string())
}

/// Applies a plan to a JSON evidence file, keeping key order.
pub fn apply_json(text: &str, plan: &Plan) -> Option<String> {
    let mut v: serde_json::Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()?;
    let answers = v.get_mut("answers")?.as_object_mut()?;
    for (id, a) in &plan.changed {
        answers.insert(id.clone(), serde_json::to_value(a).ok()?);
    }
    for id in &plan.removed {
        answers.remove(id);
    }
    serde_json::to_string_pretty(&v).ok().map(|s| s + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: Status) -> Answer {
        Answer {
            status,
            statement: None,
            evidence: Vec::new(),
            responsibility: None,
            customer_actions: None,
            planned_date: None,
            na_reason: None,
        }
    }

    #[test]
    fn the_less_advanced_status_wins_and_texts_are_joined() {
        let mut t = answer(Status::Implemented);
        t.statement = Some("本体".into());
        t.evidence = vec!["D-1".into()];
        let mut o = answer(Status::Partial);
        o.statement = Some("旧".into());
        o.evidence = vec!["D-1".into(), "D-2".into()];
        let m = merge(&t, &o, "TEC-30");
        assert_eq!(m.status, Status::Partial);
        assert_eq!(m.statement.as_deref(), Some("本体\n【旧 TEC-30 の回答】旧"));
        assert_eq!(m.evidence, ["D-1", "D-2"]);
    }

    #[test]
    fn not_applicable_yields_and_its_reason_is_kept() {
        let mut t = answer(Status::NotApplicable);
        t.na_reason = Some("オンプレ機器なし".into());
        let o = answer(Status::Implemented);
        let m = merge(&t, &o, "PHY-13");
        assert_eq!(m.status, Status::Implemented);
        assert!(m.na_reason.is_none());
        assert!(m.statement.unwrap().contains("オンプレ機器なし"));
    }

    #[test]
    fn planned_keeps_the_later_date_and_a_dropped_date_stays_in_the_text() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut t = answer(Status::Planned);
        t.planned_date = Some(d("2027-01-31"));
        let mut o = answer(Status::Planned);
        o.planned_date = Some(d("2027-06-30"));
        assert_eq!(merge(&t, &o, "X").planned_date, Some(d("2027-06-30")));
        let t = answer(Status::NotImplemented);
        let m = merge(&t, &o, "X");
        assert_eq!(m.status, Status::NotImplemented);
        assert!(m.planned_date.is_none());
        assert!(m.statement.unwrap().contains("2027-06-30"));
    }

    #[test]
    fn no_planned_date_is_dropped_by_a_merge() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // The replacement's own date survives when a weaker answer ends its "planned" status.
        let mut t = answer(Status::Planned);
        t.planned_date = Some(d("2027-03-03"));
        let m = merge(&t, &answer(Status::NotImplemented), "X");
        assert_eq!(m.status, Status::NotImplemented);
        assert!(m.statement.unwrap().contains("2027-03-03"));
        // Of two planned dates the later is the answer's; the earlier stays in the text.
        let mut o = answer(Status::Planned);
        o.planned_date = Some(d("2027-06-30"));
        let m = merge(&t, &o, "X");
        assert_eq!(m.planned_date, Some(d("2027-06-30")));
        assert!(m.statement.unwrap().contains("2027-03-03"));
    }

    #[test]
    fn a_plan_is_empty_only_without_withdrawn_answers() {
        let catalog = crate::catalog::load(&crate::catalog::CatalogSource::Embedded)
            .expect("embedded catalog");
        let current = catalog.controls[0].id.to_string();
        let answers = BTreeMap::from([(current, answer(Status::Implemented))]);
        assert!(plan(&catalog, &answers).is_empty());
        let old = catalog.withdrawn[0].id.to_string();
        let mut answers = answers;
        answers.insert(old.clone(), answer(Status::Partial));
        let p = plan(&catalog, &answers);
        assert!(!p.is_empty());
        assert_eq!(p.removed, [old]);
    }

    /// Migrating twice adds nothing: text already carried over is not carried again.
    #[test]
    fn texts_already_carried_over_are_not_repeated() {
        let mut t = answer(Status::Implemented);
        t.statement = Some("本体。旧の回答".into());
        let mut o = answer(Status::Implemented);
        o.statement = Some("旧の回答".into());
        assert_eq!(
            merge(&t, &o, "TEC-30").statement.as_deref(),
            Some("本体。旧の回答")
        );
        // The replacement's own dropped date: added once after its statement, then kept.
        let d = NaiveDate::from_ymd_opt(2027, 3, 3).expect("date");
        let mut t = answer(Status::Planned);
        t.statement = Some("本体".into());
        t.planned_date = Some(d);
        let m = merge(&t, &answer(Status::NotImplemented), "X");
        let once = "本体\n【対応予定日（統合前）】2027-03-03";
        assert_eq!(m.statement.as_deref(), Some(once));
        t.statement = Some(once.into());
        let m = merge(&t, &answer(Status::NotImplemented), "X");
        assert_eq!(m.statement.as_deref(), Some(once));
    }

    #[test]
    fn responsibilities_merge_to_shared_only_when_they_differ() {
        use crate::catalog::Responsibility::{Institution, Shared, Vendor};
        let with = |r| Answer {
            responsibility: r,
            ..answer(Status::Implemented)
        };
        for (target, old, want) in [
            (Some(Vendor), Some(Vendor), Some(Vendor)),
            (None, Some(Institution), Some(Institution)),
            (Some(Vendor), None, Some(Vendor)),
            (Some(Vendor), Some(Institution), Some(Shared)),
            (None, None, None),
        ] {
            let m = merge(&with(target), &with(old), "X");
            assert_eq!(m.responsibility, want, "{target:?} + {old:?}");
        }
    }

    /// A withdrawn control replaced by exactly one control, and that replacement.
    fn one_to_one(catalog: &Catalog) -> (String, String) {
        let w = catalog
            .withdrawn
            .iter()
            .find(|w| w.replaced_by.len() == 1)
            .expect("a one-to-one replacement");
        (w.id.to_string(), w.replaced_by[0].to_string())
    }

    fn embedded() -> Catalog {
        crate::catalog::load(&crate::catalog::CatalogSource::Embedded).expect("embedded catalog")
    }

    #[test]
    fn a_plain_move_keeps_the_vendors_formatting_and_a_merge_is_rewritten() {
        let catalog = embedded();
        let (old, to) = one_to_one(&catalog);
        let moved = format!(
            "[vendor]\nname = \"A\"\n\n[answers.{old}]\nstatus = \"partial\"  # 途中\nstatement = 'リテラル'\n"
        );
        let answers = BTreeMap::from([(old.clone(), answer(Status::Partial))]);
        let out = apply_toml(&moved, &plan(&catalog, &answers), "2", Lang::En).expect("toml");
        assert!(out.contains(&format!("[answers.{to}]")), "{out}");
        assert!(!out.contains(&format!("[answers.{old}]")), "{out}");
        assert!(
            out.contains("status = \"partial\"  # 途中\nstatement = 'リテラル'\n"),
            "{out}"
        );
        assert!(out.contains(&format!(
            "# sansho migrate: the answer of withdrawn {old} was moved here (catalog 2).\n"
        )));

        let merged = format!(
            "[vendor]\nname = \"A\"\n\n[answers.{to}]\nstatus = \"implemented\"\nevidence = [\"D-1\"]\n\n[answers.{old}]\nstatus = \"partial\"  # 途中\nevidence = [\"D-2\"]\n"
        );
        let mut target = answer(Status::Implemented);
        target.evidence = vec!["D-1".into()];
        let mut from = answer(Status::Partial);
        from.evidence = vec!["D-2".into()];
        let answers = BTreeMap::from([(to.clone(), target), (old.clone(), from)]);
        let out = apply_toml(&merged, &plan(&catalog, &answers), "2", Lang::En).expect("toml");
        let v: toml::Table = toml::from_str(&out).expect("valid TOML");
        let a = &v["answers"][&to];
        assert_eq!(a["status"].as_str(), Some("partial"), "{out}");
        assert_eq!(a["evidence"].as_array().map(|e| e.len()), Some(2), "{out}");
        assert!(v["answers"].get(&old).is_none(), "{out}");
        assert!(!out.contains("# 途中"), "a merge is rewritten: {out}");
        // Nothing to cite, nothing written.
        let out = apply_toml(
            &format!("[vendor]\nname = \"A\"\n\n[answers.{old}]\nstatus = \"partial\"\n"),
            &plan(
                &catalog,
                &BTreeMap::from([(old.clone(), answer(Status::Partial))]),
            ),
            "2",
            Lang::En,
        )
        .expect("toml");
        assert!(!out.contains("evidence"), "{out}");
    }

    #[test]
    fn json_files_get_the_moved_answers_in_place_of_the_withdrawn_ones() {
        let catalog = embedded();
        let (old, to) = one_to_one(&catalog);
        let text = format!(
            "\u{feff}{{\"vendor\": {{\"name\": \"A\"}}, \"answers\": {{\"{old}\": {{\"status\": \"partial\"}}}}}}"
        );
        let answers = BTreeMap::from([(old.clone(), answer(Status::Partial))]);
        let out = apply_json(&text, &plan(&catalog, &answers)).expect("json");
        assert!(out.ends_with("}\n"), "{out}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(v["vendor"]["name"], "A");
        assert_eq!(v["answers"][&to]["status"], "partial", "{out}");
        assert!(v["answers"].get(&old).is_none(), "{out}");
    }
}
