//! Which media type a GraphQL response is sent as (GraphQL over HTTP, §Accept): the client's
//! `Accept` header chooses between `application/graphql-response+json` and `application/json`.
//! A client that accepts only `application/json` (older LA integration clients), accepts
//! anything (`*/*`), or sends no `Accept` at all gets `application/json`; one that accepts
//! `application/graphql-response+json` at least as much as `application/json` gets that.
//!
//! The two differ in what a request error looks like: under `application/json` a document that
//! cannot be parsed or validated, or variables that cannot be coerced, answer HTTP 200 with
//! `errors` only; under `application/graphql-response+json` they answer HTTP 400, without a
//! `data` entry.

use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, header, request::Parts};

/// A media type a GraphQL response can be sent as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaType {
    /// `application/json`: the legacy type every client understands.
    Json,
    /// `application/graphql-response+json`: the specification's own type.
    GraphqlResponse,
}

impl MediaType {
    /// The `Content-Type` value, always UTF-8.
    pub fn content_type(self) -> &'static str {
        match self {
            MediaType::Json => "application/json; charset=utf-8",
            MediaType::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
        }
    }
}

/// The quality (0–1000) a media range gives each of the two types: exact type, then
/// `application/*`, then `*/*`; a range naming anything else gives nothing.
fn weights(range: &str) -> Option<(u16, u16)> {
    let mut parts = range.split(';');
    let essence = parts.next()?.trim().to_ascii_lowercase();
    let mut quality = 1000u16;
    for param in parts {
        let Some((name, value)) = param.split_once('=') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case("q") {
            let q: f32 = value.trim().parse().ok()?;
            if !(0.0..=1.0).contains(&q) {
                return None;
            }
            // q has at most three decimals (RFC 9110 §12.4.2): exact in thousandths.
            quality = (q * 1000.0).round() as u16;
        }
    }
    match essence.as_str() {
        "application/graphql-response+json" => Some((0, quality)),
        "application/json" => Some((quality, 0)),
        "application/*" | "*/*" => Some((quality, quality)),
        _ => None,
    }
}

/// The media type for a request with these headers.
pub fn negotiate(headers: &HeaderMap) -> MediaType {
    let ranges = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(weights);
    let (mut json, mut graphql) = (0u16, 0u16);
    let mut any = false;
    for (j, g) in ranges {
        any = true;
        json = json.max(j);
        graphql = graphql.max(g);
    }
    // A wildcard gives both the same weight; then the legacy type, which every client reads.
    if any && graphql > json {
        MediaType::GraphqlResponse
    } else {
        MediaType::Json
    }
}

/// The media type the request asked for (see [`negotiate`]).
pub struct Accepts(pub MediaType);

impl<S: Sync> FromRequestParts<S> for Accepts {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Accepts(negotiate(&parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(accept: Option<&'static str>) -> MediaType {
        let mut headers = HeaderMap::new();
        if let Some(value) = accept {
            headers.insert(header::ACCEPT, HeaderValue::from_static(value));
        }
        negotiate(&headers)
    }

    #[test]
    fn the_accept_header_chooses_the_media_type() {
        use MediaType::{GraphqlResponse, Json};
        assert_eq!(with(None), Json);
        assert_eq!(with(Some("application/json")), Json);
        assert_eq!(with(Some("*/*")), Json);
        assert_eq!(with(Some("text/html")), Json);
        assert_eq!(
            with(Some("application/graphql-response+json")),
            GraphqlResponse
        );
        assert_eq!(
            with(Some(
                "application/graphql-response+json, application/json;q=0.9"
            )),
            GraphqlResponse
        );
        assert_eq!(
            with(Some(
                "application/json, application/graphql-response+json;q=0.9"
            )),
            Json
        );
        assert_eq!(
            with(Some(
                "application/graphql-response+json;charset=utf-8, */*;q=0.1"
            )),
            GraphqlResponse
        );
        assert_eq!(with(Some("application/graphql-response+json;q=0")), Json);
        assert_eq!(with(Some("application/graphql-response+json;q=x")), Json);
    }
}
