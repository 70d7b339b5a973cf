//! The outcome figures, computed in the database: five queries per report (referrals,
//! placements, distributions, proceedings, contact counts with the stored contact alerts),
//! whatever the number of children, run concurrently. Every query filters `authority_id` by the
//! caller's (narrowed) scope in SQL.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::London;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryResult, QuerySelect, Value,
};
use uuid::Uuid;

use super::model::{
    Ages, ContactFigures, DAYS_PER_MONTH, Figure, Missing, Moves, OutcomeReport, PlacementFigures,
    ProceedingsFigures, ReferralFigures, Timeliness, round, share,
};
use super::sql::{Dialect, distribution};
use crate::auth::Scope;
use crate::contact::model::{CancelledBy, SessionOutcome};
use crate::entities::contact_sessions as sessions;
use crate::error::{AppError, AppResult};
use crate::graphql::scalars::Date;
use crate::placements::model::PlaceChangeReason;

/// The first financial year the reports reach back to.
pub const FIRST_REPORT_YEAR: i32 = 1990;

/// A reporting period, both days inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl Period {
    /// A period, or `BAD_USER_INPUT` naming `field` when it runs backwards.
    pub fn new(from: NaiveDate, to: NaiveDate, field: &str) -> AppResult<Period> {
        if to < from {
            return Err(AppError::invalid(field, "`to` must not be before `from`"));
        }
        Ok(Period { from, to })
    }

    /// The financial (and SSDA903 collection) year starting on 1 April of `year`, from 1990
    /// (early-permanence programmes began in the late 1990s) to 2100.
    pub fn financial_year(year: i32, field: &str) -> AppResult<Period> {
        let bad = || {
            AppError::invalid(
                field,
                format!("is not a year this service can report on ({FIRST_REPORT_YEAR}–2100)"),
            )
        };
        if !(FIRST_REPORT_YEAR..=2100).contains(&year) {
            return Err(bad());
        }
        let from = NaiveDate::from_ymd_opt(year, 4, 1).ok_or_else(bad)?;
        let to = NaiveDate::from_ymd_opt(year + 1, 3, 31).ok_or_else(bad)?;
        Ok(Period { from, to })
    }
}

/// The scope a report runs in: the caller's scope, narrowed to `authority` when one is asked
/// for. An LA caller asking for another authority gets `NOT_FOUND`, as for a missing one.
pub fn narrow(scope: Scope, authority: Option<Uuid>) -> AppResult<Scope> {
    match (scope, authority) {
        (Scope::Authority(own), Some(asked)) if own != asked => {
            Err(AppError::not_found("Authority"))
        }
        (Scope::All, Some(asked)) => Ok(Scope::Authority(asked)),
        (scope, _) => Ok(scope),
    }
}

/// The outcome report for `period` in `scope` (already narrowed).
pub async fn outcomes<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    period: Period,
) -> AppResult<OutcomeReport> {
    let q = Queries::new(conn, scope, period);
    // The queries are independent (proceedings reads the distributions), so they run at once.
    let (referrals, placements, (spread, proceedings), contact) = tokio::try_join!(
        q.referrals(),
        q.placements(),
        async {
            let spread = q.distributions().await?;
            let proceedings = q.proceedings(&spread).await?;
            Ok((spread, proceedings))
        },
        q.contact(),
    )?;
    let figure = |m: &str| spread.get(m).map(|d| d.figure(1.0)).unwrap_or_default();
    let (a1, a10) = (figure("a1"), figure("a10"));
    let adopted = a10.count;
    let count_at = |m: &str, f: fn(&Spread) -> i32| spread.get(m).map(f).unwrap_or(0);
    let timeliness = Timeliness {
        days_to_placement: figure("placement"),
        days_to_placement_order: figure("placement_order"),
        days_to_placed_for_adoption: figure("placed_for_adoption"),
        days_to_adoption_order: figure("adoption_order"),
        a10_credit_days: a1.mean.zip(a10.mean).map(|(a1, a10)| round(a1 - a10, 1)),
        a10_within_426_days_share: share(count_at("a10", |s| s.le_426), adopted),
        a10_within_639_days_share: share(count_at("a10", |s| s.le_639), adopted),
        a1_within_426_days_share: share(count_at("a1", |s| s.le_426), a1.count),
        a1,
        a10,
    };
    let months = |m: &str| {
        spread
            .get(m)
            .map(|d| d.figure(DAYS_PER_MONTH))
            .unwrap_or_default()
    };
    let moves = spread.get("moves");
    Ok(OutcomeReport {
        from: Date(period.from),
        to: Date(period.to),
        authority_id: scope.authority_id(),
        referrals,
        placements,
        timeliness,
        ages: Ages {
            at_placement_months: months("age_at_placement"),
            at_adoption_order_months: months("age_at_adoption_order"),
        },
        moves: Moves {
            before_permanence: moves.map(|d| d.figure(1.0)).unwrap_or_default(),
            without_a_move: moves.map(|d| d.zero).unwrap_or(0),
        },
        proceedings,
        contact,
    })
}

/// One measure's distribution as the database computed it, in days (or moves).
#[derive(Clone, Debug, Default)]
struct Spread {
    n: i32,
    mean: Option<f64>,
    median: Option<f64>,
    le_182: i32,
    le_426: i32,
    le_639: i32,
    zero: i32,
    missing: i32,
    /// Why a child is left out of this measure (the date whose absence makes `v` NULL).
    reason: &'static str,
}

impl Spread {
    /// The figure in units of `per` days.
    fn figure(&self, per: f64) -> Figure {
        Figure {
            count: self.n,
            mean: self.mean.map(|v| round(v / per, 1)),
            median: self.median.map(|v| round(v / per, 1)),
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

/// The report's queries for one scope and period. Parameters: `$1` = from, `$2` = to, `$3` =
/// the authority (only when the scope is one authority).
struct Queries<'a, C> {
    conn: &'a C,
    scope: Scope,
    period: Period,
    sql: Dialect,
}

impl<'a, C: ConnectionTrait> Queries<'a, C> {
    fn new(conn: &'a C, scope: Scope, period: Period) -> Self {
        Queries {
            conn,
            scope,
            period,
            sql: Dialect(conn.get_database_backend()),
        }
    }

    /// `AND <alias>.authority_id = $3` in one authority's scope; nothing for the agency.
    fn scoped(&self, alias: &str) -> String {
        match self.scope {
            Scope::Authority(_) => format!(" AND {alias}.authority_id = $3"),
            Scope::All => String::new(),
        }
    }

    fn values(&self) -> Vec<Value> {
        let mut values: Vec<Value> = vec![self.period.from.into(), self.period.to.into()];
        if let Scope::Authority(id) = self.scope {
            values.push(id.into());
        }
        values
    }

    async fn rows(&self, sql: &str) -> AppResult<Vec<QueryResult>> {
        Ok(self
            .conn
            .query_all_raw(self.sql.statement(sql, self.values()))
            .await?)
    }

    async fn row(&self, sql: &str) -> AppResult<QueryResult> {
        self.rows(sql)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("an aggregate returned no row")))
    }

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

    async fn placements(&self) -> AppResult<PlacementFigures> {
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
                 THEN 1 ELSE 0 END), 0) AS still_in_proceedings \
             FROM placements p WHERE 1 = 1{scoped}",
            adopted = ended_as("ADOPTED"),
            parent = ended_as("RETURNED_TO_PARENT"),
            relative = ended_as("RETURNED_TO_RELATIVE"),
            ended = ended_as("ENDED"),
            scoped = self.scoped("p"),
        );
        let row = self.row(&sql).await?;
        Ok(PlacementFigures {
            started: int(&row, "started")?,
            adopted: int(&row, "adopted")?,
            returned_to_parent: int(&row, "returned_to_parent")?,
            returned_to_relative: int(&row, "returned_to_relative")?,
            ended: int(&row, "ended")?,
            disruptions: int(&row, "disruptions")?,
            open_at_end: int(&row, "open_at_end")?,
            still_in_proceedings: int(&row, "still_in_proceedings")?,
        })
    }

    /// Every mean/median measure in one query: a union of (measure, value) rows, summarised.
    async fn distributions(&self) -> AppResult<HashMap<String, Spread>> {
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
        let sql = distribution(&union.join(" UNION ALL "));
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
                    le_426: int(&row, "le_426")?,
                    le_639: int(&row, "le_639")?,
                    zero: int(&row, "zero")?,
                    missing: int(&row, "missing")?,
                    reason: reason(&m),
                },
            );
        }
        Ok(out)
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
            .filter(self.scope.condition(sessions::Column::AuthorityId))
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

/// An integer column (COUNT and SUM come back as 64-bit on both backends).
pub(super) fn int(row: &QueryResult, column: &str) -> AppResult<i32> {
    let value: i64 = row.try_get("", column)?;
    Ok(i32::try_from(value).unwrap_or(i32::MAX))
}
