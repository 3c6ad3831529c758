//! `sansho verify FILE` and `sansho verify --manifest M`, through the real binary: the
//! samples, a tampered document, a missing file, an expired certificate, manifests written
//! and re-checked after changes.

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

/// A copy of a sample's folder (evidence file and documents).
fn copy_sample(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    copy_dir(&src, dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn verify_json(file: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let out = sansho()
        .arg("verify")
        .arg(file)
        .args(["--as-of", "2026-12-01", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), v)
}

fn doc<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("{id} listed"))
}

#[test]
fn every_sample_document_matches_its_hash() {
    for s in ["strong", "typical", "weak"] {
        let file =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("samples/{s}/evidence.toml"));
        let (code, v) = verify_json(&file, &[]);
        assert_eq!(code, 0, "{s}: {v:#}");
        assert_eq!(v["failed"], false);
        for d in v["documents"].as_array().unwrap() {
            if d["path"].is_string() {
                assert_eq!(d["file"], "match", "{s} {}", d["id"]);
                assert_eq!(d["actual_sha256"], d["declared_sha256"]);
            }
        }
    }
}

#[test]
fn a_tampered_document_and_a_missing_file_fail_and_are_named() {
    let dir = copy_sample("typical");
    std::fs::write(
        dir.path().join("docs/isms-certificate.md"),
        "差し替えられた文書\n",
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("docs/bcp.md")).unwrap();
    let file = dir.path().join("evidence.toml");
    let (code, v) = verify_json(&file, &[]);
    assert_eq!(code, 1);
    assert_eq!(v["failed"], true);
    assert_eq!(doc(&v, "D-ISMS")["file"], "mismatch");
    assert_eq!(doc(&v, "D-BCP")["file"], "missing");
    assert_eq!(doc(&v, "D-POLICY")["file"], "match");
    // The text names both, with the loader's words for the missing one.
    sansho()
        .arg("verify")
        .arg(&file)
        .args(["--as-of", "2026-12-01"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("✗ D-ISMS")
                .and(predicate::str::contains("SHA-256 不一致"))
                .and(predicate::str::contains("✗ D-BCP"))
                .and(predicate::str::contains("が見つかりません")),
        );
}

#[test]
fn expired_and_expiring_certificates_are_flagged_without_failing() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/typical/evidence.toml");
    let (code, v) = verify_json(&file, &[]);
    assert_eq!(code, 0);
    let va = doc(&v, "D-VA2025");
    assert_eq!(va["dates"], "expired");
    assert_eq!(va["days_left"], -154);
    // TEC-13's only evidence is the expired report.
    let unsupported: Vec<&str> = v["unsupported_controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(unsupported.contains(&"TEC-13"), "{unsupported:?}");
    // D-POLICY and D-OPS expire on 2027-03-31: 120 days after the as-of date.
    let (_, v) = verify_json(&file, &["--expiring-within", "120"]);
    assert_eq!(doc(&v, "D-POLICY")["dates"], "expiring-soon");
    assert_eq!(doc(&v, "D-POLICY")["days_left"], 120);
    let (_, v) = verify_json(&file, &["--expiring-within", "119"]);
    assert_eq!(doc(&v, "D-POLICY")["dates"], "valid");
}

#[test]
fn a_document_without_a_hash_is_reported() {
    let dir = copy_sample("typical");
    let file = dir.path().join("evidence.toml");
    let text = std::fs::read_to_string(&file).unwrap().replacen(
        "sha256 = \"ec9e286e9116c4b8be956a35db6e55ab4f410770b43443b349a502c285bad96e\"\n",
        "",
        1,
    );
    std::fs::write(&file, text).unwrap();
    let (code, v) = verify_json(&file, &[]);
    assert_eq!(code, 0, "no hash to compare is not a mismatch");
    assert_eq!(doc(&v, "D-POLICY")["file"], "no-hash");
    assert!(doc(&v, "D-POLICY")["actual_sha256"]
        .as_str()
        .unwrap()
        .starts_with("ec9e286e"));
}

#[test]
fn a_path_out_of_the_folder_is_refused_by_the_loader() {
    let dir = copy_sample("typical");
    let file = dir.path().join("evidence.toml");
    let text = std::fs::read_to_string(&file).unwrap().replacen(
        "path = \"docs/security-policy.md\"",
        "path = \"../../etc/passwd\"",
        1,
    );
    std::fs::write(&file, text).unwrap();
    sansho()
        .arg("verify")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E-DOC-PATH-ESCAPES"));
}

#[test]
fn a_manifest_is_written_and_re_checked_later() {
    let dir = copy_sample("typical");
    let file = dir.path().join("evidence.toml");
    let audit = dir.path().join("audit");
    std::fs::create_dir(&audit).unwrap();
    let manifest = audit.join("manifest.json");
    sansho()
        .arg("verify")
        .arg(&file)
        .args(["--as-of", "2026-12-01", "--manifest"])
        .arg(&manifest)
        .assert()
        .code(0);
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    assert_eq!(m["format"], "sansho-manifest/1");
    assert_eq!(m["as_of"], "2026-12-01");
    assert_eq!(
        m["evidence"]["path"], "../evidence.toml",
        "relative to the manifest"
    );
    assert_eq!(m["verdict"], "conditional");
    let declared = std::fs::read_to_string(&file)
        .unwrap()
        .matches("[[documents]]")
        .count();
    assert_eq!(m["documents"].as_array().unwrap().len(), declared);
    // Not over an existing manifest without --force.
    sansho()
        .arg("verify")
        .arg(&file)
        .arg("--manifest")
        .arg(&manifest)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    // Later, from anywhere: everything as recorded.
    let recheck = |expect: i32| {
        let out = sansho()
            .current_dir("/")
            .arg("verify")
            .arg("--manifest")
            .arg(&manifest)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(expect),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let v = recheck(0);
    assert_eq!(v["failed"], false);
    // A document replaced afterwards.
    std::fs::write(dir.path().join("docs/bcp.md"), "別の内容\n").unwrap();
    let v = recheck(1);
    let failed: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["outcome"] != "ok" && c["outcome"] != "note")
        .map(|c| c["subject"].as_str().unwrap())
        .collect();
    assert_eq!(failed, ["D-BCP (docs/bcp.md)"]);
    // The evidence file edited afterwards (a regressed answer changes the score too).
    let text = std::fs::read_to_string(&file).unwrap();
    let at = text.find("[answers.TEC-10]").unwrap();
    let edited = format!(
        "{}{}",
        &text[..at],
        text[at..].replacen(
            "status = \"implemented\"",
            "status = \"not_implemented\"",
            1
        )
    );
    std::fs::write(&file, edited).unwrap();
    let v = recheck(1);
    let subjects: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["outcome"] == "mismatch")
        .map(|c| c["subject"].as_str().unwrap())
        .collect();
    assert!(subjects.contains(&"../evidence.toml"), "{subjects:?}");
    assert!(subjects.contains(&"score"), "{subjects:?}");
}

#[test]
fn a_foreign_file_is_not_a_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.json");
    std::fs::write(&m, "{\"format\": \"something-else\"}").unwrap();
    sansho()
        .arg("verify")
        .arg("--manifest")
        .arg(&m)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E-AUDIT-MANIFEST"));
    sansho()
        .arg("verify")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--manifest"));
}

#[test]
fn every_audit_command_has_examples_in_its_help() {
    for cmd in ["diff", "verify", "keygen", "bundle", "compare"] {
        sansho().args([cmd, "--help"]).assert().success().stdout(
            predicate::str::contains("例 / Examples:")
                .and(predicate::str::contains(format!("sansho {cmd} "))),
        );
    }
}
