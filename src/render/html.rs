//! Markdown → HTML: the body converted with pulldown-cmark, inside a page template with print
//! CSS. Raw HTML never passes through, and ```` ```chart ```` blocks become inline SVG.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Markdown extensions every renderer uses.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// One bar of a ```` ```chart ```` block: `label | value` (value 0–100, or `-`).
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// What the bar measures.
    pub label: String,
    /// The value, none when not scored.
    pub value: Option<f64>,
}

/// Parses the body of a chart block.
pub fn parse_chart(body: &str) -> Vec<Bar> {
    body.lines()
        .filter_map(|l| {
            let (label, value) = l.rsplit_once('|')?;
            Some(Bar {
                label: label.trim().to_string(),
                value: value.trim().parse::<f64>().ok().map(|v| v.clamp(0.0, 100.0)),
            })
        })
        .collect()
}

/// Converts a Markdown body to HTML.
pub fn body_to_html(markdown: &str) -> String {
    let mut events = Vec::new();
    let mut chart: Option<String> = None;
    for ev in Parser::new_ext(markdown, markdown_options()) {
        match (&mut chart, ev) {
            (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))) if &*lang == "chart" => {
                chart = Some(String::new());
            }
            (Some(buf), Event::Text(t)) => buf.push_str(&t),
            (Some(buf), Event::End(TagEnd::CodeBlock)) => {
                events.push(Event::Html(svg_chart(&parse_chart(buf)).into()));
                chart = None;
            }
            (Some(_), _) => {}
            (None, Event::Html(h) | Event::InlineHtml(h)) => events.push(Event::Text(h)),
            (None, ev) => events.push(ev),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// A horizontal bar chart as inline SVG (labels escaped).
pub fn svg_chart(bars: &[Bar]) -> String {
    let row = 22;
    let (label_w, bar_w) = (300, 320);
    let height = row * bars.len() + 8;
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" viewBox=\"0 0 {} {height}\">\n",
        label_w + bar_w + 60,
        label_w + bar_w + 60
    );
    for (i, b) in bars.iter().enumerate() {
        let y = i * row + 4;
        let label = escape_html(&b.label);
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{label}</text>\n",
            label_w - 8,
            y + 14
        ));
        svg.push_str(&format!(
            "<rect x=\"{label_w}\" y=\"{y}\" width=\"{bar_w}\" height=\"16\" fill=\"#eef1f5\"/>\n"
        ));
        match b.value {
            Some(v) => {
                let w = (v / 100.0 * bar_w as f64).round();
                let fill = if v >= 80.0 { "#2e7d32" } else if v >= 60.0 { "#f9a825" } else { "#c62828" };
                svg.push_str(&format!(
                    "<rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"16\" fill=\"{fill}\"/>\n<text x=\"{}\" y=\"{}\" font-size=\"12\">{v:.1}</text>\n",
                    label_w + bar_w + 6,
                    y + 13
                ));
            }
            None => svg.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"12\">－</text>\n",
                label_w + bar_w + 6,
                y + 13
            )),
        }
    }
    svg.push_str("</svg>\n");
    svg
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped() {
        let html = body_to_html("before <script>alert(1)</script>\n\n<div onclick=x>y</div>\n");
        assert!(!html.contains("<script>") && !html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn chart_blocks_become_svg() {
        let html = body_to_html("```chart\n組織的 <a> | 92.5\nPHR | -\n```\n");
        assert!(html.contains("<svg"), "{html}");
        assert!(html.contains("92.5") && html.contains("組織的 &lt;a&gt;"), "{html}");
        assert!(!html.contains("<pre>"));
    }

    #[test]
    fn chart_parsing_clamps_and_allows_empty() {
        let bars = parse_chart("a | 120\nb | -\nnot a bar\n");
        assert_eq!(bars, vec![Bar { label: "a".into(), value: Some(100.0) }, Bar { label: "b".into(), value: None }]);
    }
}
