//! The only way resolvers reach request data: the verified [`Actor`] and the database.

use async_graphql::Context;

use super::loaders::Loaders;
use crate::auth::{Actor, Scope};
use crate::db::Db;
use crate::error::{AppError, AppResult};

/// Typed accessors on the resolver context; each fails closed with a typed error.
pub trait ContextExt {
    /// The caller; `UNAUTHENTICATED` if the request carried none.
    fn actor(&self) -> AppResult<&Actor>;
    /// The caller's scope.
    fn scope(&self) -> AppResult<Scope> {
        Ok(self.actor()?.scope())
    }
    /// The database.
    fn db(&self) -> AppResult<&Db>;
    /// This request's DataLoaders.
    fn loaders(&self) -> AppResult<&Loaders>;
}

impl ContextExt for Context<'_> {
    fn actor(&self) -> AppResult<&Actor> {
        self.data_opt::<Actor>().ok_or(AppError::Unauthenticated)
    }

    fn db(&self) -> AppResult<&Db> {
        self.data_opt::<Db>()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("schema built without a database")))
    }

    fn loaders(&self) -> AppResult<&Loaders> {
        self.data_opt::<Loaders>()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("request built without loaders")))
    }
}
