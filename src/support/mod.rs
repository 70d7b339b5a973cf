//! After and around the placement: post-adoption contact arrangements for adopted children, and
//! the log of support work given to birth parents and carers.
//!
//! Invariants:
//! - Both belong to the child's authority (composite foreign key to the child).
//! - A post-adoption contact arrangement is made only for a child whose placement ended in
//!   adoption. Agency roles and the child's LA_STAFF record it; LA_READONLY reads.
//! - Support work is logged by agency roles (the agency gives the support); the child's LA reads
//!   it. Entries are append-only. Notes are sensitive: they never enter the audit trail.

pub mod graphql;
pub mod model;
pub mod store;
