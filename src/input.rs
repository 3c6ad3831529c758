//! Reading input files safely: size limits, encodings and line/column positions.
//!
//! Vendors write evidence files in whatever editor they have; Windows tools and Excel still
//! produce Shift_JIS and UTF-16. We decode those (and say so in a warning) rather than reject
//! them, and we refuse empty, binary and oversize files with a clear message instead of
//! failing later in a confusing way.

use crate::diag::{Diagnostic, Label};
use crate::text;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

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
    /// Where lines start, found at the first position asked for: most loads point at
    /// nothing, and a 100 KB file has thousands of lines.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// Wraps text that is already in memory (embedded catalog files, tests).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let sha256 = hex(&Sha256::digest(text.as_bytes()));
        SourceFile::new(name.into(), text, sha256)
    }

    /// A file whose hash is already known (of the raw bytes, which may differ from the text).
    fn new(name: String, text: String, sha256: String) -> Self {
        SourceFile {
            name,
            path: PathBuf::new(),
            text,
            sha256,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| line_starts(&self.text))
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = starts[line];
        let col = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count();
        (line + 1, col + 1)
    }

    /// A label for a byte span, with the line's text for the code frame.
    pub fn label(&self, span: Range<usize>) -> Label {
        let (line, column) = self.line_col(span.start);
        let start = self.line_starts()[line - 1];
        let end = self.text[start..]
            .find(['\n', '\r'])
            .map_or(self.text.len(), |i| start + i);
        let line_text = self.text[start..end].to_string();
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

/// Where lines start: after every LF, and after every CR not followed by LF (a file with
/// classic Mac line breaks still has lines, and a stray CR does not make a line invisible).
fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    std::iter::once(0)
        .chain(
            memchr::memchr2_iter(b'\n', b'\r', b)
                .filter(|&i| b[i] == b'\n' || b.get(i + 1) != Some(&b'\n'))
                .map(|i| i + 1),
        )
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
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The path that means standard input (and, for outputs, standard output), as Unix tools do.
pub const STDIO: &str = "-";

/// The name standard input goes by in messages and provenance.
pub const STDIN_NAME: &str = "<stdin>";

/// True for `-`.
pub fn is_stdio(path: &Path) -> bool {
    path.as_os_str() == STDIO
}

/// Set once standard input has been read: a second `-` would silently read nothing.
static STDIN_TAKEN: AtomicBool = AtomicBool::new(false);

/// Why [`read_bounded`] gave no bytes.
#[derive(Debug)]
pub enum ReadError {
    /// Opening or reading failed.
    Io(std::io::Error),
    /// More than the limit; the size when the file system knows it (not for pipes).
    TooLarge(Option<u64>),
    /// The path is a folder.
    Dir,
    /// `-` was given for a second input.
    StdinTwice,
}

/// Reads a file, or standard input for `-`, but never more than `limit` bytes: the reader is
/// bounded (`take(limit + 1)`), so `/dev/zero`, a FIFO or an endless pipe stop at the limit
/// instead of filling memory, whatever the file's metadata claims.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    let known_len = if is_stdio(path) {
        if STDIN_TAKEN.swap(true, Ordering::SeqCst) {
            return Err(ReadError::StdinTwice);
        }
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(ReadError::Io)?;
        None
    } else {
        let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
        if meta.is_dir() {
            return Err(ReadError::Dir);
        }
        let file = std::fs::File::open(path).map_err(ReadError::Io)?;
        // Metadata is only a hint for the buffer (it is 0 for devices and pipes).
        buf.reserve(meta.len().min(limit + 1) as usize);
        file.take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(ReadError::Io)?;
        meta.is_file().then_some(meta.len())
    };
    if buf.len() as u64 > limit {
        return Err(ReadError::TooLarge(known_len.filter(|n| *n > limit)));
    }
    Ok(buf)
}

/// The name of an input in messages: the path as given, `<stdin>` for `-`.
pub fn display_name(path: &Path) -> String {
    if is_stdio(path) {
        STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads and decodes a text input (`-` is standard input). Warnings (e.g. "decoded from
/// Shift_JIS") are returned beside the file; a file that cannot be used gives one error
/// diagnostic.
pub fn read_source(path: &Path) -> Result<(SourceFile, Vec<Diagnostic>), Diagnostic> {
    let name = display_name(path);
    let bytes = read_bounded(path, MAX_INPUT_BYTES).map_err(|e| read_error(&name, e))?;
    let sha256 = sha256_hex(&bytes);
    let (text, warnings) = decode_owned(&name, bytes)?;
    let mut file = SourceFile::new(name, text, sha256);
    if !is_stdio(path) {
        file.path = path.to_path_buf();
    }
    Ok((file, warnings))
}

/// The diagnostic for a [`ReadError`] of the input called `name`.
pub fn read_error(name: &str, e: ReadError) -> Diagnostic {
    match e {
        ReadError::Io(e) => io_diagnostic(name, &e),
        ReadError::Dir => Diagnostic::error(
            "E-INPUT-DIR",
            text!(
                ["{name} はフォルダです。ファイルを指定してください。"],
                ["{name} is a directory; give a file."]
            ),
        )
        .in_file(name),
        ReadError::TooLarge(size) => {
            let limit = MAX_INPUT_BYTES / 1024 / 1024;
            let msg = match size {
                Some(n) => {
                    let mib = n as f64 / 1024.0 / 1024.0;
                    text!(
                        ["ファイルが大きすぎます（{mib:.1} MiB、上限 {limit} MiB）。"],
                        ["the file is too large ({mib:.1} MiB; the limit is {limit} MiB)."]
                    )
                }
                None => text!(
                    ["入力が大きすぎます（上限 {limit} MiB を超えたところで読むのをやめました）。"],
                    ["the input is too large (reading stopped past the limit of {limit} MiB)."]
                ),
            };
            Diagnostic::error("E-INPUT-TOO-LARGE", msg).in_file(name)
        }
        ReadError::StdinTwice => Diagnostic::error(
            "E-INPUT-READ",
            text!(
                ["標準入力（-）は 1 つの入力にしか使えません。ほかの入力はファイル名で指定してください。"],
                ["standard input (-) can be used for one input only; name the other inputs by path."]
            ),
        )
        .in_file(name),
    }
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

/// Like [`decode`], for bytes the caller hands over: the common file (UTF-8, BOM optional,
/// no NUL) becomes its text without a copy of its bytes, and anything else is [`decode`]d.
pub fn decode_owned(name: &str, bytes: Vec<u8>) -> Result<(String, Vec<Diagnostic>), Diagnostic> {
    const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
    let plain = !bytes.starts_with(&[0xFF, 0xFE])
        && !bytes.starts_with(&[0xFE, 0xFF])
        && !bytes.iter().all(|b| b.is_ascii_whitespace())
        && memchr::memchr(0, &bytes).is_none();
    if !plain {
        return decode(name, &bytes);
    }
    let mut bytes = bytes;
    let bom = bytes.starts_with(&BOM);
    if bom {
        bytes.drain(..BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let mut warnings = Vec::new();
            Ok((normalize_bare_cr(name, text, &mut warnings), warnings))
        }
        Err(e) => {
            let mut bytes = e.into_bytes();
            if bom {
                bytes.splice(0..0, BOM);
            }
            decode(name, &bytes)
        }
    }
}

/// Decodes bytes as UTF-8 (BOM optional), UTF-16 (BOM or NUL pattern) or Shift_JIS, and
/// reads bare-CR line breaks as LF. What is refused says where: the line and column of the
/// first NUL or of the first byte that is not UTF-8.
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
    // Without a NUL byte the text is neither UTF-16 without BOM nor binary: one fast scan
    // spares the two pair-counting passes of `looks_utf16` and the NUL search below.
    let has_nul = memchr::memchr(0, bytes).is_some();
    let utf16 = if bytes.starts_with(&[0xFF, 0xFE]) {
        Some((encoding_rs::UTF_16LE, &bytes[2..]))
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some((encoding_rs::UTF_16BE, &bytes[2..]))
    } else if has_nul && bytes.len() >= 4 && bytes.len().is_multiple_of(2) && looks_utf16(bytes, 1)
    {
        Some((encoding_rs::UTF_16LE, bytes))
    } else if has_nul && bytes.len() >= 4 && bytes.len().is_multiple_of(2) && looks_utf16(bytes, 0)
    {
        Some((encoding_rs::UTF_16BE, bytes))
    } else {
        None
    };
    let text = if let Some((enc, body)) = utf16 {
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if let Some(i) = text.find('\0') {
            return Err(binary_error(name, Some(locate_in_text(name, &text, i))));
        }
        if had_errors {
            return Err(binary_error(name, None));
        }
        warnings.push(decoded_note(if enc == encoding_rs::UTF_16BE {
            "UTF-16BE"
        } else {
            "UTF-16LE"
        }));
        text.into_owned()
    } else {
        let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        if let Some(i) = has_nul.then(|| memchr::memchr(0, body)).flatten() {
            return Err(binary_error(name, Some(locate_in_bytes(name, body, i))));
        }
        match std::str::from_utf8(body) {
            Ok(s) => s.to_string(),
            Err(e) => {
                let bad = e.valid_up_to();
                // Text that is UTF-8 up to the bad byte (it already has multi-byte
                // characters) is a damaged UTF-8 file, not Shift_JIS.
                let utf8_so_far = !body[..bad].is_ascii();
                let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(body);
                if utf8_so_far || had_errors {
                    return Err(utf8_error(locate_in_bytes(name, body, bad)));
                }
                if let Some((i, _)) = text
                    .char_indices()
                    .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
                {
                    return Err(binary_error(name, Some(locate_in_text(name, &text, i))));
                }
                warnings.push(decoded_note("Shift_JIS"));
                text.into_owned()
            }
        }
    };
    Ok((normalize_bare_cr(name, text, &mut warnings), warnings))
}

/// Bare CRs (classic Mac line breaks) become LF, with one warning; CRLF is left alone.
fn normalize_bare_cr(name: &str, text: String, warnings: &mut Vec<Diagnostic>) -> String {
    let b = text.as_bytes();
    let bare = memchr::memchr_iter(b'\r', b)
        .filter(|&i| b.get(i + 1) != Some(&b'\n'))
        .count();
    if bare == 0 {
        return text;
    }
    warnings.push(
        Diagnostic::warning(
            "W-INPUT-LINE-ENDINGS",
            text!(
                ["改行が CR だけの行が {bare} か所あったため、LF の改行として読みました。"],
                ["{bare} bare CR line break(s) were read as LF."]
            ),
        )
        .in_file(name),
    );
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// A label at byte `i` of raw bytes that may not all be UTF-8 (bad bytes show as U+FFFD).
fn locate_in_bytes(name: &str, bytes: &[u8], i: usize) -> Label {
    let before = String::from_utf8_lossy(&bytes[..i]);
    let offset = before.len();
    let text = before.into_owned() + &String::from_utf8_lossy(&bytes[i..]);
    locate_in_text(name, &text, offset)
}

fn locate_in_text(name: &str, text: &str, offset: usize) -> Label {
    SourceFile::from_text(name, text).label(offset..offset + 1)
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

fn binary_error(name: &str, at: Option<Label>) -> Diagnostic {
    let d = Diagnostic::error(
        "E-INPUT-BINARY",
        text!(
            ["テキストファイルではありません（NUL などのバイナリデータを含みます）。TOML または JSON のファイルを指定してください。"],
            ["not a text file (it contains NUL or other binary data); give a TOML or JSON file."]
        ),
    )
    .in_file(name);
    match at {
        Some(l) => d.at(Some(l)),
        None => d,
    }
}

fn utf8_error(at: Label) -> Diagnostic {
    let (line, column) = (at.line, at.column);
    Diagnostic::error(
        "E-INPUT-UTF8",
        text!(
            ["{line} 行 {column} 列目に UTF-8 として正しくないバイトがあります。"],
            ["the byte at line {line}, column {column} is not valid UTF-8."]
        ),
    )
    .at(Some(at))
    .with_help(text!(
        ["その文字を入力し直し、ファイルを UTF-8 で保存してください。"],
        ["retype that character and save the file as UTF-8."]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_owned_bytes_gives_what_decode_gives() {
        let sjis = encoding_rs::SHIFT_JIS
            .encode("名前 = \"病院\"\n")
            .0
            .into_owned();
        let cases: Vec<Vec<u8>> = vec![
            b"a = 1\n".to_vec(),
            b"\xEF\xBB\xBFa = 1\r\n".to_vec(),
            b"a = 1\rb = 2\r".to_vec(),
            "名前 = \"病院\"\n".as_bytes().to_vec(),
            sjis.clone(),
            [&[0xEF, 0xBB, 0xBF][..], &sjis].concat(),
            b"\xEF\xBB\xBF\xFF\xFEa".to_vec(),
            b"\xFF\xFEa\0".to_vec(),
            b"a = 1\n\0".to_vec(),
            b"  \n".to_vec(),
            b"\xEF\xBB\xBF".to_vec(),
            "é = 1\n\u{85}".as_bytes()[..5].to_vec(),
        ];
        for bytes in cases {
            let owned = decode_owned("x", bytes.clone());
            let borrowed = decode("x", &bytes);
            assert_eq!(format!("{owned:?}"), format!("{borrowed:?}"), "{bytes:?}");
        }
    }

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
        let mut be_bom = vec![0xFE, 0xFF];
        be_bom.extend(&be);
        let (t, w) = decode("x", &be_bom).unwrap();
        assert_eq!(t, s, "big-endian with a BOM is not read as little-endian");
        assert!(w[0].message.en.contains("UTF-16BE"), "{:?}", w[0].message);
        assert!(with_bom != be_bom);
    }

    #[test]
    fn bad_bytes_are_located() {
        let bytes = b"a = 1\nname = \"\xe6\xa0\xaa\xff\"\n";
        let d = decode("x", bytes).unwrap_err();
        assert_eq!(d.code, "E-INPUT-UTF8");
        let l = d.label.as_ref().unwrap();
        assert_eq!((l.line, l.column), (2, 10));
        let d = decode("x", b"a = 1\nb = 2\n  c\0 = 3\n").unwrap_err();
        assert_eq!(d.code, "E-INPUT-BINARY");
        let l = d.label.as_ref().unwrap();
        assert_eq!((l.line, l.column), (3, 4));
    }

    #[test]
    fn bare_cr_line_breaks_are_read_as_lf() {
        let (t, w) = decode("x", b"a = 1\rb = 2\r\nc = 3\r").unwrap();
        assert_eq!(t, "a = 1\nb = 2\r\nc = 3\n");
        assert_eq!(w[0].code, "W-INPUT-LINE-ENDINGS");
        assert!(
            w[0].message.en.starts_with("2 bare CR"),
            "{:?}",
            w[0].message
        );
        let f = SourceFile::from_text("f", "a\rb\rc");
        assert_eq!(f.line_col(4), (3, 1));
        assert_eq!(f.label(2..3).line_text, "b");
    }

    #[test]
    fn reading_is_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.toml");
        std::fs::write(&p, vec![b' '; 2000]).unwrap();
        assert_eq!(read_bounded(&p, 2000).unwrap().len(), 2000);
        assert!(matches!(
            read_bounded(&p, 1999),
            Err(ReadError::TooLarge(Some(2000)))
        ));
        // A device reports length 0 and never ends: the bound alone stops it.
        #[cfg(unix)]
        assert!(matches!(
            read_bounded(Path::new("/dev/zero"), 4096),
            Err(ReadError::TooLarge(None))
        ));
        assert!(matches!(read_bounded(dir.path(), 10), Err(ReadError::Dir)));
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

    #[test]
    fn crlf_and_split_characters_do_not_shift_positions() {
        // A CRLF is one line break, not two; an empty line still counts.
        let f = SourceFile::from_text("f", "a\r\nb\n\nc");
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(6), (4, 1));
        assert_eq!(f.label(3..4).line_text, "b");
        // An offset inside a multi-byte character points at that character.
        let f = SourceFile::from_text("f", "日本 x");
        assert_eq!(f.line_col(1), (1, 1));
        assert_eq!(f.line_col(4), (1, 2));
    }

    #[test]
    fn hashes_are_lower_case_hex_of_the_raw_bytes() {
        assert_eq!(hex(&[0x00, 0x0f, 0xab]), "000fab");
        for b in 0..=u8::MAX {
            assert_eq!(hex(&[b]), format!("{b:02x}"));
        }
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(sha256_hex(b"abc"), abc);
        assert_eq!(SourceFile::from_text("f", "abc").sha256, abc);
    }

    #[test]
    fn read_source_keeps_the_path_and_the_hash_of_the_bytes_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("e.toml");
        let raw = b"\xEF\xBB\xBFa = 1\n";
        std::fs::write(&p, raw).unwrap();
        let (f, w) = read_source(&p).unwrap();
        assert!(w.is_empty());
        assert_eq!(f.text, "a = 1\n");
        assert_eq!(f.path, p);
        assert_eq!(f.name, p.display().to_string());
        // The hash is of the bytes on disk (with the BOM), not of the decoded text.
        assert_eq!(f.sha256, sha256_hex(raw));
        assert_ne!(f.sha256, sha256_hex(f.text.as_bytes()));
    }

    #[test]
    fn dash_is_standard_input() {
        assert!(is_stdio(Path::new("-")));
        assert!(!is_stdio(Path::new("./-")));
        assert_eq!(display_name(Path::new("-")), "<stdin>");
        assert_eq!(display_name(Path::new("dir/e.toml")), "dir/e.toml");
    }

    #[test]
    fn read_errors_say_what_went_wrong() {
        let d = read_error(
            "big.toml",
            ReadError::TooLarge(Some(15 * 1024 * 1024 + 512 * 1024)),
        );
        assert_eq!(d.code, "E-INPUT-TOO-LARGE");
        assert_eq!(
            d.message.en,
            "the file is too large (15.5 MiB; the limit is 10 MiB)."
        );
        assert_eq!(
            d.message.ja,
            "ファイルが大きすぎます（15.5 MiB、上限 10 MiB）。"
        );
        let d = read_error("<stdin>", ReadError::TooLarge(None));
        assert_eq!(
            d.message.en,
            "the input is too large (reading stopped past the limit of 10 MiB)."
        );
        assert_eq!(d.file.as_deref(), Some("<stdin>"));
        let io = |kind| io_diagnostic("e.toml", &std::io::Error::from(kind));
        let nf = io(std::io::ErrorKind::NotFound);
        assert_eq!(nf.code, "E-INPUT-READ");
        assert!(
            nf.message.en.starts_with("e.toml: file not found. ("),
            "{}",
            nf.message.en
        );
        assert!(nf
            .message
            .ja
            .starts_with("e.toml: ファイルが見つかりません。（"));
        let pd = io(std::io::ErrorKind::PermissionDenied);
        assert!(
            pd.message.en.starts_with("e.toml: permission denied. ("),
            "{}",
            pd.message.en
        );
        assert!(pd
            .message
            .ja
            .starts_with("e.toml: ファイルを読む権限がありません。（"));
        let other = io(std::io::ErrorKind::InvalidData);
        assert!(other
            .message
            .en
            .starts_with("e.toml: cannot read the file. ("));
    }

    /// Damaged UTF-8 that happens to be valid Shift_JIS is still damaged UTF-8: once a
    /// multi-byte UTF-8 character has been read, a bad byte is not a hint of Shift_JIS.
    #[test]
    fn damaged_utf8_is_not_read_as_shift_jis() {
        let bytes = b"\xE6\x97\xA5\x82\xA0\n"; // 日, then Shift_JIS あ
        assert!(!encoding_rs::SHIFT_JIS.decode(bytes).2, "valid Shift_JIS");
        let d = decode("x", bytes).unwrap_err();
        assert_eq!(d.code, "E-INPUT-UTF8");
        let l = d.label.as_ref().unwrap();
        assert_eq!((l.line, l.column), (1, 2));
    }

    /// An even-length text with a NUL is UTF-16 only when most pairs have the NUL pattern.
    #[test]
    fn a_stray_nul_does_not_make_utf16() {
        for (bytes, column) in [
            (&b"ab = 1\0\n"[..], 7),
            // 3 of 10 pairs look like UTF-16LE ASCII: below the 60 % threshold.
            (&b"abcdefghijklmnx\0y\0z\0"[..], 16),
        ] {
            let d = decode("x", bytes).unwrap_err();
            assert_eq!(d.code, "E-INPUT-BINARY", "{bytes:?}");
            let l = d.label.as_ref().unwrap();
            assert_eq!((l.line, l.column), (1, column), "{bytes:?}");
        }
    }
}
