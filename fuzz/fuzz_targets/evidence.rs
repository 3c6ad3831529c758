//! Fuzz target: evidence bytes → validate → score → Markdown and HTML disclosure (see fuzz/src/entry.rs).
#![no_main]

#[path = "../src/entry.rs"]
mod entry;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entry::evidence(data, false));
