//! The crosswalk between guideline editions and controls (`sansho controls coverage`):
//! which sections and items of each edition the catalog cites, by which controls, with each
//! reference's truth marks (read in the text or not, and on what basis), and — for editions
//! with an item inventory — which items no control reaches, so a reviewer sees where the
//! catalog is thin, what is still unchecked and what is left open on purpose.

use super::{Basis, Catalog, EditionStatus, Level, Responsibility};
use serde::Serialize;
use std::collections::BTreeMap;

/// The whole crosswalk.
#[derive(Clone, Debug, Serialize)]
pub struct Coverage {
    /// Catalog id and version.
    pub catalog: String,
    /// Number of active controls.
    pub controls: usize,
    /// Number of withdrawn controls (not counted anywhere else).
    pub withdrawn: usize,
    /// Controls per area (area order), with required/recommended split.
    pub areas: Vec<AreaCount>,
    /// One entry per edition, in catalog order.
    pub editions: Vec<EditionCoverage>,
}

/// How many controls an area has.
#[derive(Clone, Debug, Serialize)]
pub struct AreaCount {
    /// Area id.
    pub area: String,
    /// Japanese title.
    pub title: String,
    /// All controls.
    pub controls: usize,
    /// Required controls.
    pub required: usize,
    /// Recommended controls.
    pub recommended: usize,
}

/// What the catalog cites of one edition.
#[derive(Clone, Debug, Serialize)]
pub struct EditionCoverage {
    /// Edition id.
    pub edition: String,
    /// Edition title.
    pub title: String,
    /// Where the edition stands.
    pub status: EditionStatus,
    /// Number of references.
    pub refs: usize,
    /// References read in the edition's text.
    pub checked: usize,
    /// References naming a numbered item.
    pub with_item: usize,
    /// References per basis (`literal`, `paraphrase`, `derived`, `practice`).
    pub basis: BTreeMap<String, usize>,
    /// References per area id (every area listed, zero included).
    pub per_area: BTreeMap<String, usize>,
    /// Each cited section with the references citing it.
    pub sections: Vec<SectionCoverage>,
    /// Item reach, for editions with an inventory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<ItemCoverage>,
}

/// One cited section.
#[derive(Clone, Debug, Serialize)]
pub struct SectionCoverage {
    /// Section as cited.
    pub section: String,
    /// Every reference to it, in catalog order, each with its own marks.
    pub refs: Vec<CitingRef>,
}

/// One reference, as `coverage` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct CitingRef {
    /// The citing control.
    pub control: String,
    /// The item named, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Read in the text.
    pub checked: bool,
    /// How the control relates to the text.
    pub basis: Basis,
}

/// Which inventory items the catalog reaches.
#[derive(Clone, Debug, Serialize)]
pub struct ItemCoverage {
    /// Items in the inventory.
    pub items: usize,
    /// Items read in the final text.
    pub checked: usize,
    /// Parts known to exist whose items were not found.
    pub gaps: usize,
    /// Items that concern the vendor (actor vendor or shared).
    pub vendor_items: usize,
    /// Of those, items cited by at least one active control.
    pub vendor_reached: usize,
    /// Vendor items deliberately left open, with the reason.
    pub open: Vec<ItemReach>,
    /// Vendor items neither reached nor left open on purpose: work to do.
    pub unreached: Vec<ItemReach>,
    /// Every item with the controls reaching it, in inventory order.
    pub per_item: Vec<ItemReach>,
}

/// One inventory item and the controls citing it.
#[derive(Clone, Debug, Serialize)]
pub struct ItemReach {
    /// Item id.
    pub item: String,
    /// Who must act.
    pub actor: Responsibility,
    /// Read in the final text.
    pub checked: bool,
    /// The paraphrase (Japanese).
    pub summary: String,
    /// Controls citing it.
    pub controls: Vec<String>,
    /// Why it is left open, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open: Option<String>,
}

impl Coverage {
    /// Builds the crosswalk of a loaded catalog (active controls only).
    pub fn of(catalog: &Catalog) -> Coverage {
        let areas = catalog
            .areas
            .iter()
            .map(|a| {
                let cs: Vec<_> = catalog.controls_in(&a.id).collect();
                let required = cs.iter().filter(|c| c.level == Level::Required).count();
                AreaCount {
                    area: a.id.to_string(),
                    title: a.title.to_string(),
                    controls: cs.len(),
                    required,
                    recommended: cs.len() - required,
                }
            })
            .collect();
        let editions = catalog
            .editions
            .iter()
            .map(|e| {
                let mut per_area: BTreeMap<String, usize> = catalog
                    .areas
                    .iter()
                    .map(|a| (a.id.to_string(), 0))
                    .collect();
                let mut basis: BTreeMap<String, usize> = Basis::ALL
                    .iter()
                    .map(|b| (b.as_str().to_string(), 0))
                    .collect();
                let mut sections: BTreeMap<SortKey, SectionCoverage> = BTreeMap::new();
                let (mut refs, mut checked, mut with_item) = (0, 0, 0);
                let mut reach: BTreeMap<&str, Vec<String>> = BTreeMap::new();
                for c in &catalog.controls {
                    for r in c.refs.iter().filter(|r| r.edition == e.id) {
                        refs += 1;
                        checked += usize::from(r.checked);
                        with_item += usize::from(r.item.is_some());
                        *per_area.entry(c.area.to_string()).or_default() += 1;
                        *basis.entry(r.basis.as_str().to_string()).or_default() += 1;
                        if let Some(item) = &r.item {
                            let v = reach.entry(item.as_str()).or_default();
                            if !v.iter().any(|x| *x == c.id) {
                                v.push(c.id.to_string());
                            }
                        }
                        sections
                            .entry(SortKey::of(&r.section))
                            .or_insert_with(|| SectionCoverage {
                                section: r.section.to_string(),
                                refs: Vec::new(),
                            })
                            .refs
                            .push(CitingRef {
                                control: c.id.to_string(),
                                item: r.item.as_deref().map(str::to_owned),
                                checked: r.checked,
                                basis: r.basis,
                            });
                    }
                }
                let items = catalog.source(&e.id).map(|src| {
                    let per_item: Vec<ItemReach> = src
                        .items
                        .iter()
                        .map(|it| ItemReach {
                            item: it.id.to_string(),
                            actor: it.actor,
                            checked: it.checked,
                            summary: it.summary.to_string(),
                            controls: reach.get(it.id.as_str()).cloned().unwrap_or_default(),
                            open: catalog
                                .open
                                .iter()
                                .find(|o| o.edition == e.id && o.item == it.id)
                                .map(|o| o.reason.to_string()),
                        })
                        .collect();
                    let vendor: Vec<&ItemReach> = per_item
                        .iter()
                        .filter(|r| r.actor != Responsibility::Institution)
                        .collect();
                    ItemCoverage {
                        items: src.items.len(),
                        checked: src.items.iter().filter(|i| i.checked).count(),
                        gaps: src.gaps.len(),
                        vendor_items: vendor.len(),
                        vendor_reached: vendor.iter().filter(|r| !r.controls.is_empty()).count(),
                        open: vendor
                            .iter()
                            .filter(|r| r.controls.is_empty() && r.open.is_some())
                            .map(|r| (*r).clone())
                            .collect(),
                        unreached: vendor
                            .iter()
                            .filter(|r| r.controls.is_empty() && r.open.is_none())
                            .map(|r| (*r).clone())
                            .collect(),
                        per_item,
                    }
                });
                EditionCoverage {
                    edition: e.id.to_string(),
                    title: e.title.to_string(),
                    status: e.status,
                    refs,
                    checked,
                    with_item,
                    basis,
                    per_area,
                    sections: sections.into_values().collect(),
                    items,
                }
            })
            .collect();
        Coverage {
            catalog: format!("{} {}", catalog.meta.id, catalog.meta.version),
            controls: catalog.controls.len(),
            withdrawn: catalog.withdrawn.len(),
            areas,
            editions,
        }
    }
}

/// Orders sections naturally: "3.2.10" after "3.2.9", "13⑫" after "13②".
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct SortKey(Vec<(String, u64)>, String);

impl SortKey {
    fn of(s: &str) -> SortKey {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut num = String::new();
        for ch in s.chars() {
            if ch.is_ascii_digit() {
                num.push(ch);
            } else {
                if !num.is_empty() || !text.is_empty() {
                    parts.push((std::mem::take(&mut text), num.parse().unwrap_or(0)));
                    num.clear();
                }
                text.push(ch);
            }
        }
        parts.push((text, num.parse().unwrap_or(0)));
        SortKey(parts, s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::SortKey;

    #[test]
    fn natural_section_order() {
        let mut v = [
            "3.2.10",
            "3.2.9",
            "3.2.1",
            "システム運用編 13⑫",
            "システム運用編 13②",
        ];
        v.sort_by_key(|s| SortKey::of(s));
        assert_eq!(v[..3], ["3.2.1", "3.2.9", "3.2.10"]);
    }
}
