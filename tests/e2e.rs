//! End-to-end tests of `sansho serve` in a real browser: runs `tests/e2e/workbench.mjs`
//! (Node's test runner, playwright-core driving Debian's Chromium) against the binary Cargo
//! built. `scripts/test.sh` installs node, chromium and the pinned playwright-core; a bare
//! `cargo test` without them skips with a note, `SANSHO_REQUIRE_TOOLS=1` makes that a failure.
//! Screenshots of every page and the downloaded comparison PDF go to `target/e2e-artifacts/`.

mod support;

use std::path::Path;
use std::process::Command;

#[test]
fn workbench_in_a_browser() {
    let (Some(node), Some(chromium)) = (support::tool("node"), support::tool("chromium")) else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let e2e = root.join("tests/e2e");
    if !e2e
        .join("node_modules/playwright-core/package.json")
        .is_file()
    {
        assert!(
            !support::required(),
            "playwright-core is required (SANSHO_REQUIRE_TOOLS=1) but not installed in tests/e2e; scripts/test.sh installs it"
        );
        eprintln!("skipped: playwright-core is not installed (run scripts/test.sh to install it)");
        return;
    }
    let artifacts = root.join("target/e2e-artifacts");
    // Last run's screenshots must not stand in for this run's.
    let _ = std::fs::remove_dir_all(&artifacts);
    let out = Command::new(node)
        .arg("--test")
        .arg(e2e.join("workbench.mjs"))
        .current_dir(&e2e)
        .env("SANSHO_BIN", env!("CARGO_BIN_EXE_sansho"))
        .env("SANSHO_SAMPLES", root.join("samples"))
        .env("SANSHO_ARTIFACTS", &artifacts)
        .env("SANSHO_CHROMIUM", chromium)
        .output()
        .expect("run node");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "the browser tests failed:\n{report}");
    // Both tests ran (none was skipped or filtered away) and left their screenshots.
    assert!(report.contains("# pass 2"), "{report}");
    for shot in [
        "vendor-03-planned-without-date.png",
        "vendor-05-saved.png",
        "hospital-01-compare.png",
        "comparison.pdf",
    ] {
        assert!(
            artifacts.join(shot).is_file(),
            "no {shot} in {}",
            artifacts.display()
        );
    }
}
