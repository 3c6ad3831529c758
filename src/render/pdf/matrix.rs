//! Tables wider than a page, such as a comparison's control matrix with one column per
//! vendor (up to 200 and more), split into parts of at most [`MAX_COLUMNS`] columns laid out
//! one after the other, each repeating the first (ID) column so every part reads on its own.
//! HTML keeps the one wide table; only the paged layout needs this.

use super::markdown::{Block, Inline, Table};

/// Tables with more columns than this are split; each part has the first column and at
/// most `MAX_COLUMNS - 1` others. At the smallest table font a status symbol needs about
/// 4 mm, so 25 symbol columns leave the ID column half of a landscape page.
pub(crate) const MAX_COLUMNS: usize = 26;

/// Splits every top-level table wider than [`MAX_COLUMNS`]; other blocks pass unchanged.
pub(crate) fn split_wide_tables(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        match b {
            Block::Table(t) if t.aligns.len() > MAX_COLUMNS => out.extend(split(&t)),
            other => out.push(other),
        }
    }
    out
}

/// The parts of one wide table, each preceded by a caption naming its first and last
/// column header and its place among the parts (`1-25 (1/8)`).
fn split(t: &Table) -> Vec<Block> {
    let per = MAX_COLUMNS - 1;
    let others = t.aligns.len() - 1;
    let parts = others.div_ceil(per);
    let cell = |row: &[Inline], j: usize| row.get(j).cloned().unwrap_or_default();
    let mut out = Vec::with_capacity(parts * 2);
    for p in 0..parts {
        let (from, to) = (1 + p * per, (1 + (p + 1) * per).min(others + 1));
        let pick = |row: &[Inline]| -> Vec<Inline> {
            std::iter::once(cell(row, 0))
                .chain((from..to).map(|j| cell(row, j)))
                .collect()
        };
        let caption = format!(
            "{}-{} ({}/{parts})",
            cell(&t.head, from).text.trim(),
            cell(&t.head, to - 1).text.trim(),
            p + 1
        );
        out.push(Block::Paragraph(Inline::plain(caption)));
        out.push(Block::Table(Table {
            aligns: std::iter::once(t.aligns[0])
                .chain(t.aligns[from..to].iter().copied())
                .collect(),
            head: pick(&t.head),
            rows: t.rows.iter().map(|r| pick(r)).collect(),
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::markdown::parse;

    fn table(cols: usize, rows: usize) -> String {
        let mut md = String::from("| ID |");
        for c in 1..cols {
            md.push_str(&format!(" {c} |"));
        }
        md.push_str("\n|:---|");
        md.push_str(&":---:|".repeat(cols - 1));
        md.push('\n');
        for r in 0..rows {
            md.push_str(&format!("| TEC-{r:02} |"));
            for c in 1..cols {
                md.push_str(if (r + c) % 2 == 0 { " ○ |" } else { " × |" });
            }
            md.push('\n');
        }
        md
    }

    fn tables(blocks: &[Block]) -> Vec<&Table> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_narrow_table_is_left_alone() {
        let blocks = parse(&table(MAX_COLUMNS, 3), &|s| s.to_string());
        assert_eq!(split_wide_tables(blocks.clone()), blocks);
    }

    #[test]
    fn a_wide_table_splits_with_the_id_column_repeated() {
        // 201 columns: the ID and 200 vendors.
        let blocks = split_wide_tables(parse(&table(201, 4), &|s| s.to_string()));
        let parts = tables(&blocks);
        assert_eq!(parts.len(), 8, "200 vendors in parts of 25");
        let mut seen = Vec::new();
        for t in &parts {
            assert!(t.aligns.len() <= MAX_COLUMNS);
            assert_eq!(t.head[0].text, "ID");
            assert_eq!(t.rows.len(), 4);
            assert_eq!(t.rows[2][0].text, "TEC-02");
            assert!(t.rows.iter().all(|r| r.len() == t.aligns.len()));
            seen.extend(t.head[1..].iter().map(|c| c.text.clone()));
        }
        let all: Vec<String> = (1..201).map(|c| c.to_string()).collect();
        assert_eq!(seen, all, "every column once, in order");
        // Cells stay in their columns: vendor 30 is in part 2, column 5.
        assert_eq!(parts[1].head[5].text, "30");
        assert_eq!(parts[1].rows[0][5].text, "○");
        assert_eq!(parts[1].rows[1][5].text, "×");
        match &blocks[0] {
            Block::Paragraph(p) => assert_eq!(p.text, "1-25 (1/8)"),
            other => panic!("caption expected, got {other:?}"),
        }
    }
}
