//! The request middleware: one structured log line and the metrics for every request.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

use super::panic::Panicked;
use super::state::AppState;
use crate::observability::metrics::Limit;

/// What a handler tells the log line about its request (put into the response's extensions).
#[derive(Clone, Debug, Default)]
pub struct RequestOutcome {
    /// The GraphQL operation name, already made safe by [`operation_label`].
    pub operation: Option<String>,
    /// The caller's role.
    pub role: Option<&'static str>,
    /// The caller's authority code (LA roles).
    pub authority: Option<String>,
    /// `OK`, or the first error's `extensions.code`.
    pub outcome: Option<String>,
    /// The limit that refused the request, if one did.
    pub limit: Option<Limit>,
}

/// The operation name as a log field and metric label: `anonymous` when absent, `invalid`
/// unless it is a GraphQL name of at most 64 characters (so no client text of another shape
/// reaches logs or metrics).
pub fn operation_label(name: Option<&str>) -> String {
    match name {
        None | Some("") => "anonymous".to_owned(),
        Some(name)
            if name.len() <= 64
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit()) =>
        {
            name.to_owned()
        }
        Some(_) => "invalid".to_owned(),
    }
}

/// A fixed label for a path (paths carry ids; labels must not).
fn route_label(path: &str) -> &'static str {
    match path {
        "/graphql" => "/graphql",
        "/ws" => "/ws",
        "/healthz" => "/healthz",
        "/readyz" => "/readyz",
        "/metrics" => "/metrics",
        p if p.starts_with("/reports/contact/") => "/reports/contact",
        p if p.starts_with("/reports/ssda903/") => "/reports/ssda903",
        p if p.starts_with("/reports/asglb/") => "/reports/asglb",
        p if p.starts_with("/graphiql/") => "/graphiql",
        _ => "other",
    }
}

/// The outcome code implied by an HTTP status, for responses no handler described.
fn outcome_of(status: StatusCode) -> &'static str {
    match status.as_u16() {
        200..=399 => "OK",
        400 => "BAD_REQUEST",
        401 => "UNAUTHENTICATED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        405 => "METHOD_NOT_ALLOWED",
        413 => "PAYLOAD_TOO_LARGE",
        429 => "RATE_LIMITED",
        503 => "TIMEOUT",
        _ => "INTERNAL_SERVER_ERROR",
    }
}

/// Logs and measures one request.
pub async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .chars()
        .take(64)
        .collect::<String>();
    let method = request.method().to_string();
    let route = route_label(request.uri().path());
    let response = next.run(request).await;
    let status = response.status();
    let described = response
        .extensions()
        .get::<RequestOutcome>()
        .cloned()
        .unwrap_or_default();
    let outcome = described
        .outcome
        .unwrap_or_else(|| outcome_of(status).to_owned());
    let limit = described.limit.or(match status {
        StatusCode::PAYLOAD_TOO_LARGE => Some(Limit::BodySize),
        StatusCode::TOO_MANY_REQUESTS => Some(Limit::Rate),
        StatusCode::SERVICE_UNAVAILABLE if outcome == "TIMEOUT" => Some(Limit::Timeout),
        _ => None,
    });
    let operation = described.operation.unwrap_or_else(|| route.to_owned());
    let elapsed = started.elapsed();
    tracing::info!(
        target: "permanence::request",
        request_id = %request_id,
        method = %method,
        route,
        status = status.as_u16(),
        outcome = %outcome,
        operation = %operation,
        role = described.role.unwrap_or("-"),
        authority = described.authority.as_deref().unwrap_or("-"),
        limit = limit.map_or("-", Limit::as_str),
        duration_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
        "request"
    );
    if response.extensions().get::<Panicked>().is_some() {
        state.metrics.panicked();
        tracing::error!(
            target: "permanence::request",
            request_id = %request_id,
            route,
            "request handler panicked; answered 500"
        );
    }
    state
        .metrics
        .record(&operation, &outcome, elapsed.as_secs_f64());
    if let Some(limit) = limit {
        state.metrics.reject(limit);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_graphql_names_become_labels() {
        assert_eq!(operation_label(Some("ChildReport_2")), "ChildReport_2");
        assert_eq!(operation_label(None), "anonymous");
        assert_eq!(operation_label(Some("Ruby Smith")), "invalid");
        assert_eq!(operation_label(Some("1abc")), "invalid");
        assert_eq!(operation_label(Some(&"a".repeat(65))), "invalid");
    }
}
