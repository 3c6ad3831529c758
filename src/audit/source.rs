//! Where an audited evidence file comes from: a path, or `git:REV:path` for a version
//! committed in the current git repository, so that `sansho diff git:v1.3:evidence.toml
//! evidence.toml` compares a release with the working copy. Git is run as a command (no
//! library), with its output bounded like any other input.

use crate::catalog::Catalog;
use crate::diag::{Diagnostic, Diagnostics};
use crate::evidence::{self, LoadOptions, LoadedEvidence};
use crate::input::{decode, sha256_hex, SourceFile, MAX_INPUT_BYTES};
use crate::text;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// An evidence file on disk or in git.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvidenceSource {
    /// A file path.
    File(PathBuf),
    /// `git:REV:path`: the file as committed in `REV`, `path` relative to the current folder.
    Git {
        /// A revision (`HEAD~1`, `v1.3`, a commit id).
        rev: String,
        /// The path, relative to the current folder.
        path: String,
    },
}

impl EvidenceSource {
    /// Reads `git:REV:path` as a git source and anything else as a path.
    pub fn parse(s: &str) -> Self {
        if let Some(rest) = s.strip_prefix("git:") {
            if let Some((rev, path)) = rest.split_once(':') {
                return EvidenceSource::Git {
                    rev: rev.to_string(),
                    path: path.to_string(),
                };
            }
        }
        EvidenceSource::File(PathBuf::from(s))
    }

    /// The name shown in messages and outputs.
    pub fn name(&self) -> String {
        match self {
            EvidenceSource::File(p) => p.display().to_string(),
            EvidenceSource::Git { rev, path } => format!("git:{rev}:{path}"),
        }
    }

    /// Loads and checks the evidence file (see [`evidence::check`]).
    pub fn check(
        &self,
        catalog: &Catalog,
        opts: &LoadOptions,
    ) -> (Option<LoadedEvidence>, Diagnostics) {
        match self {
            EvidenceSource::File(p) => evidence::check(p, catalog, opts),
            EvidenceSource::Git { rev, path } => {
                let name = self.name();
                let bytes = match git_show(rev, path, &name) {
                    Ok(b) => b,
                    Err(d) => return (None, Diagnostics(vec![d])),
                };
                let (text, decoding) = match decode(&name, &bytes) {
                    Ok(x) => x,
                    Err(d) => return (None, Diagnostics(vec![d])),
                };
                let mut source = SourceFile::from_text(&name, text);
                source.sha256 = sha256_hex(&bytes);
                let base_dir = match Path::new(path).parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let (loaded, mut diags) = evidence::check_source(source, &base_dir, catalog, opts);
                diags.0.splice(0..0, decoding.iter().cloned());
                let loaded = loaded.map(|mut l| {
                    l.warnings.splice(0..0, decoding);
                    l
                });
                (loaded, diags)
            }
        }
    }
}

fn git_error(name: &str, detail: &str) -> Diagnostic {
    Diagnostic::error(
        "E-AUDIT-GIT",
        text!(
            ["{name} を git から読めません（{detail}）。"],
            ["cannot read {name} from git ({detail})."]
        ),
    )
    .in_file(name)
    .with_help(text!(
        ["git:リビジョン:パス の形で、パスは現在のフォルダからの相対パスで指定してください（例 git:HEAD~1:evidence.toml）。"],
        ["write git:REV:PATH with the path relative to the current folder (e.g. git:HEAD~1:evidence.toml)."]
    ))
}

/// The bytes of `path` at `rev`, at most [`MAX_INPUT_BYTES`].
fn git_show(rev: &str, path: &str, name: &str) -> Result<Vec<u8>, Diagnostic> {
    // A revision starting with `-` would be read as an option.
    if rev.is_empty() || rev.starts_with('-') || path.is_empty() {
        return Err(git_error(name, "revision or path missing"));
    }
    let rel = if path.starts_with("./") || path.starts_with("../") {
        path.to_string()
    } else {
        format!("./{path}")
    };
    let mut child = Command::new("git")
        .args(["cat-file", "blob", &format!("{rev}:{rel}")])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| git_error(name, &format!("git: {e}")))?;
    let mut bytes = Vec::new();
    let read = child
        .stdout
        .take()
        .map(|out| out.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes));
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        // Stop git before anything else: it may be blocked writing the rest.
        let _ = child.kill();
        let _ = child.wait();
        return Err(Diagnostic::error(
            "E-INPUT-TOO-LARGE",
            text!(
                ["ファイルが大きすぎます（上限 10 MiB）。"],
                ["the file is too large (the limit is 10 MiB)."]
            ),
        )
        .in_file(name));
    }
    let mut err = String::new();
    if let Some(e) = child.stderr.take() {
        let _ = e.take(4096).read_to_string(&mut err);
    }
    let status = child
        .wait()
        .map_err(|e| git_error(name, &format!("git: {e}")))?;
    if let Some(Err(e)) = read {
        return Err(git_error(name, &e.to_string()));
    }
    if !status.success() {
        let first = err
            .lines()
            .next()
            .unwrap_or("git failed")
            .trim()
            .to_string();
        return Err(git_error(name, &first));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_sources_are_told_from_paths() {
        assert_eq!(
            EvidenceSource::parse("git:HEAD~1:samples/typical/evidence.toml"),
            EvidenceSource::Git {
                rev: "HEAD~1".into(),
                path: "samples/typical/evidence.toml".into()
            }
        );
        assert_eq!(
            EvidenceSource::parse("evidence.toml"),
            EvidenceSource::File("evidence.toml".into())
        );
        // `git:` without a second colon is a file name, however odd.
        assert_eq!(
            EvidenceSource::parse("git:x"),
            EvidenceSource::File("git:x".into())
        );
    }

    #[test]
    fn an_option_like_revision_is_refused() {
        let e = git_show("--output=/tmp/x", "a.toml", "git:--output=/tmp/x:a.toml")
            .expect_err("refused");
        assert_eq!(e.code, "E-AUDIT-GIT");
    }
}
