//! Making untrusted vendor text inert in Markdown.
//!
//! Vendor statements may contain `|`, backticks, `<script>`, `{{ … }}` or newlines. The
//! render context escapes every vendor string before a template sees it, so no template can
//! forget to: the text cannot start a heading or list, close a table cell, open a link or
//! emit raw HTML. (Tera never evaluates values, so template syntax inside them is inert.)

/// Escapes text for inline Markdown that must stay on one line (table cells, list items):
/// newlines become spaces, Markdown punctuation is backslash-escaped.
pub fn inline(s: &str) -> String {
    escape_line(plain(s).trim())
}

/// Vendor text with every control character (ESC, NUL, DEL, C1, line breaks) and
/// bidirectional override made a space, for places where Markdown escaping does not apply
/// (HTML `<title>`, PDF metadata and page headers): no escape sequence reaches a document.
pub fn plain(s: &str) -> String {
    s.chars()
        .map(|c| {
            if crate::diag::is_hostile_char(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn escape_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.chars().enumerate() {
        let special = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '{' | '}' | '$'
        );
        let at_start = i == 0 && matches!(c, '#' | '-' | '+' | '=' | '!');
        if special || at_start {
            out.push('\\');
        }
        out.push(c);
    }
    // "1. text" or "1) text" at the start would become a list.
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    let mut rest = out[digits..].chars();
    let marker = matches!(rest.next(), Some('.') | Some(')'));
    if digits > 0 && marker && rest.next().is_none_or(char::is_whitespace) {
        out.insert(digits, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_html(md: &str) -> String {
        let mut html = String::new();
        let parser = pulldown_cmark::Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TABLES);
        pulldown_cmark::html::push_html(&mut html, parser);
        html
    }

    #[test]
    fn hostile_text_stays_text() {
        let hostile =
            "<script>alert(1)</script> | `x` {{ v }} {% if %} **b** [l](http://e) # h\n- item";
        let cell = inline(hostile);
        let md = format!("| a | b |\n|---|---|\n| {cell} | z |\n");
        let html = to_html(&md);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<strong>") && !html.contains("<a ") && !html.contains("<code>"));
        assert_eq!(
            html.matches("<td>").count(),
            2,
            "the table keeps two cells: {html}"
        );
        assert!(html.contains("{{ v }}"));
    }

    #[test]
    fn control_characters_never_pass() {
        let s = "A\u{1b}[2J\0B\u{7f}\u{9b}C\u{202e}D";
        assert_eq!(plain(s), "A [2J B  C D");
        assert!(!inline(s).chars().any(crate::diag::is_hostile_char));
    }

    #[test]
    fn line_starts_cannot_open_blocks() {
        for s in ["# title", "- item", "1. first", "> quote", "+ x", "12) y"] {
            let html = to_html(&inline(s));
            assert!(html.starts_with("<p>"), "{s} → {html}");
        }
        assert_eq!(inline("1.4"), "1.4", "a version number is left alone");
    }
}
