//! Builds the SSDA903 rows and validator findings from one authority's records. Pure: the
//! store loads, this derives, so the worked example of domain.md §1.5 is a unit test.
//!
//! The episodes of each placement come from `timeline.rs` (from the child's entry to care,
//! with the episodes only the LA can supply marked); rows are kept when they overlap the
//! collection year, and DEC, REC and REASON_PLACE_CHANGE are left blank when the episode ceases
//! after 31 March. Each child's rows are checked by `rules.rs`, its Header row comes from
//! `header.rs`, and its adoption rows (AD1, PlacedAdoption) and their rules from `adoption.rs`.

use std::collections::HashMap;

use uuid::Uuid;

use chrono::Datelike;

use super::adoption::{ad1_row, check_decisions};
use super::header::header_row;
use super::rules::check_child;
use super::timeline::placement_episodes;
use crate::adoption_decisions::model::AdoptionDecision;
use crate::placements::model::{Placement, PlacementStatus};
use crate::types::Period;

pub use super::rows::{
    Ad1Row, CarePeriod, ChildFacts, EpisodeRow, Extract, Finding, HeaderRow, PlacedAdoptionRow,
    finding,
};

/// Builds the extract for `year` from the placements (any that started by its end), their
/// children and the children's adoption decisions.
pub fn build(
    year: Period,
    placements: &[Placement],
    children: &HashMap<Uuid, ChildFacts>,
    decisions: &[AdoptionDecision],
    urn: Option<&str>,
) -> Extract {
    let mut out = Extract::default();
    let mut in_extract: Vec<Uuid> = Vec::new();
    let mut by_child: HashMap<Uuid, Vec<EpisodeRow>> = HashMap::new();
    for placement in placements {
        let Some(child) = children.get(&placement.child_id.0) else {
            continue;
        };
        let child_decisions: Vec<&AdoptionDecision> = decisions
            .iter()
            .filter(|d| d.child_id == child.id)
            .collect();
        let period = child
            .periods
            .get(&placement.referral_id.0)
            .cloned()
            .unwrap_or(CarePeriod {
                entered_care_on: child.entered_care_on,
                entry_legal_status: None,
            });
        if period.entered_care_on.is_none() {
            finding(
                &mut out.findings,
                "MISSING",
                &child.reference,
                "the date the child entered care is not recorded; the first episode is assumed to start with the placement (RNE S)".to_owned(),
            );
        }
        let rows = placement_episodes(placement, child, &period, urn);
        let kept: Vec<EpisodeRow> = rows
            .into_iter()
            .filter(|r| r.decom <= year.to && r.dec.is_none_or(|dec| dec >= year.from))
            // An open episode the LA supplies after the placement ended is asked for in the
            // year it began; later returns carry the LA's own record of it.
            .filter(|r| !(r.la_to_supply && r.dec.is_none() && r.decom < year.from))
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
        by_child.entry(child.id).or_default().extend(kept);
    }
    in_extract.sort_unstable();
    in_extract.dedup();
    for id in &in_extract {
        let (Some(child), Some(mut rows)) = (children.get(id), by_child.remove(id)) else {
            continue;
        };
        rows.sort_by_key(|r| (r.decom, r.la_to_supply));
        check_child(&rows, year, &mut out.findings);
        out.header
            .push(header_row(child, year.from.year(), &mut out.findings));
        out.episodes.extend(rows);
    }
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
    out.header.sort_by(|a, b| a.child.cmp(&b.child));
    out.placed_adoption
        .sort_by(|a, b| (&a.child, a.date_placed).cmp(&(&b.child, b.date_placed)));
    out.findings.sort_by(|a, b| a.child.cmp(&b.child));
    out
}

#[cfg(test)]
#[path = "episodes_tests.rs"]
mod tests;
