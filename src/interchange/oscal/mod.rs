//! OSCAL 1.2.1 documents from sansho's data: the catalog as an OSCAL catalog, a hospital
//! profile as an OSCAL profile, and a scored evidence file as assessment results and as a
//! plan of action and milestones.
//!
//! Every UUID is a version-5 UUID derived from the input (a digest of the catalog, the
//! profile file or the evidence file, then the element's own key), and dates come from the
//! as-of date, so the same input gives the same JSON byte for byte. Scores, verdicts and
//! findings are copied from the [`ScoreReport`], never recomputed.

mod assessment;
mod catalog;
pub mod model;
mod poam;
mod profile;

pub use assessment::assessment_results;
pub use catalog::catalog;
pub use poam::poam;
pub use profile::profile;

use crate::catalog::Catalog;
use crate::evidence::Evidence;
use crate::i18n::Lang;
use crate::score::ScoreReport;
use chrono::NaiveDate;
use model::{Document, Property};
use uuid::Uuid;

/// The OSCAL version written (the one compliance-trestle 5.2 models).
pub const OSCAL_VERSION: &str = "1.2.1";

/// The namespace of sansho's own property and part names.
pub const NS: &str = "https://sansho.invalid/ns/oscal";

/// Which OSCAL model to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Model {
    /// 管理策カタログ / the controls catalog
    Catalog,
    /// 要件プロファイル / a hospital requirement profile
    Profile,
    /// 評価結果 / an evidence file's assessment results
    AssessmentResults,
    /// 改善計画（POA&M）/ plan of action and milestones
    Poam,
}

impl Model {
    /// The name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Model::Catalog => "catalog",
            Model::Profile => "profile",
            Model::AssessmentResults => "assessment-results",
            Model::Poam => "poam",
        }
    }
}

/// What the assessment results and the POA&M are made from.
#[derive(Clone, Copy, Debug)]
pub struct AssessmentInput<'a> {
    /// The catalog scored against.
    pub catalog: &'a Catalog,
    /// The evidence.
    pub evidence: &'a Evidence,
    /// Its score report (copied, never recomputed).
    pub report: &'a ScoreReport,
    /// The evidence file's name as the user gave it.
    pub evidence_file: &'a str,
    /// Hex SHA-256 of the evidence file's bytes.
    pub evidence_sha256: &'a str,
    /// Language of titles and descriptions.
    pub lang: Lang,
}

/// UUIDs derived from one seed: the document's, and one per element key.
pub(crate) struct Ids {
    root: Uuid,
}

impl Ids {
    /// Ids for a document whose content is identified by `seed` (a digest of the input).
    pub fn new(kind: &str, seed: &str) -> Ids {
        let ns = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://sansho.invalid/oscal");
        Ids {
            root: Uuid::new_v5(&ns, format!("{kind}:{seed}").as_bytes()),
        }
    }

    /// The document's UUID.
    pub fn doc(&self) -> String {
        self.root.to_string()
    }

    /// The UUID of an element (`observation`, `TEC-01`).
    pub fn of(&self, kind: &str, key: &str) -> String {
        Uuid::new_v5(&self.root, format!("{kind}:{key}").as_bytes()).to_string()
    }
}

/// Text for a one-line OSCAL field: white space (newlines, tabs) collapsed to one space.
pub(crate) fn line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A property in sansho's namespace; `None` when the value is empty.
pub(crate) fn prop(name: &str, value: impl AsRef<str>) -> Option<Property> {
    let value = line(value.as_ref());
    (!value.is_empty()).then(|| Property {
        name: name.to_string(),
        ns: Some(NS.to_string()),
        value,
        class: None,
        group: None,
        remarks: None,
    })
}

/// A property of OSCAL's own vocabulary (`label`, `status`), without a namespace.
pub(crate) fn std_prop(name: &str, value: impl AsRef<str>) -> Option<Property> {
    prop(name, value).map(|p| Property { ns: None, ..p })
}

/// A date as an OSCAL date-time (midnight UTC).
pub(crate) fn datetime(d: NaiveDate) -> String {
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

/// A number as a property value (`99.3`, `3`).
pub(crate) fn number(x: f64) -> String {
    crate::profile::number(x)
}

/// The document as pretty JSON with a final newline.
pub(crate) fn to_json(doc: &Document) -> String {
    serde_json::to_string_pretty(doc).unwrap_or_default() + "\n"
}

/// Hex SHA-256 of a text, for seeds.
pub(crate) fn digest(s: &str) -> String {
    use sha2::{Digest, Sha256};
    crate::input::hex(&Sha256::digest(s.as_bytes()))
}

/// The back-matter resource of one guideline edition (its UUID is the same in every
/// document of the same catalog).
pub(crate) fn edition_uuid(catalog: &Catalog, edition: &str) -> String {
    Ids::new("catalog-resources", &catalog.meta.id).of("edition", edition)
}

/// The back-matter resource standing for the catalog in profiles and results.
pub(crate) fn catalog_resource(catalog: &Catalog, lang: Lang) -> model::Resource {
    model::Resource {
        uuid: Ids::new("catalog-resources", &catalog.meta.id).of("catalog", &catalog.meta.version),
        title: Some(line(lang.pick(&catalog.meta.title, &catalog.meta.title_en))),
        description: Some(line(lang.pick(
            "sansho の管理策カタログ（`sansho export oscal --model catalog` で OSCAL カタログとして出力できます）",
            "sansho's controls catalog (`sansho export oscal --model catalog` writes it as an OSCAL catalog)",
        ))),
        props: [
            prop("catalog-id", &catalog.meta.id),
            prop("catalog-version", &catalog.meta.version),
        ]
        .into_iter()
        .flatten()
        .collect(),
        citation: None,
        rlinks: vec![model::Rlink {
            href: "catalog.json".to_string(),
            media_type: Some("application/oscal.catalog+json".to_string()),
            hashes: Vec::new(),
        }],
        remarks: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = Ids::new("catalog", "x");
        assert_eq!(a.doc(), Ids::new("catalog", "x").doc());
        assert_ne!(a.doc(), Ids::new("catalog", "y").doc());
        assert_ne!(a.of("control", "TEC-01"), a.of("control", "TEC-02"));
        assert_eq!(
            Uuid::parse_str(&a.doc()).map(|u| u.get_version_num()),
            Ok(5)
        );
    }

    #[test]
    fn one_line_values() {
        assert_eq!(line(" a\n b\t c "), "a b c");
        assert!(prop("x", "  \n").is_none());
        assert_eq!(
            datetime(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
            "2026-12-01T00:00:00Z"
        );
    }
}
