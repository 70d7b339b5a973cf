//! Supervised contact between a placed child and the birth family: venues and sessions.
//!
//! Invariants:
//! - Venues are agency-managed. An LA sees a venue only as the venue of one of its own
//!   children's sessions (a family home is a birth family's address).
//! - A session belongs to a placement and to the placement's authority (`authority_id`,
//!   composite foreign key). Agency roles schedule and record sessions; LA roles read their own.
//! - The venue's distance from the carers' home is computed when the session is scheduled and
//!   stored with it.
//! - A recurring schedule creates every one of its sessions in one transaction, or none.
//! - Alerts (DESIGN §3.2) never block: first contact earlier than 7 days after the placement
//!   started; more than 3 sessions in any 7-day window; a venue more than 20 miles away.
//! - A session's outcome is recorded once; a recorded session does not change again.
//! - Each session stores the alerts the rules raise on it, kept current by every write that
//!   can change them ([`alerts`]), so reports count alerts in SQL.

pub mod alert_rules;
pub mod alerts;
#[cfg(test)]
pub mod fixtures;
pub mod graphql;
pub mod model;
pub mod recording;
pub mod report;
pub mod store;
pub mod venues;
