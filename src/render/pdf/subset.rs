//! TrueType subsetting: the glyphs a document uses, renumbered from 1, without hinting.
//!
//! A Japanese document uses a few hundred of the font's twelve thousand glyphs. The subset
//! keeps glyph 0 (`.notdef`), the used glyphs in ascending original order and the components
//! of composite glyphs, and drops the TrueType instructions (hinting): screen viewers
//! rasterize PDFs unhinted or auto-hinted anyway, and in IPAex Gothic the instructions were
//! almost half the glyph data. The tables a PDF TrueType font program needs are written
//! (`head`, `hhea`, `maxp`, `hmtx`, `loca`, `glyf`, `post`); the character map is not (PDF
//! text addresses glyphs by id, and text extraction goes through /ToUnicode).

use super::font::{be16, be32, Sfnt};

/// A subset font program and how glyph ids were renumbered.
pub(crate) struct Subset {
    /// The font program (a TrueType sfnt).
    pub bytes: Vec<u8>,
    /// New glyph id of each original glyph id (`0` for glyphs not in the subset).
    pub new_id: Vec<u16>,
    /// Original glyph id of each new glyph id.
    pub old_id: Vec<u16>,
}

// Composite glyph component flags (OpenType `glyf`).
const ARG_WORDS: u16 = 0x0001;
const HAVE_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const HAVE_XY_SCALE: u16 = 0x0040;
const HAVE_2X2: u16 = 0x0080;
const HAVE_INSTRUCTIONS: u16 = 0x0100;

/// The outline data of glyph `gid` (empty for a blank glyph or a bad offset).
fn glyph_data<'a>(loca: &[u8], glyf: &'a [u8], long: bool, gid: u16) -> &'a [u8] {
    let g = usize::from(gid);
    let (a, b) = if long {
        (be32(loca, 4 * g) as usize, be32(loca, 4 * g + 4) as usize)
    } else {
        (
            2 * usize::from(be16(loca, 2 * g)),
            2 * usize::from(be16(loca, 2 * g + 2)),
        )
    };
    glyf.get(a..b).unwrap_or(&[])
}

/// Each component record of a composite glyph: (offset of its flags, flags, glyph id).
fn components(g: &[u8]) -> Vec<(usize, u16, u16)> {
    let mut out = Vec::new();
    let mut at = 10;
    loop {
        if at + 4 > g.len() {
            break;
        }
        let (flags, gid) = (be16(g, at), be16(g, at + 2));
        out.push((at, flags, gid));
        at += 4 + if flags & ARG_WORDS != 0 { 4 } else { 2 };
        at += if flags & HAVE_2X2 != 0 {
            8
        } else if flags & HAVE_XY_SCALE != 0 {
            4
        } else if flags & HAVE_SCALE != 0 {
            2
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    out
}

/// Glyph `g` without its instructions, composite components renumbered with `new_id`.
fn strip(g: &[u8], new_id: &[u16], out: &mut Vec<u8>) {
    if g.len() < 10 {
        return;
    }
    let contours = be16(g, 0) as i16;
    if contours >= 0 {
        let n = usize::from(contours as u16);
        let ins_at = 10 + 2 * n;
        let ins_len = usize::from(be16(g, ins_at));
        let Some(rest) = g.get(ins_at + 2 + ins_len..) else {
            return;
        };
        out.extend_from_slice(&g[..ins_at]);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(rest);
    } else {
        let comps = components(g);
        let Some(&(last_at, last_flags, _)) = comps.last() else {
            return;
        };
        let start = out.len();
        // Everything up to the end of the last component (instructions follow it).
        let mut end = last_at + 4 + if last_flags & ARG_WORDS != 0 { 4 } else { 2 };
        end += if last_flags & HAVE_2X2 != 0 {
            8
        } else if last_flags & HAVE_XY_SCALE != 0 {
            4
        } else if last_flags & HAVE_SCALE != 0 {
            2
        } else {
            0
        };
        let Some(body) = g.get(..end) else {
            return;
        };
        out.extend_from_slice(body);
        for (at, flags, gid) in comps {
            let flags = (flags & !HAVE_INSTRUCTIONS).to_be_bytes();
            let gid = new_id
                .get(usize::from(gid))
                .copied()
                .unwrap_or(0)
                .to_be_bytes();
            out[start + at..start + at + 4].copy_from_slice(&[flags[0], flags[1], gid[0], gid[1]]);
        }
    }
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
}

/// The TrueType checksum of a table.
fn checksum(t: &[u8]) -> u32 {
    t.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// Subsets `font` to glyph 0 and `used` (original glyph ids, any order, duplicates allowed);
/// `None` when the font has no TrueType outlines (`glyf`/`loca`).
pub(crate) fn subset(font: &Sfnt, used: &[u16]) -> Option<Subset> {
    let (loca, glyf, head) = (
        font.table(b"loca")?,
        font.table(b"glyf")?,
        font.table(b"head")?,
    );
    let long = be16(head, 50) != 0;
    let total = usize::from(font.num_glyphs);
    let mut new_id = vec![0u16; total];
    let mut old_id: Vec<u16> = vec![0];
    let mut sorted: Vec<u16> = used
        .iter()
        .copied()
        .filter(|&g| g != 0 && usize::from(g) < total)
        .collect();
    sorted.sort_unstable();
    sorted.dedup();
    for g in sorted {
        new_id[usize::from(g)] = old_id.len() as u16;
        old_id.push(g);
    }
    // Components of composite glyphs (appended; a component may itself be composite).
    let mut i = 0;
    while i < old_id.len() {
        let g = glyph_data(loca, glyf, long, old_id[i]);
        if g.len() >= 10 && (be16(g, 0) as i16) < 0 {
            for (_, _, c) in components(g) {
                let ci = usize::from(c);
                if c != 0 && ci < total && new_id[ci] == 0 && old_id.len() < usize::from(u16::MAX) {
                    new_id[ci] = old_id.len() as u16;
                    old_id.push(c);
                }
            }
        }
        i += 1;
    }
    let n = old_id.len();

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(4 * (n + 1));
    let mut hmtx = Vec::with_capacity(4 * n);
    for &g in &old_id {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        strip(glyph_data(loca, glyf, long, g), &new_id, &mut new_glyf);
        hmtx.extend_from_slice(&font.advance(g).to_be_bytes());
        hmtx.extend_from_slice(&font.lsb(g).to_be_bytes());
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());

    let mut head = head.get(..54)?.to_vec();
    head[8..12].copy_from_slice(&[0; 4]); // checkSumAdjustment, set below
    head[50..52].copy_from_slice(&1u16.to_be_bytes()); // long loca offsets
    let mut hhea = font.table(b"hhea")?.get(..36)?.to_vec();
    hhea[34..36].copy_from_slice(&(n as u16).to_be_bytes());
    let mut maxp = font.table(b"maxp")?.to_vec();
    maxp[4..6].copy_from_slice(&(n as u16).to_be_bytes());
    if maxp.len() >= 32 {
        maxp[26..28].copy_from_slice(&[0, 0]); // maxSizeOfInstructions
    }
    // post format 3: the header only, no glyph names.
    let mut post = vec![0u8; 32];
    if let Some(p) = font.table(b"post").and_then(|p| p.get(..32)) {
        post.copy_from_slice(p);
    }
    post[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());

    // Sorted by tag, as the table directory must be.
    let tables: [(&[u8; 4], &[u8]); 7] = [
        (b"glyf", &new_glyf),
        (b"head", &head),
        (b"hhea", &hhea),
        (b"hmtx", &hmtx),
        (b"loca", &new_loca),
        (b"maxp", &maxp),
        (b"post", &post),
    ];
    let num = tables.len() as u16;
    let entry_selector = 15 - num.leading_zeros() as u16; // floor(log2(num))
    let search_range = 16u16 << entry_selector;
    let mut out = Vec::with_capacity(12 + 16 * tables.len() + new_glyf.len() + 4 * n * 2 + 200);
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&num.to_be_bytes());
    out.extend_from_slice(&search_range.to_be_bytes());
    out.extend_from_slice(&entry_selector.to_be_bytes());
    out.extend_from_slice(&(num * 16 - search_range).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    for (tag, t) in &tables {
        out.extend_from_slice(*tag);
        out.extend_from_slice(&checksum(t).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(t.len() as u32).to_be_bytes());
        offset += t.len().div_ceil(4) * 4;
    }
    let mut head_at = 0;
    for (tag, t) in &tables {
        if *tag == b"head" {
            head_at = out.len();
        }
        out.extend_from_slice(t);
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
    }
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out[head_at + 8..head_at + 12].copy_from_slice(&adjust.to_be_bytes());
    Some(Subset {
        bytes: out,
        new_id,
        old_id,
    })
}
