//! Sessions for unit tests of the contact rules; compiled only for tests.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::model::Session;

/// A scheduled two-hour session starting at `starts_at`, `miles` from the carers' home, with
/// nothing recorded yet.
pub fn session_at(starts_at: DateTime<Utc>, miles: f64) -> Session {
    Session {
        id: Uuid::now_v7(),
        authority_id: Uuid::nil(),
        placement_id: Uuid::nil(),
        venue_id: Uuid::nil(),
        starts_at,
        ends_at: starts_at + Duration::hours(2),
        distance_miles: miles,
        supervisor: "S".into(),
        social_worker_present: false,
        attendees: vec!["Mother".into()],
        outcome: None,
        cancelled_by: None,
        carer_handover_at_start: None,
        carer_handover_at_end: None,
        observations: None,
        recorded_at: None,
        version: 1,
        created_at: starts_at,
        updated_at: starts_at,
    }
}
