//! Embeds the catalog folder, twice:
//!
//! - `embedded_controls.rs` lists every `controls/*.toml` and `controls/sources/*.toml` as
//!   text, so that a new area or edition inventory is built in without editing a file list;
//!   the fully checked load (with positions, schemas and meaning checks) reads these.
//! - `embedded_prepared.rs` lists the same files already parsed, in the compact binary form
//!   of `src/catalog/prepared.rs` (format described there), so that an ordinary run loads the
//!   catalog without parsing TOML or tracking positions. The conversion is generic (a TOML
//!   value as a tagged tree, converted as `src/tree.rs` converts): it knows nothing of the
//!   catalog's Rust types, which a build script cannot use, so a change to them flows through
//!   with no edit here. A file TOML cannot parse is left out of the
//!   prepared list, and the binary then falls back to the checked load, which reports the
//!   problem with its line and column. `catalog::load`'s tests prove the prepared form equals
//!   the checked load of `controls/` (see controls/README.md).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo");
    let out_dir = Path::new(&out_dir);
    let mut texts = String::from("&[\n");
    let mut prepared = String::from("&[\n");
    let mut complete = true;
    for sub in ["controls", "controls/sources"] {
        let dir = root.join(sub);
        println!("cargo:rerun-if-changed={}", dir.display());
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut names: Vec<String> = read
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        names.sort();
        for name in names {
            let rel = format!("{sub}/{name}");
            let path = root.join(&rel);
            println!("cargo:rerun-if-changed={}", path.display());
            let key = rel.trim_start_matches("controls/");
            let _ = writeln!(
                texts,
                "    ({key:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?}))),",
                format!("/{rel}")
            );
            match std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| prepare(&t))
            {
                Some((tree, strings)) => {
                    let file = format!("prepared-{}", key.replace('/', "-"));
                    std::fs::write(out_dir.join(format!("{file}.bin")), tree)
                        .expect("OUT_DIR is writable");
                    std::fs::write(out_dir.join(format!("{file}.txt")), strings)
                        .expect("OUT_DIR is writable");
                    let _ = writeln!(
                        prepared,
                        "    ({key:?}, include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{file}.bin\")), \
                         include_str!(concat!(env!(\"OUT_DIR\"), \"/{file}.txt\"))),"
                    );
                }
                None => complete = false,
            }
        }
    }
    texts.push(']');
    prepared.push(']');
    std::fs::write(out_dir.join("embedded_controls.rs"), texts).expect("OUT_DIR is writable");
    let prepared = if complete {
        format!("Some({prepared})")
    } else {
        "None".to_string()
    };
    std::fs::write(out_dir.join("embedded_prepared.rs"), prepared).expect("OUT_DIR is writable");
}

include!("src/catalog/prepared_encode.rs");
