//! The contact alert rules, pure: contact before the settling-in period is over, more than three
//! sessions in a week of the UK wall clock, a venue too far from the carers' home. They read a
//! session through [`Timed`], so the same rules run over full sessions and over the few columns
//! the outcome report loads.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::London;
use uuid::Uuid;

use super::model::{MAX_SESSIONS_PER_WEEK, MAX_TRAVEL_MILES, Session, SessionOutcome};
use crate::code_enum;

code_enum! {
    /// Kinds of contact alert.
    pub enum ContactAlertKind {
        /// Contact earlier than 7 days after the placement started.
        SettlingIn = "SETTLING_IN",
        /// More than 3 sessions in a 7-day window.
        Frequency = "FREQUENCY",
        /// Venue more than 20 miles from the carers' home.
        Travel = "TRAVEL",
    }
}

/// A contact alert, on one session.
#[derive(Clone, Debug, PartialEq)]
pub struct ContactAlert {
    /// What kind.
    pub kind: ContactAlertKind,
    /// The session it is about.
    pub session_id: Uuid,
    /// What to look at.
    pub message: String,
}

/// What the alert rules read of a session: a full [`Session`], or the few columns the outcome
/// report loads for a whole period ([`SessionTiming`]).
pub trait Timed {
    /// Session id.
    fn id(&self) -> Uuid;
    /// Start.
    fn starts_at(&self) -> DateTime<Utc>;
    /// Not cancelled.
    fn takes_place(&self) -> bool;
    /// Venue distance from the carers' home.
    fn distance_miles(&self) -> f64;
}

impl Timed for Session {
    fn id(&self) -> Uuid {
        self.id
    }
    fn starts_at(&self) -> DateTime<Utc> {
        self.starts_at
    }
    fn takes_place(&self) -> bool {
        Session::takes_place(self)
    }
    fn distance_miles(&self) -> f64 {
        self.distance_miles
    }
}

/// The columns of a session the alert rules need.
#[derive(Clone, Debug)]
pub struct SessionTiming {
    /// Session id.
    pub id: Uuid,
    /// Its placement.
    pub placement_id: Uuid,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// Recorded outcome.
    pub outcome: Option<SessionOutcome>,
    /// Venue distance from the carers' home.
    pub distance_miles: f64,
}

impl Timed for SessionTiming {
    fn id(&self) -> Uuid {
        self.id
    }
    fn starts_at(&self) -> DateTime<Utc> {
        self.starts_at
    }
    fn takes_place(&self) -> bool {
        self.outcome != Some(SessionOutcome::Cancelled)
    }
    fn distance_miles(&self) -> f64 {
        self.distance_miles
    }
}

/// The same time on the UK wall clock seven days after `at`: a week is counted as people in
/// England count it, so a week that spans a clock change is 167 or 169 hours long.
pub fn uk_week_after(at: DateTime<Utc>) -> DateTime<Utc> {
    let local = at.with_timezone(&London).naive_local() + Duration::days(7);
    London
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        // A time in the hour the clocks skip: the instant an hour later on the wall clock.
        .or_else(|| {
            London
                .from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
                .map(|t| t.with_timezone(&Utc))
        })
        .unwrap_or(at + Duration::days(7))
}

/// The alerts for a placement started on `started_on`, with a settling-in period of
/// `settling_in_days` agreed at its start, and these sessions (any order).
pub fn contact_alerts<S: Timed>(
    started_on: NaiveDate,
    settling_in_days: i32,
    sessions: &[S],
) -> Vec<ContactAlert> {
    let mut held: Vec<&S> = sessions.iter().filter(|s| s.takes_place()).collect();
    held.sort_by_key(|s| (s.starts_at(), s.id()));
    let mut alerts = Vec::new();
    let settled_on = started_on + Duration::days(i64::from(settling_in_days));
    let mut crowded = vec![false; held.len()];
    for (i, first) in held.iter().enumerate() {
        let window_end = uk_week_after(first.starts_at());
        let in_window: Vec<usize> = (i..held.len())
            .take_while(|&j| held[j].starts_at() < window_end)
            .collect();
        if in_window.len() > MAX_SESSIONS_PER_WEEK {
            for j in in_window {
                crowded[j] = true;
            }
        }
    }
    for (session, crowded) in held.iter().zip(crowded) {
        if crate::dates::uk_date(session.starts_at()) < settled_on {
            alerts.push(ContactAlert {
                kind: ContactAlertKind::SettlingIn,
                session_id: session.id(),
                message: format!("contact before the settling-in period ends on {settled_on}"),
            });
        }
        if crowded {
            alerts.push(ContactAlert {
                kind: ContactAlertKind::Frequency,
                session_id: session.id(),
                message: format!("more than {MAX_SESSIONS_PER_WEEK} sessions within 7 days"),
            });
        }
    }
    for session in sessions {
        if session.distance_miles() > MAX_TRAVEL_MILES {
            alerts.push(ContactAlert {
                kind: ContactAlertKind::Travel,
                session_id: session.id(),
                message: format!(
                    "venue is {:.1} miles from the carers' home (more than {MAX_TRAVEL_MILES})",
                    session.distance_miles()
                ),
            });
        }
    }
    alerts
}
