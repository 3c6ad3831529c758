//! The application: its state (the catalog, the workspace, the evidence files open for
//! editing) and the routes. Each handler resolves the file it is asked about inside the
//! workspace, calls the library — the evidence checks, the score, the renderer, compare,
//! verify, diff, the `init` writer — and hands the result to a page.

use super::forms::{self, Pairs};
use super::pages;
use super::security::{self, Guard};
use super::workspace::Workspace;
use crate::catalog::Catalog;
use crate::diag::Diagnostics;
use crate::evidence::{self, Evidence, LoadOptions, LoadedEvidence};
use crate::i18n::{Lang, Text};
use crate::input::{sha256_hex, SourceFile};
use crate::profile::Profile;
use crate::render::{DocKind, Format, RenderInput, RenderOptions};
use crate::score::ScoreReport;
use crate::text;
use crate::tree::Tree;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::NaiveDate;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// Everything the handlers share.
pub struct App {
    /// The catalog every evidence file is checked and scored against.
    pub catalog: Catalog,
    /// The folder files are read from and written to.
    pub ws: Workspace,
    /// Token, Host and Origin rules.
    pub guard: Guard,
    /// The language of pages unless the user switched (`--lang`).
    pub lang: Lang,
    /// `--as-of`, else today.
    pub as_of: Option<NaiveDate>,
    /// The compiled page templates.
    pub tera: tera::Tera,
    /// Evidence files open for editing, by workspace-relative name.
    pub drafts: Mutex<HashMap<String, Draft>>,
}

/// An evidence file open for editing: its data as typed so far and what was on disk when
/// it was opened (or last saved), so that saving can tell whether someone else wrote it.
#[derive(Clone, Debug)]
pub struct Draft {
    /// The data, as the checks see a file.
    pub value: Value,
    /// SHA-256 of the file's bytes when opened or last saved.
    pub disk_sha256: String,
    /// Changed since opened or saved.
    pub dirty: bool,
    /// The profile chosen to score against (workspace-relative).
    pub profile: Option<String>,
    /// A message for the next page shown (saved, refused…).
    pub notice: Option<Text>,
}

/// The checks and the score of a draft.
pub struct Checked {
    /// Every diagnostic of the evidence checks.
    pub diags: Diagnostics,
    /// The evidence when it passed every check.
    pub valid: Option<LoadedEvidence>,
    /// The typed evidence, also while meaning checks fail (for the score).
    pub evidence: Option<Evidence>,
    /// The score report of `evidence`.
    pub report: Option<ScoreReport>,
    /// The chosen profile, loaded.
    pub profile: Option<Profile>,
    /// Why the chosen profile could not be used.
    pub profile_problem: Option<String>,
}

/// A handler's answer when it cannot do what was asked: a page saying why.
type Fail = Response;

fn lock(m: &Mutex<HashMap<String, Draft>>) -> MutexGuard<'_, HashMap<String, Draft>> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A local path to go back to after a form (never another site: one leading `/`, no `//`,
/// no backslash, no control characters).
fn local_back(back: Option<&str>, default: String) -> String {
    match back {
        Some(b)
            if b.starts_with('/')
                && !b.starts_with("//")
                && !b.contains('\\')
                && !b.chars().any(char::is_control) =>
        {
            b.to_string()
        }
        _ => default,
    }
}

impl App {
    /// The files open with changes not yet saved, by name (what Ctrl+C would lose).
    pub fn unsaved(&self) -> Vec<String> {
        let mut names: Vec<String> = lock(&self.drafts)
            .iter()
            .filter(|(_, d)| d.dirty)
            .map(|(k, _)| k.clone())
            .collect();
        names.sort();
        names
    }

    /// The page language: the user's choice (a cookie set by the language link), else `--lang`.
    pub fn lang_of(&self, headers: &HeaderMap) -> Lang {
        let chosen = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == "sansho-lang")
            .map(|(_, v)| v.to_string());
        match chosen.as_deref() {
            Some("en") => Lang::En,
            Some("ja") => Lang::Ja,
            _ => self.lang,
        }
    }

    /// The as-of date of every check and score.
    pub fn as_of(&self) -> NaiveDate {
        crate::cli::as_of(self.as_of)
    }

    fn load_options(&self) -> LoadOptions {
        LoadOptions {
            check_files: false,
            as_of: self.as_of(),
        }
    }

    /// Renders a page: the template with the words, the language switch and the footer.
    pub fn page(&self, lang: Lang, template: &str, here: &str, mut ctx: Value) -> Response {
        if let Some(obj) = ctx.as_object_mut() {
            obj.insert("lang".into(), json!(lang.code()));
            obj.insert("t".into(), pages::words(lang));
            obj.insert(
                "other_lang".into(),
                json!(match lang {
                    Lang::Ja => "en",
                    Lang::En => "ja",
                }),
            );
            obj.entry("nav").or_insert(json!("vendor"));
            obj.insert("here".into(), json!(here));
            obj.insert("here_q".into(), json!(enc(here)));
            obj.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
            obj.insert(
                "catalog_version".into(),
                json!(self.catalog.meta.version.clone()),
            );
            obj.insert(
                "as_of".into(),
                json!(crate::i18n::format_date(self.as_of(), lang)),
            );
            obj.insert(
                "workspace".into(),
                json!(self.ws.root().display().to_string()),
            );
        }
        let rendered = tera::Context::from_value(ctx).and_then(|c| self.tera.render(template, &c));
        match rendered {
            Ok(html) => html_response(StatusCode::OK, html),
            Err(e) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                crate::render::template_error(&e).render(lang, false),
            )
                .into_response(),
        }
    }

    /// A page that only says something (an error, a refusal), with a way back.
    pub fn message(&self, lang: Lang, status: StatusCode, msg: &Text, detail: &str) -> Response {
        let mut r = self.page(
            lang,
            "serve/message.html",
            "/",
            json!({"title": msg.get(lang), "message": msg.get(lang), "detail": detail}),
        );
        *r.status_mut() = status;
        r
    }

    /// The 404 page for something a request names that is not there.
    fn not_found(&self, lang: Lang, msg: &Text) -> Response {
        self.message(lang, StatusCode::NOT_FOUND, msg, "")
    }

    /// The 404 page for a document (a file's entry, a rendered document) that does not exist.
    fn no_such_document(&self, lang: Lang) -> Response {
        self.not_found(
            lang,
            &text!(["その文書はありません。"], ["no such document."]),
        )
    }

    /// A workspace path named by a request, or the page refusing it.
    fn path(&self, lang: Lang, rel: &str) -> Result<PathBuf, Fail> {
        self.ws
            .resolve(rel)
            .map_err(|t| self.message(lang, StatusCode::FORBIDDEN, &t, ""))
    }

    /// Reads an evidence file into a draft.
    fn read_draft(&self, full: &Path) -> Result<Draft, (Text, String)> {
        let name = self.ws.rel(full);
        let (mut source, _) = crate::input::read_source(full).map_err(|d| {
            (
                text!(["{name} を読めません。"], ["cannot read {name}."]),
                d.render(Lang::Ja, false),
            )
        })?;
        source.name = name.clone();
        let tree = Tree::parse(&source).map_err(|ds| {
            (
                text!(
                    ["{name} はファイルの書き方に誤りがあるため開けません。エディタで直してください。"],
                    ["{name} has syntax errors and cannot be opened; fix them in an editor."]
                ),
                Diagnostics(ds).render(Lang::Ja, false),
            )
        })?;
        Ok(Draft {
            value: tree.value,
            disk_sha256: source.sha256,
            dirty: false,
            profile: None,
            notice: None,
        })
    }

    /// The draft of a file, opened now when it is not open yet.
    fn draft<'a>(
        &self,
        drafts: &'a mut HashMap<String, Draft>,
        lang: Lang,
        rel: &str,
        full: &Path,
    ) -> Result<&'a mut Draft, Fail> {
        if !drafts.contains_key(rel) {
            let d = self.read_draft(full).map_err(|(t, detail)| {
                self.message(lang, StatusCode::UNPROCESSABLE_ENTITY, &t, &detail)
            })?;
            drafts.insert(rel.to_string(), d);
        }
        Ok(drafts.get_mut(rel).expect("inserted above"))
    }

    /// Runs the evidence checks and the score over a draft.
    pub fn check(&self, d: &Draft, full: &Path) -> Checked {
        let base = crate::audit::verify::base_dir(full);
        let (valid, diags) =
            evidence::check_value(&d.value, &base, &self.catalog, &self.load_options());
        let evidence = valid
            .as_ref()
            .map(|l| l.evidence.clone())
            .or_else(|| evidence::evidence_of(&d.value));
        let (profile, profile_problem) = match d.profile.as_deref() {
            None => (None, None),
            Some(p) => match self.load_profile(p) {
                Ok(p) => (Some(p), None),
                Err(e) => (None, Some(e)),
            },
        };
        let report = evidence
            .as_ref()
            .map(|e| crate::score::score(&self.catalog, e, profile.as_ref(), self.as_of()));
        Checked {
            diags,
            valid,
            evidence,
            report,
            profile,
            profile_problem,
        }
    }

    fn load_profile(&self, rel: &str) -> Result<Profile, String> {
        let full = self.ws.resolve(rel).map_err(|t| t.en)?;
        let mut p =
            crate::profile::load(&full, &self.catalog).map_err(|e| e.render(Lang::Ja, false))?;
        if let Some(s) = p.source.as_mut() {
            s.file = rel.to_string();
        }
        Ok(p)
    }

    /// The context every vendor page shares: who, the overall result, the save state.
    fn vendor_ctx(&self, lang: Lang, rel: &str, d: &Draft, c: &Checked, tab: &str) -> Value {
        let vendor = d.value.get("vendor");
        let s = |k: &str| {
            vendor
                .and_then(|v| v.get(k))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let areas: Vec<Value> = self
            .catalog
            .areas
            .iter()
            .map(|a| {
                let mut v = pages::area_view(c.report.as_ref(), &a.id, lang);
                v["title"] = json!(a.title(lang));
                let prefix = format!("answers.{}-", a.prefix);
                v["errors"] = json!(c
                    .diags
                    .iter()
                    .filter(|x| x.is_error()
                        && x.path.as_deref().is_some_and(|p| p.starts_with(&prefix)))
                    .count());
                v
            })
            .collect();
        json!({
            "file": rel,
            "fq": enc(rel),
            "tab": tab,
            "vendor_name": s("name"),
            "service": s("service"),
            "overall": pages::overall_view(c.report.as_ref(), &c.diags, lang),
            "dirty": d.dirty,
            "notice": d.notice.as_ref().map(|n| n.get(lang).to_string()),
            "area_tabs": areas,
            "profile": d.profile,
            "profile_problem": c.profile_problem,
        })
    }
}

fn html_response(status: StatusCode, html: String) -> Response {
    let mut r = (status, html).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

/// `?file=…`
#[derive(Debug, serde::Deserialize)]
struct FileQuery {
    file: String,
}

/// The router with every route and the security middleware.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/static/{name}", get(static_file))
        .route("/lang", get(switch_lang))
        .route("/vendor/new", post(vendor_new))
        .route("/vendor", get(vendor_overview))
        .route("/vendor/info", post(vendor_info))
        .route("/vendor/profile", post(vendor_profile))
        .route("/vendor/area/{area}", get(vendor_area))
        .route("/vendor/answer/{id}", post(vendor_answer))
        .route("/vendor/documents", get(vendor_documents))
        .route(
            "/vendor/documents/add",
            post(vendor_document_add).layer(DefaultBodyLimit::max(security::UPLOAD_LIMIT)),
        )
        .route("/vendor/documents/edit/{index}", post(vendor_document_edit))
        .route("/vendor/sla", get(vendor_sla).post(vendor_sla_post))
        .route("/vendor/save", post(vendor_save))
        .route("/vendor/revert", post(vendor_revert))
        .route("/vendor/preview/{doc}", get(vendor_preview))
        .route("/vendor/render/{name}", get(vendor_render))
        .route("/compare", get(compare_page))
        .route("/compare/render/{name}", get(compare_render))
        .route("/profile", get(profile_page).post(profile_save))
        .route("/audit", get(audit_page))
        .layer(DefaultBodyLimit::max(security::FORM_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            security::guard,
        ))
        .with_state(app)
}

// ---------------------------------------------------------------------------------------
// Shared pages

/// The pages' stylesheet: the documents' own CSS, then the workbench's layout.
fn css() -> &'static str {
    static CSS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    CSS.get_or_init(|| {
        format!(
            "{}\n{}",
            crate::render::document_css(),
            include_str!("../../assets/serve/serve.css")
        )
    })
}

const JS: &str = include_str!("../../assets/serve/serve.js");

async fn static_file(UrlPath(name): UrlPath<String>) -> Response {
    let (body, kind): (Body, &str) = match name.as_str() {
        "sansho.css" => (Body::from(css()), "text/css; charset=utf-8"),
        "serve.js" => (Body::from(JS), "text/javascript; charset=utf-8"),
        "ipaexg.ttf" => (Body::from(crate::render::FONT), "font/ttf"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let mut r = Response::new(body);
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // The same bytes for the whole run: the browser may keep them (for this user only).
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    r
}

#[derive(Debug, serde::Deserialize)]
struct LangQuery {
    to: String,
    back: Option<String>,
}

async fn switch_lang(Query(q): Query<LangQuery>) -> Response {
    let code = if q.to == "en" { "en" } else { "ja" };
    let back = local_back(q.back.as_deref(), "/".into());
    let mut r = Redirect::to(&back).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "sansho-lang={code}; Path=/; SameSite=Strict; Max-Age=31536000"
    )) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

async fn home(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let lang = app.lang_of(&headers);
    let listing = app.ws.list();
    let open = lock(&app.drafts);
    let evidence: Vec<Value> = listing
        .evidence
        .iter()
        .map(|f| json!({"file": f, "fq": enc(f), "open": open.contains_key(f), "dirty": open.get(f).is_some_and(|d| d.dirty)}))
        .collect();
    drop(open);
    let profiles: Vec<Value> = listing
        .profiles
        .iter()
        .map(|f| json!({"file": f, "fq": enc(f)}))
        .collect();
    let scope: Vec<Value> = crate::catalog::ScopeFlag::ALL
        .iter()
        .map(|f| json!({"key": f.as_str(), "label": f.label(lang)}))
        .collect();
    app.page(
        lang,
        "serve/home.html",
        "/",
        json!({"title": pages::words(lang)["app"], "nav": "home", "evidence": evidence, "profiles": profiles, "scope": scope}),
    )
}

// ---------------------------------------------------------------------------------------
// Vendor workspace

async fn vendor_new(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(pairs): Form<Pairs>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let rel = forms::get(&pairs, "file")
        .unwrap_or_default()
        .trim()
        .to_string();
    let rel = if rel.ends_with(".toml") || rel.ends_with(".json") || rel.is_empty() {
        rel
    } else {
        format!("{rel}.toml")
    };
    let full = app.path(lang, &rel)?;
    let mut scope = crate::evidence::Scope::default();
    for f in crate::catalog::ScopeFlag::ALL {
        scope.set(
            f,
            forms::get(&pairs, &format!("scope.{}", f.as_str())).is_some(),
        );
    }
    let opts = crate::evidence::InitOptions {
        vendor: forms::get(&pairs, "vendor").unwrap_or_default(),
        service: forms::get(&pairs, "service").unwrap_or_default(),
        scope,
        prepared_on: app.as_of(),
        lang,
    };
    let text = crate::evidence::template(&app.catalog, &opts)
        .map_err(|e| app.message(lang, StatusCode::BAD_REQUEST, &error_text(&e), ""))?;
    crate::output::write_atomic(&full, text.as_bytes(), false, &[])
        .map_err(|e| app.message(lang, StatusCode::CONFLICT, &error_text(&e), ""))?;
    let rel = app.ws.rel(&full);
    lock(&app.drafts).remove(&rel);
    Ok(Redirect::to(&format!("/vendor?file={}", enc(&rel))).into_response())
}

/// An error of the library in the page's words.
pub(super) fn error_text(e: &crate::Error) -> Text {
    Text::new(
        e.render(Lang::Ja, false).trim().to_string(),
        e.render(Lang::En, false).trim().to_string(),
    )
}

async fn vendor_overview(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<FileQuery>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let full = app.path(lang, &q.file)?;
    let rel = app.ws.rel(&full);
    let mut drafts = lock(&app.drafts);
    let d = app.draft(&mut drafts, lang, &rel, &full)?;
    let c = app.check(d, &full);
    let mut ctx = app.vendor_ctx(lang, &rel, d, &c, "overview");
    d.notice = None;
    let msgs = forms::by_field(&c.diags, lang);
    ctx["info"] = pages::info_view(&d.value, &msgs, lang);
    ctx["file_msgs"] = json!(msgs.get("").cloned().unwrap_or_default());
    let elsewhere: Vec<Value> = msgs
        .iter()
        .filter(|(k, _)| {
            !k.is_empty() && !k.starts_with("vendor.") && !k.starts_with("disclosure.")
        })
        .flat_map(|(k, v)| {
            let link = link_for(k, &rel, &app.catalog);
            v.iter()
                .filter(|m| m.error)
                .map(move |m| json!({"field": k, "text": m.text, "code": m.code, "link": link}))
        })
        .collect();
    ctx["elsewhere"] = json!(elsewhere);
    ctx["profiles"] = json!(app.ws.list().profiles);
    ctx["title"] = json!(format!(
        "{} — {}",
        pages::words(lang)["overview"].as_str().unwrap_or_default(),
        ctx["service"].as_str().unwrap_or_default()
    ));
    Ok(app.page(
        lang,
        "serve/vendor.html",
        &format!("/vendor?file={}", enc(&rel)),
        ctx,
    ))
}

/// Where on the vendor pages a diagnostic's field is.
fn link_for(key: &str, rel: &str, catalog: &Catalog) -> String {
    let f = enc(rel);
    if let Some(rest) = key.strip_prefix("answers.") {
        let id = rest.split('.').next().unwrap_or_default();
        if let Some(c) = catalog.control(id) {
            return format!("/vendor/area/{}?file={f}#{id}", c.area);
        }
        return format!("/vendor?file={f}");
    }
    if key.starts_with("documents") {
        return format!("/vendor/documents?file={f}");
    }
    if key.starts_with("sla") {
        return format!("/vendor/sla?file={f}");
    }
    format!("/vendor?file={f}")
}

/// Applies a form to a draft and goes back to the page (or, for the live updates of the
/// script, answers with the new messages and scores).
async fn vendor_info(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<FileQuery>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, Fail> {
    edit(&app, &headers, &q.file, |d| {
        forms::apply_info(&mut d.value, &pairs)
    })?;
    Ok(Redirect::to(&format!("/vendor?file={}", enc(&q.file))).into_response())
}

/// Changes a draft under the lock and marks it unsaved.
fn edit(
    app: &App,
    headers: &HeaderMap,
    file: &str,
    f: impl FnOnce(&mut Draft),
) -> Result<(), Fail> {
    let lang = app.lang_of(headers);
    let full = app.path(lang, file)?;
    let rel = app.ws.rel(&full);
    let mut drafts = lock(&app.drafts);
    let d = app.draft(&mut drafts, lang, &rel, &full)?;
    f(d);
    d.dirty = true;
    Ok(())
}

async fn vendor_profile(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<FileQuery>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let chosen = forms::get(&pairs, "profile")
        .unwrap_or_default()
        .trim()
        .to_string();
    if !chosen.is_empty() {
        app.path(lang, &chosen)?;
    }
    let full = app.path(lang, &q.file)?;
    let rel = app.ws.rel(&full);
    let mut drafts = lock(&app.drafts);
    let d = app.draft(&mut drafts, lang, &rel, &full)?;
    d.profile = (!chosen.is_empty()).then_some(chosen);
    let back = local_back(
        forms::get(&pairs, "back"),
        format!("/vendor?file={}", enc(&rel)),
    );
    Ok(Redirect::to(&back).into_response())
}

async fn vendor_area(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    UrlPath(area): UrlPath<String>,
    Query(q): Query<FileQuery>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let Some(a) = app.catalog.area(&area) else {
        return Err(app.not_found(
            lang,
            &text!(
                ["領域 {area} はカタログにありません。"],
                ["the catalog has no area {area}."]
            ),
        ));
    };
    let full = app.path(lang, &q.file)?;
    let rel = app.ws.rel(&full);
    let mut drafts = lock(&app.drafts);
    let d = app.draft(&mut drafts, lang, &rel, &full)?;
    let c = app.check(d, &full);
    let mut ctx = app.vendor_ctx(lang, &rel, d, &c, &area);
    d.notice = None;
    let msgs = forms::by_field(&c.diags, lang);
    let scope = c.evidence.as_ref().map(|e| e.scope).unwrap_or_default();
    let controls: Vec<Value> = app
        .catalog
        .controls_in(&a.id)
        .map(|ctl| {
            let mut v =
                pages::control_view(&app.catalog, ctl, &d.value, c.report.as_ref(), &msgs, lang);
            v["in_scope"] = json!(ctl.applies_if.is_none_or(|f| scope.is_set(f)));
            v
        })
        .collect();
    ctx["area"] = pages::area_view(c.report.as_ref(), &a.id, lang);
    ctx["area"]["title"] = json!(a.title(lang));
    ctx["controls"] = json!(controls);
    ctx["statuses"] = json!(pages::statuses(lang));
    ctx["responsibilities"] = json!(pages::responsibilities(lang));
    ctx["title"] = json!(a.title(lang));
    Ok(app.page(
        lang,
        "serve/area.html",
        &format!("/vendor/area/{area}?file={}", enc(&rel)),
        ctx,
    ))
}

/// Whether the script asked for the live-update answer instead of a page.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

async fn vendor_answer(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<FileQuery>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let Some(control) = app.catalog.control(&id) else {
        return Err(app.not_found(
            lang,
            &text!(
                ["管理策 {id} はカタログにありません。"],
                ["the catalog has no control {id}."]
            ),
        ));
    };
    let full = app.path(lang, &q.file)?;
    let rel = app.ws.rel(&full);
    let mut drafts = lock(&app.drafts);
    let d = app.draft(&mut drafts, lang, &rel, &full)?;
    if forms::get(&pairs, "status").is_some_and(|s| s.trim().is_empty()) {
        // 未回答: no answer at all.
        if let Some(a) = d.value.get_mut("answers").and_then(Value::as_object_mut) {
            a.remove(&id);
        }
    } else {
        forms::apply_answer(&mut d.value, &id, &pairs);
    }
    d.dirty = true;
    if !wants_json(&headers) {
        return Ok(Redirect::to(&format!(
            "/vendor/area/{}?file={}#{id}",
            control.area,
            enc(&rel)
        ))
        .into_response());
    }
    let c = app.check(d, &full);
    let msgs = forms::by_field(&c.diags, lang);
    let mine = forms::answer_messages(&msgs, &id);
    let body = json!({
        "control": id,
        "messages": mine,
        "credit": pages::credit_text(c.report.as_ref(), &id, lang),
        "area": pages::area_view(c.report.as_ref(), &control.area, lang),
        "overall": pages::overall_view(c.report.as_ref(), &c.diags, lang),
        "dirty": pages::words(lang)["unsaved"],
    });
    Ok(json_response(&body))
}

fn json_response(v: &Value) -> Response {
    let mut r = serde_json::to_string(v).unwrap_or_default().into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

async fn vendor_documents(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<FileQuery>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let full = app.path(lang, &q.file)?;
    let rel = app.ws.rel(&full);
    let mut drafts = lock(&app.drafts);
    let d = app.draft(&mut drafts, lang, &rel, &full)?;
    let c = app.check(d, &full);
    let mut ctx = app.vendor_ctx(lang, &rel, d, &c, "documents");
    d.notice = None;
    let msgs = forms::by_field(&c.diags, lang);
    ctx["documents"] = json!(pages::documents_view(&d.value, &msgs, c.evidence.as_ref()));
    ctx["title"] = pages::words(lang)["documents"].clone();
    Ok(app.page(
        lang,
        "serve/documents.html",
        &format!("/vendor/documents?file={}", enc(&rel)),
        ctx,
    ))
}

/// A name for an uploaded file that is one plain component: no folders, no leading dot,
/// no control or path characters.
fn upload_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    (!clean.is_empty() && clean.len() <= 200).then_some(clean)
}

/// Stores an upload in `docs/` beside the evidence file (never over another file: a name
/// that is taken gets a number) and returns its path relative to the evidence file's folder.
fn store_upload(base: &Path, name: &str, bytes: &[u8]) -> Result<String, crate::Error> {
    let docs = base.join("docs");
    if !docs.is_dir() {
        std::fs::create_dir(&docs).map_err(|source| crate::Error::Write {
            path: docs.clone(),
            source,
        })?;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
        _ => (name.to_string(), String::new()),
    };
    for n in 1..1000 {
        let candidate = if n == 1 {
            name.to_string()
        } else {
            format!("{stem}-{n}{ext}")
        };
        let path = docs.join(&candidate);
        if let Ok(existing) = std::fs::read(&path) {
            if existing == bytes {
                return Ok(format!("docs/{candidate}"));
            }
            continue;
        }
        crate::output::write_atomic(&path, bytes, false, &[])?;
        return Ok(format!("docs/{candidate}"));
    }
    Err(crate::Error::Usage(text!(
        ["docs/ に同じ名前のファイルが多すぎます。"],
        ["too many files of that name in docs/."]
    )))
}

/// Locates a document file named relative to the evidence file's folder and hashes it, with
/// the loader's own confinement and size rules.
fn hash_in(base: &Path, raw: &str, lang: Lang) -> Result<String, Text> {
    let located = evidence::locate_document(base, raw).map_err(|p| problem_text(&p, lang))?;
    evidence::hash_document(&located).map_err(|p| problem_text(&p, lang))
}

fn problem_text(p: &evidence::DocumentProblem, _lang: Lang) -> Text {
    use evidence::DocumentProblem as P;
    match p {
        P::Absolute => text!(["絶対パスは使えません。"], ["absolute paths are refused."]),
        P::Escapes | P::LinksOutside(_) => text!(
            ["フォルダの外は指定できません。"],
            ["the path leads outside the folder."]
        ),
        P::Missing(_) => text!(["ファイルがありません。"], ["no such file."]),
        P::NotAFile => text!(["通常のファイルではありません。"], ["not a regular file."]),
        P::TooLarge(n) => text!(
            ["ファイルが大きすぎます（{n} バイト）。"],
            ["the file is too large ({n} bytes)."]
        ),
        P::Unreadable(e) => text!(["読めません（{e}）。"], ["cannot be read ({e})."]),
    }
}

async fn vendor_document_add(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<FileQuery>,
    mut multipart: Multipart,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let full = app.path(lang, &q.file)?;
    let rel = app.ws.rel(&full);
    let base = crate::audit::verify::base_dir(&full);
    let mut pairs: Pairs = Vec::new();
    let mut upload: Option<(String, Vec<u8>)> = None;
    let bad = |e: axum::extract::multipart::MultipartError| {
        app.message(
            lang,
            e.status(),
            &text!(
                ["送信を読み取れません（{e}）。"],
                ["cannot read the submission ({e})."]
            ),
            "",
        )
    };
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(bad)?;
            if !bytes.is_empty() {
                upload = Some((file_name, bytes.to_vec()));
            }
        } else {
            let value = field.text().await.map_err(bad)?;
            pairs.push((name, value));
        }
    }
    let refused = |t: Text| app.message(lang, StatusCode::BAD_REQUEST, &t, "");
    let path = match upload {
        Some((name, bytes)) => {
            let name = upload_name(&name).ok_or_else(|| {
                refused(text!(
                    ["ファイル名が使えません。"],
                    ["the file name cannot be used."]
                ))
            })?;
            Some(
                store_upload(&base, &name, &bytes)
                    .map_err(|e| app.message(lang, StatusCode::CONFLICT, &error_text(&e), ""))?,
            )
        }
        None => forms::get(&pairs, "path")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string),
    };
    let sha = match &path {
        Some(p) => Some(hash_in(&base, p, lang).map_err(refused)?),
        None => None,
    };
    let entry = forms::document_entry(&pairs, path, sha);
    let mut drafts = lock(&app.drafts);
    let d = app.draft(&mut drafts, lang, &rel, &full)?;
    forms::documents(&mut d.value).push(entry);
    d.dirty = true;
    Ok(Redirect::to(&format!("/vendor/documents?file={}", enc(&rel))).into_response())
}

async fn vendor_document_edit(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    UrlPath(index): UrlPath<usize>,
    Query(q): Query<FileQuery>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let full = app.path(lang, &q.file)?;
    let rel = app.ws.rel(&full);
    let base = crate::audit::verify::base_dir(&full);
    let mut drafts = lock(&app.drafts);
    let d = app.draft(&mut drafts, lang, &rel, &full)?;
    let docs = forms::documents(&mut d.value);
    if index >= docs.len() {
        return Err(app.no_such_document(lang));
    }
    match forms::get(&pairs, "action").unwrap_or("save") {
        "remove" => {
            docs.remove(index);
        }
        action => {
            let path = docs[index]
                .get("path")
                .and_then(Value::as_str)
                .map(str::to_string);
            let mut sha = docs[index]
                .get("sha256")
                .and_then(Value::as_str)
                .map(str::to_string);
            if action == "rehash" {
                if let Some(p) = &path {
                    match hash_in(&base, p, lang) {
                        Ok(h) => sha = Some(h),
                        Err(t) => {
                            d.notice = Some(t);
                        }
                    }
                }
            }
            docs[index] = forms::document_entry(&pairs, path, sha);
        }
    }
    d.dirty = true;
    Ok(Redirect::to(&format!("/vendor/documents?file={}", enc(&rel))).into_response())
}

async fn vendor_sla(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<FileQuery>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let full = app.path(lang, &q.file)?;
    let rel = app.ws.rel(&full);
    let mut drafts = lock(&app.drafts);
    let d = app.draft(&mut drafts, lang, &rel, &full)?;
    let c = app.check(d, &full);
    let mut ctx = app.vendor_ctx(lang, &rel, d, &c, "sla");
    d.notice = None;
    let msgs = forms::by_field(&c.diags, lang);
    ctx["rows"] = json!(pages::sla_rows(
        &d.value,
        c.report.as_ref(),
        c.profile.as_ref(),
        &msgs,
        lang
    ));
    ctx["responsibilities"] = json!(pages::responsibilities(lang));
    ctx["profiles"] = json!(app.ws.list().profiles);
    ctx["title"] = json!("SLA");
    Ok(app.page(
        lang,
        "serve/sla.html",
        &format!("/vendor/sla?file={}", enc(&rel)),
        ctx,
    ))
}

async fn vendor_sla_post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<FileQuery>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, Fail> {
    edit(&app, &headers, &q.file, |d| {
        forms::apply_sla(&mut d.value, &pairs)
    })?;
    Ok(Redirect::to(&format!("/vendor/sla?file={}", enc(&q.file))).into_response())
}

async fn vendor_save(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<FileQuery>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let full = app.path(lang, &q.file)?;
    let rel = app.ws.rel(&full);
    let back = local_back(
        forms::get(&pairs, "back"),
        format!("/vendor?file={}", enc(&rel)),
    );
    let mut drafts = lock(&app.drafts);
    let d = app.draft(&mut drafts, lang, &rel, &full)?;
    let c = app.check(d, &full);
    let Some(valid) = c.valid.as_ref() else {
        d.notice = Some(text!(
            [
                "誤りが {} 件あるため保存できません。各欄の指摘を直してください。",
                c.diags.error_count()
            ],
            [
                "{} error(s): nothing was saved; fix what each field says.",
                c.diags.error_count()
            ]
        ));
        return Ok(Redirect::to(&back).into_response());
    };
    let text = evidence::to_toml(&app.catalog, &valid.evidence, lang);
    let on_disk = std::fs::read(&full).ok();
    let disk_sha = on_disk.as_deref().map(sha256_hex).unwrap_or_default();
    let seen = forms::get(&pairs, "seen").unwrap_or_default();
    let overwrite = forms::get(&pairs, "force") == Some("1") && seen == disk_sha;
    if disk_sha != d.disk_sha256 && !overwrite {
        let disk_text = on_disk
            .as_deref()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let mut ctx = app.vendor_ctx(lang, &rel, d, &c, "save");
        ctx["disk_text"] = json!(disk_text);
        ctx["mine_text"] = json!(text);
        ctx["seen"] = json!(disk_sha);
        ctx["back"] = json!(back);
        ctx["title"] = pages::words(lang)["conflict_title"].clone();
        let mut r = app.page(lang, "serve/conflict.html", &back, ctx);
        *r.status_mut() = StatusCode::CONFLICT;
        return Ok(r);
    }
    let bak = PathBuf::from(format!("{}.bak", full.display()));
    let written = on_disk
        .as_deref()
        .map_or(Ok(()), |b| crate::output::write_atomic(&bak, b, true, &[]))
        .and_then(|()| crate::output::write_atomic(&full, text.as_bytes(), true, &[]));
    if let Err(e) = written {
        return Err(app.message(lang, StatusCode::INTERNAL_SERVER_ERROR, &error_text(&e), ""));
    }
    // The draft is now the file as written.
    if let Ok(tree) = Tree::parse(&SourceFile::from_text(rel.clone(), text.clone())) {
        d.value = tree.value;
    }
    d.disk_sha256 = sha256_hex(text.as_bytes());
    d.dirty = false;
    let bak_name = app.ws.rel(&bak);
    d.notice = Some(if on_disk.is_some() {
        text!(
            ["{rel} を保存しました（直前の版は {bak_name}）。"],
            ["saved {rel} (the previous version is {bak_name})."]
        )
    } else {
        text!(["{rel} を保存しました。"], ["saved {rel}."])
    });
    Ok(Redirect::to(&back).into_response())
}

async fn vendor_revert(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<FileQuery>,
    Form(pairs): Form<Pairs>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let full = app.path(lang, &q.file)?;
    let rel = app.ws.rel(&full);
    let mut drafts = lock(&app.drafts);
    let profile = drafts.remove(&rel).and_then(|d| d.profile);
    let d = app.draft(&mut drafts, lang, &rel, &full)?;
    d.profile = profile;
    d.notice = Some(text!(
        ["ディスクの版を開き直しました。"],
        ["reopened the version on disk."]
    ));
    let back = local_back(
        forms::get(&pairs, "back"),
        format!("/vendor?file={}", enc(&rel)),
    );
    Ok(Redirect::to(&back).into_response())
}

fn doc_kind(s: &str) -> Option<DocKind> {
    match s {
        "disclosure" => Some(DocKind::Disclosure),
        "sla" => Some(DocKind::Sla),
        "report" => Some(DocKind::Report),
        _ => None,
    }
}

async fn vendor_preview(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    UrlPath(doc): UrlPath<String>,
    Query(q): Query<FileQuery>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let not_found = || app.no_such_document(lang);
    doc_kind(&doc).ok_or_else(not_found)?;
    let full = app.path(lang, &q.file)?;
    let rel = app.ws.rel(&full);
    let mut drafts = lock(&app.drafts);
    let d = app.draft(&mut drafts, lang, &rel, &full)?;
    let c = app.check(d, &full);
    let mut ctx = app.vendor_ctx(lang, &rel, d, &c, "preview");
    d.notice = None;
    ctx["doc"] = json!(doc);
    ctx["valid"] = json!(c.valid.is_some());
    ctx["profiles"] = json!(app.ws.list().profiles);
    ctx["title"] = pages::words(lang)["preview"].clone();
    Ok(app.page(
        lang,
        "serve/preview.html",
        &format!("/vendor/preview/{doc}?file={}", enc(&rel)),
        ctx,
    ))
}

/// A file to download (or, for HTML asked without `download`, to show in a preview frame
/// under the document policy).
fn file_response(bytes: Vec<u8>, name: &str, download: bool) -> Response {
    let kind = match name.rsplit_once('.').map(|(_, e)| e) {
        Some("pdf") => "application/pdf",
        Some("md") => "text/markdown; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    };
    let mut r = Response::new(Body::from(bytes));
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(security::DOCUMENT_CSP),
    );
    h.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    if download || !name.ends_with(".html") {
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    r
}

#[derive(Debug, serde::Deserialize)]
struct RenderQuery {
    file: String,
    download: Option<String>,
}

async fn vendor_render(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    UrlPath(name): UrlPath<String>,
    Query(q): Query<RenderQuery>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let not_found = || app.no_such_document(lang);
    let (stem, ext) = name
        .rsplit_once('.')
        .map(|(s, e)| (s.to_string(), e.to_string()))
        .ok_or_else(not_found)?;
    let full = app.path(lang, &q.file)?;
    let rel = app.ws.rel(&full);
    let (d, c) = {
        let mut drafts = lock(&app.drafts);
        let d = app.draft(&mut drafts, lang, &rel, &full)?.clone();
        let c = app.check(&d, &full);
        (d, c)
    };
    let (Some(valid), Some(report)) = (c.valid, c.report) else {
        return Err(app.message(
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            &text!(
                ["誤りがあるため文書を作成できません。先に指摘を直してください。"],
                ["the evidence has errors, so no document can be made; fix them first."]
            ),
            "",
        ));
    };
    let sha = if d.dirty {
        sha256_hex(evidence::to_toml(&app.catalog, &valid.evidence, lang).as_bytes())
    } else {
        d.disk_sha256.clone()
    };
    let download = q.download.is_some();
    let app2 = app.clone();
    let profile = c.profile;
    let out_name = name.clone();
    let rendered = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, crate::Error> {
        if stem == "questionnaire" && ext == "xlsx" {
            let opts = crate::interchange::xlsx::ExportOptions {
                lang,
                as_of: app2.as_of(),
                profile: profile.as_ref(),
            };
            return crate::interchange::xlsx::questionnaire(
                &app2.catalog,
                Some(&valid.evidence),
                &opts,
            );
        }
        let kind = doc_kind(&stem).ok_or_else(|| crate::Error::Usage(text!(["?"], ["?"])))?;
        let format = match ext.as_str() {
            "md" => Format::Md,
            "html" => Format::Html,
            "pdf" => Format::Pdf,
            _ => return Err(crate::Error::Usage(text!(["?"], ["?"]))),
        };
        let input = RenderInput {
            catalog: &app2.catalog,
            evidence: &valid.evidence,
            evidence_sha256: &sha,
            evidence_file: &rel,
            report: &report,
            profile: profile.as_ref(),
            // The workbench does not open the documents' files (as `render` without
            // --check-files).
            file_states: None,
            lang,
        };
        crate::render::render(kind, format, &input, &RenderOptions::default())
    })
    .await;
    match rendered {
        Ok(Ok(bytes)) => Ok(file_response(bytes, &out_name, download)),
        Ok(Err(crate::Error::Usage(_))) => Err(not_found()),
        Ok(Err(e)) => {
            Err(app.message(lang, StatusCode::INTERNAL_SERVER_ERROR, &error_text(&e), ""))
        }
        Err(_) => Err(app.message(
            lang,
            StatusCode::INTERNAL_SERVER_ERROR,
            &text!(
                ["文書の作成が中断しました。"],
                ["rendering stopped unexpectedly."]
            ),
            "",
        )),
    }
}

// ---------------------------------------------------------------------------------------
// Hospital workspace

/// The comparison a query asks for: files, profile, only-differences.
struct CompareAsk {
    files: Vec<String>,
    profile: Option<String>,
    only_differences: bool,
}

fn compare_ask(pairs: &Pairs) -> CompareAsk {
    CompareAsk {
        files: forms::all(pairs, "file")
            .into_iter()
            .filter(|f| !f.trim().is_empty())
            .map(str::to_string)
            .collect(),
        profile: forms::get(pairs, "profile")
            .filter(|p| !p.trim().is_empty())
            .map(str::to_string),
        only_differences: forms::get(pairs, "only_differences").is_some(),
    }
}

impl CompareAsk {
    fn query(&self) -> String {
        let mut q: Vec<String> = self
            .files
            .iter()
            .map(|f| format!("file={}", enc(f)))
            .collect();
        if let Some(p) = &self.profile {
            q.push(format!("profile={}", enc(p)));
        }
        if self.only_differences {
            q.push("only_differences=on".into());
        }
        q.join("&")
    }
}

/// Runs the library's comparison over workspace files, naming vendors by their
/// workspace-relative file.
fn run_compare(
    app: &App,
    ask: &CompareAsk,
) -> Result<(crate::compare::Comparison, Option<Profile>), Text> {
    let mut paths = Vec::new();
    for f in &ask.files {
        paths.push(app.ws.resolve(f)?);
    }
    let profile = match &ask.profile {
        Some(p) => Some(app.load_profile(p).map_err(|e| Text::new(e.clone(), e))?),
        None => None,
    };
    let mut c = crate::compare::compare(&paths, &app.catalog, profile.as_ref(), app.as_of());
    for v in &mut c.vendors {
        v.file = app.ws.rel(Path::new(&v.file));
    }
    for s in &mut c.skipped {
        s.file = app.ws.rel(Path::new(&s.file));
    }
    Ok((c, profile))
}

async fn compare_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(pairs): Query<Pairs>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let ask = compare_ask(&pairs);
    let listing = app.ws.list();
    let files: Vec<Value> = listing
        .evidence
        .iter()
        .map(|f| json!({"file": f, "checked": ask.files.contains(f)}))
        .collect();
    let profiles: Vec<Value> = listing
        .profiles
        .iter()
        .map(|f| json!({"file": f, "selected": ask.profile.as_deref() == Some(f.as_str())}))
        .collect();
    let mut ctx = json!({
        "title": pages::words(lang)["compare_title"],
        "nav": "compare",
        "files": files,
        "profiles": profiles,
        "only_differences": ask.only_differences,
        "query": ask.query(),
        "ran": false,
    });
    if !ask.files.is_empty() {
        let (c, _) = run_compare(&app, &ask)
            .map_err(|t| app.message(lang, StatusCode::BAD_REQUEST, &t, ""))?;
        let vendors: Vec<Value> = c
            .vendors
            .iter()
            .enumerate()
            .map(|(i, v)| {
                json!({
                    "rank": i + 1,
                    "file": v.file,
                    "fq": enc(&v.file),
                    "name": v.name,
                    "service": v.service,
                    "verdict": v.verdict.label(lang),
                    "verdict_key": v.verdict.as_str(),
                    "score": crate::score::display_score(v.score),
                    "profile": v.profile.as_ref().map(|p| json!({"pass": p.pass, "failures": p.failures})),
                    "critical": v.findings.critical,
                    "major": v.findings.major,
                })
            })
            .collect();
        let skipped: Vec<Value> = c
            .skipped
            .iter()
            .map(|s| {
                json!({"file": s.file, "messages": s.diagnostics.iter().filter(|d| d.is_error()).take(5).map(|d| d.message.get(lang).to_string()).collect::<Vec<_>>(), "errors": s.diagnostics.error_count()})
            })
            .collect();
        ctx["ran"] = json!(true);
        ctx["vendors"] = json!(vendors);
        ctx["skipped"] = json!(skipped);
        ctx["can_render"] = json!(!c.vendors.is_empty());
    }
    let here = if ask.files.is_empty() {
        "/compare".to_string()
    } else {
        format!("/compare?{}", ask.query())
    };
    Ok(app.page(lang, "serve/compare.html", &here, ctx))
}

async fn compare_render(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    UrlPath(name): UrlPath<String>,
    Query(pairs): Query<Pairs>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let ask = compare_ask(&pairs);
    let download = forms::get(&pairs, "download").is_some();
    let format = match name.as_str() {
        "comparison.md" => Some(Format::Md),
        "comparison.html" => Some(Format::Html),
        "comparison.pdf" => Some(Format::Pdf),
        "comparison.xlsx" => None,
        _ => return Err(app.no_such_document(lang)),
    };
    let app2 = app.clone();
    let rendered = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, Text> {
        let (c, _) = run_compare(&app2, &ask)?;
        if c.vendors.is_empty() {
            return Err(text!(
                ["比較できる事業者がありません。"],
                ["no vendor to compare."]
            ));
        }
        match format {
            None => crate::interchange::xlsx::compare_workbook(&app2.catalog, &c, lang),
            Some(f) => crate::render::render_comparison(
                f,
                &crate::render::ComparisonInput {
                    catalog: &app2.catalog,
                    comparison: &c,
                    only_differences: ask.only_differences,
                    lang,
                },
                &RenderOptions::default(),
            ),
        }
        .map_err(|e| error_text(&e))
    })
    .await;
    match rendered {
        Ok(Ok(bytes)) => Ok(file_response(bytes, &name, download)),
        Ok(Err(t)) => Err(app.message(lang, StatusCode::BAD_REQUEST, &t, "")),
        Err(_) => Err(app.message(
            lang,
            StatusCode::INTERNAL_SERVER_ERROR,
            &text!(
                ["比較表の作成が中断しました。"],
                ["rendering stopped unexpectedly."]
            ),
            "",
        )),
    }
}

async fn profile_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(pairs): Query<Pairs>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let file = forms::get(&pairs, "file").unwrap_or_default().to_string();
    let profile = if file.is_empty() {
        Profile::default()
    } else {
        app.path(lang, &file)?;
        app.load_profile(&file).map_err(|e| {
            app.message(
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                &text!(["{file} を読めません。"], ["cannot read {file}."]),
                &e,
            )
        })?
    };
    let ctx = super::profile_form::context(&app, lang, &file, &profile, &[], None);
    Ok(app.page(
        lang,
        "serve/profile.html",
        &format!("/profile?file={}", enc(&file)),
        ctx,
    ))
}

async fn profile_save(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(pairs): Form<Pairs>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    super::profile_form::save(&app, lang, &pairs)
}

// ---------------------------------------------------------------------------------------
// Auditor view

async fn audit_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(pairs): Query<Pairs>,
) -> Result<Response, Fail> {
    let lang = app.lang_of(&headers);
    let listing = app.ws.list();
    let verify_file = forms::get(&pairs, "verify").unwrap_or_default().to_string();
    let old = forms::get(&pairs, "old").unwrap_or_default().to_string();
    let new = forms::get(&pairs, "new").unwrap_or_default().to_string();
    let mut ctx = json!({
        "title": pages::words(lang)["audit_title"],
        "nav": "audit",
        "files": listing.evidence,
        "verify_file": verify_file,
        "old": old,
        "new": new,
    });
    let opts = LoadOptions {
        check_files: false,
        as_of: app.as_of(),
    };
    let load = |rel: &str| -> Result<(PathBuf, LoadedEvidence), Fail> {
        let full = app.path(lang, rel)?;
        match evidence::check(&full, &app.catalog, &opts) {
            (Some(l), _) => Ok((full, l)),
            (None, diags) => Err(app.message(
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                &text!(["{rel} に誤りがあります。"], ["{rel} is invalid."]),
                &diags.render(lang, false),
            )),
        }
    };
    if !verify_file.is_empty() {
        let (_, loaded) = load(&verify_file)?;
        let report = crate::score::score(&app.catalog, &loaded.evidence, None, app.as_of());
        let mut v = crate::audit::verify::verify(
            &loaded,
            &report,
            crate::audit::verify::DEFAULT_EXPIRING_WITHIN_DAYS,
        );
        v.file = verify_file.clone();
        ctx["verify"] = super::audit_view::verify(&v, lang);
    }
    if !old.is_empty() && !new.is_empty() {
        let (_, o) = load(&old)?;
        let (_, n) = load(&new)?;
        let as_of = app.as_of();
        let ro = crate::score::score(&app.catalog, &o.evidence, None, as_of);
        let rn = crate::score::score(&app.catalog, &n.evidence, None, as_of);
        let d = crate::audit::diff::diff(
            &app.catalog,
            &crate::audit::diff::Version {
                source: old.clone(),
                sha256: &o.source.sha256,
                evidence: &o.evidence,
                report: &ro,
            },
            &crate::audit::diff::Version {
                source: new.clone(),
                sha256: &n.source.sha256,
                evidence: &n.evidence,
                report: &rn,
            },
            &crate::audit::diff::DiffOptions {
                since_catalog: None,
                old_disclosed_on: Some(crate::audit::diff::default_old_date(&o.evidence, as_of)),
            },
        );
        ctx["diff"] = super::audit_view::diff(&d, lang);
    }
    Ok(app.page(lang, "serve/audit.html", "/audit", ctx))
}
