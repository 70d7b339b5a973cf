//! `GET /reports/asglb/{year}/{quarter}.csv` (and `?authority=<id>` for agency roles): the ASGLB
//! return as CSV, one row per child, dd/mm/YYYY dates. Authenticated and scoped exactly like the
//! GraphQL query and the SSDA903 download: another authority answers 404 like a missing one.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::graphql::parse;
use super::model::AsglbRow;
use super::store::asglb_return;
use crate::app::AppState;
use crate::contact::report_page::plain;
use crate::download::{self, CsvTable};
use crate::error::AppError;
use crate::graphql::handler::Authenticated;
use crate::ssda903::csv::{Params, download_scope, uk};

/// The CSV handler.
pub async fn asglb_csv(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path((year, file)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> Response {
    let Some(quarter) = file.strip_suffix(".csv") else {
        return plain(StatusCode::NOT_FOUND, "no such table");
    };
    let (Ok(year), Ok(quarter)) = (year.parse::<i32>(), quarter.parse::<i32>()) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "give a year and a quarter, e.g. /reports/asglb/2026/1.csv",
        );
    };
    let quarter = match parse(year, quarter) {
        Ok(quarter) => quarter,
        Err(AppError::Invalid { field, message }) => {
            return plain(StatusCode::BAD_REQUEST, &format!("{field}: {message}"));
        }
        Err(_) => return plain(StatusCode::BAD_REQUEST, "bad quarter"),
    };
    let conn = state.db.conn();
    let scope = match download_scope(conn, &actor, params.authority).await {
        Ok(scope) => scope,
        Err(refused) => return refused,
    };
    let rows = match asglb_return(conn, scope, quarter).await {
        Ok(rows) => rows,
        Err(AppError::Invalid { message, field }) => {
            return plain(StatusCode::BAD_REQUEST, &format!("{field}: {message}"));
        }
        Err(err) => {
            tracing::error!(error = ?err, "asglb return failed");
            return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    match render(&rows) {
        Ok(body) => download::answer(StatusCode::OK, "text/csv; charset=utf-8", body),
        Err(err) => {
            tracing::error!(error = ?err, "asglb csv failed");
            plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }
    }
}

/// The column names, in order.
pub const COLUMNS: [&str; 15] = [
    "CHILD",
    "ADM_DECISION_DATE",
    "EP_DECISION_DATE",
    "DATE_PLACED_EP_CARERS",
    "PLACEMENT_ORDER_DATE",
    "MATCH_DATE",
    "PLACED_FOR_ADOPTION_DATE",
    "DATE_ORIGINALLY_PLACED_FOSTER_CARER",
    "DECISION_REVERSED_DATE",
    "DECISION_REVERSED_CODE",
    "SIBLING_GROUP",
    "SIBLINGS_PLACED_TOGETHER",
    "SIBLINGS_PLACED_APART",
    "PERMANENCE_ORDER_DATE",
    "PERMANENCE_ORDER_TYPE",
];

/// The return as CSV text with its header row.
pub fn render(rows: &[AsglbRow]) -> Result<String, csv::Error> {
    let mut out = CsvTable::new(&COLUMNS)?;
    for r in rows {
        out.row(&[
            r.child.clone(),
            uk(r.adm_decision_on),
            uk(r.ep_decision_on),
            uk(r.placed_with_ep_carers_on),
            uk(r.placement_order_on),
            uk(r.matched_on),
            uk(r.placed_for_adoption_on),
            uk(r.originally_placed_with_foster_carer_on),
            uk(r.decision_reversed_on),
            r.decision_reversed_code.unwrap_or_default().to_owned(),
            if r.sibling_group { "1" } else { "0" }.to_owned(),
            r.siblings_placed_together.to_string(),
            r.siblings_placed_apart.to_string(),
            uk(r.permanence_order_on),
            r.permanence_order_type.unwrap_or_default().to_owned(),
        ])?;
    }
    out.finish()
}
