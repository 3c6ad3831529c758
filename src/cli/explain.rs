//! `sansho explain [CODE]`: what a diagnostic code means and how to fix it, like
//! `rustc --explain`; without a code, every code with its summary.

use super::{print_stdout, Ctx};
use crate::diag::codes::{self, CODES};
use crate::error::{Error, Result};
use crate::text;

const AFTER_HELP: &str = "\
例 / Examples:
  sansho explain E-DOC-DATES
  sansho explain w-doc-expired --lang en
  sansho explain                       # 全コードの一覧 / every code
  sansho explain --format md > docs/diagnostics.md";

/// Output formats of `explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 端末向けの文章 / text for the terminal
    Text,
    /// Markdown（全コード、docs/diagnostics.md と同じ）/ Markdown of every code, as docs/diagnostics.md
    Md,
}

/// What `sansho explain` does, in `sansho --help` and in its own help.
pub(crate) const ABOUT: &str = "診断コードの説明を表示する / explain a diagnostic code";

/// Arguments of `sansho explain`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, after_help = AFTER_HELP)]
pub struct Args {
    /// 診断コード（大文字小文字は問わない）/ a diagnostic code (any case)
    code: Option<String>,
    /// 出力形式 / output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Runs the command.
pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<i32> {
    match (args.code, args.format) {
        (None, Format::Md) => print_stdout(&codes::markdown()),
        (None, Format::Text) => print_stdout(&codes::list(ctx.lang)),
        (Some(code), _) => {
            match codes::lookup(code.trim()) {
                Some(info) => print_stdout(&codes::explain(info, ctx.lang)),
                None => {
                    let upper = code.trim().to_ascii_uppercase();
                    let hint = crate::suggest::closest(&upper, CODES.iter().map(|c| c.code))
                        .map(|s| text!(["「{s}」のことですか？"], [" Did you mean {s}?"]))
                        .map_or((String::new(), String::new()), |t| (t.ja, t.en));
                    let shown = crate::diag::visible(&code).into_owned();
                    Err(Error::Usage(text!(
                    ["診断コード {shown} はありません。{}一覧は sansho explain で表示できます。", hint.0],
                    ["there is no diagnostic code {shown}.{} sansho explain lists them all.", hint.1]
                )))
                }
            }
        }
    }
}
