//! Outcome reporting (DESIGN §3.3): the programme's figures per period and authority, the
//! agency's carer-recruitment picture, and their GraphQL queries.
//!
//! Invariants:
//! - Figures are computed in the database in a fixed number of queries per report, never one
//!   round trip per child; each query filters `authority_id` in SQL.
//! - LA roles see their own authority only: the `authority` argument can narrow an agency
//!   report, never widen an LA one (another authority answers `NOT_FOUND`).
//! - Each figure's definition is its doc comment in `model.rs` (the GraphQL description).

pub mod graphql;
pub mod measures;
mod mix;
pub mod model;
pub mod query;
pub mod recruitment;
pub mod sql;
pub mod store;
pub mod timeliness;
