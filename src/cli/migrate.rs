//! `sansho migrate`: rewrites an evidence file written for an older catalog, moving the
//! answers of withdrawn controls to their replacements (see `evidence::migrate`).

use super::{note, Ctx};
use crate::error::{Error, Result};
use crate::evidence::{self, migrate, LoadOptions};
use crate::i18n::Lang;
use crate::input::SourceFile;
use crate::text;
use crate::tree::Format;
use std::path::PathBuf;

const EXAMPLES: &str = "\
例 / Examples:
  sansho migrate evidence-2025.toml -o evidence-2026.toml
  sansho migrate old.json -o new.json --force

廃止された管理策への回答を後継の管理策へ移します。後継に回答があれば統合し、文章・文書・日付は
失われません。入力ファイルは書き換えず、-o の新しいファイルに書きます。
Moves the answers of withdrawn controls to their replacements (merging where the replacement
is answered; no text, document or date is lost). The input is never modified.";

/// What `sansho migrate` does, in `sansho --help` and in its own help.
pub(crate) const ABOUT: &str = "廃止された管理策への回答を後継へ移す / move answers of withdrawn controls to their replacements";

/// Arguments of `sansho migrate`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, after_help = EXAMPLES)]
pub struct Args {
    /// 移行するエビデンスファイル / the evidence file to migrate
    file: PathBuf,
    /// 書き出す新しいファイル / the new file to write
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// 既存の出力ファイルを上書きする / replace an existing output file
    #[arg(long)]
    force: bool,
}

/// Runs `sansho migrate`.
pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<i32> {
    let catalog = ctx.catalog()?;
    let opts = LoadOptions::default();
    let loaded = evidence::load(&args.file, catalog, &opts)?;
    let plan = migrate::plan(catalog, &loaded.evidence.answers);
    if plan.is_empty() {
        note(ctx.lang.pick(
            "廃止された管理策への回答はありません。移行は不要です（ファイルは書き出していません）。",
            "the file answers no withdrawn control; nothing to migrate (no file written).",
        ));
        return Ok(0);
    }
    let version = &catalog.meta.version;
    let text = &loaded.source.text;
    let migrated = match Format::of(&loaded.source) {
        Format::Toml => migrate::apply_toml(text, &plan, version, ctx.lang),
        Format::Json => migrate::apply_json(text, &plan),
    }
    .ok_or_else(|| {
        Error::Usage(text!(
            [
                "{} を書き換えられませんでした（answers の表が見つかりません）。",
                args.file.display()
            ],
            [
                "could not rewrite {} (no answers table found).",
                args.file.display()
            ]
        ))
    })?;
    // The result must load cleanly against today's catalog before anything is written.
    let name = args.output.display().to_string();
    let base = args.file.parent().map(PathBuf::from).unwrap_or_default();
    let (checked, diags) = evidence::check_source(
        SourceFile::from_text(name, migrated.clone()),
        &base,
        catalog,
        &opts,
    );
    if checked.is_none() {
        return Err(Error::Invalid(diags));
    }
    super::write_output(&args.output, migrated.as_bytes(), args.force, &[&args.file])?;
    for m in &plan.moves {
        let line = match (ctx.lang, m.merged) {
            (Lang::Ja, false) => format!("  {} → {}（移動）", m.from, m.to),
            (Lang::Ja, true) => format!("  {} → {}（既存の回答と統合）", m.from, m.to),
            (Lang::En, false) => format!("  {} → {} (moved)", m.from, m.to),
            (Lang::En, true) => {
                format!("  {} → {} (merged with the existing answer)", m.from, m.to)
            }
        };
        note(&line);
    }
    note(&match ctx.lang {
        Lang::Ja => format!(
            "{} 件の回答を移し、{} に書き出しました（カタログ {version}）。",
            plan.moves.len(),
            args.output.display()
        ),
        Lang::En => format!(
            "moved {} answer(s) and wrote {} (catalog {version}).",
            plan.moves.len(),
            args.output.display()
        ),
    });
    Ok(0)
}
