//! Embeds the catalog folder: lists every `controls/*.toml` and `controls/sources/*.toml`
//! so that a new area or edition inventory is built in without editing a file list.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut entries = String::from("&[\n");
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
            println!("cargo:rerun-if-changed={}", root.join(&rel).display());
            let key = rel.trim_start_matches("controls/");
            let _ = writeln!(
                entries,
                "    ({key:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?}))),",
                format!("/{rel}")
            );
        }
    }
    entries.push(']');
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo"))
        .join("embedded_controls.rs");
    std::fs::write(out, entries).expect("OUT_DIR is writable");
}
