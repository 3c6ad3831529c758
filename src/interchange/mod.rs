//! Interchange with the tools vendors and hospitals already use: an Excel questionnaire that
//! round-trips to an evidence file, and NIST OSCAL 1.2.1 documents (catalog, profile,
//! assessment results, POA&M) that other compliance tooling reads.
//!
//! It sits beside [`crate::render`]: it reads the catalog, evidence files and score reports
//! (never recomputing a score) and reuses the renderer's SLA vocabulary, and only the CLI
//! calls it.

pub mod oscal;
pub mod xlsx;

/// A library error for a workbook that could not be produced (an internal limit of the
/// xlsx writer, never a vendor's input).
pub(crate) fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> crate::Error {
    crate::Error::Render(crate::text!(
        ["Excel ブックを作成できませんでした: {e}"],
        ["the workbook could not be written: {e}"]
    ))
}
