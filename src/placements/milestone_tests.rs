//! The milestone rule on its own: each move the status allows, each date out of order, each
//! missing reason.

use chrono::NaiveDate;

use super::*;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
}

fn fostering() -> Placement {
    crate::placements::fixtures::fostering_since(day(1, 10))
}

fn code(result: AppResult<(Placement, &'static str, &'static str)>) -> String {
    match result {
        Ok((_, action, _)) => action.to_owned(),
        Err(AppError::Invalid { field, .. }) => format!("invalid {field}"),
        Err(err) => err.code().to_owned(),
    }
}

#[test]
fn a_placement_order_then_placed_for_adoption_then_adopted() {
    let order = Milestone::PlacementOrder { on: day(3, 1) }.apply(&fostering());
    let Ok((ordered, action, field)) = order else {
        panic!("order refused");
    };
    assert_eq!(
        (action, field),
        (
            "placement.placement_order_recorded",
            "input.placementOrderOn"
        )
    );
    assert_eq!(ordered.status, PlacementStatus::Fostering);
    let placed = Milestone::PlacedForAdoption {
        on: day(3, 2),
        basis: AdoptionBasis::PlacementOrder,
    }
    .apply(&ordered);
    let Ok((placed, _, _)) = placed else {
        panic!("placing refused");
    };
    assert_eq!(placed.status, PlacementStatus::PlacedForAdoption);
    let adopted = Milestone::Adopted {
        on: day(9, 1),
        application: AdoptionApplication::Unopposed,
    }
    .apply(&placed);
    let Ok((adopted, action, _)) = adopted else {
        panic!("adoption refused");
    };
    assert_eq!(action, "placement.adopted");
    assert_eq!(
        (adopted.status, adopted.ended_on),
        (PlacementStatus::Adopted, Some(day(9, 1)))
    );
    let audit = changes(&placed, &adopted);
    let text = audit.to_json_string();
    assert!(
        text.contains("adoptionOrderOn") && text.contains("endedOn"),
        "{text}"
    );
    // A closed placement moves no further.
    let again = Milestone::PlacementOrder { on: day(9, 2) }.apply(&adopted);
    assert_eq!(code(again), "CONFLICT");
}

#[test]
fn placed_for_adoption_needs_its_order_unless_by_consent_and_follows_the_match() {
    let basis_first = Milestone::PlacedForAdoption {
        on: day(3, 2),
        basis: AdoptionBasis::PlacementOrder,
    };
    assert_eq!(code(basis_first.apply(&fostering())), "invalid input.basis");
    let consent = Milestone::PlacedForAdoption {
        on: day(3, 2),
        basis: AdoptionBasis::Consent,
    };
    assert_eq!(
        code(consent.apply(&fostering())),
        "placement.placed_for_adoption"
    );
    let mut matched = fostering();
    matched.adoption_matched_on = Some(day(4, 1));
    let before_match = Milestone::PlacedForAdoption {
        on: day(3, 2),
        basis: AdoptionBasis::Consent,
    };
    assert_eq!(
        code(before_match.apply(&matched)),
        "invalid input.placedForAdoptionOn"
    );
}

#[test]
fn an_ending_names_its_outcome_and_reason() {
    let ended = |outcome, reason: Option<&str>| Milestone::Ended {
        outcome,
        on: day(5, 1),
        reason: reason.map(str::to_owned),
        disruption_reason: None,
        relative_arrangement: None,
    };
    assert_eq!(
        code(ended(PlacementStatus::Adopted, None).apply(&fostering())),
        "invalid input.outcome"
    );
    assert_eq!(
        code(ended(PlacementStatus::Ended, None).apply(&fostering())),
        "invalid input.reason"
    );
    assert_eq!(
        code(ended(PlacementStatus::Ended, Some("carers moved")).apply(&fostering())),
        "placement.ended"
    );
    let home = ended(PlacementStatus::ReturnedToRelative, None).apply(&fostering());
    let Ok((home, action, _)) = home else {
        panic!("return refused");
    };
    assert_eq!(action, "placement.returned_to_relative");
    assert_eq!(
        home.relative_arrangement,
        Some(RelativeArrangement::NoOrder)
    );
}

#[test]
fn an_adoption_match_falls_between_the_start_and_placing() {
    let adopters = Adopters {
        sex: crate::placements::model::AdoptersSex::F1,
        legal_status: crate::placements::model::AdoptersLegalStatus::L0,
    };
    let early = Milestone::AdoptionMatch {
        on: day(1, 9),
        adopters,
    };
    assert_eq!(code(early.apply(&fostering())), "invalid input.matchedOn");
    let fine = Milestone::AdoptionMatch {
        on: day(2, 1),
        adopters,
    };
    assert_eq!(code(fine.apply(&fostering())), "placement.adoption_matched");
}

#[test]
fn the_audit_change_set_is_every_changed_field_but_the_time() {
    let before = fostering();
    let ended = Milestone::Ended {
        outcome: PlacementStatus::Ended,
        on: day(5, 1),
        reason: Some("carers moved".into()),
        disruption_reason: None,
        relative_arrangement: None,
    };
    let Ok((mut after, _, _)) = ended.apply(&before) else {
        panic!("ending refused");
    };
    after.version += 1;
    after.updated_at += chrono::Duration::seconds(5);
    let text = changes(&before, &after).to_json_string();
    for field in ["status", "endedOn", "endReason", "version"] {
        assert!(text.contains(&format!("\"{field}\"")), "{field} in {text}");
    }
    for field in ["updatedAt", "startedOn", "childId"] {
        assert!(
            !text.contains(&format!("\"{field}\"")),
            "{field} not in {text}"
        );
    }
}
