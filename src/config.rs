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
}

impl JwtConfig {
    /// True when no way to verify tokens is configured.
    pub fn is_empty(&self) -> bool {
        self.jwt_secret.is_none() && self.jwt_public_key.is_none()
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
    /// Whether GraphQL introspection (and so GraphiQL's schema explorer) is answered.
    #[arg(long, env = "PERMANENCE_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub introspection: bool,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_body_bytes: 256 * 1024,
            request_timeout: Duration::from_secs(30),
            introspection: true,
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
            jwt_public_key: None,
            jwt_algorithms: vec![],
            jwt_issuer: None,
            jwt_audience: None,
            jwt_leeway_seconds: 30,
        };
        let printed = format!("{config:?} {}", Secret::new("super-secret-value"));
        assert!(!printed.contains("super-secret-value"), "{printed}");
        assert!(printed.contains("[redacted]"));
    }
}
