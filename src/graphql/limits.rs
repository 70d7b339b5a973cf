//! Applying the document limits of [`super::document`] and the no-NUL rule of
//! [`super::strings`] before async-graphql's own (fragment-expanding) checks run.
//!
//! Invariants: [`prepare`] parses an HTTP request's document longer than 2 KiB on the blocking
//! pool under a deadline, so no document holds a runtime worker for longer than a short one
//! takes to parse; the [`DocumentLimits`] extension checks the limits, once, for every operation
//! that reaches the schema, HTTP and WebSocket alike, in time linear in the document.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest, NextValidation,
};
use async_graphql::{ErrorExtensionValues, Request, ServerError, ServerResult, ValidationResult};

use super::document::{self, Refusal};
use super::strings;
use crate::observability::metrics::Limit;

/// Installs [`DocumentLimitsExtension`] on a schema.
pub struct DocumentLimits {
    /// Deepest nesting accepted (introspection excepted).
    pub max_depth: usize,
    /// Largest complexity accepted, as async-graphql computes it while validating.
    pub max_complexity: usize,
}

impl ExtensionFactory for DocumentLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(DocumentLimitsExtension {
            max_depth: self.max_depth,
            max_complexity: self.max_complexity,
        })
    }
}

/// Refuses a document over the limits before it is validated, and one whose validated
/// complexity is over the limit after.
pub struct DocumentLimitsExtension {
    max_depth: usize,
    max_complexity: usize,
}

/// `error` with `extensions.code` set to `code` and each of `more` (name, value) set too.
fn coded(mut error: ServerError, code: &str, more: &[(&str, &str)]) -> ServerError {
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code);
    for (name, value) in more {
        extensions.set(*name, *value);
    }
    error.extensions = Some(extensions);
    error
}

/// A request error refusing the document, with `extensions.code` and, when a limit refused it,
/// `extensions.limit` naming the limit (the metrics count refusals by it).
pub fn refusal_error(message: impl Into<String>, limit: Option<Limit>) -> ServerError {
    let error = ServerError::new(message, None);
    match limit {
        Some(limit) => coded(
            error,
            "GRAPHQL_VALIDATION_FAILED",
            &[("limit", limit.as_str())],
        ),
        None => coded(error, "GRAPHQL_VALIDATION_FAILED", &[]),
    }
}

/// The limit behind a refusal, if a limit refused it (a fragment cycle is a validation error).
fn limit_of(refusal: &Refusal) -> Option<Limit> {
    match refusal {
        Refusal::TooLarge(_) => Some(Limit::DocumentSize),
        Refusal::TooComplex => Some(Limit::Complexity),
        Refusal::TooDeep => Some(Limit::Depth),
        Refusal::FragmentCycle(_) => None,
    }
}

#[async_trait::async_trait]
impl Extension for DocumentLimitsExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        // Taken out for the check and put back, so the document and the variables can be read
        // together without copying either.
        let variables = std::mem::take(&mut request.variables);
        let document = request
            .parsed_query()
            .map_err(|error| coded(error, "GRAPHQL_PARSE_FAILED", &[]))?;
        document::check(document, self.max_depth)
            .map_err(|refusal| refusal_error(refusal.message(), limit_of(&refusal)))?;
        let nul = strings::nul_in(document, &variables);
        request.variables = variables;
        if let Some(field) = nul {
            let error =
                ServerError::new(format!("{field}: must not contain the NUL character"), None);
            return Err(coded(error, "BAD_USER_INPUT", &[("field", field.as_str())]));
        }
        next.run(ctx, request).await
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        if result.complexity > self.max_complexity {
            return Err(vec![refusal_error(
                Refusal::TooComplex.message(),
                Some(Limit::Complexity),
            )]);
        }
        Ok(result)
    }
}

/// Longest the parse of one request's document may take on the blocking pool.
pub const PREPARE_DEADLINE: Duration = Duration::from_secs(2);

/// A request ready to execute, or the answer that refuses it.
pub enum Prepared {
    /// Parsed, when it is long and parses; the extension checks its limits.
    Ready(async_graphql::Request),
    /// Refused before validation; no resolver ran.
    Refused(async_graphql::Response),
}

/// Longest document parsed on the runtime's worker; longer ones are parsed on the blocking
/// pool. Parsing takes time linear in the document's length (the parser bounds its nesting), so
/// this bounds what one request can hold a worker for, without paying a thread hop for the
/// short documents clients send.
pub const INLINE_DOCUMENT_BYTES: usize = 2048;

/// Parses a document longer than [`INLINE_DOCUMENT_BYTES`] on the blocking pool, under
/// [`PREPARE_DEADLINE`], so a document built to be expensive to read never occupies a runtime
/// worker; a shorter one is parsed where it runs. The parsed document travels with the request,
/// so nothing parses it again, and the [`DocumentLimits`] extension then checks it once.
pub async fn prepare(mut request: async_graphql::Request) -> Prepared {
    if request.query.len() <= INLINE_DOCUMENT_BYTES {
        return Prepared::Ready(request);
    }
    let task = tokio::task::spawn_blocking(move || {
        // A parse error is reported by the schema, with its position.
        let _ = request.parsed_query();
        request
    });
    let refused = |message: &str, limit| {
        Prepared::Refused(async_graphql::Response::from_errors(vec![refusal_error(
            message, limit,
        )]))
    };
    match tokio::time::timeout(PREPARE_DEADLINE, task).await {
        Ok(Ok(request)) => Prepared::Ready(request),
        Ok(Err(err)) => {
            tracing::error!(error = %err, "parsing a document failed");
            refused("Query could not be read.", None)
        }
        Err(_) => refused(
            "Query is too large: it took too long to read.",
            Some(Limit::DocumentSize),
        ),
    }
}
