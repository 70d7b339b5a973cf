//! Queries on `referrals`. Every function takes the caller's Scope (directly, or through the
//! Actor) and filters by `authority_id` in SQL.

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::model::{
    CommissionedService, ProceedingsStage, Referral, ReferralFacts, ReferralPatch, ReferralRoute,
    ReferralStatus, RiskFactor, SocialWorker,
};
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::{Actor, Scope};
use crate::codes::{join_codes, stored, stored_list};
use crate::db::Db;
use crate::entities::referrals::{ActiveModel, Column, Entity, Model};
use crate::error::{AppError, AppResult};
use crate::paging::{Page, PageRequest, fetch_page};
use crate::scoped::Scoped;
use crate::versioned::update_at_version;

/// GraphQL type name, used in audit events and NOT_FOUND errors.
pub const ENTITY: &str = "Referral";

/// Which referrals to list.
#[derive(Clone, Debug, Default)]
pub struct ReferralFilter {
    /// Only these statuses (empty: all).
    pub statuses: Vec<ReferralStatus>,
    /// Referred on or after.
    pub referred_from: Option<NaiveDate>,
    /// Referred on or before.
    pub referred_to: Option<NaiveDate>,
    /// Only this child's referrals.
    pub child_id: Option<Uuid>,
}

/// A page of the referrals the scope may see, in creation order.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    filter: &ReferralFilter,
    page: PageRequest,
) -> AppResult<Page<Referral>> {
    let mut condition = Entity::visible_to(scope);
    if !filter.statuses.is_empty() {
        condition = condition.add(Column::Status.is_in(filter.statuses.iter().map(|s| s.as_str())));
    }
    if let Some(from) = filter.referred_from {
        condition = condition.add(Column::ReferredOn.gte(from));
    }
    if let Some(to) = filter.referred_to {
        condition = condition.add(Column::ReferredOn.lte(to));
    }
    if let Some(child_id) = filter.child_id {
        condition = condition.add(Column::ChildId.eq(child_id));
    }
    fetch_page(conn, Entity::find().filter(condition), Column::Id, page)
        .await?
        .try_map(into_referral)
}

/// One referral, if the scope may see it.
pub async fn find<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: Uuid,
) -> AppResult<Option<Referral>> {
    Entity::find_by_id(id)
        .filter(Entity::visible_to(scope))
        .one(conn)
        .await?
        .map(into_referral)
        .transpose()
}

/// The referrals with these ids that the scope may see.
pub async fn find_many<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    ids: &[Uuid],
) -> AppResult<Vec<Referral>> {
    Entity::find_visible(scope)
        .filter(Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(into_referral)
        .collect()
}

/// The child's open referral (SUBMITTED, ACCEPTED or PLACED), if any, within the scope.
pub async fn open_for_child<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    child_id: Uuid,
) -> AppResult<Option<Referral>> {
    let open = [
        ReferralStatus::Submitted,
        ReferralStatus::Accepted,
        ReferralStatus::Placed,
    ];
    Entity::find_visible(scope)
        .filter(Column::ChildId.eq(child_id))
        .filter(Column::Status.is_in(open.iter().map(|s| s.as_str())))
        .one(conn)
        .await?
        .map(into_referral)
        .transpose()
}

/// Takes the referral's row lock for the rest of the caller's transaction (see
/// `carers::store::lock`).
pub async fn lock<C: ConnectionTrait>(txn: &C, id: Uuid) -> AppResult<()> {
    crate::versioned::lock_row::<Entity, _>(txn, Column::Id, id).await
}

/// Changes the facts of the LA's own referral at the version the caller read. Closed referrals
/// (declined, withdrawn) cannot change.
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    patch: ReferralPatch,
) -> AppResult<Referral> {
    let scope = actor.scope();
    let txn = db.begin_write().await?;
    let before = load_for_change(&*txn, scope, id, version).await?;
    let facts = patch.apply(&before)?;
    if !before.status.is_open() {
        return Err(AppError::conflict(format!(
            "a {} referral can no longer be changed",
            before.status.as_str()
        )));
    }
    if before.route == ReferralRoute::SpotPurchase && facts.purchase_order_ref.is_none() {
        return Err(AppError::invalid(
            "input.purchaseOrderRef",
            "a spot-purchase referral needs a purchase-order reference",
        ));
    }
    let changes = Changes::new()
        .field(
            "proceedingsStage",
            &before.proceedings_stage,
            &facts.proceedings_stage,
        )
        .field(
            "returnHomeUnlikely",
            &before.return_home_unlikely,
            &facts.return_home_unlikely,
        )
        .field("riskFactors", &before.risk_factors, &facts.risk_factors)
        .field("riskNotes", &before.risk_notes, &facts.risk_notes)
        .field(
            "servicesCommissioned",
            &before.services_commissioned,
            &facts.services_commissioned,
        )
        .field("socialWorker", &before.social_worker, &facts.social_worker)
        .field(
            "purchaseOrderRef",
            &before.purchase_order_ref,
            &facts.purchase_order_ref,
        );
    if changes.is_empty() {
        return Ok(before);
    }
    let mut row = facts_row(&facts);
    row.version = Set(version + 1);
    row.updated_at = Set(Utc::now());
    save(&*txn, scope, id, version, row).await?;
    audit::record(
        &*txn,
        actor,
        AuditEntry {
            authority_id: Some(before.authority_id),
            action: "referral.updated",
            entity_type: ENTITY,
            entity_id: id,
            changes: changes.field("version", &json!(version), &json!(version + 1)),
        },
    )
    .await?;
    let after = find(&*txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    txn.commit().await?;
    Ok(after)
}

/// Loads a referral for a change: NOT_FOUND outside the scope, CONFLICT on a stale version.
pub(super) async fn load_for_change<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: Uuid,
    version: i32,
) -> AppResult<Referral> {
    let referral = find(conn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    if referral.version != version {
        return Err(AppError::stale_version(referral.version));
    }
    Ok(referral)
}

/// Writes `row` to the referral if it is still at `version` and inside the scope.
pub(super) async fn save<C: ConnectionTrait>(
    txn: &C,
    scope: Scope,
    id: Uuid,
    version: i32,
    row: ActiveModel,
) -> AppResult<()> {
    let filter = Entity::visible_to(scope).add(Column::Id.eq(id));
    update_at_version::<Entity, _>(txn, row, filter, Column::Version, version).await
}

/// The columns holding the LA-supplied facts.
pub(super) fn facts_row(facts: &ReferralFacts) -> ActiveModel {
    ActiveModel {
        proceedings_stage: Set(facts.proceedings_stage.as_str().to_owned()),
        return_home_unlikely: Set(facts.return_home_unlikely),
        risk_factors: Set(join_codes(&facts.risk_factors, RiskFactor::as_str)),
        risk_notes: Set(facts.risk_notes.clone()),
        services_commissioned: Set(join_codes(
            &facts.services_commissioned,
            CommissionedService::as_str,
        )),
        social_worker_name: Set(facts.social_worker.name.clone()),
        social_worker_email: Set(facts.social_worker.email.clone()),
        social_worker_phone: Set(facts.social_worker.phone.clone()),
        purchase_order_ref: Set(facts.purchase_order_ref.clone()),
        ..Default::default()
    }
}

fn into_referral(row: Model) -> AppResult<Referral> {
    Ok(Referral {
        id: row.id,
        authority_id: row.authority_id,
        child_id: row.child_id,
        route: stored(&row.route, ReferralRoute::parse, "route")?,
        purchase_order_ref: row.purchase_order_ref,
        referred_on: row.referred_on,
        entered_care_on: row.entered_care_on,
        closed_on: row.closed_on,
        entry_legal_status: row
            .entry_legal_status
            .as_deref()
            .map(|code| {
                stored(
                    code,
                    crate::children::model::LegalStatus::parse,
                    "legal status",
                )
            })
            .transpose()?,
        status: stored(&row.status, ReferralStatus::parse, "referral status")?,
        proceedings_stage: stored(
            &row.proceedings_stage,
            ProceedingsStage::parse,
            "proceedings stage",
        )?,
        return_home_unlikely: row.return_home_unlikely,
        risk_factors: stored_list(&row.risk_factors, RiskFactor::parse, "risk factor")?,
        risk_notes: row.risk_notes,
        services_commissioned: stored_list(
            &row.services_commissioned,
            CommissionedService::parse,
            "commissioned service",
        )?,
        social_worker: SocialWorker {
            name: row.social_worker_name,
            email: row.social_worker_email,
            phone: row.social_worker_phone,
        },
        decision_reason: row.decision_reason,
        decided_at: row.decided_at,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}
