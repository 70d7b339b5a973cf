//! Children referred to the programme: the LA's own record of the child, keyed by the LA's
//! child reference.
//!
//! Invariants:
//! - A child belongs to exactly one authority (`authority_id`, taken from the Scope, immutable).
//! - `la_reference` (≤ 20 characters, the SSDA903 CHILD id) is unique within its authority; a
//!   referral naming an existing reference links to that child.
//! - A child has a date of birth, or (unborn) an expected date of birth, or both.
//! - Codes follow SSDA903: ethnicity (WBRI…NOBT), legal status (C1, C2, E1, …).
//! - After the referral the record is kept up to date by `updateChild`, `recordBirth` and
//!   `recordEntryToCare` (rules in `changes.rs`, writes in `record.rs`), each at the version
//!   read, audited, and checked against the child's referrals and placements.

pub mod changes;
pub mod graphql;
pub mod model;
pub mod mutations;
pub mod record;
pub mod store;
