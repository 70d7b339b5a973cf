//! GraphQL over HTTP: `POST /graphql` (a JSON body) and `GET /graphql` (queries from the query
//! string, or GraphiQL). The bearer token is verified into an [`Actor`] before any GraphQL runs
//! (`auth.rs`); then exactly one operation executes with the actor and the request's loaders,
//! built from the actor's Scope, as request data.

use async_graphql::parser::types::{DocumentOperations, OperationType};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::answer::respond;
use super::auth::{AuthRejection, Authenticated, authenticate};
use super::body::{GraphqlBody, JsonBody};
use super::error::json_error as error_response;
use super::negotiate::{Accepts, MediaType, negotiate};
use super::request_log::{RequestOutcome, operation_label};
use super::state::AppState;
use crate::auth::Actor;
use crate::graphql::limits::{Prepared, prepare};
use crate::graphql::loaders::Loaders;

/// `POST /graphql`.
pub async fn graphql(
    State(state): State<AppState>,
    _json: JsonBody,
    Accepts(media): Accepts,
    Authenticated(actor): Authenticated,
    GraphqlBody(request): GraphqlBody,
) -> Response {
    execute(&state, actor, request, media).await
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
        Some(OperationType::Mutation | OperationType::Subscription) => {
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
        // A query, or a document that does not parse or names no operation it holds: the
        // latter two are request errors, answered as the client's media type says.
        _ => execute(&state, actor, request, negotiate(&headers)).await,
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

/// Runs one operation as `actor`, answering as `media` (`answer.rs`: a request error is 200
/// under `application/json`, 400 under `application/graphql-response+json`).
async fn execute(
    state: &AppState,
    actor: Actor,
    request: async_graphql::Request,
    media: MediaType,
) -> Response {
    let mut request = match prepare(request).await {
        Prepared::Ready(request) => request,
        Prepared::Refused(response) => {
            let outcome = RequestOutcome {
                role: Some(actor.role.as_str()),
                authority: actor.authority().map(|a| a.code.clone()),
                ..Default::default()
            };
            return respond(response, outcome, media);
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
    respond(response, outcome, media)
}
