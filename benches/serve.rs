//! Times `sansho serve` as its users feel it, through the real binary over loopback HTTP:
//!
//! - start-up: from spawning `sansho serve DIR --port 0` to the first `200` answer to the
//!   printed URL's page (catalog, workspace, templates, bind, first page);
//! - a control form submit: the live check the page's script sends as you type (`POST
//!   /vendor/answer/ID` asking for JSON: apply the answer, run every evidence check, score,
//!   answer with the messages and scores), alternating two answers so every submit changes
//!   something;
//! - the same submit without JavaScript: the POST, its redirect, and the area page it leads to.
//!
//! `cargo bench --bench serve` (plain `main`, no harness; Cargo builds the release binary).
//! `SERVE_BENCH_RUNS` sets the number of timed runs (default 200 submits, 20 starts), after
//! warm-up runs. Targets (issue 17): start under 100 ms, a submit under 20 ms, on the 2-core
//! machine. Nothing is asserted; this prints medians.

#[path = "../tests/support/http.rs"]
mod http;

use http::Serve;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const TYPICAL: &str = "typical%2Fevidence.toml";

fn main() {
    let runs: usize = std::env::var("SERVE_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(200);
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_sansho"));
    let ws = tempfile::tempdir().expect("tempdir");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"),
        ws.path(),
    );

    // Start-up.
    let starts = (runs / 10).max(5);
    let mut times = Vec::new();
    for i in 0..starts + 2 {
        let t = Instant::now();
        let s = Serve::start(&bin, ws.path(), &["--as-of", "2026-12-01"]);
        let r = s.get("/");
        let elapsed = t.elapsed();
        assert_eq!(r.status, 200, "{}", r.text());
        if i >= 2 {
            times.push(elapsed);
        }
    }
    report("start-up (spawn → first 200)", &mut times, "< 100 ms");

    let s = Serve::start(&bin, ws.path(), &["--as-of", "2026-12-01"]);
    let area = format!("/vendor/area/organizational?file={TYPICAL}");
    assert_eq!(s.get(&area).status, 200);
    let answers = [
        [
            ("status", "implemented"),
            ("statement", "基本方針を制定し、毎年見直している。"),
            ("evidence", "D-POLICY"),
        ],
        [
            ("status", "planned"),
            ("statement", "来年度に見直す。"),
            ("planned_date", "2027-03-31"),
        ],
    ];
    let submit = format!("/vendor/answer/ORG-01?file={TYPICAL}");

    let mut live = Vec::new();
    for i in 0..runs + 10 {
        let t = Instant::now();
        let r = s.post_with(&submit, &answers[i % 2], "Accept: application/json");
        let elapsed = t.elapsed();
        assert_eq!(r.status, 200, "{}", r.text());
        if i >= 10 {
            live.push(elapsed);
        }
    }
    report("control submit, live check (JSON)", &mut live, "< 20 ms");

    let page_runs = (runs / 4).max(10);
    let mut plain = Vec::new();
    let mut post_only = Vec::new();
    for i in 0..page_runs + 3 {
        let t = Instant::now();
        let r = s.post(&submit, &answers[i % 2]);
        let posted = t.elapsed();
        assert_eq!(r.status, 303);
        let page = s.get(r.header("location").expect("location"));
        let elapsed = t.elapsed();
        assert_eq!(page.status, 200);
        if i >= 3 {
            post_only.push(posted);
            plain.push(elapsed);
        }
    }
    report(
        "control submit without JS: POST → 303",
        &mut post_only,
        "< 20 ms",
    );
    report(
        "  … + the area page it redirects to",
        &mut plain,
        "(page of ~40 controls)",
    );
}

fn report(what: &str, times: &mut [Duration], target: &str) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:40} median {:7.2} ms, min {:7.2} ms, max {:7.2} ms ({} runs; target {target})",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
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
