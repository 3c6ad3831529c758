//! `sansho render`: the conformance disclosure, the SLA draft or the assessment report.

use super::{as_of, note, parse_date, print_stdout, write_output, Ctx};
use crate::error::{Error, Result};
use crate::evidence::{self, LoadOptions};
use crate::i18n::Lang;
use crate::render::{self, DocKind, Format, RenderInput, RenderOptions};
use crate::text;
use std::path::PathBuf;

const EXAMPLES: &str = "\
例 / Examples:
  sansho render samples/strong/evidence.toml --doc disclosure --format pdf -o disclosure.pdf
  sansho render samples/typical/evidence.toml --doc sla --format html -o sla.html \\
      --profile samples/profiles/university-hospital.toml
  sansho render samples/weak/evidence.toml --doc report --lang en > report.md

  sansho render - --doc report < evidence.toml              # 標準入力から / from standard input
  sansho render evidence.toml --doc disclosure --format pdf -o - | lpr

-o がないとき Markdown と HTML は標準出力へ出力します。PDF には -o が必要です（-o - で標準出力）。
既存のファイルは --force なしでは上書きしません。出力は一時ファイルに書いてから置き換えます。
--check-files を付けると validate --check-files と同じく文書ファイルを確かめ、問題があれば作りません。
Markdown and HTML go to standard output without -o; PDF needs -o (-o - for standard output).
With --check-files the documents' files are checked as validate --check-files does, and nothing
is written when they fail.";

/// What `sansho render` does, in `sansho --help` and in its own help.
pub(crate) const ABOUT: &str =
    "開示書・SLA案・評価報告書を作る / render the disclosure, SLA draft or assessment report";

/// Arguments of `sansho render`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, after_help = EXAMPLES)]
pub struct Args {
    /// エビデンスファイル（TOML または JSON）/ the evidence file
    file: PathBuf,
    /// 作る文書 / which document
    #[arg(long, value_enum)]
    doc: DocKind,
    /// 出力形式 / output format
    #[arg(long, value_enum, default_value_t = Format::Md)]
    format: Format,
    /// 出力先ファイル / output file
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// 既存の出力ファイルを上書きする / overwrite an existing output file
    #[arg(long)]
    force: bool,
    /// 医療機関の要件プロファイル / a hospital requirement profile
    #[arg(long, value_name = "P")]
    profile: Option<PathBuf>,
    /// 評価基準日（既定は今日）/ as-of date, default today
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<chrono::NaiveDate>,
    /// 組み込みテンプレートを同名のファイルで置き換えるフォルダ / folder of replacement templates
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// PDF に使う TrueType フォント / TrueType font for the PDF
    #[arg(long, value_name = "PATH")]
    font: Option<PathBuf>,
    /// 文書ファイルの存在と sha256 を確かめ、問題があれば作らない / check each document's file and sha256 first; render nothing if one fails
    #[arg(long)]
    check_files: bool,
}

/// Fonts are larger than evidence files (a CJK font is 5–20 MiB).
const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// Runs the command.
pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<i32> {
    let lang = ctx.lang;
    if args.format == Format::Pdf && args.output.is_none() {
        return Err(Error::Usage(text!(
            ["PDF は -o で出力先を指定してください（端末には出力しません。標準出力に書くには -o - を指定します）。"],
            ["PDF output needs -o PATH (it is not written to a terminal; -o - writes it to standard output)."]
        )));
    }
    let catalog = ctx.catalog()?;
    let as_of = as_of(args.as_of);
    let loaded = evidence::load(
        &args.file,
        catalog,
        &LoadOptions {
            check_files: args.check_files,
            as_of,
        },
    )?;
    if !loaded.warnings.is_empty() {
        let (n, file) = (
            loaded.warnings.len(),
            crate::input::display_name(&args.file),
        );
        note(&match lang {
            Lang::Ja => format!(
                "エビデンスファイルに警告が {n} 件あります（詳細は sansho validate {file} で確認できます）。"
            ),
            Lang::En => format!("the evidence file has {n} warning(s); see sansho validate {file} for details."),
        });
    }
    let profile = match &args.profile {
        Some(p) => Some(crate::profile::load(p, catalog)?),
        None => None,
    };
    let font = match &args.font {
        Some(p) => Some(crate::input::read_bounded(p, MAX_FONT_BYTES).map_err(|e| {
            let d = crate::input::read_error(&crate::input::display_name(p), e);
            Error::Usage(text!(
                ["フォントを読めません（--font）: {}", d.message.ja],
                ["cannot read the font (--font): {}", d.message.en]
            ))
        })?),
        None => None,
    };
    let report = crate::score::score(catalog, &loaded.evidence, profile.as_ref(), as_of);
    // With --check-files every file passed (or the load failed): record what was compared.
    let file_states = args.check_files.then(|| {
        evidence::file_states(
            &loaded.evidence,
            &crate::diag::Diagnostics(loaded.warnings.clone()),
        )
    });
    let evidence_file = crate::input::display_name(&args.file);
    let input = RenderInput {
        catalog,
        evidence: &loaded.evidence,
        evidence_sha256: &loaded.source.sha256,
        evidence_file: &evidence_file,
        report: &report,
        profile: profile.as_ref(),
        file_states: file_states.as_deref(),
        lang,
    };
    let options = RenderOptions {
        templates_dir: args.templates.as_deref(),
        font: font.as_deref(),
    };
    let bytes = render::render(args.doc, args.format, &input, &options)?;
    match &args.output {
        None => print_stdout(&String::from_utf8_lossy(&bytes)),
        Some(path) => {
            let mut inputs = vec![args.file.as_path()];
            inputs.extend(args.profile.as_deref());
            inputs.extend(args.font.as_deref());
            if !write_output(path, &bytes, args.force, &inputs)? {
                return Ok(0);
            }
            let kb = bytes.len().div_ceil(1024);
            note(&match lang {
                Lang::Ja => format!(
                    "{}を書き出しました: {}（{kb} KB）",
                    args.doc.title(lang),
                    path.display()
                ),
                Lang::En => format!(
                    "wrote the {}: {} ({kb} KB)",
                    args.doc.title(lang),
                    path.display()
                ),
            });
            Ok(0)
        }
    }
}
