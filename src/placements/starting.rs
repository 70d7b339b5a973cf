//! The rule for the date a placement starts, checked against the other records it must agree
//! with (issue 14, items 2 and 3).
//!
//! Invariants (pure; the store gathers the dates in the placement's transaction):
//! - A placement starts only for a child whose birth is recorded: babies are placed from
//!   hospital after birth, and a placement of an "unborn" child would fall out of every
//!   timeliness and age figure.
//! - It starts on or after the child's date of birth, the referral's `referredOn` and the day
//!   it was accepted (`acceptReferral(acceptedOn:)` records it for history), and the dates
//!   the carers were approved as foster carers and as adopters (early-permanence carers are
//!   approved as both before a child is placed with them).
//! - Every error names `input.startedOn` and, in its message, the other record's field and date.
//!   Backdated starts are allowed; a start after today is refused by `Placement::check_dates`.

use chrono::NaiveDate;

use crate::error::{AppError, AppResult};

/// The dates a placement's start must agree with.
#[derive(Clone, Copy, Debug)]
pub struct StartFacts {
    /// The child's recorded date of birth (None: the birth is not recorded yet).
    pub date_of_birth: Option<NaiveDate>,
    /// The referral's date.
    pub referred_on: NaiveDate,
    /// The UK day the agency accepted the referral (the match and the placement follow it).
    pub accepted_on: Option<NaiveDate>,
    /// The household's approval as foster carers, if recorded.
    pub fostering_approved_on: Option<NaiveDate>,
    /// The household's approval as adopters, if recorded.
    pub adopter_approved_on: Option<NaiveDate>,
}

/// Checks `started_on` against `facts`.
pub fn check_start(started_on: NaiveDate, facts: StartFacts) -> AppResult<()> {
    let Some(born) = facts.date_of_birth else {
        return Err(AppError::invalid(
            "child.dateOfBirth",
            "the child's birth is not recorded: record it first (recordBirth), then start the placement",
        ));
    };
    let earlier = [
        ("the child's dateOfBirth", Some(born)),
        ("the referral's referredOn", Some(facts.referred_on)),
        ("the referral's acceptance (acceptedOn)", facts.accepted_on),
        (
            "the household's fosteringApprovedOn",
            facts.fostering_approved_on,
        ),
        (
            "the household's adopterApprovedOn",
            facts.adopter_approved_on,
        ),
    ];
    for (name, date) in earlier {
        if let Some(date) = date
            && started_on < date
        {
            return Err(AppError::invalid(
                "input.startedOn",
                format!("startedOn ({started_on}) must not be before {name} ({date})"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("date")
    }

    fn facts() -> StartFacts {
        StartFacts {
            date_of_birth: Some(day("2026-03-02")),
            referred_on: day("2026-01-10"),
            accepted_on: None,
            fostering_approved_on: Some(day("2025-11-01")),
            adopter_approved_on: Some(day("2025-12-01")),
        }
    }

    fn refused(started: &str, facts: StartFacts) -> (String, String) {
        match check_start(day(started), facts) {
            Err(AppError::Invalid { field, message }) => (field, message),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_start_on_the_day_of_birth_is_allowed() {
        assert!(check_start(day("2026-03-02"), facts()).is_ok());
    }

    #[test]
    fn an_unborn_child_cannot_be_placed() {
        let unborn = StartFacts {
            date_of_birth: None,
            ..facts()
        };
        let (field, message) = refused("2026-03-02", unborn);
        assert_eq!(field, "child.dateOfBirth");
        assert!(message.contains("recordBirth"), "{message}");
    }

    #[test]
    fn each_earlier_record_is_named() {
        let (field, message) = refused("2026-03-01", facts());
        assert_eq!(field, "input.startedOn");
        assert!(message.contains("dateOfBirth (2026-03-02)"), "{message}");
        let born_early = StartFacts {
            date_of_birth: Some(day("2025-06-01")),
            ..facts()
        };
        let (_, message) = refused("2026-01-09", born_early);
        assert!(message.contains("referredOn (2026-01-10)"), "{message}");
        let referred_early = StartFacts {
            referred_on: day("2025-06-02"),
            ..born_early
        };
        let (_, message) = refused("2025-10-31", referred_early);
        assert!(
            message.contains("fosteringApprovedOn (2025-11-01)"),
            "{message}"
        );
        let (_, message) = refused("2025-11-30", referred_early);
        assert!(
            message.contains("adopterApprovedOn (2025-12-01)"),
            "{message}"
        );
        assert!(check_start(day("2025-12-01"), referred_early).is_ok());
    }
}
