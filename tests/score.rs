//! `sansho score …` driven through the real binary: formats, exit codes, gates, profiles.
//!
//! Most tests use the three-area catalog in tests/fixtures/score/controls so that every number
//! can be checked by hand (the expected values are worked out in the fixtures' comments).

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

const FIX: &str = "tests/fixtures/score";

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

/// `sansho --controls <fixture catalog> score <fixture> --as-of 2026-12-01 <args>`.
fn score(evidence: &str, args: &[&str]) -> Command {
    let mut c = sansho();
    c.args(["--controls", &format!("{FIX}/controls"), "score"])
        .arg(format!("{FIX}/{evidence}"))
        .args(["--as-of", "2026-12-01"])
        .args(args);
    c
}

fn json(evidence: &str, args: &[&str]) -> Value {
    let out = score(evidence, &[&["--format", "json"], args].concat())
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn profile(name: &str) -> String {
    format!("{FIX}/{name}")
}

// --- Text -------------------------------------------------------------------------------

#[test]
fn text_shows_verdict_score_areas_and_findings() {
    score("typical.toml", &[])
        .assert()
        .success()
        .stdout(predicate::str::contains("判定      条件付き適合"))
        .stdout(predicate::str::contains("総合      46.2 / 100"))
        .stdout(predicate::str::is_match("技術的安全管理対策 +██████░░░░ +61\\.1").unwrap())
        .stdout(predicate::str::is_match("非常時の対応 +█░░░░░░░░░ +12\\.5").unwrap())
        .stdout(predicate::str::is_match("電子署名 +（対象外） +—").unwrap())
        .stdout(predicate::str::contains(
            "指摘 (重大 1 · 重要 1 · 軽微 3 · 情報 0)",
        ))
        .stdout(predicate::str::contains(
            "EMG-01 事業継続計画 — 2027年6月30日 までに対応予定です（得点 0）。",
        ))
        .stdout(predicate::str::contains(
            "根拠資料 D-OLD「旧版の運用規程」は 2026年3月31日 に有効期限が切れています",
        ));
}

#[test]
fn text_lists_findings_by_severity() {
    let out = score("weak.toml", &[]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    let pos = |needle: &str| {
        s.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing:\n{s}"))
    };
    assert!(pos("\n重大\n") < pos("\n重要\n"));
    assert!(pos("\n重要\n") < pos("\n軽微\n"));
    assert!(pos("TEC-02 二要素認証 — 回答がありません") < pos("\n重要\n"));
    assert!(
        pos("TEC-01 利用者の識別と認証 — 対応済みとしていますが、根拠資料が示されていません")
            > pos("\n重要\n")
    );
}

#[test]
fn text_in_english() {
    score("typical.toml", &["--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains("verdict conditionally conformant"))
        .stdout(predicate::str::contains("overall 46.2 / 100"))
        .stdout(predicate::str::contains(
            "EMG-01 Business continuity plan — planned for 2027-06-30 (credit 0).",
        ));
}

#[test]
fn no_colours_when_not_a_terminal() {
    let mut c = Command::cargo_bin("sansho").unwrap();
    c.env_remove("NO_COLOR")
        .args([
            "--controls",
            &format!("{FIX}/controls"),
            "score",
            &format!("{FIX}/weak.toml"),
            "--as-of",
            "2026-12-01",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn conformant_evidence() {
    score("good.toml", &[])
        .assert()
        .success()
        .stdout(predicate::str::contains("判定      適合"))
        .stdout(predicate::str::contains("100.0 / 100"))
        .stdout(predicate::str::contains("指摘はありません。"));
}

// --- JSON -------------------------------------------------------------------------------

#[test]
fn json_follows_the_contract() {
    let v = json("typical.toml", &[]);
    assert_eq!(v["as_of"], "2026-12-01");
    assert_eq!(v["overall"]["score"], 46.2);
    assert_eq!(v["overall"]["verdict"], "conditional");
    assert_eq!(v["catalog"]["id"], "score-test");
    assert!(v.get("profile").is_none(), "no profile without --profile");

    let areas = v["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 3);
    assert_eq!(areas[0]["area"], "technical");
    assert_eq!(areas[0]["score"], 61.1);
    assert_eq!(areas[0]["applicable"], 3);
    assert_eq!(areas[0]["counts"]["partial"], 1);
    assert_eq!(areas[2]["area"], "esignature");
    assert_eq!(areas[2]["score"], Value::Null);

    let controls = v["controls"].as_array().unwrap();
    let c = |id: &str| controls.iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(c("TEC-01")["credit"], 1.0);
    assert_eq!(c("TEC-01")["valid_evidence"], serde_json::json!(["D-ISMS"]));
    assert_eq!(c("TEC-02")["credit"], 0.5);
    assert_eq!(c("TEC-02")["weight"], 5);
    assert_eq!(c("TEC-10")["level"], "recommended");
    assert_eq!(c("EMG-01")["status"], "planned");
    assert_eq!(c("SIG-01")["applicable"], false);
    assert_eq!(c("SIG-01")["status"], "unanswered");
    assert_eq!(c("SIG-01")["credit"], Value::Null);

    let findings: Vec<(&str, &str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["control"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            ("EMG-01", "critical", "planned"),
            ("TEC-02", "major", "partial"),
            ("TEC-10", "minor", "not-implemented"),
            ("EMG-04", "minor", "no-valid-evidence"),
            ("EMG-04", "minor", "expired-document"),
        ]
    );
    assert_eq!(
        v["findings"][0]["message"],
        "2027年6月30日 までに対応予定です（得点 0）。"
    );
    assert_eq!(
        v["findings"][0]["message_en"],
        "planned for 2027-06-30 (credit 0)."
    );
}

#[test]
fn json_is_the_same_in_every_language() {
    assert_eq!(
        json("typical.toml", &[]),
        json("typical.toml", &["--lang", "en"])
    );
}

#[test]
fn evidence_may_be_json() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(format!("{FIX}/typical.toml")).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    let mut v = serde_json::to_value(value).unwrap();
    // TOML dates come through serde as {"$__toml_private_datetime": …}: flatten them.
    fn dates(v: &mut Value) {
        match v {
            Value::Object(m) if m.len() == 1 && m.contains_key("$__toml_private_datetime") => {
                *v = m["$__toml_private_datetime"].clone();
            }
            Value::Object(m) => m.values_mut().for_each(dates),
            Value::Array(a) => a.iter_mut().for_each(dates),
            _ => {}
        }
    }
    dates(&mut v);
    let path = dir.path().join("typical.json");
    std::fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
    let out = sansho()
        .args(["--controls", &format!("{FIX}/controls"), "score"])
        .arg(&path)
        .args(["--as-of", "2026-12-01", "--format", "json"])
        .output()
        .unwrap();
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["overall"], json("typical.toml", &[])["overall"]);
}

// --- Markdown ---------------------------------------------------------------------------

#[test]
fn markdown_summary() {
    score(
        "typical.toml",
        &["--format", "md", "--profile", &profile("profile-fail.toml")],
    )
    .assert()
    .code(1)
    .stdout(predicate::str::starts_with(
        "# 採点結果: 株式会社テストクラウド / テスト電子カルテ\n",
    ))
    // The profile makes TEC-10 (not implemented) required.
    .stdout(predicate::str::contains("- 判定: **不適合**"))
    .stdout(predicate::str::contains("- 総合スコア: **46.2** / 100"))
    .stdout(predicate::str::contains(
        "| 技術的安全管理対策 | 61.1 | 1 | 1 | 0 | 1 | 0 | 0 |",
    ))
    .stdout(predicate::str::contains(
        "| 電子署名 | — | 0 | 0 | 0 | 0 | 0 | 0 |",
    ))
    .stdout(predicate::str::contains("### 重大 (3 件)"))
    .stdout(predicate::str::contains(
        "| EMG-01 | 事業継続計画 | `planned` |",
    ))
    .stdout(predicate::str::contains(
        "## 調達要件: テスト病院 調達要件（厳格） — **不合格**",
    ))
    .stdout(predicate::str::contains("| `rto_hours` | 8 | ≤ 4 |"));
}

// --- Exit codes and gates ---------------------------------------------------------------

#[test]
fn no_gate_means_exit_0_even_when_nonconformant() {
    score("weak.toml", &[])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("不適合"));
}

#[test]
fn require_gates_on_the_verdict() {
    score("typical.toml", &["--require", "conditional"])
        .assert()
        .code(0);
    score("typical.toml", &["--require", "conformant"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "基準未達: --require conformant: 判定は「条件付き適合」で、「適合」に届いていません。",
        ));
    score("weak.toml", &["--require", "conditional", "--lang", "en"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "not met: --require conditional: the verdict is nonconformant, not conditionally conformant.",
        ));
    score("good.toml", &["--require", "conformant"])
        .assert()
        .code(0);
}

#[test]
fn fail_under_gates_on_the_overall_score() {
    score("typical.toml", &["--fail-under", "46.2"])
        .assert()
        .code(0);
    score("typical.toml", &["--fail-under", "46.3"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--fail-under 46.3: 総合スコア 46.2 が 46.3 に届いていません。",
        ));
}

/// A file where nothing counts has no score (null); no threshold, not even 0, is met by it.
#[test]
fn fail_under_is_not_met_by_a_null_score() {
    let out = sansho()
        .args([
            "--controls",
            &format!("{FIX}/controls"),
            "controls",
            "list",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let controls: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut text =
        String::from("[vendor]\nname = \"A\"\nservice = \"S\"\nprepared_on = 2026-11-01\n");
    for c in controls.as_array().unwrap() {
        if c["applies_if"].is_null() {
            text.push_str(&format!(
                "\n[answers.{}]\nstatus = \"not_applicable\"\nna_reason = \"対象外\"\n",
                c["id"].as_str().unwrap()
            ));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("na.toml");
    std::fs::write(&file, text).unwrap();
    let run = |threshold: &str| {
        sansho()
            .args(["--controls", &format!("{FIX}/controls"), "score"])
            .arg(&file)
            .args([
                "--as-of",
                "2026-12-01",
                "--format",
                "json",
                "--fail-under",
                threshold,
            ])
            .output()
            .unwrap()
    };
    let out = run("0");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["overall"]["score"].is_null(), "{}", v["overall"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a null score fails --fail-under 0"
    );
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("--fail-under 0: 総合スコア — が 0 に届いていません"));
    assert_eq!(run("50").status.code(), Some(1));
}

#[test]
fn every_unmet_gate_is_named() {
    score(
        "weak.toml",
        &[
            "--fail-under",
            "90",
            "--require",
            "conditional",
            "--profile",
            &profile("profile-fail.toml"),
        ],
    )
    .assert()
    .code(1)
    .stderr(predicate::str::contains("--fail-under 90"))
    .stderr(predicate::str::contains("--require conditional"))
    .stderr(predicate::str::contains(
        "調達要件「テスト病院 調達要件（厳格）」を満たしていません",
    ));
}

#[test]
fn usage_errors_exit_2() {
    score("typical.toml", &["--fail-under", "120"])
        .assert()
        .code(2);
    score("typical.toml", &["--fail-under", "abc"])
        .assert()
        .code(2);
    score("typical.toml", &["--require", "perfect"])
        .assert()
        .code(2);
    score("typical.toml", &["--format", "pdf"]).assert().code(2);
    sansho()
        .args([
            "score",
            &format!("{FIX}/typical.toml"),
            "--as-of",
            "2026/12/01",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("YYYY-MM-DD"));
    sansho().args(["score"]).assert().code(2);
}

#[test]
fn unreadable_evidence_exits_2() {
    score("missing.toml", &[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ファイルが見つかりません"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[vendor]\nname = \n").unwrap();
    sansho()
        .args(["score"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E-TOML-SYNTAX"))
        .stderr(predicate::str::contains("bad.toml:2:"));
}

#[test]
fn as_of_defaults_to_today() {
    let run = |epoch: Option<&str>| -> Value {
        let mut c = sansho();
        match epoch {
            Some(e) => c.env("SOURCE_DATE_EPOCH", e),
            None => c.env_remove("SOURCE_DATE_EPOCH"),
        };
        let out = c
            .args([
                "--controls",
                &format!("{FIX}/controls"),
                "score",
                &format!("{FIX}/good.toml"),
            ])
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // SOURCE_DATE_EPOCH pins "today" (1999-12-31 23:59:59 UTC is still 1999-12-31).
    assert_eq!(run(Some("946684799"))["as_of"], "1999-12-31");
    // Without it, today's local date; read before and after the run so that midnight cannot
    // make the test flaky.
    let before = chrono::Local::now().date_naive().to_string();
    let v = run(None);
    let after = chrono::Local::now().date_naive().to_string();
    assert!(
        v["as_of"] == before || v["as_of"] == after,
        "{}",
        v["as_of"]
    );
}

#[test]
fn help_has_examples() {
    sansho()
        .args(["score", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--fail-under"))
        .stdout(predicate::str::contains("--require"))
        .stdout(predicate::str::contains("例 / Examples:"));
}

// --- Profiles ---------------------------------------------------------------------------

#[test]
fn a_met_profile_passes() {
    score("good.toml", &["--profile", &profile("profile-pass.toml")])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "調達要件「テスト病院 調達要件（合格）」: 合格",
        ));
    let v = json("good.toml", &["--profile", &profile("profile-pass.toml")]);
    assert_eq!(v["profile"]["name"], "テスト病院 調達要件（合格）");
    assert_eq!(v["profile"]["pass"], true);
    assert_eq!(v["profile"]["failures"], serde_json::json!([]));
    // The profile's weights and required controls are applied.
    let controls = v["controls"].as_array().unwrap();
    let c = |id: &str| controls.iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(c("TEC-01")["weight"], 4);
    assert_eq!(c("TEC-01")["weight_source"], "profile_control");
    assert_eq!(c("EMG-01")["weight"], 2);
    assert_eq!(c("TEC-10")["level"], "required");
    assert_eq!(c("TEC-10")["required_by_profile"], true);
}

#[test]
fn an_unmet_profile_exits_1_with_every_failure() {
    score(
        "typical.toml",
        &["--profile", &profile("profile-fail.toml")],
    )
    .assert()
    .code(1)
    .stdout(predicate::str::contains(
        "調達要件「テスト病院 調達要件（厳格）」: 不合格",
    ))
    .stdout(predicate::str::contains(
        "× 総合スコア 46.2 が要件（80 以上）に届いていません。",
    ))
    .stdout(predicate::str::contains(
        "× SLA「目標復旧時間 RTO（時間）」が 8 で、要件（4 以下）を満たしていません。",
    ))
    .stderr(predicate::str::contains("を満たしていません（6 項目）"));
    let v = json(
        "typical.toml",
        &["--profile", &profile("profile-fail.toml")],
    );
    let failures: Vec<(&str, &str)> = v["profile"]["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), f["key"].as_str().unwrap()))
        .collect();
    assert_eq!(
        failures,
        [
            ("min-overall", "overall"),
            ("min-area", "technical"),
            ("min-area", "esignature"),
            ("sla-min", "availability_percent"),
            ("sla-max", "rto_hours"),
            ("sla-missing", "rpo_hours"),
        ]
    );
    assert_eq!(v["profile"]["failures"][4]["actual"], 8.0);
    assert_eq!(
        v["profile"]["failures"][4]["required"],
        serde_json::json!({ "max": 4.0 })
    );
    // The profile makes TEC-10 required: its finding is now critical, and it blocks.
    let tec10: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["control"] == "TEC-10")
        .collect();
    assert_eq!(tec10[0]["severity"], "critical");
    assert_eq!(tec10[1]["code"], "profile-required-control");
    assert_eq!(v["overall"]["verdict"], "nonconformant");
}

#[test]
fn a_bad_profile_gets_every_error_with_line_column_and_suggestions() {
    let out = score("typical.toml", &["--profile", &profile("profile-bad.toml")])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let s = String::from_utf8(out).unwrap();
    let file = format!("{FIX}/profile-bad.toml");
    for (code, at, help) in [
        (
            "E-PROFILE-UNKNOWN-CONTROL",
            "5:13",
            Some("\"TEC-10\" のことですか？"),
        ),
        ("E-PROFILE-UNKNOWN-CONTROL", "5:23", None),
        ("E-SCHEMA", "6:15", None),
        (
            "E-PROFILE-UNKNOWN-AREA",
            "9:1",
            Some("\"technical\" のことですか？"),
        ),
        ("E-SCHEMA", "12:12", None),
        (
            "E-PROFILE-UNKNOWN-WEIGHT-KEY",
            "13:1",
            Some("\"emergency\" のことですか？"),
        ),
        (
            "E-PROFILE-UNKNOWN-SLA",
            "16:1",
            Some("\"availability_percent\" のことですか？"),
        ),
        ("E-PROFILE-SLA-NOT-NUMERIC", "17:19", None),
        ("E-PROFILE-SLA-TYPE", "18:29", None),
        ("E-PROFILE-SLA-RULE", "19:13", None),
    ] {
        let needle = format!("[{code}]");
        let loc = format!("--> {file}:{at}");
        let block = s
            .split("\n\n")
            .find(|b| b.contains(&needle) && b.contains(&loc))
            .unwrap_or_else(|| panic!("{code} at {at} missing:\n{s}"));
        if let Some(h) = help {
            assert!(block.contains(h), "{code}: no help {h}:\n{block}");
        }
    }
    assert!(s.contains("エラー 10 件、警告 0 件"), "{s}");
}

#[test]
fn profile_errors_in_english() {
    score("typical.toml", &["--profile", &profile("profile-bad.toml"), "--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error[E-PROFILE-UNKNOWN-CONTROL]: control TEC-1O is not in the catalog."))
        .stderr(predicate::str::contains("help: did you mean \"TEC-10\"?"))
        .stderr(predicate::str::contains(
            "error[E-PROFILE-SLA-NOT-NUMERIC]: SLA key data_location is not numeric, so min cannot apply; use equals.",
        ));
}

#[test]
fn problems_in_evidence_and_profile_are_reported_together() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[vendor\n").unwrap();
    sansho()
        .args(["--controls", &format!("{FIX}/controls"), "score"])
        .arg(&bad)
        .args(["--profile", &profile("profile-bad.toml")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E-TOML-SYNTAX"))
        .stderr(predicate::str::contains("E-PROFILE-UNKNOWN-SLA"));
}

#[test]
fn profile_schema_is_published() {
    let out = sansho().args(["schema", "profile"]).output().unwrap();
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(schema["properties"]["sla"]["properties"]["availability_percent"].is_object());
}

// --- The real catalog and the sample profiles -------------------------------------------

/// An evidence file answering every control of the built-in catalog `implemented` with a
/// valid document, with `sla` as its [sla] table.
fn full_evidence(dir: &Path, sla: &str) -> std::path::PathBuf {
    let out = sansho()
        .args(["controls", "list", "--format", "json"])
        .output()
        .unwrap();
    let controls: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut s = String::from(
        "[vendor]\nname = \"株式会社フル\"\nservice = \"全部対応クラウド\"\nprepared_on = 2026-11-01\n\n\
         [scope]\nexternal_storage = true\n\n\
         [[documents]]\nid = \"D-ISMS\"\ntitle = \"ISMS 認証\"\nissued = 2025-04-01\nexpires = 2028-03-31\n\n",
    );
    for c in controls.as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        s.push_str(&format!(
            "[answers.{id}]\nstatus = \"implemented\"\nevidence = [\"D-ISMS\"]\n\n"
        ));
    }
    s.push_str("[sla]\n");
    s.push_str(sla);
    let path = dir.join("full.toml");
    std::fs::write(&path, s).unwrap();
    path
}

const STRONG_SLA: &str = r#"availability_percent = 99.99
planned_maintenance_notice_days = 30
incident_notice_hours = 0.5
rto_hours = 2
rpo_hours = 1
backup_generations = 30
backup_offsite = true
backup_offline = true
security_incident_notice_hours = 12
log_retention_days = 2555
patch_critical_days = 7
data_location = "日本国内"
data_return_days = 30
data_erasure_certificate = true
termination_notice_months = 12
"#;

#[test]
fn a_vendor_meeting_everything_passes_both_sample_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let ev = full_evidence(dir.path(), STRONG_SLA);
    for p in [
        "samples/profiles/university-hospital.toml",
        "samples/profiles/clinic.toml",
    ] {
        sansho()
            .arg("score")
            .arg(&ev)
            .args([
                "--as-of",
                "2026-12-01",
                "--profile",
                p,
                "--require",
                "conformant",
                "--fail-under",
                "100",
            ])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("判定      適合"))
            .stdout(predicate::str::contains(": 合格"));
    }
}

#[test]
fn the_university_hospital_is_stricter_than_the_clinic() {
    let dir = tempfile::tempdir().unwrap();
    // A typical SaaS: 99.5 %, next-day recovery, no offline copy.
    let sla =
        "availability_percent = 99.5\nrto_hours = 24\nrpo_hours = 24\nbackup_offsite = true\n\
               backup_offline = false\ndata_location = \"日本国内\"\ndata_return_days = 60\n";
    let ev = full_evidence(dir.path(), sla);
    let run = |p: &str| {
        let out = sansho()
            .arg("score")
            .arg(&ev)
            .args(["--as-of", "2026-12-01", "--format", "json", "--profile", p])
            .output()
            .unwrap();
        (
            out.status.code(),
            serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        )
    };
    let (code, v) = run("samples/profiles/clinic.toml");
    assert_eq!(code, Some(0), "{}", v["profile"]);
    let (code, v) = run("samples/profiles/university-hospital.toml");
    assert_eq!(code, Some(1));
    let keys: Vec<&str> = v["profile"]["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert!(
        keys.contains(&"availability_percent")
            && keys.contains(&"backup_offline")
            && keys.contains(&"rto_hours"),
        "{keys:?}"
    );
}

#[test]
fn the_samples_score_as_their_stories_say() {
    // (vendor, verdict, passes the university hospital, passes the clinic)
    for (vendor, verdict, university, clinic) in [
        ("strong", "conformant", true, true),
        ("typical", "conditional", false, true),
        ("weak", "nonconformant", false, false),
    ] {
        let evidence = format!("samples/{vendor}/evidence.toml");
        let run = |extra: &[&str]| {
            let out = sansho()
                .args([
                    "score",
                    &evidence,
                    "--as-of",
                    "2026-12-01",
                    "--format",
                    "json",
                ])
                .args(extra)
                .output()
                .unwrap();
            let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
                panic!("{vendor}: {e}: {}", String::from_utf8_lossy(&out.stderr))
            });
            (out.status.code(), v)
        };
        let (code, v) = run(&[]);
        assert_eq!(code, Some(0), "{vendor}");
        assert_eq!(v["overall"]["verdict"], verdict, "{vendor}");
        for (profile, pass) in [("university-hospital", university), ("clinic", clinic)] {
            let (code, v) = run(&["--profile", &format!("samples/profiles/{profile}.toml")]);
            assert_eq!(
                v["profile"]["pass"], pass,
                "{vendor} × {profile}: {}",
                v["profile"]
            );
            assert_eq!(code, Some(if pass { 0 } else { 1 }), "{vendor} × {profile}");
        }
    }
}
