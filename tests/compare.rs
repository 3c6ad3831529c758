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
    assert_eq!(
        out.status.code(),
        Some(1),
        "two vendors fail the profile: {}",
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

/// The cells of a text-table row: columns are separated by two or more spaces.
fn text_cells(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn text_and_csv_tables() {
    let out = sansho()
        .arg("compare")
        .args(SAMPLES)
        .args(["--as-of", "2026-12-01"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("TEC 技術的安全管理対策"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        text_cells(lines[0])[..3],
        ["順位", "事業者 / サービス", "判定"]
    );
    // The verdict column, cell by cell (a substring test would find 適合 inside 不適合).
    let verdicts: Vec<&str> = lines[2..5].iter().map(|l| text_cells(l)[2]).collect();
    assert_eq!(verdicts, ["適合", "条件付き適合", "不適合"]);
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
        lines[0]
            .starts_with("#,vendor / service,verdict,overall,profile,critical,major,warnings,ORG,"),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with(",file"));
    assert_eq!(lines.len(), 4);
    let first: Vec<&str> = lines[1].split(',').collect();
    assert_eq!((first[2], first[3]), ("conformant", "99.5"), "{}", lines[1]);
}

#[test]
fn one_file_is_enough() {
    sansho()
        .args([
            "compare",
            SAMPLES[1],
            "--as-of",
            "2026-12-01",
            "--format",
            "json",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"verdict\": \"conformant\""));
}

#[test]
fn invalid_files_are_reported_and_skipped_unless_strict() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[vendor]\nname = \"x\"\n").unwrap();
    let missing = dir.path().join("missing.toml");
    // Not fatal: the valid file is compared, the others are named on stderr and listed.
    let out = sansho()
        .arg("compare")
        .arg(SAMPLES[0])
        .arg(&bad)
        .arg(&missing)
        .args(["--as-of", "2026-12-01", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml") && err.contains("missing.toml") && err.contains("service"),
        "{err}"
    );
    assert!(err.contains("除外"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["vendors"].as_array().unwrap().len(), 1);
    let skipped: Vec<&str> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    assert_eq!(skipped.len(), 2);
    assert!(skipped[0].ends_with("bad.toml") && skipped[1].ends_with("missing.toml"));
    // --strict: nothing is compared.
    sansho()
        .arg("compare")
        .arg(SAMPLES[0])
        .arg(&bad)
        .arg("--strict")
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("bad.toml"));
    // Nothing valid at all: exit 2 as well.
    sansho()
        .arg("compare")
        .arg(&bad)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty());
}

#[test]
fn a_vendor_failing_the_profile_exits_1_and_warnings_are_mentioned() {
    sansho()
        .arg("compare")
        .args(SAMPLES)
        .args([
            "--as-of",
            "2026-12-01",
            "--profile",
            "samples/profiles/university-hospital.toml",
        ])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("調達要件を満たさない事業者が 2 社")
                .and(predicate::str::contains("警告: 2 件のファイル")),
        );
    // Only the strong vendor: it meets the profile.
    sansho()
        .args(["compare", SAMPLES[1], "--as-of", "2026-12-01"])
        .args(["--profile", "samples/profiles/university-hospital.toml"])
        .assert()
        .code(0);
}

#[test]
fn the_comparison_document_in_markdown() {
    let out = sansho()
        .arg("compare")
        .args(SAMPLES)
        .args([
            "--as-of",
            "2026-12-01",
            "--profile",
            "samples/profiles/university-hospital.toml",
        ])
        .args(["--format", "md", "--only-differences"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the profile is not met by two vendors"
    );
    let md = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("compare_md_profile_differences", md);
}

/// `n` vendors made from the samples, each with its own name, in a temporary folder.
fn many(n: usize) -> (tempfile::TempDir, Vec<std::path::PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let texts: Vec<String> = ["strong", "typical", "weak"]
        .iter()
        .map(|s| std::fs::read_to_string(format!("samples/{s}/evidence.toml")).unwrap())
        .collect();
    let files = (0..n)
        .map(|i| {
            let t = &texts[i % 3];
            let start = t.find("\nname = \"").unwrap() + 1;
            let end = start + t[start..].find('\n').unwrap();
            let text = format!("{}name = \"事業者{:03}\"{}", &t[..start], i + 1, &t[end..]);
            let p = dir.path().join(format!("v{i:03}.toml"));
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect();
    (dir, files)
}

#[test]
fn the_pdf_matrix_splits_many_vendors_over_pages_with_the_ids_repeated() {
    let (dir, files) = many(60);
    let pdf = dir.path().join("comparison.pdf");
    sansho()
        .arg("compare")
        .args(&files)
        .args(["--as-of", "2026-12-01", "--format", "pdf", "-o"])
        .arg(&pdf)
        .assert()
        .code(0);
    let doc = lopdf::Document::load(&pdf).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let texts: Vec<String> = pages
        .iter()
        .map(|p| doc.extract_text(&[*p]).unwrap_or_default())
        .collect();
    // 60 vendors: three parts of the matrix (25 + 25 + 10 columns), each with the ID column.
    for caption in ["1-25 (1/3)", "26-50 (2/3)", "51-60 (3/3)"] {
        assert!(
            texts.iter().any(|t| t.contains(caption)),
            "{caption} missing"
        );
    }
    let with_org01 = texts.iter().filter(|t| t.contains("ORG-01")).count();
    assert!(
        with_org01 >= 3,
        "ORG-01 starts each part of the matrix ({with_org01} pages)"
    );
    // The same input gives the same bytes.
    let again = dir.path().join("again.pdf");
    sansho()
        .arg("compare")
        .args(&files)
        .args(["--as-of", "2026-12-01", "--format", "pdf", "-o"])
        .arg(&again)
        .assert()
        .code(0);
    assert_eq!(std::fs::read(&pdf).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn hostile_vendor_text_stays_inert_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let t = std::fs::read_to_string(SAMPLES[2]).unwrap().replacen(
        "name = \"株式会社ミドリ医療システム\"",
        "name = \"<script>alert(1)</script> | {{ x }}\"",
        1,
    );
    let p = dir.path().join("evil.toml");
    std::fs::write(&p, t).unwrap();
    let out = sansho()
        .arg("compare")
        .arg(&p)
        .args(["--as-of", "2026-12-01", "--format", "html"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        html.contains("{{ x }}"),
        "template syntax is printed, not evaluated"
    );
}

#[test]
fn pdf_needs_an_output_file() {
    sansho()
        .args(["compare", SAMPLES[0], "--format", "pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o"));
}
