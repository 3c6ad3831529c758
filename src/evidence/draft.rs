//! An evidence file being edited in memory (`sansho serve`): its data as the JSON value the
//! checks work on, not as the Rust types, so that any input a form can send — a malformed
//! date, a number typed as text, a status without its planned date — is held as typed and
//! reported by the same checks, at the same path, as it would be in a file.

use super::load::check_source;
use super::{Evidence, LoadOptions, LoadedEvidence};
use crate::catalog::Catalog;
use crate::diag::Diagnostics;
use crate::input::SourceFile;
use serde_json::Value;
use std::path::Path;

/// Checks evidence data held in memory exactly as [`check_source`] checks a file. Diagnostic
/// paths (`answers.TEC-07.planned_date`) are those of the file; positions are those of a JSON
/// rendering of the value and mean nothing to a reader, so callers show paths, not lines.
pub fn check_value(
    value: &Value,
    base_dir: &Path,
    catalog: &Catalog,
    opts: &LoadOptions,
) -> (Option<LoadedEvidence>, Diagnostics) {
    // Serializing a JSON value cannot fail (every key is a string). Pretty, one value a
    // line: positions are computed per line, and one 100 kB line makes that slow.
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    check_source(
        SourceFile::from_text("draft.json", text),
        base_dir,
        catalog,
        opts,
    )
}

/// The typed evidence of data that may still fail the meaning checks (a planned answer
/// without its date, an unknown document id), so that work in progress can be scored; `None`
/// while a value does not even have its field's type (a malformed date).
pub fn evidence_of(value: &Value) -> Option<Evidence> {
    let mut value = value.clone();
    if let Some(root) = value.as_object_mut() {
        root.remove("$schema");
    }
    serde_json::from_value(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{self, CatalogSource};
    use chrono::NaiveDate;
    use serde_json::json;

    fn opts() -> LoadOptions {
        LoadOptions {
            check_files: false,
            as_of: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        }
    }

    #[test]
    fn a_value_is_checked_like_a_file_and_scored_while_invalid() {
        let catalog = catalog::load(&CatalogSource::Embedded).expect("catalog");
        let mut v = json!({
            "vendor": {"name": "A", "service": "S", "prepared_on": "2026-11-01"},
            "answers": {"TEC-07": {"status": "planned"}}
        });
        let (loaded, diags) = check_value(&v, Path::new("."), &catalog, &opts());
        assert!(loaded.is_none());
        let planned = diags
            .iter()
            .find(|d| d.code == "E-ANSWER-PLANNED-NO-DATE")
            .expect("reported");
        assert_eq!(planned.path.as_deref(), Some("answers.TEC-07.planned_date"));
        // Still typed, so still scored.
        let e = evidence_of(&v).expect("typed");
        assert_eq!(e.answers["TEC-07"].planned_date, None);

        v["answers"]["TEC-07"]["planned_date"] = json!("2027-13-01");
        let (_, diags) = check_value(&v, Path::new("."), &catalog, &opts());
        let bad = diags
            .iter()
            .find(|d| d.path.as_deref() == Some("answers.TEC-07.planned_date"))
            .expect("the malformed date is reported at its field");
        assert!(bad.is_error());
        assert!(evidence_of(&v).is_none());

        v["answers"]["TEC-07"]["planned_date"] = json!("2027-03-31");
        let (loaded, diags) = check_value(&v, Path::new("."), &catalog, &opts());
        assert!(
            loaded.is_some(),
            "{}",
            diags.render(crate::i18n::Lang::En, false)
        );
    }
}
