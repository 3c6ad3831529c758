//! Turns laid-out [`Item`]s into printpdf operations (PDF space: origin bottom-left).
//!
//! Each text run gets its own `BT … ET` so `Td` positions absolutely, and exactly one
//! `ShowText`, which keeps text extraction clean. Bold is fill + stroke text rendering
//! (no second, duplicated text pass). Colour, line width and rendering mode are only
//! emitted when they change.

use printpdf::{
    Codepoint, Color, FontId, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect,
    Rgb as PdfRgb, TextItem, TextRenderingMode,
};

use super::font::FontMetrics;
use super::layout::{Item, Rgb};

/// Stroke width of bold text as a fraction of the font size.
const BOLD_STROKE: f32 = 0.032;

#[derive(Default)]
struct State {
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    line_width: Option<f32>,
    font_size: Option<f32>,
    bold: bool,
}

fn color(c: Rgb) -> Color {
    Color::Rgb(PdfRgb {
        r: c.0.clamp(0.0, 1.0),
        g: c.1.clamp(0.0, 1.0),
        b: c.2.clamp(0.0, 1.0),
        icc_profile: None,
    })
}

/// Rounds a coordinate to 1/100 pt: smaller content streams, same look.
fn r2(v: f32) -> f32 {
    if v.is_finite() {
        (v * 100.0).round() / 100.0
    } else {
        0.0
    }
}

impl State {
    fn fill(&mut self, ops: &mut Vec<Op>, c: Rgb) {
        if self.fill != Some(c) {
            ops.push(Op::SetFillColor { col: color(c) });
            self.fill = Some(c);
        }
    }
    fn stroke(&mut self, ops: &mut Vec<Op>, c: Rgb, w: f32) {
        if self.stroke != Some(c) {
            ops.push(Op::SetOutlineColor { col: color(c) });
            self.stroke = Some(c);
        }
        let w = r2(w);
        if self.line_width != Some(w) {
            ops.push(Op::SetOutlineThickness { pt: Pt(w) });
            self.line_width = Some(w);
        }
    }
    fn bold(&mut self, ops: &mut Vec<Op>, on: bool) {
        if self.bold != on {
            let mode = if on {
                TextRenderingMode::FillStroke
            } else {
                TextRenderingMode::Fill
            };
            ops.push(Op::SetTextRenderingMode { mode });
            self.bold = on;
        }
    }
}

/// The operations for one page of height `page_h` (points).
/// Text is passed as glyph ids (each with its character for the ToUnicode map), so
/// printpdf does not look every character up in the font's cmap again.
pub(crate) fn page_ops(items: &[Item], page_h: f32, font: &FontId, fm: &FontMetrics) -> Vec<Op> {
    let mut ops = Vec::with_capacity(items.len() * 6);
    let mut st = State::default();
    let pt = |x: f32, y: f32| Point {
        x: Pt(r2(x)),
        y: Pt(r2(page_h - y)),
    };
    for item in items {
        match item {
            Item::Text {
                x,
                baseline,
                size,
                text,
                bold,
                color,
            } => {
                if text.is_empty() {
                    continue;
                }
                st.fill(&mut ops, *color);
                if *bold {
                    st.stroke(&mut ops, *color, size * BOLD_STROKE);
                }
                st.bold(&mut ops, *bold);
                ops.push(Op::StartTextSection);
                // The font is text state: it survives ET/BT, so set it only on change.
                if st.font_size != Some(r2(*size)) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(font.clone()),
                        size: Pt(r2(*size)),
                    });
                    st.font_size = Some(r2(*size));
                }
                ops.push(Op::SetTextCursor {
                    pos: pt(*x, *baseline),
                });
                let glyphs = text
                    .chars()
                    .filter_map(|c| {
                        fm.glyph(c).map(|(gid, _)| Codepoint {
                            gid,
                            offset: 0.0,
                            cid: Some(c.to_string()),
                        })
                    })
                    .collect();
                ops.push(Op::ShowText {
                    items: vec![TextItem::GlyphIds(glyphs)],
                });
                ops.push(Op::EndTextSection);
            }
            Item::Rect { x, y, w, h, color } => {
                if *w <= 0.0 || *h <= 0.0 {
                    continue;
                }
                st.fill(&mut ops, *color);
                let p = pt(*x, y + h);
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: p.x,
                        y: p.y,
                        width: Pt(r2(*w)),
                        height: Pt(r2(*h)),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            } => {
                st.stroke(&mut ops, *color, *width);
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: pt(*x1, *y1),
                                bezier: false,
                            },
                            LinePoint {
                                p: pt(*x2, *y2),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
        }
    }
    st.bold(&mut ops, false);
    ops
}

/// Appends `v` rounded to 1/100 pt in the shortest form (`12`, `12.5`, `-0.25`).
fn num(out: &mut Vec<u8>, v: f32) {
    decimal(out, f64::from(r2(v)), 2);
}

/// Appends `v` with at most `places` (1 to 3) decimals, trailing zeros dropped.
pub(crate) fn decimal(out: &mut Vec<u8>, v: f64, places: u32) {
    let scale = 10u64.pow(places);
    let c = (v * scale as f64).round();
    let c = if c.is_finite() { c as i64 } else { 0 };
    if c < 0 {
        out.push(b'-');
    }
    let c = c.unsigned_abs();
    let (mut int, mut frac) = (c / scale, c % scale);
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (int % 10) as u8;
        int /= 10;
        if int == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
    if frac != 0 {
        out.push(b'.');
        let mut div = scale / 10;
        while frac != 0 {
            out.push(b'0' + (frac / div) as u8);
            frac %= div;
            div /= 10;
        }
    }
}

/// Appends the operands `r g b` of a colour (components clamped to 0–1).
fn rgb(out: &mut Vec<u8>, c: Rgb) {
    for (i, v) in [c.0, c.1, c.2].into_iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        decimal(out, f64::from(v.clamp(0.0, 1.0)), 3);
    }
}

/// Appends `x y` (PDF space) of layout point (`x`, `y` from the top).
fn point(out: &mut Vec<u8>, x: f32, y: f32, page_h: f32) {
    num(out, x);
    out.push(b' ');
    num(out, page_h - y);
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The content stream of one page of height `page_h` (points), written directly (no
/// operation objects in between): the same drawing as [`page_ops`], in fewer bytes (one
/// hex string per text run, shortest numbers). Text is written as subset glyph ids
/// (`new_id[original id]`); `font` is the font's resource name.
pub(crate) fn page_content(
    items: &[Item],
    page_h: f32,
    font: &str,
    fm: &FontMetrics,
    new_id: &[u16],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(items.len() * 40);
    let mut fill: Option<Rgb> = None;
    let mut stroke: Option<Rgb> = None;
    let mut line_width: Option<f32> = None;
    let mut font_size: Option<f32> = None;
    let mut bold = false;
    let set_stroke =
        |out: &mut Vec<u8>, stroke: &mut Option<Rgb>, lw: &mut Option<f32>, c: Rgb, w: f32| {
            if *stroke != Some(c) {
                rgb(out, c);
                out.extend_from_slice(b" RG\n");
                *stroke = Some(c);
            }
            let w = r2(w);
            if *lw != Some(w) {
                num(out, w);
                out.extend_from_slice(b" w\n");
                *lw = Some(w);
            }
        };
    for item in items {
        match item {
            Item::Text {
                x,
                baseline,
                size,
                text,
                bold: b,
                color,
            } => {
                if text.is_empty() {
                    continue;
                }
                if fill != Some(*color) {
                    rgb(&mut out, *color);
                    out.extend_from_slice(b" rg\n");
                    fill = Some(*color);
                }
                if *b {
                    set_stroke(
                        &mut out,
                        &mut stroke,
                        &mut line_width,
                        *color,
                        size * BOLD_STROKE,
                    );
                }
                if bold != *b {
                    out.extend_from_slice(if *b { b"2 Tr\n" } else { b"0 Tr\n" });
                    bold = *b;
                }
                out.extend_from_slice(b"BT\n");
                // The font is text state: it survives ET/BT, so set it only on change.
                if font_size != Some(r2(*size)) {
                    out.push(b'/');
                    out.extend_from_slice(font.as_bytes());
                    out.push(b' ');
                    num(&mut out, *size);
                    out.extend_from_slice(b" Tf\n");
                    font_size = Some(r2(*size));
                }
                point(&mut out, *x, *baseline, page_h);
                out.extend_from_slice(b" Td\n<");
                for c in text.chars() {
                    if let Some((gid, _)) = fm.glyph(c) {
                        let g = new_id.get(usize::from(gid)).copied().unwrap_or(0);
                        for shift in [12, 8, 4, 0] {
                            out.push(HEX[usize::from((g >> shift) & 0xf)]);
                        }
                    }
                }
                out.extend_from_slice(b"> Tj\nET\n");
            }
            Item::Rect { x, y, w, h, color } => {
                if *w <= 0.0 || *h <= 0.0 {
                    continue;
                }
                if fill != Some(*color) {
                    rgb(&mut out, *color);
                    out.extend_from_slice(b" rg\n");
                    fill = Some(*color);
                }
                point(&mut out, *x, y + h, page_h);
                out.push(b' ');
                num(&mut out, *w);
                out.push(b' ');
                num(&mut out, *h);
                out.extend_from_slice(b" re f\n");
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            } => {
                set_stroke(&mut out, &mut stroke, &mut line_width, *color, *width);
                point(&mut out, *x1, *y1, page_h);
                out.extend_from_slice(b" m ");
                point(&mut out, *x2, *y2, page_h);
                out.extend_from_slice(b" l S\n");
            }
        }
    }
    if bold {
        out.extend_from_slice(b"0 Tr\n");
    }
    out
}
