//! HTTP edge of the GraphQL API: authenticate the bearer token into an [`Actor`] once, then
//! execute exactly one operation with the actor as request data.
//!
//! Authentication failures answer before any GraphQL runs: HTTP 401 `UNAUTHENTICATED` for a
//! missing or unverifiable token; HTTP 403 `FORBIDDEN` for a verified token that names no usable
//! identity (unknown role, LA role without a known, active authority).

use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql_axum::GraphQLRequest;
use axum::extract::{FromRequestParts, State};
use axum::http::{HeaderMap, StatusCode, Uri, header, request::Parts};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::answer::respond;
use super::limits::{Prepared, prepare};
use super::loaders::Loaders;
use crate::app::AppState;
use crate::auth::{Actor, Role};
use crate::error::AppError;
use crate::observability::metrics::Limit;
use crate::observability::request_log::{RequestOutcome, operation_label};

/// A request whose bearer token verified into an [`Actor`].
pub struct Authenticated(pub Actor);

/// Why a request was refused at the edge.
pub struct AuthRejection(AppError);

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        let status = match self.0 {
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Internal(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
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
        if let AppError::RateLimited { retry_after_secs } = self.0 {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from(retry_after_secs),
            );
        }
        response.extensions_mut().insert(RequestOutcome {
            outcome: Some(self.0.code().to_owned()),
            ..Default::default()
        });
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

/// Counts a request against the identity's rate; `RATE_LIMITED` with the wait when over it.
fn check_rate(state: &AppState, identity: String) -> Result<(), AppError> {
    let Some(limiter) = &state.limiter else {
        return Ok(());
    };
    limiter.check_key(&identity).map_err(|not_until| {
        let wait = not_until.wait_time_from(governor::clock::Clock::now(
            &governor::clock::DefaultClock::default(),
        ));
        AppError::RateLimited {
            retry_after_secs: wait.as_secs() + 1,
        }
    })
}

/// Verifies the bearer token into an actor, counting the request against its rate.
pub(crate) async fn authenticate(headers: &HeaderMap, state: &AppState) -> Result<Actor, AppError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .ok_or(AppError::Unauthenticated)?;
    authenticate_bearer(value, state)
        .await
        .map(|(actor, _)| actor)
}

/// Verifies an `Authorization` value (`Bearer <token>`) into an actor and the token's expiry
/// (seconds since the epoch), counting the request against the identity's rate.
pub(crate) async fn authenticate_bearer(
    value: &str,
    state: &AppState,
) -> Result<(Actor, u64), AppError> {
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or(AppError::Unauthenticated)?;
    let claims = state.verifier.verify(token)?;
    if !crate::auth::usable_subject(&claims.sub) {
        return Err(AppError::forbidden(format!(
            "the token's subject must be 1 to {} characters, with no control characters",
            crate::auth::MAX_SUBJECT_CHARS
        )));
    }
    let expires = claims.exp;
    let role = Role::parse(&claims.role)
        .ok_or_else(|| AppError::forbidden("the token's role is not one this service knows"))?;
    let identity = format!(
        "{}|{}|{}",
        role.as_str(),
        claims.authority.as_deref().unwrap_or("-"),
        claims.sub
    );
    check_rate(state, identity)?;
    if role.is_agency() {
        return Actor::agency(claims.sub, role)
            .map(|actor| (actor, expires))
            .ok_or(AppError::Unauthenticated);
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
    Actor::local_authority(claims.sub, role, authority)
        .map(|actor| (actor, expires))
        .ok_or(AppError::Unauthenticated)
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
        use async_graphql::ParseRequestError::{Io, PayloadTooLarge, UnsupportedBatch};
        let limit = match &self.0 {
            Io(err) if is_length_limit(err) => Some(Limit::BodySize),
            PayloadTooLarge => Some(Limit::BodySize),
            UnsupportedBatch => Some(Limit::Batch),
            _ => None,
        };
        let mut response = match self.0 {
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
        };
        response.extensions_mut().insert(RequestOutcome {
            limit,
            ..Default::default()
        });
        response
    }
}

fn error_response(status: StatusCode, message: &str, code: &str) -> Response {
    let body = json!({ "errors": [ { "message": message, "extensions": { "code": code } } ] });
    (status, axum::Json(body)).into_response()
}

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
            _ => Err(error_response(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "send the operation as JSON (Content-Type: application/json)",
                "UNSUPPORTED_MEDIA_TYPE",
            )),
        }
    }
}

/// `POST /graphql`.
pub async fn graphql(
    State(state): State<AppState>,
    _json: JsonBody,
    Authenticated(actor): Authenticated,
    request: GraphQLRequest<BadRequest>,
) -> Response {
    execute(&state, actor, request.into_inner()).await
}

/// `GET /graphql`: with a `query` parameter, a query (or subscription-free read) from the query
/// string, authenticated like POST — a mutation answers HTTP 405, since GET must not change
/// anything; without one, the GraphiQL IDE when enabled, else 404.
pub async fn graphql_get(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let query = uri.query().unwrap_or_default();
    let has_query = query.split('&').any(|pair| pair.starts_with("query="));
    if !has_query {
        if state.graphiql {
            return super::graphiql::page();
        }
        return error_response(StatusCode::NOT_FOUND, "not found", "NOT_FOUND");
    }
    let actor = match authenticate(&headers, &state).await {
        Ok(actor) => actor,
        Err(err) => return AuthRejection(err).into_response(),
    };
    let mut request = match async_graphql::http::parse_query_string(query) {
        Ok(request) => request,
        Err(_) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "the query string is not a GraphQL request",
                "BAD_REQUEST",
            );
        }
    };
    match operation_type(&mut request) {
        Some(OperationType::Query) => execute(&state, actor, request).await,
        Some(_) => {
            let mut response = error_response(
                StatusCode::METHOD_NOT_ALLOWED,
                "only queries may be sent with GET; send mutations with POST",
                "METHOD_NOT_ALLOWED",
            );
            response
                .headers_mut()
                .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
            response
        }
        None => error_response(
            StatusCode::BAD_REQUEST,
            "the document cannot be parsed, or names no operation it holds",
            "GRAPHQL_PARSE_FAILED",
        ),
    }
}

/// The type of the operation the request selects, if its document parsed and holds it.
fn operation_type(request: &mut async_graphql::Request) -> Option<OperationType> {
    let name = request.operation_name.clone();
    let document = request.parsed_query().ok()?;
    match (&document.operations, name.as_deref()) {
        (DocumentOperations::Single(op), None) => Some(op.node.ty),
        (DocumentOperations::Single(_), Some(_)) => None,
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name).map(|op| op.node.ty),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().map(|op| op.node.ty)
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// Runs one operation as `actor`. HTTP status per GraphQL over HTTP: 400 when the document
/// could not be parsed or validated (nothing ran: no data, and no error has a path), else 200.
async fn execute(state: &AppState, actor: Actor, request: async_graphql::Request) -> Response {
    let mut request = match prepare(request).await {
        Prepared::Ready(request) => request,
        Prepared::Refused(response) => {
            let outcome = RequestOutcome {
                role: Some(actor.role.as_str()),
                authority: actor.authority().map(|a| a.code.clone()),
                ..Default::default()
            };
            return respond(response, true, outcome);
        }
    };
    let given = request.operation_name.clone();
    let parsed = request.parsed_query().ok();
    // Clients often leave `operationName` out; the document's only operation names itself.
    let named = given.or_else(|| match parsed {
        Some(doc) => match &doc.operations {
            DocumentOperations::Single(_) => None,
            DocumentOperations::Multiple(ops) if ops.len() == 1 => {
                ops.keys().next().map(|name| name.to_string())
            }
            DocumentOperations::Multiple(_) => None,
        },
        None => None,
    });
    let parsed = parsed.is_some();
    let outcome = RequestOutcome {
        operation: Some(operation_label(named.as_deref())),
        role: Some(actor.role.as_str()),
        authority: actor.authority().map(|a| a.code.clone()),
        ..Default::default()
    };
    let loaders = Loaders::new(&state.db, actor.scope());
    let response = state
        .schema
        .execute(request.data(actor).data(loaders))
        .await;
    respond(response, parsed, outcome)
}
