//! PDF layout of rendered Markdown documents (disclosure, SLA draft, assessment report).
//!
//! The documents are signed and filed by compliance departments, so the output has to
//! look like a real document and be reproducible:
//!
//! - Markdown (the subset our Tera templates emit) is parsed into blocks
//!   (`markdown.rs`), laid out onto A4 pages with our own Japanese line breaking
//!   (`linebreak.rs`, `layout.rs`) and drawn as PDF content streams (`draw.rs`); tables
//!   wider than a page are split into parts that repeat the first column (`matrix.rs`);
//! - the file is written directly (`write.rs`) with the font subset once (`subset.rs`,
//!   TrueType fonts read in place by `font.rs`); fonts with CFF outlines go through
//!   printpdf instead, which can subset them;
//! - every page carries a running header and a provenance footer with "n / N";
//! - the font is embedded as a subset, text stays extractable, and the same input
//!   always gives the same bytes (fixed dates, IDs derived from the input).
//!
//! This module depends only on external crates.

pub mod directive;
mod draw;
mod font;
mod layout;
mod linebreak;
mod markdown;
mod matrix;
mod subset;
mod write;

use printpdf::{FontId, ParsedFont, PdfDocument, PdfPage, PdfSaveOptions};

use font::{FontMetrics, Sfnt};
pub(crate) use layout::distribute;
use layout::{decorate, Geometry, Layout, Running, MM};
pub use markdown::FILL_MARKS;

/// The colour band of a score in a bar chart: 0 (80 and above), 1 (60 to below 80), 2
/// (below 60). HTML and PDF charts use the same bands, named in the chart's legend.
pub fn chart_band(v: f32) -> usize {
    if v >= 80.0 {
        0
    } else if v >= 60.0 {
        1
    } else {
        2
    }
}

/// What to render besides the Markdown: metadata, running header/footer, font, page.
pub struct PdfOptions<'a> {
    /// Document title: the PDF /Title, and the header's left part when `header` is empty.
    pub title: String,
    /// Vendor name: the PDF /Author, and the header's right part (left out when the header
    /// text already names the vendor).
    pub author: String,
    /// PDF /Subject, if any.
    pub subject: Option<String>,
    /// Running header text at the top left of every page.
    pub header: String,
    /// Provenance line at the bottom of every page (tool version, catalog, as-of date,
    /// input sha256); shrunk, then wrapped to two lines, then cut, but never overflowing.
    pub footer: String,
    /// Page number format with `{page}` and `{pages}`, e.g. `"{page} / {pages}"`.
    pub page_label: String,
    /// TrueType/OpenType font bytes (IPAex Gothic in the crate); embedded as a subset.
    pub font: &'a [u8],
    /// A4 landscape (disclosure tables) instead of portrait.
    pub landscape: bool,
    /// Creation and modification date written to the metadata (no clock is read, so the
    /// output is reproducible).
    pub date: chrono::NaiveDate,
}

/// Why a PDF could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The font bytes are not a usable TrueType/OpenType font.
    #[error("the font could not be parsed (expected TrueType/OpenType bytes)")]
    FontParse,
    /// The font lacks even a space or a question mark, so text cannot be set.
    #[error("the font has no glyph for the space character or any fallback character")]
    FontCoverage,
    /// Serializing the document failed.
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// Renders `markdown` to the bytes of a PDF file.
///
/// Supported: headings 1–4 (1 = centred title, 2 = section with a left rule), paragraphs,
/// bold, italic (upright), code spans, strikethrough, links (target shown), lists
/// (nested), block quotes, rules, hard/soft breaks, GFM tables (auto column widths,
/// repeated header row, zebra rows, status symbols enlarged), ```` ```chart ```` bar
/// charts (`label | value` lines, 0–100) and other code blocks. Raw HTML is printed as
/// text. Characters the font lacks are printed as `?`.
pub fn markdown_to_pdf(markdown: &str, opts: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    let font = Sfnt::parse(opts.font).ok_or(PdfError::FontParse)?;
    render(markdown, opts, font)
}

/// Renders with the font read from `opts.font`: TrueType fonts are subset and written
/// here ([`subset`], [`write`]); others (CFF outlines) go through printpdf.
fn render(markdown: &str, opts: &PdfOptions, font: Sfnt) -> Result<Vec<u8>, PdfError> {
    let fm = FontMetrics::new(font).ok_or(PdfError::FontCoverage)?;
    let (pages, g) = layout_pages(markdown, opts, &fm);
    let fp = fingerprint(markdown, opts);
    let tag = subset_tag(fp);

    // Every glyph drawn, with the character it stands for (for /ToUnicode).
    let mut drawn: Vec<(u16, char)> = pages
        .iter()
        .flatten()
        .filter_map(|item| match item {
            layout::Item::Text { text, .. } => Some(text),
            _ => None,
        })
        .flat_map(|text| text.chars())
        .filter_map(|c| fm.glyph(c).map(|(gid, _)| (gid, c)))
        .collect();
    drawn.sort_unstable();
    drawn.dedup_by_key(|e| e.0);
    let used: Vec<u16> = drawn.iter().map(|e| e.0).collect();
    let Some(sub) = subset::subset(fm.sfnt(), &used) else {
        return render_printpdf(opts, &pages, &g, &fm, fp, tag);
    };
    let chars: Vec<(u16, char)> = drawn
        .iter()
        .map(|&(gid, c)| (sub.new_id[usize::from(gid)], c))
        .collect();
    let contents: Vec<Vec<u8>> = pages
        .iter()
        .map(|items| draw::page_content(items, g.page_h, "F1", &fm, &sub.new_id))
        .collect();
    let date = format!("D:{}000000+00'00'", opts.date.format("%Y%m%d"));
    let meta = write::Meta {
        title: &opts.title,
        author: &opts.author,
        subject: opts.subject.as_deref().unwrap_or(""),
        date: &date,
        tag: &tag,
        id: trailer_id(fp),
        page: (g.page_w, g.page_h),
    };
    Ok(write::document(&meta, fm.sfnt(), &sub, &chars, contents))
}

/// The two halves of the trailer /ID, derived from the input only.
fn trailer_id(fp: u64) -> [String; 2] {
    std::array::from_fn(|i| {
        let h = fp.rotate_left(17 * (i as u32 + 1)) ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9);
        format!("{fp:016x}{h:016x}")
    })
}

/// The printpdf path, for fonts without TrueType outlines (it can subset CFF fonts).
fn render_printpdf(
    opts: &PdfOptions,
    pages: &[Vec<layout::Item>],
    g: &Geometry,
    fm: &FontMetrics,
    fp: u64,
    tag: String,
) -> Result<Vec<u8>, PdfError> {
    let mut warnings = Vec::new();
    let font = ParsedFont::from_bytes(opts.font, 0, &mut warnings).ok_or(PdfError::FontParse)?;
    let font = &font;
    let font_id = FontId(tag);
    let mut doc = PdfDocument::new(&opts.title);
    let tmp_id = doc.add_font(font);
    if let Some(f) = doc.resources.fonts.map.remove(&tmp_id) {
        doc.resources.fonts.map.insert(font_id.clone(), f);
    }
    let info = &mut doc.metadata.info;
    info.author = opts.author.clone();
    info.subject = opts.subject.clone().unwrap_or_default();
    info.creator = "sansho".to_string();
    info.producer = "sansho (printpdf 0.12)".to_string();
    info.identifier = format!("{fp:016x}");
    let ts = opts
        .date
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc().timestamp())
        .unwrap_or(0);
    if let Ok(d) = printpdf::OffsetDateTime::from_unix_timestamp(ts) {
        info.creation_date = d;
        info.modification_date = d;
        info.metadata_date = d;
    }

    let (w_mm, h_mm) = (g.page_w / MM, g.page_h / MM);
    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|items| {
            PdfPage::new(
                printpdf::Mm(w_mm),
                printpdf::Mm(h_mm),
                draw::page_ops(items, g.page_h, &font_id, fm),
            )
        })
        .collect();
    doc.with_pages(pdf_pages);

    let save = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&save, &mut warnings);
    // printpdf puts random strings into the trailer /ID: replace them.
    if let Ok(id) = lo.trailer.get_mut(b"ID") {
        if let Ok(parts) = id.as_array_mut() {
            for (part, derived) in parts.iter_mut().zip(trailer_id(fp)) {
                if let Ok(s) = part.as_str_mut() {
                    *s = derived.into_bytes();
                }
            }
        }
    }
    // printpdf labels every file with a /GTS_PDFXVersion (PDF/X) it does not conform to.
    if let Ok(info_id) = lo.trailer.get(b"Info").and_then(|o| o.as_reference()) {
        if let Ok(dict) = lo.get_object_mut(info_id).and_then(|o| o.as_dict_mut()) {
            dict.remove(b"GTS_PDFXVersion");
        }
    }
    compress_streams(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}

/// The flate level of the PDF's streams. lopdf's own `compress` uses the highest (9), a
/// third of a render; on the typical disclosure level 4 deflates its streams in under a third
/// of that time for 1.9% more bytes (level 3: 2.9%, 6: 0.5% at 40% of the time).
const FLATE_LEVEL: u32 = 4;

/// Deflates every stream that may be compressed and is not yet (what lopdf's `compress`
/// does), at [`FLATE_LEVEL`] and on all cores: the streams are independent and each one's
/// bytes depend only on its content, so the file stays byte-identical run to run.
fn compress_streams(doc: &mut lopdf::Document) {
    use rayon::prelude::*;
    doc.objects.par_iter_mut().for_each(|(_, object)| {
        let lopdf::Object::Stream(stream) = object else {
            return;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            return;
        }
        let packed = write::deflate(&stream.content);
        // As lopdf: keep the stream plain unless deflating saves more than the filter's entry.
        if packed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    });
}

/// Lays out the document and adds running headers and footers: the drawing items of
/// every page, and the page geometry.
fn layout_pages(
    markdown: &str,
    opts: &PdfOptions,
    fm: &FontMetrics,
) -> (Vec<Vec<layout::Item>>, Geometry) {
    let sanitize = |s: &str| fm.sanitize(s);
    let g = Geometry::a4(opts.landscape);
    let blocks = matrix::split_wide_tables(markdown::parse(markdown, &sanitize), g.right - g.left);

    let mut lay = Layout::new(fm, g);
    lay.run(&blocks);
    let mut pages = lay.pages;

    let one_line = |s: &str| fm.sanitize(s).replace('\n', " ").trim().to_string();
    let header_left = one_line(if opts.header.trim().is_empty() {
        &opts.title
    } else {
        &opts.header
    });
    let author = one_line(&opts.author);
    let header_right = if author.is_empty() || header_left.contains(&author) {
        ""
    } else {
        author.as_str()
    };
    let footer = one_line(&opts.footer);
    let page_label = match one_line(&opts.page_label) {
        l if l.is_empty() => "{page} / {pages}".to_string(),
        l => l,
    };
    decorate(
        &mut pages,
        fm,
        &g,
        &Running {
            header_left: &header_left,
            header_right,
            footer: &footer,
            page_label: &page_label,
        },
    );
    (pages, g)
}

/// FNV-1a over everything that determines the output.
fn fingerprint(markdown: &str, opts: &PdfOptions) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes.iter().chain([0xffu8].iter()) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(markdown.as_bytes());
    feed(opts.title.as_bytes());
    feed(opts.author.as_bytes());
    feed(opts.subject.as_deref().unwrap_or("").as_bytes());
    feed(opts.header.as_bytes());
    feed(opts.footer.as_bytes());
    feed(opts.page_label.as_bytes());
    feed(&[u8::from(opts.landscape)]);
    feed(opts.date.to_string().as_bytes());
    feed(&(opts.font.len() as u64).to_le_bytes());
    feed(&opts.font[..opts.font.len().min(4096)]);
    h
}

/// Six upper-case letters for the font subset tag (`ABCDEF+IPAexGothic`).
fn subset_tag(mut fp: u64) -> String {
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (fp % 26) as u8);
            fp /= 26;
            c
        })
        .collect()
}

#[cfg(test)]
mod tests;
