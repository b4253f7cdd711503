//! saydo: check what a privacy policy says against what an organisation does.
//!
//! The pipeline runs one way (see `docs/` and DESIGN.md): policy files are read into
//! [`document::Document`]s, [`extract`] turns their sentences into declarations, and
//! [`report`] renders them. Every stage depends only on the stages before it and on
//! [`vocab`], the taxonomies and entity registry both sides are expressed in.

pub mod audit;
pub mod cli;
pub mod compare;
pub mod document;
pub mod extract;
pub mod history;
pub mod input;
pub mod practice;
pub mod report;
pub mod scan;
#[doc(hidden)]
pub mod shared_data;
pub mod survey;
pub mod vocab;

/// Version of the JSON shapes saydo prints; bumped when a field changes meaning.
pub const SCHEMA_VERSION: u32 = 1;
