//! Unit tests of `carers/model.rs`: its rules on their own, no database.

use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn details() -> HouseholdDetails {
    HouseholdDetails {
        reference: "HH-1".into(),
        primary_carer_name: "Alex".into(),
        second_carer_name: None,
        ethnicities: vec![Ethnicity::Bcrb, Ethnicity::Wbri, Ethnicity::Bcrb],
        cultural_background: None,
        languages: vec!["English".into(), " English ".into(), "Twi".into()],
        religion: None,
        area: "sw11".into(),
        location: Location {
            latitude: 51.46,
            longitude: -0.16,
        },
        full_time_carer: true,
        capacity: Capacity::OneChild,
        enquiry_received_on: date(2025, 1, 1),
        enquiry_followed_up_on: None,
        fostering_approved_on: None,
        adopter_approved_on: None,
    }
}

#[test]
fn details_are_normalised() {
    let checked = details().check(date(2026, 1, 1)).expect("valid");
    assert_eq!(checked.area, "SW11");
    assert_eq!(
        checked.languages,
        vec!["English".to_owned(), "Twi".to_owned()]
    );
    assert_eq!(checked.ethnicities, vec![Ethnicity::Wbri, Ethnicity::Bcrb]);
}

#[test]
fn a_follow_up_before_the_enquiry_or_a_future_approval_is_refused() {
    let mut early = details();
    early.enquiry_followed_up_on = Some(date(2024, 12, 31));
    assert!(early.check(date(2026, 1, 1)).is_err());
    let mut future = details();
    future.fostering_approved_on = Some(date(2026, 1, 2));
    assert!(future.check(date(2026, 1, 1)).is_err());
}

#[test]
fn islington_to_wandsworth_is_about_seven_miles() {
    let islington = Location {
        latitude: 51.5362,
        longitude: -0.1033,
    };
    let wandsworth = Location {
        latitude: 51.4571,
        longitude: -0.1931,
    };
    let miles = islington.miles_to(wandsworth);
    assert!((6.0..7.5).contains(&miles), "{miles}");
    assert_eq!(islington.miles_to(islington), 0.0);
}

#[test]
fn the_culture_check_needs_a_recorded_ethnicity() {
    let d = details().check(date(2026, 1, 1)).expect("valid");
    assert_eq!(d.shares_ethnicity(Ethnicity::Bcrb), Some(true));
    assert_eq!(d.shares_ethnicity(Ethnicity::Aind), Some(false));
    assert_eq!(d.shares_ethnicity(Ethnicity::Nobt), None);
}

#[test]
fn only_hand_moves_are_allowed() {
    use HouseholdStatus::*;
    assert!(Enquiry.can_move_to(InAssessment));
    assert!(InAssessment.can_move_to(Approved));
    assert!(!Approved.can_move_to(Placed));
    assert!(!Placed.can_move_to(Closed));
    assert!(!Closed.can_move_to(Enquiry));
}

#[test]
fn coordinates_outside_the_globe_are_refused() {
    assert!(Location::parse(91.0, 0.0, "input").is_err());
    assert!(Location::parse(0.0, -181.0, "input").is_err());
    assert!(Location::parse(f64::NAN, 0.0, "input").is_err());
    assert!(Location::parse(51.5, -0.1, "input").is_ok());
}
