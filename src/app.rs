//! The application: shared state and the HTTP router used by `main` and by the tests alike.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use migrations::MigratorTrait;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::auth::TokenVerifier;
use crate::config::HttpConfig;
use crate::db::Db;
use crate::graphql::{AppSchema, build_schema, handler};

/// Everything a request handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The GraphQL schema (holds the database as schema data).
    pub schema: AppSchema,
    /// Bearer-token verification.
    pub verifier: Arc<TokenVerifier>,
}

impl AppState {
    /// Assembles the state.
    pub fn new(db: Db, verifier: TokenVerifier, http: &HttpConfig) -> Self {
        AppState {
            schema: build_schema(Some(db.clone()), http.introspection),
            db,
            verifier: Arc::new(verifier),
        }
    }
}

/// The HTTP API: `POST /graphql`, GraphiQL on `GET /graphql`, the printable court contact
/// report on `GET /reports/contact/{placementId}`, the SSDA903 extract as CSV on
/// `GET /reports/ssda903/{collectionYear}/{table}`, `GET /healthz`, `GET /readyz`.
pub fn router(state: AppState, http: &HttpConfig) -> Router {
    Router::new()
        .route("/graphql", get(handler::graphiql).post(handler::graphql))
        .route(
            "/reports/contact/{placement_id}",
            get(crate::contact::report_page::contact_report_page),
        )
        .route(
            "/reports/ssda903/{year}/{table}",
            get(crate::ssda903::csv::ssda903_csv),
        )
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(http.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            http.request_timeout,
        ))
}

/// Applies every pending migration.
pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    migrations::Migrator::up(db.conn(), None).await?;
    Ok(())
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The database answers and every migration is applied.
async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if !state.db.ping().await {
        return (StatusCode::SERVICE_UNAVAILABLE, "database unreachable");
    }
    match migrations::Migrator::get_pending_migrations(state.db.conn()).await {
        Ok(pending) if pending.is_empty() => (StatusCode::OK, "ready"),
        Ok(_) => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unreachable"),
    }
}
