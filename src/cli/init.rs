//! `sansho init`: write an evidence-file template with every applicable control.

use super::{note, print_stdout, write_output, Ctx};
use crate::error::Result;
use crate::evidence::{self, InitOptions};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
例 / Examples:
  sansho init --vendor \"株式会社サンプルクラウド\" --service \"サンプル電子カルテ クラウド\" -o evidence.toml
  sansho --lang en init --vendor \"Sample Cloud\" --service EHR --scope external_storage,phr

適用範囲のフラグ / scope flags: external_storage（外部保存）, esignature（電子署名）,
  online_consultation（オンライン診療）, phr（PHR）
書き出したファイルはそのまま `sansho validate` に通ります（全管理策が not_implemented の状態）。
The file validates as written (every control starts as not_implemented).";

/// What `sansho init` does, in `sansho --help` and in its own help.
pub(crate) const ABOUT: &str =
    "記入用のエビデンスファイルを作る / write an evidence file template to fill in";

/// Arguments of `sansho init`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, after_help = AFTER_HELP)]
pub struct Args {
    /// 事業者名 / company name
    #[arg(long, value_name = "NAME")]
    vendor: String,
    /// サービス名 / service name
    #[arg(long, value_name = "NAME")]
    service: String,
    /// 適用範囲のフラグ（カンマ区切り）/ scope flags, comma-separated
    #[arg(long, value_name = "FLAG,…", value_delimiter = ',')]
    scope: Vec<String>,
    /// 出力先（省略時と - は標準出力）/ output file (default and -: standard output)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// 既存のファイルを上書きする / overwrite an existing file
    #[arg(long)]
    force: bool,
}

/// Runs the command.
pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<i32> {
    let catalog = ctx.catalog()?;
    let scope = evidence::parse_scope(&args.scope)?;
    let opts = InitOptions {
        vendor: &args.vendor,
        service: &args.service,
        scope,
        prepared_on: super::as_of(None),
        lang: ctx.lang,
    };
    let text = evidence::template(catalog, &opts)?;
    let Some(path) = args.output else {
        return print_stdout(&text);
    };
    if !write_output(&path, text.as_bytes(), args.force, &[])? {
        return Ok(0);
    }
    let n = text.lines().filter(|l| l.starts_with("[answers.")).count();
    let shown = path.display();
    note(&match ctx.lang {
        crate::i18n::Lang::Ja => format!(
            "{shown} を作成しました（管理策 {n} 件）。記入したら `sansho validate {shown}` で確認してください。"
        ),
        crate::i18n::Lang::En => format!(
            "wrote {shown} ({n} controls); check it with `sansho validate {shown}` once filled in."
        ),
    });
    Ok(0)
}
