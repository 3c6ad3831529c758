//! Loading and checking the catalog, from the embedded copy or a user's `--controls DIR`.

use super::{Area, Catalog, CatalogMeta, Control, Edition};
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::input::{read_source, SourceFile};
use crate::schema::{self, SchemaKind};
use crate::text;
use crate::tree::Tree;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::PathBuf;

/// Where the catalog comes from.
#[derive(Clone, Debug, Default)]
pub enum CatalogSource {
    /// The copy built into the binary.
    #[default]
    Embedded,
    /// A folder with `catalog.toml` and one `<area>.toml` per area.
    Dir(PathBuf),
}

/// The catalog files built into the binary, by file name.
const EMBEDDED: &[(&str, &str)] = &[
    ("catalog.toml", include_str!("../../controls/catalog.toml")),
    (
        "organizational.toml",
        include_str!("../../controls/organizational.toml"),
    ),
    (
        "physical.toml",
        include_str!("../../controls/physical.toml"),
    ),
    (
        "technical.toml",
        include_str!("../../controls/technical.toml"),
    ),
    (
        "personnel.toml",
        include_str!("../../controls/personnel.toml"),
    ),
    (
        "disposal.toml",
        include_str!("../../controls/disposal.toml"),
    ),
    (
        "maintenance.toml",
        include_str!("../../controls/maintenance.toml"),
    ),
    ("takeout.toml", include_str!("../../controls/takeout.toml")),
    (
        "emergency.toml",
        include_str!("../../controls/emergency.toml"),
    ),
    (
        "exchange.toml",
        include_str!("../../controls/exchange.toml"),
    ),
    (
        "esignature.toml",
        include_str!("../../controls/esignature.toml"),
    ),
    ("records.toml", include_str!("../../controls/records.toml")),
    (
        "termination.toml",
        include_str!("../../controls/termination.toml"),
    ),
    ("online.toml", include_str!("../../controls/online.toml")),
    ("phr.toml", include_str!("../../controls/phr.toml")),
];

impl CatalogSource {
    fn read(&self, name: &str) -> Result<SourceFile, Diagnostic> {
        match self {
            CatalogSource::Embedded => EMBEDDED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(n, t)| SourceFile::from_text(format!("controls/{n}"), *t))
                .ok_or_else(|| {
                    Diagnostic::error(
                        "E-CATALOG-FILE",
                        text!(
                            ["組み込みのカタログに {name} がありません。"],
                            ["the built-in catalog has no {name}."]
                        ),
                    )
                }),
            CatalogSource::Dir(dir) => read_source(&dir.join(name)).map(|(f, _)| f),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    catalog: CatalogMeta,
    areas: Vec<Area>,
    editions: Vec<Edition>,
}

#[derive(Deserialize)]
struct ControlsFile {
    controls: Vec<Control>,
}

/// A control and where it was defined, for semantic diagnostics.
struct Located<'a> {
    control: Control,
    file: &'a SourceFile,
    tree: &'a Tree,
    index: usize,
}

impl Located<'_> {
    fn label(&self, field: &str) -> Option<crate::diag::Label> {
        let path = format!("controls[{}].{field}", self.index);
        self.tree.span(&path).map(|s| self.file.label(s))
    }

    fn path(&self, field: &str) -> String {
        format!("controls[{}].{field}", self.index)
    }
}

/// Loads the catalog and checks it; every problem in every file is reported at once.
pub fn load(source: &CatalogSource) -> Result<Catalog> {
    let mut diags = Vec::new();
    let manifest_file = source.read("catalog.toml")?;
    let manifest_tree = Tree::parse_toml(&manifest_file).map_err(Error::from)?;
    let manifest: Manifest = serde_json::from_value(manifest_tree.value.clone()).map_err(|e| {
        Diagnostic::error(
            "E-CATALOG-MANIFEST",
            text!(
                ["catalog.toml の内容が正しくありません: {e}"],
                ["catalog.toml is not valid: {e}"]
            ),
        )
        .in_file(&manifest_file.name)
    })?;

    let mut files = Vec::new();
    for area in &manifest.areas {
        match source.read(&format!("{}.toml", area.id)) {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    let mut trees = Vec::new();
    for f in &files {
        match Tree::parse_toml(f) {
            Ok(t) => trees.push(Some(t)),
            Err(ds) => {
                diags.extend(ds);
                trees.push(None);
            }
        }
    }
    let mut located = Vec::new();
    for (file, tree) in files.iter().zip(&trees) {
        let Some(tree) = tree else { continue };
        let schema_errors = schema::validate(SchemaKind::Catalog, tree, file);
        if !schema_errors.is_empty() {
            diags.extend(schema_errors);
            continue;
        }
        match serde_json::from_value::<ControlsFile>(tree.value.clone()) {
            Ok(cf) => {
                located.extend(cf.controls.into_iter().enumerate().map(|(index, control)| {
                    Located {
                        control,
                        file,
                        tree,
                        index,
                    }
                }))
            }
            Err(e) => diags
                .push(Diagnostic::error("E-SCHEMA", text!(["{e}"], ["{e}"])).in_file(&file.name)),
        }
    }
    check_meaning(&manifest, &files, &located, &mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::from(diags));
    }
    // Area order first, then file order: the document order of every output.
    let mut controls: Vec<Control> = Vec::with_capacity(located.len());
    for area in &manifest.areas {
        controls.extend(
            located
                .iter()
                .filter(|l| l.control.area == area.id)
                .map(|l| l.control.clone()),
        );
    }
    Ok(Catalog {
        meta: manifest.catalog,
        areas: manifest.areas,
        editions: manifest.editions,
        controls,
    })
}

/// Checks what a schema cannot: cross-file uniqueness, prefixes, editions, citations.
fn check_meaning(
    manifest: &Manifest,
    files: &[SourceFile],
    located: &[Located<'_>],
    diags: &mut Vec<Diagnostic>,
) {
    let areas: HashMap<&str, &Area> = manifest.areas.iter().map(|a| (a.id.as_str(), a)).collect();
    let editions: HashMap<&str, &Edition> = manifest
        .editions
        .iter()
        .map(|e| (e.id.as_str(), e))
        .collect();
    let mut seen: HashMap<&str, &Located<'_>> = HashMap::new();
    for l in located {
        let c = &l.control;
        if let Some(first) = seen.get(c.id.as_str()) {
            let (line, _) = first
                .tree
                .span(&first.path("id"))
                .map_or((0, 0), |s| first.file.line_col(s.start));
            let first_at = format!("{}:{line}", first.file.name);
            diags.push(
                Diagnostic::error(
                    "E-CATALOG-DUPLICATE-ID",
                    text!(
                        [
                            "管理策 ID {} が重複しています（最初の定義: {first_at}）。",
                            c.id
                        ],
                        [
                            "duplicate control id {} (first defined at {first_at}).",
                            c.id
                        ]
                    ),
                )
                .with_path(l.path("id"))
                .at(l.label("id")),
            );
        } else {
            seen.insert(&c.id, l);
        }
        match areas.get(c.area.as_str()) {
            None => {
                let known: Vec<&str> = manifest.areas.iter().map(|a| a.id.as_str()).collect();
                let mut d = Diagnostic::error(
                    "E-CATALOG-UNKNOWN-AREA",
                    text!(
                        [
                            "管理策 {} の領域 `{}` は catalog.toml にありません。",
                            c.id,
                            c.area
                        ],
                        ["control {}: unknown area `{}`.", c.id, c.area]
                    ),
                )
                .with_path(l.path("area"))
                .at(l.label("area"));
                if let Some(s) = crate::suggest::closest(&c.area, known) {
                    d = d.with_help(text!(["\"{s}\" のことですか？"], ["did you mean \"{s}\"?"]));
                }
                diags.push(d);
            }
            Some(area) => {
                let expected = format!("{}-", area.prefix);
                if !c.id.starts_with(&expected) {
                    diags.push(
                        Diagnostic::error(
                            "E-CATALOG-PREFIX",
                            text!(
                                [
                                    "管理策 ID {} は領域 {} の接頭辞 {} で始まっていません。",
                                    c.id,
                                    area.id,
                                    area.prefix
                                ],
                                [
                                    "control id {} does not start with {}'s prefix {}.",
                                    c.id,
                                    area.id,
                                    area.prefix
                                ]
                            ),
                        )
                        .with_path(l.path("id"))
                        .at(l.label("id")),
                    );
                }
                let expected_file = format!("{}.toml", area.id);
                if !l.file.name.ends_with(&expected_file) {
                    diags.push(
                        Diagnostic::error(
                            "E-CATALOG-WRONG-FILE",
                            text!(
                                [
                                    "管理策 {} は領域 {} なので {expected_file} に書いてください。",
                                    c.id,
                                    area.id
                                ],
                                [
                                    "control {} belongs to area {}; move it to {expected_file}.",
                                    c.id,
                                    area.id
                                ]
                            ),
                        )
                        .with_path(l.path("area"))
                        .at(l.label("area")),
                    );
                }
            }
        }
        for (i, r) in c.refs.iter().enumerate() {
            if !editions.contains_key(r.edition.as_str()) {
                let mut d = Diagnostic::error(
                    "E-CATALOG-UNKNOWN-EDITION",
                    text!(
                        [
                            "管理策 {} が引用している版 `{}` は catalog.toml にありません。",
                            c.id,
                            r.edition
                        ],
                        ["control {} cites unknown edition `{}`.", c.id, r.edition]
                    ),
                )
                .with_path(l.path(&format!("refs[{i}].edition")))
                .at(l.label(&format!("refs[{i}].edition")));
                if let Some(s) = crate::suggest::closest(&r.edition, editions.keys().copied()) {
                    d = d.with_help(text!(["\"{s}\" のことですか？"], ["did you mean \"{s}\"?"]));
                }
                diags.push(d);
            }
        }
        if !c.refs.iter().any(|r| r.edition == "mic-cloud-2018") {
            diags.push(
                Diagnostic::error(
                    "E-CATALOG-MISSING-REF",
                    text!(
                        ["管理策 {} が 2018年クラウドガイドライン（mic-cloud-2018）の節を引用していません。", c.id],
                        ["control {} does not cite the 2018 cloud guideline (mic-cloud-2018).", c.id]
                    ),
                )
                .with_path(l.path("refs"))
                .at(l.label("refs")),
            );
        }
        if !c
            .refs
            .iter()
            .any(|r| editions.get(r.edition.as_str()).is_some_and(|e| e.current))
        {
            diags.push(
                Diagnostic::error(
                    "E-CATALOG-MISSING-CURRENT",
                    text!(
                        ["管理策 {} が現行の版（mhlw-6.0、provider-2.0 など）を 1 つも引用していません。", c.id],
                        ["control {} cites no edition in force (mhlw-6.0, provider-2.0, …).", c.id]
                    ),
                )
                .with_path(l.path("refs"))
                .at(l.label("refs")),
            );
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return; // an area that failed to load is not "empty"
    }
    for area in &manifest.areas {
        let file = files
            .iter()
            .find(|f| f.name.ends_with(&format!("{}.toml", area.id)));
        if file.is_some() && !located.iter().any(|l| l.control.area == area.id) {
            diags.push(
                Diagnostic::warning(
                    "W-CATALOG-EMPTY-AREA",
                    text!(
                        ["領域 {} に管理策がありません。", area.id],
                        ["area {} has no controls.", area.id]
                    ),
                )
                .in_file(file.map(|f| f.name.clone()).unwrap_or_default()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_loads() {
        let c = load(&CatalogSource::Embedded)
            .unwrap_or_else(|e| panic!("{}", e.render(crate::i18n::Lang::En, false)));
        assert!(!c.controls.is_empty());
        assert_eq!(c.areas.len(), 14);
        // Area order is document order.
        assert!(c.controls[0].id.starts_with("ORG-"));
    }
}
