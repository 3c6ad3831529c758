//! Font access for layout: which characters the font can draw and how wide they are.
//!
//! printpdf has no font fallback, so every string is passed through [`FontMetrics::sanitize`]
//! before it is measured or drawn: a character the font lacks becomes `?` (visible, so
//! nothing disappears without a trace) and invisible format characters are dropped.

use std::cell::Cell;

/// A cache entry not looked up yet.
const UNKNOWN: u32 = 0;
/// A cache entry for a character the font has no glyph for.
const MISSING: u32 = u32::MAX;

/// Advance widths (in em) and vertical metrics of the one font a document is set in.
pub(crate) struct FontMetrics<'a> {
    font: Sfnt<'a>,
    upem: f32,
    /// Glyph id and advance in em for ASCII, `None` when the font has no glyph.
    ascii: [Option<(u16, f32)>; 128],
    /// The rest of the BMP, filled on first use: per character the glyph id (high 16 bits)
    /// and advance in font units (low 16 bits), [`UNKNOWN`] or [`MISSING`]. A flat table
    /// instead of a hash map: measuring looks up every character of every line candidate,
    /// and hashing was a tenth of a render. (Zeroed memory, so the pages no character
    /// falls on are never touched.) Characters beyond the BMP are looked up every time.
    cache: Box<[Cell<u32>]>,
    /// Ascent above the baseline, in em (positive).
    pub ascent: f32,
    /// Descent below the baseline, in em (positive).
    pub descent: f32,
    /// What a character the font lacks is replaced with.
    replacement: char,
}

impl<'a> FontMetrics<'a> {
    /// Reads the metrics of `font`; `None` when the font cannot draw even a space or a `?`.
    pub(crate) fn new(font: Sfnt<'a>) -> Option<Self> {
        let upem = f32::from(font.upem.max(1));
        let ascii = std::array::from_fn(|i| match i {
            0 => None,
            _ => lookup(&font, upem, char::from(i as u8)),
        });
        let (asc, desc) = (
            f32::from(font.ascender) / upem,
            f32::from(font.descender).abs() / upem,
        );
        let mut fm = FontMetrics {
            font,
            upem,
            ascii,
            cache: std::iter::repeat_with(|| Cell::new(UNKNOWN))
                .take(0x1_0000)
                .collect(),
            ascent: 0.88,
            descent: 0.12,
            replacement: '?',
        };
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

    /// The font the metrics are read from.
    pub(crate) fn sfnt(&self) -> &Sfnt<'a> {
        &self.font
    }

    /// Glyph id and advance (em) of `c`, `None` when the font has no glyph for it.
    pub(crate) fn glyph(&self, c: char) -> Option<(u16, f32)> {
        let u = c as usize;
        if u < 128 {
            return self.ascii[u];
        }
        let Some(entry) = self.cache.get(u) else {
            return lookup(&self.font, self.upem, c);
        };
        if entry.get() == UNKNOWN {
            entry.set(match self.font.glyph_id(c) {
                Some(gid) if gid != 0 => (u32::from(gid) << 16) | u32::from(self.font.advance(gid)),
                _ => MISSING,
            });
        }
        match entry.get() {
            MISSING => None,
            e => {
                let adv = (e & 0xffff) as f32 / self.upem;
                adv.is_finite().then_some(((e >> 16) as u16, adv))
            }
        }
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
                c => out.push(self.pick(substitutes(c))),
            }
        }
        out
    }
}

/// Look-alike characters to draw when the font lacks `c` (IPAex has the JIS forms of the
/// comparison signs but not the Unicode ones, for example); empty when there is none.
fn substitutes(c: char) -> &'static [char] {
    match c {
        '≥' => &['≧'],
        '≤' => &['≦'],
        '—' | '―' => &['―', '－', '-'],
        '–' | '‒' | '−' => &['－', '-'],
        '•' | '●' => &['・'],
        '✓' | '✔' => &['○'],
        '✗' | '✘' => &['×'],
        '“' | '”' | '„' => &['"'],
        '‘' | '’' => &['\''],
        '€' => &['E'],
        _ => &[],
    }
}

/// Glyph id and advance (em) of `c` straight from the font's cmap and hmtx tables.
fn lookup(font: &Sfnt, upem: f32, c: char) -> Option<(u16, f32)> {
    let gid = font.glyph_id(c)?;
    if gid == 0 {
        return None;
    }
    let adv = f32::from(font.advance(gid)) / upem;
    adv.is_finite().then_some((gid, adv))
}

/// Big-endian `u16` at `at`, 0 past the end (a truncated font reads as empty, never panics).
pub(crate) fn be16(d: &[u8], at: usize) -> u16 {
    match d.get(at..at + 2) {
        Some(b) => u16::from_be_bytes([b[0], b[1]]),
        None => 0,
    }
}

/// Big-endian `u32` at `at`, 0 past the end.
pub(crate) fn be32(d: &[u8], at: usize) -> u32 {
    match d.get(at..at + 4) {
        Some(b) => u32::from_be_bytes([b[0], b[1], b[2], b[3]]),
        None => 0,
    }
}

/// The character map subtable used to find glyphs.
#[derive(Clone, Copy)]
enum Cmap<'a> {
    /// Format 4 (BMP segments).
    Segments(&'a [u8]),
    /// Format 12 (sequential groups, full Unicode).
    Groups(&'a [u8]),
    /// No usable Unicode subtable: no character has a glyph.
    None,
}

/// A TrueType/OpenType font read in place: the few tables layout and embedding need.
///
/// Read directly from the bytes (no copy, no table decoded up front): parsing the whole font
/// with a general font library was a tenth of a render, for the three lookups we make.
#[derive(Clone)]
pub(crate) struct Sfnt<'a> {
    /// The face's tables: tag, bytes.
    tables: Vec<([u8; 4], &'a [u8])>,
    cmap: Cmap<'a>,
    hmtx: &'a [u8],
    /// Units per em (`head`).
    pub upem: u16,
    /// Glyph count (`maxp`).
    pub num_glyphs: u16,
    /// Number of full horizontal metrics in `hmtx` (`hhea`).
    pub num_hmetrics: u16,
    /// Typographic ascender and descender (`hhea`, font units; descender negative).
    pub ascender: i16,
    /// See [`Self::ascender`].
    pub descender: i16,
    /// Bounding box of all glyphs (`head`: x min, y min, x max, y max).
    pub bbox: [i16; 4],
    /// Caret slope rise and run (`hhea`), for the italic angle.
    pub caret: (i16, i16),
    /// `OS/2` weight class (0 when absent) and cap height (when the table has it).
    pub weight: u16,
    /// See [`Self::weight`].
    pub cap_height: Option<i16>,
}

impl<'a> Sfnt<'a> {
    /// Reads the first face of a TrueType/OpenType font or collection; `None` when the bytes
    /// are not one or lack a required table (`head`, `hhea`, `maxp`, `hmtx`).
    pub(crate) fn parse(data: &'a [u8]) -> Option<Self> {
        let face = match data.get(0..4)? {
            b"ttcf" => be32(data, 12) as usize,
            [0, 1, 0, 0] | b"OTTO" | b"true" => 0,
            _ => return None,
        };
        let n = usize::from(be16(data, face + 4));
        let mut tables = Vec::with_capacity(n);
        for k in 0..n {
            let rec = face + 12 + 16 * k;
            let tag: [u8; 4] = data.get(rec..rec + 4)?.try_into().ok()?;
            let (off, len) = (be32(data, rec + 8) as usize, be32(data, rec + 12) as usize);
            tables.push((tag, data.get(off..off.checked_add(len)?)?));
        }
        let find = |t: &[u8; 4]| tables.iter().find(|(tag, _)| tag == t).map(|e| e.1);
        let (head, hhea, maxp, hmtx) = (
            find(b"head")?,
            find(b"hhea")?,
            find(b"maxp")?,
            find(b"hmtx")?,
        );
        if head.len() < 54 || hhea.len() < 36 || maxp.len() < 6 {
            return None;
        }
        let i16_at = |d: &[u8], at| be16(d, at) as i16;
        let os2 = find(b"OS/2");
        let mut font = Sfnt {
            cmap: find(b"cmap").map_or(Cmap::None, pick_cmap),
            hmtx,
            upem: be16(head, 18),
            num_glyphs: be16(maxp, 4),
            num_hmetrics: be16(hhea, 34),
            ascender: i16_at(hhea, 4),
            descender: i16_at(hhea, 6),
            bbox: [
                i16_at(head, 36),
                i16_at(head, 38),
                i16_at(head, 40),
                i16_at(head, 42),
            ],
            caret: (i16_at(hhea, 18), i16_at(hhea, 20)),
            weight: os2.map_or(0, |t| be16(t, 4)),
            cap_height: os2
                .filter(|t| be16(t, 0) >= 2 && t.len() >= 90)
                .map(|t| i16_at(t, 88)),
            tables: Vec::new(),
        };
        if font.num_hmetrics == 0 || hmtx.len() < 4 * usize::from(font.num_hmetrics) {
            return None;
        }
        font.tables = tables;
        Some(font)
    }

    /// The bytes of table `tag`, if the font has it.
    pub(crate) fn table(&self, tag: &[u8; 4]) -> Option<&'a [u8]> {
        self.tables.iter().find(|(t, _)| t == tag).map(|e| e.1)
    }

    /// Glyph id of `c` from the character map (`Some(0)` or `None` when the font lacks it).
    pub(crate) fn glyph_id(&self, c: char) -> Option<u16> {
        let u = c as u32;
        match self.cmap {
            Cmap::Segments(t) => {
                if u > 0xffff {
                    return None;
                }
                let seg2 = usize::from(be16(t, 6));
                let (ends, starts, deltas, ranges) = (14, 16 + seg2, 16 + 2 * seg2, 16 + 3 * seg2);
                // First segment whose end code is >= u (binary search).
                let (mut lo, mut hi) = (0, seg2 / 2);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    if u32::from(be16(t, ends + 2 * mid)) < u {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                if lo == seg2 / 2 {
                    return None;
                }
                let start = u32::from(be16(t, starts + 2 * lo));
                if u < start {
                    return None;
                }
                let delta = be16(t, deltas + 2 * lo);
                let range = usize::from(be16(t, ranges + 2 * lo));
                if range == 0 {
                    return Some((u as u16).wrapping_add(delta));
                }
                let at = ranges + 2 * lo + range + 2 * (u - start) as usize;
                match be16(t, at) {
                    0 => None,
                    g => Some(g.wrapping_add(delta)),
                }
            }
            Cmap::Groups(t) => {
                let n = be32(t, 12) as usize;
                let (mut lo, mut hi) = (0, n);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    let g = 16 + 12 * mid;
                    if be32(t, g + 4) < u {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                let g = 16 + 12 * lo;
                (lo < n && be32(t, g) <= u)
                    .then(|| u16::try_from(be32(t, g + 8) + (u - be32(t, g))).ok())
                    .flatten()
            }
            Cmap::None => None,
        }
    }

    /// Advance width of glyph `gid` in font units (`hmtx`).
    pub(crate) fn advance(&self, gid: u16) -> u16 {
        let i = gid.min(self.num_hmetrics - 1);
        be16(self.hmtx, 4 * usize::from(i))
    }

    /// Left side bearing of glyph `gid` in font units (`hmtx`).
    pub(crate) fn lsb(&self, gid: u16) -> i16 {
        let n = usize::from(self.num_hmetrics);
        let g = usize::from(gid);
        if g < n {
            be16(self.hmtx, 4 * g + 2) as i16
        } else {
            be16(self.hmtx, 4 * n + 2 * (g - n)) as i16
        }
    }

    /// The PostScript name (`name` id 6), for the PDF /BaseFont; `None` when absent.
    pub(crate) fn postscript_name(&self) -> Option<String> {
        let t = self.table(b"name")?;
        let (count, strings) = (usize::from(be16(t, 2)), usize::from(be16(t, 4)));
        let mut best = None;
        for k in 0..count {
            let r = 6 + 12 * k;
            let (platform, id) = (be16(t, r), be16(t, r + 6));
            if id != 6 {
                continue;
            }
            let (len, off) = (usize::from(be16(t, r + 8)), usize::from(be16(t, r + 10)));
            let bytes = t.get(strings + off..strings + off + len)?;
            let s: String = if platform == 1 {
                bytes.iter().map(|&b| char::from(b)).collect()
            } else {
                char::decode_utf16(
                    bytes
                        .chunks_exact(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]])),
                )
                .filter_map(Result::ok)
                .collect()
            };
            let s: String = s
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if !s.is_empty() {
                best = Some(s);
                if platform == 3 {
                    break;
                }
            }
        }
        best
    }
}

/// The best Unicode subtable of a `cmap` table: full-repertoire format 12 first, then
/// BMP format 4.
fn pick_cmap(t: &[u8]) -> Cmap<'_> {
    let n = usize::from(be16(t, 2));
    let mut best = Cmap::None;
    for k in 0..n {
        let (platform, encoding) = (be16(t, 4 + 8 * k), be16(t, 6 + 8 * k));
        let off = be32(t, 8 + 8 * k) as usize;
        let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
        let Some(sub) = t.get(off..).filter(|_| unicode) else {
            continue;
        };
        match be16(sub, 0) {
            12 => {
                let len = be32(sub, 4) as usize;
                if let Some(sub) = sub
                    .get(..len)
                    .filter(|s| s.len() >= 16 + 12 * be32(s, 12) as usize)
                {
                    return Cmap::Groups(sub);
                }
            }
            4 => {
                // The rest of the table, not `length`: that field overflows in some fonts.
                let seg2 = usize::from(be16(sub, 6));
                if sub.len() >= 16 + 4 * seg2 && matches!(best, Cmap::None) {
                    best = Cmap::Segments(sub);
                }
            }
            _ => {}
        }
    }
    best
}
