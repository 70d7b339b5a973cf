//! A placement's SSDA903 episodes, from the child's entry to care to the end of its placement
//! through the programme (issue 14, item 11).
//!
//! Invariants (pure):
//! - The first episode of a period of care starts on its entry to care with RNE S (rule 357).
//!   When the child was looked after before the programme placement began, that first episode
//!   is one the programme cannot know (where the child lived): it is emitted with PLACE,
//!   PLACE_PROVIDER and REASON_PLACE_CHANGE blank and `la_to_supply`, ceasing X1 on the day the
//!   programme placement began, which then starts with RNE P (B when the legal status changed
//!   that day).
//! - Within the placement a new episode starts on each change of legal status (L) and on the day
//!   the child is placed for adoption with the same carers (T; U with a change of legal status);
//!   the ceasing row gets X1, and CARPL for the change of placement.
//! - The placement's last episode ceases with the outcome's REC. When that is X1 (the child
//!   stays looked after and moves on), a continuation episode from the same day follows — again
//!   one the LA supplies (`la_to_supply`) — so X1 always has its continuation (rule 388).
//! - Legal status on a day: the latest order on or before it (a placement order beats a care
//!   order made the same day); before any order, the status the child entered care under.

use chrono::NaiveDate;

use super::rows::{CarePeriod, ChildFacts, EpisodeRow};
use crate::children::model::LegalStatus;
use crate::placements::model::{Placement, PlacementStatus};

/// The child's legal status on `day` in `period`.
pub(super) fn legal_status_on(
    child: &ChildFacts,
    placement: &Placement,
    period: &CarePeriod,
    day: NaiveDate,
) -> Option<LegalStatus> {
    let changes = legal_changes(child, placement);
    let ordered = changes
        .iter()
        .rev()
        .find(|(on, _)| *on <= day)
        .map(|(_, status)| *status);
    match (ordered, changes.is_empty()) {
        (Some(status), _) => Some(status),
        (None, _) if period.entry_legal_status.is_some() => period.entry_legal_status,
        // No order at all and no status at entry: the status on record is the only witness.
        (None, true) => child.legal_status,
        (None, false) => None,
    }
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

/// A row of `child` from `decom`, open.
fn row(
    child: &ChildFacts,
    decom: NaiveDate,
    rne: &'static str,
    ls: Option<LegalStatus>,
) -> EpisodeRow {
    EpisodeRow {
        child: child.reference.clone(),
        decom,
        rne,
        ls,
        place: "",
        place_provider: "",
        dec: None,
        rec: None,
        reason_place_change: None,
        urn: None,
        la_to_supply: false,
    }
}

/// The episodes of `placement`, in `period`, with `urn` as the setting's Ofsted URN.
pub(super) fn placement_episodes(
    placement: &Placement,
    child: &ChildFacts,
    period: &CarePeriod,
    urn: Option<&str>,
) -> Vec<EpisodeRow> {
    let codes = placement.ssda903_codes();
    let fostering_place = if placement.carers_related_to_child {
        "U2"
    } else {
        "U5"
    };
    let place_on = |day: NaiveDate| {
        if placement.placed_for_adoption_on.is_some_and(|p| p <= day) {
            codes.placement_type
        } else {
            fostering_place
        }
    };
    let status_on = |day: NaiveDate| legal_status_on(child, placement, period, day);
    let ours = |mut r: EpisodeRow, day: NaiveDate| {
        r.place = place_on(day);
        r.place_provider = codes.placement_provider;
        r.urn = urn.map(str::to_owned);
        r
    };
    let start = placement.started_on;
    let mut rows = Vec::new();
    let first_rne = match period.entered_care_on {
        Some(entered) if entered < start => {
            let before = status_on(entered);
            let mut earlier = row(child, entered, "S", before);
            earlier.dec = Some(start);
            earlier.rec = Some("X1");
            earlier.la_to_supply = true;
            rows.push(earlier);
            if status_on(start) == before { "P" } else { "B" }
        }
        _ => "S",
    };
    rows.push(ours(row(child, start, first_rne, status_on(start)), start));
    let end = placement.ended_on;
    let mut boundaries: Vec<NaiveDate> = legal_changes(child, placement)
        .into_iter()
        .map(|(on, _)| on)
        .chain(placement.placed_for_adoption_on)
        .filter(|on| *on > start && end.is_none_or(|e| *on < e))
        .collect();
    boundaries.sort_unstable();
    boundaries.dedup();
    for day in boundaries {
        let (ls, place) = (status_on(day), place_on(day));
        let Some(previous) = rows.last_mut() else {
            break;
        };
        let rne = match (ls != previous.ls, place != previous.place) {
            (true, true) => "U",
            (false, true) => "T",
            (true, false) => "L",
            (false, false) => continue,
        };
        previous.dec = Some(day);
        previous.rec = Some("X1");
        previous.reason_place_change = (place != previous.place).then_some("CARPL");
        rows.push(ours(row(child, day, rne, ls), day));
    }
    if let (Some(last), Some(ended)) = (rows.last_mut(), end) {
        last.dec = Some(ended);
        last.rec = codes.reason_episode_ceased;
        if placement.status == PlacementStatus::Ended {
            last.reason_place_change = codes.reason_place_change;
            // The child stays looked after: the LA's next placement continues the period.
            let mut next = row(child, ended, "P", status_on(ended));
            next.la_to_supply = true;
            rows.push(next);
        }
    }
    rows
}
