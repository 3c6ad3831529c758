//! Writing outputs safely: never over an input, never half-written, never over an existing
//! file unless asked.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically (a temporary file in the same folder, then a rename).
/// Refuses to replace an existing file unless `force`, and never replaces any of `inputs`.
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
    if path.exists() && !force {
        return Err(Error::OutputExists(path.to_path_buf()));
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
    tmp.write_all(bytes).map_err(werr)?;
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
}
