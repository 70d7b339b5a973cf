//! Moving a household along its lifecycle by hand (start assessment, approve, close), in one
//! transaction at the version read: approval needs both approval dates; a household with a live
//! match (`matches::store`) cannot be closed.

use uuid::Uuid;

use super::model::{Household, HouseholdStatus};
use super::store;
use crate::auth::{Actor, Scope};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::matches::store as matches;
use crate::types::ids::HouseholdId;

/// A hand move along the lifecycle (start assessment, approve, close) at the version read.
pub async fn transition(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    to: HouseholdStatus,
    reason: Option<String>,
) -> AppResult<Household> {
    actor.require_agency("manages carer households")?;
    let txn = db.begin_write().await?;
    let before = store::load_for_change(&*txn, id, version).await?;
    if !before.status.can_move_to(to) {
        return Err(AppError::conflict(format!(
            "a {} household cannot become {}",
            before.status.as_str(),
            to.as_str()
        )));
    }
    if to == HouseholdStatus::Approved && !before.details.dually_approved() {
        return Err(AppError::conflict(
            "record both the fostering and the adopter approval dates before approving",
        ));
    }
    if to == HouseholdStatus::Closed
        && matches::household_has_live_match(&*txn, HouseholdId(id)).await?
    {
        return Err(AppError::conflict(
            "the household has a live match; resolve it first",
        ));
    }
    let closed_reason = if to == HouseholdStatus::Closed {
        reason
    } else {
        None
    };
    store::set_status(&*txn, actor, &before, to, closed_reason).await?;
    let after = store::find(&*txn, Scope::All, id)
        .await?
        .ok_or(AppError::not_found(store::ENTITY))?;
    txn.commit().await?;
    Ok(after)
}
