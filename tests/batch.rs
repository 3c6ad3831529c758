//! `sansho score --batch …` driven through the real binary: one line per file in input order,
//! an invalid file as a line with its errors (and exit 2 at the end, never an abort), the gates
//! per file, CSV through the project's CSV writer, and the same figures as `score` file by file.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const TYPICAL: &str = "samples/typical/evidence.toml";
const WEAK: &str = "samples/weak/evidence.toml";
const STRONG: &str = "samples/strong/evidence.toml";

fn sansho() -> Command {
    let mut c = Command::cargo_bin("sansho").unwrap();
    // "Today" is pinned away from the --as-of date, so a missing --as-of shows in the scores.
    c.env("SOURCE_DATE_EPOCH", "1931299200") // 2031-03-15
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1");
    c
}

/// `sansho score --as-of 2026-12-01 --batch <paths> <args>`: (exit code, stdout, stderr).
fn batch(paths: &[&Path], args: &[&str]) -> (i32, String, String) {
    let out = sansho()
        .args(["score", "--as-of", "2026-12-01", "--batch"])
        .args(paths)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().expect("exited"),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The overall score and verdict `sansho score FILE --format json` gives one file.
fn single(file: &Path, args: &[&str]) -> (Value, Value) {
    let out = sansho()
        .args(["score", "--as-of", "2026-12-01", "--format", "json"])
        .arg(file)
        .args(args)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    (
        v["overall"]["score"].clone(),
        v["overall"]["verdict"].clone(),
    )
}

/// A folder with valid and invalid files in subfolders, named so that the sorted order differs
/// from the order a file system may list them in.
fn registry() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("b")).unwrap();
    let files = [
        ("a-weak.toml", std::fs::read_to_string(WEAK).unwrap()),
        (
            "b/broken.toml",
            "[vendor]\nname = \"X\"\nservice = \"Y\"\nprepared_on = 2026-02-30\n".to_string(),
        ),
        ("b/strong.toml", std::fs::read_to_string(STRONG).unwrap()),
        ("c-typical.toml", std::fs::read_to_string(TYPICAL).unwrap()),
        ("notes.md", "not evidence\n".to_string()),
    ];
    for (name, text) in &files {
        std::fs::write(root.join(name), text).unwrap();
    }
    let expected = [
        "a-weak.toml",
        "b/broken.toml",
        "b/strong.toml",
        "c-typical.toml",
    ]
    .iter()
    .map(|n| root.join(n))
    .collect();
    (dir, expected)
}

#[test]
fn one_line_per_file_in_input_order_with_the_invalid_file_in_place() {
    let (dir, in_folder) = registry();
    // A file given after the folder comes after the folder's files, even though it sorts first.
    let extra = Path::new(WEAK);
    let (code, stdout, stderr) = batch(&[dir.path(), extra], &[]);
    assert_eq!(code, 2, "an invalid file makes the batch exit 2: {stderr}");
    let got = lines(&stdout);
    let mut expected: Vec<PathBuf> = in_folder.clone();
    expected.push(extra.to_path_buf());
    let files: Vec<&str> = got.iter().map(|l| l["file"].as_str().unwrap()).collect();
    let want: Vec<String> = expected.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(files, want);

    let broken = &got[1];
    assert_eq!(broken["valid"], false);
    assert!(broken["errors"].as_u64().unwrap() >= 1);
    let d = &broken["diagnostics"][0];
    assert_eq!(d["code"], "E-TOML-SYNTAX", "{broken}");
    assert_eq!(
        (d["line"].as_u64(), d["severity"].as_str()),
        (Some(4), Some("error"))
    );
    assert!(stderr.contains("1 / 5"), "{stderr}");

    // Every valid line has the score and verdict `sansho score` gives that file alone.
    for (line, file) in got.iter().zip(&expected) {
        if line["valid"] == true {
            let (score, verdict) = single(file, &[]);
            assert_eq!(
                (&line["score"], &line["verdict"]),
                (&score, &verdict),
                "{file:?}"
            );
        }
    }
    assert!(got[2]["score"].as_f64() > got[0]["score"].as_f64());
}

#[test]
fn the_order_does_not_depend_on_the_number_of_workers() {
    // More files than one window of work per thread, so that results cross hand-overs.
    let (dir, _) = registry();
    let many: Vec<PathBuf> = (0..150)
        .map(|i| match i % 3 {
            0 => PathBuf::from(WEAK),
            1 => dir.path().join("b/broken.toml"),
            _ => PathBuf::from(TYPICAL),
        })
        .collect();
    let refs: Vec<&Path> = many.iter().map(PathBuf::as_path).collect();
    let one = batch(&refs, &["--jobs", "1"]);
    let three = batch(&refs, &["--jobs", "3"]);
    assert_eq!(one, three);
    assert_eq!(one.0, 2);
    let got = lines(&one.1);
    assert_eq!(got.len(), 150);
    for (i, line) in got.iter().enumerate() {
        assert_eq!(line["valid"], i % 3 != 1, "line {i}");
    }
}

#[test]
fn gates_apply_to_each_file_and_exit_1_when_one_misses() {
    let profile = "samples/profiles/university-hospital.toml";
    let files = [Path::new(STRONG), Path::new(TYPICAL)];
    let (code, stdout, _) = batch(&files, &["--profile", profile, "--fail-under", "90"]);
    assert_eq!(code, 1);
    let got = lines(&stdout);
    assert_eq!(got[0]["unmet"], serde_json::json!([]));
    assert_eq!(got[0]["profile"]["pass"], true);
    let unmet: Vec<&str> = got[1]["unmet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap())
        .collect();
    assert_eq!(unmet.len(), 2, "{unmet:?}");
    assert!(unmet[0].starts_with("--fail-under 90"), "{unmet:?}");
    assert!(unmet[1].contains("満たしていません"), "{unmet:?}");
    assert_eq!(got[1]["profile"]["pass"], false);
    // Each line's profile result is the one `score --profile` gives that file.
    let (typical_score, _) = single(Path::new(TYPICAL), &["--profile", profile]);
    assert_eq!(got[1]["score"], typical_score);

    let (code, _, _) = batch(&[Path::new(STRONG)], &["--fail-under", "90"]);
    assert_eq!(code, 0);
}

#[test]
fn csv_has_a_bom_a_header_crlf_and_no_live_formula() {
    let dir = tempfile::tempdir().unwrap();
    let evil = dir.path().join("evil.toml");
    let typical = std::fs::read_to_string(TYPICAL).unwrap();
    let name = typical
        .lines()
        .find(|l| l.starts_with("name = "))
        .expect("vendor name line")
        .to_string();
    let text = typical.replacen(
        &name,
        r#"name = "=HYPERLINK(\"http://evil.example\",\"click\")""#,
        1,
    );
    std::fs::write(&evil, text).unwrap();
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "[vendor]\nname = \"=1+1\"\nservice = 3\n").unwrap();

    let (code, stdout, _) = batch(
        &[Path::new(STRONG), &evil, &broken],
        &["--format", "csv", "--lang", "en"],
    );
    assert_eq!(code, 2);
    let body = stdout.strip_prefix('\u{feff}').expect("a BOM for Excel");
    assert!(
        body.split_inclusive('\n').all(|l| l.ends_with("\r\n")),
        "CRLF records"
    );
    let rows = sansho::csv::read(body);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][..3], ["file", "valid", "vendor"]);
    assert!(rows.iter().all(|r| r.len() == rows[0].len()), "{rows:?}");
    let col = |n: &str| rows[0].iter().position(|h| h == n).unwrap();
    assert_eq!(rows[1][col("valid")], "true");
    let (score, _) = single(Path::new(STRONG), &[]);
    assert_eq!(
        rows[1][col("score")],
        format!("{:.1}", score.as_f64().unwrap())
    );
    assert_eq!(
        rows[2][col("vendor")],
        r#"'=HYPERLINK("http://evil.example","click")"#
    );
    assert_eq!(rows[3][col("valid")], "false");
    assert_ne!(rows[3][col("errors")], "0");
    assert!(
        rows[3][col("first_error")].starts_with("[E-"),
        "{:?}",
        rows[3]
    );

    let (_, no_bom, _) = batch(&[Path::new(STRONG)], &["--format", "csv", "--no-bom"]);
    assert!(no_bom.starts_with("file,valid,"), "{no_bom}");
}

#[test]
fn usage_errors_and_an_empty_folder() {
    let empty = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = batch(&[empty.path()], &[]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("E-BATCH-EMPTY"), "{stderr}");

    let (code, _, stderr) = batch(&[Path::new(TYPICAL)], &["--format", "md"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("jsonl"), "{stderr}");

    let out = sansho()
        .args([
            "score",
            TYPICAL,
            "--as-of",
            "2026-12-01",
            "--format",
            "jsonl",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--batch"));

    let missing = empty.path().join("missing.toml");
    let (code, stdout, _) = batch(&[Path::new(TYPICAL), &missing], &[]);
    assert_eq!(code, 2);
    let got = lines(&stdout);
    assert_eq!(got.len(), 2, "a missing file is a line too");
    assert_eq!(
        (got[0]["valid"].as_bool(), got[1]["valid"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(got[1]["diagnostics"][0]["code"], "E-INPUT-READ");
}
