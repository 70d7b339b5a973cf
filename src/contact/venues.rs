//! Contact venues: the agency's records of where supervised contact happens. An LA sees a venue
//! only through its own children's sessions (`scoped.rs`); only the agency adds or changes one.

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use super::model::{Venue, VenueKind};
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::{Actor, Scope};
use crate::carers::model::Location;
use crate::codes::stored;
use crate::db::Db;
use crate::entities::contact_venues as venues;
use crate::error::{AppError, AppResult};
use crate::paging::{Page, PageRequest, fetch_page};
use crate::scoped::Scoped;
use crate::versioned::update_at_version;

/// GraphQL type name, used in audit events and NOT_FOUND errors.
pub const VENUE: &str = "ContactVenue";

/// A page of the venues the scope may see.
pub async fn list_venues<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    page: PageRequest,
) -> AppResult<Page<Venue>> {
    let select = venues::Entity::find_visible(scope);
    fetch_page(conn, select, venues::Column::Id, page)
        .await?
        .try_map(into_venue)
}

/// One venue, if the scope may see it.
pub async fn find_venue<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: Uuid,
) -> AppResult<Option<Venue>> {
    venues::Entity::find_by_id(id)
        .filter(venues::Entity::visible_to(scope))
        .one(conn)
        .await?
        .map(into_venue)
        .transpose()
}

/// The venues with these ids that the scope may see.
pub async fn find_venues<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    ids: &[Uuid],
) -> AppResult<Vec<Venue>> {
    venues::Entity::find_visible(scope)
        .filter(venues::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(into_venue)
        .collect()
}

/// Adds a venue (agency roles).
pub async fn create_venue(
    db: &Db,
    actor: &Actor,
    name: String,
    kind: VenueKind,
    location: Location,
) -> AppResult<Venue> {
    actor.require_agency("manages contact venues")?;
    let txn = db.begin_write().await?;
    let now = Utc::now();
    let row = venues::Model {
        id: Uuid::now_v7(),
        name,
        kind: kind.as_str().to_owned(),
        latitude: location.latitude,
        longitude: location.longitude,
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    venues::Entity::insert(venues::ActiveModel::from(row.clone()))
        .exec_without_returning(&*txn)
        .await?;
    let venue = into_venue(row)?;
    audit::record(
        &*txn,
        actor,
        venue_entry("contact_venue.created", venue.id, Changes::created(&venue)),
    )
    .await?;
    txn.commit().await?;
    Ok(venue)
}

/// A change to a venue; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct VenuePatch {
    /// New name.
    pub name: Option<String>,
    /// New kind.
    pub kind: Option<VenueKind>,
    /// New location (applies to sessions scheduled from now on).
    pub location: Option<Location>,
    /// Open or close for new bookings.
    pub active: Option<bool>,
}

/// Changes a venue at the version the caller read (agency roles).
pub async fn update_venue(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    patch: VenuePatch,
) -> AppResult<Venue> {
    actor.require_agency("manages contact venues")?;
    let txn = db.begin_write().await?;
    let before = find_venue(&*txn, Scope::All, id)
        .await?
        .ok_or(AppError::not_found(VENUE))?;
    if before.version != version {
        return Err(AppError::stale_version(before.version));
    }
    let after = Venue {
        name: patch.name.unwrap_or_else(|| before.name.clone()),
        kind: patch.kind.unwrap_or(before.kind),
        location: patch.location.unwrap_or(before.location),
        active: patch.active.unwrap_or(before.active),
        version: version + 1,
        updated_at: Utc::now(),
        ..before.clone()
    };
    let row = venues::ActiveModel {
        name: Set(after.name.clone()),
        kind: Set(after.kind.as_str().to_owned()),
        latitude: Set(after.location.latitude),
        longitude: Set(after.location.longitude),
        active: Set(after.active),
        version: Set(after.version),
        updated_at: Set(after.updated_at),
        ..Default::default()
    };
    let filter = Condition::all().add(venues::Column::Id.eq(id));
    update_at_version::<venues::Entity, _>(&*txn, row, filter, venues::Column::Version, version)
        .await?;
    let changes = Changes::new()
        .field("name", &before.name, &after.name)
        .field("kind", &before.kind, &after.kind)
        .field("location", &before.location, &after.location)
        .field("active", &before.active, &after.active)
        .field("version", &json!(version), &json!(version + 1));
    audit::record(
        &*txn,
        actor,
        venue_entry("contact_venue.updated", id, changes),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

fn venue_entry(action: &'static str, id: Uuid, changes: Changes) -> AuditEntry {
    AuditEntry {
        authority_id: None,
        action,
        entity_type: VENUE,
        entity_id: id,
        changes,
    }
}

fn into_venue(row: venues::Model) -> AppResult<Venue> {
    Ok(Venue {
        id: row.id,
        name: row.name,
        kind: stored(&row.kind, VenueKind::parse, "venue kind")?,
        location: Location {
            latitude: row.latitude,
            longitude: row.longitude,
        },
        active: row.active,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}
