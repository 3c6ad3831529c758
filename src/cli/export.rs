//! `sansho export`: the questionnaire workbook vendors fill in (`xlsx`) and OSCAL documents
//! for other compliance tools (`oscal`).

use super::{as_of, note, parse_date, write_output, Ctx};
use crate::error::{Error, Result};
use crate::evidence::{self, LoadOptions};
use crate::i18n::Lang;
use crate::interchange::oscal::{self, Model};
use crate::interchange::xlsx::{questionnaire, ExportOptions};
use crate::score::score;
use std::path::{Path, PathBuf};

const XLSX_EXAMPLES: &str = "\
例 / Examples:
  sansho export xlsx -o questionnaire.xlsx                                  # 白紙の質問票
  sansho export xlsx samples/typical/evidence.toml -o questionnaire.xlsx    # 回答を記入済みで
  sansho export xlsx evidence.toml -o q.xlsx --profile samples/profiles/university-hospital.toml

記入後は `sansho import xlsx questionnaire.xlsx -o evidence.toml` で読み込みます。
Fill it in, then `sansho import xlsx questionnaire.xlsx -o evidence.toml` reads it back.";

const OSCAL_EXAMPLES: &str = "\
例 / Examples:
  sansho export oscal --model catalog -o catalog.json
  sansho export oscal --model profile samples/profiles/university-hospital.toml -o profile.json
  sansho export oscal --model assessment-results samples/typical/evidence.toml -o ar.json --as-of 2026-12-01
  sansho export oscal --model poam samples/weak/evidence.toml -o poam.json

OSCAL 1.2.1（JSON）。UUID は入力から決まる（v5）ため、同じ入力からは同じファイルができます。
OSCAL 1.2.1 JSON; UUIDs are derived from the input (v5), so the same input gives the same file.";

/// Examples of `sansho export --help`.
pub(crate) const GROUP_EXAMPLES: &str = "\
例 / Examples:
  sansho export xlsx samples/typical/evidence.toml -o questionnaire.xlsx
  sansho export oscal --model catalog -o catalog.json";

/// What to export.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Excel の質問票を書き出す / write the Excel questionnaire
    #[command(after_help = XLSX_EXAMPLES)]
    Xlsx(XlsxArgs),
    /// OSCAL 1.2.1 の JSON を書き出す / write an OSCAL 1.2.1 JSON document
    #[command(after_help = OSCAL_EXAMPLES)]
    Oscal(OscalArgs),
}

/// Arguments of `sansho export xlsx`.
#[derive(Debug, clap::Args)]
pub struct XlsxArgs {
    /// 回答を記入しておくエビデンスファイル（省略時は白紙）/ evidence file to pre-fill from (blank without)
    #[arg(value_name = "EVIDENCE")]
    evidence: Option<PathBuf>,
    /// 書き出す質問票（.xlsx、- で標準出力）/ the workbook to write (- for standard output)
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// 医療機関の要件プロファイル（SLA の要件を並べて表示）/ a hospital profile (its SLA thresholds are shown)
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// 評価基準日（既定: エビデンスの作成日、なければ今日）/ as-of date (default: the evidence's prepared_on, else today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<chrono::NaiveDate>,
    /// 既存のファイルを上書きする / overwrite an existing file
    #[arg(long)]
    force: bool,
}

/// Arguments of `sansho export oscal`.
#[derive(Debug, clap::Args)]
pub struct OscalArgs {
    /// 書き出す OSCAL モデル / the OSCAL model to write
    #[arg(long, value_enum)]
    model: Model,
    /// profile では要件プロファイル、assessment-results と poam ではエビデンスファイル / the profile (model profile) or the evidence file (assessment-results, poam)
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    /// 書き出す JSON（- で標準出力）/ the JSON file to write (- for standard output)
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// 採点に使う要件プロファイル（assessment-results、poam）/ a profile to score against (assessment-results, poam)
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// 評価基準日（既定: 今日）/ as-of date (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<chrono::NaiveDate>,
    /// 既存のファイルを上書きする / overwrite an existing file
    #[arg(long)]
    force: bool,
}

/// Runs the command.
pub(crate) fn run(ctx: &Ctx, cmd: Command) -> Result<i32> {
    match cmd {
        Command::Xlsx(a) => xlsx(ctx, a),
        Command::Oscal(a) => oscal_run(ctx, a),
    }
}

fn xlsx(ctx: &Ctx, args: XlsxArgs) -> Result<i32> {
    let catalog = ctx.catalog()?;
    let profile = args
        .profile
        .as_deref()
        .map(|p| crate::profile::load(p, catalog))
        .transpose()?;
    let evidence = match &args.evidence {
        Some(path) => {
            let opts = LoadOptions {
                check_files: false,
                as_of: as_of(args.as_of),
            };
            Some(evidence::load(path, catalog, &opts)?.evidence)
        }
        None => None,
    };
    let as_of = args
        .as_of
        .or(evidence.as_ref().map(|e| e.vendor.prepared_on))
        .unwrap_or_else(|| as_of(None));
    let opts = ExportOptions {
        lang: ctx.lang,
        as_of,
        profile: profile.as_ref(),
    };
    let bytes = questionnaire(catalog, evidence.as_ref(), &opts)?;
    let inputs = inputs(&[args.evidence.as_deref(), args.profile.as_deref()]);
    if !write_output(&args.output, &bytes, args.force, &inputs)? {
        return Ok(0);
    }
    let shown = args.output.display();
    note(&match ctx.lang {
        Lang::Ja => format!(
            "{shown} を書き出しました（管理策 {} 件）。黄色の欄に記入し、`sansho import xlsx {shown} -o evidence.toml` で読み込んでください。",
            catalog.controls.len()
        ),
        Lang::En => format!(
            "wrote {shown} ({} controls); fill in the yellow cells, then `sansho import xlsx {shown} -o evidence.toml`.",
            catalog.controls.len()
        ),
    });
    Ok(0)
}

fn inputs<'a>(paths: &[Option<&'a Path>]) -> Vec<&'a Path> {
    paths.iter().flatten().copied().collect()
}

fn oscal_run(ctx: &Ctx, args: OscalArgs) -> Result<i32> {
    let catalog = ctx.catalog()?;
    let as_of = as_of(args.as_of);
    let need_file = |what: (&str, &str)| {
        Error::Usage(crate::text!(
            [
                "--model {} には {} を指定してください。",
                args.model.as_str(),
                what.0
            ],
            ["--model {} needs {}.", args.model.as_str(), what.1]
        ))
    };
    let json = match args.model {
        Model::Catalog => oscal::catalog(catalog, ctx.lang, as_of),
        Model::Profile => {
            let file = args
                .file
                .as_deref()
                .ok_or_else(|| need_file(("要件プロファイル", "a profile file")))?;
            let profile = crate::profile::load(file, catalog)?;
            oscal::profile(catalog, &profile, ctx.lang, as_of)
        }
        Model::AssessmentResults | Model::Poam => {
            let file = args
                .file
                .as_deref()
                .ok_or_else(|| need_file(("エビデンスファイル", "an evidence file")))?;
            let opts = LoadOptions {
                check_files: false,
                as_of,
            };
            let loaded = evidence::load(file, catalog, &opts)?;
            let profile = args
                .profile
                .as_deref()
                .map(|p| crate::profile::load(p, catalog))
                .transpose()?;
            let report = score(catalog, &loaded.evidence, profile.as_ref(), as_of);
            let input = oscal::AssessmentInput {
                catalog,
                evidence: &loaded.evidence,
                report: &report,
                evidence_file: &file.display().to_string(),
                evidence_sha256: &loaded.source.sha256,
                lang: ctx.lang,
            };
            if args.model == Model::Poam {
                oscal::poam(&input)
            } else {
                oscal::assessment_results(&input)
            }
        }
    };
    let inputs = inputs(&[args.file.as_deref(), args.profile.as_deref()]);
    if !write_output(&args.output, json.as_bytes(), args.force, &inputs)? {
        return Ok(0);
    }
    let shown = args.output.display();
    note(&match ctx.lang {
        Lang::Ja => format!(
            "{shown} を書き出しました（OSCAL {} {}）。",
            oscal::OSCAL_VERSION,
            args.model.as_str()
        ),
        Lang::En => format!(
            "wrote {shown} (OSCAL {} {}).",
            oscal::OSCAL_VERSION,
            args.model.as_str()
        ),
    });
    Ok(0)
}
