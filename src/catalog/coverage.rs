//! The crosswalk between guideline editions and controls (`sansho controls coverage`):
//! which sections of each edition the catalog cites, by which controls, and how many
//! citations per area. It shows reviewers where the catalog is thin and which citations are
//! still unverified.

use super::Catalog;
use serde::Serialize;
use std::collections::BTreeMap;

/// The whole crosswalk.
#[derive(Clone, Debug, Serialize)]
pub struct Coverage {
    /// Catalog id and version.
    pub catalog: String,
    /// Total number of controls.
    pub controls: usize,
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
    /// In force today.
    pub current: bool,
    /// Number of citations.
    pub refs: usize,
    /// Citations with `verified = false`.
    pub unverified: usize,
    /// Citations per area id (every area listed, zero included).
    pub per_area: BTreeMap<String, usize>,
    /// Each cited section with the controls citing it.
    pub sections: Vec<SectionCoverage>,
}

/// One cited section.
#[derive(Clone, Debug, Serialize)]
pub struct SectionCoverage {
    /// Section as cited.
    pub section: String,
    /// True when every citation of it is verified.
    pub verified: bool,
    /// Controls citing it, in catalog order.
    pub controls: Vec<String>,
}

impl Coverage {
    /// Builds the crosswalk of a loaded catalog.
    pub fn of(catalog: &Catalog) -> Coverage {
        let areas = catalog
            .areas
            .iter()
            .map(|a| {
                let cs: Vec<_> = catalog.controls_in(&a.id).collect();
                let required = cs
                    .iter()
                    .filter(|c| c.level == super::Level::Required)
                    .count();
                AreaCount {
                    area: a.id.clone(),
                    title: a.title.clone(),
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
                let mut per_area: BTreeMap<String, usize> =
                    catalog.areas.iter().map(|a| (a.id.clone(), 0)).collect();
                let mut sections: BTreeMap<SortKey, SectionCoverage> = BTreeMap::new();
                let (mut refs, mut unverified) = (0, 0);
                for c in &catalog.controls {
                    for r in c.refs.iter().filter(|r| r.edition == e.id) {
                        refs += 1;
                        unverified += usize::from(!r.verified);
                        *per_area.entry(c.area.clone()).or_default() += 1;
                        let s = sections.entry(SortKey::of(&r.section)).or_insert_with(|| {
                            SectionCoverage {
                                section: r.section.clone(),
                                verified: true,
                                controls: Vec::new(),
                            }
                        });
                        s.verified &= r.verified;
                        if !s.controls.contains(&c.id) {
                            s.controls.push(c.id.clone());
                        }
                    }
                }
                EditionCoverage {
                    edition: e.id.clone(),
                    title: e.title.clone(),
                    current: e.current,
                    refs,
                    unverified,
                    per_area,
                    sections: sections.into_values().collect(),
                }
            })
            .collect();
        Coverage {
            catalog: format!("{} {}", catalog.meta.id, catalog.meta.version),
            controls: catalog.controls.len(),
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
