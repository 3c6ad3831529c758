//! `sansho keygen -o vendor.key`: an Ed25519 key pair for signing disclosure bundles. The
//! secret key is written readable by its owner only and never over an existing file
//! without `--force`; the public key goes beside it (`vendor.pub`) and to standard output,
//! to send to the hospitals that will verify the bundles.

use super::{note, print_stdout, Ctx};
use crate::audit::keys;
use crate::error::{Error, Result};
use crate::output::{write_atomic, write_atomic_private};
use crate::text;
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
例 / Examples:
  sansho keygen -o vendor.key          # vendor.key（秘密鍵）と vendor.pub（公開鍵）
  sansho bundle evidence.toml --key vendor.key -o disclosure-2026.sansho.zip

秘密鍵は所有者だけが読める権限（0600）で書き出します。既存のファイルは --force なしでは上書きしません。
The secret key is written with owner-only permissions (0600) and never over a file without --force.";

/// What `sansho keygen` does, in `sansho --help` and in its own help.
pub(crate) const ABOUT: &str =
    "バンドルに署名する Ed25519 の鍵を作る / create an Ed25519 key to sign bundles";

/// Arguments of `sansho keygen`.
#[derive(Debug, clap::Args)]
#[command(about = ABOUT, after_help = EXAMPLES)]
pub struct Args {
    /// 秘密鍵の出力先（公開鍵は拡張子 .pub で隣に書き出す）/ the secret key file (the public key goes beside it as .pub)
    #[arg(short, long, value_name = "PATH")]
    output: PathBuf,
    /// 既存の鍵ファイルを上書きする / overwrite existing key files
    #[arg(long)]
    force: bool,
}

/// `vendor.key` → `vendor.pub`; a name without `.key` gets `.pub` appended.
fn public_path(secret: &Path) -> PathBuf {
    if secret.extension().is_some_and(|e| e == "key") {
        secret.with_extension("pub")
    } else {
        let mut s = secret.as_os_str().to_owned();
        s.push(".pub");
        PathBuf::from(s)
    }
}

/// Runs the command.
pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<i32> {
    let public = public_path(&args.output);
    // Check both before writing either, so a refusal leaves nothing half done.
    for p in [&args.output, &public] {
        if p.exists() && !args.force {
            return Err(Error::OutputExists(p.clone()));
        }
    }
    let key = keys::generate().map_err(|e| {
        Error::Usage(text!(
            ["鍵を作れません（乱数を得られません: {e}）。"],
            ["cannot create a key ({e})."]
        ))
    })?;
    let verifying = key.verifying_key();
    write_atomic_private(
        &args.output,
        keys::secret_key_text(&key).as_bytes(),
        args.force,
        &[],
    )?;
    write_atomic(
        &public,
        keys::public_key_text(&verifying).as_bytes(),
        args.force,
        &[&args.output],
    )?;
    let lang = ctx.lang;
    note(
        text!(
            [
                "秘密鍵 {}（他人に渡さないでください）と公開鍵 {} を書き出しました。指紋 {}",
                args.output.display(),
                public.display(),
                keys::fingerprint(&verifying)
            ],
            [
                "wrote the secret key {} (keep it private) and the public key {}; fingerprint {}",
                args.output.display(),
                public.display(),
                keys::fingerprint(&verifying)
            ]
        )
        .get(lang),
    );
    print_stdout(&format!("{}\n", keys::public_key_base64(&verifying)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_key_goes_beside_the_secret_one() {
        assert_eq!(
            public_path(Path::new("a/vendor.key")),
            PathBuf::from("a/vendor.pub")
        );
        assert_eq!(
            public_path(Path::new("vendor")),
            PathBuf::from("vendor.pub")
        );
        assert_eq!(
            public_path(Path::new("v.secret")),
            PathBuf::from("v.secret.pub")
        );
    }
}
