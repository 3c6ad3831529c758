//! The one CSV writer behind every CSV sansho prints (`controls list --format csv`,
//! `compare --format csv`, …).
//!
//! Hospitals open these files in Excel, and vendor text ends up in the cells, so three rules
//! hold for every cell of every file:
//! - **No formulas.** A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
//!   would be evaluated by a spreadsheet (`=HYPERLINK(…)`); it is prefixed with `'`, as OWASP
//!   recommends, so it shows as the text it is.
//! - **RFC 4180 quoting.** Cells with a comma, a quote or a line break are quoted, quotes
//!   doubled; records end in CRLF.
//! - **A UTF-8 BOM** starts the file by default, because Japanese Excel reads BOM-less UTF-8
//!   as Shift_JIS and garbles it; `--no-bom` leaves it out for tools that dislike it.

/// The UTF-8 byte order mark, as Excel expects it at the start of a CSV file.
pub const BOM: &str = "\u{feff}";

/// One cell made inert and quoted as needed.
pub fn cell(s: &str) -> String {
    let neutral = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// A whole CSV file: the header, then the rows, each cell through [`cell`], CRLF after every
/// record, a BOM first when `bom`.
pub fn write<R, C>(header: &[&str], rows: R, bom: bool) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut out = String::new();
    if bom {
        out.push_str(BOM);
    }
    out.push_str(&record(header.iter().copied()));
    for row in rows {
        out.push_str(&record(row));
    }
    out
}

/// One record: each cell through [`cell`], joined by commas, ended by CRLF — for output
/// written a record at a time (`score --batch`); [`write`] is made of these.
pub fn record<C>(cells: C) -> String
where
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let line: Vec<String> = cells.into_iter().map(|c| cell(c.as_ref())).collect();
    let mut out = line.join(",");
    out.push_str("\r\n");
    out
}

/// Reads CSV text back into cells (RFC 4180; a leading BOM is skipped): the inverse of
/// [`write`], so that tests — and a hospital's own scripts — see exactly the cells a
/// spreadsheet gets, quoted commas, doubled quotes and line breaks included.
pub fn read(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_cells_read_back() {
        let hostile = [
            "=HYPERLINK(\"http://evil.example\",\"click\")",
            "+1+2",
            "-3",
            "@SUM(A1)",
            "\tx",
            "\ry",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "株式会社サンプル",
            "",
        ];
        let text = write(&["h1", "=h2"], [hostile.to_vec()], true);
        assert!(text.starts_with(BOM));
        assert!(text.ends_with("\r\n"));
        let rows = read(&text);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], ["h1", "'=h2"]);
        let want: Vec<String> = [
            "'=HYPERLINK(\"http://evil.example\",\"click\")",
            "'+1+2",
            "'-3",
            "'@SUM(A1)",
            "'\tx",
            "'\ry",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "株式会社サンプル",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(rows[1], want);
        for c in &rows[1] {
            assert!(!c.starts_with(['=', '+', '-', '@', '\t', '\r']), "{c:?}");
        }
        assert!(!write(&["a"], Vec::<Vec<&str>>::new(), false).starts_with(BOM));
    }
}
