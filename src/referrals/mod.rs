//! Referrals: an authority asks the programme to find early-permanence carers for a child.
//!
//! Lifecycle (DESIGN §3.1):
//! `SUBMITTED` → `ACCEPTED` | `DECLINED` (agency, decline with a reason);
//! `SUBMITTED` | `ACCEPTED` → `WITHDRAWN` (the LA, with a reason);
//! `ACCEPTED` → `PLACED` (when a placement starts) → `CLOSED` (when the placement ends without
//! adoption; the child may then be referred again — `period`). Any other move is a `CONFLICT`
//! and changes nothing.
//!
//! Invariants:
//! - A referral and its child belong to the same authority (also a composite foreign key).
//! - Eligibility (DESIGN §3.2): the child is unborn, or aged 0–24 months on the referral date.
//! - A spot-purchase authority's referral carries a purchase-order reference.
//! - A child has at most one open referral (SUBMITTED, ACCEPTED or PLACED) at a time.
//! - Submission is idempotent per authority and `idempotencyKey`: the same key with the same
//!   input returns the first referral; with different input it is a `CONFLICT`.

pub mod graphql;
pub mod lifecycle;
pub mod model;
pub mod period;
pub mod store;

pub mod submit;
