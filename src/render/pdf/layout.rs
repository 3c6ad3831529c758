//! Page layout: turns the block tree into positioned text runs, rectangles and rules,
//! page by page. Coordinates here are in points from the top-left corner of the page;
//! `draw` flips them into PDF space.
//!
//! Everything is measured with the font's own advances at the size it is drawn, so
//! nothing leaves its cell or the text area. Running headers and footers are added by
//! [`decorate`] once the page count is known.

use super::directive::Directive;
use super::font::FontMetrics;
use super::linebreak::{break_lines, content_widths, LineSpan};
use super::markdown::{Align, Block, ChartRow, Inline, Style, Table};

/// Points per millimetre.
pub(crate) const MM: f32 = 72.0 / 25.4;

/// An RGB colour, components 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f32, pub f32, pub f32);

const TEXT: Rgb = Rgb(0.08, 0.08, 0.1);
const MUTED: Rgb = Rgb(0.35, 0.35, 0.4);
const QUOTE_TEXT: Rgb = Rgb(0.2, 0.22, 0.28);
const RULE: Rgb = Rgb(0.55, 0.56, 0.6);
const BORDER: Rgb = Rgb(0.5, 0.52, 0.56);
const HEAD_BG: Rgb = Rgb(0.87, 0.9, 0.94);
const ZEBRA: Rgb = Rgb(0.962, 0.967, 0.975);
const ACCENT: Rgb = Rgb(0.16, 0.26, 0.47);
const QUOTE_BAR: Rgb = Rgb(0.55, 0.62, 0.75);
const QUOTE_BG: Rgb = Rgb(0.965, 0.971, 0.982);
const CODE_BG: Rgb = Rgb(0.94, 0.945, 0.95);
const CODE_BORDER: Rgb = Rgb(0.82, 0.83, 0.85);
const LINK: Rgb = Rgb(0.1, 0.27, 0.6);
const BAR_TRACK: Rgb = Rgb(0.91, 0.92, 0.94);
const GRID: Rgb = Rgb(0.8, 0.81, 0.84);
/// Bar colours by score band (80 and above, 60 to below 80, below 60), as in the HTML.
const BANDS: [Rgb; 3] = [
    Rgb(0.18, 0.49, 0.2),
    Rgb(0.976, 0.659, 0.145),
    Rgb(0.776, 0.157, 0.157),
];

const BODY_SIZE: f32 = 9.5;
const BODY_LH: f32 = 1.6;
const TABLE_SIZE: f32 = 8.5;
const TABLE_LH: f32 = 1.36;
const CODE_SIZE: f32 = 8.3;
const RUNNING_SIZE: f32 = 7.5;
/// Status symbols drawn centred and enlarged when a cell holds nothing else.
const STATUS_SYMBOLS: [char; 5] = ['○', '△', '□', '×', '－'];
const SYMBOL_SCALE: f32 = 1.4;
/// Small columns (citations) and notes under status symbols, relative to the table size.
const SMALL_SCALE: f32 = 0.85;
/// Highlight of a value still to be filled in (【要記入】).
const MARK_BG: Rgb = Rgb(1.0, 0.92, 0.55);

/// Something to draw, in top-left based coordinates (points).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    /// One run of text in one style: a single `ShowText`.
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        text: String,
        bold: bool,
        color: Rgb,
    },
    /// A filled rectangle; `y` is its top edge.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    /// A straight stroked line.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
}

/// Page size and the areas for body, header and footer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    pub page_w: f32,
    pub page_h: f32,
    pub left: f32,
    pub right: f32,
    pub body_top: f32,
    pub body_bottom: f32,
    header_baseline: f32,
    header_rule: f32,
    footer_rule: f32,
}

impl Geometry {
    /// A4, portrait or landscape, 15 mm side margins, header and footer bands.
    pub(crate) fn a4(landscape: bool) -> Self {
        let (w, h) = if landscape {
            (297.0 * MM, 210.0 * MM)
        } else {
            (210.0 * MM, 297.0 * MM)
        };
        Geometry {
            page_w: w,
            page_h: h,
            left: 15.0 * MM,
            right: w - 15.0 * MM,
            body_top: 18.0 * MM,
            body_bottom: h - 17.5 * MM,
            header_baseline: 11.5 * MM,
            header_rule: 13.0 * MM,
            footer_rule: h - 14.0 * MM,
        }
    }

    fn text_width(&self) -> f32 {
        self.right - self.left
    }
}

/// Where blocks go: left edge, width, text colour, list nesting.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    x: f32,
    w: f32,
    color: Rgb,
    depth: usize,
}

/// A list marker waiting for the first line of its item.
#[derive(Debug, Clone)]
struct Marker {
    /// Right edge of the marker.
    x_right: f32,
    text: String,
    color: Rgb,
}

/// The page-filling state.
pub(crate) struct Layout<'f, 'a> {
    fm: &'f FontMetrics<'a>,
    g: Geometry,
    /// Items of each page, in drawing order.
    pub pages: Vec<Vec<Item>>,
    /// How far down each finished page was filled.
    used_bottom: Vec<f32>,
    y: f32,
    /// Vertical space owed before the next block (collapses with other gaps, dropped at a
    /// page top).
    gap: f32,
    markers: Vec<Marker>,
    /// The directive that applies to the next block.
    pending: Option<Directive>,
    /// A break forced on the next table or paragraph (see [`Force`]).
    force: Option<Force>,
}

/// Where the layout stood before a block, to lay it out again differently.
#[derive(Clone)]
struct Mark {
    pages: usize,
    items: usize,
    used_bottom: Vec<f32>,
    y: f32,
    gap: f32,
    markers: Vec<Marker>,
    pending: Option<Directive>,
}

/// Pages holding nothing but this much short text (a note, a sentence) are avoided.
const TAIL_MAX: f32 = 3.2 * BODY_SIZE * BODY_LH;

impl<'f, 'a> Layout<'f, 'a> {
    /// An empty document with one blank page.
    pub(crate) fn new(fm: &'f FontMetrics<'a>, g: Geometry) -> Self {
        Layout {
            fm,
            g,
            pages: vec![Vec::new()],
            used_bottom: vec![g.body_top],
            y: g.body_top,
            gap: 0.0,
            markers: Vec::new(),
            pending: None,
            force: None,
        }
    }

    /// Lays out the whole document. A page that would hold only a short tail (a note or a
    /// sentence, such as the provenance line) takes the last rows or lines of the block
    /// before it along, so no page holds a lone note.
    pub(crate) fn run(&mut self, blocks: &[Block]) {
        let ctx = Ctx {
            x: self.g.left,
            w: self.g.text_width(),
            color: TEXT,
            depth: 0,
        };
        let mut marks: Vec<Mark> = Vec::with_capacity(blocks.len());
        // (first page, last page) of each top-level block.
        let mut spans: Vec<(usize, usize)> = Vec::with_capacity(blocks.len());
        // Blocks already laid out again, so a fix is tried once per block.
        let mut retried = vec![false; blocks.len()];
        let mut i = 0;
        while i < blocks.len() {
            marks.truncate(i);
            spans.truncate(i);
            marks.push(self.mark());
            let (page, items) = (self.pages.len() - 1, self.pages[self.pages.len() - 1].len());
            self.block_in(blocks, i, ctx);
            let first = if self.pages[page].len() > items {
                page
            } else {
                page + 1
            };
            spans.push((first.min(self.pages.len() - 1), self.pages.len() - 1));
            // A short tail alone on a new page: lay the block before it out again, handing
            // it its last rows or lines.
            if let Some(prev) = self.lone_tail(blocks, &spans, i) {
                if !retried[prev] {
                    if let Some(force) = self.tail_force(&blocks[prev]) {
                        retried[prev] = true;
                        self.restore(&marks[prev]);
                        self.force = Some(force);
                        i = prev;
                        continue;
                    }
                }
            }
            i += 1;
        }
    }

    fn mark(&self) -> Mark {
        Mark {
            pages: self.pages.len(),
            items: self.pages.last().map_or(0, Vec::len),
            used_bottom: self.used_bottom.clone(),
            y: self.y,
            gap: self.gap,
            markers: self.markers.clone(),
            pending: self.pending.clone(),
        }
    }

    fn restore(&mut self, m: &Mark) {
        self.pages.truncate(m.pages);
        if let Some(last) = self.pages.last_mut() {
            last.truncate(m.items);
        }
        self.used_bottom = m.used_bottom.clone();
        self.y = m.y;
        self.gap = m.gap;
        self.markers = m.markers.clone();
        self.pending = m.pending.clone();
        self.force = None;
    }

    /// When block `i` (just laid out) ends a run of short blocks that sit alone on the
    /// current page — the page began with them and holds little — the index of the block
    /// before the run, on the previous page.
    fn lone_tail(&self, blocks: &[Block], spans: &[(usize, usize)], i: usize) -> Option<usize> {
        let page = spans[i].1;
        if page == 0 || self.y - self.g.body_top > TAIL_MAX {
            return None;
        }
        // The run of blocks on this page, all of them short kinds.
        let mut k = i;
        while k > 0 && spans[k - 1].1 == page {
            k -= 1;
        }
        let short = |b: &Block| {
            matches!(
                b,
                Block::Paragraph(_) | Block::Quote(_) | Block::Rule | Block::Directive(_)
            )
        };
        if spans[k].0 != page || !blocks[k..=i].iter().all(short) {
            return None;
        }
        // Only when nothing else comes on this page: the next block is a heading (which
        // starts its own page here) or there is none.
        let next_heading = blocks
            .get(i + 1)
            .is_none_or(|b| matches!(b, Block::Heading(..)));
        if !next_heading {
            return None;
        }
        // The block to take rows or lines from: the last one before the run that is not a
        // directive or a rule (a rule left at the foot of the previous page goes along).
        let prev = (0..k)
            .rev()
            .find(|&j| !matches!(blocks[j], Block::Directive(_) | Block::Rule))?;
        (spans[prev].1 + 1 == page).then_some(prev)
    }

    /// What to force on `b` so that its end moves to the next page with the tail.
    fn tail_force(&self, b: &Block) -> Option<Force> {
        match b {
            Block::Table(t) if t.rows.len() >= 4 => Some(Force::TableTail(2)),
            Block::Paragraph(_) => Some(Force::ParagraphTail(2)),
            _ => None,
        }
    }

    // ----- page mechanics -------------------------------------------------------------

    fn at_top(&self) -> bool {
        self.y <= self.g.body_top + 0.01
    }

    fn new_page(&mut self) {
        if let Some(last) = self.used_bottom.last_mut() {
            *last = self.y;
        }
        self.pages.push(Vec::new());
        self.used_bottom.push(self.g.body_top);
        self.y = self.g.body_top;
        self.gap = 0.0;
    }

    /// Makes room for `h` points: pays the pending gap, or starts a new page when the
    /// rest of this one is too short (never on an empty page).
    fn ensure(&mut self, h: f32) {
        let gap = if self.at_top() { 0.0 } else { self.gap };
        if self.y + gap + h > self.g.body_bottom + 0.01 && !self.at_top() {
            self.new_page();
        } else {
            self.y += gap;
        }
        self.gap = 0.0;
    }

    fn space(&mut self, g: f32) {
        self.gap = self.gap.max(g);
    }

    fn push(&mut self, item: Item) {
        if let Some(p) = self.pages.last_mut() {
            p.push(item);
        }
    }

    fn room(&self) -> f32 {
        self.g.body_bottom - self.y
    }

    /// Baseline of text of `size` centred in a line box of height `lh` starting at `top`.
    fn baseline(&self, top: f32, lh: f32, size: f32) -> f32 {
        let (a, d) = (self.fm.ascent, self.fm.descent);
        top + (lh - (a + d) * size) / 2.0 + a * size
    }

    fn measure(&self, size: f32) -> impl Fn(char) -> f32 + 'f {
        let fm = self.fm;
        move |c| fm.em_or_replacement(c) * size
    }

    fn lines(&self, text: &str, width: f32, size: f32) -> Vec<LineSpan> {
        let m = self.measure(size);
        break_lines(text, width, &m)
    }

    /// Draws pending list markers on the baseline of the line being placed.
    fn take_markers(&mut self, baseline: f32) {
        for m in std::mem::take(&mut self.markers) {
            let w = self.fm.width(&m.text, BODY_SIZE);
            self.push(Item::Text {
                x: m.x_right - w,
                baseline,
                size: BODY_SIZE,
                text: m.text,
                bold: false,
                color: m.color,
            });
        }
    }

    // ----- blocks ---------------------------------------------------------------------

    fn blocks(&mut self, blocks: &[Block], ctx: Ctx) {
        for i in 0..blocks.len() {
            self.block_in(blocks, i, ctx);
        }
    }

    /// Lays out `blocks[i]`; a heading looks at what follows it to keep with its start.
    fn block_in(&mut self, blocks: &[Block], i: usize, ctx: Ctx) {
        match &blocks[i] {
            Block::Heading(level, inl) => {
                let keep = self.keep_height(&blocks[i + 1..], ctx);
                self.heading(*level, inl, ctx, keep);
            }
            b => self.block(b, ctx),
        }
    }

    /// How much of what follows a heading must fit below it: short paragraphs (a counts
    /// line) in full, then a table's header and first two rows, or the first two lines of
    /// anything else.
    fn keep_height(&self, rest: &[Block], ctx: Ctx) -> f32 {
        let two_lines = 2.0 * BODY_SIZE * BODY_LH;
        let mut h = 0.0;
        let mut dir = TableDirective::default();
        for b in rest {
            match b {
                Block::Directive(Directive::Table {
                    widths,
                    small,
                    nowrap,
                }) => {
                    dir = TableDirective {
                        widths: widths.clone(),
                        small: small.clone(),
                        nowrap: nowrap.clone(),
                    };
                }
                Block::Directive(_) => {}
                Block::Paragraph(inl) => {
                    let n = self.lines(&inl.text, ctx.w, BODY_SIZE).len();
                    if n <= 2 {
                        h += n as f32 * BODY_SIZE * BODY_LH + 5.0;
                        continue;
                    }
                    return h + two_lines;
                }
                Block::Table(t) => return h + self.table_start(t, ctx, &dir, 2),
                Block::Heading(..) => return h + two_lines,
                _ => return h + two_lines,
            }
        }
        h
    }

    fn block(&mut self, b: &Block, ctx: Ctx) {
        let pending = self.pending.take();
        match b {
            Block::Directive(d) => self.pending = Some(d.clone()),
            Block::Heading(level, inl) => self.heading(*level, inl, ctx, 2.0 * BODY_SIZE * BODY_LH),
            Block::Paragraph(inl) => {
                let align = if pending == Some(Directive::Right) {
                    Align::Right
                } else {
                    Align::Left
                };
                self.paragraph(inl, ctx, BODY_SIZE, BODY_LH, align, false);
                self.space(5.0);
            }
            Block::List { start, items } => self.list(*start, items, ctx),
            Block::Quote(inner) => self.quote(inner, ctx),
            Block::Rule => {
                self.space(4.0);
                self.ensure(10.0);
                let y = self.y + 5.0;
                self.push(Item::Line {
                    x1: ctx.x,
                    y1: y,
                    x2: ctx.x + ctx.w,
                    y2: y,
                    width: 0.6,
                    color: RULE,
                });
                self.y += 10.0;
                self.space(4.0);
            }
            Block::Code(text) => self.code(text, ctx),
            Block::Chart(rows) => self.chart(rows, ctx),
            Block::Table(t) => {
                let dir = match pending {
                    Some(Directive::Table {
                        widths,
                        small,
                        nowrap,
                    }) => TableDirective {
                        widths,
                        small,
                        nowrap,
                    },
                    _ => TableDirective::default(),
                };
                self.table(t, ctx, &dir);
            }
        }
    }

    /// Places wrapped lines of `inl`; returns nothing, advances `y`.
    fn paragraph(
        &mut self,
        inl: &Inline,
        ctx: Ctx,
        size: f32,
        lh_factor: f32,
        align: Align,
        bold: bool,
    ) {
        let lh = size * lh_factor;
        let lines = self.lines(&inl.text, ctx.w, size);
        let pull_from = match self.force.take() {
            Some(Force::ParagraphTail(k)) if k < lines.len() => Some(lines.len() - k),
            other => {
                self.force = other;
                None
            }
        };
        // A short paragraph (a note, the provenance line) is never split; a longer one
        // neither leaves its first line alone at the foot of a page nor its last line alone
        // at the top of the next.
        let n = lines.len();
        if n <= 3 {
            self.ensure(lh * n as f32);
        } else {
            self.ensure(lh * 2.0);
        }
        let mut span_idx = 0;
        for (i, line) in lines.iter().enumerate() {
            if Some(i) == pull_from && !self.at_top() {
                self.new_page();
            }
            if n > 3 && i + 2 == n && !self.at_top() && self.room() + 0.01 < 2.0 * lh {
                self.new_page();
            }
            self.ensure(lh);
            let baseline = self.baseline(self.y, lh, size);
            let x = match align {
                Align::Center => ctx.x + (ctx.w - line.width) / 2.0,
                Align::Right => ctx.x + ctx.w - line.width,
                Align::Left | Align::Default => ctx.x,
            };
            self.take_markers(baseline);
            self.fragments(inl, line, x, baseline, size, ctx.color, bold, &mut span_idx);
            self.y += lh;
        }
    }

    /// Emits the styled runs of one line: one text item per run of equal style.
    #[allow(clippy::too_many_arguments)]
    fn fragments(
        &mut self,
        inl: &Inline,
        line: &LineSpan,
        x: f32,
        baseline: f32,
        size: f32,
        color: Rgb,
        bold: bool,
        span_idx: &mut usize,
    ) {
        let spans = &inl.spans;
        while *span_idx < spans.len() && spans[*span_idx].1 <= line.start {
            *span_idx += 1;
        }
        let mut cx = x;
        let mut i = *span_idx;
        while i < spans.len() && spans[i].0 < line.end {
            let (s, e, st): (usize, usize, Style) = spans[i];
            let a = s.max(line.start);
            let b = e.min(line.end);
            i += 1;
            let Some(t) = inl.text.get(a..b) else {
                continue;
            };
            let w = self.fm.width(t, size);
            if st.mark && !t.trim().is_empty() {
                let (asc, desc) = (self.fm.ascent * size, self.fm.descent * size);
                self.push(Item::Rect {
                    x: cx - 0.6,
                    y: baseline - asc - 0.4,
                    w: w + 1.2,
                    h: asc + desc + 0.8,
                    color: MARK_BG,
                });
            }
            if st.code && !t.trim().is_empty() {
                let (asc, desc) = (self.fm.ascent * size, self.fm.descent * size);
                self.push(Item::Rect {
                    x: cx - 0.6,
                    y: baseline - asc - 0.3,
                    w: w + 1.2,
                    h: asc + desc + 0.6,
                    color: CODE_BG,
                });
            }
            if !t.trim().is_empty() {
                self.push(Item::Text {
                    x: cx,
                    baseline,
                    size,
                    text: t.to_string(),
                    bold: bold || st.bold,
                    color: if st.link { LINK } else { color },
                });
            }
            if st.strike && !t.trim().is_empty() {
                let y = baseline - size * 0.3;
                self.push(Item::Line {
                    x1: cx,
                    y1: y,
                    x2: cx + w,
                    y2: y,
                    width: 0.5,
                    color,
                });
            }
            cx += w;
        }
    }

    fn heading(&mut self, level: u8, inl: &Inline, ctx: Ctx, keep: f32) {
        let (size, before, after) = match level {
            1 => (19.0, 4.0, 12.0),
            2 => (13.0, 14.0, 7.0),
            3 => (11.0, 10.0, 5.0),
            _ => (10.0, 8.0, 4.0),
        };
        let lh_factor = 1.35;
        let bar = if level == 2 { 9.0 } else { 0.0 };
        let inner = Ctx {
            x: ctx.x + bar,
            w: (ctx.w - bar).max(size),
            ..ctx
        };
        let lines = self.lines(&inl.text, inner.w, size).len().max(1);
        let h = lines as f32 * size * lh_factor;
        self.space(before);
        // Keep the heading with the start of what follows it (a counts line, a table's
        // header and first two rows), but never ask for more than most of a page.
        let keep = keep.min((self.g.body_bottom - self.g.body_top) * 0.6 - h);
        self.ensure(h + keep.max(0.0));
        if level == 2 {
            // Only as tall as the first line when the heading is long.
            let bar_h = size * lh_factor - size * 0.24;
            self.push(Item::Rect {
                x: ctx.x,
                y: self.y + size * 0.12,
                w: 3.2,
                h: if lines > 3 { bar_h } else { h - size * 0.24 },
                color: ACCENT,
            });
        }
        let align = if level == 1 {
            Align::Center
        } else {
            Align::Left
        };
        self.paragraph(inl, inner, size, lh_factor, align, true);
        if level == 1 && inl.text.is_empty() {
            self.y += h;
        }
        self.space(after);
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], ctx: Ctx) {
        let bullet = match ctx.depth {
            0 => self.fm.pick(&['•', '・', '-']),
            1 => self.fm.pick(&['◦', '○', '-']),
            _ => self.fm.pick(&['▪', '・', '-']),
        };
        let markers: Vec<String> = (0..items.len())
            .map(|i| match start {
                Some(s) => format!("{}.", s.saturating_add(i as u64)),
                None => bullet.to_string(),
            })
            .collect();
        let widest = markers
            .iter()
            .map(|m| self.fm.width(m, BODY_SIZE))
            .fold(0.0f32, f32::max);
        let mut indent = (widest + 5.0).max(14.0);
        // Deep nesting stops indenting once the text would get too narrow.
        if ctx.w - indent < self.g.text_width() * 0.4 {
            indent = 0.0;
        }
        let inner = Ctx {
            x: ctx.x + indent,
            w: ctx.w - indent,
            depth: ctx.depth + 1,
            ..ctx
        };
        for (item, marker) in items.iter().zip(markers) {
            self.markers.push(Marker {
                x_right: inner.x - 4.0,
                text: marker,
                color: ctx.color,
            });
            self.blocks(item, inner);
            if !self.markers.is_empty() {
                let lh = BODY_SIZE * BODY_LH;
                self.ensure(lh);
                let b = self.baseline(self.y, lh, BODY_SIZE);
                self.take_markers(b);
                self.y += lh;
            }
            self.gap = self.gap.min(2.0);
            self.space(2.0);
        }
        self.space(5.0);
    }

    fn quote(&mut self, inner_blocks: &[Block], ctx: Ctx) {
        let pad = 4.0;
        self.space(5.0);
        self.ensure(BODY_SIZE * BODY_LH + 2.0 * pad);
        let start_page = self.pages.len() - 1;
        let start_y = self.y;
        let start_idx = self.pages[start_page].len();
        self.y += pad;
        let inner = Ctx {
            x: ctx.x + 11.0,
            w: (ctx.w - 15.0).max(BODY_SIZE * 2.0),
            color: QUOTE_TEXT,
            ..ctx
        };
        self.blocks(inner_blocks, inner);
        self.gap = 0.0;
        self.y = (self.y + pad).min(self.g.body_bottom);
        let last = self.pages.len() - 1;
        for p in start_page..=last {
            let top = if p == start_page {
                start_y
            } else {
                self.g.body_top
            };
            let bottom = if p == last {
                self.y
            } else {
                self.used_bottom[p]
            };
            if bottom <= top + pad + 0.5 {
                continue;
            }
            let bg = Item::Rect {
                x: ctx.x,
                y: top,
                w: ctx.w,
                h: bottom - top,
                color: QUOTE_BG,
            };
            let at = if p == start_page { start_idx } else { 0 };
            let page = &mut self.pages[p];
            page.insert(at.min(page.len()), bg);
            page.push(Item::Rect {
                x: ctx.x,
                y: top,
                w: 2.5,
                h: bottom - top,
                color: QUOTE_BAR,
            });
        }
        self.space(6.0);
    }

    fn code(&mut self, text: &str, ctx: Ctx) {
        let size = CODE_SIZE;
        let lh = size * 1.4;
        let pad = 5.0;
        let lines = self.lines(text, ctx.w - 2.0 * pad, size);
        if lines.is_empty() {
            return;
        }
        self.space(4.0);
        let plain = Inline::plain(text.to_string());
        let mut i = 0;
        let mut span_idx = 0;
        while i < lines.len() {
            self.ensure(lh + 2.0 * pad);
            let fit = ((self.room() - 2.0 * pad) / lh).floor().max(1.0) as usize;
            let n = fit.min(lines.len() - i);
            let h = n as f32 * lh + 2.0 * pad;
            self.push(Item::Rect {
                x: ctx.x,
                y: self.y,
                w: ctx.w,
                h,
                color: CODE_BG,
            });
            for (k, line) in lines[i..i + n].iter().enumerate() {
                let b = self.baseline(self.y + pad + k as f32 * lh, lh, size);
                if k == 0 && i == 0 {
                    self.take_markers(b);
                }
                self.fragments(
                    &plain,
                    line,
                    ctx.x + pad,
                    b,
                    size,
                    ctx.color,
                    false,
                    &mut span_idx,
                );
            }
            self.frame(ctx.x, self.y, ctx.w, h, 0.4, CODE_BORDER);
            self.y += h;
            i += n;
            if i < lines.len() {
                self.new_page();
            }
        }
        self.space(6.0);
    }

    fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32, color: Rgb) {
        for (x1, y1, x2, y2) in [
            (x, y, x + w, y),
            (x, y + h, x + w, y + h),
            (x, y, x, y + h),
            (x + w, y, x + w, y + h),
        ] {
            self.push(Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            });
        }
    }

    // ----- chart ----------------------------------------------------------------------

    fn chart(&mut self, all: &[ChartRow], ctx: Ctx) {
        let rows: Vec<&ChartRow> = all.iter().filter(|r| !r.legend).collect();
        let legend: Vec<&ChartRow> = all.iter().filter(|r| r.legend).collect();
        if rows.is_empty() {
            return;
        }
        let size = TABLE_SIZE;
        let lh = size * 1.45;
        let row_gap = 3.0;
        let label_max = rows
            .iter()
            .map(|r| self.fm.width(&r.label, size))
            .fold(0.0f32, f32::max);
        // Labels wrap (English area names are long) but are never cut.
        let label_w = (label_max + 8.0).min(ctx.w * 0.4).max(size * 3.0);
        let value_w = rows
            .iter()
            .map(|r| self.fm.width(&r.shown, size))
            .fold(self.fm.width("100.0", size), f32::max)
            .min(ctx.w * 0.15)
            + 8.0;
        let bar_x = ctx.x + label_w;
        let bar_w = (ctx.w - label_w - value_w).max(10.0);
        self.space(5.0);
        let mut first = true;
        for r in rows {
            let label = Inline::plain(r.label.clone());
            let mut lines = self.lines(&label.text, label_w - 8.0, size);
            // Only a label taller than half a page (hostile input) is cut, with an ellipsis.
            let most = (((self.g.body_bottom - self.g.body_top) * 0.5 / lh) as usize).max(1);
            let mut cut_tail = None;
            if lines.len() > most {
                lines.truncate(most);
                if let Some(last) = lines.pop() {
                    let rest = label
                        .text
                        .get(last.start..)
                        .unwrap_or("")
                        .replace('\n', " ");
                    cut_tail = Some(fit_text(self.fm, &rest, label_w - 8.0, size));
                }
            }
            let n = (lines.len() + usize::from(cut_tail.is_some())).max(1);
            let h = n as f32 * lh + row_gap;
            self.ensure(h);
            let top = self.y;
            // Grid at 0/25/50/75/100 % behind the bar.
            for q in 0..=4 {
                let gx = bar_x + bar_w * q as f32 / 4.0;
                self.push(Item::Line {
                    x1: gx,
                    y1: top,
                    x2: gx,
                    y2: top + h,
                    width: 0.3,
                    color: GRID,
                });
            }
            let mut span_idx = 0;
            for (k, line) in lines.iter().enumerate() {
                let b = self.baseline(top + row_gap / 2.0 + k as f32 * lh, lh, size);
                if first && k == 0 {
                    self.take_markers(b);
                }
                self.fragments(
                    &label,
                    line,
                    ctx.x,
                    b,
                    size,
                    ctx.color,
                    false,
                    &mut span_idx,
                );
            }
            if let Some(text) = cut_tail {
                let k = lines.len();
                let b = self.baseline(top + row_gap / 2.0 + k as f32 * lh, lh, size);
                self.push(Item::Text {
                    x: ctx.x,
                    baseline: b,
                    size,
                    text,
                    bold: false,
                    color: ctx.color,
                });
            }
            first = false;
            let bar_h = lh * 0.62;
            let bar_top = top + row_gap / 2.0 + (lh - bar_h) / 2.0;
            self.push(Item::Rect {
                x: bar_x,
                y: bar_top,
                w: bar_w,
                h: bar_h,
                color: BAR_TRACK,
            });
            if let Some(v) = r.value {
                let w = bar_w * v / 100.0;
                if w > 0.05 {
                    self.push(Item::Rect {
                        x: bar_x,
                        y: bar_top,
                        w,
                        h: bar_h,
                        color: BANDS[super::chart_band(v)],
                    });
                }
            }
            let vw = self.fm.width(&r.shown, size).min(value_w - 8.0);
            let shown = fit_text(self.fm, &r.shown, value_w - 8.0, size);
            let b = self.baseline(top + row_gap / 2.0, lh, size);
            self.push(Item::Text {
                x: ctx.x + ctx.w - vw,
                baseline: b,
                size,
                text: shown,
                bold: false,
                color: ctx.color,
            });
            self.y += h;
        }
        // Scale under the bars.
        let small = 6.5;
        self.ensure(small * 1.6);
        let b = self.baseline(self.y, small * 1.6, small);
        for q in 0..=4 {
            let label = (q * 25).to_string();
            let w = self.fm.width(&label, small);
            let gx = bar_x + bar_w * q as f32 / 4.0;
            self.push(Item::Text {
                x: gx - w / 2.0,
                baseline: b,
                size: small,
                text: label,
                bold: false,
                color: MUTED,
            });
        }
        self.y += small * 1.6;
        // Legend: a swatch per colour band, then its text, wrapping as a line of words.
        if !legend.is_empty() {
            let size = 7.5;
            let lh = size * 1.6;
            let swatch = size * 0.9;
            self.space(3.0);
            self.ensure(lh);
            let mut x = bar_x;
            for (i, entry) in legend.iter().enumerate() {
                let w = swatch + 3.0 + self.fm.width(&entry.label, size) + 10.0;
                if x > bar_x && x + w > ctx.x + ctx.w {
                    self.y += lh;
                    self.ensure(lh);
                    x = bar_x;
                }
                let b = self.baseline(self.y, lh, size);
                self.push(Item::Rect {
                    x,
                    y: b - swatch,
                    w: swatch,
                    h: swatch,
                    color: BANDS[i.min(BANDS.len() - 1)],
                });
                let text = fit_text(
                    self.fm,
                    &entry.label,
                    ctx.x + ctx.w - x - swatch - 3.0,
                    size,
                );
                self.push(Item::Text {
                    x: x + swatch + 3.0,
                    baseline: b,
                    size,
                    text,
                    bold: false,
                    color: MUTED,
                });
                x += w;
            }
            self.y += lh;
        }
        self.space(8.0);
    }

    // ----- tables ---------------------------------------------------------------------

    /// Column geometry of a table: widths (from the directive, or like HTML's automatic
    /// layout), sizes (small columns), padding.
    fn table_geo(&self, t: &Table, ctx: Ctx, dir: &TableDirective) -> TableGeo {
        let n = t.aligns.len().max(1);
        let size = if n > 8 {
            (TABLE_SIZE * 8.0 / n as f32).max(5.5)
        } else {
            TABLE_SIZE
        };
        let sizes: Vec<f32> = (0..n)
            .map(|j| {
                if dir.small.contains(&j) {
                    size * SMALL_SCALE
                } else {
                    size
                }
            })
            .collect();
        let pad_x = (ctx.w / n as f32 * 0.08).clamp(1.0, 4.0);
        let pad_y = 2.6;

        // Content widths of every column, measured at its own size.
        let mut col_min = vec![0.0f32; n];
        let mut col_max = vec![0.0f32; n];
        for row in std::iter::once(&t.head).chain(t.rows.iter()) {
            for (j, cell) in row.iter().enumerate().take(n) {
                let m = self.measure(sizes[j]);
                let centred = t.aligns.get(j) == Some(&Align::Center);
                let (mn, mx) = match status_cell(&cell.text).filter(|_| centred) {
                    Some((c, rest)) => {
                        let w = m(c) * SYMBOL_SCALE;
                        let (nm, nx) =
                            content_widths(&cell.text[rest..], &self.measure(size * SMALL_SCALE));
                        (w.max(nm), w.max(nx))
                    }
                    None => content_widths(&cell.text, &m),
                };
                col_min[j] = col_min[j].max(mn);
                col_max[j] = col_max[j].max(mx);
            }
        }
        // A single very long token may not claim more than this; it breaks instead.
        let cap = if n == 1 {
            ctx.w
        } else {
            (ctx.w * 0.2).min(size * 12.0)
        };
        let mut col_min: Vec<f32> = col_min.iter().map(|w| w.min(cap) + 2.0 * pad_x).collect();
        let col_max: Vec<f32> = col_max
            .iter()
            .zip(&col_min)
            .map(|(mx, mn)| (mx + 2.0 * pad_x).max(*mn))
            .collect();
        for &j in dir.nowrap.iter().filter(|&&j| j < n) {
            col_min[j] = col_max[j].min(ctx.w * 0.3);
        }
        let widths = match super::directive::scale(&dir.widths, n, ctx.w) {
            // Explicit widths are kept whatever the content, so tables that share a
            // directive share their columns (long words break inside their cell) — except
            // that an unbreakable column is widened to its widest cell when it must be.
            Some(w) => widen_nowrap(w, &col_min, &dir.nowrap),
            None => distribute(&col_min, &col_max, ctx.w),
        };
        let xs: Vec<f32> = widths
            .iter()
            .scan(ctx.x, |x, w| {
                let here = *x;
                *x += w;
                Some(here)
            })
            .collect();
        TableGeo {
            xs,
            widths,
            aligns: t.aligns.clone(),
            size,
            sizes,
            lh: size * TABLE_LH,
            pad_x,
            pad_y,
            x: ctx.x,
            w: ctx.w,
            color: ctx.color,
        }
    }

    /// Height of a table's header and first `rows` body rows (what a heading keeps with).
    fn table_start(&self, t: &Table, ctx: Ctx, dir: &TableDirective, rows: usize) -> f32 {
        let geo = self.table_geo(t, ctx, dir);
        let head = geo.row_height(&self.cell_rows(&t.head, &geo));
        let body: f32 = t
            .rows
            .iter()
            .take(rows)
            .map(|r| geo.row_height(&self.cell_rows(r, &geo)))
            .sum();
        6.0 + head + body
    }

    fn table(&mut self, t: &Table, ctx: Ctx, dir: &TableDirective) {
        let geo = self.table_geo(t, ctx, dir);
        let (lh, pad_y) = (geo.lh, geo.pad_y);
        let n = geo.widths.len();
        let head = self.cell_rows(&t.head, &geo);
        let head_h = geo.row_height(&head);
        let first_h = t
            .rows
            .first()
            .map(|r| geo.row_height(&self.cell_rows(r, &geo)))
            .unwrap_or(0.0);
        // A header taller than a third of a page (hostile input) is not repeated; it is
        // laid out like a body row, so it can be split.
        let body_h = self.g.body_bottom - self.g.body_top;
        let repeat = head_h <= body_h / 3.0;
        let page_body = body_h - if repeat { head_h } else { 0.0 };
        self.space(6.0);
        if repeat {
            self.ensure(head_h + first_h.min(page_body));
        } else {
            self.ensure(geo.lh * 3.0);
        }
        {
            let b = self.baseline(self.y + pad_y, lh, geo.size);
            self.take_markers(b);
        }
        if repeat {
            self.draw_row(&t.head, &head, &geo, None, head_h, None);
        }
        let continue_table = |lay: &mut Self| {
            lay.new_page();
            if repeat {
                lay.draw_row(&t.head, &head, &geo, None, head_h, None);
            }
        };
        // The last rows that must go to the next page with what follows (a short tail).
        let pull_from = match self.force.take() {
            Some(Force::TableTail(k)) if k < t.rows.len() => Some(t.rows.len() - k),
            other => {
                self.force = other;
                None
            }
        };
        // (cells, shade): `None` shade marks the header row.
        let head_row = (!repeat).then_some((&t.head, None));
        let body_rows = t
            .rows
            .iter()
            .enumerate()
            .map(|(ri, row)| (row, Some((ri % 2 == 1).then_some(ZEBRA))));
        for (ri, (row, shade)) in head_row.into_iter().chain(body_rows).enumerate() {
            let body_index = if repeat { Some(ri) } else { ri.checked_sub(1) };
            if pull_from.is_some() && body_index == pull_from && !self.at_top() {
                continue_table(self);
            }
            let cells = self.cell_rows(row, &geo);
            let h = geo.row_height(&cells);
            // No widow: the last row never goes to a new page alone; the one before goes
            // with it.
            let second_last =
                body_index.is_some_and(|b| b + 2 == t.rows.len() && t.rows.len() >= 4);
            if second_last && !self.at_top() && h <= self.room() + 0.01 {
                let last_h = t
                    .rows
                    .last()
                    .map(|r| geo.row_height(&self.cell_rows(r, &geo)))
                    .unwrap_or(0.0);
                if h + last_h > self.room() + 0.01 && h + last_h <= page_body {
                    continue_table(self);
                }
            }
            if h <= self.room() + 0.01 {
                self.draw_row(row, &cells, &geo, shade, h, None);
                continue;
            }
            if h <= page_body + 0.01 {
                continue_table(self);
                self.draw_row(row, &cells, &geo, shade, h, None);
                continue;
            }
            // Taller than a page: split it line by line.
            let mut from = vec![0usize; n];
            let mut fresh = false;
            loop {
                let room = self.room();
                let fit = ((room - 2.0 * pad_y) / lh).floor();
                if fit < 1.0 && !fresh {
                    continue_table(self);
                    fresh = true;
                    continue;
                }
                // The most lines that fit (at least one on a fresh page, whatever the room).
                let mut k = fit.max(1.0) as usize;
                let (to, ph) = loop {
                    let to: Vec<usize> = cells
                        .iter()
                        .zip(&from)
                        .map(|(c, f)| (f + k).min(c.lines.len()))
                        .collect();
                    let ph = geo.piece_height(&cells, &from, &to);
                    if ph <= room + 0.01 || k == 1 {
                        break (to, ph);
                    }
                    k -= 1;
                };
                self.draw_row(row, &cells, &geo, shade, ph, Some((&from, &to)));
                from = to;
                if cells.iter().zip(&from).all(|(c, f)| *f >= c.lines.len()) {
                    break;
                }
                continue_table(self);
                fresh = true;
            }
        }
        self.space(8.0);
    }

    fn cell_rows(&self, row: &[Inline], geo: &TableGeo) -> Vec<CellLines> {
        row.iter()
            .zip(&geo.widths)
            .enumerate()
            .map(|(j, (cell, w))| {
                let size = geo.sizes.get(j).copied().unwrap_or(geo.size);
                let inner = w - 2.0 * geo.pad_x;
                // Status symbols are enlarged only in centred columns (the status column),
                // not where a count line starts with one.
                let centred = geo.aligns.get(j) == Some(&Align::Center);
                match status_cell(&cell.text).filter(|_| centred) {
                    Some((c, rest)) => {
                        let note = geo.size * SMALL_SCALE;
                        let lines = self
                            .lines(&cell.text[rest..], inner, note)
                            .into_iter()
                            .map(|l| LineSpan {
                                start: l.start + rest,
                                end: l.end + rest,
                                width: l.width,
                            })
                            .collect();
                        CellLines {
                            lines,
                            symbol: Some(c),
                            size: note,
                            lh: note * TABLE_LH,
                        }
                    }
                    None => CellLines {
                        lines: self.lines(&cell.text, inner, size),
                        symbol: None,
                        size,
                        lh: size * TABLE_LH,
                    },
                }
            })
            .collect()
    }

    /// Draws one table row (or the part `lines` = (from, to) of a split row) at `y`.
    /// `shade` is the body row's background (`Some(None)` for none); `None` marks the
    /// header row (shaded, bold, centred by default, with a top rule). A continued part
    /// repeats the row's ID (the first line of its first cell) so the page reads on its own.
    fn draw_row(
        &mut self,
        row: &[Inline],
        cells: &[CellLines],
        geo: &TableGeo,
        shade: Option<Option<Rgb>>,
        h: f32,
        lines: Option<(&[usize], &[usize])>,
    ) {
        let is_head = shade.is_none();
        let top = self.y;
        let top_rule = is_head || self.at_top();
        let bg = shade.unwrap_or(Some(HEAD_BG));
        if let Some(color) = bg {
            self.push(Item::Rect {
                x: geo.x,
                y: top,
                w: geo.w,
                h,
                color,
            });
        }
        for (j, (cell, inl)) in cells.iter().zip(row).enumerate() {
            let (x0, w) = (geo.xs[j], geo.widths[j]);
            let (mut a, b) = match lines {
                Some((from, to)) => (from[j], to[j]),
                None => (0, cell.lines.len()),
            };
            let continued = lines.is_some_and(|(from, _)| from[j] > 0);
            let mut line_top = top + geo.pad_y;
            if let Some(sym) = cell.symbol {
                if !continued {
                    let size = geo.size * SYMBOL_SCALE;
                    let text = sym.to_string();
                    let sw = self.fm.width(&text, size);
                    // Centred on the first text line of the row.
                    let sym_h = geo.symbol_height();
                    let centre = top + geo.pad_y + sym_h / 2.0;
                    let baseline = centre + (self.fm.ascent - self.fm.descent) * size / 2.0;
                    self.push(Item::Text {
                        x: x0 + (w - sw) / 2.0,
                        baseline,
                        size,
                        text,
                        bold: false,
                        color: geo.color,
                    });
                    line_top += sym_h;
                }
            }
            // The ID of a continued row, again at the top of its part.
            let mut color = geo.color;
            if j == 0 && continued && a >= b && !cell.lines.is_empty() {
                a = 0;
                color = MUTED;
            }
            let b = if j == 0 && continued && color == MUTED {
                1
            } else {
                b
            };
            let align = match (
                cell.symbol,
                geo.aligns.get(j).copied().unwrap_or(Align::Default),
            ) {
                (Some(_), _) => Align::Center,
                (None, Align::Default) if is_head => Align::Center,
                (None, other) => other,
            };
            let mut span_idx = 0;
            for (k, line) in cell.lines[a..b].iter().enumerate() {
                let lt = line_top + k as f32 * cell.lh;
                let baseline = self.baseline(lt, cell.lh, cell.size);
                let inner = w - 2.0 * geo.pad_x;
                let x = match align {
                    Align::Center => x0 + geo.pad_x + ((inner - line.width) / 2.0).max(0.0),
                    Align::Right => x0 + geo.pad_x + (inner - line.width).max(0.0),
                    Align::Left | Align::Default => x0 + geo.pad_x,
                };
                self.fragments(
                    inl,
                    line,
                    x,
                    baseline,
                    cell.size,
                    color,
                    is_head,
                    &mut span_idx,
                );
            }
        }
        // Borders: verticals, the bottom, and the top of a header row or at a page top.
        let bottom = top + h;
        let mut xs = geo.xs.clone();
        xs.push(geo.x + geo.w);
        for x in xs {
            self.push(Item::Line {
                x1: x,
                y1: top,
                x2: x,
                y2: bottom,
                width: 0.5,
                color: BORDER,
            });
        }
        if top_rule {
            self.push(Item::Line {
                x1: geo.x,
                y1: top,
                x2: geo.x + geo.w,
                y2: top,
                width: 0.5,
                color: BORDER,
            });
        }
        self.push(Item::Line {
            x1: geo.x,
            y1: bottom,
            x2: geo.x + geo.w,
            y2: bottom,
            width: if is_head { 0.9 } else { 0.5 },
            color: BORDER,
        });
        self.y = bottom;
    }
}

/// Explicit widths with each unbreakable column widened to its content (`min` holds the
/// whole width of such columns); the extra comes from the other columns in proportion to
/// their width, so the table keeps its total width. Nothing moves when everything fits.
fn widen_nowrap(mut w: Vec<f32>, min: &[f32], nowrap: &[usize]) -> Vec<f32> {
    let need: f32 = nowrap
        .iter()
        .filter(|&&j| j < w.len())
        .map(|&j| (min[j] - w[j]).max(0.0))
        .sum();
    let others: f32 = (0..w.len())
        .filter(|j| !nowrap.contains(j))
        .map(|j| w[j])
        .sum();
    if need <= 0.01 || others <= need * 2.0 {
        return w;
    }
    let keep = (others - need) / others;
    for (j, wj) in w.iter_mut().enumerate() {
        if nowrap.contains(&j) {
            *wj = wj.max(min[j]);
        } else {
            *wj *= keep;
        }
    }
    w
}

/// `text` cut (with `…`) to fit `width` at `size`.
fn fit_text(fm: &FontMetrics, text: &str, width: f32, size: f32) -> String {
    if fm.width(text, size) <= width {
        return text.to_string();
    }
    let ell = fm.pick(&['…', '.']);
    let mut w = fm.em_or_replacement(ell) * size;
    let mut out = String::new();
    for c in text.chars() {
        let cw = fm.em_or_replacement(c) * size;
        if w + cw > width {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push(ell);
    out
}

/// A status cell: a status symbol alone, or followed by a space or line break and a note
/// (`○ 期限切れ`); the symbol and the byte offset where the note starts.
fn status_cell(text: &str) -> Option<(char, usize)> {
    let lead = text.len() - text.trim_start().len();
    let mut it = text[lead..].char_indices();
    let (_, c) = it.next()?;
    if !STATUS_SYMBOLS.contains(&c) {
        return None;
    }
    match it.next() {
        None => Some((c, text.len())),
        Some((i, next)) if next.is_whitespace() => {
            let rest = &text[lead + i..];
            Some((c, text.len() - rest.trim_start().len()))
        }
        Some(_) => None,
    }
}

/// Column widths from min-content and max-content widths (padding included) filling
/// `avail`, in the manner of HTML's automatic table layout. Every column gets its
/// min-content width and narrow columns (IDs, status symbols) their max-content width;
/// the rest is shared in proportion to the square root of each column's content width,
/// no column growing past its max-content width while others still want room
/// ("water-filling"). If everything fits, the surplus is shared in proportion to content
/// width so the table spans `avail`. The square root damps the share of one very long
/// column so short columns (titles, references) stay on one line, as in the design.
pub(crate) fn distribute(min: &[f32], max: &[f32], avail: f32) -> Vec<f32> {
    let smin: f32 = min.iter().sum();
    let smax: f32 = max.iter().sum();
    if smin >= avail {
        return min
            .iter()
            .map(|m| {
                if smin > 0.0 {
                    m * avail / smin
                } else {
                    avail / min.len().max(1) as f32
                }
            })
            .collect();
    }
    if smax <= avail {
        let extra = avail - smax;
        return max
            .iter()
            .map(|m| {
                if smax > 0.0 {
                    m + extra * m / smax
                } else {
                    avail / max.len().max(1) as f32
                }
            })
            .collect();
    }
    let mut w = min.to_vec();
    let mut rest = avail - smin;
    // Narrow columns (IDs, status symbols, short labels) get their full width first so
    // their headers do not wrap.
    let narrow = avail / (1.5 * min.len().max(1) as f32);
    for j in 0..w.len() {
        let want = max[j] - w[j];
        if max[j] <= narrow && want <= rest {
            rest -= want;
            w[j] = max[j];
        }
    }
    let mut open: Vec<usize> = (0..w.len()).filter(|&j| max[j] > w[j]).collect();
    while rest > 0.01 && !open.is_empty() {
        let weight: f32 = open.iter().map(|&j| max[j].sqrt()).sum();
        if weight <= 0.0 {
            break;
        }
        let share = |j: usize| rest * max[j].sqrt() / weight;
        let full: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&j| w[j] + share(j) >= max[j])
            .collect();
        if full.is_empty() {
            for &j in &open {
                w[j] += share(j);
            }
            break;
        }
        for &j in &full {
            rest -= max[j] - w[j];
            w[j] = max[j];
        }
        open.retain(|j| !full.contains(j));
    }
    w
}

/// The wrapped lines of one cell (the note under a status symbol, when it has one), at the
/// cell's size and line height.
struct CellLines {
    lines: Vec<LineSpan>,
    symbol: Option<char>,
    size: f32,
    lh: f32,
}

/// What a table directive asks for: explicit relative widths, small and unbreakable columns.
#[derive(Debug, Clone, Default)]
pub(crate) struct TableDirective {
    widths: Vec<f32>,
    small: Vec<usize>,
    nowrap: Vec<usize>,
}

/// A layout decision forced on the next block so that a short tail does not sit alone on a
/// page: the last `k` rows of the next table go to the next page, or the paragraph's last
/// `k` lines do.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Force {
    TableTail(usize),
    ParagraphTail(usize),
}

/// Column positions and text metrics shared by every row of a table.
struct TableGeo {
    xs: Vec<f32>,
    widths: Vec<f32>,
    aligns: Vec<Align>,
    /// The table's body size; `sizes` per column (small columns are smaller).
    size: f32,
    sizes: Vec<f32>,
    lh: f32,
    pad_x: f32,
    pad_y: f32,
    x: f32,
    w: f32,
    color: Rgb,
}

impl TableGeo {
    /// Height of an enlarged status symbol's line.
    fn symbol_height(&self) -> f32 {
        self.lh.max(self.size * SYMBOL_SCALE * 1.1)
    }

    fn cell_height(&self, c: &CellLines, lines: usize, with_symbol: bool) -> f32 {
        let text = lines as f32 * c.lh;
        match c.symbol {
            Some(_) if with_symbol => self.symbol_height() + text,
            Some(_) => text,
            None => text.max(c.lh),
        }
    }

    fn row_height(&self, cells: &[CellLines]) -> f32 {
        let content = cells
            .iter()
            .map(|c| self.cell_height(c, c.lines.len(), true))
            .fold(self.lh, f32::max);
        content + 2.0 * self.pad_y
    }

    /// Height of the part `from..to` of a split row (a continued part repeats the ID).
    fn piece_height(&self, cells: &[CellLines], from: &[usize], to: &[usize]) -> f32 {
        let content = cells
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let n = to[j] - from[j];
                let n = if j == 0 && from[0] > 0 && n == 0 {
                    1
                } else {
                    n
                };
                self.cell_height(c, n, from[j] == 0)
            })
            .fold(self.lh, f32::max);
        content + 2.0 * self.pad_y
    }
}

/// Running header and footer for page `index` (0-based) of `total`.
pub(crate) struct Running<'s> {
    /// Left part of the header.
    pub header_left: &'s str,
    /// Right part of the header (empty to leave it out).
    pub header_right: &'s str,
    /// Provenance line(s) of the footer.
    pub footer: &'s str,
    /// Page label format with `{page}` and `{pages}`.
    pub page_label: &'s str,
}

/// Adds the running header and footer to every page, now that the page count is known.
pub(crate) fn decorate(pages: &mut [Vec<Item>], fm: &FontMetrics, g: &Geometry, r: &Running) {
    let total = pages.len();
    let label = |page: usize| {
        r.page_label
            .replace("{page}", &page.to_string())
            .replace("{pages}", &total.to_string())
    };
    let tw = g.text_width();
    let size = RUNNING_SIZE;
    let fit = |text: &str, width: f32, size: f32| fit_text(fm, text, width, size);

    // Header: right part at most 40 % of the width, left part shrinks, then is cut.
    let right_w = fm.width(r.header_right, size).min(tw * 0.4);
    let right = fit(r.header_right, right_w, size);
    let left_room = tw - right_w - if right.is_empty() { 0.0 } else { 12.0 };
    let mut left_size = size;
    while fm.width(r.header_left, left_size) > left_room && left_size > 6.0 {
        left_size -= 0.25;
    }
    let left = fit(r.header_left, left_room, left_size);

    // Footer: page label on the right; the provenance text shrinks, then wraps to two
    // lines, then is cut.
    let widest_label = fm.width(&label(total), size).max(fm.width(&label(1), size));
    let foot_room = (tw - widest_label - 14.0).max(tw * 0.3);
    let mut foot_size = size;
    while fm.width(r.footer, foot_size) > foot_room && foot_size > 6.5 {
        foot_size -= 0.25;
    }
    let mut foot_lines: Vec<String> = Vec::new();
    if fm.width(r.footer, foot_size) <= foot_room {
        foot_lines.push(r.footer.to_string());
    } else {
        let m = |c: char| fm.em_or_replacement(c) * foot_size;
        let lines = break_lines(r.footer, foot_room, &m);
        for (i, l) in lines.iter().take(2).enumerate() {
            let text = if i == 1 && lines.len() > 2 {
                r.footer.get(l.start..).unwrap_or("").replace('\n', " ")
            } else {
                r.footer.get(l.start..l.end).unwrap_or("").to_string()
            };
            foot_lines.push(fit(&text, foot_room, foot_size));
        }
    }

    for (i, items) in pages.iter_mut().enumerate() {
        let mut extra = Vec::new();
        if !left.is_empty() {
            extra.push(Item::Text {
                x: g.left,
                baseline: g.header_baseline,
                size: left_size,
                text: left.clone(),
                bold: false,
                color: MUTED,
            });
        }
        if !right.is_empty() {
            extra.push(Item::Text {
                x: g.right - fm.width(&right, size),
                baseline: g.header_baseline,
                size,
                text: right.clone(),
                bold: false,
                color: MUTED,
            });
        }
        extra.push(Item::Line {
            x1: g.left,
            y1: g.header_rule,
            x2: g.right,
            y2: g.header_rule,
            width: 0.4,
            color: RULE,
        });
        extra.push(Item::Line {
            x1: g.left,
            y1: g.footer_rule,
            x2: g.right,
            y2: g.footer_rule,
            width: 0.4,
            color: RULE,
        });
        let first_baseline = g.footer_rule + 3.0 + fm.ascent * foot_size.max(size);
        for (k, text) in foot_lines.iter().enumerate() {
            if text.trim().is_empty() {
                continue;
            }
            extra.push(Item::Text {
                x: g.left,
                baseline: first_baseline + k as f32 * foot_size * 1.25,
                size: foot_size,
                text: text.clone(),
                bold: false,
                color: MUTED,
            });
        }
        let lab = fit(&label(i + 1), tw * 0.3, size);
        extra.push(Item::Text {
            x: g.right - fm.width(&lab, size),
            baseline: first_baseline,
            size,
            text: lab,
            bold: false,
            color: MUTED,
        });
        items.extend(extra);
    }
}
