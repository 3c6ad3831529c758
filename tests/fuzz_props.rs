//! The fuzz targets' entry points (fuzz/src/entry.rs, shared word for word) as bounded
//! proptest properties, so that every `cargo test` runs them: hostile evidence, profiles and
//! user catalogs never panic, a refusal always says why, an accepted file scores in 0–100 and
//! renders with no raw control character. Inputs are the samples and `tests/bad/` mutated
//! byte by byte (what the fuzzer starts from), plus strings from TOML-ish fragments.

#[path = "../fuzz/src/entry.rs"]
mod entry;

use proptest::prelude::*;
use std::path::Path;

/// The files of `dir` whose names start with `prefix` and end with `ext`, sorted.
fn files(dir: &str, prefix: &str, ext: &str) -> Vec<Vec<u8>> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            p.is_file() && n.starts_with(prefix) && n.ends_with(ext)
        })
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no {prefix}*{ext} in {dir}");
    names
        .iter()
        .map(|p| std::fs::read(p).expect("read"))
        .collect()
}

fn evidence_seeds() -> Vec<Vec<u8>> {
    let mut seeds = files("tests/bad", "", ".toml");
    seeds.extend(files("tests/bad", "", ".json"));
    for s in ["strong", "typical", "weak"] {
        seeds.push(std::fs::read(format!("samples/{s}/evidence.toml")).expect("sample"));
    }
    seeds
}

/// A seed with a few bytes overwritten, inserted or cut: what a fuzzer's first mutations do.
fn mutated(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    let n = seeds.len();
    (
        0..n,
        proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 0..6),
    )
        .prop_map(move |(i, edits)| {
            let mut b = seeds[i].clone();
            for (at, byte, kind) in edits {
                let at = if b.is_empty() { 0 } else { at % b.len() };
                match kind {
                    0 if !b.is_empty() => b[at] = byte,
                    1 => b.insert(at, byte),
                    _ => {
                        let end = (at + usize::from(byte)).min(b.len());
                        b.drain(at..end);
                    }
                }
            }
            b
        })
}

const FRAGMENTS: &[&str] = &[
    "[vendor]\n",
    "name = \"A\"\n",
    "service = \"S\"\n",
    "prepared_on = 2026-11-01\n",
    "[answers.TEC-01]\n",
    "status = \"implemented\"\n",
    "status = \"partial\"\n",
    "[answers.TEC-1000]\n",
    "[[documents]]\n",
    "id = \"d1\"\n",
    "path = \"../x\"\n",
    "evidence = [\"d1\"]\n",
    "[sla]\n",
    "availability_percent = 1e309\n",
    "rto_hours = -0.0\n",
    "statement = \"\\u001b[2J{{ x }}<script>\"\n",
    "= \n",
    "\"\n",
    "\u{0}",
    "\r",
    "{\"a\": [",
];

fn fragments() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<bool>(),
        proptest::collection::vec(0..FRAGMENTS.len(), 0..16),
    )
        .prop_map(|(json, picks)| {
            let mut b = vec![u8::from(json)];
            for i in picks {
                b.extend(FRAGMENTS[i].as_bytes());
            }
            b
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn evidence_from_mutated_seeds(mut bytes in mutated(evidence_seeds()), json in any::<bool>()) {
        bytes.insert(0, u8::from(json));
        entry::evidence(&bytes, false);
    }

    #[test]
    fn evidence_from_fragments(bytes in fragments()) {
        entry::evidence(&bytes, false);
    }

    #[test]
    fn profiles(bytes in mutated([files("samples/profiles", "", ".toml"), files("tests/bad", "profile-", "")].concat())) {
        entry::profile(&bytes);
    }

    #[test]
    fn user_catalogs(bytes in mutated(files("tests/fixtures/score/controls", "", ".toml")), pick in any::<u8>()) {
        let mut data = vec![pick];
        data.extend(bytes);
        entry::user_catalog(&data);
    }
}

proptest! {
    // A PDF is a few tens of milliseconds: fewer cases.
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn evidence_to_pdf(mut bytes in mutated(evidence_seeds())) {
        bytes.insert(0, 0);
        entry::evidence(&bytes, true);
    }
}

#[test]
fn every_seed_passes_the_properties() {
    for b in evidence_seeds() {
        for first in [0u8, 1] {
            let mut data = vec![first];
            data.extend(&b);
            entry::evidence(&data, false);
        }
    }
    assert!(
        Path::new("fuzz/seed.sh").is_file(),
        "the fuzz corpus script"
    );
}
