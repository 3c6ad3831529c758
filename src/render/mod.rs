//! Rendering the documents: Tera templates produce Markdown; pulldown-cmark turns it into
//! HTML inside a page template; the PDF engine lays the same Markdown out on A4 pages.
//! One template per document serves all three formats, and everything shown comes from the
//! score report (nothing is computed twice).

mod compare;
mod context;
pub mod escape;
mod html;
mod labels;
pub mod pdf;
pub mod sla;
mod templates;

pub use compare::{render_comparison, ComparisonInput};
pub use context::RenderInput;
pub use templates::{document_css, template_error};

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::text;
use std::path::Path;

/// The built-in document font: IPAex Gothic (IPA Font License v1.0, see assets/fonts/).
pub const FONT: &[u8] = include_bytes!("../../assets/fonts/ipaexg.ttf");

/// Which document to render.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DocKind {
    /// サービス仕様適合開示書 (service specification conformance disclosure)
    Disclosure,
    /// サービス・レベル合意書（SLA）案 (SLA draft)
    Sla,
    /// 評価報告書 (assessment report)
    Report,
}

impl DocKind {
    fn template(self) -> &'static str {
        match self {
            DocKind::Disclosure => "disclosure.md.tera",
            DocKind::Sla => "sla.md.tera",
            DocKind::Report => "report.md.tera",
        }
    }

    /// The document's title in `lang`.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            DocKind::Disclosure => lang.pick(
                "サービス仕様適合開示書",
                "Service Specification Conformance Disclosure",
            ),
            DocKind::Sla => lang.pick(
                "サービス・レベル合意書（SLA）案",
                "Service Level Agreement (draft)",
            ),
            DocKind::Report => lang.pick("評価報告書", "Assessment Report"),
        }
    }

    /// Wide tables read better on landscape pages.
    fn landscape(self) -> bool {
        matches!(self, DocKind::Disclosure)
    }
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown
    Md,
    /// HTML (印刷用 CSS 付き / with print CSS)
    Html,
    /// PDF (A4, フォント埋め込み / embedded font)
    Pdf,
}

impl Format {
    /// The templates a render in this format uses: the document's, and for HTML the page.
    fn templates(self, document: &'static str) -> Vec<&'static str> {
        match self {
            Format::Html => vec![document, "page.html.tera"],
            Format::Md | Format::Pdf => vec![document],
        }
    }
}

/// Choices that do not come from the data.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions<'a> {
    /// A folder whose templates replace the built-in ones of the same name.
    pub templates_dir: Option<&'a Path>,
    /// Font bytes to use instead of IPAex Gothic (PDF only).
    pub font: Option<&'a [u8]>,
}

/// Renders one document in one format.
pub fn render(
    doc: DocKind,
    format: Format,
    input: &RenderInput<'_>,
    opts: &RenderOptions<'_>,
) -> Result<Vec<u8>> {
    let tera = templates::load(opts.templates_dir, &format.templates(doc.template()))?;
    let context = context::build(input);
    let ctx = tera::Context::from_value(context).map_err(|e| templates::template_error(&e))?;
    let markdown = tidy(
        &tera
            .render(doc.template(), &ctx)
            .map_err(|e| templates::template_error(&e))?,
    );
    let lang = input.lang;
    let vendor = &input.evidence.vendor;
    let (service, name) = (escape::plain(&vendor.service), escape::plain(&vendor.name));
    let title = match doc {
        DocKind::Disclosure => format!("{service} {}", doc.title(lang)),
        _ => doc.title(lang).to_string(),
    };
    let header = format!("{} — {service} / {name}", doc.title(lang));
    let footer = format!(
        "sansho {} {sep} {} {} {} {sep} {} {} {sep} {} SHA-256 {}",
        env!("CARGO_PKG_VERSION"),
        lang.pick("カタログ", "catalog"),
        input.report.catalog.id,
        input.report.catalog.version,
        lang.pick("評価基準日", "as of"),
        crate::i18n::format_date(input.report.as_of, lang),
        lang.pick("エビデンス", "evidence"),
        input.evidence_sha256,
        sep = lang.pick("／", "/"),
    );
    let page = Page {
        title,
        author: name,
        subject: doc.title(lang).to_string(),
        header,
        footer,
        landscape: doc.landscape(),
        date: input.report.as_of,
        lang,
    };
    publish(&tera, format, markdown, &page, opts)
}

/// What frames a document on the page: metadata, running header and provenance footer.
struct Page {
    title: String,
    author: String,
    subject: String,
    header: String,
    footer: String,
    landscape: bool,
    date: chrono::NaiveDate,
    lang: Lang,
}

/// Turns a document's Markdown into the requested format: as is, inside the HTML page
/// template, or laid out by the PDF engine — the one pipeline every document goes through.
fn publish(
    tera: &tera::Tera,
    format: Format,
    markdown: String,
    page: &Page,
    opts: &RenderOptions<'_>,
) -> Result<Vec<u8>> {
    let lang = page.lang;
    match format {
        Format::Md => Ok(markdown.into_bytes()),
        Format::Html => {
            let mut ctx = tera::Context::new();
            ctx.insert("lang", lang.code());
            ctx.insert("title", &page.title);
            ctx.insert("author", &page.author);
            ctx.insert("header", &css_string(&page.header));
            ctx.insert("footer", &css_string(&page.footer));
            ctx.insert(
                "orientation",
                if page.landscape {
                    "landscape"
                } else {
                    "portrait"
                },
            );
            ctx.insert("tool_version", env!("CARGO_PKG_VERSION"));
            ctx.insert("body", &html::body_to_html(&markdown));
            tera.render("page.html.tera", &ctx)
                .map(String::into_bytes)
                .map_err(|e| templates::template_error(&e))
        }
        Format::Pdf => {
            let options = pdf::PdfOptions {
                title: page.title.clone(),
                author: page.author.clone(),
                subject: Some(page.subject.clone()),
                header: page.header.clone(),
                footer: page.footer.clone(),
                page_label: "{page} / {pages}".to_string(),
                font: opts.font.unwrap_or(FONT),
                landscape: page.landscape,
                date: page.date,
            };
            pdf::markdown_to_pdf(&markdown, &options).map_err(|e| {
                Error::Render(match e {
                    pdf::PdfError::FontParse | pdf::PdfError::FontCoverage => text!(
                        ["PDF を作成できません: フォントを読み込めないか、必要な文字がありません（TrueType/OpenType の日本語フォントを --font で指定してください）。"],
                        ["cannot write the PDF: {e}; give a Japanese TrueType/OpenType font with --font."]
                    ),
                    pdf::PdfError::Write(_) => {
                        text!(["PDF を作成できません（{e}）。"], ["cannot write the PDF: {e}"])
                    }
                })
            })
        }
    }
}

/// Template output without leading blank lines and without runs of blank lines (which
/// template loops and conditionals leave behind), ending in exactly one newline.
fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank_run = 0;
    for line in markdown.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Text for a CSS string literal inside `<style>` (the page header in `@page` rules),
/// where HTML escaping does not apply: no quotes, backslashes, angle brackets or line
/// breaks, so vendor names can neither end the string nor the style element.
fn css_string(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' | '\\' => '\'',
            '<' => '＜',
            '>' => '＞',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}
