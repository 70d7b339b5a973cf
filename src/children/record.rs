//! Changes to a child's record after the referral: `update` (details), `record_birth`,
//! `record_entry_to_care`.
//!
//! Invariants: each runs in one write transaction; the child is found in the caller's Scope
//! first, so another authority's child answers `NOT_FOUND` exactly like a missing one; the
//! version is checked; the rule in `changes.rs` is applied against the child's referrals and
//! placements (read through their own stores, in the same Scope); an LA reference stays unique
//! within its authority; the row is written at that version with its audit event, or nothing is.

use chrono::NaiveDate;
use uuid::Uuid;

use super::changes::{self, ChildHistory, ChildPatch};
use super::model::{Child, ChildDetails, LegalStatus};
use super::store::{self, ENTITY};
use crate::auth::{Actor, Scope};
use crate::dates::today_uk;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::paging::{MAX_PAGE_SIZE, PageRequest};
use crate::placements::store::{self as placements, PlacementFilter};
use crate::referrals::period as referral_period;
use crate::referrals::store::{self as referrals, ReferralFilter};

/// Corrects the child's details (`updateChild`).
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    patch: ChildPatch,
) -> AppResult<Child> {
    let by_authority = actor.authority().is_some();
    change(db, actor, id, version, "child.updated", None, |child, _| {
        patch.apply(&child.details, by_authority, today_uk())
    })
    .await
}

/// Records the birth of a child referred unborn (`recordBirth`).
pub async fn record_birth(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    born: NaiveDate,
) -> AppResult<Child> {
    change(
        db,
        actor,
        id,
        version,
        "child.birth_recorded",
        None,
        |child, history| changes::record_birth(&child.details, born, history, today_uk()),
    )
    .await
}

/// Records the day the child became looked after, and its legal status then
/// (`recordEntryToCare`).
pub async fn record_entry_to_care(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    entered: NaiveDate,
    status: LegalStatus,
) -> AppResult<Child> {
    change(
        db,
        actor,
        id,
        version,
        "child.entered_care",
        Some((entered, status)),
        |child, history| {
            changes::record_entry_to_care(&child.details, entered, status, history, today_uk())
        },
    )
    .await
}

/// The shared sequence: find in scope, check the version, apply `rule`, write, audit, commit.
/// `period_entry` (an entry to care and the legal status then) is also recorded on the child's
/// latest referral, whose period of care it starts.
async fn change(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    action: &'static str,
    period_entry: Option<(NaiveDate, LegalStatus)>,
    rule: impl FnOnce(&Child, &ChildHistory) -> AppResult<ChildDetails>,
) -> AppResult<Child> {
    let scope = actor.scope();
    let txn = db.begin_write().await?;
    let before = store::find(&*txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    if before.version != version {
        return Err(AppError::stale_version(before.version));
    }
    let history = history(&*txn, scope, id).await?;
    let after = rule(&before, &history)?;
    if after == before.details {
        return Ok(before);
    }
    if after.la_reference != before.details.la_reference
        && store::find_by_reference(&*txn, before.authority_id, &after.la_reference)
            .await?
            .is_some()
    {
        return Err(AppError::conflict(
            "input.laReference: the authority already has a child with this reference",
        ));
    }
    store::rewrite(&*txn, actor, &before, &after, action).await?;
    if let (Some((entered, status)), Some(referral)) = (period_entry, history.latest_referral) {
        // The child's entry to care is its latest period's, which is its latest referral's.
        referral_period::set_entered_care_on(&*txn, actor, referral, entered, Some(status)).await?;
    }
    let child = store::find(&*txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    txn.commit().await?;
    Ok(child)
}

/// The child's referral dates and placement starts (a child has a handful of each; the first
/// page of each is all of them).
async fn history<C: sea_orm::ConnectionTrait>(
    conn: &C,
    scope: Scope,
    child_id: Uuid,
) -> AppResult<ChildHistory> {
    let page = PageRequest {
        first: MAX_PAGE_SIZE,
        after: None,
        count: false,
    };
    let referred = referrals::list(
        conn,
        scope,
        &ReferralFilter {
            child_id: Some(child_id),
            ..ReferralFilter::default()
        },
        page,
    )
    .await?;
    let placed = placements::list(
        conn,
        scope,
        &PlacementFilter {
            child_id: Some(child_id),
            ..PlacementFilter::default()
        },
        page,
    )
    .await?;
    let latest = referred.items.last().map(|r| r.id);
    Ok(ChildHistory {
        referred_on: referred.items.iter().map(|r| r.referred_on).collect(),
        placed_on: placed.items.iter().map(|p| p.started_on).collect(),
        period_placed_on: placed
            .items
            .iter()
            .filter(|p| Some(p.referral_id.0) == latest)
            .map(|p| p.started_on)
            .collect(),
        last_closed: referred.items.iter().filter_map(|r| r.closed_on).max(),
        latest_referral: latest,
    })
}
