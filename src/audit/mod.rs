//! The audit trail: who changed what, when, on whose records.
//!
//! Invariants:
//! - Every mutation writes its event through [`store::record`] inside the change's own
//!   transaction, so an event exists exactly when its change does.
//! - An event's `authority_id` is the authority owning the changed record (none for
//!   agency-owned records such as authorities themselves); LA callers read only events on
//!   their own records, agency callers read all.
//! - Events are append-only: nothing updates or deletes them.

pub mod feed;
pub mod graphql;
pub mod model;
pub mod store;
