//! The outcome mix: how the children's programme journeys ended in the period, counting
//! children rather than placement records (issue 14, item 8).
//!
//! Invariant: computed as extra columns of the report's placements aggregate (no query of its
//! own), so filtered by the caller's (narrowed) scope in SQL like it; a child counts once per
//! outcome however many of its placements ended that way in the period.

use sea_orm::QueryResult;

use super::model::OutcomeMix;
use super::query::int;
use crate::error::AppResult;

/// The outcome-mix columns, for the placements aggregate (`FROM placements p`, `$1`..`$2`).
pub(super) fn columns() -> String {
    let ended_as = |status: &str| {
        format!(
            "COUNT(DISTINCT CASE WHEN p.status = '{status}' AND p.ended_on BETWEEN $1 AND $2 \
             THEN p.child_id END)"
        )
    };
    format!(
        "{adopted} AS mix_adopted, {parent} AS mix_parent, {relative} AS mix_relative, \
           COUNT(DISTINCT CASE WHEN p.status IN ('RETURNED_TO_PARENT', 'RETURNED_TO_RELATIVE') \
             AND p.ended_on BETWEEN $1 AND $2 THEN p.child_id END) AS mix_home, \
           COUNT(DISTINCT CASE WHEN p.status = 'ENDED' AND p.ended_on BETWEEN $1 AND $2 \
             AND EXISTS (SELECT 1 FROM court_orders o JOIN proceedings pr \
               ON pr.id = o.proceedings_id AND pr.authority_id = o.authority_id \
               WHERE pr.child_id = p.child_id AND pr.authority_id = p.authority_id \
               AND o.kind IN ('SPECIAL_GUARDIANSHIP_ORDER', 'CHILD_ARRANGEMENTS_ORDER') \
               AND o.made_on <= p.ended_on) THEN p.child_id END) AS mix_other_order, \
           COUNT(DISTINCT CASE WHEN p.started_on <= $2 \
             AND (p.ended_on IS NULL OR p.ended_on > $2) \
             AND (p.placement_order_on IS NULL OR p.placement_order_on > $2) \
             AND NOT EXISTS (SELECT 1 FROM proceedings pr WHERE pr.child_id = p.child_id \
               AND pr.authority_id = p.authority_id AND pr.concluded_on <= $2) \
             THEN p.child_id END) AS mix_in_proceedings",
        adopted = ended_as("ADOPTED"),
        parent = ended_as("RETURNED_TO_PARENT"),
        relative = ended_as("RETURNED_TO_RELATIVE"),
    )
}

/// The outcome mix from a row holding [`columns`].
pub(super) fn read(row: &QueryResult) -> AppResult<OutcomeMix> {
    Ok(OutcomeMix {
        adopted: int(row, "mix_adopted")?,
        returned_to_parent: int(row, "mix_parent")?,
        returned_to_relative: int(row, "mix_relative")?,
        returned_home: int(row, "mix_home")?,
        other_permanence_order: int(row, "mix_other_order")?,
        still_in_proceedings: int(row, "mix_in_proceedings")?,
    })
}
