//! `sansho render` driven through the real binary (issue 5):
//!
//! - snapshots (insta) of the Markdown and HTML documents of the three samples, with a hospital
//!   profile and in English; the `.snap` files under tests/snapshots/ are the documents;
//! - the PDFs, read back with lopdf (no poppler needed): title, vendor, every applicable control,
//!   page labels, metadata, size, byte-identical runs;
//! - hostile vendor text (tests/fixtures/render/hostile.toml) in every format;
//! - the command: stdout, `-o`, `--force`, inputs never overwritten, no temporary files left,
//!   `--templates`, `--lang en`, the provenance hash.
//!
//! Every run uses `--as-of 2026-12-01` so that the documents do not depend on today's date.

mod support;

use assert_cmd::Command;
use lopdf::{decode_text_string, Document, Object};
use predicates::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

const AS_OF: &str = "2026-12-01";
const HOSTILE: &str = "tests/fixtures/render/hostile.toml";
const UNIVERSITY: &str = "samples/profiles/university-hospital.toml";
const DOCS: [&str; 3] = ["disclosure", "sla", "report"];

/// The Tera expression, the Tera tag and the long word of the hostile fixture.
const TERA_EXPR: &str = "A{{ 7*7 }}B";
const TERA_TAG: &str = "C{% if true %}x{% endif %}D";

fn sansho() -> Command {
    let mut c = Command::cargo_bin("sansho").unwrap();
    // "Today" is pinned far from the dates the tests pass with --as-of, so that a test that
    // forgets --as-of fails instead of passing on the day the fixtures were written; the
    // locale is pinned so that usage errors are Japanese whatever the machine's LANG.
    c.env("SOURCE_DATE_EPOCH", "1931299200") // 2031-03-15
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    c.env("NO_COLOR", "1");
    c
}

fn sample(name: &str) -> String {
    format!("samples/{name}/evidence.toml")
}

/// `sansho render FILE --doc DOC --format FORMAT --as-of 2026-12-01 ARGS…`.
fn render_cmd(file: &str, doc: &str, format: &str, args: &[&str]) -> Command {
    let mut c = sansho();
    c.arg("render")
        .arg(file)
        .args(["--doc", doc, "--format", format, "--as-of", AS_OF])
        .args(args);
    c
}

/// A Markdown or HTML document from standard output; the command must succeed.
fn render_text(file: &str, doc: &str, format: &str, args: &[&str]) -> String {
    let out = render_cmd(file, doc, format, args).output().unwrap();
    assert!(
        out.status.success(),
        "render {file} --doc {doc} --format {format} {args:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("documents are UTF-8")
}

/// A PDF written with `-o` into a fresh temporary folder; the command must succeed.
fn render_pdf(file: &str, doc: &str, args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    render_cmd(file, doc, "pdf", args)
        .arg("-o")
        .arg(&path)
        .assert()
        .success();
    std::fs::read(&path).unwrap()
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// `sansho score FILE --format json` (the numbers the documents must show).
fn score_json(file: &str) -> Value {
    let out = sansho()
        .args(["score", file, "--format", "json", "--as-of", AS_OF])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// `(id, area, applicable)` of every control in the score report, in catalog order.
fn controls(score: &Value) -> Vec<(String, String, bool)> {
    score["controls"]
        .as_array()
        .expect("controls")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["area"].as_str().unwrap().to_string(),
                c["applicable"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// Text without any whitespace: the PDF wraps lines inside table cells (and drops or keeps
/// the space at a break), so searches across a possible wrap compare squashed text.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

// --- Reading PDFs back (lopdf) ----------------------------------------------------------

/// A PDF read back: the text of each page (lopdf's extraction, one line per text run) and
/// the document information dictionary.
struct Pdf {
    pages: Vec<String>,
    info: BTreeMap<String, String>,
}

impl Pdf {
    fn parse(bytes: &[u8]) -> Pdf {
        let doc = Document::load_mem(bytes).expect("the PDF parses");
        let pages = doc
            .get_pages()
            .keys()
            .map(|&n| {
                doc.extract_text(&[n])
                    .unwrap_or_else(|e| panic!("page {n}: {e}"))
            })
            .collect();
        let info_ref = doc
            .trailer
            .get(b"Info")
            .and_then(Object::as_reference)
            .expect("the trailer has an Info dictionary");
        let info = doc
            .get_dictionary(info_ref)
            .expect("Info is a dictionary")
            .iter()
            .filter_map(|(k, v)| {
                let value = decode_text_string(v).ok()?;
                Some((String::from_utf8_lossy(k).to_string(), value))
            })
            .collect();
        Pdf { pages, info }
    }

    fn text(&self) -> String {
        self.pages.concat()
    }

    /// The trimmed, non-empty lines of page `i` (0-based).
    fn lines(&self, i: usize) -> Vec<&str> {
        self.pages[i]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// Whether some page has a line that is exactly `s` (a table cell of its own, a label).
    fn has_line(&self, s: &str) -> bool {
        (0..self.pages.len()).any(|i| self.lines(i).contains(&s))
    }

    fn info(&self, key: &str) -> &str {
        self.info
            .get(key)
            .unwrap_or_else(|| panic!("no /{key} in the PDF information: {:?}", self.info))
    }
}

// --- Snapshots: the documents themselves ------------------------------------------------

/// One snapshot test: `sansho render FILE --doc DOC --format FORMAT --as-of 2026-12-01 ARGS`.
macro_rules! snapshot {
    ($name:ident, $file:expr, $doc:literal, $format:literal $(, $arg:literal)*) => {
        #[test]
        fn $name() {
            let out = render_text(&$file, $doc, $format, &[$($arg),*]);
            insta::assert_snapshot!(stringify!($name), out);
        }
    };
}

snapshot!(strong_disclosure_md, sample("strong"), "disclosure", "md");
snapshot!(
    strong_disclosure_html,
    sample("strong"),
    "disclosure",
    "html"
);
snapshot!(strong_sla_md, sample("strong"), "sla", "md");
snapshot!(strong_sla_html, sample("strong"), "sla", "html");
snapshot!(strong_report_md, sample("strong"), "report", "md");
snapshot!(strong_report_html, sample("strong"), "report", "html");
snapshot!(typical_disclosure_md, sample("typical"), "disclosure", "md");
snapshot!(
    typical_disclosure_html,
    sample("typical"),
    "disclosure",
    "html"
);
snapshot!(typical_sla_md, sample("typical"), "sla", "md");
snapshot!(typical_sla_html, sample("typical"), "sla", "html");
snapshot!(typical_report_md, sample("typical"), "report", "md");
snapshot!(typical_report_html, sample("typical"), "report", "html");
snapshot!(weak_disclosure_md, sample("weak"), "disclosure", "md");
snapshot!(weak_disclosure_html, sample("weak"), "disclosure", "html");
snapshot!(weak_sla_md, sample("weak"), "sla", "md");
snapshot!(weak_sla_html, sample("weak"), "sla", "html");
snapshot!(weak_report_md, sample("weak"), "report", "md");
snapshot!(weak_report_html, sample("weak"), "report", "html");
snapshot!(
    typical_sla_university_md,
    sample("typical"),
    "sla",
    "md",
    "--profile",
    "samples/profiles/university-hospital.toml"
);
snapshot!(
    typical_sla_university_html,
    sample("typical"),
    "sla",
    "html",
    "--profile",
    "samples/profiles/university-hospital.toml"
);
snapshot!(
    typical_report_university_md,
    sample("typical"),
    "report",
    "md",
    "--profile",
    "samples/profiles/university-hospital.toml"
);
snapshot!(
    typical_report_university_html,
    sample("typical"),
    "report",
    "html",
    "--profile",
    "samples/profiles/university-hospital.toml"
);
snapshot!(
    typical_disclosure_en_md,
    sample("typical"),
    "disclosure",
    "md",
    "--lang",
    "en"
);
snapshot!(
    typical_disclosure_en_html,
    sample("typical"),
    "disclosure",
    "html",
    "--lang",
    "en"
);
snapshot!(
    typical_sla_en_md,
    sample("typical"),
    "sla",
    "md",
    "--lang",
    "en"
);
snapshot!(
    typical_report_en_md,
    sample("typical"),
    "report",
    "md",
    "--lang",
    "en"
);

#[test]
fn markdown_shows_every_applicable_control_once_and_no_other() {
    for name in ["strong", "typical", "weak"] {
        let file = sample(name);
        let md = render_text(&file, "disclosure", "md", &[]);
        for (id, _, applicable) in controls(&score_json(&file)) {
            let rows = md
                .lines()
                .filter(|l| l.starts_with(&format!("| {id} |")))
                .count();
            assert_eq!(
                rows,
                usize::from(applicable),
                "{name}: {id} (applicable: {applicable}) has {rows} row(s) in the disclosure"
            );
        }
    }
}

// --- PDF --------------------------------------------------------------------------------

#[test]
fn strong_disclosure_pdf_has_title_vendor_controls_and_page_labels() {
    let file = sample("strong");
    let score = score_json(&file);
    let vendor = score["vendor"]["name"].as_str().unwrap();
    let service = score["vendor"]["service"].as_str().unwrap();
    let bytes = render_pdf(&file, "disclosure", &[]);
    assert!(
        bytes.len() < 1_500_000,
        "the strong disclosure is {} bytes (limit 1.5 MB)",
        bytes.len()
    );
    let pdf = Pdf::parse(&bytes);
    let text = pdf.text();
    assert!(text.contains("サービス仕様適合開示書"), "no title");
    assert!(text.contains(vendor), "no vendor name {vendor}");

    let all = controls(&score);
    assert!(all.iter().filter(|c| c.2).count() > 100, "{all:?}");
    // Each applicable control is a cell of its own in some table row; the others are absent.
    for (id, _, applicable) in &all {
        assert_eq!(
            pdf.has_line(id),
            *applicable,
            "{id} (applicable: {applicable}) as a cell of the PDF"
        );
    }

    // Running footer: "n / N" on every page, N = the page count.
    let n = pdf.pages.len();
    assert!(n > 5, "{n} pages");
    for i in 0..n {
        let label = format!("{} / {n}", i + 1);
        assert!(
            pdf.lines(i).contains(&label.as_str()),
            "page {} has no label {label:?}: {:?}",
            i + 1,
            pdf.lines(i)
        );
    }
    // Running header: document title and vendor on every page.
    for i in 0..n {
        let page = squash(&pdf.pages[i]);
        assert!(
            page.contains(&squash(&format!(
                "サービス仕様適合開示書 — {service} / {vendor}"
            ))),
            "page {} has no running header",
            i + 1
        );
    }

    assert_eq!(
        pdf.info("Title"),
        format!("{service} サービス仕様適合開示書")
    );
    assert_eq!(pdf.info("Author"), vendor);
}

#[test]
fn pdf_output_is_byte_identical_across_runs() {
    let file = sample("strong");
    let first = render_pdf(&file, "disclosure", &[]);
    let second = render_pdf(&file, "disclosure", &[]);
    assert!(first == second, "two runs of the same input differ");
    let report = render_pdf(&sample("typical"), "report", &[]);
    assert_eq!(report, render_pdf(&sample("typical"), "report", &[]));
}

#[test]
fn sla_and_report_pdfs_have_title_and_vendor() {
    let file = sample("typical");
    let vendor = score_json(&file)["vendor"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    for (doc, title) in [
        ("sla", "サービス・レベル合意書（SLA）案"),
        ("report", "評価報告書"),
    ] {
        let pdf = Pdf::parse(&render_pdf(&file, doc, &[]));
        let text = pdf.text();
        assert!(text.contains(title), "{doc}: no title {title}");
        assert!(text.contains(&vendor), "{doc}: no vendor {vendor}");
        assert_eq!(pdf.info("Title"), title);
        assert_eq!(pdf.info("Author"), vendor);
        let n = pdf.pages.len();
        assert!(pdf.lines(n - 1).contains(&format!("{n} / {n}").as_str()));
    }
}

/// The fill-in section of the SLA (between its heading and the signature block), squashed.
fn fill_in_section(pdf_text: &str) -> String {
    let s = squash(pdf_text);
    let start = s.find("記入が必要な項目").expect("fill-in section");
    let end = s[start..].find("署名欄").expect("signature section") + start;
    s[start..end].to_string()
}

#[test]
fn sla_pdf_marks_missing_values_only_where_the_evidence_has_none() {
    // typical sets every SLA key: no article value is missing.
    let typical = Pdf::parse(&render_pdf(&sample("typical"), "sla", &[])).text();
    assert!(
        fill_in_section(&typical).contains("記入が必要な項目はない"),
        "{}",
        fill_in_section(&typical)
    );
    for value in [
        "99.5%",
        "8時間",
        "24時間",
        "365日",
        "ミナトクラウド株式会社",
    ] {
        assert!(
            squash(&typical).contains(value),
            "typical SLA lacks {value}"
        );
    }

    // weak leaves rpo_hours, log_retention_days and subcontractors out.
    let weak = Pdf::parse(&render_pdf(&sample("weak"), "sla", &[])).text();
    let listed = fill_in_section(&weak);
    for item in [
        "第8条目標復旧時点（RPO）",
        "第16条ログの保存期間",
        "第20条再委託先",
    ] {
        assert!(listed.contains(item), "{item} not listed: {listed}");
    }
    assert!(
        weak.matches("【要記入】").count() > typical.matches("【要記入】").count() + 2,
        "each missing value is printed as 【要記入】"
    );
}

#[test]
fn sla_fill_in_marks_are_all_listed() {
    // typical has every SLA key, so no 【要記入】 should appear at all; more generally each
    // 【要記入】 in the body must be one of the items listed at the end.
    for name in ["typical", "weak"] {
        let md = render_text(&sample(name), "sla", "md", &[]);
        let section = &md[md.find("## 記入が必要な項目").expect("fill-in section")..];
        let listed = section.lines().filter(|l| l.starts_with("- 第")).count();
        let marks = md.matches("【要記入】").count();
        assert_eq!(
            marks, listed,
            "{name}: {marks} 【要記入】 in the SLA, {listed} listed in 記入が必要な項目"
        );
        assert_eq!(listed == 0, name == "typical", "{name}: {listed} listed");
        let pdf = Pdf::parse(&render_pdf(&sample(name), "sla", &[])).text();
        assert_eq!(pdf.matches("【要記入】").count(), listed, "{name} PDF");
    }
}

#[test]
fn area_heading_stays_with_its_table_in_the_pdf() {
    for name in ["strong", "typical", "weak"] {
        let file = sample(name);
        let score = score_json(&file);
        let all = controls(&score);
        let pdf = Pdf::parse(&render_pdf(&file, "disclosure", &[]));
        let pages: Vec<String> = pdf.pages.iter().map(|p| squash(p)).collect();
        let areas: Vec<&Value> = score["areas"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["applicable"].as_u64() > Some(0))
            .collect();
        for (i, area) in areas.iter().enumerate() {
            let heading = squash(&format!("{}. {}（", i + 1, area["title"].as_str().unwrap()));
            let page = pages
                .iter()
                .position(|p| p.contains(&heading))
                .unwrap_or_else(|| panic!("{name}: no heading {heading}"));
            let first = &all
                .iter()
                .find(|c| c.2 && c.1 == area["area"].as_str().unwrap())
                .unwrap()
                .0;
            assert!(
                pdf.lines(page).contains(&first.as_str()),
                "{name}: heading {heading} is on page {} but its first row {first} is not",
                page + 1
            );
        }
    }
}

// --- Hostile vendor text ----------------------------------------------------------------

/// Number of `|` in a Markdown line that are not backslash-escaped.
fn unescaped_pipes(line: &str) -> usize {
    let mut count = 0;
    let mut backslashes = 0;
    for c in line.chars() {
        if c == '|' && backslashes % 2 == 0 {
            count += 1;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    count
}

/// Every row of every Markdown table has as many cell separators as its header.
fn assert_tables_intact(md: &str, what: &str) {
    let mut header: Option<usize> = None;
    let mut tables = 0;
    for (no, line) in md.lines().enumerate() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let pipes = unescaped_pipes(line);
        match header {
            None => {
                header = Some(pipes);
                tables += 1;
            }
            Some(h) => assert_eq!(
                pipes,
                h,
                "{what}: line {} has {pipes} cell separators, its table header {h}:\n{line}",
                no + 1
            ),
        }
    }
    assert!(tables > 0, "{what}: no table at all");
}

/// Every `<tr>` of every HTML table has as many cells as the table's first row.
fn assert_html_tables_intact(html: &str, what: &str) {
    for (t, table) in html.split("<table").skip(1).enumerate() {
        let table = &table[..table.find("</table>").expect("</table>")];
        let cells: Vec<usize> = table
            .split("<tr")
            .skip(1)
            .map(|row| row.matches("<td").count() + row.matches("<th").count())
            .collect();
        assert!(
            cells.iter().all(|&c| c == cells[0]),
            "{what}: table {t} has rows of {cells:?} cells"
        );
    }
}

/// The tags of an HTML document, `<…>`.
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

fn long_word() -> String {
    let fixture = std::fs::read_to_string(HOSTILE).unwrap();
    let word = fixture
        .split('"')
        .find(|s| s.len() == 3000)
        .expect("the fixture has a 3000-character word")
        .to_string();
    assert!(word.chars().all(|c| c.is_ascii_uppercase()), "{word}");
    word
}

/// Puts the long word (twice: the statement and the customer cell of ORG-02) back together
/// from the PDF's lines, which the table wraps and splits across pages (interleaved with the
/// other cell's pieces and the running header and footer). A piece is a line of capital
/// letters, or the capital letters before the "（責任: …）" that ends the customer cell;
/// other such lines (ISMS（PDCA）…) do not continue either copy and are passed over.
/// Returns how much of each copy was found, in order.
fn reassemble_long_word(pdf: &Pdf, word: &str) -> (usize, usize) {
    let (mut a, mut b) = (0, 0);
    for i in 0..pdf.pages.len() {
        for line in pdf.lines(i) {
            let end = line
                .find(|c: char| !c.is_ascii_uppercase())
                .unwrap_or(line.len());
            let (piece, rest) = line.split_at(end);
            if piece.is_empty() || !(rest.is_empty() || rest.starts_with('（')) {
                continue;
            }
            if word[a..].starts_with(piece) {
                a += piece.len();
            } else if word[b..].starts_with(piece) {
                b += piece.len();
            }
        }
    }
    (a, b)
}

#[test]
fn hostile_fixture_is_valid_evidence() {
    sansho()
        .args(["validate", HOSTILE])
        .assert()
        .success()
        .stderr(predicate::str::contains("エラー").not());
}

#[test]
fn hostile_text_is_inert_in_markdown() {
    for doc in DOCS {
        let md = render_text(HOSTILE, doc, "md", &[]);
        assert_tables_intact(&md, doc);
        // Tera printed the values, it did not evaluate them.
        assert!(
            !md.contains("A49B") && !md.contains("CxD"),
            "{doc}: Tera ran"
        );
        // Only the title is a level-1 heading; no vendor text starts a line.
        let h1 = md.lines().filter(|l| l.starts_with("# ")).count();
        assert_eq!(h1, 1, "{doc}: {h1} level-1 headings");
        assert!(
            !md.lines()
                .any(|l| l.starts_with("<script") || l.starts_with("# heading")),
            "{doc}: vendor text starts a Markdown block"
        );

        // What a Markdown viewer shows: the text, literally, and no markup made from it.
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES),
        );
        for needle in ["{{ 7*7 }}", "{% if true %}x{% endif %}", "&lt;script&gt;"] {
            assert!(html.contains(needle), "{doc}: {needle} is not shown");
        }
        for bad in [
            "<script",
            "<a ",
            "<code>code",
            "<code>svc",
            "<strong>bold",
            "heading</h",
            "<li>item",
        ] {
            assert!(
                !html.contains(bad),
                "{doc}: Markdown made {bad} of vendor text"
            );
        }
        assert_html_tables_intact(&html, doc);
    }
    let md = render_text(HOSTILE, "disclosure", "md", &[]);
    assert!(
        md.contains(&long_word()),
        "the long word is cut in Markdown"
    );
    assert!(md.contains(r"A\{\{ 7\*7 \}\}B") && md.contains(r"C\{% if true %\}x\{% endif %\}D"));
}

#[test]
fn hostile_text_is_inert_in_html() {
    for doc in DOCS {
        let html = render_text(HOSTILE, doc, "html", &[]);
        assert!(
            !html.to_ascii_lowercase().contains("<script"),
            "{doc}: a script element"
        );
        for tag in tags(&html) {
            let t = tag.to_ascii_lowercase();
            assert!(!t.contains("javascript:"), "{doc}: {tag}");
            assert!(
                !t.starts_with("<a "),
                "{doc}: a link from vendor text: {tag}"
            );
            assert!(!t.starts_with("<b>"), "{doc}: vendor markup kept: {tag}");
        }
        // Exactly the page's own style element: the vendor's "</style> did not close it.
        assert_eq!(html.matches("<style>").count(), 1, "{doc}");
        assert_eq!(html.matches("</style>").count(), 1, "{doc}");
        // The text is there, escaped, and the template syntax is printed as written.
        assert!(html.contains("&lt;script&gt;alert(1)&lt;"), "{doc}");
        assert!(html.contains("{{ 7*7 }}"), "{doc}");
        assert!(html.contains("{% if true %}x{% endif %}"), "{doc}");
        assert!(
            !html.contains("A49B") && !html.contains("CxD"),
            "{doc}: Tera ran"
        );
        for bad in [
            "<strong>bold",
            "<code>code",
            "<code>svc",
            "<h1>heading",
            "<li>item",
        ] {
            assert!(!html.contains(bad), "{doc}: {bad}");
        }
        assert_eq!(html.matches("<h1").count(), 1, "{doc}");
        assert_html_tables_intact(&html, doc);
    }
    let html = render_text(HOSTILE, "disclosure", "html", &[]);
    assert!(html.contains(TERA_EXPR) && html.contains(TERA_TAG));
    assert_eq!(
        html.matches(long_word().as_str()).count(),
        2,
        "statement and customer cell"
    );
}

#[test]
fn hostile_text_is_inert_in_pdf() {
    let word = long_word();
    for doc in DOCS {
        let pdf = Pdf::parse(&render_pdf(HOSTILE, doc, &[]));
        let text = pdf.text();
        // The vendor name on the cover table and in the running header, printed as written.
        assert!(
            text.contains("{{ 7*7 }}"),
            "{doc}: no literal {{{{ 7*7 }}}}"
        );
        assert!(!text.contains("A49B") && !text.contains("CxD"), "{doc}");
        assert!(
            squash(&text).contains(&squash("悪意<script>alert(1)</script>{{ 7*7 }} | x |")),
            "{doc}: vendor name"
        );
        assert_eq!(
            pdf.info("Author"),
            // Metadata is one line: control characters (the newline too) become spaces.
            "悪意<script>alert(1)</script>{{ 7*7 }} | x | \"</style> 株式会社",
            "{doc}"
        );
        let n = pdf.pages.len();
        assert!(
            pdf.lines(n - 1).contains(&format!("{n} / {n}").as_str()),
            "{doc}"
        );
    }
    let pdf = Pdf::parse(&render_pdf(HOSTILE, "disclosure", &[]));
    let text = squash(&pdf.text());
    assert!(text.contains(&squash(TERA_EXPR)), "statement: {TERA_EXPR}");
    assert!(text.contains(&squash(TERA_TAG)), "statement: {TERA_TAG}");
    // The 3000-character word wraps but nothing of it is lost: statement and customer cell.
    assert_eq!(
        reassemble_long_word(&pdf, &word),
        (3000, 3000),
        "the long word is cut"
    );
}

// --- The command ------------------------------------------------------------------------

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn pdf_without_output_is_a_usage_error() {
    render_cmd(&sample("strong"), "disclosure", "pdf", &[])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("-o"));
}

#[test]
fn markdown_and_html_go_to_stdout_without_output() {
    let md = render_text(&sample("typical"), "report", "md", &[]);
    assert!(md.starts_with("# 評価報告書\n"), "{}", &md[..80]);
    let html = render_text(&sample("typical"), "report", "html", &[]);
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    assert!(html.trim_end().ends_with("</html>"));

    // The same bytes as with -o.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.md");
    render_cmd(&sample("typical"), "report", "md", &[])
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), md);
}

#[test]
fn existing_output_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    for (format, name) in [("md", "doc.md"), ("pdf", "doc.pdf")] {
        let out = dir.path().join(name);
        std::fs::write(&out, "keep me").unwrap();
        render_cmd(&sample("strong"), "sla", format, &[])
            .arg("-o")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--force"));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");

        render_cmd(&sample("strong"), "sla", format, &["--force"])
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        let written = std::fs::read(&out).unwrap();
        match format {
            "md" => assert_eq!(
                String::from_utf8(written).unwrap(),
                render_text(&sample("strong"), "sla", "md", &[])
            ),
            _ => assert!(written.starts_with(b"%PDF-"), "not a PDF"),
        }
    }
    assert_eq!(
        listing(dir.path()),
        ["doc.md", "doc.pdf"],
        "temporary files left"
    );
}

#[test]
fn inputs_are_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let evidence = dir.path().join("evidence.toml");
    let profile = dir.path().join("profile.toml");
    std::fs::copy(sample("typical"), &evidence).unwrap();
    std::fs::copy(UNIVERSITY, &profile).unwrap();
    let before = (
        std::fs::read(&evidence).unwrap(),
        std::fs::read(&profile).unwrap(),
    );
    let file = evidence.to_str().unwrap();
    let profile_arg = profile.to_str().unwrap();
    let same_via_dot = dir.path().join(".").join("evidence.toml");
    for (format, target) in [
        ("md", evidence.clone()),
        ("pdf", evidence.clone()),
        ("md", same_via_dot),
        ("html", profile.clone()),
    ] {
        render_cmd(file, "sla", format, &["--force", "--profile", profile_arg])
            .arg("-o")
            .arg(&target)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("入力"));
    }
    assert_eq!(std::fs::read(&evidence).unwrap(), before.0);
    assert_eq!(std::fs::read(&profile).unwrap(), before.1);
    assert_eq!(listing(dir.path()), ["evidence.toml", "profile.toml"]);
}

#[test]
fn outputs_leave_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    for (doc, format) in [("disclosure", "pdf"), ("sla", "html"), ("report", "md")] {
        render_cmd(&sample("weak"), doc, format, &[])
            .arg("-o")
            .arg(dir.path().join(format!("{doc}.{format}")))
            .assert()
            .success();
    }
    // A failed render writes nothing either.
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("report.md.tera"),
        "{{ no_such_value }}\n",
    )
    .unwrap();
    render_cmd(&sample("weak"), "report", "pdf", &[])
        .arg("--templates")
        .arg(templates.path())
        .arg("-o")
        .arg(dir.path().join("failed.pdf"))
        .assert()
        .code(2);
    assert_eq!(
        listing(dir.path()),
        ["disclosure.pdf", "report.md", "sla.html"]
    );
}

#[cfg(unix)]
#[test]
fn outputs_get_ordinary_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    std::fs::write(&plain, "x").unwrap();
    let expected = std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
    let out = dir.path().join("report.md");
    render_cmd(&sample("strong"), "report", "md", &[])
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode, expected,
        "mode {mode:o}, a file created normally here gets {expected:o}"
    );
}

/// A folder holding one template file.
fn templates_dir(name: &str, content: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), content).unwrap();
    dir
}

#[test]
fn templates_dir_replaces_a_builtin_template() {
    let dir = templates_dir(
        "disclosure.md.tera",
        "# 差し替え開示書 {{ vendor.name }}\n\n{% for a in areas %}- {{ a.title }}: {{ a.score }}\n{% endfor %}",
    );
    let path = dir.path().to_str().unwrap();
    let md = render_text(
        &sample("strong"),
        "disclosure",
        "md",
        &["--templates", path],
    );
    assert!(
        md.starts_with("# 差し替え開示書 株式会社しらかば医療クラウド\n"),
        "{md}"
    );
    assert!(md.contains("- 組織的安全管理対策: 99.3"), "{md}");
    assert!(!md.contains("凡例"), "the built-in template was used");
    let html = render_text(
        &sample("strong"),
        "disclosure",
        "html",
        &["--templates", path],
    );
    assert!(html.contains("<h1>差し替え開示書"), "HTML uses it too");
    let pdf = Pdf::parse(&render_pdf(
        &sample("strong"),
        "disclosure",
        &["--templates", path],
    ));
    assert!(pdf.text().contains("差し替え開示書"), "PDF uses it too");
    // The other documents keep their built-in templates.
    let sla = render_text(&sample("strong"), "sla", "md", &["--templates", path]);
    assert!(sla.starts_with("# サービス・レベル合意書（SLA）案"));
}

#[test]
fn unknown_template_name_is_reported() {
    let dir = templates_dir("disclosure.tera", "# typo\n");
    render_cmd(&sample("strong"), "disclosure", "md", &[])
        .arg("--templates")
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("disclosure.tera"))
        .stderr(predicate::str::contains("disclosure.md.tera"));
}

#[test]
fn template_errors_are_reported() {
    for (content, message) in [
        ("# {{ vendor.name }}\n{% if %}\n", "disclosure.md.tera"),
        (
            "# {{ vendor.name }}\n{% for x in areas %}\n",
            "disclosure.md.tera",
        ),
        ("# {{ no_such_value }}\n", "no_such_value"),
    ] {
        let dir = templates_dir("disclosure.md.tera", content);
        render_cmd(&sample("strong"), "disclosure", "md", &[])
            .arg("--templates")
            .arg(dir.path())
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains("テンプレート"))
            .stderr(predicate::str::contains(message));
    }
}

#[test]
fn english_documents_are_in_english() {
    let file = sample("typical");
    for (doc, title, words, japanese) in [
        (
            "disclosure",
            "Service Specification Conformance Disclosure",
            &["| Vendor |", "## Legend", "## Evidence documents"][..],
            &["事業者名", "凡例", "項番", "適合状況", "来歴", "評価基準日"][..],
        ),
        (
            "sla",
            "# Service Level Agreement (SLA) — draft",
            &["### Article 3 Service hours", "Party B (vendor)"][..],
            &["第3条", "甲（", "乙（", "サービスレベル項目", "来歴"][..],
        ),
        (
            "report",
            "# Assessment Report",
            &["| Vendor |", "Provenance:"][..],
            &["評価報告書", "総合判定", "指摘事項", "来歴", "対象範囲"][..],
        ),
    ] {
        let md = render_text(&file, doc, "md", &["--lang", "en"]);
        assert!(md.contains(title), "{doc}: no {title}");
        for w in words {
            assert!(md.contains(w), "{doc}: no {w}");
        }
        for j in japanese {
            assert!(
                !md.contains(j),
                "{doc}: Japanese label {j} in the English document"
            );
        }
        let html = render_text(&file, doc, "html", &["--lang", "en"]);
        assert!(html.contains("<html lang=\"en\">"), "{doc}");
    }
    let pdf = Pdf::parse(&render_pdf(&file, "report", &["--lang", "en"]));
    assert_eq!(pdf.info("Title"), "Assessment Report");
    assert!(pdf.text().contains("Assessment Report"));
}

#[test]
fn provenance_shows_the_sha256_of_the_evidence_file() {
    // bom-crlf.toml starts with a BOM and has CRLF line ends: the hash is of the bytes on
    // disk, not of the decoded text.
    for file in [
        sample("typical"),
        "tests/fixtures/evidence/bom-crlf.toml".to_string(),
    ] {
        let bytes = std::fs::read(&file).unwrap();
        let hash = sha256_hex(&bytes);
        for doc in DOCS {
            let md = render_text(&file, doc, "md", &[]);
            let last = md.lines().last().unwrap();
            assert!(last.starts_with("来歴: sansho "), "{file} {doc}: {last}");
            assert!(
                last.ends_with(&format!("SHA-256 {hash}")),
                "{file} {doc}: {last}"
            );
            assert!(render_text(&file, doc, "html", &[]).contains(&hash));
        }
        let pdf = Pdf::parse(&render_pdf(&file, "sla", &[]));
        assert!(squash(&pdf.text()).contains(&hash), "{file}: PDF");
    }
    // And the checksum tool agrees, where there is one.
    if let Ok(out) = std::process::Command::new("sha256sum")
        .arg(sample("typical"))
        .output()
    {
        let tool = String::from_utf8_lossy(&out.stdout);
        let expected = sha256_hex(&std::fs::read(sample("typical")).unwrap());
        assert!(tool.starts_with(&expected), "sha256sum: {tool}");
    }
}

#[test]
fn a_bad_font_or_a_missing_output_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    sansho()
        .args([
            "render",
            &sample("strong"),
            "--doc",
            "report",
            "--format",
            "pdf",
            "--font",
            "README.md",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("フォント").and(predicate::str::contains("--font")));
    assert!(!out.exists(), "nothing is written when rendering fails");
    sansho()
        .args([
            "render",
            &sample("strong"),
            "--doc",
            "report",
            "--format",
            "md",
            "-o",
        ])
        .arg(dir.path().join("no-such-folder").join("r.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("出力先のフォルダ"));
}

// --- HTML print (Chromium) --------------------------------------------------------------

/// A word of `pdftotext -bbox` output with its page's size.
#[derive(Debug)]
struct Word {
    page: usize,
    page_w: f64,
    page_h: f64,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

/// The value of attribute `name` in an XML start tag.
fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let at = tag.find(&key).unwrap_or_else(|| panic!("{name} in {tag}")) + key.len();
    let end = tag[at..].find('"').unwrap() + at;
    tag[at..end].parse().unwrap()
}

/// Every word of a PDF with its box, read with poppler's `pdftotext -bbox`.
fn words(pdftotext: &Path, pdf: &Path) -> Vec<Word> {
    let out = std::process::Command::new(pdftotext)
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let xml = String::from_utf8_lossy(&out.stdout).to_string();
    let mut words = Vec::new();
    for (page, chunk) in xml.split("<page ").skip(1).enumerate() {
        let tag = &chunk[..chunk.find('>').unwrap()];
        let (page_w, page_h) = (attr(tag, "width"), attr(tag, "height"));
        for w in chunk.split("<word ").skip(1) {
            let close = w.find('>').unwrap();
            let tag = &w[..close];
            let text = &w[close + 1..w.find("</word>").unwrap()];
            words.push(Word {
                page: page + 1,
                page_w,
                page_h,
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
                text: text.to_string(),
            });
        }
    }
    words
}

/// Prints an HTML document with headless Chromium. The machine may have no Japanese font,
/// so the copy printed loads the bundled IPAex Gothic (the page's first font choice) from
/// the repository: words are then measured with the glyphs a reader's browser uses.
fn print_html(chromium: &Path, html: &str, dir: &Path, name: &str) -> std::path::PathBuf {
    let font = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/ipaexg.ttf");
    let face = format!(
        "<style>\n@font-face {{ font-family: \"IPAexGothic\"; src: url(\"file://{}\"); }}\n",
        font.display()
    );
    let page = html.replacen("<style>", &face, 1);
    let src = dir.join(format!("{name}.html"));
    std::fs::write(&src, page).unwrap();
    let pdf = dir.join(format!("{name}.pdf"));
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--allow-file-access-from-files",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", src.display()))
        .output()
        .unwrap();
    assert!(
        pdf.is_file(),
        "Chromium printed nothing for {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    pdf
}

#[test]
fn printed_html_keeps_every_word_on_the_page() {
    let (Some(chromium), Some(pdftotext)) = (support::tool("chromium"), support::tool("pdftotext"))
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = [
        sample("strong"),
        sample("typical"),
        sample("weak"),
        HOSTILE.to_string(),
    ];
    for (i, file) in files.iter().enumerate() {
        for doc in DOCS {
            let html = render_text(file, doc, "html", &[]);
            let name = format!("{i}-{doc}");
            let pdf = print_html(&chromium, &html, dir.path(), &name);
            let words = words(&pdftotext, &pdf);
            let pages = words.last().map_or(0, |w| w.page);
            assert!(
                pages > 0 && words.len() > 50,
                "{file} {doc}: {} words",
                words.len()
            );
            let off: Vec<&Word> = words
                .iter()
                .filter(|w| {
                    w.x0 < -0.5 || w.y0 < -0.5 || w.x1 > w.page_w + 0.5 || w.y1 > w.page_h + 0.5
                })
                .collect();
            assert!(
                off.is_empty(),
                "{file} {doc}: {} word(s) off the page, e.g. {:?}",
                off.len(),
                &off[..off.len().min(3)]
            );
            // No page is shrunk to fit a wide table: its words keep their size (9 pt table
            // text, 10 pt body; a table scaled down for one long token prints them at 6 pt).
            for page in 1..=pages {
                // Body words only: the running header and footer are never scaled.
                let mut heights: Vec<f64> = words
                    .iter()
                    .filter(|w| w.page == page && w.y0 > w.page_h * 0.08 && w.y1 < w.page_h * 0.92)
                    .map(|w| w.y1 - w.y0)
                    .collect();
                if heights.len() < 10 {
                    continue;
                }
                heights.sort_by(f64::total_cmp);
                // The upper quartile: 9 pt table text and 10 pt body on most pages, 7.5 pt
                // citations or 8 pt notes on some; a page shrunk to fit prints below 7.
                let upper = heights[heights.len() * 3 / 4];
                assert!(
                    upper >= 7.4,
                    "{file} {doc}: page {page} is printed at {upper:.1} pt (scaled down)"
                );
            }
            // The page number "n / N" sits on one line at the foot of every page.
            for page in 1..=pages {
                let foot: Vec<&Word> = words
                    .iter()
                    .filter(|w| w.page == page && w.y0 > w.page_h * 0.9)
                    .collect();
                let label = foot.windows(3).any(|t| {
                    t[0].text == page.to_string()
                        && t[1].text == "/"
                        && t[2].text == pages.to_string()
                        && (t[0].y0 - t[2].y0).abs() < 0.5
                });
                assert!(
                    label,
                    "{file} {doc}: page {page} has no one-line \"{page} / {pages}\" footer"
                );
            }
        }
    }
    // Nothing of the hostile 3000-letter word was lost: the table did not shrink it off the
    // page, it wrapped (the statement and the customer cell).
    let html = render_text(HOSTILE, "disclosure", "html", &[]);
    let pdf = print_html(&chromium, &html, dir.path(), "hostile-word");
    let letters: usize = words(&pdftotext, &pdf)
        .iter()
        .filter(|w| w.text.chars().all(|c| c.is_ascii_uppercase()) && w.text.len() > 20)
        .map(|w| w.text.len())
        .sum();
    assert!(
        letters >= 6000,
        "only {letters} letters of the two long words were printed"
    );
}
