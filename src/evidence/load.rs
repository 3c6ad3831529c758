//! Loading an evidence file: read, decode, parse, schema-validate, check meaning against the
//! catalog, deserialize.
//!
//! Vendors spend weeks on these files, so a load reports every problem at once, each with a
//! stable code, a position and a hint. The meaning checks work on the parsed JSON value rather
//! than on the Rust types, so that they still run (and still find unknown control IDs, missing
//! dates, escaping paths) when the schema has already found something else wrong.

use super::{Evidence, Status};
use crate::catalog::{Catalog, Responsibility, ScopeFlag};
use crate::diag::{Diagnostic, Diagnostics, Label};
use crate::error::{Error, Result};
use crate::i18n::{format_date, Lang};
use crate::input::{hex, read_source, SourceFile};
use crate::schema::{self, SchemaKind};
use crate::suggest;
use crate::text;
use crate::tree::Tree;
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Evidence documents larger than this are not hashed: a certificate or an audit report is
/// a few MiB; anything this large is almost certainly the wrong file.
pub const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// How strictly to load: whether to open the cited document files, and the date against
/// which expiry and "in the future" are judged (so that results are reproducible).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// Open every document's `path`: it must exist, be a regular file and match `sha256`.
    pub check_files: bool,
    /// The day the evidence is judged on (`--as-of`, default today).
    pub as_of: NaiveDate,
}

impl Default for LoadOptions {
    /// No file checks, judged as of today's local date.
    fn default() -> Self {
        LoadOptions {
            check_files: false,
            as_of: chrono::Local::now().date_naive(),
        }
    }
}

/// An evidence file that passed every check, with what callers need to cite and report it.
#[derive(Clone, Debug)]
pub struct LoadedEvidence {
    /// The vendor's answers, documents and service levels.
    pub evidence: Evidence,
    /// The decoded file (name, SHA-256 of its bytes for provenance, text for positions).
    pub source: SourceFile,
    /// Warnings that did not make the file invalid (expired documents, decoded encodings…).
    pub warnings: Vec<Diagnostic>,
    /// The parsed file with the position of every value, when it was checked with positions
    /// ([`check`]): later warnings (the SLA checks of `validate`) are placed in it without
    /// parsing the file again.
    pub tree: Option<Tree>,
}

/// Reads, decodes, parses, schema-validates, deserializes and checks meaning against the
/// catalog. Returns every diagnostic, errors and warnings; the evidence is `Some` only when
/// there is no error.
pub fn check(
    path: &Path,
    catalog: &Catalog,
    opts: &LoadOptions,
) -> (Option<LoadedEvidence>, Diagnostics) {
    let (source, decoding) = match read_source(path) {
        Ok(x) => x,
        Err(d) => return (None, Diagnostics(vec![d])),
    };
    let (loaded, mut diags) = check_source(source, &base_dir_of(path), catalog, opts);
    diags.0.splice(0..0, decoding.iter().cloned());
    let loaded = loaded.map(|mut l| {
        l.warnings.splice(0..0, decoding);
        l
    });
    (loaded, diags)
}

/// Like [`check`], for a file already in memory; document paths resolve against `base_dir`.
pub fn check_source(
    source: SourceFile,
    base_dir: &Path,
    catalog: &Catalog,
    opts: &LoadOptions,
) -> (Option<LoadedEvidence>, Diagnostics) {
    let checked = check_meaning(
        syntax(&source, true),
        &source,
        base_dir,
        catalog,
        opts,
        true,
    );
    let diags = checked.diags;
    let loaded = checked.evidence.map(|evidence| LoadedEvidence {
        evidence,
        source,
        warnings: diags.0.clone(),
        tree: checked.tree,
    });
    (loaded, diags)
}

/// Loads an evidence file for use; any error makes it `Err(Error::Invalid(all diagnostics))`,
/// located as [`check`] locates them.
///
/// A file is first checked without positions (a third cheaper, and most files load); only
/// a file with an error is checked again with them, to say where. So the warnings of a
/// loaded file have no line and column: they are for counting ("3 warnings, see `sansho
/// validate`"); use [`check`] to report them.
pub fn load(path: &Path, catalog: &Catalog, opts: &LoadOptions) -> Result<LoadedEvidence> {
    let (source, decoding) = read_source(path).map_err(|d| Error::Invalid(Diagnostics(vec![d])))?;
    let base_dir = base_dir_of(path);
    let first = check_meaning(
        syntax(&source, false),
        &source,
        &base_dir,
        catalog,
        opts,
        false,
    );
    let mut all = decoding;
    match first {
        Checked {
            evidence: Some(evidence),
            diags,
            tree,
        } => {
            all.extend(diags.0);
            Ok(LoadedEvidence {
                evidence,
                source,
                warnings: all,
                tree,
            })
        }
        Checked { .. } => {
            let (_, diags) = examine(&source, &base_dir, catalog, opts, true);
            all.extend(diags.0);
            Err(Error::Invalid(Diagnostics(all)))
        }
    }
}

/// A parsed file and what its schema says of it.
struct Syntax {
    tree: Tree,
    schema: Vec<Diagnostic>,
}

/// Parses and schema-validates; with `positions` false the diagnostics have no line and
/// column (the parse keeps none), which costs a third less.
fn syntax(source: &SourceFile, positions: bool) -> std::result::Result<Syntax, Vec<Diagnostic>> {
    let tree = if positions {
        Tree::parse(source)
    } else {
        Tree::parse_values(source)
    }?;
    let schema = schema::validate(SchemaKind::Evidence, &tree, source);
    Ok(Syntax { tree, schema })
}

/// [`syntax`], then [`check_meaning`].
fn examine(
    source: &SourceFile,
    base_dir: &Path,
    catalog: &Catalog,
    opts: &LoadOptions,
    positions: bool,
) -> (Option<Evidence>, Diagnostics) {
    let checked = check_meaning(
        syntax(source, positions),
        source,
        base_dir,
        catalog,
        opts,
        positions,
    );
    (checked.evidence, checked.diags)
}

/// What the meaning checks give: the evidence when there is no error, every diagnostic, and
/// with positions the parsed file, to place later warnings in.
struct Checked {
    evidence: Option<Evidence>,
    diags: Diagnostics,
    tree: Option<Tree>,
}

impl Checked {
    fn refused(diags: Diagnostics) -> Checked {
        Checked {
            evidence: None,
            diags,
            tree: None,
        }
    }
}

/// Checks meaning against the catalog and deserializes a parsed file; `positions` says
/// whether `syntax` was parsed with them.
fn check_meaning(
    syntax: std::result::Result<Syntax, Vec<Diagnostic>>,
    source: &SourceFile,
    base_dir: &Path,
    catalog: &Catalog,
    opts: &LoadOptions,
    positions: bool,
) -> Checked {
    let Syntax {
        tree,
        schema: schema_diags,
    } = match syntax {
        Ok(s) => s,
        Err(ds) => return Checked::refused(Diagnostics(ds)),
    };
    let schema_ok = schema_diags.is_empty();
    let meaning = Checker {
        tree: &tree,
        file: source,
        catalog,
        opts,
        base_dir,
        out: Vec::new(),
        unknown_controls: 0,
        root: std::cell::OnceCell::new(),
    }
    .run();
    // A problem both passes see (a malformed control id, a missing planned_date) is reported
    // once, by the meaning check's error, which says more.
    let covered: HashSet<&str> = meaning
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.path.as_deref())
        .collect();
    let mut all: Vec<Diagnostic> = schema_diags
        .into_iter()
        .filter(|d| d.path.as_deref().is_none_or(|p| !covered.contains(p)))
        .collect();
    all.extend(meaning);
    all.sort_by_key(|d| {
        d.label
            .as_ref()
            .map_or((usize::MAX, 0), |l| (l.line, l.column))
    });
    let mut diags = Diagnostics(all);
    if !schema_ok || diags.has_errors() {
        return Checked::refused(diags);
    }
    let mut tree = tree;
    if let Some(root) = tree.value.as_object_mut() {
        root.remove("$schema");
    }
    if !positions {
        // Only `load` checks without positions, and it reads a refused file again with them
        // (for the message): here the value is not needed after, so it is deserialized by
        // value, which moves its texts instead of copying them.
        let evidence = Evidence::deserialize(std::mem::take(&mut tree.value)).ok();
        return Checked {
            evidence,
            diags,
            tree: None,
        };
    }
    match schema::from_value::<Evidence>(&tree.value, "E-EVIDENCE-MODEL", &tree, source) {
        Ok(evidence) => Checked {
            evidence: Some(evidence),
            diags,
            tree: Some(tree),
        },
        Err(d) => {
            diags.push(d);
            Checked::refused(diags)
        }
    }
}

fn base_dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The status named by a file's `status` value.
fn parse_status(s: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|st| st.as_str() == s)
}

fn date(v: Option<&Value>) -> Option<NaiveDate> {
    v.and_then(Value::as_str)
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// Missing or only white space; a value of the wrong type is the schema's to report.
fn is_blank(v: Option<&Value>) -> bool {
    v.is_none_or(|v| v.as_str().is_some_and(|s| s.trim().is_empty()))
}

/// The first characters of a hash, enough to tell two apart in a message.
fn short(hash: &str) -> String {
    hash.chars().take(12).collect::<String>() + "…"
}

fn did_you_mean(s: &str) -> crate::i18n::Text {
    text!(["「{s}」のことですか？"], ["did you mean `{s}`?"])
}

/// The meaning checks over one parsed file.
struct Checker<'a> {
    tree: &'a Tree,
    file: &'a SourceFile,
    catalog: &'a Catalog,
    opts: &'a LoadOptions,
    base_dir: &'a Path,
    out: Vec<Diagnostic>,
    /// Unknown control ids seen so far (suggestions stop after [`MAX_SUGGESTED`]).
    unknown_controls: usize,
    /// The canonical path of `base_dir`, found at the first document path.
    root: std::cell::OnceCell<Option<PathBuf>>,
}

/// Unknown control ids that get a "did you mean" each: a typo or two is worth the search
/// over the catalog; ten thousand unknown ids are not typos, and suggesting for each would
/// make a hostile file cost seconds.
const MAX_SUGGESTED: usize = 100;

impl Checker<'_> {
    fn run(mut self) -> Vec<Diagnostic> {
        let tree = self.tree;
        let root = &tree.value;
        let empty = Map::new();
        let obj = |key: &str| root.get(key).and_then(Value::as_object).unwrap_or(&empty);
        self.vendor(obj("vendor"));
        let scope: HashSet<ScopeFlag> = ScopeFlag::ALL
            .into_iter()
            .filter(|f| obj("scope").get(f.as_str()).and_then(Value::as_bool) == Some(true))
            .collect();
        let docs = root
            .get("documents")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let declared = self.documents(docs);
        let mut cited = self.answers(obj("answers"), &scope, &declared);
        cited.extend(self.attachments(obj("disclosure"), &declared));
        self.missing_answers(obj("answers"), &scope);
        self.date_ranges(root);
        self.hostile_text(root, &mut String::new());
        for (id, i) in &declared {
            if !cited.contains(id) {
                self.unused_document(id, *i);
            }
        }
        self.out
    }

    /// A label at the value of `path` (or its nearest existing parent).
    fn at(&self, path: &str) -> Option<Label> {
        self.tree.span(path).map(|s| self.file.label(s))
    }

    /// A label at the key of `path`.
    fn at_key(&self, path: &str) -> Option<Label> {
        self.tree.key_span(path).map(|s| self.file.label(s))
    }

    fn push(&mut self, d: Diagnostic) {
        let d = if d.file.is_none() {
            d.in_file(&self.file.name)
        } else {
            d
        };
        self.out.push(d);
    }

    fn vendor(&mut self, vendor: &Map<String, Value>) {
        let as_of = self.opts.as_of;
        if let Some(d) = date(vendor.get("prepared_on")).filter(|d| *d > as_of) {
            let (dj, aj) = (format_date(d, Lang::Ja), format_date(as_of, Lang::Ja));
            self.push(
                Diagnostic::warning(
                    "W-VENDOR-PREPARED-FUTURE",
                    text!(
                        ["作成日 {dj} が基準日 {aj} より後になっています。"],
                        ["the preparation date {d} is after the as-of date {as_of}."]
                    ),
                )
                .at_path("vendor.prepared_on", |p| self.at(p))
                .with_help(text!(
                    ["日付の誤りでなければ、--as-of で基準日を指定してください。"],
                    ["if the date is right, give the as-of date with --as-of."]
                )),
            );
        }
    }

    /// Dates that are well-formed but cannot be meant (0000-01-01, 9999-12-31): they would go
    /// into a contract as written.
    fn date_ranges(&mut self, root: &Value) {
        let mut dates: Vec<(String, Option<&Value>)> = vec![(
            "vendor.prepared_on".into(),
            root.pointer("/vendor/prepared_on"),
        )];
        for (i, doc) in root
            .get("documents")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            for key in ["issued", "expires"] {
                dates.push((format!("documents[{i}].{key}"), doc.get(key)));
            }
        }
        for (id, answer) in root
            .get("answers")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let path = format!("{}.planned_date", crate::tree::join("answers", id));
            dates.push((path, answer.get("planned_date")));
        }
        for (path, value) in dates {
            let Some(d) = date(value) else {
                continue;
            };
            if (1900..=2199).contains(&chrono::Datelike::year(&d)) {
                continue;
            }
            let help = if path.ends_with(".expires") {
                text!(
                    ["期限のない文書は expires を書かずに省略してください。"],
                    ["leave expires out for a document that does not expire."]
                )
            } else {
                text!(
                    ["1900〜2199 年の実際の日付を書いてください。"],
                    ["write the actual date, between 1900 and 2199."]
                )
            };
            self.push(
                Diagnostic::error(
                    "E-DATE-RANGE",
                    text!(
                        ["{path} の日付 {d} はありえない日付です（1900〜2199 年の範囲で書いてください）。"],
                        ["{path}: the date {d} cannot be meant (write a date between 1900 and 2199)."]
                    ),
                )
                .at_path(&path, |p| self.at(p))
                .with_help(help),
            );
        }
    }

    /// One warning per text (or key) holding control characters: they could rewrite a
    /// terminal or hide text in a document (see [`crate::diag::is_hostile_char`]).
    /// `path` is extended and cut back in place: a path is only formed for a text that
    /// needs a warning, not for every value of the file.
    fn hostile_text(&mut self, v: &Value, path: &mut String) {
        let bad = |s: &str| {
            s.chars()
                .filter(|c| crate::diag::is_hostile_char(*c) && !matches!(c, '\n' | '\t' | '\r'))
                .take(3)
                .map(|c| crate::diag::visible(&c.to_string()).into_owned())
                .collect::<Vec<_>>()
        };
        match v {
            Value::String(s) => {
                if !crate::diag::has_hostile_char(s, true) {
                    return;
                }
                let found = bad(s);
                if !found.is_empty() {
                    let path = path.as_str();
                    let (list, shown) = (found.join(" "), crate::diag::visible(path).into_owned());
                    self.push(
                        Diagnostic::warning(
                            "W-TEXT-CONTROL-CHAR",
                            text!(
                                ["{shown} に制御文字（{list}）が含まれています。端末には見える形で表示し、文書からは取り除きます。"],
                                ["{shown} contains control characters ({list}); terminals show them escaped and documents drop them."]
                            ),
                        )
                        .at_path(path, |p| self.at(p))
                        .with_help(text!(
                            ["見えない文字を削除してください（`cat -v` で確認できます）。"],
                            ["delete the invisible characters (`cat -v` shows them)."]
                        )),
                    );
                }
            }
            Value::Array(items) => {
                let len = path.len();
                for (i, item) in items.iter().enumerate() {
                    crate::tree::push(path, &i.to_string());
                    self.hostile_text(item, path);
                    path.truncate(len);
                }
            }
            Value::Object(map) => {
                let len = path.len();
                for (k, item) in map {
                    crate::tree::push(path, k);
                    // A key with control characters is refused by the schema where keys have
                    // a form (answers); elsewhere it is an unknown field.
                    self.hostile_text(item, path);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }

    /// Checks the documents; returns the declared ids with their index (first declaration).
    fn documents(&mut self, docs: &[Value]) -> Vec<(String, usize)> {
        let mut declared: Vec<(String, usize)> = Vec::new();
        let mut first: HashMap<String, usize> = HashMap::new();
        for (i, doc) in docs.iter().enumerate() {
            let Some(doc) = doc.as_object() else { continue };
            let base = format!("documents[{i}]");
            if let Some(id) = doc.get("id").and_then(Value::as_str) {
                if let Some(&j) = first.get(id) {
                    let line = self.at(&format!("documents[{j}].id")).map_or(0, |l| l.line);
                    self.push(
                        Diagnostic::error(
                            "E-DOC-DUPLICATE-ID",
                            text!(
                                ["文書 ID `{id}` が重複しています（最初の定義: {line} 行目）。"],
                                ["duplicate document id `{id}` (first defined on line {line})."]
                            ),
                        )
                        .at_path(format!("{base}.id"), |p| self.at(p))
                        .with_help(text!(
                            ["文書ごとに異なる ID を付けてください。"],
                            ["give each document its own id."]
                        )),
                    );
                } else {
                    first.insert(id.to_string(), i);
                    declared.push((id.to_string(), i));
                }
            }
            self.document_dates(doc, &base);
            if let Some(p) = doc.get("path").and_then(Value::as_str) {
                let sha = doc.get("sha256").and_then(Value::as_str);
                self.document_path(p, sha, &base);
            }
        }
        declared
    }

    fn document_dates(&mut self, doc: &Map<String, Value>, base: &str) {
        let as_of = self.opts.as_of;
        let issued = date(doc.get("issued"));
        let expires = date(doc.get("expires"));
        let title = doc
            .get("title")
            .or_else(|| doc.get("id"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if let (Some(i), Some(e)) = (issued, expires) {
            if e < i {
                let (ij, ej) = (format_date(i, Lang::Ja), format_date(e, Lang::Ja));
                self.push(
                    Diagnostic::error(
                        "E-DOC-DATES",
                        text!(
                            ["「{title}」の有効期限 {ej} が発行日 {ij} より前です。"],
                            ["\"{title}\" expires ({e}) before it was issued ({i})."]
                        ),
                    )
                    .at_path(format!("{base}.expires"), |p| self.at(p)),
                );
                return;
            }
        }
        if let Some(e) = expires.filter(|e| *e < as_of) {
            let (ej, aj) = (format_date(e, Lang::Ja), format_date(as_of, Lang::Ja));
            self.push(
                Diagnostic::warning(
                    "W-DOC-EXPIRED",
                    text!(
                        ["「{title}」は {ej} に有効期限が切れています（基準日 {aj}）。"],
                        ["\"{title}\" expired on {e} (as of {as_of})."]
                    ),
                )
                .at_path(format!("{base}.expires"), |p| self.at(p))
                .with_help(text!(
                    ["更新後の文書に差し替え、issued と expires を直してください。"],
                    ["replace it with the renewed document and update issued and expires."]
                )),
            );
        }
        if let Some(i) = issued.filter(|i| *i > as_of) {
            let (ij, aj) = (format_date(i, Lang::Ja), format_date(as_of, Lang::Ja));
            self.push(
                Diagnostic::warning(
                    "W-DOC-NOT-YET-ISSUED",
                    text!(
                        ["「{title}」の発行日 {ij} が基準日 {aj} より後です。"],
                        ["\"{title}\" is issued on {i}, after the as-of date {as_of}."]
                    ),
                )
                .at_path(format!("{base}.issued"), |p| self.at(p)),
            );
        }
    }

    /// Checks that a document path stays inside the evidence folder and, with
    /// `check_files`, that the file is there and is the one hashed.
    fn document_path(&mut self, raw: &str, sha: Option<&str>, base: &str) {
        let here = format!("{base}.path");
        let root = self
            .root
            .get_or_init(|| self.base_dir.canonicalize().ok())
            .clone();
        let full = match locate_in(self.base_dir, root.as_deref(), raw) {
            Ok(full) => full,
            Err(problem) => {
                let label = self.at(&here);
                self.push(problem.diagnostic(raw).with_path(&here).at(label));
                return;
            }
        };
        if self.opts.check_files {
            let label = self.at(&here);
            self.document_file(raw, &full, sha, base, label);
        }
    }

    fn document_file(
        &mut self,
        raw: &str,
        full: &Path,
        sha: Option<&str>,
        base: &str,
        label: Option<Label>,
    ) {
        let here = format!("{base}.path");
        let actual = match hash_document(full) {
            Ok(h) => h,
            Err(problem) => {
                self.push(problem.diagnostic(raw).with_path(&here).at(label));
                return;
            }
        };
        match sha {
            None => {
                let path = format!("{base}.sha256");
                self.push(
                    Diagnostic::warning(
                        "W-DOC-NO-SHA256",
                        text!(
                            ["文書ファイル `{raw}` の sha256 が書かれていないため、差し替えられても気づけません。"],
                            ["the document file `{raw}` has no sha256, so a replaced file would go unnoticed."]
                        ),
                    )
                    .with_path(path)
                    .at(label)
                    .with_help(text!(
                        ["この文書に sha256 = \"{actual}\" を追加してください。"],
                        ["add sha256 = \"{actual}\" to this document."]
                    )),
                );
            }
            // A malformed hash is the schema's to report.
            Some(want) if want.len() == 64 && want.bytes().all(|b| b.is_ascii_hexdigit()) => {
                if !want.eq_ignore_ascii_case(&actual) {
                    let path = format!("{base}.sha256");
                    let (w, a) = (short(want), short(&actual));
                    self.push(
                        Diagnostic::error(
                            "E-DOC-SHA256-MISMATCH",
                            text!(
                                ["文書ファイル `{raw}` の SHA-256 が記載と違います（記載 {w}、実際 {a}）。"],
                                ["the SHA-256 of `{raw}` differs from the one written (written {w}, actual {a})."]
                            ),
                        )
                        .at_path(&path, |p| self.at(p))
                        .with_help(text!(
                            ["ファイルが正しい版なら sha256 = \"{actual}\" に更新してください。そうでなければ正しいファイルに差し替えてください。"],
                            ["if the file is the right version, update it to sha256 = \"{actual}\"; otherwise restore the right file."]
                        )),
                    );
                }
            }
            Some(_) => {}
        }
    }

    /// Checks every answer; returns the document ids cited.
    fn answers(
        &mut self,
        answers: &Map<String, Value>,
        scope: &HashSet<ScopeFlag>,
        declared: &[(String, usize)],
    ) -> HashSet<String> {
        let mut cited = HashSet::new();
        // One look-up per answer instead of three scans of the catalog (a scan per answer
        // was a tenth of a batch's time).
        let by_id: HashMap<&str, &crate::catalog::Control> = self
            .catalog
            .controls
            .iter()
            .chain(&self.catalog.withdrawn)
            .rev()
            .map(|c| (c.id.as_str(), c))
            .collect();
        for (id, answer) in answers {
            let base = crate::tree::join("answers", id);
            let found = by_id.get(id.as_str()).copied();
            let known = found.is_some_and(|c| !c.withdrawn);
            let withdrawn = found.filter(|c| c.withdrawn);
            match found.filter(|c| !c.withdrawn) {
                None if withdrawn.is_some() => {
                    let (old, since) = withdrawn.map_or_else(Default::default, |c| {
                        (
                            c.replaced_by.join(", "),
                            c.withdrawn_in.clone().unwrap_or_default(),
                        )
                    });
                    self.push(
                        Diagnostic::warning(
                            "W-ANSWER-WITHDRAWN",
                            text!(
                                ["管理策 {id} はカタログ {since} で廃止され、{old} に統合されました。この回答は評価に使われません。"],
                                ["control {id} was withdrawn in catalog {since} and merged into {old}; this answer is not scored."]
                            ),
                        )
                        .with_path(&base)
                        .at(self.at_key(&base))
                        .with_help(text!(
                            ["`sansho migrate ファイル -o 新ファイル` で回答を {old} に移せます（内容は失われません）。"],
                            ["`sansho migrate FILE -o NEW` moves the answer to {old} (nothing is lost)."]
                        )),
                    );
                }
                None => {
                    let mut d = Diagnostic::error(
                        "E-ANSWER-UNKNOWN-CONTROL",
                        text!(
                            ["管理策 `{id}` はカタログにありません。"],
                            ["there is no control `{id}` in the catalog."]
                        ),
                    )
                    .with_path(&base)
                    .at(self.at_key(&base));
                    self.unknown_controls += 1;
                    let suggestion = (self.unknown_controls <= MAX_SUGGESTED)
                        .then(|| self.catalog.suggest_control(id))
                        .flatten();
                    d = match suggestion {
                        Some(s) => d.with_help(did_you_mean(s)),
                        None => d.with_help(text!(
                            ["管理策の一覧は `sansho controls list` で確認できます。"],
                            ["see `sansho controls list` for the control ids."]
                        )),
                    };
                    self.push(d);
                }
                Some(control) => {
                    if let Some(flag) = control.applies_if.filter(|f| !scope.contains(f)) {
                        let (f, lj, le) = (
                            flag.as_str(),
                            flag.label(crate::i18n::Lang::Ja),
                            flag.label(crate::i18n::Lang::En),
                        );
                        self.push(
                            Diagnostic::warning(
                                "W-ANSWER-OUT-OF-SCOPE",
                                text!(
                                    ["管理策 {id} は scope.{f}（{lj}）が true のときだけ適用されるため、この回答は評価に使われません。"],
                                    ["control {id} applies only when scope.{f} ({le}) is true, so this answer is not used."]
                                ),
                            )
                            .with_path(&base)
                            .at(self.at_key(&base))
                            .with_help(text!(
                                ["サービスが該当するなら [scope] に {f} = true を書き、そうでなければこの回答を削除してください。"],
                                ["if the service is concerned, set {f} = true in [scope]; otherwise remove this answer."]
                            )),
                        );
                    }
                }
            }
            let Some(answer) = answer.as_object() else {
                continue;
            };
            let status = answer
                .get("status")
                .and_then(Value::as_str)
                .and_then(parse_status);
            let status_at = self.at(&format!("{base}.status"));
            match status {
                Some(Status::Planned) => match date(answer.get("planned_date")) {
                    None if answer.get("planned_date").is_none() => self.push(
                        Diagnostic::error(
                            "E-ANSWER-PLANNED-NO-DATE",
                            text!(
                                ["{id} は対応予定（planned）ですが、対応予定日 planned_date がありません。"],
                                ["{id} is planned but has no planned_date."]
                            ),
                        )
                        .with_path(format!("{base}.planned_date"))
                        .at(status_at.clone())
                        .with_help(text!(
                            ["planned_date = 2027-03-31 のように対応予定日を書いてください。"],
                            ["add the target date, e.g. planned_date = 2027-03-31."]
                        )),
                    ),
                    Some(d) if d < self.opts.as_of => {
                        let (dj, aj) = (format_date(d, Lang::Ja), format_date(self.opts.as_of, Lang::Ja));
                        let as_of = self.opts.as_of;
                        let path = format!("{base}.planned_date");
                        self.push(
                            Diagnostic::warning(
                                "W-ANSWER-PLANNED-OVERDUE",
                                text!(
                                    ["{id} の対応予定日 {dj} を過ぎています（基準日 {aj}）。"],
                                    ["the planned date of {id} ({d}) has passed (as of {as_of})."]
                                ),
                            )
                            .at_path(&path, |p| self.at(p))
                            .with_help(text!(
                                ["対応が済んだなら status を更新し、まだなら新しい予定日を書いてください。"],
                                ["update the status if it is done, or give a new date."]
                            )),
                        );
                    }
                    _ => {}
                },
                Some(Status::NotApplicable) if is_blank(answer.get("na_reason")) => self.push(
                    Diagnostic::error(
                        "E-ANSWER-NA-NO-REASON",
                        text!(
                            ["{id} は該当なし（not_applicable）ですが、理由 na_reason が書かれていません。"],
                            ["{id} is not_applicable but gives no na_reason."]
                        ),
                    )
                    .with_path(format!("{base}.na_reason"))
                    .at(status_at.clone())
                    .with_help(text!(
                        ["医療機関等が納得できるよう、該当しない理由を na_reason に書いてください。"],
                        ["say in na_reason why the control does not apply to the service."]
                    )),
                ),
                _ => {}
            }
            let evidence = answer
                .get("evidence")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            for (i, e) in evidence.iter().enumerate() {
                let Some(doc) = e.as_str() else { continue };
                if declared.iter().any(|(d, _)| d == doc) {
                    cited.insert(doc.to_string());
                    continue;
                }
                let path = format!("{base}.evidence[{i}]");
                let mut d = Diagnostic::error(
                    "E-ANSWER-UNKNOWN-DOCUMENT",
                    text!(
                        ["{id} が引用している文書 `{doc}` は [[documents]] にありません。"],
                        ["{id} cites the document `{doc}`, which is not in [[documents]]."]
                    ),
                )
                .at_path(&path, |p| self.at(p));
                d = match suggest::closest(doc, declared.iter().map(|(d, _)| d.as_str())) {
                    Some(s) => d.with_help(did_you_mean(s)),
                    None => d.with_help(text!(
                        ["[[documents]] に id = \"{doc}\" の文書を追加してください。"],
                        ["add a [[documents]] entry with id = \"{doc}\"."]
                    )),
                };
                self.push(d);
            }
            // Advice about the content of an answer to an unknown control would be noise.
            if !known {
                continue;
            }
            let no_evidence = answer
                .get("evidence")
                .is_none_or(|e| e.as_array().is_some_and(Vec::is_empty));
            if status == Some(Status::Implemented) && no_evidence {
                self.push(
                    Diagnostic::warning(
                        "W-ANSWER-NO-EVIDENCE",
                        text!(
                            ["{id} は対応済みですが、根拠となる文書（evidence）が挙げられていません。"],
                            ["{id} is implemented but cites no evidence document."]
                        ),
                    )
                    .with_path(format!("{base}.evidence"))
                    .at(status_at.clone()),
                );
            }
            // A duty the institution takes part in must say what the institution does, or the
            // disclosure's list of the institution's actions leaves it out.
            let responsibility = answer
                .get("responsibility")
                .and_then(|r| Responsibility::deserialize(r).ok())
                // `known`: the active control `found` (a scan of the catalog per answer was a
                // twentieth of a batch's time).
                .or_else(|| found.map(|c| c.responsibility));
            if matches!(
                status,
                Some(Status::Implemented | Status::Partial | Status::Planned)
            ) && matches!(
                responsibility,
                Some(Responsibility::Shared | Responsibility::Institution)
            ) && is_blank(answer.get("customer_actions"))
            {
                let (rj, re) =
                    responsibility.map_or(("", ""), |r| (r.label(Lang::Ja), r.label(Lang::En)));
                self.push(
                    Diagnostic::warning(
                        "W-ANSWER-NO-CUSTOMER-ACTION",
                        text!(
                            ["{id} の責任は「{rj}」ですが、医療機関等に求める事項（customer_actions）が書かれていません。"],
                            ["{id} is {re} responsibility but says nothing the institution must do (customer_actions)."]
                        ),
                    )
                    .with_path(format!("{base}.customer_actions"))
                    .at(status_at.clone())
                    .with_help(text!(
                        ["医療機関等が行うことを customer_actions に書くか、事業者だけで行うなら responsibility = \"vendor\" としてください。"],
                        ["say in customer_actions what the institution does, or set responsibility = \"vendor\" if the vendor does it all."]
                    )),
                );
            }
            if matches!(
                status,
                Some(Status::Implemented | Status::Partial | Status::Planned)
            ) && is_blank(answer.get("statement"))
            {
                self.push(
                    Diagnostic::warning(
                        "W-ANSWER-NO-STATEMENT",
                        text!(
                            ["{id} に実施内容（statement）が書かれていません。"],
                            ["{id} has no statement of what is done."]
                        ),
                    )
                    .with_path(format!("{base}.statement"))
                    .at(status_at),
                );
            }
        }
        cited
    }

    /// The disclosure's attachments may name an evidence document; it must be declared.
    /// Returns the ids they cite (a document attached to the disclosure is in use).
    fn attachments(
        &mut self,
        disclosure: &Map<String, Value>,
        declared: &[(String, usize)],
    ) -> HashSet<String> {
        let mut cited = HashSet::new();
        let list = disclosure
            .get("attachments")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (i, a) in list.iter().enumerate() {
            let Some(doc) = a.get("document").and_then(Value::as_str) else {
                continue;
            };
            if declared.iter().any(|(d, _)| d == doc) {
                cited.insert(doc.to_string());
                continue;
            }
            let n = i + 1;
            let path = format!("disclosure.attachments[{i}].document");
            let mut d = Diagnostic::error(
                "E-ATTACHMENT-UNKNOWN-DOCUMENT",
                text!(
                    ["別紙{n} の文書 `{doc}` は [[documents]] にありません。"],
                    ["attachment {n} names the document `{doc}`, which is not in [[documents]]."]
                ),
            )
            .at_path(&path, |p| self.at(p));
            d = match suggest::closest(doc, declared.iter().map(|(d, _)| d.as_str())) {
                Some(s) => d.with_help(did_you_mean(s)),
                None => d.with_help(text!(
                    ["[[documents]] に id = \"{doc}\" の文書を追加するか、document を削除してください。"],
                    ["add a [[documents]] entry with id = \"{doc}\", or remove document."]
                )),
            };
            self.push(d);
        }
        cited
    }

    /// One warning listing the applicable controls without an answer (they score as not
    /// implemented).
    fn missing_answers(&mut self, answers: &Map<String, Value>, scope: &HashSet<ScopeFlag>) {
        let missing: Vec<&str> = self
            .catalog
            .controls
            .iter()
            .filter(|c| c.applies_if.is_none_or(|f| scope.contains(&f)))
            .filter(|c| !answers.contains_key(c.id.as_str()))
            .map(|c| c.id.as_str())
            .collect();
        if missing.is_empty() {
            return;
        }
        let n = missing.len();
        let mut list = missing
            .iter()
            .take(10)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if n > 10 {
            list.push_str(", …");
        }
        self.push(
            Diagnostic::warning(
                "W-ANSWERS-MISSING",
                text!(
                    ["適用される管理策のうち {n} 件に回答がありません（未対応として扱います）: {list}"],
                    ["{n} applicable control(s) have no answer (treated as not implemented): {list}"]
                ),
            )
            .with_path("answers")
            .with_help(text!(
                ["`sansho init` で全管理策の記入欄を含むひな形を作れます。"],
                ["`sansho init` writes a template with every applicable control."]
            )),
        );
    }

    fn unused_document(&mut self, id: &str, index: usize) {
        let path = format!("documents[{index}].id");
        self.push(
            Diagnostic::warning(
                "W-DOC-UNUSED",
                text!(
                    ["文書 `{id}` はどの回答からも引用されていません。"],
                    ["the document `{id}` is not cited by any answer."]
                ),
            )
            .at_path(&path, |p| self.at(p)),
        );
    }
}

/// What opening one evidence document's file showed (`--check-files`), for the provenance
/// of a document: an auditor needs to know which hashes were compared and which matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileState {
    /// The file exists and its SHA-256 equals `sha256`.
    Matches,
    /// The file's SHA-256 differs from `sha256`.
    Mismatch,
    /// The file exists but the evidence gives no `sha256` to compare.
    NoSha256,
    /// The file is not there.
    Missing,
    /// The file could not be read (not a file, too large, outside the folder, unreadable).
    Unreadable,
    /// The document names no file (`path`), so there is nothing to open.
    NoPath,
}

impl FileState {
    /// Label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            FileState::Matches => lang.pick("一致", "matches"),
            FileState::Mismatch => lang.pick("不一致", "mismatch"),
            FileState::NoSha256 => lang.pick("SHA-256 の記載なし", "no SHA-256 given"),
            FileState::Missing => lang.pick("ファイルなし", "file missing"),
            FileState::Unreadable => lang.pick("読めない", "unreadable"),
            FileState::NoPath => lang.pick("ファイルの指定なし", "no file given"),
        }
    }
}

/// The state of every document's file, in document order, from the diagnostics of a load
/// with `check_files` (whose file checks report at `documents[i].path` / `.sha256`).
pub fn file_states(evidence: &super::Evidence, diags: &Diagnostics) -> Vec<FileState> {
    evidence
        .documents
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            if doc.path.is_none() {
                return FileState::NoPath;
            }
            let prefix = format!("documents[{i}].");
            let codes: Vec<&str> = diags
                .iter()
                .filter(|d| d.path.as_deref().is_some_and(|p| p.starts_with(&prefix)))
                .map(|d| d.code)
                .collect();
            if codes.contains(&"E-DOC-SHA256-MISMATCH") {
                FileState::Mismatch
            } else if codes.contains(&"E-DOC-FILE-MISSING") {
                FileState::Missing
            } else if codes.iter().any(|c| {
                matches!(
                    *c,
                    "E-DOC-FILE-READ"
                        | "E-DOC-NOT-FILE"
                        | "E-DOC-TOO-LARGE"
                        | "E-DOC-PATH-ESCAPES"
                        | "E-DOC-PATH-ABSOLUTE"
                )
            }) {
                FileState::Unreadable
            } else if codes.contains(&"W-DOC-NO-SHA256") {
                FileState::NoSha256
            } else {
                FileState::Matches
            }
        })
        .collect()
}

/// True for paths that are absolute on any platform (`/x`, `\x`, `C:\x`, `C:x`).
fn is_absolute(raw: &str) -> bool {
    let b = raw.as_bytes();
    raw.starts_with(['/', '\\']) || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

/// The path made of `raw`'s components (either slash counts as a separator, so a file written
/// on Windows works everywhere), or `None` when it is absolute or climbs out with `..`.
pub fn relative_inside(raw: &str) -> Option<PathBuf> {
    if is_absolute(raw) {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in raw.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let path: PathBuf = parts.iter().collect();
    // Defence in depth: nothing but plain names may remain.
    path.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(path)
}

/// Why a document's file cannot be used or hashed. The loader (`--check-files`) and
/// `sansho verify` both report these, with the same codes and words.
#[derive(Debug)]
pub enum DocumentProblem {
    /// The path is absolute.
    Absolute,
    /// The path climbs out of the evidence file's folder with `..`.
    Escapes,
    /// The path is (or goes through) a symbolic link that leads outside the folder.
    LinksOutside(PathBuf),
    /// No file at the path.
    Missing(PathBuf),
    /// The file exists but cannot be read.
    Unreadable(std::io::Error),
    /// The path is a folder or a device, not a regular file.
    NotAFile,
    /// The file is larger than [`MAX_DOCUMENT_BYTES`].
    TooLarge(u64),
}

impl DocumentProblem {
    /// The stable diagnostic code.
    pub fn code(&self) -> &'static str {
        match self {
            DocumentProblem::Absolute => "E-DOC-PATH-ABSOLUTE",
            DocumentProblem::Escapes | DocumentProblem::LinksOutside(_) => "E-DOC-PATH-ESCAPES",
            DocumentProblem::Missing(_) => "E-DOC-FILE-MISSING",
            DocumentProblem::Unreadable(_) => "E-DOC-FILE-READ",
            DocumentProblem::NotAFile => "E-DOC-NOT-FILE",
            DocumentProblem::TooLarge(_) => "E-DOC-TOO-LARGE",
        }
    }

    /// The error diagnostic for the document whose `path` is written `raw`.
    pub fn diagnostic(&self, raw: &str) -> Diagnostic {
        let code = self.code();
        match self {
            DocumentProblem::Absolute => Diagnostic::error(
                code,
                text!(
                    ["文書のパス `{raw}` が絶対パスです。エビデンスファイルのあるフォルダからの相対パスで書いてください。"],
                    ["the document path `{raw}` is absolute; write it relative to the evidence file's folder."]
                ),
            )
            .with_help(inside_help()),
            DocumentProblem::Escapes => Diagnostic::error(
                code,
                text!(
                    ["文書のパス `{raw}` がエビデンスファイルのフォルダの外を指しています。"],
                    ["the document path `{raw}` points outside the evidence file's folder."]
                ),
            )
            .with_help(inside_help()),
            DocumentProblem::LinksOutside(target) => {
                let shown = target.display().to_string();
                Diagnostic::error(
                    code,
                    text!(
                        ["文書のパス `{raw}` はシンボリックリンクでフォルダの外（{shown}）を指しています。"],
                        ["the document path `{raw}` is a symbolic link to outside the folder ({shown})."]
                    ),
                )
                .with_help(text!(
                    ["リンクではなく文書そのものをフォルダ内に置いてください。"],
                    ["put the document itself, not a link, inside the folder."]
                ))
            }
            DocumentProblem::Missing(full) => {
                let shown = full.display().to_string();
                Diagnostic::error(
                    code,
                    text!(
                        ["文書ファイル `{raw}` が見つかりません（{shown}）。"],
                        ["the document file `{raw}` does not exist ({shown})."]
                    ),
                )
                .with_help(text!(
                    ["パスはエビデンスファイルのあるフォルダからの相対パスです。綴りと置き場所を確認してください。"],
                    ["paths are relative to the evidence file's folder; check the spelling and the location."]
                ))
            }
            DocumentProblem::Unreadable(e) => Diagnostic::error(
                code,
                text!(
                    ["文書ファイル `{raw}` を読めません（{e}）。"],
                    ["cannot read the document file `{raw}` ({e})."]
                ),
            ),
            DocumentProblem::NotAFile => Diagnostic::error(
                code,
                text!(
                    ["文書のパス `{raw}` は通常のファイルではありません（フォルダなど）。"],
                    ["the document path `{raw}` is not a regular file (a folder?)."]
                ),
            ),
            DocumentProblem::TooLarge(bytes) => {
                let mib = bytes / 1024 / 1024;
                let limit = MAX_DOCUMENT_BYTES / 1024 / 1024;
                Diagnostic::error(
                    code,
                    text!(
                        ["文書ファイル `{raw}` が大きすぎます（{mib} MiB、上限 {limit} MiB）。"],
                        ["the document file `{raw}` is too large ({mib} MiB; the limit is {limit} MiB)."]
                    ),
                )
            }
        }
    }
}

fn inside_help() -> crate::i18n::Text {
    text!(
        ["文書はエビデンスファイルと同じフォルダかその下（例 docs/isms.pdf）に置いてください。"],
        ["keep documents in the evidence file's folder or below it (e.g. docs/isms.pdf)."]
    )
}

/// The file a document's `path` (written `raw`) names, confined to `base_dir`, the evidence
/// file's folder: no absolute path, no climbing out with `..`, no symbolic link leading out.
pub fn locate_document(
    base_dir: &Path,
    raw: &str,
) -> std::result::Result<PathBuf, DocumentProblem> {
    locate_in(base_dir, base_dir.canonicalize().ok().as_deref(), raw)
}

/// [`locate_document`] with the folder's canonical path already known (`None` when it has
/// none), so that a file citing many documents resolves its folder once.
fn locate_in(
    base_dir: &Path,
    root: Option<&Path>,
    raw: &str,
) -> std::result::Result<PathBuf, DocumentProblem> {
    let Some(rel) = relative_inside(raw) else {
        return Err(if is_absolute(raw) {
            DocumentProblem::Absolute
        } else {
            DocumentProblem::Escapes
        });
    };
    let full = base_dir.join(&rel);
    // A symlink (or a symlinked folder) may still lead outside. Only a link among the path's
    // own parts can (the folder itself is `root`, resolved once), so the path is resolved
    // only when one of them is a link: an `lstat` per part instead of a `realpath` through
    // every folder from the working directory down, for each document.
    if let Some(root) = root {
        if goes_through_a_link(base_dir, &rel) {
            if let Ok(target) = full.canonicalize() {
                if !target.starts_with(root) {
                    return Err(DocumentProblem::LinksOutside(target));
                }
            }
        }
    }
    Ok(full)
}

/// Whether a part of `rel` below `base_dir` is a symbolic link. A part that does not exist
/// ends the walk: nothing below it exists, so nothing can lead outside.
fn goes_through_a_link(base_dir: &Path, rel: &Path) -> bool {
    let mut path = base_dir.to_path_buf();
    for part in rel.components() {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

/// The hex SHA-256 of a located document file, once it is known to be a regular file no
/// larger than [`MAX_DOCUMENT_BYTES`].
pub fn hash_document(full: &Path) -> std::result::Result<String, DocumentProblem> {
    let meta = std::fs::metadata(full).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            DocumentProblem::Missing(full.to_path_buf())
        } else {
            DocumentProblem::Unreadable(e)
        }
    })?;
    if !meta.is_file() {
        return Err(DocumentProblem::NotAFile);
    }
    if meta.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentProblem::TooLarge(meta.len()));
    }
    hash_file(full).map_err(DocumentProblem::Unreadable)
}

fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{self, CatalogSource};
    use std::sync::OnceLock;

    fn catalog() -> &'static Catalog {
        static C: OnceLock<Catalog> = OnceLock::new();
        C.get_or_init(|| catalog::load(&CatalogSource::Embedded).expect("embedded catalog"))
    }

    fn opts() -> LoadOptions {
        LoadOptions {
            check_files: false,
            as_of: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        }
    }

    fn run(name: &str, text: &str) -> (Option<LoadedEvidence>, Diagnostics) {
        check_source(
            SourceFile::from_text(name, text),
            Path::new("."),
            catalog(),
            &opts(),
        )
    }

    fn codes(ds: &Diagnostics) -> Vec<&'static str> {
        ds.iter().map(|d| d.code).collect()
    }

    /// Pieces of evidence files, valid and not, for the property test.
    const FRAGMENTS: [&str; 14] = [
        "\n[[documents]]\nid = \"D-1\"\ntitle = \"t\"\n",
        "\n[[documents]]\nid = \"D-1\"\ntitle = \"t\"\nexpires = 2020-01-01\n",
        "\n[[documents]]\nid = \"D 2\"\ntitle = 5\npath = \"../x\"\n",
        "\n[answers.TEC-01]\nstatus = \"implemented\"\nevidence = [\"D-1\"]\n",
        "\n[answers.TEC-02]\nstatus = \"planned\"\n",
        "\n[answers.TEC-03]\nstatus = \"not_applicable\"\nna_reason = 7\n",
        "\n[answers.tec-04]\nstatus = \"partial\"\nstatement = \"\"\n",
        "\n[answers.ORG-01]\nstatus = \"done\"\nevidence = \"D-1\"\n",
        "\n[answers.ORG-02]\nstatus = \"not_implemented\"\nextra = 1\n",
        "\n[sla]\nrto_hours = -1\n",
        "\n[scope]\nphr = true\n",
        "\nunknown = 1\n",
        "\n[answers.ORG-03]\nstatus = \"planned\"\nplanned_date = \"2026-02-30\"\n",
        "\n[answers.ORG-04]\nstatement = \"x\"\n",
    ];

    const VENDOR: &str = "[vendor]\nname = \"A\"\nservice = \"S\"\nprepared_on = 2026-11-01\n";

    #[test]
    fn relative_paths_stay_inside() {
        assert_eq!(
            relative_inside("docs/a.pdf"),
            Some(PathBuf::from("docs/a.pdf"))
        );
        assert_eq!(
            relative_inside("docs\\a.pdf"),
            Some(PathBuf::from("docs/a.pdf"))
        );
        assert_eq!(
            relative_inside("./docs/../a.pdf"),
            Some(PathBuf::from("a.pdf"))
        );
        assert_eq!(relative_inside("../a.pdf"), None);
        assert_eq!(relative_inside("docs/../../a.pdf"), None);
        assert_eq!(relative_inside("/etc/passwd"), None);
        assert_eq!(relative_inside("C:\\docs\\a.pdf"), None);
        assert_eq!(relative_inside("\\\\server\\share"), None);
        assert!(is_absolute("c:a.pdf"));
    }

    #[test]
    fn a_minimal_file_loads_with_a_missing_answers_warning() {
        let (loaded, ds) = run("e.toml", VENDOR);
        let loaded = loaded.expect("valid");
        assert_eq!(loaded.evidence.vendor.name, "A");
        assert_eq!(codes(&ds), ["W-ANSWERS-MISSING"]);
        assert_eq!(loaded.warnings.len(), 1);
    }

    #[test]
    fn meaning_problems_are_reported_once_with_positions() {
        let text = format!(
            "{VENDOR}\n[answers.tec-01]\nstatus = \"implemented\"\nstatement = \"x\"\nevidence = [\"D-1\"]\n\n[answers.TEC-02]\nstatus = \"planned\"\n\n[answers.TEC-03]\nstatus = \"not_applicable\"\nna_reason = \"\"\n"
        );
        let (loaded, ds) = run("e.toml", &text);
        assert!(loaded.is_none());
        let c = codes(&ds);
        for want in [
            "E-ANSWER-UNKNOWN-CONTROL",
            "E-ANSWER-UNKNOWN-DOCUMENT",
            "E-ANSWER-PLANNED-NO-DATE",
            "E-ANSWER-NA-NO-REASON",
        ] {
            assert_eq!(
                c.iter().filter(|x| **x == want).count(),
                1,
                "{want} once in {c:?}"
            );
        }
        // The schema's own reports of the same problems are dropped.
        assert!(!c.contains(&"E-SCHEMA-KEY"), "{c:?}");
        assert!(!c.contains(&"E-SCHEMA-REQUIRED"), "{c:?}");
        let unknown = ds
            .iter()
            .find(|d| d.code == "E-ANSWER-UNKNOWN-CONTROL")
            .expect("found");
        assert_eq!(unknown.label.as_ref().map(|l| l.line), Some(6));
        assert!(unknown.help.as_ref().expect("help").ja.contains("TEC-01"));
        let planned = ds
            .iter()
            .find(|d| d.code == "E-ANSWER-PLANNED-NO-DATE")
            .expect("found");
        assert_eq!(planned.label.as_ref().map(|l| l.line), Some(12));
    }

    #[test]
    fn wrong_types_are_reported_once_by_the_schema() {
        let text = format!(
            "{VENDOR}\n[answers.TEC-01]\nstatus = \"implemented\"\nstatement = 5\nevidence = \"D-1\"\n\n[answers.TEC-03]\nstatus = \"not_applicable\"\nna_reason = 7\n"
        );
        let (loaded, ds) = run("e.toml", &text);
        assert!(loaded.is_none());
        let c = codes(&ds);
        assert_eq!(ds.error_count(), 3, "{c:?}");
        assert!(
            c.iter()
                .all(|c| *c == "E-SCHEMA" || *c == "W-ANSWERS-MISSING"),
            "{c:?}"
        );
    }

    #[test]
    fn documents_dates_and_duplicates() {
        let text = format!(
            "{VENDOR}\n[[documents]]\nid = \"D-1\"\ntitle = \"t\"\nexpires = 2026-01-01\n\n[[documents]]\nid = \"D-1\"\ntitle = \"u\"\nissued = 2026-05-01\nexpires = 2026-04-01\n\n[[documents]]\nid = \"D-2\"\ntitle = \"v\"\nissued = 2027-01-01\n"
        );
        let (_, ds) = run("e.toml", &text);
        let c = codes(&ds);
        for want in [
            "W-DOC-EXPIRED",
            "E-DOC-DUPLICATE-ID",
            "E-DOC-DATES",
            "W-DOC-NOT-YET-ISSUED",
        ] {
            assert!(c.contains(&want), "{want} in {c:?}");
        }
        let dup = ds
            .iter()
            .find(|d| d.code == "E-DOC-DUPLICATE-ID")
            .expect("found");
        assert!(dup.message.ja.contains("7 行目"), "{}", dup.message.ja);
    }

    #[test]
    fn attachments_must_name_declared_documents() {
        let doc = "\n[[documents]]\nid = \"D-1\"\ntitle = \"t\"\n";
        let text = format!(
            "{VENDOR}{doc}\n[[disclosure.attachments]]\ntitle = \"a\"\ndocument = \"D-1\"\n\n[[disclosure.attachments]]\ntitle = \"b\"\ndocument = \"D-2\"\n"
        );
        let (loaded, ds) = run("e.toml", &text);
        assert!(loaded.is_none());
        let d = ds
            .iter()
            .find(|d| d.code == "E-ATTACHMENT-UNKNOWN-DOCUMENT")
            .expect("reported");
        assert!(d.message.ja.contains("別紙2") && d.message.ja.contains("D-2"));
        assert_eq!(d.label.as_ref().map(|l| l.line), Some(16));
        // D-1 is attached, so it is in use.
        assert!(!codes(&ds).contains(&"W-DOC-UNUSED"), "{:?}", codes(&ds));
        let ok = format!(
            "{VENDOR}{doc}\n[[disclosure.attachments]]\ntitle = \"a\"\ndocument = \"D-1\"\n"
        );
        let (loaded, ds) = run("e.toml", &ok);
        assert!(loaded.is_some(), "{:?}", codes(&ds));
    }

    #[test]
    fn shared_duties_need_customer_actions() {
        let shared = catalog()
            .controls
            .iter()
            .find(|c| c.responsibility == Responsibility::Shared && c.applies_if.is_none())
            .expect("a shared control");
        let vendor = catalog()
            .controls
            .iter()
            .find(|c| c.responsibility == Responsibility::Vendor && c.applies_if.is_none())
            .expect("a vendor control");
        let answer = |id: &str, extra: &str| {
            format!("\n[answers.{id}]\nstatus = \"implemented\"\nstatement = \"x\"\n{extra}")
        };
        let has = |text: String| {
            let (_, ds) = run("e.toml", &format!("{VENDOR}{text}"));
            codes(&ds).contains(&"W-ANSWER-NO-CUSTOMER-ACTION")
        };
        assert!(has(answer(&shared.id, "")));
        assert!(has(answer(&shared.id, "customer_actions = \" \"\n")));
        assert!(!has(answer(
            &shared.id,
            "customer_actions = \"確認する\"\n"
        )));
        assert!(!has(answer(&vendor.id, "")));
        // The answer's own responsibility wins over the control's default.
        assert!(has(answer(&vendor.id, "responsibility = \"shared\"\n")));
        assert!(!has(answer(&shared.id, "responsibility = \"vendor\"\n")));
        // A control the vendor does not do yet asks nothing of the institution either.
        let not_done = format!("\n[answers.{}]\nstatus = \"not_implemented\"\n", shared.id);
        assert!(!has(not_done));
    }

    #[test]
    fn out_of_scope_answers_warn() {
        let ext = catalog()
            .controls
            .iter()
            .find(|c| c.applies_if == Some(ScopeFlag::ExternalStorage))
            .expect("an external-storage control");
        let text = format!(
            "{VENDOR}\n[answers.{}]\nstatus = \"not_implemented\"\n",
            ext.id
        );
        let (loaded, ds) = run("e.toml", &text);
        assert!(loaded.is_some());
        assert!(codes(&ds).contains(&"W-ANSWER-OUT-OF-SCOPE"));
        let with_scope = format!(
            "{VENDOR}\n[scope]\nexternal_storage = true\n[answers.{}]\nstatus = \"not_implemented\"\n",
            ext.id
        );
        let (_, ds) = run("e.toml", &with_scope);
        assert!(!codes(&ds).contains(&"W-ANSWER-OUT-OF-SCOPE"));
    }

    #[test]
    fn json_with_a_schema_key_loads() {
        let text = r#"{"$schema": "./evidence.schema.json", "vendor": {"name": "A", "service": "S", "prepared_on": "2026-11-01"}}"#;
        let (loaded, ds) = run("e.json", text);
        assert!(
            loaded.is_some(),
            "{}",
            ds.render(crate::i18n::Lang::En, false)
        );
    }

    #[test]
    fn files_are_checked_and_hashed() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("docs")).expect("mkdir");
        std::fs::write(dir.path().join("docs/a.pdf"), b"abc").expect("write");
        let abc = crate::input::sha256_hex(b"abc");
        let text = format!(
            "{VENDOR}\n[[documents]]\nid = \"D-1\"\ntitle = \"a\"\npath = \"docs/a.pdf\"\nsha256 = \"{abc}\"\n\n[[documents]]\nid = \"D-2\"\ntitle = \"b\"\npath = \"docs/a.pdf\"\nsha256 = \"{}\"\n\n[[documents]]\nid = \"D-3\"\ntitle = \"c\"\npath = \"docs/missing.pdf\"\n\n[[documents]]\nid = \"D-4\"\ntitle = \"d\"\npath = \"docs\"\n\n[[documents]]\nid = \"D-5\"\ntitle = \"e\"\npath = \"docs/a.pdf\"\n",
            "0".repeat(64)
        );
        let opts = LoadOptions {
            check_files: true,
            ..opts()
        };
        let (_, ds) = check_source(
            SourceFile::from_text("e.toml", text),
            dir.path(),
            catalog(),
            &opts,
        );
        let c = codes(&ds);
        assert_eq!(
            c.iter().filter(|x| **x == "E-DOC-SHA256-MISMATCH").count(),
            1,
            "{c:?}"
        );
        assert!(c.contains(&"E-DOC-FILE-MISSING"), "{c:?}");
        assert!(c.contains(&"E-DOC-NOT-FILE"), "{c:?}");
        assert!(c.contains(&"W-DOC-NO-SHA256"), "{c:?}");
        let mismatch = ds
            .iter()
            .find(|d| d.code == "E-DOC-SHA256-MISMATCH")
            .expect("found");
        assert!(
            mismatch
                .message
                .en
                .contains("(written 000000000000…, actual ba7816bf8f01…)"),
            "{}",
            mismatch.message.en
        );
    }

    #[test]
    fn file_states_follow_the_file_checks() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("a.txt"), "a").expect("write");
        let sha_a = hex(&Sha256::digest(b"a"));
        let text = format!(
            "{VENDOR}\n[[documents]]\nid = \"D-1\"\ntitle = \"t\"\npath = \"a.txt\"\nsha256 = \"{sha_a}\"\n\n[[documents]]\nid = \"D-2\"\ntitle = \"t\"\npath = \"a.txt\"\nsha256 = \"{}\"\n\n[[documents]]\nid = \"D-3\"\ntitle = \"t\"\npath = \"b.txt\"\n\n[[documents]]\nid = \"D-4\"\ntitle = \"t\"\npath = \"a.txt\"\n\n[[documents]]\nid = \"D-5\"\ntitle = \"t\"\n",
            "0".repeat(64)
        );
        let opts = LoadOptions {
            check_files: true,
            ..opts()
        };
        let (_, ds) = check_source(
            SourceFile::from_text("e.toml", text.clone()),
            dir.path(),
            catalog(),
            &opts,
        );
        let (loaded, _) = check_source(
            SourceFile::from_text("e.toml", text),
            dir.path(),
            catalog(),
            &LoadOptions::default(),
        );
        let e = loaded.expect("valid without file checks").evidence;
        assert_eq!(
            file_states(&e, &ds),
            [
                FileState::Matches,
                FileState::Mismatch,
                FileState::Missing,
                FileState::NoSha256,
                FileState::NoPath
            ]
        );
    }

    #[test]
    fn oversize_documents_are_not_hashed() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A sparse file: large on paper, nothing on disk.
        let f = std::fs::File::create(dir.path().join("huge.pdf")).expect("create");
        f.set_len(MAX_DOCUMENT_BYTES + 1).expect("set_len");
        let text =
            format!("{VENDOR}\n[[documents]]\nid = \"D-1\"\ntitle = \"a\"\npath = \"huge.pdf\"\n");
        let opts = LoadOptions {
            check_files: true,
            ..opts()
        };
        let (_, ds) = check_source(
            SourceFile::from_text("e.toml", text),
            dir.path(),
            catalog(),
            &opts,
        );
        assert!(codes(&ds).contains(&"E-DOC-TOO-LARGE"), "{:?}", codes(&ds));
    }

    #[test]
    fn dates_and_empty_statements_warn() {
        let text = "[vendor]\nname = \"A\"\nservice = \"S\"\nprepared_on = 2027-01-01\n\n[answers.TEC-02]\nstatus = \"planned\"\nstatement = \"x\"\nplanned_date = 2026-06-30\n\n[answers.TEC-01]\nstatus = \"partial\"\nstatement = \"  \"\n";
        let (loaded, ds) = run("e.toml", text);
        assert!(loaded.is_some());
        let c = codes(&ds);
        for want in [
            "W-VENDOR-PREPARED-FUTURE",
            "W-ANSWER-PLANNED-OVERDUE",
            "W-ANSWER-NO-STATEMENT",
        ] {
            assert!(c.contains(&want), "{want} in {c:?}");
        }
        // Sorted by position, file-wide warnings last.
        assert_eq!(c.first(), Some(&"W-VENDOR-PREPARED-FUTURE"));
        assert_eq!(c.last(), Some(&"W-ANSWERS-MISSING"));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_folder_are_refused() {
        let outside = tempfile::tempdir().expect("tempdir");
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(outside.path().join("secret.txt"), b"x").expect("write");
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            dir.path().join("link.pdf"),
        )
        .expect("symlink");
        let text =
            format!("{VENDOR}\n[[documents]]\nid = \"D-1\"\ntitle = \"a\"\npath = \"link.pdf\"\n");
        let (_, ds) = check_source(
            SourceFile::from_text("e.toml", text),
            dir.path(),
            catalog(),
            &opts(),
        );
        assert!(
            codes(&ds).contains(&"E-DOC-PATH-ESCAPES"),
            "{:?}",
            codes(&ds)
        );
        // A linked folder leads outside too; a link that stays inside is fine.
        std::os::unix::fs::symlink(outside.path(), dir.path().join("docs")).expect("symlink");
        std::fs::create_dir(dir.path().join("real")).expect("mkdir");
        std::fs::write(dir.path().join("real/a.pdf"), b"x").expect("write");
        std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("alias"))
            .expect("symlink");
        for (path, escapes) in [
            ("docs/secret.txt", true),
            ("alias/a.pdf", false),
            ("real/a.pdf", false),
            ("real/missing.pdf", false),
        ] {
            let found = locate_document(dir.path(), path);
            assert_eq!(
                matches!(found, Err(DocumentProblem::LinksOutside(_))),
                escapes,
                "{path}: {found:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// No input panics, whatever it is.
        #[test]
        fn never_panics_on_toml(s in "\\PC{0,400}") {
            let _ = run("e.toml", &format!("{VENDOR}{s}"));
            let _ = run("e.toml", &s);
        }

        /// Files assembled from plausible pieces: the evidence is given exactly when no
        /// diagnostic is an error.
        #[test]
        fn evidence_iff_no_error(pieces in proptest::collection::vec(0usize..FRAGMENTS.len(), 0..12)) {
            let text = pieces.iter().fold(VENDOR.to_string(), |acc, i| acc + FRAGMENTS[*i]);
            let (loaded, ds) = run("e.toml", &text);
            proptest::prop_assert_eq!(loaded.is_some(), !ds.has_errors(), "{}", text);
        }

        #[test]
        fn never_panics_on_json(s in "[\\[\\]{}\":,a-z0-9 .\\-]{0,200}") {
            let _ = run("e.json", &s);
        }

        /// The check without positions (what `load` tries first) decides exactly as the
        /// check with them: the same evidence, the same diagnostics but for line and column.
        #[test]
        fn positions_change_nothing_but_positions(
            pieces in proptest::collection::vec(0usize..FRAGMENTS.len(), 0..12),
            json in proptest::bool::ANY,
        ) {
            let text = pieces.iter().fold(VENDOR.to_string(), |acc, i| acc + FRAGMENTS[*i]);
            let (name, text) = if json {
                let tree = Tree::parse_toml(&SourceFile::from_text("e.toml", text.as_str()));
                match tree {
                    Ok(t) => ("e.json", t.value.to_string()),
                    Err(_) => ("e.toml", text),
                }
            } else {
                ("e.toml", text)
            };
            let file = SourceFile::from_text(name, text.as_str());
            let (with, with_d) = examine(&file, Path::new("."), catalog(), &opts(), true);
            let (without, without_d) = examine(&file, Path::new("."), catalog(), &opts(), false);
            proptest::prop_assert_eq!(format!("{with:?}"), format!("{without:?}"));
            // An error's message may quote a line ("first defined on line 7"); `load` checks
            // an invalid file again with positions, so only the warnings' words must agree.
            let unlocated = |ds: &Diagnostics| {
                let mut v: Vec<String> = ds
                    .iter()
                    .map(|d| {
                        let words = if d.is_error() { "" } else { d.message.en.as_str() };
                        format!("{} {:?} {words}", d.code, d.path)
                    })
                    .collect();
                v.sort();
                v
            };
            proptest::prop_assert_eq!(unlocated(&with_d), unlocated(&without_d), "{}", text);
            // Syntax errors come from the parser, which always says where.
            proptest::prop_assert!(without_d
                .iter()
                .all(|d| d.label.is_none() || d.code.ends_with("-SYNTAX")));
        }
    }

    #[test]
    fn load_says_where_only_when_something_is_wrong() {
        let typical = Path::new("samples/typical/evidence.toml");
        let (checked, diags) = check(typical, catalog(), &opts());
        let loaded = load(typical, catalog(), &opts()).expect("loads");
        assert_eq!(
            format!("{:?}", checked.expect("valid").evidence),
            format!("{:?}", loaded.evidence)
        );
        assert_eq!(loaded.warnings.len(), diags.0.len());
        assert!(!loaded.warnings.is_empty());
        let dir = tempfile::tempdir().expect("tempdir");
        let bad = dir.path().join("bad.toml");
        std::fs::write(
            &bad,
            format!("{VENDOR}\n[answers.TEC-01]\nstatus = \"done\"\n"),
        )
        .expect("write");
        let Err(Error::Invalid(ds)) = load(&bad, catalog(), &opts()) else {
            panic!("invalid");
        };
        let (_, checked) = check(&bad, catalog(), &opts());
        assert_eq!(format!("{ds:?}"), format!("{checked:?}"));
        assert!(ds
            .iter()
            .any(|d| d.label.as_ref().is_some_and(|l| l.line == 7)));
    }

    #[test]
    fn documents_resolve_against_the_evidence_files_folder() {
        assert_eq!(base_dir_of(Path::new("e.toml")), PathBuf::from("."));
        assert_eq!(
            base_dir_of(Path::new("vendor/e.toml")),
            PathBuf::from("vendor")
        );
        assert_eq!(base_dir_of(Path::new("/e.toml")), PathBuf::from("/"));
    }

    #[test]
    fn the_document_size_limit_is_named() {
        let d = DocumentProblem::TooLarge(300 * 1024 * 1024).diagnostic("big.pdf");
        assert_eq!(d.code, "E-DOC-TOO-LARGE");
        assert_eq!(
            d.message.en,
            "the document file `big.pdf` is too large (300 MiB; the limit is 256 MiB)."
        );
    }

    #[test]
    fn impossible_dates_are_refused_where_they_are() {
        let text = "[vendor]\nname = \"A\"\nservice = \"S\"\nprepared_on = 0001-01-01\n\n[[documents]]\nid = \"D-1\"\ntitle = \"t\"\nissued = 2026-01-01\nexpires = 9999-12-31\n\n[answers.TEC-01]\nstatus = \"planned\"\nplanned_date = 2200-01-01\nevidence = [\"D-1\"]\n";
        let (loaded, ds) = run("e.toml", text);
        assert!(loaded.is_none());
        let found: Vec<(Option<&str>, Option<usize>, &str)> = ds
            .iter()
            .filter(|d| d.code == "E-DATE-RANGE")
            .map(|d| {
                (
                    d.path.as_deref(),
                    d.label.as_ref().map(|l| l.line),
                    d.help.as_ref().map_or("", |h| h.en.as_str()),
                )
            })
            .collect();
        let other = "write the actual date, between 1900 and 2199.";
        assert_eq!(
            found,
            [
                (Some("vendor.prepared_on"), Some(4), other),
                (
                    Some("documents[0].expires"),
                    Some(10),
                    "leave expires out for a document that does not expire."
                ),
                (Some("answers.TEC-01.planned_date"), Some(14), other),
            ],
            "{:?}",
            codes(&ds)
        );
        let first = ds.iter().find(|d| d.code == "E-DATE-RANGE").unwrap();
        assert_eq!(
            first.message.en,
            "vendor.prepared_on: the date 0001-01-01 cannot be meant (write a date between 1900 and 2199)."
        );
    }

    #[test]
    fn control_characters_in_texts_warn_with_their_path() {
        let text = format!(
            "{VENDOR}\n[sla]\nservice_hours = \"24時間\\u0007\\t\"\nsubcontractors = [\"A社\", \"B\\u001b[2J社\\n\"]\n"
        );
        let (_, ds) = run("e.toml", &text);
        let found: Vec<(Option<&str>, &str)> = ds
            .iter()
            .filter(|d| d.code == "W-TEXT-CONTROL-CHAR")
            .map(|d| (d.path.as_deref(), d.message.en.as_str()))
            .collect();
        // Line breaks and tabs are layout, not control characters to warn about.
        assert_eq!(
            found,
            [
                (
                    Some("sla.service_hours"),
                    "sla.service_hours contains control characters (\\u{7}); terminals show them escaped and documents drop them."
                ),
                (
                    Some("sla.subcontractors[1]"),
                    "sla.subcontractors[1] contains control characters (\\u{1b}); terminals show them escaped and documents drop them."
                ),
            ],
            "{:?}",
            codes(&ds)
        );
    }

    /// A document issued on the as-of date and expiring on it is valid that day: not dated
    /// backwards, not expired, not issued in the future.
    #[test]
    fn a_document_valid_on_the_as_of_date_only_raises_nothing() {
        let text = format!(
            "{VENDOR}\n[[documents]]\nid = \"D-1\"\ntitle = \"t\"\nissued = 2026-12-01\nexpires = 2026-12-01\n"
        );
        let (_, ds) = run("e.toml", &text);
        let c = codes(&ds);
        for code in ["E-DOC-DATES", "W-DOC-EXPIRED", "W-DOC-NOT-YET-ISSUED"] {
            assert!(!c.contains(&code), "{code}: {c:?}");
        }
        // A day later it has expired.
        let (_, ds) = run(
            "e.toml",
            &text
                .replace("expires = 2026-12-01", "expires = 2026-11-30")
                .replace("issued = 2026-12-01", "issued = 2026-11-30"),
        );
        assert!(codes(&ds).contains(&"W-DOC-EXPIRED"), "{:?}", codes(&ds));
    }

    #[test]
    fn a_malformed_hash_is_left_to_the_schema() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.pdf"), b"abc").expect("write");
        let text = format!(
            "{VENDOR}\n[[documents]]\nid = \"D-1\"\ntitle = \"a\"\npath = \"a.pdf\"\nsha256 = \"abc\"\n"
        );
        let opts = LoadOptions {
            check_files: true,
            ..opts()
        };
        let (_, ds) = check_source(
            SourceFile::from_text("e.toml", text),
            dir.path(),
            catalog(),
            &opts,
        );
        let at_hash: Vec<&str> = ds
            .iter()
            .filter(|d| d.path.as_deref() == Some("documents[0].sha256"))
            .map(|d| d.code)
            .collect();
        assert_eq!(at_hash, ["E-SCHEMA"], "{:?}", codes(&ds));
    }

    /// Suggestions stop after [`MAX_SUGGESTED`] unknown ids (a hostile file must stay cheap).
    #[test]
    fn suggestions_stop_after_the_first_hundred_unknown_ids() {
        let mut text = VENDOR.to_string();
        for c in catalog().controls.iter().take(MAX_SUGGESTED + 1) {
            text.push_str(&format!(
                "\n[answers.{}X]\nstatus = \"implemented\"\n",
                c.id
            ));
        }
        let (_, ds) = run("e.toml", &text);
        let helps: Vec<&str> = ds
            .iter()
            .filter(|d| d.code == "E-ANSWER-UNKNOWN-CONTROL")
            .map(|d| d.help.as_ref().map_or("", |h| h.en.as_str()))
            .collect();
        assert_eq!(helps.len(), MAX_SUGGESTED + 1);
        let generic = helps
            .iter()
            .filter(|h| h.starts_with("see `sansho controls list`"))
            .count();
        let suggested = helps
            .iter()
            .filter(|h| h.starts_with("did you mean"))
            .count();
        assert_eq!((suggested, generic), (MAX_SUGGESTED, 1), "{helps:?}");
    }

    #[test]
    fn planned_dates_are_overdue_only_once_passed() {
        let planned = |date: &str| {
            let text = format!(
                "{VENDOR}\n[answers.TEC-01]\nstatus = \"planned\"\nplanned_date = {date}\n"
            );
            codes(&run("e.toml", &text).1)
        };
        let overdue = "W-ANSWER-PLANNED-OVERDUE";
        assert!(planned("2026-11-30").contains(&overdue));
        // Due on the as-of date (2026-12-01) or later is not overdue.
        for date in ["2026-12-01", "2027-03-31"] {
            assert!(!planned(date).contains(&overdue), "{date}");
        }
        // A malformed date is the schema's to report, not a missing one.
        let c = planned("\"2026-02-30\"");
        assert!(!c.contains(&"E-ANSWER-PLANNED-NO-DATE"), "{c:?}");
        assert!(!c.contains(&overdue), "{c:?}");
    }

    #[test]
    fn missing_answers_list_ten_ids_then_an_ellipsis() {
        let ids: Vec<&str> = catalog()
            .controls
            .iter()
            .filter(|c| c.applies_if.is_none())
            .map(|c| c.id.as_str())
            .collect();
        let missing_message = |n: usize| {
            let mut text = VENDOR.to_string();
            for id in &ids[n..] {
                text.push_str(&format!("\n[answers.{id}]\nstatus = \"not_implemented\"\n"));
            }
            let (_, ds) = run("e.toml", &text);
            ds.iter()
                .find(|d| d.code == "W-ANSWERS-MISSING")
                .map(|d| d.message.en.clone())
                .expect("missing answers")
        };
        let ten = ids[..10].join(", ");
        assert_eq!(
            missing_message(10),
            format!("10 applicable control(s) have no answer (treated as not implemented): {ten}")
        );
        assert_eq!(
            missing_message(11),
            format!(
                "11 applicable control(s) have no answer (treated as not implemented): {ten}, …"
            )
        );
    }

    #[test]
    fn a_document_no_answer_cites_warns() {
        let text = format!("{VENDOR}\n[[documents]]\nid = \"D-1\"\ntitle = \"t\"\n");
        let (_, ds) = run("e.toml", &text);
        let d = ds
            .iter()
            .find(|d| d.code == "W-DOC-UNUSED")
            .unwrap_or_else(|| panic!("{:?}", codes(&ds)));
        assert_eq!(
            d.message.en,
            "the document `D-1` is not cited by any answer."
        );
        assert_eq!(d.path.as_deref(), Some("documents[0].id"));
        assert_eq!(d.label.as_ref().map(|l| l.line), Some(7));
    }

    #[test]
    fn file_states_have_labels() {
        assert_eq!(FileState::Matches.label(Lang::Ja), "一致");
        assert_eq!(FileState::Mismatch.label(Lang::En), "mismatch");
        assert_eq!(FileState::NoPath.label(Lang::En), "no file given");
    }

    #[test]
    fn located_documents_are_inside_the_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("docs")).expect("mkdir");
        std::fs::write(dir.path().join("docs/a.pdf"), b"abc").expect("write");
        let full = locate_document(dir.path(), "./docs/a.pdf").expect("inside");
        assert_eq!(full, dir.path().join("docs/a.pdf"));
        assert_eq!(
            hash_document(&full).expect("hashed"),
            crate::input::sha256_hex(b"abc")
        );
        assert!(matches!(
            locate_document(dir.path(), "../a.pdf"),
            Err(DocumentProblem::Escapes)
        ));
        assert!(matches!(
            locate_document(dir.path(), "/etc/passwd"),
            Err(DocumentProblem::Absolute)
        ));
    }
}
