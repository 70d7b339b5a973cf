//! Court orders: the one path by which an order is recorded, whichever mutation the client uses
//! (`recordOrder` on the case, or `recordPlacementOrder` / `recordAdoption` on the placement), so
//! the court record, the child's legal status and the placement always agree (issue 14, item 5).
//!
//! Invariants:
//! - One transaction per order: the order row, the child's legal status, the placement's
//!   milestone, the case's conclusion and their audit events — or nothing.
//! - Several orders can be made at one hearing: once a final order concludes the case, further
//!   orders are accepted on the day it concluded (e.g. a care order and a placement order at the
//!   final hearing); after that day only an adoption order.
//! - An order may name the hearing at which it was made: a hearing of the same case, held on the
//!   day the order was made.
//! - Legal status follows the order, except that a care order made alongside a placement order
//!   leaves the child E1 (placed for adoption under a placement order).

use chrono::{NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::model::{CareCase, CourtOrder, Hearing, OrderKind};
use super::store::{
    CASE, case_for_change, find_case, hearing_of, not_after_today, order_of, orders_of, touch_case,
};
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::{Actor, Scope};
use crate::children::store as children;
use crate::db::Db;
use crate::entities::{court_orders, hearings, proceedings};
use crate::error::{AppError, AppResult};
use crate::placements::lifecycle;
use crate::placements::milestone::Milestone;
use crate::placements::model::{AdoptionApplication, Placement, PlacementStatus};
use crate::placements::store as placements;
use crate::scoped::Scoped;
use crate::types::ids::{ChildId, PlacementId};

/// GraphQL type names, used in audit events and NOT_FOUND errors.
pub const ORDER: &str = "CourtOrder";
/// GraphQL type name of a hearing.
pub const HEARING: &str = "Hearing";

/// An order to record.
#[derive(Clone, Copy, Debug)]
pub struct NewOrder {
    /// Kind of order.
    pub kind: OrderKind,
    /// Date made.
    pub made_on: NaiveDate,
    /// For an adoption order: unopposed or consent dispensed with.
    pub application: Option<AdoptionApplication>,
    /// The hearing at which it was made, if named.
    pub hearing_id: Option<Uuid>,
}

/// What recording an order changed.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// The case after the order (new version; concluded by a final order).
    pub case: CareCase,
    /// The order.
    pub order: CourtOrder,
    /// The child's placement when the order moved it (placement or adoption order).
    pub placement: Option<Placement>,
}

/// Records `new` on case `case_id` at the case version the caller read.
pub async fn record_order(
    db: &Db,
    actor: &Actor,
    case_id: Uuid,
    version: i32,
    new: NewOrder,
) -> AppResult<Recorded> {
    let txn = db.begin_write().await?;
    let case = case_for_change(&*txn, actor.scope(), case_id, Some(version)).await?;
    let recorded = record_in(&*txn, actor, case, new, "input.madeOn").await?;
    txn.commit().await?;
    Ok(recorded)
}

/// Records the placement order for placement `placement_id` (at the placement version the
/// caller read) in the child's care case: the open one, or the one that concluded that day.
pub async fn record_placement_order(
    db: &Db,
    actor: &Actor,
    placement_id: Uuid,
    version: i32,
    on: NaiveDate,
) -> AppResult<Recorded> {
    let scope = actor.scope();
    let txn = db.begin_write().await?;
    let placement = placement_at(&*txn, scope, placement_id, version).await?;
    if placement.status != PlacementStatus::Fostering || placement.placement_order_on.is_some() {
        return Err(AppError::conflict(format!(
            "cannot record a placement order: the placement is {}{}",
            placement.status.as_str(),
            if placement.placement_order_on.is_some() {
                " with a placement order already"
            } else {
                ""
            }
        )));
    }
    let cases = cases_latest_first(&*txn, scope, placement.child_id.0).await?;
    let Some(row) = cases
        .into_iter()
        .find(|c| c.concluded_on.is_none_or(|concluded| concluded == on))
    else {
        return Err(AppError::conflict(
            "the child has no open care case: a placement order is recorded with the court record (openCareCase first)",
        ));
    };
    let case = case_for_change(&*txn, scope, row.id, None).await?;
    let new = NewOrder {
        kind: OrderKind::PlacementOrder,
        made_on: on,
        application: None,
        hearing_id: None,
    };
    let recorded = record_in(&*txn, actor, case, new, "input.placementOrderOn").await?;
    txn.commit().await?;
    Ok(recorded)
}

/// Records the adoption order for placement `placement_id` (at the placement version the
/// caller read): in the child's latest care case when it has one — so the court record holds
/// the order the placement was completed by — else on the placement alone (an adoption by
/// consent can follow without care proceedings). Returns the placement.
pub async fn record_adoption_order(
    db: &Db,
    actor: &Actor,
    placement_id: Uuid,
    version: i32,
    on: NaiveDate,
    application: AdoptionApplication,
) -> AppResult<Placement> {
    let scope = actor.scope();
    let txn = db.begin_write().await?;
    let placement = placement_at(&*txn, scope, placement_id, version).await?;
    let latest = cases_latest_first(&*txn, scope, placement.child_id.0).await?;
    let adopted = match latest.into_iter().next() {
        Some(row) if placement.status.is_open() => {
            let case = case_for_change(&*txn, scope, row.id, None).await?;
            let new = NewOrder {
                kind: OrderKind::AdoptionOrder,
                made_on: on,
                application: Some(application),
                hearing_id: None,
            };
            let recorded = record_in(&*txn, actor, case, new, "input.adoptionOrderOn").await?;
            recorded
                .placement
                .ok_or(AppError::not_found(placements::ENTITY))?
        }
        _ => {
            let milestone = Milestone::Adopted { on, application };
            lifecycle::record_in(&*txn, actor, PlacementId(placement_id), None, milestone).await?
        }
    };
    txn.commit().await?;
    Ok(adopted)
}

/// The placement, if the scope may see it, at the version the caller read.
async fn placement_at<C: ConnectionTrait>(
    txn: &C,
    scope: Scope,
    id: Uuid,
    version: i32,
) -> AppResult<Placement> {
    let placement = placements::find(txn, scope, PlacementId(id))
        .await?
        .ok_or(AppError::not_found(placements::ENTITY))?;
    if placement.version != version {
        return Err(AppError::stale_version(placement.version));
    }
    Ok(placement)
}

/// The child's care cases the scope may see, the latest issued first.
async fn cases_latest_first<C: ConnectionTrait>(
    txn: &C,
    scope: Scope,
    child_id: Uuid,
) -> AppResult<Vec<proceedings::Model>> {
    Ok(proceedings::Entity::find_visible(scope)
        .filter(proceedings::Column::ChildId.eq(child_id))
        .order_by_desc(proceedings::Column::IssuedOn)
        .all(txn)
        .await?)
}

/// The order's rules and writes inside the caller's transaction; date errors name `field`.
async fn record_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    case: CareCase,
    new: NewOrder,
    field: &str,
) -> AppResult<Recorded> {
    let NewOrder {
        kind,
        made_on,
        application,
        hearing_id,
    } = new;
    let scope = actor.scope();
    not_after_today(made_on, field)?;
    if application.is_some() && kind != OrderKind::AdoptionOrder {
        return Err(AppError::invalid(
            "input.adoptionApplication",
            "only for an ADOPTION_ORDER",
        ));
    }
    if made_on < case.issued_on {
        return Err(AppError::invalid(
            field,
            format!(
                "madeOn ({made_on}) must not be before the proceedings' issuedOn ({})",
                case.issued_on
            ),
        ));
    }
    if let Some(concluded) = case.concluded_on
        && kind != OrderKind::AdoptionOrder
        && made_on != concluded
    {
        return Err(AppError::conflict(format!(
            "the proceedings concluded on {concluded}; only orders made that day, or an adoption order, can follow"
        )));
    }
    if let Some(id) = hearing_id {
        let hearing = find_hearing(txn, scope, id)
            .await?
            .filter(|h| h.case_id == case.id)
            .ok_or(AppError::not_found(HEARING))?;
        if hearing.held_on != made_on {
            return Err(AppError::invalid(
                field,
                format!(
                    "madeOn ({made_on}) must be the day of the hearing named (heldOn {})",
                    hearing.held_on
                ),
            ));
        }
    }
    let placement =
        follow_placement(txn, actor, case.child_id, kind, made_on, application, field).await?;
    let earlier = orders_of(txn, scope, case.id).await?;
    let keeps_e1 =
        kind == OrderKind::CareOrder && earlier.iter().any(|o| o.kind == OrderKind::PlacementOrder);
    if let Some(status) = kind.legal_status().filter(|_| !keeps_e1) {
        children::set_legal_status(txn, actor, case.child_id, status).await?;
    }
    let now = Utc::now();
    let order = CourtOrder {
        id: Uuid::now_v7(),
        case_id: case.id,
        kind,
        made_on,
        hearing_id,
    };
    let row = court_orders::Model {
        id: order.id,
        authority_id: case.authority_id,
        proceedings_id: case.id,
        kind: kind.as_str().to_owned(),
        made_on,
        hearing_id,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    court_orders::Entity::insert(court_orders::ActiveModel::from(row))
        .exec_without_returning(txn)
        .await?;
    let created = AuditEntry::owned(
        case.authority_id,
        "court_order.recorded",
        ORDER,
        order.id,
        Changes::created(&order),
    );
    audit::record(txn, actor, created).await?;
    let concluded_on = case.concluded_on.or(kind.is_final().then_some(made_on));
    touch_case(txn, &case, concluded_on).await?;
    if concluded_on != case.concluded_on {
        let changes = Changes::new().field("concludedOn", &case.concluded_on, &concluded_on);
        let entry = AuditEntry::owned(
            case.authority_id,
            "care_case.concluded",
            CASE,
            case.id,
            changes,
        );
        audit::record(txn, actor, entry).await?;
    }
    let case = find_case(txn, scope, case.id)
        .await?
        .ok_or(AppError::not_found(CASE))?;
    Ok(Recorded {
        case,
        order,
        placement,
    })
}

/// A placement order dates the child's open placement; an adoption order completes its
/// adoption placement. Returns the placement when it changed.
async fn follow_placement<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    child_id: Uuid,
    kind: OrderKind,
    made_on: NaiveDate,
    application: Option<AdoptionApplication>,
    field: &str,
) -> AppResult<Option<Placement>> {
    let Some(open) = placements::open_for_child(txn, actor.scope(), ChildId(child_id)).await?
    else {
        return Ok(None);
    };
    let milestone = match kind {
        OrderKind::PlacementOrder => {
            if open.status != PlacementStatus::Fostering || open.placement_order_on.is_some() {
                return Err(AppError::conflict(
                    "the child's placement already has a placement order or is placed for adoption",
                ));
            }
            Milestone::PlacementOrder { on: made_on }
        }
        OrderKind::AdoptionOrder => {
            if open.status != PlacementStatus::PlacedForAdoption {
                return Err(AppError::conflict(format!(
                    "the child's placement is {}; place the child for adoption before the adoption order",
                    open.status.as_str()
                )));
            }
            Milestone::Adopted {
                on: made_on,
                application: application.unwrap_or(AdoptionApplication::Unopposed),
            }
        }
        _ => return Ok(None),
    };
    let moved = lifecycle::record_in(txn, actor, open.id, None, milestone)
        .await
        .map_err(|err| match err {
            // Placement date errors name the placement's date; the order's date is at fault.
            AppError::Invalid { message, .. } => AppError::invalid(field, message),
            other => other,
        })?;
    Ok(Some(moved))
}

/// One order, if the scope may see it.
pub async fn find_order<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: Uuid,
) -> AppResult<Option<CourtOrder>> {
    court_orders::Entity::find_by_id(id)
        .filter(court_orders::Entity::visible_to(scope))
        .one(conn)
        .await?
        .map(order_of)
        .transpose()
}

/// One hearing, if the scope may see it.
pub async fn find_hearing<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: Uuid,
) -> AppResult<Option<Hearing>> {
    hearings::Entity::find_by_id(id)
        .filter(hearings::Entity::visible_to(scope))
        .one(conn)
        .await?
        .map(hearing_of)
        .transpose()
}
