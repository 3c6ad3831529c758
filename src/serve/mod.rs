//! `sansho serve`: a web workbench on the user's own machine for the people who will never
//! edit TOML — a vendor filling in answers, a hospital comparing vendors, an auditor checking
//! documents — doing what the command line does through the same library (no rule is
//! implemented twice: messages come from the evidence checks, scores from [`crate::score`],
//! documents from [`crate::render`], the saved file from [`crate::evidence::to_toml`]).
//!
//! It binds to loopback only unless told otherwise, requires a per-start access token, and
//! reads and writes inside its workspace folder only (see [`security`] and [`workspace`]).

mod app;
mod audit_view;
mod forms;
mod pages;
mod profile_form;
pub mod security;
pub mod workspace;

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::text;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What to serve and where.
#[derive(Debug)]
pub struct Options {
    /// The workspace folder.
    pub dir: PathBuf,
    /// The address to bind (loopback unless `allow_remote`).
    pub bind: IpAddr,
    /// The port (0: any free port).
    pub port: u16,
    /// Allow a non-loopback `bind`.
    pub allow_remote: bool,
    /// Page language unless the user switches.
    pub lang: Lang,
    /// `--as-of`, else today.
    pub as_of: Option<chrono::NaiveDate>,
}

/// A bound server, not yet answering: its address and access URL are known, so the caller
/// can print them (and open a browser) before [`Server::run`] blocks.
pub struct Server {
    listener: std::net::TcpListener,
    app: Arc<app::App>,
    url: String,
}

impl Server {
    /// The URL with the access token, to print and to open.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Answers requests until Ctrl+C (or SIGINT): then stops taking connections, lets the
    /// requests under way finish (a save is never cut in half) and returns the files whose
    /// changes were never saved, so the caller can say so. A second Ctrl+C while waiting
    /// ends the process at once.
    pub fn run(self) -> Result<Vec<String>> {
        let io = |e: std::io::Error| {
            Error::Usage(text!(
                ["サーバーを動かせません（{e}）。"],
                ["the server cannot run ({e})."]
            ))
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .map_err(io)?;
        let app = self.app.clone();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener)?;
            axum::serve(listener, app::router(self.app))
                .with_graceful_shutdown(async {
                    if tokio::signal::ctrl_c().await.is_err() {
                        // No signal handling on this system: serve until killed.
                        std::future::pending::<()>().await;
                    }
                    tokio::spawn(async {
                        if tokio::signal::ctrl_c().await.is_ok() {
                            std::process::exit(130);
                        }
                    });
                })
                .await
        })
        .map_err(io)?;
        Ok(app.unsaved())
    }
}

/// Checks the options, loads what the pages need and binds the port.
pub fn bind(opts: Options, catalog: Catalog) -> Result<Server> {
    if !opts.bind.is_loopback() && !opts.allow_remote {
        return Err(Error::Usage(text!(
            [
                "{} はこのコンピューターの外から届くアドレスです。エビデンスを同じネットワークの誰にでも見せることになるため、--allow-remote を付けたときだけ使えます。",
                opts.bind
            ],
            [
                "{} is reachable from other machines, which would show the evidence to anyone on the network; it needs --allow-remote.",
                opts.bind
            ]
        )));
    }
    let ws = workspace::Workspace::new(&opts.dir).map_err(Error::Usage)?;
    let listener =
        std::net::TcpListener::bind(SocketAddr::new(opts.bind, opts.port)).map_err(|e| {
            Error::Usage(text!(
                [
                    "{}:{} で待ち受けできません（{e}）。--port で別の番号を指定してください。",
                    opts.bind,
                    opts.port
                ],
                [
                    "cannot listen on {}:{} ({e}); choose another --port.",
                    opts.bind,
                    opts.port
                ]
            ))
        })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::Usage(text!(["{e}"], ["{e}"])))?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::Usage(text!(["{e}"], ["{e}"])))?
        .port();
    let guard = security::Guard::new(opts.bind, port).map_err(|e| {
        Error::Usage(text!(
            ["乱数を得られません（{e}）。"],
            ["no random numbers ({e})."]
        ))
    })?;
    let host = if opts.bind.is_unspecified() {
        "127.0.0.1".to_string()
    } else if opts.bind.is_ipv6() {
        format!("[{}]", opts.bind)
    } else {
        opts.bind.to_string()
    };
    let url = format!("http://{host}:{port}/?token={}", guard.token());
    let app = Arc::new(app::App {
        catalog,
        ws,
        guard,
        lang: opts.lang,
        as_of: opts.as_of,
        tera: pages::tera()?,
        drafts: Mutex::new(Default::default()),
    });
    Ok(Server { listener, app, url })
}
