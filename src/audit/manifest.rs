//! The manifest: a JSON record of what was verified — sansho and catalog versions, the
//! as-of date, the SHA-256 of the evidence file and of every document, the score and the
//! verdict — so that an auditor can re-check the same files months later
//! (`sansho verify --manifest M`) and a bundle can sign exactly this record.

use super::{short_hash, Check, Outcome};
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::evidence::{hash_document, locate_document, LoadOptions, LoadedEvidence};
use crate::i18n::Lang;
use crate::input::sha256_hex;
use crate::score::{display_score, ScoreReport, Verdict};
use crate::text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::{Component, Path, PathBuf};

/// The format tag every manifest starts with.
pub const FORMAT: &str = "sansho-manifest/1";

/// Manifests larger than this are not read (a manifest lists a few hundred files; the
/// limit of every text input).
pub const MAX_MANIFEST_BYTES: u64 = crate::input::MAX_INPUT_BYTES;

/// Catalog identity as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogVersion {
    /// Catalog id.
    pub id: String,
    /// Catalog version.
    pub version: String,
}

/// A file and its hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path: relative to the manifest's folder (`verify --manifest`), or the zip entry name
    /// (a bundle).
    pub path: String,
    /// Hex SHA-256.
    pub sha256: String,
    /// Size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
}

/// A document as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentEntry {
    /// Document id.
    pub id: String,
    /// The `path` as written in the evidence file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// SHA-256 of the file when it was recorded (`None` without a path or file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// What was verified, as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The sansho version that wrote it.
    pub sansho_version: String,
    /// The catalog the score was computed with.
    pub catalog: CatalogVersion,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Document language of a bundle's PDFs (`ja`, `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The evidence file.
    pub evidence: FileEntry,
    /// Every document of the evidence file, in file order.
    pub documents: Vec<DocumentEntry>,
    /// Overall score.
    pub score: Option<f64>,
    /// Verdict (`conformant`, `conditional`, `nonconformant`).
    pub verdict: String,
    /// A bundle's files other than the manifest and its signature, sorted by path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileEntry>,
}

impl Manifest {
    /// The record of an evidence file: `evidence_path` as it should be written, the
    /// documents' current hashes from `hashes` (by index of `loaded.evidence.documents`).
    pub fn new(
        loaded: &LoadedEvidence,
        report: &ScoreReport,
        evidence_path: String,
        hashes: &[Option<String>],
    ) -> Self {
        Manifest {
            format: FORMAT.to_string(),
            sansho_version: env!("CARGO_PKG_VERSION").to_string(),
            catalog: CatalogVersion {
                id: report.catalog.id.to_string(),
                version: report.catalog.version.to_string(),
            },
            as_of: report.as_of,
            lang: None,
            evidence: FileEntry {
                path: evidence_path,
                sha256: loaded.source.sha256.clone(),
                bytes: None,
            },
            documents: loaded
                .evidence
                .documents
                .iter()
                .zip(hashes.iter().chain(std::iter::repeat(&None)))
                .map(|(d, h)| DocumentEntry {
                    id: d.id.clone(),
                    path: d.path.clone(),
                    sha256: h.clone(),
                })
                .collect(),
            score: report.overall.score,
            verdict: report.overall.verdict.as_str().to_string(),
            files: Vec::new(),
        }
    }

    /// The language of a bundle's PDFs (Japanese unless `en` is recorded).
    pub fn lang(&self) -> crate::i18n::Lang {
        match self.lang.as_deref() {
            Some("en") => crate::i18n::Lang::En,
            _ => crate::i18n::Lang::Ja,
        }
    }

    /// Pretty JSON with a final newline; the same manifest always gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s.into_bytes()
    }

    /// Reads a manifest; `name` is shown in messages.
    pub fn parse(bytes: &[u8], name: &str) -> Result<Manifest> {
        let bad = |detail: String| {
            Error::from(
                crate::diag::Diagnostic::error(
                    "E-AUDIT-MANIFEST",
                    text!(
                        ["{name} は sansho のマニフェストとして読めません（{detail}）。"],
                        ["{name} is not a readable sansho manifest ({detail})."]
                    ),
                )
                .in_file(name),
            )
        };
        let m: Manifest = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
        if m.format != FORMAT {
            return Err(bad(format!("format {:?}, expected {FORMAT:?}", m.format)));
        }
        Ok(m)
    }
}

/// `target` written relative to the folder `from` (both made absolute first), with `/`
/// separators, so a manifest keeps working when the whole folder moves.
pub fn relative_path(from: &Path, target: &Path) -> String {
    let abs = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (from, target) = (abs(from), abs(target));
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = target.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_string(), a.len() - common).collect();
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// The current SHA-256 of every document with a path (`None` when it cannot be read).
pub fn document_hashes(loaded: &LoadedEvidence) -> Vec<Option<String>> {
    let base = super::verify::base_dir(&loaded.source.path);
    loaded
        .evidence
        .documents
        .iter()
        .map(|d| {
            d.path
                .as_deref()
                .and_then(|raw| locate_document(&base, raw).ok())
                .and_then(|full| hash_document(&full).ok())
        })
        .collect()
}

/// Notes when the manifest was written by another sansho or with another catalog, which
/// explain a score that differs.
pub fn version_notes(m: &Manifest, catalog: &Catalog) -> Vec<Check> {
    let mut out = Vec::new();
    let ours = env!("CARGO_PKG_VERSION");
    if m.sansho_version != ours {
        out.push(Check::new(
            "sansho_version",
            Outcome::Note,
            Some(m.sansho_version.clone()),
            Some(ours.to_string()),
            text!(
                [
                    "記録は sansho {} で作成されました（現在 {ours}）。",
                    m.sansho_version
                ],
                [
                    "recorded with sansho {} (this is {ours}).",
                    m.sansho_version
                ]
            ),
        ));
    }
    if m.catalog.version != catalog.meta.version || m.catalog.id != catalog.meta.id {
        let (was, now) = (&m.catalog.version, &catalog.meta.version);
        out.push(Check::new(
            "catalog",
            Outcome::Note,
            Some(format!("{} {was}", m.catalog.id)),
            Some(format!("{} {now}", catalog.meta.id)),
            text!(
                ["記録時のカタログは {was}、現在は {now} です。スコアが異なる場合はこのためです。"],
                ["the catalog was {was} when recorded and is {now} now; a different score may come from that."]
            ),
        ));
    }
    out
}

/// Compares the recorded score and verdict with a fresh report.
pub fn score_checks(m: &Manifest, report: &ScoreReport) -> Vec<Check> {
    let mut out = Vec::new();
    let (was, now) = (display_score(m.score), display_score(report.overall.score));
    out.push(if m.score == report.overall.score {
        Check::ok(
            "score",
            text!(
                ["総合スコア {now} は記録どおりです。"],
                ["the overall score {now} is as recorded."]
            ),
        )
    } else {
        Check::new(
            "score",
            Outcome::Mismatch,
            Some(was.clone()),
            Some(now.clone()),
            text!(
                ["総合スコアが記録（{was}）と異なります（現在 {now}）。"],
                ["the overall score differs from the record ({was}; now {now})."]
            ),
        )
    });
    let v = report.overall.verdict.as_str();
    let (now_ja, now_en) = (
        report.overall.verdict.label(Lang::Ja),
        report.overall.verdict.label(Lang::En),
    );
    let recorded = Verdict::from_key(&m.verdict);
    let was_ja = recorded.map_or(m.verdict.as_str(), |r| r.label(Lang::Ja));
    let was_en = recorded.map_or(m.verdict.as_str(), |r| r.label(Lang::En));
    out.push(if m.verdict == v {
        Check::ok(
            "verdict",
            text!(
                ["判定「{now_ja}」は記録どおりです。"],
                ["the verdict \"{now_en}\" is as recorded."]
            ),
        )
    } else {
        Check::new(
            "verdict",
            Outcome::Mismatch,
            Some(m.verdict.clone()),
            Some(v.to_string()),
            text!(
                ["判定が記録（{was_ja}）と異なります（現在 {now_ja}）。"],
                ["the verdict differs from the record ({was_en}; now {now_en})."]
            ),
        )
    });
    out
}

/// A hash comparison as a check.
pub fn hash_check(subject: &str, expected: &str, actual: Option<&str>) -> Check {
    match actual {
        None => Check::new(
            subject,
            Outcome::Missing,
            Some(expected.to_string()),
            None,
            text!(
                ["{subject} が見つからないか読めません。"],
                ["{subject} is missing or unreadable."]
            ),
        ),
        Some(a) if a.eq_ignore_ascii_case(expected) => Check::ok(
            subject,
            text!(
                ["{subject} の SHA-256 は記録どおりです。"],
                ["{subject}: the SHA-256 is as recorded."]
            ),
        ),
        Some(a) => {
            let (w, g) = (short_hash(expected), short_hash(a));
            Check::new(
                subject,
                Outcome::Mismatch,
                Some(expected.to_string()),
                Some(a.to_string()),
                text!(
                    ["{subject} の SHA-256 が記録と違います（記録 {w}、実際 {g}）。"],
                    ["{subject}: the SHA-256 differs from the record (recorded {w}, actual {g})."]
                ),
            )
        }
    }
}

/// Re-checks a manifest written by `verify FILE --manifest M`: the evidence file's hash,
/// every document's hash, and the score and verdict recomputed on the recorded date.
/// Returns the checks; an evidence file that no longer loads is an error (exit 2).
pub fn recheck(manifest_path: &Path, catalog: &Catalog) -> Result<Vec<Check>> {
    let name = manifest_path.display().to_string();
    let bytes = read_bounded(manifest_path, MAX_MANIFEST_BYTES)?;
    let m = Manifest::parse(&bytes, &name)?;
    let dir = match manifest_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut checks = version_notes(&m, catalog);
    let evidence_path = dir.join(&m.evidence.path);
    let shown = m.evidence.path.clone();
    let actual = std::fs::read(&evidence_path).ok().map(|b| sha256_hex(&b));
    checks.push(hash_check(&shown, &m.evidence.sha256, actual.as_deref()));
    if actual.is_none() {
        return Ok(checks);
    }
    let loaded = crate::evidence::load(
        &evidence_path,
        catalog,
        &LoadOptions {
            check_files: false,
            as_of: m.as_of,
        },
    )?;
    let hashes = document_hashes(&loaded);
    for rec in &m.documents {
        let subject = format!("{} ({})", rec.id, rec.path.as_deref().unwrap_or("—"));
        let now = loaded
            .evidence
            .documents
            .iter()
            .position(|d| d.id == rec.id);
        match (now, &rec.sha256) {
            (None, _) => checks.push(Check::new(
                &subject,
                Outcome::Missing,
                rec.sha256.clone(),
                None,
                text!(
                    ["文書 {} がエビデンスファイルからなくなっています。", rec.id],
                    ["the document {} is no longer in the evidence file.", rec.id]
                ),
            )),
            (Some(i), Some(want)) => {
                checks.push(hash_check(&subject, want, hashes[i].as_deref()));
            }
            (Some(i), None) if hashes[i].is_some() => checks.push(Check::new(
                &subject,
                Outcome::Extra,
                None,
                hashes[i].clone(),
                text!(
                    [
                        "文書 {} には記録時ファイルがありませんでしたが、今はあります。",
                        rec.id
                    ],
                    [
                        "the document {} had no file when recorded but has one now.",
                        rec.id
                    ]
                ),
            )),
            (Some(_), None) => {}
        }
    }
    for d in &loaded.evidence.documents {
        if m.documents.iter().all(|r| r.id != d.id) {
            checks.push(Check::new(
                &d.id,
                Outcome::Extra,
                None,
                d.sha256.clone(),
                text!(
                    ["文書 {} は記録の後に追加されました。", d.id],
                    ["the document {} was added after the record.", d.id]
                ),
            ));
        }
    }
    let report = crate::score::score(catalog, &loaded.evidence, None, m.as_of);
    checks.extend(score_checks(&m, &report));
    Ok(checks)
}

/// Reads at most `limit` bytes of a file through the inputs' bounded reader; a larger file
/// is an error (`E-INPUT-TOO-LARGE`), never read whole.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let name = crate::input::display_name(path);
    crate::input::read_bounded(path, limit).map_err(|e| crate::input::read_error(&name, e).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_and_descend() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a");
        let b = dir.path().join("b/c");
        std::fs::create_dir_all(&a).expect("a");
        std::fs::create_dir_all(&b).expect("b");
        std::fs::write(b.join("e.toml"), "x").expect("file");
        assert_eq!(relative_path(&a, &b.join("e.toml")), "../b/c/e.toml");
        assert_eq!(relative_path(&b, &b.join("e.toml")), "e.toml");
    }

    #[test]
    fn a_foreign_json_is_not_a_manifest() {
        let e = Manifest::parse(br#"{"format":"other"}"#, "m.json").expect_err("refused");
        assert!(e.to_string().contains("invalid"), "{e}");
        let e = Manifest::parse(b"not json", "m.json").expect_err("refused");
        assert!(matches!(e, Error::Invalid(_)));
    }
}
