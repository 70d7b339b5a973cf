//! Audit events: written inside the caller's transaction, read through the caller's scope.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::model::{AuditEntry, AuditEvent};
use crate::auth::{Actor, Role, Scope};
use crate::codes::stored;
use crate::entities::audit_events::{ActiveModel, Column, Entity, Model};
use crate::error::AppResult;
use crate::paging::{Page, PageRequest, fetch_page};
use crate::scoped::Scoped;

/// Writes one event; call it with the transaction that makes the change.
pub async fn record<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    entry: AuditEntry,
) -> AppResult<()> {
    let feed_position = match txn.get_database_backend() {
        // SQLite has one writer at a time (the writer lock), so the next number is the commit
        // order. PostgreSQL's column default is the writing transaction's id.
        DatabaseBackend::Sqlite => {
            let last: Option<Option<i64>> = Entity::find()
                .select_only()
                .column_as(Column::FeedPosition.max(), "last")
                .into_tuple()
                .one(txn)
                .await?;
            Set(Some(last.flatten().unwrap_or(0) + 1))
        }
        _ => NotSet,
    };
    let event = ActiveModel {
        feed_position,
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

/// A position in the change feed: after the event `id` at `position`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeedCursor {
    /// The event's feed position.
    pub position: i64,
    /// The event's id (orders events of one transaction).
    pub id: Uuid,
}

/// Up to `first` events the scope may see after `after`, in commit order, with each one's
/// cursor, and whether more are ready. On PostgreSQL only events of transactions older than
/// every transaction still running are returned (`pg_snapshot_xmin`), so an event committed
/// late by a transaction that began earlier can never fall behind a cursor already handed out.
pub async fn feed<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    after: Option<FeedCursor>,
    first: u64,
) -> AppResult<(Vec<(FeedCursor, AuditEvent)>, bool)> {
    let mut condition = in_feed(conn, scope);
    if let Some(after) = after {
        condition = condition.add(
            Condition::any()
                .add(Column::FeedPosition.gt(after.position))
                .add(
                    Condition::all()
                        .add(Column::FeedPosition.eq(after.position))
                        .add(Column::Id.gt(after.id)),
                ),
        );
    }
    let rows = Entity::find()
        .filter(condition)
        .order_by_asc(Column::FeedPosition)
        .order_by_asc(Column::Id)
        .limit(first + 1)
        .all(conn)
        .await?;
    let more = rows.len() as u64 > first;
    let events = rows
        .into_iter()
        .take(usize::try_from(first).unwrap_or(usize::MAX))
        .map(|row| {
            let cursor = FeedCursor {
                position: row.feed_position.unwrap_or_default(),
                id: row.id,
            };
            into_event(row).map(|event| (cursor, event))
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok((events, more))
}

/// The cursor of the newest event the scope may see in the feed now, if any.
pub async fn feed_end<C: ConnectionTrait>(conn: &C, scope: Scope) -> AppResult<Option<FeedCursor>> {
    let last = Entity::find()
        .filter(in_feed(conn, scope))
        .order_by_desc(Column::FeedPosition)
        .order_by_desc(Column::Id)
        .one(conn)
        .await?;
    Ok(last.map(|row| FeedCursor {
        position: row.feed_position.unwrap_or_default(),
        id: row.id,
    }))
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

/// The scope's events that the feed may show now: on PostgreSQL only those of transactions
/// older than every transaction still running.
fn in_feed<C: ConnectionTrait>(conn: &C, scope: Scope) -> Condition {
    let condition = scoped(scope).add(Column::FeedPosition.is_not_null());
    if conn.get_database_backend() == DatabaseBackend::Postgres {
        return condition.add(Expr::cust(
            "feed_position < pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
        ));
    }
    condition
}

fn scoped(scope: Scope) -> sea_orm::Condition {
    // An LA sees events on its own records only; agency-owned events (null authority) never.
    Entity::visible_to(scope)
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
