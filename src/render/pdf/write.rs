//! Writes the PDF file itself: objects, cross-reference table, trailer.
//!
//! The document is small and always has the same shape (one embedded font, pages with one
//! content stream each), so it is written directly instead of through a general object
//! model: page content is already bytes, and the font is subset once. Streams are deflated
//! on all cores; each stream's bytes depend only on its content, so the output stays
//! byte-identical run to run.

use rayon::prelude::*;

use super::font::Sfnt;
use super::subset::Subset;

/// What goes into the file besides the pages.
pub(crate) struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// `D:YYYYMMDDHHmmSS+00'00'`.
    pub date: &'a str,
    /// Six upper-case letters: the font subset tag.
    pub tag: &'a str,
    /// The two halves of the trailer /ID.
    pub id: [String; 2],
    /// Page width and height in points.
    pub page: (f32, f32),
}

/// Deflates `data` at the document's flate level, with this thread's compressor.
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<flate2::Compress> = std::cell::RefCell::new(compressor());
    }
    COMPRESSOR.with(|c| deflate_with(&mut c.borrow_mut(), data))
}

/// A zlib compressor at the document's flate level.
fn compressor() -> flate2::Compress {
    flate2::Compress::new(flate2::Compression::new(super::FLATE_LEVEL), true)
}

/// Deflates `data` with `c` (reset first: a reset compressor gives the same bytes as a new
/// one, without allocating and clearing its quarter-megabyte of tables again).
fn deflate_with(c: &mut flate2::Compress, data: &[u8]) -> Vec<u8> {
    c.reset();
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        let done = c.total_in() as usize;
        match c.compress_vec(
            &data[done.min(data.len())..],
            &mut out,
            flate2::FlushCompress::Finish,
        ) {
            Ok(flate2::Status::StreamEnd) => return out,
            Ok(_) => out.reserve(out.capacity().max(4096)),
            // Cannot happen with a fresh stream and a growing buffer; deflate nothing.
            Err(_) => return Vec::new(),
        }
    }
}

/// A PDF text string: literal when plain ASCII, else UTF-16BE with a byte-order mark.
fn text_string(out: &mut Vec<u8>, s: &str) {
    if s.chars().all(|c| (' '..='~').contains(&c)) {
        out.push(b'(');
        for b in s.bytes() {
            if matches!(b, b'(' | b')' | b'\\') {
                out.push(b'\\');
            }
            out.push(b);
        }
        out.push(b')');
    } else {
        out.extend_from_slice(b"<FEFF");
        for u in s.encode_utf16() {
            out.extend_from_slice(format!("{u:04X}").as_bytes());
        }
        out.push(b'>');
    }
}

/// A number of points with at most two decimals.
fn pts(v: f32) -> String {
    let s = format!("{:.2}", v);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The /ToUnicode CMap: subset glyph id → the character it was drawn for.
fn to_unicode(tag: &str, chars: &[(u16, char)]) -> Vec<u8> {
    let mut s = format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /{tag}-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
    );
    for chunk in chars.chunks(100) {
        s.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (gid, c) in chunk {
            s.push_str(&format!("<{gid:04X}> <"));
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                s.push_str(&format!("{u:04X}"));
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

/// The PDF file: `contents` are the pages' content streams (not yet deflated), `chars` the
/// character each subset glyph id stands for (for text extraction).
pub(crate) fn document(
    meta: &Meta,
    font: &Sfnt,
    sub: &Subset,
    chars: &[(u16, char)],
    contents: Vec<Vec<u8>>,
) -> Vec<u8> {
    // Deflate the font program, the CMap and every page at once.
    let cmap = to_unicode(meta.tag, chars);
    let mut raw: Vec<&[u8]> = vec![&sub.bytes, &cmap];
    raw.extend(contents.iter().map(Vec::as_slice));
    let packed: Vec<Vec<u8>> = raw.par_iter().map(|d| deflate(d)).collect();

    let upem = f32::from(font.upem.max(1));
    let scale = |v: i32| ((v as f32) * 1000.0 / upem).round() as i64;
    let name = font.postscript_name().unwrap_or_else(|| "Font".to_string());
    let face = format!("{}+{}", meta.tag, name);
    let ascent = scale(i32::from(font.ascender));
    let descent = scale(i32::from(font.descender));
    let cap = font.cap_height.map_or(ascent, |c| scale(i32::from(c)));
    let (rise, run) = font.caret;
    let italic = if rise == 0 {
        0
    } else {
        (-(f32::from(run)).atan2(f32::from(rise)).to_degrees()).round() as i64
    };
    let flags = 32 | if italic != 0 { 64 } else { 0 };
    let stem_v = if font.weight == 0 {
        80
    } else {
        50 + (f32::from(font.weight) / 65.0).powi(2).round() as i64
    };
    let [x0, y0, x1, y1] = font.bbox.map(|v| scale(i32::from(v)));
    let mut widths = String::from("[0[");
    for (i, &g) in sub.old_id.iter().enumerate() {
        if i > 0 {
            widths.push(' ');
        }
        widths.push_str(&scale(i32::from(font.advance(g))).to_string());
    }
    widths.push_str("]]");

    let n_pages = contents.len();
    let (w, h) = (pts(meta.page.0), pts(meta.page.1));
    // Objects 1-9 are fixed; page k is 10 + 2k, its content 11 + 2k.
    let mut objects: Vec<Vec<u8>> = Vec::with_capacity(9 + 2 * n_pages);
    objects.push(b"<</Type/Catalog/Pages 2 0 R/PageLayout/OneColumn>>".to_vec());
    let kids: Vec<String> = (0..n_pages)
        .map(|k| format!("{} 0 R", 10 + 2 * k))
        .collect();
    objects.push(format!("<</Type/Pages/Count {n_pages}/Kids[{}]>>", kids.join(" ")).into_bytes());
    let mut info = b"<</Title".to_vec();
    text_string(&mut info, meta.title);
    info.extend_from_slice(b"/Author");
    text_string(&mut info, meta.author);
    if !meta.subject.is_empty() {
        info.extend_from_slice(b"/Subject");
        text_string(&mut info, meta.subject);
    }
    info.extend_from_slice(b"/Creator(sansho)/Producer(sansho)/CreationDate");
    text_string(&mut info, meta.date);
    info.extend_from_slice(b"/ModDate");
    text_string(&mut info, meta.date);
    info.extend_from_slice(b">>");
    objects.push(info);
    objects.push(
        format!("<</Type/Font/Subtype/Type0/BaseFont/{face}/Encoding/Identity-H/DescendantFonts[5 0 R]/ToUnicode 8 0 R>>")
            .into_bytes(),
    );
    objects.push(
        format!("<</Type/Font/Subtype/CIDFontType2/BaseFont/{face}/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor 6 0 R/CIDToGIDMap/Identity/DW 1000/W{widths}>>")
            .into_bytes(),
    );
    objects.push(
        format!("<</Type/FontDescriptor/FontName/{face}/Flags {flags}/FontBBox[{x0} {y0} {x1} {y1}]/ItalicAngle {italic}/Ascent {ascent}/Descent {descent}/CapHeight {cap}/StemV {stem_v}/FontFile2 7 0 R>>")
            .into_bytes(),
    );
    let stream = |dict: String, data: &[u8]| {
        let mut o = format!(
            "<<{dict}/Length {}/Filter/FlateDecode>>\nstream\n",
            data.len()
        )
        .into_bytes();
        o.extend_from_slice(data);
        o.extend_from_slice(b"\nendstream");
        o
    };
    objects.push(stream(format!("/Length1 {}", sub.bytes.len()), &packed[0]));
    objects.push(stream(String::new(), &packed[1]));
    objects.push(b"<</Font<</F1 4 0 R>>>>".to_vec());
    for (k, data) in packed[2..].iter().enumerate() {
        objects.push(
            format!(
                "<</Type/Page/Parent 2 0 R/MediaBox[0 0 {w} {h}]/Resources 9 0 R/Contents {} 0 R>>",
                11 + 2 * k
            )
            .into_bytes(),
        );
        objects.push(stream(String::new(), data));
    }

    let total: usize = objects.iter().map(|o| o.len() + 24).sum();
    let mut out = Vec::with_capacity(total + 64 + 20 * objects.len());
    out.extend_from_slice(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<</Size {}/Root 1 0 R/Info 3 0 R/ID[<{}><{}>]>>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1,
            meta.id[0],
            meta.id[1]
        )
        .as_bytes(),
    );
    out
}
