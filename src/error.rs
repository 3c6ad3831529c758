//! The library's error type. Every error is rendered once, at the edge (the CLI), in the
//! user's language; all of them mean "invalid input or usage" (exit code 2).

use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::{Lang, Text};
use std::path::PathBuf;

/// What can go wrong in sansho.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input is invalid; the diagnostics say every way in which it is.
    #[error("invalid input ({} error(s))", .0.error_count())]
    Invalid(Diagnostics),
    /// The command line asks for something impossible.
    #[error("{}", .0.en)]
    Usage(Text),
    /// The output file exists and `--force` was not given.
    #[error("{} exists", .0.display())]
    OutputExists(PathBuf),
    /// Writing an output failed.
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        /// The output path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Rendering a document failed (a template error, a font problem).
    #[error("{}", .0.en)]
    Render(Text),
}

/// Shorthand for results of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Invalid(Diagnostics(vec![d]))
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(ds: Vec<Diagnostic>) -> Self {
        Error::Invalid(Diagnostics(ds))
    }
}

impl Error {
    /// The message for the user, in `lang`, with control characters shown escaped (paths and
    /// values in it come from the user).
    pub fn render(&self, lang: Lang, color: bool) -> String {
        if let Error::Invalid(ds) = self {
            return ds.render(lang, color);
        }
        crate::diag::visible_lines(self.render_raw(lang, color).trim_end()) + "\n"
    }

    fn render_raw(&self, lang: Lang, color: bool) -> String {
        match self {
            Error::Invalid(ds) => ds.render(lang, color),
            Error::Usage(t) | Error::Render(t) => {
                format!("{}: {}\n", lang.pick("エラー", "error"), t.get(lang))
            }
            Error::OutputExists(p) => format!(
                "{}: {}\n",
                lang.pick("エラー", "error"),
                match lang {
                    Lang::Ja => format!(
                        "出力先 {} は既に存在します。上書きするには --force を付けてください。",
                        p.display()
                    ),
                    Lang::En => format!(
                        "{} already exists; pass --force to overwrite it.",
                        p.display()
                    ),
                }
            ),
            Error::Write { path, source } => format!(
                "{}: {}\n",
                lang.pick("エラー", "error"),
                match lang {
                    Lang::Ja => format!("{} に書き込めません（{source}）。", path.display()),
                    Lang::En => format!("cannot write {} ({source}).", path.display()),
                }
            ),
        }
    }
}
