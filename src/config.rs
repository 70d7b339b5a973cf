//! Configuration: command-line flags, each with an environment variable, parsed once by clap.
//!
//! Invariant: secrets are held in [`Secret`], whose `Debug` and `Display` print `[redacted]`,
//! so a config can be logged whole without leaking the JWT secret.

use std::{fmt, net::SocketAddr, path::PathBuf, time::Duration};

use clap::Args;

/// A string that must never be printed.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; call only where it is used, never to print.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_owned()))
    }
}

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DatabaseConfig {
    /// Database URL: `sqlite://FILE?mode=rwc` (embedded) or `postgres://…` (production).
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://permanence.db?mode=rwc",
        global = true
    )]
    pub database_url: String,
    /// Largest number of pooled database connections.
    #[arg(
        long,
        env = "PERMANENCE_DB_MAX_CONNECTIONS",
        default_value_t = 8,
        global = true
    )]
    pub db_max_connections: u32,
    /// Longest wait for a pooled connection (e.g. `10s`).
    #[arg(long, env = "PERMANENCE_DB_ACQUIRE_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration, global = true)]
    pub db_acquire_timeout: Duration,
    /// Longest a single SQL statement may run on PostgreSQL (`statement_timeout`; e.g. `15s`).
    #[arg(long, env = "PERMANENCE_DB_STATEMENT_TIMEOUT", default_value = "15s", value_parser = humantime::parse_duration, global = true)]
    pub db_statement_timeout: Duration,
}

impl DatabaseConfig {
    /// The settings for `url` with `max_connections` and the default timeouts.
    pub fn new(url: impl Into<String>, max_connections: u32) -> Self {
        DatabaseConfig {
            database_url: url.into(),
            db_max_connections: max_connections,
            db_acquire_timeout: Duration::from_secs(10),
            db_statement_timeout: Duration::from_secs(15),
        }
    }
}

/// Development (the default: introspection and GraphiQL on) or production (both off unless
/// asked for; tokens must carry a configured issuer and audience).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Mode {
    /// Local use and the demo.
    #[default]
    Development,
    /// Serving real data.
    Production,
}

/// How bearer tokens are verified (and, for HS256, signed by `permanence token`).
#[derive(Debug, Clone, Args)]
pub struct JwtConfig {
    /// Shared secret for HS256 tokens.
    #[arg(
        long,
        env = "PERMANENCE_JWT_SECRET",
        hide_env_values = true,
        global = true
    )]
    pub jwt_secret: Option<Secret>,
    /// Path to a PEM public key (RSA or EC) for RS256/ES256 tokens.
    #[arg(long, env = "PERMANENCE_JWT_PUBLIC_KEY", global = true)]
    pub jwt_public_key: Option<PathBuf>,
    /// Comma-separated accepted algorithms (HS256, RS256, ES256). Default: those the keys allow.
    #[arg(
        long,
        env = "PERMANENCE_JWT_ALGORITHMS",
        value_delimiter = ',',
        global = true
    )]
    pub jwt_algorithms: Vec<String>,
    /// Required `iss` claim, when set.
    #[arg(long, env = "PERMANENCE_JWT_ISSUER", global = true)]
    pub jwt_issuer: Option<String>,
    /// Required `aud` claim, when set. A token carrying `aud` is refused when this is not set.
    #[arg(long, env = "PERMANENCE_JWT_AUDIENCE", global = true)]
    pub jwt_audience: Option<String>,
    /// Clock leeway in seconds for `exp` and `nbf`.
    #[arg(
        long,
        env = "PERMANENCE_JWT_LEEWAY_SECONDS",
        default_value_t = 30,
        global = true
    )]
    pub jwt_leeway_seconds: u64,
    /// A JSON Web Key Set of RS256/ES256 public keys: a file path, or the identity provider's
    /// `https://` JWKS URL (cached; refreshed in the background and when a token names an
    /// unknown key id).
    #[arg(long, env = "PERMANENCE_JWT_JWKS", global = true)]
    pub jwt_jwks: Option<String>,
    /// How often the JWKS is fetched again.
    #[arg(long, env = "PERMANENCE_JWT_JWKS_REFRESH", default_value = "10m", value_parser = humantime::parse_duration, global = true)]
    pub jwt_jwks_refresh: Duration,
    /// Shortest gap between two fetches caused by unknown key ids.
    #[arg(long, env = "PERMANENCE_JWT_JWKS_MIN_REFETCH", default_value = "30s", value_parser = humantime::parse_duration, global = true)]
    pub jwt_jwks_min_refetch: Duration,
    /// The claim holding the role: a name or a dotted path (e.g. `realm_access.roles`); a list
    /// gives the first role this service knows.
    #[arg(
        long,
        env = "PERMANENCE_JWT_ROLE_CLAIM",
        default_value = "role",
        global = true
    )]
    pub jwt_role_claim: String,
    /// The claim holding the DfE LA number, a name or a dotted path.
    #[arg(
        long,
        env = "PERMANENCE_JWT_AUTHORITY_CLAIM",
        default_value = "authority",
        global = true
    )]
    pub jwt_authority_claim: String,
}

impl Default for JwtConfig {
    fn default() -> Self {
        JwtConfig {
            jwt_secret: None,
            jwt_public_key: None,
            jwt_algorithms: Vec::new(),
            jwt_issuer: None,
            jwt_audience: None,
            jwt_leeway_seconds: 30,
            jwt_jwks: None,
            jwt_jwks_refresh: Duration::from_secs(600),
            jwt_jwks_min_refetch: Duration::from_secs(30),
            jwt_role_claim: "role".to_owned(),
            jwt_authority_claim: "authority".to_owned(),
        }
    }
}

impl JwtConfig {
    /// True when no way to verify tokens is configured.
    pub fn is_empty(&self) -> bool {
        self.jwt_secret.is_none() && self.jwt_public_key.is_none() && self.jwt_jwks.is_none()
    }
}

/// HTTP serving and request limits.
#[derive(Debug, Clone, Args)]
pub struct HttpConfig {
    /// Address to listen on.
    #[arg(long, env = "PERMANENCE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Largest accepted request body, in bytes (larger → HTTP 413).
    #[arg(long, env = "PERMANENCE_MAX_BODY_BYTES", default_value_t = 256 * 1024)]
    pub max_body_bytes: usize,
    /// Time allowed for one request before it is abandoned (e.g. `30s`).
    #[arg(long, env = "PERMANENCE_REQUEST_TIMEOUT", default_value = "30s", value_parser = humantime::parse_duration)]
    pub request_timeout: Duration,
    /// `development` or `production`.
    #[arg(long, env = "PERMANENCE_MODE", value_enum, default_value_t = Mode::Development)]
    pub mode: Mode,
    /// Whether GraphQL introspection is answered (default: on in development, off in production).
    #[arg(long, env = "PERMANENCE_INTROSPECTION", action = clap::ArgAction::Set)]
    pub introspection: Option<bool>,
    /// Whether `GET /graphql` serves GraphiQL (default: on in development, off in production).
    #[arg(long, env = "PERMANENCE_GRAPHIQL", action = clap::ArgAction::Set)]
    pub graphiql: Option<bool>,
    /// Requests per minute allowed to one identity (token subject, role and authority); 0 = no
    /// limit. Beyond it: HTTP 429 with `Retry-After`.
    #[arg(long, env = "PERMANENCE_RATE_LIMIT_PER_MINUTE", default_value_t = 600)]
    pub rate_limit_per_minute: u32,
    /// Requests one identity may send at once before the per-minute rate applies.
    #[arg(long, env = "PERMANENCE_RATE_LIMIT_BURST", default_value_t = 60)]
    pub rate_limit_burst: u32,
    /// Browser origins allowed to call the API (CORS), comma-separated; none by default.
    #[arg(long, env = "PERMANENCE_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
    /// When set, `GET /metrics` requires `Authorization: Bearer <this>`.
    #[arg(long, env = "PERMANENCE_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<Secret>,
    /// Longest a client may take to send a request's headers before its connection is closed.
    #[arg(long, env = "PERMANENCE_HEADER_READ_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub header_read_timeout: Duration,
    /// Most connections one client address may hold open at once; 0 = no limit (behind a
    /// reverse proxy every client has the proxy's address: raise it or set 0 there).
    #[arg(
        long,
        env = "PERMANENCE_MAX_CONNECTIONS_PER_ADDRESS",
        default_value_t = 64
    )]
    pub max_connections_per_address: usize,
}

impl HttpConfig {
    /// Whether introspection is answered, after the mode's default.
    pub fn introspection_enabled(&self) -> bool {
        self.introspection.unwrap_or(self.mode == Mode::Development)
    }

    /// The connection limits of [`crate::server::serve`].
    pub fn connection_limits(&self) -> crate::server::ConnectionLimits {
        crate::server::ConnectionLimits {
            header_read_timeout: self.header_read_timeout,
            max_per_address: self.max_connections_per_address,
        }
    }

    /// Whether GraphiQL is served, after the mode's default.
    pub fn graphiql_enabled(&self) -> bool {
        self.graphiql.unwrap_or(self.mode == Mode::Development)
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_body_bytes: 256 * 1024,
            request_timeout: Duration::from_secs(30),
            mode: Mode::Development,
            introspection: None,
            graphiql: None,
            rate_limit_per_minute: 600,
            rate_limit_burst: 60,
            cors_origins: Vec::new(),
            metrics_token: None,
            header_read_timeout: Duration::from_secs(10),
            max_connections_per_address: 64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_appears_in_debug_or_display_output() {
        let config = JwtConfig {
            jwt_secret: Some(Secret::new("super-secret-value")),
            ..JwtConfig::default()
        };
        let printed = format!("{config:?} {}", Secret::new("super-secret-value"));
        assert!(!printed.contains("super-secret-value"), "{printed}");
        assert!(printed.contains("[redacted]"));
    }
}
