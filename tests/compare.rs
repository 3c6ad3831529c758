//! `sansho compare`: several vendors side by side, through the real binary.

use assert_cmd::Command;
use predicates::prelude::*;

const SAMPLES: [&str; 3] = [
    "samples/weak/evidence.toml",
    "samples/strong/evidence.toml",
    "samples/typical/evidence.toml",
];

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

#[test]
fn vendors_are_ranked_by_profile_verdict_and_score() {
    let out = sansho()
        .arg("compare")
        .args(SAMPLES)
        .args([
            "--as-of",
            "2026-12-01",
            "--profile",
            "samples/profiles/university-hospital.toml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["as_of"], "2026-12-01");
    let vendors = v["vendors"].as_array().unwrap();
    let files: Vec<&str> = vendors
        .iter()
        .map(|x| x["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "samples/strong/evidence.toml",
            "samples/typical/evidence.toml",
            "samples/weak/evidence.toml"
        ]
    );
    assert_eq!(vendors[0]["profile"]["pass"], true);
    assert_eq!(vendors[1]["profile"]["pass"], false);
    assert!(vendors[2]["profile"]["failures"].as_u64().unwrap() > 0);
    // Each row carries the same numbers `sansho score` gives for that file.
    for x in vendors {
        let one = sansho()
            .args([
                "score",
                x["file"].as_str().unwrap(),
                "--as-of",
                "2026-12-01",
                "--format",
                "json",
            ])
            .args(["--profile", "samples/profiles/university-hospital.toml"])
            .output()
            .unwrap();
        let s: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
        assert_eq!(x["score"], s["overall"]["score"], "{}", x["file"]);
        assert_eq!(x["verdict"], s["overall"]["verdict"], "{}", x["file"]);
    }
    // Areas out of every vendor's scope are left out; PHR is in nobody's scope.
    assert!(vendors[0]["areas"].get("phr").is_none());
    assert!(
        vendors[2]["areas"]["esignature"].is_null(),
        "weak has no e-signature scope"
    );
}

#[test]
fn text_and_csv_tables() {
    sansho()
        .arg("compare")
        .args(SAMPLES)
        .args(["--as-of", "2026-12-01"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("順位")
                // 適合 as a cell of its own, not inside 不適合 or 条件付き適合.
                .and(predicate::str::is_match(r"(?m)(^|  )適合(  |$)").unwrap())
                .and(predicate::str::contains("TEC 技術的安全管理対策")),
        );
    let out = sansho()
        .arg("compare")
        .args(SAMPLES)
        .args(["--as-of", "2026-12-01", "--format", "csv", "--lang", "en"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    let csv = csv
        .strip_prefix('\u{feff}')
        .expect("CSV starts with a BOM for Excel");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("#,vendor / service,verdict,overall,profile,critical,major,ORG,"),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with(",file"));
    assert_eq!(lines.len(), 4);
    let first: Vec<&str> = lines[1].split(',').collect();
    assert_eq!((first[2], first[3]), ("conformant", "99.5"), "{}", lines[1]);
}

#[test]
fn every_invalid_file_is_reported_and_nothing_is_compared() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[vendor]\nname = \"x\"\n").unwrap();
    sansho()
        .arg("compare")
        .arg(SAMPLES[0])
        .arg(&bad)
        .arg(dir.path().join("missing.toml"))
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("bad.toml")
                .and(predicate::str::contains("missing.toml"))
                .and(predicate::str::contains("service")),
        );
}
