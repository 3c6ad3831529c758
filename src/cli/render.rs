//! `sansho render` (being written).

use super::Ctx;
use crate::error::{Error, Result};

/// Arguments of `sansho render`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 入力ファイル / input file
    file: Option<std::path::PathBuf>,
}

/// Runs the command.
pub(crate) fn run(_ctx: &Ctx, _args: Args) -> Result<i32> {
    Err(Error::Usage(crate::text!(
        ["未実装です"],
        ["not implemented yet"]
    )))
}
