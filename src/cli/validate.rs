//! `sansho validate`: check an evidence file and report every problem at once.

use super::{as_of, parse_date, print_stdout, Ctx};
use crate::diag::Diagnostics;
use crate::error::Result;
use crate::evidence::{self, LoadOptions, LoadedEvidence};
use crate::i18n::Lang;
use std::io::Write;
use std::path::PathBuf;

const AFTER_HELP: &str = "\
例 / Examples:
  sansho validate evidence.toml
  sansho validate evidence.toml --check-files --as-of 2026-12-01
  sansho validate evidence.toml --profile samples/profiles/university-hospital.toml
  sansho validate evidence.json --format json --lang en
  curl -s https://vendor.example/evidence.toml | sansho validate -

診断（エラー・警告）と要約は標準エラー出力に、--format json の結果は標準出力に書きます。
Diagnostics and the summary go to standard error; --format json writes to standard output.

終了コード / Exit codes: 0 有効（警告のみを含む）valid, warnings allowed · 2 無効 invalid";

/// What `sansho validate` does, in `sansho --help` and in its own help.
pub(crate) const ABOUT: &str = "エビデンスファイルを検証する / validate an evidence file";

/// Arguments of `sansho validate`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, after_help = AFTER_HELP)]
pub struct Args {
    /// エビデンスファイル（TOML または JSON、- は標準入力）/ evidence file (TOML or JSON; - for standard input)
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// 文書ファイルの存在と sha256 も確認する / also open each document's file and check its sha256
    #[arg(long)]
    check_files: bool,
    /// 有効期限などを判断する基準日（既定: 今日）/ judge expiry as of this date (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<chrono::NaiveDate>,
    /// 出力形式 / output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// SLA の整合性を医療機関の要件プロファイルとも照合する / also check the SLA against a hospital requirement profile
    #[arg(long, value_name = "P")]
    profile: Option<PathBuf>,
}

/// Output formats of `validate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// コードフレーム付きの文章 / text with code frames
    Text,
    /// 機械処理用の JSON / JSON data
    Json,
}

/// Runs the command: 0 when the file is valid (warnings allowed), 2 when not.
pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<i32> {
    let catalog = ctx.catalog()?;
    let opts = LoadOptions {
        check_files: args.check_files,
        as_of: as_of(args.as_of),
    };
    let (loaded, mut diags) = evidence::check(&args.file, catalog, &opts);
    let profile = match &args.profile {
        Some(p) => Some(crate::profile::load(p, catalog)?),
        None => None,
    };
    if let Some(l) = &loaded {
        // SLA values that contradict each other (or the profile) are warnings.
        let checks = crate::score::sla_checks::check(catalog, &l.evidence, profile.as_ref());
        diags.0.extend(crate::score::sla_checks::diagnostics(
            &checks,
            &l.source,
            l.tree.as_ref(),
        ));
    }
    let code = if loaded.is_some() { 0 } else { 2 };
    let summary = summary(loaded.as_ref(), &diags, ctx.lang);
    match args.format {
        Format::Text => {
            let mut out = diags.render_items(ctx.lang, ctx.color);
            out.push_str(&summary);
            out.push('\n');
            let _ = std::io::stderr().write_all(out.as_bytes());
        }
        Format::Json => {
            let mut v = diags.to_json(ctx.lang);
            if let Some(o) = v.as_object_mut() {
                o.insert("file".into(), crate::input::display_name(&args.file).into());
                o.insert("valid".into(), loaded.is_some().into());
                o.insert(
                    "answers".into(),
                    loaded.as_ref().map(|l| l.evidence.answers.len()).into(),
                );
                o.insert(
                    "documents".into(),
                    loaded.as_ref().map(|l| l.evidence.documents.len()).into(),
                );
                o.insert("summary".into(), summary.into());
            }
            let text = serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
            print_stdout(&text)?;
        }
    }
    Ok(code)
}

/// The one-line verdict printed after the diagnostics.
fn summary(loaded: Option<&LoadedEvidence>, diags: &Diagnostics, lang: Lang) -> String {
    let (e, w) = (diags.error_count(), diags.warning_count());
    match (loaded, lang) {
        (Some(l), Lang::Ja) => {
            let (a, d) = (l.evidence.answers.len(), l.evidence.documents.len());
            let warn = if w > 0 {
                format!("（警告 {w} 件）")
            } else {
                String::new()
            };
            format!("検証に成功しました: 回答 {a} 件、文書 {d} 件{warn}")
        }
        (Some(l), Lang::En) => {
            let (a, d) = (l.evidence.answers.len(), l.evidence.documents.len());
            let warn = if w > 0 {
                format!(" ({w} warning(s))")
            } else {
                String::new()
            };
            format!("valid: {a} answer(s), {d} document(s){warn}")
        }
        (None, Lang::Ja) => {
            let warn = if w > 0 {
                format!("、警告 {w} 件")
            } else {
                String::new()
            };
            format!("検証に失敗しました: エラー {e} 件{warn}")
        }
        (None, Lang::En) => {
            let warn = if w > 0 {
                format!(", {w} warning(s)")
            } else {
                String::new()
            };
            format!("invalid: {e} error(s){warn}")
        }
    }
}
