//! Worked examples of the SSDA903 extract (domain.md §1.5) and of the validator rules it
//! checks.

use chrono::Utc;

use chrono::NaiveDate;

use super::*;
use crate::adoption_decisions::model::ReversalReason;
use crate::children::model::{Ethnicity, LegalStatus, Sex};
use crate::placements::model::{Adopters, AdoptionApplication, AdoptionBasis};
use crate::placements::model::{AdoptersLegalStatus, AdoptersSex};
use crate::types::ids::{AuthorityId, ChildId, HouseholdId, MatchId, PlacementId, ReferralId};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn year(start: i32) -> Period {
    Period::financial_year(start, "y").expect("year")
}

/// The worked example of domain.md §1.5: placed at entry under an ICO, placement order
/// (with a care order the same day), placed for adoption, adopted.
fn worked_example() -> (Placement, ChildFacts, AdoptionDecision) {
    let child_id = Uuid::now_v7();
    let placement = Placement {
        id: PlacementId(Uuid::now_v7()),
        authority_id: AuthorityId(Uuid::nil()),
        child_id: ChildId(child_id),
        referral_id: ReferralId(Uuid::nil()),
        household_id: HouseholdId(Uuid::nil()),
        match_id: MatchId(Uuid::nil()),
        carers_related_to_child: false,
        started_on: date(2025, 5, 10),
        settling_in_days: 7,
        status: PlacementStatus::Adopted,
        placement_order_on: Some(date(2025, 11, 3)),
        placed_for_adoption_on: Some(date(2025, 12, 1)),
        adoption_basis: Some(AdoptionBasis::PlacementOrder),
        adoption_order_on: Some(date(2026, 6, 15)),
        adoption_application: Some(AdoptionApplication::Unopposed),
        ended_on: Some(date(2026, 6, 15)),
        end_reason: None,
        disruption_reason: None,
        relative_arrangement: None,
        adoption_matched_on: Some(date(2025, 11, 20)),
        adopters: Some(Adopters {
            sex: AdoptersSex::Mf,
            legal_status: AdoptersLegalStatus::L11,
        }),
        version: 1,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    };
    let child = ChildFacts {
        id: child_id,
        reference: "EX1".to_owned(),
        date_of_birth: Some(date(2025, 5, 7)),
        entered_care_on: Some(date(2025, 5, 10)),
        legal_status: Some(LegalStatus::E1),
        legal_changes: vec![
            (date(2025, 5, 10), LegalStatus::C1),
            (date(2025, 11, 3), LegalStatus::C2),
            (date(2025, 11, 3), LegalStatus::E1),
        ],
        sex: Sex::Female,
        ethnicity: Ethnicity::Wbri,
        periods: HashMap::new(),
    };
    let decision = AdoptionDecision {
        id: Uuid::now_v7(),
        authority_id: Uuid::nil(),
        child_id,
        decided_on: date(2025, 9, 1),
        reversed_on: None,
        reversal_reason: None,
        version: 1,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    };
    (placement, child, decision)
}

fn run(year: Period, p: &Placement, c: &ChildFacts, d: &[AdoptionDecision]) -> Extract {
    let children = HashMap::from([(c.id, c.clone())]);
    build(
        year,
        std::slice::from_ref(p),
        &children,
        d,
        Some("SC123456"),
    )
}

fn episode(
    decom: NaiveDate,
    rne: &'static str,
    ls: LegalStatus,
    place: &'static str,
    dec: Option<NaiveDate>,
    rec: Option<&'static str>,
    reason: Option<&'static str>,
) -> EpisodeRow {
    EpisodeRow {
        child: "EX1".to_owned(),
        decom,
        rne,
        ls: Some(ls),
        place,
        place_provider: "PR5",
        dec,
        rec,
        reason_place_change: reason,
        urn: Some("SC123456".to_owned()),
        la_to_supply: false,
    }
}

#[test]
fn the_worked_example_gives_three_episodes_and_an_ad1_row() {
    let (p, c, d) = worked_example();
    let both_years = Period {
        from: date(2025, 4, 1),
        to: date(2027, 3, 31),
    };
    let out = run(both_years, &p, &c, std::slice::from_ref(&d));
    use LegalStatus::*;
    assert_eq!(
        out.episodes,
        vec![
            episode(
                date(2025, 5, 10),
                "S",
                C1,
                "U5",
                Some(date(2025, 11, 3)),
                Some("X1"),
                None
            ),
            episode(
                date(2025, 11, 3),
                "L",
                E1,
                "U5",
                Some(date(2025, 12, 1)),
                Some("X1"),
                Some("CARPL")
            ),
            episode(
                date(2025, 12, 1),
                "T",
                E1,
                "A5",
                Some(date(2026, 6, 15)),
                Some("E11"),
                None
            ),
        ]
    );
    assert_eq!(
        out.ad1,
        vec![Ad1Row {
            child: "EX1".to_owned(),
            dob: Some(date(2025, 5, 7)),
            date_int: Some(date(2025, 9, 1)),
            date_match: Some(date(2025, 11, 20)),
            foster_care: 1,
            nb_adoptr: Some(2),
            sex_adoptr: Some(AdoptersSex::Mf),
            ls_adoptr: Some(AdoptersLegalStatus::L11),
        }]
    );
    assert_eq!(out.placed_adoption.len(), 1);
    assert_eq!(out.findings, vec![], "the worked example breaks no rule");
}

#[test]
fn a_year_keeps_only_its_episodes_and_blanks_later_ceasing() {
    let (p, c, d) = worked_example();
    let out = run(year(2025), &p, &c, std::slice::from_ref(&d));
    assert_eq!(out.episodes.len(), 3, "all three began by 31 March 2026");
    let last = out.episodes.last().expect("row");
    assert_eq!((last.dec, last.rec), (None, None), "adopted after 31 March");
    assert!(out.ad1.is_empty(), "adopted in the next year");
    let next = run(year(2026), &p, &c, std::slice::from_ref(&d));
    assert_eq!(
        next.episodes.len(),
        1,
        "only the A5 episode is open in 2026-27"
    );
    assert_eq!(next.ad1.len(), 1);
}

#[test]
fn the_same_day_change_of_status_and_placement_is_rne_u() {
    let (mut p, mut c, d) = worked_example();
    p.placed_for_adoption_on = p.placement_order_on;
    p.adoption_matched_on = Some(date(2025, 10, 1));
    c.legal_changes.retain(|(_, s)| *s != LegalStatus::C2);
    let out = run(year(2025), &p, &c, std::slice::from_ref(&d));
    let rnes: Vec<&str> = out.episodes.iter().map(|e| e.rne).collect();
    assert_eq!(rnes, ["S", "U"]);
    assert_eq!(out.episodes[0].reason_place_change, Some("CARPL"));
}

#[test]
fn a_return_home_ends_with_e4a_and_asks_for_the_reversal() {
    let (mut p, c, d) = worked_example();
    p.status = PlacementStatus::ReturnedToParent;
    p.placement_order_on = None;
    p.placed_for_adoption_on = None;
    p.adoption_basis = None;
    p.adoption_order_on = None;
    p.adoption_matched_on = None;
    p.ended_on = Some(date(2025, 10, 1));
    let out = run(year(2025), &p, &c, std::slice::from_ref(&d));
    let last = out.episodes.last().expect("row");
    assert_eq!((last.place, last.rec), ("U5", Some("E4A")));
    let rules: Vec<&str> = out.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["557"]);
    let mut reversed = d.clone();
    reversed.reversed_on = Some(date(2025, 9, 20));
    reversed.reversal_reason = Some(ReversalReason::Rd1);
    let out = run(year(2025), &p, &c, &[reversed]);
    assert!(out.findings.is_empty());
    assert_eq!(
        out.placed_adoption[0].date_placed_ceased,
        Some(date(2025, 9, 20))
    );
    assert_eq!(
        out.placed_adoption[0].reason_placed_ceased,
        Some(ReversalReason::Rd1)
    );
}

#[test]
fn broken_rules_are_reported() {
    let (mut p, mut c, _) = worked_example();
    // No decision, no match, no adopters; placement order without E1 on record.
    p.adoption_matched_on = None;
    p.adopters = None;
    c.legal_changes.retain(|(_, s)| *s == LegalStatus::C1);
    p.placement_order_on = None;
    let out = run(year(2026), &p, &c, &[]);
    let mut rules: Vec<&str> = out.findings.iter().map(|f| f.rule).collect();
    rules.sort_unstable();
    assert_eq!(rules, ["408", "521", "MISSING", "MISSING", "MISSING"]);
}

#[test]
fn care_before_the_placement_is_an_episode_the_la_supplies_then_v2_becomes_c1() {
    // Accommodated under s20 (V2) on 1 May, an interim care order and the programme placement
    // on 10 May: the LA's episode from 1 May, then ours from 10 May with RNE B.
    let (mut p, mut c, d) = worked_example();
    let referral = Uuid::now_v7();
    p.referral_id = ReferralId(referral);
    c.periods.insert(
        referral,
        CarePeriod {
            entered_care_on: Some(date(2025, 5, 1)),
            entry_legal_status: Some(LegalStatus::V2),
        },
    );
    let out = run(year(2025), &p, &c, std::slice::from_ref(&d));
    let first = &out.episodes[0];
    assert_eq!(
        (first.decom, first.rne, first.ls),
        (date(2025, 5, 1), "S", Some(LegalStatus::V2))
    );
    assert_eq!(
        (first.dec, first.rec, first.place, first.la_to_supply),
        (Some(date(2025, 5, 10)), Some("X1"), "", true)
    );
    assert_eq!(first.urn, None, "the LA's setting, not the agency's");
    let ours = &out.episodes[1];
    assert_eq!(
        (ours.decom, ours.rne, ours.ls, ours.place),
        (date(2025, 5, 10), "B", Some(LegalStatus::C1), "U5")
    );
    assert_eq!(ours.urn.as_deref(), Some("SC123456"));
    let rules: Vec<&str> = out.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["LA_EPISODE", "225"], "{:?}", out.findings);
    assert_eq!(out.header[0].sex, Some("F"), "from 2024-25 SEX is M/F/U");
}

#[test]
fn an_ended_placement_is_followed_by_the_las_continuation_episode() {
    let (mut p, c, _) = worked_example();
    (p.status, p.placement_order_on, p.placed_for_adoption_on) =
        (PlacementStatus::Ended, None, None);
    p.adoption_order_on = None;
    p.ended_on = Some(date(2025, 9, 1));
    p.end_reason = Some("Carers' circumstances changed".to_owned());
    p.disruption_reason = Some(crate::placements::model::PlaceChangeReason::Creqo);
    let mut c = c;
    c.legal_changes.retain(|(_, s)| *s == LegalStatus::C1);
    let out = run(year(2025), &p, &c, &[]);
    let recs: Vec<(&str, Option<&str>, bool)> = out
        .episodes
        .iter()
        .map(|e| (e.rne, e.rec, e.la_to_supply))
        .collect();
    assert_eq!(recs, [("S", Some("X1"), false), ("P", None, true)]);
    assert_eq!(out.episodes[0].reason_place_change, Some("CREQO"));
    let rules: Vec<&str> = out.findings.iter().map(|f| f.rule).collect();
    assert_eq!(
        rules,
        ["LA_EPISODE"],
        "no 388 and no 225: {:?}",
        out.findings
    );
}

#[test]
fn sex_follows_the_collection_years_code_list() {
    let (p, mut c, d) = worked_example();
    c.sex = Sex::Unknown;
    let out = run(year(2025), &p, &c, std::slice::from_ref(&d));
    assert_eq!(out.header[0].sex, Some("U"));
    assert!(
        out.findings.iter().all(|f| f.rule != "101"),
        "{:?}",
        out.findings
    );
    assert_eq!(
        (
            out.header[0].upn,
            out.header[0].ethnic,
            out.header[0].mother
        ),
        ("UN1", "WBRI", None)
    );
    // The 2023-24 rules code only 1 and 2: an unknown sex has no code and is reported.
    let mut findings = Vec::new();
    let header = crate::ssda903::header::header_row(&c, 2023, &mut findings);
    assert_eq!(header.sex, None);
    assert_eq!(findings.iter().map(|f| f.rule).collect::<Vec<_>>(), ["101"]);
    c.sex = Sex::Female;
    let girl = crate::ssda903::header::header_row(&c, 2023, &mut findings);
    assert_eq!((girl.sex, girl.mother), (Some("2"), Some("0")));
}
