//! `sansho man`: the man pages, generated from the clap definitions (roff). The repository
//! keeps them in `docs/man/`; a test fails when they are stale.

use super::{note, print_stdout_bytes, Ctx};
use crate::error::{Error, Result};
use crate::text;
use std::path::PathBuf;

const AFTER_HELP: &str = "\
例 / Examples:
  sansho man | man -l -
  sansho man validate | man -l -
  sansho man --out-dir docs/man --force    # sansho.1 とサブコマンドごとのページ / every page";

/// What `sansho man` does, in `sansho --help` and in its own help.
pub(crate) const ABOUT: &str = "man ページを出力する / print the man page";

/// Arguments of `sansho man`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, after_help = AFTER_HELP)]
pub struct Args {
    /// このサブコマンドのページ（省略時は sansho(1)）/ the page of this subcommand (default: sansho(1))
    subcommand: Option<String>,
    /// 全ページ（sansho.1、sansho-<サブコマンド>.1）をこのフォルダに書く / write every page into this folder
    #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
    out_dir: Option<PathBuf>,
    /// 既存のページを上書きする / overwrite existing pages
    #[arg(long)]
    force: bool,
}

/// Every page: `sansho.1`, then `sansho-<subcommand>.1` in definition order.
pub(crate) fn pages() -> Vec<(String, Vec<u8>)> {
    // Built, so that each subcommand's deferred arguments are there; clap's own `help`
    // subcommand, which building would add, has no page.
    let mut cmd = super::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = vec![("sansho.1".to_string(), render(cmd.clone()))];
    for sub in cmd.get_subcommands() {
        let name = format!("sansho-{}", sub.get_name());
        let page = sub
            .clone()
            .display_name(name.clone())
            .bin_name(format!("sansho {}", sub.get_name()));
        out.push((format!("{name}.1"), render(page)));
    }
    out
}

fn render(cmd: clap::Command) -> Vec<u8> {
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = clap_mangen::Man::new(cmd).render(&mut buf);
    buf
}

/// Runs the command.
pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<i32> {
    let pages = pages();
    if let Some(dir) = &args.out_dir {
        for (name, bytes) in &pages {
            crate::output::write_atomic(&dir.join(name), bytes, args.force, &[])?;
        }
        note(
            text!(
                [
                    "{} ページを {} に書き出しました。",
                    pages.len(),
                    dir.display()
                ],
                ["wrote {} page(s) to {}.", pages.len(), dir.display()]
            )
            .get(ctx.lang),
        );
        return Ok(0);
    }
    let want = args
        .subcommand
        .as_deref()
        .map_or("sansho.1".to_string(), |s| format!("sansho-{s}.1"));
    match pages.iter().find(|(n, _)| *n == want) {
        Some((_, bytes)) => print_stdout_bytes(bytes),
        None => {
            let sub = args.subcommand.unwrap_or_default();
            Err(Error::Usage(text!(
                ["サブコマンド {sub} はありません。"],
                ["there is no subcommand {sub}."]
            )))
        }
    }
}
