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
