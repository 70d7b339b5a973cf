//! Builds the SSDA903 rows and validator findings from one authority's records. Pure: the
//! store loads, this derives, so the worked example of domain.md §1.5 is a unit test.
//!
//! Episodes of a placement (one carer household): the first starts on the placement's start,
//! RNE S when that is the day the child entered care, else P (a new placement and carer). A new
//! episode starts on each later change of legal status (RNE L) and on the day the child is
//! placed for adoption with the same carers (RNE T; U when the legal status changes the same
//! day); the ceasing row gets REC X1 and, for the change of placement, REASON_PLACE_CHANGE
//! CARPL. The last episode ceases when the placement ends, with the outcome's REC. Rows are
//! kept when they overlap the collection year; DEC, REC and REASON_PLACE_CHANGE are left blank
//! when the episode ceases after 31 March.

use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::adoption_decisions::model::{AdoptionDecision, ReversalReason};
use crate::children::model::LegalStatus;
use crate::outcomes::store::Period;
use crate::placements::model::{AdoptersLegalStatus, AdoptersSex, Placement, PlacementStatus};

/// What the extract needs to know about a child.
#[derive(Clone, Debug)]
pub struct ChildFacts {
    /// Internal id.
    pub id: Uuid,
    /// CHILD: the LA's reference.
    pub reference: String,
    /// DOB.
    pub date_of_birth: Option<NaiveDate>,
    /// Start of the period of care.
    pub entered_care_on: Option<NaiveDate>,
    /// The legal status on record (used only when no order records a change).
    pub legal_status: Option<LegalStatus>,
    /// Legal status changes made by court orders, in date order.
    pub legal_changes: Vec<(NaiveDate, LegalStatus)>,
}

/// One Episodes row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EpisodeRow {
    /// CHILD.
    pub child: String,
    /// DECOM: the episode began.
    pub decom: NaiveDate,
    /// RNE: reason for the new episode.
    pub rne: &'static str,
    /// LS: legal status; none when no record says.
    pub ls: Option<LegalStatus>,
    /// PLACE: placement type.
    pub place: &'static str,
    /// PLACE_PROVIDER.
    pub place_provider: &'static str,
    /// DEC: the episode ceased (blank while open at 31 March).
    pub dec: Option<NaiveDate>,
    /// REC: reason the episode ceased.
    pub rec: Option<&'static str>,
    /// REASON_PLACE_CHANGE, on the ceasing row.
    pub reason_place_change: Option<&'static str>,
}

/// One AD1 row (a child adopted in the year).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ad1Row {
    /// CHILD.
    pub child: String,
    /// DOB.
    pub dob: Option<NaiveDate>,
    /// DATE_INT: the decision that the child should be placed for adoption.
    pub date_int: Option<NaiveDate>,
    /// DATE_MATCH: matched with the adopters.
    pub date_match: Option<NaiveDate>,
    /// FOSTER_CARE: 1 when adopted by the current foster carers.
    pub foster_care: u8,
    /// NB_ADOPTR.
    pub nb_adoptr: Option<u8>,
    /// SEX_ADOPTR.
    pub sex_adoptr: Option<AdoptersSex>,
    /// LS_ADOPTR.
    pub ls_adoptr: Option<AdoptersLegalStatus>,
}

/// One PlacedAdoption row (a decision in force during the year).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedAdoptionRow {
    /// CHILD.
    pub child: String,
    /// DOB.
    pub dob: Option<NaiveDate>,
    /// DATE_PLACED: the decision.
    pub date_placed: NaiveDate,
    /// DATE_PLACED_CEASED (blank unless reversed by 31 March).
    pub date_placed_ceased: Option<NaiveDate>,
    /// REASON_PLACED_CEASED.
    pub reason_placed_ceased: Option<ReversalReason>,
}

/// A validator rule the records break, or a value the return needs that is not recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The DfE validator rule number, or `MISSING` for a value not recorded.
    pub rule: &'static str,
    /// CHILD.
    pub child: String,
    /// What is wrong and what to record.
    pub message: String,
}

/// The extract's rows and findings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extract {
    /// Episodes, by child reference then DECOM.
    pub episodes: Vec<EpisodeRow>,
    /// AD1, by child reference.
    pub ad1: Vec<Ad1Row>,
    /// PlacedAdoption, by child reference then DATE_PLACED.
    pub placed_adoption: Vec<PlacedAdoptionRow>,
    /// Findings, by child reference.
    pub findings: Vec<Finding>,
}

/// Builds the extract for `year` from the placements (any that started by its end), their
/// children and the children's adoption decisions.
pub fn build(
    year: Period,
    placements: &[Placement],
    children: &HashMap<Uuid, ChildFacts>,
    decisions: &[AdoptionDecision],
) -> Extract {
    let mut out = Extract::default();
    let mut in_extract: Vec<Uuid> = Vec::new();
    for placement in placements {
        let Some(child) = children.get(&placement.child_id) else {
            continue;
        };
        let child_decisions: Vec<&AdoptionDecision> = decisions
            .iter()
            .filter(|d| d.child_id == child.id)
            .collect();
        let rows = placement_episodes(placement, child, &mut out.findings);
        let kept: Vec<EpisodeRow> = rows
            .into_iter()
            .filter(|r| r.decom <= year.to && r.dec.is_none_or(|dec| dec >= year.from))
            .map(|mut r| {
                if r.dec.is_some_and(|dec| dec > year.to) {
                    (r.dec, r.rec, r.reason_place_change) = (None, None, None);
                }
                r
            })
            .collect();
        if kept.is_empty() {
            continue;
        }
        in_extract.push(child.id);
        check_episodes(&kept, &mut out.findings);
        check_decisions(placement, child, &child_decisions, year, &mut out.findings);
        if placement.status == PlacementStatus::Adopted
            && placement
                .adoption_order_on
                .is_some_and(|on| (year.from..=year.to).contains(&on))
        {
            out.ad1.push(ad1_row(
                placement,
                child,
                &child_decisions,
                &kept,
                &mut out.findings,
            ));
        }
        out.episodes.extend(kept);
    }
    in_extract.sort_unstable();
    in_extract.dedup();
    for decision in decisions {
        if !in_extract.contains(&decision.child_id) {
            continue;
        }
        let Some(child) = children.get(&decision.child_id) else {
            continue;
        };
        let overlaps =
            decision.decided_on <= year.to && decision.reversed_on.is_none_or(|r| r >= year.from);
        if !overlaps {
            continue;
        }
        let ceased_in_year = decision.reversed_on.filter(|r| *r <= year.to);
        out.placed_adoption.push(PlacedAdoptionRow {
            child: child.reference.clone(),
            dob: child.date_of_birth,
            date_placed: decision.decided_on,
            date_placed_ceased: ceased_in_year,
            reason_placed_ceased: ceased_in_year.and(decision.reversal_reason),
        });
    }
    out.episodes
        .sort_by(|a, b| (&a.child, a.decom).cmp(&(&b.child, b.decom)));
    out.ad1.sort_by(|a, b| a.child.cmp(&b.child));
    out.placed_adoption
        .sort_by(|a, b| (&a.child, a.date_placed).cmp(&(&b.child, b.date_placed)));
    out.findings.sort_by(|a, b| a.child.cmp(&b.child));
    out
}

fn finding(findings: &mut Vec<Finding>, rule: &'static str, child: &str, message: String) {
    findings.push(Finding {
        rule,
        child: child.to_owned(),
        message,
    });
}

/// The child's legal status on `day`: the latest order on or before it; with no order at all,
/// the status on record; otherwise unknown.
fn legal_status_on(
    child: &ChildFacts,
    placement: &Placement,
    day: NaiveDate,
) -> Option<LegalStatus> {
    let changes = legal_changes(child, placement);
    if changes.is_empty() {
        return child.legal_status;
    }
    changes
        .iter()
        .rev()
        .find(|(on, _)| *on <= day)
        .map(|(_, status)| *status)
}

/// Court-order changes plus the placement's own placement-order date (E1), in date order; on
/// one day a placement order (E1) wins over a care order made with it.
fn legal_changes(child: &ChildFacts, placement: &Placement) -> Vec<(NaiveDate, LegalStatus)> {
    let mut changes = child.legal_changes.clone();
    if let Some(on) = placement.placement_order_on {
        changes.push((on, LegalStatus::E1));
    }
    changes.sort_by_key(|(on, status)| (*on, *status == LegalStatus::E1));
    changes
}

fn placement_episodes(
    placement: &Placement,
    child: &ChildFacts,
    findings: &mut Vec<Finding>,
) -> Vec<EpisodeRow> {
    let codes = placement.ssda903_codes();
    let fostering_place = if placement.carers_related_to_child {
        "U2"
    } else {
        "U5"
    };
    let adoptive_place = codes.placement_type;
    let end = placement.ended_on;
    let mut boundaries: Vec<NaiveDate> = legal_changes(child, placement)
        .into_iter()
        .map(|(on, _)| on)
        .chain(placement.placed_for_adoption_on)
        .filter(|on| *on > placement.started_on && end.is_none_or(|e| *on < e))
        .collect();
    boundaries.sort_unstable();
    boundaries.dedup();

    let place_on = |day: NaiveDate| {
        if placement.placed_for_adoption_on.is_some_and(|p| p <= day) {
            adoptive_place
        } else {
            fostering_place
        }
    };
    let first_rne = match child.entered_care_on {
        Some(entered) if entered == placement.started_on => "S",
        Some(_) => "P",
        None => {
            finding(
                findings,
                "MISSING",
                &child.reference,
                "the date the child entered care is not recorded; RNE assumed S".to_owned(),
            );
            "S"
        }
    };
    let mut rows = vec![EpisodeRow {
        child: child.reference.clone(),
        decom: placement.started_on,
        rne: first_rne,
        ls: legal_status_on(child, placement, placement.started_on),
        place: place_on(placement.started_on),
        place_provider: codes.placement_provider,
        dec: None,
        rec: None,
        reason_place_change: None,
    }];
    for day in boundaries {
        let ls = legal_status_on(child, placement, day);
        let place = place_on(day);
        let Some(previous) = rows.last_mut() else {
            break;
        };
        let (ls_changed, place_changed) = (ls != previous.ls, place != previous.place);
        let rne = match (ls_changed, place_changed) {
            (true, true) => "U",
            (false, true) => "T",
            (true, false) => "L",
            (false, false) => continue,
        };
        previous.dec = Some(day);
        previous.rec = Some("X1");
        previous.reason_place_change = place_changed.then_some("CARPL");
        rows.push(EpisodeRow {
            child: child.reference.clone(),
            decom: day,
            rne,
            ls,
            place,
            place_provider: codes.placement_provider,
            dec: None,
            rec: None,
            reason_place_change: None,
        });
    }
    if let (Some(last), Some(ended)) = (rows.last_mut(), end) {
        last.dec = Some(ended);
        last.rec = codes.reason_episode_ceased;
        last.reason_place_change = if placement.status == PlacementStatus::Ended {
            codes.reason_place_change
        } else {
            None
        };
    }
    rows
}

fn check_episodes(rows: &[EpisodeRow], findings: &mut Vec<Finding>) {
    for row in rows {
        let at = row.decom.format("%d/%m/%Y");
        if row.ls.is_none() {
            finding(
                findings,
                "MISSING",
                &row.child,
                format!(
                    "legal status on {at} is not recorded: record the order the child was looked after under"
                ),
            );
        }
        if matches!(row.place, "A3" | "A5") && !matches!(row.rne, "S" | "T" | "U") {
            finding(
                findings,
                "217",
                &row.child,
                format!(
                    "episode from {at}: placed for adoption with current foster carers needs RNE S, T or U, not {}",
                    row.rne
                ),
            );
        }
        if matches!(row.place, "A5" | "A6") && row.ls != Some(LegalStatus::E1) {
            finding(
                findings,
                "408",
                &row.child,
                format!(
                    "episode from {at}: placed for adoption under a placement order needs legal status E1"
                ),
            );
        }
        if row.dec == Some(row.decom) {
            finding(
                findings,
                "EPISODE",
                &row.child,
                format!("episode from {at} starts and ends on the same day"),
            );
        }
    }
}

fn check_decisions(
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

fn ad1_row(
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

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::placements::model::{Adopters, AdoptionApplication, AdoptionBasis};

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
            id: Uuid::now_v7(),
            authority_id: Uuid::nil(),
            child_id,
            referral_id: Uuid::nil(),
            household_id: Uuid::nil(),
            match_id: Uuid::nil(),
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
        build(year, std::slice::from_ref(p), &children, d)
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
}
