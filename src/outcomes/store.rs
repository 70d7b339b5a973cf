//! The outcome figures, computed in the database: five queries per report (referrals,
//! placements, distributions, proceedings, contact counts with the stored contact alerts),
//! whatever the number of children, run concurrently. Every query filters `authority_id` by the
//! caller's (narrowed) scope in SQL.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::London;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::model::{
    ContactFigures, OutcomeMix, OutcomeReport, PlacementFigures, ProceedingsFigures,
    ReferralFigures, Thresholds, share,
};
use super::query::{Queries, int};
use super::timeliness::{Spread, ages, moves, timeliness};
use crate::auth::Scope;
use crate::contact::model::{CancelledBy, SessionOutcome};
use crate::entities::contact_sessions as sessions;
use crate::error::{AppError, AppResult};
use crate::placements::model::PlaceChangeReason;
use crate::types::Date;

use crate::scoped::Scoped;
use crate::types::Period;

/// The outcome report for `period` in `scope` (already narrowed).
pub async fn outcomes<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    period: Period,
    thresholds: Thresholds,
) -> AppResult<OutcomeReport> {
    let q = Queries::new(conn, scope, period, thresholds);
    // The queries are independent (proceedings reads the distributions), so they run at once.
    let (referrals, (placements, outcome_mix), (spread, proceedings), contact) = tokio::try_join!(
        q.referrals(),
        q.placements(),
        async {
            let spread = q.distributions().await?;
            let proceedings = q.proceedings(&spread).await?;
            Ok((spread, proceedings))
        },
        q.contact(),
    )?;
    Ok(OutcomeReport {
        from: Date(period.from),
        to: Date(period.to),
        authority_id: scope.authority_id(),
        thresholds,
        referrals,
        placements,
        outcome_mix,
        timeliness: timeliness(&spread, thresholds),
        ages: ages(&spread),
        moves: moves(&spread),
        proceedings,
        contact,
    })
}

impl<C: ConnectionTrait> Queries<'_, C> {
    async fn referrals(&self) -> AppResult<ReferralFigures> {
        let first_birthday = self.sql.plus_years("c.date_of_birth", 1);
        // Per child: each child referred in the period once, by its earliest referral in it.
        let sql = format!(
            "WITH f AS (SELECT r.child_id, r.authority_id, MIN(r.referred_on) AS first_on \
               FROM referrals r WHERE r.referred_on BETWEEN $1 AND $2{scoped} \
               GROUP BY r.child_id, r.authority_id), \
             k AS (SELECT COUNT(*) AS children, \
               COALESCE(SUM(CASE WHEN c.date_of_birth IS NULL OR f.first_on <= c.date_of_birth \
                            THEN 1 ELSE 0 END), 0) AS at_birth, \
               COALESCE(SUM(CASE WHEN c.date_of_birth IS NULL OR f.first_on < {first_birthday} \
                            THEN 1 ELSE 0 END), 0) AS before_first \
               FROM f JOIN children c ON c.id = f.child_id AND c.authority_id = f.authority_id) \
             SELECT COUNT(*) AS received, \
               COALESCE(SUM(CASE WHEN c.date_of_birth IS NULL OR r.referred_on < c.date_of_birth \
                            THEN 1 ELSE 0 END), 0) AS before_birth, \
               COALESCE(SUM(CASE WHEN c.date_of_birth IS NULL OR r.referred_on < {first_birthday} \
                            THEN 1 ELSE 0 END), 0) AS before_first_birthday, \
               (SELECT children FROM k) AS children, (SELECT at_birth FROM k) AS at_birth, \
               (SELECT before_first FROM k) AS before_first \
             FROM referrals r \
             JOIN children c ON c.id = r.child_id AND c.authority_id = r.authority_id \
             WHERE r.referred_on BETWEEN $1 AND $2{scoped}",
            scoped = self.scoped("r")
        );
        let row = self.row(&sql).await?;
        let received = int(&row, "received")?;
        let before_birth = int(&row, "before_birth")?;
        let before_first_birthday = int(&row, "before_first_birthday")?;
        let children = int(&row, "children")?;
        let at_birth = int(&row, "at_birth")?;
        let before_first = int(&row, "before_first")?;
        Ok(ReferralFigures {
            received,
            before_birth,
            before_first_birthday,
            before_birth_share: share(before_birth, received),
            before_first_birthday_share: share(before_first_birthday, received),
            children,
            children_at_or_before_birth: at_birth,
            children_at_or_before_birth_share: share(at_birth, children),
            children_before_first_birthday: before_first,
            children_before_first_birthday_share: share(before_first, children),
        })
    }

    async fn placements(&self) -> AppResult<(PlacementFigures, OutcomeMix)> {
        let disruptive = PlaceChangeReason::ALL
            .iter()
            .filter(|r| r.is_disruption())
            .map(|r| format!("'{}'", r.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        let ended_as = |status: &str| {
            format!(
                "COALESCE(SUM(CASE WHEN p.status = '{status}' AND p.ended_on BETWEEN $1 AND $2 \
                 THEN 1 ELSE 0 END), 0)"
            )
        };
        let open_at_end = "p.started_on <= $2 AND (p.ended_on IS NULL OR p.ended_on > $2)";
        let sql = format!(
            "SELECT \
               COALESCE(SUM(CASE WHEN p.started_on BETWEEN $1 AND $2 THEN 1 ELSE 0 END), 0) AS started, \
               {adopted} AS adopted, {parent} AS returned_to_parent, \
               {relative} AS returned_to_relative, {ended} AS ended, \
               COALESCE(SUM(CASE WHEN p.status = 'ENDED' AND p.ended_on BETWEEN $1 AND $2 \
                 AND (p.disruption_reason IN ({disruptive}) OR p.placed_for_adoption_on IS NOT NULL) \
                 THEN 1 ELSE 0 END), 0) AS disruptions, \
               COALESCE(SUM(CASE WHEN {open_at_end} THEN 1 ELSE 0 END), 0) AS open_at_end, \
               COALESCE(SUM(CASE WHEN {open_at_end} \
                 AND (p.placement_order_on IS NULL OR p.placement_order_on > $2) \
                 AND NOT EXISTS (SELECT 1 FROM proceedings pr WHERE pr.child_id = p.child_id \
                   AND pr.authority_id = p.authority_id AND pr.concluded_on <= $2) \
                 THEN 1 ELSE 0 END), 0) AS still_in_proceedings, {mix} \
             FROM placements p WHERE 1 = 1{scoped}",
            mix = super::mix::columns(),
            adopted = ended_as("ADOPTED"),
            parent = ended_as("RETURNED_TO_PARENT"),
            relative = ended_as("RETURNED_TO_RELATIVE"),
            ended = ended_as("ENDED"),
            scoped = self.scoped("p"),
        );
        let row = self.row(&sql).await?;
        let figures = PlacementFigures {
            started: int(&row, "started")?,
            adopted: int(&row, "adopted")?,
            returned_to_parent: int(&row, "returned_to_parent")?,
            returned_to_relative: int(&row, "returned_to_relative")?,
            ended: int(&row, "ended")?,
            disruptions: int(&row, "disruptions")?,
            open_at_end: int(&row, "open_at_end")?,
            still_in_proceedings: int(&row, "still_in_proceedings")?,
        };
        Ok((figures, super::mix::read(&row)?))
    }

    async fn proceedings(&self, spread: &HashMap<String, Spread>) -> AppResult<ProceedingsFigures> {
        let sql = format!(
            "SELECT \
               COALESCE(SUM(CASE WHEN pr.concluded_on BETWEEN $1 AND $2 AND EXISTS \
                 (SELECT 1 FROM extensions e WHERE e.proceedings_id = pr.id \
                  AND e.authority_id = pr.authority_id) THEN 1 ELSE 0 END), 0) AS extended, \
               COALESCE(SUM(CASE WHEN pr.issued_on <= $2 \
                 AND (pr.concluded_on IS NULL OR pr.concluded_on > $2) \
                 AND {age} > 182 THEN 1 ELSE 0 END), 0) AS open_past \
             FROM proceedings pr WHERE 1 = 1{scoped}",
            age = self.sql.days("$2", "pr.issued_on"),
            scoped = self.scoped("pr"),
        );
        let row = self.row(&sql).await?;
        let concluded = spread.get("proceedings").cloned().unwrap_or_default();
        Ok(ProceedingsFigures {
            concluded: concluded.n,
            weeks_to_final_order: concluded.figure(7.0),
            within_26_weeks: concluded.le_182,
            within_26_weeks_share: share(concluded.le_182, concluded.n),
            extended: int(&row, "extended")?,
            open_past_26_weeks_at_end: int(&row, "open_past")?,
        })
    }

    /// Session counts by outcome, and alerts, in one grouped query. Alerts are the flags the
    /// contact module's own rule stores on each session ([`crate::contact::alerts`]), so the
    /// report and the placement agree.
    async fn contact(&self) -> AppResult<ContactFigures> {
        let (start, end) = uk_bounds(self.period)?;
        let flagged = |column: &str| {
            Expr::cust(format!(
                "COALESCE(SUM(CASE WHEN {column} THEN 1 ELSE 0 END), 0)"
            ))
        };
        type Row = (Option<String>, Option<String>, i64, i64, i64, i64);
        let grouped: Vec<Row> = sessions::Entity::find()
            .select_only()
            .column(sessions::Column::Outcome)
            .column(sessions::Column::CancelledBy)
            .column_as(sessions::Column::Id.count(), "n")
            .column_as(flagged("settling_in_alert"), "settling_in")
            .column_as(flagged("frequency_alert"), "frequency")
            .column_as(flagged("travel_alert"), "travel")
            .filter(sessions::Entity::visible_to(self.scope))
            .filter(sessions::Column::StartsAt.gte(start))
            .filter(sessions::Column::StartsAt.lt(end))
            .group_by(sessions::Column::Outcome)
            .group_by(sessions::Column::CancelledBy)
            .into_tuple()
            .all(self.conn)
            .await?;
        let mut figures = ContactFigures::default();
        let clamped = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
        for (outcome, cancelled_by, n, settling_in, frequency, travel) in grouped {
            let n = clamped(n);
            figures.offered += n;
            figures.settling_in_alerts += clamped(settling_in);
            figures.frequency_alerts += clamped(frequency);
            figures.travel_alerts += clamped(travel);
            let outcome = outcome.as_deref().and_then(SessionOutcome::parse);
            let slot = match (
                outcome,
                cancelled_by.as_deref().and_then(CancelledBy::parse),
            ) {
                (None, _) => &mut figures.not_recorded,
                (Some(SessionOutcome::Attended), _) => &mut figures.attended,
                (Some(SessionOutcome::ParentLate), _) => &mut figures.late,
                (Some(SessionOutcome::ParentDidNotAttend), _) => &mut figures.missed,
                (Some(SessionOutcome::Cancelled), Some(CancelledBy::Parent)) => {
                    &mut figures.cancelled_by_parent
                }
                (Some(SessionOutcome::Cancelled), Some(CancelledBy::Carer)) => {
                    &mut figures.cancelled_by_carer
                }
                (Some(SessionOutcome::Cancelled), Some(CancelledBy::Agency)) => {
                    &mut figures.cancelled_by_agency
                }
                (Some(SessionOutcome::Cancelled), Some(CancelledBy::Court)) => {
                    &mut figures.cancelled_by_court
                }
                (Some(SessionOutcome::Cancelled), _) => &mut figures.cancelled_for_illness,
            };
            *slot += n;
        }
        Ok(figures)
    }
}

/// The instants at which the period's first UK day starts and the day after its last starts.
fn uk_bounds(
    period: Period,
) -> AppResult<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)> {
    let midnight = |day: NaiveDate| {
        day.and_hms_opt(0, 0, 0)
            .and_then(|t| London.from_local_datetime(&t).earliest())
            .map(|t| t.with_timezone(&chrono::Utc))
            .ok_or_else(|| AppError::invalid("period", "is outside the dates this service knows"))
    };
    let after = period
        .to
        .succ_opt()
        .ok_or_else(|| AppError::invalid("period.to", "is too late"))?;
    Ok((midnight(period.from)?, midnight(after)?))
}
