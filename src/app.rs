//! The application: shared state and the HTTP router used by `main` and by the tests alike.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use std::num::NonZeroU32;

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use governor::Quota;
use migrations::MigratorTrait;
use sha2::{Digest, Sha256};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;

use crate::auth::TokenVerifier;
use crate::config::{HttpConfig, Secret};
use crate::db::Db;
use crate::graphql::{AppSchema, build_schema, handler};
use crate::observability::metrics::Metrics;
use crate::observability::request_log;

/// Requests per identity, per process (see README: several replicas each apply it).
pub type IdentityLimiter = governor::DefaultKeyedRateLimiter<String>;

/// Everything a request handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The GraphQL schema (holds the database as schema data).
    pub schema: AppSchema,
    /// Bearer-token verification.
    pub verifier: Arc<TokenVerifier>,
    /// The metrics registry.
    pub metrics: Metrics,
    /// The per-identity rate limiter; none when the limit is 0.
    pub limiter: Option<Arc<IdentityLimiter>>,
    /// Whether `GET /graphql` serves GraphiQL.
    pub graphiql: bool,
    /// The bearer token `GET /metrics` requires, when one is configured.
    pub metrics_token: Option<Secret>,
}

impl AppState {
    /// Assembles the state.
    pub fn new(db: Db, verifier: TokenVerifier, http: &HttpConfig) -> Self {
        let limiter = NonZeroU32::new(http.rate_limit_per_minute).map(|per_minute| {
            let burst = NonZeroU32::new(http.rate_limit_burst).unwrap_or(per_minute);
            let limiter = Arc::new(governor::RateLimiter::keyed(
                Quota::per_minute(per_minute).allow_burst(burst),
            ));
            spawn_pruning(&limiter);
            limiter
        });
        AppState {
            schema: build_schema(Some(db.clone()), http.introspection_enabled()),
            db,
            verifier: Arc::new(verifier),
            metrics: Metrics::new(),
            limiter,
            graphiql: http.graphiql_enabled(),
            metrics_token: http.metrics_token.clone(),
        }
    }
}

/// How often the rate limiter forgets identities that have not been seen for long enough that
/// their state equals a fresh one.
const LIMITER_PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Forgets the identities whose rate-limit state is indistinguishable from a fresh one, so the
/// per-identity map does not grow with every token ever seen.
pub fn prune(limiter: &IdentityLimiter) {
    limiter.retain_recent();
    limiter.shrink_to_fit();
}

/// Prunes `limiter` every minute for as long as it exists (a weak reference: the task ends when
/// the state is dropped). Outside a Tokio runtime nothing is spawned.
fn spawn_pruning(limiter: &Arc<IdentityLimiter>) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let weak = Arc::downgrade(limiter);
    runtime.spawn(async move {
        let mut tick = tokio::time::interval(LIMITER_PRUNE_EVERY);
        tick.tick().await;
        loop {
            tick.tick().await;
            let Some(limiter) = weak.upgrade() else { break };
            prune(&limiter);
        }
    });
}

/// The HTTP API: `POST /graphql`, `GET /graphql` (queries from the query string, or GraphiQL),
/// the printable court contact report on `GET /reports/contact/{placementId}`, the SSDA903
/// extract as CSV on `GET /reports/ssda903/{collectionYear}/{table}`, the ASGLB return as CSV on
/// `GET /reports/asglb/{year}/{quarter}.csv`, `GET /healthz`,
/// `GET /readyz`, `GET /metrics`, behind the [`edge`].
pub fn router(state: AppState, http: &HttpConfig) -> Router {
    let routes = Router::new()
        .route("/graphql", get(handler::graphql_get).post(handler::graphql))
        .route(
            "/reports/contact/{placement_id}",
            get(crate::contact::report_page::contact_report_page),
        )
        .route(
            "/reports/ssda903/{year}/{table}",
            get(crate::ssda903::csv::ssda903_csv),
        )
        .route(
            "/reports/asglb/{year}/{quarter}",
            get(crate::asglb::csv::asglb_csv),
        )
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/ws", get(crate::graphql::ws::ws))
        .route("/graphiql/{file}", get(crate::graphql::graphiql::assets))
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
        .layer(crate::observability::panic::layer())
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
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .max_age(std::time::Duration::from_secs(600))
}

/// `GET /metrics`: Prometheus text; behind a bearer token when one is configured.
async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
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

/// Applies every pending migration, then computes the derived data a migration left to compute
/// (the stored contact alerts).
pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    migrations::Migrator::up(db.conn(), None).await?;
    let placements = crate::contact::alerts::backfill(db).await?;
    if placements > 0 {
        tracing::info!(placements, "computed stored contact alerts");
    }
    Ok(())
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// Longest `/readyz` waits for the database before answering 503.
pub const READY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// The database answers (within [`READY_TIMEOUT`]) and every migration is applied. Nothing is
/// cached: once the database is back, the next probe answers 200.
async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruning_forgets_identities_whose_state_has_recovered() {
        let quota = Quota::per_second(NonZeroU32::new(1000).unwrap_or(NonZeroU32::MIN));
        let limiter: IdentityLimiter = governor::RateLimiter::keyed(quota);
        for who in ["a", "b", "c"] {
            assert!(limiter.check_key(&who.to_owned()).is_ok());
        }
        assert_eq!(limiter.len(), 3);
        std::thread::sleep(std::time::Duration::from_millis(20));
        prune(&limiter);
        assert_eq!(limiter.len(), 0, "three idle identities forgotten");
        // One request a minute: an identity seen just now is still limited, so it is kept.
        let slow: IdentityLimiter =
            governor::RateLimiter::keyed(Quota::per_minute(NonZeroU32::MIN));
        assert!(slow.check_key(&"a".to_owned()).is_ok());
        prune(&slow);
        assert_eq!(slow.len(), 1);
        assert!(
            slow.check_key(&"a".to_owned()).is_err(),
            "and still refused"
        );
    }
}
