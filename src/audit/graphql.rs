//! GraphQL for the audit trail: `auditEvents`.

use async_graphql::{Context, ID, Json, Object};
use chrono::{DateTime, Utc};

use super::model::AuditEvent;
use super::store;
use crate::auth::Role;
use crate::authorities::model::Authority;
use crate::graphql::context::ContextExt;
use crate::graphql::node::{global_id, kinds};
use crate::graphql::pagination::{Conn, connection, page_request};

/// One change to one record.
#[Object]
impl AuditEvent {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        global_id(kinds::AUDIT_EVENT, self.id)
    }
    /// When the change was made.
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.occurred_at
    }
    /// Token subject of whoever made the change.
    async fn actor_sub(&self) -> &str {
        &self.actor_sub
    }
    /// Their role.
    async fn actor_role(&self) -> Role {
        self.actor_role
    }
    /// What happened, e.g. `referral.accepted`.
    async fn action(&self) -> &str {
        &self.action
    }
    /// Type of the changed record, e.g. `Referral`.
    async fn entity_type(&self) -> &str {
        &self.entity_type
    }
    /// Global id of the changed record (usable with `node`).
    async fn entity_id(&self) -> ID {
        global_id(&self.entity_type, self.entity_id)
    }
    /// The authority owning the changed record (none for agency-owned records).
    async fn authority(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Authority>> {
        let Some(id) = self.authority_id else {
            return Ok(None);
        };
        Ok(ctx.loaders()?.authority(id).await?)
    }
    /// Changed fields: `{ "field": { "before": …, "after": … } }`.
    async fn changes(&self) -> Json<serde_json::Value> {
        Json(self.changes.clone())
    }
}

/// Audit queries.
#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// The audit trail, oldest first: all of it for agency roles; events on your own
    /// authority's records for LA roles.
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<AuditEvent>> {
        let page = store::list(
            ctx.db()?.conn(),
            ctx.scope()?,
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |e| e.id))
    }
}
