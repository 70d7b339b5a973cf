//! Placements: a child living with a carer household — first as a foster placement during
//! proceedings (the concurrent phase), then, if the court so decides, placed for adoption and
//! adopted by the same carers; or returned home.
//!
//! Lifecycle (DESIGN §3.1): `FOSTERING` → `PLACED_FOR_ADOPTION` (placement order or consent)
//! → `ADOPTED` (adoption order); `FOSTERING` | `PLACED_FOR_ADOPTION` → `RETURNED_TO_PARENT` |
//! `RETURNED_TO_RELATIVE` | `ENDED` (any other end, with a reason; a disruption is an ENDED
//! placement with a disruption reason). The last four are closed.
//!
//! Invariants:
//! - A placement starts from an AGREED match, in one transaction that also marks the match and
//!   the referral PLACED and the household PLACED. One open placement per child.
//! - A placement starts only for a born child, on or after its birth, the referral and the
//!   carers' approvals (`starting`).
//! - Dates in order: entered care ≤ started ≤ placement order ≤ placed for adoption ≤ adoption
//!   order; an end date is on or after every other date.
//! - Closing the household's last open placement makes the household APPROVED again.
//! - SSDA903 codes (placement type, provider, reason episode ceased) are derived, never stored.

#[cfg(test)]
pub mod fixtures;
pub mod graphql;
pub mod lifecycle;
pub mod milestone;
pub mod model;
pub mod practice_alerts;
pub mod starting;
pub mod store;
