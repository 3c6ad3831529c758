//! `sansho verify`: for auditors. Three forms:
//!
//! - `verify FILE` hashes every cited document and checks its dates (`--manifest OUT`
//!   records the result for later);
//! - `verify --manifest M` re-checks such a record;
//! - `verify BUNDLE.sansho.zip --pubkey vendor.pub` checks a signed bundle.
//!
//! Exit code 0 when everything matches, 1 when something differs (named), 2 when an input
//! cannot be read.

use super::{as_of, note, parse_date, print_stdout, Ctx};
use crate::audit::bundle::{self, Limits};
use crate::audit::manifest::{self, relative_path, Manifest};
use crate::audit::verify::{
    verify, DateState, FileState, VerifyReport, DEFAULT_EXPIRING_WITHIN_DAYS,
};
use crate::audit::{any_failure, keys, Check, Outcome};
use crate::error::{Error, Result};
use crate::evidence::{self, LoadOptions};
use crate::i18n::{format_date, Lang};
use crate::output::write_atomic;
use crate::text;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
例 / Examples:
  sansho verify samples/typical/evidence.toml --as-of 2026-12-01
  sansho verify evidence.toml --expiring-within 60 --manifest audit-2026.json
  sansho verify --manifest audit-2026.json                       # 後日の再確認 / re-check later
  sansho verify disclosure-2026.sansho.zip --pubkey vendor.pub   # 署名つきバンドル / a signed bundle

終了コード / Exit codes: 0 一致 all verified · 1 不一致・欠落あり something differs or is missing · 2 読めない入力 unreadable input";

/// Output formats of `verify`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 端末向け / for a terminal
    Text,
    /// JSON
    Json,
}

/// What `sansho verify` does, in `sansho --help` and in its own help.
pub(crate) const ABOUT: &str = "文書の SHA-256 と有効期限、マニフェスト、署名つきバンドルを確かめる / verify documents, a manifest or a signed bundle";

/// Arguments of `sansho verify`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, after_help = EXAMPLES)]
pub struct Args {
    /// エビデンスファイル、または署名つきバンドル（.zip）/ an evidence file, or a signed bundle (.zip)
    file: Option<PathBuf>,
    /// 評価基準日（既定は今日）/ as-of date, default today
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<chrono::NaiveDate>,
    /// この日数以内に期限が来る文書を示す / flag documents expiring within this many days
    #[arg(long, value_name = "DAYS", default_value_t = DEFAULT_EXPIRING_WITHIN_DAYS)]
    expiring_within: u32,
    /// 出力形式 / output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// FILE があれば結果を書き出すマニフェスト、なければ再確認するマニフェスト /
    /// with FILE: the manifest to write; alone: the manifest to re-check
    #[arg(long, value_name = "PATH")]
    manifest: Option<PathBuf>,
    /// バンドルの署名を確かめる公開鍵（sansho keygen の .pub）/ the vendor's public key for a bundle
    #[arg(long, value_name = "FILE")]
    pubkey: Option<PathBuf>,
    /// 既存のマニフェストを上書きする / overwrite an existing manifest
    #[arg(long)]
    force: bool,
}

/// Whether a file is a zip (its magic bytes, or the bundle's name).
fn is_zip(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 4];
    let by_magic = std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| magic == *b"PK\x03\x04" || magic == *b"PK\x05\x06");
    by_magic
        || path
            .to_str()
            .is_some_and(|s| s.ends_with(".zip") || s.ends_with(".sansho.zip"))
}

/// Runs the command.
pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<i32> {
    match (&args.file, &args.manifest) {
        (Some(f), _) if is_zip(f) => run_bundle(ctx, &args, f),
        (Some(f), _) => run_file(ctx, &args, f),
        (None, Some(m)) => run_manifest(ctx, &args, m),
        (None, None) => Err(Error::Usage(text!(
            ["確認するエビデンスファイル、バンドル、または --manifest を指定してください。"],
            ["give an evidence file, a bundle, or --manifest to re-check."]
        ))),
    }
}

fn run_file(ctx: &Ctx, args: &Args, file: &Path) -> Result<i32> {
    if args.pubkey.is_some() {
        return Err(Error::Usage(text!(
            ["--pubkey はバンドル（.zip）の確認に使います。"],
            ["--pubkey is for verifying a bundle (.zip)."]
        )));
    }
    let catalog = ctx.catalog()?;
    let as_of = as_of(args.as_of);
    let loaded = evidence::load(
        file,
        catalog,
        &LoadOptions {
            check_files: false,
            as_of,
        },
    )?;
    let report = crate::score::score(catalog, &loaded.evidence, None, as_of);
    let v = verify(&loaded, &report, args.expiring_within);
    let lang = ctx.lang;
    let out = match args.format {
        Format::Json => {
            let mut value = serde_json::to_value(&v).unwrap_or_default();
            if let Some(o) = value.as_object_mut() {
                o.insert("failed".into(), v.failed().into());
            }
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
        }
        Format::Text => text_report(&v, lang),
    };
    print_stdout(&out)?;
    if let Some(path) = &args.manifest {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let hashes: Vec<Option<String>> = v
            .documents
            .iter()
            .map(|d| d.actual_sha256.clone())
            .collect();
        let m = Manifest::new(&loaded, &report, relative_path(&dir, file), &hashes);
        write_atomic(path, &m.to_bytes(), args.force, &[file])?;
        note(
            text!(
                ["マニフェストを書き出しました: {}", path.display()],
                ["wrote the manifest: {}", path.display()]
            )
            .get(lang),
        );
    }
    Ok(i32::from(v.failed()))
}

fn file_state(s: FileState, lang: Lang) -> &'static str {
    s.label(lang)
}

fn text_report(v: &VerifyReport, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        text!(
            [
                "検証: {}（SHA-256 {}）· 基準日 {} · {} 日以内の期限を警告",
                v.file,
                crate::audit::short_hash(&v.sha256),
                format_date(v.as_of, Lang::Ja),
                v.expiring_within
            ],
            [
                "verify: {} (SHA-256 {}) · as of {} · flagging expiry within {} days",
                v.file,
                crate::audit::short_hash(&v.sha256),
                v.as_of,
                v.expiring_within
            ]
        )
        .get(lang)
    );
    let counts = [
        FileState::Match,
        FileState::Mismatch,
        FileState::Missing,
        FileState::Unreadable,
        FileState::NoHash,
        FileState::NoFile,
    ]
    .iter()
    .map(|s| format!("{} {}", file_state(*s, lang), v.count(*s)))
    .collect::<Vec<_>>()
    .join(" · ");
    let n = v.documents.len();
    let _ = writeln!(
        out,
        "{}",
        text!(["文書 {n} 件: {counts}"], ["{n} documents: {counts}"]).get(lang)
    );
    let _ = writeln!(
        out,
        "{}: {} {} · {} {} · {} {} · {} {}\n",
        lang.pick("期限", "dates"),
        lang.pick("有効", "valid"),
        v.count_dates(DateState::Valid),
        lang.pick("まもなく期限", "expiring soon"),
        v.count_dates(DateState::ExpiringSoon),
        lang.pick("期限切れ", "expired"),
        v.count_dates(DateState::Expired),
        lang.pick("発行前", "not yet issued"),
        v.count_dates(DateState::NotYetIssued)
    );
    for d in &v.documents {
        let bad = d.file.is_failure();
        let mark = if bad {
            "✗"
        } else if matches!(d.dates, DateState::Valid) && d.file != FileState::NoHash {
            "✓"
        } else {
            "!"
        };
        let (open, close) = (lang.pick("「", "\""), lang.pick("」", "\""));
        let mut line = format!(
            "{mark} {} {open}{}{close} {} — {}",
            d.id,
            crate::diag::visible(&d.title),
            d.path.as_deref().map_or("—", |p| p),
            file_state(d.file, lang)
        );
        if let Some(p) = &d.problem {
            let (lp, rp) = (lang.pick("（", " ("), lang.pick("）", ")"));
            let _ = write!(line, "{lp}{}{rp}", crate::diag::visible(p.get(lang)));
        }
        if d.file == FileState::Mismatch {
            let (w, a) = (
                d.declared_sha256
                    .as_deref()
                    .map_or_else(String::new, crate::audit::short_hash),
                d.actual_sha256
                    .as_deref()
                    .map_or_else(String::new, crate::audit::short_hash),
            );
            let _ = write!(
                line,
                "{}",
                text!(["（記載 {w}、実際 {a}）"], [" (written {w}, actual {a})"]).get(lang)
            );
        }
        let date = |x: chrono::NaiveDate| format_date(x, lang);
        match (d.dates, d.expires, d.days_left) {
            (DateState::Expired, Some(e), Some(n)) => {
                let _ = write!(
                    line,
                    "{}",
                    text!(
                        [" · {} に期限切れ（{} 日前）", date(e), -n],
                        [" · expired on {} ({} days ago)", date(e), -n]
                    )
                    .get(lang)
                );
            }
            (DateState::ExpiringSoon, Some(e), Some(n)) => {
                let _ = write!(
                    line,
                    "{}",
                    text!(
                        [" · {} に期限（あと {n} 日）", date(e)],
                        [" · expires on {} (in {n} days)", date(e)]
                    )
                    .get(lang)
                );
            }
            (DateState::NotYetIssued, ..) => {
                let i = d.issued.map_or_else(String::new, date);
                let _ = write!(
                    line,
                    "{}",
                    text!(
                        [" · 発行日 {i} が基準日より後"],
                        [" · issued {i}, after the as-of date"]
                    )
                    .get(lang)
                );
            }
            _ => {}
        }
        let _ = writeln!(out, "{line}");
    }
    if !v.unsupported_controls.is_empty() {
        let _ = writeln!(
            out,
            "\n{} ({})",
            lang.pick(
                "有効な根拠資料がない管理策（対応・一部対応としているが、引用した資料がすべて無効）",
                "controls without valid evidence (implemented or partial, but every cited document is invalid)"
            ),
            v.unsupported_controls.len()
        );
        for c in &v.unsupported_controls {
            let _ = writeln!(
                out,
                "  {} {} — {}",
                c.id,
                lang.pick(&c.title, &c.title_en),
                c.documents.join(", ")
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        if v.failed() {
            lang.pick(
                "結果: 不一致または欠落があります。",
                "result: something differs or is missing.",
            )
        } else {
            lang.pick(
                "結果: すべての文書ファイルが記載どおりです。",
                "result: every document file is as written.",
            )
        }
    );
    out
}

fn run_manifest(ctx: &Ctx, args: &Args, path: &Path) -> Result<i32> {
    let catalog = ctx.catalog()?;
    let checks = manifest::recheck(path, catalog)?;
    let head = text!(
        ["マニフェスト {} の再確認", path.display()],
        ["re-checking the manifest {}", path.display()]
    );
    finish(ctx, args, &head, &checks)
}

fn run_bundle(ctx: &Ctx, args: &Args, path: &Path) -> Result<i32> {
    let Some(pubkey) = &args.pubkey else {
        return Err(Error::Usage(text!(
            ["バンドルの確認には事業者の公開鍵 --pubkey vendor.pub が必要です。"],
            ["verifying a bundle needs the vendor's public key: --pubkey vendor.pub."]
        )));
    };
    if args.manifest.is_some() {
        return Err(Error::Usage(text!(
            ["バンドルにはマニフェストが含まれています。--manifest は使えません。"],
            ["a bundle carries its own manifest; --manifest does not apply."]
        )));
    }
    let key_text = manifest::read_bounded(pubkey, crate::input::MAX_INPUT_BYTES)?;
    let key = keys::parse_public(&String::from_utf8_lossy(&key_text)).map_err(|e| {
        Error::Usage(text!(
            [
                "{} は sansho の公開鍵として読めません（{e}）。",
                pubkey.display()
            ],
            [
                "{} is not a readable sansho public key ({e}).",
                pubkey.display()
            ]
        ))
    })?;
    let file = std::fs::File::open(path)
        .map_err(|e| crate::input::io_diagnostic(&path.display().to_string(), &e))?;
    let catalog = ctx.catalog()?;
    let checks = bundle::verify(
        std::io::BufReader::new(file),
        &key,
        catalog,
        &Limits::default(),
    )?;
    let head = text!(
        [
            "バンドル {} を公開鍵 {} で確認",
            path.display(),
            keys::fingerprint(&key)
        ],
        [
            "verifying the bundle {} with the public key {}",
            path.display(),
            keys::fingerprint(&key)
        ]
    );
    finish(ctx, args, &head, &checks)
}

/// Prints the checks and returns the exit code (1 when any failed).
fn finish(ctx: &Ctx, args: &Args, head: &crate::i18n::Text, checks: &[Check]) -> Result<i32> {
    let lang = ctx.lang;
    let failed = any_failure(checks);
    let out = match args.format {
        Format::Json => {
            let checks: Vec<serde_json::Value> = checks
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "subject": c.subject,
                        "outcome": c.outcome,
                        "expected": c.expected,
                        "actual": c.actual,
                        "message": c.message.get(lang),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&serde_json::json!({ "failed": failed, "checks": checks }))
                .unwrap_or_default()
                + "\n"
        }
        Format::Text => {
            let mut out = format!("{}\n", head.get(lang));
            for c in checks {
                let mark = match c.outcome {
                    Outcome::Ok => "✓",
                    Outcome::Note => "i",
                    _ => "✗",
                };
                let _ = writeln!(out, "{mark} {}", crate::diag::visible(c.message.get(lang)));
            }
            let n = checks.iter().filter(|c| c.outcome.is_failure()).count();
            let _ = writeln!(
                out,
                "\n{}",
                if failed {
                    text!(
                        ["結果: 改ざんまたは不一致があります（{n} 件）。"],
                        ["result: tampered or different ({n} finding(s))."]
                    )
                } else {
                    text!(
                        ["結果: すべて記録どおりです。"],
                        ["result: everything is as recorded."]
                    )
                }
                .get(lang)
            );
            out
        }
    };
    print_stdout(&out)?;
    Ok(i32::from(failed))
}
