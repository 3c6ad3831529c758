//! Font access for layout: which characters the font can draw and how wide they are.
//!
//! printpdf has no font fallback, so every string is passed through [`FontMetrics::sanitize`]
//! before it is measured or drawn: a character the font lacks becomes `?` (visible, so
//! nothing disappears without a trace) and invisible format characters are dropped.

use std::cell::RefCell;
use std::collections::HashMap;

use printpdf::ParsedFont;

/// Advance widths (in em) and vertical metrics of the one font a document is set in.
pub(crate) struct FontMetrics<'a> {
    font: &'a ParsedFont,
    upem: f32,
    /// Glyph id and advance in em for ASCII, `None` when the font has no glyph.
    ascii: [Option<(u16, f32)>; 128],
    /// Everything else, filled on first use (the font's cmap lookup is slow).
    cache: RefCell<HashMap<char, Option<(u16, f32)>>>,
    /// Ascent above the baseline, in em (positive).
    pub ascent: f32,
    /// Descent below the baseline, in em (positive).
    pub descent: f32,
    /// What a character the font lacks is replaced with.
    replacement: char,
}

impl<'a> FontMetrics<'a> {
    /// Reads the metrics of `font`; `None` when the font cannot draw even a space or a `?`.
    pub(crate) fn new(font: &'a ParsedFont) -> Option<Self> {
        let upem = f32::from(font.font_metrics.units_per_em.max(1));
        let ascii = std::array::from_fn(|i| match i {
            0 => None,
            _ => lookup(font, upem, char::from(i as u8)),
        });
        let mut fm = FontMetrics {
            font,
            upem,
            ascii,
            cache: RefCell::new(HashMap::new()),
            ascent: 0.88,
            descent: 0.12,
            replacement: '?',
        };
        let asc = font.font_metrics.ascent / upem;
        let desc = font.font_metrics.descent.abs() / upem;
        if asc.is_finite() && asc > 0.3 && asc < 1.5 {
            fm.ascent = asc;
        }
        if desc.is_finite() && desc > 0.0 && desc < 0.8 {
            fm.descent = desc;
        }
        fm.em(' ')?;
        fm.replacement = ['?', '？', '_', ' ']
            .into_iter()
            .find(|&c| fm.em(c).is_some())?;
        Some(fm)
    }

    /// Glyph id and advance (em) of `c`, `None` when the font has no glyph for it.
    pub(crate) fn glyph(&self, c: char) -> Option<(u16, f32)> {
        let u = c as u32;
        if u < 128 {
            return self.ascii[u as usize];
        }
        if let Some(v) = self.cache.borrow().get(&c) {
            return *v;
        }
        let v = lookup(self.font, self.upem, c);
        self.cache.borrow_mut().insert(c, v);
        v
    }

    /// Advance of `c` in em, `None` when the font has no glyph for it.
    pub(crate) fn em(&self, c: char) -> Option<f32> {
        self.glyph(c).map(|g| g.1)
    }

    /// Advance of `c` in em; characters without a glyph measure as the replacement (they
    /// are replaced by [`Self::sanitize`] before drawing anyway); a newline has no width.
    pub(crate) fn em_or_replacement(&self, c: char) -> f32 {
        if c == '\n' {
            return 0.0;
        }
        match self.em(c) {
            Some(w) => w,
            None => self.em(self.replacement).unwrap_or(0.5),
        }
    }

    /// Width of `s` in points at `size`.
    pub(crate) fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.em_or_replacement(c)).sum::<f32>() * size
    }

    /// Whether the font can draw `c`.
    pub(crate) fn has(&self, c: char) -> bool {
        self.em(c).is_some()
    }

    /// First of `candidates` the font can draw (or the replacement character).
    pub(crate) fn pick(&self, candidates: &[char]) -> char {
        candidates
            .iter()
            .copied()
            .find(|&c| self.has(c))
            .unwrap_or(self.replacement)
    }

    /// Makes `s` drawable with this font: tabs become spaces, line separators become `\n`,
    /// invisible format characters (zero-width spaces, joiners, variation selectors, BOM,
    /// soft hyphen) are dropped, and any other character the font lacks (emoji, control
    /// characters, U+FFFD, …) becomes the replacement `?`.
    pub(crate) fn sanitize(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '\t' => out.push(' '),
                '\r' => {}
                '\n' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
                '\u{AD}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2060}'..='\u{2064}'
                | '\u{FEFF}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{E0100}'..='\u{E01EF}' => {}
                c if c.is_control() => out.push(self.replacement),
                c if self.has(c) => out.push(c),
                _ => out.push(self.replacement),
            }
        }
        out
    }
}

/// Glyph id and advance (em) of `c` straight from the font's cmap and hmtx tables.
fn lookup(font: &ParsedFont, upem: f32, c: char) -> Option<(u16, f32)> {
    let gid = font.lookup_glyph_index(c as u32)?;
    if gid == 0 {
        return None;
    }
    let adv = f32::from(font.get_horizontal_advance(gid)) / upem;
    adv.is_finite().then_some((gid, adv))
}
