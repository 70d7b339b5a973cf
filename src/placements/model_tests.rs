//! Unit tests of `placements/model.rs`: its rules on their own, no database.

use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn placement() -> Placement {
    crate::placements::fixtures::fostering_since(date(2026, 1, 10))
}

#[test]
fn the_placement_type_follows_the_legal_basis() {
    let mut p = placement();
    assert_eq!(p.ssda903_codes().placement_type, "U5");
    p.carers_related_to_child = true;
    assert_eq!(p.ssda903_codes().placement_type, "U2");
    p.placed_for_adoption_on = Some(date(2026, 6, 1));
    p.adoption_basis = Some(AdoptionBasis::PlacementOrder);
    assert_eq!(p.ssda903_codes().placement_type, "A5");
    p.adoption_basis = Some(AdoptionBasis::Consent);
    assert_eq!(p.ssda903_codes().placement_type, "A3");
    assert_eq!(p.ssda903_codes().placement_provider, "PR5");
}

#[test]
fn the_reason_episode_ceased_follows_the_outcome() {
    let mut p = placement();
    assert_eq!(p.ssda903_codes().reason_episode_ceased, None);
    p.status = PlacementStatus::Adopted;
    assert_eq!(p.ssda903_codes().reason_episode_ceased, Some("E11"));
    p.adoption_application = Some(AdoptionApplication::ConsentDispensed);
    assert_eq!(p.ssda903_codes().reason_episode_ceased, Some("E12"));
    p.status = PlacementStatus::ReturnedToParent;
    assert_eq!(p.ssda903_codes().reason_episode_ceased, Some("E4A"));
    p.status = PlacementStatus::ReturnedToRelative;
    p.relative_arrangement = Some(RelativeArrangement::SpecialGuardianshipOrder);
    assert_eq!(p.ssda903_codes().reason_episode_ceased, Some("E47"));
    p.carers_related_to_child = true;
    assert_eq!(p.ssda903_codes().reason_episode_ceased, Some("E45"));
    p.relative_arrangement = Some(RelativeArrangement::NoOrderWithoutParentalResponsibility);
    assert_eq!(p.ssda903_codes().reason_episode_ceased, Some("E13"));
    p.relative_arrangement = Some(RelativeArrangement::NoOrder);
    assert_eq!(p.ssda903_codes().reason_episode_ceased, Some("E4A"));
    p.relative_arrangement = Some(RelativeArrangement::ChildArrangementsOrder);
    assert_eq!(p.ssda903_codes().reason_episode_ceased, Some("E41"));
    p.status = PlacementStatus::Ended;
    p.disruption_reason = Some(PlaceChangeReason::Creqb);
    assert_eq!(p.ssda903_codes().reason_episode_ceased, Some("X1"));
    assert_eq!(p.ssda903_codes().reason_place_change, Some("CREQB"));
}

#[test]
fn dates_must_come_in_order() {
    let today = date(2027, 1, 1);
    let mut p = placement();
    assert!(p.check_dates(Some(date(2026, 1, 1)), today, "f").is_ok());
    assert!(p.check_dates(Some(date(2026, 1, 11)), today, "f").is_err());
    p.placement_order_on = Some(date(2026, 5, 1));
    p.placed_for_adoption_on = Some(date(2026, 4, 30));
    assert!(p.check_dates(None, today, "f").is_err());
    p.placed_for_adoption_on = Some(date(2026, 5, 1));
    p.adoption_order_on = Some(date(2026, 11, 1));
    assert!(p.check_dates(None, today, "f").is_ok());
    p.ended_on = Some(date(2026, 10, 1));
    assert!(p.check_dates(None, today, "f").is_err());
    p.ended_on = Some(date(2026, 11, 1));
    assert!(
        p.check_dates(None, date(2026, 10, 31), "f").is_err(),
        "future dates refused"
    );
}

#[test]
fn adopters_must_fit_their_legal_status() {
    use AdoptersLegalStatus::*;
    use AdoptersSex::*;
    let ok = |sex, legal_status| Adopters { sex, legal_status }.check("f").is_ok();
    assert!(ok(F1, L0));
    assert!(!ok(Mf, L0));
    assert!(!ok(M1, L11));
    assert!(ok(Mf, L11));
    assert!(!ok(Ff, L11));
    assert!(ok(Ff, L12));
    assert!(!ok(Mf, L4));
    assert!(ok(Mm, L2));
    assert!(!ok(F1, L2));
    assert_eq!(Mf.count(), 2);
    assert_eq!(M1.count(), 1);
}

#[test]
fn closed_placements_do_not_move() {
    use PlacementStatus::*;
    assert!(Fostering.can_move_to(PlacedForAdoption));
    assert!(!Fostering.can_move_to(Adopted));
    assert!(PlacedForAdoption.can_move_to(Ended));
    for closed in [Adopted, ReturnedToParent, ReturnedToRelative, Ended] {
        for to in PlacementStatus::ALL {
            assert!(!closed.can_move_to(*to));
        }
    }
}
