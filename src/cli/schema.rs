//! `sansho schema KIND`: print a JSON Schema so editors can check files as they are typed.

use super::{print_stdout, Ctx};
use crate::error::Result;
use crate::schema::SchemaKind;

/// What `sansho schema` does, in `sansho --help` and in its own help.
pub(crate) const ABOUT: &str =
    "入力ファイルの JSON Schema を出力する / print the JSON Schema of an input file";

/// Arguments of `sansho schema`.
#[derive(Debug, clap::Args)]
#[command(
    about = ABOUT,
    after_help = "例 / Example:\n  sansho schema evidence > evidence.schema.json\n  # TOML では先頭に #:schema ./evidence.schema.json と書くと Taplo / VS Code が補完・検査します"
)]
pub struct Args {
    /// どの入力のスキーマか / which input's schema
    #[arg(value_enum)]
    kind: SchemaKind,
}

/// Prints the schema.
pub(crate) fn run(_ctx: &Ctx, args: Args) -> Result<i32> {
    print_stdout(args.kind.text())
}
