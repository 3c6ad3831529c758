//! The controls catalog: every requirement of the guidelines as a checklist item.
//!
//! The catalog is data (`controls/*.toml`, embedded in the binary) so that it can be read,
//! reviewed and corrected without touching code. Loading validates each file against
//! `schemas/catalog.schema.json` and then checks meaning across files (duplicate IDs,
//! prefixes, unknown editions, missing citations), reporting every problem at once.

mod coverage;
mod load;

pub use coverage::{Coverage, EditionCoverage};
pub use load::{load, CatalogSource};

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// The whole catalog: identity, areas, editions and controls in document order.
#[derive(Clone, Debug, Serialize)]
pub struct Catalog {
    /// Identity and version, printed in every document's provenance block.
    pub meta: CatalogMeta,
    /// Areas in document order.
    pub areas: Vec<Area>,
    /// Guideline editions that controls cite.
    pub editions: Vec<Edition>,
    /// Controls, grouped by area in area order, then in file order.
    pub controls: Vec<Control>,
}

/// Catalog identity (`[catalog]` in `catalog.toml`).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogMeta {
    /// Stable id, e.g. `sansho-3sho2`.
    pub id: String,
    /// Catalog version; changes whenever a control changes.
    pub version: String,
    /// Japanese title.
    pub title: String,
    /// English title.
    pub title_en: String,
}

/// A group of controls (組織的安全管理対策, …) with its ID prefix.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Machine id used in files and profiles (`technical`).
    pub id: String,
    /// ID prefix of its controls (`TEC`).
    pub prefix: String,
    /// Japanese title.
    pub title: String,
    /// English title.
    pub title_en: String,
    /// The section of the MIC cloud guideline 2018 the area corresponds to.
    pub mic_section: String,
}

impl Edition {
    /// The name printed in table cells: `short`, else the id.
    pub fn short_name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.id)
    }
}

impl Area {
    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &str {
        lang.pick(&self.title, &self.title_en)
    }
}

/// A guideline edition that controls cite.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// Short id used in refs (`mhlw-6.0`).
    pub id: String,
    /// Short name for table cells (`安全管理GL 6.0`); the id when not given.
    #[serde(default)]
    pub short: Option<String>,
    /// Japanese title.
    pub title: String,
    /// English title.
    pub title_en: String,
    /// Publishing ministry or body.
    pub publisher: String,
    /// Publication date (`YYYY-MM` or `YYYY`).
    pub date: String,
    /// Where to read it.
    #[serde(default)]
    pub url: Option<String>,
    /// In force today (every control must cite at least one current edition).
    #[serde(default)]
    pub current: bool,
    /// Listed in a disclosure only when the evidence sets this scope flag (the online-care
    /// and PHR guidelines).
    #[serde(default)]
    pub applies_if: Option<ScopeFlag>,
}

/// How binding a control is.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// A minimum measure (最低限のガイドライン / 遵守事項).
    Required,
    /// A recommended measure (推奨されるガイドライン).
    Recommended,
}

impl Level {
    /// The weight used when a control sets none.
    pub fn default_weight(self) -> u32 {
        match self {
            Level::Required => 3,
            Level::Recommended => 1,
        }
    }

    /// Label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Level::Required => lang.pick("必須", "required"),
            Level::Recommended => lang.pick("推奨", "recommended"),
        }
    }

    /// The serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Required => "required",
            Level::Recommended => "recommended",
        }
    }
}

/// Who carries out a control by default (責任分界).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Responsibility {
    /// The vendor (事業者).
    Vendor,
    /// The medical institution (医療機関等).
    Institution,
    /// Both, each for its part.
    Shared,
}

impl Responsibility {
    /// Label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Responsibility::Vendor => lang.pick("事業者", "vendor"),
            Responsibility::Institution => lang.pick("医療機関等", "institution"),
            Responsibility::Shared => lang.pick("共同", "shared"),
        }
    }
}

/// A scope flag of the evidence file that makes some controls applicable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeFlag {
    /// The service stores medical records externally (外部保存).
    ExternalStorage,
    /// The service handles legally required e-signatures.
    Esignature,
    /// The service is an online-consultation system.
    OnlineConsultation,
    /// The service is a PHR service.
    Phr,
}

impl ScopeFlag {
    /// Every flag, in file order.
    pub const ALL: [ScopeFlag; 4] = [
        ScopeFlag::ExternalStorage,
        ScopeFlag::Esignature,
        ScopeFlag::OnlineConsultation,
        ScopeFlag::Phr,
    ];

    /// The key used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeFlag::ExternalStorage => "external_storage",
            ScopeFlag::Esignature => "esignature",
            ScopeFlag::OnlineConsultation => "online_consultation",
            ScopeFlag::Phr => "phr",
        }
    }

    /// Label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ScopeFlag::ExternalStorage => lang.pick("外部保存", "external storage"),
            ScopeFlag::Esignature => lang.pick("電子署名", "e-signature"),
            ScopeFlag::OnlineConsultation => lang.pick("オンライン診療", "online consultation"),
            ScopeFlag::Phr => lang.pick("PHR", "PHR"),
        }
    }

    /// Parses a key used in files and on the command line.
    pub fn parse(s: &str) -> Option<ScopeFlag> {
        ScopeFlag::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// A citation of a guideline section.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ref {
    /// Edition id.
    pub edition: String,
    /// Section within the edition (`3.2.3`, `システム運用編 13⑫`).
    pub section: String,
    /// Checked against the edition's text; false for secondary or inferred citations.
    #[serde(default)]
    pub verified: bool,
}

/// One checklist item.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// Stable id (`TEC-01`).
    pub id: String,
    /// Area id.
    pub area: String,
    /// Short Japanese title.
    pub title: String,
    /// English title.
    pub title_en: String,
    /// The requirement in Japanese.
    pub requirement: String,
    /// The requirement in English.
    pub requirement_en: String,
    /// Editorial note (which edition added it, why this level), kept out of the requirement.
    #[serde(default)]
    pub note: Option<String>,
    /// The note in English.
    #[serde(default)]
    pub note_en: Option<String>,
    /// Minimum or recommended.
    pub level: Level,
    /// Scoring weight when not the level's default.
    #[serde(default)]
    pub weight: Option<u32>,
    /// Guideline sections the control comes from.
    pub refs: Vec<Ref>,
    /// Which documents prove it (Japanese).
    pub evidence_hint: String,
    /// Default split of responsibility.
    pub responsibility: Responsibility,
    /// Applies only when the evidence file sets this scope flag.
    #[serde(default)]
    pub applies_if: Option<ScopeFlag>,
    /// SLA keys of the evidence format the control relates to.
    #[serde(default)]
    pub sla: Vec<String>,
}

impl Control {
    /// The weight used for scoring before any profile override.
    pub fn weight(&self) -> u32 {
        self.weight.unwrap_or_else(|| self.level.default_weight())
    }

    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &str {
        lang.pick(&self.title, &self.title_en)
    }

    /// The requirement in `lang`.
    pub fn requirement(&self, lang: Lang) -> &str {
        lang.pick(&self.requirement, &self.requirement_en)
    }
}

impl Catalog {
    /// The control with this id.
    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id == id)
    }

    /// The area with this id.
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }

    /// The edition with this id.
    pub fn edition(&self, id: &str) -> Option<&Edition> {
        self.editions.iter().find(|e| e.id == id)
    }

    /// Controls of one area, in order.
    pub fn controls_in<'a>(&'a self, area: &'a str) -> impl Iterator<Item = &'a Control> + 'a {
        self.controls.iter().filter(move |c| c.area == area)
    }

    /// The closest existing control id to a mistyped one.
    pub fn suggest_control(&self, id: &str) -> Option<&str> {
        crate::suggest::closest(id, self.controls.iter().map(|c| c.id.as_str()))
    }
}
