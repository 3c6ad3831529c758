//! Markdown → a small block tree the layout engine understands.
//!
//! pulldown-cmark (tables and strikethrough enabled) produces events; they are folded
//! into [`Block`]s whose text is already sanitized for the font. Raw HTML is kept as
//! plain text, links keep their target visible, and nesting deeper than
//! [`MAX_DEPTH`] is flattened so hostile input cannot exhaust the stack.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use unicode_width::UnicodeWidthChar;

/// Containers (quotes, lists) nested deeper than this are flattened into their parent.
const MAX_DEPTH: usize = 8;

/// How a run of inline text is drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Style {
    /// `**strong**`: drawn with fill + stroke (the font has no bold face).
    pub bold: bool,
    /// `*emphasis*`: kept upright (Japanese text has no italics), recorded for completeness.
    pub italic: bool,
    /// `` `code` ``: light grey background.
    pub code: bool,
    /// `~~strike~~`: a line through the middle.
    pub strike: bool,
    /// Link text: drawn in a link colour.
    pub link: bool,
    /// A gap to fill in (【要記入】): drawn on a highlight.
    pub mark: bool,
}

/// Texts that mark a value still to be filled in; they are highlighted wherever they occur.
pub const FILL_MARKS: [&str; 2] = ["【要記入】", "[to be filled in]"];

/// Styled text: `spans` cover `text` contiguously, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Inline {
    /// The sanitized text; `\n` is a hard line break.
    pub text: String,
    /// `(start, end, style)` byte ranges covering `text` without gaps.
    pub spans: Vec<(usize, usize, Style)>,
}

impl Inline {
    /// Unstyled text.
    pub(crate) fn plain(text: String) -> Self {
        let spans = if text.is_empty() {
            Vec::new()
        } else {
            vec![(0, text.len(), Style::default())]
        };
        Inline { text, spans }
    }

    fn push(&mut self, s: &str, style: Style) {
        if s.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(s);
        let end = self.text.len();
        match self.spans.last_mut() {
            Some(last) if last.2 == style && last.1 == start => last.1 = end,
            _ => self.spans.push((start, end, style)),
        }
    }
}

/// Column alignment from the GFM delimiter row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// No colon: left for body cells, centred for header cells.
    Default,
    /// `:---`
    Left,
    /// `:---:`
    Center,
    /// `---:`
    Right,
}

/// A GFM table.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Table {
    /// One entry per column.
    pub aligns: Vec<Align>,
    /// Header cells.
    pub head: Vec<Inline>,
    /// Body rows.
    pub rows: Vec<Vec<Inline>>,
}

/// One bar of a ```` ```chart ```` block.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChartRow {
    /// Text left of the bar.
    pub label: String,
    /// 0–100, `None` for `-` or anything that is not a number.
    pub value: Option<f32>,
    /// What is printed right of the bar.
    pub shown: String,
    /// A legend entry (`= text` line) naming the next colour band, not a bar.
    pub legend: bool,
}

/// A block-level element.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// `#`–`######` (levels above 4 are drawn like 4).
    Heading(u8, Inline),
    /// A paragraph (also raw HTML blocks, as text).
    Paragraph(Inline),
    /// A list; `start` is `Some(n)` for ordered lists.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    /// `>` quote: drawn indented with a bar.
    Quote(Vec<Block>),
    /// `---`
    Rule,
    /// A fenced or indented code block (not `chart`).
    Code(String),
    /// A ```` ```chart ```` block.
    Chart(Vec<ChartRow>),
    /// A GFM table.
    Table(Table),
    /// A layout directive for the block that follows (`<!-- sansho:… -->`).
    Directive(super::directive::Directive),
}

/// Parses `markdown`; every piece of text goes through `sanitize` first.
pub(crate) fn parse(markdown: &str, sanitize: &dyn Fn(&str) -> String) -> Vec<Block> {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut b = Builder {
        events: Parser::new_ext(markdown, opts).peekable(),
        sanitize,
        depth: 0,
        flattened: 0,
    };
    let mut blocks = Vec::new();
    b.blocks(&mut blocks);
    // Stray `End` events at the top level (cannot happen with a well-formed stream) must
    // not cut the document short.
    while b.events.peek().is_some() {
        b.blocks(&mut blocks);
    }
    blocks
}

struct Builder<'a, 's, I: Iterator<Item = Event<'a>>> {
    events: std::iter::Peekable<I>,
    sanitize: &'s dyn Fn(&str) -> String,
    depth: usize,
    /// Containers opened beyond `MAX_DEPTH` whose `End` must be swallowed.
    flattened: usize,
}

/// Whether a `Start` tag opens a block (as opposed to inline styling).
fn is_block_tag(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

impl<'a, I: Iterator<Item = Event<'a>>> Builder<'a, '_, I> {
    /// Reads blocks until the `End` of the enclosing container (consumed) or the end of
    /// input.
    fn blocks(&mut self, out: &mut Vec<Block>) {
        while let Some(ev) = self.events.next() {
            match ev {
                Event::End(_) => {
                    if self.flattened > 0 {
                        self.flattened -= 1;
                        continue;
                    }
                    return;
                }
                Event::Start(tag) if is_block_tag(&tag) => self.block(tag, out),
                Event::Rule => out.push(Block::Rule),
                Event::Html(s) | Event::DisplayMath(s) => {
                    if let Some(d) = super::directive::parse(&s) {
                        out.push(Block::Directive(d));
                        continue;
                    }
                    // An HTML block's lines arrive one event each; keep them as text.
                    let text = (self.sanitize)(s.trim_end_matches('\n'));
                    out.push(Block::Paragraph(Inline::plain(text)));
                }
                other => {
                    // Inline content straight inside a container (tight list items).
                    let inl = self.inline(Some(other), true);
                    if !inl.text.trim().is_empty() {
                        out.push(Block::Paragraph(inl));
                    }
                }
            }
        }
    }

    fn block(&mut self, tag: Tag<'a>, out: &mut Vec<Block>) {
        match tag {
            Tag::Paragraph => {
                let inl = self.inline(None, false);
                out.push(Block::Paragraph(inl));
            }
            Tag::Heading { level, .. } => {
                let lvl = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                };
                let inl = self.inline(None, false);
                out.push(Block::Heading(lvl, inl));
            }
            Tag::CodeBlock(kind) => {
                let info = match &kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
                    CodeBlockKind::Indented => "",
                }
                .to_string();
                let raw = self.raw_text();
                if info == "chart" {
                    out.push(Block::Chart(self.chart(&raw)));
                } else {
                    let text = (self.sanitize)(raw.trim_end_matches('\n'));
                    out.push(Block::Code(text));
                }
            }
            Tag::HtmlBlock => {
                let raw = self.raw_text();
                if let Some(d) = super::directive::parse(&raw) {
                    out.push(Block::Directive(d));
                    return;
                }
                let text = (self.sanitize)(raw.trim_end_matches('\n'));
                if !text.trim().is_empty() {
                    out.push(Block::Paragraph(Inline::plain(text)));
                }
            }
            Tag::Table(aligns) => {
                let t = self.table(aligns);
                out.push(Block::Table(t));
            }
            Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_)
                if self.depth >= MAX_DEPTH =>
            {
                // Too deep: the container's content joins the parent.
                self.flattened += 1;
            }
            Tag::BlockQuote(_) => {
                self.depth += 1;
                let mut inner = Vec::new();
                self.blocks(&mut inner);
                self.depth -= 1;
                out.push(Block::Quote(inner));
            }
            Tag::List(start) => {
                self.depth += 1;
                let mut items = Vec::new();
                loop {
                    match self.events.next() {
                        None | Some(Event::End(_)) => break,
                        Some(Event::Start(Tag::Item)) => {
                            let mut item = Vec::new();
                            self.blocks(&mut item);
                            items.push(item);
                        }
                        Some(other) => {
                            // Not expected inside a list; keep it in an item of its own.
                            let inl = self.inline(Some(other), true);
                            items.push(vec![Block::Paragraph(inl)]);
                        }
                    }
                }
                self.depth -= 1;
                out.push(Block::List { start, items });
            }
            _ if self.depth >= MAX_DEPTH => self.flattened += 1,
            _ => {
                // Items outside lists, footnote definitions, definition lists, metadata:
                // their content is laid out in place.
                self.depth += 1;
                self.blocks(out);
                self.depth -= 1;
            }
        }
    }

    /// Text events up to the matching `End` (code blocks, HTML blocks).
    fn raw_text(&mut self) -> String {
        let mut s = String::new();
        let mut depth = 0usize;
        for ev in self.events.by_ref() {
            match ev {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) | Event::Code(t) => {
                    s.push_str(&t)
                }
                Event::SoftBreak | Event::HardBreak => s.push('\n'),
                _ => {}
            }
        }
        s
    }

    /// Collects inline content. With `implicit == false` it runs to the `End` closing the
    /// current block (consumed); with `implicit == true` (inline content directly inside
    /// a list item) it stops before the next block-level event.
    fn inline(&mut self, first: Option<Event<'a>>, implicit: bool) -> Inline {
        let mut inl = Inline::default();
        let mut style = Style::default();
        // Nesting counters for the style flags, and the open links' targets.
        let (mut bold, mut italic, mut strike) = (0usize, 0usize, 0usize);
        let mut links: Vec<(String, usize)> = Vec::new();
        let mut inline_depth = 0usize;
        let mut soft_break = false;
        let mut pending = first;
        loop {
            let ev = match pending.take() {
                Some(ev) => ev,
                None => {
                    if implicit && inline_depth == 0 {
                        match self.events.peek() {
                            None | Some(Event::End(_)) | Some(Event::Rule) => break,
                            Some(Event::Html(_)) | Some(Event::DisplayMath(_)) => break,
                            Some(Event::Start(tag)) if is_block_tag(tag) => break,
                            _ => {}
                        }
                    }
                    match self.events.next() {
                        Some(ev) => ev,
                        None => break,
                    }
                }
            };
            let mut text: Option<String> = None;
            match ev {
                Event::Start(tag) => {
                    inline_depth += 1;
                    match tag {
                        Tag::Strong => bold += 1,
                        Tag::Emphasis => italic += 1,
                        Tag::Strikethrough => strike += 1,
                        Tag::Link { dest_url, .. } => {
                            links.push((dest_url.to_string(), inl.text.len()));
                        }
                        Tag::Image { dest_url, .. } => {
                            links.push((dest_url.to_string(), inl.text.len()));
                            text = Some("[画像: ".to_string());
                        }
                        _ => {}
                    }
                }
                Event::End(tag) => {
                    if inline_depth == 0 {
                        break;
                    }
                    inline_depth -= 1;
                    match tag {
                        TagEnd::Strong => bold = bold.saturating_sub(1),
                        TagEnd::Emphasis => italic = italic.saturating_sub(1),
                        TagEnd::Strikethrough => strike = strike.saturating_sub(1),
                        TagEnd::Link => {
                            if let Some((url, at)) = links.pop() {
                                let shown = inl.text.get(at..).unwrap_or("").trim().to_string();
                                let bare = url.strip_prefix("mailto:").unwrap_or(&url);
                                if !url.is_empty() && !url.starts_with('#') && shown != bare {
                                    text = Some(format!(" ({url})"));
                                }
                            }
                        }
                        TagEnd::Image => {
                            links.pop();
                            text = Some("]".to_string());
                        }
                        _ => {}
                    }
                }
                Event::Text(t) => text = Some(t.to_string()),
                Event::Code(t) => {
                    let s = (self.sanitize)(&t).replace('\n', " ");
                    self.push_text(
                        &mut inl,
                        &s,
                        &mut soft_break,
                        Style {
                            code: true,
                            ..style
                        },
                    );
                    continue;
                }
                Event::InlineMath(t) | Event::DisplayMath(t) => text = Some(t.to_string()),
                // `<br>` breaks a line inside a table cell; templates write it, vendor text
                // cannot (its `<` is escaped).
                Event::InlineHtml(t) if t.eq_ignore_ascii_case("<br>") => {
                    soft_break = false;
                    inl.push("\n", style);
                    continue;
                }
                Event::Html(t) | Event::InlineHtml(t) => text = Some(t.to_string()),
                Event::FootnoteReference(t) => text = Some(format!("[^{t}]")),
                Event::TaskListMarker(done) => {
                    text = Some(if done { "[x] " } else { "[ ] " }.to_string())
                }
                Event::SoftBreak => {
                    soft_break = true;
                    continue;
                }
                Event::HardBreak => {
                    soft_break = false;
                    inl.push("\n", style);
                    continue;
                }
                Event::Rule => {}
            }
            style = Style {
                bold: bold > 0,
                italic: italic > 0,
                code: false,
                strike: strike > 0,
                link: !links.is_empty(),
                mark: false,
            };
            if let Some(t) = text {
                let s = (self.sanitize)(&t);
                self.push_text(&mut inl, &s, &mut soft_break, style);
            }
        }
        inl
    }

    /// Appends text; a pending soft break becomes a space unless it sits between two
    /// wide (CJK) characters, where Japanese text joins without one.
    fn push_text(&self, inl: &mut Inline, s: &str, soft_break: &mut bool, style: Style) {
        if s.is_empty() {
            return;
        }
        if std::mem::take(soft_break) {
            let wide = |c: Option<char>| c.and_then(|c| c.width()) == Some(2);
            let prev = inl.text.chars().next_back();
            let next = s.chars().next();
            if !(wide(prev) && wide(next)) && prev.is_some() {
                inl.push(" ", Style::default());
            }
        }
        // Fill-in marks get their own highlighted span.
        let mut rest = s;
        while let Some((at, mark)) = FILL_MARKS
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, *m)))
            .min_by_key(|(i, _)| *i)
        {
            inl.push(&rest[..at], style);
            inl.push(
                mark,
                Style {
                    mark: true,
                    ..style
                },
            );
            rest = &rest[at + mark.len()..];
        }
        inl.push(rest, style);
    }

    fn table(&mut self, aligns: Vec<Alignment>) -> Table {
        let mut t = Table {
            aligns: aligns
                .iter()
                .map(|a| match a {
                    Alignment::None => Align::Default,
                    Alignment::Left => Align::Left,
                    Alignment::Center => Align::Center,
                    Alignment::Right => Align::Right,
                })
                .collect(),
            ..Table::default()
        };
        let mut row: Vec<Inline> = Vec::new();
        let mut in_head = false;
        while let Some(ev) = self.events.next() {
            match ev {
                Event::Start(Tag::TableHead) => in_head = true,
                Event::Start(Tag::TableRow) => row.clear(),
                Event::Start(Tag::TableCell) => row.push(self.inline(None, false)),
                Event::End(TagEnd::TableHead) => {
                    t.head = std::mem::take(&mut row);
                    in_head = false;
                }
                Event::End(TagEnd::TableRow) => {
                    if in_head {
                        t.head = std::mem::take(&mut row);
                    } else {
                        t.rows.push(std::mem::take(&mut row));
                    }
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        if !row.is_empty() {
            t.rows.push(row);
        }
        let ncols = t
            .aligns
            .len()
            .max(t.head.len())
            .max(t.rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        t.aligns.resize(ncols, Align::Default);
        t.head.resize(ncols, Inline::default());
        for r in &mut t.rows {
            r.resize(ncols, Inline::default());
        }
        t
    }

    fn chart(&self, raw: &str) -> Vec<ChartRow> {
        raw.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                if let Some(text) = line.trim().strip_prefix("= ") {
                    return ChartRow {
                        label: (self.sanitize)(text.trim()),
                        value: None,
                        shown: String::new(),
                        legend: true,
                    };
                }
                let (label, value) = match line.rsplit_once('|') {
                    Some((l, v)) => (l.trim(), v.trim()),
                    None => (line.trim(), ""),
                };
                let value_num = value
                    .parse::<f32>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .map(|v| v.clamp(0.0, 100.0));
                let shown = match value_num {
                    Some(_) => value.chars().take(12).collect(),
                    None => "-".to_string(),
                };
                ChartRow {
                    label: (self.sanitize)(label),
                    value: value_num,
                    shown: (self.sanitize)(&shown),
                    legend: false,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(md: &str) -> Vec<Block> {
        parse(md, &|s: &str| s.to_string())
    }

    #[test]
    fn headings_paragraphs_styles() {
        let b = p("# 題名\n\n本文**太字**と`code`。\n続き");
        assert_eq!(b.len(), 2);
        assert!(matches!(&b[0], Block::Heading(1, i) if i.text == "題名"));
        let Block::Paragraph(i) = &b[1] else {
            panic!("{b:?}")
        };
        // The soft break between two CJK characters disappears.
        assert_eq!(i.text, "本文太字とcode。続き");
        assert!(i
            .spans
            .iter()
            .any(|s| s.2.bold && &i.text[s.0..s.1] == "太字"));
        assert!(i
            .spans
            .iter()
            .any(|s| s.2.code && &i.text[s.0..s.1] == "code"));
        let b = p("hello\nworld");
        assert!(matches!(&b[0], Block::Paragraph(i) if i.text == "hello world"));
    }

    #[test]
    fn lists_quotes_tables_charts() {
        let b = p("- a\n- b\n  - c\n\n> note\n\n| A | B |\n|:-:|--:|\n| 1 | 2 | 3 |\n| x |\n\n```chart\n技術 | 91.5\n物理 | -\n```\n");
        assert!(matches!(&b[0], Block::List { start: None, items } if items.len() == 2));
        assert!(matches!(&b[1], Block::Quote(v) if v.len() == 1));
        let Block::Table(t) = &b[2] else {
            panic!("{b:?}")
        };
        assert_eq!(t.aligns, vec![Align::Center, Align::Right]);
        assert_eq!(t.rows.len(), 2);
        assert!(t.rows.iter().all(|r| r.len() == 2));
        let Block::Chart(c) = &b[3] else {
            panic!("{b:?}")
        };
        assert_eq!(c[0].value, Some(91.5));
        assert_eq!(c[1].value, None);
    }

    #[test]
    fn raw_html_is_text_and_deep_nesting_is_flat() {
        let b = p("<script>alert(1)</script>\n\nx <b>y</b>");
        assert!(matches!(&b[0], Block::Paragraph(i) if i.text.contains("<script>")));
        assert!(matches!(&b[1], Block::Paragraph(i) if i.text.contains("<b>")));
        let deep = ">".repeat(5000) + " x";
        let b = p(&deep);
        assert!(!b.is_empty());
        let deep = (0..300)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect::<String>();
        let _ = p(&deep);
    }

    #[test]
    fn directives_breaks_and_fill_marks() {
        let b = p("<!-- sansho:right -->\n\n作成日\n\n| a | b |\n|---|---|\n| x<br>y | 【要記入】です |\n");
        assert!(matches!(
            &b[0],
            Block::Directive(super::super::directive::Directive::Right)
        ));
        let Block::Table(t) = &b[2] else {
            panic!("{b:?}")
        };
        assert_eq!(t.rows[0][0].text, "x\ny");
        let cell = &t.rows[0][1];
        assert!(cell
            .spans
            .iter()
            .any(|s| s.2.mark && &cell.text[s.0..s.1] == "【要記入】"));
        assert!(cell
            .spans
            .iter()
            .any(|s| !s.2.mark && &cell.text[s.0..s.1] == "です"));
        // An ordinary comment is still printed as text.
        let b = p("<!-- note -->\n");
        assert!(matches!(&b[0], Block::Paragraph(i) if i.text.contains("note")));
    }

    #[test]
    fn links_show_their_target() {
        let b = p("[仕様](https://example.jp/a) <https://example.jp/b>");
        let Block::Paragraph(i) = &b[0] else { panic!() };
        assert_eq!(i.text, "仕様 (https://example.jp/a) https://example.jp/b");
    }
}
