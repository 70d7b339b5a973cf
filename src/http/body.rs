//! The body of `POST /graphql`: declared as JSON, within the body limit, and one GraphQL
//! request — an object with a string `query`, and optionally `operationName` (a string or
//! null), `variables` and `extensions` (objects or null). Anything else is refused with HTTP 400
//! (413 over the limit, 415 when not declared as JSON) before the schema sees it, whichever
//! media type the client accepts: it is not a GraphQL request at all.

use async_graphql::Variables;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, FailedToBufferBody};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header, request::Parts};
use axum::response::Response;
use serde::Deserialize;

use super::error::json_error;
use super::request_log::RequestOutcome;
use crate::observability::metrics::Limit;

/// A POST body declared as JSON (`application/json` or `application/graphql-response+json`).
/// Anything else — `text/plain`, forms, multipart — is refused with HTTP 415 before it is read,
/// so a browser's cross-site "simple request" can never run an operation.
pub struct JsonBody;

impl<S: Sync> FromRequestParts<S> for JsonBody {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let essence = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase());
        match essence.as_deref() {
            Some("application/json" | "application/graphql-response+json") => Ok(JsonBody),
            _ => Err(json_error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "send the operation as JSON (Content-Type: application/json)",
                "UNSUPPORTED_MEDIA_TYPE",
            )),
        }
    }
}

/// One GraphQL request as the body carries it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wire {
    query: String,
    #[serde(default)]
    operation_name: Option<String>,
    #[serde(default)]
    variables: Option<Variables>,
    #[serde(default)]
    extensions: Option<async_graphql::Extensions>,
}

/// The body as one GraphQL request.
pub struct GraphqlBody(pub async_graphql::Request);

/// Why a body was refused, with the limit that refused it, if one did.
fn refused(status: StatusCode, message: &str, code: &str, limit: Option<Limit>) -> Response {
    let mut response = json_error(status, message, code);
    if let Some(outcome) = response.extensions_mut().get_mut::<RequestOutcome>() {
        outcome.limit = limit;
    }
    response
}

fn too_large() -> Response {
    refused(
        StatusCode::PAYLOAD_TOO_LARGE,
        "request body too large",
        "PAYLOAD_TOO_LARGE",
        Some(Limit::BodySize),
    )
}

/// Why a body is not one GraphQL request.
#[derive(Debug, PartialEq, Eq)]
enum NotARequest {
    /// A JSON array: several operations.
    Batch,
    /// Not JSON, or not an object with a string `query` and parameters of the right types.
    Malformed,
}

impl NotARequest {
    fn answer(self) -> Response {
        match self {
            NotARequest::Batch => refused(
                StatusCode::BAD_REQUEST,
                "send one operation per request; batches are not accepted",
                "BAD_REQUEST",
                Some(Limit::Batch),
            ),
            NotARequest::Malformed => refused(
                StatusCode::BAD_REQUEST,
                "the body is not a GraphQL request (JSON with a `query`)",
                "BAD_REQUEST",
                None,
            ),
        }
    }
}

/// The request in `bytes`.
fn parse(bytes: &[u8]) -> Result<async_graphql::Request, NotARequest> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        return Err(NotARequest::Batch);
    }
    let wire: Wire = serde_json::from_slice(bytes).map_err(|_| NotARequest::Malformed)?;
    let mut request = async_graphql::Request::new(wire.query);
    if let Some(name) = wire.operation_name {
        request = request.operation_name(name);
    }
    if let Some(variables) = wire.variables {
        request = request.variables(variables);
    }
    request.extensions = wire.extensions.unwrap_or_default();
    Ok(request)
}

impl<S: Send + Sync> FromRequest<S> for GraphqlBody {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            match rejection {
                // A body sent without `Content-Length` is only found too large while it is read.
                BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_)) => {
                    too_large()
                }
                _ => refused(
                    StatusCode::BAD_REQUEST,
                    "the body could not be read",
                    "BAD_REQUEST",
                    None,
                ),
            }
        })?;
        parse(&bytes).map(GraphqlBody).map_err(NotARequest::answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_request_object_with_a_string_query_is_a_request() {
        assert!(parse(br#"{"query":"{ me { sub } }"}"#).is_ok());
        assert!(
            parse(br#"{"query":"{ me { sub } }","operationName":null,"variables":null,"extensions":null}"#)
                .is_ok()
        );
        let named =
            parse(br#"{"query":"query A { me { sub } }","operationName":"A","variables":{"x":1}}"#);
        assert!(named.is_ok_and(|r| r.operation_name.as_deref() == Some("A")));
        for bad in [
            &br#"{"qeury":"{ me { sub } }"}"#[..],
            br#"{"query":1}"#,
            br#"{"query":"{ a }","variables":"x"}"#,
            br#"{"query":"{ a }","operationName":false}"#,
            br#"{"query":"{ a }","extensions":[1]}"#,
            b"not json",
        ] {
            let answer = parse(bad).err();
            assert_eq!(
                answer,
                Some(NotARequest::Malformed),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        let batch = parse(br#" [{"query":"{ a }"}]"#).err();
        assert_eq!(batch, Some(NotARequest::Batch));
        assert_eq!(
            NotARequest::Batch.answer().status(),
            StatusCode::BAD_REQUEST
        );
    }
}
