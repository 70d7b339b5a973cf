//! The HTTP answer to a GraphQL response: the body is sent as the negotiated media type (`negotiate.rs`), and the outcome and the limit that refused it, if any, go to the
//! request log.
//!
//! A request error — nothing ran, because the document could not be parsed or validated or the
//! variables could not be coerced — is HTTP 200 under `application/json` and HTTP 400 without a
//! `data` entry under `application/graphql-response+json`, as GraphQL over HTTP says.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::negotiate::MediaType;
use super::request_log::RequestOutcome;
use crate::observability::metrics::Limit;

/// The HTTP answer for a GraphQL response (see the module's documentation). Every error
/// already has its code (`graphql::shape`, or the refusal that made it).
pub fn respond(
    response: async_graphql::Response,
    outcome: RequestOutcome,
    media: MediaType,
) -> Response {
    let not_executed = crate::graphql::shape::not_executed(&response);
    let code = response.errors.first().and_then(|e| {
        match e.extensions.as_ref().and_then(|ext| ext.get("code")) {
            Some(async_graphql::Value::String(s)) => Some(s.clone()),
            _ => None,
        }
    });
    let limit = response.errors.iter().find_map(limit_of);
    let outcome = RequestOutcome {
        outcome: Some(code.unwrap_or_else(|| "OK".to_owned())),
        limit,
        ..outcome
    };
    let mut http = body(&response, not_executed, media);
    http.extensions_mut().insert(outcome);
    http
}

/// A request error's body under `application/graphql-response+json`: no `data` entry.
#[derive(serde::Serialize)]
struct RequestErrors<'a> {
    errors: &'a [async_graphql::ServerError],
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    extensions: &'a std::collections::BTreeMap<String, async_graphql::Value>,
}

/// The response as `media`, with async-graphql's cache-control and headers.
fn body(response: &async_graphql::Response, not_executed: bool, media: MediaType) -> Response {
    let request_error = not_executed && media == MediaType::GraphqlResponse;
    let text = if request_error {
        serde_json::to_string(&RequestErrors {
            errors: &response.errors,
            extensions: &response.extensions,
        })
    } else {
        serde_json::to_string(response)
    };
    let text = match text {
        Ok(text) => text,
        Err(err) => {
            tracing::error!(error = %err, "response could not be serialised");
            return super::error::json_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error",
                "INTERNAL_SERVER_ERROR",
            );
        }
    };
    let status = if request_error {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut http = (status, text).into_response();
    let headers = http.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media.content_type()),
    );
    if response.is_ok()
        && let Some(value) = response.cache_control.value()
        && let Ok(value) = HeaderValue::from_str(&value)
    {
        headers.insert(header::CACHE_CONTROL, value);
    }
    headers.extend(response.http_headers.clone());
    http
}

/// The limit an error reports, if it is a limit's: the one `extensions.limit` names, or the
/// page-size cap when a `BAD_USER_INPUT` names `first`.
fn limit_of(error: &async_graphql::ServerError) -> Option<Limit> {
    let extensions = error.extensions.as_ref()?;
    if let Some(async_graphql::Value::String(limit)) = extensions.get("limit") {
        return Limit::parse(limit);
    }
    let code = extensions.get("code");
    let field = extensions.get("field");
    (matches!(code, Some(async_graphql::Value::String(c)) if c == "BAD_USER_INPUT")
        && matches!(field, Some(async_graphql::Value::String(f)) if f == "first"))
    .then_some(Limit::PageSize)
}
