//! The one mapping of errors to HTTP. Every [`AppError`] has one status; the API answers it as
//! a GraphQL-shaped JSON body (`{"errors":[{"message","extensions":{"code"}}]}`), the report
//! downloads as plain text. Either way the outcome code reaches the request log, an `Internal`
//! error's detail is logged here and its text never leaves the process.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::request_log::RequestOutcome;
use crate::error::AppError;

/// The HTTP status of an error.
pub fn status(err: &AppError) -> StatusCode {
    match err {
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::NotFound { .. } => StatusCode::NOT_FOUND,
        AppError::Invalid { .. } => StatusCode::BAD_REQUEST,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A JSON error body with one error of `code`.
pub fn json_error(status: StatusCode, message: &str, code: &str) -> Response {
    let body = json!({ "errors": [ { "message": message, "extensions": { "code": code } } ] });
    let mut response = (status, axum::Json(body)).into_response();
    response.extensions_mut().insert(RequestOutcome {
        outcome: Some(code.to_owned()),
        ..Default::default()
    });
    response
}

/// A plain-text answer (the report downloads' errors).
pub fn plain(status: StatusCode, message: &str) -> Response {
    crate::download::answer(status, "text/plain; charset=utf-8", message.to_owned())
}

/// Logs an internal error's detail, which stays on the server.
fn log_internal(err: &AppError) {
    if let AppError::Internal(source) = err {
        tracing::error!(error = ?source, "internal error");
    }
}

/// The headers an error's status calls for: `WWW-Authenticate` on 401, `Retry-After` on 429.
fn add_headers(err: &AppError, response: &mut Response) {
    if status(err) == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    if let AppError::RateLimited { retry_after_secs } = err {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        log_internal(&self);
        let mut response = json_error(status(&self), &self.to_string(), self.code());
        add_headers(&self, &mut response);
        response
    }
}

/// An error answered as plain text, for the report downloads (a browser shows it as it is).
pub struct PlainError(pub AppError);

impl From<AppError> for PlainError {
    fn from(err: AppError) -> Self {
        PlainError(err)
    }
}

impl IntoResponse for PlainError {
    fn into_response(self) -> Response {
        log_internal(&self.0);
        let mut response = plain(status(&self.0), &self.0.to_string());
        add_headers(&self.0, &mut response);
        response.extensions_mut().insert(RequestOutcome {
            outcome: Some(self.0.code().to_owned()),
            ..Default::default()
        });
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_its_status_and_code_in_both_forms() {
        let cases = [
            (AppError::Unauthenticated, 401),
            (AppError::forbidden("no"), 403),
            (AppError::not_found("placement"), 404),
            (AppError::invalid("from", "bad"), 400),
            (AppError::conflict("stale"), 409),
            (
                AppError::RateLimited {
                    retry_after_secs: 3,
                },
                429,
            ),
            (AppError::Internal(anyhow::anyhow!("secret detail")), 500),
        ];
        for (err, want) in cases {
            assert_eq!(status(&err).as_u16(), want, "{err:?}");
        }
        let plain = PlainError(AppError::Internal(anyhow::anyhow!("secret"))).into_response();
        assert_eq!(plain.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let limited = AppError::RateLimited {
            retry_after_secs: 3,
        }
        .into_response();
        assert_eq!(
            limited.headers().get(header::RETRY_AFTER),
            Some(&HeaderValue::from(3u64))
        );
        let outcome = limited.extensions().get::<RequestOutcome>().cloned();
        assert_eq!(
            outcome.and_then(|o| o.outcome).as_deref(),
            Some("RATE_LIMITED")
        );
    }
}
