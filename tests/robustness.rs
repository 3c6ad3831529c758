//! What a hostile or careless user can do to sansho, through the real binary: endless and
//! special inputs, `-` for standard input and output, outputs that are devices or FIFOs, a
//! kill during a render, two renders at once, formulas in CSV cells, control characters,
//! thousands of unknown ids, usage errors in Japanese, the generated man pages, completions
//! and diagnostic explanations.

mod support;

use support::sansho;

use predicates::prelude::*;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

const AS_OF: [&str; 2] = ["--as-of", "2026-12-01"];
const VENDOR: &str =
    "[vendor]\nname = \"株式会社サンプル\"\nservice = \"S\"\nprepared_on = 2026-11-01\n";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> String {
    root()
        .join(format!("samples/{name}/evidence.toml"))
        .display()
        .to_string()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[cfg(unix)]
fn mkfifo(p: &Path) {
    assert!(std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .unwrap()
        .success());
}

// ---------------------------------------------------------------- inputs

#[cfg(unix)]
#[test]
fn endless_inputs_stop_at_the_limit() {
    // /dev/zero says it is empty and never ends.
    sansho()
        .args(["validate", "/dev/zero"])
        .args(AS_OF)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E-INPUT-TOO-LARGE"));
    // 30 MB through a pipe, named - and /dev/stdin.
    let big = vec![b' '; 30 * 1024 * 1024];
    for name in ["-", "/dev/stdin"] {
        sansho()
            .args(["validate", name])
            .args(AS_OF)
            .write_stdin(big.clone())
            .assert()
            .code(2)
            .stderr(predicate::str::contains("E-INPUT-TOO-LARGE"))
            .stderr(predicate::str::contains("上限 10 MiB"));
    }
    // A FIFO with a writer that would go on for 30 MB.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("evidence.toml");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&fifo) {
                // The reader stops early: a broken pipe here is the expected end.
                let _ = f.write_all(&vec![b'#'; 30 * 1024 * 1024]);
            }
        })
    };
    sansho()
        .arg("validate")
        .arg(&fifo)
        .args(AS_OF)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E-INPUT-TOO-LARGE"));
    writer.join().unwrap();
}

#[test]
fn dash_reads_standard_input() {
    let text = std::fs::read(sample("typical")).unwrap();
    sansho()
        .args(["validate", "-"])
        .args(AS_OF)
        .write_stdin(text.clone())
        .assert()
        .code(0)
        .stderr(predicate::str::contains("検証に成功しました"));
    // JSON on standard input is recognised by its first character.
    let json = r#"{"vendor": {"name": "A", "service": "S", "prepared_on": "2026-11-01"}}"#;
    sansho()
        .args(["validate", "-"])
        .args(AS_OF)
        .write_stdin(json)
        .assert()
        .code(0);
    // Standard input cannot be two inputs.
    sansho()
        .args(["score", "-", "--profile", "-"])
        .args(AS_OF)
        .write_stdin(text)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "標準入力（-）は 1 つの入力にしか使えません",
        ));
}

#[test]
fn dash_writes_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let md = sansho()
        .current_dir(dir.path())
        .args(["render", &sample("strong"), "--doc", "report", "-o", "-"])
        .args(AS_OF)
        .output()
        .unwrap();
    assert!(md.status.success(), "{}", stderr(&md));
    assert!(String::from_utf8_lossy(&md.stdout).starts_with('#'));
    let pdf = sansho()
        .current_dir(dir.path())
        .args([
            "render",
            &sample("strong"),
            "--doc",
            "report",
            "--format",
            "pdf",
            "-o",
            "-",
        ])
        .args(AS_OF)
        .output()
        .unwrap();
    assert!(pdf.status.success(), "{}", stderr(&pdf));
    assert!(pdf.stdout.starts_with(b"%PDF-"));
    assert!(lopdf::Document::load_mem(&pdf.stdout).is_ok());
    let init = sansho()
        .current_dir(dir.path())
        .args(["init", "--vendor", "A", "--service", "S", "-o", "-"])
        .output()
        .unwrap();
    assert!(init.status.success());
    assert!(String::from_utf8_lossy(&init.stdout).contains("[vendor]"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no file named - is created"
    );
}

#[test]
fn invalid_utf8_and_bare_cr_files_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    // UTF-8 (Japanese) before the bad byte: a damaged UTF-8 file, not Shift_JIS.
    let mut bytes = "[vendor]\nname = \"株式会社\"\nservice = \""
        .as_bytes()
        .to_vec();
    bytes.push(0xC3);
    bytes.extend(b"\"\nprepared_on = 2026-11-01\n");
    std::fs::write(&bad, bytes).unwrap();
    sansho()
        .arg("validate")
        .arg(&bad)
        .args(AS_OF)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E-INPUT-UTF8"))
        .stderr(predicate::str::contains("bad.toml:3:12"));
    // Bare CRs: lines are counted, one warning says so, and no raw CR reaches the terminal.
    let cr = dir.path().join("cr.toml");
    let text = format!("{VENDOR}[sla]\nx = -1\n");
    std::fs::write(&cr, text.replace('\n', "\r")).unwrap();
    let out = sansho()
        .arg("validate")
        .arg(&cr)
        .args(AS_OF)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(!err.contains('\r'), "{err:?}");
    assert_eq!(err.matches("W-INPUT-LINE-ENDINGS").count(), 1, "{err}");
    assert!(err.contains("cr.toml:6:1"), "{err}");
}

// ---------------------------------------------------------------- outputs

#[cfg(unix)]
#[test]
fn outputs_never_replace_devices_or_fifos() {
    for args in [
        ["-o", "/dev/full", "--force"],
        ["-o", "/dev/null", "--force"],
    ] {
        sansho()
            .args(["render", &sample("weak"), "--doc", "report"])
            .args(AS_OF)
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("通常のファイルではありません"));
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/full")
        .unwrap()
        .file_type()
        .is_char_device());
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.md");
    mkfifo(&fifo);
    sansho()
        .args([
            "render",
            &sample("weak"),
            "--doc",
            "report",
            "--force",
            "-o",
        ])
        .arg(&fifo)
        .args(AS_OF)
        .assert()
        .code(2);
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
}

/// SIGKILL while the PDF is being written (debug builds pause half-way when
/// SANSHO_TEST_SLOW_WRITE_MS is set): the target keeps its old bytes, only a temporary file
/// is left, and the next write into the folder removes it once it is old.
#[cfg(unix)]
#[test]
fn a_kill_during_a_render_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("disclosure.pdf");
    std::fs::write(&target, b"the signed version").unwrap();
    let bin = assert_cmd::cargo::cargo_bin("sansho");
    let mut child = std::process::Command::new(bin)
        .env("SANSHO_TEST_SLOW_WRITE_MS", "600000")
        .env("SOURCE_DATE_EPOCH", "1931299200")
        .args([
            "render",
            &sample("strong"),
            "--doc",
            "disclosure",
            "--format",
            "pdf",
            "--force",
        ])
        .args(AS_OF)
        .arg("-o")
        .arg(&target)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the temporary file holds the first half of the PDF (no time limit: the
    // render pauses there until it is killed).
    let tmp = loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the render ended ({status}) without writing through a temporary file");
        }
        if let Some(t) = support::temporaries(dir.path())
            .into_iter()
            .find(|t| std::fs::metadata(t).is_ok_and(|m| m.len() > 1000))
        {
            break t;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"the signed version");
    assert!(tmp.exists(), "the killed run leaves its temporary file");
    // An hour later, the next render into the folder cleans it up and writes a whole PDF.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
    std::fs::File::options()
        .write(true)
        .open(&tmp)
        .unwrap()
        .set_modified(old)
        .unwrap();
    sansho()
        .args([
            "render",
            &sample("strong"),
            "--doc",
            "disclosure",
            "--format",
            "pdf",
            "--force",
        ])
        .args(AS_OF)
        .arg("-o")
        .arg(&target)
        .assert()
        .success();
    assert!(support::temporaries(dir.path()).is_empty());
    let pdf = std::fs::read(&target).unwrap();
    assert!(lopdf::Document::load_mem(&pdf).is_ok());
}

/// Two renders into one file at once (both pausing mid-write so that they overlap): the file
/// ends up as exactly one of the two complete documents.
#[test]
fn two_renders_to_one_file_leave_one_complete_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.pdf");
    let bin = assert_cmd::cargo::cargo_bin("sansho");
    let spawn = |lang: &str| {
        std::process::Command::new(&bin)
            .env("SANSHO_TEST_SLOW_WRITE_MS", "300")
            .args([
                "--lang",
                lang,
                "render",
                &sample("typical"),
                "--doc",
                "report",
            ])
            .args(["--format", "pdf", "--force"])
            .args(AS_OF)
            .arg("-o")
            .arg(&target)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn("ja"), spawn("en"));
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    let got = std::fs::read(&target).unwrap();
    let expected = |lang: &str| {
        sansho()
            .args([
                "--lang",
                lang,
                "render",
                &sample("typical"),
                "--doc",
                "report",
            ])
            .args(["--format", "pdf", "-o", "-"])
            .args(AS_OF)
            .output()
            .unwrap()
            .stdout
    };
    let (ja, en) = (expected("ja"), expected("en"));
    assert_ne!(ja, en);
    assert!(
        got == ja || got == en,
        "a mix of two renders ({} bytes)",
        got.len()
    );
    assert!(support::temporaries(dir.path()).is_empty());
}

#[test]
fn render_check_files_fails_like_validate() {
    let dir = tempfile::tempdir().unwrap();
    let evidence = dir.path().join("e.toml");
    std::fs::write(
        &evidence,
        format!("{VENDOR}\n[[documents]]\nid = \"D-1\"\ntitle = \"t\"\npath = \"docs/missing.pdf\"\n\n[answers.TEC-01]\nstatus = \"implemented\"\nstatement = \"x\"\nevidence = [\"D-1\"]\n"),
    )
    .unwrap();
    let out = dir.path().join("r.md");
    sansho()
        .arg("render")
        .arg(&evidence)
        .args(["--doc", "report", "--check-files", "-o"])
        .arg(&out)
        .args(AS_OF)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E-DOC-FILE-MISSING"))
        .stderr(predicate::str::contains("e.toml:9:8"));
    assert!(!out.exists());
    // Without --check-files the document renders, and the warnings are counted.
    sansho()
        .arg("render")
        .arg(&evidence)
        .args(["--doc", "report", "-o"])
        .arg(&out)
        .args(AS_OF)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "エビデンスファイルに警告が 1 件あります",
        ));
}

// ---------------------------------------------------------------- vendor text

#[test]
fn csv_cells_are_never_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let evil = dir.path().join("evil.toml");
    std::fs::write(
        &evil,
        "[vendor]\nname = '=HYPERLINK(\"http://evil.example\",\"click\")'\nservice = \"@SUM(A1)\"\nprepared_on = 2026-11-01\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let out = sansho()
            .args(extra)
            .args(["compare", &sample("strong")])
            .arg(&evil)
            .args(["--format", "csv"])
            .args(AS_OF)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = run(&[]);
    let body = csv.strip_prefix('\u{feff}').expect("a BOM for Excel");
    let rows = sansho::csv::read(body);
    assert_eq!(rows.len(), 3);
    let vendor = rows
        .iter()
        .map(|r| r[1].as_str())
        .find(|c| c.contains("HYPERLINK"))
        .expect("the vendor row");
    assert_eq!(
        vendor,
        "'=HYPERLINK(\"http://evil.example\",\"click\") / @SUM(A1)"
    );
    for cell in rows.iter().flatten() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell:?}"
        );
    }
    let width = rows[0].len();
    assert!(rows.iter().all(|r| r.len() == width), "one cell per column");
    assert!(!run(&["--no-bom"]).starts_with('\u{feff}'));
    // controls list writes through the same writer.
    let out = sansho()
        .args(["controls", "list", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with('\u{feff}') && text.ends_with("\r\n"));
    let rows = sansho::csv::read(text.trim_start_matches('\u{feff}'));
    assert!(rows.len() > 100 && rows.iter().all(|r| r.len() == 8));
}

#[test]
fn control_characters_never_reach_a_terminal_or_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("e.toml");
    std::fs::write(
        &file,
        "[vendor]\nname = \"株式会社\\u001b[2J\\u0007\"\nservice = \"S\\u009b31m\"\nprepared_on = 2026-11-01\n\n[answers.TEC-01]\nstatus = \"partial\"\nstatement = \"\\u001b]0;title\\u0007x\"\n",
    )
    .unwrap();
    let v = sansho()
        .arg("validate")
        .arg(&file)
        .args(AS_OF)
        .output()
        .unwrap();
    let err = stderr(&v);
    assert!(v.status.success(), "{err}");
    for path in ["vendor.name", "vendor.service", "answers.TEC-01.statement"] {
        assert!(
            err.contains(&format!("W-TEXT-CONTROL-CHAR]: {path} に制御文字")),
            "{path}: {err}"
        );
    }
    let raw = |s: &str| {
        s.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    };
    assert!(!raw(&err), "{err:?}");
    let score = sansho()
        .args(["score"])
        .arg(&file)
        .args(AS_OF)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&score.stdout);
    assert!(out.contains("株式会社\\u{1b}[2J\\u{7}"), "{out}");
    assert!(!raw(&out), "{out:?}");
    for format in ["md", "html"] {
        let r = sansho()
            .arg("render")
            .arg(&file)
            .args(["--doc", "disclosure", "--format", format])
            .args(AS_OF)
            .output()
            .unwrap();
        let doc = String::from_utf8(r.stdout).unwrap();
        assert!(doc.contains("株式会社"), "{format}");
        assert!(!raw(&doc), "{format}: {doc:?}");
    }
}

#[test]
fn thousands_of_unknown_ids_give_capped_output() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.toml");
    let mut text = format!("{VENDOR}\n[answers]\n");
    // Ids of the right form that the catalog lacks, and keys of the wrong form: 60 000.
    for i in 0..26_000 {
        text.push_str(&format!(
            "Q{}-{:03} = {{ status = \"not_implemented\" }}\n",
            (b'A' + (i / 1000) as u8) as char,
            i % 1000
        ));
    }
    for i in 0..34_000 {
        text.push_str(&format!("x{i} = {{ status = \"not_implemented\" }}\n"));
    }
    // Both TEC-10 and TEC-1000: the bad one is blamed.
    text.push_str(
        "TEC-10 = { status = \"not_implemented\" }\nTEC-1000 = { status = \"not_implemented\" }\n",
    );
    std::fs::write(&file, text).unwrap();
    let out = sansho()
        .arg("validate")
        .arg(&file)
        .args(AS_OF)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.len() < 100_000, "{} bytes", err.len());
    assert_eq!(err.matches("エラー[E-ANSWER-UNKNOWN-CONTROL]").count(), 20);
    assert!(
        err.contains("[E-ANSWER-UNKNOWN-CONTROL] はほかに 59981 件あります"),
        "{err}"
    );
    assert!(err.contains("検証に失敗しました: エラー 60001 件"), "{err}");
    let json = sansho()
        .arg("validate")
        .arg(&file)
        .args(AS_OF)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(diags.iter().any(|d| d["path"] == "answers.TEC-1000"));
    assert!(!diags.iter().any(|d| d["path"] == "answers.TEC-10"));
}

#[test]
fn integers_written_as_floats_load_and_fractions_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let ok = dir.path().join("ok.toml");
    std::fs::write(&ok, format!("{VENDOR}[sla]\nbackup_generations = 7.0\nlog_retention_days = 1e3\npatch_critical_days = -0.0\n")).unwrap();
    let out = sansho()
        .arg("render")
        .arg(&ok)
        .args(["--doc", "sla"])
        .args(AS_OF)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let sla = String::from_utf8_lossy(&out.stdout);
    assert!(
        sla.contains("| 7世代以上 |") && sla.contains("| 1000日以上 |"),
        "{sla}"
    );
    let profile = dir.path().join("p.toml");
    std::fs::write(
        &profile,
        "[profile]\nname = \"病院\"\n\n[weights]\n\"TEC-03\" = 8.0\ntechnical = 2e0\n",
    )
    .unwrap();
    let out = sansho()
        .args(["score", &sample("typical"), "--format", "json", "--profile"])
        .arg(&profile)
        .args(AS_OF)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, format!("{VENDOR}[sla]\nbackup_generations = 7.5\n")).unwrap();
    let out = sansho()
        .arg("validate")
        .arg(&bad)
        .args(AS_OF)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("E-SCHEMA") && err.contains("bad.toml:6:22"),
        "{err}"
    );
    assert!(
        !err.contains("E-EVIDENCE-MODEL") && !err.contains("不具合"),
        "{err}"
    );
}

// ---------------------------------------------------------------- the command line

#[test]
fn usage_errors_are_japanese_unless_english_is_asked_for() {
    sansho()
        .args(["validate", "x.toml", "--format", "xml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--format <FORMAT> に「xml」は使えません。使える値: text, json。",
        ))
        .stderr(predicate::str::contains("invalid value").not());
    sansho()
        .args(["validate", "x.toml", "--fromat", "json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "知らない引数「--fromat」があります。「--format」のことですか？",
        ))
        .stderr(predicate::str::contains("使い方: sansho validate"));
    sansho()
        .args(["valdate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "知らないサブコマンド「valdate」です。「validate」のことですか？",
        ));
    sansho()
        .args(["score"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("必須の引数 <FILE> がありません。"));
    sansho()
        .args(["--lang", "en", "validate", "x.toml", "--format", "xml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value 'xml' for '--format <FORMAT>'",
        ));
    sansho()
        .env("LANG", "en_US.UTF-8")
        .args(["validate", "x.toml", "--format", "xml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'xml'"));
    sansho()
        .env("LANG", "en_US.UTF-8")
        .args(["--lang=ja", "validate", "x.toml", "--format", "xml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("に「xml」は使えません"));
    // Help and version are not errors.
    sansho().arg("--version").assert().code(0);
}

#[test]
fn explain_prints_one_code() {
    sansho()
        .args(["explain", "e-doc-dates"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "E-DOC-DATES (エラー): 有効期限が発行日より前",
        ))
        .stdout(predicate::str::contains("例:"));
    sansho()
        .args(["--lang", "en", "explain", "W-DOC-EXPIRED"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Example:"));
    sansho()
        .args(["explain", "E-DOC-DATE"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("「E-DOC-DATES」のことですか？"));
    let list = sansho().arg("explain").output().unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(list.lines().count() > 55);
    assert!(list.lines().any(|l| l.starts_with("E-INPUT-UTF8 ")));
}

#[test]
fn man_pages_are_current() {
    let dir = tempfile::tempdir().unwrap();
    sansho()
        .args(["man", "--out-dir"])
        .arg(dir.path())
        .assert()
        .success();
    let names = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let committed = root().join("docs/man");
    assert_eq!(
        names(dir.path()),
        names(&committed),
        "regenerate: cargo run -q -- man --out-dir docs/man --force"
    );
    for n in names(dir.path()) {
        assert!(
            std::fs::read(dir.path().join(&n)).unwrap()
                == std::fs::read(committed.join(&n)).unwrap(),
            "docs/man/{n} is stale; regenerate: cargo run -q -- man --out-dir docs/man --force"
        );
    }
    let page = sansho().args(["man", "render"]).output().unwrap();
    let page = String::from_utf8(page.stdout).unwrap();
    assert!(
        page.contains(".TH sansho-render") && page.contains("check\\-files"),
        "{page}"
    );
}

#[test]
fn completions_know_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = sansho().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        for word in ["validate", "render", "explain", "check-files", "no-bom"] {
            assert!(script.contains(word), "{shell}: {word}");
        }
    }
    sansho().args(["completions", "tcsh"]).assert().code(2);
}
