//! Tables with one column per entity, such as a comparison's control matrix and SLA table
//! with one column per vendor (up to 200 and more), split into parts that fit the page, laid
//! out one after the other, each repeating the first (ID) column so every part reads on its
//! own. A table is such a matrix when its columns after the first are headed 1, 2, 3, …
//! (no other document has one); HTML keeps the one wide table, only the paged layout splits.

use super::markdown::{Block, Inline, Table};
use unicode_width::UnicodeWidthStr;

/// Most entity columns in one part: at the smallest table font a status symbol needs about
/// 4 mm, so 25 leave the ID column about half of a landscape page.
pub(crate) const MAX_COLUMNS: usize = 25;
/// Fewest entity columns in one part, however wide their cells.
const MIN_COLUMNS: usize = 3;
/// The width, in points, of one display column (half a full-width character) at the table
/// size the parts aim for (about 7 pt).
const UNIT: f32 = 3.5;
/// Display columns of padding and border per table column.
const PAD_UNITS: usize = 4;
/// The ID column is not planned wider than this many display columns (it wraps instead).
const FIRST_UNITS: usize = 40;
/// Nor an entity column wider than this: a long value (a data location with remarks) wraps
/// rather than pushing its neighbours to another part.
const CELL_UNITS: usize = 14;

/// Splits every top-level entity matrix too wide for `width` points; other blocks pass
/// unchanged.
pub(crate) fn split_wide_tables(blocks: Vec<Block>, width: f32) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        match b {
            Block::Table(t) if is_matrix(&t) => {
                let per = per_part(&t, width);
                if per < t.aligns.len() - 1 {
                    out.extend(split(&t, per));
                } else {
                    out.push(Block::Table(t));
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether the columns after the first are headed 1, 2, 3, … (one per entity).
fn is_matrix(t: &Table) -> bool {
    t.head.len() >= 2
        && t.head.len() == t.aligns.len()
        && t.head[1..]
            .iter()
            .enumerate()
            .all(|(i, c)| c.text.trim() == (i + 1).to_string())
}

/// How many entity columns fit beside the ID column on `width` points.
fn per_part(t: &Table, width: f32) -> usize {
    let col_width = |j: usize| {
        std::iter::once(&t.head)
            .chain(&t.rows)
            .filter_map(|r| r.get(j))
            .map(|c| c.text.width())
            .max()
            .unwrap_or(1)
    };
    let first = col_width(0).min(FIRST_UNITS) + PAD_UNITS;
    let widest = (1..t.aligns.len())
        .map(col_width)
        .max()
        .unwrap_or(1)
        .clamp(2, CELL_UNITS)
        + PAD_UNITS;
    let budget = (width / UNIT) as usize;
    (budget.saturating_sub(first) / widest).clamp(MIN_COLUMNS, MAX_COLUMNS)
}

/// The parts of one wide table, each preceded by a caption naming its first and last
/// column header and its place among the parts (`1-25 (1/8)`).
fn split(t: &Table, per: usize) -> Vec<Block> {
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

    /// A4 landscape text width in points.
    const LANDSCAPE: f32 = 267.0 * 72.0 / 25.4;

    #[test]
    fn a_narrow_table_is_left_alone() {
        let blocks = parse(&table(MAX_COLUMNS + 1, 3), &|s| s.to_string());
        assert_eq!(split_wide_tables(blocks.clone(), LANDSCAPE), blocks);
    }

    #[test]
    fn only_tables_with_numbered_columns_split() {
        let md = table(60, 2).replacen("| 1 |", "| vendor |", 1);
        let blocks = parse(&md, &|s| s.to_string());
        assert_eq!(split_wide_tables(blocks.clone(), LANDSCAPE), blocks);
    }

    #[test]
    fn wide_cells_make_narrower_parts() {
        let md = table(61, 2).replace(" ○ |", " × 7年（2555日） |");
        let blocks = split_wide_tables(parse(&md, &|s| s.to_string()), LANDSCAPE);
        let parts = tables(&blocks);
        assert!(parts.len() > 3, "{} parts", parts.len());
        assert!(parts.iter().all(|t| t.aligns.len() > MIN_COLUMNS));
    }

    #[test]
    fn a_wide_table_splits_with_the_id_column_repeated() {
        // 201 columns: the ID and 200 vendors.
        let blocks = split_wide_tables(parse(&table(201, 4), &|s| s.to_string()), LANDSCAPE);
        let parts = tables(&blocks);
        assert_eq!(parts.len(), 8, "200 vendors in parts of 25");
        let mut seen = Vec::new();
        for t in &parts {
            assert!(t.aligns.len() <= MAX_COLUMNS + 1);
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
