//! Markdown → HTML: the body converted with pulldown-cmark, inside a page template with print
//! CSS. Raw HTML never passes through (only the templates' `<br>` and layout directives,
//! which vendor text cannot produce), ```` ```chart ```` blocks become bar charts, and tables
//! are written with fixed column widths so that a printed page keeps every word.
//!
//! Tables get a `<colgroup>`: the widths of a `<!-- sansho:table widths=… -->` directive, or
//! otherwise the same automatic distribution the PDF engine uses, so HTML and PDF agree and
//! the browser's fixed table layout never scales a table down for one long token.

use super::pdf::directive::{self, Directive};
use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use unicode_width::UnicodeWidthChar;

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

/// A chart block: its bars and the legend of its colour bands (`= …` lines).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Chart {
    /// The bars, in order.
    pub bars: Vec<Bar>,
    /// Legend texts of the bands, best first (`= 80 以上`).
    pub legend: Vec<String>,
}

/// Parses the body of a chart block.
pub fn parse_chart(body: &str) -> Chart {
    let mut chart = Chart::default();
    for l in body.lines() {
        if let Some(text) = l.trim().strip_prefix("= ") {
            chart.legend.push(text.trim().to_string());
            continue;
        }
        let Some((label, value)) = l.rsplit_once('|') else {
            continue;
        };
        chart.bars.push(Bar {
            label: label.trim().to_string(),
            value: value
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .map(|v| v.clamp(0.0, 100.0)),
        });
    }
    chart
}

/// The CSS class of a score's colour band (the same bands as the PDF's bars).
fn band(v: f64) -> &'static str {
    match super::pdf::chart_band(v as f32) {
        0 => "good",
        1 => "fair",
        _ => "poor",
    }
}

/// Converts a Markdown body to HTML.
pub fn body_to_html(markdown: &str) -> String {
    let mut events: Vec<Event> = Vec::new();
    let mut chart: Option<String> = None;
    let mut pending: Option<Directive> = None;
    let mut table: Option<TableBuf> = None;
    // Depth of the paragraph a `right` directive applies to (0 = none open).
    let mut right_open = false;
    for ev in Parser::new_ext(markdown, markdown_options()) {
        if let Some(buf) = &mut chart {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    events.push(Event::Html(chart_html(&parse_chart(buf)).into()));
                    chart = None;
                }
                _ => {}
            }
            continue;
        }
        if let Some(t) = &mut table {
            if let Event::End(TagEnd::Table) = ev {
                let done = table.take().unwrap_or_default();
                events.push(Event::Html(done.html().into()));
            } else {
                t.push(ev);
            }
            continue;
        }
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if &*lang == "chart" => {
                chart = Some(String::new());
            }
            Event::Start(Tag::Table(aligns)) => {
                let dir = match pending.take() {
                    Some(Directive::Table {
                        widths,
                        small,
                        nowrap,
                    }) => (widths, small, nowrap),
                    _ => Default::default(),
                };
                table = Some(TableBuf::new(aligns, dir));
            }
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Html(h) | Event::InlineHtml(h) => match directive::parse(&h) {
                Some(d) => pending = Some(d),
                None if h.eq_ignore_ascii_case("<br>") => events.push(Event::Html("<br>".into())),
                None => events.push(Event::Text(h)),
            },
            Event::Start(Tag::Paragraph) if pending == Some(Directive::Right) => {
                pending = None;
                right_open = true;
                events.push(Event::Html("<p class=\"right\">".into()));
            }
            Event::End(TagEnd::Paragraph) if right_open => {
                right_open = false;
                events.push(Event::Html("</p>\n".into()));
            }
            Event::Text(t) => push_marked(&mut events, t),
            ev => {
                if matches!(ev, Event::Start(_)) {
                    pending = None;
                }
                events.push(ev);
            }
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Text with every fill-in mark (【要記入】) wrapped in `<mark class="fill">`.
fn push_marked<'a>(events: &mut Vec<Event<'a>>, text: CowStr<'a>) {
    let marks = super::pdf::FILL_MARKS;
    if !marks.iter().any(|m| text.contains(m)) {
        events.push(Event::Text(text));
        return;
    }
    let mut rest: &str = &text;
    while let Some((at, mark)) = marks
        .iter()
        .filter_map(|m| rest.find(m).map(|i| (i, *m)))
        .min_by_key(|(i, _)| *i)
    {
        if at > 0 {
            events.push(Event::Text(rest[..at].to_string().into()));
        }
        events.push(Event::Html(
            format!("<mark class=\"fill\">{}</mark>", escape_html(mark)).into(),
        ));
        rest = &rest[at + mark.len()..];
    }
    if !rest.is_empty() {
        events.push(Event::Text(rest.to_string().into()));
    }
}

/// The events of one table, collected so that it can be written with its column widths.
#[derive(Default)]
struct TableBuf {
    aligns: Vec<Alignment>,
    widths: Vec<f32>,
    small: Vec<usize>,
    nowrap: Vec<usize>,
    head: Vec<Vec<Event<'static>>>,
    rows: Vec<Vec<Vec<Event<'static>>>>,
    in_head: bool,
    cell: Option<Vec<Event<'static>>>,
}

impl TableBuf {
    fn new(
        aligns: Vec<Alignment>,
        (widths, small, nowrap): (Vec<f32>, Vec<usize>, Vec<usize>),
    ) -> Self {
        TableBuf {
            aligns,
            widths,
            small,
            nowrap,
            ..TableBuf::default()
        }
    }

    fn push(&mut self, ev: Event) {
        match ev {
            Event::Start(Tag::TableHead) => self.in_head = true,
            Event::End(TagEnd::TableHead) => self.in_head = false,
            Event::Start(Tag::TableRow) => self.rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => self.cell = Some(Vec::new()),
            Event::End(TagEnd::TableCell) => {
                let cell = self.cell.take().unwrap_or_default();
                match (self.in_head, self.rows.last_mut()) {
                    (true, _) => self.head.push(cell),
                    (false, Some(row)) => row.push(cell),
                    (false, None) => self.rows.push(vec![cell]),
                }
            }
            Event::End(TagEnd::TableRow) => {}
            ev => {
                if let Some(cell) = &mut self.cell {
                    let ev = match ev {
                        Event::Html(h) | Event::InlineHtml(h) if h.eq_ignore_ascii_case("<br>") => {
                            Event::Html("<br>".into())
                        }
                        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
                        other => other,
                    };
                    let mut out = Vec::new();
                    match ev {
                        Event::Text(t) => push_marked(&mut out, t),
                        other => out.push(other),
                    }
                    cell.extend(out.into_iter().map(Event::into_static));
                }
            }
        }
    }

    /// The text of a cell without markup (for width estimates and status detection).
    fn plain(cell: &[Event]) -> String {
        cell.iter()
            .map(|e| match e {
                Event::Text(t) | Event::Code(t) => t.to_string(),
                Event::Html(h) if h.as_ref() == "<br>" => "\n".to_string(),
                Event::Html(h) if h.starts_with("<mark") => super::pdf::FILL_MARKS[0].to_string(),
                _ => String::new(),
            })
            .collect()
    }

    /// Column widths in percent: the directive's, else estimated from the content the way
    /// the PDF engine distributes them (display columns: a CJK character counts two).
    fn percentages(&self) -> Vec<f32> {
        let n = self.aligns.len().max(1);
        if let Some(w) = directive::scale(&self.widths, n, 100.0) {
            return w;
        }
        let (mut min, mut max) = (vec![0.0f32; n], vec![0.0f32; n]);
        for row in std::iter::once(&self.head).chain(&self.rows) {
            for (j, cell) in row.iter().enumerate().take(n) {
                let text = Self::plain(cell);
                let (mn, mx) = display_widths(&text);
                min[j] = min[j].max(mn.min(30.0) + 2.0);
                max[j] = max[j].max(mx + 2.0);
            }
        }
        for &j in self.nowrap.iter().filter(|&&j| j < n) {
            min[j] = max[j];
        }
        let w = super::pdf::distribute(&min, &max, 200.0);
        let sum: f32 = w.iter().sum();
        w.iter().map(|x| 100.0 * x / sum.max(1e-3)).collect()
    }

    fn html(&self) -> String {
        let n = self.aligns.len().max(1);
        let mut out = String::from("<table>\n<colgroup>");
        for w in self.percentages() {
            out.push_str(&format!("<col style=\"width: {w:.1}%\">"));
        }
        out.push_str("</colgroup>\n");
        let cell = |tag: &str, j: usize, events: &[Event]| -> String {
            let mut classes = Vec::new();
            if self.small.contains(&j) {
                classes.push("small");
            }
            if self.nowrap.contains(&j) {
                classes.push("nowrap");
            }
            let text = Self::plain(events);
            let status =
                tag == "td" && self.aligns.get(j) == Some(&Alignment::Center) && is_status(&text);
            if status {
                classes.push("status");
            }
            let mut attrs = String::new();
            if !classes.is_empty() {
                attrs.push_str(&format!(" class=\"{}\"", classes.join(" ")));
            }
            let align = match self.aligns.get(j) {
                Some(Alignment::Left) => Some("left"),
                Some(Alignment::Center) => Some("center"),
                Some(Alignment::Right) => Some("right"),
                _ => None,
            };
            if let Some(a) = align {
                attrs.push_str(&format!(" style=\"text-align: {a}\""));
            }
            let inner = if status {
                let t = text.trim();
                let sym_len = t.chars().next().map_or(0, char::len_utf8);
                let (sym, note) = t.split_at(sym_len);
                let note = note.trim();
                if note.is_empty() {
                    format!("<span class=\"sym\">{}</span>", escape_html(sym))
                } else {
                    format!(
                        "<span class=\"sym\">{}</span><span class=\"note\">{}</span>",
                        escape_html(sym),
                        escape_html(note)
                    )
                }
            } else {
                let mut s = String::new();
                pulldown_cmark::html::push_html(&mut s, events.iter().cloned());
                s
            };
            format!("<{tag}{attrs}>{inner}</{tag}>")
        };
        out.push_str("<thead><tr>");
        for j in 0..n {
            out.push_str(&cell(
                "th",
                j,
                self.head.get(j).map_or(&[][..], Vec::as_slice),
            ));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            out.push_str("<tr>");
            for j in 0..n {
                out.push_str(&cell("td", j, row.get(j).map_or(&[][..], Vec::as_slice)));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        out
    }
}

/// A status cell: one status symbol, alone or followed by a space and a short note.
fn is_status(text: &str) -> bool {
    let t = text.trim();
    let mut it = t.chars();
    matches!(it.next(), Some('○' | '△' | '□' | '×' | '－'))
        && it.next().is_none_or(char::is_whitespace)
}

/// (min-content, max-content) of a text in display columns: the longest run without a
/// break opportunity (ASCII words; every CJK character may break) and the longest line.
fn display_widths(text: &str) -> (f32, f32) {
    let (mut min, mut max) = (0.0f32, 0.0f32);
    for line in text.lines() {
        let mut word = 0.0f32;
        let mut total = 0.0f32;
        for c in line.chars() {
            let w = c.width().unwrap_or(0) as f32;
            total += w;
            if c.is_ascii_whitespace() || w >= 2.0 {
                min = min.max(word);
                word = if w >= 2.0 { w } else { 0.0 };
            } else {
                word += w;
            }
        }
        min = min.max(word);
        max = max.max(total);
    }
    (min, max)
}

/// A horizontal bar chart as HTML: labels wrap (nothing is clipped), bars are coloured by
/// the same bands as the PDF's, and the legend names the bands.
pub fn chart_html(chart: &Chart) -> String {
    let mut out = String::from("<div class=\"chart\">\n");
    for b in &chart.bars {
        let label = escape_html(&b.label);
        match b.value {
            Some(v) => out.push_str(&format!(
                "<div class=\"bar\"><span class=\"label\">{label}</span><span class=\"track\"><span class=\"fill {}\" style=\"width: {v:.1}%\"></span></span><span class=\"value\">{v:.1}</span></div>\n",
                band(v)
            )),
            None => out.push_str(&format!(
                "<div class=\"bar\"><span class=\"label\">{label}</span><span class=\"track\"></span><span class=\"value\">－</span></div>\n"
            )),
        }
    }
    if !chart.legend.is_empty() {
        out.push_str("<p class=\"legend\">");
        for (i, text) in chart.legend.iter().enumerate() {
            let class = ["good", "fair", "poor"].get(i).copied().unwrap_or("poor");
            out.push_str(&format!(
                "<span class=\"key {class}\"></span>{}",
                escape_html(text)
            ));
        }
        out.push_str("</p>\n");
    }
    out.push_str("</div>\n");
    out
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
        assert!(
            !html.contains("<script>") && !html.contains("<div"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"));
        let html = body_to_html("| a |\n|---|\n| <script>x</script> <br> <b>y</b> |\n");
        assert!(
            html.contains("&lt;script&gt;") && html.contains("&lt;b&gt;"),
            "{html}"
        );
        assert!(html.contains("<br>"), "{html}");
    }

    #[test]
    fn chart_blocks_become_bars_with_a_legend() {
        let html = body_to_html("```chart\n組織的 <a> | 92.5\nPHR | -\n技術 | 55\n= 80 以上\n= 60 以上\n= 60 未満\n```\n");
        assert!(html.contains("class=\"chart\""), "{html}");
        assert!(
            html.contains("92.5") && html.contains("組織的 &lt;a&gt;"),
            "{html}"
        );
        assert!(
            html.contains("fill good") && html.contains("fill poor"),
            "{html}"
        );
        assert!(html.contains("class=\"legend\"") && html.contains("60 未満"));
        assert!(!html.contains("<pre>"));
    }

    #[test]
    fn chart_parsing_clamps_and_allows_empty() {
        let chart = parse_chart("a | 120\nb | -\nnot a bar\n= good\n");
        assert_eq!(
            chart.bars,
            vec![
                Bar {
                    label: "a".into(),
                    value: Some(100.0)
                },
                Bar {
                    label: "b".into(),
                    value: None
                }
            ]
        );
        assert_eq!(chart.legend, ["good"]);
    }

    #[test]
    fn tables_get_column_widths_classes_and_marks() {
        let md = "<!-- sansho:table widths=1,3 small=2 nowrap=1 -->\n\n| ID | 内容 |\n|:---|:---|\n| TEC-01 | 【要記入】 |\n\n| a | b |\n|---|:---:|\n| x | ○ 期限切れ |\n";
        let html = body_to_html(md);
        assert!(
            html.contains("<col style=\"width: 25.0%\"><col style=\"width: 75.0%\">"),
            "{html}"
        );
        assert!(
            html.contains("<td class=\"nowrap\" style=\"text-align: left\">TEC-01</td>"),
            "{html}"
        );
        assert!(
            html.contains("<mark class=\"fill\">【要記入】</mark>"),
            "{html}"
        );
        assert!(html.contains("class=\"small\""), "{html}");
        assert!(
            html.contains("<span class=\"sym\">○</span><span class=\"note\">期限切れ</span>"),
            "{html}"
        );
        // The second table has no directive: automatic widths that add up to 100 %.
        let second = &html[html.rfind("<colgroup>").unwrap()..];
        let total: f32 = second
            .split("width: ")
            .skip(1)
            .map(|s| s[..s.find('%').unwrap()].parse::<f32>().unwrap())
            .sum();
        assert!((total - 100.0).abs() < 0.5, "{second}");
    }

    #[test]
    fn a_right_directive_aligns_the_next_paragraph() {
        let html = body_to_html("<!-- sansho:right -->\n\n作成日: 2026年11月1日\n\nnext\n");
        assert!(
            html.contains("<p class=\"right\">作成日: 2026年11月1日</p>"),
            "{html}"
        );
        assert!(html.contains("<p>next</p>"), "{html}");
        assert!(!html.contains("sansho:"), "{html}");
    }
}
