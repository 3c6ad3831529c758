//! `sansho init`, driven through the real binary: the template validates as written,
//! holds every applicable control and never overwrites a file unasked.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

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

fn init_stdout(args: &[&str]) -> String {
    let out = sansho().arg("init").args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Validates a file and returns the JSON report and the exit code.
fn validate(path: &Path) -> (Value, i32) {
    let out = sansho()
        .args(["validate", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    (
        serde_json::from_slice(&out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

fn answers(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.strip_prefix("[answers.")?.strip_suffix(']'))
        .collect()
}

#[test]
fn the_template_validates_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    for (name, scope) in [
        ("plain.toml", ""),
        (
            "all.toml",
            "external_storage,esignature,online_consultation,phr",
        ),
    ] {
        let mut args = vec![
            "--vendor",
            "株式会社サンプルクラウド",
            "--service",
            "サンプル電子カルテ",
        ];
        if !scope.is_empty() {
            args.extend(["--scope", scope]);
        }
        let text = init_stdout(&args);
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        let (v, code) = validate(&path);
        assert_eq!(code, 0, "{v}");
        assert_eq!(v["warnings"], 0, "{v}");
        assert_eq!(
            v["answers"].as_u64().unwrap() as usize,
            answers(&text).len()
        );
    }
}

#[test]
fn scope_flags_add_their_controls() {
    let plain = init_stdout(&["--vendor", "A", "--service", "S"]);
    let phr = init_stdout(&["--vendor", "A", "--service", "S", "--scope", "phr"]);
    assert!(answers(&phr).len() > answers(&plain).len());
    assert!(answers(&phr).iter().any(|id| id.starts_with("PHR-")));
    assert!(!answers(&plain).iter().any(|id| id.starts_with("PHR-")));
    assert!(phr.contains("phr = true"));
    // Catalog order: areas in order, starting with the organizational controls.
    assert_eq!(answers(&plain)[0], "ORG-01");
}

#[test]
fn the_template_explains_each_control_and_every_sla_key() {
    let text = init_stdout(&["--vendor", "A", "--service", "S"]);
    assert!(text.starts_with("#:schema ./evidence.schema.json\n"));
    assert!(text.contains("# ORG-01 "));
    assert!(text.contains("# 要求事項: "));
    assert!(text.contains("# エビデンスの例: "));
    assert!(text.contains("# 出典: "));
    assert!(text.contains("# [[documents]]"));
    for key in [
        "availability_percent",
        "rto_hours",
        "subcontractors",
        "security_update_responsibility",
    ] {
        assert!(text.contains(&format!("\n# {key} = ")), "{key}");
    }
    let en = init_stdout(&["--vendor", "A", "--service", "S", "--lang", "en"]);
    assert!(en.contains("# Requirement: "));
    assert!(en.contains("# rto_hours = 4"));
}

#[test]
fn names_are_escaped_as_toml_strings() {
    let name = "株式会社\"引用\"\\バックスラッシュ\n改行";
    let text = init_stdout(&["--vendor", name, "--service", "S'ervice"]);
    let parsed: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(parsed["vendor"]["name"].as_str(), Some(name));
    assert_eq!(parsed["vendor"]["service"].as_str(), Some("S'ervice"));
}

#[test]
fn output_file_is_never_overwritten_unasked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("evidence.toml");
    let args = ["init", "--vendor", "A", "--service", "S", "-o"];
    sansho()
        .args(args)
        .arg(&out)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("を作成しました"));
    std::fs::write(&out, "# filled in by hand\n").unwrap();
    sansho()
        .args(args)
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("既に存在します"));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "# filled in by hand\n"
    );
    sansho()
        .args(args)
        .arg(&out)
        .arg("--force")
        .assert()
        .code(0);
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("#:schema"));
}

#[test]
fn unknown_scope_flags_and_empty_names_are_usage_errors() {
    sansho()
        .args([
            "init",
            "--vendor",
            "A",
            "--service",
            "S",
            "--scope",
            "external_strage",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "「external_storage」のことですか？",
        ));
    sansho()
        .args([
            "init",
            "--vendor",
            "A",
            "--service",
            "S",
            "--scope",
            "phr,xyz",
            "--lang",
            "en",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown --scope flag `xyz`"));
    sansho()
        .args(["init", "--vendor", "", "--service", "S"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--vendor"));
}
