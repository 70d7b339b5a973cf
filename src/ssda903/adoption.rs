//! The adoption side of the extract: the AD1 row of a child adopted in the year and the rules
//! on the decisions that a child should be placed for adoption (553, 521, 557, 1003, 184, 525,
//! 333, 331, 582, 335). Pure functions of the loaded records.

use super::rows::{Ad1Row, ChildFacts, EpisodeRow, Finding, finding};
use crate::adoption_decisions::model::AdoptionDecision;
use crate::placements::model::{Placement, PlacementStatus};
use crate::types::Period;

pub(super) fn check_decisions(
    placement: &Placement,
    child: &ChildFacts,
    decisions: &[&AdoptionDecision],
    year: Period,
    findings: &mut Vec<Finding>,
) {
    let name = &child.reference;
    let first = decisions.iter().map(|d| d.decided_on).min();
    if let Some(order) = placement.placement_order_on
        && first.is_none_or(|d| d > order)
    {
        finding(
            findings,
            "553",
            name,
            "a placement order is recorded but no earlier decision that the child should be placed for adoption".to_owned(),
        );
    }
    if let Some(placed) = placement.placed_for_adoption_on
        && first.is_none_or(|d| d > placed)
    {
        finding(
            findings,
            "521",
            name,
            "placed for adoption without an earlier decision that the child should be placed for adoption".to_owned(),
        );
    }
    let left_not_adopted = matches!(
        placement.status,
        PlacementStatus::ReturnedToParent | PlacementStatus::ReturnedToRelative
    ) && placement
        .ended_on
        .is_some_and(|on| (year.from..=year.to).contains(&on));
    if left_not_adopted && decisions.iter().any(|d| d.reversed_on.is_none()) {
        finding(
            findings,
            "557",
            name,
            "left care without adoption while a decision that the child should be placed for adoption is in force: record its reversal and reason".to_owned(),
        );
    }
    for decision in decisions {
        if child
            .entered_care_on
            .is_some_and(|e| decision.decided_on < e)
        {
            finding(
                findings,
                "1003",
                name,
                "the adoption decision pre-dates entering care".to_owned(),
            );
        }
        if child
            .date_of_birth
            .is_none_or(|dob| decision.decided_on < dob)
        {
            finding(
                findings,
                "184",
                name,
                "the adoption decision pre-dates the date of birth".to_owned(),
            );
        }
    }
}

pub(super) fn ad1_row(
    placement: &Placement,
    child: &ChildFacts,
    decisions: &[&AdoptionDecision],
    episodes: &[EpisodeRow],
    findings: &mut Vec<Finding>,
) -> Ad1Row {
    let name = &child.reference;
    let adopted_on = placement.adoption_order_on;
    let in_force = decisions
        .iter()
        .filter(|d| adopted_on.is_some_and(|a| d.in_force_on(a)))
        .map(|d| d.decided_on)
        .max();
    if in_force.is_none() {
        let rule = if decisions.is_empty() {
            "MISSING"
        } else {
            "525"
        };
        finding(
            findings,
            rule,
            name,
            "adopted without a decision in force that the child should be placed for adoption"
                .to_owned(),
        );
    }
    let date_match = placement.adoption_matched_on;
    match (in_force, date_match, placement.placed_for_adoption_on) {
        (_, None, _) => finding(
            findings,
            "MISSING",
            name,
            "AD1 DATE_MATCH: record the adoption match".to_owned(),
        ),
        (Some(int), Some(matched), _) if matched < int => finding(
            findings,
            "333",
            name,
            "the match is before the decision that the child should be placed for adoption"
                .to_owned(),
        ),
        (_, Some(matched), Some(placed)) if matched > placed => finding(
            findings,
            "331",
            name,
            "the match is after the date placed for adoption".to_owned(),
        ),
        _ => {}
    }
    if date_match.is_some() && date_match == adopted_on {
        finding(
            findings,
            "582",
            name,
            "the adoption date equals the match date".to_owned(),
        );
    }
    let last_place = episodes.last().map(|e| e.place);
    let foster_care = 1;
    if !matches!(last_place, Some("A3" | "A5")) {
        finding(
            findings,
            "335",
            name,
            "FOSTER_CARE is 1 but the last placement is not A3 or A5".to_owned(),
        );
    }
    if placement.adopters.is_none() {
        finding(
            findings,
            "MISSING",
            name,
            "AD1 SEX_ADOPTR and LS_ADOPTR: record the adoption match with the adopters".to_owned(),
        );
    }
    Ad1Row {
        child: name.clone(),
        dob: child.date_of_birth,
        date_int: in_force,
        date_match,
        foster_care,
        nb_adoptr: placement.adopters.map(|a| a.sex.count()),
        sex_adoptr: placement.adopters.map(|a| a.sex),
        ls_adoptr: placement.adopters.map(|a| a.legal_status),
    }
}
