//! Diagnostics: every problem found in an input, with a stable code, a location and a
//! bilingual message.
//!
//! Loading never stops at the first problem: each check pushes [`Diagnostic`]s and the caller
//! reports them all at once, as text with code frames or as JSON, like cargo-deny.

pub mod codes;

use crate::i18n::{Lang, Text};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// How many diagnostics of one code a text report shows before it says how many more there
/// are: 10 000 unknown control ids are one problem repeated, not 10 000 screens.
pub const MAX_SHOWN_PER_CODE: usize = 20;

/// True for characters that must never reach a terminal or a document raw: C0 and C1
/// controls, DEL, and the bidirectional overrides that can make text read differently from
/// what it is ("Trojan Source").
pub fn is_hostile_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Whether `s` holds a hostile character (see [`is_hostile_char`]); with `layout`, newlines,
/// tabs and carriage returns do not count. Every hostile character is an ASCII control or
/// DEL, or starts with the UTF-8 byte 0xC2 (C1 controls), 0xD8 (U+061C) or 0xE2 (the
/// bidirectional controls), so one scan of the bytes decides, decoding only the characters
/// that start with those three bytes (Japanese punctuation such as `…` and `→` starts with
/// 0xE2 too).
pub fn has_hostile_char(s: &str, layout: bool) -> bool {
    const CHUNK: usize = 32;
    let suspect = |b: u8| b < 0x20 || matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2);
    let hostile_at = |i: usize, b: u8| match b {
        b'\n' | b'\t' | b'\r' => !layout,
        0..0x20 | 0x7f => true,
        // Lead bytes, so `i` is a character boundary.
        0xc2 | 0xd8 | 0xe2 => s
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(is_hostile_char),
        _ => false,
    };
    // Whole chunks are cleared without a branch per byte (the compiler vectorizes the fold);
    // a chunk with a suspect byte is looked at byte by byte.
    s.as_bytes().chunks(CHUNK).enumerate().any(|(n, chunk)| {
        chunk.iter().fold(false, |any, &b| any | suspect(b))
            && chunk
                .iter()
                .enumerate()
                .any(|(i, &b)| hostile_at(n * CHUNK + i, b))
    })
}

/// Text safe to print on a terminal: every hostile character (see [`is_hostile_char`]),
/// newlines and tabs included, is shown as a visible escape (`\u{1b}`), so that vendor text
/// cannot clear a screen, move the cursor or hide part of a message.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !has_hostile_char(s, false) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hostile_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like [`visible`] but keeps line breaks, for multi-line terminal reports.
pub fn visible_lines(s: &str) -> String {
    s.split('\n')
        .map(|line| visible(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

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
    /// An error with a code and a message. The code must be registered in [`codes::CODES`]
    /// (checked in debug builds and by a test).
    pub fn error(code: &'static str, message: Text) -> Self {
        debug_assert!(
            codes::lookup(code).is_some(),
            "diagnostic code {code} is not registered in src/diag/codes.rs"
        );
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
        let _ = writeln!(out, ": {}", bold(&capped(&visible(self.message.get(lang)))));
        let path = self
            .path
            .as_deref()
            .map(|p| cut(&visible(p), 200).into_owned());
        match (&self.label, &self.file) {
            (Some(l), _) => {
                let _ = write!(out, "  --> {}:{}:{}", visible(&l.file), l.line, l.column);
                if let Some(p) = &path {
                    let _ = write!(out, "  ({p})");
                }
                out.push('\n');
                let num = l.line.to_string();
                let pad = " ".repeat(num.len());
                let (shown, start, len) = frame_line(&l.line_text, l.column, l.underline);
                let _ = writeln!(out, "{pad} |");
                let _ = writeln!(out, "{num} | {shown}");
                let _ = writeln!(out, "{pad} | {}{}", " ".repeat(start), "^".repeat(len));
            }
            (None, Some(f)) => {
                let _ = write!(out, "  --> {}", visible(f));
                if let Some(p) = &path {
                    let _ = write!(out, "  ({p})");
                }
                out.push('\n');
            }
            (None, None) => {
                if let Some(p) = &path {
                    let _ = writeln!(out, "  ({p})");
                }
            }
        }
        if let Some(h) = &self.help {
            let _ = writeln!(
                out,
                "  = {}: {}",
                lang.pick("ヒント", "help"),
                visible(h.get(lang))
            );
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

/// A message cut at 1 000 characters: one diagnostic never fills a screen, whatever vendor
/// text it quotes.
fn capped(s: &str) -> Cow<'_, str> {
    cut(s, 1000)
}

/// At most `max` characters, `…` marking a cut.
fn cut(s: &str, max: usize) -> Cow<'_, str> {
    if s.chars().count() <= max {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().take(max).collect::<String>() + "…")
    }
}

/// The line of a code frame made safe and short, with the display column where the caret
/// starts and how many columns it covers. Tabs count as one space and hostile characters are
/// shown escaped (so the caret still points at them); a line longer than the frame is cut
/// around the column so that the marked text stays visible.
fn frame_line(text: &str, column: usize, underline: usize) -> (String, usize, usize) {
    const WIDTH: usize = 160;
    let chars: Vec<char> = text.chars().collect();
    let col = column.saturating_sub(1).min(chars.len());
    let skip = col.saturating_sub(WIDTH / 2).min(col);
    let piece = |c: char| -> String {
        match c {
            '\t' => " ".to_string(),
            c if is_hostile_char(c) => visible(&c.to_string()).into_owned(),
            c => c.to_string(),
        }
    };
    let mut shown = String::new();
    if skip > 0 {
        shown.push('…');
    }
    let mut start = shown.width();
    let mut len = 0;
    for (i, c) in chars.iter().enumerate().skip(skip).take(WIDTH) {
        let p = piece(*c);
        if i < col {
            start += p.width();
        } else if i < col + underline.max(1) {
            len += p.width();
        }
        shown.push_str(&p);
    }
    if skip + WIDTH < chars.len() {
        shown.push('…');
    }
    (shown, start, len.max(1))
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

    /// Renders the diagnostics for a terminal, at most [`MAX_SHOWN_PER_CODE`] of each code,
    /// then one line per code saying how many more there are.
    pub fn render_items(&self, lang: Lang, color: bool) -> String {
        let mut out = String::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for d in &self.0 {
            let n = seen.entry(d.code).or_insert(0);
            *n += 1;
            if *n <= MAX_SHOWN_PER_CODE {
                out.push_str(&d.render(lang, color));
                out.push('\n');
            }
        }
        let mut hidden: Vec<(&str, usize)> = seen
            .into_iter()
            .filter(|(_, n)| *n > MAX_SHOWN_PER_CODE)
            .map(|(c, n)| (c, n - MAX_SHOWN_PER_CODE))
            .collect();
        hidden.sort();
        for (code, n) in hidden {
            let _ = writeln!(
                out,
                "{}\n",
                match lang {
                    Lang::Ja => format!(
                        "… [{code}] はほかに {n} 件あります（最初の {MAX_SHOWN_PER_CODE} 件だけを表示しました。全件は --format json で出力できます。説明: sansho explain {code}）。"
                    ),
                    Lang::En => format!(
                        "… and {n} more [{code}] (only the first {MAX_SHOWN_PER_CODE} are shown; --format json lists them all; see sansho explain {code})."
                    ),
                }
            );
        }
        out
    }

    /// Renders the diagnostics (capped as [`Diagnostics::render_items`] does) and a summary
    /// line.
    pub fn render(&self, lang: Lang, color: bool) -> String {
        let mut out = self.render_items(lang, color);
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

    /// The byte pre-check may only clear text the character check clears: every code point of
    /// the Basic Multilingual Plane and beyond (sampled), alone and inside Japanese text.
    #[test]
    fn byte_precheck_agrees_with_the_character_check() {
        let exact = |s: &str, layout: bool| {
            s.chars()
                .any(|c| is_hostile_char(c) && !(layout && matches!(c, '\n' | '\t' | '\r')))
        };
        let mut hostile = 0;
        for cp in (0..0x3_0000).filter(|cp| *cp < 0x1_0000 || cp % 97 == 0) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            for s in [c.to_string(), format!("医療情報{c}の安全管理")] {
                for layout in [false, true] {
                    assert_eq!(
                        has_hostile_char(&s, layout),
                        exact(&s, layout),
                        "U+{cp:04X}"
                    );
                }
            }
            hostile += usize::from(is_hostile_char(c));
        }
        assert_eq!(
            hostile,
            65 + 1 + 2 + 5 + 4,
            "C0+DEL+C1, U+061C, LRM/RLM, 202A–E, 2066–9"
        );
    }
    use super::*;

    #[test]
    fn renders_code_frame_under_wide_characters() {
        let d = Diagnostic::error("E-SCHEMA", Text::new("テスト", "test")).at(Some(Label {
            file: "a.toml".into(),
            line: 3,
            column: 8,
            line_text: "name = \"株式会社\"".into(),
            underline: 6,
        }));
        let s = d.render(Lang::Ja, false);
        assert!(s.contains("エラー[E-SCHEMA]: テスト"), "{s}");
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
            Diagnostic::error("E-SCHEMA", Text::new("a", "a")),
            Diagnostic::warning("W-DOC-UNUSED", Text::new("b", "b")),
        ]);
        assert!(ds.has_errors());
        assert_eq!((ds.error_count(), ds.warning_count()), (1, 1));
        assert!(ds
            .render(Lang::En, false)
            .contains("1 error(s), 1 warning(s)"));
    }

    #[test]
    fn hostile_characters_are_shown_escaped() {
        assert_eq!(
            visible("a\u{1b}[2Jb\0c\u{7f}d\u{9b}e\u{202e}f"),
            "a\\u{1b}[2Jb\\u{0}c\\u{7f}d\\u{9b}e\\u{202e}f"
        );
        assert!(matches!(visible("株式会社 A"), Cow::Borrowed(_)));
        let d = Diagnostic::error("E-SCHEMA", Text::new("名前 \u{1b}[2J", "name \u{1b}[2J"))
            .with_path("answers.\u{1b}x")
            .at(Some(Label {
                file: "a.toml".into(),
                line: 1,
                column: 9,
                line_text: "name = \"\u{1b}[2J\u{7}\"".into(),
                underline: 1,
            }));
        let s = d.render(Lang::Ja, false);
        assert!(!s.chars().any(|c| c.is_control() && c != '\n'), "{s:?}");
        assert!(s.contains("名前 \\u{1b}[2J"), "{s}");
        assert!(s.contains("(answers.\\u{1b}x)"), "{s}");
        // The caret sits under the escaped character (8 columns of `name = "`, then 6 of `\u{1b}`).
        assert!(s.contains("1 | name = \"\\u{1b}[2J\\u{7}\""), "{s}");
        assert!(s.contains(&format!("  | {}^^^^^^\n", " ".repeat(8))), "{s}");
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let text = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let (shown, start, len) = frame_line(&text, 5001, 1);
        assert!(shown.chars().count() < 200, "{}", shown.len());
        assert_eq!(shown.chars().nth(start), Some('X'), "{shown}");
        assert_eq!(len, 1);
    }

    #[test]
    fn repeated_codes_are_capped() {
        let ds = Diagnostics(
            (0..1000)
                .map(|i| {
                    Diagnostic::error(
                        "E-ANSWER-UNKNOWN-CONTROL",
                        Text::new(format!("x{i}"), format!("x{i}")),
                    )
                })
                .chain([Diagnostic::warning("W-DOC-UNUSED", Text::new("w", "w"))])
                .collect(),
        );
        let s = ds.render(Lang::En, false);
        assert_eq!(
            s.matches("error[E-ANSWER-UNKNOWN-CONTROL]").count(),
            MAX_SHOWN_PER_CODE
        );
        assert!(s.contains(": x19\n") && !s.contains(": x20\n"), "{s}");
        assert!(
            s.contains("… and 980 more [E-ANSWER-UNKNOWN-CONTROL]"),
            "{s}"
        );
        assert!(s.contains("warning[W-DOC-UNUSED]"), "{s}");
        assert!(s.ends_with("1000 error(s), 1 warning(s)\n"), "{s}");
        // JSON keeps every one of them.
        assert_eq!(
            ds.to_json(Lang::En)["diagnostics"].as_array().map(Vec::len),
            Some(1001)
        );
    }
}
