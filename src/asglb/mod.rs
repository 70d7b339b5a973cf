//! The ASGLB (Adoption & Special Guardianship Leadership Board) quarterly child-level return
//! (issue 14, item 9): for one authority and one quarter, each child placed with early-permanence
//! carers and the dates of the steps of its journey, as GraphQL and as CSV.
//!
//! Invariants: scoped exactly like the SSDA903 extract — LA roles get their own authority, agency
//! roles name one, another authority answers like a missing one; the return is a pure function
//! (`model::build`) of records loaded through the scoped stores.

pub mod csv;
pub mod graphql;
pub mod model;
pub mod store;
