//! Hospital requirement profiles: what one hospital needs from every vendor, stated once.
//!
//! A profile raises recommended controls to required, overrides weights, and sets thresholds
//! (overall score, area scores, SLA values). Scoring applies it ([`crate::score`]); this module
//! only reads and checks it. Loading follows the evidence file's pattern: decode
//! ([`read_source`]), parse with spans ([`Tree`]), validate against
//! `schemas/profile.schema.json`, then check meaning against the catalog and the SLA keys,
//! reporting every problem at once with file, line and column.

use crate::catalog::Catalog;
use crate::diag::{Diagnostic, Label};
use crate::error::{Error, Result};
use crate::evidence::SLA_KEYS;
use crate::i18n::Lang;
use crate::input::{read_source, SourceFile};
use crate::schema::{self, SchemaKind};
use crate::text;
use crate::tree::{join, Tree};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// A hospital's requirement profile, checked against the catalog.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Profile {
    /// Name of the profile (`[profile] name`), printed with every result.
    pub name: String,
    /// Free description (`[profile] description`).
    pub description: Option<String>,
    /// Controls treated as required even when the catalog recommends them
    /// (`[requirements] controls`), in file order.
    pub required_controls: Vec<String>,
    /// Minimum overall score (`[requirements] min_overall`).
    pub min_overall: Option<f64>,
    /// Minimum score per area id (`[requirements.min_area]`).
    pub min_area: BTreeMap<String, f64>,
    /// Weight overrides keyed by control id or area id (`[weights]`).
    pub weights: BTreeMap<String, u32>,
    /// SLA thresholds keyed by SLA key (`[sla]`).
    pub sla: BTreeMap<String, SlaRule>,
    /// The file the profile came from, for provenance (`None` when built in code).
    pub source: Option<ProfileSource>,
    /// Non-fatal problems found while reading (e.g. a decoded Shift_JIS file).
    pub warnings: Vec<Diagnostic>,
}

/// Where a profile was read from, so reports can say which requirements they applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileSource {
    /// The file as the user named it.
    pub file: String,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
}

/// One SLA threshold: the evidence's value must be at least, at most, or exactly this.
#[derive(Clone, Debug, PartialEq)]
pub enum SlaRule {
    /// The value must be ≥ this (numeric keys only).
    Min(f64),
    /// The value must be ≤ this (numeric keys only).
    Max(f64),
    /// The value must equal this (a number, `true`/`false`, a text or a list of texts,
    /// matching the key's type).
    Equals(Value),
}

impl SlaRule {
    /// Whether an SLA value (as given by [`crate::evidence::Sla::get`]) meets the rule; an
    /// absent value (`null`) never does.
    pub fn is_met_by(&self, actual: &Value) -> bool {
        match (self, actual) {
            (_, Value::Null) => false,
            (SlaRule::Min(min), v) => v.as_f64().is_some_and(|a| a >= *min),
            (SlaRule::Max(max), v) => v.as_f64().is_some_and(|a| a <= *max),
            (SlaRule::Equals(want), got) => values_equal(want, got),
        }
    }

    /// The rule as JSON data (`{"min": 99.9}`), the way a profile file writes it.
    pub fn to_json(&self) -> Value {
        match self {
            SlaRule::Min(v) => serde_json::json!({ "min": v }),
            SlaRule::Max(v) => serde_json::json!({ "max": v }),
            SlaRule::Equals(v) => serde_json::json!({ "equals": v }),
        }
    }

    /// The rule for people: `≥ 99.9`, `≤ 4`, `= "日本国内"`.
    pub fn describe(&self) -> String {
        match self {
            SlaRule::Min(v) => format!("≥ {}", number(*v)),
            SlaRule::Max(v) => format!("≤ {}", number(*v)),
            SlaRule::Equals(v) => format!("= {}", display_value(v)),
        }
    }
}

/// Texts compare without surrounding spaces and trailing remarks in brackets; numbers
/// numerically; lists as sets.
fn values_equal(want: &Value, got: &Value) -> bool {
    match (want, got) {
        (Value::String(w), Value::String(g)) => without_remarks(w) == without_remarks(g),
        (Value::Number(w), Value::Number(g)) => match (w.as_f64(), g.as_f64()) {
            (Some(w), Some(g)) => (w - g).abs() < 1e-9,
            _ => false,
        },
        (Value::Array(w), Value::Array(g)) => {
            let set = |a: &[Value]| {
                let mut v: Vec<String> = a.iter().map(display_value).collect();
                v.sort();
                v.dedup();
                v
            };
            set(w) == set(g)
        }
        (w, g) => w == g,
    }
}

/// The text without surrounding spaces and trailing remarks in brackets, the way Japanese
/// SLA values are annotated: `日本国内（東京・大阪リージョン）` → `日本国内`,
/// `24時間365日 (計画停止を除く)` → `24時間365日`.
fn without_remarks(s: &str) -> &str {
    let mut s = s.trim();
    while let Some(open) = match s.chars().last() {
        Some('）') => s.rfind('（'),
        Some(')') => s.rfind('('),
        _ => None,
    } {
        if open == 0 {
            break;
        }
        s = s[..open].trim_end();
    }
    s
}

/// A number without a useless `.0` (`4`, `99.9`).
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A JSON value for people: texts quoted, lists joined, `null` as `—`.
pub fn display_value(v: &Value) -> String {
    match v {
        Value::Null => "—".to_string(),
        Value::String(s) => format!("\"{s}\""),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), number),
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(display_value).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

/// The type of an SLA key's value, which decides the rules it accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlaKind {
    /// A number (hours, days, percent): `min`, `max` or `equals` a number.
    Number,
    /// `true`/`false`: `equals` a boolean.
    Flag,
    /// Free text: `equals` a text.
    Text,
    /// `vendor`, `institution` or `shared`: `equals` one of them.
    Responsibility,
    /// A list of texts: `equals` a list (compared as a set).
    List,
}

/// One SLA key of the evidence format: its type and what to call it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlaField {
    /// The key in `[sla]` (`rto_hours`).
    pub key: &'static str,
    /// The type of its value.
    pub kind: SlaKind,
    /// Japanese name (目標復旧時間（RTO）).
    pub label: &'static str,
    /// English name.
    pub label_en: &'static str,
}

impl SlaField {
    /// The name in `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.label, self.label_en)
    }
}

const fn field(
    key: &'static str,
    kind: SlaKind,
    label: &'static str,
    label_en: &'static str,
) -> SlaField {
    SlaField {
        key,
        kind,
        label,
        label_en,
    }
}

/// Every SLA key with its type and names, in the order of [`SLA_KEYS`].
///
/// Mirrors the field types of [`crate::evidence::Sla`]; a test keeps the two in step.
pub const SLA_FIELDS: [SlaField; 36] = {
    use SlaKind::*;
    [
        field("service_hours", Text, "サービス提供時間", "service hours"),
        field("prerequisites", Text, "前提条件", "prerequisites"),
        field(
            "availability_percent",
            Number,
            "稼働率（%）",
            "availability (%)",
        ),
        field(
            "availability_excludes_maintenance",
            Flag,
            "稼働率の算定から計画停止を除く",
            "planned maintenance left out of availability",
        ),
        field(
            "outage_definition",
            Text,
            "サービス停止の定義",
            "outage definition",
        ),
        field(
            "availability_measurement",
            Text,
            "稼働率の測定方法",
            "availability measurement",
        ),
        field(
            "maintenance_window",
            Text,
            "計画停止の時間帯",
            "maintenance window",
        ),
        field(
            "maintenance_hours_per_month",
            Number,
            "計画停止の上限（時間/月）",
            "planned maintenance (hours per month)",
        ),
        field(
            "planned_maintenance_notice_days",
            Number,
            "計画停止の事前通知（日前）",
            "planned-maintenance notice (days)",
        ),
        field(
            "incident_notice_hours",
            Number,
            "障害通知（時間以内）",
            "failure notice (hours)",
        ),
        field(
            "rto_hours",
            Number,
            "目標復旧時間 RTO（時間）",
            "recovery time objective (hours)",
        ),
        field(
            "restore_drill_hours",
            Number,
            "復旧訓練の所要時間（時間）",
            "restore drill time (hours)",
        ),
        field(
            "rpo_hours",
            Number,
            "目標復旧時点 RPO（時間）",
            "recovery point objective (hours)",
        ),
        field(
            "backup_frequency",
            Text,
            "バックアップ頻度",
            "backup frequency",
        ),
        field(
            "backup_interval_hours",
            Number,
            "バックアップ取得間隔（時間）",
            "backup interval (hours)",
        ),
        field(
            "backup_generations",
            Number,
            "バックアップ世代数",
            "backup generations",
        ),
        field("backup_offsite", Flag, "遠隔地保管", "off-site backup"),
        field("backup_offline", Flag, "オフライン保管", "offline backup"),
        field("support_hours", Text, "問合せ受付時間", "support hours"),
        field(
            "support_response_hours",
            Number,
            "問合せ回答時間（時間）",
            "support response (hours)",
        ),
        field(
            "security_incident_notice_hours",
            Number,
            "セキュリティ事故の報告（時間以内）",
            "security-incident notice (hours)",
        ),
        field(
            "log_retention_days",
            Number,
            "ログ保存期間（日）",
            "log retention (days)",
        ),
        field(
            "patch_critical_days",
            Number,
            "重大な脆弱性の修正（日以内）",
            "critical-patch time (days)",
        ),
        field("data_location", Text, "データ保管場所", "data location"),
        field(
            "data_return_days",
            Number,
            "データ返却（日以内）",
            "data return (days)",
        ),
        field(
            "data_erasure_certificate",
            Flag,
            "データ消去証明書",
            "data-erasure certificate",
        ),
        field(
            "termination_notice_months",
            Number,
            "サービス終了の事前通知（か月前）",
            "termination notice (months)",
        ),
        field(
            "security_update_responsibility",
            Responsibility,
            "セキュリティ更新の責任",
            "security-update responsibility",
        ),
        field("subcontractors", List, "再委託先", "subcontractors"),
        field("reporting", Text, "報告", "reporting"),
        field("review", Text, "見直し", "review"),
        field(
            "service_credits",
            Flag,
            "サービスクレジット",
            "service credits",
        ),
        field(
            "service_credits_note",
            Text,
            "サービスクレジットの内容",
            "service credit terms",
        ),
        field("exemptions", List, "免責事項", "exemptions"),
        field("agreement_term", Text, "有効期間", "term of the agreement"),
        field("consultation", Text, "協議", "consultation"),
    ]
};

/// The SLA field of a key, `None` for keys the evidence format does not have.
pub fn sla_field(key: &str) -> Option<&'static SlaField> {
    SLA_FIELDS.iter().find(|f| f.key == key)
}

impl SlaKind {
    /// The kind of an SLA key of the evidence format, `None` for unknown keys.
    pub fn of(key: &str) -> Option<SlaKind> {
        sla_field(key).map(|f| f.kind)
    }

    /// Whether `v` is a value of this kind (for `equals`).
    fn accepts(self, v: &Value) -> bool {
        match self {
            SlaKind::Number => v.is_number(),
            SlaKind::Flag => v.is_boolean(),
            SlaKind::Text => v.is_string(),
            SlaKind::Responsibility => {
                matches!(v.as_str(), Some("vendor" | "institution" | "shared"))
            }
            SlaKind::List => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
        }
    }

    /// What an `equals` value of this kind looks like, for messages.
    fn expected(self) -> (&'static str, &'static str) {
        match self {
            SlaKind::Number => ("数値", "a number"),
            SlaKind::Flag => ("true または false", "true or false"),
            SlaKind::Text => ("文字列", "a string"),
            SlaKind::Responsibility => (
                "\"vendor\"・\"institution\"・\"shared\" のいずれか",
                "one of \"vendor\", \"institution\", \"shared\"",
            ),
            SlaKind::List => ("文字列の配列", "an array of strings"),
        }
    }
}

impl Profile {
    /// Whether the profile makes this control required.
    pub fn requires(&self, control: &str) -> bool {
        self.required_controls.iter().any(|c| c == control)
    }

    /// The profile's weight for a control: its own entry beats its area's; `None` keeps the
    /// catalog's weight.
    pub fn weight_for(&self, control: &str, area: &str) -> Option<WeightOverride> {
        self.weights
            .get(control)
            .map(|w| WeightOverride::Control(*w))
            .or_else(|| self.weights.get(area).map(|w| WeightOverride::Area(*w)))
    }
}

/// A weight set by a profile, and whether it names the control or its area (reports say
/// which, so an auditor can retrace the arithmetic).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightOverride {
    /// `[weights] "TEC-03" = 5`.
    Control(u32),
    /// `[weights] exchange = 4`.
    Area(u32),
}

/// The file as written, for serde after the schema has passed.
#[derive(Deserialize)]
struct ProfileFile {
    profile: Header,
    #[serde(default)]
    requirements: Requirements,
    #[serde(default, deserialize_with = "crate::schema::integer::u32_map")]
    weights: BTreeMap<String, u32>,
    #[serde(default)]
    sla: BTreeMap<String, RuleFile>,
}

#[derive(Deserialize)]
struct Header {
    name: String,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Default, Deserialize)]
struct Requirements {
    #[serde(default)]
    controls: Vec<String>,
    #[serde(default)]
    min_overall: Option<f64>,
    #[serde(default)]
    min_area: BTreeMap<String, f64>,
}

#[derive(Deserialize)]
struct RuleFile {
    min: Option<f64>,
    max: Option<f64>,
    equals: Option<Value>,
}

/// Reads and checks a profile file; every problem is reported at once (exit code 2).
pub fn load(path: &Path, catalog: &Catalog) -> Result<Profile> {
    let (file, warnings) = read_source(path)?;
    let mut profile = parse(&file, catalog)?;
    profile.warnings.splice(0..0, warnings);
    Ok(profile)
}

/// Checks a profile already in memory (`file.name` decides TOML or JSON).
pub fn parse(file: &SourceFile, catalog: &Catalog) -> Result<Profile> {
    let tree = Tree::parse(file).map_err(Error::from)?;
    let mut diags = schema::validate(SchemaKind::Profile, &tree, file);
    check_meaning(&tree, file, catalog, &mut diags);
    // Top to bottom, as the user reads the file.
    diags.sort_by_key(|d| {
        d.label
            .as_ref()
            .map_or((usize::MAX, 0), |l| (l.line, l.column))
    });
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::from(diags));
    }
    let mut tree = tree;
    if let Some(root) = tree.value.as_object_mut() {
        root.remove("$schema");
    }
    let raw: ProfileFile = schema::from_value(&tree.value, "E-PROFILE", &tree, file)?;
    let sla = raw
        .sla
        .into_iter()
        .filter_map(|(k, r)| {
            let rule = match (r.min, r.max, r.equals) {
                (Some(v), None, None) => SlaRule::Min(v),
                (None, Some(v), None) => SlaRule::Max(v),
                (None, None, Some(v)) => SlaRule::Equals(v),
                _ => return None, // rejected by check_meaning above
            };
            Some((k, rule))
        })
        .collect();
    Ok(Profile {
        name: raw.profile.name,
        description: raw.profile.description,
        required_controls: raw.requirements.controls,
        min_overall: raw.requirements.min_overall,
        min_area: raw.requirements.min_area,
        weights: raw.weights,
        sla,
        source: Some(ProfileSource {
            file: file.name.clone(),
            sha256: file.sha256.clone(),
        }),
        warnings: diags,
    })
}

/// What the schema cannot check: ids against the catalog, SLA keys and rule types.
///
/// Works on the raw JSON value so that it runs even when the schema found problems, and every
/// problem is reported in one go; values of the wrong shape are left to the schema.
fn check_meaning(tree: &Tree, file: &SourceFile, catalog: &Catalog, diags: &mut Vec<Diagnostic>) {
    let label = |path: &str, key: bool| -> Option<Label> {
        let span = if key {
            tree.key_span(path)
        } else {
            tree.span(path)
        };
        span.map(|s| file.label(s))
    };
    let did_you_mean = |s: &str| text!(["\"{s}\" のことですか？"], ["did you mean \"{s}\"?"]);
    let v = &tree.value;
    let area_ids = || catalog.areas.iter().map(|a| a.id.as_str());

    if let Some(ids) = v
        .pointer("/requirements/controls")
        .and_then(Value::as_array)
    {
        for (i, id) in ids.iter().enumerate() {
            let Some(id) = id.as_str() else { continue };
            if catalog.control(id).is_none() {
                let path = join("requirements.controls", &i.to_string());
                let mut d = Diagnostic::error(
                    "E-PROFILE-UNKNOWN-CONTROL",
                    text!(
                        ["管理策 {id} はカタログにありません。"],
                        ["control {id} is not in the catalog."]
                    ),
                )
                .with_path(path.clone())
                .at(label(&path, false));
                if let Some(s) = catalog.suggest_control(id) {
                    d = d.with_help(did_you_mean(s));
                }
                diags.push(d);
            }
        }
    }

    if let Some(areas) = v
        .pointer("/requirements/min_area")
        .and_then(Value::as_object)
    {
        for area in areas.keys() {
            if catalog.area(area).is_none() {
                let path = join("requirements.min_area", area);
                let d = Diagnostic::error(
                    "E-PROFILE-UNKNOWN-AREA",
                    text!(
                        ["領域 {area} はカタログにありません。"],
                        ["area {area} is not in the catalog."]
                    ),
                )
                .with_path(path.clone())
                .at(label(&path, true))
                .with_help(match crate::suggest::closest(area, area_ids()) {
                    Some(s) => did_you_mean(s),
                    None => text!(
                        ["使える領域: {}", area_ids().collect::<Vec<_>>().join(", ")],
                        ["known areas: {}", area_ids().collect::<Vec<_>>().join(", ")]
                    ),
                });
                diags.push(d);
            }
        }
    }

    if let Some(weights) = v.get("weights").and_then(Value::as_object) {
        for key in weights.keys() {
            if catalog.control(key).is_some() || catalog.area(key).is_some() {
                continue;
            }
            let path = join("weights", key);
            let mut d = Diagnostic::error(
                "E-PROFILE-UNKNOWN-WEIGHT-KEY",
                text!(
                    ["重みのキー {key} は管理策 ID でも領域 ID でもありません。"],
                    ["weight key {key} is neither a control id nor an area id."]
                ),
            )
            .with_path(path.clone())
            .at(label(&path, true));
            let candidates = catalog
                .controls
                .iter()
                .map(|c| c.id.as_str())
                .chain(area_ids());
            if let Some(s) = crate::suggest::closest(key, candidates) {
                d = d.with_help(did_you_mean(s));
            }
            diags.push(d);
        }
    }

    if let Some(sla) = v.get("sla").and_then(Value::as_object) {
        for (key, rule) in sla {
            let path = join("sla", key);
            let Some(kind) = SlaKind::of(key) else {
                let mut d = Diagnostic::error(
                    "E-PROFILE-UNKNOWN-SLA",
                    text!(
                        ["SLA 項目 {key} はエビデンスファイルの SLA にありません。"],
                        ["{key} is not an SLA key of the evidence format."]
                    ),
                )
                .with_path(path.clone())
                .at(label(&path, true));
                if let Some(s) = crate::suggest::closest(key, SLA_KEYS) {
                    d = d.with_help(did_you_mean(s));
                }
                diags.push(d);
                continue;
            };
            let Some(rule) = rule.as_object() else {
                continue;
            };
            let ops: Vec<&str> = ["min", "max", "equals"]
                .into_iter()
                .filter(|op| rule.contains_key(*op))
                .collect();
            if ops.len() != 1 {
                let found = ops.join(", ");
                diags.push(
                    Diagnostic::error(
                        "E-PROFILE-SLA-RULE",
                        text!(
                            ["SLA 項目 {key} には min・max・equals のどれか 1 つだけを書いてください（今: {found}）。"],
                            ["SLA key {key} needs exactly one of min, max, equals (found: {found})."]
                        ),
                    )
                    .with_path(path.clone())
                    .at(label(&path, false))
                    .with_help(text!(
                        ["{key} = {{ min = … }}、{{ max = … }}、{{ equals = … }} のどれかの形で書きます。"],
                        ["write {key} = {{ min = … }}, {{ max = … }} or {{ equals = … }}."]
                    )),
                );
            }
            for op in ["min", "max"] {
                if rule.contains_key(op) && kind != SlaKind::Number {
                    let child = join(&path, op);
                    diags.push(
                        Diagnostic::error(
                            "E-PROFILE-SLA-NOT-NUMERIC",
                            text!(
                                ["SLA 項目 {key} は数値ではないため {op} は使えません。equals を使ってください。"],
                                ["SLA key {key} is not numeric, so {op} cannot apply; use equals."]
                            ),
                        )
                        .with_path(child.clone())
                        .at(label(&child, true)),
                    );
                }
            }
            if let Some(want) = rule.get("equals") {
                if !kind.accepts(want) {
                    let child = join(&path, "equals");
                    let (ja, en) = kind.expected();
                    let shown = display_value(want);
                    diags.push(
                        Diagnostic::error(
                            "E-PROFILE-SLA-TYPE",
                            text!(
                                ["SLA 項目 {key} の equals は {ja} で書いてください（今の値: {shown}）。"],
                                ["equals for SLA key {key} must be {en} (found {shown})."]
                            ),
                        )
                        .with_path(child.clone())
                        .at(label(&child, false)),
                    );
                }
            }
        }
    }
}

/// Writes a profile as TOML in the layout of the sample profiles: `[profile]`,
/// `[requirements]` with each required control's title as a comment, `[weights]`, and one
/// `[sla]` rule per line with the key's name — so a profile edited in `sansho serve` reads
/// like one written by hand. The text parses back to an equal profile.
pub fn to_toml(p: &Profile, catalog: &Catalog, lang: Lang) -> String {
    use crate::evidence::toml_string;
    use std::fmt::Write as _;
    let mut out = String::new();
    let comment = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    };
    let title = match lang {
        Lang::Ja => format!("# sansho 要件プロファイル — {}", comment(&p.name)),
        Lang::En => format!("# sansho requirement profile — {}", comment(&p.name)),
    };
    let _ = writeln!(out, "#:schema ./profile.schema.json\n{title}");
    let _ = writeln!(
        out,
        "#   sansho score EVIDENCE --profile {}\n",
        lang.pick("このファイル", "THIS-FILE")
    );
    let _ = writeln!(out, "[profile]\nname = {}", toml_string(&p.name));
    if let Some(d) = &p.description {
        let _ = writeln!(out, "description = {}", toml_string(d));
    }
    let float = |v: f64| {
        let s = format!("{v:?}");
        if s.contains(['.', 'e', 'E']) {
            s
        } else {
            format!("{s}.0")
        }
    };
    if !p.required_controls.is_empty() || p.min_overall.is_some() || !p.min_area.is_empty() {
        out.push_str("\n[requirements]\n");
        if !p.required_controls.is_empty() {
            out.push_str("controls = [\n");
            for id in &p.required_controls {
                let note = catalog
                    .control(id)
                    .map(|c| format!(" # {}", comment(c.title(lang))))
                    .unwrap_or_default();
                let _ = writeln!(out, "  {},{note}", toml_string(id));
            }
            out.push_str("]\n");
        }
        if let Some(v) = p.min_overall {
            let _ = writeln!(out, "min_overall = {}", float(v));
        }
        if !p.min_area.is_empty() {
            out.push_str("\n[requirements.min_area]\n");
            for (area, v) in &p.min_area {
                let note = catalog
                    .area(area)
                    .map(|a| format!(" # {}", comment(a.title(lang))))
                    .unwrap_or_default();
                let _ = writeln!(out, "{} = {}{note}", toml_string(area), float(*v));
            }
        }
    }
    if !p.weights.is_empty() {
        out.push_str("\n[weights]\n");
        for (key, w) in &p.weights {
            let note = catalog
                .control(key)
                .map(|c| c.title(lang).to_string())
                .or_else(|| catalog.area(key).map(|a| a.title(lang).to_string()))
                .map(|t| format!(" # {}", comment(&t)))
                .unwrap_or_default();
            let _ = writeln!(out, "{} = {w}{note}", toml_string(key));
        }
    }
    if !p.sla.is_empty() {
        out.push_str("\n[sla]\n");
        for key in SLA_KEYS.iter().filter(|k| p.sla.contains_key(**k)) {
            let literal = |v: &Value| -> String {
                fn lit(v: &Value, float: &dyn Fn(f64) -> String) -> String {
                    match v {
                        Value::String(s) => toml_string(s),
                        Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
                        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), float),
                        Value::Array(a) => format!(
                            "[{}]",
                            a.iter()
                                .map(|i| lit(i, float))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        other => other.to_string(),
                    }
                }
                lit(v, &float)
            };
            let rule = match &p.sla[*key] {
                SlaRule::Min(v) => format!("{{ min = {} }}", float(*v)),
                SlaRule::Max(v) => format!("{{ max = {} }}", float(*v)),
                SlaRule::Equals(v) => format!("{{ equals = {} }}", literal(v)),
            };
            let note = sla_field(key)
                .map(|f| format!(" # {}", f.label(lang)))
                .unwrap_or_default();
            let _ = writeln!(out, "{key} = {rule}{note}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::Sla;

    #[test]
    fn sla_kinds_match_the_evidence_model() {
        let sample = |k: SlaKind| match k {
            SlaKind::Number => serde_json::json!(4),
            SlaKind::Flag => serde_json::json!(true),
            SlaKind::Text => serde_json::json!("日本国内"),
            SlaKind::Responsibility => serde_json::json!("vendor"),
            SlaKind::List => serde_json::json!(["A社"]),
        };
        let all = [
            SlaKind::Number,
            SlaKind::Flag,
            SlaKind::Text,
            SlaKind::Responsibility,
            SlaKind::List,
        ];
        for key in SLA_KEYS {
            let kind = SlaKind::of(key).unwrap_or_else(|| panic!("{key} has no kind"));
            let ok: std::result::Result<Sla, _> =
                serde_json::from_value(serde_json::json!({ key: sample(kind) }));
            assert!(ok.is_ok(), "{key} should accept a {kind:?}");
            for other in all.iter().filter(|o| **o != kind) {
                // Integers are valid for f64 fields too; only check kinds serde would reject.
                if matches!((kind, other), (SlaKind::Text, SlaKind::Responsibility)) {
                    continue;
                }
                let bad: std::result::Result<Sla, _> =
                    serde_json::from_value(serde_json::json!({ key: sample(*other) }));
                assert!(bad.is_err(), "{key} should reject a {other:?}");
            }
        }
        assert_eq!(SlaKind::of("uptime"), None);
        let keys: Vec<&str> = SLA_FIELDS.iter().map(|f| f.key).collect();
        assert_eq!(keys, SLA_KEYS.to_vec());
    }

    #[test]
    fn schema_lists_every_sla_key() {
        let schema: Value = serde_json::from_str(SchemaKind::Profile.text()).unwrap();
        let keys: Vec<&str> = schema["properties"]["sla"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, SLA_KEYS.to_vec());
    }

    #[test]
    fn rules_compare_values() {
        use serde_json::json;
        assert!(SlaRule::Min(99.9).is_met_by(&json!(99.95)));
        assert!(SlaRule::Min(99.9).is_met_by(&json!(99.9)));
        assert!(!SlaRule::Min(99.9).is_met_by(&json!(99.5)));
        assert!(SlaRule::Max(4.0).is_met_by(&json!(4)));
        assert!(!SlaRule::Max(4.0).is_met_by(&json!(4.5)));
        assert!(!SlaRule::Max(4.0).is_met_by(&Value::Null));
        assert!(SlaRule::Equals(json!("日本国内")).is_met_by(&json!(" 日本国内 ")));
        assert!(!SlaRule::Equals(json!("日本国内")).is_met_by(&json!("海外")));
        let tokyo = json!("日本国内（東京・大阪リージョン）");
        assert!(SlaRule::Equals(json!("日本国内")).is_met_by(&tokyo));
        assert!(SlaRule::Equals(json!("日本国内")).is_met_by(&json!("日本国内 (東京) （予備）")));
        assert!(!SlaRule::Equals(json!("日本国内")).is_met_by(&json!("日本国外（シンガポール）")));
        assert!(!SlaRule::Equals(json!("日本国内")).is_met_by(&json!("（日本国内）")));
        assert_eq!(without_remarks("日次（深夜）"), "日次");
        assert!(SlaRule::Equals(json!(true)).is_met_by(&json!(true)));
        assert!(!SlaRule::Equals(json!(true)).is_met_by(&json!(false)));
        assert!(SlaRule::Equals(json!(7)).is_met_by(&json!(7.0)));
        assert!(SlaRule::Equals(json!(["B", "A"])).is_met_by(&json!(["A", "B"])));
        assert_eq!(SlaRule::Min(99.9).describe(), "≥ 99.9");
        assert_eq!(SlaRule::Max(4.0).describe(), "≤ 4");
        assert_eq!(
            SlaRule::Equals(json!("日本国内")).describe(),
            "= \"日本国内\""
        );
    }

    fn embedded() -> Catalog {
        crate::catalog::load(&crate::catalog::CatalogSource::Embedded)
            .unwrap_or_else(|e| panic!("{}", e.render(Lang::En, false)))
    }

    #[test]
    fn sample_profiles_are_valid() {
        let cat = embedded();
        for (name, text) in [
            (
                "university-hospital.toml",
                include_str!("../samples/profiles/university-hospital.toml"),
            ),
            (
                "clinic.toml",
                include_str!("../samples/profiles/clinic.toml"),
            ),
        ] {
            let p = parse(&SourceFile::from_text(name, text), &cat)
                .unwrap_or_else(|e| panic!("{name}: {}", e.render(Lang::En, false)));
            assert!(!p.name.is_empty());
            assert!(p.min_overall.is_some());
            for id in &p.required_controls {
                let c = cat.control(id).unwrap();
                assert_eq!(c.level, crate::catalog::Level::Recommended, "{name}: {id}");
            }
        }
    }

    #[test]
    fn json_profiles_are_read_too() {
        let text = r#"{
  "profile": { "name": "JSON 病院" },
  "requirements": { "controls": ["TEC-10"], "min_overall": 80 },
  "weights": { "exchange": 4 },
  "sla": { "rto_hours": { "max": 4 }, "data_location": { "equals": "日本国内" } }
}"#;
        let p = parse(&SourceFile::from_text("p.json", text), &embedded()).unwrap();
        assert_eq!(p.required_controls, ["TEC-10"]);
        assert_eq!(p.min_overall, Some(80.0));
        assert_eq!(
            p.weight_for("EXC-01", "exchange"),
            Some(WeightOverride::Area(4))
        );
        assert_eq!(p.sla["rto_hours"], SlaRule::Max(4.0));
        assert_eq!(
            p.sla["data_location"],
            SlaRule::Equals(Value::from("日本国内"))
        );
        let bad = r#"{ "profile": { "name": "x" }, "sla": { "rto_hour": { "max": 4 } } }"#;
        let Err(Error::Invalid(ds)) = parse(&SourceFile::from_text("p.json", bad), &embedded())
        else {
            panic!("accepted a bad profile")
        };
        let d = &ds.0[0];
        assert_eq!(d.code, "E-PROFILE-UNKNOWN-SLA");
        assert_eq!(d.label.as_ref().map(|l| (l.line, l.column)), Some((1, 40)));
    }

    #[test]
    fn a_profile_needs_a_name() {
        let Err(Error::Invalid(ds)) =
            parse(&SourceFile::from_text("p.toml", "[profile]\n"), &embedded())
        else {
            panic!("accepted a profile without a name")
        };
        assert_eq!(ds.0[0].code, "E-SCHEMA-REQUIRED");
    }

    /// Weights follow the schema's integer: 8.0 is 8, 8.5 is refused with its position.
    #[test]
    fn integral_float_weights_load() {
        let p = parse(
            &SourceFile::from_text(
                "p.toml",
                "[profile]\nname = \"x\"\n[weights]\n\"TEC-03\" = 8.0\ntechnical = 1e1\n",
            ),
            &embedded(),
        )
        .unwrap_or_else(|e| panic!("{}", e.render(Lang::En, false)));
        assert_eq!(p.weights["TEC-03"], 8);
        assert_eq!(p.weights["technical"], 10);
        let Err(Error::Invalid(ds)) = parse(
            &SourceFile::from_text(
                "p.toml",
                "[profile]\nname = \"x\"\n[weights]\n\"TEC-03\" = 8.5\n",
            ),
            &embedded(),
        ) else {
            panic!("accepted 8.5")
        };
        assert_eq!(ds.0[0].code, "E-SCHEMA");
        assert_eq!(
            ds.0[0].label.as_ref().map(|l| (l.line, l.column)),
            Some((4, 12))
        );
    }

    #[test]
    fn duplicated_controls_are_named() {
        let Err(Error::Invalid(ds)) = parse(
            &SourceFile::from_text(
                "p.toml",
                "[profile]\nname = \"x\"\n[requirements]\ncontrols = [\"TEC-10\", \"TEC-10\"]\n",
            ),
            &embedded(),
        ) else {
            panic!("accepted a duplicate")
        };
        assert!(
            ds.0[0].message.ja.contains("\"TEC-10\" が 2 回"),
            "{}",
            ds.0[0].message.ja
        );
        assert_eq!(ds.0[0].path.as_deref(), Some("requirements.controls[1]"));
    }

    #[test]
    fn weights_prefer_the_control() {
        let mut p = Profile::default();
        p.weights.insert("technical".into(), 2);
        p.weights.insert("TEC-03".into(), 5);
        assert_eq!(
            p.weight_for("TEC-03", "technical"),
            Some(WeightOverride::Control(5))
        );
        assert_eq!(
            p.weight_for("TEC-04", "technical"),
            Some(WeightOverride::Area(2))
        );
        assert_eq!(p.weight_for("ORG-01", "organizational"), None);
    }

    #[test]
    fn written_profiles_read_back_equal() {
        let catalog =
            crate::catalog::load(&crate::catalog::CatalogSource::Embedded).expect("catalog");
        for name in ["university-hospital", "clinic"] {
            let path = format!("samples/profiles/{name}.toml");
            let p = load(Path::new(&path), &catalog).expect("sample loads");
            for lang in [Lang::Ja, Lang::En] {
                let text = to_toml(&p, &catalog, lang);
                let back = parse(&SourceFile::from_text("p.toml", text.clone()), &catalog)
                    .unwrap_or_else(|e| panic!("{}\n{text}", e.render(Lang::En, false)));
                assert_eq!(
                    (
                        &back.name,
                        &back.description,
                        &back.required_controls,
                        back.min_overall,
                        &back.min_area,
                        &back.weights,
                        &back.sla
                    ),
                    (
                        &p.name,
                        &p.description,
                        &p.required_controls,
                        p.min_overall,
                        &p.min_area,
                        &p.weights,
                        &p.sla
                    ),
                    "{text}"
                );
                assert!(back.warnings.is_empty(), "{text}");
            }
        }
        let hostile = Profile {
            name: "a\"b\\c\nd\u{1b}".into(),
            sla: BTreeMap::from([
                (
                    "data_location".to_string(),
                    SlaRule::Equals(Value::from("国内\"x")),
                ),
                (
                    "subcontractors".to_string(),
                    SlaRule::Equals(serde_json::json!(["A", "B"])),
                ),
                ("rto_hours".to_string(), SlaRule::Max(4.0)),
            ]),
            ..Profile::default()
        };
        let text = to_toml(&hostile, &catalog, Lang::Ja);
        let back = parse(&SourceFile::from_text("p.toml", text.clone()), &catalog).expect("parses");
        assert_eq!(back.name, hostile.name);
        assert_eq!(back.sla, hostile.sla, "{text}");
    }
}
