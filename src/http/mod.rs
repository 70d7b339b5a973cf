//! The HTTP edge: the router, the layers every route sits behind, the bearer-token extractor
//! and rate limit, the request log, the one mapping of errors to HTTP, and every endpoint —
//! GraphQL over HTTP and WebSocket, GraphiQL, the report downloads, the probes.
//!
//! Invariants:
//! - This is the only module that knows about HTTP; nothing below it imports it.
//! - Every route that reads records authenticates through [`auth::Authenticated`] and passes
//!   the actor's Scope down; no handler queries a table itself.
//! - Every error a client sees leaves through [`error`]: one status per [`crate::error::AppError`]
//!   variant, JSON for the API and plain text for downloads.

pub mod answer;
pub mod auth;
pub mod body;
pub mod error;
pub mod graphiql;
pub mod graphql;
pub mod negotiate;
pub mod panic;
pub mod probes;
pub mod reports;
pub mod request_log;
pub mod state;
pub mod ws;

use axum::Router;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::routing::get;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;

use crate::config::HttpConfig;
pub use state::AppState;

/// The HTTP API: `POST /graphql`, `GET /graphql` (queries from the query string, or GraphiQL),
/// the printable court contact report on `GET /reports/contact/{placementId}`, the SSDA903
/// extract as CSV on `GET /reports/ssda903/{collectionYear}/{table}`, the ASGLB return as CSV on
/// `GET /reports/asglb/{year}/{quarter}.csv`, `GET /healthz`,
/// `GET /readyz`, `GET /metrics`, behind the [`edge`].
pub fn router(state: AppState, http: &HttpConfig) -> Router {
    let routes = Router::new()
        .route("/graphql", get(graphql::graphql_get).post(graphql::graphql))
        .route(
            "/reports/contact/{placement_id}",
            get(reports::contact::contact_report_page),
        )
        .route(
            "/reports/ssda903/{year}/{table}",
            get(reports::ssda903::ssda903_csv),
        )
        .route(
            "/reports/asglb/{year}/{quarter}",
            get(reports::asglb::asglb_csv),
        )
        .route("/healthz", get(probes::healthz))
        .route("/readyz", get(probes::readyz))
        .route("/metrics", get(probes::metrics))
        .route("/ws", get(ws::ws))
        .route("/graphiql/{file}", get(graphiql::assets))
        .with_state(state.clone());
    edge(routes, state, http)
}

/// The layers every route sits behind. Outermost first: request id, the request log and
/// metrics, the last-resort answer to a panic, CORS, the timeout, the body limit.
pub fn edge(routes: Router, state: AppState, http: &HttpConfig) -> Router {
    routes
        .layer(RequestBodyLimitLayer::new(http.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            http.request_timeout,
        ))
        .layer(cors(&http.cors_origins))
        .layer(panic::layer())
        .layer(axum::middleware::from_fn_with_state(
            state,
            request_log::observe,
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// CORS for the configured origins only; with none configured, no CORS headers at all (a
/// browser on another origin cannot read the API).
fn cors(origins: &[String]) -> CorsLayer {
    let allowed: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.trim()).ok())
        .collect();
    if allowed.is_empty() {
        return CorsLayer::new();
    }
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(allowed))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
        .max_age(std::time::Duration::from_secs(600))
}
