//! Plain-text tables for the terminal that line up Japanese (double-width) text.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Renders rows under a header; cells longer than `max` display columns are cut with `…`.
pub(crate) fn render(header: &[&str], rows: &[Vec<String>], max: usize) -> String {
    let cut = |s: &str| -> String {
        // Vendor text: no escape sequence reaches the terminal.
        let s = crate::diag::visible(&s.replace('\n', " ")).into_owned();
        if s.width() <= max {
            return s;
        }
        let mut out = String::new();
        let mut w = 0;
        for ch in s.chars() {
            let cw = ch.width().unwrap_or(0);
            if w + cw + 1 > max {
                break;
            }
            out.push(ch);
            w += cw;
        }
        out.push('…');
        out
    };
    let head: Vec<String> = header.iter().map(|h| cut(h)).collect();
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let mut widths: Vec<usize> = head.iter().map(|h| h.width()).collect();
    for r in &body {
        for (i, c) in r.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(c.width());
            }
        }
    }
    let line = |cells: &[String]| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(widths[i] - c.width() + 2));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(&head);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&line(&rule));
    for r in &body {
        out.push_str(&line(r));
    }
    out
}

/// A Markdown (GFM) table of cells the caller has already escaped for Markdown; `right`
/// lists the numeric columns. One writer keeps every Markdown table the CLI prints alike.
pub(crate) fn markdown(header: &[&str], right: &[usize], rows: &[Vec<String>]) -> String {
    let row = |cells: &mut dyn Iterator<Item = &str>| -> String {
        let mut s = String::from("|");
        for c in cells {
            s.push(' ');
            s.push_str(c);
            s.push_str(" |");
        }
        s.push('\n');
        s
    };
    let mut out = row(&mut header.iter().copied());
    out.push('|');
    for i in 0..header.len() {
        out.push_str(if right.contains(&i) { "---:|" } else { "---|" });
    }
    out.push('\n');
    for r in rows {
        out.push_str(&row(&mut r.iter().map(String::as_str)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_wide_text() {
        let t = render(
            &["ID", "名称"],
            &[
                vec!["TEC-01".into(), "二要素認証".into()],
                vec!["X".into(), "y".into()],
            ],
            40,
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "ID      名称");
        assert_eq!(lines[2], "TEC-01  二要素認証");
        assert_eq!(lines[3], "X       y");
    }

    #[test]
    fn markdown_tables_align_numeric_columns() {
        let t = markdown(&["領域", "旧"], &[1], &[vec!["技術".into(), "80.0".into()]]);
        assert_eq!(t, "| 領域 | 旧 |\n|---|---:|\n| 技術 | 80.0 |\n");
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        let t = render(&["a"], &[vec!["x\u{1b}[2Jy".into()]], 40);
        assert!(t.contains("x\\u{1b}[2Jy"), "{t}");
        assert!(!t.contains('\u{1b}'));
    }
}
