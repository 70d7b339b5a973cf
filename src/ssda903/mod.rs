//! The SSDA903-shaped extract: for one authority and one collection year (1 April – 31 March),
//! the Header, Episodes (all 13 columns, from each entry to care), AD1 and PlacedAdoption rows
//! of the children placed through the programme, and
//! the findings of the DfE validator rules that apply to an early-permanence journey
//! (`../shared/reference/domain.md` §1.3–§1.5), as GraphQL data and as CSV.
//!
//! Invariants:
//! - One authority per extract: LA roles get their own; agency roles must name one. Every load
//!   filters `authority_id` in SQL; another authority answers `NOT_FOUND`.
//! - Rows are derived from the recorded dates (placement, court orders, adoption decisions) by
//!   pure functions in `episodes.rs`; nothing is stored. A rule the data breaks is reported as
//!   a finding, never silently "fixed".

mod adoption;
pub mod csv;
pub mod episodes;
pub mod graphql;
pub mod header;
pub mod rows;
pub mod rules;
pub mod store;
mod timeline;
