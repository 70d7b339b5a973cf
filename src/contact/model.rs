//! Contact types, recurrence, and the contact alerts.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use serde::Serialize;
use uuid::Uuid;

use crate::carers::model::Location;
use crate::code_enum;
use crate::error::{AppError, AppResult};
use crate::text::required_text;

/// Days after the placement starts before contact should begin, unless the placement agreed
/// another period at its start (DESIGN §3.2).
pub const SETTLING_IN_DAYS: i32 = 7;
/// The settling-in periods a placement may agree (days).
pub const SETTLING_IN_RANGE: std::ops::RangeInclusive<i32> = 7..=14;
/// Most sessions in any 7-day window before an alert.
pub const MAX_SESSIONS_PER_WEEK: usize = 3;
/// Furthest a venue may be from the carers' home before an alert, in miles.
pub const MAX_TRAVEL_MILES: f64 = 20.0;

code_enum! {
    /// What kind of place a venue is.
    pub enum VenueKind {
        /// A supervised contact room or centre.
        ContactRoom = "CONTACT_ROOM",
        /// The birth family's home.
        FamilyHome = "FAMILY_HOME",
        /// A community setting (park, café, library…).
        Community = "COMMUNITY",
    }
}

/// A contact venue.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Venue {
    /// Internal id.
    #[serde(skip)]
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Kind of place.
    pub kind: VenueKind,
    /// Where it is.
    pub location: Location,
    /// Whether sessions can still be booked there.
    pub active: bool,
    /// Optimistic-concurrency version.
    #[serde(skip)]
    pub version: i32,
    /// Created.
    #[serde(skip)]
    pub created_at: DateTime<Utc>,
    /// Last changed.
    #[serde(skip)]
    pub updated_at: DateTime<Utc>,
}

code_enum! {
    /// What happened at a session.
    pub enum SessionOutcome {
        /// The session took place.
        Attended = "ATTENDED",
        /// The parent arrived late.
        ParentLate = "PARENT_LATE",
        /// The parent did not come.
        ParentDidNotAttend = "PARENT_DID_NOT_ATTEND",
        /// Called off beforehand (see `cancelledBy`).
        Cancelled = "CANCELLED",
    }
}

code_enum! {
    /// Who called a session off.
    pub enum CancelledBy {
        /// The birth parent.
        Parent = "PARENT",
        /// The carers.
        Carer = "CARER",
        /// The agency.
        Agency = "AGENCY",
        /// The court.
        Court = "COURT",
        /// Illness (child or adult).
        Illness = "ILLNESS",
    }
}

code_enum! {
    /// Day of the week, for recurring schedules.
    pub enum Weekday {
        /// Monday.
        Monday = "MONDAY",
        /// Tuesday.
        Tuesday = "TUESDAY",
        /// Wednesday.
        Wednesday = "WEDNESDAY",
        /// Thursday.
        Thursday = "THURSDAY",
        /// Friday.
        Friday = "FRIDAY",
        /// Saturday.
        Saturday = "SATURDAY",
        /// Sunday.
        Sunday = "SUNDAY",
    }
}

impl Weekday {
    fn days_from_monday(self) -> u32 {
        match self {
            Weekday::Monday => 0,
            Weekday::Tuesday => 1,
            Weekday::Wednesday => 2,
            Weekday::Thursday => 3,
            Weekday::Friday => 4,
            Weekday::Saturday => 5,
            Weekday::Sunday => 6,
        }
    }
}

/// A contact session.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// Internal id.
    #[serde(skip)]
    pub id: Uuid,
    /// The child's authority.
    #[serde(skip)]
    pub authority_id: Uuid,
    /// The placement.
    pub placement_id: Uuid,
    /// The venue.
    pub venue_id: Uuid,
    /// Scheduled start.
    pub starts_at: DateTime<Utc>,
    /// Scheduled end.
    pub ends_at: DateTime<Utc>,
    /// Venue's distance from the carers' home when scheduled, in miles.
    pub distance_miles: f64,
    /// Who supervises.
    pub supervisor: String,
    /// Whether the child's social worker is there.
    pub social_worker_present: bool,
    /// Who attends from the birth family (mother, father, named relatives).
    pub attendees: Vec<String>,
    /// What happened, once recorded.
    pub outcome: Option<SessionOutcome>,
    /// Who called it off (CANCELLED only).
    pub cancelled_by: Option<CancelledBy>,
    /// The carers handed the child over at the start.
    pub carer_handover_at_start: Option<bool>,
    /// The carers took the child back at the end.
    pub carer_handover_at_end: Option<bool>,
    /// The supervisor's observations (sensitive).
    #[serde(skip)]
    pub observations: Option<String>,
    /// When the outcome was recorded.
    pub recorded_at: Option<DateTime<Utc>>,
    /// Optimistic-concurrency version.
    #[serde(skip)]
    pub version: i32,
    /// Created.
    #[serde(skip)]
    pub created_at: DateTime<Utc>,
    /// Last changed.
    #[serde(skip)]
    pub updated_at: DateTime<Utc>,
}

impl Session {
    /// A cancelled session does not count towards frequency or settling in.
    pub fn takes_place(&self) -> bool {
        self.outcome != Some(SessionOutcome::Cancelled)
    }
}

/// What the agency plans for one session.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionPlan {
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Who supervises.
    pub supervisor: String,
    /// Whether the child's social worker will be there.
    pub social_worker_present: bool,
    /// Who attends from the birth family.
    pub attendees: Vec<String>,
}

impl SessionPlan {
    /// Checks and normalises the plan.
    pub fn check(self) -> AppResult<Self> {
        crate::dates::instant("input.startsAt", self.starts_at)?;
        crate::dates::instant("input.endsAt", self.ends_at)?;
        if self.ends_at <= self.starts_at {
            return Err(AppError::invalid("input.endsAt", "must be after the start"));
        }
        if self.ends_at - self.starts_at > Duration::hours(12) {
            return Err(AppError::invalid(
                "input.endsAt",
                "a session lasts at most 12 hours",
            ));
        }
        let mut attendees = Vec::new();
        for attendee in &self.attendees {
            let attendee = required_text(attendee, 100, "input.attendees")?;
            if attendee.contains('\n') {
                return Err(AppError::invalid(
                    "input.attendees",
                    "one attendee per entry",
                ));
            }
            attendees.push(attendee);
        }
        if attendees.is_empty() || attendees.len() > 10 {
            return Err(AppError::invalid(
                "input.attendees",
                "name between 1 and 10 attendees",
            ));
        }
        Ok(SessionPlan {
            supervisor: required_text(&self.supervisor, 100, "input.supervisor")?,
            attendees,
            ..self
        })
    }
}

/// A weekly schedule: the same local (UK) time on given weekdays, for some weeks.
#[derive(Clone, Debug)]
pub struct Recurrence {
    /// Days of the week.
    pub weekdays: Vec<Weekday>,
    /// Local start time (Europe/London).
    pub start_time: NaiveTime,
    /// Length of each session.
    pub duration_minutes: i64,
    /// First day of the schedule.
    pub from: NaiveDate,
    /// Number of weeks.
    pub weeks: u32,
}

/// Most sessions one schedule may create.
pub const MAX_SERIES_SESSIONS: usize = 100;

impl Recurrence {
    /// The sessions' (start, end) instants, in order. UK local times are converted with the
    /// daylight-saving rules of the day; a time that does not exist that day (clocks going
    /// forward) is refused.
    pub fn occurrences(&self) -> AppResult<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
        if self.weekdays.is_empty() {
            return Err(AppError::invalid("input.weekdays", "name at least one day"));
        }
        if !(1..=52).contains(&self.weeks) {
            return Err(AppError::invalid("input.weeks", "must be between 1 and 52"));
        }
        if !(15..=12 * 60).contains(&self.duration_minutes) {
            return Err(AppError::invalid(
                "input.durationMinutes",
                "must be between 15 and 720",
            ));
        }
        let mut out = Vec::new();
        let days = i64::from(self.weeks) * 7;
        for offset in 0..days {
            let beyond = || {
                AppError::invalid(
                    "input.from",
                    "the schedule runs past the dates this service accepts",
                )
            };
            let day = self
                .from
                .checked_add_signed(Duration::days(offset))
                .filter(|day| crate::dates::in_range(*day))
                .ok_or_else(beyond)?;
            let weekday = day.weekday().num_days_from_monday();
            if !self
                .weekdays
                .iter()
                .any(|w| w.days_from_monday() == weekday)
            {
                continue;
            }
            let local = day.and_time(self.start_time);
            let start = London
                .from_local_datetime(&local)
                .earliest()
                .ok_or_else(|| {
                    AppError::invalid(
                        "input.startTime",
                        format!("{local} does not exist in UK time"),
                    )
                })?
                .with_timezone(&Utc);
            let end = start
                .checked_add_signed(Duration::minutes(self.duration_minutes))
                .ok_or_else(beyond)?;
            out.push((start, end));
        }
        if out.len() > MAX_SERIES_SESSIONS {
            return Err(AppError::invalid(
                "input.weeks",
                format!("a schedule creates at most {MAX_SERIES_SESSIONS} sessions"),
            ));
        }
        Ok(out)
    }
}

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

/// Contact belongs to a placement: no session may fall on a UK day before the placement
/// started. `BAD_USER_INPUT` naming `field` and the placement's `startedOn` otherwise.
pub fn within_placement(
    plans: &[SessionPlan],
    started_on: NaiveDate,
    field: &str,
) -> AppResult<()> {
    match plans
        .iter()
        .map(|p| crate::dates::uk_date(p.starts_at))
        .min()
    {
        Some(first) if first < started_on => Err(AppError::invalid(
            field,
            format!("{first} is before the placement started (startedOn {started_on})"),
        )),
        _ => Ok(()),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn session(day: NaiveDate, miles: f64) -> Session {
        let starts_at = London
            .from_local_datetime(&day.and_hms_opt(10, 0, 0).expect("time"))
            .earliest()
            .expect("uk time")
            .with_timezone(&Utc);
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
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn kinds(alerts: &[ContactAlert]) -> Vec<ContactAlertKind> {
        alerts.iter().map(|a| a.kind).collect()
    }

    #[test]
    fn contact_on_day_seven_is_settled_and_day_six_is_not() {
        let start = date(2026, 3, 2);
        assert!(
            contact_alerts(start, SETTLING_IN_DAYS, &[session(date(2026, 3, 9), 1.0)]).is_empty()
        );
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
        assert!(
            contact_alerts(start, SETTLING_IN_DAYS, &[session(date(2026, 3, 2), 20.0)]).is_empty()
        );
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
}
