//! Unit tests of `contact/model.rs`: its rules on their own, no database.

use super::*;
use crate::contact::alert_rules::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn session(day: NaiveDate, miles: f64) -> Session {
    let starts_at = London
        .from_local_datetime(&day.and_hms_opt(10, 0, 0).expect("time"))
        .earliest()
        .expect("uk time")
        .with_timezone(&Utc);
    crate::contact::fixtures::session_at(starts_at, miles)
}

fn kinds(alerts: &[ContactAlert]) -> Vec<ContactAlertKind> {
    alerts.iter().map(|a| a.kind).collect()
}

#[test]
fn contact_on_day_seven_is_settled_and_day_six_is_not() {
    let start = date(2026, 3, 2);
    assert!(contact_alerts(start, SETTLING_IN_DAYS, &[session(date(2026, 3, 9), 1.0)]).is_empty());
    assert_eq!(
        kinds(&contact_alerts(
            start,
            SETTLING_IN_DAYS,
            &[session(date(2026, 3, 8), 1.0)]
        )),
        [ContactAlertKind::SettlingIn]
    );
}

#[test]
fn a_session_before_the_placement_started_is_refused() {
    let plan = |day: NaiveDate| {
        let s = session(day, 1.0);
        SessionPlan {
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            supervisor: "S".into(),
            social_worker_present: false,
            attendees: vec!["Mother".into()],
        }
    };
    let started = date(2026, 3, 30);
    assert!(within_placement(&[plan(date(2026, 3, 30))], started, "f").is_ok());
    let early = within_placement(
        &[plan(date(2026, 4, 2)), plan(date(2026, 3, 29))],
        started,
        "f",
    );
    assert!(matches!(early, Err(AppError::Invalid { field, .. }) if field == "f"));
}

#[test]
fn the_placements_own_settling_in_period_counts() {
    let start = date(2026, 3, 2);
    let day = |n| session(start + Duration::days(n), 1.0);
    assert_eq!(
        kinds(&contact_alerts(start, 14, &[day(13)])),
        [ContactAlertKind::SettlingIn]
    );
    assert!(contact_alerts(start, 14, &[day(14)]).is_empty());
    assert!(contact_alerts(start, 10, &[day(10)]).is_empty());
}

#[test]
fn three_sessions_a_week_are_fine_and_four_are_not() {
    let start = date(2026, 1, 1);
    let monday = date(2026, 3, 2);
    let three: Vec<Session> = [0, 2, 4]
        .iter()
        .map(|d| session(monday + Duration::days(*d), 1.0))
        .collect();
    assert!(contact_alerts(start, SETTLING_IN_DAYS, &three).is_empty());
    let mut spread = three.clone();
    spread.push(session(monday + Duration::days(7), 1.0));
    assert!(
        contact_alerts(start, SETTLING_IN_DAYS, &spread).is_empty(),
        "day 7 starts a new window"
    );
    let mut four = three;
    four.push(session(monday + Duration::days(6), 1.0));
    let alerts = contact_alerts(start, SETTLING_IN_DAYS, &four);
    assert_eq!(alerts.len(), 4);
    assert!(alerts.iter().all(|a| a.kind == ContactAlertKind::Frequency));
}

#[test]
fn a_monday_wednesday_friday_series_across_either_clock_change_is_three_a_week() {
    let start = date(2026, 1, 1);
    // 2026: clocks go forward on Sunday 29 March and back on Sunday 25 October.
    for monday in [date(2026, 3, 16), date(2026, 10, 12)] {
        let series: Vec<Session> = (0..4)
            .flat_map(|week| [0, 2, 4].map(|d| monday + Duration::days(7 * week + d)))
            .map(|day| session(day, 1.0))
            .collect();
        assert!(
            contact_alerts(start, SETTLING_IN_DAYS, &series).is_empty(),
            "three sessions a UK week from {monday}"
        );
        // A fourth session in one of the weeks that spans the change is still caught.
        let mut four = series.clone();
        four.push(session(monday + Duration::days(7 + 6), 1.0));
        assert!(
            kinds(&contact_alerts(start, SETTLING_IN_DAYS, &four))
                .contains(&ContactAlertKind::Frequency)
        );
    }
}

#[test]
fn a_week_on_the_uk_clock_is_167_or_169_hours_across_a_change() {
    let at = |m, d, h| {
        Utc.with_ymd_and_hms(2026, m, d, h, 0, 0)
            .single()
            .expect("instant")
    };
    assert_eq!(
        uk_week_after(at(3, 23, 10)) - at(3, 23, 10),
        Duration::hours(167)
    );
    assert_eq!(
        uk_week_after(at(10, 19, 9)) - at(10, 19, 9),
        Duration::hours(169)
    );
    assert_eq!(
        uk_week_after(at(6, 1, 9)) - at(6, 1, 9),
        Duration::hours(168)
    );
}

#[test]
fn a_cancelled_session_does_not_count() {
    let start = date(2026, 1, 1);
    let monday = date(2026, 3, 2);
    let mut four: Vec<Session> = [0, 1, 2, 3]
        .iter()
        .map(|d| session(monday + Duration::days(*d), 1.0))
        .collect();
    four[3].outcome = Some(SessionOutcome::Cancelled);
    assert!(contact_alerts(start, SETTLING_IN_DAYS, &four).is_empty());
}

#[test]
fn twenty_miles_is_fine_and_more_is_not() {
    let start = date(2026, 1, 1);
    assert!(contact_alerts(start, SETTLING_IN_DAYS, &[session(date(2026, 3, 2), 20.0)]).is_empty());
    assert_eq!(
        kinds(&contact_alerts(
            start,
            SETTLING_IN_DAYS,
            &[session(date(2026, 3, 2), 20.01)]
        )),
        [ContactAlertKind::Travel]
    );
}

#[test]
fn a_weekly_schedule_keeps_uk_wall_clock_time_across_the_clock_change() {
    let recurrence = Recurrence {
        weekdays: vec![Weekday::Monday, Weekday::Wednesday, Weekday::Friday],
        start_time: NaiveTime::from_hms_opt(10, 0, 0).expect("time"),
        duration_minutes: 120,
        from: date(2026, 3, 23),
        weeks: 2,
    };
    let sessions = recurrence.occurrences().expect("valid");
    assert_eq!(sessions.len(), 6);
    // 27 March 2026 is GMT (10:00 UTC); 30 March is BST (09:00 UTC).
    assert_eq!(sessions[2].0.to_rfc3339(), "2026-03-27T10:00:00+00:00");
    assert_eq!(sessions[3].0.to_rfc3339(), "2026-03-30T09:00:00+00:00");
    assert_eq!(sessions[3].1 - sessions[3].0, Duration::hours(2));
}

#[test]
fn a_schedule_is_bounded() {
    let recurrence = Recurrence {
        weekdays: Weekday::ALL.to_vec(),
        start_time: NaiveTime::from_hms_opt(10, 0, 0).expect("time"),
        duration_minutes: 60,
        from: date(2026, 1, 5),
        weeks: 20,
    };
    assert!(
        recurrence.occurrences().is_err(),
        "140 sessions is too many"
    );
}
