// The writer of the prepared catalog form (read by `prepared.rs`, which describes it).
// Included, not a module: `build.rs` uses it to prepare `controls/`, and the tests of
// `prepared.rs` use it to check that what the build writes reads back as the checked load
// reads the same TOML. Needs only the `toml` crate.

/// The file in the prepared form — the tree, and the text its strings point into — or
/// `None` when it is not TOML the form can hold.
fn prepare(text: &str) -> Option<(Vec<u8>, String)> {
    let table: toml::Table = text.parse().ok()?;
    let mut out = Prepared {
        tree: Vec::with_capacity(text.len() / 8),
        text: String::with_capacity(text.len()),
    };
    out.encode(&toml::Value::Table(table))?;
    Some((out.tree, out.text))
}

/// A file being prepared: the tagged tree, and every string's text, one after the other.
struct Prepared {
    tree: Vec<u8>,
    text: String,
}

// The tags of `src/catalog/prepared.rs`; a test there decodes what this writes.
const FALSE: u8 = 0;
const TRUE: u8 = 1;
const INT: u8 = 2;
const FLOAT: u8 = 3;
const STR: u8 = 4;
const ARRAY: u8 = 5;
const TABLE: u8 = 6;

impl Prepared {
    /// Writes one value: a tag byte, then little-endian `i64`/`f64`, or a string's `u32`
    /// byte offset and length in the text, or a `u32` count and the items (a table's items
    /// are key string, value). Converts as `Tree::parse_toml` does: dates become their TOML
    /// text, non-finite floats are refused.
    fn encode(&mut self, v: &toml::Value) -> Option<()> {
        match v {
            toml::Value::String(s) => self.string(s)?,
            toml::Value::Integer(i) => {
                self.tree.push(INT);
                self.tree.extend_from_slice(&i.to_le_bytes());
            }
            toml::Value::Float(f) => {
                if !f.is_finite() {
                    return None;
                }
                self.tree.push(FLOAT);
                self.tree.extend_from_slice(&f.to_le_bytes());
            }
            toml::Value::Boolean(b) => self.tree.push(if *b { TRUE } else { FALSE }),
            toml::Value::Datetime(d) => self.string(&d.to_string())?,
            toml::Value::Array(a) => {
                self.tree.push(ARRAY);
                self.count(a.len())?;
                for item in a {
                    self.encode(item)?;
                }
            }
            toml::Value::Table(t) => {
                self.tree.push(TABLE);
                self.count(t.len())?;
                for (k, v) in t {
                    self.string(k)?;
                    self.encode(v)?;
                }
            }
        }
        Some(())
    }

    fn count(&mut self, n: usize) -> Option<()> {
        self.tree
            .extend_from_slice(&u32::try_from(n).ok()?.to_le_bytes());
        Some(())
    }

    fn string(&mut self, s: &str) -> Option<()> {
        self.tree.push(STR);
        self.count(self.text.len())?;
        self.count(s.len())?;
        self.text.push_str(s);
        Some(())
    }
}
