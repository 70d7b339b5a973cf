//! Authority types and input rules.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::code_enum;
use crate::error::{AppError, AppResult};
use crate::text::{optional_text, required_text};

code_enum! {
    /// How an authority buys placements from the programme.
    pub enum Partnership {
        /// A partner authority that refers routinely.
        Partner = "PARTNER",
        /// An authority buying a single placement; referrals need a purchase-order reference.
        SpotPurchase = "SPOT_PURCHASE",
    }
}

/// A local authority.
#[derive(Clone, Debug, Serialize)]
pub struct Authority {
    /// Internal id.
    pub id: Uuid,
    /// DfE LA number, e.g. `206` (Islington).
    pub code: String,
    /// Name, e.g. `Islington`.
    pub name: String,
    /// Partner or spot purchase.
    pub partnership: Partnership,
    /// Whether the authority's users may sign in.
    pub active: bool,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// When the record was created.
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}

/// A validated new authority.
#[derive(Clone, Debug, Serialize)]
pub struct NewAuthority {
    /// DfE LA number.
    pub code: String,
    /// Name.
    pub name: String,
    /// Partner or spot purchase.
    pub partnership: Partnership,
}

impl NewAuthority {
    /// Validates the fields; `field` names follow the GraphQL input.
    pub fn parse(code: &str, name: &str, partnership: Partnership) -> AppResult<Self> {
        Ok(NewAuthority {
            code: parse_code(code, "input.code")?,
            name: required_text(name, 100, "input.name")?,
            partnership,
        })
    }
}

/// A validated change to an authority (absent fields stay as they are).
#[derive(Clone, Debug, Default)]
pub struct AuthorityPatch {
    /// New name.
    pub name: Option<String>,
    /// New partnership.
    pub partnership: Option<Partnership>,
    /// Activate or deactivate.
    pub active: Option<bool>,
}

impl AuthorityPatch {
    /// Validates the fields.
    pub fn parse(
        name: Option<&str>,
        partnership: Option<Partnership>,
        active: Option<bool>,
    ) -> AppResult<Self> {
        let name = match name {
            Some(name) => optional_text(Some(name), 100, "input.name")?
                .ok_or_else(|| AppError::invalid("input.name", "must not be blank"))
                .map(Some)?,
            None => None,
        };
        Ok(AuthorityPatch {
            name,
            partnership,
            active,
        })
    }
}

/// Checks a DfE LA number: exactly three digits.
pub fn parse_code(code: &str, field: &str) -> AppResult<String> {
    let code = code.trim();
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_digit()) {
        Ok(code.to_owned())
    } else {
        Err(AppError::invalid(
            field,
            "must be a three-digit DfE LA number, e.g. 206",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dfe_code_is_three_digits() {
        assert_eq!(parse_code(" 206 ", "code").ok(), Some("206".to_owned()));
        for bad in ["", "20", "2066", "E09", "abc"] {
            assert!(parse_code(bad, "code").is_err(), "{bad:?} accepted");
        }
    }
}
