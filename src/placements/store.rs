//! Reads of `placements` through the caller's Scope (`scoped.rs`), and the row writes the
//! lifecycle service (`lifecycle.rs`) makes inside its transactions.

use chrono::NaiveDate;
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::model::{
    Adopters, AdoptersLegalStatus, AdoptersSex, AdoptionApplication, AdoptionBasis,
    PlaceChangeReason, Placement, PlacementStatus, RelativeArrangement,
};
use crate::audit::model::{AuditEntry, Changes};
use crate::auth::Scope;
use crate::codes::stored;
use crate::entities::placements::{ActiveModel, Column, Entity, Model};
use crate::error::AppResult;
use crate::paging::{Page, PageRequest, fetch_page};
use crate::scoped::Scoped;
use crate::types::TypedId;
use crate::types::ids::{AuthorityId, ChildId, HouseholdId, MatchId, PlacementId, ReferralId};
use crate::versioned::update_at_version;

/// GraphQL type name, used in audit events and NOT_FOUND errors.
pub const ENTITY: &str = "Placement";

/// Which placements to list.
#[derive(Clone, Debug, Default)]
pub struct PlacementFilter {
    /// Only these statuses (empty: all).
    pub statuses: Vec<PlacementStatus>,
    /// Only this child's.
    pub child_id: Option<Uuid>,
    /// Only this household's.
    pub household_id: Option<Uuid>,
    /// Only this referral's.
    pub referral_id: Option<Uuid>,
}

/// A page of the placements the scope may see.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    filter: &PlacementFilter,
    page: PageRequest,
) -> AppResult<Page<Placement>> {
    let mut condition = Entity::visible_to(scope);
    if !filter.statuses.is_empty() {
        condition = condition.add(Column::Status.is_in(filter.statuses.iter().map(|s| s.as_str())));
    }
    if let Some(id) = filter.child_id {
        condition = condition.add(Column::ChildId.eq(id));
    }
    if let Some(id) = filter.household_id {
        condition = condition.add(Column::HouseholdId.eq(id));
    }
    if let Some(id) = filter.referral_id {
        condition = condition.add(Column::ReferralId.eq(id));
    }
    fetch_page(conn, Entity::find().filter(condition), Column::Id, page)
        .await?
        .try_map(into_placement)
}

/// The placements of these referrals that the scope may see, oldest first (one query).
pub async fn for_referrals<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    referral_ids: &[Uuid],
) -> AppResult<Vec<Placement>> {
    if referral_ids.is_empty() {
        return Ok(Vec::new());
    }
    Entity::find_visible(scope)
        .filter(Column::ReferralId.is_in(referral_ids.iter().copied()))
        .order_by_asc(Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(into_placement)
        .collect()
}

/// Every placement the scope may see that started on or before `day`, oldest first (the
/// SSDA903 extract of one authority and year).
pub async fn started_by<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    day: NaiveDate,
) -> AppResult<Vec<Placement>> {
    Entity::find_visible(scope)
        .filter(Column::StartedOn.lte(day))
        .order_by_asc(Column::StartedOn)
        .order_by_asc(Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(into_placement)
        .collect()
}

/// One placement, if the scope may see it.
pub async fn find<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: PlacementId,
) -> AppResult<Option<Placement>> {
    Entity::find_by_id(id.uuid())
        .filter(Entity::visible_to(scope))
        .one(conn)
        .await?
        .map(into_placement)
        .transpose()
}

/// Takes the placement's row lock for the rest of the caller's transaction, so that writers
/// changing its contact sessions (and their stored alerts) go one after the other.
pub async fn lock<C: ConnectionTrait>(txn: &C, id: PlacementId) -> AppResult<()> {
    crate::versioned::lock_row::<Entity, _>(txn, Column::Id, id.uuid()).await
}

/// The placements with these ids that the scope may see.
pub async fn find_many<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    ids: &[Uuid],
) -> AppResult<Vec<Placement>> {
    Entity::find_visible(scope)
        .filter(Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(into_placement)
        .collect()
}

/// The child's open placement, if any, within the scope.
pub async fn open_for_child<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    child_id: ChildId,
) -> AppResult<Option<Placement>> {
    Entity::find_visible(scope)
        .filter(Column::ChildId.eq(child_id))
        .filter(Column::EndedOn.is_null())
        .one(conn)
        .await?
        .map(into_placement)
        .transpose()
}

/// The child's adopted placement, if the scope may see one.
pub async fn adopted_of_child<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    child_id: ChildId,
) -> AppResult<Option<Placement>> {
    Entity::find_visible(scope)
        .filter(Column::ChildId.eq(child_id))
        .filter(Column::Status.eq(PlacementStatus::Adopted.as_str()))
        .one(conn)
        .await?
        .map(into_placement)
        .transpose()
}

/// The children of the household's open placements that the scope may see (the agency's
/// capacity check sees them all).
pub async fn open_children_of_household<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    household_id: HouseholdId,
) -> AppResult<Vec<Uuid>> {
    Ok(Entity::find_visible(scope)
        .filter(Column::HouseholdId.eq(household_id))
        .filter(Column::EndedOn.is_null())
        .all(conn)
        .await?
        .into_iter()
        .map(|p| p.child_id)
        .collect())
}

/// Whether the household still has an open placement (of any authority: the household is the
/// agency's, and this decides its own status).
pub async fn household_has_open<C: ConnectionTrait>(
    conn: &C,
    household_id: HouseholdId,
) -> AppResult<bool> {
    Ok(!open_children_of_household(conn, Scope::All, household_id)
        .await?
        .is_empty())
}

/// The households with an open placement, as a sub-select of `household_id` (the search for
/// available households excludes them).
pub fn households_with_open_placement() -> SelectStatement {
    Query::select()
        .column(Column::HouseholdId)
        .from(Entity)
        .and_where(Column::EndedOn.is_null())
        .to_owned()
}

/// The start day and settling-in period of each of these placements (the agency's recompute of
/// stored contact alerts).
pub async fn starts<C: ConnectionTrait>(
    conn: &C,
    ids: Vec<Uuid>,
) -> AppResult<Vec<(Uuid, NaiveDate, i32)>> {
    Ok(Entity::find_visible(Scope::All)
        .select_only()
        .column(Column::Id)
        .column(Column::StartedOn)
        .column(Column::SettlingInDays)
        .filter(Column::Id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Inserts a new placement.
pub async fn insert<C: ConnectionTrait>(txn: &C, placement: &Placement) -> AppResult<()> {
    let mut row = row_of(placement);
    row.id = Set(placement.id.0);
    row.authority_id = Set(placement.authority_id.0);
    row.child_id = Set(placement.child_id.0);
    row.referral_id = Set(placement.referral_id.0);
    row.household_id = Set(placement.household_id.0);
    row.match_id = Set(placement.match_id.0);
    row.carers_related_to_child = Set(placement.carers_related_to_child);
    row.started_on = Set(placement.started_on);
    row.settling_in_days = Set(placement.settling_in_days);
    row.created_at = Set(placement.created_at);
    Entity::insert(row).exec_without_returning(txn).await?;
    Ok(())
}

/// Writes `after` over the placement the scope may see, if it is still at `version`.
pub async fn update<C: ConnectionTrait>(
    txn: &C,
    scope: Scope,
    after: &Placement,
    version: i32,
) -> AppResult<()> {
    let mut row = row_of(after);
    row.version = Set(after.version);
    let filter = Entity::visible_to(scope).add(Column::Id.eq(after.id));
    update_at_version::<Entity, _>(txn, row, filter, Column::Version, version).await?;
    Ok(())
}

/// The audit event of a change to `placement`.
pub(super) fn entry(placement: &Placement, action: &'static str, changes: Changes) -> AuditEntry {
    AuditEntry {
        authority_id: Some(placement.authority_id.0),
        action,
        entity_type: ENTITY,
        entity_id: placement.id.0,
        changes,
    }
}

/// The columns that milestones change.
fn row_of(p: &Placement) -> ActiveModel {
    ActiveModel {
        status: Set(p.status.as_str().to_owned()),
        placement_order_on: Set(p.placement_order_on),
        placed_for_adoption_on: Set(p.placed_for_adoption_on),
        adoption_basis: Set(p.adoption_basis.map(|b| b.as_str().to_owned())),
        adoption_order_on: Set(p.adoption_order_on),
        adoption_application: Set(p.adoption_application.map(|a| a.as_str().to_owned())),
        ended_on: Set(p.ended_on),
        end_reason: Set(p.end_reason.clone()),
        disruption_reason: Set(p.disruption_reason.map(|r| r.as_str().to_owned())),
        relative_arrangement: Set(p.relative_arrangement.map(|r| r.as_str().to_owned())),
        adoption_matched_on: Set(p.adoption_matched_on),
        adopters_sex: Set(p.adopters.map(|a| a.sex.as_str().to_owned())),
        adopters_legal_status: Set(p.adopters.map(|a| a.legal_status.as_str().to_owned())),
        version: Set(p.version),
        updated_at: Set(p.updated_at),
        ..Default::default()
    }
}

fn optional<T>(
    value: Option<String>,
    parse: fn(&str) -> Option<T>,
    what: &str,
) -> AppResult<Option<T>> {
    value.as_deref().map(|v| stored(v, parse, what)).transpose()
}

fn into_placement(row: Model) -> AppResult<Placement> {
    Ok(Placement {
        id: PlacementId(row.id),
        authority_id: AuthorityId(row.authority_id),
        child_id: ChildId(row.child_id),
        referral_id: ReferralId(row.referral_id),
        household_id: HouseholdId(row.household_id),
        match_id: MatchId(row.match_id),
        carers_related_to_child: row.carers_related_to_child,
        started_on: row.started_on,
        settling_in_days: row.settling_in_days,
        status: stored(&row.status, PlacementStatus::parse, "placement status")?,
        placement_order_on: row.placement_order_on,
        placed_for_adoption_on: row.placed_for_adoption_on,
        adoption_basis: optional(row.adoption_basis, AdoptionBasis::parse, "adoption basis")?,
        adoption_order_on: row.adoption_order_on,
        adoption_application: optional(
            row.adoption_application,
            AdoptionApplication::parse,
            "adoption application",
        )?,
        ended_on: row.ended_on,
        end_reason: row.end_reason,
        disruption_reason: optional(
            row.disruption_reason,
            PlaceChangeReason::parse,
            "place change reason",
        )?,
        relative_arrangement: optional(
            row.relative_arrangement,
            RelativeArrangement::parse,
            "relative arrangement",
        )?,
        adoption_matched_on: row.adoption_matched_on,
        adopters: match (
            optional(row.adopters_sex, AdoptersSex::parse, "adopters' sex")?,
            optional(
                row.adopters_legal_status,
                AdoptersLegalStatus::parse,
                "adopters' legal status",
            )?,
        ) {
            (Some(sex), Some(legal_status)) => Some(Adopters { sex, legal_status }),
            _ => None,
        },
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}
