//! Local authorities: the tenants of the service, identified by their DfE LA number.
//!
//! Invariants:
//! - `code` (the DfE number, three digits) is unique and never changes.
//! - Agency roles see every authority; an LA caller sees only its own (the Scope's id).
//! - Only AGENCY_ADMIN creates or changes authorities. A deactivated authority's tokens are
//!   refused at authentication; its records stay.
//! - Partnership: `PARTNER` authorities refer routinely; `SPOT_PURCHASE` authorities buy single
//!   placements and must give a purchase-order reference with each referral.

pub mod graphql;
pub mod model;
pub mod store;
