//! Queries on `proceedings`, `extensions` and `court_orders`, all scoped by the child's
//! authority (through `scoped.rs`): opening a case, granting an extension. Hearings are in
//! `hearings.rs`, orders' one path in `orders.rs`, assessments in `assessments.rs`.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use super::model::{
    CareCase, CourtOrder, Extension, Hearing, HearingKind, MAX_EXTENSION_WEEKS, OrderKind,
};
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::{Actor, Scope};
use crate::children::store as children;
use crate::codes::stored;
use crate::db::Db;
use crate::entities::{court_orders, extensions, hearings, proceedings};
use crate::error::{AppError, AppResult};
use crate::paging::{Page, PageRequest, fetch_page};
use crate::scoped::Scoped;
use crate::versioned::update_at_version;

/// GraphQL type names, used in audit events and NOT_FOUND errors.
pub const CASE: &str = "CareCase";

/// A court event has happened: `BAD_USER_INPUT` naming `field` when dated after today (UK).
pub(super) fn not_after_today(date: NaiveDate, field: &str) -> AppResult<()> {
    crate::dates::happened(field, date, crate::dates::today_uk()).map(|_| ())
}

// ----- cases -----

/// A page of the cases the scope may see, optionally one child's.
pub async fn list_cases<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    child_id: Option<Uuid>,
    page: PageRequest,
) -> AppResult<Page<CareCase>> {
    let mut condition = proceedings::Entity::visible_to(scope);
    if let Some(child_id) = child_id {
        condition = condition.add(proceedings::Column::ChildId.eq(child_id));
    }
    let page = fetch_page(
        conn,
        proceedings::Entity::find().filter(condition),
        proceedings::Column::Id,
        page,
    )
    .await?;
    let ids: Vec<Uuid> = page.items.iter().map(|row| row.id).collect();
    let mut granted = extensions_of(conn, scope, &ids).await?;
    page.try_map(|row| {
        let mine = granted.remove(&row.id).unwrap_or_default();
        into_case(row, mine)
    })
}

/// One case, if the scope may see it.
pub async fn find_case<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: Uuid,
) -> AppResult<Option<CareCase>> {
    let Some(row) = proceedings::Entity::find_by_id(id)
        .filter(proceedings::Entity::visible_to(scope))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let mut granted = extensions_of(conn, scope, &[id]).await?;
    into_case(row, granted.remove(&id).unwrap_or_default()).map(Some)
}

async fn extensions_of<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    case_ids: &[Uuid],
) -> AppResult<std::collections::HashMap<Uuid, Vec<Extension>>> {
    let rows = extensions::Entity::find_visible(scope)
        .filter(extensions::Column::ProceedingsId.is_in(case_ids.iter().copied()))
        .order_by_asc(extensions::Column::Id)
        .all(conn)
        .await?;
    let mut by_case: std::collections::HashMap<Uuid, Vec<Extension>> =
        std::collections::HashMap::new();
    for row in rows {
        by_case
            .entry(row.proceedings_id)
            .or_default()
            .push(Extension {
                id: row.id,
                granted_on: row.granted_on,
                weeks: row.weeks,
                reason: row.reason,
            });
    }
    Ok(by_case)
}

/// A new case as issued.
pub struct NewCase {
    /// The child.
    pub child_id: Uuid,
    /// The court.
    pub court: String,
    /// The court's case number.
    pub case_number: String,
    /// Date issued.
    pub issued_on: NaiveDate,
}

/// Opens a case for a child in the scope; one open case per child.
pub async fn open_case(db: &Db, actor: &Actor, new: NewCase) -> AppResult<CareCase> {
    let scope = actor.scope();
    not_after_today(new.issued_on, "input.issuedOn")?;
    let txn = db.begin_write().await?;
    let child = children::find(&*txn, scope, new.child_id)
        .await?
        .ok_or(AppError::not_found("Child"))?;
    let open = proceedings::Entity::find_visible(scope)
        .filter(proceedings::Column::ChildId.eq(child.id))
        .filter(proceedings::Column::ConcludedOn.is_null())
        .one(&*txn)
        .await?;
    if open.is_some() {
        return Err(AppError::conflict(
            "the child already has open care proceedings",
        ));
    }
    let now = Utc::now();
    let row = proceedings::Model {
        id: Uuid::now_v7(),
        authority_id: child.authority_id,
        child_id: child.id,
        court: new.court,
        case_number: new.case_number,
        issued_on: new.issued_on,
        concluded_on: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    proceedings::Entity::insert(proceedings::ActiveModel::from(row.clone()))
        .exec_without_returning(&*txn)
        .await?;
    let case = into_case(row, vec![])?;
    audit::record(
        &*txn,
        actor,
        AuditEntry::owned(
            case.authority_id,
            "care_case.opened",
            CASE,
            case.id,
            Changes::created(&case),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(case)
}

/// Loads a case for a change inside a transaction, checking the version when one is given.
pub(super) async fn case_for_change<C: ConnectionTrait>(
    txn: &C,
    scope: Scope,
    id: Uuid,
    version: Option<i32>,
) -> AppResult<CareCase> {
    let case = find_case(txn, scope, id)
        .await?
        .ok_or(AppError::not_found(CASE))?;
    if version.is_some_and(|v| v != case.version) {
        return Err(AppError::stale_version(case.version));
    }
    Ok(case)
}

/// Bumps the case's version (an extension, an order) so concurrent changes conflict.
pub(super) async fn touch_case<C: ConnectionTrait>(
    txn: &C,
    case: &CareCase,
    concluded_on: Option<NaiveDate>,
) -> AppResult<()> {
    let row = proceedings::ActiveModel {
        concluded_on: Set(concluded_on),
        version: Set(case.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let filter = Condition::all().add(proceedings::Column::Id.eq(case.id));
    update_at_version::<proceedings::Entity, _>(
        txn,
        row,
        filter,
        proceedings::Column::Version,
        case.version,
    )
    .await
}

/// Records a granted extension (1–8 weeks, with a reason) at the version the caller read.
pub async fn grant_extension(
    db: &Db,
    actor: &Actor,
    case_id: Uuid,
    version: i32,
    granted_on: NaiveDate,
    weeks: i32,
    reason: String,
) -> AppResult<CareCase> {
    if !(1..=MAX_EXTENSION_WEEKS).contains(&weeks) {
        return Err(AppError::invalid(
            "input.weeks",
            format!("an extension is 1 to {MAX_EXTENSION_WEEKS} weeks"),
        ));
    }
    not_after_today(granted_on, "input.grantedOn")?;
    let scope = actor.scope();
    let txn = db.begin_write().await?;
    let case = case_for_change(&*txn, scope, case_id, Some(version)).await?;
    if case.concluded_on.is_some() {
        return Err(AppError::conflict("the proceedings have concluded"));
    }
    if granted_on < case.issued_on {
        return Err(AppError::invalid(
            "input.grantedOn",
            format!(
                "grantedOn ({granted_on}) must not be before the proceedings' issuedOn ({})",
                case.issued_on
            ),
        ));
    }
    let now = Utc::now();
    let row = extensions::Model {
        id: Uuid::now_v7(),
        authority_id: case.authority_id,
        proceedings_id: case.id,
        granted_on,
        weeks,
        reason: reason.clone(),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    extensions::Entity::insert(extensions::ActiveModel::from(row))
        .exec_without_returning(&*txn)
        .await?;
    touch_case(&*txn, &case, None).await?;
    let after = find_case(&*txn, scope, case.id)
        .await?
        .ok_or(AppError::not_found(CASE))?;
    let changes = Changes::new()
        .field("deadline", &case.deadline_on(), &after.deadline_on())
        .field("extensionWeeks", &json!(null), &json!(weeks))
        .field("extensionReason", &json!(null), &json!(reason));
    audit::record(
        &*txn,
        actor,
        AuditEntry::owned(
            case.authority_id,
            "care_case.extended",
            CASE,
            case.id,
            changes,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

// ----- rows -----

/// A hearing row as the model.
pub(super) fn hearing_of(row: hearings::Model) -> AppResult<Hearing> {
    Ok(Hearing {
        id: row.id,
        case_id: row.proceedings_id,
        kind: stored(&row.kind, HearingKind::parse, "hearing kind")?,
        held_on: row.held_on,
        outcome: row.outcome,
    })
}

/// An order row as the model.
pub(super) fn order_of(row: court_orders::Model) -> AppResult<CourtOrder> {
    Ok(CourtOrder {
        id: row.id,
        case_id: row.proceedings_id,
        kind: stored(&row.kind, OrderKind::parse, "order kind")?,
        made_on: row.made_on,
        hearing_id: row.hearing_id,
    })
}

// ----- orders -----

/// The case's orders, in date order.
pub async fn orders_of<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    case_id: Uuid,
) -> AppResult<Vec<CourtOrder>> {
    court_orders::Entity::find_visible(scope)
        .filter(court_orders::Column::ProceedingsId.eq(case_id))
        .order_by_asc(court_orders::Column::MadeOn)
        .order_by_asc(court_orders::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(order_of)
        .collect()
}

/// Every order made in these children's cases that the scope may see, as (child, order), in
/// date order (two queries).
pub async fn orders_of_children<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    child_ids: &[Uuid],
) -> AppResult<Vec<(Uuid, CourtOrder)>> {
    if child_ids.is_empty() {
        return Ok(Vec::new());
    }
    let cases: std::collections::HashMap<Uuid, Uuid> = proceedings::Entity::find_visible(scope)
        .filter(proceedings::Column::ChildId.is_in(child_ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|case| (case.id, case.child_id))
        .collect();
    if cases.is_empty() {
        return Ok(Vec::new());
    }
    court_orders::Entity::find_visible(scope)
        .filter(court_orders::Column::ProceedingsId.is_in(cases.keys().copied()))
        .order_by_asc(court_orders::Column::MadeOn)
        .order_by_asc(court_orders::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|row| cases.get(&row.proceedings_id).map(|child| (*child, row)))
        .map(|(child, row)| {
            Ok((
                child,
                CourtOrder {
                    id: row.id,
                    case_id: row.proceedings_id,
                    kind: stored(&row.kind, OrderKind::parse, "order kind")?,
                    made_on: row.made_on,
                    hearing_id: row.hearing_id,
                },
            ))
        })
        .collect()
}

fn into_case(row: proceedings::Model, extensions: Vec<Extension>) -> AppResult<CareCase> {
    Ok(CareCase {
        id: row.id,
        authority_id: row.authority_id,
        child_id: row.child_id,
        court: row.court,
        case_number: row.case_number,
        issued_on: row.issued_on,
        concluded_on: row.concluded_on,
        extensions,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}
