//! The placement's lifecycle, each change in one transaction: starting the placement of an
//! AGREED match (the match and referral PLACED, the household PLACED), and recording its
//! milestones and outcome (the rule in `milestone.rs`; an ending closes the referral's period
//! of care and frees the household when it was its last open placement).
//!
//! Invariants: every read goes through the owning aggregate's store with the caller's Scope;
//! the placement is changed only at the version the caller read (or, for a court order inside
//! its own transaction, the current one); every change writes its audit event in the same
//! transaction.

use chrono::{NaiveDate, Utc};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::milestone::{Milestone, changes};
use super::model::{Placement, PlacementStatus};
use super::starting::{StartFacts, check_start};
use super::store;
use crate::adoption_decisions::store as adoption_decisions;
use crate::audit::model::Changes;
use crate::audit::store as audit;
use crate::auth::{Actor, Scope};
use crate::carers::store as carers;
use crate::children::store as children;
use crate::contact::store as contact;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::matches::model::MatchStatus;
use crate::matches::store as matches;
use crate::referrals::model::ReferralStatus;
use crate::referrals::period as referral_period;
use crate::referrals::store as referrals;
use crate::types::TypedId;
use crate::types::ids::{MatchId, PlacementId};

/// Starts the placement of an AGREED match (agency roles): the match and the referral become
/// PLACED and the household PLACED, in the same transaction.
pub async fn start(
    db: &Db,
    actor: &Actor,
    match_id: MatchId,
    started_on: NaiveDate,
    settling_in_days: i32,
) -> AppResult<Placement> {
    actor.require_agency("starts placements")?;
    let scope = actor.scope();
    let range = crate::contact::model::SETTLING_IN_RANGE;
    if !range.contains(&settling_in_days) {
        return Err(AppError::invalid(
            "input.settlingInDays",
            format!("must be between {} and {} days", range.start(), range.end()),
        ));
    }
    let txn = db.begin_write().await?;
    let agreed = matches::find(&*txn, scope, match_id)
        .await?
        .ok_or(AppError::not_found("Match"))?;
    if agreed.status != MatchStatus::Agreed {
        return Err(AppError::conflict(format!(
            "a placement starts from an AGREED match; this one is {}",
            agreed.status.as_str()
        )));
    }
    if store::open_for_child(&*txn, scope, agreed.child_id)
        .await?
        .is_some()
    {
        return Err(AppError::conflict(
            "the child already has an open placement",
        ));
    }
    let child = children::find(&*txn, scope, agreed.child_id.0)
        .await?
        .ok_or(AppError::not_found("Child"))?;
    let referral = referrals::find(&*txn, scope, agreed.referral_id.0)
        .await?
        .ok_or(AppError::not_found("Referral"))?;
    let household = carers::find(&*txn, scope, agreed.household_id.0)
        .await?
        .ok_or(AppError::not_found("CarerHousehold"))?;
    check_start(
        started_on,
        StartFacts {
            date_of_birth: child.details.date_of_birth,
            referred_on: referral.referred_on,
            accepted_on: referral.decided_at.map(crate::dates::uk_date),
            fostering_approved_on: household.details.fostering_approved_on,
            adopter_approved_on: household.details.adopter_approved_on,
        },
    )?;
    let now = Utc::now();
    let placement = Placement {
        id: PlacementId::new(),
        authority_id: agreed.authority_id,
        child_id: agreed.child_id,
        referral_id: agreed.referral_id,
        household_id: agreed.household_id,
        match_id: agreed.id,
        carers_related_to_child: agreed.carers_related_to_child,
        started_on,
        settling_in_days,
        status: PlacementStatus::Fostering,
        placement_order_on: None,
        placed_for_adoption_on: None,
        adoption_basis: None,
        adoption_order_on: None,
        adoption_application: None,
        ended_on: None,
        end_reason: None,
        disruption_reason: None,
        relative_arrangement: None,
        adoption_matched_on: None,
        adopters: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    placement.check_dates(
        referral.entered_care_on,
        crate::dates::today_uk(),
        "input.startedOn",
    )?;
    store::insert(&*txn, &placement).await?;
    matches::transition_in(&*txn, actor, agreed.id, None, MatchStatus::Placed, None).await?;
    let referral = crate::referrals::lifecycle::transition_in(
        &*txn,
        actor,
        agreed.referral_id.0,
        None,
        ReferralStatus::Placed,
        None,
    )
    .await;
    referral.map_err(|err| match err {
        AppError::Conflict(_) => AppError::conflict("the referral is no longer ACCEPTED"),
        other => other,
    })?;
    carers::set_placed(&*txn, actor, agreed.household_id.0, true).await?;
    audit::record(
        &*txn,
        actor,
        store::entry(
            &placement,
            "placement.started",
            Changes::created(&placement),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(placement)
}

/// A placement cannot end before a contact session that was held in it (attended, late or
/// missed by the parent): such an end date contradicts the contact record. Sessions only
/// scheduled after the end are left as they are.
async fn check_no_contact_after<C: ConnectionTrait>(
    txn: &C,
    scope: Scope,
    placement_id: Uuid,
    ended: NaiveDate,
    field: &str,
) -> AppResult<()> {
    let after_end = crate::dates::uk_noon(ended)?;
    // The latest held session decides: every other is on or before its day.
    let latest = contact::latest_held_after(txn, scope, placement_id, after_end).await?;
    match latest.map(crate::dates::uk_date).filter(|day| *day > ended) {
        Some(day) => Err(AppError::invalid(
            field,
            format!("endedOn ({ended}) must not be before a contact session held on {day}"),
        )),
        None => Ok(()),
    }
}

/// Records a milestone or outcome at the version the caller read, within the caller's scope.
/// Closing the household's last open placement makes the household APPROVED again.
pub async fn record(
    db: &Db,
    actor: &Actor,
    id: PlacementId,
    version: i32,
    milestone: Milestone,
) -> AppResult<Placement> {
    let txn = db.begin_write().await?;
    let after = record_in(&*txn, actor, id, Some(version), milestone).await?;
    txn.commit().await?;
    Ok(after)
}

/// The same inside the caller's transaction (a court order dating or completing the placement);
/// `version: None` for such server-driven changes.
pub async fn record_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: PlacementId,
    version: Option<i32>,
    milestone: Milestone,
) -> AppResult<Placement> {
    let scope = actor.scope();
    let before = store::find(txn, scope, id)
        .await?
        .ok_or(AppError::not_found(store::ENTITY))?;
    if version.is_some_and(|v| v != before.version) {
        return Err(AppError::stale_version(before.version));
    }
    let version = before.version;
    if let Milestone::AdoptionMatch { on, .. } = &milestone {
        // SSDA903 rule 333: the match follows the decision that the child should be adopted.
        let decision = adoption_decisions::in_force_for(txn, scope, before.child_id.0).await?;
        match decision {
            None => {
                return Err(AppError::conflict(
                    "record the decision that the child should be placed for adoption first",
                ));
            }
            Some(d) if d.decided_on > *on => {
                return Err(AppError::invalid(
                    "input.matchedOn",
                    "must not be before the decision that the child should be placed for adoption",
                ));
            }
            Some(_) => {}
        }
    }
    let (mut after, action, field) = milestone.apply(&before)?;
    let referral = referrals::find(txn, scope, before.referral_id.0)
        .await?
        .ok_or(AppError::not_found("Referral"))?;
    let now = Utc::now();
    after.check_dates(referral.entered_care_on, crate::dates::today_uk(), field)?;
    if let (Some(ended), None) = (after.ended_on, before.ended_on) {
        check_no_contact_after(txn, scope, before.id.0, ended, field).await?;
    }
    after.version = version + 1;
    after.updated_at = now;
    store::update(txn, scope, &after, version).await?;
    let changes = changes(&before, &after);
    audit::record(txn, actor, store::entry(&after, action, changes)).await?;
    if matches!(
        after.status,
        PlacementStatus::ReturnedToParent
            | PlacementStatus::ReturnedToRelative
            | PlacementStatus::Ended
    ) && referral.status == ReferralStatus::Placed
    {
        // The period of care this referral opened is over: the authority may refer again.
        let ended = after.ended_on.unwrap_or(now.date_naive());
        referral_period::close(txn, actor, referral.id, ended, after.status.as_str()).await?;
    }
    if !after.status.is_open() && !store::household_has_open(txn, after.household_id).await? {
        carers::set_placed(txn, actor, after.household_id.0, false).await?;
    }
    Ok(after)
}
