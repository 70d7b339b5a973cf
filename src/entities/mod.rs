//! sea-orm entities: a mirror of the tables, one file per table. No logic, no GraphQL derives.
//! Only the aggregates' `store.rs` files import these; they convert rows into domain types.

pub mod adoption_decisions;
pub mod assessments;
pub mod audit_events;
pub mod authorities;
pub mod carer_households;
pub mod children;
pub mod contact_sessions;
pub mod contact_venues;
pub mod court_orders;
pub mod extensions;
pub mod hearings;
pub mod idempotency_keys;
pub mod matches;
pub mod placements;
pub mod post_adoption_contact;
pub mod proceedings;
pub mod referrals;
pub mod support_work;
