//! Several vendors side by side, scored by the same rule and, for a hospital, against the
//! same requirement profile — the comparison procurement committees otherwise do by eye
//! across Excel sheets.
//!
//! A national registry holds ~10⁴ disclosures, so the comparison must stay linear in time
//! and memory: files are loaded and scored in parallel (rayon), and of each score report
//! only the [`VendorSummary`] the outputs print is kept (a few kilobytes instead of the whole
//! report). Everything in a summary is copied from the report; nothing is recomputed.

use crate::catalog::Catalog;
use crate::diag::Diagnostics;
use crate::error::Error;
use crate::evidence::{self, Evidence, LoadOptions, Status, SLA_KEYS};
use crate::profile::{Profile, SlaRule};
use crate::score::{score, CatalogRef, FailureCode, ScoreReport, SeverityCounts, Verdict};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// What the control matrix shows for one vendor and control.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// The control does not apply to the vendor's scope.
    OutOfScope,
    /// Applicable, no answer.
    Unanswered,
    /// The vendor's status.
    Answered(Status),
}

impl Mark {
    /// The disclosure's symbol (`○ △ □ × －`, `未` unanswered, empty out of scope).
    pub fn symbol(self) -> &'static str {
        match self {
            Mark::OutOfScope => "",
            Mark::Unanswered => "未",
            Mark::Answered(s) => s.symbol(),
        }
    }
}

/// One area's score for one vendor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AreaCell {
    /// Applicable controls of the area.
    pub applicable: usize,
    /// The area's score.
    pub score: Option<f64>,
}

/// The profile's result for one vendor.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileCell {
    /// Every threshold met.
    pub pass: bool,
    /// How many thresholds are not met.
    pub failures: usize,
    /// The SLA keys whose threshold is not met (or whose value is missing).
    pub failed_sla: Vec<String>,
}

/// What a comparison keeps of one vendor's score report.
#[derive(Clone, Debug, PartialEq)]
pub struct VendorSummary {
    /// The file as named.
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Company name.
    pub name: String,
    /// Service name.
    pub service: String,
    /// Version of the disclosure.
    pub version: Option<String>,
    /// Verdict.
    pub verdict: Verdict,
    /// Overall score.
    pub score: Option<f64>,
    /// Findings by severity.
    pub findings: SeverityCounts,
    /// One cell per catalog area, in catalog order.
    pub areas: Vec<AreaCell>,
    /// The profile's result, when a profile was given.
    pub profile: Option<ProfileCell>,
    /// One mark per catalog control, in catalog order.
    pub marks: Vec<Mark>,
    /// The values of [`Comparison::sla_keys`], in that order (`null` when not stated).
    pub sla: Vec<Value>,
    /// Warnings the evidence file raised (it loaded, but deserves a look).
    pub warnings: usize,
}

impl VendorSummary {
    /// Copies what the comparison shows from a score report.
    pub fn of(
        report: &ScoreReport,
        evidence: &Evidence,
        file: String,
        sha256: String,
        warnings: usize,
        sla_keys: &[&str],
    ) -> Self {
        // `score --batch` shows no SLA values: no need to turn the SLA into JSON.
        let sla = if sla_keys.is_empty() {
            Value::Null
        } else {
            serde_json::to_value(&evidence.sla).unwrap_or(Value::Null)
        };
        VendorSummary {
            file,
            sha256,
            name: report.vendor.name.clone(),
            service: report.vendor.service.clone(),
            version: report.vendor.version.clone(),
            verdict: report.overall.verdict,
            score: report.overall.score,
            findings: report.overall.findings,
            areas: report
                .areas
                .iter()
                .map(|a| AreaCell {
                    applicable: a.tally.applicable,
                    score: a.score,
                })
                .collect(),
            profile: report.profile.as_ref().map(|p| ProfileCell {
                pass: p.pass,
                failures: p.failures.len(),
                failed_sla: p
                    .failures
                    .iter()
                    .filter(|f| !matches!(f.code, FailureCode::MinOverall | FailureCode::MinArea))
                    .map(|f| f.key.clone())
                    .collect(),
            }),
            marks: report
                .controls
                .iter()
                .map(|c| match (c.applicable, c.status) {
                    (false, _) => Mark::OutOfScope,
                    (true, None) => Mark::Unanswered,
                    (true, Some(s)) => Mark::Answered(s),
                })
                .collect(),
            sla: sla_keys
                .iter()
                .map(|k| sla.get(k).cloned().unwrap_or(Value::Null))
                .collect(),
            warnings,
        }
    }

    /// Sort key: profile met, best verdict, highest score, then file name.
    fn rank(&self) -> (u8, std::cmp::Reverse<Verdict>, i64, &str) {
        let profile = match &self.profile {
            Some(p) if !p.pass => 1,
            _ => 0,
        };
        let score = -(self.score.unwrap_or(-1.0) * 10.0).round() as i64;
        (profile, std::cmp::Reverse(self.verdict), score, &self.file)
    }

    /// Whether an SLA key fails the profile for this vendor.
    pub fn misses(&self, key: &str) -> bool {
        self.profile
            .as_ref()
            .is_some_and(|p| p.failed_sla.iter().any(|k| k == key))
    }
}

/// A file left out of the comparison because it is not valid.
#[derive(Clone, Debug)]
pub struct Skipped {
    /// The file as named.
    pub file: String,
    /// Everything wrong with it.
    pub diagnostics: Diagnostics,
}

/// The profile as a comparison shows it.
#[derive(Clone, Debug)]
pub struct ProfileInfo {
    /// The profile's name.
    pub name: String,
    /// The file it came from.
    pub file: Option<String>,
    /// Its SHA-256.
    pub sha256: Option<String>,
    /// Its SLA thresholds, in SLA order.
    pub sla: Vec<(String, SlaRule)>,
}

/// Several vendors, ranked.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The as-of date of every score.
    pub as_of: NaiveDate,
    /// The catalog every vendor was scored against.
    pub catalog: CatalogRef,
    /// The profile, when given.
    pub profile: Option<ProfileInfo>,
    /// The SLA keys shown: the profile's, or every numeric and yes/no key without one.
    pub sla_keys: Vec<&'static str>,
    /// The vendors, best first.
    pub vendors: Vec<VendorSummary>,
    /// Files that failed validation, in the order given.
    pub skipped: Vec<Skipped>,
}

impl Comparison {
    /// Whether the control at `index` (catalog order) differs between vendors.
    pub fn differs(&self, index: usize) -> bool {
        let mut marks = self.vendors.iter().filter_map(|v| v.marks.get(index));
        match marks.next() {
            Some(first) => marks.any(|m| m != first),
            None => false,
        }
    }

    /// Whether the control at `index` applies to at least one vendor.
    pub fn applies_to_any(&self, index: usize) -> bool {
        self.vendors
            .iter()
            .any(|v| v.marks.get(index).is_some_and(|m| *m != Mark::OutOfScope))
    }

    /// Whether any vendor failed the profile.
    pub fn any_profile_failed(&self) -> bool {
        self.vendors
            .iter()
            .any(|v| v.profile.as_ref().is_some_and(|p| !p.pass))
    }
}

/// The SLA keys a comparison shows.
fn sla_keys(profile: Option<&Profile>) -> Vec<&'static str> {
    use crate::profile::{sla_field, SlaKind};
    match profile {
        Some(p) if !p.sla.is_empty() => SLA_KEYS
            .iter()
            .copied()
            .filter(|k| p.sla.contains_key(*k))
            .collect(),
        _ => SLA_KEYS
            .iter()
            .copied()
            .filter(|k| {
                sla_field(k).is_some_and(|f| matches!(f.kind, SlaKind::Number | SlaKind::Flag))
            })
            .collect(),
    }
}

/// Loads and scores one file and keeps its summary: what `compare` and `score --batch` do
/// for each file. A file that fails validation is skipped with its diagnostics; an
/// unexpected error (none today) skips it too, so one bad file never loses the others.
pub fn summarize(
    file: &Path,
    catalog: &Catalog,
    profile: Option<&Profile>,
    opts: &LoadOptions,
    sla_keys: &[&str],
) -> Result<VendorSummary, Skipped> {
    let name = file.display().to_string();
    match evidence::load(file, catalog, opts) {
        Ok(loaded) => {
            let report = score(catalog, &loaded.evidence, profile, opts.as_of);
            Ok(VendorSummary::of(
                &report,
                &loaded.evidence,
                name,
                loaded.source.sha256,
                loaded.warnings.len(),
                sla_keys,
            ))
        }
        Err(Error::Invalid(diagnostics)) => Err(Skipped {
            file: name,
            diagnostics,
        }),
        Err(e) => Err(Skipped {
            file: name.clone(),
            diagnostics: Diagnostics(vec![crate::diag::Diagnostic::error(
                "E-INPUT-READ",
                crate::i18n::Text::new(e.to_string(), e.to_string()),
            )
            .in_file(name)]),
        }),
    }
}

/// Loads, scores and summarizes every file (in parallel), then ranks the vendors. A file
/// that fails validation is skipped with its diagnostics; an unexpected error (none today)
/// skips it too, so one bad file never loses the others.
pub fn compare(
    files: &[PathBuf],
    catalog: &Catalog,
    profile: Option<&Profile>,
    as_of: NaiveDate,
) -> Comparison {
    let keys = sla_keys(profile);
    let opts = LoadOptions {
        check_files: false,
        as_of,
    };
    let results: Vec<Result<VendorSummary, Skipped>> = files
        .par_iter()
        .map(|file| summarize(file, catalog, profile, &opts, &keys))
        .collect();
    let (mut vendors, mut skipped) = (Vec::new(), Vec::new());
    for r in results {
        match r {
            Ok(v) => vendors.push(v),
            Err(s) => skipped.push(s),
        }
    }
    vendors.sort_by(|a, b| a.rank().cmp(&b.rank()));
    Comparison {
        as_of,
        catalog: CatalogRef {
            id: catalog.meta.id.clone(),
            version: catalog.meta.version.clone(),
        },
        profile: profile.map(|p| ProfileInfo {
            name: p.name.clone(),
            file: p.source.as_ref().map(|s| s.file.clone()),
            sha256: p.source.as_ref().map(|s| s.sha256.clone()),
            sla: SLA_KEYS
                .iter()
                .filter_map(|k| p.sla.get(*k).map(|r| (k.to_string(), r.clone())))
                .collect(),
        }),
        sla_keys: keys,
        vendors,
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{self, CatalogSource};
    use std::path::Path;

    fn d() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
    }

    #[test]
    fn summaries_copy_the_reports_and_rank_them() {
        let catalog = catalog::load(&CatalogSource::Embedded).expect("catalog");
        let files: Vec<PathBuf> = ["weak", "strong", "typical"]
            .iter()
            .map(|s| PathBuf::from(format!("samples/{s}/evidence.toml")))
            .collect();
        let c = compare(&files, &catalog, None, d());
        let order: Vec<&str> = c.vendors.iter().map(|v| v.file.as_str()).collect();
        assert_eq!(
            order,
            [
                "samples/strong/evidence.toml",
                "samples/typical/evidence.toml",
                "samples/weak/evidence.toml"
            ]
        );
        for v in &c.vendors {
            let loaded = evidence::load(
                Path::new(&v.file),
                &catalog,
                &LoadOptions {
                    check_files: false,
                    as_of: d(),
                },
            )
            .expect("loads");
            let r = score(&catalog, &loaded.evidence, None, d());
            assert_eq!(v.score, r.overall.score);
            assert_eq!(v.marks.len(), catalog.controls.len());
            let unanswered = v.marks.iter().filter(|m| **m == Mark::Unanswered).count();
            assert_eq!(unanswered, r.overall.tally.counts.unanswered);
        }
        assert!(c.skipped.is_empty());
        assert!((0..catalog.controls.len()).any(|i| c.differs(i)));
    }

    #[test]
    fn an_invalid_file_is_skipped_not_fatal() {
        let catalog = catalog::load(&CatalogSource::Embedded).expect("catalog");
        let dir = tempfile::tempdir().expect("tempdir");
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "[vendor]\nname = 1\n").expect("write");
        let files = vec![PathBuf::from("samples/typical/evidence.toml"), bad];
        let c = compare(&files, &catalog, None, d());
        assert_eq!(c.vendors.len(), 1);
        assert_eq!(c.skipped.len(), 1);
        assert!(c.skipped[0].diagnostics.has_errors());
    }
}
