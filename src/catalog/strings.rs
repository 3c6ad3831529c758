//! [`CatalogStr`], the string type of the catalog's texts: borrowed from the binary for the
//! built-in catalog, owned for a user's `--controls DIR`.
//!
//! The built-in catalog holds thousands of texts (titles, requirements, citations). Copying
//! each into its own heap string was most of what loading it cost on every run; borrowing
//! them from the prepared form's text, which lives in the binary, costs nothing. While a
//! prepared file is read ([`borrowing_from`]), a string is borrowed when it provably lies
//! inside that file's embedded text (its address range is inside it); every other string is
//! owned, so the type is as safe and as general as `String`.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};
use std::borrow::{Borrow, Cow};
use std::cell::Cell;
use std::fmt;
use std::ops::Deref;

thread_local! {
    /// The embedded text being read on this thread, which strings may borrow from.
    static BORROWABLE: Cell<&'static str> = const { Cell::new("") };
}

/// Runs `read` (the reading of one prepared file) with the strings that lie inside `text`
/// borrowed from it instead of copied.
pub(super) fn borrowing_from<R>(text: &'static str, read: impl FnOnce() -> R) -> R {
    let before = BORROWABLE.replace(text);
    let result = read();
    BORROWABLE.set(before);
    result
}

/// A catalog text: reads as a `str` everywhere (`Deref`, `Display`, comparisons, serde).
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CatalogStr(Cow<'static, str>);

impl CatalogStr {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `s` borrowed, when it lies inside the embedded text being read.
    fn from_embedded(s: &str) -> Option<CatalogStr> {
        slice_of(BORROWABLE.get(), s).map(|s| CatalogStr(Cow::Borrowed(s)))
    }
}

/// `part` as a slice of `whole` when its bytes are inside `whole`'s (the same memory, so
/// the same text, and a `'static` borrow when `whole` is one).
fn slice_of<'a>(whole: &'a str, part: &str) -> Option<&'a str> {
    let offset = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    whole.get(offset..offset.checked_add(part.len())?)
}

impl Deref for CatalogStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for CatalogStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for CatalogStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CatalogStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for CatalogStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&'static str> for CatalogStr {
    fn from(s: &'static str) -> Self {
        CatalogStr(Cow::Borrowed(s))
    }
}

impl From<String> for CatalogStr {
    fn from(s: String) -> Self {
        CatalogStr(Cow::Owned(s))
    }
}

impl From<CatalogStr> for String {
    fn from(s: CatalogStr) -> Self {
        s.0.into_owned()
    }
}

impl PartialEq<str> for CatalogStr {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for CatalogStr {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for CatalogStr {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<CatalogStr> for str {
    fn eq(&self, other: &CatalogStr) -> bool {
        *self == *other.0
    }
}

impl PartialEq<CatalogStr> for &str {
    fn eq(&self, other: &CatalogStr) -> bool {
        **self == *other.0
    }
}

impl PartialEq<CatalogStr> for String {
    fn eq(&self, other: &CatalogStr) -> bool {
        **self == *other.0
    }
}

impl Serialize for CatalogStr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CatalogStr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_string(CatalogStrVisitor)
    }
}

struct CatalogStrVisitor;

impl Visitor<'_> for CatalogStrVisitor {
    type Value = CatalogStr;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<CatalogStr, E> {
        Ok(CatalogStr::from_embedded(s).unwrap_or_else(|| CatalogStr::from(s.to_owned())))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<CatalogStr, E> {
        Ok(CatalogStr::from(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_is_a_slice_of_the_whole_only_when_it_lies_inside_it() {
        let whole = "管理策 TEC-01 の要求";
        let part = &whole[10..16];
        assert_eq!(slice_of(whole, part), Some("TEC-01"));
        assert!(std::ptr::eq(slice_of(whole, part).unwrap(), part));
        let copy = String::from("TEC-01");
        assert_eq!(
            slice_of(whole, &copy),
            None,
            "equal text elsewhere is not a slice"
        );
        assert_eq!(slice_of(&whole[..10], part), None, "past the end");
        assert_eq!(slice_of(part, whole), None, "before the start");
    }

    #[test]
    fn strings_inside_the_text_being_read_are_borrowed_others_owned() {
        static TEXT: &str = "TEC-01技術的安全対策";
        let read = |s: &str| {
            let de = serde::de::value::StrDeserializer::<de::value::Error>::new(s);
            CatalogStr::deserialize(de).unwrap()
        };
        let inside = &TEXT[..6];
        let borrowed = borrowing_from(TEXT, || read(inside));
        assert!(matches!(borrowed.0, Cow::Borrowed(_)));
        assert_eq!(borrowed, "TEC-01");
        let copy = inside.to_owned();
        let owned = borrowing_from(TEXT, || read(&copy));
        assert!(
            matches!(owned.0, Cow::Owned(_)),
            "equal text elsewhere is copied"
        );
        assert_eq!(owned, borrowed);
        let after = read(inside);
        assert!(
            matches!(after.0, Cow::Owned(_)),
            "nothing is borrowed once reading ends"
        );
    }

    #[test]
    fn the_built_in_catalog_borrows_its_texts_a_user_catalog_owns_them() {
        use crate::catalog::{load, CatalogSource};
        let borrowed = |c: &CatalogStr| matches!(c.0, Cow::Borrowed(_));
        let built_in = load(&CatalogSource::Embedded).expect("built-in catalog");
        let c = &built_in.controls[0];
        assert!(borrowed(&c.id) && borrowed(&c.title) && borrowed(&c.requirement));
        assert!(c
            .refs
            .iter()
            .all(|r| borrowed(&r.edition) && borrowed(&r.section)));
        assert!(borrowed(&built_in.meta.version));
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("controls");
        let user = load(&CatalogSource::Dir(dir)).expect("controls/ as a user catalog");
        let u = &user.controls[0];
        assert!(!borrowed(&u.id) && !borrowed(&u.title));
        assert_eq!((&u.id, &u.title), (&c.id, &c.title));
    }

    #[test]
    fn reads_and_writes_as_a_plain_string() {
        let s = CatalogStr::from("TEC-01");
        assert_eq!(format!("{s} {s:?}"), "TEC-01 \"TEC-01\"");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"TEC-01\"");
        let back: CatalogStr = serde_json::from_str("\"TEC-01\"").unwrap();
        assert_eq!(back, s);
        assert!(s == "TEC-01", "CatalogStr == &str");
        assert!("TEC-01" == s, "&str == CatalogStr");
        let owned = String::from("TEC-01");
        assert!(s == *"TEC-01", "CatalogStr == str");
        assert!(owned == s, "String == CatalogStr");
        assert!(s == owned, "CatalogStr == String");
        assert!(s != "TEC-02" && s.starts_with("TEC"));
    }
}
