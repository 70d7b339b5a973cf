//! Queries on `carer_households`. Households are agency-owned; an LA's Scope sees a household
//! only through a live match or a placement of one of its own children (see [`visible_to`]).

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use super::model::{
    Capacity, Household, HouseholdDetails, HouseholdPatch, HouseholdStatus, Location,
};
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::{Actor, Scope};
use crate::children::model::Ethnicity;
use crate::codes::{join_codes, stored, stored_list};
use crate::db::Db;
use crate::entities::carer_households::{ActiveModel, Column, Entity, Model};
use crate::error::{AppError, AppResult};
use crate::paging::{Page, PageRequest, fetch_page};
use crate::scoped::Scoped;
use crate::versioned::update_at_version;

/// GraphQL type name, used in audit events and NOT_FOUND errors.
pub const ENTITY: &str = "CarerHousehold";

/// A page of the households the scope may see, optionally only some statuses.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    statuses: &[HouseholdStatus],
    page: PageRequest,
) -> AppResult<Page<Household>> {
    let mut condition = Entity::visible_to(scope);
    if !statuses.is_empty() {
        condition = Condition::all()
            .add(condition)
            .add(Column::Status.is_in(statuses.iter().map(|s| s.as_str())));
    }
    fetch_page(conn, Entity::find().filter(condition), Column::Id, page)
        .await?
        .try_map(into_household)
}

/// One household, if the scope may see it.
pub async fn find<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: Uuid,
) -> AppResult<Option<Household>> {
    Entity::find_by_id(id)
        .filter(Entity::visible_to(scope))
        .one(conn)
        .await?
        .map(into_household)
        .transpose()
}

/// The households with these ids that the scope may see.
pub async fn find_many<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    ids: &[Uuid],
) -> AppResult<Vec<Household>> {
    Entity::find_visible(scope)
        .filter(Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(into_household)
        .collect()
}

/// Records a new household as an enquiry (agency roles).
pub async fn create(db: &Db, actor: &Actor, details: HouseholdDetails) -> AppResult<Household> {
    actor.require_agency("manages carer households")?;
    let txn = db.begin_write().await?;
    check_reference_free(&*txn, &details.reference).await?;
    let now = Utc::now();
    let id = Uuid::now_v7();
    let mut row = details_row(&details);
    row.id = Set(id);
    row.status = Set(HouseholdStatus::Enquiry.as_str().to_owned());
    row.closed_reason = Set(None);
    row.version = Set(1);
    row.created_at = Set(now);
    row.updated_at = Set(now);
    Entity::insert(row).exec_without_returning(&*txn).await?;
    let household = find(&*txn, Scope::All, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    audit::record(
        &*txn,
        actor,
        entry("carer_household.created", id, Changes::created(&household)),
    )
    .await?;
    txn.commit().await?;
    Ok(household)
}

/// Changes a household's details at the version the caller read (agency roles).
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    patch: HouseholdPatch,
) -> AppResult<Household> {
    actor.require_agency("manages carer households")?;
    let txn = db.begin_write().await?;
    let before = load_for_change(&*txn, id, version).await?;
    let details = patch
        .apply(&before.details)
        .check(crate::dates::today_uk())?;
    if before.details.reference != details.reference {
        check_reference_free(&*txn, &details.reference).await?;
    }
    if matches!(
        before.status,
        HouseholdStatus::Placed | HouseholdStatus::Approved
    ) && !details.dually_approved()
    {
        return Err(AppError::invalid(
            "input.adopterApprovedOn",
            "an approved household keeps both approval dates",
        ));
    }
    let changes = diff(&before.details, &details);
    if changes.is_empty() {
        return Ok(before);
    }
    let mut row = details_row(&details);
    row.version = Set(version + 1);
    row.updated_at = Set(Utc::now());
    save(&*txn, id, version, row).await?;
    audit::record(
        &*txn,
        actor,
        entry(
            "carer_household.updated",
            id,
            changes.field("version", &json!(version), &json!(version + 1)),
        ),
    )
    .await?;
    let after = find(&*txn, Scope::All, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    txn.commit().await?;
    Ok(after)
}

/// Takes the household's row lock for the rest of the caller's transaction, so that two
/// concurrent matches for one household are decided one after the other (PostgreSQL; on
/// SQLite write transactions are already serialised).
pub async fn lock<C: ConnectionTrait>(txn: &C, id: Uuid) -> AppResult<()> {
    crate::versioned::lock_row::<Entity, _>(txn, Column::Id, id).await
}

/// Server-driven move inside the caller's transaction: PLACED when a placement starts,
/// APPROVED when the last one ends.
pub async fn set_placed<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Uuid,
    placed: bool,
) -> AppResult<()> {
    let before = find(txn, Scope::All, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    let to = if placed {
        HouseholdStatus::Placed
    } else {
        HouseholdStatus::Approved
    };
    if before.status == to {
        return Ok(());
    }
    set_status(txn, actor, &before, to, None).await
}

pub(super) async fn set_status<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    before: &Household,
    to: HouseholdStatus,
    closed_reason: Option<String>,
) -> AppResult<()> {
    let row = ActiveModel {
        status: Set(to.as_str().to_owned()),
        closed_reason: Set(closed_reason.clone()),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    save(txn, before.id, before.version, row).await?;
    let changes = Changes::new()
        .field("status", &before.status, &to)
        .field("closedReason", &before.closed_reason, &closed_reason)
        .field(
            "version",
            &json!(before.version),
            &json!(before.version + 1),
        );
    audit::record(
        txn,
        actor,
        entry("carer_household.status_changed", before.id, changes),
    )
    .await
}

/// A household's reference is unique (`BAD_USER_INPUT` naming it when taken).
async fn check_reference_free<C: ConnectionTrait>(conn: &C, reference: &str) -> AppResult<()> {
    let taken = Entity::find()
        .filter(Column::Reference.eq(reference))
        .one(conn)
        .await?
        .is_some();
    if taken {
        Err(AppError::invalid(
            "input.reference",
            "another household has this reference",
        ))
    } else {
        Ok(())
    }
}

pub(super) async fn load_for_change<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    version: i32,
) -> AppResult<Household> {
    let household = find(conn, Scope::All, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    if household.version != version {
        return Err(AppError::stale_version(household.version));
    }
    Ok(household)
}

async fn save<C: ConnectionTrait>(
    txn: &C,
    id: Uuid,
    version: i32,
    row: ActiveModel,
) -> AppResult<()> {
    let filter = Condition::all().add(Column::Id.eq(id));
    update_at_version::<Entity, _>(txn, row, filter, Column::Version, version).await
}

fn entry(action: &'static str, id: Uuid, changes: Changes) -> AuditEntry {
    AuditEntry {
        authority_id: None,
        action,
        entity_type: ENTITY,
        entity_id: id,
        changes,
    }
}

fn diff(before: &HouseholdDetails, after: &HouseholdDetails) -> Changes {
    let (b, a) = (
        serde_json::to_value(before).unwrap_or_default(),
        serde_json::to_value(after).unwrap_or_default(),
    );
    let mut changes = Changes::new();
    if let (Some(b), Some(a)) = (b.as_object(), a.as_object()) {
        for (field, after_value) in a {
            changes = changes.field(
                field,
                &b.get(field).cloned().unwrap_or_default(),
                after_value,
            );
        }
    }
    changes
}

fn details_row(details: &HouseholdDetails) -> ActiveModel {
    ActiveModel {
        reference: Set(details.reference.clone()),
        primary_carer_name: Set(details.primary_carer_name.clone()),
        second_carer_name: Set(details.second_carer_name.clone()),
        ethnicities: Set(join_codes(&details.ethnicities, Ethnicity::as_str)),
        cultural_background: Set(details.cultural_background.clone()),
        languages: Set(details.languages.join(",")),
        religion: Set(details.religion.clone()),
        area: Set(details.area.clone()),
        latitude: Set(details.location.latitude),
        longitude: Set(details.location.longitude),
        full_time_carer: Set(details.full_time_carer),
        capacity: Set(details.capacity.as_str().to_owned()),
        enquiry_received_on: Set(details.enquiry_received_on),
        enquiry_followed_up_on: Set(details.enquiry_followed_up_on),
        fostering_approved_on: Set(details.fostering_approved_on),
        adopter_approved_on: Set(details.adopter_approved_on),
        ..Default::default()
    }
}

pub(super) fn into_household(row: Model) -> AppResult<Household> {
    Ok(Household {
        id: row.id,
        details: HouseholdDetails {
            reference: row.reference,
            primary_carer_name: row.primary_carer_name,
            second_carer_name: row.second_carer_name,
            ethnicities: stored_list(&row.ethnicities, Ethnicity::parse, "ethnicity")?,
            cultural_background: row.cultural_background,
            languages: row
                .languages
                .split(',')
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            religion: row.religion,
            area: row.area,
            location: Location {
                latitude: row.latitude,
                longitude: row.longitude,
            },
            full_time_carer: row.full_time_carer,
            capacity: stored(&row.capacity, Capacity::parse, "capacity")?,
            enquiry_received_on: row.enquiry_received_on,
            enquiry_followed_up_on: row.enquiry_followed_up_on,
            fostering_approved_on: row.fostering_approved_on,
            adopter_approved_on: row.adopter_approved_on,
        },
        status: stored(&row.status, HouseholdStatus::parse, "household status")?,
        closed_reason: row.closed_reason,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}
