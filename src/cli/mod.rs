//! The command line: argument definitions and dispatch. Thin on purpose: each subcommand
//! parses its arguments, calls the library and prints; errors are rendered once, here.

mod compare;
mod controls;
mod export;
mod import;
mod init;
mod migrate;
mod render;
mod schema;
mod score;
mod table;
mod validate;

use crate::catalog::{self, Catalog, CatalogSource};
use crate::error::Result;
use crate::i18n::Lang;
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
例 / Examples:
  sansho controls list --area technical
  sansho validate samples/strong/evidence.toml
  sansho score samples/typical/evidence.toml --profile samples/profiles/university-hospital.toml
  sansho render samples/strong/evidence.toml --doc disclosure --format pdf -o disclosure.pdf
  sansho compare samples/*/evidence.toml --profile samples/profiles/clinic.toml
  sansho export xlsx samples/typical/evidence.toml -o questionnaire.xlsx
  sansho import xlsx questionnaire.xlsx -o evidence.toml
  sansho export oscal --model catalog -o catalog.json

終了コード / Exit codes: 0 成功 ok · 1 基準未達 policy not met · 2 入力・使い方の誤り invalid input or usage";

/// sansho — 3省2ガイドライン適合の確認・スコアリング・開示書作成ツール
/// (3-ministry healthcare security guidelines: controls, evidence, scoring, documents).
#[derive(Debug, Parser)]
#[command(name = "sansho", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// メッセージと文書の言語 / language of messages and documents
    #[arg(long, global = true, value_enum, default_value_t = Lang::Ja)]
    lang: Lang,
    /// 組み込みの代わりに使う管理策カタログのフォルダ / use this controls folder instead of the built-in catalog
    #[arg(long, global = true, value_name = "DIR")]
    controls: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 管理策カタログを見る / browse the controls catalog
    #[command(subcommand)]
    Controls(controls::Command),
    /// エビデンスファイルを検証する / validate an evidence file
    Validate(validate::Args),
    /// 記入用のエビデンスファイルを作る / write an evidence file template to fill in
    Init(init::Args),
    /// 入力ファイルの JSON Schema を出力する / print the JSON Schema of an input file
    Schema(schema::Args),
    /// 採点し判定する / score an evidence file and give a verdict
    Score(score::Args),
    /// 開示書・SLA案・評価報告書を作る / render the disclosure, SLA draft or assessment report
    Render(render::Args),
    /// 複数の事業者を同じ基準で比べる / compare several vendors side by side
    Compare(compare::Args),
    /// 廃止された管理策への回答を後継へ移す / move answers of withdrawn controls to their replacements
    Migrate(migrate::Args),
    /// Excel の質問票や OSCAL を書き出す / write the Excel questionnaire or OSCAL documents
    #[command(subcommand)]
    Export(export::Command),
    /// 記入済みの Excel 質問票を読み込む / read a filled-in Excel questionnaire
    #[command(subcommand)]
    Import(import::Command),
}

/// What every subcommand needs: the language, whether to colour, where the catalog is.
pub(crate) struct Ctx {
    pub lang: Lang,
    pub color: bool,
    pub catalog_source: CatalogSource,
}

impl Ctx {
    /// Loads the catalog the user chose.
    pub fn catalog(&self) -> Result<Catalog> {
        catalog::load(&self.catalog_source)
    }
}

/// Runs sansho with the process arguments and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let ctx = Ctx {
        lang: cli.lang,
        color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        catalog_source: cli
            .controls
            .map_or(CatalogSource::Embedded, CatalogSource::Dir),
    };
    let result = match cli.command {
        Command::Controls(c) => controls::run(&ctx, c),
        Command::Validate(a) => validate::run(&ctx, a),
        Command::Init(a) => init::run(&ctx, a),
        Command::Schema(a) => schema::run(&ctx, a),
        Command::Score(a) => score::run(&ctx, a),
        Command::Render(a) => render::run(&ctx, a),
        Command::Compare(a) => compare::run(&ctx, a),
        Command::Migrate(a) => migrate::run(&ctx, a),
        Command::Export(c) => export::run(&ctx, c),
        Command::Import(c) => import::run(&ctx, c),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = std::io::stderr().write_all(e.render(ctx.lang, ctx.color).as_bytes());
            2
        }
    }
}

/// Writes to standard output, treating a closed pipe (`sansho … | head`) as success.
pub(crate) fn print_stdout(s: &str) -> Result<i32> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(0),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(crate::error::Error::Write {
            path: PathBuf::from("<stdout>"),
            source: e,
        }),
    }
}

/// Prints a progress or status line on standard error.
pub(crate) fn note(s: &str) {
    let _ = writeln!(std::io::stderr(), "{s}");
}

/// Parses `--as-of YYYY-MM-DD`.
pub(crate) fn parse_date(s: &str) -> std::result::Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("日付は YYYY-MM-DD で指定してください / use YYYY-MM-DD: {s}"))
}

/// The as-of date: the one given, else today's local date.
pub(crate) fn as_of(given: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    given.unwrap_or_else(|| chrono::Local::now().date_naive())
}
