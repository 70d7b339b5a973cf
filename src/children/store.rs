//! Queries on `children`. Every function takes the caller's Scope and filters by
//! `authority_id` in SQL.

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use super::model::{Child, ChildDetails, Ethnicity, LegalStatus, Sex};
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::{Actor, Scope};
use crate::codes::stored;
use crate::entities::children::{ActiveModel, Column, Entity, Model};
use crate::error::{AppError, AppResult};
use crate::paging::{Page, PageRequest, fetch_page};
use crate::scoped::Scoped;
use crate::versioned::update_at_version;

/// GraphQL type name, used in audit events and NOT_FOUND errors.
pub const ENTITY: &str = "Child";

/// The children the scope may see, in creation order.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    page: PageRequest,
) -> AppResult<Page<Child>> {
    let select = Entity::find_visible(scope);
    fetch_page(conn, select, Column::Id, page)
        .await?
        .try_map(into_child)
}

/// One child, if the scope may see it.
pub async fn find<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: Uuid,
) -> AppResult<Option<Child>> {
    Entity::find_by_id(id)
        .filter(Entity::visible_to(scope))
        .one(conn)
        .await?
        .map(into_child)
        .transpose()
}

/// The children with these ids that the scope may see (missing and out-of-scope ids are absent).
pub async fn find_many<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    ids: &[Uuid],
) -> AppResult<Vec<Child>> {
    Entity::find_visible(scope)
        .filter(Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(into_child)
        .collect()
}

/// The child with this LA reference in the scope's own authority.
pub async fn find_by_reference<C: ConnectionTrait>(
    conn: &C,
    authority_id: Uuid,
    la_reference: &str,
) -> AppResult<Option<Child>> {
    Entity::find()
        .filter(Column::AuthorityId.eq(authority_id))
        .filter(Column::LaReference.eq(la_reference))
        .one(conn)
        .await?
        .map(into_child)
        .transpose()
}

/// Creates the child with these details in the actor's authority, or brings the existing
/// child with the same LA reference up to date with them. Runs inside the caller's transaction
/// and writes the audit event there.
pub async fn upsert<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    details: ChildDetails,
) -> AppResult<Child> {
    let authority_id = actor
        .scope()
        .authority_id()
        .ok_or_else(|| AppError::forbidden("only a local authority records its children"))?;
    let now = Utc::now();
    match find_by_reference(txn, authority_id, &details.la_reference).await? {
        None => {
            let row = Model {
                id: Uuid::now_v7(),
                authority_id,
                la_reference: details.la_reference.clone(),
                given_names: details.given_names.clone(),
                family_name: details.family_name.clone(),
                sex: details.sex.as_str().to_owned(),
                date_of_birth: details.date_of_birth,
                expected_date_of_birth: details.expected_date_of_birth,
                ethnicity: details.ethnicity.as_str().to_owned(),
                legal_status: details.legal_status.map(|s| s.as_str().to_owned()),
                entered_care_on: details.entered_care_on,
                sibling_group: details.sibling_group.clone(),
                version: 1,
                created_at: now,
                updated_at: now,
            };
            Entity::insert(ActiveModel::from(row.clone()))
                .exec_without_returning(txn)
                .await?;
            audit::record(
                txn,
                actor,
                AuditEntry {
                    authority_id: Some(authority_id),
                    action: "child.created",
                    entity_type: ENTITY,
                    entity_id: row.id,
                    changes: Changes::created(&details),
                },
            )
            .await?;
            into_child(row)
        }
        Some(existing) => {
            if existing.details == details {
                return Ok(existing);
            }
            rewrite(txn, actor, &existing, &details, "child.updated").await?;
            find(txn, actor.scope(), existing.id)
                .await?
                .ok_or(AppError::not_found(ENTITY))
        }
    }
}

/// Writes `details` over `existing` at its version inside the caller's transaction, with the
/// audit event `action` listing what changed.
pub(super) async fn rewrite<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    existing: &Child,
    details: &ChildDetails,
    action: &'static str,
) -> AppResult<()> {
    let changes = diff(&existing.details, details).field(
        "version",
        &json!(existing.version),
        &json!(existing.version + 1),
    );
    let row = ActiveModel {
        la_reference: Set(details.la_reference.clone()),
        given_names: Set(details.given_names.clone()),
        family_name: Set(details.family_name.clone()),
        sex: Set(details.sex.as_str().to_owned()),
        date_of_birth: Set(details.date_of_birth),
        expected_date_of_birth: Set(details.expected_date_of_birth),
        ethnicity: Set(details.ethnicity.as_str().to_owned()),
        legal_status: Set(details.legal_status.map(|s| s.as_str().to_owned())),
        entered_care_on: Set(details.entered_care_on),
        sibling_group: Set(details.sibling_group.clone()),
        version: Set(existing.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let filter = Condition::all()
        .add(Column::Id.eq(existing.id))
        .add(Column::AuthorityId.eq(existing.authority_id));
    update_at_version::<Entity, _>(txn, row, filter, Column::Version, existing.version).await?;
    audit::record(
        txn,
        actor,
        AuditEntry {
            authority_id: Some(existing.authority_id),
            action,
            entity_type: ENTITY,
            entity_id: existing.id,
            changes,
        },
    )
    .await
}

/// Sets the child's SSDA903 legal status inside the caller's transaction (a court order
/// changes it), with its audit event. No-op when it is already that.
pub async fn set_legal_status<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Uuid,
    status: LegalStatus,
) -> AppResult<()> {
    let scope = actor.scope();
    let before = find(txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    if before.details.legal_status == Some(status) {
        return Ok(());
    }
    let row = ActiveModel {
        legal_status: Set(Some(status.as_str().to_owned())),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let filter = Entity::visible_to(scope).add(Column::Id.eq(id));
    update_at_version::<Entity, _>(txn, row, filter, Column::Version, before.version).await?;
    let changes = Changes::new()
        .field("legalStatus", &before.details.legal_status, &Some(status))
        .field(
            "version",
            &json!(before.version),
            &json!(before.version + 1),
        );
    audit::record(
        txn,
        actor,
        AuditEntry {
            authority_id: Some(before.authority_id),
            action: "child.legal_status_changed",
            entity_type: ENTITY,
            entity_id: id,
            changes,
        },
    )
    .await
}

fn diff(before: &ChildDetails, after: &ChildDetails) -> Changes {
    Changes::new()
        .field("laReference", &before.la_reference, &after.la_reference)
        .field("givenNames", &before.given_names, &after.given_names)
        .field("familyName", &before.family_name, &after.family_name)
        .field("sex", &before.sex, &after.sex)
        .field("dateOfBirth", &before.date_of_birth, &after.date_of_birth)
        .field(
            "expectedDateOfBirth",
            &before.expected_date_of_birth,
            &after.expected_date_of_birth,
        )
        .field("ethnicity", &before.ethnicity, &after.ethnicity)
        .field("legalStatus", &before.legal_status, &after.legal_status)
        .field(
            "enteredCareOn",
            &before.entered_care_on,
            &after.entered_care_on,
        )
        .field("siblingGroup", &before.sibling_group, &after.sibling_group)
}

fn into_child(row: Model) -> AppResult<Child> {
    Ok(Child {
        id: row.id,
        authority_id: row.authority_id,
        details: ChildDetails {
            la_reference: row.la_reference,
            given_names: row.given_names,
            family_name: row.family_name,
            sex: stored(&row.sex, Sex::parse, "sex")?,
            date_of_birth: row.date_of_birth,
            expected_date_of_birth: row.expected_date_of_birth,
            ethnicity: stored(&row.ethnicity, Ethnicity::parse, "ethnicity")?,
            legal_status: row
                .legal_status
                .as_deref()
                .map(|code| stored(code, LegalStatus::parse, "legal status"))
                .transpose()?,
            entered_care_on: row.entered_care_on,
            sibling_group: row.sibling_group,
        },
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}
