//! `sansho migrate` and answers to withdrawn controls, driven through the real binary.
//!
//! The fixture catalog of the scoring tests gets two withdrawn controls: TEC-08 (merged into
//! TEC-01, which the evidence also answers) and TEC-09 (moved to TEC-02, unanswered).

use assert_cmd::Command;
use predicates::prelude::*;
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
responsibility = "vendor"
refs = [{ edition = "mhlw-6.0", section = "1", checked = false }]
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
responsibility = "vendor"
refs = [{ edition = "mhlw-6.0", section = "1", checked = false }]
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
