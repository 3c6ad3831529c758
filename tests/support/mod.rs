//! Helpers shared by the integration tests that drive external tools (Chromium, poppler,
//! LibreOffice, compliance-trestle, Playwright). `scripts/test.sh` installs them and sets
//! `SANSHO_REQUIRE_TOOLS=1`, so under the README's test command (and CI) a missing tool fails
//! the test; under a bare `cargo test` on a machine without it the test is skipped with a note.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The path of an external command, or `None` (after printing why) when it is absent and
/// tools are not required. Panics when `SANSHO_REQUIRE_TOOLS=1` and the tool is missing.
pub fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    });
    match found {
        Some(p) => Some(p),
        None if required() => panic!(
            "{name} is required (SANSHO_REQUIRE_TOOLS=1) but not on PATH; scripts/test.sh installs it"
        ),
        None => {
            eprintln!("skipped: {name} is not installed (run scripts/test.sh to install it)");
            None
        }
    }
}

/// Whether the run insists on every external tool (set by `scripts/test.sh`).
pub fn required() -> bool {
    std::env::var("SANSHO_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

/// The folder where `scripts/test.sh` keeps installed helpers (venvs, npm packages).
pub fn tools_dir() -> PathBuf {
    std::env::var_os("SANSHO_TEST_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-tools"))
}

/// The temporary files sansho's atomic writes leave beside a target in `dir` (`.sansho-*.tmp`):
/// after a finished, refused or killed write there must be none.
pub fn temporaries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with(".sansho-") && n.ends_with(".tmp")
        })
        .collect()
}

/// The binary with a pinned environment: no colour, the clock at 2031-03-15
/// (`SOURCE_DATE_EPOCH`, so a test that forgets `--as-of` fails) and a neutral locale.
pub fn sansho() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("sansho").unwrap();
    c.env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1931299200")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}
