//! `sansho validate`, driven through the real binary over the fixtures in
//! `tests/fixtures/evidence/` (one file per kind of problem).

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evidence")
}

/// `sansho validate` run in the fixtures folder, judged as of a fixed date.
fn validate(args: &[&str]) -> Command {
    let mut c = Command::cargo_bin("sansho").unwrap();
    // "Today" is pinned far from the dates the tests pass with --as-of, so that a test that
    // forgets --as-of fails instead of passing on the day the fixtures were written; the
    // locale is pinned so that usage errors are Japanese whatever the machine's LANG.
    c.env("SOURCE_DATE_EPOCH", "1931299200") // 2031-03-15
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    c.env("NO_COLOR", "1")
        .current_dir(fixtures())
        .arg("validate")
        .args(["--as-of", "2026-12-01"])
        .args(args);
    c
}

/// The `--format json` report of a run, with its exit code.
fn report(args: &[&str]) -> (Value, i32) {
    let out = validate(args).args(["--format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (v, out.status.code().unwrap())
}

fn codes(v: &Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn find<'v>(v: &'v Value, code: &str) -> &'v Value {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(v)))
}

#[test]
fn valid_files_pass_with_file_checks() {
    validate(&["valid.toml", "--check-files"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "検証に成功しました: 回答 4 件、文書 2 件",
        ));
    validate(&["valid.json", "--check-files"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "検証に成功しました: 回答 2 件、文書 1 件",
        ));
    validate(&["valid.toml", "--lang", "en"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "valid: 4 answer(s), 2 document(s)",
        ));
}

#[test]
fn json_report_structure() {
    let (v, code) = report(&["valid.toml", "--check-files"]);
    assert_eq!(code, 0);
    assert_eq!(v["valid"], true);
    assert_eq!(v["file"], "valid.toml");
    assert_eq!(v["answers"], 4);
    assert_eq!(v["documents"], 2);
    assert_eq!(v["errors"], 0);
    assert!(v["summary"]
        .as_str()
        .unwrap()
        .starts_with("検証に成功しました"));
    for d in v["diagnostics"].as_array().unwrap() {
        for key in [
            "severity", "code", "message", "file", "line", "column", "path", "help",
        ] {
            assert!(d.get(key).is_some(), "{key} in {d}");
        }
    }
    let (v, code) = report(&["planned-no-date.toml"]);
    assert_eq!(code, 2);
    assert_eq!(v["valid"], false);
    assert_eq!(v["answers"], Value::Null);
    let d = find(&v, "E-ANSWER-PLANNED-NO-DATE");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "planned-no-date.toml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(7), Some(10))
    );
    assert_eq!(d["path"], "answers.TEC-02.planned_date");
}

#[test]
fn malformed_toml_has_line_and_column() {
    validate(&["malformed.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("エラー[E-TOML-SYNTAX]"))
        .stderr(predicate::str::contains("--> malformed.toml:3:"))
        .stderr(predicate::str::contains("3 | service = \"サービス"))
        .stderr(predicate::str::contains("検証に失敗しました: エラー 1 件"));
}

#[test]
fn malformed_json_has_line_and_column() {
    validate(&["malformed.json", "--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error[E-JSON-SYNTAX]: JSON syntax error",
        ))
        .stderr(predicate::str::contains("--> malformed.json:5:3"))
        .stderr(predicate::str::contains("invalid: 1 error(s)"));
}

#[test]
fn every_schema_violation_is_reported_with_its_path_and_line() {
    let (v, code) = report(&["schema-violations.toml"]);
    assert_eq!(code, 2);
    let found: Vec<(String, String, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let want = [
        ("E-SCHEMA-REQUIRED", "vendor.name", 1),
        ("E-SCHEMA", "vendor.prepared_on", 3),
        ("E-SCHEMA-UNKNOWN-FIELD", "vendor.prepard_by", 4),
        ("E-SCHEMA", "documents[0].sha256", 9),
        ("E-SCHEMA", "answers.ORG-01.status", 12),
        ("E-SCHEMA", "sla.availability_percent", 16),
        ("E-SCHEMA", "sla.backup_generations", 17),
    ];
    for (c, p, l) in want {
        assert!(
            found
                .iter()
                .any(|(fc, fp, fl)| fc == c && fp == p && *fl == l),
            "{c} at {p} line {l} not in {found:?}"
        );
    }
    assert_eq!(found.len(), want.len(), "each problem once: {found:?}");
    assert_eq!(v["errors"], 7);
    let status = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "answers.ORG-01.status")
        .unwrap();
    assert!(status["help"].as_str().unwrap().contains("\"implemented\""));
}

#[test]
fn unknown_control_suggests_the_closest_id() {
    validate(&["unknown-control.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "エラー[E-ANSWER-UNKNOWN-CONTROL]: 管理策 `TCE-01` はカタログにありません。",
        ))
        .stderr(predicate::str::contains("--> unknown-control.toml:6:10"))
        .stderr(predicate::str::contains("ヒント: 「TEC-01」のことですか？"));
    validate(&["unknown-control.toml", "--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "there is no control `TCE-01` in the catalog.",
        ))
        .stderr(predicate::str::contains("help: did you mean `TEC-01`?"));
}

#[test]
fn unknown_and_duplicate_document_ids() {
    let (v, code) = report(&["documents.toml"]);
    assert_eq!(code, 2);
    let dup = find(&v, "E-DOC-DUPLICATE-ID");
    assert_eq!(dup["line"], 11);
    assert!(dup["message"].as_str().unwrap().contains("7 行目"));
    let unknown = find(&v, "E-ANSWER-UNKNOWN-DOCUMENT");
    assert_eq!(unknown["path"], "answers.ORG-01.evidence[0]");
    assert_eq!(
        (unknown["line"].as_u64(), unknown["column"].as_u64()),
        (Some(17), Some(13))
    );
    assert_eq!(unknown["help"], "「D-ISMS」のことですか？");
}

#[test]
fn planned_without_date_and_na_without_reason() {
    validate(&["planned-no-date.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E-ANSWER-PLANNED-NO-DATE"))
        .stderr(predicate::str::contains(
            "対応予定日 planned_date がありません",
        ));
    validate(&["na-no-reason.toml", "--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E-ANSWER-NA-NO-REASON"))
        .stderr(predicate::str::contains(
            "TEC-03 is not_applicable but gives no na_reason.",
        ))
        .stderr(predicate::str::contains("--> na-no-reason.toml:7:10"));
}

#[test]
fn paths_must_stay_in_the_evidence_folder() {
    let (v, code) = report(&["path-escape.toml"]);
    assert_eq!(code, 2);
    assert_eq!(find(&v, "E-DOC-PATH-ESCAPES")["line"], 9);
    let (v, code) = report(&["path-absolute.toml"]);
    assert_eq!(code, 2);
    assert_eq!(find(&v, "E-DOC-PATH-ABSOLUTE")["path"], "documents[0].path");
    // Never opened, even with --check-files.
    let (v, _) = report(&["path-absolute.toml", "--check-files"]);
    assert_eq!(codes(&v).iter().filter(|c| c.starts_with("E-")).count(), 1);
    // A file that exists at an absolute path is not opened either: nothing about it but the
    // refusal (no hash in a help line, no missing-sha256 warning, no read error).
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, b"not for sansho").unwrap();
    let hash = sha256_hex(b"not for sansho");
    let evidence = dir.path().join("e.toml");
    std::fs::write(
        &evidence,
        format!(
            "[vendor]\nname = \"A\"\nservice = \"S\"\nprepared_on = 2026-11-01\n\n[[documents]]\nid = \"D-1\"\ntitle = \"t\"\npath = {:?}\n\n[answers.ORG-01]\nstatus = \"implemented\"\nstatement = \"x\"\nevidence = [\"D-1\"]\n",
            secret.display().to_string()
        ),
    )
    .unwrap();
    let out = validate(&[
        evidence.to_str().unwrap(),
        "--check-files",
        "--format",
        "json",
    ])
    .output()
    .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains(&hash), "the file was hashed: {text}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc_codes: Vec<String> = codes(&v)
        .into_iter()
        .filter(|c| c.contains("DOC"))
        .collect();
    assert_eq!(doc_codes, ["E-DOC-PATH-ABSOLUTE"], "{text}");
}

/// Hex SHA-256, as sansho computes it.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(unix)]
#[test]
fn symlinks_pointing_outside_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.pdf"), b"x").unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("docs/linked")).unwrap();
    let evidence = dir.path().join("e.toml");
    std::fs::write(
        &evidence,
        "[vendor]\nname = \"A\"\nservice = \"S\"\nprepared_on = 2026-11-01\n\n[[documents]]\nid = \"D\"\ntitle = \"t\"\npath = \"docs/linked/secret.pdf\"\n",
    )
    .unwrap();
    validate(&[evidence.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E-DOC-PATH-ESCAPES"))
        .stderr(predicate::str::contains("シンボリックリンク"));
}

#[test]
fn check_files_reports_missing_files_and_wrong_hashes() {
    let (v, code) = report(&["check-files.toml", "--check-files"]);
    assert_eq!(code, 2);
    let wrong = find(&v, "E-DOC-SHA256-MISMATCH");
    let msg = wrong["message"].as_str().unwrap();
    assert!(
        msg.contains("記載 000000000000…") && msg.contains("実際 8dd2ab17aff7…"),
        "{msg}"
    );
    assert!(wrong["help"]
        .as_str()
        .unwrap()
        .contains("8dd2ab17aff71c995c61413a3ab872e480cdfc58386c87ece4b0bc86a8faf485"));
    assert_eq!(find(&v, "E-DOC-FILE-MISSING")["line"], 15);
    let no_hash = find(&v, "W-DOC-NO-SHA256");
    assert_eq!(no_hash["path"], "documents[2].sha256");
    assert!(no_hash["help"]
        .as_str()
        .unwrap()
        .contains("b00277f1e2b36f58254d7c51b125d1bc8de32a2553085b4f1c4504c359efec77"));
    // Without --check-files the files are not opened.
    let (v, code) = report(&["check-files.toml"]);
    assert_eq!(code, 0, "{v}");
}

#[test]
fn expired_documents_warn_but_pass() {
    validate(&["expired.toml"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("警告[W-DOC-EXPIRED]"))
        .stderr(predicate::str::contains(
            "2026年3月31日 に有効期限が切れています",
        ))
        .stderr(predicate::str::contains("検証に成功しました"));
    // As of a date before expiry, no warning.
    let mut c = Command::cargo_bin("sansho").unwrap();
    c.current_dir(fixtures())
        .args(["validate", "expired.toml", "--as-of", "2026-01-01"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("W-DOC-EXPIRED").not());
}

#[test]
fn windows_encodings_are_decoded_with_a_warning() {
    for f in ["shift_jis.toml", "utf16.toml"] {
        let (v, code) = report(&[f]);
        assert_eq!(code, 0, "{f}: {v}");
        assert_eq!(find(&v, "W-INPUT-ENCODING")["file"], f);
    }
    validate(&["shift_jis.toml"])
        .assert()
        .stderr(predicate::str::contains("Shift_JIS で書かれていた"));
}

#[test]
fn bom_and_crlf_are_accepted_silently() {
    let (v, code) = report(&["bom-crlf.toml"]);
    assert_eq!(code, 0);
    assert!(!codes(&v).contains(&"W-INPUT-ENCODING".to_string()));
}

#[test]
fn empty_binary_missing_and_oversize_inputs_are_refused() {
    for (f, want) in [
        ("empty.toml", "E-INPUT-EMPTY"),
        ("binary.toml", "E-INPUT-BINARY"),
        ("does-not-exist.toml", "E-INPUT-READ"),
    ] {
        let (v, code) = report(&[f]);
        assert_eq!(code, 2, "{f}");
        assert_eq!(codes(&v), [want], "{f}");
    }
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    let line = "# padding padding padding padding padding padding padding padding\n";
    let text = line.repeat((10 * 1024 * 1024) / line.len() + 1);
    std::fs::write(&big, text).unwrap();
    validate(&[big.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E-INPUT-TOO-LARGE"))
        .stderr(predicate::str::contains("上限 10 MiB"));
}

#[test]
fn bad_arguments_exit_2() {
    // --as-of once, so that the bad date (not a repeated option) is what clap refuses.
    for bad in ["2026-13-01", "2026-02-30", "20261201", "tomorrow"] {
        let mut c = Command::cargo_bin("sansho").unwrap();
        c.env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .current_dir(fixtures())
            .args(["validate", "valid.toml", "--as-of", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "--as-of <YYYY-MM-DD> の値「{bad}」が正しくありません"
            )))
            .stderr(predicate::str::contains("1 回だけ").not());
    }
    Command::cargo_bin("sansho")
        .unwrap()
        .args(["validate"])
        .assert()
        .code(2);
}

#[test]
fn help_shows_an_example() {
    Command::cargo_bin("sansho")
        .unwrap()
        .args(["validate", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "sansho validate evidence.toml --check-files",
        ))
        .stdout(predicate::str::contains("--as-of"));
}
