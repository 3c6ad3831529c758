//! `sansho serve`: the web workbench on this machine (see [`crate::serve`]).

use super::{note, parse_date, Ctx};
use crate::error::Result;
use crate::i18n::Lang;
use crate::text;
use std::net::IpAddr;
use std::path::PathBuf;

const EXAMPLES: &str = "\
例 / Examples:
  sansho serve                      # 今のフォルダを作業フォルダにして起動 / serve the current folder
  sansho serve vendor-docs --open   # フォルダを指定し、ブラウザも開く / serve a folder and open the browser
  sansho serve samples --port 8080 --lang en

表示される URL（?token=… 付き）をブラウザで開いてください。トークンは起動のたびに変わり、
このコンピューターの外からは接続できません（--bind と --allow-remote で変えられます）。
ファイルは作業フォルダの中だけで読み書きし、保存のたびに直前の版を .bak に残します。
Open the URL it prints (with ?token=…). The token changes at every start and the server is
reachable from this machine only (see --bind and --allow-remote). Files are read and written
inside the workspace folder only; each save keeps the previous version as .bak.
Ctrl+C で終了します。/ Stop it with Ctrl+C.";

/// What `sansho serve` does, in `sansho --help` and in its own help.
pub(crate) const ABOUT: &str = "ブラウザで使う作業画面を起動する（このコンピューターの中だけ）/ start the web workbench on this machine";

/// Arguments of `sansho serve`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, after_help = EXAMPLES)]
pub struct Args {
    /// 作業フォルダ（既定は今のフォルダ）/ the workspace folder (default: the current folder)
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
    /// 待ち受けるポート（0 は空いている番号）/ port to listen on (0: any free port)
    #[arg(long, default_value_t = 8750)]
    port: u16,
    /// 待ち受けるアドレス（既定は 127.0.0.1）/ address to listen on (default 127.0.0.1)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: IpAddr,
    /// ループバック以外のアドレスで待ち受けることを許す（同じネットワークの誰でも接続を試みられます）/ allow a non-loopback --bind (anyone on the network can try to connect)
    #[arg(long)]
    allow_remote: bool,
    /// 起動したらブラウザで開く / open the browser once started
    #[arg(long)]
    open: bool,
    /// 評価基準日（既定は今日）/ as-of date, default today
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<chrono::NaiveDate>,
}

/// Runs the command: binds, prints the URL, serves until stopped.
pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<i32> {
    let lang = ctx.lang;
    let catalog = ctx.catalog()?;
    let remote = !args.bind.is_loopback();
    let server = crate::serve::bind(
        crate::serve::Options {
            dir: args.dir,
            bind: args.bind,
            port: args.port,
            allow_remote: args.allow_remote,
            lang,
            as_of: args.as_of,
        },
        catalog.clone(),
    )?;
    if remote {
        note(
            text!(
                ["警告: {} で待ち受けます。同じネットワークの誰でも接続を試みられます。トークンを他人に知らせないでください。", args.bind],
                ["warning: listening on {}; anyone on the network can try to connect. Keep the token to yourself.", args.bind]
            )
            .get(lang),
        );
    }
    // The URL goes to standard output (a script can read it); the rest to standard error.
    println!("{}", server.url());
    note(
        text!(
            ["sansho serve: 上の URL をブラウザで開いてください（Ctrl+C で終了）。"],
            ["sansho serve: open the URL above in a browser (Ctrl+C stops)."]
        )
        .get(lang),
    );
    if args.open {
        open_browser(server.url(), lang);
    }
    let unsaved = server.run()?;
    note(text!(["sansho serve を終了しました。"], ["sansho serve stopped."]).get(lang));
    if !unsaved.is_empty() {
        note(
            text!(
                [
                    "保存されていない変更がありました（破棄しました）: {}",
                    unsaved.join(", ")
                ],
                [
                    "changes that were never saved (discarded): {}",
                    unsaved.join(", ")
                ]
            )
            .get(lang),
        );
    }
    Ok(0)
}

/// Asks the desktop to open the URL; a failure only costs a note (the URL is printed).
fn open_browser(url: &str, lang: Lang) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        note(
            text!(
                ["ブラウザを開けませんでした。URL を手で開いてください。"],
                ["could not open a browser; open the URL yourself."]
            )
            .get(lang),
        );
    }
}
