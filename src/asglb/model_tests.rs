//! Worked examples of the ASGLB return.

use chrono::Utc;

use super::*;
use crate::adoption_decisions::model::ReversalReason;
use crate::placements::model::{AdoptionBasis, PlacementStatus};
use crate::types::ids::{ChildId, HouseholdId, PlacementId, ReferralId};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// A placement of `child` with `household` started on `started`, still fostering.
fn fostering(child: Uuid, household: Uuid, started: NaiveDate) -> Placement {
    Placement {
        id: PlacementId(Uuid::now_v7()),
        child_id: ChildId(child),
        referral_id: ReferralId(child),
        household_id: HouseholdId(household),
        ..crate::placements::fixtures::fostering_since(started)
    }
}

fn facts(reference: &str, group: Option<&str>) -> ChildFacts {
    ChildFacts {
        reference: reference.to_owned(),
        sibling_group: group.map(str::to_owned),
    }
}

#[test]
fn quarters_follow_the_financial_year() {
    let q1 = Quarter::new(2025, 1).expect("q1");
    assert_eq!((q1.from, q1.to), (date(2025, 4, 1), date(2025, 6, 30)));
    let q3 = Quarter::new(2025, 3).expect("q3");
    assert_eq!((q3.from, q3.to), (date(2025, 10, 1), date(2025, 12, 31)));
    let q4 = Quarter::new(2025, 4).expect("q4");
    assert_eq!((q4.from, q4.to), (date(2026, 1, 1), date(2026, 3, 31)));
    assert!(Quarter::new(2025, 5).is_none());
    assert!(Quarter::new(1989, 1).is_none());
}

#[test]
fn a_child_adopted_by_its_carers_shows_each_step_known_by_the_quarters_end() {
    let (child, household) = (Uuid::now_v7(), Uuid::now_v7());
    let mut p = fostering(child, household, date(2025, 5, 10));
    p.placement_order_on = Some(date(2025, 11, 3));
    p.adoption_matched_on = Some(date(2025, 11, 20));
    p.placed_for_adoption_on = Some(date(2025, 12, 1));
    p.adoption_basis = Some(AdoptionBasis::PlacementOrder);
    p.adoption_order_on = Some(date(2026, 6, 15));
    p.ended_on = p.adoption_order_on;
    p.status = PlacementStatus::Adopted;
    let children = HashMap::from([(child, facts("C1", None))]);
    let accepted = HashMap::from([(child, date(2025, 4, 28))]);
    let decision = AdoptionDecision {
        id: Uuid::now_v7(),
        authority_id: Uuid::nil(),
        child_id: child,
        decided_on: date(2025, 9, 1),
        reversed_on: None,
        reversal_reason: None,
        version: 1,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    };
    // Q3 2025 (Oct–Dec): placed for adoption 1 December, adoption order not yet made.
    let q3 = Quarter::new(2025, 3).expect("q3");
    let rows = build(
        q3,
        &[p.clone()],
        &children,
        &accepted,
        std::slice::from_ref(&decision),
        &[],
    );
    assert_eq!(
        rows,
        vec![AsglbRow {
            child: "C1".into(),
            adm_decision_on: Some(date(2025, 9, 1)),
            ep_decision_on: Some(date(2025, 4, 28)),
            placed_with_ep_carers_on: Some(date(2025, 5, 10)),
            placement_order_on: Some(date(2025, 11, 3)),
            matched_on: Some(date(2025, 11, 20)),
            placed_for_adoption_on: Some(date(2025, 12, 1)),
            originally_placed_with_foster_carer_on: Some(date(2025, 5, 10)),
            ..AsglbRow::default()
        }]
    );
    // Q1 2026: adopted on 15 June.
    let q1 = Quarter::new(2026, 1).expect("q1");
    let rows = build(q1, &[p.clone()], &children, &accepted, &[decision], &[]);
    assert_eq!(rows[0].permanence_order_on, Some(date(2026, 6, 15)));
    assert_eq!(rows[0].permanence_order_type, Some("ADOPTION"));
    // Q2 2026: the journey ended before the quarter began.
    let q2 = Quarter::new(2026, 2).expect("q2");
    assert!(build(q2, &[p], &children, &accepted, &[], &[]).is_empty());
}

#[test]
fn a_reversed_decision_siblings_and_a_special_guardianship_order_are_returned() {
    let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let (home, other) = (Uuid::now_v7(), Uuid::now_v7());
    let mut pa = fostering(a, home, date(2025, 4, 10));
    pa.ended_on = Some(date(2025, 5, 20));
    let pb = fostering(b, home, date(2025, 4, 12));
    let pc = fostering(c, other, date(2025, 4, 15));
    let children = HashMap::from([
        (a, facts("A", Some("G1"))),
        (b, facts("B", Some("G1"))),
        (c, facts("C", Some("G1"))),
    ]);
    let reversed = AdoptionDecision {
        id: Uuid::now_v7(),
        authority_id: Uuid::nil(),
        child_id: a,
        decided_on: date(2025, 4, 20),
        reversed_on: Some(date(2025, 5, 15)),
        reversal_reason: Some(ReversalReason::Rd2),
        version: 2,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    };
    let sgo = CourtOrder {
        id: Uuid::now_v7(),
        case_id: Uuid::nil(),
        kind: OrderKind::SpecialGuardianshipOrder,
        made_on: date(2025, 5, 20),
        hearing_id: None,
    };
    let q1 = Quarter::new(2025, 1).expect("q1");
    let rows = build(
        q1,
        &[pa, pb, pc],
        &children,
        &HashMap::new(),
        &[reversed],
        &[(a, sgo)],
    );
    let a_row = &rows[0];
    assert_eq!(a_row.child, "A");
    assert_eq!(
        (a_row.decision_reversed_on, a_row.decision_reversed_code),
        (Some(date(2025, 5, 15)), Some("RD2"))
    );
    assert_eq!(
        (a_row.permanence_order_on, a_row.permanence_order_type),
        (Some(date(2025, 5, 20)), Some("SGO"))
    );
    assert_eq!(
        (
            a_row.sibling_group,
            a_row.siblings_placed_together,
            a_row.siblings_placed_apart
        ),
        (true, 1, 1)
    );
    assert_eq!(
        (
            rows[2].siblings_placed_together,
            rows[2].siblings_placed_apart
        ),
        (0, 2)
    );
}
