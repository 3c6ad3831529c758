//! `sansho score --explain`: every credit traced to a clause of docs/scoring.md, through the
//! real binary, and always the numbers `sansho score` gives.

use assert_cmd::Command;
use predicates::prelude::*;

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

const TYPICAL: &str = "samples/typical/evidence.toml";
const PROFILE: &str = "samples/profiles/university-hospital.toml";

fn json(args: &[&str]) -> serde_json::Value {
    let out = sansho()
        .args([
            "score",
            TYPICAL,
            "--as-of",
            "2026-12-01",
            "--format",
            "json",
        ])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn the_explanation_gives_the_scores_credits_and_weights() {
    let score = json(&["--profile", PROFILE]);
    let explained = json(&["--profile", PROFILE, "--explain"]);
    let controls = explained["controls"].as_array().unwrap();
    assert_eq!(controls.len(), score["controls"].as_array().unwrap().len());
    for (e, s) in controls.iter().zip(score["controls"].as_array().unwrap()) {
        assert_eq!(e["id"], s["id"]);
        assert_eq!(e["credit"], s["credit"], "{}", e["id"]);
        assert_eq!(e["weight"], s["weight"], "{}", e["id"]);
        assert_eq!(e["weight_source"], s["weight_source"], "{}", e["id"]);
    }
    assert_eq!(explained["overall"]["score"], score["overall"]["score"]);
    assert_eq!(explained["overall"]["points"], score["overall"]["points"]);
    assert_eq!(
        explained["overall"]["max_points"],
        score["overall"]["max_points"]
    );
    assert_eq!(explained["verdict"]["verdict"], score["overall"]["verdict"]);
    assert_eq!(
        explained["verdict"]["blocking"],
        score["overall"]["blocking"]
    );
    // The profile's weight for TEC-07 (8) is clause 9; the catalog's is clause 5.
    let tec07 = controls.iter().find(|c| c["id"] == "TEC-07").unwrap();
    assert_eq!(
        (tec07["weight"].as_u64(), tec07["weight_clause"].as_str()),
        (Some(8), Some("9"))
    );
    let org01 = controls.iter().find(|c| c["id"] == "ORG-01").unwrap();
    assert_eq!(org01["weight_clause"], "5");
}

#[test]
fn a_control_with_an_expired_document_names_it() {
    let v = json(&["--explain", "TEC-13"]);
    let c = &v["controls"][0];
    assert_eq!(c["id"], "TEC-13");
    assert_eq!(c["case"], "implemented-without-valid-document");
    assert_eq!(c["clause"], "4");
    assert_eq!(c["credit"], 0.5);
    assert_eq!(c["documents"][0]["id"], "D-VA2025");
    assert_eq!(c["documents"][0]["validity"], "expired");
    assert_eq!(v["controls"].as_array().unwrap().len(), 1);
}

#[test]
fn the_text_explanation_quotes_the_clauses() {
    let out = sansho()
        .args([
            "score",
            TYPICAL,
            "--as-of",
            "2026-12-01",
            "--explain",
            "TEC-07",
            "TEC-13",
            "EMG-02",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!("explain_text", String::from_utf8(out.stdout).unwrap());
    let out = sansho()
        .args([
            "score",
            TYPICAL,
            "--as-of",
            "2026-12-01",
            "--lang",
            "en",
            "--explain",
            "TEC-13",
        ])
        .output()
        .unwrap();
    insta::assert_snapshot!("explain_text_en", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn a_planned_control_is_measured_against_the_horizon() {
    let v = json(&["--explain"]);
    let planned: Vec<&serde_json::Value> = v["controls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "planned")
        .collect();
    assert!(!planned.is_empty());
    for c in planned {
        assert_eq!(c["planned"]["horizon"], "2027-12-01", "{}", c["id"]);
        let within = c["planned"]["date"]
            .as_str()
            .is_some_and(|d| d <= "2027-12-01");
        assert_eq!(c["planned"]["within_horizon"], within, "{}", c["id"]);
    }
}

#[test]
fn unknown_controls_and_markdown_are_usage_errors() {
    sansho()
        .args(["score", TYPICAL, "--explain", "TEC-7"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("TEC-7").and(predicate::str::contains("TEC-07")));
    sansho()
        .args(["score", TYPICAL, "--explain", "--format", "md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format text|json"));
}
