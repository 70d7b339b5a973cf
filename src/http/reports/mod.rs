//! The report downloads: the printable court contact report (HTML), the SSDA903 extract and the
//! ASGLB return (CSV). Each is authenticated like the API and reads through the same scoped
//! stores; another authority's record or authority answers 404 exactly like a missing one.
//! Errors are plain text (`http::error::PlainError`).

pub mod asglb;
pub mod contact;
pub mod ssda903;

use axum::http::StatusCode;
use serde::Deserialize;

use super::error::{PlainError, plain};
use crate::auth::{Actor, Scope};
use crate::error::AppError;
use crate::graphql::node::{expect_id, kinds};

/// Query parameters of the CSV downloads.
#[derive(Deserialize)]
pub struct Params {
    /// The authority, for agency roles (an opaque id).
    pub authority: Option<String>,
}

/// The scope of a report download: the caller's, narrowed to `?authority=<id>` when given. An
/// authority the caller cannot see, that does not exist, or whose id is malformed is a 404 like
/// a missing one.
pub async fn download_scope(
    conn: &sea_orm::DatabaseConnection,
    actor: &Actor,
    authority: Option<String>,
) -> Result<Scope, PlainError> {
    let id = authority
        .map(|id| expect_id(&async_graphql::ID(id), kinds::AUTHORITY, "authority"))
        .transpose()
        .map_err(|_| AppError::not_found("authority"))?;
    crate::authorities::store::report_scope(conn, actor.scope(), id)
        .await
        .map_err(|err| match err {
            AppError::NotFound { .. } => AppError::not_found("authority").into(),
            err => err.into(),
        })
}

/// A CSV body as the download's answer (formula-like cells already neutralised).
pub fn csv(body: Result<String, csv::Error>) -> Result<axum::response::Response, PlainError> {
    body.map(|body| crate::download::answer(StatusCode::OK, "text/csv; charset=utf-8", body))
        .map_err(|err| AppError::Internal(err.into()).into())
}

/// `BAD_REQUEST` in plain text.
pub fn bad_request(message: &str) -> axum::response::Response {
    plain(StatusCode::BAD_REQUEST, message)
}
