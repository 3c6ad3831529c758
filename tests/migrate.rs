//! `sansho migrate` and answers to withdrawn controls, driven through the real binary.
//!
//! The fixture catalog of the scoring tests gets two withdrawn controls: TEC-08 (merged into
//! TEC-01, which the evidence also answers) and TEC-09 (moved to TEC-02, unanswered).

use assert_cmd::Command;
use predicates::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn sansho() -> Command {
    let mut c = Command::cargo_bin("sansho").unwrap();
    // "Today" is pinned far from the dates the tests pass with --as-of, so that a test that
    // forgets --as-of fails instead of passing on the day the fixtures were written; the
    // locale is pinned so that usage errors are Japanese whatever the machine's LANG.
    c.env("SOURCE_DATE_EPOCH", "1931299200") // 2031-03-15
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    c.env("NO_COLOR", "1");
    c
}

const WITHDRAWN: &str = r#"
[[controls]]
id = "TEC-08"
area = "technical"
title = "パスワードの管理"
title_en = "Password management"
requirement = "パスワードを管理すること。"
requirement_en = "Manage passwords."
level = "required"
evidence_hint = "規程"
evidence_hint_en = "Rules"
responsibility = "vendor"
refs = [{ edition = "mhlw-6.0", section = "1", checked = false, basis = "derived" }]
withdrawn = true
withdrawn_in = "2"
replaced_by = ["TEC-01"]

[[controls]]
id = "TEC-09"
area = "technical"
title = "多要素認証の提供"
title_en = "MFA offered"
requirement = "多要素認証を提供すること。"
requirement_en = "Offer MFA."
level = "required"
evidence_hint = "規程"
evidence_hint_en = "Rules"
responsibility = "vendor"
refs = [{ edition = "mhlw-6.0", section = "1", checked = false, basis = "derived" }]
withdrawn = true
withdrawn_in = "2"
replaced_by = ["TEC-02"]
"#;

/// The scoring fixture catalog plus the two withdrawn controls, in a temporary folder.
fn catalog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new("tests/fixtures/score/controls");
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    let tec = dir.path().join("technical.toml");
    let text = std::fs::read_to_string(&tec).unwrap() + WITHDRAWN;
    std::fs::write(tec, text).unwrap();
    dir
}

/// An evidence file answering TEC-01, TEC-08 and TEC-09 (TEC-02 left unanswered).
fn evidence(dir: &Path) -> PathBuf {
    let good = std::fs::read_to_string("tests/fixtures/score/good.toml").unwrap();
    let start = good.find("[answers.TEC-02]").unwrap();
    let end = good.find("[answers.TEC-10]").unwrap();
    let mut text = format!("{}{}", &good[..start], &good[end..]);
    text.push_str(
        r#"
# 旧カタログの回答（コメントは移動後も残る）
[answers.TEC-08]
status = "partial"
statement = "パスワードは 13 文字以上に設定しています。"
evidence = ["D-ISMS"]
customer_actions = "利用者にパスワードの使い回しをしないよう周知してください。"

[answers.TEC-09]
status = "planned"
statement = "多要素認証を 2027 年度に提供します。"
planned_date = 2027-06-30
"#,
    );
    let p = dir.join("old.toml");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn answers_to_withdrawn_controls_load_with_a_warning_naming_the_replacement() {
    let cat = catalog();
    let work = tempfile::tempdir().unwrap();
    let old = evidence(work.path());
    sansho()
        .arg("--controls")
        .arg(cat.path())
        .args(["validate", "--as-of", "2026-12-01"])
        .arg(&old)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("W-ANSWER-WITHDRAWN")
                .and(predicate::str::contains("TEC-08"))
                .and(predicate::str::contains("TEC-01"))
                .and(predicate::str::contains("sansho migrate")),
        );
}

#[test]
fn migrate_moves_and_merges_without_losing_anything() {
    let cat = catalog();
    let work = tempfile::tempdir().unwrap();
    let old = evidence(work.path());
    let before = std::fs::read(&old).unwrap();
    let new = work.path().join("new.toml");
    sansho()
        .arg("--controls")
        .arg(cat.path())
        .arg("migrate")
        .arg(&old)
        .arg("-o")
        .arg(&new)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("TEC-08 → TEC-01（既存の回答と統合）")
                .and(predicate::str::contains("TEC-09 → TEC-02（移動）")),
        );
    assert_eq!(
        std::fs::read(&old).unwrap(),
        before,
        "the input is untouched"
    );
    let text = std::fs::read_to_string(&new).unwrap();
    // Every word and date of the withdrawn answers is still there, under the new ids.
    for needle in [
        "パスワードは 13 文字以上に設定しています。",
        "利用者にパスワードの使い回しをしないよう周知してください。",
        "多要素認証を 2027 年度に提供します。",
        "planned_date = 2027-06-30",
        "ID とパスワードで利用者を識別・認証しています。",
        "# 旧カタログの回答",
    ] {
        assert!(text.contains(needle), "{needle} lost:\n{text}");
    }
    assert!(!text.contains("[answers.TEC-08]") && !text.contains("[answers.TEC-09]"));
    let v: toml::Value = toml::from_str(&text).unwrap();
    assert_eq!(v["answers"]["TEC-01"]["status"].as_str(), Some("partial"));
    assert_eq!(v["answers"]["TEC-02"]["status"].as_str(), Some("planned"));
    // The result validates with no warning about withdrawn controls.
    sansho()
        .arg("--controls")
        .arg(cat.path())
        .args(["validate", "--as-of", "2026-12-01"])
        .arg(&new)
        .assert()
        .success()
        .stderr(predicate::str::contains("W-ANSWER-WITHDRAWN").not());
    // The output is never written over an existing file without --force, nor over the input.
    sansho()
        .arg("--controls")
        .arg(cat.path())
        .arg("migrate")
        .arg(&old)
        .arg("-o")
        .arg(&new)
        .assert()
        .code(2);
    sansho()
        .arg("--controls")
        .arg(cat.path())
        .arg("migrate")
        .arg(&old)
        .arg("-o")
        .arg(&old)
        .arg("--force")
        .assert()
        .code(2);
}

#[test]
fn migrate_of_a_current_file_writes_nothing() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out.toml");
    sansho()
        .args(["--controls", "tests/fixtures/score/controls", "migrate"])
        .arg("tests/fixtures/score/good.toml")
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("移行は不要"));
    assert!(!out.exists());
}

/// The status, planned date and 該当なし reason of the `n`th generated answer: every status
/// appears, so merges of every kind (moved, merged with a weaker or a 該当なし answer) occur.
fn generated_answer(n: usize) -> (&'static str, Option<String>, Option<String>) {
    match n % 5 {
        0 => ("implemented", None, None),
        1 => ("partial", None, None),
        2 => (
            "planned",
            Some(format!("2027-{:02}-{:02}", n % 12 + 1, n % 28 + 1)),
            None,
        ),
        3 => ("not_implemented", None, None),
        _ => (
            "not_applicable",
            None,
            Some(format!("該当なしの理由 W{n:03}")),
        ),
    }
}

/// An evidence file for the built-in catalog answering every withdrawn control, each answer
/// with its own statement, customer action, document and (for planned ones) date; migrating it
/// must keep every one of them under the replacements.
#[test]
fn migrating_every_withdrawn_control_of_the_built_in_catalog_loses_nothing() {
    let out = sansho()
        .args(["controls", "list", "--withdrawn", "--format", "json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let withdrawn: Vec<(String, Vec<String>)> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["withdrawn"] == true)
        .map(|c| {
            let to = c["replaced_by"].as_array().unwrap();
            let to = to.iter().map(|t| t.as_str().unwrap().to_string()).collect();
            (c["id"].as_str().unwrap().to_string(), to)
        })
        .collect();
    assert!(
        withdrawn.len() >= 30,
        "only {} withdrawn controls",
        withdrawn.len()
    );
    let mut text = String::from(
        "[vendor]\nname = \"移行テスト株式会社\"\nservice = \"移行テスト\"\nversion = \"1\"\n\
         prepared_on = 2026-11-01\n\n[scope]\nexternal_storage = true\nesignature = true\n\
         online_consultation = true\nphr = true\n",
    );
    for (n, _) in withdrawn.iter().enumerate() {
        let _ = write!(
            text,
            "\n[[documents]]\nid = \"D-W{n:03}\"\ntitle = \"文書 W{n:03}\"\nissued = 2026-01-01\n"
        );
    }
    for (n, (id, _)) in withdrawn.iter().enumerate() {
        let (status, date, reason) = generated_answer(n);
        let _ = write!(
            text,
            "\n[answers.{id}]\nstatus = \"{status}\"\nstatement = \"回答 W{n:03}（{id}）\"\n\
             evidence = [\"D-W{n:03}\"]\ncustomer_actions = \"医療機関等への依頼 W{n:03}\"\n"
        );
        if let Some(d) = &date {
            let _ = writeln!(text, "planned_date = {d}");
        }
        if let Some(r) = &reason {
            let _ = writeln!(text, "na_reason = \"{r}\"");
        }
    }
    let work = tempfile::tempdir().unwrap();
    let old = work.path().join("old.toml");
    std::fs::write(&old, &text).unwrap();
    let new = work.path().join("new.toml");
    sansho()
        .arg("migrate")
        .arg(&old)
        .arg("-o")
        .arg(&new)
        .assert()
        .success();
    let migrated = std::fs::read_to_string(&new).unwrap();
    let v: toml::Value = toml::from_str(&migrated).unwrap();
    let answers = v["answers"].as_table().unwrap();
    for (n, (id, to)) in withdrawn.iter().enumerate() {
        assert!(!answers.contains_key(id), "{id} is still answered");
        let (_, date, reason) = generated_answer(n);
        let mut needles = vec![
            format!("回答 W{n:03}（{id}）"),
            format!("医療機関等への依頼 W{n:03}"),
        ];
        needles.extend(date);
        needles.extend(reason);
        for needle in needles {
            assert!(migrated.contains(&needle), "{id}: `{needle}` lost");
        }
        for t in to {
            let evidence = answers[t]["evidence"].as_array().unwrap();
            assert!(
                evidence
                    .iter()
                    .any(|d| d.as_str() == Some(&format!("D-W{n:03}"))),
                "{id} → {t}: document D-W{n:03} lost"
            );
        }
    }
    sansho()
        .args(["validate", "--as-of", "2026-12-01"])
        .arg(&new)
        .assert()
        .success()
        .stderr(predicate::str::contains("W-ANSWER-WITHDRAWN").not());
}
