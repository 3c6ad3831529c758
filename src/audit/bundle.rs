//! The signed disclosure bundle: one zip a vendor hands a hospital that proves what it
//! disclosed — the evidence file, every document it cites, the disclosure and SLA draft as
//! PDF, the manifest listing the SHA-256 of each, and an Ed25519 signature over the manifest.
//!
//! Building is deterministic (entries sorted, fixed timestamps and permissions, Ed25519's
//! deterministic signatures, sansho's reproducible PDFs), so the same input and key give the
//! same bytes. Verifying never writes anything to disk: every entry header is checked first
//! (no `..`, no absolute path, no link, no oversized or duplicate entry), then entries are
//! read into memory through bounded readers, the signature and every hash are checked, and
//! the PDFs are rendered again and compared byte for byte.

use super::keys::{self, KeyError};
use super::manifest::{hash_check, score_checks, version_notes, FileEntry, Manifest};
use super::{Check, Outcome};
use crate::catalog::Catalog;
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::evidence::{
    self, locate_document, relative_inside, LoadOptions, LoadedEvidence, MAX_DOCUMENT_BYTES,
};
use crate::i18n::Lang;
use crate::input::{decode, sha256_hex, SourceFile, MAX_INPUT_BYTES};
use crate::render::{self, DocKind, Format, RenderInput, RenderOptions};
use crate::score::ScoreReport;
use crate::text;
use ed25519_dalek::{SigningKey, VerifyingKey};
use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Seek, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// The manifest's entry name.
pub const MANIFEST: &str = "manifest.json";
/// The detached signature's entry name.
pub const SIGNATURE: &str = "manifest.json.sig";
/// The disclosure PDF's entry name.
pub const DISCLOSURE_PDF: &str = "documents/disclosure.pdf";
/// The SLA draft PDF's entry name.
pub const SLA_PDF: &str = "documents/sla.pdf";
/// Folder of the evidence file and its documents inside the bundle.
pub const EVIDENCE_DIR: &str = "evidence/";

/// Limits checked on entry headers before anything is read.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Most entries a bundle may have.
    pub max_entries: usize,
    /// Largest uncompressed entry.
    pub max_entry_bytes: u64,
    /// Largest uncompressed total.
    pub max_total_bytes: u64,
}

impl Default for Limits {
    /// Generous for real bundles (a few hundred documents of at most 256 MiB each, 2 GiB
    /// in all), far below what a zip bomb claims.
    fn default() -> Self {
        Limits {
            max_entries: 10_000,
            max_entry_bytes: MAX_DOCUMENT_BYTES,
            max_total_bytes: 2 * 1024 * 1024 * 1024,
        }
    }
}

fn bundle_error(code: &'static str, message: crate::i18n::Text) -> Error {
    Error::from(Diagnostic::error(code, message))
}

/// Builds a bundle for a loaded evidence file (loaded with `check_files`, so every document
/// is present and matches its hash) scored as `report` (no profile).
pub fn create(
    catalog: &Catalog,
    loaded: &LoadedEvidence,
    report: &ScoreReport,
    lang: Lang,
    key: &SigningKey,
) -> Result<Vec<u8>> {
    let path = &loaded.source.path;
    let raw = super::manifest::read_bounded(path, MAX_INPUT_BYTES)?;
    if sha256_hex(&raw) != loaded.source.sha256 {
        return Err(bundle_error(
            "E-AUDIT-BUNDLE-CHANGED",
            text!(
                [
                    "{} が読み込み中に変更されました。もう一度実行してください。",
                    loaded.source.name
                ],
                [
                    "{} changed while it was being bundled; run again.",
                    loaded.source.name
                ]
            ),
        ));
    }
    let file_name = path.file_name().map_or_else(
        || "evidence.toml".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let evidence_entry = format!("{EVIDENCE_DIR}{file_name}");
    let mut entries: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    entries.insert(evidence_entry.clone(), raw);
    let base = super::verify::base_dir(path);
    let mut hashes = Vec::new();
    for doc in &loaded.evidence.documents {
        let Some(p) = &doc.path else {
            hashes.push(None);
            continue;
        };
        let (Some(rel), Ok(full)) = (relative_inside(p), locate_document(&base, p)) else {
            return Err(bundle_error(
                "E-AUDIT-BUNDLE-DOCUMENT",
                text!(
                    ["文書 {} のパス {p} はバンドルに入れられません。", doc.id],
                    ["the path {p} of document {} cannot be bundled.", doc.id]
                ),
            ));
        };
        let bytes = super::manifest::read_bounded(&full, MAX_DOCUMENT_BYTES)?;
        hashes.push(Some(sha256_hex(&bytes)));
        let name: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        entries.insert(format!("{EVIDENCE_DIR}{}", name.join("/")), bytes);
    }
    let (disclosure, sla) = render_pdfs(
        catalog,
        &loaded.evidence,
        (&loaded.source.sha256, &loaded.source.name),
        report,
        lang,
    )?;
    entries.insert(DISCLOSURE_PDF.to_string(), disclosure);
    entries.insert(SLA_PDF.to_string(), sla);

    let mut manifest = Manifest::new(loaded, report, evidence_entry, &hashes);
    manifest.lang = Some(lang.code().to_string());
    manifest.files = entries
        .iter()
        .map(|(name, bytes)| FileEntry {
            path: name.clone(),
            sha256: sha256_hex(bytes),
            bytes: Some(bytes.len() as u64),
        })
        .collect();
    let manifest_bytes = manifest.to_bytes();
    let signature = keys::sign(key, &manifest_bytes);
    entries.insert(MANIFEST.to_string(), manifest_bytes);
    entries.insert(SIGNATURE.to_string(), signature.into_bytes());
    write_zip(&entries)
}

/// The disclosure and the SLA draft, rendered as `sansho render` renders them.
fn render_pdfs(
    catalog: &Catalog,
    evidence: &evidence::Evidence,
    (evidence_sha256, evidence_file): (&str, &str),
    report: &ScoreReport,
    lang: Lang,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let input = RenderInput {
        catalog,
        evidence,
        evidence_sha256,
        evidence_file,
        report,
        profile: None,
        file_states: None,
        lang,
    };
    let opts = RenderOptions::default();
    Ok((
        render::render(DocKind::Disclosure, Format::Pdf, &input, &opts)?,
        render::render(DocKind::Sla, Format::Pdf, &input, &opts)?,
    ))
}

/// A zip of `entries` in name order with fixed metadata, so equal entries give equal bytes.
fn write_zip(entries: &BTreeMap<String, Vec<u8>>) -> Result<Vec<u8>> {
    let werr = |e: zip::result::ZipError| {
        bundle_error(
            "E-AUDIT-BUNDLE-WRITE",
            text!(
                ["バンドルを作れません（{e}）。"],
                ["cannot write the bundle ({e})."]
            ),
        )
    };
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options).map_err(werr)?;
        zip.write_all(bytes)
            .map_err(|e| werr(zip::result::ZipError::Io(e)))?;
    }
    Ok(zip.finish().map_err(werr)?.into_inner())
}

/// Why an entry header is refused.
fn hostile(name: &str, why: crate::i18n::Text) -> Error {
    bundle_error(
        "E-AUDIT-BUNDLE-ENTRY",
        text!(
            [
                "バンドルの項目 `{name}` は受け付けられません: {}。何も展開していません。",
                why.ja
            ],
            [
                "the bundle entry `{name}` is refused: {}; nothing was extracted.",
                why.en
            ]
        ),
    )
}

/// Checks every entry header against the limits before any content is read; returns the
/// entry names by index.
fn inspect<R: Read + Seek>(archive: &ZipArchive<R>, limits: &Limits) -> Result<Vec<String>> {
    if archive.len() > limits.max_entries {
        return Err(hostile(
            "*",
            text!(
                [
                    "項目が多すぎます（{} 件、上限 {}）",
                    archive.len(),
                    limits.max_entries
                ],
                [
                    "too many entries ({}; the limit is {})",
                    archive.len(),
                    limits.max_entries
                ]
            ),
        ));
    }
    let mut names = Vec::with_capacity(archive.len());
    let mut seen = HashSet::new();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let e = archive
            .by_index_data(i)
            .map_err(|e| unreadable(&e.to_string()))?;
        let Ok(name) = std::str::from_utf8(e.name_raw()).map(str::to_string) else {
            return Err(hostile(
                &String::from_utf8_lossy(e.name_raw()),
                text!(["名前が UTF-8 ではありません"], ["the name is not UTF-8"]),
            ));
        };
        let b = name.as_bytes();
        let absolute = name.starts_with(['/', '\\'])
            || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':');
        if absolute {
            return Err(hostile(
                &name,
                text!(["絶対パスです"], ["it is an absolute path"]),
            ));
        }
        if name.split(['/', '\\']).any(|part| part == "..") || name.contains('\0') {
            return Err(hostile(
                &name,
                text!(
                    ["フォルダの外（..）を指しています"],
                    ["it points outside the folder (..)"]
                ),
            ));
        }
        let link = e.is_symlink() || e.unix_mode().is_some_and(|m| m & 0o170000 == 0o120000);
        if link {
            return Err(hostile(
                &name,
                text!(["シンボリックリンクです"], ["it is a symbolic link"]),
            ));
        }
        if e.encrypted() {
            return Err(hostile(
                &name,
                text!(["暗号化されています"], ["it is encrypted"]),
            ));
        }
        if !matches!(
            e.compression(),
            CompressionMethod::Stored | CompressionMethod::Deflated
        ) {
            return Err(hostile(
                &name,
                text!(
                    ["対応していない圧縮方式です"],
                    ["its compression method is not supported"]
                ),
            ));
        }
        if e.size() > limits.max_entry_bytes {
            let mib = e.size() / 1024 / 1024;
            return Err(hostile(
                &name,
                text!(
                    ["展開後の大きさ {mib} MiB が上限を超えています"],
                    ["its uncompressed size, {mib} MiB, is over the limit"]
                ),
            ));
        }
        total = total.saturating_add(e.size());
        if total > limits.max_total_bytes {
            return Err(hostile(
                &name,
                text!(
                    ["展開後の合計が上限を超えています"],
                    ["the uncompressed total is over the limit"]
                ),
            ));
        }
        if !seen.insert(name.clone()) {
            return Err(hostile(
                &name,
                text!(
                    ["同じ名前の項目が重複しています"],
                    ["the name appears twice"]
                ),
            ));
        }
        names.push(name);
    }
    Ok(names)
}

fn unreadable(detail: &str) -> Error {
    bundle_error(
        "E-AUDIT-BUNDLE-READ",
        text!(
            ["バンドルを zip として読めません（{detail}）。"],
            ["the bundle cannot be read as a zip ({detail})."]
        ),
    )
}

/// A bundle entry as read: its hash, and its bytes when they are needed again.
struct Entry {
    sha256: String,
    bytes: Option<Vec<u8>>,
}

/// What reading one entry gave: its bytes, or the damage found (a CRC or deflate error).
enum Content {
    Bytes(Vec<u8>),
    Damaged(String),
}

fn read_entry<R: Read + Seek>(archive: &mut ZipArchive<R>, i: usize) -> Content {
    let mut f = match archive.by_index(i) {
        Ok(f) => f,
        Err(e) => return Content::Damaged(e.to_string()),
    };
    // `inspect` has checked the declared size against the limits.
    let declared = f.size();
    let mut bytes = Vec::new();
    // Never more than the header says (and so never more than the limit): a stream that
    // decodes to more is damaged, and reading stops there.
    match (&mut f).take(declared + 1).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > declared => {
            Content::Damaged("more data than its header says".into())
        }
        Ok(_) => Content::Bytes(bytes),
        Err(e) => Content::Damaged(e.to_string()),
    }
}

/// Verifies a bundle with the vendor's public key. `Err` (exit 2) when the zip cannot be
/// read or an entry is refused; otherwise every check, failed ones included (exit 1 when
/// any failed).
pub fn verify<R: Read + Seek>(
    reader: R,
    public_key: &VerifyingKey,
    catalog: &Catalog,
    limits: &Limits,
) -> Result<Vec<Check>> {
    let mut archive = ZipArchive::new(reader).map_err(|e| unreadable(&e.to_string()))?;
    let names = inspect(&archive, limits)?;
    let mut contents: BTreeMap<String, Entry> = BTreeMap::new();
    let mut checks = Vec::new();
    for (i, name) in names.iter().enumerate() {
        match read_entry(&mut archive, i) {
            Content::Bytes(b) => {
                // Documents are only hashed; the files re-checked whole are kept.
                let keep = [MANIFEST, SIGNATURE, DISCLOSURE_PDF, SLA_PDF].contains(&name.as_str())
                    || name
                        .strip_prefix(EVIDENCE_DIR)
                        .is_some_and(|rest| !rest.contains('/'));
                contents.insert(
                    name.clone(),
                    Entry {
                        sha256: sha256_hex(&b),
                        bytes: keep.then_some(b),
                    },
                );
            }
            Content::Damaged(detail) => checks.push(Check::new(
                name,
                Outcome::Mismatch,
                None,
                None,
                text!(
                    ["{name} が壊れています（{detail}）。"],
                    ["{name} is damaged ({detail})."]
                ),
            )),
        }
    }
    let Some(manifest_bytes) = contents.get(MANIFEST).and_then(|e| e.bytes.clone()) else {
        checks.push(missing(MANIFEST));
        return Ok(checks);
    };
    checks.push(signature_check(&contents, &manifest_bytes, public_key));
    let manifest = match Manifest::parse(&manifest_bytes, MANIFEST) {
        Ok(m) => m,
        Err(_) => {
            checks.push(Check::new(
                MANIFEST,
                Outcome::Mismatch,
                None,
                None,
                text!(
                    ["マニフェストを読めません。"],
                    ["the manifest cannot be read."]
                ),
            ));
            return Ok(checks);
        }
    };
    checks.extend(version_notes(&manifest, catalog));
    // Every file listed is there with its hash, and nothing else is.
    for f in &manifest.files {
        let actual = contents.get(&f.path).map(|e| e.sha256.clone());
        if actual.is_none() && checks.iter().any(|c| c.subject == f.path) {
            continue; // already reported as damaged
        }
        checks.push(hash_check(&f.path, &f.sha256, actual.as_deref()));
    }
    for name in contents.keys() {
        let listed = manifest.files.iter().any(|f| &f.path == name);
        if !listed && name != MANIFEST && name != SIGNATURE {
            checks.push(Check::new(
                name,
                Outcome::Extra,
                None,
                None,
                text!(
                    ["{name} はマニフェストにないファイルです（後から追加されています）。"],
                    ["{name} is not in the manifest (it was added afterwards)."]
                ),
            ));
        }
    }
    checks.extend(evidence_checks(&manifest, &contents, catalog));
    Ok(checks)
}

fn missing(name: &str) -> Check {
    Check::new(
        name,
        Outcome::Missing,
        None,
        None,
        text!(
            ["{name} がバンドルにありません。"],
            ["{name} is missing from the bundle."]
        ),
    )
}

fn signature_check(
    contents: &BTreeMap<String, Entry>,
    manifest: &[u8],
    key: &VerifyingKey,
) -> Check {
    let Some(sig) = contents.get(SIGNATURE).and_then(|e| e.bytes.as_ref()) else {
        return missing(SIGNATURE);
    };
    let fp = keys::fingerprint(key);
    match keys::verify(key, manifest, &String::from_utf8_lossy(sig)) {
        Ok(()) => Check::ok(
            "signature",
            text!(
                ["マニフェストの署名は公開鍵 {fp} で検証できました。"],
                ["the manifest's signature verifies with the public key {fp}."]
            ),
        ),
        Err(KeyError::BadSignature) => Check::new(
            "signature",
            Outcome::Mismatch,
            None,
            Some(fp.clone()),
            text!(
                ["マニフェストの署名が公開鍵 {fp} と一致しません（マニフェストが改ざんされたか、別の鍵で署名されています）。"],
                ["the manifest's signature does not verify with the public key {fp} (the manifest was changed or signed with another key)."]
            ),
        ),
        Err(e) => Check::new(
            "signature",
            Outcome::Mismatch,
            None,
            None,
            text!(
                ["署名ファイルを読めません（{e}）。"],
                ["the signature file cannot be read ({e})."]
            ),
        ),
    }
}

/// The evidence loads, its documents are the bundled files, the score is as recorded, and
/// the PDFs render to the same bytes.
fn evidence_checks(
    m: &Manifest,
    contents: &BTreeMap<String, Entry>,
    catalog: &Catalog,
) -> Vec<Check> {
    let mut out = Vec::new();
    let Some(raw) = contents
        .get(&m.evidence.path)
        .and_then(|e| e.bytes.as_ref())
    else {
        return out; // reported by the file checks
    };
    let name = m.evidence.path.clone();
    let cannot = |detail: String| {
        Check::new(
            &name,
            Outcome::Mismatch,
            None,
            None,
            text!(
                ["エビデンスファイルを読み込めないため、文書を再現できません: {detail}"],
                ["the evidence file does not load, so the documents cannot be reproduced: {detail}"]
            ),
        )
    };
    let text = match decode(&name, raw) {
        Ok((t, _)) => t,
        Err(d) => {
            out.push(cannot(d.message.en));
            return out;
        }
    };
    let mut source = SourceFile::from_text(&name, text);
    source.sha256 = sha256_hex(raw);
    // An empty folder: with check_files off nothing is read from it, and no path inside
    // the bundle can resolve to a real file.
    let Ok(scratch) = tempfile::tempdir() else {
        out.push(cannot("no temporary folder".into()));
        return out;
    };
    let opts = LoadOptions {
        check_files: false,
        as_of: m.as_of,
    };
    let (loaded, diags) = evidence::check_source(source, scratch.path(), catalog, &opts);
    let Some(loaded) = loaded else {
        let first = diags
            .iter()
            .find(|d| d.is_error())
            .map_or_else(String::new, |d| format!("[{}] {}", d.code, d.message.en));
        out.push(cannot(first));
        return out;
    };
    for d in &loaded.evidence.documents {
        let (Some(p), Some(want)) = (&d.path, &d.sha256) else {
            continue;
        };
        let Some(rel) = relative_inside(p) else {
            continue;
        };
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let entry = format!("{EVIDENCE_DIR}{}", parts.join("/"));
        let actual = contents.get(&entry).map(|e| e.sha256.clone());
        let subject = format!("{entry} ({})", d.id);
        let mut c = hash_check(&subject, want, actual.as_deref());
        if c.outcome == Outcome::Mismatch {
            c.message = text!(
                [
                    "{entry} の SHA-256 がエビデンスファイルの記載（文書 {}）と違います。",
                    d.id
                ],
                [
                    "{entry} does not have the SHA-256 the evidence file states for document {}.",
                    d.id
                ]
            );
        }
        out.push(c);
    }
    let report = crate::score::score(catalog, &loaded.evidence, None, m.as_of);
    out.extend(score_checks(m, &report));
    match render_pdfs(
        catalog,
        &loaded.evidence,
        (&loaded.source.sha256, &loaded.source.name),
        &report,
        m.lang(),
    ) {
        Ok((disclosure, sla)) => {
            for (entry, fresh) in [(DISCLOSURE_PDF, disclosure), (SLA_PDF, sla)] {
                let Some(bundled) = contents.get(entry).and_then(|e| e.bytes.as_ref()) else {
                    continue; // reported by the file checks
                };
                out.push(if *bundled == fresh {
                    Check::ok(
                        format!("{entry} (re-rendered)"),
                        text!(
                            ["{entry} は再作成した PDF とバイト単位で一致します。"],
                            ["{entry} is byte for byte the PDF rendered again."]
                        ),
                    )
                } else {
                    Check::new(
                        format!("{entry} (re-rendered)"),
                        Outcome::Mismatch,
                        Some(sha256_hex(&fresh)),
                        Some(sha256_hex(bundled)),
                        text!(
                            ["{entry} が、エビデンスから再作成した PDF と一致しません。"],
                            ["{entry} differs from the PDF rendered again from the evidence."]
                        ),
                    )
                });
            }
        }
        Err(e) => out.push(cannot(e.to_string())),
    }
    out
}
