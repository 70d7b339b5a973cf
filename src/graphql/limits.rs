//! The document limits of [`super::document`] and the no-NUL rule of [`super::strings`] as an
//! async-graphql extension, so every way an
//! operation reaches the schema — HTTP and WebSocket alike — is checked before async-graphql's
//! own (fragment-expanding) checks run.
//!
//! The HTTP handler parses and checks the document on the blocking pool first (see
//! `handler::prepare`); this extension then finds it parsed and repeats only the linear check.

use std::sync::Arc;

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
        let variables = request.variables.clone();
        let document = request.parsed_query()?;
        document::check(document, self.max_depth)
            .map_err(|refusal| ServerError::new(refusal.message(), None))?;
        if let Some(field) = strings::nul_in(document, &variables) {
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
