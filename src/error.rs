//! The one error type of the service, and its single mapping to GraphQL errors.
//!
//! Every failure a client can see is one of these variants and carries an `extensions.code`.
//! `Internal` wraps anything unexpected (database errors included): its detail is logged on the
//! server and the client gets a fixed, generic message — database text never leaves the process.

use async_graphql::ErrorExtensions;

/// Everything that can go wrong while serving a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No valid credentials.
    #[error("authentication required")]
    Unauthenticated,
    /// The caller's role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The record does not exist or is outside the caller's scope (the two look the same).
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    /// The input is wrong; `field` is the input path in GraphQL's own spelling.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// Stale version, invalid state transition or duplicate.
    #[error("{0}")]
    Conflict(String),
    /// The caller sent too many requests; try again after `retry_after_secs`.
    #[error("too many requests: try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// Anything else; the detail is for the server log only.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

/// Shorthand used across the crate.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// A `BAD_USER_INPUT` error naming the offending input field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A `FORBIDDEN` error.
    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden(message.into())
    }

    /// A `CONFLICT` error.
    pub fn conflict(message: impl Into<String>) -> Self {
        AppError::Conflict(message.into())
    }

    /// A `CONFLICT` error for an update made at a version that is no longer current.
    pub fn stale_version(current: i32) -> Self {
        AppError::Conflict(format!(
            "stale version: the record is now at version {current}; read it again"
        ))
    }

    /// A `NOT_FOUND` error for the named kind of record.
    pub fn not_found(entity: &'static str) -> Self {
        AppError::NotFound { entity }
    }

    /// The value of `extensions.code` for this error.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "UNAUTHENTICATED",
            AppError::Forbidden(_) => "FORBIDDEN",
            AppError::NotFound { .. } => "NOT_FOUND",
            AppError::Invalid { .. } => "BAD_USER_INPUT",
            AppError::Conflict(_) => "CONFLICT",
            AppError::RateLimited { .. } => "RATE_LIMITED",
            AppError::Internal(_) => "INTERNAL_SERVER_ERROR",
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        AppError::Internal(err.into())
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        if let AppError::Internal(source) = &err {
            tracing::error!(error = ?source, "internal error");
        }
        let code = err.code();
        let field = match &err {
            AppError::Invalid { field, .. } => Some(field.clone()),
            _ => None,
        };
        async_graphql::Error::new(err.to_string()).extend_with(|_, ext| {
            ext.set("code", code);
            if let Some(field) = &field {
                ext.set("field", field.as_str());
            }
        })
    }
}
