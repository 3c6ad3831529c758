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
            // Rows of the area tables (eight columns); the list of requirements not met
            // and the institution's actions name some controls again.
            let rows = md
                .lines()
                .filter(|l| l.starts_with(&format!("| {id} |")) && unescaped_pipes(l) == 9)
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
    let end = s.rfind("署名欄").expect("signature section");
    s[start..end].to_string()
}

#[test]
fn sla_pdf_marks_missing_values_only_where_the_evidence_has_none() {
    // typical sets every SLA key: only Party A's name is left to fill in.
    let typical = Pdf::parse(&render_pdf(&sample("typical"), "sla", &[])).text();
    let listed = fill_in_section(&typical);
    assert!(
        listed.contains("甲（医療機関等）の名称・代表者"),
        "{listed}"
    );
    assert!(!listed.contains("第"), "typical lists an article: {listed}");
    assert!(
        !squash(&typical).contains("記入が必要な項目はない"),
        "the closing line says nothing is left while Party A's name is"
    );
    for value in [
        "99.5%以上",
        "8時間以内",
        "24時間以内",
        "1年（365日）以上",
        "ミナトクラウド株式会社",
    ] {
        assert!(
            squash(&typical).contains(value),
            "typical SLA lacks {value}"
        );
    }

    // weak leaves rpo_hours, log_retention_days and subcontractors out (among others),
    // listed in words with their article, never as file keys.
    let weak = Pdf::parse(&render_pdf(&sample("weak"), "sla", &[])).text();
    let listed = fill_in_section(&weak);
    for item in [
        "第5条（サービスレベル）:目標復旧時点（RPO）",
        "第5条（サービスレベル）:ログの保存期間",
        "第9条（再委託）:再委託先",
        "第10条（報告・見直し）:報告",
    ] {
        assert!(listed.contains(item), "{item} not listed: {listed}");
    }
    for key in [
        "rpo_hours",
        "log_retention_days",
        "subcontractors",
        "reporting",
    ] {
        assert!(!weak.contains(key), "the file key {key} in the SLA");
    }
    assert!(
        weak.matches("【要記入】").count() > typical.matches("【要記入】").count() + 2,
        "each missing value is printed as 【要記入】"
    );
}

#[test]
fn sla_fill_in_marks_are_all_listed() {
    // Every 【要記入】 in the body is one item of the list at the end, and the other way round.
    for name in ["strong", "typical", "weak"] {
        let md = render_text(&sample(name), "sla", "md", &[]);
        let at = md.find("## 記入が必要な項目").expect("fill-in section");
        let end = md[at..].find("## 署名欄").expect("signatures") + at;
        let listed = md[at..end].lines().filter(|l| l.starts_with("- ")).count();
        let marks = md.matches("【要記入】").count();
        assert_eq!(
            marks, listed,
            "{name}: {marks} 【要記入】 in the SLA, {listed} listed in 記入が必要な項目"
        );
        assert_eq!(listed == 1, name != "weak", "{name}: {listed} listed");
        let pdf = Pdf::parse(&render_pdf(&sample(name), "sla", &[])).text();
        assert_eq!(pdf.matches("【要記入】").count(), listed, "{name} PDF");
        // Highlighted in HTML.
        let html = render_text(&sample(name), "sla", "html", &[]);
        assert_eq!(
            html.matches("<mark class=\"fill\">【要記入】</mark>")
                .count(),
            listed,
            "{name} HTML"
        );
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
            // Four sections of front matter come before the area tables.
            let heading = squash(&format!("{}. {}（", i + 5, area["title"].as_str().unwrap()));
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

/// Puts the copies of the long word back together from the PDF's lines, which tables wrap
/// and split across pages (interleaved with other cells' pieces and the running header and
/// footer). A piece is a line of capital letters, or the capital letters before the "（" of
/// a remark that ends a cell; a piece continues the copy whose next letters it matches, or
/// starts a new copy. Returns how much of each copy was found, longest first.
fn reassemble_long_word(pdf: &Pdf, word: &str) -> Vec<usize> {
    let mut copies: Vec<usize> = Vec::new();
    for i in 0..pdf.pages.len() {
        for line in pdf.lines(i) {
            let end = line
                .find(|c: char| !c.is_ascii_uppercase())
                .unwrap_or(line.len());
            let (piece, rest) = line.split_at(end);
            if piece.is_empty() || !(rest.is_empty() || rest.starts_with('（')) {
                continue;
            }
            match copies
                .iter_mut()
                .find(|a| **a > 0 && **a < word.len() && word[**a..].starts_with(piece))
            {
                Some(a) => *a += piece.len(),
                None if word.starts_with(piece) => copies.push(piece.len()),
                None => {}
            }
        }
    }
    copies.sort_unstable_by(|a, b| b.cmp(a));
    copies
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
        3,
        "statement, customer cell and the closing table of the institution's actions"
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
    // The 3000-character word wraps but nothing of it is lost: the statement, the customer
    // cell and the closing table of the institution's actions.
    let copies = reassemble_long_word(&pdf, &word);
    assert!(
        copies.len() >= 3 && copies[..3].iter().all(|&n| n == 3000),
        "the long word is cut: {copies:?}"
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
    assert!(md.contains("- 組織的安全管理対策: 100.0"), "{md}");
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

/// The ids of the catalog's editions (`mhlw-6.0`, …).
fn edition_ids() -> Vec<String> {
    let text = std::fs::read_to_string("controls/catalog.toml").unwrap();
    let v: toml::Table = toml::from_str(&text).unwrap();
    v["editions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn english_documents_are_in_english() {
    let file = sample("typical");
    for (doc, title, words, japanese) in [
        (
            "disclosure",
            "Service Specification Conformance Disclosure",
            &[
                "| Vendor |",
                "## Legend",
                ". Evidence documents",
                "| Resp. |",
            ][..],
            &["事業者名", "凡例", "項番", "適合状況", "来歴", "評価基準日"][..],
        ),
        (
            "sla",
            "# Service Level Agreement (SLA) — draft",
            &[
                "## Article 5 Service levels",
                "Party B (vendor)",
                "| Service hours |",
            ][..],
            &["第3条", "甲（", "乙（", "サービスレベル", "来歴", "要記入"][..],
        ),
        (
            "report",
            "# Assessment Report",
            &["| Vendor |", "Provenance:"][..],
            &[
                "評価報告書",
                "総合判定",
                "対応が必要な主な事項",
                "来歴",
                "採点の重み",
                "要記入",
            ][..],
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
        // Editions are named by their English short names, never by catalog ids.
        for id in edition_ids() {
            assert!(
                !md.contains(&id),
                "{doc}: the edition id {id} in the English document"
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

// --- Documents 2 (issue 13): what the documents say -------------------------------------

/// The cells of a Markdown table row (split at unescaped `|`), trimmed.
fn cells(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut backslashes = 0;
    for c in line.chars() {
        if c == '|' && backslashes % 2 == 0 {
            out.push(String::new());
        } else if let Some(last) = out.last_mut() {
            last.push(c);
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    // The text before the first `|` is not a cell; the one after the last is empty.
    out.pop();
    out.into_iter()
        .skip(1)
        .map(|s| s.trim().to_string())
        .collect()
}

/// `ORG-01`, `TEC-34`: three capitals, a hyphen, two digits.
fn is_control_id(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 6
        && b[..3].iter().all(u8::is_ascii_uppercase)
        && b[3] == b'-'
        && b[4..].iter().all(u8::is_ascii_digit)
}

/// The area-table rows of a disclosure (eight columns), as cells.
fn area_rows(md: &str) -> Vec<Vec<String>> {
    md.lines()
        .filter(|l| l.starts_with("| ") && unescaped_pipes(l) == 9)
        .map(cells)
        .filter(|c| c[0] != "項番" && c[0] != "No.")
        .collect()
}

#[test]
fn disclosure_rows_show_evidence_level_status_and_responsibility() {
    for name in ["strong", "typical", "weak"] {
        let md = render_text(&sample(name), "disclosure", "md", &[]);
        let score = score_json(&sample(name));
        let rows = area_rows(&md);
        assert!(rows.len() > 100, "{name}: {} rows", rows.len());
        for r in &rows {
            let id = &r[0];
            let c = score["controls"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"] == id.as_str())
                .unwrap();
            assert!(
                ["必須", "推奨", "必須（要件）"].contains(&r[2].as_str()),
                "{name} {id}: level {}",
                r[2]
            );
            assert!(
                ["事業者", "医療機関等", "共同"].contains(&r[6].as_str()),
                "{name} {id}: responsibility {}",
                r[6]
            );
            // Every valid cited document is named on the row; an implemented answer whose
            // evidence is all invalid does not show a plain ○.
            for d in c["valid_evidence"].as_array().unwrap() {
                assert!(
                    r[5].contains(d.as_str().unwrap()),
                    "{name} {id}: {d} not on the row"
                );
            }
            if c["status"] == "implemented" && c["credit"] == 0.5 {
                assert!(
                    r[4].starts_with("○ ") && r[4].len() > "○ ".len(),
                    "{name} {id}: {}",
                    r[4]
                );
            }
            // Nothing required of the institution has its own words, never the N/A glyph.
            if r[6] == "事業者" && c["status"] != "not_applicable" {
                assert_ne!(r[7], "－", "{name} {id}");
            }
        }
    }
    // TEC-13 of the typical sample: its only document expired on 2026-06-30.
    let md = render_text(&sample("typical"), "disclosure", "md", &[]);
    let tec13 = area_rows(&md)
        .into_iter()
        .find(|r| r[0] == "TEC-13")
        .unwrap();
    assert_eq!(tec13[4], "○ 根拠資料期限切れ");
    assert!(
        tec13[5].contains("D-VA2025") && tec13[5].contains("期限切れ 2026年6月30日"),
        "{:?}",
        tec13[5]
    );
}

#[test]
fn disclosure_front_matter_follows_the_provider_guideline_2_0() {
    let md = render_text(&sample("typical"), "disclosure", "md", &[]);
    let front = &md[..md.find("## 5. ").expect("the first area")];
    for needle in [
        "別紙1「サービス仕様適合開示書」",
        "sansho が管理策ごとに整理",
        "対象事業者A",
        "| ミナトクラウド株式会社 | 対象事業者B |",
        "表4-1",
        "| 医療情報を保存する機器の設置場所 |",
        "| 適用される法令 |",
        "| 外国の法令が及ぶ可能性（事業者・基盤事業者） | なし。",
        "| 情報セキュリティ基本方針・取扱規程 |",
        "| サイバー攻撃に備えたバックアップ |",
        "| 実施体制 |",
        "| 実績 |",
        "| 財務の健全性 |",
        "| 第三者認証（プライバシーマーク・ISMS 等） |",
        "| 責務 | 事業者 | 医療機関等 |",
        "## 4. 対応が完了していない事項",
    ] {
        assert!(
            front.contains(needle),
            "typical: no {needle} before the area tables"
        );
    }
    // The verdict's basis under the title, before the header table.
    let basis_at = md.find("必須対策").unwrap();
    assert!(basis_at < md.find("| 事業者名 |").unwrap());
    // Every control short of full credit is disclosed up front, required ones first.
    let score = score_json(&sample("typical"));
    let unmet: Vec<String> = front
        .lines()
        .filter(|l| unescaped_pipes(l) == 7)
        .map(|l| cells(l)[0].clone())
        .filter(|id| is_control_id(id))
        .collect();
    let short: Vec<&Value> = score["controls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["credit"].as_f64().is_some_and(|x| x < 1.0))
        .collect();
    assert_eq!(unmet.len(), short.len(), "{unmet:?}");
    let first_recommended = short.iter().position(|c| c["level"] == "recommended");
    if let Some(i) = first_recommended {
        assert!(short[..i].iter().all(|c| c["level"] == "required"));
    }
    // The weak sample leaves items empty: they print as 【要記入】, and its SLA does not make
    // the vendor responsible for the servers' security updates, which the disclosure says.
    let weak = render_text(&sample("weak"), "disclosure", "md", &[]);
    assert!(
        weak.contains("| 実績 | 【要記入】 |") && weak.contains("| 財務の健全性 | 【要記入】 |")
    );
    assert!(weak.contains("| 外国の法令が及ぶ可能性（事業者・基盤事業者） | あり。"));
    assert!(
        weak.contains("> 本サービスのサーバのセキュリティ更新の責任は「共同」"),
        "weak"
    );
    assert!(
        !md.contains("セキュリティ更新の責任は「"),
        "typical's vendor is responsible"
    );
}

#[test]
fn disclosure_legend_defines_every_short_name_and_the_mark() {
    let catalog: toml::Table =
        toml::from_str(&std::fs::read_to_string("controls/catalog.toml").unwrap()).unwrap();
    for lang in ["ja", "en"] {
        let md = render_text(&sample("typical"), "disclosure", "md", &["--lang", lang]);
        let legend_at = md
            .find(if lang == "ja" {
                "## 凡例"
            } else {
                "## Legend"
            })
            .unwrap();
        let legend = &md[legend_at..md.find("## 1. ").unwrap()];
        let rows = area_rows(&md);
        for e in catalog["editions"].as_array().unwrap() {
            let short = e[if lang == "ja" { "short" } else { "short_en" }]
                .as_str()
                .unwrap();
            let cited = rows.iter().any(|r| r[3].contains(&format!("{short} ")));
            if cited {
                let title = e[if lang == "ja" { "title" } else { "title_en" }]
                    .as_str()
                    .unwrap();
                assert!(
                    legend.contains(&format!("| {short} | {title} |")),
                    "{lang}: {short} is cited but not defined"
                );
                // The header's list of guidelines names it too.
                let header = md
                    .lines()
                    .find(|l| {
                        l.contains(if lang == "ja" {
                            "| 準拠・参照するガイドライン等 |"
                        } else {
                            "| Guidelines and references |"
                        })
                    })
                    .unwrap();
                assert!(
                    header.contains(short),
                    "{lang}: {short} missing from the header"
                );
            }
        }
        assert!(legend.contains("※"), "{lang}: the ※ mark is explained");
    }
}

#[test]
fn disclosure_closes_with_what_the_institution_must_do() {
    let md = render_text(&sample("typical"), "disclosure", "md", &[]);
    let at = md.find("医療機関等に実施していただく対応").unwrap();
    let section = &md[at..md[at..].find("エビデンス文書一覧").unwrap() + at];
    let text = std::fs::read_to_string(sample("typical")).unwrap();
    let with_actions = text.matches("\ncustomer_actions = \"").count();
    let listed = section
        .lines()
        .filter(|l| unescaped_pipes(l) == 6 && !l.contains("---") && !l.contains("| 領域 |"))
        .count();
    assert_eq!(listed, with_actions, "every customer action is collected");
    for heading in ["## 18. 別紙", "## 19. 改訂履歴"] {
        assert!(md.contains(heading), "no {heading}");
    }
    assert!(md.contains("| 別紙1 | 責任分界表（役割分担確認表）第2版 | D-RACI（有効） |"));
    assert!(md.contains("| 1.4 | 2026年10月15日 |"));
}

#[test]
fn disclosure_pdf_layout() {
    let Some(pdftotext) = support::tool("pdftotext") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for name in ["strong", "typical", "weak"] {
        let path = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&path, render_pdf(&sample(name), "disclosure", &[])).unwrap();
        let words = words(&pdftotext, &path);
        let pages = words.last().unwrap().page;
        // 作成日 and 版 right-aligned under the title.
        let version = words
            .iter()
            .find(|w| w.page == 1 && w.text.starts_with("版:"))
            .or_else(|| words.iter().find(|w| w.page == 1 && w.text == "版"))
            .unwrap();
        let right = words
            .iter()
            .filter(|w| w.page == 1 && (w.y0 - version.y0).abs() < 1.0)
            .map(|w| w.x1)
            .fold(0.0, f64::max);
        assert!(
            right > version.page_w - 15.0 * 72.0 / 25.4 - 3.0,
            "{name}: 版 ends at {right}"
        );
        // The same column widths in every area table: the header 実施内容・根拠資料 starts
        // at the same place on every page it heads.
        let xs: Vec<f64> = words
            .iter()
            .filter(|w| w.text == "実施内容・根拠資料")
            .map(|w| (w.x0 * 10.0).round() / 10.0)
            .collect();
        assert!(xs.len() >= 10, "{name}: {} area table pages", xs.len());
        assert!(
            xs.iter().all(|x| (x - xs[0]).abs() < 0.2),
            "{name}: columns move: {xs:?}"
        );
        // No page holds only a heading or a two-line note: every page has at least three
        // lines of body text.
        for page in 1..=pages {
            let mut lines: Vec<i64> = words
                .iter()
                .filter(|w| {
                    w.page == page
                        && w.y0 > 18.0 * 72.0 / 25.4
                        && w.y1 < w.page_h - 17.5 * 72.0 / 25.4
                })
                .map(|w| w.y0.round() as i64)
                .collect();
            lines.sort_unstable();
            lines.dedup();
            assert!(
                lines.len() >= 3,
                "{name}: page {page} holds {} line(s)",
                lines.len()
            );
        }
    }
}

#[test]
fn a_row_split_across_pages_repeats_its_id_in_the_pdf() {
    let word = long_word();
    let pdf = Pdf::parse(&render_pdf(HOSTILE, "disclosure", &[]));
    let mut pages_with_the_word = 0;
    for i in 0..pdf.pages.len() {
        let lines = pdf.lines(i);
        if lines.iter().any(|l| l.len() > 20 && word.contains(*l)) {
            pages_with_the_word += 1;
            assert!(
                lines.contains(&"ORG-02"),
                "page {} continues ORG-02 without its ID",
                i + 1
            );
        }
    }
    assert!(pages_with_the_word >= 2, "{pages_with_the_word}");
}

#[test]
fn sla_has_one_table_numbered_articles_and_the_contract_terms() {
    let md = render_text(&sample("typical"), "sla", "md", &["--profile", UNIVERSITY]);
    let numbers: Vec<usize> = md
        .lines()
        .filter_map(|l| l.strip_prefix("## 第"))
        .map(|l| l[..l.find('条').unwrap()].parse().unwrap())
        .collect();
    assert_eq!(
        numbers,
        (1..=numbers.len()).collect::<Vec<_>>(),
        "articles in one sequence"
    );
    assert_eq!(
        md.matches("| 設定値 |").count(),
        1,
        "one service-level table"
    );
    for article in [
        "前提条件",
        "計画停止",
        "サービス停止の定義と稼働率の測定",
        "報告・見直し",
        "免責",
        "有効期間",
        "サービスクレジット",
        "協議",
        "セキュリティ更新の責任",
    ] {
        assert!(
            md.contains(&format!("条（{article}）")),
            "no article {article}"
        );
    }
    // The vendor is responsible for security updates: the sentence and the note.
    assert!(md.contains("すべてのサーバ（OS、ミドルウェア及びアプリケーションを含む）のセキュリティ更新を行う責任を負い"));
    assert!(md.contains("保守委託機関編の確認"));
    // Profile shortfalls in contract words with units.
    assert!(
        md.contains("- 第5条 障害発生時の通知: 2時間以内（要件: 1時間以内）"),
        "{md}"
    );
    assert!(md.contains("- 第5条 ログの保存期間: 1年（365日）以上（要件: 5年（1825日）以上）"));
    // The consistency notes, numbered, and referenced from the table.
    assert!(md.contains("## 整合性の注記") && md.contains("1. 目標復旧時間（RTO）8時間が"));
    assert!(md.contains("整合性の注記1を参照"));
    // The weak vendor shares the updates: the article says who, and that the check fails.
    let weak = render_text(&sample("weak"), "sla", "md", &[]);
    assert!(weak.contains("甲乙で分担") && weak.contains("「はい」と回答できない"));
    assert!(
        weak.contains("稼働率 99%（計画停止を停止時間に含めて算定）"),
        "weak's availability note"
    );
}

#[test]
fn validate_reports_sla_inconsistencies_as_warnings() {
    let out = sansho()
        .args([
            "validate",
            &sample("typical"),
            "--as-of",
            AS_OF,
            "--profile",
            UNIVERSITY,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let err = String::from_utf8_lossy(&out.stderr);
    for code in [
        "W-SLA-RTO-DRILL",
        "W-SLA-LOG-RETENTION",
        "W-SLA-INCIDENT-NOTICE",
    ] {
        assert!(err.contains(code), "no {code}: {err}");
    }
    assert!(err.contains("目標復旧時間（RTO）8時間") && err.contains("10時間"));
    let out = sansho()
        .args(["validate", &sample("strong"), "--as-of", AS_OF])
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("W-SLA-"),
        "strong is consistent"
    );
}

#[test]
fn report_findings_one_row_per_control_with_actions_and_arithmetic() {
    let md = render_text(&sample("typical"), "report", "md", &[]);
    let score = score_json(&sample("typical"));
    let at = md.find("## 指摘事項").unwrap();
    let section = &md[at..md[at..].find("## SLA").unwrap() + at];
    let ids: Vec<String> = section
        .lines()
        .filter(|l| unescaped_pipes(l) == 9)
        .map(|l| cells(l)[0].clone())
        .filter(|c| is_control_id(c))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "a control appears twice: {ids:?}");
    let with_findings: std::collections::BTreeSet<&str> = score["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["control"].as_str().unwrap())
        .collect();
    assert_eq!(unique.len(), with_findings.len());
    // The first page's summary of actions, critical first.
    let top = &md[md.find("## 対応が必要な主な事項").unwrap()..md.find("## 領域別スコア").unwrap()];
    assert!(top.contains("| 1 |") && top.contains("重大"));
    // The arithmetic: Σ weight × credit and Σ weight per area and overall, as scored.
    let o = &score["overall"];
    let overall_row = format!(
        "| **全体** | {} | {} | {} | {} | **{:.1}** |",
        o["applicable"],
        o["scored"],
        number(o["points"].as_f64().unwrap()),
        o["max_points"],
        o["score"].as_f64().unwrap()
    );
    assert!(md.contains(&overall_row), "no {overall_row}");
    for a in score["areas"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["applicable"].as_u64() > Some(0))
    {
        let row = format!(
            "| {} | {} | {} | {} | {} |",
            a["title"].as_str().unwrap(),
            a["applicable"],
            a["scored"],
            number(a["points"].as_f64().unwrap()),
            a["max_points"]
        );
        assert!(md.contains(&row), "no {row}");
    }
    assert!(md.contains(&format!(
        "Σ(重み×得点) {} ÷ Σ重み {}",
        number(o["points"].as_f64().unwrap()),
        o["max_points"]
    )));
    assert!(md.contains("「条件付き適合」と判定した"));
    assert!(md.contains("## 採点の重み") && md.contains("| カタログで指定 |"));
    // One chart style with a legend, in HTML and PDF.
    let html = render_text(&sample("typical"), "report", "html", &[]);
    assert!(html.contains("class=\"legend\"") && html.contains("80 以上"));
    let pdf = Pdf::parse(&render_pdf(&sample("typical"), "report", &[])).text();
    assert!(pdf.contains("60 以上 80 未満") && pdf.contains("60 未満"));
}

/// A number the way the documents print it (`454`, `90.5`).
fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

#[test]
fn report_provenance_is_complete() {
    let md = render_text(
        &sample("typical"),
        "report",
        "md",
        &["--profile", UNIVERSITY],
    );
    let evidence = sha256_hex(&std::fs::read(sample("typical")).unwrap());
    let profile = sha256_hex(&std::fs::read(UNIVERSITY).unwrap());
    assert!(md.contains(&format!("| エビデンスファイル SHA-256 | {evidence} |")));
    assert!(md.contains(&format!("| 要件プロファイル SHA-256 | {profile} |")));
    assert!(md.contains("| 文書ファイルの照合（--check-files） | 実施せず"));
    assert!(md.contains("| カタログ | sansho-3sho2 ") && md.contains("| ツール | sansho "));
    let text = std::fs::read_to_string(sample("typical")).unwrap();
    for line in text.lines().filter(|l| l.starts_with("sha256 = ")) {
        let sha = line.trim_start_matches("sha256 = ").trim_matches('"');
        assert!(md.contains(sha), "document sha256 {sha} missing");
    }
    // With --check-files the result is recorded, document by document.
    let checked = render_text(&sample("typical"), "report", "md", &["--check-files"]);
    let n = text.matches("[[documents]]").count();
    assert!(
        checked.contains(&format!(
            "| 文書ファイルの照合（--check-files） | 実施（文書 {n} 件: 一致 {n}）"
        )),
        "check-files"
    );
    assert_eq!(checked.matches("| 一致 |").count(), n);
}

#[test]
fn one_date_format_per_language() {
    for doc in DOCS {
        let ja = render_text(&sample("typical"), doc, "md", &[]);
        for (i, w) in ja.as_bytes().windows(10).enumerate() {
            let iso = w[..4].iter().all(u8::is_ascii_digit)
                && w[4] == b'-'
                && w[5..7].iter().all(u8::is_ascii_digit)
                && w[7] == b'-'
                && w[8..].iter().all(u8::is_ascii_digit);
            assert!(
                !iso,
                "{doc}: an ISO date in the Japanese document: {}",
                &ja[i.saturating_sub(20)..(i + 30).min(ja.len())]
            );
        }
        let en = render_text(&sample("typical"), doc, "md", &["--lang", "en"]);
        let as_of_en = "2026-12-01";
        assert!(en.contains(as_of_en), "{doc}: the English as-of date");
    }
}
