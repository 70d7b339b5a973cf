//! The distribution figures of the outcome report — days from entering care to each step, A1
//! and A10 with their shares against the thresholds, ages, moves — in one query, and the same
//! timeliness figures over the three years ending on a day (the scorecard's three-year average).
//!
//! Invariants: each measure counts a child once per event (a placement started, an order, an
//! adoption) and reports in `missing` the children whose date it needs is not recorded; every
//! query filters `authority_id` by the caller's (narrowed) scope in SQL.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::ConnectionTrait;

use super::model::{
    Ages, DAYS_PER_MONTH, Figure, Missing, Moves, Thresholds, Timeliness, round, share,
};
use super::query::{Queries, int};
use super::sql::distribution;
use crate::auth::Scope;
use crate::error::{AppError, AppResult};
use crate::types::Period;

/// One measure's distribution as the database computed it, in days (or moves).
#[derive(Clone, Debug, Default)]
pub(super) struct Spread {
    pub(super) n: i32,
    mean: Option<f64>,
    median: Option<f64>,
    pub(super) le_182: i32,
    le_short: i32,
    le_long: i32,
    pub(super) zero: i32,
    missing: i32,
    /// Why a child is left out of this measure (the date whose absence makes `v` NULL).
    reason: &'static str,
}

impl Spread {
    /// The figure in days, with its months.
    fn days(&self) -> Figure {
        Figure {
            mean_months: self.mean.map(|v| round(v / DAYS_PER_MONTH, 1)),
            median_months: self.median.map(|v| round(v / DAYS_PER_MONTH, 1)),
            ..self.figure(1.0)
        }
    }

    /// The figure in units of `per` days.
    pub(super) fn figure(&self, per: f64) -> Figure {
        Figure {
            count: self.n,
            mean: self.mean.map(|v| round(v / per, 1)),
            median: self.median.map(|v| round(v / per, 1)),
            mean_months: None,
            median_months: None,
            missing: Missing::of(self.missing, self.reason),
        }
    }
}

const NO_ENTRY: &str = "the child's enteredCareOn is not recorded";
const NO_BIRTH: &str = "the child's dateOfBirth is not recorded";

/// Why a child is left out of measure `m`.
fn reason(m: &str) -> &'static str {
    match m {
        "age_at_placement" | "age_at_adoption_order" => NO_BIRTH,
        "proceedings" => "",
        _ => NO_ENTRY,
    }
}

impl<C: ConnectionTrait> Queries<'_, C> {
    /// Every mean/median measure in one query: a union of (measure, value) rows, summarised.
    pub(super) async fn distributions(&self) -> AppResult<HashMap<String, Spread>> {
        let d = |later: &str, earlier: &str| self.sql.days(later, earlier);
        let from_placements = format!(
            "FROM placements p JOIN children c \
             ON c.id = p.child_id AND c.authority_id = p.authority_id \
             JOIN referrals r ON r.id = p.referral_id AND r.authority_id = p.authority_id \
             WHERE 1 = 1{}",
            self.scoped("p")
        );
        let adopted = "p.status = 'ADOPTED' AND p.adoption_order_on BETWEEN $1 AND $2";
        let permanent = "((p.status = 'ADOPTED' AND p.adoption_order_on BETWEEN $1 AND $2) \
             OR (p.status IN ('RETURNED_TO_PARENT', 'RETURNED_TO_RELATIVE') \
                 AND p.ended_on BETWEEN $1 AND $2))";
        let earlier_placements = "(SELECT COUNT(*) FROM placements q WHERE q.child_id = p.child_id \
             AND q.authority_id = p.authority_id AND q.started_on < p.started_on)";
        let lived_elsewhere_first = "(CASE WHEN r.entered_care_on IS NULL THEN NULL \
             WHEN r.entered_care_on < (SELECT MIN(q.started_on) \
             FROM placements q WHERE q.referral_id = p.referral_id AND q.authority_id = p.authority_id) \
             THEN 1 ELSE 0 END)";
        let branches = [
            (
                "placement",
                d("p.started_on", "r.entered_care_on"),
                "p.started_on BETWEEN $1 AND $2".to_owned(),
            ),
            (
                "placement_order",
                d("p.placement_order_on", "r.entered_care_on"),
                "p.placement_order_on BETWEEN $1 AND $2".to_owned(),
            ),
            (
                "placed_for_adoption",
                d("p.placed_for_adoption_on", "r.entered_care_on"),
                "p.placed_for_adoption_on BETWEEN $1 AND $2".to_owned(),
            ),
            (
                "adoption_order",
                d("p.adoption_order_on", "r.entered_care_on"),
                adopted.to_owned(),
            ),
            (
                "a1",
                d("p.placed_for_adoption_on", "r.entered_care_on"),
                adopted.to_owned(),
            ),
            (
                "a10",
                d("p.started_on", "r.entered_care_on"),
                adopted.to_owned(),
            ),
            (
                "age_at_placement",
                d("p.started_on", "c.date_of_birth"),
                "p.started_on BETWEEN $1 AND $2".to_owned(),
            ),
            (
                "age_at_adoption_order",
                d("p.adoption_order_on", "c.date_of_birth"),
                adopted.to_owned(),
            ),
            (
                "adoption_order_under_one",
                d("p.adoption_order_on", "r.entered_care_on"),
                format!(
                    "{adopted} AND r.entered_care_on < {}",
                    self.sql.plus_years("c.date_of_birth", 1)
                ),
            ),
            (
                "moves",
                format!("{earlier_placements} + {lived_elsewhere_first}"),
                permanent.to_owned(),
            ),
        ];
        let mut union: Vec<String> = branches
            .iter()
            .map(|(m, value, cohort)| {
                format!("SELECT '{m}' AS m, {value} AS v {from_placements} AND {cohort}")
            })
            .collect();
        union.push(format!(
            "SELECT 'proceedings' AS m, {} AS v FROM proceedings pr \
             WHERE pr.concluded_on BETWEEN $1 AND $2{}",
            d("pr.concluded_on", "pr.issued_on"),
            self.scoped("pr")
        ));
        let (short, long) = (self.thresholds.short_days, self.thresholds.long_days);
        let sql = distribution(&union.join(" UNION ALL "), short, long);
        let mut out = HashMap::new();
        for row in self.rows(&sql).await? {
            let m: String = row.try_get("", "m")?;
            out.insert(
                m.clone(),
                Spread {
                    n: int(&row, "n")?,
                    mean: row.try_get("", "mean")?,
                    median: row.try_get("", "median")?,
                    le_182: int(&row, "le_182")?,
                    le_short: int(&row, "le_short")?,
                    le_long: int(&row, "le_long")?,
                    zero: int(&row, "zero")?,
                    missing: int(&row, "missing")?,
                    reason: reason(&m),
                },
            );
        }
        Ok(out)
    }
}

/// The timeliness figures from the distributions.
pub(super) fn timeliness(spread: &HashMap<String, Spread>, thresholds: Thresholds) -> Timeliness {
    let get = |m: &str| spread.get(m).cloned().unwrap_or_default();
    let (a1, a10, order) = (get("a1"), get("a10"), get("placement_order"));
    let (a1_days, a10_days) = (a1.days(), a10.days());
    let fixed = thresholds == Thresholds::default();
    // The fixed-name shares (426 and 639 days) are the thresholds' shares at the defaults.
    let at_default = |share: Option<f64>| if fixed { share } else { None };
    Timeliness {
        days_to_placement: get("placement").days(),
        days_to_placement_order: order.days(),
        days_to_placed_for_adoption: get("placed_for_adoption").days(),
        days_to_adoption_order: get("adoption_order").days(),
        a10_credit_days: a1_days
            .mean
            .zip(a10_days.mean)
            .map(|(a1, a10)| round(a1 - a10, 1)),
        a10_within_426_days_share: at_default(share(a10.le_short, a10.n)),
        a10_within_639_days_share: at_default(share(a10.le_long, a10.n)),
        a1_within_426_days_share: at_default(share(a1.le_short, a1.n)),
        thresholds,
        a1_within_short_share: share(a1.le_short, a1.n),
        a1_within_long_share: share(a1.le_long, a1.n),
        a10_within_short_share: share(a10.le_short, a10.n),
        a10_within_long_share: share(a10.le_long, a10.n),
        placement_order_within_long_share: share(order.le_long, order.n),
        days_to_adoption_order_entered_under_one: get("adoption_order_under_one").days(),
        a1: a1_days,
        a10: a10_days,
    }
}

/// Ages at placement and adoption order, in months.
pub(super) fn ages(spread: &HashMap<String, Spread>) -> Ages {
    let months = |m: &str| {
        spread
            .get(m)
            .map(|d| d.figure(DAYS_PER_MONTH))
            .unwrap_or_default()
    };
    Ages {
        at_placement_months: months("age_at_placement"),
        at_adoption_order_months: months("age_at_adoption_order"),
    }
}

/// Moves before permanence.
pub(super) fn moves(spread: &HashMap<String, Spread>) -> Moves {
    let moves = spread.get("moves");
    Moves {
        before_permanence: moves.map(|d| d.figure(1.0)).unwrap_or_default(),
        without_a_move: moves.map(|d| d.zero).unwrap_or(0),
    }
}

/// The timeliness figures over the three years ending on `to`, in `scope` (already narrowed).
pub async fn three_years<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    to: NaiveDate,
    thresholds: Thresholds,
) -> AppResult<Timeliness> {
    let from = to
        .checked_sub_months(chrono::Months::new(36))
        .and_then(|d| d.succ_opt())
        .ok_or_else(|| AppError::invalid("period.to", "is too early for a three-year figure"))?;
    let q = Queries::new(conn, scope, Period { from, to }, thresholds);
    Ok(timeliness(&q.distributions().await?, thresholds))
}
