//! The JWT claims the service reads.

use serde::{Deserialize, Serialize};

/// The claims of a permanence bearer token (see README, "Roles and claims").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// User or client id.
    pub sub: String,
    /// One of `AGENCY_ADMIN`, `AGENCY_STAFF`, `LA_STAFF`, `LA_READONLY`.
    pub role: String,
    /// DfE LA number of the caller's authority (LA roles). A JSON string or number.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "string_or_number"
    )]
    pub authority: Option<String>,
    /// Expiry, seconds since the epoch.
    pub exp: u64,
    /// Issued at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<u64>,
    /// Issuer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Audience: a string or a list of strings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<serde_json::Value>,
}

fn string_or_number<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Number(u64),
    }
    Ok(
        Option::<Raw>::deserialize(deserializer)?.map(|raw| match raw {
            Raw::Text(text) => text,
            Raw::Number(number) => number.to_string(),
        }),
    )
}
