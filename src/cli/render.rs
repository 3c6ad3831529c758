//! `sansho render`: the conformance disclosure, the SLA draft or the assessment report.

use super::{as_of, note, parse_date, print_stdout, Ctx};
use crate::error::{Error, Result};
use crate::evidence::{self, LoadOptions};
use crate::i18n::Lang;
use crate::output::write_atomic;
use crate::render::{self, DocKind, Format, RenderInput, RenderOptions};
use crate::text;
use std::path::PathBuf;

const EXAMPLES: &str = "\
例 / Examples:
  sansho render samples/strong/evidence.toml --doc disclosure --format pdf -o disclosure.pdf
  sansho render samples/typical/evidence.toml --doc sla --format html -o sla.html \\
      --profile samples/profiles/university-hospital.toml
  sansho render samples/weak/evidence.toml --doc report --lang en > report.md

-o がないとき Markdown と HTML は標準出力へ出力します。PDF には -o が必要です。
既存のファイルは --force なしでは上書きしません。出力は一時ファイルに書いてから置き換えます。";

/// Arguments of `sansho render`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
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
}

/// Runs the command.
pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<i32> {
    let lang = ctx.lang;
    if args.format == Format::Pdf && args.output.is_none() {
        return Err(Error::Usage(text!(
            ["PDF は -o で出力先を指定してください（端末には出力しません）。"],
            ["PDF output needs -o PATH (it is not written to a terminal)."]
        )));
    }
    let catalog = ctx.catalog()?;
    let as_of = as_of(args.as_of);
    let loaded = evidence::load(
        &args.file,
        &catalog,
        &LoadOptions {
            check_files: false,
            as_of,
        },
    )?;
    if !loaded.warnings.is_empty() {
        note(&match lang {
            Lang::Ja => format!(
                "警告 {} 件があります（詳細は sansho validate {} で確認できます）。",
                loaded.warnings.len(),
                args.file.display()
            ),
            Lang::En => format!(
                "{} warning(s); see sansho validate {} for details.",
                loaded.warnings.len(),
                args.file.display()
            ),
        });
    }
    let profile = match &args.profile {
        Some(p) => Some(crate::profile::load(p, &catalog)?),
        None => None,
    };
    let font = match &args.font {
        Some(p) => Some(std::fs::read(p).map_err(|e| {
            Error::Usage(text!(
                ["フォント {} を読めません（{e}）。", p.display()],
                ["cannot read the font {} ({e}).", p.display()]
            ))
        })?),
        None => None,
    };
    let report = crate::score::score(&catalog, &loaded.evidence, profile.as_ref(), as_of);
    let input = RenderInput {
        catalog: &catalog,
        evidence: &loaded.evidence,
        evidence_sha256: &loaded.source.sha256,
        report: &report,
        profile: profile.as_ref(),
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
            write_atomic(path, &bytes, args.force, &inputs)?;
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
