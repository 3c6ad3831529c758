//! Auditing disclosures: what changed between two versions of an evidence file ([`diff`]),
//! whether the cited documents are the ones hashed and still valid ([`verify`]), a record an
//! auditor can re-check later ([`manifest`]), and a signed bundle a vendor hands a hospital
//! as proof of what it disclosed ([`bundle`], signed with [`keys`]).
//!
//! This layer sits on top of scoring and rendering (a bundle re-renders its PDFs to prove
//! them) and below the CLI; it reuses the evidence loader's path confinement and hashing
//! instead of reading documents its own way. One file per concept, like cargo-deny's one
//! folder per check.

pub mod bundle;
pub mod chardiff;
pub mod diff;
pub mod keys;
pub mod manifest;
pub mod source;
pub mod verify;

use crate::i18n::Text;
use serde::Serialize;

/// The result of one check of a re-verification (`verify --manifest`, `verify BUNDLE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// As recorded.
    Ok,
    /// Different from what was recorded or signed.
    Mismatch,
    /// Recorded but not there.
    Missing,
    /// There but never recorded (a file added to a bundle).
    Extra,
    /// Worth knowing, not a failure (a newer catalog, another sansho version).
    Note,
}

impl Outcome {
    /// True for the outcomes that make a verification fail (exit code 1).
    pub fn is_failure(self) -> bool {
        matches!(self, Outcome::Mismatch | Outcome::Missing | Outcome::Extra)
    }
}

/// One check: what was checked, how it came out, and what was expected and found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What was checked: a file in the bundle, `signature`, `score`…
    pub subject: String,
    /// How it came out.
    pub outcome: Outcome,
    /// What was recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// What was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// The explanation for people.
    pub message: Text,
}

impl Check {
    /// A check that passed.
    pub fn ok(subject: impl Into<String>, message: Text) -> Self {
        Check {
            subject: subject.into(),
            outcome: Outcome::Ok,
            expected: None,
            actual: None,
            message,
        }
    }

    /// A check with an outcome and the values compared.
    pub fn new(
        subject: impl Into<String>,
        outcome: Outcome,
        expected: Option<String>,
        actual: Option<String>,
        message: Text,
    ) -> Self {
        Check {
            subject: subject.into(),
            outcome,
            expected,
            actual,
            message,
        }
    }
}

/// True when any check failed.
pub fn any_failure(checks: &[Check]) -> bool {
    checks.iter().any(|c| c.outcome.is_failure())
}

/// The first characters of a hash, enough to tell two apart in a message.
pub(crate) fn short_hash(hash: &str) -> String {
    hash.chars().take(12).collect::<String>() + "…"
}
