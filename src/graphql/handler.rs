//! HTTP edge of the GraphQL API: authenticate the bearer token into an [`Actor`] once, then
//! execute exactly one operation with the actor as request data.
//!
//! Authentication failures answer before any GraphQL runs: HTTP 401 `UNAUTHENTICATED` for a
//! missing or unverifiable token; HTTP 403 `FORBIDDEN` for a verified token that names no usable
//! identity (unknown role, LA role without a known, active authority).

use std::time::Instant;

use async_graphql::http::GraphiQLSource;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::{FromRequestParts, State};
use axum::http::{HeaderMap, StatusCode, header, request::Parts};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use super::loaders::Loaders;
use crate::app::AppState;
use crate::auth::{Actor, Role};
use crate::error::AppError;

/// A request whose bearer token verified into an [`Actor`].
pub struct Authenticated(pub Actor);

/// Why a request was refused at the edge.
pub struct AuthRejection(AppError);

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        let status = match self.0 {
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Internal(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::UNAUTHORIZED,
        };
        if let AppError::Internal(err) = &self.0 {
            tracing::error!(error = ?err, "authentication could not complete");
        }
        let mut response = error_response(status, &self.0.to_string(), self.0.code());
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        authenticate(&parts.headers, state)
            .await
            .map(Authenticated)
            .map_err(AuthRejection)
    }
}

async fn authenticate(headers: &HeaderMap, state: &AppState) -> Result<Actor, AppError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or(AppError::Unauthenticated)?;
    let claims = state.verifier.verify(token)?;
    let role = Role::parse(&claims.role)
        .ok_or_else(|| AppError::forbidden("the token's role is not one this service knows"))?;
    if role.is_agency() {
        return Actor::agency(claims.sub, role).ok_or(AppError::Unauthenticated);
    }
    let code = claims
        .authority
        .as_deref()
        .map(str::trim)
        .filter(|code| !code.is_empty())
        .ok_or_else(|| AppError::forbidden("an LA token must name its authority"))?;
    let authority = crate::authorities::store::resolve_for_token(state.db.conn(), code)
        .await?
        .ok_or_else(|| AppError::forbidden("the token's authority is not known or not active"))?;
    Actor::local_authority(claims.sub, role, authority).ok_or(AppError::Unauthenticated)
}

/// A request body that is not one GraphQL operation (unparseable JSON, or a batch).
pub struct BadRequest(async_graphql::ParseRequestError);

impl From<async_graphql::ParseRequestError> for BadRequest {
    fn from(err: async_graphql::ParseRequestError) -> Self {
        BadRequest(err)
    }
}

/// True when reading the body failed because it exceeded the body limit (a body sent without
/// `Content-Length` is only found too large while it is read). The integration hands us the
/// limit error flattened into an `io::Error` message, so the message is all there is to match.
fn is_length_limit(err: &std::io::Error) -> bool {
    err.to_string() == "length limit exceeded"
}

impl IntoResponse for BadRequest {
    fn into_response(self) -> Response {
        use async_graphql::ParseRequestError::{Io, PayloadTooLarge};
        match self.0 {
            Io(err) if is_length_limit(&err) => error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                "request body too large",
                "PAYLOAD_TOO_LARGE",
            ),
            PayloadTooLarge => error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                "request body too large",
                "PAYLOAD_TOO_LARGE",
            ),
            async_graphql::ParseRequestError::UnsupportedBatch => error_response(
                StatusCode::BAD_REQUEST,
                "send one operation per request; batches are not accepted",
                "BAD_REQUEST",
            ),
            _ => error_response(
                StatusCode::BAD_REQUEST,
                "the body is not a GraphQL request (JSON with a `query`)",
                "BAD_REQUEST",
            ),
        }
    }
}

fn error_response(status: StatusCode, message: &str, code: &str) -> Response {
    let body = json!({ "errors": [ { "message": message, "extensions": { "code": code } } ] });
    (status, axum::Json(body)).into_response()
}

/// `POST /graphql`.
pub async fn graphql(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    request: GraphQLRequest<BadRequest>,
) -> GraphQLResponse {
    let request = request.into_inner();
    let started = Instant::now();
    let operation = request.operation_name.clone().unwrap_or_default();
    let (role, authority) = (
        actor.role.as_str(),
        actor.authority().map(|a| a.code.clone()),
    );
    let loaders = Loaders::new(&state.db, actor.scope());
    let response = state
        .schema
        .execute(request.data(actor).data(loaders))
        .await;
    tracing::info!(
        operation = %operation,
        role,
        authority = authority.as_deref().unwrap_or("-"),
        errors = response.errors.len(),
        duration_ms = started.elapsed().as_millis() as u64,
        "graphql"
    );
    response.into()
}

/// `GET /graphql`: the GraphiQL IDE.
pub async fn graphiql() -> Html<String> {
    Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .title("permanence")
            .finish(),
    )
}
