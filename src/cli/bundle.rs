//! `sansho bundle EVIDENCE --key vendor.key -o X.sansho.zip`: the evidence file, every
//! document it cites, the disclosure and SLA draft as PDF and a manifest of their SHA-256,
//! signed — one file a hospital can check with `sansho verify X.sansho.zip --pubkey
//! vendor.pub`. The documents must be present and match their hashes (as with
//! `validate --check-files`); the same input and key always give the same bundle.

use super::{as_of, note, parse_date, Ctx};
use crate::audit::{bundle, keys, manifest::read_bounded};
use crate::error::{Error, Result};
use crate::evidence::{self, LoadOptions};
use crate::output::write_atomic;
use crate::text;
use std::path::PathBuf;

const EXAMPLES: &str = "\
例 / Examples:
  sansho keygen -o vendor.key
  sansho bundle samples/strong/evidence.toml --key vendor.key -o disclosure-2026.sansho.zip
  sansho verify disclosure-2026.sansho.zip --pubkey vendor.pub

文書ファイルはすべて存在し、SHA-256 が記載と一致している必要があります（validate --check-files と同じ確認）。
PDF は --lang の言語で、--as-of の時点の内容で作ります。
Every document must exist and match its SHA-256; the PDFs use --lang and --as-of.";

/// What `sansho bundle` does, in `sansho --help` and in its own help.
pub(crate) const ABOUT: &str =
    "開示書一式を署名つきバンドル（zip）にする / package a signed disclosure bundle (zip)";

/// Arguments of `sansho bundle`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, after_help = EXAMPLES)]
pub struct Args {
    /// エビデンスファイル / the evidence file
    file: PathBuf,
    /// 署名に使う秘密鍵（sansho keygen で作成）/ the secret key to sign with (from sansho keygen)
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// 出力するバンドル（.sansho.zip）/ the bundle to write (.sansho.zip)
    #[arg(short, long, value_name = "PATH")]
    output: PathBuf,
    /// 既存のファイルを上書きする / overwrite an existing file
    #[arg(long)]
    force: bool,
    /// 評価基準日（既定は今日）/ as-of date, default today
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<chrono::NaiveDate>,
}

/// Runs the command.
pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<i32> {
    let catalog = ctx.catalog()?;
    let as_of = as_of(args.as_of);
    let key_text = read_bounded(&args.key, crate::input::MAX_INPUT_BYTES)?;
    let key = keys::parse_secret(&String::from_utf8_lossy(&key_text)).map_err(|e| {
        Error::Usage(text!(
            ["{} は sansho の秘密鍵として読めません（{e}）。sansho keygen で作った .key を指定してください。", args.key.display()],
            ["{} is not a readable sansho secret key ({e}); give the .key written by sansho keygen.", args.key.display()]
        ))
    })?;
    let loaded = evidence::load(
        &args.file,
        catalog,
        &LoadOptions {
            check_files: true,
            as_of,
        },
    )?;
    let lang = ctx.lang;
    if !loaded.warnings.is_empty() {
        let (n, f) = (loaded.warnings.len(), args.file.display());
        note(
            text!(
                ["警告: エビデンスファイルに警告が {n} 件あります（詳しくは sansho validate {f} --check-files）。"],
                ["warning: the evidence file has {n} warning(s); see sansho validate {f} --check-files."]
            )
            .get(lang),
        );
    }
    let report = crate::score::score(catalog, &loaded.evidence, None, as_of);
    let bytes = bundle::create(catalog, &loaded, &report, lang, &key)?;
    write_atomic(&args.output, &bytes, args.force, &[&args.file, &args.key])?;
    let kb = bytes.len().div_ceil(1024);
    note(
        text!(
            [
                "バンドルを書き出しました: {}（{kb} KB）。公開鍵の指紋 {}",
                args.output.display(),
                keys::fingerprint(&key.verifying_key())
            ],
            [
                "wrote the bundle {} ({kb} KB); public key fingerprint {}",
                args.output.display(),
                keys::fingerprint(&key.verifying_key())
            ]
        )
        .get(lang),
    );
    Ok(0)
}
