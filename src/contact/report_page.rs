//! `GET /reports/contact/{placementId}?from=YYYY-MM-DD&to=YYYY-MM-DD`: the court contact
//! report as a printable HTML page. Authenticated and scoped exactly like the API: another
//! authority's placement answers 404 like a missing one.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

use super::model::SessionOutcome;
use super::report::{ContactReport, contact_report};
use crate::app::AppState;
use crate::error::AppError;
use crate::graphql::handler::Authenticated;
use crate::graphql::node::{expect_id, kinds};

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

/// A plain-text answer (errors of the report pages).
pub fn plain(status: StatusCode, message: &str) -> Response {
    crate::download::answer(status, "text/plain; charset=utf-8", message.to_owned())
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
        (Ok(_), Ok(_)) => return plain(StatusCode::BAD_REQUEST, "to: must not be before from"),
        (Err(message), _) | (_, Err(message)) => return plain(StatusCode::BAD_REQUEST, &message),
    };
    let not_found = || plain(StatusCode::NOT_FOUND, "placement not found");
    let Ok(id) = expect_id(
        &async_graphql::ID(placement_id),
        kinds::PLACEMENT,
        "placementId",
    ) else {
        return not_found();
    };
    let (conn, scope) = (state.db.conn(), actor.scope());
    let loaded = async {
        let Some(placement) = crate::placements::store::find(conn, scope, id).await? else {
            return Ok::<_, AppError>(None);
        };
        let sessions = super::store::for_placement(conn, scope, id).await?;
        let child = crate::children::store::find(conn, scope, placement.child_id).await?;
        Ok(Some((
            contact_report(&placement, &sessions, from, to),
            child.map(|c| c.details.la_reference),
        )))
    }
    .await;
    match loaded {
        Ok(Some((report, reference))) => crate::download::answer(
            StatusCode::OK,
            "text/html; charset=utf-8",
            render(&report, reference.as_deref().unwrap_or("")),
        ),
        Ok(None) => not_found(),
        Err(err) => {
            tracing::error!(error = ?err, "contact report failed");
            plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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

fn render(report: &ContactReport, child_reference: &str) -> String {
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
    let figures: String = rows
        .iter()
        .map(|(k, v)| format!("<tr><th>{}</th><td>{}</td></tr>", escape(k), escape(v)))
        .collect();
    let alerts: String = if report.alerts.is_empty() {
        "<p>None.</p>".to_owned()
    } else {
        let items: String = report
            .alerts
            .iter()
            .map(|a| {
                format!(
                    "<li>{}: {}</li>",
                    escape(a.kind.as_str()),
                    escape(&a.message)
                )
            })
            .collect();
        format!("<ul>{items}</ul>")
    };
    let observations: String = report
        .observations
        .iter()
        .map(|(at, outcome, text)| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                // People read the page: UK time, with GMT or BST said.
                escape(
                    &at.with_timezone(&chrono_tz::Europe::London)
                        .format("%Y-%m-%d %H:%M %Z")
                        .to_string()
                ),
                outcome_label(*outcome),
                escape(text)
            )
        })
        .collect();
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Contact report {reference}</title>\
         <style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}th,td{{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top}}</style>\
         </head><body><h1>Supervised contact report</h1><p>Child: {reference}. Period: {from} to {to}.</p>\
         <h2>Figures</h2><table>{figures}</table><h2>Alerts</h2>{alerts}\
         <h2>Observations</h2><table><tr><th>Session</th><th>Outcome</th><th>Observations</th></tr>{observations}</table>\
         </body></html>",
        reference = escape(child_reference),
        from = report.from,
        to = report.to,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_special_characters_are_escaped() {
        assert_eq!(
            escape("<b>\"Tom\" & 'Jo'</b>"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jo&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn session_times_are_shown_in_uk_time_across_both_clock_changes() {
        use chrono::{TimeZone, Utc};
        let at = |m, d, h| Utc.with_ymd_and_hms(2026, m, d, h, 0, 0).single();
        let observations = [at(3, 28, 10), at(3, 30, 9), at(10, 24, 9), at(10, 26, 10)]
            .into_iter()
            .flatten()
            .map(|at| (at, None, "seen".to_owned()))
            .collect();
        let report = ContactReport {
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
        };
        let page = render(&report, "ISL-1");
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
