//! `GET /reports/ssda903/{collectionYear}/{table}` with `table` one of `header.csv`,
//! `episodes.csv`, `ad1.csv`, `placed-adoption.csv`, `findings.csv`, and `?authority=<id>` for
//! agency roles: the extract as CSV. Scoped exactly like the GraphQL query.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{Params, bad_request, csv, download_scope};
use crate::http::auth::Authenticated;
use crate::http::error::{PlainError, plain};
use crate::http::state::AppState;
use crate::ssda903::csv::{TABLES, render};
use crate::ssda903::store::extract;
use crate::types::Period;

/// The CSV handler.
pub async fn ssda903_csv(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path((year, table)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> Response {
    let Some(year) = year.parse::<i32>().ok() else {
        return bad_request("collectionYear: give a year, e.g. 2026");
    };
    let Ok(period) = Period::financial_year(year, "collectionYear") else {
        return bad_request("collectionYear: not a year this service reports on");
    };
    if !TABLES.contains(&table.as_str()) {
        return plain(StatusCode::NOT_FOUND, "no such table");
    }
    let answer = async {
        let conn = state.db.conn();
        let scope = download_scope(conn, &actor, params.authority).await?;
        let found = extract(conn, scope, period).await?;
        csv(render(&found, &table))
    };
    answer.await.unwrap_or_else(PlainError::into_response)
}
