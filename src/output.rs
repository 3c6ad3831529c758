//! Writing outputs safely: never over an input, never half-written, never over an existing
//! file unless asked, never onto something that is not a regular file.
//!
//! A document goes into a temporary file beside the target (`.sansho-XXXXXX.tmp`), is synced,
//! then renamed over the target: a reader, a crash or a SIGKILL sees the old file or the new
//! one, never a mix. A process killed between the two leaves only its temporary file, which
//! the next write into the same folder removes once it is an hour old (younger ones may belong
//! to a render still running).
//!
//! For tests only, debug builds pause half-way through writing the temporary file when
//! `SANSHO_TEST_SLOW_WRITE_MS` is set, so that a test can kill the process while the write is
//! under way; release builds have no such hook.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// Temporary files older than this are leftovers of a killed run.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(60 * 60);

/// Writes `bytes` to `path` atomically (a temporary file in the same folder, then a rename).
/// Refuses to replace an existing file unless `force`, never replaces any of `inputs`, and
/// never replaces a FIFO, a device, a socket or a folder, even with `force`.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool, inputs: &[&Path]) -> Result<()> {
    write_atomic_mode(path, bytes, force, inputs, 0o644)
}

/// Like [`write_atomic`] for a secret (a signing key): the file is readable by its owner
/// only (0600) from the moment it is created, never briefly world-readable.
pub fn write_atomic_private(
    path: &Path,
    bytes: &[u8],
    force: bool,
    inputs: &[&Path],
) -> Result<()> {
    write_atomic_mode(path, bytes, force, inputs, 0o600)
}

fn write_atomic_mode(
    path: &Path,
    bytes: &[u8],
    force: bool,
    inputs: &[&Path],
    #[cfg_attr(not(unix), allow(unused_variables))] mode: u32,
) -> Result<()> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    if inputs.iter().any(|i| same(path, i)) {
        return Err(Error::Usage(crate::text!(
            [
                "出力先 {} は入力ファイルです。入力を上書きすることはできません。",
                path.display()
            ],
            [
                "{} is an input file; sansho never overwrites its inputs.",
                path.display()
            ]
        )));
    }
    // `metadata` follows a symbolic link: a link to /dev/full is a device too.
    if let Ok(meta) = std::fs::metadata(path) {
        if !meta.is_file() {
            return Err(Error::Usage(crate::text!(
                [
                    "出力先 {} は通常のファイルではありません（フォルダ・デバイス・名前付きパイプなど）。--force を付けても置き換えません。標準出力に書くには -o - を指定してください。",
                    path.display()
                ],
                [
                    "{} is not a regular file (a folder, device or named pipe); sansho does not replace it, even with --force. Use -o - for standard output.",
                    path.display()
                ]
            )));
        }
        if !force {
            return Err(Error::OutputExists(path.to_path_buf()));
        }
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::Usage(crate::text!(
            [
                "出力先のフォルダ {} がありません。先に作成してください。",
                dir.display()
            ],
            [
                "the output folder {} does not exist; create it first.",
                dir.display()
            ]
        )));
    }
    remove_stale_temps(dir, SystemTime::now());
    let werr = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".sansho-").suffix(".tmp");
    // tempfile creates 0600 files; a document is meant to be shared like any new file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(werr)?;
    let (first, rest) = bytes.split_at(bytes.len() / 2);
    tmp.write_all(first).map_err(werr)?;
    test_pause();
    tmp.write_all(rest).map_err(werr)?;
    tmp.as_file().sync_all().map_err(werr)?;
    if force {
        tmp.persist(path).map_err(|e| werr(e.error))?;
    } else {
        // A file created since the check above is still not overwritten.
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::OutputExists(path.to_path_buf())
            } else {
                werr(e.error)
            }
        })?;
    }
    Ok(())
}

/// Removes `.sansho-*.tmp` regular files in `dir` last modified more than
/// [`STALE_TEMP_AGE`] before `now`; anything else, and any failure, is left alone.
fn remove_stale_temps(dir: &Path, now: SystemTime) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".sansho-") && name.ends_with(".tmp")) {
            continue;
        }
        // `DirEntry::metadata` does not follow links: a link named like a temporary file
        // is not ours.
        let Ok(meta) = entry.metadata() else { continue };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE_TEMP_AGE);
        if meta.is_file() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Debug builds only: sleeps when `SANSHO_TEST_SLOW_WRITE_MS` is set (see the module doc).
fn test_pause() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("SANSHO_TEST_SLOW_WRITE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_existing_and_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a.md");
        write_atomic(&out, b"one", false, &[]).unwrap();
        assert!(matches!(
            write_atomic(&out, b"two", false, &[]),
            Err(Error::OutputExists(_))
        ));
        write_atomic(&out, b"two", true, &[]).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        assert!(matches!(
            write_atomic(&out, b"x", true, &[&out]),
            Err(Error::Usage(_))
        ));
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    /// A rename gives the target a new inode: a hard link to the old file keeps the old
    /// bytes. Writing in place (`fs::write`) would change both, and a reader could see a
    /// half-written file.
    #[cfg(unix)]
    #[test]
    fn replaces_by_rename_not_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a.pdf");
        std::fs::write(&out, b"old").unwrap();
        let link = dir.path().join("link.pdf");
        std::fs::hard_link(&out, &link).unwrap();
        write_atomic(&out, b"new content", true, &[]).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"new content");
        assert_eq!(std::fs::read(&link).unwrap(), b"old");
    }

    #[cfg(unix)]
    #[test]
    fn never_replaces_devices_fifos_or_folders() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        let link = dir.path().join("full.pdf");
        std::os::unix::fs::symlink("/dev/full", &link).unwrap();
        for target in [
            fifo.as_path(),
            Path::new("/dev/full"),
            link.as_path(),
            dir.path(),
        ] {
            let before = std::fs::symlink_metadata(target).unwrap().file_type();
            let err = write_atomic(target, b"x", true, &[]).unwrap_err();
            assert!(matches!(err, Error::Usage(_)), "{target:?}: {err:?}");
            let after = std::fs::symlink_metadata(target).unwrap().file_type();
            assert_eq!(before, after, "{target:?} is untouched");
        }
        assert!(!std::fs::metadata("/dev/full").unwrap().is_file());
    }

    #[test]
    fn stale_temporary_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".sansho-AbC123.tmp");
        let fresh = dir.path().join(".sansho-XyZ789.tmp");
        let other = dir.path().join("notes.tmp");
        for p in [&stale, &fresh, &other] {
            std::fs::write(p, b"partial").unwrap();
        }
        let two_hours_ago = SystemTime::now() - Duration::from_secs(2 * 60 * 60);
        for p in [&stale, &other] {
            std::fs::File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(two_hours_ago)
                .unwrap();
        }
        write_atomic(&dir.path().join("out.md"), b"x", false, &[]).unwrap();
        assert!(!stale.exists(), "an hour-old temporary file is a leftover");
        assert!(fresh.exists(), "a young one may belong to a running render");
        assert!(other.exists(), "other files are not ours");
    }

    /// Half an hour is young: a render may still be writing it. Exactly the limit is not
    /// "more than" the limit.
    #[test]
    fn temporary_files_younger_than_the_limit_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let half_hour = dir.path().join(".sansho-Half01.tmp");
        let boundary = dir.path().join(".sansho-Edge01.tmp");
        let base = SystemTime::UNIX_EPOCH + Duration::from_secs(1_900_000_000);
        for (p, age) in [
            (&half_hour, Duration::from_secs(30 * 60)),
            (&boundary, STALE_TEMP_AGE),
        ] {
            std::fs::write(p, b"partial").unwrap();
            std::fs::File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(base - age)
                .unwrap();
        }
        remove_stale_temps(dir.path(), base);
        assert!(half_hour.exists(), "30 minutes old is not stale");
        assert!(boundary.exists(), "exactly one hour old is not yet stale");
        remove_stale_temps(dir.path(), base + Duration::from_secs(1));
        assert!(!boundary.exists(), "one hour and a second old is stale");
        assert!(half_hour.exists());
    }

    /// A secret is written (and written atomically) with owner-only permissions.
    #[cfg(unix)]
    #[test]
    fn private_files_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("key.pem");
        write_atomic_private(&key, b"secret", false, &[]).unwrap();
        assert_eq!(std::fs::read(&key).unwrap(), b"secret");
        let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(matches!(
            write_atomic_private(&key, b"other", false, &[]),
            Err(Error::OutputExists(_))
        ));
        assert_eq!(std::fs::read(&key).unwrap(), b"secret");
    }
}
