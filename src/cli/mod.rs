//! The command line: argument definitions and dispatch. Thin on purpose: each subcommand
//! parses its arguments, calls the library and prints; errors are rendered once, here.

mod batch;
mod bundle;
mod compare;
mod completions;
mod controls;
mod diff;
mod explain;
mod export;
mod import;
mod init;
mod keygen;
mod man;
mod migrate;
mod render;
mod schema;
mod score;
mod serve;
mod table;
mod usage;
mod validate;
mod verify;

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

  sansho explain E-DOC-DATES
  sansho completions bash > ~/.local/share/bash-completion/completions/sansho

入力の - は標準入力、-o - は標準出力です。/ - reads standard input; -o - writes standard output.
基準日の既定は今日（SOURCE_DATE_EPOCH があればその日付）。/ The as-of date defaults to today
(or to the date of SOURCE_DATE_EPOCH when set, for reproducible runs).

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
    /// CSV の先頭に BOM を付けない（既定は Excel 向けに付ける）/ no UTF-8 BOM at the start of CSV output (added by default for Excel)
    #[arg(long, global = true)]
    no_bom: bool,
}

// Each subcommand's arguments are built only when it runs (or for completions and the man
// page): building all of them was a twentieth of a `sansho score`. A deferred subcommand
// takes its about from its `Args`, so both name the same `ABOUT`.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
enum Command {
    /// 管理策カタログを見る / browse the controls catalog
    #[command(subcommand)]
    Controls(controls::Command),
    #[command(about = validate::ABOUT)]
    Validate(validate::Args),
    #[command(about = init::ABOUT)]
    Init(init::Args),
    #[command(about = schema::ABOUT)]
    Schema(schema::Args),
    #[command(about = score::ABOUT)]
    Score(score::Args),
    #[command(about = render::ABOUT)]
    Render(render::Args),
    #[command(about = compare::ABOUT)]
    Compare(compare::Args),
    #[command(about = diff::ABOUT)]
    Diff(diff::Args),
    #[command(about = verify::ABOUT)]
    Verify(verify::Args),
    #[command(about = keygen::ABOUT)]
    Keygen(keygen::Args),
    #[command(about = bundle::ABOUT)]
    Bundle(bundle::Args),
    #[command(about = explain::ABOUT)]
    Explain(explain::Args),
    #[command(about = completions::ABOUT)]
    Completions(completions::Args),
    #[command(about = man::ABOUT)]
    Man(man::Args),
    #[command(about = migrate::ABOUT)]
    Migrate(migrate::Args),
    #[command(about = serve::ABOUT)]
    Serve(serve::Args),
    /// Excel の質問票や OSCAL を書き出す / write the Excel questionnaire or OSCAL documents
    #[command(subcommand, after_help = export::GROUP_EXAMPLES)]
    Export(export::Command),
    /// 記入済みの Excel 質問票を読み込む / read a filled-in Excel questionnaire
    #[command(subcommand, after_help = import::GROUP_EXAMPLES)]
    Import(import::Command),
}

/// What every subcommand needs: the language, whether to colour, where the catalog is.
pub(crate) struct Ctx {
    pub lang: Lang,
    pub color: bool,
    pub catalog_source: CatalogSource,
    /// Start CSV output with a UTF-8 BOM (`--no-bom` turns it off).
    pub bom: bool,
}

impl Ctx {
    /// Loads the catalog the user chose, for the rest of the run. It is never freed: a run
    /// loads one catalog and ends, and freeing its thousands of strings at exit was a
    /// twentieth of a `sansho score`.
    pub fn catalog(&self) -> Result<&'static Catalog> {
        catalog::load(&self.catalog_source).map(|c| &*Box::leak(Box::new(c)))
    }
}

/// Runs sansho with the process arguments and returns the exit code.
pub fn main() -> i32 {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => return usage::report(&e, usage::lang_of(&args)),
    };
    let ctx = Ctx {
        lang: cli.lang,
        color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        catalog_source: cli
            .controls
            .map_or(CatalogSource::Embedded, CatalogSource::Dir),
        bom: !cli.no_bom,
    };
    let result = match cli.command {
        Command::Controls(c) => controls::run(&ctx, c),
        Command::Validate(a) => validate::run(&ctx, a),
        Command::Init(a) => init::run(&ctx, a),
        Command::Schema(a) => schema::run(&ctx, a),
        Command::Score(a) => score::run(&ctx, a),
        Command::Render(a) => render::run(&ctx, a),
        Command::Compare(a) => compare::run(&ctx, a),
        Command::Diff(a) => diff::run(&ctx, a),
        Command::Verify(a) => verify::run(&ctx, a),
        Command::Keygen(a) => keygen::run(&ctx, a),
        Command::Bundle(a) => bundle::run(&ctx, a),
        Command::Explain(a) => explain::run(&ctx, a),
        Command::Completions(a) => completions::run(&ctx, a),
        Command::Man(a) => man::run(&ctx, a),
        Command::Migrate(a) => migrate::run(&ctx, a),
        Command::Serve(a) => serve::run(&ctx, a),
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
    print_stdout_bytes(s.as_bytes())
}

/// [`print_stdout`] for bytes that need not be text (a PDF asked for with `-o -`).
pub(crate) fn print_stdout_bytes(bytes: &[u8]) -> Result<i32> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
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

/// Writes an output: to standard output for `-o -`, else atomically to the file (see
/// [`crate::output::write_atomic`]). Returns whether a file was written.
pub(crate) fn write_output(
    path: &std::path::Path,
    bytes: &[u8],
    force: bool,
    inputs: &[&std::path::Path],
) -> Result<bool> {
    if crate::input::is_stdio(path) {
        print_stdout_bytes(bytes)?;
        return Ok(false);
    }
    crate::output::write_atomic(path, bytes, force, inputs)?;
    Ok(true)
}

/// Parses `--as-of YYYY-MM-DD`. The message is `日本語 / English` ([`usage`] picks one).
pub(crate) fn parse_date(s: &str) -> std::result::Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        "YYYY-MM-DD の形の実在する日付で指定してください / use an existing date as YYYY-MM-DD"
            .to_string()
    })
}

/// The as-of date: the one given, else the date of `SOURCE_DATE_EPOCH` (seconds since 1970,
/// UTC) when set — the reproducible-builds convention, so that a pipeline can pin "today" —
/// else today's local date.
pub(crate) fn as_of(given: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    given.unwrap_or_else(|| {
        std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
            .map(|t| t.date_naive())
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    })
}

/// The whole command line as clap sees it, for completions and man pages.
pub(crate) fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}
