//! Queries on `adoption_decisions`, scoped by the child's authority; recording and reversing a
//! decision, each in one transaction with its audit event.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use super::model::{AdoptionDecision, ReversalReason};
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::{Actor, Scope};
use crate::children::store as children;
use crate::codes::stored;
use crate::db::Db;
use crate::entities::adoption_decisions::{ActiveModel, Column, Entity, Model};
use crate::error::{AppError, AppResult};
use crate::placements::store as placements;
use crate::scoped::Scoped;
use crate::types::ids::ChildId;
use crate::versioned::update_at_version;

/// GraphQL type name, used in audit events and NOT_FOUND errors.
pub const ENTITY: &str = "AdoptionDecision";

/// The child's decisions the scope may see, oldest first (a child has very few).
pub async fn for_child<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    child_id: Uuid,
) -> AppResult<Vec<AdoptionDecision>> {
    for_children(conn, scope, &[child_id]).await
}

/// The decisions of these children the scope may see, oldest first.
pub async fn for_children<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    child_ids: &[Uuid],
) -> AppResult<Vec<AdoptionDecision>> {
    if child_ids.is_empty() {
        return Ok(Vec::new());
    }
    Entity::find_visible(scope)
        .filter(Column::ChildId.is_in(child_ids.iter().copied()))
        .order_by_asc(Column::DecidedOn)
        .order_by_asc(Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(into_decision)
        .collect()
}

/// The decision in force (not reversed) for the child, if any.
pub async fn in_force_for<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    child_id: Uuid,
) -> AppResult<Option<AdoptionDecision>> {
    Ok(for_child(conn, scope, child_id)
        .await?
        .into_iter()
        .find(|d| d.reversed_on.is_none()))
}

/// One decision, if the scope may see it.
pub async fn find<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: Uuid,
) -> AppResult<Option<AdoptionDecision>> {
    Entity::find_by_id(id)
        .filter(Entity::visible_to(scope))
        .one(conn)
        .await?
        .map(into_decision)
        .transpose()
}

/// Records that a child in the scope should be placed for adoption.
pub async fn record(
    db: &Db,
    actor: &Actor,
    child_id: Uuid,
    decided_on: NaiveDate,
) -> AppResult<AdoptionDecision> {
    let field = "input.decidedOn";
    if decided_on > crate::dates::today_uk() {
        return Err(AppError::invalid(field, "must not be in the future"));
    }
    let scope = actor.scope();
    let txn = db.begin_write().await?;
    let child = children::find(&*txn, scope, child_id)
        .await?
        .ok_or(AppError::not_found("Child"))?;
    let Some(entered_care_on) = child.details.entered_care_on else {
        return Err(AppError::invalid(
            field,
            "record the date the child entered care first (SSDA903 rule 1003)",
        ));
    };
    if decided_on < entered_care_on {
        return Err(AppError::invalid(
            field,
            "must not be before the date the child entered care (SSDA903 rule 1003)",
        ));
    }
    if child
        .details
        .date_of_birth
        .is_none_or(|born| decided_on < born)
    {
        return Err(AppError::invalid(
            field,
            "must not be before the child's date of birth (SSDA903 rule 184)",
        ));
    }
    let earlier = for_child(&*txn, scope, child_id).await?;
    if earlier.iter().any(|d| d.reversed_on.is_none()) {
        return Err(AppError::conflict(
            "the child already has a decision in force; reverse it first (SSDA903 rule 579)",
        ));
    }
    if earlier
        .iter()
        .filter_map(|d| d.reversed_on)
        .any(|reversed| decided_on < reversed)
    {
        return Err(AppError::invalid(
            field,
            "must not be before the earlier decision was reversed (SSDA903 rule 583)",
        ));
    }
    let now = Utc::now();
    let row = Model {
        id: Uuid::now_v7(),
        authority_id: child.authority_id,
        child_id,
        decided_on,
        reversed_on: None,
        reversal_reason: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    Entity::insert(ActiveModel::from(row.clone()))
        .exec_without_returning(&*txn)
        .await?;
    let decision = into_decision(row)?;
    audit::record(
        &*txn,
        actor,
        entry(
            &decision,
            "adoption_decision.recorded",
            Changes::created(&decision),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(decision)
}

/// Records, at the version the caller read, that the child should no longer be placed for
/// adoption.
pub async fn reverse(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    reversed_on: NaiveDate,
    reason: ReversalReason,
) -> AppResult<AdoptionDecision> {
    let scope = actor.scope();
    let txn = db.begin_write().await?;
    let before = find(&*txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    if before.version != version {
        return Err(AppError::stale_version(before.version));
    }
    if before.reversed_on.is_some() {
        return Err(AppError::conflict("the decision has already been reversed"));
    }
    if reversed_on < before.decided_on || reversed_on > crate::dates::today_uk() {
        return Err(AppError::invalid(
            "input.reversedOn",
            "must be between the decision date and today",
        ));
    }
    let adopted = placements::adopted_of_child(&*txn, scope, ChildId(before.child_id)).await?;
    if adopted.is_some() {
        return Err(AppError::conflict(
            "the child has been adopted; the decision cannot be reversed (SSDA903 rule 525)",
        ));
    }
    let row = ActiveModel {
        reversed_on: Set(Some(reversed_on)),
        reversal_reason: Set(Some(reason.as_str().to_owned())),
        version: Set(version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let filter = Entity::visible_to(scope).add(Column::Id.eq(id));
    update_at_version::<Entity, _>(&*txn, row, filter, Column::Version, version).await?;
    let changes = Changes::new()
        .field("reversedOn", &before.reversed_on, &Some(reversed_on))
        .field("reversalReason", &before.reversal_reason, &Some(reason))
        .field("version", &json!(version), &json!(version + 1));
    audit::record(
        &*txn,
        actor,
        entry(&before, "adoption_decision.reversed", changes),
    )
    .await?;
    let after = find(&*txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    txn.commit().await?;
    Ok(after)
}

fn entry(decision: &AdoptionDecision, action: &'static str, changes: Changes) -> AuditEntry {
    AuditEntry {
        authority_id: Some(decision.authority_id),
        action,
        entity_type: ENTITY,
        entity_id: decision.id,
        changes,
    }
}

fn into_decision(row: Model) -> AppResult<AdoptionDecision> {
    Ok(AdoptionDecision {
        id: row.id,
        authority_id: row.authority_id,
        child_id: row.child_id,
        decided_on: row.decided_on,
        reversed_on: row.reversed_on,
        reversal_reason: row
            .reversal_reason
            .as_deref()
            .map(|code| stored(code, ReversalReason::parse, "reversal reason"))
            .transpose()?,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}
