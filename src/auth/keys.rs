//! Token verification ([`TokenVerifier`]) and HS256 signing for development ([`TokenSigner`]).
//!
//! The accepted algorithms are pinned by configuration. Each algorithm family is verified only
//! with its own key (HMAC secret, RSA or EC public key), so `alg: none` and HS/RS confusion fail.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};

use super::Claims;
use super::family::{KeyFamily, family};
use super::jwks::{Jwks, JwksSource};
use crate::config::{JwtConfig, Secret};
use crate::error::AppError;

/// Verifies bearer tokens against the configured keys, algorithms, issuer and audience.
#[derive(Clone)]
pub struct TokenVerifier {
    hmac: Option<DecodingKey>,
    public: Option<(DecodingKey, KeyFamily)>,
    jwks: Option<Arc<Jwks>>,
    jwks_refresh: Duration,
    role_claim: Vec<String>,
    authority_claim: Vec<String>,
    algorithms: Vec<Algorithm>,
    issuer: Option<String>,
    audience: Option<String>,
    leeway: u64,
}

impl TokenVerifier {
    /// Builds a verifier; fails when no key is configured or an algorithm has no key.
    pub fn from_config(config: &JwtConfig) -> anyhow::Result<Self> {
        let hmac = config
            .jwt_secret
            .as_ref()
            .map(|secret| {
                if secret.expose().len() < 32 {
                    bail!("PERMANENCE_JWT_SECRET must be at least 32 characters");
                }
                Ok(DecodingKey::from_secret(secret.expose().as_bytes()))
            })
            .transpose()?;
        let public = match &config.jwt_public_key {
            None => None,
            Some(path) => {
                let pem = std::fs::read(path).with_context(|| {
                    format!("reading PERMANENCE_JWT_PUBLIC_KEY {}", path.display())
                })?;
                if let Ok(key) = DecodingKey::from_rsa_pem(&pem) {
                    Some((key, KeyFamily::Rsa))
                } else if let Ok(key) = DecodingKey::from_ec_pem(&pem) {
                    Some((key, KeyFamily::Ec))
                } else {
                    bail!(
                        "PERMANENCE_JWT_PUBLIC_KEY is neither an RSA nor an EC public key in PEM"
                    );
                }
            }
        };
        let jwks = config.jwt_jwks.as_deref().map(|value| {
            Arc::new(Jwks::new(
                JwksSource::parse(value),
                config.jwt_jwks_min_refetch,
            ))
        });
        if hmac.is_none() && public.is_none() && jwks.is_none() {
            bail!(
                "no JWT key: set PERMANENCE_JWT_SECRET (HS256), PERMANENCE_JWT_PUBLIC_KEY or PERMANENCE_JWT_JWKS"
            );
        }
        let algorithms = if config.jwt_algorithms.is_empty() {
            let mut defaults = Vec::new();
            if hmac.is_some() {
                defaults.push(Algorithm::HS256);
            }
            match public.as_ref().map(|(_, family)| *family) {
                Some(KeyFamily::Rsa) => defaults.push(Algorithm::RS256),
                Some(KeyFamily::Ec) => defaults.push(Algorithm::ES256),
                _ => {}
            }
            if jwks.is_some() {
                for alg in [Algorithm::RS256, Algorithm::ES256] {
                    if !defaults.contains(&alg) {
                        defaults.push(alg);
                    }
                }
            }
            defaults
        } else {
            config
                .jwt_algorithms
                .iter()
                .map(|name| {
                    name.trim()
                        .parse::<Algorithm>()
                        .map_err(|_| anyhow::anyhow!("unknown JWT algorithm {name:?}"))
                })
                .collect::<anyhow::Result<Vec<_>>>()?
        };
        for alg in &algorithms {
            let has_key = match family(*alg) {
                Some(KeyFamily::Hmac) => hmac.is_some(),
                Some(wanted) => {
                    jwks.is_some() || public.as_ref().is_some_and(|(_, f)| *f == wanted)
                }
                None => false,
            };
            if !has_key {
                bail!("JWT algorithm {alg:?} is allowed but no matching key is configured");
            }
        }
        Ok(TokenVerifier {
            hmac,
            public,
            jwks,
            jwks_refresh: config.jwt_jwks_refresh,
            role_claim: claim_path(&config.jwt_role_claim),
            authority_claim: claim_path(&config.jwt_authority_claim),
            algorithms,
            issuer: config.jwt_issuer.clone(),
            audience: config.jwt_audience.clone(),
            leeway: config.jwt_leeway_seconds,
        })
    }

    /// Loads the JWKS (when one is configured) and keeps it fresh in the background; fails
    /// when the first load fails, so a misconfigured server does not start.
    pub async fn prepare(&self) -> anyhow::Result<()> {
        if let Some(jwks) = &self.jwks {
            let count = jwks.refresh().await?;
            tracing::info!(keys = count, "JWKS loaded");
            jwks.spawn_refresh(self.jwks_refresh);
        }
        Ok(())
    }

    /// Verifies a compact JWT and returns its claims, or `UNAUTHENTICATED`.
    pub fn verify(&self, token: &str) -> Result<Claims, AppError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| AppError::Unauthenticated)?;
        if !self.algorithms.contains(&header.alg) {
            return Err(AppError::Unauthenticated);
        }
        let from_jwks = match (&self.jwks, header.kid.as_deref(), family(header.alg)) {
            (Some(jwks), Some(kid), Some(wanted)) if wanted != KeyFamily::Hmac => jwks
                .key(kid)
                .filter(|(_, f)| *f == wanted)
                .map(|(key, _)| key),
            _ => None,
        };
        let key = match (&from_jwks, family(header.alg)) {
            (Some(key), _) => Some(key),
            (None, Some(KeyFamily::Hmac)) => self.hmac.as_ref(),
            (None, Some(wanted)) => self
                .public
                .as_ref()
                .filter(|(_, f)| *f == wanted)
                .map(|(key, _)| key),
            (None, None) => None,
        }
        .ok_or(AppError::Unauthenticated)?;
        let mut validation = Validation::new(header.alg);
        validation.leeway = self.leeway;
        validation.validate_nbf = true;
        let mut required = vec!["exp", "sub"];
        if let Some(issuer) = &self.issuer {
            validation.set_issuer(&[issuer]);
            required.push("iss");
        }
        if let Some(audience) = &self.audience {
            validation.set_audience(&[audience]);
            required.push("aud");
        }
        validation.set_required_spec_claims(&required);
        let raw = jsonwebtoken::decode::<serde_json::Value>(token, key, &validation)
            .map(|data| data.claims)
            .map_err(|err| {
                tracing::debug!(reason = %err, "token refused");
                AppError::Unauthenticated
            })?;
        self.claims(&raw).ok_or(AppError::Unauthenticated)
    }

    /// The service's claims from a verified token: `sub` and `exp` as the JWT standard says;
    /// the role and the authority from their configured claims (dotted paths into nested
    /// objects; a list of roles gives the first this service knows, else the first).
    fn claims(&self, raw: &serde_json::Value) -> Option<Claims> {
        let role = match lookup(raw, &self.role_claim) {
            Some(serde_json::Value::String(role)) => role.clone(),
            Some(serde_json::Value::Array(roles)) => {
                let names: Vec<&str> = roles.iter().filter_map(|r| r.as_str()).collect();
                names
                    .iter()
                    .find(|name| super::Role::parse(name).is_some())
                    .or(names.first())
                    .map(|name| (*name).to_owned())
                    .unwrap_or_default()
            }
            _ => String::new(),
        };
        let authority = match lookup(raw, &self.authority_claim) {
            Some(serde_json::Value::String(code)) => Some(code.clone()),
            Some(serde_json::Value::Number(code)) => Some(code.to_string()),
            _ => None,
        };
        Some(Claims {
            sub: raw.get("sub")?.as_str()?.to_owned(),
            role,
            authority,
            exp: raw.get("exp")?.as_u64()?,
            iat: raw.get("iat").and_then(serde_json::Value::as_u64),
            iss: raw.get("iss").and_then(|v| v.as_str()).map(str::to_owned),
            aud: raw.get("aud").cloned(),
        })
    }
}

/// A claim name split on dots (`realm_access.roles`).
fn claim_path(name: &str) -> Vec<String> {
    name.split('.').map(str::to_owned).collect()
}

/// The value at `path` in the claims, if any.
fn lookup<'a>(claims: &'a serde_json::Value, path: &[String]) -> Option<&'a serde_json::Value> {
    path.iter().try_fold(claims, |value, key| value.get(key))
}

/// Signs HS256 tokens with the configured secret (`permanence token`, demo tokens, tests).
pub struct TokenSigner {
    key: EncodingKey,
    issuer: Option<String>,
    audience: Option<String>,
}

impl TokenSigner {
    /// A signer for the given secret, stamping the configured issuer and audience if any.
    pub fn new(secret: &Secret, issuer: Option<String>, audience: Option<String>) -> Self {
        TokenSigner {
            key: EncodingKey::from_secret(secret.expose().as_bytes()),
            issuer,
            audience,
        }
    }

    /// A token for `sub` with `role` (and `authority` for LA roles) valid for `ttl`.
    pub fn sign(
        &self,
        sub: &str,
        role: &str,
        authority: Option<&str>,
        ttl: std::time::Duration,
    ) -> anyhow::Result<String> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
        let claims = Claims {
            sub: sub.to_owned(),
            role: role.to_owned(),
            authority: authority.map(str::to_owned),
            exp: now + ttl.as_secs(),
            iat: Some(now),
            iss: self.issuer.clone(),
            aud: self.audience.clone().map(serde_json::Value::String),
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.key,
        )?)
    }
}
