//! Loading and checking the catalog, from the embedded copy or a user's `--controls DIR`.

use super::{Area, Catalog, CatalogMeta, CatalogStr, Control, Edition, OpenItem, Source};
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::input::{read_source, SourceFile};
use crate::schema::{self, SchemaKind};
use crate::text;
use crate::tree::Tree;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Where the catalog comes from.
#[derive(Clone, Debug, Default)]
pub enum CatalogSource {
    /// The copy built into the binary.
    #[default]
    Embedded,
    /// A folder with `catalog.toml` and one `<area>.toml` per area.
    Dir(PathBuf),
}

/// The catalog files built into the binary, by path relative to `controls/`
/// (`catalog.toml`, `technical.toml`, `sources/mhlw-6.0.toml`); listed by `build.rs`.
const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_controls.rs"));

/// The same files parsed by `build.rs` into the prepared form (`prepared.rs`), so that an
/// ordinary run skips TOML parsing, position tracking and schema validation; `None` when a
/// file did not parse (the checked load then reports where). A `static`, so that the binary
/// holds one copy of the texts, which the loaded catalog's strings borrow (`CatalogStr`).
static PREPARED: Option<&[super::prepared::File]> =
    include!(concat!(env!("OUT_DIR"), "/embedded_prepared.rs"));

/// The folder of item inventories inside the catalog folder.
const SOURCES_DIR: &str = "sources";

/// The optional file of items left open on purpose.
const OPEN_FILE: &str = "open.toml";

impl CatalogSource {
    fn read(&self, name: &str) -> Result<SourceFile, Diagnostic> {
        match self {
            CatalogSource::Embedded => EMBEDDED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(n, t)| SourceFile::from_text(format!("controls/{n}"), *t))
                .ok_or_else(|| not_built_in(name)),
            CatalogSource::Dir(dir) => read_source(&dir.join(name)).map(|(f, _)| f),
        }
    }

    /// The file names of the folder (relative to it) that `load` may read.
    fn names(&self) -> Vec<String> {
        match self {
            CatalogSource::Embedded => EMBEDDED.iter().map(|(n, _)| (*n).to_string()).collect(),
            CatalogSource::Dir(dir) => {
                let mut names: Vec<String> = std::fs::read_dir(dir.join(SOURCES_DIR))
                    .map(|rd| {
                        rd.filter_map(|e| e.ok())
                            .map(|e| e.file_name().to_string_lossy().into_owned())
                            .filter(|n| n.ends_with(".toml"))
                            .map(|n| format!("{SOURCES_DIR}/{n}"))
                            .collect()
                    })
                    .unwrap_or_default();
                if dir.join(OPEN_FILE).is_file() {
                    names.push(OPEN_FILE.to_string());
                }
                names
            }
        }
    }
}

fn not_built_in(name: &str) -> Diagnostic {
    Diagnostic::error(
        "E-CATALOG-FILE",
        text!(
            ["組み込みのカタログに {name} がありません。"],
            ["the built-in catalog has no {name}."]
        ),
    )
}

/// How `load` reads the files of a catalog folder: fully checked from TOML (a user's folder,
/// or the embedded text when the prepared form is missing or refused), or from the form
/// `build.rs` prepared. Both feed the same assembly (and, but in release builds, the same
/// meaning checks); a test proves the two equal for `controls/`.
enum Reader<'a> {
    /// TOML with positions, schema validation, then the Rust types.
    Checked(&'a CatalogSource),
    /// The prepared form straight into the Rust types, without positions.
    Prepared(&'static [super::prepared::File]),
}

impl Reader<'_> {
    /// Whether to run the meaning checks. Always for TOML. For the prepared form in debug
    /// builds, so that every test run of the binary re-checks the embedded catalog (a broken
    /// one then falls back to the checked load and reports where); a release build trusts
    /// it, because the tests proved it equal to the checked load of `controls/`.
    fn checks_meaning(&self) -> bool {
        match self {
            Reader::Checked(_) => true,
            Reader::Prepared(_) => cfg!(debug_assertions),
        }
    }

    /// The item inventories and the open-items file when present, sorted.
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = match self {
            Reader::Checked(source) => source.names(),
            Reader::Prepared(files) => files.iter().map(|(n, ..)| (*n).to_string()).collect(),
        };
        names.sort();
        names
    }

    /// Reads one file into its type; problems go to `diags`.
    fn file<T: DeserializeOwned>(
        &self,
        name: &str,
        kind: SchemaKind,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<(Parsed, T)> {
        match self {
            Reader::Checked(source) => {
                let p = parse(source, name, kind, diags)?;
                let value = model(&p, diags)?;
                Some((p, value))
            }
            Reader::Prepared(files) => {
                let Some(file) = files.iter().find(|(n, ..)| *n == name) else {
                    diags.push(not_built_in(name));
                    return None;
                };
                let value = prepared_model(file, diags)?;
                let p = Parsed {
                    file: SourceFile::from_text(format!("controls/{name}"), String::new()),
                    tree: Tree::default(),
                };
                Some((p, value))
            }
        }
    }

    /// Reads several files into their type; results and problems in `names` order. On one
    /// thread: a second one was measured slower on the 2-core machine (waking the idle core
    /// cost more than it saved).
    fn files<T: DeserializeOwned>(
        &self,
        names: &[String],
        kind: SchemaKind,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<(Parsed, T)> {
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            out.extend(self.file::<T>(name, kind, diags));
        }
        out
    }

    /// Reads `catalog.toml`; a problem there stops the load.
    fn manifest(&self) -> Result<Manifest> {
        match self {
            Reader::Checked(source) => {
                let file = source.read("catalog.toml")?;
                let tree = Tree::parse_toml(&file).map_err(Error::from)?;
                Manifest::deserialize(&tree.value).map_err(|e| {
                    Diagnostic::error(
                        "E-CATALOG-MANIFEST",
                        text!(
                            ["catalog.toml の内容が正しくありません: {e}"],
                            ["catalog.toml is not valid: {e}"]
                        ),
                    )
                    .in_file(&file.name)
                    .into()
                })
            }
            Reader::Prepared(files) => {
                let mut diags = Vec::new();
                files
                    .iter()
                    .find(|(n, ..)| *n == "catalog.toml")
                    .and_then(|file| prepared_model(file, &mut diags))
                    .ok_or_else(|| Error::from(diags))
            }
        }
    }
}

/// Deserializes a prepared file. A refusal means the Rust types changed in a way the TOML
/// does not follow: `load` then falls back to the checked load, which says where.
fn prepared_model<T: DeserializeOwned>(
    &(name, tree, text): &super::prepared::File,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    super::strings::borrowing_from(text, || super::prepared::from_parts(tree, text))
        .map_err(|e| {
            diags.push(
                Diagnostic::error("E-SCHEMA", text!(["{e}"], ["{e}"]))
                    .in_file(format!("controls/{name}")),
            );
        })
        .ok()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    catalog: CatalogMeta,
    areas: Vec<Area>,
    editions: Vec<Edition>,
    #[serde(default)]
    sla_floors: Vec<super::SlaFloor>,
}

#[derive(Deserialize)]
struct ControlsFile {
    controls: Vec<Control>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OpenFile {
    #[serde(default)]
    open: Vec<OpenItem>,
}

/// A control and where it was defined, for semantic diagnostics.
struct Located<'a> {
    control: &'a Control,
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

    /// An error at a field of this control.
    fn error(&self, code: &'static str, field: &str, message: crate::i18n::Text) -> Diagnostic {
        Diagnostic::error(code, message)
            .with_path(self.path(field))
            .at(self.label(field))
    }
}

/// A file of the catalog folder with its position tree (empty for a prepared file).
struct Parsed {
    file: SourceFile,
    tree: Tree,
}

/// Reads, parses and schema-checks one file; problems go to `diags`.
fn parse(
    source: &CatalogSource,
    name: &str,
    kind: SchemaKind,
    diags: &mut Vec<Diagnostic>,
) -> Option<Parsed> {
    let file = match source.read(name) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let tree = match Tree::parse_toml(&file) {
        Ok(t) => t,
        Err(ds) => {
            diags.extend(ds);
            return None;
        }
    };
    let schema_errors = schema::validate(kind, &tree, &file);
    if !schema_errors.is_empty() {
        diags.extend(schema_errors);
        return None;
    }
    Some(Parsed { file, tree })
}

/// Deserializes a schema-checked file; a mismatch here is a bug between schema and types.
fn model<T: DeserializeOwned>(p: &Parsed, diags: &mut Vec<Diagnostic>) -> Option<T> {
    match T::deserialize(&p.tree.value) {
        Ok(v) => Some(v),
        Err(e) => {
            diags
                .push(Diagnostic::error("E-SCHEMA", text!(["{e}"], ["{e}"])).in_file(&p.file.name));
            None
        }
    }
}

/// Loads the catalog and checks it; every problem in every file is reported at once.
///
/// The embedded catalog comes from the form `build.rs` prepared, through the same meaning
/// checks; should that form be missing or refused, the embedded text is loaded with every
/// check, so a problem is always reported with its position.
pub fn load(source: &CatalogSource) -> Result<Catalog> {
    if let (CatalogSource::Embedded, Some(files)) = (source, PREPARED) {
        if let Ok(catalog) = load_from(&Reader::Prepared(files)) {
            return Ok(catalog);
        }
    }
    load_from(&Reader::Checked(source))
}

fn load_from(reader: &Reader<'_>) -> Result<Catalog> {
    let mut diags = Vec::new();
    let manifest = reader.manifest()?;
    let names: Vec<String> = manifest
        .areas
        .iter()
        .map(|a| format!("{}.toml", a.id))
        .collect();
    let mut area_files = Vec::new();
    let mut area_controls = Vec::new();
    for (p, cf) in reader.files::<ControlsFile>(&names, SchemaKind::Catalog, &mut diags) {
        area_files.push(p);
        area_controls.push(cf.controls);
    }
    let located: Vec<Located<'_>> = area_files
        .iter()
        .zip(&area_controls)
        .flat_map(|(p, controls)| {
            controls
                .iter()
                .enumerate()
                .map(move |(index, control)| Located {
                    control,
                    file: &p.file,
                    tree: &p.tree,
                    index,
                })
        })
        .collect();
    let names = reader.names();
    // A release build defers the embedded inventories (its meaning checks are off, so nothing
    // here reads them); everything else reads and checks them now.
    let sources = match reader {
        Reader::Prepared(files) if !reader.checks_meaning() => Inventories::deferred(files),
        _ => Inventories::loaded(read_sources(reader, &names, Some(&manifest), &mut diags)),
    };
    let sources_read = sources.decoded.get().map_or(&[][..], Vec::as_slice);
    let open_file = if names.iter().any(|n| n == OPEN_FILE) {
        reader.file::<OpenFile>(OPEN_FILE, SchemaKind::Open, &mut diags)
    } else {
        None
    };
    if reader.checks_meaning() {
        check_meaning(&manifest, &area_files, &located, sources_read, &mut diags);
        if let Some((p, f)) = &open_file {
            check_open(p, &f.open, sources_read, &mut diags);
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::from(diags));
    }
    // Area order first, then file order: the document order of every output. (Every
    // control's area exists: the meaning checks refused the catalog otherwise.)
    let area_index: HashMap<&str, usize> = manifest
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    drop(located);
    let mut ordered: Vec<(usize, Control)> = area_controls
        .into_iter()
        .flatten()
        .filter_map(|c| Some((*area_index.get(c.area.as_str())?, c)))
        .collect();
    ordered.sort_by_key(|(i, _)| *i);
    let (withdrawn, controls): (Vec<Control>, Vec<Control>) = ordered
        .into_iter()
        .map(|(_, c)| c)
        .partition(|c| c.withdrawn);
    Ok(Catalog {
        meta: manifest.catalog,
        areas: manifest.areas,
        editions: manifest.editions,
        controls,
        withdrawn,
        sources,
        open: open_file.map(|(_, f)| f.open).unwrap_or_default(),
        sla_floors: manifest.sla_floors,
    })
}

/// Reads the item inventories among `names`; with the manifest, each is checked too.
fn read_sources(
    reader: &Reader<'_>,
    names: &[String],
    manifest: Option<&Manifest>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Source> {
    let prefix = format!("{SOURCES_DIR}/");
    let mut sources = Vec::new();
    for n in names.iter().filter(|n| n.starts_with(&prefix)) {
        if let Some((p, s)) = reader.file::<Source>(n, SchemaKind::Sources, diags) {
            if let Some(m) = manifest.filter(|_| reader.checks_meaning()) {
                check_source(m, &p, &s, diags);
            }
            sources.push(s);
        }
    }
    sources
}

/// The item inventories of a catalog (`controls/sources/*.toml`), read through
/// [`Catalog::sources`]. A release build decodes the embedded ones from the prepared form on
/// first use: validating and scoring never read them, and they are a third of the catalog.
#[derive(Clone, Default)]
pub struct Inventories {
    decoded: OnceLock<Vec<Source>>,
    /// The prepared files to decode them from, until then.
    prepared: Option<&'static [super::prepared::File]>,
}

impl Inventories {
    /// Inventories already read.
    pub(crate) fn loaded(sources: Vec<Source>) -> Self {
        Inventories {
            decoded: OnceLock::from(sources),
            prepared: None,
        }
    }

    fn deferred(files: &'static [super::prepared::File]) -> Self {
        Inventories {
            decoded: OnceLock::new(),
            prepared: Some(files),
        }
    }

    /// Every inventory, decoded now if it was deferred.
    pub(crate) fn get(&self) -> &[Source] {
        self.decoded
            .get_or_init(|| self.prepared.map(decode_deferred).unwrap_or_default())
    }
}

/// The embedded inventories from the prepared form. The tests prove that form decodes to what
/// the checked load gives; should it still be refused, the checked load of the embedded text
/// provides them (and a broken embedded catalog cannot have passed `build.rs` and the tests).
fn decode_deferred(files: &'static [super::prepared::File]) -> Vec<Source> {
    let reader = Reader::Prepared(files);
    let mut diags = Vec::new();
    let sources = read_sources(&reader, &reader.names(), None, &mut diags);
    if diags.is_empty() {
        return sources;
    }
    load_from(&Reader::Checked(&CatalogSource::Embedded))
        .map(|c| c.sources.get().to_vec())
        .unwrap_or_default()
}

impl std::fmt::Debug for Inventories {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.get()).finish()
    }
}

impl serde::Serialize for Inventories {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}

/// Checks an item inventory: named after a known edition, unique ids, sources for checked items.
fn check_source(manifest: &Manifest, p: &Parsed, s: &Source, diags: &mut Vec<Diagnostic>) {
    let at = |path: &str| p.tree.span(path).map(|sp| p.file.label(sp));
    let expected = format!("{SOURCES_DIR}/{}.toml", s.edition);
    if !manifest.editions.iter().any(|e| e.id == s.edition) {
        let mut d = Diagnostic::error(
            "E-CATALOG-UNKNOWN-EDITION",
            text!(
                [
                    "項目一覧の版 `{}` は catalog.toml にありません。",
                    s.edition
                ],
                ["item inventory for unknown edition `{}`.", s.edition]
            ),
        )
        .with_path("edition")
        .at(at("edition"));
        if let Some(h) =
            crate::suggest::closest(&s.edition, manifest.editions.iter().map(|e| e.id.as_str()))
        {
            d = d.with_help(text!(["\"{h}\" のことですか？"], ["did you mean \"{h}\"?"]));
        }
        diags.push(d);
    } else if !p.file.name.ends_with(&expected) {
        diags.push(
            Diagnostic::error(
                "E-CATALOG-WRONG-FILE",
                text!(
                    [
                        "版 {} の項目一覧は {expected} に書いてください。",
                        s.edition
                    ],
                    ["the item inventory of {} belongs in {expected}.", s.edition]
                ),
            )
            .with_path("edition")
            .at(at("edition")),
        );
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, item) in s.items.iter().enumerate() {
        if let Some(first) = seen.insert(&item.id, i) {
            diags.push(
                Diagnostic::error(
                    "E-CATALOG-DUPLICATE-ITEM",
                    text!(
                        [
                            "項目 {} が重複しています（最初は items[{first}]）。",
                            item.id
                        ],
                        ["duplicate item {} (first at items[{first}]).", item.id]
                    ),
                )
                .with_path(format!("items[{i}].id"))
                .at(at(&format!("items[{i}].id"))),
            );
        }
        if item.checked && item.source.is_none() {
            diags.push(checked_without_source(
                format!("items[{i}]"),
                at(&format!("items[{i}].checked")),
                &item.id,
            ));
        }
    }
}

fn checked_without_source(
    path: String,
    label: Option<crate::diag::Label>,
    what: &str,
) -> Diagnostic {
    Diagnostic::error(
        "E-CATALOG-CHECKED-NO-SOURCE",
        text!(
            ["{what} は checked = true ですが、どこで本文を読んだか（source）がありません。"],
            ["{what} is checked = true but names no source where the text was read."]
        ),
    )
    .with_path(format!("{path}.checked"))
    .at(label)
    .with_help(text!(
        ["source = \"URL（ページ）\" を書くか、本文を読んでいなければ checked = false にしてください。"],
        ["add source = \"URL (page)\", or set checked = false if the text was not read."]
    ))
}

/// Checks the open-items file against the inventories.
fn check_open(p: &Parsed, open: &[OpenItem], sources: &[Source], diags: &mut Vec<Diagnostic>) {
    for (i, o) in open.iter().enumerate() {
        let path = format!("open[{i}].item");
        let Some(src) = sources.iter().find(|s| s.edition == o.edition) else {
            diags.push(
                Diagnostic::error(
                    "E-CATALOG-UNKNOWN-ITEM",
                    text!(
                        ["版 {} には項目一覧がありません。", o.edition],
                        ["edition {} has no item inventory.", o.edition]
                    ),
                )
                .with_path(format!("open[{i}].edition"))
                .at(p
                    .tree
                    .span(&format!("open[{i}].edition"))
                    .map(|s| p.file.label(s))),
            );
            continue;
        };
        if !src.items.iter().any(|it| it.id == o.item) {
            diags.push(unknown_item(
                src,
                &o.item,
                path.clone(),
                p.tree.span(&path).map(|s| p.file.label(s)),
            ));
        }
    }
}

fn unknown_item(
    src: &Source,
    item: &str,
    path: String,
    label: Option<crate::diag::Label>,
) -> Diagnostic {
    let mut d = Diagnostic::error(
        "E-CATALOG-UNKNOWN-ITEM",
        text!(
            [
                "項目 {item} は {} の項目一覧（controls/sources/{}.toml）にありません。",
                src.edition,
                src.edition
            ],
            [
                "item {item} is not in the inventory of {} (controls/sources/{}.toml).",
                src.edition,
                src.edition
            ]
        ),
    )
    .with_path(path)
    .at(label);
    if let Some(h) = crate::suggest::closest(item, src.items.iter().map(|i| i.id.as_str())) {
        d = d.with_help(text!(["\"{h}\" のことですか？"], ["did you mean \"{h}\"?"]));
    }
    d
}

/// Checks what a schema cannot: cross-file uniqueness, prefixes, editions, citations' truth
/// marks, levels resting on practice only, and withdrawn controls' replacements.
fn check_meaning(
    manifest: &Manifest,
    files: &[Parsed],
    located: &[Located<'_>],
    sources: &[Source],
    diags: &mut Vec<Diagnostic>,
) {
    let areas: HashMap<&str, &Area> = manifest.areas.iter().map(|a| (a.id.as_str(), a)).collect();
    let editions: HashMap<&str, &Edition> = manifest
        .editions
        .iter()
        .map(|e| (e.id.as_str(), e))
        .collect();
    let by_id: HashMap<&str, &Located<'_>> = located
        .iter()
        .rev()
        .map(|l| (l.control.id.as_str(), l))
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
            diags.push(l.error(
                "E-CATALOG-DUPLICATE-ID",
                "id",
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
            ));
        } else {
            seen.insert(&c.id, l);
        }
        check_area(manifest, &areas, l, diags);
        check_refs(&editions, sources, l, diags);
        check_withdrawn(&by_id, l, diags);
    }
    if diags.iter().any(Diagnostic::is_error) {
        return; // an area that failed to load is not "empty"
    }
    for area in &manifest.areas {
        let file = files
            .iter()
            .find(|p| p.file.name.ends_with(&format!("{}.toml", area.id)));
        if file.is_some() && !located.iter().any(|l| l.control.area == area.id) {
            diags.push(
                Diagnostic::warning(
                    "W-CATALOG-EMPTY-AREA",
                    text!(
                        ["領域 {} に管理策がありません。", area.id],
                        ["area {} has no controls.", area.id]
                    ),
                )
                .in_file(file.map(|p| p.file.name.clone()).unwrap_or_default()),
            );
        }
    }
}

/// The control's area exists, its id carries the area's prefix and it sits in the area's file.
fn check_area(
    manifest: &Manifest,
    areas: &HashMap<&str, &Area>,
    l: &Located<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let c = &l.control;
    let Some(area) = areas.get(c.area.as_str()) else {
        let known: Vec<&str> = manifest.areas.iter().map(|a| a.id.as_str()).collect();
        let mut d = l.error(
            "E-CATALOG-UNKNOWN-AREA",
            "area",
            text!(
                [
                    "管理策 {} の領域 `{}` は catalog.toml にありません。",
                    c.id,
                    c.area
                ],
                ["control {}: unknown area `{}`.", c.id, c.area]
            ),
        );
        if let Some(s) = crate::suggest::closest(&c.area, known) {
            d = d.with_help(text!(["\"{s}\" のことですか？"], ["did you mean \"{s}\"?"]));
        }
        diags.push(d);
        return;
    };
    if !c.id.starts_with(&format!("{}-", area.prefix)) {
        diags.push(l.error(
            "E-CATALOG-PREFIX",
            "id",
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
        ));
    }
    let expected_file = format!("{}.toml", area.id);
    if !l.file.name.ends_with(&expected_file) {
        diags.push(l.error(
            "E-CATALOG-WRONG-FILE",
            "area",
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
        ));
    }
}

/// Each reference names a known edition and, where the edition has an inventory, a known
/// item; `checked` needs a source and an item read in the final text; a required control
/// rests on more than good practice; an active control cites an edition in force.
fn check_refs(
    editions: &HashMap<&str, &Edition>,
    sources: &[Source],
    l: &Located<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let c = &l.control;
    for (i, r) in c.refs.iter().enumerate() {
        let field = format!("refs[{i}]");
        if !editions.contains_key(r.edition.as_str()) {
            let mut d = l.error(
                "E-CATALOG-UNKNOWN-EDITION",
                &format!("{field}.edition"),
                text!(
                    [
                        "管理策 {} が引用している版 `{}` は catalog.toml にありません。",
                        c.id,
                        r.edition
                    ],
                    ["control {} cites unknown edition `{}`.", c.id, r.edition]
                ),
            );
            if let Some(s) = crate::suggest::closest(&r.edition, editions.keys().copied()) {
                d = d.with_help(text!(["\"{s}\" のことですか？"], ["did you mean \"{s}\"?"]));
            }
            diags.push(d);
        }
        if r.checked
            && editions
                .get(r.edition.as_str())
                .is_some_and(|e| e.status == super::EditionStatus::Reported)
        {
            diags.push(l.error(
                "E-CATALOG-CHECKED-REPORTED",
                &format!("{field}.checked"),
                text!(
                    ["{} の引用 {} {} は checked = true ですが、この版は報告のみ（本文未確認）の版です。", c.id, r.edition, r.section],
                    ["{} cites {} {} as checked, but that edition is known only from reports (its text was not read).", c.id, r.edition, r.section]
                ),
            ));
        }
        if r.checked && r.source.is_none() {
            diags.push(checked_without_source(
                l.path(&field),
                l.label(&format!("{field}.checked")),
                &format!("{} → {} {}", c.id, r.edition, r.section),
            ));
        }
        let (Some(item), Some(src)) = (&r.item, sources.iter().find(|s| s.edition == r.edition))
        else {
            continue;
        };
        match src.items.iter().find(|it| &it.id == item) {
            None => diags.push(unknown_item(src, item, l.path(&format!("{field}.item")), l.label(&format!("{field}.item")))),
            Some(it) if r.checked && !it.checked => diags.push(l.error(
                "E-CATALOG-CHECKED-ITEM",
                &format!("{field}.checked"),
                text!(
                    ["{} の引用 {item} は checked = true ですが、項目一覧ではこの項目の本文が確認されていません（{}）。", c.id, it.source.as_deref().unwrap_or("出典なし")],
                    ["{} cites {item} as checked, but the inventory has not read that item in the final text ({}).", c.id, it.source.as_deref().unwrap_or("no source")]
                ),
            )),
            Some(_) => {}
        }
    }
    if c.withdrawn {
        return;
    }
    check_level_note(l, diags);
    if c.level == super::Level::Required
        && !c.refs.is_empty()
        && c.refs.iter().all(|r| r.basis == super::Basis::Practice)
    {
        diags.push(l.error(
            "E-CATALOG-PRACTICE-REQUIRED",
            "level",
            text!(
                ["管理策 {} は必須ですが、引用がすべて basis = \"practice\"（本文に記載のない良い慣行）です。", c.id],
                ["control {} is required but every reference is basis = \"practice\" (not stated in the text).", c.id]
            ),
        )
        .with_help(text!(
            ["level = \"recommended\" にするか、要求している本文の項目を引用してください。"],
            ["make it recommended, or cite the item that requires it."]
        )));
    }
    let beyond_legacy = |r: &super::Ref| {
        editions
            .get(r.edition.as_str())
            .is_some_and(|e| e.status != super::EditionStatus::Legacy)
    };
    if !c.refs.iter().any(beyond_legacy) {
        diags.push(l.error(
            "E-CATALOG-LEGACY-ONLY",
            "refs",
            text!(
                ["管理策 {} が 2018 年の旧構成以外の版（mhlw-6.0、mhlw-7.0、provider-2.0 など）を 1 つも引用していません。", c.id],
                ["control {} cites nothing beyond the legacy 2018 structure (cite mhlw-6.0, mhlw-7.0, provider-2.0, …).", c.id]
            ),
        ));
    }
}

/// An active control says in its note (Japanese and English) why it has its level, so that a
/// reader can check "required" against the item it rests on.
fn check_level_note(l: &Located<'_>, diags: &mut Vec<Diagnostic>) {
    let c = &l.control;
    let blank = |s: &Option<CatalogStr>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    for (field, value) in [("note", &c.note), ("note_en", &c.note_en)] {
        if blank(value) {
            diags.push(
                l.error(
                    "E-CATALOG-NO-LEVEL-NOTE",
                    if l.label(field).is_some() { field } else { "level" },
                    text!(
                        ["管理策 {} の {field} がありません。水準（{}）の理由を最初の一文で書いてください。", c.id, c.level.label(crate::i18n::Lang::Ja)],
                        ["control {} has no {field}; its first sentence must say why the control is {}.", c.id, c.level.as_str()]
                    ),
                )
                .with_help(text!(
                    ["例: note = \"必須: 6.0 システム運用編14②（本文確認済）がこれを求めるため。\""],
                    ["e.g. note_en = \"Required: MHLW 6.0 S14② (read in the text) requires it.\""]
                )),
            );
        }
    }
}

/// A withdrawn control names active replacements; an active one names none.
fn check_withdrawn(
    by_id: &HashMap<&str, &Located<'_>>,
    l: &Located<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let c = &l.control;
    if !c.withdrawn {
        if !c.replaced_by.is_empty() || c.withdrawn_in.is_some() {
            diags.push(l.error(
                "E-CATALOG-WITHDRAWN",
                "replaced_by",
                text!(
                    ["管理策 {} は廃止されていない（withdrawn = true でない）のに replaced_by / withdrawn_in があります。", c.id],
                    ["control {} is not withdrawn but has replaced_by / withdrawn_in.", c.id]
                ),
            ));
        }
        return;
    }
    if c.replaced_by.is_empty() {
        diags.push(l.error(
            "E-CATALOG-WITHDRAWN",
            "withdrawn",
            text!(
                [
                    "廃止した管理策 {} に後継（replaced_by）がありません。回答の移し先が必要です。",
                    c.id
                ],
                [
                    "withdrawn control {} names no replacement (replaced_by) for its answers.",
                    c.id
                ]
            ),
        ));
    }
    for (i, r) in c.replaced_by.iter().enumerate() {
        let field = format!("replaced_by[{i}]");
        match by_id.get(r.as_str()) {
            Some(t) if !t.control.withdrawn => {}
            Some(_) => diags.push(l.error(
                "E-CATALOG-WITHDRAWN",
                &field,
                text!(
                    [
                        "{} の後継 {r} も廃止されています。現行の管理策を指定してください。",
                        c.id
                    ],
                    [
                        "{}'s replacement {r} is itself withdrawn; name an active control.",
                        c.id
                    ]
                ),
            )),
            None => {
                let mut d = l.error(
                    "E-CATALOG-WITHDRAWN",
                    &field,
                    text!(
                        ["{} の後継 {r} はカタログにありません。", c.id],
                        ["{}'s replacement {r} is not in the catalog.", c.id]
                    ),
                );
                if let Some(s) = crate::suggest::closest(r, by_id.keys().copied()) {
                    d = d.with_help(text!(["\"{s}\" のことですか？"], ["did you mean \"{s}\"?"]));
                }
                diags.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn ok(r: Result<Catalog>) -> Catalog {
        r.unwrap_or_else(|e| panic!("{}", e.render(Lang::En, false)))
    }

    fn prepared_files() -> &'static [super::super::prepared::File] {
        PREPARED.expect("build.rs prepared every file of controls/")
    }

    /// The guarantee behind the prepared form: what an ordinary run loads is exactly what the
    /// fully checked load (positions, schemas, meaning checks) gives for `controls/` on disk
    /// and for the embedded text. Compared through `Debug`, which shows every field of every
    /// type, so a field the catalog types gain is compared without an edit here.
    #[test]
    fn prepared_form_equals_the_checked_load_of_controls() {
        let prepared = ok(load_from(&Reader::Prepared(prepared_files())));
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("controls");
        let on_disk = ok(load_from(&Reader::Checked(&CatalogSource::Dir(dir))));
        let embedded = ok(load_from(&Reader::Checked(&CatalogSource::Embedded)));
        let shown = format!("{prepared:#?}");
        assert_eq!(shown, format!("{on_disk:#?}"));
        assert_eq!(shown, format!("{embedded:#?}"));
        assert_eq!(shown, format!("{:#?}", ok(load(&CatalogSource::Embedded))));
        assert_eq!(
            prepared_files().len(),
            EMBEDDED.len(),
            "every embedded file is prepared"
        );
    }

    /// A release build defers the inventories; decoded on first use they are the checked ones.
    #[test]
    fn deferred_inventories_equal_the_checked_ones() {
        let deferred = Inventories::deferred(prepared_files());
        assert!(
            deferred.decoded.get().is_none(),
            "nothing decoded before use"
        );
        let embedded = ok(load_from(&Reader::Checked(&CatalogSource::Embedded)));
        assert!(embedded.sources().len() >= 8, "every edition's inventory");
        assert_eq!(
            format!("{:#?}", deferred.get()),
            format!("{:#?}", embedded.sources())
        );
    }

    /// In debug builds (every test run) the prepared form skips the schemas, not the meaning
    /// checks: a control in the wrong area is refused there too (and `load` then reports it
    /// from the checked load).
    #[test]
    #[cfg(debug_assertions)]
    fn prepared_form_runs_the_meaning_checks() {
        let (_, text) = EMBEDDED
            .iter()
            .find(|(n, _)| *n == "technical.toml")
            .expect("technical.toml");
        let broken = text.replacen("id = \"TEC-", "id = \"ORG-", 1);
        assert_ne!(&broken, text);
        let (tree, strings) =
            super::super::prepared::writer::encode_text(&broken).expect("encodes");
        let (tree, strings): (&'static [u8], &'static str) = (tree.leak(), strings.leak());
        let files: Vec<super::super::prepared::File> = prepared_files()
            .iter()
            .map(|&(n, b, t)| {
                if n == "technical.toml" {
                    (n, tree, strings)
                } else {
                    (n, b, t)
                }
            })
            .collect();
        let files: &'static [super::super::prepared::File] = files.leak();
        let err = load_from(&Reader::Prepared(files)).expect_err("refused");
        assert!(
            err.render(Lang::En, false).contains("E-CATALOG-PREFIX"),
            "{}",
            err.render(Lang::En, false)
        );
    }

    /// Bytes that do not fit the types are an error, never a panic or a half catalog.
    #[test]
    fn refused_prepared_form_is_an_error() {
        const EMPTY_TABLE: &[super::super::prepared::File] =
            &[("catalog.toml", &[6, 0, 0, 0, 0], "")];
        assert!(load_from(&Reader::Prepared(EMPTY_TABLE)).is_err());
        assert!(load_from(&Reader::Prepared(&[])).is_err());
    }

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
