//! The HTTP answer to a GraphQL response: every error gets an `extensions.code` (and a value
//! of the wrong type for an argument names that argument), a response where nothing ran is HTTP
//! 400, and the outcome and the limit that refused it, if any, go to the request log.

use async_graphql_axum::GraphQLResponse;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::observability::metrics::Limit;
use crate::observability::request_log::RequestOutcome;

/// The HTTP answer for a GraphQL response: every error gets an `extensions.code`, a response
/// where nothing ran is HTTP 400, and the outcome and limit go to the request log.
pub fn respond(
    mut response: async_graphql::Response,
    parsed: bool,
    outcome: RequestOutcome,
) -> Response {
    let not_executed = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    let fallback = match (not_executed, parsed) {
        (true, false) => "GRAPHQL_PARSE_FAILED",
        (true, true) => "GRAPHQL_VALIDATION_FAILED",
        (false, _) => "BAD_USER_INPUT",
    };
    for error in &mut response.errors {
        // A value of the wrong type or out of range, found while validating the document,
        // names the argument it was given for, as `BAD_USER_INPUT` errors do.
        let argument = not_executed
            .then(|| invalid_argument(&error.message))
            .flatten();
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", fallback);
            if let Some(field) = argument {
                extensions.set("field", field);
            }
        }
    }
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
    let mut http = GraphQLResponse::from(response).into_response();
    if not_executed {
        *http.status_mut() = StatusCode::BAD_REQUEST;
    }
    http.extensions_mut().insert(outcome);
    http
}

/// The argument path named by async-graphql's "Invalid value for argument" validation message.
fn invalid_argument(message: &str) -> Option<String> {
    let rest = message.strip_prefix("Invalid value for argument \"")?;
    rest.split('"').next().map(str::to_owned)
}

/// The limit an error reports, if it is a limit's.
fn limit_of(error: &async_graphql::ServerError) -> Option<Limit> {
    if error.message.starts_with("Query is nested too deep") {
        return Some(Limit::Depth);
    }
    if error.message.starts_with("Query is too complex") {
        return Some(Limit::Complexity);
    }
    if error.message.starts_with("Query is too large") {
        return Some(Limit::DocumentSize);
    }
    let field = error.extensions.as_ref().and_then(|ext| ext.get("field"));
    matches!(field, Some(async_graphql::Value::String(f)) if f == "first")
        .then_some(Limit::PageSize)
}
