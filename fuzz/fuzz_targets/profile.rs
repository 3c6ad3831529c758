//! Fuzz target: a hospital profile → parse against the built-in catalog (see fuzz/src/entry.rs).
#![no_main]

#[path = "../src/entry.rs"]
mod entry;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entry::profile(data));
