//! The prepared form of the embedded catalog: each `controls/` file parsed once by `build.rs`
//! into a compact tagged tree, read here straight into the catalog's Rust types through
//! serde, so that an ordinary run neither parses TOML nor tracks positions.
//!
//! The form is self-describing (like JSON, unlike bincode or postcard), so `build.rs` can
//! write it knowing nothing of the Rust types, and a change to them needs no edit here or
//! there. A file is two parts: a tree of tagged values (bytes), and one text holding every
//! string. The text is embedded with `include_str!`, so the compiler has checked it is UTF-8
//! and a run only copies strings out of it (neither scanning for quotes as JSON must, nor
//! validating UTF-8 as a byte format must).
//!
//! A value in the tree is a tag byte, then:
//!
//! | tag | value | followed by |
//! |---|---|---|
//! | 0, 1 | `false`, `true` | — |
//! | 2 | integer | `i64`, little-endian |
//! | 3 | float (finite) | `f64`, little-endian |
//! | 4 | string (TOML dates too, as written) | `u32` byte offset in the text, `u32` byte length |
//! | 5 | array | `u32` count, the items |
//! | 6 | table | `u32` count, then key (a string value) and value, keys sorted as in `Tree` |
//!
//! The writer is `prepared_encode.rs`, included by `build.rs` and by the tests below, which
//! check that every TOML value reads back as the checked load (`Tree::parse_toml`) reads it.

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use std::fmt;

const FALSE: u8 = 0;
const TRUE: u8 = 1;
const INT: u8 = 2;
const FLOAT: u8 = 3;
const STR: u8 = 4;
const ARRAY: u8 = 5;
const TABLE: u8 = 6;

/// Why a prepared file could not be read into its type (the types changed in a way the file
/// does not follow, or the bytes are damaged); the caller falls back to the checked load.
#[derive(Debug)]
pub(super) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// One prepared file as `build.rs` lists it: its name in `controls/`, its tree, its text.
pub(super) type File = (&'static str, &'static [u8], &'static str);

/// Reads a whole prepared file (its tree and its text) into `T`.
pub(super) fn from_parts<T: DeserializeOwned>(tree: &[u8], text: &str) -> Result<T, Error> {
    let mut de = Deserializer { input: tree, text };
    let value = T::deserialize(&mut de)?;
    if de.input.is_empty() {
        Ok(value)
    } else {
        Err(Error("trailing bytes".into()))
    }
}

struct Deserializer<'de> {
    input: &'de [u8],
    text: &'de str,
}

impl<'de> Deserializer<'de> {
    fn take(&mut self, n: usize) -> Result<&'de [u8], Error> {
        if self.input.len() < n {
            return Err(Error("truncated".into()));
        }
        let (head, rest) = self.input.split_at(n);
        self.input = rest;
        Ok(head)
    }

    fn tag(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }

    fn peek(&self) -> Result<u8, Error> {
        self.input
            .first()
            .copied()
            .ok_or_else(|| Error("truncated".into()))
    }

    fn word(&mut self) -> Result<[u8; 8], Error> {
        let mut w = [0; 8];
        w.copy_from_slice(self.take(8)?);
        Ok(w)
    }

    fn len(&mut self) -> Result<usize, Error> {
        let mut w = [0; 4];
        w.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(w) as usize)
    }

    /// The string a string tag points to.
    fn str_body(&mut self) -> Result<&'de str, Error> {
        let start = self.len()?;
        let n = self.len()?;
        start
            .checked_add(n)
            .and_then(|end| self.text.get(start..end))
            .ok_or_else(|| Error("string out of range".into()))
    }
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.tag()? {
            FALSE => visitor.visit_bool(false),
            TRUE => visitor.visit_bool(true),
            INT => visitor.visit_i64(i64::from_le_bytes(self.word()?)),
            FLOAT => visitor.visit_f64(f64::from_le_bytes(self.word()?)),
            STR => visitor.visit_borrowed_str(self.str_body()?),
            ARRAY => {
                let left = self.len()?;
                visitor.visit_seq(Items { de: self, left })
            }
            TABLE => {
                let left = self.len()?;
                visitor.visit_map(Items { de: self, left })
            }
            t => Err(Error(format!("unknown tag {t}"))),
        }
    }

    /// TOML has no null: a value that is there is `Some`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// A unit variant is a string (`level = "required"`); a variant with data is a table of
    /// one entry (`{ variant = value }`), as serde writes them to TOML.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.peek()? {
            STR => {
                self.tag()?;
                visitor.visit_enum(self.str_body()?.into_deserializer())
            }
            TABLE => {
                self.tag()?;
                match self.len()? {
                    1 => visitor.visit_enum(Variant { de: self }),
                    n => Err(Error(format!("an enum table has {n} entries, not 1"))),
                }
            }
            t => Err(Error(format!("tag {t} cannot be an enum"))),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

/// The items of an array or table.
struct Items<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    left: usize,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.de)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

/// An enum variant with data: the one key of its table names it.
struct Variant<'a, 'de> {
    de: &'a mut Deserializer<'de>,
}

impl<'de> de::EnumAccess<'de> for Variant<'_, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let key = seed.deserialize(&mut *self.de)?;
        Ok((key, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        de::IgnoredAny::deserialize(&mut *self.de).map(|_| ())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(&mut *self.de)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(&mut *self.de, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(&mut *self.de, visitor)
    }
}

use serde::Deserialize as _;

/// The writer `build.rs` uses, compiled here so that tests encode exactly as the build does.
#[cfg(test)]
pub(super) mod writer {
    include!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/catalog/prepared_encode.rs"
    ));

    /// The prepared form of a TOML text (tree, text), as `build.rs` writes it.
    pub(crate) fn encode_text(text: &str) -> Option<(Vec<u8>, String)> {
        prepare(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    use super::writer;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Unit,
        Pair(i64, i64),
        Named { a: bool },
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Wrapper(String);

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        s: String,
        n: u32,
        neg: i64,
        f: f64,
        b: bool,
        date: String,
        opt: Option<String>,
        #[serde(default)]
        missing: Option<u8>,
        list: Vec<Kind>,
        wrap: Wrapper,
        map: BTreeMap<String, Vec<u32>>,
        raw: serde_json::Value,
    }

    fn read<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
        let (tree, strings) = writer::encode_text(text).expect("encodes");
        from_parts(&tree, &strings)
    }

    #[test]
    fn every_kind_of_value_reads_into_serde_types() {
        let doc: Doc = read(
            r#"
s = "日本語 \"quoted\""
n = 7
neg = -3
f = 2.5
b = true
date = 2026-12-01
opt = "x"
list = ["unit", { pair = [1, 2] }, { named = { a = false } }]
wrap = "w"
map = { b = [2], a = [1, 3] }
raw = { z = 1, a = [true, "s", 1.5] }
"#,
        )
        .expect("reads");
        assert_eq!(doc.s, "日本語 \"quoted\"");
        assert_eq!((doc.n, doc.neg, doc.f, doc.b), (7, -3, 2.5, true));
        assert_eq!(doc.date, "2026-12-01");
        assert_eq!((doc.opt.as_deref(), doc.missing), (Some("x"), None));
        assert_eq!(
            doc.list,
            vec![Kind::Unit, Kind::Pair(1, 2), Kind::Named { a: false }]
        );
        assert_eq!(doc.wrap, Wrapper("w".into()));
        assert_eq!(doc.map["a"], vec![1, 3]);
        assert_eq!(
            serde_json::to_string(&doc.raw).expect("json"),
            r#"{"a":[true,"s",1.5],"z":1}"#
        );
    }

    /// What a generic reader (`serde_json::Value`) gets from the prepared form of a file is
    /// exactly the checked load's tree of it: same values, dates as text, same key order.
    fn same_as_tree(name: &str, text: &str) {
        let file = crate::input::SourceFile::from_text(name, text);
        let tree = crate::tree::Tree::parse_toml(&file).expect("parses");
        let prepared: serde_json::Value = read(text).expect("reads");
        assert_eq!(
            serde_json::to_string(&prepared).expect("json"),
            serde_json::to_string(&tree.value).expect("json"),
            "{name}"
        );
    }

    #[test]
    fn values_equal_the_checked_tree() {
        same_as_tree("values.toml", VALUES);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("controls");
        for sub in [dir.clone(), dir.join("sources")] {
            for entry in std::fs::read_dir(sub).expect("controls/ is there") {
                let path = entry.expect("entry").path();
                if path.extension().is_some_and(|e| e == "toml") {
                    let text = std::fs::read_to_string(&path).expect("reads");
                    same_as_tree(&path.display().to_string(), &text);
                }
            }
        }
    }

    const VALUES: &str = r#"
z = 1
a = -0.0
b = 1e3
h = 0xff
d = 1979-05-27T07:32:00Z
ld = 1979-05-27
t = 07:32:00
[[x]]
s = 'lit\n'
m = """
two
lines"""
[y."quoted key"]
q = [[1, 2], [], [{ k = "v" }]]
"#;

    #[test]
    fn refusals_are_errors_not_panics() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Strict {
            #[allow(dead_code)]
            a: u8,
        }
        assert!(read::<Strict>("a = 1\nb = 2").is_err());
        assert!(read::<Strict>("a = 300").is_err());
        assert!(read::<Strict>("a = \"1\"").is_err());
        let (good, text) = writer::encode_text("a = 1").expect("encodes");
        assert!(from_parts::<Strict>(&good, &text).is_ok());
        for cut in 0..good.len() {
            assert!(
                from_parts::<Strict>(&good[..cut], &text).is_err(),
                "cut at {cut}"
            );
        }
        // A string pointing past the text, or into the middle of a character.
        assert!(from_parts::<Strict>(&good, "").is_err());
        let (tree, text) = writer::encode_text("a = \"日本\"").expect("encodes");
        #[derive(Debug, Deserialize)]
        struct Text {
            #[allow(dead_code)]
            a: String,
        }
        assert!(from_parts::<Text>(&tree, &text).is_ok());
        assert_eq!(text, "a日本");
        assert!(from_parts::<Text>(&tree, "a日").is_err());
        assert!(
            from_parts::<Text>(&tree, "ax日本").is_err(),
            "not a char boundary"
        );
        let mut long = good.clone();
        long.push(0);
        assert!(from_parts::<Strict>(&long, &text).is_err());
        let mut bad_tag = good;
        bad_tag[0] = 9;
        assert!(from_parts::<Strict>(&bad_tag, &text).is_err());
    }

    #[test]
    fn what_json_cannot_hold_is_not_prepared() {
        assert!(writer::encode_text("x = nan").is_none());
        assert!(writer::encode_text("x = inf").is_none());
        assert!(writer::encode_text("x = ").is_none());
    }
}
