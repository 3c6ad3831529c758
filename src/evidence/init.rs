//! The evidence-file template written by `sansho init`: every applicable control, in catalog
//! order, with what it asks for as comments, ready to fill in.
//!
//! The template validates as written (every answer is `not_implemented`, so it scores 0
//! until filled), and the meaning of each field comes from the published schema's
//! descriptions, so the template, the schema and the editor's hover text say the same thing.

use super::{Answer, Evidence, Scope, Status, Vendor};
use crate::catalog::{Catalog, Control, Responsibility, ScopeFlag};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::schema::{is_date, resolve, SchemaKind};
use crate::text;
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// What the template is for.
#[derive(Clone, Debug)]
pub struct InitOptions<'a> {
    /// Company name (`[vendor] name`).
    pub vendor: &'a str,
    /// Service name (`[vendor] service`).
    pub service: &'a str,
    /// Scope flags; controls of unset flags are left out.
    pub scope: Scope,
    /// `prepared_on`, normally today.
    pub prepared_on: NaiveDate,
    /// Language of the comments.
    pub lang: Lang,
}

/// Comment lines are wrapped to this many terminal columns.
const WRAP: usize = 96;

/// Parses `--scope` values (`external_storage,phr`); an unknown flag is a usage error with
/// a suggestion.
pub fn parse_scope(flags: &[String]) -> Result<Scope> {
    let mut scope = Scope::default();
    for raw in flags {
        let name = raw.trim();
        if name.is_empty() {
            continue;
        }
        match ScopeFlag::parse(name) {
            Some(f) => scope.set(f, true),
            None => {
                let known: Vec<&str> = ScopeFlag::ALL.iter().map(|f| f.as_str()).collect();
                let list = known.join(", ");
                let hint = crate::suggest::closest(name, known.iter().copied())
                    .map(|s| {
                        (
                            format!("「{s}」のことですか？ "),
                            format!(" Did you mean `{s}`?"),
                        )
                    })
                    .unwrap_or_default();
                return Err(Error::Usage(text!(
                    [
                        "--scope の `{name}` は使えません。{}使える値: {list}",
                        hint.0
                    ],
                    [
                        "unknown --scope flag `{name}`.{} Known flags: {list}",
                        hint.1
                    ]
                )));
            }
        }
    }
    Ok(scope)
}

/// A TOML basic string for `s`: quotes, backslashes and control characters escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes the template. Empty vendor or service names are refused (the schema requires them).
pub fn template(catalog: &Catalog, opts: &InitOptions<'_>) -> Result<String> {
    for (flag, value) in [("--vendor", opts.vendor), ("--service", opts.service)] {
        if value.trim().is_empty() {
            return Err(Error::Usage(text!(
                ["{flag} に名前を指定してください（空にはできません）。"],
                ["{flag} needs a name (it cannot be empty)."]
            )));
        }
    }
    let mut answers = BTreeMap::new();
    for c in catalog
        .controls
        .iter()
        .filter(|c| c.applies_if.is_none_or(|f| opts.scope.is_set(f)))
    {
        let customer_actions = (c.responsibility != Responsibility::Vendor).then(String::new);
        answers.insert(
            c.id.to_string(),
            Answer {
                status: Status::NotImplemented,
                statement: Some(String::new()),
                evidence: Vec::new(),
                responsibility: None,
                customer_actions,
                planned_date: None,
                na_reason: None,
            },
        );
    }
    let seed = Evidence {
        vendor: Vendor {
            name: opts.vendor.to_string(),
            service: opts.service.to_string(),
            version: Some("1.0".to_string()),
            prepared_on: opts.prepared_on,
            contact: None,
            service_model: None,
        },
        scope: opts.scope,
        documents: Vec::new(),
        answers,
        sla: Default::default(),
        disclosure: Default::default(),
        revisions: Vec::new(),
    };
    Ok(to_toml(catalog, &seed, opts.lang))
}

/// Writes an evidence file with the layout and comments of the `sansho init` template: the
/// same header, every applicable (or answered) control with what it asks for, unset optional
/// keys as commented-out examples. `sansho init` writes its template with it and
/// `sansho import xlsx` a filled-in questionnaire, so both files read alike; the text parses
/// back to an equal [`Evidence`].
///
/// Fields are written from the serialized value in the order of the published schema, so a
/// field added to the model and the schema is written without changes here.
pub fn to_toml(catalog: &Catalog, evidence: &Evidence, lang: Lang) -> String {
    let schema: Value = serde_json::from_str(SchemaKind::Evidence.text()).unwrap_or_default();
    let data = serde_json::to_value(evidence).unwrap_or_default();
    let t = Template {
        schema: &schema,
        lang,
        out: String::new(),
    };
    t.write(catalog, evidence, &data)
}

struct Template<'a> {
    schema: &'a Value,
    lang: Lang,
    out: String,
}

impl Template<'_> {
    fn pick<'s>(&self, ja: &'s str, en: &'s str) -> &'s str {
        self.lang.pick(ja, en)
    }

    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    /// A comment, wrapped to [`WRAP`] columns whichever lead a line has; control characters
    /// (newlines in catalog text) become spaces.
    fn comment(&mut self, first: &str, rest: &str, text: &str) {
        let clean: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let width = WRAP - first.width().max(rest.width());
        for (i, l) in wrap(&clean, width).iter().enumerate() {
            let lead = if i == 0 { first } else { rest };
            self.line(format!("{lead}{l}").trim_end());
        }
    }

    /// The schema's description of a field, in the chosen language (`"ja / en"` in the file).
    fn describe(&self, pointer: &str) -> String {
        let d = self
            .schema
            .pointer(&format!("{pointer}/description"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        let (ja, en) = d.split_once(" / ").unwrap_or((d, d));
        self.pick(ja, en).trim().to_string()
    }

    /// The property names of a `$defs` object of the schema, in schema order.
    fn properties(&self, def: &str) -> Vec<String> {
        self.schema
            .pointer(&format!("{def}/properties"))
            .and_then(Value::as_object)
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn write(mut self, catalog: &Catalog, evidence: &Evidence, data: &Value) -> String {
        let empty = Map::new();
        let root = data.as_object().unwrap_or(&empty);
        self.header(catalog, &evidence.vendor);
        self.top_level_values(root);
        self.table("vendor", "/$defs/vendor", root.get("vendor"));
        self.scope(evidence.scope);
        self.documents(root.get("documents"));
        self.disclosure(root.get("disclosure"), root.get("revisions"));
        self.answers(catalog, evidence, root.get("answers"));
        self.sla(root.get("sla"));
        self.top_level_tables(root);
        self.out
    }

    fn header(&mut self, catalog: &Catalog, vendor: &Vendor) {
        self.line("#:schema ./evidence.schema.json");
        let title = match self.lang {
            Lang::Ja => format!(
                "sansho エビデンスファイル — {}（{}）",
                vendor.service, vendor.name
            ),
            Lang::En => format!(
                "sansho evidence file — {} ({})",
                vendor.service, vendor.name
            ),
        };
        self.comment("# ", "#   ", &title);
        let catalog_line = format!(
            "{}: {} {}",
            self.pick("管理策カタログ", "Controls catalog"),
            self.lang.pick(&catalog.meta.title, &catalog.meta.title_en),
            catalog.meta.version
        );
        self.comment("# ", "#   ", &catalog_line);
        self.line("#");
        let help: &[(&str, &str)] = &[
            (
                "上の #:schema 行で Taplo / VS Code（Even Better TOML）が補完・検査します。スキーマは `sansho schema evidence > evidence.schema.json` で出力してください。",
                "With the #:schema line above, Taplo / VS Code (Even Better TOML) complete and check this file; write the schema with `sansho schema evidence > evidence.schema.json`.",
            ),
            (
                "検証: `sansho validate このファイル --check-files`",
                "Check it: `sansho validate THIS-FILE --check-files`",
            ),
            (
                "各管理策の status を実態に合わせて書き換え、statement に実施内容、evidence に根拠文書の id を書いてください。",
                "For each control, set status to what is true today, say what is done in statement and cite the documents' ids in evidence.",
            ),
        ];
        for (ja, en) in help {
            let s = self.pick(ja, en).to_string();
            self.comment("# ", "#   ", &s);
        }
        self.line("#");
        self.line("# status:");
        for s in Status::ALL {
            let note = match s {
                Status::Planned => self.pick("（planned_date が必要）", " (needs planned_date)"),
                Status::NotApplicable => self.pick("（na_reason が必要）", " (needs na_reason)"),
                _ => "",
            };
            let line = format!(
                "#   {:<17} {} {}{note}",
                toml_string(s.as_str()),
                s.symbol(),
                s.label(self.lang)
            );
            self.line(line.trim_end());
        }
        self.line("");
    }

    /// `key = value  # note`, commented out when `commented`.
    fn key_line(&mut self, key: &str, value: &str, commented: bool, note: &str) {
        let hash = if commented { "# " } else { "" };
        let kv = format!("{hash}{} = {value}", toml_key(key));
        let pad = 40usize.saturating_sub(kv.width()).max(1);
        // Notes never hold a newline: a comment ends at the line's end.
        let note: String = note
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if note.is_empty() {
            self.line(&kv);
        } else {
            self.line(&format!("{kv}{}# {note}", " ".repeat(pad)));
        }
    }

    /// The keys of one object in schema order: set values as `key = value`, unset ones as a
    /// commented-out example (when the schema has one).
    fn fields(&mut self, def: &str, value: Option<&Value>, examples: bool) {
        let empty = Map::new();
        let obj = value.and_then(Value::as_object).unwrap_or(&empty);
        for key in self.properties(def) {
            let pointer = format!("{def}/properties/{key}");
            if is_table_list(self.schema, &pointer) {
                // Written as `[[section.key]]` blocks by the section.
                continue;
            }
            let note = self.describe(&pointer);
            match obj.get(&key) {
                Some(v) if !v.is_null() => {
                    let lit = toml_value(v, self.schema, &pointer);
                    self.key_line(&key, &lit, false, &note);
                }
                _ if examples => {
                    let example = self
                        .schema
                        .pointer(&format!("{pointer}/examples/0"))
                        .map(|e| toml_value(e, self.schema, &pointer));
                    if let Some(example) = example {
                        self.key_line(&key, &example, true, &note);
                    }
                }
                _ => {}
            }
        }
    }

    fn table(&mut self, name: &str, def: &str, value: Option<&Value>) {
        self.line(&format!("[{name}]"));
        self.fields(def, value, true);
        self.line("");
    }

    fn scope(&mut self, scope: Scope) {
        self.line("[scope]");
        let note = self.describe("/$defs/scope");
        self.comment("# ", "# ", &note);
        for f in ScopeFlag::ALL {
            let note = self.describe(&format!("/$defs/scope/properties/{}", f.as_str()));
            self.key_line(f.as_str(), &scope.is_set(f).to_string(), false, &note);
        }
        self.line("");
    }

    fn documents(&mut self, docs: Option<&Value>) {
        let note = self.describe("/properties/documents");
        self.comment("# ", "# ", &note);
        let docs = docs
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        if !docs.is_empty() {
            self.line("");
            for d in docs {
                self.line("[[documents]]");
                self.fields("/$defs/document", Some(d), false);
                self.line("");
            }
            return;
        }
        let (example_note, title) = match self.lang {
            Lang::Ja => (
                "例（先頭の # を外して使ってください）:",
                "ISO/IEC 27001 認証登録証",
            ),
            Lang::En => (
                "Example (remove the leading # to use it):",
                "ISO/IEC 27001 certificate",
            ),
        };
        self.line(&format!("# {example_note}"));
        self.line("# [[documents]]");
        let d = "/$defs/document/properties";
        let rows = [
            ("id", toml_string("D-ISMS")),
            ("title", toml_string(title)),
            ("path", toml_string("docs/isms.pdf")),
            ("sha256", toml_string(&"0".repeat(64))),
            ("issued", "2025-04-01".to_string()),
            ("expires", "2028-03-31".to_string()),
        ];
        for (key, value) in rows {
            let note = self.describe(&format!("{d}/{key}"));
            self.key_line(key, &value, true, &note);
        }
        self.line("");
    }

    /// The disclosure's front matter: its values when the evidence has any, else every key
    /// commented out with the schema's description and example (and the revision history's),
    /// so a vendor sees what a hospital will ask for.
    fn disclosure(&mut self, data: Option<&Value>, revisions: Option<&Value>) {
        let lists = [
            ("disclosure.platforms", "/$defs/platform"),
            ("disclosure.roles", "/$defs/role"),
            ("disclosure.attachments", "/$defs/attachment"),
        ];
        let given = data.and_then(Value::as_object).is_some_and(|o| {
            o.values()
                .any(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
        });
        if given {
            self.line(&format!("# {}", "=".repeat(WRAP - 2)));
            let note = self.describe("/$defs/disclosure");
            self.comment("# ", "#   ", &note);
            self.line(&format!("# {}", "=".repeat(WRAP - 2)));
            self.line("[disclosure]");
            self.fields("/$defs/disclosure", data, false);
            for (list, def) in lists {
                let key = list.trim_start_matches("disclosure.");
                let items = data
                    .and_then(|d| d.get(key))
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                for item in items {
                    self.line("");
                    self.line(&format!("[[{list}]]"));
                    self.fields(def, Some(item), false);
                }
            }
            self.line("");
            return;
        }
        self.line(&format!("# {}", "=".repeat(WRAP - 2)));
        let note = self.describe("/$defs/disclosure");
        self.comment("# ", "#   ", &note);
        let how = self.pick(
            "書くときは行頭の # を外してください（右の値は例です）。",
            "Remove the leading # to use a line (the values shown are examples).",
        );
        self.comment("# ", "#   ", how);
        self.line(&format!("# {}", "=".repeat(WRAP - 2)));
        self.line("# [disclosure]");
        self.example_keys("/$defs/disclosure");
        for (list, def) in lists {
            self.line("");
            let note = self.describe(def);
            self.comment("# ", "#   ", &note);
            self.line(&format!("# [[{list}]]"));
            self.example_keys(def);
        }
        self.line("");
        if revisions
            .and_then(Value::as_array)
            .is_none_or(|r| r.is_empty())
        {
            let note = self.describe("/properties/revisions");
            self.comment("# ", "#   ", &note);
            self.line("# [[revisions]]");
            self.example_keys("/$defs/revision");
            self.line("");
        }
    }

    /// `# key = example  # description` for every scalar property of a schema object
    /// (arrays of tables are written as `[[…]]` blocks of their own).
    fn example_keys(&mut self, def: &str) {
        let props = self
            .schema
            .pointer(&format!("{def}/properties"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for (key, p) in &props {
            let table_list = p.get("type").and_then(Value::as_str) == Some("array")
                && p.pointer("/items/$ref").is_some();
            if table_list {
                continue;
            }
            let pointer = format!("{def}/properties/{key}");
            let example = match p.get("examples").and_then(|e| e.get(0)) {
                Some(v) => toml_value(v, self.schema, &pointer),
                None if p.get("$ref").and_then(Value::as_str) == Some("#/$defs/date") => {
                    "2026-11-01".to_string()
                }
                None => "\"\"".to_string(),
            };
            let note = self.describe(&format!("{def}/properties/{key}"));
            self.key_line(key, &example, true, &note);
        }
    }

    fn answers(&mut self, catalog: &Catalog, evidence: &Evidence, data: Option<&Value>) {
        let empty = Map::new();
        let data = data.and_then(Value::as_object).unwrap_or(&empty);
        let scope = evidence.scope;
        for area in &catalog.areas {
            let controls: Vec<&Control> = catalog
                .controls_in(&area.id)
                .filter(|c| {
                    c.applies_if.is_none_or(|f| scope.is_set(f))
                        || evidence.answers.contains_key(c.id.as_str())
                })
                .collect();
            if controls.is_empty() {
                continue;
            }
            let rule = format!("# {}", "=".repeat(WRAP - 2));
            self.line(&rule);
            let head = match self.lang {
                Lang::Ja => format!("{}（{}・{}）", area.title, area.id, area.prefix),
                Lang::En => format!("{} ({}, {})", area.title_en, area.id, area.prefix),
            };
            self.comment("# ", "#   ", &head);
            self.line(&rule);
            self.line("");
            for c in controls {
                self.control_comments(catalog, c);
                self.answer(&c.id, data.get(c.id.as_str()));
            }
        }
        // Answers to ids that are not active controls (withdrawn ones, typos) are kept, so
        // that nothing a vendor wrote is lost; `sansho validate` says what to do with them.
        let others: Vec<&String> = evidence
            .answers
            .keys()
            .filter(|id| catalog.control(id).is_none())
            .collect();
        if others.is_empty() {
            return;
        }
        let rule = format!("# {}", "=".repeat(WRAP - 2));
        self.line(&rule);
        let head = self
            .pick(
                "有効な管理策にない ID への回答（廃止された管理策など。`sansho migrate` で後継へ移せます）",
                "Answers to ids that are not active controls (withdrawn ones; `sansho migrate` moves them)",
            )
            .to_string();
        self.comment("# ", "#   ", &head);
        self.line(&rule);
        self.line("");
        for id in others {
            if let Some(c) = catalog.withdrawn_control(id) {
                let note = match self.lang {
                    Lang::Ja => format!(
                        "{} {}（廃止。後継: {}）",
                        c.id,
                        c.title,
                        c.replaced_by.join("、")
                    ),
                    Lang::En => format!(
                        "{} {} (withdrawn; replaced by {})",
                        c.id,
                        c.title_en,
                        c.replaced_by.join(", ")
                    ),
                };
                self.comment("# ", "#   ", &note);
            }
            self.answer(id, data.get(id.as_str()));
        }
    }

    fn control_comments(&mut self, catalog: &Catalog, c: &Control) {
        let l = self.lang;
        let meta = match l {
            Lang::Ja => format!(
                "{} {}［{}・重み {}・責任 {}］",
                c.id,
                c.title,
                c.level.label(l),
                c.weight(),
                c.responsibility.label(l)
            ),
            Lang::En => format!(
                "{} {} [{}, weight {}, responsibility: {}]",
                c.id,
                c.title_en,
                c.level.label(l),
                c.weight(),
                c.responsibility.label(l)
            ),
        };
        self.comment("# ", "#   ", &meta);
        let req = format!(
            "{}: {}",
            self.pick("要求事項", "Requirement"),
            c.requirement(l)
        );
        self.comment("# ", "#   ", &req);
        let hint = format!(
            "{}: {}",
            self.pick("エビデンスの例", "Evidence (examples)"),
            c.evidence_hint(l)
        );
        self.comment("# ", "#   ", &hint);
        let unverified = self.pick("（本文未確認）", " (not read in the text)");
        let refs: Vec<String> = c
            .refs
            .iter()
            .map(|r| {
                let name = catalog
                    .edition(&r.edition)
                    .map_or(r.edition.as_str(), |e| e.id.as_str());
                let item = r
                    .item
                    .as_deref()
                    .map(|i| format!(" {i}"))
                    .unwrap_or_default();
                format!(
                    "{name} {}{item}{}",
                    r.section,
                    if r.checked { "" } else { unverified }
                )
            })
            .collect();
        let refs = format!(
            "{}: {}",
            self.pick("出典", "Sources"),
            refs.join(self.pick("、", "; "))
        );
        self.comment("# ", "#   ", &refs);
        if !c.sla.is_empty() {
            let sla = format!(
                "{}: {}",
                self.pick("関連する SLA", "Related SLA keys"),
                c.sla.join(", ")
            );
            self.comment("# ", "#   ", &sla);
        }
    }

    /// `[answers.ID]` with the answer's set fields in schema order (status first, with the
    /// pointer to the list at the top).
    fn answer(&mut self, id: &str, answer: Option<&Value>) {
        let Some(Value::Object(answer)) = answer else {
            return;
        };
        self.line(&format!("[answers.{}]", toml_key(id)));
        let a = "/$defs/answer";
        for key in self.properties(a) {
            let pointer = format!("{a}/properties/{key}");
            let Some(v) = answer.get(&key).filter(|v| !v.is_null()) else {
                continue;
            };
            let note = if key == "status" {
                self.pick(
                    "対応状況（冒頭の status 一覧から選ぶ）",
                    "implementation status (see the list at the top)",
                )
                .to_string()
            } else {
                self.describe(&pointer)
            };
            let lit = toml_value(v, self.schema, &pointer);
            self.key_line(&key, &lit, false, &note);
        }
        self.line("");
    }

    fn sla(&mut self, sla: Option<&Value>) {
        self.line(&format!("# {}", "=".repeat(WRAP - 2)));
        let note = self.describe("/$defs/sla");
        self.comment("# ", "#   ", &note);
        let how = self.pick(
            "値を書くときは行頭の # を外してください（右の値は例です）。",
            "Remove the leading # to give a value (the values shown are examples).",
        );
        self.comment("# ", "#   ", how);
        self.line(&format!("# {}", "=".repeat(WRAP - 2)));
        self.line("[sla]");
        self.fields("/$defs/sla", sla, true);
    }

    /// Top-level keys other than the known sections whose values are not tables: they must
    /// come before the first table header.
    fn top_level_values(&mut self, root: &Map<String, Value>) {
        for (key, v) in root
            .iter()
            .filter(|(k, v)| !is_section(k) && !is_table_like(v))
        {
            let pointer = format!("/properties/{key}");
            if v.is_null() || is_table_list(self.schema, &pointer) {
                continue;
            }
            let note = self.describe(&pointer);
            let lit = toml_value(v, self.schema, &pointer);
            self.key_line(key, &lit, false, &note);
        }
    }

    /// Top-level tables and arrays of tables other than the known sections, after `[sla]`.
    fn top_level_tables(&mut self, root: &Map<String, Value>) {
        for (key, v) in root
            .iter()
            .filter(|(k, v)| !is_section(k) && is_table_like(v))
        {
            let pointer = format!("/properties/{key}");
            self.line("");
            let note = self.describe(&pointer);
            self.comment("# ", "# ", &note);
            match v {
                Value::Array(items) => {
                    for item in items {
                        self.line(&format!("[[{}]]", toml_key(key)));
                        self.object_lines(item, &format!("{pointer}/items"));
                        self.line("");
                    }
                }
                other => {
                    self.line(&format!("[{}]", toml_key(key)));
                    self.object_lines(other, &pointer);
                }
            }
        }
    }

    /// The keys of an object value, in its serialized order, each with its schema note.
    fn object_lines(&mut self, v: &Value, pointer: &str) {
        let Some(obj) = v.as_object() else {
            return;
        };
        let node = self
            .schema
            .pointer(pointer)
            .map(|n| resolve(self.schema, n));
        for (key, v) in obj.iter().filter(|(_, v)| !v.is_null()) {
            let note = node
                .and_then(|n| n.pointer(&format!("/properties/{key}/description")))
                .and_then(Value::as_str)
                .map(|d| {
                    let (ja, en) = d.split_once(" / ").unwrap_or((d, d));
                    self.pick(ja, en).trim().to_string()
                })
                .unwrap_or_default();
            let prop = node
                .and_then(|n| n.get("properties"))
                .and_then(|p| p.get(key));
            let lit = toml_value_at(v, self.schema, prop);
            self.key_line(key, &lit, false, &note);
        }
    }
}

/// The sections every evidence file has, written in their fixed places.
fn is_section(key: &str) -> bool {
    matches!(
        key,
        "vendor" | "scope" | "documents" | "disclosure" | "answers" | "sla"
    )
}

/// Whether the schema property at `pointer` is a list of tables (`[[…]]` blocks).
fn is_table_list(schema: &Value, pointer: &str) -> bool {
    schema.pointer(pointer).is_some_and(|p| {
        let p = resolve(schema, p);
        p.get("type").and_then(Value::as_str) == Some("array")
            && p.get("items")
                .map(|i| resolve(schema, i))
                .and_then(|i| i.get("type"))
                .and_then(Value::as_str)
                == Some("object")
    })
}

/// A table or a non-empty array of tables (written as `[key]` / `[[key]]`).
fn is_table_like(v: &Value) -> bool {
    match v {
        Value::Object(_) => true,
        Value::Array(a) => !a.is_empty() && a.iter().all(Value::is_object),
        _ => false,
    }
}

/// A value as TOML, using the schema node at `pointer` to write dates bare.
fn toml_value(v: &Value, schema: &Value, pointer: &str) -> String {
    toml_value_at(v, schema, schema.pointer(pointer))
}

/// A value as TOML: dates bare (when the schema says so), strings escaped, arrays and
/// objects inline.
fn toml_value_at(v: &Value, schema: &Value, node: Option<&Value>) -> String {
    let date = node.is_some_and(|n| is_date(schema, n));
    let node = node.map(|n| resolve(schema, n));
    match v {
        Value::String(s) if date && NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() => s.clone(),
        Value::String(s) => toml_string(s),
        Value::Array(items) => {
            let item_node = node.and_then(|n| n.get("items"));
            format!(
                "[{}]",
                items
                    .iter()
                    .map(|i| toml_value_at(i, schema, item_node))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        Value::Object(o) => {
            let props = node.and_then(|n| n.get("properties"));
            let parts: Vec<String> = o
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| {
                    format!(
                        "{} = {}",
                        toml_key(k),
                        toml_value_at(v, schema, props.and_then(|p| p.get(k)))
                    )
                })
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
        Value::Null => "\"\"".to_string(),
        other => other.to_string(),
    }
}

/// A key as TOML: bare when it may be, quoted otherwise.
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_string()
    } else {
        toml_string(key)
    }
}

/// Greedy wrapping at Unicode line-break opportunities (Japanese breaks between most
/// characters, English at spaces), measured in terminal columns.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut start = 0;
    for (end, _) in unicode_linebreak::linebreaks(text) {
        let piece = &text[start..end];
        start = end;
        if !line.is_empty() && (line.clone() + piece).trim_end().width() > width {
            lines.push(line.trim_end().to_string());
            line.clear();
        }
        line.push_str(if line.is_empty() {
            piece.trim_start()
        } else {
            piece
        });
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{self, CatalogSource};
    use crate::evidence::{check_source, LoadOptions};
    use crate::input::SourceFile;

    fn opts(vendor: &str) -> InitOptions<'_> {
        InitOptions {
            vendor,
            service: "サービス",
            scope: Scope::default(),
            prepared_on: NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
            lang: Lang::Ja,
        }
    }

    /// The template of the whole catalog with English comments.
    fn english_template(catalog: &Catalog) -> String {
        let opts = InitOptions {
            lang: Lang::En,
            ..opts("A")
        };
        template(catalog, &opts).expect("template")
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(toml_string("a\"b\\c\nd\u{7}"), "\"a\\\"b\\\\c\\nd\\u0007\"");
        let parsed: toml::Table =
            toml::from_str(&format!("k = {}", toml_string("株式会社\"A\"\\\n\t"))).expect("toml");
        assert_eq!(parsed["k"].as_str(), Some("株式会社\"A\"\\\n\t"));
    }

    #[test]
    fn scope_flags_parse_with_suggestions() {
        let s = parse_scope(&["external_storage".into(), " phr ".into()]).expect("ok");
        assert!(s.external_storage && s.phr && !s.esignature);
        let Err(Error::Usage(t)) = parse_scope(&["external_strage".into()]) else {
            panic!("expected a usage error")
        };
        assert!(t.ja.contains("external_storage"), "{}", t.ja);
    }

    #[test]
    fn wraps_japanese_and_english() {
        let ja = wrap(&"あ".repeat(100), 40);
        assert!(ja.iter().all(|l| l.width() <= 40));
        assert_eq!(ja.concat(), "あ".repeat(100));
        let en = wrap("the quick brown fox jumps over the lazy dog", 12);
        assert!(en.iter().all(|l| l.width() <= 12), "{en:?}");
        assert_eq!(wrap("", 10), vec![String::new()]);
    }

    #[test]
    fn template_validates_without_warnings_in_both_languages() {
        let catalog = catalog::load(&CatalogSource::Embedded).expect("catalog");
        for lang in [Lang::Ja, Lang::En] {
            for scope in [
                Scope::default(),
                Scope {
                    external_storage: true,
                    esignature: true,
                    online_consultation: true,
                    phr: true,
                },
            ] {
                let o = InitOptions {
                    scope,
                    lang,
                    ..opts("株式会社\"テスト\"\\\n改行")
                };
                let text = template(&catalog, &o).expect("template");
                let lopts = LoadOptions {
                    check_files: false,
                    as_of: o.prepared_on,
                };
                let (loaded, diags) = check_source(
                    SourceFile::from_text("init.toml", text),
                    std::path::Path::new("."),
                    &catalog,
                    &lopts,
                );
                assert!(diags.is_empty(), "{}", diags.render(Lang::En, false));
                let e = loaded.expect("loaded").evidence;
                assert_eq!(e.vendor.name, "株式会社\"テスト\"\\\n改行");
                assert_eq!(e.scope, scope);
                let applicable = catalog
                    .controls
                    .iter()
                    .filter(|c| c.applies_if.is_none_or(|f| scope.is_set(f)))
                    .count();
                assert_eq!(e.answers.len(), applicable);
            }
        }
    }

    #[test]
    fn filled_files_read_back_equal_in_both_languages() {
        let catalog = catalog::load(&CatalogSource::Embedded).expect("catalog");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        for sample in ["strong", "typical", "weak"] {
            let path = root.join(sample).join("evidence.toml");
            let lopts = LoadOptions {
                check_files: false,
                as_of: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
            };
            let mut e = crate::evidence::load(&path, &catalog, &lopts)
                .expect("sample")
                .evidence;
            // Values the samples do not use: an answer to a withdrawn id, text with quotes
            // and newlines, a vendor field left unset.
            e.vendor.contact = None;
            if let Some(w) = catalog.withdrawn.first() {
                let mut a = e.answers.values().next().cloned().expect("an answer");
                a.statement = Some("「引用」\"quoted\"\n2行目".into());
                e.answers.insert(w.id.to_string(), a);
            }
            for lang in [Lang::Ja, Lang::En] {
                let text = to_toml(&catalog, &e, lang);
                let (loaded, diags) = check_source(
                    SourceFile::from_text("filled.toml", text.clone()),
                    std::path::Path::new("."),
                    &catalog,
                    &lopts,
                );
                let back = loaded
                    .unwrap_or_else(|| panic!("{sample}: {}", diags.render(Lang::En, false)))
                    .evidence;
                assert_eq!(back, e, "{sample} {lang:?}");
                assert!(text.contains("[answers."), "{sample}");
                assert!(
                    text.contains("# contact = "),
                    "unset keys are commented examples"
                );
            }
        }
    }

    #[test]
    fn the_commented_disclosure_block_is_valid_when_uncommented() {
        let catalog = catalog::load(&CatalogSource::Embedded).expect("catalog");
        let text = template(&catalog, &opts("株式会社A")).expect("template");
        // From the document example (which the attachment example cites) to the answers.
        let start = text.find("# [[documents]]").expect("document example");
        let block_at = text.find("# [disclosure]").expect("disclosure block");
        let end = block_at + text[block_at..].find("\n# ===").expect("end of the block");
        let block: String = text[start..end]
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.starts_with('[') || rest.contains(" = ") => rest,
                _ => "",
            })
            .collect::<Vec<_>>()
            .join("\n");
        let uncommented = format!("{}{block}\n{}", &text[..start], &text[end..]);
        let lopts = LoadOptions {
            check_files: false,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
        };
        let (loaded, diags) = check_source(
            SourceFile::from_text("init.toml", uncommented),
            std::path::Path::new("."),
            &catalog,
            &lopts,
        );
        let e = loaded
            .unwrap_or_else(|| panic!("{}", diags.render(Lang::En, false)))
            .evidence;
        let d = &e.disclosure;
        assert_eq!(d.vendor_class, Some(crate::evidence::VendorClass::A));
        assert!(d.equipment_location.is_some() && d.certifications.is_some());
        assert_eq!(
            (d.platforms.len(), d.roles.len(), d.attachments.len()),
            (1, 1, 1)
        );
        assert_eq!(e.revisions.len(), 1);
    }

    #[test]
    fn empty_names_are_refused() {
        let catalog = catalog::load(&CatalogSource::Embedded).expect("catalog");
        assert!(matches!(
            template(&catalog, &opts(" ")),
            Err(Error::Usage(_))
        ));
    }

    fn blank(schema: &Value, lang: Lang) -> Template<'_> {
        Template {
            schema,
            lang,
            out: String::new(),
        }
    }

    #[test]
    fn comments_wrap_within_the_width_with_their_leads() {
        let schema = Value::Null;
        let mut t = blank(&schema, Lang::En);
        let text = format!("{}\nend", "a ".repeat(150));
        t.comment("# ", "#   ", &text);
        let lines: Vec<&str> = t.out.lines().collect();
        assert!(lines.len() >= 3, "{lines:#?}");
        assert!(lines.iter().all(|l| l.width() <= WRAP), "{lines:#?}");
        // Greedy: the first line is filled to within a word of the width.
        assert!(lines[0].width() > WRAP - 6, "{lines:#?}");
        assert!(lines[0].starts_with("# a "), "{lines:#?}");
        assert!(
            lines[1..]
                .iter()
                .all(|l| l.starts_with("#   ") && !l.starts_with("#    ")),
            "{lines:#?}"
        );
        let words: Vec<&str> = lines
            .iter()
            .flat_map(|l| l.trim_start_matches('#').split_whitespace())
            .collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
    }

    fn embedded() -> Catalog {
        catalog::load(&CatalogSource::Embedded).expect("catalog")
    }

    fn evidence_schema() -> Value {
        serde_json::from_str(SchemaKind::Evidence.text()).expect("schema")
    }

    /// Reads a file written here back through the loader.
    fn read_back(catalog: &Catalog, text: String) -> Evidence {
        let lopts = LoadOptions {
            check_files: false,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
        };
        let (loaded, diags) = check_source(
            SourceFile::from_text("init.toml", text),
            std::path::Path::new("."),
            catalog,
            &lopts,
        );
        loaded
            .unwrap_or_else(|| panic!("{}", diags.render(Lang::En, false)))
            .evidence
    }

    /// The lines from the line `head` up to the first blank line.
    fn block<'t>(text: &'t str, head: &str) -> Vec<&'t str> {
        text.lines()
            .skip_while(|l| *l != head)
            .take_while(|l| !l.is_empty())
            .collect()
    }

    /// The comment lines written just before the line `head`.
    fn comments_before<'t>(text: &'t str, head: &str) -> Vec<&'t str> {
        let lines: Vec<&str> = text.lines().collect();
        let at = lines.iter().position(|l| *l == head).expect(head);
        let start = lines[..at]
            .iter()
            .rposition(|l| !l.starts_with('#'))
            .map_or(0, |i| i + 1);
        lines[start..at].to_vec()
    }

    #[test]
    fn every_control_character_is_escaped() {
        assert_eq!(toml_string(""), "\"\"");
        assert_eq!(toml_string("\r\t\u{1b}é"), "\"\\r\\t\\u001Bé\"");
    }

    #[test]
    fn the_header_names_the_service_and_explains_each_status() {
        let catalog = embedded();
        for lang in [Lang::Ja, Lang::En] {
            let o = InitOptions {
                lang,
                ..opts("株式会社A")
            };
            let text = template(&catalog, &o).expect("template");
            let mut lines = text.lines();
            assert_eq!(lines.next(), Some("#:schema ./evidence.schema.json"));
            let title = lang.pick(
                "# sansho エビデンスファイル — サービス（株式会社A）",
                "# sansho evidence file — サービス (株式会社A)",
            );
            assert_eq!(lines.next(), Some(title));
            let catalog_line = format!(
                "# {}: {} {}",
                lang.pick("管理策カタログ", "Controls catalog"),
                lang.pick(&catalog.meta.title, &catalog.meta.title_en),
                catalog.meta.version
            );
            assert_eq!(lines.next(), Some(catalog_line.as_str()));
            for s in Status::ALL {
                let head = format!("#   {:<17} {} ", toml_string(s.as_str()), s.symbol());
                let line = text
                    .lines()
                    .find(|l| l.starts_with(&head))
                    .unwrap_or_else(|| panic!("{head}"));
                let needs = match s {
                    Status::Planned => {
                        Some(lang.pick("（planned_date が必要）", " (needs planned_date)"))
                    }
                    Status::NotApplicable => {
                        Some(lang.pick("（na_reason が必要）", " (needs na_reason)"))
                    }
                    _ => None,
                };
                match needs {
                    Some(n) => assert!(line.ends_with(n), "{line}"),
                    None => assert!(
                        !line.contains("needs") && !line.contains("が必要"),
                        "{line}"
                    ),
                }
            }
        }
    }

    #[test]
    fn notes_are_the_schema_descriptions_in_the_chosen_language() {
        let schema = evidence_schema();
        let pointer = "/$defs/vendor/properties/name";
        let d = schema
            .pointer(&format!("{pointer}/description"))
            .and_then(Value::as_str)
            .expect("a description");
        let (ja, en) = d.split_once(" / ").expect("ja / en");
        assert!(!ja.trim().is_empty() && !en.trim().is_empty());
        assert_eq!(blank(&schema, Lang::Ja).describe(pointer), ja.trim());
        assert_eq!(blank(&schema, Lang::En).describe(pointer), en.trim());
        assert_eq!(blank(&schema, Lang::En).describe("/nowhere"), "");
        let catalog = embedded();
        for lang in [Lang::Ja, Lang::En] {
            let text = template(&catalog, &InitOptions { lang, ..opts("A") }).expect("template");
            let line = text
                .lines()
                .find(|l| l.starts_with("name = "))
                .expect("name");
            assert!(
                line.ends_with(&format!("# {}", lang.pick(ja, en).trim())),
                "{line}"
            );
            // Dates are written bare, as TOML dates.
            assert!(text.contains("\nprepared_on = 2026-11-01"), "{text}");
        }
    }

    #[test]
    fn the_status_line_points_to_the_list_and_other_keys_carry_their_description() {
        let catalog = embedded();
        let schema = evidence_schema();
        let text = english_template(&catalog);
        let id = &catalog.controls[0].id;
        let lines = block(&text, &format!("[answers.{id}]"));
        let status = lines
            .iter()
            .find(|l| l.starts_with("status = "))
            .expect("status");
        assert!(
            status.ends_with("# implementation status (see the list at the top)"),
            "{status}"
        );
        let statement = lines
            .iter()
            .find(|l| l.starts_with("statement = "))
            .expect("statement");
        let note = blank(&schema, Lang::En).describe("/$defs/answer/properties/statement");
        assert!(!note.is_empty());
        assert!(statement.ends_with(&format!("# {note}")), "{statement}");
    }

    #[test]
    fn customer_actions_are_asked_only_where_the_institution_shares_the_work() {
        let catalog = embedded();
        let text = template(&catalog, &opts("A")).expect("template");
        let mut seen = (false, false);
        for c in catalog.controls.iter().filter(|c| c.applies_if.is_none()) {
            let lines = block(&text, &format!("[answers.{}]", c.id));
            assert!(!lines.is_empty(), "{}", c.id);
            let asked = lines.iter().any(|l| l.starts_with("customer_actions = "));
            let shared = c.responsibility != Responsibility::Vendor;
            assert_eq!(asked, shared, "{}", c.id);
            if shared {
                seen.0 = true;
            } else {
                seen.1 = true;
            }
        }
        assert_eq!(seen, (true, true), "the catalog has both kinds");
    }

    #[test]
    fn control_comments_say_what_is_asked_and_where_it_comes_from() {
        let catalog = embedded();
        let text = english_template(&catalog);
        let in_scope = || catalog.controls.iter().filter(|c| c.applies_if.is_none());
        let with_sla = in_scope()
            .find(|c| !c.sla.is_empty())
            .expect("an SLA control");
        let without = in_scope()
            .find(|c| c.sla.is_empty())
            .expect("a plain control");
        for c in [with_sla, without] {
            let lines = comments_before(&text, &format!("[answers.{}]", c.id));
            let meta = format!("# {} {} [", c.id, c.title_en);
            assert!(lines[0].starts_with(&meta), "{lines:#?}");
            let joined = lines.join(" ");
            assert!(
                joined.contains(&format!("weight {}", c.weight())),
                "{lines:#?}"
            );
            for head in ["# Requirement: ", "# Evidence (examples): ", "# Sources: "] {
                assert!(
                    lines.iter().any(|l| l.starts_with(head)),
                    "{head} {lines:#?}"
                );
            }
            let sla = lines.iter().find(|l| l.starts_with("# Related SLA keys: "));
            match c.sla.first() {
                Some(key) => assert!(sla.is_some_and(|l| l.contains(key.as_str())), "{lines:#?}"),
                None => assert!(sla.is_none(), "{lines:#?}"),
            }
        }
    }

    #[test]
    fn unset_keys_of_a_given_document_are_not_offered_as_examples() {
        let catalog = embedded();
        let text = template(&catalog, &opts("A")).expect("template");
        let mut e = read_back(&catalog, text);
        e.documents.push(crate::evidence::EvidenceDocument {
            id: "D-1".into(),
            title: "規程".into(),
            path: None,
            sha256: None,
            issued: None,
            expires: None,
        });
        let text = to_toml(&catalog, &e, Lang::En);
        let lines = block(&text, "[[documents]]");
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert!(lines[1].starts_with("id = \"D-1\""), "{lines:#?}");
        assert!(lines[2].starts_with("title = \"規程\""), "{lines:#?}");
        assert!(!text.contains("# [[documents]]"));
    }

    #[test]
    fn example_keys_write_plain_arrays_and_blank_values_but_not_lists_of_tables() {
        let schema = serde_json::json!({"$defs": {
            "date": {"type": "string", "format": "date"},
            "item": {"type": "object", "properties": {"a": {"type": "string"}}},
            "thing": {"type": "object", "properties": {
                "tags": {"type": "array", "items": {"type": "string"},
                         "examples": [["x", "y"]], "description": "タグ / tags"},
                "when": {"$ref": "#/$defs/date"},
                "what": {"type": "string"},
                "items": {"type": "array", "items": {"$ref": "#/$defs/item"}}
            }}
        }});
        let mut t = blank(&schema, Lang::En);
        t.example_keys("/$defs/thing");
        let lines: Vec<&str> = t.out.lines().collect();
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert!(
            lines[0].starts_with("# tags = [\"x\", \"y\"] "),
            "{lines:#?}"
        );
        assert!(lines[0].ends_with("# tags"), "{lines:#?}");
        assert_eq!(lines[1], "# when = 2026-11-01");
        assert_eq!(lines[2], "# what = \"\"");
    }

    #[test]
    fn answered_controls_outside_the_scope_are_kept() {
        let catalog = embedded();
        let text = template(&catalog, &opts("A")).expect("template");
        let mut e = read_back(&catalog, text);
        let mut scoped = catalog.controls.iter().filter(|c| c.applies_if.is_some());
        let (kept, left) = (
            scoped.next().expect("a scoped control"),
            scoped.next().expect("another"),
        );
        let a = e.answers.values().next().cloned().expect("an answer");
        e.answers.insert(kept.id.to_string(), a);
        let text = to_toml(&catalog, &e, Lang::Ja);
        assert!(text.contains(&format!("\n[answers.{}]\n", kept.id)));
        assert!(!text.contains(&format!("[answers.{}]", left.id)));
        let back = read_back(&catalog, text);
        assert_eq!(back, e);
    }

    #[test]
    fn only_plain_top_level_values_come_before_the_tables() {
        let schema = evidence_schema();
        let root = serde_json::json!({
            "x": 1,
            "vendor": {"name": "A"},
            "sla": 3,
            "revisions": [],
            "t": {"a": 1},
            "list": [{"a": 1}],
            "n": null,
            "tags": ["a", "b"],
        });
        let mut t = blank(&schema, Lang::En);
        t.top_level_values(root.as_object().expect("object"));
        assert_eq!(t.out, "x = 1\ntags = [\"a\", \"b\"]\n");
    }

    #[test]
    fn tables_and_lists_of_tables_are_table_like() {
        use serde_json::json;
        assert!(is_table_like(&json!({})));
        assert!(is_table_like(&json!([{"a": 1}, {}])));
        assert!(!is_table_like(&json!([])));
        assert!(!is_table_like(&json!([1])));
        assert!(!is_table_like(&json!([{}, 1])));
        assert!(!is_table_like(&json!("s")));
    }

    #[test]
    fn values_are_written_as_toml() {
        use serde_json::json;
        let schema = evidence_schema();
        let date = "/$defs/vendor/properties/prepared_on";
        let name = "/$defs/vendor/properties/name";
        assert_eq!(
            toml_value(&json!("2026-11-01"), &schema, date),
            "2026-11-01"
        );
        assert_eq!(toml_value(&json!("soon"), &schema, date), "\"soon\"");
        assert_eq!(
            toml_value(&json!("2026-11-01"), &schema, name),
            "\"2026-11-01\""
        );
        assert_eq!(
            toml_value_at(
                &json!({"a": 1, "b": null, "c d": [true, "x"]}),
                &schema,
                None
            ),
            "{ a = 1, \"c d\" = [true, \"x\"] }"
        );
        assert_eq!(toml_value_at(&Value::Null, &schema, None), "\"\"");
    }

    #[test]
    fn keys_are_bare_only_when_toml_allows() {
        for bare in ["a", "a_b-C9", "_", "-", "9"] {
            assert_eq!(toml_key(bare), bare);
        }
        for quoted in ["", "a.b", "a b", "a+b", "日本"] {
            assert_eq!(toml_key(quoted), toml_string(quoted), "{quoted}");
        }
    }

    #[test]
    fn wrapping_is_greedy_and_exact() {
        assert_eq!(wrap("ab cd", 5), vec!["ab cd"]);
        assert_eq!(wrap("ab cd", 4), vec!["ab", "cd"]);
        assert_eq!(
            wrap("the quick brown fox", 9),
            vec!["the quick", "brown fox"]
        );
        // A word wider than the line stands alone; no empty line before it.
        assert_eq!(wrap("abcdefgh ij", 3), vec!["abcdefgh", "ij"]);
    }
}
