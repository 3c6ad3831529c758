//! Evidence files: the vendor's answers, documents and service levels.

mod model;

pub use model::*;
