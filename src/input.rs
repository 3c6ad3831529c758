//! Reading input files safely: size limits, encodings and line/column positions.
//!
//! Vendors write evidence files in whatever editor they have; Windows tools and Excel still
//! produce Shift_JIS and UTF-16. We decode those (and say so in a warning) rather than reject
//! them, and we refuse empty, binary and oversize files with a clear message instead of
//! failing later in a confusing way.

use crate::diag::{Diagnostic, Label};
use crate::text;
use sha2::{Digest, Sha256};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Inputs larger than this are refused (evidence files are text; 10 MiB is generous).
pub const MAX_INPUT_BYTES: u64 = 10 * 1024 * 1024;

/// A decoded text file with what is needed to point at positions in it.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The name shown in messages (the path as the user gave it).
    pub name: String,
    /// The path on disk (empty for embedded sources).
    pub path: PathBuf,
    /// The decoded text, without BOM.
    pub text: String,
    /// Hex SHA-256 of the raw bytes as read, for provenance blocks.
    pub sha256: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Wraps text that is already in memory (embedded catalog files, tests).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let sha256 = hex(&Sha256::digest(text.as_bytes()));
        let line_starts = line_starts(&text);
        SourceFile {
            name: name.into(),
            path: PathBuf::new(),
            text,
            sha256,
            line_starts,
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count();
        (line + 1, col + 1)
    }

    /// A label for a byte span, with the line's text for the code frame.
    pub fn label(&self, span: Range<usize>) -> Label {
        let (line, column) = self.line_col(span.start);
        let start = self.line_starts[line - 1];
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let line_text = self.text[start..end].trim_end_matches('\r').to_string();
        let span_end = floor_char_boundary(&self.text, span.end.min(end).max(span.start));
        let span_start = floor_char_boundary(&self.text, span.start);
        let underline = self.text[span_start..span_end].chars().count().max(1);
        Label {
            file: self.name.clone(),
            line,
            column,
            line_text,
            underline,
        }
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Reads and decodes a text input. Warnings (e.g. "decoded from Shift_JIS") are returned
/// beside the file; a file that cannot be used gives one error diagnostic.
pub fn read_source(path: &Path) -> Result<(SourceFile, Vec<Diagnostic>), Diagnostic> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| io_diagnostic(&name, &e))?;
    if meta.is_dir() {
        return Err(Diagnostic::error(
            "E-INPUT-DIR",
            text!(
                ["{name} はフォルダです。ファイルを指定してください。"],
                ["{name} is a directory; give a file."]
            ),
        )
        .in_file(&name));
    }
    if meta.len() > MAX_INPUT_BYTES {
        let mib = meta.len() as f64 / 1024.0 / 1024.0;
        return Err(Diagnostic::error(
            "E-INPUT-TOO-LARGE",
            text!(
                ["ファイルが大きすぎます（{mib:.1} MiB、上限 10 MiB）。"],
                ["the file is too large ({mib:.1} MiB; the limit is 10 MiB)."]
            ),
        )
        .in_file(&name));
    }
    let bytes = std::fs::read(path).map_err(|e| io_diagnostic(&name, &e))?;
    let (text, warnings) = decode(&name, &bytes)?;
    let mut file = SourceFile::from_text(name, text);
    file.path = path.to_path_buf();
    file.sha256 = sha256_hex(&bytes);
    Ok((file, warnings))
}

/// A diagnostic for a failed read, in words a compliance officer understands.
pub fn io_diagnostic(name: &str, e: &std::io::Error) -> Diagnostic {
    let (ja, en) = match e.kind() {
        std::io::ErrorKind::NotFound => ("ファイルが見つかりません。", "file not found."),
        std::io::ErrorKind::PermissionDenied => {
            ("ファイルを読む権限がありません。", "permission denied.")
        }
        _ => ("ファイルを読めません。", "cannot read the file."),
    };
    Diagnostic::error(
        "E-INPUT-READ",
        text!(["{name}: {ja}（{e}）"], ["{name}: {en} ({e})"]),
    )
    .in_file(name)
}

/// Decodes bytes as UTF-8 (BOM optional), UTF-16 (BOM or NUL pattern) or Shift_JIS.
pub fn decode(name: &str, bytes: &[u8]) -> Result<(String, Vec<Diagnostic>), Diagnostic> {
    let mut warnings = Vec::new();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Diagnostic::error(
            "E-INPUT-EMPTY",
            text!(["ファイルが空です。"], ["the file is empty."]),
        )
        .in_file(name));
    }
    let decoded_note = |enc: &str| {
        Diagnostic::warning(
            "W-INPUT-ENCODING",
            text!(
                ["ファイルは {enc} で書かれていたため UTF-8 として読み替えました。UTF-8 で保存し直すことをお勧めします。"],
                ["the file was encoded in {enc} and has been decoded; please save it as UTF-8."]
            ),
        )
        .in_file(name)
    };
    let utf16 = if bytes.starts_with(&[0xFF, 0xFE]) {
        Some((encoding_rs::UTF_16LE, &bytes[2..]))
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some((encoding_rs::UTF_16BE, &bytes[2..]))
    } else if bytes.len() >= 4 && bytes.len().is_multiple_of(2) && looks_utf16(bytes, 1) {
        Some((encoding_rs::UTF_16LE, bytes))
    } else if bytes.len() >= 4 && bytes.len().is_multiple_of(2) && looks_utf16(bytes, 0) {
        Some((encoding_rs::UTF_16BE, bytes))
    } else {
        None
    };
    if let Some((enc, body)) = utf16 {
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors || text.contains('\0') {
            return Err(binary_error(name));
        }
        warnings.push(decoded_note("UTF-16"));
        return Ok((text.into_owned(), warnings));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if body.contains(&0) {
        return Err(binary_error(name));
    }
    if let Ok(s) = std::str::from_utf8(body) {
        return Ok((s.to_string(), warnings));
    }
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(body);
    if had_errors
        || text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(binary_error(name));
    }
    warnings.push(decoded_note("Shift_JIS"));
    Ok((text.into_owned(), warnings))
}

/// UTF-16 without BOM: ASCII text leaves a NUL in every other byte.
fn looks_utf16(bytes: &[u8], nul_at: usize) -> bool {
    let pairs = bytes.len() / 2;
    let nuls = bytes
        .chunks_exact(2)
        .filter(|p| p[nul_at] == 0 && p[1 - nul_at] != 0)
        .count();
    nuls * 10 >= pairs * 6
}

fn binary_error(name: &str) -> Diagnostic {
    Diagnostic::error(
        "E-INPUT-BINARY",
        text!(
            ["テキストファイルではありません（バイナリデータを含みます）。TOML または JSON のファイルを指定してください。"],
            ["not a text file (it contains binary data); give a TOML or JSON file."]
        ),
    )
    .in_file(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_bom() {
        let (t, w) = decode("x", b"\xEF\xBB\xBFa = 1\r\n").unwrap();
        assert_eq!(t, "a = 1\r\n");
        assert!(w.is_empty());
    }

    #[test]
    fn decodes_shift_jis_with_a_warning() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("name = \"株式会社サンプル\"\n");
        let (t, w) = decode("x", &bytes).unwrap();
        assert_eq!(t, "name = \"株式会社サンプル\"\n");
        assert_eq!(w[0].code, "W-INPUT-ENCODING");
        assert!(w[0].message.ja.contains("Shift_JIS"));
    }

    #[test]
    fn decodes_utf16_with_and_without_bom() {
        let s = "name = \"病院\"\n";
        let le: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend(&le);
        assert_eq!(decode("x", &with_bom).unwrap().0, s);
        assert_eq!(decode("x", &le).unwrap().0, s);
        let be: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode("x", &be).unwrap().0, s);
    }

    #[test]
    fn rejects_empty_and_binary() {
        assert_eq!(decode("x", b"  \n").unwrap_err().code, "E-INPUT-EMPTY");
        assert_eq!(
            decode("x", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
                .unwrap_err()
                .code,
            "E-INPUT-BINARY"
        );
    }

    #[test]
    fn line_and_column_count_characters() {
        let f = SourceFile::from_text("f", "a = 1\nname = \"日本\" x\n");
        let off = f.text.find('x').unwrap();
        assert_eq!(f.line_col(off), (2, 13));
        let l = f.label(off..off + 1);
        assert_eq!(l.line_text, "name = \"日本\" x");
    }
}
