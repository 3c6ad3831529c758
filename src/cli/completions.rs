//! `sansho completions SHELL`: a completion script generated from the same clap definitions
//! as the parser, so it never lists an option that does not exist.

use super::{print_stdout_bytes, Ctx};
use crate::error::Result;

const AFTER_HELP: &str = "\
例 / Examples:
  sansho completions bash > ~/.local/share/bash-completion/completions/sansho
  sansho completions zsh > \"${fpath[1]}/_sansho\"
  sansho completions fish > ~/.config/fish/completions/sansho.fish
  sansho completions powershell >> $PROFILE";

/// What `sansho completions` does, in `sansho --help` and in its own help.
pub(crate) const ABOUT: &str = "シェルの補完スクリプトを出力する / print a shell completion script";

/// Arguments of `sansho completions`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, after_help = AFTER_HELP)]
pub struct Args {
    /// シェル / the shell
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Prints the script.
pub(crate) fn run(_ctx: &Ctx, args: Args) -> Result<i32> {
    let mut cmd = super::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "sansho", &mut out);
    print_stdout_bytes(&out)
}
