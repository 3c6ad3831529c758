//! The controls catalog: every requirement of the guidelines as a checklist item.
//!
//! The catalog is data (`controls/*.toml`, embedded in the binary) so that it can be read,
//! reviewed and corrected without touching code. Loading validates each file against
//! `schemas/catalog.schema.json` and then checks meaning across files (duplicate IDs,
//! prefixes, unknown editions, missing citations), reporting every problem at once. The
//! embedded copy is read from a form `build.rs` prepared, which tests prove equal to that
//! checked load (see `controls/README.md`), so an ordinary run does not pay for the checks.

mod coverage;
mod load;
mod prepared;
mod sources;
mod strings;

pub use coverage::{Coverage, EditionCoverage};
pub use load::{load, CatalogSource};
pub use sources::{OpenItem, Source, SourceGap, SourceItem};
pub use strings::CatalogStr;

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
    /// Active controls, grouped by area in area order, then in file order. Everything that
    /// scores, validates or renders reads this list.
    pub controls: Vec<Control>,
    /// Withdrawn controls (merged or dropped), kept so old evidence files still load and can
    /// be migrated; in the same order.
    pub withdrawn: Vec<Control>,
    /// Item inventories of the editions that have one (`controls/sources/*.toml`); read them
    /// through [`Catalog::sources`].
    pub(crate) sources: load::Inventories,
    /// Guideline items no control reaches on purpose, with the reason (`controls/open.toml`).
    pub open: Vec<OpenItem>,
    /// Minimums the catalog itself sets for SLA values (`[[sla_floors]]` in `catalog.toml`),
    /// each with where it comes from; the SLA consistency checks hold evidence to them.
    pub sla_floors: Vec<SlaFloor>,
}

/// A minimum for one SLA value that the guidelines set (e.g. how long logs must be kept),
/// stated once in the catalog so every evidence file is checked against the same number.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SlaFloor {
    /// The SLA key of the evidence format (`log_retention_days`).
    pub key: CatalogStr,
    /// The smallest acceptable value, in the key's unit.
    pub min: f64,
    /// Where the minimum comes from (edition and item, URL and page).
    pub source: CatalogStr,
    /// A remark.
    #[serde(default)]
    pub note: Option<CatalogStr>,
}

/// Catalog identity (`[catalog]` in `catalog.toml`).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogMeta {
    /// Stable id, e.g. `sansho-3sho2`.
    pub id: CatalogStr,
    /// Catalog version; changes whenever a control changes.
    pub version: CatalogStr,
    /// Japanese title.
    pub title: CatalogStr,
    /// English title.
    pub title_en: CatalogStr,
}

/// A group of controls (組織的安全管理対策, …) with its ID prefix.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Machine id used in files and profiles (`technical`).
    pub id: CatalogStr,
    /// ID prefix of its controls (`TEC`).
    pub prefix: CatalogStr,
    /// Japanese title.
    pub title: CatalogStr,
    /// English title.
    pub title_en: CatalogStr,
    /// The section of the MIC cloud guideline 2018 the area corresponds to.
    pub mic_section: CatalogStr,
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
    pub id: CatalogStr,
    /// Short name for table cells (`安全管理GL 6.0`); the id when not given.
    #[serde(default)]
    pub short: Option<CatalogStr>,
    /// Short English name for table cells (`MHLW GL 6.0`), so English documents never show ids.
    #[serde(default)]
    pub short_en: Option<CatalogStr>,
    /// Japanese title.
    pub title: CatalogStr,
    /// English title.
    pub title_en: CatalogStr,
    /// Publishing ministry or body.
    pub publisher: CatalogStr,
    /// Publication date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub date: CatalogStr,
    /// Where to read it.
    #[serde(default)]
    pub url: Option<CatalogStr>,
    /// Where it stands on the catalog's date: in force, replaced, known only from reports, or
    /// kept for the structure older disclosures follow.
    pub status: EditionStatus,
    /// How the catalog knows its text (Japanese): which copies were read, or why none could be.
    #[serde(default)]
    pub read: Option<CatalogStr>,
    /// The same in English.
    #[serde(default)]
    pub read_en: Option<CatalogStr>,
    /// Listed in a disclosure only when the evidence sets this scope flag (the online-care
    /// and PHR guidelines).
    #[serde(default)]
    pub applies_if: Option<ScopeFlag>,
}

/// Where an edition stands (`status` in `catalog.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EditionStatus {
    /// In force today.
    Current,
    /// Replaced by a later edition; cited for lineage and for texts that can still be read.
    Superseded,
    /// Known only from second-hand reports (its text was not read); every reference to it is
    /// unchecked.
    Reported,
    /// An older structure that disclosures still follow (the 2018 cloud guideline).
    Legacy,
}

impl EditionStatus {
    /// Label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            EditionStatus::Current => lang.pick("現行", "current"),
            EditionStatus::Superseded => lang.pick("旧版", "superseded"),
            EditionStatus::Reported => {
                lang.pick("報告のみ（本文未確認）", "reported (text not read)")
            }
            EditionStatus::Legacy => lang.pick("旧構成（参照用）", "legacy structure"),
        }
    }
}

impl Edition {
    /// In force today: the editions a control must cite at least one of.
    pub fn is_current(&self) -> bool {
        self.status == EditionStatus::Current
    }

    /// The name printed in table cells in `lang`: `short`/`short_en`, else the title.
    pub fn short_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => self.short.as_deref().unwrap_or(&self.title),
            Lang::En => self.short_en.as_deref().unwrap_or(&self.title_en),
        }
    }
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

/// A citation of a guideline section or item, with two facts about its truth: whether the
/// text was read (`checked`) and how closely the control follows it (`basis`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ref {
    /// Edition id.
    pub edition: CatalogStr,
    /// Section within the edition, as a reader finds it (`システム運用編 14`, `4.2`).
    pub section: CatalogStr,
    /// The numbered item within the section (`S14⑤`, `K7③`, `M5.2.1①`), an id of the
    /// edition's item inventory (`controls/sources/<edition>.toml`) when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<CatalogStr>,
    /// True only when the section or item was read in the edition's own text; `source` then
    /// says where. Never set from memory or from secondary sources.
    pub checked: bool,
    /// How the control relates to the text (required: a citation without it says nothing
    /// about how far the text supports the control).
    pub basis: Basis,
    /// Where the text was read (URL and page), or for an unchecked reference where the fact
    /// comes from (a draft, a report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<CatalogStr>,
    /// A remark on this reference (what the edition changed, what is uncertain), Japanese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<CatalogStr>,
}

/// How a control relates to the guideline text it cites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The item says this.
    Literal,
    /// The item says this in other words.
    Paraphrase,
    /// It follows from the item.
    Derived,
    /// Good practice the text does not state; a control resting only on practice is
    /// recommended.
    Practice,
}

impl Basis {
    /// Every basis, strongest first.
    pub const ALL: [Basis; 4] = [
        Basis::Literal,
        Basis::Paraphrase,
        Basis::Derived,
        Basis::Practice,
    ];

    /// The serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Literal => "literal",
            Basis::Paraphrase => "paraphrase",
            Basis::Derived => "derived",
            Basis::Practice => "practice",
        }
    }

    /// Label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Basis::Literal => lang.pick("本文どおり", "literal"),
            Basis::Paraphrase => lang.pick("言い換え", "paraphrase"),
            Basis::Derived => lang.pick("本文から導出", "derived"),
            Basis::Practice => lang.pick(
                "良い慣行（本文に記載なし）",
                "good practice (not in the text)",
            ),
        }
    }
}

/// A title a control had in an earlier catalog version, so `sansho diff` can report renames.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FormerTitle {
    /// The last catalog version that used this title.
    pub until: CatalogStr,
    /// The Japanese title then.
    pub title: CatalogStr,
}

/// One checklist item.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// Stable id (`TEC-01`).
    pub id: CatalogStr,
    /// Area id.
    pub area: CatalogStr,
    /// Short Japanese title.
    pub title: CatalogStr,
    /// English title.
    pub title_en: CatalogStr,
    /// The requirement in Japanese.
    pub requirement: CatalogStr,
    /// The requirement in English.
    pub requirement_en: CatalogStr,
    /// Editorial note (which edition added it, why this level), kept out of the requirement.
    #[serde(default)]
    pub note: Option<CatalogStr>,
    /// The note in English.
    #[serde(default)]
    pub note_en: Option<CatalogStr>,
    /// Minimum or recommended.
    pub level: Level,
    /// Scoring weight when not the level's default.
    #[serde(default)]
    pub weight: Option<u32>,
    /// Guideline sections the control comes from.
    pub refs: Vec<Ref>,
    /// Which documents prove it (Japanese).
    pub evidence_hint: CatalogStr,
    /// Which documents prove it (English). Every catalog file must give it (the schema
    /// requires it); it stays optional here for controls built in code.
    #[serde(default)]
    pub evidence_hint_en: Option<CatalogStr>,
    /// Default split of responsibility.
    pub responsibility: Responsibility,
    /// Applies only when the evidence file sets this scope flag.
    #[serde(default)]
    pub applies_if: Option<ScopeFlag>,
    /// SLA keys of the evidence format the control relates to.
    #[serde(default)]
    pub sla: Vec<CatalogStr>,
    /// Merged into other controls or dropped. The id stays in the catalog forever, so that
    /// every evidence file that ever validated still loads; `replaced_by` says where its
    /// answers now belong.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withdrawn: bool,
    /// The controls that take over a withdrawn control's requirement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaced_by: Vec<CatalogStr>,
    /// The catalog version that withdrew it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_in: Option<CatalogStr>,
    /// Earlier titles, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former_titles: Vec<FormerTitle>,
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

    /// The evidence hint in `lang` (Japanese when no English hint exists).
    pub fn evidence_hint(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.evidence_hint,
            Lang::En => self
                .evidence_hint_en
                .as_deref()
                .unwrap_or(&self.evidence_hint),
        }
    }
}

impl Catalog {
    /// The active control with this id.
    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id == id)
    }

    /// The withdrawn control with this id.
    pub fn withdrawn_control(&self, id: &str) -> Option<&Control> {
        self.withdrawn.iter().find(|c| c.id == id)
    }

    /// The item inventory of an edition, when it has one.
    pub fn source(&self, edition: &str) -> Option<&Source> {
        self.sources().iter().find(|s| s.edition == edition)
    }

    /// Every item inventory, in file name order.
    pub fn sources(&self) -> &[Source] {
        self.sources.get()
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
