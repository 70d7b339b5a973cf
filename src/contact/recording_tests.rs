//! The recording rule on its own: who cancelled, once only, not before the session starts, and
//! observations kept out of the audit change set.

use chrono::{Duration, TimeZone, Utc};

use super::*;

fn scheduled(starts_in_hours: i64) -> Session {
    let now = Utc
        .with_ymd_and_hms(2026, 12, 4, 10, 0, 0)
        .single()
        .unwrap_or_default();
    let starts_at = now + Duration::hours(starts_in_hours);
    crate::contact::fixtures::session_at(starts_at, 3.0)
}

fn record(outcome: SessionOutcome, cancelled_by: Option<CancelledBy>) -> SessionRecord {
    SessionRecord {
        outcome,
        cancelled_by,
        carer_handover_at_start: Some(true),
        carer_handover_at_end: None,
        social_worker_present: None,
        observations: Some("Fed the baby and sang".into()),
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0)
        .single()
        .unwrap_or_default()
}

#[test]
fn a_canceller_goes_with_a_cancellation_and_only_with_one() {
    let field = |r: SessionRecord| match r.check() {
        Err(AppError::Invalid { field, .. }) => field,
        Err(other) => other.code().to_owned(),
        Ok(()) => "ok".to_owned(),
    };
    assert_eq!(
        field(record(SessionOutcome::Cancelled, None)),
        "input.cancelledBy"
    );
    assert_eq!(
        field(record(SessionOutcome::Attended, Some(CancelledBy::Parent))),
        "input.cancelledBy"
    );
    assert_eq!(
        field(record(SessionOutcome::Cancelled, Some(CancelledBy::Parent))),
        "ok"
    );
    assert_eq!(field(record(SessionOutcome::Attended, None)), "ok");
}

#[test]
fn an_outcome_is_recorded_once_and_not_before_the_session_starts() {
    let early = record(SessionOutcome::Attended, None).apply(&scheduled(2), now());
    assert!(matches!(early, Err(AppError::Invalid { field, .. }) if field == "input.outcome"));
    let called_off = record(SessionOutcome::Cancelled, Some(CancelledBy::Parent));
    let Ok(cancelled) = called_off.apply(&scheduled(2), now()) else {
        panic!("a future session can be cancelled");
    };
    assert_eq!(cancelled.outcome, Some(SessionOutcome::Cancelled));
    let Ok(held) = record(SessionOutcome::Attended, None).apply(&scheduled(-2), now()) else {
        panic!("a past session can be recorded");
    };
    assert_eq!((held.version, held.recorded_at), (2, Some(now())));
    let again = record(SessionOutcome::Attended, None).apply(&held, now());
    assert!(matches!(again, Err(AppError::Conflict(_))));
    let changes = recorded_changes(&scheduled(-2), &held).to_json_string();
    assert!(changes.contains("observationsRecorded"), "{changes}");
    assert!(
        !changes.contains("sang"),
        "observations stay out of the audit: {changes}"
    );
}
