//! `sansho import xlsx`: a filled-in questionnaire back to an evidence file.

use super::{as_of, note, parse_date, write_output, Ctx};
use crate::error::Result;
use crate::i18n::Lang;
use crate::interchange::xlsx::{read_questionnaire, ImportOptions};
use std::io::Write;
use std::path::PathBuf;

const EXAMPLES: &str = "\
例 / Examples:
  sansho import xlsx questionnaire.xlsx -o evidence.toml
  sansho import xlsx questionnaire.xlsx -o evidence.toml --as-of 2026-12-01 --force

読み込んだ内容は `sansho validate` と同じ検査を受け、誤りはシート名とセル（管理策!L12）で示します。
誤りが 1 つでもあれば何も書き出さず、終了コード 2 で終わります。
The workbook is checked like any evidence file; every problem names its cell (Controls!L12).
Nothing is written when there is an error (exit code 2).";

/// Examples of `sansho import --help`.
pub(crate) const GROUP_EXAMPLES: &str = "\
例 / Examples:
  sansho import xlsx questionnaire.xlsx -o evidence.toml";

/// What to import.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// 記入済みの Excel 質問票をエビデンスファイルにする / turn a filled-in questionnaire into an evidence file
    #[command(after_help = EXAMPLES)]
    Xlsx(XlsxArgs),
}

/// Arguments of `sansho import xlsx`.
#[derive(Debug, clap::Args)]
pub struct XlsxArgs {
    /// 記入済みの質問票（.xlsx）/ the filled-in questionnaire (.xlsx)
    #[arg(value_name = "WORKBOOK")]
    workbook: PathBuf,
    /// 書き出すエビデンスファイル（- で標準出力）/ the evidence file to write (- for standard output)
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// 有効期限などを判断する基準日（既定: 今日）/ judge expiry as of this date (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<chrono::NaiveDate>,
    /// 既存のファイルを上書きする / overwrite an existing file
    #[arg(long)]
    force: bool,
}

/// Workbooks larger than this are refused: a filled questionnaire is well under 1 MiB.
const MAX_WORKBOOK_BYTES: u64 = 50 * 1024 * 1024;

/// Runs the command.
pub(crate) fn run(ctx: &Ctx, cmd: Command) -> Result<i32> {
    let Command::Xlsx(args) = cmd;
    let catalog = ctx.catalog()?;
    let name = crate::input::display_name(&args.workbook);
    let bytes = crate::input::read_bounded(&args.workbook, MAX_WORKBOOK_BYTES)
        .map_err(|e| crate::input::read_error(&name, e))?;
    let base_dir = match args.output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let opts = ImportOptions {
        as_of: as_of(args.as_of),
        lang: ctx.lang,
        base_dir,
    };
    let imported = read_questionnaire(&bytes, &name, catalog, &opts)?;
    let mut out = String::new();
    for w in &imported.warnings {
        out.push_str(&w.render(ctx.lang, ctx.color));
        out.push('\n');
    }
    let _ = std::io::stderr().write_all(out.as_bytes());
    if !write_output(
        &args.output,
        imported.toml.as_bytes(),
        args.force,
        &[&args.workbook],
    )? {
        return Ok(0);
    }
    let shown = args.output.display();
    let (a, d, w) = (
        imported.evidence.answers.len(),
        imported.evidence.documents.len(),
        imported.warnings.len(),
    );
    note(&match ctx.lang {
        Lang::Ja => format!(
            "{shown} を書き出しました（回答 {a} 件、文書 {d} 件、警告 {w} 件）。`sansho validate {shown} --check-files` で文書ファイルも確認できます。"
        ),
        Lang::En => format!(
            "wrote {shown} ({a} answer(s), {d} document(s), {w} warning(s)); `sansho validate {shown} --check-files` also checks the document files."
        ),
    });
    Ok(0)
}
