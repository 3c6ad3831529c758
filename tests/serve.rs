//! `sansho serve`, driven through the real binary on a free loopback port with a temporary
//! copy of the samples as its workspace: the access token, the `Host` and `Origin` checks,
//! confinement to the workspace, the body limits, escaping of vendor text on every page,
//! and saving (`.bak`, refusing a file changed on disk, a file `sansho validate` accepts).

#[path = "support/http.rs"]
mod http;

use http::{raw, Response, Serve};
use std::io::Write;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-12-01";
const TYPICAL: &str = "typical/evidence.toml";

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_sansho"))
}

/// A temporary workspace holding a copy of `samples/`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"),
        dir.path(),
    );
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read samples") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

fn serve(dir: &Path) -> Serve {
    serve_with(dir, &[])
}

fn serve_with(dir: &Path, args: &[&str]) -> Serve {
    let mut all = vec!["--as-of", AS_OF];
    all.extend_from_slice(args);
    Serve::start(&bin(), dir, &all)
}

/// The answer of a control as the area page's form posts it.
fn answer(s: &Serve, id: &str, fields: &[(&str, &str)]) -> Response {
    s.post(
        &format!("/vendor/answer/{id}?file={}", http::enc(TYPICAL)),
        fields,
    )
}

fn validate(file: &Path) -> std::process::Output {
    std::process::Command::new(bin())
        .args(["validate", "--as-of", AS_OF])
        .arg(file)
        .env("NO_COLOR", "1")
        .output()
        .expect("run sansho validate")
}

#[test]
fn the_token_is_required_then_traded_for_a_cookie() {
    let ws = workspace();
    let s = serve(ws.path());
    let host = s.host();
    for path in [
        "/".to_string(),
        "/static/sansho.css".to_string(),
        format!("/vendor?file={}", http::enc(TYPICAL)),
        "/compare?file=typical%2Fevidence.toml".to_string(),
        "/no/such/page".to_string(),
    ] {
        let r = raw(s.addr, &format!("GET {path} HTTP/1.1\nHost: {host}"), b"");
        assert_eq!(r.status, 401, "{path} without a token");
        assert!(!r.text().contains("ミドリ"), "{path} leaked evidence");
        let wrong = format!("sansho-{}={}x", s.port(), s.token);
        let r = raw(
            s.addr,
            &format!("GET {path} HTTP/1.1\nHost: {host}\nCookie: {wrong}"),
            b"",
        );
        assert_eq!(r.status, 401, "{path} with a wrong cookie");
    }
    // A POST without the token changes nothing.
    let r = raw(
        s.addr,
        &format!("POST /vendor/save?file=typical%2Fevidence.toml HTTP/1.1\nHost: {host}\nContent-Length: 0"),
        b"",
    );
    assert_eq!(r.status, 401);
    assert!(!ws.path().join("typical/evidence.toml.bak").exists());
    // The token of another server (another port's cookie name) is not this one's.
    let other = format!("sansho-{}={}", s.port().wrapping_add(1), s.token);
    let r = raw(
        s.addr,
        &format!("GET / HTTP/1.1\nHost: {host}\nCookie: {other}"),
        b"",
    );
    assert_eq!(r.status, 401);

    // The printed URL: the token leaves the address bar for an HttpOnly, SameSite cookie.
    let r = raw(
        s.addr,
        &format!("GET /?token={} HTTP/1.1\nHost: {host}", s.token),
        b"",
    );
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/"));
    let cookie = r.header("set-cookie").expect("cookie");
    assert!(cookie.starts_with(&s.cookie()), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let page = s.get("/");
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("typical/evidence.toml")
            || page.text().contains("typical&#x2F;evidence.toml")
    );
    let csp = page.header("content-security-policy").expect("CSP");
    assert!(
        csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    // Not no-referrer: under it a browser posts the page's own forms with `Origin: null`.
    assert_eq!(page.header("referrer-policy"), Some("same-origin"));
}

#[test]
fn a_foreign_host_is_refused() {
    let ws = workspace();
    let s = serve(ws.path());
    let port = s.port();
    let cookie = s.cookie();
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "127.0.0.1".to_string(),
        format!("192.168.0.10:{port}"),
    ] {
        let r = raw(
            s.addr,
            &format!("GET / HTTP/1.1\nHost: {host}\nCookie: {cookie}"),
            b"",
        );
        assert_eq!(r.status, 421, "Host: {host}");
        // Even with the token in the URL, a rebound name gets nothing.
        let r = raw(
            s.addr,
            &format!("GET /?token={} HTTP/1.1\nHost: {host}", s.token),
            b"",
        );
        assert_eq!(r.status, 421, "Host: {host} with ?token");
        assert!(r.header("set-cookie").is_none());
    }
    let r = raw(s.addr, &format!("GET / HTTP/1.1\nCookie: {cookie}"), b"");
    assert_eq!(r.status, 421, "no Host at all");
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let r = raw(
            s.addr,
            &format!("GET / HTTP/1.1\nHost: {host}\nCookie: {cookie}"),
            b"",
        );
        assert_eq!(r.status, 200, "Host: {host}");
    }
}

#[test]
fn a_foreign_origin_cannot_post() {
    let ws = workspace();
    let s = serve(ws.path());
    let fields = [
        ("status", "planned"),
        ("statement", "changed by another site"),
    ];
    let path = format!("/vendor/answer/ORG-01?file={}", http::enc(TYPICAL));
    let body = http::form(&fields);
    for origin in [
        "Origin: http://evil.example".to_string(),
        format!("Origin: http://localhost:{}", s.port().wrapping_add(1)),
        "Origin: null".to_string(),
        format!("Origin: http://{}\nSec-Fetch-Site: cross-site", s.host()),
        format!("Origin: http://{}\nSec-Fetch-Site: same-site", s.host()),
    ] {
        let r = raw(
            s.addr,
            &format!(
                "POST {path} HTTP/1.1\nHost: {}\nCookie: {}\n{origin}\nContent-Type: application/x-www-form-urlencoded\nContent-Length: {}",
                s.host(),
                s.cookie(),
                body.len()
            ),
            body.as_bytes(),
        );
        assert_eq!(r.status, 403, "{origin}");
    }
    // Nothing was changed: the area page still shows the sample's answer.
    let page = s.get(&format!(
        "/vendor/area/organizational?file={}",
        http::enc(TYPICAL)
    ));
    assert_eq!(page.status, 200);
    assert!(!page.text().contains("changed by another site"));
    assert!(
        page.text().contains("data-live=\"dirty\">保存済み"),
        "the draft was marked changed"
    );
    // The same origin may.
    let r = answer(&s, "ORG-01", &fields);
    assert_eq!(r.status, 303);
    let page = s.get(&format!(
        "/vendor/area/organizational?file={}",
        http::enc(TYPICAL)
    ));
    assert!(page.text().contains("changed by another site"));
}

#[cfg(unix)]
#[test]
fn paths_outside_the_workspace_are_refused() {
    let outside = tempfile::tempdir().expect("tempdir");
    let secret = "株式会社外部秘密";
    let evidence = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/typical/evidence.toml"),
    )
    .expect("sample")
    .replace("株式会社ミドリ医療システム", secret);
    std::fs::write(outside.path().join("evidence.toml"), &evidence).expect("write");
    let ws = workspace();
    // The workspace sits beside the outside folder: `../<name>/evidence.toml` reaches it.
    let out_name = outside
        .path()
        .file_name()
        .and_then(|n| n.to_str())
        .expect("name")
        .to_string();
    let up = ws.path().components().count();
    std::os::unix::fs::symlink(
        outside.path().join("evidence.toml"),
        ws.path().join("link.toml"),
    )
    .expect("symlink");
    std::os::unix::fs::symlink(outside.path(), ws.path().join("out")).expect("symlink");
    let s = serve(ws.path());
    let abs = outside.path().join("evidence.toml").display().to_string();
    let climbing = format!("{}{}", "../".repeat(up), abs.trim_start_matches('/'));
    let names = [
        format!("../{out_name}/evidence.toml"),
        "typical/../../etc/passwd".to_string(),
        climbing,
        abs.clone(),
        "/etc/passwd".to_string(),
        "link.toml".to_string(),
        "out/evidence.toml".to_string(),
    ];
    for name in &names {
        let q = http::enc(name);
        for path in [
            format!("/vendor?file={q}"),
            format!("/vendor/area/organizational?file={q}"),
            format!("/vendor/documents?file={q}"),
            format!("/vendor/sla?file={q}"),
            format!("/vendor/preview/disclosure?file={q}"),
            format!("/vendor/render/disclosure.md?file={q}"),
            format!("/compare?file={q}"),
            format!("/compare/render/comparison.md?file={q}"),
            format!("/profile?file={q}"),
            format!("/audit?verify={q}"),
            format!("/audit?old={q}&new={}", http::enc(TYPICAL)),
        ] {
            let r = s.get(&path);
            assert!(
                !r.text().contains(secret) && !r.text().contains("root:x:0"),
                "{path} showed a file outside the workspace"
            );
            assert!(
                r.status >= 400
                    || path.starts_with("/compare?")
                    || path.starts_with("/audit")
                    || path.starts_with("/profile"),
                "{path}: {}",
                r.status
            );
        }
        // Writing: a new evidence file, a save, a profile, an answer — none reaches outside.
        for (path, fields) in [
            (
                "/vendor/new".to_string(),
                vec![("file", name.as_str()), ("vendor", "x"), ("service", "y")],
            ),
            (format!("/vendor/save?file={q}"), vec![]),
            (
                format!("/vendor/answer/ORG-01?file={q}"),
                vec![("status", "implemented"), ("statement", "x")],
            ),
        ] {
            let r = s.post(&path, &fields);
            assert!(r.status >= 400, "{path} {name}: {}", r.status);
        }
    }
    // Nothing was written outside, and the linked file is as it was.
    let listing: Vec<_> = std::fs::read_dir(outside.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(listing, ["evidence.toml"]);
    assert_eq!(
        std::fs::read_to_string(outside.path().join("evidence.toml")).expect("read"),
        evidence
    );
    // A document path escaping the evidence file's folder is not hashed.
    let r = s.post(
        &format!("/vendor/documents/add?file={}", http::enc(TYPICAL)),
        &[],
    );
    assert!(r.status >= 400, "a non-multipart upload: {}", r.status);
    let boundary = "sanshoboundary";
    for doc in ["../../etc/passwd", "/etc/passwd", "../link.toml"] {
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\nD-X\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"path\"\r\n\r\n{doc}\r\n--{boundary}--\r\n"
        );
        let r = raw(
            s.addr,
            &format!(
                "POST /vendor/documents/add?file={} HTTP/1.1\nHost: {h}\nCookie: {c}\nOrigin: http://{h}\nContent-Type: multipart/form-data; boundary={boundary}\nContent-Length: {}",
                http::enc(TYPICAL),
                body.len(),
                h = s.host(),
                c = s.cookie()
            ),
            body.as_bytes(),
        );
        assert_eq!(r.status, 400, "document path {doc}");
    }
}

#[test]
fn a_100_mb_body_is_refused_unread() {
    let ws = workspace();
    let s = serve(ws.path());
    let hundred_mb: u64 = 100 * 1024 * 1024;
    for path in [
        format!("/vendor/answer/ORG-01?file={}", http::enc(TYPICAL)),
        format!("/vendor/documents/add?file={}", http::enc(TYPICAL)),
        "/profile".to_string(),
    ] {
        // Declared: refused from the headers alone, while the body is still to come (the
        // test sends 1 KiB of it; a server that waited for the rest would hang the test).
        let mut c = http::connect(s.addr);
        write!(
            c,
            "POST {path} HTTP/1.1\r\nHost: {h}\r\nCookie: {k}\r\nOrigin: http://{h}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {hundred_mb}\r\n\r\n",
            h = s.host(),
            k = s.cookie()
        )
        .expect("head");
        c.write_all(&[b'a'; 1024]).expect("some body");
        let r = http::read_response(&mut c);
        assert_eq!(r.status, 413, "{path}");
    }
    // Chunked, no length given: cut off at the limit, not read to the end.
    let mut c = http::connect(s.addr);
    write!(
        c,
        "POST /vendor/answer/ORG-01?file={} HTTP/1.1\r\nHost: {h}\r\nCookie: {k}\r\nOrigin: http://{h}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n",
        http::enc(TYPICAL),
        h = s.host(),
        k = s.cookie()
    )
    .expect("head");
    let mut writer = c.try_clone().expect("clone");
    let sender = std::thread::spawn(move || {
        let chunk = vec![b'a'; 64 * 1024];
        let mut sent: u64 = 0;
        while sent < hundred_mb {
            let head = format!("{:x}\r\n", chunk.len());
            let ok = writer.write_all(head.as_bytes()).is_ok()
                && writer.write_all(&chunk).is_ok()
                && writer.write_all(b"\r\n").is_ok();
            if !ok {
                break;
            }
            sent += chunk.len() as u64;
        }
        let _ = writer.write_all(b"0\r\n\r\n");
        sent
    });
    let r = http::read_response(&mut c);
    assert_eq!(r.status, 413);
    let _ = c.shutdown(std::net::Shutdown::Both);
    let sent = sender.join().expect("sender");
    assert!(
        sent < hundred_mb,
        "the server read the whole 100 MB ({sent} bytes)"
    );
    // The server still answers.
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn vendor_text_stays_inert_on_every_page() {
    let ws = workspace();
    let evil = "<script>alert('sansho')</script>";
    let evil_attr = "\"><img src=x onerror=alert(1)>";
    let evil_tera = "{{ t.save }}{% raw %}";
    let path = ws.path().join(TYPICAL);
    let text = std::fs::read_to_string(&path)
        .expect("sample")
        .replace("株式会社ミドリ医療システム", &format!("ミドリ{evil}"))
        .replace(
            "ミドリ電子カルテ クラウド",
            &format!("カルテ{}", evil_attr.replace('"', "\\\"")),
        )
        .replace(
            "情報セキュリティ基本方針（第3版）\"",
            &format!("方針{evil}\""),
        );
    std::fs::write(&path, text).expect("write");
    let s = serve(ws.path());
    // And through the form: a statement and an N/A reason.
    let r = answer(
        &s,
        "ORG-02",
        &[
            ("status", "implemented"),
            (
                "statement",
                &format!("公開している{evil}{evil_attr}{evil_tera}"),
            ),
            ("evidence", "D-POLICY"),
        ],
    );
    assert_eq!(r.status, 303);
    let save = s.post(&format!("/vendor/save?file={}", http::enc(TYPICAL)), &[]);
    assert_eq!(save.status, 303, "{}", save.text());
    let saved = std::fs::read_to_string(&path).expect("saved");
    assert!(
        saved.contains("<script>alert('sansho')</script>"),
        "the text is kept as typed"
    );
    let f = http::enc(TYPICAL);
    let mut pages = vec![
        "/".to_string(),
        format!("/vendor?file={f}"),
        format!("/vendor/documents?file={f}"),
        format!("/vendor/sla?file={f}"),
        format!("/vendor/preview/disclosure?file={f}"),
        format!("/vendor/preview/sla?file={f}"),
        format!("/vendor/preview/report?file={f}"),
        format!("/vendor/render/disclosure.html?file={f}"),
        format!("/vendor/render/sla.html?file={f}"),
        format!("/vendor/render/report.html?file={f}"),
        format!("/compare?file={f}&file=strong%2Fevidence.toml"),
        format!("/compare/render/comparison.html?file={f}&file=strong%2Fevidence.toml"),
        format!("/audit?verify={f}"),
        format!("/audit?old=strong%2Fevidence.toml&new={f}"),
    ];
    // Every area page, as the overview links them.
    let overview = s.get(&format!("/vendor?file={f}")).text();
    let mut areas: Vec<&str> = overview
        .split("href=\"/vendor/area/")
        .skip(1)
        .filter_map(|r| r.split('?').next())
        .collect();
    areas.sort();
    areas.dedup();
    assert!(areas.len() >= 5, "{areas:?}");
    for area in areas {
        pages.push(format!("/vendor/area/{area}?file={f}"));
    }
    let mut shown = 0;
    for p in &pages {
        let r = s.get(p);
        assert_eq!(r.status, 200, "{p}: {}", r.text());
        let body = r.text();
        for bad in ["<script>alert", "<img src=x", "onerror=alert(1)>"] {
            assert!(!body.contains(bad), "{p} carries {bad:?} unescaped");
        }
        assert!(
            !body.contains("{% raw %}") || body.contains("{{ t.save }}"),
            "{p} ran template syntax"
        );
        if body.contains("&lt;script&gt;alert") {
            shown += 1;
        }
    }
    assert!(
        shown >= 8,
        "the text was shown (escaped) on only {shown} pages"
    );
    // The live-update answer is JSON: the text is data, not markup.
    let r = s.post_with(
        &format!("/vendor/answer/ORG-02?file={f}"),
        &[("status", "implemented"), ("statement", evil)],
        "Accept: application/json",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
}

#[test]
fn save_keeps_a_bak_refuses_a_file_changed_on_disk_and_validates() {
    let ws = workspace();
    let path = ws.path().join(TYPICAL);
    let original = std::fs::read(&path).expect("sample");
    let s = serve(ws.path());
    let f = http::enc(TYPICAL);
    assert_eq!(s.get(&format!("/vendor?file={f}")).status, 200);
    // 対応予定 without a date: the message is shown and nothing can be saved.
    let r = s.post_with(
        &format!("/vendor/answer/ORG-03?file={f}"),
        &[("status", "planned"), ("statement", "来年度に見直す")],
        "Accept: application/json",
    );
    assert_eq!(r.status, 200);
    assert!(
        r.text().contains("E-ANSWER-PLANNED-NO-DATE"),
        "{}",
        r.text()
    );
    let refused = s.post(&format!("/vendor/save?file={f}"), &[]);
    assert_eq!(refused.status, 303);
    assert_eq!(
        std::fs::read(&path).expect("file"),
        original,
        "saved despite an error"
    );
    let page = s.get(&format!("/vendor?file={f}"));
    assert!(page.text().contains("保存できません"), "no refusal shown");
    // With the date it saves; the previous bytes go to .bak.
    let r = answer(
        &s,
        "ORG-03",
        &[
            ("status", "planned"),
            ("planned_date", "2027-03-31"),
            ("statement", "来年度に見直す"),
            ("evidence", "D-PMARK"),
        ],
    );
    assert_eq!(r.status, 303);
    let saved = s.post(&format!("/vendor/save?file={f}"), &[]);
    assert_eq!(saved.status, 303);
    let bak = ws.path().join("typical/evidence.toml.bak");
    assert_eq!(std::fs::read(&bak).expect(".bak"), original);
    let first = std::fs::read_to_string(&path).expect("saved");
    assert!(first.contains("planned_date = 2027-03-31"), "{first}");
    let v = validate(&path);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));

    // Someone else writes the file: the save is refused and both versions are shown.
    let theirs = format!("{first}\n# edited elsewhere\n");
    std::fs::write(&path, &theirs).expect("edit");
    answer(
        &s,
        "ORG-01",
        &[
            ("status", "implemented"),
            ("statement", "mine"),
            ("evidence", "D-POLICY"),
        ],
    );
    let conflict = s.post(&format!("/vendor/save?file={f}"), &[]);
    assert_eq!(conflict.status, 409);
    let page = conflict.text();
    assert!(
        page.contains("# edited elsewhere") && page.contains("statement = &quot;mine&quot;"),
        "{page}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("file"),
        theirs,
        "overwrote their edit"
    );
    // A forced save with a stale `seen` is still refused; with the current one it writes.
    let stale = s.post(
        &format!("/vendor/save?file={f}"),
        &[("force", "1"), ("seen", "0")],
    );
    assert_eq!(stale.status, 409);
    let seen = page
        .split("name=\"seen\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("seen")
        .to_string();
    let forced = s.post(
        &format!("/vendor/save?file={f}"),
        &[("force", "1"), ("seen", &seen)],
    );
    assert_eq!(forced.status, 303);
    assert_eq!(std::fs::read_to_string(&bak).expect(".bak"), theirs);
    let mine = std::fs::read_to_string(&path).expect("file");
    assert!(mine.contains("statement = \"mine\""));
    let v = validate(&path);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
}

#[test]
fn a_non_loopback_bind_needs_allow_remote() {
    let ws = workspace();
    let out = std::process::Command::new(bin())
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .arg(ws.path())
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--allow-remote"), "{err}");
    let missing = std::process::Command::new(bin())
        .args(["serve", "--port", "0"])
        .arg(ws.path().join("no-such-folder"))
        .output()
        .expect("run");
    assert_eq!(missing.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_and_names_unsaved_files() {
    let ws = workspace();
    let s = serve(ws.path());
    answer(
        &s,
        "ORG-01",
        &[
            ("status", "implemented"),
            ("statement", "unsaved"),
            ("evidence", "D-POLICY"),
        ],
    );
    let (code, err) = s.interrupt();
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("終了しました"), "{err}");
    assert!(err.contains("typical/evidence.toml"), "{err}");
}

#[test]
fn open_without_a_browser_still_serves() {
    let ws = workspace();
    // No xdg-open (nor anything else) on PATH: a note, and the server runs all the same.
    let empty = tempfile::tempdir().expect("tempdir");
    let path = empty.path().to_str().expect("utf-8 path");
    let s = Serve::start_env(
        &bin(),
        ws.path(),
        &["--open", "--as-of", AS_OF],
        &[("PATH", path)],
    );
    assert_eq!(s.get("/").status, 200);
    let err = s.kill();
    assert!(err.contains("ブラウザを開けませんでした"), "{err}");
}

#[test]
fn lang_en_gives_english_pages_and_messages() {
    let ws = workspace();
    let s = serve_with(ws.path(), &["--lang", "en"]);
    let page = s.get("/");
    assert!(
        page.text().contains("<html lang=\"en\">"),
        "{}",
        page.text()
    );
    let err = s.kill();
    assert!(err.contains("open the URL above"), "{err}");
}
