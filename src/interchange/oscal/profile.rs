//! A hospital requirement profile as an OSCAL profile: it selects every active control of
//! the catalog, keeps the catalog's structure, and tailors it — recommended controls the
//! hospital requires get `level = required`, weights it overrides get its weight — while
//! the score thresholds and SLA requirements are properties of the metadata.

use super::model::{
    Add, Alter, BackMatter, Document, Hash, Import, Merge, Metadata, Modify,
    Profile as OscalProfile, Property, Resource, Rlink, SelectControl,
};
use super::{catalog_resource, datetime, digest, line, number, prop, to_json, Ids, OSCAL_VERSION};
use crate::catalog::{Catalog, Level};
use crate::i18n::Lang;
use crate::profile::{Profile, WeightOverride};
use chrono::NaiveDate;

/// The profile as OSCAL JSON; `as_of` is its last-modified date.
pub fn profile(catalog: &Catalog, profile: &Profile, lang: Lang, as_of: NaiveDate) -> String {
    let seed = match &profile.source {
        Some(s) => s.sha256.clone(),
        None => digest(&format!("{profile:?}")),
    };
    let ids = Ids::new(
        "profile",
        &format!("{seed}:{}:{}", catalog.meta.version, lang.code()),
    );
    let catalog_res = catalog_resource(catalog, lang);
    let mut alters = Vec::new();
    for c in &catalog.controls {
        let mut props: Vec<Property> = Vec::new();
        if profile.requires(&c.id) && c.level == Level::Recommended {
            props.extend(prop("level", "required").map(|p| Property {
                class: Some("profile".to_string()),
                ..p
            }));
        }
        if let Some(w) = profile.weight_for(&c.id, &c.area) {
            let (w, from) = match w {
                WeightOverride::Control(w) => (w, "control"),
                WeightOverride::Area(w) => (w, "area"),
            };
            props.extend(prop("weight", w.to_string()).map(|p| Property {
                class: Some(from.to_string()),
                ..p
            }));
        }
        if !props.is_empty() {
            alters.push(Alter {
                control_id: c.id.to_string(),
                adds: vec![Add {
                    position: "ending".to_string(),
                    props,
                }],
            });
        }
    }
    let mut meta_props: Vec<Property> = Vec::new();
    meta_props.extend(prop("catalog-id", &catalog.meta.id));
    meta_props.extend(prop("catalog-version", &catalog.meta.version));
    if let Some(m) = profile.min_overall {
        meta_props.extend(prop("min-overall-score", number(m)));
    }
    for (area, m) in &profile.min_area {
        meta_props.extend(prop("min-area-score", number(*m)).map(|p| Property {
            class: Some(area.clone()),
            ..p
        }));
    }
    for (key, rule) in &profile.sla {
        meta_props.extend(prop("sla-requirement", rule.describe()).map(|p| Property {
            class: Some(key.clone()),
            ..p
        }));
    }
    let mut resources = vec![];
    let catalog_href = format!("#{}", catalog_res.uuid);
    resources.push(catalog_res);
    if let Some(src) = &profile.source {
        resources.push(Resource {
            uuid: ids.of("source", &src.file),
            title: Some(line(&profile.name)),
            description: Some(
                lang.pick(
                    "sansho の要件プロファイル（TOML）",
                    "sansho requirement profile (TOML)",
                )
                .to_string(),
            ),
            props: Vec::new(),
            citation: None,
            rlinks: vec![Rlink {
                href: src.file.clone(),
                media_type: Some("application/toml".to_string()),
                hashes: vec![Hash {
                    algorithm: "SHA-256".to_string(),
                    value: src.sha256.clone(),
                }],
            }],
            remarks: None,
        });
    }
    let doc = OscalProfile {
        uuid: ids.doc(),
        metadata: Metadata {
            title: line(&profile.name),
            last_modified: datetime(as_of),
            version: catalog.meta.version.to_string(),
            oscal_version: OSCAL_VERSION.to_string(),
            revisions: Vec::new(),
            props: meta_props,
            links: Vec::new(),
            roles: Vec::new(),
            parties: Vec::new(),
            responsible_parties: Vec::new(),
            remarks: profile.description.clone(),
        },
        imports: vec![Import {
            href: catalog_href,
            include_controls: vec![SelectControl {
                with_ids: catalog.controls.iter().map(|c| c.id.to_string()).collect(),
            }],
        }],
        merge: Merge { as_is: true },
        modify: (!alters.is_empty()).then_some(Modify { alters }),
        back_matter: Some(BackMatter { resources }),
    };
    to_json(&Document::Profile(doc))
}
