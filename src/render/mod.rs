//! Rendering: Markdown (Tera), HTML and PDF.
pub mod pdf;
