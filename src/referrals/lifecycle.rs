//! A referral's lifecycle moves, each at the version read, in one transaction with its audit
//! event: accepting (optionally dated, for history entered later), declining, withdrawing, and
//! the server-driven moves other aggregates make inside their own transactions (a placement
//! starting makes its referral PLACED). An invalid move is a `CONFLICT`.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait};
use serde_json::json;
use uuid::Uuid;

use super::model::{Referral, ReferralStatus};
use super::store::{ENTITY, find, load_for_change, save};
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::Actor;
use crate::db::Db;
use crate::entities::referrals::ActiveModel;
use crate::error::{AppError, AppResult};

/// Moves a referral along its lifecycle at the version the caller read, recording the reason
/// (decline, withdraw) and the decision time. An invalid move is a `CONFLICT`.
pub async fn transition(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    to: ReferralStatus,
    reason: Option<String>,
) -> AppResult<Referral> {
    let txn = db.begin_write().await?;
    let referral = transition_in(&*txn, actor, id, Some(version), to, reason).await?;
    txn.commit().await?;
    Ok(referral)
}

/// The same move inside a transaction the caller holds (e.g. starting a placement marks the
/// referral PLACED in the placement's transaction). `version: None` skips the version check for
/// server-driven moves.
pub async fn transition_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Uuid,
    version: Option<i32>,
    to: ReferralStatus,
    reason: Option<String>,
) -> AppResult<Referral> {
    transition_on(txn, actor, id, version, (to, reason), None).await
}

/// Accepts a SUBMITTED referral at `version`, on `on` (a past UK date, for history entered
/// later; noon UK time that day) or now. `on` must not be before `referredOn` nor after today.
pub async fn accept(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    on: Option<NaiveDate>,
) -> AppResult<Referral> {
    let txn = db.begin_write().await?;
    let at = match on {
        None => None,
        Some(day) => {
            crate::dates::happened("input.acceptedOn", day, crate::dates::today_uk())?;
            let before = load_for_change(&*txn, actor.scope(), id, version).await?;
            if day < before.referred_on {
                return Err(AppError::invalid(
                    "input.acceptedOn",
                    format!(
                        "acceptedOn ({day}) must not be before the referral's referredOn ({})",
                        before.referred_on
                    ),
                ));
            }
            Some(crate::dates::uk_noon(day)?)
        }
    };
    let accepted = (ReferralStatus::Accepted, None);
    let referral = transition_on(&*txn, actor, id, Some(version), accepted, at).await?;
    txn.commit().await?;
    Ok(referral)
}

/// `transition_in`, with the decision's time given (`None`: now).
async fn transition_on<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Uuid,
    version: Option<i32>,
    (to, reason): (ReferralStatus, Option<String>),
    at: Option<DateTime<Utc>>,
) -> AppResult<Referral> {
    let scope = actor.scope();
    let before = match version {
        Some(version) => load_for_change(txn, scope, id, version).await?,
        None => find(txn, scope, id)
            .await?
            .ok_or(AppError::not_found(ENTITY))?,
    };
    if !before.status.can_move_to(to) {
        return Err(AppError::conflict(format!(
            "a {} referral cannot become {}",
            before.status.as_str(),
            to.as_str()
        )));
    }
    let now = Utc::now();
    let decided = matches!(
        to,
        ReferralStatus::Accepted | ReferralStatus::Declined | ReferralStatus::Withdrawn
    );
    let decision_reason = if decided {
        reason
    } else {
        before.decision_reason.clone()
    };
    let decided_at = if decided {
        Some(at.unwrap_or(now))
    } else {
        before.decided_at
    };
    let row = ActiveModel {
        status: Set(to.as_str().to_owned()),
        decision_reason: Set(decision_reason.clone()),
        decided_at: Set(decided_at),
        version: Set(before.version + 1),
        updated_at: Set(now),
        ..Default::default()
    };
    save(txn, scope, id, before.version, row).await?;
    audit::record(
        txn,
        actor,
        AuditEntry {
            authority_id: Some(before.authority_id),
            action: match to {
                ReferralStatus::Submitted => "referral.submitted",
                ReferralStatus::Accepted => "referral.accepted",
                ReferralStatus::Declined => "referral.declined",
                ReferralStatus::Withdrawn => "referral.withdrawn",
                ReferralStatus::Placed => "referral.placed",
                ReferralStatus::Closed => "referral.closed",
            },
            entity_type: ENTITY,
            entity_id: id,
            changes: Changes::new()
                .field("status", &before.status, &to)
                .field("decisionReason", &before.decision_reason, &decision_reason)
                .field("decidedAt", &before.decided_at, &decided_at)
                .field(
                    "version",
                    &json!(before.version),
                    &json!(before.version + 1),
                ),
        },
    )
    .await?;
    find(txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))
}
