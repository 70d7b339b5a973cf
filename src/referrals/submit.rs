//! `submitReferral`: reserve the idempotency key, create or update the child by LA reference,
//! check the rules, create the referral — all in one transaction.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, SqlErr};
use uuid::Uuid;

use super::model::{NewReferral, Referral, ReferralRoute, ReferralStatus};
use super::period;
use super::store::{ENTITY, facts_row, find, open_for_child};
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::Actor;
use crate::authorities::model::Partnership;
use crate::authorities::store as authorities;
use crate::children::store as children;
use crate::db::Db;
use crate::entities::referrals::{ActiveModel, Entity};
use crate::error::{AppError, AppResult};
use crate::idempotency::{self, Earlier, IdempotencyKey};

const OPERATION: &str = "submitReferral";

/// The outcome of a submission.
pub struct Submitted {
    /// The referral created now, or by the first request with the same idempotency key.
    pub referral: Referral,
    /// True when this answer replays an earlier submission with the same key.
    pub replayed: bool,
}

/// Submits a referral for the actor's own authority.
///
/// Two concurrent submissions racing on the same idempotency key or the same new child meet a
/// unique index; the loser retries once and then sees the winner's committed rows.
pub async fn submit(
    db: &Db,
    actor: &Actor,
    new: NewReferral,
    key: Option<IdempotencyKey>,
) -> AppResult<Submitted> {
    match try_submit(db, actor, &new, key.as_ref()).await {
        Err(AppError::Internal(err)) if is_unique_violation(&err) => {
            try_submit(db, actor, &new, key.as_ref()).await
        }
        other => other,
    }
}

async fn try_submit(
    db: &Db,
    actor: &Actor,
    new: &NewReferral,
    key: Option<&IdempotencyKey>,
) -> AppResult<Submitted> {
    let scope = actor.scope();
    let authority_id = scope
        .authority_id()
        .ok_or_else(|| AppError::forbidden("only a local authority submits referrals"))?;
    let fingerprint = idempotency::fingerprint(new)?;
    let txn = db.begin_write().await?;
    let id = Uuid::now_v7();
    if let Some(key) = key {
        if let Earlier::Replay(id) =
            idempotency::check(&*txn, authority_id, OPERATION, key, &fingerprint).await?
        {
            let referral = find(&*txn, scope, id)
                .await?
                .ok_or(AppError::not_found(ENTITY))?;
            return Ok(Submitted {
                referral,
                replayed: true,
            });
        }
        // Reserve the key first: a concurrent request with the same key now waits on the
        // unique index until this transaction ends, then retries and replays (or proceeds if
        // this one rolled back).
        idempotency::remember(&*txn, authority_id, OPERATION, key, fingerprint, id).await?;
    }
    let authority = authorities::find(&*txn, scope, authority_id)
        .await?
        .ok_or(AppError::not_found("Authority"))?;
    let route = match authority.partnership {
        Partnership::Partner => ReferralRoute::Partner,
        Partnership::SpotPurchase => ReferralRoute::SpotPurchase,
    };
    if route == ReferralRoute::SpotPurchase && new.facts.purchase_order_ref.is_none() {
        return Err(AppError::invalid(
            "input.purchaseOrderRef",
            "a spot-purchase authority must give its purchase-order reference",
        ));
    }
    let child = children::upsert(&*txn, actor, new.child.clone()).await?;
    if let Some(open) = open_for_child(&*txn, scope, child.id).await? {
        return Err(AppError::conflict(format!(
            "child {} already has an open referral ({})",
            child.details.la_reference,
            open.status.as_str()
        )));
    }
    let last_closed = period::last_closed(&*txn, scope, child.id).await?;
    period::check_new_period(new.referred_on, new.child.entered_care_on, last_closed)?;
    let now = Utc::now();
    let mut row = facts_row(&new.facts);
    row.id = Set(id);
    row.authority_id = Set(authority_id);
    row.child_id = Set(child.id);
    row.route = Set(route.as_str().to_owned());
    row.referred_on = Set(new.referred_on);
    row.entered_care_on = Set(new.child.entered_care_on);
    row.entry_legal_status = Set(new
        .child
        .entered_care_on
        .and(new.child.legal_status)
        .map(|s| s.as_str().to_owned()));
    row.status = Set(ReferralStatus::Submitted.as_str().to_owned());
    row.decision_reason = Set(None);
    row.decided_at = Set(None);
    row.version = Set(1);
    row.created_at = Set(now);
    row.updated_at = Set(now);
    insert(&*txn, row).await?;
    let referral = find(&*txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    audit::record(
        &*txn,
        actor,
        AuditEntry {
            authority_id: Some(authority_id),
            action: "referral.submitted",
            entity_type: ENTITY,
            entity_id: id,
            changes: Changes::created(&referral),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Submitted {
        referral,
        replayed: false,
    })
}

async fn insert<C: ConnectionTrait>(txn: &C, row: ActiveModel) -> AppResult<()> {
    Entity::insert(row).exec_without_returning(txn).await?;
    Ok(())
}

fn is_unique_violation(err: &anyhow::Error) -> bool {
    err.downcast_ref::<sea_orm::DbErr>()
        .and_then(|db_err| db_err.sql_err())
        .is_some_and(|sql| matches!(sql, SqlErr::UniqueConstraintViolation(_)))
}
