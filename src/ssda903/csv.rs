//! `GET /reports/ssda903/{collectionYear}/{table}` with `table` one of `header.csv`, `episodes.csv`,
//! `ad1.csv`, `placed-adoption.csv`, `findings.csv`, and `?authority=<id>` for agency roles:
//! the extract as CSV with the SSDA903 column names and dd/mm/YYYY dates. Authenticated and
//! scoped exactly like the GraphQL query: another authority answers 404 like a missing one.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

use super::episodes::Extract;
use super::store::extract;
use crate::app::AppState;
use crate::authorities::store as authorities;
use crate::contact::report_page::plain;
use crate::download::{self, CsvTable};
use crate::error::AppError;
use crate::graphql::handler::Authenticated;
use crate::graphql::node::{expect_id, kinds};
use crate::outcomes::store::{Period, narrow};

/// Query parameters.
#[derive(Deserialize)]
pub struct Params {
    /// The authority, for agency roles (an opaque id).
    pub authority: Option<String>,
}

/// The CSV handler.
pub async fn ssda903_csv(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path((year, table)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> Response {
    let Some(year) = year.parse::<i32>().ok() else {
        return plain(
            StatusCode::BAD_REQUEST,
            "collectionYear: give a year, e.g. 2026",
        );
    };
    let Ok(period) = Period::financial_year(year, "collectionYear") else {
        return plain(
            StatusCode::BAD_REQUEST,
            "collectionYear: not a year this service reports on",
        );
    };
    if !TABLES.contains(&table.as_str()) {
        return plain(StatusCode::NOT_FOUND, "no such table");
    }
    let conn = state.db.conn();
    let scope = match download_scope(conn, &actor, params.authority).await {
        Ok(scope) => scope,
        Err(refused) => return refused,
    };
    match extract(conn, scope, period).await {
        Ok(found) => match render(&found, &table) {
            Ok(body) => download::answer(StatusCode::OK, "text/csv; charset=utf-8", body),
            Err(err) => internal(&err),
        },
        Err(AppError::Invalid { message, field }) => {
            plain(StatusCode::BAD_REQUEST, &format!("{field}: {message}"))
        }
        Err(err) => internal(&err),
    }
}

/// The scope of a report download: the caller's, narrowed to `?authority=<id>` when given. An
/// authority the caller cannot see, or that does not exist, is a 404 like a missing one.
pub async fn download_scope(
    conn: &sea_orm::DatabaseConnection,
    actor: &crate::auth::Actor,
    authority: Option<String>,
) -> Result<crate::auth::Scope, Response> {
    let Some(id) = authority else {
        return Ok(actor.scope());
    };
    let not_found = || plain(StatusCode::NOT_FOUND, "authority not found");
    let id = expect_id(&async_graphql::ID(id), kinds::AUTHORITY, "authority")
        .map_err(|_| not_found())?;
    match authorities::find(conn, actor.scope(), id).await {
        Ok(Some(_)) => {}
        Ok(None) => return Err(not_found()),
        Err(err) => return Err(internal(&err)),
    }
    narrow(actor.scope(), Some(id)).map_err(|_| not_found())
}

fn internal(err: &dyn std::fmt::Debug) -> Response {
    tracing::error!(error = ?err, "ssda903 extract failed");
    plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
}

/// The tables served.
pub const TABLES: [&str; 5] = [
    "header.csv",
    "episodes.csv",
    "ad1.csv",
    "placed-adoption.csv",
    "findings.csv",
];

/// A date as a CSV cell of a DfE return (`dd/mm/YYYY`), blank when none.
pub fn uk(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// One table of the extract as CSV text with its header row.
pub fn render(extract: &Extract, table: &str) -> Result<String, csv::Error> {
    let mut out;
    match table {
        "header.csv" => {
            out = CsvTable::new(&["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"])?;
            for h in &extract.header {
                out.row(&[
                    h.child.clone(),
                    h.sex.unwrap_or_default().to_owned(),
                    uk(h.dob),
                    h.ethnic.to_owned(),
                    h.upn.to_owned(),
                    h.mother.unwrap_or_default().to_owned(),
                    String::new(),
                ])?;
            }
        }
        "episodes.csv" => {
            out = CsvTable::new(&[
                "CHILD",
                "DECOM",
                "RNE",
                "LS",
                "CIN",
                "PLACE",
                "PLACE_PROVIDER",
                "DEC",
                "REC",
                "REASON_PLACE_CHANGE",
                "HOME_POST",
                "PL_POST",
                "URN",
            ])?;
            for e in &extract.episodes {
                out.row(&[
                    e.child.clone(),
                    uk(Some(e.decom)),
                    e.rne.to_owned(),
                    e.ls.map(|s| s.as_str().to_owned()).unwrap_or_default(),
                    String::new(),
                    e.place.to_owned(),
                    e.place_provider.to_owned(),
                    uk(e.dec),
                    e.rec.unwrap_or_default().to_owned(),
                    e.reason_place_change.unwrap_or_default().to_owned(),
                    String::new(),
                    String::new(),
                    e.urn.clone().unwrap_or_default(),
                ])?;
            }
        }
        "ad1.csv" => {
            out = CsvTable::new(&[
                "CHILD",
                "DOB",
                "DATE_INT",
                "DATE_MATCH",
                "FOSTER_CARE",
                "NB_ADOPTR",
                "SEX_ADOPTR",
                "LS_ADOPTR",
            ])?;
            for a in &extract.ad1 {
                out.row(&[
                    a.child.clone(),
                    uk(a.dob),
                    uk(a.date_int),
                    uk(a.date_match),
                    a.foster_care.to_string(),
                    a.nb_adoptr.map(|n| n.to_string()).unwrap_or_default(),
                    a.sex_adoptr
                        .map(|s| s.as_str().to_owned())
                        .unwrap_or_default(),
                    a.ls_adoptr
                        .map(|s| s.as_str().to_owned())
                        .unwrap_or_default(),
                ])?;
            }
        }
        "placed-adoption.csv" => {
            out = CsvTable::new(&[
                "CHILD",
                "DOB",
                "DATE_PLACED",
                "DATE_PLACED_CEASED",
                "REASON_PLACED_CEASED",
            ])?;
            for p in &extract.placed_adoption {
                out.row(&[
                    p.child.clone(),
                    uk(p.dob),
                    uk(Some(p.date_placed)),
                    uk(p.date_placed_ceased),
                    p.reason_placed_ceased
                        .map(|r| r.as_str().to_owned())
                        .unwrap_or_default(),
                ])?;
            }
        }
        _ => {
            out = CsvTable::new(&["RULE", "CHILD", "MESSAGE"])?;
            for f in &extract.findings {
                out.row(&[f.rule, f.child.as_str(), f.message.as_str()])?;
            }
        }
    }
    out.finish()
}
