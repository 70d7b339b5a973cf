//! Contact types and weekly recurrence; the contact alert rules are in `alert_rules.rs`.

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

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
