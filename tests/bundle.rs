//! `sansho keygen`, `sansho bundle` and `sansho verify BUNDLE`, through the real binary: a
//! valid bundle, the same bytes twice, every kind of tampering (a byte flipped in a PDF, in
//! the evidence, in the manifest, in the zip itself; a file added; a wrong key) and hostile
//! zip entries (`../`, an absolute path, a symlink, a zip-bomb size) refused before anything
//! is extracted.

use assert_cmd::Command;
use predicates::prelude::*;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

fn sansho() -> Command {
    let mut c = Command::cargo_bin("sansho").unwrap();
    // "Today" pinned far from the dates passed with --as-of, and the locale pinned, as in the
    // other integration tests.
    c.env("SOURCE_DATE_EPOCH", "1931299200") // 2031-03-15
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1");
    c
}

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("samples/{name}/evidence.toml"))
}

/// A folder with a key pair and a bundle of the typical sample.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        sansho()
            .current_dir(dir.path())
            .args(["keygen", "-o", "vendor.key"])
            .assert()
            .code(0);
        let f = Fixture { dir };
        f.bundle("bundle.sansho.zip");
        f
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn bundle(&self, out: &str) {
        sansho()
            .current_dir(self.dir.path())
            .arg("bundle")
            .arg(sample("typical"))
            .args(["--key", "vendor.key", "-o", out, "--as-of", "2026-12-01"])
            .assert()
            .code(0);
    }

    /// `verify NAME --pubkey vendor.pub --format json`: exit code and the failed subjects.
    fn verify(&self, name: &str, pubkey: &str) -> (i32, Vec<String>, String) {
        let out = sansho()
            .current_dir(self.dir.path())
            .args(["verify", name, "--pubkey", pubkey, "--format", "json"])
            .output()
            .unwrap();
        let code = out.status.code().unwrap();
        let failed = serde_json::from_slice::<serde_json::Value>(&out.stdout)
            .map(|v| {
                v["checks"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|c| !matches!(c["outcome"].as_str(), Some("ok" | "note")))
                    .map(|c| c["subject"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default();
        (
            code,
            failed,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn entries(&self, name: &str) -> Vec<(String, Vec<u8>)> {
        let file = std::fs::File::open(self.path(name)).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut e = zip.by_index(i).unwrap();
                let mut bytes = Vec::new();
                e.read_to_end(&mut bytes).unwrap();
                (e.name().unwrap().to_string(), bytes)
            })
            .collect()
    }

    /// Writes a new zip from `entries`.
    fn write(&self, name: &str, entries: &[(String, Vec<u8>)]) {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(self.path(name)).unwrap());
        for (n, bytes) in entries {
            zip.start_file(n.as_str(), SimpleFileOptions::default())
                .unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
    }

    /// The bundle rewritten with one entry changed by `edit`.
    fn tampered(&self, name: &str, entry: &str, edit: impl Fn(&mut Vec<u8>)) {
        let mut entries = self.entries("bundle.sansho.zip");
        let e = entries.iter_mut().find(|(n, _)| n == entry).unwrap();
        edit(&mut e.1);
        self.write(name, &entries);
    }
}

fn flip(bytes: &mut [u8], at: usize) {
    let i = at.min(bytes.len() - 1);
    bytes[i] ^= 0x01;
}

#[test]
fn keygen_writes_a_private_key_and_never_overwrites_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = sansho()
        .current_dir(dir.path())
        .args(["keygen", "-o", "vendor.key"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let public = std::fs::read_to_string(dir.path().join("vendor.pub")).unwrap();
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(public.starts_with("sansho-ed25519-public-key\n"));
    assert!(
        public.contains(printed.trim()),
        "the printed key is the file's"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("vendor.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let key = std::fs::read(dir.path().join("vendor.key")).unwrap();
    sansho()
        .current_dir(dir.path())
        .args(["keygen", "-o", "vendor.key"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(
        std::fs::read(dir.path().join("vendor.key")).unwrap(),
        key,
        "untouched"
    );
    sansho()
        .current_dir(dir.path())
        .args(["keygen", "-o", "vendor.key", "--force"])
        .assert()
        .code(0);
    assert_ne!(
        std::fs::read(dir.path().join("vendor.key")).unwrap(),
        key,
        "a new key"
    );
}

#[test]
fn a_bundle_verifies_and_is_the_same_bytes_every_time() {
    let f = Fixture::new();
    let (code, failed, _) = f.verify("bundle.sansho.zip", "vendor.pub");
    assert_eq!((code, failed), (0, Vec::<String>::new()));
    f.bundle("again.sansho.zip");
    assert_eq!(
        std::fs::read(f.path("bundle.sansho.zip")).unwrap(),
        std::fs::read(f.path("again.sansho.zip")).unwrap()
    );
    let names: Vec<String> = f
        .entries("bundle.sansho.zip")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "entries in name order");
    for expected in [
        "documents/disclosure.pdf",
        "documents/sla.pdf",
        "evidence/evidence.toml",
        "evidence/docs/isms-certificate.md",
        "manifest.json",
        "manifest.json.sig",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    // The text report says so.
    sansho()
        .current_dir(f.dir.path())
        .args(["verify", "bundle.sansho.zip", "--pubkey", "vendor.pub"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("バイト単位で一致")
                .and(predicate::str::contains("すべて記録どおり")),
        );
}

#[test]
fn a_byte_flipped_in_the_pdf_is_found() {
    let f = Fixture::new();
    f.tampered("t.zip", "documents/disclosure.pdf", |b| flip(b, 5000));
    let (code, failed, _) = f.verify("t.zip", "vendor.pub");
    assert_eq!(code, 1);
    assert_eq!(
        failed,
        [
            "documents/disclosure.pdf",
            "documents/disclosure.pdf (re-rendered)"
        ]
    );
}

#[test]
fn a_byte_flipped_in_the_evidence_is_found() {
    let f = Fixture::new();
    f.tampered("t.zip", "evidence/evidence.toml", |b| {
        // An edit that still parses: one digit of the availability.
        let s = String::from_utf8(b.clone()).unwrap().replacen(
            "availability_percent = 99.5",
            "availability_percent = 99.6",
            1,
        );
        *b = s.into_bytes();
    });
    let (code, failed, _) = f.verify("t.zip", "vendor.pub");
    assert_eq!(code, 1);
    assert!(
        failed.contains(&"evidence/evidence.toml".to_string()),
        "{failed:?}"
    );
    // The PDFs no longer match the evidence they claim to come from.
    assert!(
        failed.iter().any(|s| s.contains("sla.pdf (re-rendered)")),
        "{failed:?}"
    );
}

#[test]
fn a_byte_flipped_in_a_document_is_found() {
    let f = Fixture::new();
    f.tampered("t.zip", "evidence/docs/isms-certificate.md", |b| {
        flip(b, 10)
    });
    let (code, failed, _) = f.verify("t.zip", "vendor.pub");
    assert_eq!(code, 1);
    assert_eq!(
        failed,
        [
            "evidence/docs/isms-certificate.md",
            "evidence/docs/isms-certificate.md (D-ISMS)"
        ]
    );
}

#[test]
fn a_byte_flipped_in_the_manifest_breaks_the_signature() {
    let f = Fixture::new();
    f.tampered("t.zip", "manifest.json", |b| {
        let s =
            String::from_utf8(b.clone())
                .unwrap()
                .replacen("\"conditional\"", "\"conformant\"", 1);
        *b = s.into_bytes();
    });
    let (code, failed, _) = f.verify("t.zip", "vendor.pub");
    assert_eq!(code, 1);
    assert!(failed.contains(&"signature".to_string()), "{failed:?}");
    assert!(failed.contains(&"verdict".to_string()), "{failed:?}");
}

#[test]
fn a_file_added_is_found() {
    let f = Fixture::new();
    let mut entries = f.entries("bundle.sansho.zip");
    entries.push(("evidence/docs/extra.md".into(), b"added later".to_vec()));
    f.write("t.zip", &entries);
    let (code, failed, _) = f.verify("t.zip", "vendor.pub");
    assert_eq!(
        (code, failed),
        (1, vec!["evidence/docs/extra.md".to_string()])
    );
}

#[test]
fn a_wrong_key_is_found() {
    let f = Fixture::new();
    sansho()
        .current_dir(f.dir.path())
        .args(["keygen", "-o", "other.key"])
        .assert()
        .code(0);
    let (code, failed, _) = f.verify("bundle.sansho.zip", "other.pub");
    assert_eq!((code, failed), (1, vec!["signature".to_string()]));
    // A secret key or garbage instead of a public key is a usage error.
    let (code, _, err) = f.verify("bundle.sansho.zip", "vendor.key");
    assert_eq!(code, 2);
    assert!(err.contains("公開鍵"), "{err}");
}

#[test]
fn a_byte_flipped_in_the_zip_itself_is_damage() {
    let f = Fixture::new();
    let mut bytes = std::fs::read(f.path("bundle.sansho.zip")).unwrap();
    // Inside the first entry's compressed data (the disclosure PDF, well past its header).
    flip(&mut bytes, 2000);
    std::fs::write(f.path("t.zip"), bytes).unwrap();
    let (code, failed, _) = f.verify("t.zip", "vendor.pub");
    assert_eq!(code, 1);
    assert!(
        failed.iter().any(|s| s == "documents/disclosure.pdf"),
        "{failed:?}"
    );
}

#[test]
fn a_missing_document_or_an_unreadable_bundle() {
    let dir = tempfile::tempdir().unwrap();
    sansho()
        .current_dir(dir.path())
        .args(["keygen", "-o", "k.key"])
        .assert()
        .code(0);
    // A bundle needs every document: the loader's E-DOC-FILE-MISSING, nothing written.
    let ev = dir.path().join("evidence.toml");
    std::fs::copy(sample("typical"), &ev).unwrap();
    sansho()
        .current_dir(dir.path())
        .args([
            "bundle",
            "evidence.toml",
            "--key",
            "k.key",
            "-o",
            "b.zip",
            "--as-of",
            "2026-12-01",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E-DOC-FILE-MISSING"));
    assert!(!dir.path().join("b.zip").exists());
    // Not a zip; no key.
    std::fs::write(dir.path().join("x.zip"), b"PK\x03\x04 but no zip").unwrap();
    sansho()
        .current_dir(dir.path())
        .args(["verify", "x.zip", "--pubkey", "k.pub"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E-AUDIT-BUNDLE-READ"));
    sansho()
        .current_dir(dir.path())
        .args(["verify", "x.zip"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--pubkey"));
}

/// A zip with one hostile entry (and the bundle's manifest, so only the entry is wrong).
fn hostile(f: &Fixture, name: &str, add: impl Fn(&mut zip::ZipWriter<std::fs::File>)) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(f.path(name)).unwrap());
    for (n, bytes) in f.entries("bundle.sansho.zip") {
        zip.start_file(n.as_str(), SimpleFileOptions::default())
            .unwrap();
        zip.write_all(&bytes).unwrap();
    }
    add(&mut zip);
    zip.finish().unwrap();
}

fn refused(f: &Fixture, name: &str, why: &str) {
    let (code, _, err) = f.verify(name, "vendor.pub");
    assert_eq!(code, 2, "{name}: {err}");
    assert!(
        err.contains("E-AUDIT-BUNDLE-ENTRY") && err.contains(why),
        "{name}: {err}"
    );
    assert!(err.contains("何も展開していません"), "{err}");
}

#[test]
fn hostile_entries_are_refused_before_anything_is_extracted() {
    let f = Fixture::new();
    let outside = f.dir.path().parent().unwrap().join("sansho-escaped.txt");
    hostile(&f, "dotdot.zip", |z| {
        z.start_file("../sansho-escaped.txt", SimpleFileOptions::default())
            .unwrap();
        z.write_all(b"x").unwrap();
    });
    refused(&f, "dotdot.zip", "..");
    assert!(!outside.exists(), "nothing written outside");
    hostile(&f, "absolute.zip", |z| {
        z.start_file("/tmp/sansho-absolute.txt", SimpleFileOptions::default())
            .unwrap();
        z.write_all(b"x").unwrap();
    });
    refused(&f, "absolute.zip", "絶対パス");
    assert!(!Path::new("/tmp/sansho-absolute.txt").exists());
    hostile(&f, "link.zip", |z| {
        z.add_symlink(
            "evidence/docs/link.md",
            "/etc/passwd",
            SimpleFileOptions::default(),
        )
        .unwrap();
    });
    refused(&f, "link.zip", "シンボリックリンク");
}

#[test]
fn a_zip_bomb_size_is_refused_from_the_header() {
    let f = Fixture::new();
    // One small entry whose central-directory header claims ~4 GiB uncompressed.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("bomb.bin", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(&[0u8; 1000]).unwrap();
    let mut bytes = zip.finish().unwrap().into_inner();
    let cd = bytes
        .windows(4)
        .rposition(|w| w == b"PK\x01\x02")
        .expect("central directory header");
    bytes[cd + 24..cd + 28].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    std::fs::write(f.path("bomb.zip"), bytes).unwrap();
    refused(&f, "bomb.zip", "MiB");
}
