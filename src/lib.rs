//! sansho turns Japan's "3-ministry" healthcare information-security guidelines into working
//! software: the requirements as a controls catalog, vendors' evidence validated and scored,
//! and the contractual documents (conformance disclosure, SLA draft, assessment report)
//! rendered from the same data.
//!
//! Data flows one way: [`catalog`] → [`evidence`] → [`score`] (against a hospital's
//! [`profile`] when given) → [`render`] and [`interchange`] (Excel questionnaire, OSCAL), with
//! [`cli`] and [`serve`] (the local web workbench) on top; a lower module never imports a higher one. [`compare`] summarizes several
//! scored vendors for [`render`] and [`interchange`]; [`audit`]
//! (diff, verify, manifests, signed bundles) sits above rendering. Shared plumbing sits
//! below them all: [`i18n`], [`diag`], [`input`], [`tree`], [`schema`], [`suggest`],
//! [`error`], [`output`], [`csv`].

#![warn(missing_docs)]
// sansho parses files from many hands; it has no unsafe code of its own, and this keeps it so.
#![forbid(unsafe_code)]
// A `Diagnostic` is returned by value as the error of single-problem checks on purpose: it
// is built once per problem, never on a hot path, and boxing it would only add noise.
#![allow(clippy::result_large_err)]

pub mod audit;
pub mod batch;
pub mod catalog;
pub mod cli;
pub mod compare;
pub mod csv;
pub mod diag;
pub mod error;
pub mod evidence;
pub mod i18n;
pub mod input;
pub mod interchange;
pub mod output;
pub mod profile;
pub mod render;
pub mod schema;
pub mod score;
pub mod serve;
pub mod suggest;
pub mod tree;

pub use error::{Error, Result};
