//! Writing outputs (`src/output.rs`) through the real binary: the cases a unit test cannot
//! reach (a bare file name in the working folder, a file that appears while sansho writes).

mod support;

use support::sansho;

/// `-o evidence.toml` (no folder part) writes into the working folder.
#[test]
fn a_bare_file_name_is_written_in_the_working_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = sansho()
        .current_dir(dir.path())
        .args([
            "init",
            "--vendor",
            "A",
            "--service",
            "S",
            "-o",
            "evidence.toml",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("evidence.toml")).unwrap();
    assert!(text.contains("[vendor]"), "{text}");
    assert!(support::temporaries(dir.path()).is_empty());
}

/// A target created by someone else while sansho writes (debug builds pause half-way when
/// SANSHO_TEST_SLOW_WRITE_MS is set) is not overwritten without --force: the run fails with
/// the "already exists" message, the other file keeps its bytes and no temporary is left.
#[cfg(debug_assertions)]
#[test]
fn a_target_created_during_the_write_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("evidence.toml");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("sansho"))
        .env("SANSHO_TEST_SLOW_WRITE_MS", "3000")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .args(["init", "--vendor", "A", "--service", "S", "-o"])
        .arg(&target)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The temporary file exists before the pause, so the target is created during it.
    while support::temporaries(dir.path()).is_empty() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("sansho ended ({status}) before writing its temporary file");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    std::fs::write(&target, b"someone else's file").unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("は既に存在します。上書きするには --force を付けてください"),
        "{err}"
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"someone else's file");
    assert!(support::temporaries(dir.path()).is_empty());
}
