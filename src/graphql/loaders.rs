//! Per-request DataLoaders: nested fields (`referral.child`, `referral.authority`, …) are
//! fetched in one scoped query per level instead of one query per row.
//!
//! Invariant: loaders are built for one request from that request's Scope and never cached
//! across requests, so a batch can only ever contain rows the caller may see.

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use uuid::Uuid;

use crate::auth::Scope;
use crate::authorities::model::Authority;
use crate::children::model::Child;
use crate::db::Db;
use crate::error::AppError;
use crate::{authorities, children};

/// The loaders of one request.
pub struct Loaders {
    /// Children by id.
    pub children: DataLoader<ChildLoader>,
    /// Authorities by id.
    pub authorities: DataLoader<AuthorityLoader>,
}

impl Loaders {
    /// Loaders bound to the caller's scope.
    pub fn new(db: &Db, scope: Scope) -> Self {
        Loaders {
            children: DataLoader::new(
                ChildLoader {
                    db: db.clone(),
                    scope,
                },
                tokio::spawn,
            ),
            authorities: DataLoader::new(
                AuthorityLoader {
                    db: db.clone(),
                    scope,
                },
                tokio::spawn,
            ),
        }
    }
}

impl Loaders {
    /// A child the caller may see, or `NOT_FOUND`.
    pub async fn child(&self, id: Uuid) -> Result<Child, AppError> {
        self.children
            .load_one(id)
            .await?
            .ok_or(AppError::not_found("Child"))
    }

    /// An authority the caller may see, if any.
    pub async fn authority(&self, id: Uuid) -> Result<Option<Authority>, AppError> {
        Ok(self.authorities.load_one(id).await?)
    }
}

/// A failed batch load; the cause is logged where it happens.
#[derive(Clone, Debug)]
pub struct LoadFailed;

impl From<LoadFailed> for AppError {
    fn from(_: LoadFailed) -> Self {
        AppError::Internal(anyhow::anyhow!("batch load failed"))
    }
}

fn logged(err: AppError) -> LoadFailed {
    tracing::error!(error = ?err, "batch load failed");
    LoadFailed
}

/// Loads children through the scoped store.
pub struct ChildLoader {
    db: Db,
    scope: Scope,
}

impl Loader<Uuid> for ChildLoader {
    type Value = Child;
    type Error = LoadFailed;

    async fn load(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, Child>, LoadFailed> {
        let rows = children::store::find_many(self.db.conn(), self.scope, ids)
            .await
            .map_err(logged)?;
        Ok(rows.into_iter().map(|child| (child.id, child)).collect())
    }
}

/// Loads authorities through the scoped store.
pub struct AuthorityLoader {
    db: Db,
    scope: Scope,
}

impl Loader<Uuid> for AuthorityLoader {
    type Value = Authority;
    type Error = LoadFailed;

    async fn load(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, Authority>, LoadFailed> {
        let rows = authorities::store::find_many(self.db.conn(), self.scope, ids)
            .await
            .map_err(logged)?;
        Ok(rows
            .into_iter()
            .map(|authority| (authority.id, authority))
            .collect())
    }
}
