//! Applying the document limits of [`super::document`] and the no-NUL rule of
//! [`super::strings`] before async-graphql's own (fragment-expanding) checks run.
//!
//! Invariants: [`prepare`] parses and checks an HTTP request's document longer than 2 KiB on the
//! blocking pool under a deadline, so no document holds a runtime worker for longer than a short
//! one takes to parse; the [`DocumentLimits`] extension
//! applies the same checks to every operation that reaches the schema, HTTP and WebSocket alike
//! (for HTTP it finds the document parsed and repeats only the linear check).

use std::sync::Arc;
use std::time::Duration;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::{ErrorExtensionValues, Request, ServerError, ServerResult};

use super::{document, strings};

/// Installs [`DocumentLimitsExtension`] on a schema.
pub struct DocumentLimits {
    /// Deepest nesting accepted (introspection excepted).
    pub max_depth: usize,
}

impl ExtensionFactory for DocumentLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(DocumentLimitsExtension {
            max_depth: self.max_depth,
        })
    }
}

/// Refuses a document over the limits before it is validated.
pub struct DocumentLimitsExtension {
    max_depth: usize,
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
        let document = request.parsed_query()?;
        document::check(document, self.max_depth)
            .map_err(|refusal| ServerError::new(refusal.message(), None))?;
        let nul = strings::nul_in(document, &variables);
        request.variables = variables;
        if let Some(field) = nul {
            let mut error =
                ServerError::new(format!("{field}: must not contain the NUL character"), None);
            let mut extensions = ErrorExtensionValues::default();
            extensions.set("code", "BAD_USER_INPUT");
            extensions.set("field", field);
            error.extensions = Some(extensions);
            return Err(error);
        }
        next.run(ctx, request).await
    }
}

/// Longest the parse and document check of one request may take on the blocking pool.
pub const PREPARE_DEADLINE: Duration = Duration::from_secs(2);

/// A request ready to execute, or the answer that refuses it.
pub enum Prepared {
    /// Parsed (when it parses) and within the document limits.
    Ready(async_graphql::Request),
    /// Refused before validation; no resolver ran.
    Refused(async_graphql::Response),
}

/// Longest document parsed and checked on the runtime's worker; longer ones go to the blocking
/// pool. Both steps take time linear in the document's length, so this bounds what one request
/// can hold a worker for, without paying a thread hop for the short documents clients send.
pub const INLINE_DOCUMENT_BYTES: usize = 2048;

/// Parses the document and checks its limits — on the blocking pool, under
/// [`PREPARE_DEADLINE`], when it is longer than [`INLINE_DOCUMENT_BYTES`], so a document built
/// to be expensive never occupies a runtime worker; a shorter one is left to the extension. The
/// parsed document travels with the request; nothing parses it again.
pub async fn prepare(mut request: async_graphql::Request) -> Prepared {
    if request.query.len() <= INLINE_DOCUMENT_BYTES {
        return Prepared::Ready(request);
    }
    let task = tokio::task::spawn_blocking(move || {
        let refusal = match request.parsed_query() {
            Ok(document) => document::check(document, super::MAX_DEPTH).err(),
            // The schema reports the parse error with its position.
            Err(_) => None,
        };
        (request, refusal)
    });
    let refused = |message: String| {
        Prepared::Refused(async_graphql::Response::from_errors(vec![
            async_graphql::ServerError::new(message, None),
        ]))
    };
    match tokio::time::timeout(PREPARE_DEADLINE, task).await {
        Ok(Ok((request, None))) => Prepared::Ready(request),
        Ok(Ok((_, Some(refusal)))) => refused(refusal.message()),
        Ok(Err(err)) => {
            tracing::error!(error = %err, "document check failed");
            refused("Query could not be checked.".to_owned())
        }
        Err(_) => refused("Query is too large: it took too long to check.".to_owned()),
    }
}
