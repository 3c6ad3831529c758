//! Evidence files: the vendor's answers, documents and service levels, how they are loaded
//! and checked, and the template `sansho init` writes.

mod draft;
mod init;
mod load;
pub mod migrate;
mod model;
#[cfg(test)]
mod schema_tests;

pub use draft::{check_value, evidence_of};
pub use init::{parse_scope, template, to_toml, toml_string, InitOptions};
pub use load::relative_inside;
pub use load::{
    check, check_source, file_states, hash_document, load, locate_document, DocumentProblem,
    FileState, LoadOptions, LoadedEvidence, MAX_DOCUMENT_BYTES,
};
pub use model::*;
