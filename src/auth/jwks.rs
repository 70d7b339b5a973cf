//! Public keys from a JSON Web Key Set (an identity provider's `jwks_uri`, or a file), by key
//! id, cached in memory and refreshed in the background: every `refresh` interval, and soon
//! after a token names a key id the cache does not hold (a rotation), with a configured minimum
//! gap between such fetches.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};
use tokio::sync::Notify;

use super::family::KeyFamily;

/// Where the key set comes from.
#[derive(Clone, Debug)]
pub enum JwksSource {
    /// A local file.
    File(std::path::PathBuf),
    /// An `http://` or `https://` URL.
    Url(String),
}

impl JwksSource {
    /// A URL when `value` starts with `http://` or `https://`, else a file path.
    pub fn parse(value: &str) -> Self {
        if value.starts_with("https://") || value.starts_with("http://") {
            JwksSource::Url(value.to_owned())
        } else {
            JwksSource::File(value.into())
        }
    }
}

/// The cached keys.
pub struct Jwks {
    source: JwksSource,
    keys: RwLock<HashMap<String, (DecodingKey, KeyFamily)>>,
    wanted: Notify,
    min_refetch: Duration,
}

impl Jwks {
    /// An empty cache for `source` (call [`Jwks::refresh`] before use).
    pub fn new(source: JwksSource, min_refetch: Duration) -> Self {
        Jwks {
            source,
            keys: RwLock::new(HashMap::new()),
            wanted: Notify::new(),
            min_refetch,
        }
    }

    /// The key with this id, if cached; asks for a refresh when it is not.
    pub fn key(&self, kid: &str) -> Option<(DecodingKey, KeyFamily)> {
        let found = self
            .keys
            .read()
            .ok()
            .and_then(|keys| keys.get(kid).cloned());
        if found.is_none() {
            self.wanted.notify_one();
        }
        found
    }

    /// Fetches the set now and replaces the cache; the cache is kept when the fetch fails.
    pub async fn refresh(&self) -> anyhow::Result<usize> {
        let text = match &self.source {
            JwksSource::File(path) => tokio::fs::read_to_string(path)
                .await
                .with_context(|| format!("reading JWKS file {}", path.display()))?,
            JwksSource::Url(url) => {
                reqwest::Client::builder()
                    .timeout(Duration::from_secs(10))
                    .build()?
                    .get(url)
                    .send()
                    .await
                    .and_then(reqwest::Response::error_for_status)
                    .with_context(|| format!("fetching JWKS {url}"))?
                    .text()
                    .await?
            }
        };
        let keys = parse(&text)?;
        let count = keys.len();
        if let Ok(mut cache) = self.keys.write() {
            *cache = keys;
        }
        Ok(count)
    }

    /// Refreshes every `every`, and when a token names an unknown key (not more often than the
    /// minimum gap), for as long as the process runs.
    pub fn spawn_refresh(self: &Arc<Self>, every: Duration) {
        let jwks = Arc::clone(self);
        tokio::spawn(async move {
            let mut last = Instant::now();
            loop {
                tokio::select! {
                    () = tokio::time::sleep(every) => {}
                    () = jwks.wanted.notified() => {
                        let since = last.elapsed();
                        if since < jwks.min_refetch {
                            tokio::time::sleep(jwks.min_refetch - since).await;
                        }
                    }
                }
                last = Instant::now();
                match jwks.refresh().await {
                    Ok(count) => tracing::info!(keys = count, "JWKS refreshed"),
                    Err(err) => {
                        tracing::warn!(error = %err, "JWKS refresh failed; keeping the cached keys")
                    }
                }
            }
        });
    }
}

/// The RSA and EC keys of a JWKS document that carry a key id (symmetric keys are ignored: they
/// have no place in a published key set).
fn parse(text: &str) -> anyhow::Result<HashMap<String, (DecodingKey, KeyFamily)>> {
    let set: JwkSet = serde_json::from_str(text).context("the JWKS is not a JSON Web Key Set")?;
    let mut keys = HashMap::new();
    for jwk in &set.keys {
        let family = match &jwk.algorithm {
            AlgorithmParameters::RSA(_) => KeyFamily::Rsa,
            AlgorithmParameters::EllipticCurve(_) => KeyFamily::Ec,
            _ => continue,
        };
        let Some(kid) = jwk.common.key_id.clone() else {
            continue;
        };
        let key = DecodingKey::from_jwk(jwk).with_context(|| format!("JWKS key {kid}"))?;
        keys.insert(kid, (key, family));
    }
    if keys.is_empty() {
        bail!("the JWKS holds no RSA or EC key with a key id");
    }
    Ok(keys)
}
