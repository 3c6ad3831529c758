//! Diagnostics: every problem found in an input, with a stable code, a location and a
//! bilingual message.
//!
//! Loading never stops at the first problem: each check pushes [`Diagnostic`]s and the caller
//! reports them all at once, as text with code frames or as JSON, like cargo-deny.

use crate::i18n::{Lang, Text};
use serde::Serialize;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// How serious a diagnostic is: errors make an input invalid (exit code 2), warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used.
    Error,
    /// The input is usable but something deserves attention (an expired document, a decoded encoding).
    Warning,
}

/// Where in a file a diagnostic points, with the line's text for a code frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The text of the line, for the code frame.
    #[serde(skip)]
    pub line_text: String,
    /// How many characters to underline (at least 1).
    #[serde(skip)]
    pub underline: usize,
}

/// One problem found in an input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable code such as `E-SCHEMA` or `W-DOC-EXPIRED`, for tools and documentation.
    pub code: &'static str,
    /// What is wrong.
    pub message: Text,
    /// The file the problem is in, when there is one.
    pub file: Option<String>,
    /// Line and column, when known.
    pub label: Option<Label>,
    /// The path of the offending value inside the document (`answers.TEC-01.status`).
    pub path: Option<String>,
    /// How to fix it, when we can say.
    pub help: Option<Text>,
}

impl Diagnostic {
    /// An error with a code and a message.
    pub fn error(code: &'static str, message: Text) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message,
            file: None,
            label: None,
            path: None,
            help: None,
        }
    }

    /// A warning with a code and a message.
    pub fn warning(code: &'static str, message: Text) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Names the file.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Attaches a location (and the file it is in).
    pub fn at(mut self, label: Option<Label>) -> Self {
        if let Some(l) = &label {
            self.file = Some(l.file.clone());
        }
        self.label = label;
        self
    }

    /// Attaches the path of the value inside the document.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        let p = path.into();
        self.path = if p.is_empty() { None } else { Some(p) };
        self
    }

    /// Attaches the path of the value and its location, found by `locate` (usually a lookup
    /// of the path's span in the parsed document).
    pub fn at_path(
        self,
        path: impl Into<String>,
        locate: impl FnOnce(&str) -> Option<Label>,
    ) -> Self {
        let path = path.into();
        let label = locate(&path);
        self.at(label).with_path(path)
    }

    /// Attaches a hint.
    pub fn with_help(mut self, help: Text) -> Self {
        self.help = Some(help);
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic for a terminal: headline, location, code frame, help.
    pub fn render(&self, lang: Lang, color: bool) -> String {
        let (sev, paint) = match self.severity {
            Severity::Error => (lang.pick("エラー", "error"), "\x1b[1;31m"),
            Severity::Warning => (lang.pick("警告", "warning"), "\x1b[1;33m"),
        };
        let bold = |s: &str| {
            if color {
                format!("\x1b[1m{s}\x1b[0m")
            } else {
                s.to_string()
            }
        };
        let mut out = String::new();
        if color {
            let _ = write!(out, "{paint}{sev}[{}]\x1b[0m", self.code);
        } else {
            let _ = write!(out, "{sev}[{}]", self.code);
        }
        let _ = writeln!(out, ": {}", bold(self.message.get(lang)));
        match (&self.label, &self.file) {
            (Some(l), _) => {
                let _ = write!(out, "  --> {}:{}:{}", l.file, l.line, l.column);
                if let Some(p) = &self.path {
                    let _ = write!(out, "  ({p})");
                }
                out.push('\n');
                let num = l.line.to_string();
                let pad = " ".repeat(num.len());
                let shown: String = l.line_text.chars().take(160).collect();
                let before: String = shown.chars().take(l.column.saturating_sub(1)).collect();
                let marked: String = shown
                    .chars()
                    .skip(l.column.saturating_sub(1))
                    .take(l.underline.max(1))
                    .collect();
                let _ = writeln!(out, "{pad} |");
                let _ = writeln!(out, "{num} | {shown}");
                let _ = writeln!(
                    out,
                    "{pad} | {}{}",
                    " ".repeat(before.width()),
                    "^".repeat(marked.width().max(1))
                );
            }
            (None, Some(f)) => {
                let _ = write!(out, "  --> {f}");
                if let Some(p) = &self.path {
                    let _ = write!(out, "  ({p})");
                }
                out.push('\n');
            }
            (None, None) => {
                if let Some(p) = &self.path {
                    let _ = writeln!(out, "  ({p})");
                }
            }
        }
        if let Some(h) = &self.help {
            let _ = writeln!(out, "  = {}: {}", lang.pick("ヒント", "help"), h.get(lang));
        }
        out
    }

    /// The diagnostic as JSON data in one language (`--format json`).
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "severity": self.severity,
            "code": self.code,
            "message": self.message.get(lang),
            "file": self.file,
            "line": self.label.as_ref().map(|l| l.line),
            "column": self.label.as_ref().map(|l| l.column),
            "path": self.path,
            "help": self.help.as_ref().map(|h| h.get(lang)),
        })
    }
}

/// All diagnostics of one run, in the order found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    /// True when at least one is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Iterates in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Renders every diagnostic and a summary line.
    pub fn render(&self, lang: Lang, color: bool) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&d.render(lang, color));
            out.push('\n');
        }
        let (e, w) = (self.error_count(), self.warning_count());
        out.push_str(&match lang {
            Lang::Ja => format!("エラー {e} 件、警告 {w} 件\n"),
            Lang::En => format!("{e} error(s), {w} warning(s)\n"),
        });
        out
    }

    /// Every diagnostic as JSON data.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "errors": self.error_count(),
            "warnings": self.warning_count(),
            "diagnostics": self.0.iter().map(|d| d.to_json(lang)).collect::<Vec<_>>(),
        })
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_code_frame_under_wide_characters() {
        let d = Diagnostic::error("E-TEST", Text::new("テスト", "test")).at(Some(Label {
            file: "a.toml".into(),
            line: 3,
            column: 8,
            line_text: "name = \"株式会社\"".into(),
            underline: 6,
        }));
        let s = d.render(Lang::Ja, false);
        assert!(s.contains("エラー[E-TEST]: テスト"), "{s}");
        assert!(s.contains("--> a.toml:3:8"), "{s}");
        // 7 ASCII columns before the quote, then 6 characters of which 4 are double width.
        assert!(
            s.contains(&format!("  | {}{}", " ".repeat(7), "^".repeat(10))),
            "{s}"
        );
    }

    #[test]
    fn counts_errors_and_warnings() {
        let ds = Diagnostics(vec![
            Diagnostic::error("E-A", Text::new("a", "a")),
            Diagnostic::warning("W-B", Text::new("b", "b")),
        ]);
        assert!(ds.has_errors());
        assert_eq!((ds.error_count(), ds.warning_count()), (1, 1));
        assert!(ds
            .render(Lang::En, false)
            .contains("1 error(s), 1 warning(s)"));
    }
}
