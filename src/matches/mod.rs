//! Matches: the agency proposes a carer household for an accepted referral; the child's
//! authority — whose statutory decision it is — agrees or rejects; an agreed match is what a
//! placement starts from.
//!
//! Lifecycle: `PROPOSED` → `AGREED` | `REJECTED` (LA_STAFF of the child's authority, rejection
//! with a reason) | `WITHDRAWN` (agency, with a reason); `AGREED` → `PLACED` (a placement starts)
//! | `WITHDRAWN`. Anything else is a `CONFLICT`.
//!
//! Invariants:
//! - A match belongs to the child's authority (`authority_id` from the referral, composite
//!   foreign keys to the referral and the child).
//! - At most one live (proposed or agreed) match per referral.
//! - Only a dually approved household with free capacity can be proposed; a second child in a
//!   two-sibling household must be a sibling (same authority and sibling group) of the first.

pub mod graphql;
pub mod model;
pub mod store;
