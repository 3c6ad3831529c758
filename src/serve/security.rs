//! What keeps a local web application local: the per-start access token (cookie after the
//! first visit), `Host` and `Origin` checks against DNS rebinding and cross-site requests,
//! request body limits, and the response headers (a strict Content-Security-Policy, no
//! sniffing, no referrer sent to other sites, no framing by other pages, no caching).
//!
//! Every request goes through [`guard`] before any handler runs, the static files included,
//! so nothing the server can do is reachable without the token.

use super::app::App;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use std::net::IpAddr;
use std::sync::Arc;

/// Bodies of ordinary forms: a control's answer is a few KiB, the SLA form a few more.
pub const FORM_LIMIT: usize = 1024 * 1024;

/// Bodies of document uploads: certificates and audit reports are a few MiB.
pub const UPLOAD_LIMIT: usize = 32 * 1024 * 1024;

/// The Content-Security-Policy of the workbench's pages: nothing but this origin's own
/// stylesheet and script, forms posting back here, frames only from here (the document
/// previews), and no page may frame the workbench.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The policy of a rendered document shown in a preview frame: no script at all, the
/// document's own inline print CSS (vendor text is escaped before it reaches the page, so no
/// style can come from it), and only the workbench may frame it.
pub const DOCUMENT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/// The access rules of one server: its token and the addresses it answers to.
#[derive(Debug)]
pub struct Guard {
    token: String,
    cookie: String,
    port: u16,
    bind: IpAddr,
}

impl Guard {
    /// A guard with a fresh random token for a server bound to `bind:port`.
    pub fn new(bind: IpAddr, port: u16) -> std::io::Result<Guard> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(Guard::with_token(
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
            bind,
            port,
        ))
    }

    /// A guard with a given token (tests).
    pub fn with_token(token: String, bind: IpAddr, port: u16) -> Guard {
        Guard {
            token,
            // Cookies are not told apart by port: two servers on one machine must not
            // overwrite each other's.
            cookie: format!("sansho-{port}"),
            port,
            bind,
        }
    }

    /// The access token (printed in the URL).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Whether a `Host` header names this server: `localhost` or an IP literal (which DNS
    /// rebinding cannot produce) — the bound address itself unless it is unspecified — and
    /// the right port.
    pub fn host_allowed(&self, host: &str) -> bool {
        let Some((name, port)) = host.rsplit_once(':') else {
            return false;
        };
        if port.parse::<u16>().ok() != Some(self.port) {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return self.bind.is_loopback() || self.bind.is_unspecified();
        }
        let literal = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .unwrap_or(name);
        match literal.parse::<IpAddr>() {
            Ok(ip) if self.bind.is_unspecified() => !ip.is_unspecified(),
            Ok(ip) if self.bind.is_loopback() => ip.is_loopback(),
            Ok(ip) => ip == self.bind,
            Err(_) => false,
        }
    }

    fn token_matches(&self, given: &str) -> bool {
        constant_time_eq(given.as_bytes(), self.token.as_bytes())
    }

    fn cookie_token<'a>(&self, headers: &'a HeaderMap) -> Option<&'a str> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == self.cookie)
            .map(|(_, v)| v)
    }

    /// `Set-Cookie` for a browser that came with the token: HttpOnly (no script reads it),
    /// SameSite=Strict (no other site's page sends it), for this server only.
    fn set_cookie(&self) -> String {
        format!(
            "{}={}; Path=/; HttpOnly; SameSite=Strict",
            self.cookie, self.token
        )
    }
}

/// Compares without stopping at the first difference, so response times do not reveal how
/// much of a guessed token was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `token` query parameter and the rest of the query without it.
fn split_token(query: &str) -> (Option<String>, String) {
    let mut token = None;
    let mut rest = Vec::new();
    for part in query.split('&').filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some(("token", v)) => token = Some(v.to_string()),
            _ => rest.push(part),
        }
    }
    (token, rest.join("&"))
}

/// A refusal: a short self-contained text page (no stylesheet, which would need the token).
fn refuse(status: StatusCode, ja: &str, en: &str) -> Response {
    let body = format!("{ja}\n{en}\n");
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

/// The body limit of a request: uploads get more room than forms.
fn body_limit(path: &str) -> usize {
    if path == "/vendor/documents/add" {
        UPLOAD_LIMIT
    } else {
        FORM_LIMIT
    }
}

/// The middleware: checks Host, Origin, body size and the token, then adds the security
/// headers to whatever the handler answered.
pub async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let g = &app.guard;
    let headers = req.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if !g.host_allowed(&host) {
        return harden(refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "このサーバーは、起動時に表示したアドレス（127.0.0.1 または localhost）でだけ使えます。",
            "this server answers only at the address it printed when it started (127.0.0.1 or localhost).",
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        if origin.to_str().ok() != Some(format!("http://{host}").as_str()) {
            return harden(refuse(
                StatusCode::FORBIDDEN,
                "ほかのサイトのページからの要求は受け付けません。",
                "requests from another site's pages are refused.",
            ));
        }
    }
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD);
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none");
    if unsafe_method && !matches!(fetch_site, "same-origin" | "none") {
        return harden(refuse(
            StatusCode::FORBIDDEN,
            "ほかのサイトのページからの送信は受け付けません。",
            "form submissions from another site's pages are refused.",
        ));
    }
    let limit = body_limit(req.uri().path());
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return harden(refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!(
                "送信できる大きさは {} MiB までです。",
                limit / (1024 * 1024)
            ),
            &format!("requests are limited to {} MiB.", limit / (1024 * 1024)),
        ));
    }
    let (query_token, rest) = split_token(req.uri().query().unwrap_or_default());
    let by_cookie = g
        .cookie_token(req.headers())
        .is_some_and(|t| g.token_matches(t));
    let by_query = query_token.as_deref().is_some_and(|t| g.token_matches(t));
    if !by_cookie && !by_query {
        return harden(refuse(
            StatusCode::UNAUTHORIZED,
            "アクセス用のトークンがありません。sansho serve が起動時に表示した URL（?token=… 付き）を開いてください。",
            "no access token: open the URL sansho serve printed when it started (the one with ?token=…).",
        ));
    }
    if by_query && !unsafe_method {
        // Trade the token in the address bar (and the history) for the cookie.
        let path = req.uri().path();
        let location = if rest.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{rest}")
        };
        let mut r = Response::builder()
            .status(StatusCode::SEE_OTHER)
            .header(header::LOCATION, location)
            .header(header::SET_COOKIE, g.set_cookie())
            .body(Body::empty())
            .unwrap_or_default();
        r = harden(r);
        return r;
    }
    harden(next.run(req).await)
}

/// Adds the security headers; a handler that set its own policy (a document preview) keeps it.
pub fn harden(mut r: Response) -> Response {
    let h = r.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_CSP),
        );
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // `same-origin`, not `no-referrer`: under `no-referrer` a browser sends `Origin: null`
    // with the page's own form posts, which the Origin check must refuse.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(bind: &str) -> Guard {
        Guard::with_token("t0k".into(), bind.parse().expect("ip"), 8123)
    }

    #[test]
    fn hosts_are_this_server_only() {
        let g = guard("127.0.0.1");
        for ok in [
            "127.0.0.1:8123",
            "localhost:8123",
            "LOCALHOST:8123",
            "127.0.0.2:8123",
            "[::1]:8123",
        ] {
            assert!(g.host_allowed(ok), "{ok}");
        }
        for bad in [
            "evil.example:8123",
            "127.0.0.1:80",
            "127.0.0.1",
            "",
            "192.168.1.5:8123",
            "localhost.evil.example:8123",
        ] {
            assert!(!g.host_allowed(bad), "{bad}");
        }
        let remote = guard("0.0.0.0");
        assert!(remote.host_allowed("192.168.1.5:8123"));
        assert!(!remote.host_allowed("rebind.example:8123"));
        let one = guard("192.168.1.5");
        assert!(one.host_allowed("192.168.1.5:8123"));
        assert!(!one.host_allowed("127.0.0.1:8123"));
    }

    #[test]
    fn tokens_and_cookies() {
        let g = guard("127.0.0.1");
        assert!(g.token_matches("t0k"));
        assert!(!g.token_matches("t0"));
        assert!(!g.token_matches("t0K"));
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; sansho-8123=t0k; sansho-9000=x"),
        );
        assert_eq!(g.cookie_token(&h), Some("t0k"));
        assert!(g.set_cookie().contains("HttpOnly") && g.set_cookie().contains("SameSite=Strict"));
        assert_eq!(
            split_token("file=a.toml&token=abc&x=1"),
            (Some("abc".into()), "file=a.toml&x=1".into())
        );
        let fresh = Guard::new("127.0.0.1".parse().expect("ip"), 1).expect("random");
        assert_eq!(fresh.token().len(), 43);
        assert_ne!(
            fresh.token(),
            Guard::new("127.0.0.1".parse().expect("ip"), 1)
                .expect("random")
                .token()
        );
    }
}
