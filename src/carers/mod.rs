//! Carer households: the agency's own records of carers approved both to foster and to adopt.
//!
//! Lifecycle (DESIGN §3.1, extended with the enquiry stage):
//! `ENQUIRY` → `IN_ASSESSMENT` → `APPROVED` (both approvals recorded) → `PLACED` (a placement
//! starts) → `APPROVED` (the last placement ends) | `CLOSED`. `ENQUIRY`, `IN_ASSESSMENT` and
//! `APPROVED` can also be `CLOSED` (with a reason). `PLACED` is entered and left only by
//! placements starting and ending.
//!
//! Invariants:
//! - Households carry no `authority_id`: agency roles create, read and change them.
//! - An LA sees a household's full record only while it is matched with, or has held a
//!   placement of, one of the LA's own children; otherwise only the anonymised
//!   `availableHouseholds` view (no names, no coordinates, distance rounded to whole miles).
//! - A household takes one child, or two siblings (same authority and sibling group), at a time.

pub mod available;
pub mod graphql;
pub mod lifecycle;
pub mod model;
pub mod store;
