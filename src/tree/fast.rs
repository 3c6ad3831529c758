//! A fast path for the TOML of ordinary files: one pass from the text to the value, without
//! `toml`'s token list, event list and table tree, which were most of the time and memory
//! of loading an evidence file (a `score --batch` of 10 000 files spent a third of its CPU
//! there).
//!
//! It accepts a conservative subset of TOML and gives up (`None`) on everything else: every
//! syntax error, and the rarer forms (hexadecimal and underscored numbers, times, `inf`,
//! the escapes TOML 1.1 added, inline tables over several lines or with a trailing comma,
//! headers below a table made by dotted keys…). The caller then parses with `toml`, which
//! accepts what it should and says where an error is. So this parser must never accept a
//! text `toml` refuses, and must give exactly the value `toml` gives: the tests below, the
//! property test `fast_path_agrees_with_toml` and the fuzz targets compare the two.

use super::Spans;
use serde_json::{Map, Number, Value};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// Nesting of arrays and inline tables beyond which the fast path gives up (`toml` then
/// refuses deeper nesting with its own message).
const MAX_DEPTH: usize = 32;

/// The value of a TOML text as [`super::Tree`] gives it (tables as objects, keys sorted as
/// `toml` sorts them, dates as `YYYY-MM-DD` strings), with the spans `toml` gives every key
/// and value when `positions` (else none), or `None` when the fast path gives up.
pub(super) fn parse(text: &str, positions: bool) -> Option<(Value, HashMap<String, Spans>)> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        pos: 0,
        root: Table::new(Kind::Header, 0),
        current: Vec::new(),
        current_path: String::new(),
        section: 0,
        spans: positions.then(HashMap::new),
    };
    p.document()?;
    let mut spans = p.spans.unwrap_or_default();
    if positions {
        // `toml` gives the document itself an empty span at its start.
        spans.insert(
            String::new(),
            Spans {
                key: None,
                value: 0..0,
            },
        );
    }
    Some((p.root.into_value(), spans))
}

/// A key part and where it is written.
type KeyPart = (String, Range<usize>);

/// Records the spans of `path` when positions are kept; the first record of a path stays
/// unless `replace` (a table named by a header prefix, then defined by its own header).
fn record(
    spans: &mut Option<HashMap<String, Spans>>,
    path: &str,
    key: Option<Range<usize>>,
    value: Range<usize>,
    replace: bool,
) {
    if let Some(spans) = spans {
        if replace || !spans.contains_key(path) {
            spans.insert(path.to_string(), Spans { key, value });
        }
    }
}

/// How a table came to be, which decides what may later add to it (TOML's rules on
/// defining a table once).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Named only as a prefix of a header (`a` in `[a.b]`): a later `[a]` may define it.
    Implicit,
    /// Defined by a `[header]` (or the root).
    Header,
    /// Made by a dotted key (`a.b = 1` makes `a`): only more dotted keys of the same section
    /// may add to it.
    Dotted,
}

struct Table {
    entries: BTreeMap<String, Node>,
    kind: Kind,
    /// The header section the table was made in (for [`Kind::Dotted`]).
    section: u32,
}

enum Node {
    Table(Table),
    /// An array of tables, made by `[[header]]`s.
    Tables(Vec<Table>),
    /// Any other value, static arrays and inline tables included: nothing adds to them.
    Value(Value),
}

impl Table {
    fn new(kind: Kind, section: u32) -> Table {
        Table {
            entries: BTreeMap::new(),
            kind,
            section,
        }
    }

    fn into_value(self) -> Value {
        let mut map = Map::new();
        for (key, node) in self.entries {
            let value = match node {
                Node::Table(t) => t.into_value(),
                Node::Tables(ts) => Value::Array(ts.into_iter().map(Table::into_value).collect()),
                Node::Value(v) => v,
            };
            map.insert(key, value);
        }
        Value::Object(map)
    }

    /// The table a dotted key's prefix names, made when missing; `None` when the prefix
    /// names something a dotted key may not add to. `path` (this table's) grows by the
    /// prefix, and a table made here has its key's spans recorded.
    fn dotted<'a>(
        &'a mut self,
        prefix: &[KeyPart],
        section: u32,
        path: &mut String,
        spans: &mut Option<HashMap<String, Spans>>,
    ) -> Option<&'a mut Table> {
        let mut t = self;
        for (key, at) in prefix {
            if spans.is_some() {
                super::push(path, key);
                record(spans, path, Some(at.clone()), at.clone(), false);
            }
            let node = t
                .entries
                .entry(key.clone())
                .or_insert_with(|| Node::Table(Table::new(Kind::Dotted, section)));
            t = match node {
                Node::Table(x) if x.kind == Kind::Dotted && x.section == section => x,
                _ => return None,
            };
        }
        Some(t)
    }

    /// Inserts `key = value` (the key's last part) unless the key is taken.
    fn insert(&mut self, key: String, value: Value) -> Option<()> {
        match self.entries.entry(key) {
            std::collections::btree_map::Entry::Occupied(_) => None,
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(Node::Value(value));
                Some(())
            }
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    /// `s` as text, to slice strings out of.
    text: &'a str,
    pos: usize,
    root: Table,
    /// The path of the table the last header opened (the last element of an array of
    /// tables, for a `[[header]]`).
    current: Vec<String>,
    /// `current` as a dotted path (`documents[2]`), kept with positions only.
    current_path: String,
    section: u32,
    /// The spans of every path, with positions.
    spans: Option<HashMap<String, Spans>>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn at(&self, offset: usize) -> Option<u8> {
        self.s.get(self.pos + offset).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// A line break (`\n` or `\r\n`), if one is here.
    fn newline(&mut self) -> bool {
        match (self.peek(), self.at(1)) {
            (Some(b'\n'), _) => {
                self.pos += 1;
                true
            }
            (Some(b'\r'), Some(b'\n')) => {
                self.pos += 2;
                true
            }
            _ => false,
        }
    }

    /// A comment up to (not including) its line break; `None` for a control character in it.
    fn comment(&mut self) -> Option<()> {
        if !self.eat(b'#') {
            return Some(());
        }
        while let Some(b) = self.peek() {
            match b {
                b'\n' | b'\r' => break,
                b'\t' => {}
                0..=0x1f | 0x7f => return None,
                _ => {}
            }
            self.pos += 1;
        }
        Some(())
    }

    /// The end of a line: spaces, an optional comment, a line break or the end of the text.
    fn end_of_line(&mut self) -> Option<()> {
        self.spaces();
        self.comment()?;
        if self.pos == self.s.len() || self.newline() {
            Some(())
        } else {
            None
        }
    }

    fn document(&mut self) -> Option<()> {
        loop {
            self.spaces();
            match self.peek() {
                None => return Some(()),
                Some(b'#' | b'\n' | b'\r') => self.end_of_line()?,
                Some(b'[') => {
                    self.header()?;
                    self.end_of_line()?;
                }
                Some(_) => {
                    self.key_value()?;
                    self.end_of_line()?;
                }
            }
        }
    }

    /// `[a.b]` or `[[a.b]]`.
    fn header(&mut self) -> Option<()> {
        let start = self.pos;
        self.pos += 1;
        let array = self.eat(b'[');
        self.spaces();
        let keys = self.key()?;
        self.spaces();
        if !self.eat(b']') || (array && !self.eat(b']')) {
            return None;
        }
        let whole = start..self.pos;
        self.section += 1;
        let section = self.section;
        let positions = self.spans.is_some();
        let mut path = String::new();
        let (last, prefix) = keys.split_last()?;
        let mut t = &mut self.root;
        for (key, at) in prefix {
            if positions {
                super::push(&mut path, key);
            }
            let node = t.entries.entry(key.clone()).or_insert_with(|| {
                record(&mut self.spans, &path, Some(at.clone()), at.clone(), false);
                Node::Table(Table::new(Kind::Implicit, section))
            });
            t = match node {
                Node::Table(x) if x.kind != Kind::Dotted => x,
                Node::Tables(xs) => {
                    if positions {
                        super::push(&mut path, &(xs.len() - 1).to_string());
                    }
                    xs.last_mut()?
                }
                _ => return None,
            };
        }
        let (last, at) = last;
        if positions {
            super::push(&mut path, last);
        }
        // What the header makes: the element index of an array of tables, and whether the
        // table (or array) it names gets its spans now (replacing an implicit table's).
        let (element, spans_now) = match (t.entries.get_mut(last), array) {
            (None, false) => {
                let table = Table::new(Kind::Header, section);
                t.entries.insert(last.clone(), Node::Table(table));
                (None, Some(false))
            }
            (None, true) => {
                let first = Table::new(Kind::Header, section);
                t.entries.insert(last.clone(), Node::Tables(vec![first]));
                (Some(0), Some(false))
            }
            (Some(Node::Table(x)), false) if x.kind == Kind::Implicit => {
                x.kind = Kind::Header;
                x.section = section;
                (None, Some(true))
            }
            (Some(Node::Tables(xs)), true) => {
                xs.push(Table::new(Kind::Header, section));
                (Some(xs.len() - 1), None)
            }
            _ => return None,
        };
        if let Some(replace) = spans_now {
            record(
                &mut self.spans,
                &path,
                Some(at.clone()),
                whole.clone(),
                replace,
            );
        }
        if let (Some(index), true) = (element, positions) {
            super::push(&mut path, &index.to_string());
            record(&mut self.spans, &path, None, whole, false);
        }
        self.current = keys.into_iter().map(|(k, _)| k).collect();
        self.current_path = path;
        Some(())
    }

    /// `key = value` in the current table.
    fn key_value(&mut self) -> Option<()> {
        let keys = self.key()?;
        self.spaces();
        if !self.eat(b'=') {
            return None;
        }
        self.spaces();
        let mut path = String::new();
        if self.spans.is_some() {
            path.push_str(&self.current_path);
            for (key, _) in &keys {
                super::push(&mut path, key);
            }
        }
        let start = self.pos;
        let value = self.value(0, &mut path)?;
        let value_span = start..self.pos;
        let section = self.section;
        let mut t = &mut self.root;
        for key in &self.current {
            t = match t.entries.get_mut(key)? {
                Node::Table(x) => x,
                Node::Tables(xs) => xs.last_mut()?,
                Node::Value(_) => return None,
            };
        }
        let ((last, at), prefix) = keys.split_last()?;
        path.clear();
        path.push_str(&self.current_path);
        let t = t.dotted(prefix, section, &mut path, &mut self.spans)?;
        if self.spans.is_some() {
            super::push(&mut path, last);
            record(&mut self.spans, &path, Some(at.clone()), value_span, false);
        }
        t.insert(last.clone(), value)
    }

    /// A key, dotted or not, as its parts and where each is written.
    fn key(&mut self) -> Option<Vec<KeyPart>> {
        let mut parts = Vec::with_capacity(2);
        loop {
            let start = self.pos;
            parts.push((self.simple_key()?, start..self.pos));
            let save = self.pos;
            self.spaces();
            if !self.eat(b'.') {
                self.pos = save;
                return Some(parts);
            }
            self.spaces();
        }
    }

    fn simple_key(&mut self) -> Option<String> {
        match self.peek()? {
            b'"' => self.basic_string(),
            b'\'' => self.literal_string(),
            _ => {
                let start = self.pos;
                while matches!(
                    self.peek(),
                    Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')
                ) {
                    self.pos += 1;
                }
                if self.pos == start {
                    return None;
                }
                self.text(start, self.pos).map(str::to_string)
            }
        }
    }

    /// The text between two positions. The parser stops only at ASCII bytes, so both are
    /// character boundaries; `None` (give up) should that ever not hold.
    fn text(&self, start: usize, end: usize) -> Option<&'a str> {
        self.text.get(start..end)
    }

    /// A value at `path`; the spans of what it holds (array items, inline table entries) are
    /// recorded below `path`, which is left as it was.
    fn value(&mut self, depth: usize, path: &mut String) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' if self.at(1) == Some(b'"') && self.at(2) == Some(b'"') => {
                self.multiline_string(b'"').map(Value::String)
            }
            b'"' => self.basic_string().map(Value::String),
            b'\'' if self.at(1) == Some(b'\'') && self.at(2) == Some(b'\'') => {
                self.multiline_string(b'\'').map(Value::String)
            }
            b'\'' => self.literal_string().map(Value::String),
            b'[' => self.array(depth, path),
            b'{' => self.inline_table(depth, path),
            b't' | b'f' => self.boolean(),
            b'0'..=b'9' | b'+' | b'-' => self.number_or_date(),
            _ => None,
        }
    }

    fn boolean(&mut self) -> Option<Value> {
        let rest = &self.s[self.pos..];
        let (value, len) = if rest.starts_with(b"true") {
            (true, 4)
        } else if rest.starts_with(b"false") {
            (false, 5)
        } else {
            return None;
        };
        self.pos += len;
        self.value_ends().then_some(Value::Bool(value))
    }

    /// Whether what follows a scalar can end it (so `truex` or `1979-05-27T07:32` is not
    /// taken for a shorter value).
    fn value_ends(&self) -> bool {
        matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'#' | b',' | b']' | b'}')
        )
    }

    /// A decimal integer, a decimal float or a local date; anything else gives up.
    fn number_or_date(&mut self) -> Option<Value> {
        let start = self.pos;
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' | b'_' | b'+' | b'-' | b'.' | b':')
        ) {
            self.pos += 1;
        }
        let raw = &self.s[start..self.pos];
        if !self.value_ends() {
            return None;
        }
        // `1979-05-27 07:32:00` is a date and a time: leave it to `toml`.
        if self.peek() == Some(b' ') && self.at(1).is_some_and(|b| b.is_ascii_digit()) {
            return None;
        }
        if let Some(date) = local_date(raw) {
            return Some(Value::String(date.to_string()));
        }
        let text = self.text(start, self.pos)?;
        match decimal(raw)? {
            Decimal::Integer => text.parse::<i64>().ok().map(|n| Value::Number(n.into())),
            Decimal::Float => text
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .and_then(Number::from_f64)
                .map(Value::Number),
        }
    }

    /// `[ value, … ]`, over lines and with comments, a trailing comma allowed.
    fn array(&mut self, depth: usize, path: &mut String) -> Option<Value> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.blank()?;
            if self.eat(b']') {
                return Some(Value::Array(items));
            }
            let (len, start) = (path.len(), self.pos);
            if self.spans.is_some() {
                super::push(path, &items.len().to_string());
            }
            items.push(self.value(depth + 1, path)?);
            record(&mut self.spans, path, None, start..self.pos, false);
            path.truncate(len);
            self.blank()?;
            if self.eat(b']') {
                return Some(Value::Array(items));
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// Spaces, line breaks and comments, as an array may hold between its values.
    fn blank(&mut self) -> Option<()> {
        loop {
            self.spaces();
            match self.peek() {
                Some(b'#') => self.comment()?,
                Some(b'\n' | b'\r') => {
                    if !self.newline() {
                        return None;
                    }
                }
                _ => return Some(()),
            }
        }
    }

    /// `{ key = value, … }` on one line, without a trailing comma (TOML 1.0's form).
    fn inline_table(&mut self, depth: usize, path: &mut String) -> Option<Value> {
        self.pos += 1;
        let mut table = Table::new(Kind::Header, 0);
        self.spaces();
        if self.eat(b'}') {
            return Some(table.into_value());
        }
        let len = path.len();
        loop {
            self.spaces();
            let keys = self.key()?;
            self.spaces();
            if !self.eat(b'=') {
                return None;
            }
            self.spaces();
            let ((last, at), prefix) = keys.split_last()?;
            let inner = table.dotted(prefix, 0, path, &mut self.spans)?;
            if self.spans.is_some() {
                super::push(path, last);
            }
            let start = self.pos;
            let value = self.value(depth + 1, path)?;
            record(
                &mut self.spans,
                path,
                Some(at.clone()),
                start..self.pos,
                false,
            );
            path.truncate(len);
            inner.insert(last.clone(), value)?;
            self.spaces();
            if self.eat(b'}') {
                return Some(table.into_value());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// `"…"` on one line.
    fn basic_string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut out = String::new();
        let mut first = true;
        loop {
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || is_control(b) {
                    break;
                }
                self.pos += 1;
            }
            let run = self.text(start, self.pos)?;
            match self.peek()? {
                // Most strings have no escape: one allocation of the right size.
                b'"' if first => {
                    self.pos += 1;
                    return Some(run.to_string());
                }
                b'"' => {
                    out.push_str(run);
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' => {
                    out.push_str(run);
                    self.escape(&mut out)?;
                }
                _ => return None,
            }
            first = false;
        }
    }

    /// `"""…"""` (with escapes, a backslash at a line's end joining lines) or `'''…'''`
    /// (raw), as `quote` says; the first line break is dropped.
    fn multiline_string(&mut self, quote: u8) -> Option<String> {
        let escapes = quote == b'"';
        self.pos += 3;
        self.newline();
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == quote || (escapes && b == b'\\') || (is_control(b) && b != b'\n') {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.text(start, self.pos)?);
            match self.peek()? {
                b if b == quote => {
                    if let Some(quotes) = self.closing_quotes(quote) {
                        out.extend(std::iter::repeat_n(char::from(quote), quotes));
                        return Some(out);
                    }
                    out.push(char::from(quote));
                    self.pos += 1;
                }
                b'\\' if self.line_ending_backslash() => {}
                b'\\' => self.escape(&mut out)?,
                b'\r' if self.at(1) == Some(b'\n') => {
                    out.push_str("\r\n");
                    self.pos += 2;
                }
                _ => return None,
            }
        }
    }

    /// At a run of quotes in a multi-line string: when it closes the string (three to five
    /// quotes; the ones before the last three belong to the text), moves past it and says
    /// how many belong to the text. `None` when the run is shorter than three (text).
    fn closing_quotes(&mut self, quote: u8) -> Option<usize> {
        let run = self.s[self.pos..]
            .iter()
            .take_while(|&&b| b == quote)
            .count();
        if run < 3 {
            return None;
        }
        // Six or more in a row is a syntax error; a run of that length is left to `toml`
        // by closing at five and letting the line's end fail.
        let run = run.min(5);
        self.pos += run;
        Some(run - 3)
    }

    /// A backslash followed by spaces and a line break: the break and all white space after
    /// it are dropped. Moves past them when so.
    fn line_ending_backslash(&mut self) -> bool {
        let mut i = self.pos + 1;
        while matches!(self.s.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        let at_break = matches!(
            (self.s.get(i), self.s.get(i + 1)),
            (Some(b'\n'), _) | (Some(b'\r'), Some(b'\n'))
        );
        if !at_break {
            return false;
        }
        self.pos = i;
        loop {
            self.spaces();
            if !self.newline() {
                return true;
            }
        }
    }

    /// An escape sequence of TOML 1.0 (`\e` and `\xHH`, new in 1.1, give up).
    fn escape(&mut self, out: &mut String) -> Option<()> {
        self.pos += 1;
        let c = match self.peek()? {
            b'b' => '\u{8}',
            b't' => '\t',
            b'n' => '\n',
            b'f' => '\u{c}',
            b'r' => '\r',
            b'"' => '"',
            b'\\' => '\\',
            b'u' => return self.unicode_escape(4, out),
            b'U' => return self.unicode_escape(8, out),
            _ => return None,
        };
        self.pos += 1;
        out.push(c);
        Some(())
    }

    fn unicode_escape(&mut self, digits: usize, out: &mut String) -> Option<()> {
        let hex = self.s.get(self.pos + 1..self.pos + 1 + digits)?;
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let code = u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
        out.push(char::from_u32(code)?);
        self.pos += 1 + digits;
        Some(())
    }

    /// `'…'` on one line, no escapes.
    fn literal_string(&mut self) -> Option<String> {
        self.pos += 1;
        let start = self.pos;
        while let Some(b) = self.peek() {
            match b {
                b'\'' => {
                    let text = self.text(start, self.pos)?.to_string();
                    self.pos += 1;
                    return Some(text);
                }
                b'\t' => {}
                _ if is_control(b) => return None,
                _ => {}
            }
            self.pos += 1;
        }
        None
    }
}

/// A control character TOML forbids in strings and comments (tab is allowed; a line break
/// only where the caller says).
fn is_control(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

enum Decimal {
    Integer,
    Float,
}

/// Whether `raw` is a decimal integer (`-12`, no leading zero, no underscore) or a decimal
/// float (`3.14`, `1e-5`, `-0.5E+3`); `None` for anything else.
fn decimal(raw: &[u8]) -> Option<Decimal> {
    let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
    let mut i = usize::from(matches!(raw.first(), Some(b'+' | b'-')));
    let int = digits(&raw[i..]);
    if int == 0 || (int > 1 && raw[i] == b'0') {
        return None;
    }
    i += int;
    let mut float = false;
    if raw.get(i) == Some(&b'.') {
        let frac = digits(&raw[i + 1..]);
        if frac == 0 {
            return None;
        }
        i += 1 + frac;
        float = true;
    }
    if matches!(raw.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(raw.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = digits(&raw[i..]);
        if exp == 0 {
            return None;
        }
        i += exp;
        float = true;
    }
    if i != raw.len() {
        return None;
    }
    Some(if float {
        Decimal::Float
    } else {
        Decimal::Integer
    })
}

/// `YYYY-MM-DD`, a real day of the calendar, as `toml` checks it.
fn local_date(raw: &[u8]) -> Option<&str> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *raw else {
        return None;
    };
    let all = [y1, y2, y3, y4, m1, m2, d1, d2];
    if !all.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |bs: &[u8]| {
        bs.iter()
            .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'))
    };
    let (year, month, day) = (n(&[y1, y2, y3, y4]), n(&[m1, m2]), n(&[d1, d2]));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let max_day = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if day < 1 || day > max_day {
        return None;
    }
    std::str::from_utf8(raw).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::Tree;

    /// The value and spans `toml` gives, through the same conversion as [`Tree`].
    fn by_toml(text: &str) -> Option<(Value, HashMap<String, Spans>)> {
        let file = crate::input::SourceFile::from_text("t.toml", text.to_string());
        Tree::parse_toml_reference(&file)
            .ok()
            .map(|t| (t.value, t.spans))
    }

    /// Accepted by the fast path, with the value and spans `toml` gives.
    #[track_caller]
    fn same(text: &str) {
        let fast = parse(text, true).unwrap_or_else(|| panic!("the fast path gave up on {text:?}"));
        let Some(reference) = by_toml(text) else {
            panic!("toml refuses {text:?}");
        };
        assert_eq!(fast.0, reference.0, "values differ on {text:?}");
        assert_spans_eq(&fast.1, &reference.1, text);
        assert_eq!(parse(text, false).map(|(v, _)| v), Some(reference.0));
    }

    #[track_caller]
    fn assert_spans_eq(
        fast: &HashMap<String, Spans>,
        reference: &HashMap<String, Spans>,
        text: &str,
    ) {
        let mut paths: Vec<&String> = fast.keys().chain(reference.keys()).collect();
        paths.sort();
        paths.dedup();
        for path in paths {
            assert_eq!(
                fast.get(path),
                reference.get(path),
                "spans of `{path}` differ on {text:?}"
            );
        }
    }

    /// Left to `toml` (whether or not `toml` accepts it).
    #[track_caller]
    fn gives_up(text: &str) {
        assert_eq!(parse(text, true), None, "on {text:?}");
        assert_eq!(parse(text, false), None, "on {text:?}");
    }

    /// Whatever the fast path accepts, `toml` accepts with the same value and spans.
    fn agrees(text: &str) -> Result<(), String> {
        if let Some((value, spans)) = parse(text, true) {
            let Some((v, s)) = by_toml(text) else {
                return Err(format!("toml refuses what the fast path accepts: {text:?}"));
            };
            if value != v || spans != s {
                return Err(format!("the fast path differs from toml on {text:?}"));
            }
        }
        Ok(())
    }

    #[test]
    fn ordinary_documents_agree_with_toml() {
        same("");
        same("# only a comment\n");
        same("a = 1\nb = -2\nc = +3\nd = 0\ne = 3.25\nf = -0.5e3\ng = 1E05\nh = true\ni = false\n");
        same("a = \"x\\ty\\n\\\"q\\\" \\\\ \\u00e9 \\U0001F600\"\nb = 'C:\\path'\n");
        same("s = \"\"\"\nline 1\nline 2 \\\n   joined\"\"\"\nt = '''\nraw \\n\n'''\n");
        same("q = \"\"\"two quotes at the end\"\"\"\"\"\nr = '''one''''\n");
        same("[vendor]\nname = \"株式会社\" # コメント\n[answers.TEC-01]\nstatus = \"implemented\"\n");
        same("[[documents]]\nid = \"D-1\"\n[[documents]]\nid = \"D-2\"\n[documents.sub]\nx = 1\n");
        same("[a.b]\nx = 1\n[a]\ny = 2\n");
        same("a.b.c = 1\na.b.d = 2\na.e = 3\n\"quoted.key\" = 4\n'lit' = 5\n\"\" = 6\n");
        same("arr = [1, 2,\n  3, # comment\n  [\"nested\", 'x'], {a = 1, b.c = 2},\n]\nempty = []\ne = {}\n");
        same("d1 = 2024-02-29\nd2 = 2026-12-31\nd3 = [2026-01-01, 2026-04-30]\n");
        same("z = 1\r\ny = \"\"\"a\r\nb\"\"\"\r\n");
        same("b = 1\na = 2\nc = { z = 1, a = 2 }\n");
    }

    #[test]
    fn what_toml_refuses_is_never_accepted() {
        for text in [
            "a = 1\na = 2\n",
            "[a]\n[a]\n",
            "[a.b]\n[a]\n[a.b]\n",
            "a.b = 1\n[a]\n",
            "a = {}\n[a]\n",
            "a = [1]\n[[a]]\n",
            "[[a]]\n[a]\n",
            "[a]\nb.c = 1\n[a.b]\n",
            "a = 01\n",
            "a = 1.\n",
            "a = .5\n",
            "a = 1e\n",
            "a = 2026-02-29\n",
            "a = 2026-04-31\n",
            "a = 2026-13-01\n",
            "a = \"unterminated\n",
            "a = \"bad \\q escape\"\n",
            "a = \"\\uD800\"\n",
            "a = \"nul \u{0} inside\"\n",
            "a = 1 # bell \u{7}\n",
            "a = truex\n",
            "a = 1 b = 2\n",
            "= 1\n",
            "a =\n",
            "[a\n",
            "[[a]\n",
            "[]\n",
            "a = [1 2]\n",
            "a = { b = 1, }\n",
            "a = { b = 1\n}\n",
            "a = 1\rb = 2\n",
            "s = \"\"\"six\"\"\"\"\"\"\n",
        ] {
            gives_up(text);
        }
    }

    #[test]
    fn rare_forms_are_left_to_toml() {
        for text in [
            "a = 0x1f\n",
            "a = 1_000\n",
            "a = 1_000.5\n",
            "a = inf\n",
            "a = nan\n",
            "a = 9223372036854775808\n",
            "a = 1e309\n",
            "t = 1979-05-27T07:32:00Z\n",
            "t = 1979-05-27 07:32:00\n",
            "t = 07:32:00\n",
            "a = \"\\e\"\n",
            "a = \"\\x41\"\n",
            "[a]\nb.c = 1\n[a.b.d]\n",
            "\u{feff}a = 1\n",
        ] {
            gives_up(text);
        }
        // What `toml` makes of them is its own business; the fast path only steps aside.
        assert_eq!(
            by_toml("a = 1_000\n").map(|(v, _)| v),
            Some(serde_json::json!({"a": 1000}))
        );
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_left_to_toml() {
        let deep = format!(
            "a = {}1{}\n",
            "[".repeat(MAX_DEPTH + 2),
            "]".repeat(MAX_DEPTH + 2)
        );
        gives_up(&deep);
        let ok = format!("a = {}1{}\n", "[".repeat(8), "]".repeat(8));
        same(&ok);
    }

    #[test]
    fn the_samples_take_the_fast_path() {
        for name in ["strong", "typical", "weak"] {
            let path = format!(
                "{}/samples/{name}/evidence.toml",
                env!("CARGO_MANIFEST_DIR")
            );
            let text = std::fs::read_to_string(&path).expect("sample");
            same(&text);
        }
    }

    /// Lines of ordinary and broken TOML, assembled into documents below.
    const LINES: &[&str] = &[
        "[vendor]",
        "[answers.TEC-01]",
        "[answers.TEC-01.sub]",
        "[[documents]]",
        "[[documents.parts]]",
        "[a]",
        "[a.b]",
        "[ a . \"b\" ]",
        "[[a]]",
        "name = \"株式会社\"",
        "name = 'lit'",
        "status = \"implemented\" # comment",
        "x = 1",
        "x = -0.5e3",
        "x = 01",
        "x = 2026-02-29",
        "x = 2024-02-29",
        "x = 1979-05-27T07:32:00Z",
        "b.c = true",
        "b.d = false",
        "b = 1",
        "arr = [1, \"two\", [3], {x = 4},]",
        "arr = [",
        "  1,",
        "]",
        "t = { a = 1, b.c = 2 }",
        "t = { a = 1, }",
        "s = \"\"\"",
        "multi \\",
        "  line\"\"\"",
        "l = '''",
        "raw'''",
        "e = \"\\u00e9\\t\\\"\"",
        "e = \"\\x41\"",
        "# a comment",
        "",
        "   ",
        "= 1",
        "[",
        "k = \"unterminated",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Documents assembled from the lines above: whatever the fast path accepts, `toml`
        /// accepts with the same value.
        #[test]
        fn fast_path_agrees_with_toml(
            lines in proptest::collection::vec(0usize..LINES.len(), 0..16),
            crlf in proptest::bool::ANY,
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let text: String = lines.iter().map(|&i| format!("{}{end}", LINES[i])).collect();
            proptest::prop_assert_eq!(agrees(&text), Ok(()));
        }

        /// The typical sample with a few characters changed: the same.
        #[test]
        fn edited_samples_agree_with_toml(
            edits in proptest::collection::vec((0usize..88_000, 0usize..72), 1..4),
        ) {
            const ALPHABET: &[u8] = b" \n=\"'[]{}.,#\\-+0a_e:1T\t\r";
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/typical/evidence.toml");
            let mut bytes = std::fs::read(path).expect("sample");
            for &(at, c) in &edits {
                let at = at % bytes.len();
                let b = ALPHABET[c % ALPHABET.len()];
                match c % 3 {
                    0 => bytes[at] = b,
                    1 => bytes.insert(at, b),
                    _ => {
                        bytes.remove(at);
                    }
                }
            }
            if let Ok(text) = String::from_utf8(bytes) {
                proptest::prop_assert_eq!(agrees(&text), Ok(()));
            }
        }
    }
}
