//! Unit tests of `referrals/model.rs`: its rules on their own, no database.

use super::*;
use crate::children::model::{Ethnicity, Sex};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn child(born: Option<NaiveDate>, expected: Option<NaiveDate>) -> ChildDetails {
    ChildDetails {
        la_reference: "C1".into(),
        given_names: None,
        family_name: None,
        sex: Sex::Unknown,
        date_of_birth: born,
        expected_date_of_birth: expected,
        ethnicity: Ethnicity::Nobt,
        legal_status: None,
        entered_care_on: None,
        sibling_group: None,
    }
}

#[test]
fn a_child_is_eligible_up_to_and_including_the_second_birthday() {
    let born = date(2024, 3, 10);
    assert!(check_eligibility(&child(Some(born), None), date(2026, 3, 10)).is_ok());
    assert!(check_eligibility(&child(Some(born), None), date(2026, 3, 11)).is_err());
    assert!(check_eligibility(&child(Some(born), None), born).is_ok());
}

#[test]
fn a_leap_day_baby_turns_two_on_the_last_day_of_february() {
    let born = date(2024, 2, 29);
    assert!(check_eligibility(&child(Some(born), None), date(2026, 2, 28)).is_ok());
    assert!(check_eligibility(&child(Some(born), None), date(2026, 3, 1)).is_err());
}

#[test]
fn a_date_of_birth_after_the_referral_is_refused() {
    assert!(check_eligibility(&child(Some(date(2026, 5, 2)), None), date(2026, 5, 1)).is_err());
}

#[test]
fn an_unborn_child_is_eligible_when_due_within_42_weeks() {
    let referred = date(2026, 1, 1);
    assert!(check_eligibility(&child(None, Some(referred)), referred).is_ok());
    let due = referred + chrono::Duration::weeks(42);
    assert!(check_eligibility(&child(None, Some(due)), referred).is_ok());
    let too_far = referred + chrono::Duration::weeks(43);
    assert!(check_eligibility(&child(None, Some(too_far)), referred).is_err());
    assert!(check_eligibility(&child(None, Some(date(2025, 12, 31))), referred).is_err());
}

#[test]
fn the_lifecycle_allows_exactly_the_designed_moves() {
    use ReferralStatus::*;
    let allowed = [
        (Submitted, Accepted),
        (Submitted, Declined),
        (Submitted, Withdrawn),
        (Accepted, Withdrawn),
        (Accepted, Placed),
        (Placed, Closed),
    ];
    for from in ReferralStatus::ALL {
        for to in ReferralStatus::ALL {
            assert_eq!(
                from.can_move_to(*to),
                allowed.contains(&(*from, *to)),
                "{from:?} -> {to:?}"
            );
        }
    }
}

#[test]
fn other_risk_needs_notes_and_lists_are_deduplicated() {
    let facts = ReferralFacts {
        proceedings_stage: ProceedingsStage::Issued,
        return_home_unlikely: true,
        risk_factors: vec![
            RiskFactor::DomesticAbuse,
            RiskFactor::SubstanceMisuse,
            RiskFactor::DomesticAbuse,
        ],
        risk_notes: None,
        services_commissioned: vec![],
        social_worker: SocialWorker {
            name: "A".into(),
            email: None,
            phone: None,
        },
        purchase_order_ref: None,
    };
    let checked = facts.clone().check("input").expect("valid");
    assert_eq!(
        checked.risk_factors,
        vec![RiskFactor::SubstanceMisuse, RiskFactor::DomesticAbuse]
    );
    let mut other = facts;
    other.risk_factors.push(RiskFactor::Other);
    assert!(other.check("input").is_err());
}
