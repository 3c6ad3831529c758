//! `sansho verify FILE`: is every cited document the file that was hashed, and is it still
//! valid? An auditor's first question about a disclosure, answered document by document.
//!
//! Files are found and hashed by the evidence loader's own functions
//! ([`locate_document`], [`hash_document`]), so `verify` confines paths and reads files
//! exactly as `validate --check-files` does; only the report differs: every document gets a
//! line, and a mismatch is a finding (exit 1) rather than an invalid input (exit 2).

use crate::evidence::{hash_document, locate_document, Evidence, LoadedEvidence, Status};
use crate::i18n::Text;
use crate::score::{ScoreReport, Validity};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

/// Documents expiring within this many days are flagged by default.
pub const DEFAULT_EXPIRING_WITHIN_DAYS: u32 = 90;

/// What the document's file turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileState {
    /// The file's SHA-256 is the one written.
    Match,
    /// The file's SHA-256 differs from the one written.
    Mismatch,
    /// No file at the path.
    Missing,
    /// The path is not a readable regular file (a folder, too large, no permission).
    Unreadable,
    /// The file is there but no `sha256` is written, so a replacement would go unnoticed.
    NoHash,
    /// The document has no `path`: nothing to check.
    NoFile,
}

impl FileState {
    /// The state in words (`sansho verify`'s table, the workbench's audit view).
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            FileState::Match => lang.pick("一致", "matches"),
            FileState::Mismatch => lang.pick("SHA-256 不一致", "SHA-256 differs"),
            FileState::Missing => lang.pick("ファイルなし", "file missing"),
            FileState::Unreadable => lang.pick("読めない", "unreadable"),
            FileState::NoHash => lang.pick("sha256 の記載なし", "no sha256 written"),
            FileState::NoFile => lang.pick("ファイルの指定なし", "no file given"),
        }
    }

    /// True for the states that fail verification (exit code 1).
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            FileState::Mismatch | FileState::Missing | FileState::Unreadable
        )
    }
}

/// What the document's dates say on the as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateState {
    /// Valid, and not expiring soon.
    Valid,
    /// Valid, but expiring within the window.
    ExpiringSoon,
    /// Expired before the as-of date.
    Expired,
    /// Issued after the as-of date.
    NotYetIssued,
}

impl DateState {
    /// The state in words.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            DateState::Valid => lang.pick("有効", "valid"),
            DateState::ExpiringSoon => lang.pick("まもなく期限切れ", "expiring soon"),
            DateState::Expired => lang.pick("期限切れ", "expired"),
            DateState::NotYetIssued => lang.pick("発行前", "not yet issued"),
        }
    }
}

/// One document's audit.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentAudit {
    /// Document id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The `path` as written.
    pub path: Option<String>,
    /// The SHA-256 as written.
    pub declared_sha256: Option<String>,
    /// The SHA-256 of the file, when it could be read.
    pub actual_sha256: Option<String>,
    /// The file check.
    pub file: FileState,
    /// Why the file could not be read, in the loader's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<Text>,
    /// Issue date.
    pub issued: Option<NaiveDate>,
    /// Expiry date.
    pub expires: Option<NaiveDate>,
    /// The date check.
    pub dates: DateState,
    /// Days from the as-of date to the expiry (negative once expired).
    pub days_left: Option<i64>,
    /// Controls citing it, in catalog order.
    pub cited_by: Vec<String>,
}

impl DocumentAudit {
    /// Whether the document can back an answer: valid on the date and its file intact.
    pub fn usable(&self) -> bool {
        matches!(self.dates, DateState::Valid | DateState::ExpiringSoon) && !self.file.is_failure()
    }
}

/// A control that claims implementation but whose every cited document is unusable.
#[derive(Clone, Debug, Serialize)]
pub struct UnsupportedControl {
    /// Control id.
    pub id: String,
    /// Japanese title.
    pub title: String,
    /// English title.
    pub title_en: String,
    /// The status claimed.
    pub status: &'static str,
    /// The documents it cites.
    pub documents: Vec<String>,
}

/// Everything `sansho verify FILE` found.
#[derive(Clone, Debug, Serialize)]
pub struct VerifyReport {
    /// The evidence file as named.
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// The date documents are judged on.
    pub as_of: NaiveDate,
    /// The "expiring soon" window, in days.
    pub expiring_within: u32,
    /// One entry per document, in file order.
    pub documents: Vec<DocumentAudit>,
    /// Controls whose only evidence is invalid.
    pub unsupported_controls: Vec<UnsupportedControl>,
}

impl VerifyReport {
    /// True when a file is missing, unreadable or differs from its hash (exit code 1).
    pub fn failed(&self) -> bool {
        self.documents.iter().any(|d| d.file.is_failure())
    }

    /// How many documents are in each file state.
    pub fn count(&self, state: FileState) -> usize {
        self.documents.iter().filter(|d| d.file == state).count()
    }

    /// How many documents are in each date state.
    pub fn count_dates(&self, state: DateState) -> usize {
        self.documents.iter().filter(|d| d.dates == state).count()
    }
}

/// The folder document paths are relative to.
pub fn base_dir(evidence_file: &Path) -> std::path::PathBuf {
    match evidence_file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    }
}

fn dates(
    issued: Option<NaiveDate>,
    expires: Option<NaiveDate>,
    as_of: NaiveDate,
    within: u32,
) -> (DateState, Option<i64>) {
    let days_left = expires.map(|e| (e - as_of).num_days());
    let state = if expires.is_some_and(|e| e < as_of) {
        DateState::Expired
    } else if issued.is_some_and(|i| i > as_of) {
        DateState::NotYetIssued
    } else if days_left.is_some_and(|d| d <= i64::from(within)) {
        DateState::ExpiringSoon
    } else {
        DateState::Valid
    };
    (state, days_left)
}

/// Checks every document of a loaded evidence file on `report.as_of` (the report is the
/// file's score on that date, which says which controls cite which document and whether
/// scoring counted it).
pub fn verify(loaded: &LoadedEvidence, report: &ScoreReport, expiring_within: u32) -> VerifyReport {
    let evidence: &Evidence = &loaded.evidence;
    let as_of = report.as_of;
    let base = base_dir(&loaded.source.path);
    let documents: Vec<DocumentAudit> = evidence
        .documents
        .iter()
        .map(|doc| {
            let (mut file, mut actual, mut problem) = (FileState::NoFile, None, None);
            if let Some(raw) = &doc.path {
                match locate_document(&base, raw).and_then(|full| hash_document(&full)) {
                    Ok(h) => {
                        file = match &doc.sha256 {
                            None => FileState::NoHash,
                            Some(want) if want.eq_ignore_ascii_case(&h) => FileState::Match,
                            Some(_) => FileState::Mismatch,
                        };
                        actual = Some(h);
                    }
                    Err(p) => {
                        file = match p {
                            crate::evidence::DocumentProblem::Missing(_) => FileState::Missing,
                            _ => FileState::Unreadable,
                        };
                        problem = Some(p.diagnostic(raw).message);
                    }
                }
            }
            let (dates, days_left) = dates(doc.issued, doc.expires, as_of, expiring_within);
            let cited_by = report
                .controls
                .iter()
                .filter(|c| c.reason.documents.iter().any(|d| d.id == doc.id))
                .map(|c| c.id.to_string())
                .collect();
            DocumentAudit {
                id: doc.id.clone(),
                title: doc.title.clone(),
                path: doc.path.clone(),
                declared_sha256: doc.sha256.clone(),
                actual_sha256: actual,
                file,
                problem,
                issued: doc.issued,
                expires: doc.expires,
                dates,
                days_left,
                cited_by,
            }
        })
        .collect();
    let usable = |id: &str| {
        documents
            .iter()
            .find(|d| d.id == id)
            .is_some_and(DocumentAudit::usable)
    };
    let unsupported_controls = report
        .controls
        .iter()
        .filter(|c| c.applicable)
        .filter(|c| matches!(c.status, Some(Status::Implemented | Status::Partial)))
        .filter(|c| !c.reason.documents.is_empty())
        .filter(|c| {
            c.reason
                .documents
                .iter()
                .all(|d| d.validity != Validity::Valid || !usable(&d.id))
        })
        .map(|c| UnsupportedControl {
            id: c.id.to_string(),
            title: c.title.to_string(),
            title_en: c.title_en.to_string(),
            status: crate::score::status_key(c.status),
            documents: c.reason.documents.iter().map(|d| d.id.clone()).collect(),
        })
        .collect();
    VerifyReport {
        file: loaded.source.name.clone(),
        sha256: loaded.source.sha256.clone(),
        as_of,
        expiring_within,
        documents,
        unsupported_controls,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn dates_are_judged_with_a_window() {
        let on = d("2026-12-01");
        let s = |i: Option<&str>, e: Option<&str>| dates(i.map(d), e.map(d), on, 90).0;
        assert_eq!(s(None, Some("2026-11-30")), DateState::Expired);
        assert_eq!(s(None, Some("2026-12-01")), DateState::ExpiringSoon);
        assert_eq!(s(None, Some("2027-03-01")), DateState::ExpiringSoon);
        assert_eq!(s(None, Some("2027-03-02")), DateState::Valid);
        assert_eq!(s(Some("2026-12-02"), None), DateState::NotYetIssued);
        assert_eq!(s(None, None), DateState::Valid);
        assert_eq!(dates(None, Some(d("2026-11-30")), on, 90).1, Some(-1));
    }
}
