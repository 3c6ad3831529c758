//! `sansho diff`: two versions of an evidence file, through the real binary — on the
//! samples and on modified copies (a regressed answer, a changed SLA value, an expired
//! certificate, a committed version in git, withdrawn and renamed controls).

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn sansho() -> Command {
    let mut c = Command::cargo_bin("sansho").unwrap();
    // "Today" pinned far from the dates passed with --as-of, and the locale pinned, as in the
    // other integration tests.
    c.env("SOURCE_DATE_EPOCH", "1931299200") // 2031-03-15
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1");
    c
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A folder with `old.toml` (the typical sample) and `new.toml` (the sample edited by `edit`).
fn pair(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("samples/typical/evidence.toml")).unwrap();
    std::fs::write(dir.path().join("old.toml"), &text).unwrap();
    std::fs::write(dir.path().join("new.toml"), edit(text)).unwrap();
    dir
}

/// Replaces the first `from` after the `[answers.ID]` header.
fn in_answer(text: &str, id: &str, from: &str, to: &str) -> String {
    let head = format!("[answers.{id}]");
    let start = text
        .find(&head)
        .unwrap_or_else(|| panic!("{head} in the sample"));
    let at = start
        + text[start..]
            .find(from)
            .unwrap_or_else(|| panic!("{from} in {id}"));
    format!("{}{to}{}", &text[..at], &text[at + from.len()..])
}

/// TEC-10 implemented → not implemented with a statement prefix; RTO 8 → 12; availability
/// 99.5 → 99.9.
fn regressed(text: String) -> String {
    let t = in_answer(
        &text,
        "TEC-10",
        "status = \"implemented\"",
        "status = \"not_implemented\"",
    );
    let t = in_answer(&t, "TEC-10", "statement = \"", "statement = \"（見直し中）");
    t.replace("rto_hours = 8\n", "rto_hours = 12\n").replace(
        "availability_percent = 99.5\n",
        "availability_percent = 99.9\n",
    )
}

fn run_json(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let out = sansho()
        .current_dir(dir)
        .args([
            "diff",
            "old.toml",
            "new.toml",
            "--as-of",
            "2026-12-01",
            "--format",
            "json",
        ])
        .args(extra)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (code, v)
}

#[test]
fn a_file_against_itself_has_no_changes_and_passes_the_gate() {
    let dir = pair(|t| t);
    sansho()
        .current_dir(dir.path())
        .args([
            "diff",
            "old.toml",
            "new.toml",
            "--as-of",
            "2026-12-01",
            "--fail-on-regression",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("変更はありません。"));
}

#[test]
fn a_regressed_answer_and_sla_values_are_classified_and_gate_the_release() {
    let dir = pair(regressed);
    let (code, v) = run_json(dir.path(), &[]);
    assert_eq!(code, 0, "no gate without --fail-on-regression");
    let controls = v["controls"].as_array().unwrap();
    assert_eq!(controls.len(), 1, "{controls:?}");
    let c = &controls[0];
    assert_eq!(c["id"], "TEC-10");
    assert_eq!(c["change"], "regression");
    assert_eq!(c["before"]["credit"], 1.0);
    assert_eq!(c["after"]["credit"], 0.0);
    let runs = c["statement"].as_array().unwrap();
    assert_eq!(
        runs[0],
        serde_json::json!({"op": "insert", "text": "（見直し中）"})
    );
    assert_eq!(runs[1]["op"], "equal");
    let sla: Vec<(&str, &str, &str)> = v["sla"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["key"].as_str().unwrap(),
                s["change"].as_str().unwrap(),
                s["direction"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        sla,
        [
            ("availability_percent", "improvement", "higher"),
            ("rto_hours", "regression", "lower")
        ]
    );
    // Each side's score is exactly what `sansho score` says.
    for (side, file) in [("old", "old.toml"), ("new", "new.toml")] {
        let out = sansho()
            .current_dir(dir.path())
            .args(["score", file, "--as-of", "2026-12-01", "--format", "json"])
            .output()
            .unwrap();
        let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v[side]["score"], s["overall"]["score"], "{side}");
        assert_eq!(v[side]["verdict"], s["overall"]["verdict"], "{side}");
    }
    assert!(v["overall"]["after"].as_f64() < v["overall"]["before"].as_f64());
    // The gate.
    let (code, _) = run_json(dir.path(), &["--fail-on-regression"]);
    assert_eq!(code, 1);
}

#[test]
fn only_improvements_pass_the_gate() {
    let dir = pair(|t| {
        t.replace(
            "availability_percent = 99.5\n",
            "availability_percent = 99.9\n",
        )
    });
    let (code, v) = run_json(dir.path(), &["--fail-on-regression"]);
    assert_eq!(code, 0);
    assert_eq!(v["sla"][0]["change"], "improvement");
}

#[test]
fn the_text_diff_reads_like_a_review() {
    let dir = pair(regressed);
    let out = sansho()
        .current_dir(dir.path())
        .args(["diff", "old.toml", "new.toml", "--as-of", "2026-12-01"])
        .output()
        .unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!("diff_text", String::from_utf8(out.stdout).unwrap());
    let out = sansho()
        .current_dir(dir.path())
        .args([
            "diff",
            "old.toml",
            "new.toml",
            "--as-of",
            "2026-12-01",
            "--format",
            "md",
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    insta::assert_snapshot!("diff_md_en", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn a_certificate_expired_since_the_old_version_is_a_regression() {
    // Nothing edited; judged two years later, documents valid when the old version was
    // prepared (2026-10-15) have expired.
    let dir = pair(|t| t);
    let out = sansho()
        .current_dir(dir.path())
        .args([
            "diff",
            "old.toml",
            "new.toml",
            "--as-of",
            "2028-12-01",
            "--format",
            "json",
        ])
        .args(["--fail-on-regression"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let expired: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["newly_expired"] == true)
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert!(expired.contains(&"D-POLICY"), "{expired:?}");
    assert!(
        !expired.contains(&"D-VA2025"),
        "already expired when the old version was prepared"
    );
    assert!(
        v["controls"].as_array().unwrap().is_empty(),
        "same date, same answers"
    );
}

#[test]
fn a_replaced_document_is_named() {
    let dir = pair(|t| {
        t.replacen(
            "sha256 = \"ec9e286e9116c4b8be956a35db6e55ab4f410770b43443b349a502c285bad96e\"",
            "sha256 = \"0000000000000000000000000000000000000000000000000000000000000000\"",
            1,
        )
    });
    let (_, v) = run_json(dir.path(), &[]);
    assert_eq!(v["documents"][0]["id"], "D-POLICY");
    assert_eq!(v["documents"][0]["kind"], "replaced");
}

#[test]
fn a_committed_version_is_read_from_git() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("samples/typical/evidence.toml")).unwrap();
    let file = dir.path().join("evidence.toml");
    std::fs::write(&file, &text).unwrap();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .current_dir(dir.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@example.jp"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "evidence.toml"]);
    git(&["commit", "-q", "-m", "v1.4"]);
    std::fs::write(&file, regressed(text)).unwrap();
    sansho()
        .current_dir(dir.path())
        .args([
            "diff",
            "git:HEAD:evidence.toml",
            "evidence.toml",
            "--as-of",
            "2026-12-01",
        ])
        .arg("--fail-on-regression")
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("git:HEAD:evidence.toml")
                .and(predicate::str::contains("TEC-10")),
        );
    // An unknown revision is an input error naming the source.
    sansho()
        .current_dir(dir.path())
        .args(["diff", "git:no-such-rev:evidence.toml", "evidence.toml"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("E-AUDIT-GIT").and(predicate::str::contains("no-such-rev")),
        );
}

#[test]
fn invalid_inputs_are_reported_together() {
    let dir = pair(|t| t.replace("[vendor]", "[vendorx]"));
    std::fs::write(dir.path().join("old.toml"), "not = [toml").unwrap();
    sansho()
        .current_dir(dir.path())
        .args(["diff", "old.toml", "new.toml"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("old.toml").and(predicate::str::contains("new.toml")));
}

/// The scoring fixture catalog with TEC-03 withdrawn into TEC-02 in version 2 and TEC-02
/// renamed.
fn catalog_v2() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/fixtures/score/controls");
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    let cat = dir.path().join("catalog.toml");
    let text = std::fs::read_to_string(&cat)
        .unwrap()
        .replace("version = \"1\"", "version = \"2\"");
    std::fs::write(&cat, text).unwrap();
    let tec = dir.path().join("technical.toml");
    let text = std::fs::read_to_string(&tec).unwrap().replacen(
        "title_en = \"Two-factor authentication\"",
        "title_en = \"Two-factor authentication\"\nformer_titles = [{ until = \"1\", title = \"多要素認証\" }]",
        1,
    ) + r#"
[[controls]]
id = "TEC-03"
area = "technical"
title = "管理者の二要素認証"
title_en = "Two-factor authentication of administrators"
requirement = "管理者に二要素認証を行うこと。"
requirement_en = "Two-factor authentication of administrators."
level = "required"
note = "必須: テスト用の管理策。"
note_en = "Required: a test control."
evidence_hint = "規程"
evidence_hint_en = "Rules"
responsibility = "vendor"
refs = [{ edition = "mic-cloud-2018", section = "3.2", checked = false, basis = "derived" }, { edition = "mhlw-6.0", section = "1", checked = false, basis = "derived" }]
withdrawn = true
withdrawn_in = "2"
replaced_by = ["TEC-02"]
"#;
    std::fs::write(&tec, text).unwrap();
    dir
}

#[test]
fn withdrawn_and_renamed_controls_are_reported() {
    let catalog = catalog_v2();
    let dir = tempfile::tempdir().unwrap();
    let typical =
        std::fs::read_to_string(root().join("tests/fixtures/score/typical.toml")).unwrap();
    let old = typical.replace(
        "[answers.TEC-10]",
        "[answers.TEC-03]\nstatus = \"implemented\"\nevidence = [\"D-ISMS\"]\n\n[answers.TEC-10]",
    );
    std::fs::write(dir.path().join("old.toml"), old).unwrap();
    std::fs::write(dir.path().join("new.toml"), &typical).unwrap();
    let diff = |since: &[&str]| {
        let out = sansho()
            .current_dir(dir.path())
            .arg("--controls")
            .arg(catalog.path())
            .args(["diff", "old.toml", "new.toml", "--as-of", "2026-12-01"])
            .args(["--format", "json"])
            .args(since)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let kinds = |v: &serde_json::Value| -> Vec<String> {
        v["catalog_changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["kind"].as_str().unwrap().to_string())
            .collect()
    };
    // Without the old file's catalog version: the withdrawal (a fact of the files), no rename.
    assert_eq!(kinds(&diff(&[])), ["withdrawn"]);
    // Written for catalog 1: the withdrawal and the rename since.
    let v = diff(&["--since-catalog", "1"]);
    assert_eq!(kinds(&v), ["withdrawn", "renamed"]);
    let changes = v["catalog_changes"].as_array().unwrap();
    let withdrawn = &changes[0];
    assert_eq!(withdrawn["id"], "TEC-03");
    assert_eq!(withdrawn["replaced_by"], serde_json::json!(["TEC-02"]));
    assert_eq!(
        (withdrawn["in_old"].as_bool(), withdrawn["in_new"].as_bool()),
        (Some(true), Some(false))
    );
    let renamed = &changes[1];
    assert_eq!(renamed["id"], "TEC-02");
    assert_eq!(renamed["former"], "多要素認証");
    // Written for catalog 2: both are older news.
    assert_eq!(
        diff(&["--since-catalog", "2"])["catalog_changes"],
        serde_json::json!([])
    );
}
