//! What every request handler shares: the database, the schema, the token verifier, the
//! metrics and the per-identity rate limiter (pruned every minute so it does not grow with every
//! token ever seen).

use std::num::NonZeroU32;
use std::sync::Arc;

use governor::Quota;

use crate::auth::TokenVerifier;
use crate::config::{HttpConfig, Secret};
use crate::db::Db;
use crate::graphql::{AppSchema, build_schema};
use crate::observability::metrics::Metrics;

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
