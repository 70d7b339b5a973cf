//! The operator's endpoints: `GET /healthz` (the process is up), `GET /readyz` (the database
//! answers and every migration is applied) and `GET /metrics` (Prometheus text, behind a bearer
//! token when one is configured).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use migrations::MigratorTrait;
use sha2::{Digest, Sha256};

use super::state::AppState;

/// `GET /metrics`: Prometheus text; behind a bearer token when one is configured.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(expected) = &state.metrics_token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let matches = given.is_some_and(|g| {
            // Compare digests so the time taken does not depend on where they differ.
            Sha256::digest(g.as_bytes()) == Sha256::digest(expected.expose().as_bytes())
        });
        if !matches {
            return (StatusCode::UNAUTHORIZED, "metrics token required").into_response();
        }
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(state.db.pool_stats()),
    )
        .into_response()
}

/// The process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Longest `/readyz` waits for the database before answering 503.
pub const READY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// The database answers (within [`READY_TIMEOUT`]) and every migration is applied. Nothing is
/// cached: once the database is back, the next probe answers 200.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    let check = async {
        if !state.db.ping().await {
            return (StatusCode::SERVICE_UNAVAILABLE, "database unreachable");
        }
        match migrations::Migrator::get_pending_migrations(state.db.conn()).await {
            Ok(pending) if pending.is_empty() => (StatusCode::OK, "ready"),
            Ok(_) => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending"),
            Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unreachable"),
        }
    };
    tokio::time::timeout(READY_TIMEOUT, check)
        .await
        .unwrap_or((StatusCode::SERVICE_UNAVAILABLE, "database unreachable"))
}
