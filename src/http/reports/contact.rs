//! `GET /reports/contact/{placementId}?from=YYYY-MM-DD&to=YYYY-MM-DD`: the court contact
//! report as a printable HTML page. Authenticated and scoped exactly like the API: another
//! authority's placement answers 404 like a missing one. The page is an askama template
//! (`templates/contact_report.html`) that escapes every value by default; session times are
//! shown in UK time with GMT or BST said.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;

use super::bad_request;
use crate::contact::model::SessionOutcome;
use crate::contact::report::{ContactReport, contact_report};
use crate::error::AppError;
use crate::graphql::node::{expect_id, kinds};
use crate::http::auth::Authenticated;
use crate::http::error::PlainError;
use crate::http::state::AppState;
use crate::types::ids::PlacementId;

/// The date range of the report.
#[derive(Deserialize)]
pub struct Range {
    from: Option<String>,
    to: Option<String>,
}

/// The date, or the message naming the bad parameter.
fn parse_date(value: Option<&str>, name: &str) -> Result<NaiveDate, String> {
    value
        .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
        .filter(|date| crate::dates::in_range(*date))
        .ok_or_else(|| {
            format!(
                "{name}: give an ISO date, YYYY-MM-DD, {}",
                crate::dates::range_text()
            )
        })
}

/// The page handler.
pub async fn contact_report_page(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(placement_id): Path<String>,
    Query(range): Query<Range>,
) -> Response {
    let (from, to) = match (
        parse_date(range.from.as_deref(), "from"),
        parse_date(range.to.as_deref(), "to"),
    ) {
        (Ok(from), Ok(to)) if from <= to => (from, to),
        (Ok(_), Ok(_)) => return bad_request("to: must not be before from"),
        (Err(message), _) | (_, Err(message)) => return bad_request(&message),
    };
    let answer = async {
        let id = expect_id(
            &async_graphql::ID(placement_id),
            kinds::PLACEMENT,
            "placementId",
        )
        .map_err(|_| AppError::not_found("placement"))?;
        let (conn, scope) = (state.db.conn(), actor.scope());
        let placement = crate::placements::store::find(conn, scope, PlacementId(id))
            .await?
            .ok_or(AppError::not_found("placement"))?;
        let sessions = crate::contact::store::for_placement(conn, scope, id).await?;
        let child = crate::children::store::find(conn, scope, placement.child_id.0).await?;
        let report = contact_report(&placement, &sessions, from, to);
        let reference = child.map(|c| c.details.la_reference).unwrap_or_default();
        let page = render(&report, &reference).map_err(|err| AppError::Internal(err.into()))?;
        Ok::<_, PlainError>(crate::download::answer(
            StatusCode::OK,
            "text/html; charset=utf-8",
            page,
        ))
    };
    answer.await.unwrap_or_else(PlainError::into_response)
}

fn outcome_label(outcome: Option<SessionOutcome>) -> &'static str {
    match outcome {
        Some(SessionOutcome::Attended) => "Attended",
        Some(SessionOutcome::ParentLate) => "Parent late",
        Some(SessionOutcome::ParentDidNotAttend) => "Parent did not attend",
        Some(SessionOutcome::Cancelled) => "Cancelled",
        None => "Not yet recorded",
    }
}

/// The page's values; the template escapes each one.
#[derive(Template)]
#[template(path = "contact_report.html")]
struct Page<'a> {
    reference: &'a str,
    from: NaiveDate,
    to: NaiveDate,
    figures: Vec<(String, String)>,
    alerts: Vec<(&'static str, &'a str)>,
    observations: Vec<(String, &'static str, &'a str)>,
}

/// The report's figures as rows of the page's table, labelled as a court reads them.
fn figures(report: &ContactReport) -> Vec<(String, String)> {
    let mut rows = vec![
        ("Sessions offered".to_owned(), report.offered.to_string()),
        ("Attended".to_owned(), report.attended.to_string()),
        ("Parent late".to_owned(), report.late.to_string()),
        (
            "Parent did not attend".to_owned(),
            report.missed.to_string(),
        ),
    ];
    for (by, n) in &report.cancelled {
        rows.push((
            format!("Cancelled by {}", by.as_str().to_lowercase()),
            n.to_string(),
        ));
    }
    rows.push((
        "Not yet recorded".to_owned(),
        report.not_recorded.to_string(),
    ));
    rows.push((
        "Attendance rate".to_owned(),
        report
            .attendance_rate
            .map_or("–".to_owned(), |r| format!("{:.0}%", r * 100.0)),
    ));
    rows.push((
        "Days from placement to first contact".to_owned(),
        report
            .settling_in_days
            .map_or("–".to_owned(), |d| d.to_string()),
    ));
    rows
}

fn render(report: &ContactReport, child_reference: &str) -> askama::Result<String> {
    let alerts = report
        .alerts
        .iter()
        .map(|a| (a.kind.as_str(), a.message.as_str()))
        .collect();
    let observations = report
        .observations
        .iter()
        .map(|(at, outcome, text)| {
            // People read the page: UK time, with GMT or BST said.
            let at = at
                .with_timezone(&chrono_tz::Europe::London)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string();
            (at, outcome_label(*outcome), text.as_str())
        })
        .collect();
    Page {
        reference: child_reference,
        from: report.from,
        to: report.to,
        figures: figures(report),
        alerts,
        observations,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, TimeZone, Utc};

    fn report(observations: Vec<(DateTime<Utc>, Option<SessionOutcome>, String)>) -> ContactReport {
        ContactReport {
            from: NaiveDate::MIN,
            to: NaiveDate::MAX,
            offered: 0,
            attended: 0,
            late: 0,
            missed: 0,
            cancelled: Vec::new(),
            not_recorded: 0,
            attendance_rate: None,
            settling_in_days: None,
            alerts: Vec::new(),
            observations,
        }
    }

    #[test]
    fn html_special_characters_are_escaped() {
        let said = "<script>alert(\"Tom\" & 'Jo')</script>".to_owned();
        let at = Utc.with_ymd_and_hms(2026, 1, 5, 10, 0, 0).single();
        let observations = at.into_iter().map(|at| (at, None, said.clone())).collect();
        let page = render(&report(observations), "<b>ISL</b>").unwrap_or_default();
        assert!(
            page.contains("<h1>Supervised contact report</h1>"),
            "{page}"
        );
        assert!(!page.contains("<script>"), "{page}");
        assert!(!page.contains("<b>ISL"), "{page}");
        assert!(page.contains("&#60;script&#62;alert("), "{page}");
        assert!(page.contains("&#60;b&#62;ISL&#60;/b&#62;"), "{page}");
    }

    #[test]
    fn session_times_are_shown_in_uk_time_across_both_clock_changes() {
        let at = |m, d, h| Utc.with_ymd_and_hms(2026, m, d, h, 0, 0).single();
        let observations = [at(3, 28, 10), at(3, 30, 9), at(10, 24, 9), at(10, 26, 10)]
            .into_iter()
            .flatten()
            .map(|at| (at, None, "seen".to_owned()))
            .collect();
        let page = render(&report(observations), "ISL-1").unwrap_or_default();
        for shown in [
            "2026-03-28 10:00 GMT",
            "2026-03-30 10:00 BST",
            "2026-10-24 10:00 BST",
            "2026-10-26 10:00 GMT",
        ] {
            assert!(page.contains(shown), "{shown} missing from {page}");
        }
    }
}
