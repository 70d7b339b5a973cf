//! The ASGLB quarterly child-level return (domain.md §2.3) for one authority and one quarter,
//! built as a pure function of the records loaded for it.
//!
//! Invariants:
//! - The children are those placed with early-permanence carers through the programme whose
//!   (latest) programme placement started on or before the quarter's last day and had not ended
//!   before its first day.
//! - Only what was known at the end of the quarter is returned: any date after the quarter's
//!   last day is left blank, as it would have been in that quarter's return.
//! - Sibling counts are among the quarter's children of the same authority with the same
//!   `siblingGroup`: together = placed with the same household, apart = with another.

use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::adoption_decisions::model::AdoptionDecision;
use crate::court::model::{CourtOrder, OrderKind};
use crate::placements::model::{Placement, RelativeArrangement};

/// A financial-year quarter: Q1 April–June of `year` … Q4 January–March of `year + 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quarter {
    /// The financial year it belongs to (its April).
    pub year: i32,
    /// 1–4.
    pub quarter: u32,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl Quarter {
    /// The quarter, or `None` for a quarter outside 1–4 or a year outside the reports' range.
    pub fn new(year: i32, quarter: u32) -> Option<Quarter> {
        if !(crate::types::FIRST_REPORT_YEAR..=2100).contains(&year) || !(1..=4).contains(&quarter)
        {
            return None;
        }
        let (y, m) = match quarter {
            4 => (year + 1, 1),
            q => (year, 1 + 3 * q),
        };
        let from = NaiveDate::from_ymd_opt(y, m, 1)?;
        let to = from
            .checked_add_months(chrono::Months::new(3))?
            .pred_opt()?;
        Some(Quarter {
            year,
            quarter,
            from,
            to,
        })
    }
}

/// What the builder needs of a child.
#[derive(Clone, Debug)]
pub struct ChildFacts {
    /// The LA's reference.
    pub reference: String,
    /// Sibling group, if any.
    pub sibling_group: Option<String>,
}

/// One child's row of the return.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AsglbRow {
    /// The child (LA reference).
    pub child: String,
    /// The agency decision maker's decision that the child should be placed for adoption.
    pub adm_decision_on: Option<NaiveDate>,
    /// The early-permanence (FfA/CP) decision: the day the agency accepted the referral.
    pub ep_decision_on: Option<NaiveDate>,
    /// Placed with the early-permanence carers.
    pub placed_with_ep_carers_on: Option<NaiveDate>,
    /// Placement order.
    pub placement_order_on: Option<NaiveDate>,
    /// Matched with the carers as prospective adopters.
    pub matched_on: Option<NaiveDate>,
    /// Placed for adoption.
    pub placed_for_adoption_on: Option<NaiveDate>,
    /// When adopted by (placed for adoption with) the foster carers: the day originally placed
    /// with them.
    pub originally_placed_with_foster_carer_on: Option<NaiveDate>,
    /// The ADM decision was reversed on this day.
    pub decision_reversed_on: Option<NaiveDate>,
    /// Why (RD1–RD4).
    pub decision_reversed_code: Option<&'static str>,
    /// The child is one of a sibling group.
    pub sibling_group: bool,
    /// Siblings (in the return) placed with the same carers.
    pub siblings_placed_together: i32,
    /// Siblings (in the return) placed with other carers.
    pub siblings_placed_apart: i32,
    /// Permanence order date.
    pub permanence_order_on: Option<NaiveDate>,
    /// Permanence order type: ADOPTION, SGO or CAO.
    pub permanence_order_type: Option<&'static str>,
}

/// Builds the return from the authority's placements (any), their children, the placements'
/// referral acceptance dates, the children's adoption decisions and court orders.
pub fn build(
    quarter: Quarter,
    placements: &[Placement],
    children: &HashMap<Uuid, ChildFacts>,
    accepted_on: &HashMap<Uuid, NaiveDate>,
    decisions: &[AdoptionDecision],
    orders: &[(Uuid, CourtOrder)],
) -> Vec<AsglbRow> {
    let known = |d: Option<NaiveDate>| d.filter(|d| *d <= quarter.to);
    // Each child's latest programme placement started by the quarter's end.
    let mut latest: HashMap<Uuid, &Placement> = HashMap::new();
    for p in placements.iter().filter(|p| p.started_on <= quarter.to) {
        let slot = latest.entry(p.child_id.0).or_insert(p);
        if p.started_on > slot.started_on {
            *slot = p;
        }
    }
    latest.retain(|_, p| known(p.ended_on).is_none_or(|ended| ended >= quarter.from));
    let mut rows = Vec::new();
    for (child_id, p) in &latest {
        let Some(child) = children.get(child_id) else {
            continue;
        };
        let decision = decisions
            .iter()
            .filter(|d| d.child_id == *child_id && d.decided_on <= quarter.to)
            .max_by_key(|d| d.decided_on);
        let reversed_on = decision.and_then(|d| known(d.reversed_on));
        let placed_for_adoption_on = known(p.placed_for_adoption_on);
        let (together, apart) = siblings(child_id, child, &latest, children);
        let (permanence_order_on, permanence_order_type) =
            permanence(p, *child_id, orders, quarter);
        rows.push(AsglbRow {
            child: child.reference.clone(),
            adm_decision_on: decision.map(|d| d.decided_on),
            ep_decision_on: known(accepted_on.get(&p.referral_id.0).copied()),
            placed_with_ep_carers_on: Some(p.started_on),
            placement_order_on: known(p.placement_order_on),
            matched_on: known(p.adoption_matched_on),
            placed_for_adoption_on,
            originally_placed_with_foster_carer_on: placed_for_adoption_on.map(|_| p.started_on),
            decision_reversed_on: reversed_on,
            decision_reversed_code: reversed_on
                .and(decision.and_then(|d| d.reversal_reason))
                .map(|r| r.as_str()),
            sibling_group: child.sibling_group.is_some(),
            siblings_placed_together: together,
            siblings_placed_apart: apart,
            permanence_order_on,
            permanence_order_type,
        });
    }
    rows.sort_by(|a, b| a.child.cmp(&b.child));
    rows
}

fn siblings(
    child_id: &Uuid,
    child: &ChildFacts,
    latest: &HashMap<Uuid, &Placement>,
    children: &HashMap<Uuid, ChildFacts>,
) -> (i32, i32) {
    let (Some(group), Some(own)) = (&child.sibling_group, latest.get(child_id)) else {
        return (0, 0);
    };
    let mut counts = (0, 0);
    for (other_id, other) in latest {
        let same_group = children
            .get(other_id)
            .is_some_and(|c| c.sibling_group.as_ref() == Some(group));
        if other_id == child_id || !same_group {
            continue;
        }
        if other.household_id == own.household_id {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
    }
    counts
}

/// The first permanence order known by the quarter's end: the adoption order, or a special
/// guardianship / child arrangements order in the child's proceedings (or recorded on a return
/// to a relative).
fn permanence(
    p: &Placement,
    child_id: Uuid,
    orders: &[(Uuid, CourtOrder)],
    quarter: Quarter,
) -> (Option<NaiveDate>, Option<&'static str>) {
    if let Some(on) = p.adoption_order_on.filter(|d| *d <= quarter.to) {
        return (Some(on), Some("ADOPTION"));
    }
    let order = orders
        .iter()
        .filter(|(c, o)| *c == child_id && o.made_on <= quarter.to)
        .filter_map(|(_, o)| match o.kind {
            OrderKind::SpecialGuardianshipOrder => Some((o.made_on, "SGO")),
            OrderKind::ChildArrangementsOrder => Some((o.made_on, "CAO")),
            _ => None,
        })
        .min();
    if let Some((on, kind)) = order {
        return (Some(on), Some(kind));
    }
    match (
        p.relative_arrangement,
        p.ended_on.filter(|d| *d <= quarter.to),
    ) {
        (Some(RelativeArrangement::SpecialGuardianshipOrder), Some(on)) => (Some(on), Some("SGO")),
        (Some(RelativeArrangement::ChildArrangementsOrder), Some(on)) => (Some(on), Some("CAO")),
        _ => (None, None),
    }
}

/// The quarter, or `BAD_USER_INPUT` naming the argument at fault.
pub fn parse(year: i32, quarter: i32) -> Result<Quarter, crate::error::AppError> {
    let q = u32::try_from(quarter)
        .ok()
        .filter(|q| (1..=4).contains(q))
        .ok_or_else(|| crate::error::AppError::invalid("quarter", "must be 1, 2, 3 or 4"))?;
    Quarter::new(year, q).ok_or_else(|| {
        crate::error::AppError::invalid(
            "year",
            "is not a year this service can report on (1990–2100)",
        )
    })
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
