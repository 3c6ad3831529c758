//! Guideline item inventories (`controls/sources/<edition>.toml`): the numbered requirement
//! items of an edition as they could be read, paraphrased, with who must act and where each
//! was read. Controls pin their references to these ids, and `controls coverage` reports the
//! items no control reaches, so a reviewer sees what the catalog leaves out and why.

use super::CatalogStr;
use super::{Level, Responsibility};
use serde::{Deserialize, Serialize};

/// The item inventory of one edition.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Edition id; the file is named after it.
    pub edition: CatalogStr,
    /// Items in document order.
    #[serde(default)]
    pub items: Vec<SourceItem>,
    /// Parts of the edition known to exist whose items could not be read.
    #[serde(default)]
    pub gaps: Vec<SourceGap>,
}

/// One numbered item of a guideline (a 遵守事項, a table row, a checklist question).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceItem {
    /// Compact id, unique within the edition (`S14⑤`).
    pub id: CatalogStr,
    /// Volume or part (`システム運用編`), where the edition has parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<CatalogStr>,
    /// Chapter or section number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<CatalogStr>,
    /// Chapter title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter_title: Option<CatalogStr>,
    /// What the item asks, in our own words (Japanese).
    pub summary: CatalogStr,
    /// The same in English.
    pub summary_en: CatalogStr,
    /// Who must act or supply: the vendor, the institution, or both.
    pub actor: Responsibility,
    /// How binding the text makes it, where the text says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// Read in the edition's final text (then `source` says where).
    pub checked: bool,
    /// Where it was read, or where the fact comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<CatalogStr>,
    /// Read only in a pre-final draft.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Conflicts, partial reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<CatalogStr>,
}

impl SourceItem {
    /// Whether the vendor has a part in it (so a control should reach it).
    pub fn concerns_vendor(&self) -> bool {
        self.actor != Responsibility::Institution
    }
}

/// A part of an edition that exists but whose items were not found.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceGap {
    /// Volume or part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<CatalogStr>,
    /// Chapter or section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<CatalogStr>,
    /// What is missing and what is known of it.
    pub note: CatalogStr,
}

/// A vendor-relevant item that no control reaches on purpose.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OpenItem {
    /// Edition id.
    pub edition: CatalogStr,
    /// Item id in the edition's inventory.
    pub item: CatalogStr,
    /// Why no control covers it (Japanese).
    pub reason: CatalogStr,
    /// The same in English.
    pub reason_en: CatalogStr,
}
