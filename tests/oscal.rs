//! OSCAL exports through the real binary, checked by an independent implementation:
//! compliance-trestle's pydantic models of OSCAL 1.2.1 (installed by `scripts/test.sh` in
//! `target/test-tools/trestle-venv`) load every exported file — the catalog, every profile,
//! and the assessment results and POA&M of every sample — and reject anything invalid.

mod support;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const SAMPLES: [&str; 3] = ["strong", "typical", "weak"];
const PROFILES: [&str; 2] = ["university-hospital", "clinic"];
const AS_OF: &str = "2026-12-01";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sansho() -> Command {
    let mut c = Command::cargo_bin("sansho").unwrap();
    c.env("SOURCE_DATE_EPOCH", "1931299200")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .current_dir(root());
    c
}

fn export(model: &str, file: Option<&str>, extra: &[&str], out: &Path) {
    let mut c = sansho();
    c.args(["export", "oscal", "--model", model]);
    if let Some(f) = file {
        c.arg(f);
    }
    let o = c
        .args(extra)
        .args(["--as-of", AS_OF, "-o"])
        .arg(out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{model}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Every export: (model, path).
fn export_all(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for lang in ["ja", "en"] {
        let p = dir.join(format!("catalog-{lang}.json"));
        export("catalog", None, &["--lang", lang], &p);
        out.push(("catalog".to_string(), p));
    }
    for prof in PROFILES {
        let p = dir.join(format!("profile-{prof}.json"));
        let file = format!("samples/profiles/{prof}.toml");
        export("profile", Some(&file), &[], &p);
        out.push(("profile".to_string(), p));
    }
    for s in SAMPLES {
        let file = format!("samples/{s}/evidence.toml");
        for (model, extra) in [
            ("assessment-results", vec![]),
            ("poam", vec![]),
            (
                "assessment-results",
                vec!["--profile", "samples/profiles/university-hospital.toml"],
            ),
        ] {
            let tag = if extra.is_empty() { "" } else { "-profile" };
            let p = dir.join(format!("{model}-{s}{tag}.json"));
            export(model, Some(&file), &extra, &p);
            out.push((model.to_string(), p));
        }
    }
    out
}

/// Runs compliance-trestle over the files; returns (success, output).
fn trestle(files: &[(String, PathBuf)]) -> Option<(bool, String)> {
    let python = support::tools_dir().join("trestle-venv/bin/python");
    if !python.is_file() {
        assert!(
            !support::required(),
            "compliance-trestle is required (SANSHO_REQUIRE_TOOLS=1) but {} is missing; scripts/test.sh installs it",
            python.display()
        );
        eprintln!("skipped: compliance-trestle is not installed (run scripts/test.sh)");
        return None;
    }
    let mut c = std::process::Command::new(python);
    c.arg(root().join("tests/oscal_check.py"));
    for (model, path) in files {
        c.arg(model).arg(path);
    }
    let o = c.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    Some((o.status.success(), text))
}

#[test]
fn compliance_trestle_accepts_every_export() {
    let dir = tempfile::tempdir().unwrap();
    let files = export_all(dir.path());
    let Some((ok, text)) = trestle(&files) else {
        return;
    };
    assert!(ok, "{text}");
    assert_eq!(
        text.matches("\nok ").count() + usize::from(text.starts_with("ok ")),
        files.len(),
        "{text}"
    );
}

#[test]
fn compliance_trestle_rejects_a_broken_document() {
    // The check can fail: the same catalog with one unknown key and one missing field.
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("catalog.json");
    export("catalog", None, &[], &good);
    let mut v = json(&good);
    v["catalog"]["metadata"]["colour"] = Value::from("blue");
    let extra = dir.path().join("extra.json");
    std::fs::write(&extra, v.to_string()).unwrap();
    let mut v = json(&good);
    v["catalog"].as_object_mut().unwrap().remove("metadata");
    let missing = dir.path().join("missing.json");
    std::fs::write(&missing, v.to_string()).unwrap();
    for bad in [extra, missing] {
        let Some((ok, text)) = trestle(&[("catalog".to_string(), bad.clone())]) else {
            return;
        };
        assert!(!ok, "{} was accepted: {text}", bad.display());
        assert!(text.contains("REJECTED"), "{text}");
    }
}

#[test]
fn the_same_input_gives_the_same_json() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir(&a).unwrap();
    std::fs::create_dir(&b).unwrap();
    let first = export_all(&a);
    let second = export_all(&b);
    for ((_, x), (_, y)) in first.iter().zip(&second) {
        assert!(
            std::fs::read(x).unwrap() == std::fs::read(y).unwrap(),
            "{}",
            x.display()
        );
    }
    // Different evidence gives different document UUIDs.
    let ar = |s: &str| json(&a.join(format!("assessment-results-{s}.json")));
    let uuid = |v: &Value| {
        v["assessment-results"]["uuid"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_ne!(uuid(&ar("strong")), uuid(&ar("weak")));
    let u = uuid(&ar("strong"));
    assert_eq!(&u[14..15], "5", "a version-5 UUID: {u}");
}

#[test]
fn the_catalog_carries_areas_levels_and_truth_marks() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("catalog.json");
    export("catalog", None, &[], &p);
    let v = json(&p);
    let c = &v["catalog"];
    assert_eq!(c["metadata"]["oscal-version"], "1.2.1");
    let cat = sansho::catalog::load(&sansho::catalog::CatalogSource::Embedded).unwrap();
    let groups = c["groups"].as_array().unwrap();
    assert_eq!(groups.len(), cat.areas.len());
    let controls: Vec<&Value> = groups
        .iter()
        .flat_map(|g| g["controls"].as_array().into_iter().flatten())
        .collect();
    assert_eq!(controls.len(), cat.controls.len() + cat.withdrawn.len());
    let first = &cat.controls[0];
    let oc = controls
        .iter()
        .find(|x| x["id"] == first.id.as_str())
        .unwrap();
    let props = oc["props"].as_array().unwrap();
    let prop = |name: &str| {
        props
            .iter()
            .filter(|p| p["name"] == name)
            .map(|p| p["value"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(prop("level"), vec![first.level.as_str().to_string()]);
    assert_eq!(prop("weight"), vec![first.weight().to_string()]);
    let checked: Vec<String> = first.refs.iter().map(|r| r.checked.to_string()).collect();
    assert_eq!(prop("ref-checked"), checked);
    let statement = oc["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "statement")
        .unwrap();
    assert_eq!(statement["prose"], first.requirement.as_str());
    for w in &cat.withdrawn {
        let x = controls.iter().find(|x| x["id"] == w.id.as_str()).unwrap();
        assert!(x["props"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "status" && p["value"] == "withdrawn"));
    }
}

#[test]
fn results_copy_the_score_report_and_link_documents_by_hash() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ar.json");
    export(
        "assessment-results",
        Some("samples/typical/evidence.toml"),
        &[],
        &p,
    );
    let v = json(&p);
    let score = sansho()
        .args([
            "score",
            "samples/typical/evidence.toml",
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&score.stdout).unwrap();
    let result = &v["assessment-results"]["results"][0];
    let props = result["props"].as_array().unwrap();
    let overall = props.iter().find(|p| p["name"] == "overall-score").unwrap();
    let want = report["overall"]["score"].as_f64().unwrap();
    assert_eq!(
        overall["value"].as_str().unwrap().parse::<f64>().unwrap(),
        want
    );
    let verdict = props.iter().find(|p| p["name"] == "verdict").unwrap();
    assert_eq!(verdict["value"], report["overall"]["verdict"]);
    // Every relevant-evidence link resolves to a back-matter resource with the document's hash.
    let resources = v["assessment-results"]["back-matter"]["resources"]
        .as_array()
        .unwrap();
    let mut links = 0;
    for o in result["observations"].as_array().unwrap() {
        for e in o["relevant-evidence"].as_array().into_iter().flatten() {
            links += 1;
            let href = e["href"].as_str().unwrap().trim_start_matches('#');
            let r = resources
                .iter()
                .find(|r| r["uuid"] == href)
                .expect("resolves");
            let hash = &r["rlinks"][0]["hashes"][0];
            assert_eq!(hash["algorithm"], "SHA-256");
            assert_eq!(hash["value"].as_str().unwrap().len(), 64);
        }
    }
    assert!(links > 50, "{links}");
    // A finding per scored control, with the report's credit.
    let findings = result["findings"].as_array().unwrap();
    let scored: Vec<&Value> = report["controls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["applicable"] == true && !c["credit"].is_null())
        .collect();
    assert_eq!(findings.len(), scored.len());
    // The disclosure's front matter, revisions and SLA values are carried too.
    let evidence: toml::Table = toml::from_str(
        &std::fs::read_to_string(root().join("samples/typical/evidence.toml")).unwrap(),
    )
    .unwrap();
    let meta = &v["assessment-results"]["metadata"];
    let revisions = evidence
        .get("revisions")
        .and_then(|r| r.as_array())
        .map_or(0, Vec::len);
    assert_eq!(meta["revisions"].as_array().map_or(0, Vec::len), revisions);
    let sla = evidence["sla"].as_table().unwrap();
    let sla_props = props.iter().filter(|p| p["name"] == "sla").count();
    assert_eq!(sla_props, sla.len());
    if let Some(class) = evidence
        .get("disclosure")
        .and_then(|d| d.get("vendor_class"))
        .and_then(|c| c.as_str())
    {
        let got = meta["props"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "vendor-class")
            .unwrap();
        assert_eq!(got["value"], class);
    }
}

#[test]
fn the_poam_lists_every_planned_answer_and_gap() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("poam.json");
    export("poam", Some("samples/weak/evidence.toml"), &[], &p);
    let v = json(&p);
    let score = sansho()
        .args([
            "score",
            "samples/weak/evidence.toml",
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&score.stdout).unwrap();
    let gaps: Vec<&str> = report["controls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            c["status"] == "planned"
                || (c["applicable"] == true && c["credit"].as_f64().is_some_and(|x| x < 1.0))
        })
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let items = v["plan-of-action-and-milestones"]["poam-items"]
        .as_array()
        .unwrap();
    assert_eq!(items.len(), gaps.len());
    let planned = items
        .iter()
        .filter(|i| {
            i["props"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == "target-date")
        })
        .count();
    let want = report["controls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "planned")
        .count();
    assert_eq!(planned, want);
    assert!(items.iter().all(|i| i["props"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "responsibility")));
}

#[test]
fn a_model_without_its_file_is_a_usage_error() {
    let o = sansho()
        .args(["export", "oscal", "--model", "poam", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("エビデンスファイル"));
}
