//! Fuzz target: one file of a user catalog (`--controls DIR`) → load with every check (see fuzz/src/entry.rs).
#![no_main]

#[path = "../src/entry.rs"]
mod entry;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entry::user_catalog(data));
