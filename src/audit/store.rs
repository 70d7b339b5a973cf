//! Audit events: written inside the caller's transaction, read through the caller's scope.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::model::{AuditEntry, AuditEvent};
use crate::auth::{Actor, Role, Scope};
use crate::codes::stored;
use crate::entities::audit_events::{ActiveModel, Column, Entity, Model};
use crate::error::AppResult;
use crate::paging::{Page, PageRequest, fetch_page};

/// Writes one event; call it with the transaction that makes the change.
pub async fn record<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    entry: AuditEntry,
) -> AppResult<()> {
    let event = ActiveModel {
        id: Set(Uuid::now_v7()),
        authority_id: Set(entry.authority_id),
        actor_sub: Set(actor.sub.clone()),
        actor_role: Set(actor.role.as_str().to_owned()),
        actor_authority_id: Set(actor.authority().map(|a| a.id)),
        action: Set(entry.action.to_owned()),
        entity_type: Set(entry.entity_type.to_owned()),
        entity_id: Set(entry.entity_id),
        changes: Set(entry.changes.to_json_string()),
        occurred_at: Set(Utc::now()),
    };
    Entity::insert(event).exec_without_returning(txn).await?;
    Ok(())
}

/// A page of the events the scope may see, oldest first.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    page: PageRequest,
) -> AppResult<Page<AuditEvent>> {
    let select = Entity::find().filter(scoped(scope));
    fetch_page(conn, select, Column::Id, page)
        .await?
        .try_map(into_event)
}

/// One event, if the scope may see it.
pub async fn find<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: Uuid,
) -> AppResult<Option<AuditEvent>> {
    Entity::find_by_id(id)
        .filter(scoped(scope))
        .one(conn)
        .await?
        .map(into_event)
        .transpose()
}

fn scoped(scope: Scope) -> sea_orm::Condition {
    // An LA sees events on its own records only; agency-owned events (null authority) never.
    scope.condition(Column::AuthorityId)
}

fn into_event(row: Model) -> AppResult<AuditEvent> {
    Ok(AuditEvent {
        id: row.id,
        authority_id: row.authority_id,
        actor_sub: row.actor_sub,
        actor_role: stored(&row.actor_role, Role::parse, "role")?,
        actor_authority_id: row.actor_authority_id,
        action: row.action,
        entity_type: row.entity_type,
        entity_id: row.entity_id,
        changes: serde_json::from_str(&row.changes).unwrap_or(serde_json::Value::Null),
        occurred_at: row.occurred_at,
    })
}
