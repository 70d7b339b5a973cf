//! The rules for changing a child's record after the referral (pure functions): correcting its
//! details, recording its birth, recording its entry into care.
//!
//! Invariants: a birth is recorded once, for a child recorded as unborn, on a date not after
//! today, not after the start of any of the child's placements (babies are placed after birth),
//! and such that the child was at most 24 months old at every one of its referrals; an entry
//! into care is not before the birth, not after today and not after the child's first
//! placement. Only the child's own authority changes the LA reference.

use chrono::{Months, NaiveDate};

use super::model::{ChildDetails, Ethnicity, LegalStatus, Sex};
use crate::error::{AppError, AppResult};

/// The changes `updateChild` may make; a field left `None` stays as it is.
#[derive(Clone, Debug, Default)]
pub struct ChildPatch {
    /// The LA's own reference (the child's authority only).
    pub la_reference: Option<String>,
    /// Given names.
    pub given_names: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Sex.
    pub sex: Option<Sex>,
    /// SSDA903 ethnicity.
    pub ethnicity: Option<Ethnicity>,
    /// SSDA903 legal status.
    pub legal_status: Option<LegalStatus>,
    /// The LA's sibling-group reference.
    pub sibling_group: Option<String>,
}

impl ChildPatch {
    /// `before` with the patch applied and checked on `today`. `by_authority` is true when the
    /// child's own authority makes the change; the agency may not change the LA reference.
    pub fn apply(
        self,
        before: &ChildDetails,
        by_authority: bool,
        today: NaiveDate,
    ) -> AppResult<ChildDetails> {
        if self.la_reference.is_some() && !by_authority {
            return Err(AppError::forbidden(
                "input.laReference: only the child's authority changes its own reference",
            ));
        }
        ChildDetails {
            la_reference: self
                .la_reference
                .unwrap_or_else(|| before.la_reference.clone()),
            given_names: self.given_names.or_else(|| before.given_names.clone()),
            family_name: self.family_name.or_else(|| before.family_name.clone()),
            sex: self.sex.unwrap_or(before.sex),
            ethnicity: self.ethnicity.unwrap_or(before.ethnicity),
            legal_status: self.legal_status.or(before.legal_status),
            sibling_group: self.sibling_group.or_else(|| before.sibling_group.clone()),
            ..before.clone()
        }
        .check("input", today)
    }
}

/// What the child's other records say about the dates it can have: the dates of its referrals
/// and the start dates of its placements.
#[derive(Clone, Debug, Default)]
pub struct ChildHistory {
    /// Each referral's date.
    pub referred_on: Vec<NaiveDate>,
    /// Each placement's start.
    pub placed_on: Vec<NaiveDate>,
    /// The starts of the placements of the child's latest referral (its current period of care).
    pub period_placed_on: Vec<NaiveDate>,
    /// The day the child's last earlier period ended (its latest CLOSED referral), if any.
    pub last_closed: Option<NaiveDate>,
    /// The child's latest referral, whose period an entry to care belongs to.
    pub latest_referral: Option<uuid::Uuid>,
}

impl ChildHistory {
    /// The start of the current period's earliest placement that began before `date`, if one
    /// did.
    fn placed_before(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.period_placed_on
            .iter()
            .copied()
            .filter(|p| *p < date)
            .min()
    }
}

/// `before` with its birth recorded on `born`, checked against its `history` on `today`.
pub fn record_birth(
    before: &ChildDetails,
    born: NaiveDate,
    history: &ChildHistory,
    today: NaiveDate,
) -> AppResult<ChildDetails> {
    const FIELD: &str = "input.dateOfBirth";
    if let Some(recorded) = before.date_of_birth {
        return Err(AppError::conflict(format!(
            "the child's birth is already recorded ({recorded})"
        )));
    }
    crate::dates::happened(FIELD, born, today)?;
    if let Some(placed) = history.placed_before(born) {
        return Err(AppError::invalid(
            FIELD,
            format!("is after the start of the child's placement (startedOn {placed})"),
        ));
    }
    let second_birthday = born
        .checked_add_months(Months::new(24))
        .ok_or_else(|| AppError::invalid(FIELD, "is not a usable date"))?;
    if let Some(referred) = history
        .referred_on
        .iter()
        .copied()
        .find(|r| *r > second_birthday)
    {
        return Err(AppError::invalid(
            FIELD,
            format!(
                "would make the child older than 24 months when referred (referredOn {referred})"
            ),
        ));
    }
    ChildDetails {
        date_of_birth: Some(born),
        ..before.clone()
    }
    .check("input", today)
}

/// `before` with its entry into care on `entered` under `status`, checked against its
/// `history` on `today`.
pub fn record_entry_to_care(
    before: &ChildDetails,
    entered: NaiveDate,
    status: LegalStatus,
    history: &ChildHistory,
    today: NaiveDate,
) -> AppResult<ChildDetails> {
    const FIELD: &str = "input.enteredCareOn";
    crate::dates::happened(FIELD, entered, today)?;
    if let Some(placed) = history.placed_before(entered) {
        return Err(AppError::invalid(
            FIELD,
            format!(
                "is after the start of the child's placement (startedOn {placed}): a placed child is looked after"
            ),
        ));
    }
    if let Some(closed) = history.last_closed.filter(|closed| entered < *closed) {
        return Err(AppError::invalid(
            FIELD,
            format!(
                "enteredCareOn ({entered}) must not be before the end of the child's earlier placement (closedOn {closed})"
            ),
        ));
    }
    ChildDetails {
        entered_care_on: Some(entered),
        legal_status: Some(status),
        ..before.clone()
    }
    .check("input", today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    fn unborn() -> ChildDetails {
        ChildDetails {
            la_reference: "ISL-1".to_owned(),
            given_names: None,
            family_name: None,
            sex: Sex::Female,
            date_of_birth: None,
            expected_date_of_birth: Some(date(2026, 6, 1)),
            ethnicity: Ethnicity::Wbri,
            legal_status: None,
            entered_care_on: None,
            sibling_group: None,
        }
    }

    fn history(referred: &[NaiveDate], placed: &[NaiveDate]) -> ChildHistory {
        ChildHistory {
            referred_on: referred.to_vec(),
            placed_on: placed.to_vec(),
            period_placed_on: placed.to_vec(),
            last_closed: None,
            latest_referral: None,
        }
    }

    const TODAY: (i32, u32, u32) = (2026, 7, 1);

    fn today() -> NaiveDate {
        date(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn a_birth_is_recorded_once_keeping_the_expected_date() {
        let h = history(&[date(2026, 3, 1)], &[]);
        let born = record_birth(&unborn(), date(2026, 5, 28), &h, today());
        let born = born.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(born.date_of_birth, Some(date(2026, 5, 28)));
        assert_eq!(born.expected_date_of_birth, Some(date(2026, 6, 1)));
        assert!(matches!(
            record_birth(&born, date(2026, 5, 29), &h, today()),
            Err(AppError::Conflict(_))
        ));
    }

    #[test]
    fn a_birth_after_a_placement_or_in_the_future_or_too_early_is_refused() {
        let placed = history(&[date(2026, 3, 1)], &[date(2026, 5, 30)]);
        assert!(record_birth(&unborn(), date(2026, 5, 31), &placed, today()).is_err());
        assert!(record_birth(&unborn(), date(2026, 5, 30), &placed, today()).is_ok());
        let h = history(&[date(2026, 3, 1)], &[]);
        assert!(record_birth(&unborn(), date(2026, 7, 2), &h, today()).is_err());
        // Older than 24 months on the referral date.
        assert!(record_birth(&unborn(), date(2024, 2, 28), &h, today()).is_err());
        assert!(record_birth(&unborn(), date(2024, 3, 1), &h, today()).is_ok());
    }

    #[test]
    fn entry_to_care_is_after_birth_and_not_after_the_first_placement() {
        let h = history(&[date(2026, 3, 1)], &[date(2026, 6, 3)]);
        let born = record_birth(&unborn(), date(2026, 5, 28), &h, today())
            .unwrap_or_else(|e| panic!("{e}"));
        let entered = record_entry_to_care(&born, date(2026, 6, 1), LegalStatus::C1, &h, today())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(entered.entered_care_on, Some(date(2026, 6, 1)));
        assert_eq!(entered.legal_status, Some(LegalStatus::C1));
        assert!(
            record_entry_to_care(&born, date(2026, 5, 27), LegalStatus::C1, &h, today()).is_err()
        );
        assert!(
            record_entry_to_care(&born, date(2026, 6, 4), LegalStatus::C1, &h, today()).is_err()
        );
    }

    #[test]
    fn a_second_period_of_care_starts_after_the_first_ended() {
        let born = ChildDetails {
            date_of_birth: Some(date(2026, 1, 5)),
            ..unborn()
        };
        // Placed 2026-02-01 in the first period, home on 2026-04-10, back in a second period.
        let h = ChildHistory {
            period_placed_on: Vec::new(),
            last_closed: Some(date(2026, 4, 10)),
            ..history(&[date(2026, 1, 20), date(2026, 5, 1)], &[date(2026, 2, 1)])
        };
        let again = record_entry_to_care(&born, date(2026, 4, 28), LegalStatus::C2, &h, today())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.entered_care_on, Some(date(2026, 4, 28)));
        let early = record_entry_to_care(&born, date(2026, 4, 9), LegalStatus::C2, &h, today());
        assert!(
            matches!(&early, Err(AppError::Invalid { message, .. }) if message.contains("closedOn 2026-04-10")),
            "{early:?}"
        );
    }

    #[test]
    fn only_the_childs_authority_changes_its_reference() {
        let patch = || ChildPatch {
            la_reference: Some("ISL-2".to_owned()),
            ..ChildPatch::default()
        };
        assert!(matches!(
            patch().apply(&unborn(), false, today()),
            Err(AppError::Forbidden(_))
        ));
        let changed = patch().apply(&unborn(), true, today());
        assert_eq!(
            changed.map(|c| c.la_reference).ok(),
            Some("ISL-2".to_owned())
        );
        let named = ChildPatch {
            given_names: Some("Ava".to_owned()),
            ..ChildPatch::default()
        }
        .apply(&unborn(), false, today());
        assert_eq!(
            named.ok().and_then(|c| c.given_names),
            Some("Ava".to_owned())
        );
    }
}
