//! Queries on `authorities`. Scoped by the authority's own id: an LA sees only itself.

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use super::model::{Authority, AuthorityPatch, NewAuthority, Partnership, parse_code};
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::{Actor, ActorAuthority, Scope};
use crate::codes::stored;
use crate::db::Db;
use crate::entities::authorities::{ActiveModel, Column, Entity, Model};
use crate::error::{AppError, AppResult};
use crate::paging::{Page, PageRequest, fetch_page};
use crate::scoped::Scoped;
use crate::versioned::update_at_version;

const ENTITY: &str = "Authority";

/// The authorities the scope may see, in creation order.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    page: PageRequest,
) -> AppResult<Page<Authority>> {
    let select = Entity::find_visible(scope);
    fetch_page(conn, select, Column::Id, page)
        .await?
        .try_map(into_authority)
}

/// Every authority the scope may see, by code (the agency's per-authority reports).
pub async fn all<C: ConnectionTrait>(conn: &C, scope: Scope) -> AppResult<Vec<Authority>> {
    Entity::find_visible(scope)
        .order_by_asc(Column::Code)
        .all(conn)
        .await?
        .into_iter()
        .map(into_authority)
        .collect()
}

/// One authority by id, if the scope may see it.
pub async fn find<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: Uuid,
) -> AppResult<Option<Authority>> {
    Entity::find_by_id(id)
        .filter(Entity::visible_to(scope))
        .one(conn)
        .await?
        .map(into_authority)
        .transpose()
}

/// The scope a report runs in: `scope`, narrowed to `authority` when one is asked for. An
/// authority the scope cannot see, or that does not exist, is `NOT_FOUND` like a missing one.
pub async fn report_scope<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    authority: Option<Uuid>,
) -> AppResult<Scope> {
    let Some(id) = authority else {
        return Ok(scope);
    };
    find(conn, scope, id)
        .await?
        .ok_or(AppError::not_found("Authority"))?;
    scope.narrow(Some(id))
}

/// The authorities with these ids that the scope may see.
pub async fn find_many<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    ids: &[Uuid],
) -> AppResult<Vec<Authority>> {
    Entity::find_visible(scope)
        .filter(Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(into_authority)
        .collect()
}

/// One authority by DfE code, if the scope may see it.
pub async fn find_by_code<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    code: &str,
) -> AppResult<Option<Authority>> {
    // A code that cannot exist is not looked up (and no odd text reaches the database).
    let Ok(code) = parse_code(code, "code") else {
        return Ok(None);
    };
    Entity::find()
        .filter(Column::Code.eq(code))
        .filter(Entity::visible_to(scope))
        .one(conn)
        .await?
        .map(into_authority)
        .transpose()
}

/// Resolves the `authority` claim of an LA token to an active authority.
///
/// This is the one unscoped read: it runs during authentication, before there is a Scope, and
/// returns only the id and code needed to build one.
pub async fn resolve_for_token<C: ConnectionTrait>(
    conn: &C,
    code: &str,
) -> AppResult<Option<ActorAuthority>> {
    let Ok(code) = parse_code(code, "authority") else {
        return Ok(None);
    };
    Ok(Entity::find()
        .filter(Column::Code.eq(code))
        .filter(Column::Active.eq(true))
        .one(conn)
        .await?
        .map(|row| ActorAuthority {
            id: row.id,
            code: row.code,
        }))
}

/// Creates an authority (agency administrators only; the role is checked by the caller's guard).
pub async fn create(db: &Db, actor: &Actor, new: NewAuthority) -> AppResult<Authority> {
    actor.require_agency("manages authorities")?;
    let txn = db.begin_write().await?;
    if Entity::find()
        .filter(Column::Code.eq(&new.code))
        .one(&*txn)
        .await?
        .is_some()
    {
        return Err(AppError::conflict(format!(
            "authority {} already exists",
            new.code
        )));
    }
    let now = Utc::now();
    let row = Model {
        id: Uuid::now_v7(),
        code: new.code,
        name: new.name,
        partnership: new.partnership.as_str().to_owned(),
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    Entity::insert(ActiveModel::from(row.clone()))
        .exec_without_returning(&*txn)
        .await?;
    let authority = into_authority(row)?;
    audit::record(
        &*txn,
        actor,
        AuditEntry {
            authority_id: None,
            action: "authority.created",
            entity_type: ENTITY,
            entity_id: authority.id,
            changes: Changes::created(&authority),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(authority)
}

/// Changes an authority's name, partnership or active flag, at the version the caller read.
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    patch: AuthorityPatch,
) -> AppResult<Authority> {
    actor.require_agency("manages authorities")?;
    let scope = actor.scope();
    let txn = db.begin_write().await?;
    let before = find(&*txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    if before.version != version {
        return Err(AppError::stale_version(before.version));
    }
    let name = patch.name.unwrap_or_else(|| before.name.clone());
    let partnership = patch.partnership.unwrap_or(before.partnership);
    let active = patch.active.unwrap_or(before.active);
    let changes = Changes::new()
        .field("name", &before.name, &name)
        .field("partnership", &before.partnership, &partnership)
        .field("active", &before.active, &active);
    let now = Utc::now();
    let row = ActiveModel {
        name: Set(name),
        partnership: Set(partnership.as_str().to_owned()),
        active: Set(active),
        version: Set(version + 1),
        updated_at: Set(now),
        ..Default::default()
    };
    let filter = Condition::all().add(Column::Id.eq(id));
    update_at_version::<Entity, _>(&*txn, row, filter, Column::Version, version).await?;
    audit::record(
        &*txn,
        actor,
        AuditEntry {
            authority_id: None,
            action: "authority.updated",
            entity_type: ENTITY,
            entity_id: id,
            changes: changes.field("version", &json!(version), &json!(version + 1)),
        },
    )
    .await?;
    let after = find(&*txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    txn.commit().await?;
    Ok(after)
}

fn into_authority(row: Model) -> AppResult<Authority> {
    Ok(Authority {
        id: row.id,
        code: row.code,
        name: row.name,
        partnership: stored(&row.partnership, Partnership::parse, "partnership")?,
        active: row.active,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}
