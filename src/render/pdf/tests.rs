//! Tests of the whole engine: layout geometry, text extraction (lopdf),
//! determinism, subsetting and hostile input.

use std::sync::OnceLock;

use super::font::{FontMetrics, Sfnt};
use super::layout::{Geometry, Item};
use super::{layout_pages, markdown_to_pdf, render, PdfError, PdfOptions};

fn font_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/fonts/ipaexg.ttf"
        ))
        .expect("assets/fonts/ipaexg.ttf")
    })
}

fn parsed_font() -> Sfnt<'static> {
    Sfnt::parse(font_bytes()).expect("font parses")
}

fn opts(landscape: bool) -> PdfOptions<'static> {
    PdfOptions {
        title: "サービス仕様適合開示書".into(),
        author: "株式会社サンプル".into(),
        subject: Some("テスト".into()),
        header: "サービス仕様適合開示書 — サンプル電子カルテ".into(),
        footer: "sansho 0.1.0 ／ カタログ jp-medical-3sho 2026.11 ／ 評価基準日 2026-11-23 ／ sha256 9c1d4b7e2a06c5d8e1f0a3b6c9d2e5f8a1b4c7d0e3f6a9b2c5d8e1f4a7b007ab".into(),
        page_label: "{page} / {pages}".into(),
        font: font_bytes(),
        landscape,
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date"),
    }
}

/// A disclosure-like document with `rows` rows of Japanese text.
fn table_doc(rows: usize) -> String {
    let mut md = String::from("# サービス仕様適合開示書\n\n## 3. 技術的安全管理対策\n\n");
    md.push_str("| 項番 | 対策項目 | ガイドライン該当箇所 | 適合状況 | 実施内容 | 医療機関等に求める事項 |\n");
    md.push_str("|---|---|---|:---:|---|---|\n");
    let status = ["○", "△", "□", "×", "－"];
    for i in 0..rows {
        md.push_str(&format!(
            "| TEC-{i:03} | 利用者の識別及び認証（第{i}項） | クラウドGL 3.2.{} 運用編 14① | {} | 全利用者に一意の利用者IDを発行し、ログイン時にパスワードとワンタイムパスワードによる二要素認証を必須としている。共有アカウントは発行しない。{} | 利用者の登録・削除を申請書により当社へ依頼すること。 |\n",
            i % 9,
            status[i % 5],
            if i % 10 == 3 { "証跡 sha256 3f9a9c1d4b7e2a06c5d8e1f0a3b6c9d2e5f8a1b4c7d0e3f6a9b2c5d8e1f4a7b0" } else { "" },
        ));
    }
    md
}

fn layout(md: &str, o: &PdfOptions, font: &Sfnt) -> (Vec<Vec<Item>>, Geometry) {
    let fm = FontMetrics::new(font.clone()).expect("metrics");
    layout_pages(md, o, &fm)
}

/// Every text run lies inside the page's text area and crosses no table border.
fn assert_contained(pages: &[Vec<Item>], g: &Geometry, font: &Sfnt) {
    let fm = FontMetrics::new(font.clone()).expect("metrics");
    for (p, items) in pages.iter().enumerate() {
        let verticals: Vec<(f32, f32, f32)> = items
            .iter()
            .filter_map(|it| match it {
                Item::Line { x1, y1, x2, y2, .. } if (x1 - x2).abs() < 0.01 => {
                    Some((*x1, y1.min(*y2), y1.max(*y2)))
                }
                _ => None,
            })
            .collect();
        let bottom = g.page_h - 5.0 * super::layout::MM;
        for it in items {
            match it {
                Item::Rect { y, h, .. } => {
                    assert!(*y >= 0.0 && y + h <= bottom + 0.01, "page {p}: rect {it:?}")
                }
                Item::Line { y1, y2, .. } => {
                    assert!(
                        y1.min(*y2) >= 0.0 && y1.max(*y2) <= bottom,
                        "page {p}: {it:?}"
                    )
                }
                Item::Text { baseline, .. } => assert!(*baseline <= bottom, "page {p}: {it:?}"),
            }
            if let Item::Text {
                x,
                baseline,
                size,
                text,
                ..
            } = it
            {
                let w = fm.width(text, *size);
                assert!(
                    *x >= g.left - 0.5 && x + w <= g.right + 0.5,
                    "page {p}: {text:?} at x={x} w={w} leaves the text area"
                );
                assert!(*baseline > 0.0 && *baseline < g.page_h, "{text:?}");
                for (vx, top, bottom) in &verticals {
                    let crosses = *vx > x + 0.3 && *vx < x + w - 0.3;
                    let same_row = *baseline > *top && *baseline < *bottom;
                    assert!(
                        !(crosses && same_row),
                        "page {p}: {text:?} crosses a cell border at x={vx}"
                    );
                }
            }
        }
    }
}

#[test]
fn text_stays_inside_cells_and_page() {
    let font = parsed_font();
    let mut md = table_doc(40);
    md.push_str("\n| a | b | c | d | e | f | g | h | i | j | k | l |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    md.push_str(&format!(
        "| {} | https://example.jp/a/very/long/path/with/many/segments/index.html | TEC-01 | 説明文が長く続く場合の折り返し。 | x | y | z | ○ | 1 | 2 | 3 | 4 |\n",
        "a".repeat(500)
    ));
    md.push_str(&format!(
        "\n{}\n\n> {}\n\n```\n{}\n```\n",
        "b".repeat(700),
        "c".repeat(300),
        "d".repeat(400)
    ));
    for landscape in [false, true] {
        let (pages, g) = layout(&md, &opts(landscape), &font);
        assert!(pages.len() > 1);
        assert_contained(&pages, &g, &font);
    }
}

#[test]
fn hostile_shapes_stay_on_page() {
    let font = parsed_font();
    let huge = "とても長い見出し".repeat(400);
    let docs = [
        format!("| {huge} | b |\n|---|---|\n| x | ○ |\n| y | z |\n"),
        format!("## {huge}\n\n本文\n"),
        format!("# {huge}\n"),
        format!("```chart\n{huge} | 50\n短い | 20\n```\n"),
        format!("> {huge}\n>\n> | a | b |\n> |---|---|\n> | {huge} | c |\n"),
        format!("- {huge}\n  ```\n  {huge}\n  ```\n"),
    ];
    for md in &docs {
        for landscape in [false, true] {
            let (pages, g) = layout(md, &opts(landscape), &font);
            assert_contained(&pages, &g, &font);
        }
    }
}

#[test]
fn column_widths_keep_ids_whole() {
    let font = parsed_font();
    let (pages, _) = layout(&table_doc(5), &opts(false), &font);
    let ids: Vec<&str> = pages
        .iter()
        .flatten()
        .filter_map(|it| match it {
            Item::Text { text, .. } if text.starts_with("TEC") => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        ids,
        vec!["TEC-000", "TEC-001", "TEC-002", "TEC-003", "TEC-004"]
    );
}

/// The text of every page, pages separated by form feeds, read back with lopdf (a Rust
/// PDF reader, so the check runs on any machine).
fn extract_text(pdf: &[u8]) -> (String, usize) {
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = pages
        .iter()
        .map(|n| doc.extract_text(&[*n]).expect("text extracts"))
        .collect::<Vec<_>>()
        .join("\u{c}");
    (text + "\u{c}", pages.len())
}

#[test]
fn long_table_paginates_and_extracts() {
    let md = table_doc(150);
    let o = opts(true);
    let pdf = markdown_to_pdf(&md, &o).expect("render");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() < 300_000, "font not subset? {} bytes", pdf.len());
    let (text, npages) = extract_text(&pdf);
    assert!(npages >= 3, "expected several pages, got {npages}");
    assert!(text.contains("サービス仕様適合開示書"));
    assert!(text.contains("技術的安全管理対策"));
    for i in 0..150 {
        assert!(
            text.contains(&format!("TEC-{i:03}")),
            "row TEC-{i:03} missing"
        );
    }
    let squeezed: String = text
        .chars()
        .filter(|c| !c.is_whitespace() || *c == '\u{c}')
        .collect();
    for (p, page) in squeezed.split('\u{c}').take(npages).enumerate() {
        assert!(
            page.contains(&format!("{}/{}", p + 1, npages)),
            "page {} lacks its label",
            p + 1
        );
        assert!(
            page.contains("サンプル電子カルテ"),
            "page {} lacks the header",
            p + 1
        );
        assert!(
            page.contains("株式会社サンプル"),
            "page {} lacks the vendor",
            p + 1
        );
        // The header row is repeated on every page the table runs over.
        if p > 0 {
            assert!(
                page.contains("実施内容"),
                "page {} lacks the table header",
                p + 1
            );
        }
    }
    // Bold text is drawn once (fill + stroke), not twice.
    assert_eq!(text.matches("サービス仕様適合開示書").count(), 1 + npages);
}

#[test]
fn deterministic_output() {
    let md = table_doc(30) + "\n```chart\n技術 | 93.8\n物理 | -\n```\n";
    let o = opts(false);
    let a = markdown_to_pdf(&md, &o).expect("render");
    // Something else in between moves printpdf's internal id counter.
    let _ = markdown_to_pdf("# other", &o).expect("render");
    let b = markdown_to_pdf(&md, &o).expect("render");
    assert!(a == b, "two renders differ");
    let s = String::from_utf8_lossy(&a);
    assert!(s.contains("D:20261123000000"), "creation date not set");
}

#[test]
fn metadata_and_font_errors() {
    let o = opts(false);
    let pdf = markdown_to_pdf("本文", &o).expect("render");
    let s = String::from_utf8_lossy(&pdf);
    assert!(s.contains("/Title") && s.contains("/Author"));
    assert!(!s.contains("GTS_PDFXVersion"));
    let bad = PdfOptions {
        font: b"not a font",
        ..opts(false)
    };
    assert!(matches!(
        markdown_to_pdf("x", &bad),
        Err(PdfError::FontParse)
    ));
}

#[test]
fn hostile_input_does_not_panic() {
    let font = parsed_font();
    let o = opts(false);
    let nasty = [
        "",
        "<script>alert('x')</script>",
        "{{ x }} {% if %} {# c #}",
        "|",
        "||\n|-|\n||",
        "| a |\n|---|\n| b | c | d |",
        "```",
        "``` chart\nx | 101\ny | -5\nz | NaN\nw | inf\n| |\n```",
        "`````\n\n`",
        "\u{0}\u{1}\u{7}\u{1b}[31m\r\n\t\u{2028}\u{feff}",
        "😀👍🏽‍♀️ 𠮷野家 \u{FFFD} ﷽",
        "\n\n\n",
        "> > > > > > > > > > > > > > > > > > > > x",
        "- - - - - - - - - - - - - x",
        "1. a\n   1. b\n      1. c\n         1. d",
        "[a](javascript:alert(1)) ![img](x.png)",
        "***~~`x`~~***",
        "# \n## \n### \n####",
        "---\n***\n___",
        "<br><br/>",
        "[^1]\n\n[^1]: note",
    ];
    for md in nasty {
        render(md, &o, font.clone()).expect("renders");
    }
    let long_word = "あ".repeat(5000) + &"x".repeat(5000);
    render(&long_word, &o, font.clone()).expect("renders");
    let table = format!(
        "| {} | b |\n|---|---|\n| {} | ○ |\n",
        "y".repeat(5000),
        "z".repeat(5000)
    );
    render(&table, &o, font.clone()).expect("renders");
    render(&">".repeat(3000), &o, font.clone()).expect("renders");
    render(&"- ".repeat(3000), &o, font.clone()).expect("renders");
    // Random strings over a Markdown-heavy alphabet.
    let alphabet: Vec<char> = "|-*_`>#[]()!~:\n \t<>{}&;あ漢。「」ー○×aZ9\\\u{0}😀"
        .chars()
        .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..60 {
        let len = (seed % 400) as usize + round;
        let s: String = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                alphabet[(seed % alphabet.len() as u64) as usize]
            })
            .collect();
        let pdf = render(&s, &o, font.clone()).unwrap_or_else(|e| panic!("{e} for {s:?}"));
        assert!(pdf.starts_with(b"%PDF-"));
    }
}

#[test]
fn missing_glyphs_become_question_marks() {
    let font = parsed_font();
    let fm = FontMetrics::new(font.clone()).expect("metrics");
    assert_eq!(
        fm.sanitize("ア😀イ\u{200B}ウ\u{1}\tエ\u{FE0F}"),
        "ア?イウ? エ"
    );
    assert_eq!(
        fm.sanitize("第6.0版（厚生労働省）○△□×－①"),
        "第6.0版（厚生労働省）○△□×－①"
    );
    let blocks = super::markdown::parse("絵文字😀と`💥`", &|s: &str| fm.sanitize(s));
    let super::markdown::Block::Paragraph(p) = &blocks[0] else {
        panic!("{blocks:?}")
    };
    assert_eq!(p.text, "絵文字?と?");
}

#[test]
fn long_header_and_footer_fit() {
    let font = parsed_font();
    let o = PdfOptions {
        header: "とても長いヘッダー".repeat(40),
        author: "株式会社".repeat(30),
        footer: "来歴 sha256 9c1d4b7e2a06c5d8e1f0a3b6c9d2e5f8 ".repeat(20),
        page_label: "{page} / {pages}".into(),
        ..opts(false)
    };
    let pdf = render("本文", &o, font.clone()).expect("renders");
    assert!(pdf.starts_with(b"%PDF-"));
    let (pages, g) = layout(&table_doc(60), &o, &font);
    assert_contained(&pages, &g, &font);
}

/// The x positions of the vertical rules of the first table row on `page`.
fn column_rules(items: &[Item]) -> Vec<f32> {
    let mut xs: Vec<f32> = items
        .iter()
        .filter_map(|it| match it {
            Item::Line { x1, x2, .. } if (x1 - x2).abs() < 0.01 => Some((x1 * 10.0).round() / 10.0),
            _ => None,
        })
        .collect();
    xs.sort_by(f32::total_cmp);
    xs.dedup();
    xs
}

#[test]
fn a_table_directive_fixes_column_widths_and_sizes() {
    let font = parsed_font();
    let dir = "<!-- sansho:table widths=10,30,60 small=2 -->\n\n";
    let a = format!(
        "{dir}| ID | 参照 | 内容 |\n|---|---|---|\n| TEC-01 | 安全管理GL 6.0 S14⑤ | 短い |\n"
    );
    let b = format!(
        "{dir}| ID | 参照 | 内容 |\n|---|---|---|\n| X | y | {} |\n",
        "とても長い説明文".repeat(30)
    );
    let (pa, g) = layout(&a, &opts(true), &font);
    let (pb, _) = layout(&b, &opts(true), &font);
    assert_eq!(
        column_rules(&pa[0]),
        column_rules(&pb[0]),
        "same widths whatever the content"
    );
    let rules = column_rules(&pa[0]);
    let w = g.right - g.left;
    assert!((rules[1] - rules[0] - w * 0.1).abs() < 0.5, "{rules:?}");
    // The citation column is set smaller than the others.
    let size_of = |needle: &str| {
        pa[0].iter().find_map(|it| match it {
            Item::Text { text, size, .. } if text.contains(needle) => Some(*size),
            _ => None,
        })
    };
    assert!(size_of("安全管理GL").unwrap() < size_of("短い").unwrap());
    // Without the directive, the widths follow the content.
    let c = "| ID | 参照 | 内容 |\n|---|---|---|\n| TEC-01 | 安全管理GL 6.0 S14⑤ | 短い |\n";
    let (pc, _) = layout(c, &opts(true), &font);
    assert_ne!(column_rules(&pc[0]), rules);
}

#[test]
fn a_row_continued_on_the_next_page_repeats_its_id() {
    let font = parsed_font();
    let md = format!(
        "| 項番 | 内容 |\n|---|---|\n| ORG-02 | {} |\n",
        "長い実施内容の文章が続きます。".repeat(400)
    );
    let (pages, _) = layout(&md, &opts(false), &font);
    assert!(pages.len() >= 2, "{} pages", pages.len());
    for (p, items) in pages.iter().enumerate() {
        let ids = items
            .iter()
            .filter(|it| matches!(it, Item::Text { text, .. } if text == "ORG-02"))
            .count();
        assert_eq!(ids, 1, "page {} shows the row's ID {ids} time(s)", p + 1);
    }
}

#[test]
fn a_heading_keeps_with_two_rows_and_a_short_tail_with_the_table() {
    let font = parsed_font();
    let filler = "本文の段落。".repeat(60);
    // Enough text to leave a little room at the bottom of page 1, then a heading and a table.
    let mut md = String::new();
    for _ in 0..7 {
        md.push_str(&format!("{filler}\n\n"));
    }
    md.push_str("## 見出し\n\n| a | b |\n|---|---|\n");
    for i in 0..4 {
        md.push_str(&format!("| 行{i} | {} |\n", "セルの文章".repeat(20)));
    }
    let (pages, _) = layout(&md, &opts(false), &font);
    let page_of = |needle: &str| {
        pages
            .iter()
            .position(|items| {
                items
                    .iter()
                    .any(|it| matches!(it, Item::Text { text, .. } if text.contains(needle)))
            })
            .unwrap()
    };
    assert_eq!(page_of("見出し"), page_of("行0"), "the heading left alone");
    assert_eq!(
        page_of("見出し"),
        page_of("行1"),
        "the heading kept with one row only"
    );

    // A long table followed by a one-line note: the note never sits alone on a page.
    for rows in 20..60 {
        let mut md = String::from("| a | b |\n|---|---|\n");
        for i in 0..rows {
            md.push_str(&format!("| 行{i} | {} |\n", "セル".repeat(10)));
        }
        md.push_str("\n---\n\n末尾の注記\n");
        let (pages, g) = layout(&md, &opts(false), &font);
        let last = pages.last().unwrap();
        let body_texts = last
            .iter()
            .filter(|it| matches!(it, Item::Text { baseline, .. } if *baseline > g.body_top && *baseline < g.body_bottom))
            .count();
        assert!(
            pages.len() == 1 || body_texts > 2,
            "{rows} rows: the last page holds only the note"
        );
    }
}

#[test]
fn fill_marks_are_highlighted() {
    let font = parsed_font();
    let (pages, _) = layout("甲の名称: 【要記入】\n", &opts(false), &font);
    let mark = pages[0]
        .iter()
        .position(|it| matches!(it, Item::Text { text, .. } if text == "【要記入】"))
        .expect("the mark is a run of its own");
    assert!(
        pages[0][..mark]
            .iter()
            .any(|it| matches!(it, Item::Rect { color, .. } if color.0 > 0.9 && color.2 < 0.7)),
        "a highlight is drawn behind it"
    );
}

#[test]
fn glyph_cache_agrees_with_the_font_and_printpdf() {
    let font = parsed_font();
    let fm = FontMetrics::new(font.clone()).expect("metrics");
    let mut warnings = Vec::new();
    let reference =
        printpdf::ParsedFont::from_bytes(font_bytes(), 0, &mut warnings).expect("font parses");
    let upem = f32::from(font.upem);
    let chars = ('\u{20}'..='\u{7e}')
        .chain('\u{3000}'..='\u{30ff}')
        .chain(('\u{4e00}'..='\u{9fff}').step_by(7))
        .chain('\u{ff00}'..='\u{ffef}')
        .chain([
            '\u{1f600}',
            '\u{20bb7}',
            '\u{e000}',
            '\u{fffd}',
            '\u{10ffff}',
        ]);
    let mut found = 0;
    for c in chars {
        // Twice: the second answer comes from the cache.
        for _ in 0..2 {
            let expected = reference
                .lookup_glyph_index(c as u32)
                .filter(|&g| g != 0)
                .map(|g| (g, f32::from(reference.get_horizontal_advance(g)) / upem));
            assert_eq!(fm.glyph(c), expected, "{c:?}");
        }
        found += usize::from(fm.glyph(c).is_some());
    }
    assert!(found > 1500, "only {found} characters found");
    assert_eq!(fm.glyph('😀'), None);
    let m = &reference.font_metrics;
    assert_eq!(
        (fm.ascent, fm.descent),
        (m.ascent / upem, m.descent.abs() / upem)
    );
}

#[test]
fn subset_keeps_outlines_and_advances_and_drops_hinting() {
    let font = parsed_font();
    let fm = FontMetrics::new(font.clone()).expect("metrics");
    let used: Vec<u16> = "本文、テスト。ABC 123"
        .chars()
        .filter_map(|c| fm.glyph(c).map(|g| g.0))
        .collect();
    let sub = super::subset::subset(&font, &used).expect("TrueType subsets");
    let small = Sfnt::parse(&sub.bytes).expect("the subset parses");
    assert_eq!(usize::from(small.num_glyphs), sub.old_id.len());
    assert_eq!(sub.old_id[0], 0);
    assert!(sub.old_id.len() < 30, "{} glyphs", sub.old_id.len());
    let glyph = |f: &Sfnt, gid: u16| -> Vec<u8> {
        let (loca, glyf, head) = (
            f.table(b"loca").unwrap(),
            f.table(b"glyf").unwrap(),
            f.table(b"head").unwrap(),
        );
        let at = |i: usize| {
            if super::font::be16(head, 50) != 0 {
                super::font::be32(loca, 4 * i) as usize
            } else {
                2 * usize::from(super::font::be16(loca, 2 * i))
            }
        };
        glyf[at(usize::from(gid))..at(usize::from(gid) + 1)].to_vec()
    };
    for &g in &used {
        let n = sub.new_id[usize::from(g)];
        assert!(n != 0 && sub.old_id[usize::from(n)] == g);
        assert_eq!(small.advance(n), font.advance(g));
        assert_eq!(small.lsb(n), font.lsb(g));
        let (old, new) = (glyph(&font, g), glyph(&small, n));
        if old.is_empty() {
            // The space: no outline in either.
            assert!(new.is_empty());
            continue;
        }
        let contours = super::font::be16(&old, 0) as i16;
        assert!(contours > 0, "simple glyph expected");
        let ins = 10 + 2 * contours as usize;
        let ins_len = usize::from(super::font::be16(&old, ins));
        // Same header and contour ends, no instructions, same points.
        assert_eq!(new[..ins], old[..ins]);
        assert_eq!(super::font::be16(&new, ins), 0);
        let rest = &old[ins + 2 + ins_len..];
        assert_eq!(&new[ins + 2..ins + 2 + rest.len()], rest);
    }
    for t in [b"fpgm", b"prep", b"cvt "] {
        assert!(small.table(t).is_none());
    }
    // Nothing used: only .notdef.
    let empty = super::subset::subset(&font, &[]).expect("subsets");
    assert_eq!(empty.old_id, vec![0]);
}

#[test]
fn content_numbers_are_short_and_exact() {
    let mut out = Vec::new();
    for (v, places) in [
        (12.0, 2),
        (12.5, 2),
        (-0.25, 2),
        (0.004, 2),
        (595.2757, 2),
        (0.875, 3),
        (1.0, 3),
        (-3.0, 2),
    ] {
        super::draw::decimal(&mut out, v, places);
        out.push(b' ');
    }
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "12 12.5 -0.25 0 595.28 0.875 1 -3 "
    );
}

#[test]
fn written_pdf_has_embedded_subset_and_unicode_map() {
    let o = opts(true);
    let pdf = markdown_to_pdf(&table_doc(3), &o).expect("render");
    let doc = lopdf::Document::load_mem(&pdf).expect("parses");
    let page = *doc.get_pages().values().next().expect("a page");
    let fonts = doc.get_page_fonts(page).expect("fonts");
    let (_, font) = fonts.iter().next().expect("one font");
    let base = font
        .get(b"BaseFont")
        .and_then(lopdf::Object::as_name)
        .expect("name");
    let base = String::from_utf8_lossy(base);
    assert!(
        base.ends_with("+IPAexGothic") && base.len() == 6 + 1 + 11,
        "{base}"
    );
    assert!(font.get(b"ToUnicode").is_ok());
    let s = String::from_utf8_lossy(&pdf);
    assert!(s.contains("/FontFile2 7 0 R") && s.contains("/Length1 "));
}
