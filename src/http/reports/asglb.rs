//! `GET /reports/asglb/{year}/{quarter}.csv` (and `?authority=<id>` for agency roles): the
//! ASGLB return as CSV. Scoped exactly like the GraphQL query and the SSDA903 download.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{Params, bad_request, csv, download_scope};
use crate::asglb::csv::render;
use crate::asglb::model::parse;
use crate::asglb::store::asglb_return;
use crate::http::auth::Authenticated;
use crate::http::error::{PlainError, plain};
use crate::http::state::AppState;

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
        return bad_request("give a year and a quarter, e.g. /reports/asglb/2026/1.csv");
    };
    let answer = async {
        let quarter = parse(year, quarter)?;
        let conn = state.db.conn();
        let scope = download_scope(conn, &actor, params.authority).await?;
        let rows = asglb_return(conn, scope, quarter).await?;
        csv(render(&rows))
    };
    answer.await.unwrap_or_else(PlainError::into_response)
}
