//! Dates and instants as the service accepts them: within 1900-01-01 … 2200-12-31, and "today"
//! as people in England count it (Europe/London), not as UTC does.
//!
//! Invariants: every `Date` and `DateTime` a client sends is inside [`EARLIEST`] … [`LATEST`]
//! (so day arithmetic on it cannot overflow and both database backends store it alike); a date
//! recording something that has happened is not after [`today_uk`].

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::London;

use crate::error::{AppError, AppResult};

/// The earliest date accepted anywhere.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// The latest date accepted anywhere.
pub const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(2200, 12, 31) {
    Some(date) => date,
    None => NaiveDate::MAX,
};

/// Whether `date` is inside [`EARLIEST`] … [`LATEST`].
pub fn in_range(date: NaiveDate) -> bool {
    (EARLIEST..=LATEST).contains(&date)
}

/// The range as the error messages state it.
pub fn range_text() -> String {
    format!("between {EARLIEST} and {LATEST}")
}

/// An instant from a client, or `BAD_USER_INPUT` naming `field` when its UK date is outside
/// the accepted range.
pub fn instant(field: &str, at: DateTime<Utc>) -> AppResult<DateTime<Utc>> {
    if in_range(uk_date(at)) {
        Ok(at)
    } else {
        Err(AppError::invalid(
            field,
            format!("must be {}", range_text()),
        ))
    }
}

/// Today's date in the UK.
pub fn today_uk() -> NaiveDate {
    uk_date(Utc::now())
}

/// The date in the UK at the instant `at`.
pub fn uk_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&London).date_naive()
}

/// Noon UK time on `day`, as an instant: the time given to a decision recorded for a past day
/// (noon is on the same UK date whatever the clock change).
pub fn uk_noon(day: NaiveDate) -> AppResult<DateTime<Utc>> {
    use chrono::TimeZone;
    day.and_hms_opt(12, 0, 0)
        .and_then(|t| London.from_local_datetime(&t).earliest())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| AppError::invalid("date", "is outside the dates this service knows"))
}

/// A date on which something happened: `BAD_USER_INPUT` naming `field` when it is after
/// `today` (scheduled things — sessions, hearings, due dates — do not use this).
pub fn happened(field: &str, date: NaiveDate, today: NaiveDate) -> AppResult<NaiveDate> {
    if date > today {
        return Err(AppError::invalid(
            field,
            format!("records something that has happened, so it cannot be after today ({today})"),
        ));
    }
    Ok(date)
}

/// As [`happened`], for an optional date.
pub fn happened_opt(
    field: &str,
    date: Option<NaiveDate>,
    today: NaiveDate,
) -> AppResult<Option<NaiveDate>> {
    date.map(|d| happened(field, d, today)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn the_range_is_closed_at_both_ends() {
        assert!(in_range(date(1900, 1, 1)) && in_range(date(2200, 12, 31)));
        assert!(!in_range(date(1899, 12, 31)) && !in_range(date(2201, 1, 1)));
    }

    #[test]
    fn an_instant_is_judged_by_its_uk_date() {
        // 23:30 UTC on 31 Dec 2200 is still 2200 in London (GMT); 23:30 UTC on 31 Dec 1899 is not.
        let late = Utc.with_ymd_and_hms(2200, 12, 31, 23, 30, 0).single();
        assert!(late.is_some_and(|at| instant("at", at).is_ok()));
        let early = Utc.with_ymd_and_hms(1899, 12, 31, 23, 30, 0).single();
        assert!(early.is_some_and(|at| instant("at", at).is_err()));
    }

    #[test]
    fn the_uk_date_follows_both_clock_changes() {
        let at = |y, mo, d, h, mi| Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single();
        // 2026: BST from 01:00 UTC on 29 March to 01:00 UTC on 25 October.
        assert_eq!(
            at(2026, 3, 28, 23, 30).map(uk_date),
            Some(date(2026, 3, 28))
        );
        assert_eq!(
            at(2026, 3, 29, 23, 30).map(uk_date),
            Some(date(2026, 3, 30))
        );
        assert_eq!(
            at(2026, 10, 24, 23, 30).map(uk_date),
            Some(date(2026, 10, 25))
        );
        assert_eq!(
            at(2026, 10, 25, 23, 30).map(uk_date),
            Some(date(2026, 10, 25))
        );
    }

    #[test]
    fn a_past_event_may_be_today_but_not_tomorrow() {
        let today = date(2026, 3, 29);
        assert!(happened("on", today, today).is_ok());
        assert!(happened("on", date(2026, 3, 30), today).is_err());
        assert_eq!(happened_opt("on", None, today).ok(), Some(None));
    }
}
