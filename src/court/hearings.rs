//! Hearings of a care case, scoped by the child's authority (through `scoped.rs`): the case's
//! hearings in date order, and recording one (not after today, not before the case was issued).

use chrono::{NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::model::{Hearing, HearingKind};
use super::store::{case_for_change, hearing_of, not_after_today};
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::{Actor, Scope};
use crate::db::Db;
use crate::entities::hearings;
use crate::error::{AppError, AppResult};
use crate::scoped::Scoped;

/// The case's hearings, in date order.
pub async fn hearings_of<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    case_id: Uuid,
) -> AppResult<Vec<Hearing>> {
    hearings::Entity::find_visible(scope)
        .filter(hearings::Column::ProceedingsId.eq(case_id))
        .order_by_asc(hearings::Column::HeldOn)
        .order_by_asc(hearings::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(hearing_of)
        .collect()
}

/// Records a hearing on a case in the scope.
pub async fn record_hearing(
    db: &Db,
    actor: &Actor,
    case_id: Uuid,
    kind: HearingKind,
    held_on: NaiveDate,
    outcome: Option<String>,
) -> AppResult<Hearing> {
    not_after_today(held_on, "input.heldOn")?;
    let scope = actor.scope();
    let txn = db.begin_write().await?;
    let case = case_for_change(&*txn, scope, case_id, None).await?;
    if held_on < case.issued_on {
        return Err(AppError::invalid(
            "input.heldOn",
            format!(
                "heldOn ({held_on}) must not be before the proceedings' issuedOn ({})",
                case.issued_on
            ),
        ));
    }
    let now = Utc::now();
    let hearing = Hearing {
        id: Uuid::now_v7(),
        case_id,
        kind,
        held_on,
        outcome,
    };
    let row = hearings::Model {
        id: hearing.id,
        authority_id: case.authority_id,
        proceedings_id: case_id,
        kind: kind.as_str().to_owned(),
        held_on,
        outcome: hearing.outcome.clone(),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    hearings::Entity::insert(hearings::ActiveModel::from(row))
        .exec_without_returning(&*txn)
        .await?;
    audit::record(
        &*txn,
        actor,
        AuditEntry::owned(
            case.authority_id,
            "hearing.recorded",
            "Hearing",
            hearing.id,
            Changes::created(&hearing),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(hearing)
}
