//! The controls catalog as an OSCAL catalog: one group per area, one control per control
//! (withdrawn ones with `status = withdrawn`), the requirement as the statement part, and
//! every guideline reference as a link to its edition in the back matter plus a group of
//! properties with its truth marks (`checked`, `basis`, `item`, `source`).

use super::model::{
    BackMatter, Catalog as OscalCatalog, Citation, Control as OscalControl, Document, Group, Link,
    Metadata, Part, Property, Resource, Rlink,
};
use super::{datetime, digest, edition_uuid, line, prop, std_prop, to_json, Ids, OSCAL_VERSION};
use crate::catalog::{Catalog, Control};
use crate::i18n::Lang;
use chrono::NaiveDate;

/// The catalog as OSCAL JSON; `as_of` is its last-modified date.
pub fn catalog(catalog: &Catalog, lang: Lang, as_of: NaiveDate) -> String {
    let seed = digest(&serde_json::to_string(catalog).unwrap_or_default());
    let ids = Ids::new("catalog", &format!("{seed}:{}", lang.code()));
    let groups = catalog
        .areas
        .iter()
        .map(|a| Group {
            id: a.id.to_string(),
            class: Some("area".to_string()),
            title: line(a.title(lang)),
            props: [
                std_prop("label", &a.prefix),
                prop("mic-section", &a.mic_section),
            ]
            .into_iter()
            .flatten()
            .collect(),
            controls: catalog
                .controls
                .iter()
                .chain(&catalog.withdrawn)
                .filter(|c| c.area == a.id)
                .map(|c| control(catalog, c, lang))
                .collect(),
        })
        .collect();
    let resources = catalog
        .editions
        .iter()
        .map(|e| Resource {
            uuid: edition_uuid(catalog, &e.id),
            title: Some(line(lang.pick(&e.title, &e.title_en))),
            description: None,
            props: [
                prop("edition-id", &e.id),
                prop("publisher", &e.publisher),
                prop("published", &e.date),
                prop("edition-status", format!("{:?}", e.status).to_lowercase()),
            ]
            .into_iter()
            .flatten()
            .collect(),
            citation: Some(Citation {
                text: line(e.short_in(lang)),
            }),
            rlinks: e
                .url
                .iter()
                .map(|u| Rlink {
                    href: u.to_string(),
                    media_type: None,
                    hashes: Vec::new(),
                })
                .collect(),
            remarks: lang
                .pick_opt(e.read.as_deref(), e.read_en.as_deref())
                .map(str::to_string),
        })
        .collect();
    let doc = OscalCatalog {
        uuid: ids.doc(),
        metadata: Metadata {
            title: line(lang.pick(&catalog.meta.title, &catalog.meta.title_en)),
            last_modified: datetime(as_of),
            version: catalog.meta.version.to_string(),
            oscal_version: OSCAL_VERSION.to_string(),
            revisions: Vec::new(),
            props: [
                prop("catalog-id", &catalog.meta.id),
                prop("generator", format!("sansho {}", env!("CARGO_PKG_VERSION"))),
            ]
            .into_iter()
            .flatten()
            .collect(),
            links: Vec::new(),
            roles: Vec::new(),
            parties: Vec::new(),
            responsible_parties: Vec::new(),
            remarks: Some(
                lang.pick(
                    "guideline 参照の真偽: 各参照はバックマターの版へのリンクと、group が同じプロパティ（ref-checked = 本文で確認済みか、ref-basis = 本文との関係、ref-item、ref-source）で表します。",
                    "Guideline references: each is a link to its edition in the back matter plus properties sharing a group (ref-checked = read in the text, ref-basis = how the control follows it, ref-item, ref-source).",
                )
                .to_string(),
            ),
        },
        groups,
        back_matter: Some(BackMatter { resources }),
    };
    to_json(&Document::Catalog(doc))
}

fn control(catalog: &Catalog, c: &Control, lang: Lang) -> OscalControl {
    let mut props: Vec<Property> = [
        std_prop("label", &c.id),
        prop("level", c.level.as_str()),
        prop("weight", c.weight().to_string()),
        prop(
            "responsibility",
            crate::interchange::xlsx::responsibility_key(c.responsibility),
        ),
        prop(
            "applies-if",
            c.applies_if.map(|f| f.as_str()).unwrap_or_default(),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    props.extend(c.sla.iter().filter_map(|k| prop("sla-key", k)));
    if c.withdrawn {
        props.extend(std_prop("status", "withdrawn"));
        props.extend(prop(
            "withdrawn-in",
            c.withdrawn_in.as_deref().unwrap_or_default(),
        ));
    }
    let mut links: Vec<Link> = Vec::new();
    for (i, r) in c.refs.iter().enumerate() {
        let group = Some(format!("ref-{}", i + 1));
        let edition = catalog.edition(&r.edition);
        let name = edition.map_or(r.edition.as_str(), |e| e.short_in(lang));
        let item = r
            .item
            .as_deref()
            .map(|i| format!(" {i}"))
            .unwrap_or_default();
        let mark = if r.checked { "" } else { "※" };
        links.push(Link {
            href: format!("#{}", edition_uuid(catalog, &r.edition)),
            rel: Some("reference".to_string()),
            text: Some(line(&format!("{name} {}{item}{mark}", r.section))),
        });
        let fields = [
            prop("ref-edition", &r.edition),
            prop("ref-section", &r.section),
            prop("ref-item", r.item.as_deref().unwrap_or_default()),
            prop("ref-checked", r.checked.to_string()),
            prop("ref-basis", r.basis.as_str()),
            prop("ref-source", r.source.as_deref().unwrap_or_default()),
            prop("ref-note", r.note.as_deref().unwrap_or_default()),
        ];
        props.extend(fields.into_iter().flatten().map(|p| Property {
            group: group.clone(),
            ..p
        }));
    }
    for to in &c.replaced_by {
        links.push(Link {
            href: format!("#{to}"),
            rel: Some("incorporated-into".to_string()),
            text: None,
        });
    }
    let mut parts = vec![Part {
        id: Some(format!("{}_smt", c.id)),
        name: "statement".to_string(),
        ns: None,
        title: None,
        props: Vec::new(),
        prose: Some(c.requirement(lang).to_string()),
    }];
    parts.push(Part {
        id: Some(format!("{}_evidence", c.id)),
        name: "evidence-hint".to_string(),
        ns: Some(super::NS.to_string()),
        title: Some(
            lang.pick("エビデンスの例", "Evidence (examples)")
                .to_string(),
        ),
        props: Vec::new(),
        prose: Some(c.evidence_hint(lang).to_string()),
    });
    if let Some(note) = lang.pick_opt(c.note.as_deref(), c.note_en.as_deref()) {
        parts.push(Part {
            id: Some(format!("{}_gdn", c.id)),
            name: "guidance".to_string(),
            ns: None,
            title: None,
            props: Vec::new(),
            prose: Some(note.to_string()),
        });
    }
    OscalControl {
        id: c.id.to_string(),
        class: Some(if c.withdrawn { "withdrawn" } else { "control" }.to_string()),
        title: line(c.title(lang)),
        props,
        links,
        parts,
    }
}
