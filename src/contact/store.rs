//! Queries on `contact_sessions`, scoped by the child's authority (through `scoped.rs`);
//! scheduling sessions and recording what happened at one, each in one transaction (the rule in
//! `recording.rs`). Venues are in `venues.rs`.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::alert_rules::SessionTiming;
use super::alerts;
use super::model::{CancelledBy, Session, SessionOutcome, SessionPlan, within_placement};
use super::recording::{SessionRecord, recorded_changes};
use super::venues::{VENUE, find_venue};
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::{Actor, Scope};
use crate::carers::store as carers;
use crate::codes::stored;
use crate::db::Db;
use crate::entities::contact_sessions as sessions;
use crate::error::{AppError, AppResult};
use crate::paging::{Page, PageRequest};
use crate::placements::store as placements;
use crate::scoped::Scoped;
use crate::types::ids::PlacementId;
use crate::versioned::update_at_version;

/// GraphQL type name, used in audit events and NOT_FOUND errors.
pub const SESSION: &str = "ContactSession";

/// Which sessions to list.
#[derive(Clone, Debug, Default)]
pub struct SessionFilter {
    /// Only this placement's.
    pub placement_id: Option<Uuid>,
    /// Starting at or after.
    pub from: Option<DateTime<Utc>>,
    /// Starting before.
    pub to: Option<DateTime<Utc>>,
}

fn session_condition(scope: Scope, filter: &SessionFilter) -> Condition {
    let mut condition = sessions::Entity::visible_to(scope);
    if let Some(id) = filter.placement_id {
        condition = condition.add(sessions::Column::PlacementId.eq(id));
    }
    if let Some(from) = filter.from {
        condition = condition.add(sessions::Column::StartsAt.gte(from));
    }
    if let Some(to) = filter.to {
        condition = condition.add(sessions::Column::StartsAt.lt(to));
    }
    condition
}

/// A page of the sessions the scope may see, in time order (then id). The cursor is the last
/// session's id; its start time is looked up, inside the same scope, to continue after it.
pub async fn list_sessions<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    filter: &SessionFilter,
    page: PageRequest,
) -> AppResult<Page<Session>> {
    let condition = session_condition(scope, filter);
    let total_count = if page.count {
        sessions::Entity::find()
            .filter(condition.clone())
            .count(conn)
            .await?
    } else {
        0
    };
    let mut query = sessions::Entity::find().filter(condition);
    if let Some(after) = page.after {
        let Some(last) = sessions::Entity::find_by_id(after)
            .filter(sessions::Entity::visible_to(scope))
            .one(conn)
            .await?
        else {
            return Err(AppError::invalid("after", "is not a cursor from this list"));
        };
        query = query.filter(
            Condition::any()
                .add(sessions::Column::StartsAt.gt(last.starts_at))
                .add(
                    Condition::all()
                        .add(sessions::Column::StartsAt.eq(last.starts_at))
                        .add(sessions::Column::Id.gt(last.id)),
                ),
        );
    }
    let mut rows = query
        .order_by_asc(sessions::Column::StartsAt)
        .order_by_asc(sessions::Column::Id)
        .limit(page.first + 1)
        .all(conn)
        .await?;
    let has_next_page = rows.len() as u64 > page.first;
    rows.truncate(page.first as usize);
    Page {
        items: rows,
        has_next_page,
        has_previous_page: page.after.is_some(),
        total_count,
    }
    .try_map(into_session)
}

/// Every session of one placement the scope may see (for alerts and reports).
pub async fn for_placement<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    placement_id: Uuid,
) -> AppResult<Vec<Session>> {
    for_placements(conn, scope, &[placement_id]).await
}

/// Every session of these placements the scope may see, in time order (one query).
pub async fn for_placements<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    placement_ids: &[Uuid],
) -> AppResult<Vec<Session>> {
    sessions::Entity::find_visible(scope)
        .filter(sessions::Column::PlacementId.is_in(placement_ids.iter().copied()))
        .order_by_asc(sessions::Column::StartsAt)
        .order_by_asc(sessions::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(into_session)
        .collect()
}

/// One session, if the scope may see it.
pub async fn find_session<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: Uuid,
) -> AppResult<Option<Session>> {
    sessions::Entity::find_by_id(id)
        .filter(sessions::Entity::visible_to(scope))
        .one(conn)
        .await?
        .map(into_session)
        .transpose()
}

/// Schedules sessions for an open placement at one venue, all in one transaction (agency
/// roles). The venue's distance from the carers' home is computed and stored with each.
pub async fn schedule(
    db: &Db,
    actor: &Actor,
    placement_id: Uuid,
    venue_id: Uuid,
    plans: Vec<SessionPlan>,
    field: &str,
) -> AppResult<Vec<Session>> {
    actor.require_agency("schedules contact")?;
    let scope = actor.scope();
    let txn = db.begin_write().await?;
    let placement = placements::find(&*txn, scope, PlacementId(placement_id))
        .await?
        .ok_or(AppError::not_found("Placement"))?;
    if !placement.status.is_open() {
        return Err(AppError::conflict(format!(
            "contact is scheduled on an open placement; this one is {}",
            placement.status.as_str()
        )));
    }
    within_placement(&plans, placement.started_on, field)?;
    let venue = find_venue(&*txn, scope, venue_id)
        .await?
        .ok_or(AppError::not_found(VENUE))?;
    if !venue.active {
        return Err(AppError::invalid(
            "input.venueId",
            "the venue is closed for new bookings",
        ));
    }
    placements::lock(&*txn, placement.id).await?;
    let household = carers::find(&*txn, scope, placement.household_id.0)
        .await?
        .ok_or(AppError::not_found("CarerHousehold"))?;
    let distance_miles = household.details.location.miles_to(venue.location);
    let now = Utc::now();
    let plans: Vec<(Uuid, SessionPlan)> = plans.into_iter().map(|p| (Uuid::now_v7(), p)).collect();
    let pending: Vec<SessionTiming> = plans
        .iter()
        .map(|(id, plan)| SessionTiming {
            id: *id,
            placement_id,
            starts_at: plan.starts_at,
            outcome: None,
            distance_miles,
        })
        .collect();
    let flags = alerts::refresh(
        &*txn,
        scope,
        placement_id,
        (placement.started_on, placement.settling_in_days),
        &pending,
    )
    .await?;
    let mut created = Vec::new();
    for (id, plan) in plans {
        let raised = flags.get(&id).copied().unwrap_or_default();
        let row = sessions::Model {
            id,
            authority_id: placement.authority_id.0,
            placement_id,
            venue_id,
            starts_at: plan.starts_at,
            ends_at: plan.ends_at,
            distance_miles,
            supervisor: plan.supervisor.clone(),
            social_worker_present: plan.social_worker_present,
            attendees: plan.attendees.join("\n"),
            outcome: None,
            cancelled_by: None,
            carer_handover_at_start: None,
            carer_handover_at_end: None,
            observations: None,
            recorded_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
            settling_in_alert: Some(raised.settling_in),
            frequency_alert: Some(raised.frequency),
            travel_alert: Some(raised.travel),
        };
        sessions::Entity::insert(sessions::ActiveModel::from(row.clone()))
            .exec_without_returning(&*txn)
            .await?;
        let session = into_session(row)?;
        audit::record(
            &*txn,
            actor,
            AuditEntry {
                authority_id: Some(session.authority_id),
                action: "contact_session.scheduled",
                entity_type: SESSION,
                entity_id: session.id,
                changes: Changes::created(&session),
            },
        )
        .await?;
        created.push(session);
    }
    txn.commit().await?;
    Ok(created)
}

/// Records a session's outcome once, at the version the caller read (agency roles).
pub async fn record(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    record: SessionRecord,
) -> AppResult<Session> {
    actor.require_agency("records contact")?;
    let scope = actor.scope();
    record.check()?;
    let txn = db.begin_write().await?;
    let before = find_session(&*txn, scope, id)
        .await?
        .ok_or(AppError::not_found(SESSION))?;
    if before.version != version {
        return Err(AppError::stale_version(before.version));
    }
    // A cancellation changes the placement's alerts: take its lock before the session's row.
    if record.outcome == SessionOutcome::Cancelled {
        placements::lock(&*txn, PlacementId(before.placement_id)).await?;
    }
    let now = Utc::now();
    let after = record.apply(&before, now)?;
    let row = sessions::ActiveModel {
        outcome: Set(after.outcome.map(|o| o.as_str().to_owned())),
        cancelled_by: Set(after.cancelled_by.map(|c| c.as_str().to_owned())),
        carer_handover_at_start: Set(after.carer_handover_at_start),
        carer_handover_at_end: Set(after.carer_handover_at_end),
        social_worker_present: Set(after.social_worker_present),
        observations: Set(after.observations.clone()),
        recorded_at: Set(after.recorded_at),
        version: Set(after.version),
        updated_at: Set(now),
        ..Default::default()
    };
    let filter = sessions::Entity::visible_to(scope).add(sessions::Column::Id.eq(id));
    update_at_version::<sessions::Entity, _>(
        &*txn,
        row,
        filter,
        sessions::Column::Version,
        version,
    )
    .await?;
    let changes = recorded_changes(&before, &after);
    audit::record(
        &*txn,
        actor,
        AuditEntry {
            authority_id: Some(after.authority_id),
            action: "contact_session.recorded",
            entity_type: SESSION,
            entity_id: id,
            changes,
        },
    )
    .await?;
    // A cancelled session no longer takes place, which can clear its neighbours' alerts.
    if after.outcome == Some(SessionOutcome::Cancelled) {
        let placement = placements::find(&*txn, scope, PlacementId(after.placement_id))
            .await?
            .ok_or(AppError::not_found("Placement"))?;
        alerts::refresh(
            &*txn,
            scope,
            placement.id.0,
            (placement.started_on, placement.settling_in_days),
            &[],
        )
        .await?;
    }
    txn.commit().await?;
    Ok(after)
}

fn into_session(row: sessions::Model) -> AppResult<Session> {
    Ok(Session {
        id: row.id,
        authority_id: row.authority_id,
        placement_id: row.placement_id,
        venue_id: row.venue_id,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        distance_miles: row.distance_miles,
        supervisor: row.supervisor,
        social_worker_present: row.social_worker_present,
        attendees: row
            .attendees
            .split('\n')
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect(),
        outcome: row
            .outcome
            .as_deref()
            .map(|o| stored(o, SessionOutcome::parse, "session outcome"))
            .transpose()?,
        cancelled_by: row
            .cancelled_by
            .as_deref()
            .map(|c| stored(c, CancelledBy::parse, "cancelled by"))
            .transpose()?,
        carer_handover_at_start: row.carer_handover_at_start,
        carer_handover_at_end: row.carer_handover_at_end,
        observations: row.observations,
        recorded_at: row.recorded_at,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// When the latest of the placement's sessions that were held (attended, or the parent late or
/// absent) after `after` started, as the scope may see them.
pub async fn latest_held_after<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    placement_id: Uuid,
    after: DateTime<Utc>,
) -> AppResult<Option<DateTime<Utc>>> {
    let held = [
        SessionOutcome::Attended,
        SessionOutcome::ParentLate,
        SessionOutcome::ParentDidNotAttend,
    ]
    .map(SessionOutcome::as_str);
    Ok(sessions::Entity::find_visible(scope)
        .select_only()
        .column(sessions::Column::StartsAt)
        .filter(sessions::Column::PlacementId.eq(placement_id))
        .filter(sessions::Column::Outcome.is_in(held))
        .filter(sessions::Column::StartsAt.gt(after))
        .order_by_desc(sessions::Column::StartsAt)
        .into_tuple()
        .one(conn)
        .await?)
}
