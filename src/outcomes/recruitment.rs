//! The agency's carer-recruitment picture, computed in the database in two queries: enquiries
//! (in total and by ethnicity) and approved households waiting for a match. Households are the
//! agency's, not an authority's, so only the agency's scope may run it (and the GraphQL guard
//! admits only agency roles).

use sea_orm::{ConnectionTrait, Value};

use super::model::{EthnicityEnquiries, RecruitmentReport, share};
use super::query::int;
use super::sql::{Dialect, distribution};
use crate::auth::Scope;
use crate::children::model::Ethnicity;
use crate::error::AppResult;
use crate::types::Date;
use crate::types::Period;

/// The recruitment report for `period`, for the agency's scope only (`FORBIDDEN` otherwise).
pub async fn recruitment<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    period: Period,
) -> AppResult<RecruitmentReport> {
    scope.require_agency("reports on carer recruitment")?;
    let sql = Dialect(conn.get_database_backend());
    let values = || -> Vec<Value> { vec![period.from.into(), period.to.into()] };
    let codes = Ethnicity::ALL
        .iter()
        .map(|e| format!("('{}')", e.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let sums = "COUNT(*) AS enquiries, \
         COALESCE(SUM(CASE WHEN h.enquiry_followed_up_on IS NOT NULL THEN 1 ELSE 0 END), 0) \
           AS followed_up, \
         COALESCE(SUM(CASE WHEN h.fostering_approved_on IS NOT NULL \
           AND h.adopter_approved_on IS NOT NULL THEN 1 ELSE 0 END), 0) AS approved";
    let enquiries = format!(
        "SELECT 'ALL' AS ethnicity, {sums} FROM carer_households h \
           WHERE h.enquiry_received_on BETWEEN $1 AND $2 \
         UNION ALL \
         SELECT e.column1 AS ethnicity, {sums} FROM carer_households h \
           JOIN (VALUES {codes}) AS e \
             ON (',' || h.ethnicities || ',') LIKE ('%,' || e.column1 || ',%') \
           WHERE h.enquiry_received_on BETWEEN $1 AND $2 GROUP BY e.column1"
    );
    let rows = conn
        .query_all_raw(sql.statement(&enquiries, values()))
        .await?;
    let mut report = RecruitmentReport {
        from: Date(period.from),
        to: Date(period.to),
        enquiries: 0,
        followed_up: 0,
        followed_up_share: None,
        reached_approval: 0,
        reached_approval_share: None,
        by_ethnicity: Vec::new(),
        waiting_for_a_match_days: Default::default(),
        longest_wait_days: None,
    };
    for row in rows {
        let code: String = row.try_get("", "ethnicity")?;
        let (enquiries, followed_up, approved) = (
            int(&row, "enquiries")?,
            int(&row, "followed_up")?,
            int(&row, "approved")?,
        );
        if code == "ALL" {
            report.enquiries = enquiries;
            report.followed_up = followed_up;
            report.reached_approval = approved;
        } else if let Some(ethnicity) = Ethnicity::parse(&code)
            && enquiries > 0
        {
            report.by_ethnicity.push(EthnicityEnquiries {
                ethnicity,
                enquiries,
                followed_up,
                reached_approval: approved,
            });
        }
    }
    report.by_ethnicity.sort_by_key(|e| e.ethnicity.as_str());
    report.followed_up_share = share(report.followed_up, report.enquiries);
    report.reached_approval_share = share(report.reached_approval, report.enquiries);

    let approved = sql.later_of("h.fostering_approved_on", "h.adopter_approved_on");
    let since = sql.later_of("w.approved", "COALESCE(w.last_end, w.approved)");
    let waiting = format!(
        "SELECT 'waiting' AS m, {days} AS v FROM ( \
           SELECT {approved} AS approved, \
             (SELECT MAX(q.ended_on) FROM placements q \
               WHERE q.household_id = h.id AND q.ended_on <= $2) AS last_end \
           FROM carer_households h \
           WHERE h.status <> 'CLOSED' \
             AND h.fostering_approved_on <= $2 AND h.adopter_approved_on <= $2 \
             AND NOT EXISTS (SELECT 1 FROM placements q WHERE q.household_id = h.id \
               AND q.started_on <= $2 AND (q.ended_on IS NULL OR q.ended_on > $2)) \
         ) w WHERE $1 <= $2",
        days = sql.days("$2", &since),
    );
    let summary = conn
        .query_all_raw(sql.statement(&distribution(&waiting, 426, 639), values()))
        .await?;
    if let Some(row) = summary.first() {
        let count = int(row, "n")?;
        let mean: Option<f64> = row.try_get("", "mean")?;
        let median: Option<f64> = row.try_get("", "median")?;
        let longest: Option<i64> = row.try_get("", "longest")?;
        report.waiting_for_a_match_days = super::model::Figure {
            count,
            mean: mean.map(|v| super::model::round(v, 1)),
            median: median.map(|v| super::model::round(v, 1)),
            ..super::model::Figure::default()
        };
        report.longest_wait_days = longest.and_then(|v| i32::try_from(v).ok());
    }
    Ok(report)
}
