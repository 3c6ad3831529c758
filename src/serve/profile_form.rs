//! The requirement-profile form of the hospital workspace: a profile as fields (name,
//! thresholds, required controls, weights, SLA rules), checked by the profile loader itself
//! ([`crate::profile::parse`]) and saved with [`crate::profile::to_toml`].

use super::app::{enc, App};
use super::forms::{self, Message, Pairs};
use crate::catalog::Level;
use crate::i18n::Lang;
use crate::input::{sha256_hex, SourceFile};
use crate::profile::{sla_field, Profile, SlaKind, SlaRule};
use crate::text;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{json, Map, Value};

/// The form's view of a profile (and of the messages of a refused save).
pub fn context(
    app: &App,
    lang: Lang,
    file: &str,
    p: &Profile,
    messages: &[Message],
    raw: Option<&Pairs>,
) -> Value {
    // After a refused save the fields show what was typed, not the profile on disk.
    let typed = |name: &str, fallback: String| -> String {
        match raw {
            Some(pairs) => forms::get(pairs, name).unwrap_or_default().to_string(),
            None => fallback,
        }
    };
    let num = |v: Option<f64>| v.map(crate::profile::number).unwrap_or_default();
    let areas: Vec<Value> = app
        .catalog
        .areas
        .iter()
        .map(|a| {
            let controls: Vec<Value> = app
                .catalog
                .controls_in(&a.id)
                .map(|c| {
                    let required = match raw {
                        Some(pairs) => forms::get(pairs, &format!("required.{}", c.id)).is_some(),
                        None => p.requires(&c.id),
                    };
                    json!({
                        "id": c.id,
                        "title": c.title(lang),
                        "recommended": c.level == Level::Recommended,
                        "required": required,
                        "catalog_weight": c.weight(),
                        "weight": typed(&format!("weight.{}", c.id), p.weights.get(c.id.as_str()).map(u32::to_string).unwrap_or_default()),
                    })
                })
                .collect();
            json!({
                "id": a.id,
                "title": a.title(lang),
                "min": typed(&format!("min_area.{}", a.id), num(p.min_area.get(a.id.as_str()).copied())),
                "weight": typed(&format!("weight.{}", a.id), p.weights.get(a.id.as_str()).map(u32::to_string).unwrap_or_default()),
                "controls": controls,
            })
        })
        .collect();
    let sla: Vec<Value> = crate::evidence::SLA_KEYS
        .iter()
        .map(|key| {
            let field = sla_field(key);
            let (op, value) = match p.sla.get(*key) {
                None => ("", String::new()),
                Some(SlaRule::Min(v)) => ("min", crate::profile::number(*v)),
                Some(SlaRule::Max(v)) => ("max", crate::profile::number(*v)),
                Some(SlaRule::Equals(v)) => (
                    "equals",
                    match v {
                        Value::String(s) => s.clone(),
                        Value::Array(a) => a
                            .iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join("\n"),
                        other => other.to_string(),
                    },
                ),
            };
            let numeric = field.is_some_and(|f| f.kind == SlaKind::Number);
            json!({
                "key": key,
                "label": field.map_or(*key, |f| f.label(lang)),
                "numeric": numeric,
                "list": field.is_some_and(|f| f.kind == SlaKind::List),
                "op": typed(&format!("sla.{key}.op"), op.to_string()),
                "value": typed(&format!("sla.{key}.value"), value),
            })
        })
        .collect();
    let seen = app
        .ws
        .resolve(file)
        .ok()
        .and_then(|f| std::fs::read(f).ok())
        .map(|b| sha256_hex(&b))
        .unwrap_or_default();
    json!({
        "title": crate::serve::pages::words(lang)["profile_title"],
        "nav": "profile",
        "file": file,
        "fq": enc(file),
        "profiles": app.ws.list().profiles,
        "name": typed("name", p.name.clone()),
        "description": typed("description", p.description.clone().unwrap_or_default()),
        "min_overall": typed("min_overall", num(p.min_overall)),
        "areas": areas,
        "sla": sla,
        "messages": messages,
        "seen": typed("seen", seen),
    })
}

/// The profile's data as the loader reads a file, from the form: what was typed, typed as
/// the fields' kinds, for the loader to judge.
fn data_of(app: &App, pairs: &Pairs) -> Value {
    let text = |name: &str| {
        forms::get(pairs, name)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let mut header = Map::new();
    header.insert("name".into(), json!(text("name").unwrap_or_default()));
    if let Some(d) = forms::get(pairs, "description").filter(|d| !d.trim().is_empty()) {
        header.insert("description".into(), json!(d.replace("\r\n", "\n")));
    }
    let mut req = Map::new();
    let controls: Vec<Value> = app
        .catalog
        .controls
        .iter()
        .filter(|c| forms::get(pairs, &format!("required.{}", c.id)).is_some())
        .map(|c| json!(c.id))
        .collect();
    if !controls.is_empty() {
        req.insert("controls".into(), Value::Array(controls));
    }
    if let Some(v) = forms::get(pairs, "min_overall").and_then(forms::number_or_text) {
        req.insert("min_overall".into(), v);
    }
    let mut min_area = Map::new();
    let mut weights = Map::new();
    for a in &app.catalog.areas {
        if let Some(v) =
            forms::get(pairs, &format!("min_area.{}", a.id)).and_then(forms::number_or_text)
        {
            min_area.insert(a.id.to_string(), v);
        }
        if let Some(v) =
            forms::get(pairs, &format!("weight.{}", a.id)).and_then(forms::number_or_text)
        {
            weights.insert(a.id.to_string(), v);
        }
    }
    for c in &app.catalog.controls {
        if let Some(v) =
            forms::get(pairs, &format!("weight.{}", c.id)).and_then(forms::number_or_text)
        {
            weights.insert(c.id.to_string(), v);
        }
    }
    if !min_area.is_empty() {
        req.insert("min_area".into(), Value::Object(min_area));
    }
    let mut sla = Map::new();
    for key in crate::evidence::SLA_KEYS {
        let op = forms::get(pairs, &format!("sla.{key}.op")).unwrap_or_default();
        if !matches!(op, "min" | "max" | "equals") {
            continue;
        }
        let raw = forms::get(pairs, &format!("sla.{key}.value")).unwrap_or_default();
        let value = match (op, sla_field(key).map(|f| f.kind)) {
            (_, Some(SlaKind::Number)) | ("min" | "max", _) => forms::number_or_text(raw),
            (_, Some(SlaKind::Flag)) => forms::flag_of(raw),
            (_, Some(SlaKind::List)) => Some(Value::Array(
                raw.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| json!(l))
                    .collect(),
            )),
            _ => Some(json!(raw.trim())),
        };
        sla.insert(key.to_string(), json!({ op: value.unwrap_or(Value::Null) }));
    }
    let mut root = Map::new();
    root.insert("profile".into(), Value::Object(header));
    if !req.is_empty() {
        root.insert("requirements".into(), Value::Object(req));
    }
    if !weights.is_empty() {
        root.insert("weights".into(), Value::Object(weights));
    }
    if !sla.is_empty() {
        root.insert("sla".into(), Value::Object(sla));
    }
    Value::Object(root)
}

/// Saves the form: checked by the loader, written with the profile writer (the previous
/// version kept as `.bak`), refused when the file changed on disk since the form was shown.
pub fn save(app: &App, lang: Lang, pairs: &Pairs) -> Result<Response, Response> {
    let mut file = forms::get(pairs, "file")
        .unwrap_or_default()
        .trim()
        .to_string();
    if !file.is_empty() && !file.ends_with(".toml") {
        file.push_str(".toml");
    }
    let full = app
        .ws
        .resolve(&file)
        .map_err(|t| app.message(lang, StatusCode::FORBIDDEN, &t, ""))?;
    let data = data_of(app, pairs);
    let json_text = serde_json::to_string(&data).unwrap_or_default();
    let refuse = |messages: Vec<Message>, status: StatusCode| {
        let ctx = context(
            app,
            lang,
            &file,
            &Profile::default(),
            &messages,
            Some(pairs),
        );
        let mut r = app.page(lang, "serve/profile.html", "/profile", ctx);
        *r.status_mut() = status;
        r
    };
    let profile = match crate::profile::parse(
        &SourceFile::from_text("profile.json", json_text),
        &app.catalog,
    ) {
        Ok(p) => p,
        Err(crate::Error::Invalid(diags)) => {
            let messages = forms::by_field(&diags, lang)
                .into_values()
                .flatten()
                .collect();
            return Err(refuse(messages, StatusCode::UNPROCESSABLE_ENTITY));
        }
        Err(e) => {
            return Err(app.message(
                lang,
                StatusCode::BAD_REQUEST,
                &super::app::error_text(&e),
                "",
            ))
        }
    };
    let on_disk = std::fs::read(&full).ok();
    let disk_sha = on_disk.as_deref().map(sha256_hex).unwrap_or_default();
    if disk_sha != forms::get(pairs, "seen").unwrap_or_default() {
        let m = Message {
            error: true,
            code: "E-SERVE-CONFLICT",
            text: text!(
                ["{file} はこのフォームを開いた後に変更されたか、既にあります。開き直してから編集してください。"],
                ["{file} changed (or appeared) on disk since this form was opened; open it again and redo the edit."]
            )
            .get(lang)
            .to_string(),
            help: None,
        };
        return Err(refuse(vec![m], StatusCode::CONFLICT));
    }
    let text = crate::profile::to_toml(&profile, &app.catalog, lang);
    let bak = std::path::PathBuf::from(format!("{}.bak", full.display()));
    on_disk
        .as_deref()
        .map_or(Ok(()), |b| crate::output::write_atomic(&bak, b, true, &[]))
        .and_then(|()| crate::output::write_atomic(&full, text.as_bytes(), true, &[]))
        .map_err(|e| {
            app.message(
                lang,
                StatusCode::INTERNAL_SERVER_ERROR,
                &super::app::error_text(&e),
                "",
            )
        })?;
    Ok(Redirect::to(&format!(
        "/profile?file={}&saved=1",
        enc(&app.ws.rel(&full))
    ))
    .into_response())
}
