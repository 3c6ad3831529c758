//! Making untrusted vendor text inert in Markdown.
//!
//! Vendor statements may contain `|`, backticks, `<script>`, `{{ … }}` or newlines. The
//! render context escapes every vendor string before a template sees it, so no template can
//! forget to: the text cannot start a heading or list, close a table cell, open a link or
//! emit raw HTML. (Tera never evaluates values, so template syntax inside them is inert.)

/// Escapes text for inline Markdown that must stay on one line (table cells, list items):
/// newlines become spaces, Markdown punctuation is backslash-escaped.
pub fn inline(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    escape_line(one_line.trim())
}

/// Escapes text for a Markdown paragraph, keeping line breaks as hard breaks.
pub fn block(s: &str) -> String {
    s.lines()
        .map(|l| {
            let clean: String = l
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            escape_line(clean.trim())
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("  \n")
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
    if digits > 0 && matches!(out[digits..].chars().next(), Some('.') | Some(')')) {
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
        let hostile = "<script>alert(1)</script> | `x` {{ v }} {% if %} **b** [l](http://e) # h\n- item";
        let cell = inline(hostile);
        let md = format!("| a | b |\n|---|---|\n| {cell} | z |\n");
        let html = to_html(&md);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<strong>") && !html.contains("<a ") && !html.contains("<code>"));
        assert_eq!(html.matches("<td>").count(), 2, "the table keeps two cells: {html}");
        assert!(html.contains("{{ v }}"));
    }

    #[test]
    fn line_starts_cannot_open_blocks() {
        for s in ["# title", "- item", "1. first", "> quote", "+ x", "12) y"] {
            let html = to_html(&block(s));
            assert!(html.starts_with("<p>"), "{s} → {html}");
        }
    }

    #[test]
    fn block_keeps_line_breaks() {
        let html = to_html(&block("一行目\n二行目"));
        assert!(html.contains("<br />"), "{html}");
    }
}
