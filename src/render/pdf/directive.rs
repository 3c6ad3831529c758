//! Layout directives: HTML comments of the form `<!-- sansho:… -->` that a template puts
//! before a table or a paragraph to say how it is laid out, in the PDF and in HTML alike.
//!
//! Markdown has no way to fix column widths or right-align a line, and the documents need
//! both (every area table of a disclosure has the same columns; 作成日 and 版 sit at the
//! right). A comment keeps the Markdown readable and renders as nothing elsewhere. Vendor
//! text can never produce one: the render context escapes `<` in every vendor string.
//!
//! - `<!-- sansho:table widths=6,12,5 small=3 nowrap=1,3 -->` — the next table's column
//!   widths in proportion (scaled to the text width), the 1-based columns set in a smaller
//!   size (citations), and the columns that never wrap (IDs, dates, counts).
//! - `<!-- sansho:right -->` — the next paragraph is right-aligned.

/// What a directive asks of the block that follows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Directive {
    /// Column widths (relative), small and unbreakable columns (0-based) of the next table.
    Table {
        /// Relative widths, one per column; empty means automatic.
        widths: Vec<f32>,
        /// Columns drawn at the small size.
        small: Vec<usize>,
        /// Columns whose cells never wrap.
        nowrap: Vec<usize>,
    },
    /// The next paragraph is right-aligned.
    Right,
}

/// The directive in an HTML block or inline HTML, if it is one.
pub fn parse(html: &str) -> Option<Directive> {
    let body = html
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim()
        .strip_prefix("sansho:")?;
    let mut words = body.split_whitespace();
    match words.next()? {
        "right" => Some(Directive::Right),
        "table" => {
            let (mut widths, mut small, mut nowrap) = (Vec::new(), Vec::new(), Vec::new());
            for w in words {
                let (key, value) = w.split_once('=')?;
                let numbers = value.split(',').filter(|s| !s.is_empty());
                match key {
                    "widths" => {
                        widths = numbers
                            .map(|n| n.parse::<f32>().ok().filter(|v| v.is_finite() && *v > 0.0))
                            .collect::<Option<Vec<_>>>()?;
                    }
                    "small" | "nowrap" => {
                        let cols = numbers
                            .map(|n| n.parse::<usize>().ok().filter(|&c| c >= 1).map(|c| c - 1))
                            .collect::<Option<Vec<_>>>()?;
                        if key == "small" {
                            small = cols;
                        } else {
                            nowrap = cols;
                        }
                    }
                    _ => return None,
                }
            }
            Some(Directive::Table {
                widths,
                small,
                nowrap,
            })
        }
        _ => None,
    }
}

/// Relative widths scaled to fill `total`, or `None` when they do not fit `columns`.
pub(crate) fn scale(widths: &[f32], columns: usize, total: f32) -> Option<Vec<f32>> {
    let sum: f32 = widths.iter().sum();
    (widths.len() == columns && sum > 0.0).then(|| widths.iter().map(|w| w / sum * total).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_parse() {
        assert_eq!(parse("<!-- sansho:right -->\n"), Some(Directive::Right));
        assert_eq!(
            parse("<!-- sansho:table widths=6,12.5,5 small=3 nowrap=1 -->"),
            Some(Directive::Table {
                widths: vec![6.0, 12.5, 5.0],
                small: vec![2],
                nowrap: vec![0],
            })
        );
        for bad in [
            "<!-- a comment -->",
            "<!-- sansho:table widths=a -->",
            "<!-- sansho:table small=0 -->",
            "<!-- sansho:table colour=red -->",
            "<!-- sansho:left -->",
            "<b>sansho:right</b>",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(scale(&[1.0, 3.0], 2, 100.0), Some(vec![25.0, 75.0]));
        assert_eq!(scale(&[1.0, 3.0], 3, 100.0), None);
    }
}
