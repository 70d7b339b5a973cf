//! Queries on `post_adoption_contact` and `support_work`, scoped by the child's authority.

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::model::{
    PostAdoptionContact, PostAdoptionContactKind, SupportKind, SupportRecipient, SupportWork,
};
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::{Actor, Scope};
use crate::children::store as children;
use crate::codes::stored;
use crate::db::Db;
use crate::entities::{post_adoption_contact as arrangements, support_work as log};
use crate::error::{AppError, AppResult};
use crate::paging::{Page, PageRequest, fetch_page};
use crate::placements::store as placements;
use crate::scoped::Scoped;
use crate::types::ids::ChildId;
use crate::versioned::update_at_version;

/// GraphQL type names.
pub const ARRANGEMENT: &str = "PostAdoptionContact";
/// See [`ARRANGEMENT`].
pub const SUPPORT: &str = "SupportWork";

// ----- post-adoption contact -----

/// The child's arrangements the scope may see.
pub async fn arrangements_for<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    child_id: Uuid,
    page: PageRequest,
) -> AppResult<Page<PostAdoptionContact>> {
    let condition =
        arrangements::Entity::visible_to(scope).add(arrangements::Column::ChildId.eq(child_id));
    fetch_page(
        conn,
        arrangements::Entity::find().filter(condition),
        arrangements::Column::Id,
        page,
    )
    .await?
    .try_map(into_arrangement)
}

/// One arrangement, if the scope may see it.
pub async fn find_arrangement<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: Uuid,
) -> AppResult<Option<PostAdoptionContact>> {
    arrangements::Entity::find_by_id(id)
        .filter(arrangements::Entity::visible_to(scope))
        .one(conn)
        .await?
        .map(into_arrangement)
        .transpose()
}

/// What is agreed.
pub struct NewArrangement {
    /// The adopted child.
    pub child_id: Uuid,
    /// Letterbox or direct.
    pub kind: PostAdoptionContactKind,
    /// How often per year (1–52).
    pub times_per_year: i32,
    /// Who takes part (1–10).
    pub parties: Vec<String>,
    /// Date agreed.
    pub agreed_on: NaiveDate,
}

/// Records an arrangement for a child in the scope whose placement ended in adoption.
pub async fn arrange(
    db: &Db,
    actor: &Actor,
    new: NewArrangement,
) -> AppResult<PostAdoptionContact> {
    if !(1..=52).contains(&new.times_per_year) {
        return Err(AppError::invalid(
            "input.timesPerYear",
            "must be between 1 and 52",
        ));
    }
    if new.agreed_on > crate::dates::today_uk() {
        return Err(AppError::invalid(
            "input.agreedOn",
            "must not be in the future",
        ));
    }
    let scope = actor.scope();
    let txn = db.begin_write().await?;
    let child = children::find(&*txn, scope, new.child_id)
        .await?
        .ok_or(AppError::not_found("Child"))?;
    let adopted = placements::adopted_of_child(&*txn, scope, ChildId(child.id)).await?;
    if adopted.is_none() {
        return Err(AppError::conflict(
            "post-adoption contact is arranged for an adopted child",
        ));
    }
    let now = Utc::now();
    let row = arrangements::Model {
        id: Uuid::now_v7(),
        authority_id: child.authority_id,
        child_id: child.id,
        kind: new.kind.as_str().to_owned(),
        times_per_year: new.times_per_year,
        parties: new.parties.join("\n"),
        agreed_on: new.agreed_on,
        ended_on: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    arrangements::Entity::insert(arrangements::ActiveModel::from(row.clone()))
        .exec_without_returning(&*txn)
        .await?;
    let arrangement = into_arrangement(row)?;
    let changes = Changes::created(&arrangement);
    audit::record(
        &*txn,
        actor,
        AuditEntry::owned(
            arrangement.authority_id,
            "post_adoption_contact.arranged",
            ARRANGEMENT,
            arrangement.id,
            changes,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(arrangement)
}

/// Ends an arrangement at the version the caller read.
pub async fn end_arrangement(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    ended_on: NaiveDate,
) -> AppResult<PostAdoptionContact> {
    let scope = actor.scope();
    let txn = db.begin_write().await?;
    let before = find_arrangement(&*txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ARRANGEMENT))?;
    if before.version != version {
        return Err(AppError::stale_version(before.version));
    }
    if before.ended_on.is_some() {
        return Err(AppError::conflict("the arrangement has already ended"));
    }
    if ended_on < before.agreed_on || ended_on > crate::dates::today_uk() {
        return Err(AppError::invalid(
            "input.endedOn",
            "must be between the agreement date and today",
        ));
    }
    let row = arrangements::ActiveModel {
        ended_on: Set(Some(ended_on)),
        version: Set(version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let filter = arrangements::Entity::visible_to(scope).add(arrangements::Column::Id.eq(id));
    update_at_version::<arrangements::Entity, _>(
        &*txn,
        row,
        filter,
        arrangements::Column::Version,
        version,
    )
    .await?;
    let changes = Changes::new()
        .field("endedOn", &before.ended_on, &Some(ended_on))
        .field("version", &json!(version), &json!(version + 1));
    audit::record(
        &*txn,
        actor,
        AuditEntry::owned(
            before.authority_id,
            "post_adoption_contact.ended",
            ARRANGEMENT,
            id,
            changes,
        ),
    )
    .await?;
    let after = find_arrangement(&*txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ARRANGEMENT))?;
    txn.commit().await?;
    Ok(after)
}

// ----- support work -----

/// The child's support-work log the scope may see, oldest first.
pub async fn support_for<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    child_id: Uuid,
    page: PageRequest,
) -> AppResult<Page<SupportWork>> {
    let condition = log::Entity::visible_to(scope).add(log::Column::ChildId.eq(child_id));
    fetch_page(
        conn,
        log::Entity::find().filter(condition),
        log::Column::Id,
        page,
    )
    .await?
    .try_map(into_support)
}

/// One log entry, if the scope may see it.
pub async fn find_support<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: Uuid,
) -> AppResult<Option<SupportWork>> {
    log::Entity::find_by_id(id)
        .filter(log::Entity::visible_to(scope))
        .one(conn)
        .await?
        .map(into_support)
        .transpose()
}

/// Logs support given (agency roles), about a child of any authority.
pub async fn log_support(db: &Db, actor: &Actor, mut work: SupportWork) -> AppResult<SupportWork> {
    actor.require_agency("logs support work")?;
    if !work.kind.suits(work.recipient) {
        return Err(AppError::invalid(
            "input.kind",
            format!("is not support given to a {}", work.recipient.as_str()),
        ));
    }
    if !(1..=24 * 60).contains(&work.duration_minutes) {
        return Err(AppError::invalid(
            "input.durationMinutes",
            "must be between 1 and 1440",
        ));
    }
    if work.given_on > crate::dates::today_uk() {
        return Err(AppError::invalid(
            "input.givenOn",
            "must not be in the future",
        ));
    }
    let txn = db.begin_write().await?;
    let child = children::find(&*txn, Scope::All, work.child_id)
        .await?
        .ok_or(AppError::not_found("Child"))?;
    let now = Utc::now();
    work.id = Uuid::now_v7();
    work.authority_id = child.authority_id;
    let row = log::Model {
        id: work.id,
        authority_id: work.authority_id,
        child_id: work.child_id,
        recipient: work.recipient.as_str().to_owned(),
        kind: work.kind.as_str().to_owned(),
        given_on: work.given_on,
        given_by: work.given_by.clone(),
        given_to: work.given_to.clone(),
        duration_minutes: work.duration_minutes,
        notes: work.notes.clone(),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    log::Entity::insert(log::ActiveModel::from(row))
        .exec_without_returning(&*txn)
        .await?;
    // `SupportWork` does not serialise its notes, so they stay out of the audit trail.
    audit::record(
        &*txn,
        actor,
        AuditEntry::owned(
            work.authority_id,
            "support_work.logged",
            SUPPORT,
            work.id,
            Changes::created(&work),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(work)
}

fn into_arrangement(row: arrangements::Model) -> AppResult<PostAdoptionContact> {
    Ok(PostAdoptionContact {
        id: row.id,
        authority_id: row.authority_id,
        child_id: row.child_id,
        kind: stored(
            &row.kind,
            PostAdoptionContactKind::parse,
            "post-adoption contact kind",
        )?,
        times_per_year: row.times_per_year,
        parties: row
            .parties
            .split('\n')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        agreed_on: row.agreed_on,
        ended_on: row.ended_on,
        version: row.version,
    })
}

fn into_support(row: log::Model) -> AppResult<SupportWork> {
    Ok(SupportWork {
        id: row.id,
        authority_id: row.authority_id,
        child_id: row.child_id,
        recipient: stored(&row.recipient, SupportRecipient::parse, "support recipient")?,
        kind: stored(&row.kind, SupportKind::parse, "support kind")?,
        given_on: row.given_on,
        given_by: row.given_by,
        given_to: row.given_to,
        duration_minutes: row.duration_minutes,
        notes: row.notes,
    })
}
