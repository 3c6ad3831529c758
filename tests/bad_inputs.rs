//! The bad-input corpus (`tests/bad/`): hostile and broken evidence files, profiles, user
//! catalogs and templates, each run through the real binary in a fresh folder.
//!
//! For every case: the documented exit code (2 for bad input, 0 where an encoding or a hostile
//! text is accepted), the diagnostic code, the location (line:column, path in the document or
//! file name), a phrase of the message, no panic, and nothing written. The static cases and
//! their expectations are in `tests/bad/cases.toml`; cases that must be generated (a 50 MB
//! file, 100 000-level nesting, FIFOs, symbolic links, user catalogs) are built below.

use assert_cmd::Command;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One case, as `tests/bad/cases.toml` writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    file: String,
    #[serde(default = "validate")]
    run: String,
    #[serde(default = "two")]
    exit: i32,
    #[serde(default)]
    code: String,
    #[serde(default)]
    at: String,
    #[serde(default)]
    says: String,
    #[serde(default)]
    absent: Vec<String>,
}

fn validate() -> String {
    "validate".into()
}

fn two() -> i32 {
    2
}

#[derive(Deserialize)]
struct Corpus {
    case: Vec<Case>,
}

/// Every file under `dir` with its size, to prove that a run wrote nothing.
fn listing(dir: &Path) -> BTreeMap<PathBuf, u64> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let meta = std::fs::symlink_metadata(e.path()).unwrap();
            if meta.is_dir() {
                stack.push(e.path());
            }
            out.insert(
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                meta.len(),
            );
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Runs one case in `dir` (which holds its input) and checks every expectation; returns
/// the failures (empty when the case passes).
fn check(case: &Case, dir: &Path) -> Vec<String> {
    let sample = root().join("samples/typical/evidence.toml");
    let mut cmd = Command::cargo_bin("sansho").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1931299200")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("RUST_BACKTRACE");
    let as_of = ["--as-of", "2026-12-01"];
    let mut output_file = None;
    match case.run.as_str() {
        "validate" => {
            cmd.arg("validate").arg(&case.file).args(as_of);
        }
        "validate-files" => {
            cmd.arg("validate")
                .arg(&case.file)
                .args(as_of)
                .arg("--check-files");
        }
        "profile" => {
            cmd.arg("score")
                .arg(&sample)
                .arg("--profile")
                .arg(&case.file)
                .args(as_of);
        }
        "render" => {
            output_file = Some("out.html");
            cmd.arg("render")
                .arg(&case.file)
                .args(["--doc", "disclosure", "--format", "html", "-o", "out.html"])
                .args(as_of);
        }
        "templates" => {
            output_file = Some("out.md");
            cmd.arg("render")
                .arg(&sample)
                .args(["--doc", "disclosure", "--templates"])
                .arg(&case.file)
                .args(["-o", "out.md"])
                .args(as_of);
        }
        "import-xlsx" => {
            output_file = Some("out.toml");
            cmd.args(["import", "xlsx"])
                .arg(&case.file)
                .args(["-o", "out.toml"])
                .args(as_of);
        }
        "controls" => {
            cmd.arg("--controls")
                .arg(&case.file)
                .args(["controls", "list"]);
        }
        other => panic!("unknown run {other}"),
    }
    let before = listing(dir);
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut fails = Vec::new();
    let mut fail = |what: String| fails.push(format!("{}: {what}", case.file));
    if out.status.code() != Some(case.exit) {
        fail(format!("exit {:?}, want {}", out.status.code(), case.exit));
    }
    if text.contains("panicked") || text.contains("RUST_BACKTRACE") {
        fail("panicked".into());
    }
    if !case.code.is_empty() && !text.contains(&format!("[{}]", case.code)) {
        fail(format!("no [{}]", case.code));
    }
    if !case.at.is_empty() {
        let located = if case.at.contains(':')
            && case.at.split(':').all(|p| p.parse::<u32>().is_ok())
        {
            // The line:column is on the line after the headline of the expected code.
            text.split(&format!("[{}]", case.code))
                .skip(1)
                .any(|after| {
                    after
                        .lines()
                        .nth(1)
                        .is_some_and(|l| l.contains(&format!(":{}", case.at)))
                })
        } else {
            text.contains(&format!("--> {}", case.at)) || text.contains(&format!("({})", case.at))
        };
        if !located {
            fail(format!("not located at {}", case.at));
        }
    }
    if !case.says.is_empty() && !text.contains(&case.says) {
        fail(format!("does not say {:?}", case.says));
    }
    // Text output is bounded, and never carries raw control characters.
    if text.len() > 200_000 {
        fail(format!("{} bytes of output", text.len()));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        fail("raw control characters on the terminal".into());
    }
    let mut after = listing(dir);
    if let Some(f) = output_file {
        let written = after.remove(Path::new(f)).is_some();
        if written != (case.exit == 0) {
            fail(format!(
                "{f} written: {written}, exit {:?}",
                out.status.code()
            ));
        }
        if written {
            let doc = std::fs::read_to_string(dir.join(f)).unwrap();
            for a in &case.absent {
                if doc.contains(a.as_str()) {
                    fail(format!("{f} contains {a:?}"));
                }
            }
        }
    }
    if before != after {
        fail(format!("files changed: {before:?} → {after:?}"));
    }
    fails
}

#[test]
fn every_bad_input_is_refused_with_its_code_and_location() {
    let bad = root().join("tests/bad");
    let corpus: Corpus =
        toml::from_str(&std::fs::read_to_string(bad.join("cases.toml")).unwrap()).unwrap();
    // Every file of the corpus has a case.
    let listed: Vec<&str> = corpus.case.iter().map(|c| c.file.as_str()).collect();
    for e in std::fs::read_dir(&bad).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        assert!(
            name == "cases.toml" || listed.contains(&name.as_str()),
            "tests/bad/{name} has no case in cases.toml"
        );
    }
    let mut failures = Vec::new();
    let mut n = 0;
    for case in &corpus.case {
        let dir = tempfile::tempdir().unwrap();
        let src = bad.join(&case.file);
        if src.is_dir() {
            copy_dir(&src, &dir.path().join(&case.file));
        } else {
            std::fs::copy(&src, dir.path().join(&case.file)).unwrap();
        }
        failures.extend(check(case, dir.path()));
        n += 1;
    }
    for (case, setup) in generated() {
        let dir = tempfile::tempdir().unwrap();
        setup(dir.path());
        failures.extend(check(&case, dir.path()));
        n += 1;
    }
    assert!(n >= 40, "{n} cases");
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

type Setup = Box<dyn Fn(&Path)>;

const VENDOR: &str =
    "[vendor]\nname = \"株式会社サンプル\"\nservice = \"S\"\nprepared_on = 2026-11-01\n";

fn case(file: &str, run: &str, exit: i32, code: &str, at: &str, says: &str) -> Case {
    Case {
        file: file.into(),
        run: run.into(),
        exit,
        code: code.into(),
        at: at.into(),
        says: says.into(),
        absent: Vec::new(),
    }
}

/// A copy of the built-in catalog (`controls/`) with one change made by `edit` to one file.
fn catalog(dir: &Path, file: &str, edit: impl Fn(String) -> String) {
    let to = dir.join("controls");
    copy_dir(&root().join("controls"), &to);
    let p = to.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, edit(text)).unwrap();
}

/// Cases too large, too platform-specific or too dependent on other files to commit.
fn generated() -> Vec<(Case, Setup)> {
    let mut v: Vec<(Case, Setup)> = vec![
        (
            case(
                "huge.toml",
                "validate",
                2,
                "E-INPUT-TOO-LARGE",
                "huge.toml",
                "上限 10 MiB",
            ),
            Box::new(|d: &Path| {
                let f = std::fs::File::create(d.join("huge.toml")).unwrap();
                // 50 MB of real bytes (not a sparse file): the reader must stop at the limit.
                let mut w = std::io::BufWriter::new(f);
                let line = format!("# {}\n", "x".repeat(1021));
                for _ in 0..(50 * 1024) {
                    std::io::Write::write_all(&mut w, line.as_bytes()).unwrap();
                }
            }),
        ),
        (
            case(
                "deep.toml",
                "validate",
                2,
                "E-TOML-SYNTAX",
                "5:85",
                "入れ子が深すぎます",
            ),
            Box::new(|d: &Path| {
                let n = 100_000;
                let text = format!("{VENDOR}x = {}1{}\n", "[".repeat(n), "]".repeat(n));
                std::fs::write(d.join("deep.toml"), text).unwrap();
            }),
        ),
        (
            case(
                "deep.json",
                "validate",
                2,
                "E-JSON-SYNTAX",
                "1:128",
                "入れ子が深すぎます",
            ),
            Box::new(|d: &Path| {
                let n = 100_000;
                let text = format!("{}1{}", "[".repeat(n), "]".repeat(n));
                std::fs::write(d.join("deep.json"), text).unwrap();
            }),
        ),
        (
            case(
                "long-key.toml",
                "validate",
                2,
                "E-SCHEMA-UNKNOWN-FIELD",
                "5:1",
                "aaaaaaaaaa…",
            ),
            Box::new(|d: &Path| {
                let text = format!("{VENDOR}{} = 1\n", "a".repeat(1_000_000));
                std::fs::write(d.join("long-key.toml"), text).unwrap();
            }),
        ),
        (
            case(
                "long-line.toml",
                "validate",
                0,
                "W-ANSWERS-MISSING",
                "",
                "検証に成功しました",
            ),
            Box::new(|d: &Path| {
                let text = format!(
                    "{VENDOR}\n[answers.TEC-01]\nstatus = \"partial\"\nstatement = \"{}\"\n",
                    "長い文章。".repeat(400_000)
                );
                std::fs::write(d.join("long-line.toml"), text).unwrap();
            }),
        ),
        (
            case(
                "link.toml",
                "validate",
                2,
                "E-DOC-PATH-ESCAPES",
                "9:8",
                "シンボリックリンク",
            ),
            Box::new(|d: &Path| {
                #[cfg(unix)]
                std::os::unix::fs::symlink("/etc/passwd", d.join("link.pdf")).unwrap();
                let text = format!(
                    "{VENDOR}\n[[documents]]\nid = \"D-1\"\ntitle = \"t\"\npath = \"link.pdf\"\n"
                );
                std::fs::write(d.join("link.toml"), text).unwrap();
            }),
        ),
        (
            case(
                "doc-dir.toml",
                "validate-files",
                2,
                "E-DOC-NOT-FILE",
                "9:8",
                "通常のファイルではありません",
            ),
            Box::new(|d: &Path| {
                std::fs::create_dir(d.join("docs")).unwrap();
                let text = format!(
                    "{VENDOR}\n[[documents]]\nid = \"D-1\"\ntitle = \"t\"\npath = \"docs\"\n"
                );
                std::fs::write(d.join("doc-dir.toml"), text).unwrap();
            }),
        ),
        (
            case(
                "catalog-duplicate",
                "controls",
                2,
                "E-CATALOG-DUPLICATE-ID",
                "",
                "TEC-01",
            ),
            Box::new(|d: &Path| {
                catalog(d, "technical.toml", |t| {
                    let first = t.find("[[controls]]").unwrap();
                    let second = t[first + 1..].find("[[controls]]").unwrap() + first + 1;
                    format!("{t}\n{}", &t[first..second])
                });
                std::fs::rename(d.join("controls"), d.join("catalog-duplicate")).unwrap();
            }),
        ),
        (
            case(
                "catalog-syntax",
                "controls",
                2,
                "E-TOML-SYNTAX",
                "",
                "引用符",
            ),
            Box::new(|d: &Path| {
                catalog(d, "technical.toml", |t| {
                    format!("{t}\n[[controls]]\nid =\n")
                });
                std::fs::rename(d.join("controls"), d.join("catalog-syntax")).unwrap();
            }),
        ),
        (
            case(
                "catalog-unknown-area",
                "controls",
                2,
                "E-CATALOG-UNKNOWN-AREA",
                "",
                "technicl",
            ),
            Box::new(|d: &Path| {
                catalog(d, "technical.toml", |t| {
                    t.replacen("area = \"technical\"", "area = \"technicl\"", 1)
                });
                std::fs::rename(d.join("controls"), d.join("catalog-unknown-area")).unwrap();
            }),
        ),
    ];
    #[cfg(unix)]
    v.push((
        case(
            "doc-fifo.toml",
            "validate-files",
            2,
            "E-DOC-NOT-FILE",
            "9:8",
            "通常のファイルではありません",
        ),
        Box::new(|d: &Path| {
            assert!(std::process::Command::new("mkfifo")
                .arg(d.join("doc.pdf"))
                .status()
                .unwrap()
                .success());
            let text = format!(
                "{VENDOR}\n[[documents]]\nid = \"D-1\"\ntitle = \"t\"\npath = \"doc.pdf\"\n"
            );
            std::fs::write(d.join("doc-fifo.toml"), text).unwrap();
        }),
    ));
    v
}
