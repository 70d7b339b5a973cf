//! Queries on `matches`, scoped by the child's authority.

use chrono::Utc;
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::model::{Match, MatchStatus};
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::{Actor, Scope};
use crate::carers::model::HouseholdStatus;
use crate::carers::store as carers;
use crate::children::model::Child;
use crate::children::store as children;
use crate::codes::stored;
use crate::db::Db;
use crate::entities::matches::{ActiveModel, Column, Entity, Model};
use crate::error::{AppError, AppResult};
use crate::paging::{Page, PageRequest, fetch_page};
use crate::placements::store as placements;
use crate::referrals::model::ReferralStatus;
use crate::referrals::store as referrals;
use crate::scoped::Scoped;
use crate::types::ids::{AuthorityId, ChildId, HouseholdId, MatchId, ReferralId};
use crate::versioned::update_at_version;

/// GraphQL type name, used in audit events and NOT_FOUND errors.
pub const ENTITY: &str = "Match";

/// Which matches to list.
#[derive(Clone, Debug, Default)]
pub struct MatchFilter {
    /// Only these statuses (empty: all).
    pub statuses: Vec<MatchStatus>,
    /// Only this referral's matches.
    pub referral_id: Option<Uuid>,
    /// Only this household's matches.
    pub household_id: Option<Uuid>,
}

/// A page of the matches the scope may see.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    filter: &MatchFilter,
    page: PageRequest,
) -> AppResult<Page<Match>> {
    let mut condition = Entity::visible_to(scope);
    if !filter.statuses.is_empty() {
        condition = condition.add(Column::Status.is_in(filter.statuses.iter().map(|s| s.as_str())));
    }
    if let Some(id) = filter.referral_id {
        condition = condition.add(Column::ReferralId.eq(id));
    }
    if let Some(id) = filter.household_id {
        condition = condition.add(Column::HouseholdId.eq(id));
    }
    fetch_page(conn, Entity::find().filter(condition), Column::Id, page)
        .await?
        .try_map(into_match)
}

/// One match, if the scope may see it.
pub async fn find<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: MatchId,
) -> AppResult<Option<Match>> {
    Entity::find_by_id(id)
        .filter(Entity::visible_to(scope))
        .one(conn)
        .await?
        .map(into_match)
        .transpose()
}

/// The matches with these ids that the scope may see.
pub async fn find_many<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    ids: &[Uuid],
) -> AppResult<Vec<Match>> {
    Entity::find_visible(scope)
        .filter(Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(into_match)
        .collect()
}

/// What the agency proposes.
pub struct Proposal {
    /// An ACCEPTED referral.
    pub referral_id: Uuid,
    /// A dually approved household with free capacity.
    pub household_id: Uuid,
    /// The carers are relatives or friends of the child.
    pub carers_related_to_child: bool,
    /// Why these carers.
    pub rationale: Option<String>,
}

/// Proposes a household for a referral (agency roles).
pub async fn propose(db: &Db, actor: &Actor, proposal: Proposal) -> AppResult<Match> {
    actor.require_agency("proposes matches")?;
    let scope = actor.scope();
    let txn = db.begin_write().await?;
    // Lock in a fixed order (referral, then household) before reading what the checks need.
    referrals::lock(&*txn, proposal.referral_id).await?;
    carers::lock(&*txn, proposal.household_id).await?;
    let referral = referrals::find(&*txn, scope, proposal.referral_id)
        .await?
        .ok_or(AppError::not_found("Referral"))?;
    if referral.status != ReferralStatus::Accepted {
        return Err(AppError::conflict(format!(
            "only an ACCEPTED referral can be matched; this one is {}",
            referral.status.as_str()
        )));
    }
    let live = Entity::find_visible(scope)
        .filter(Column::ReferralId.eq(referral.id))
        .filter(Column::Status.is_in(MatchStatus::live_codes()))
        .one(&*txn)
        .await?;
    if live.is_some() {
        return Err(AppError::conflict(
            "the referral already has a live match; withdraw it first",
        ));
    }
    let household = carers::find(&*txn, scope, proposal.household_id)
        .await?
        .ok_or(AppError::not_found("CarerHousehold"))?;
    if !household.details.dually_approved()
        || !matches!(
            household.status,
            HouseholdStatus::Approved | HouseholdStatus::Placed
        )
    {
        return Err(AppError::invalid(
            "input.householdId",
            "the household must be approved both to foster and to adopt",
        ));
    }
    check_capacity(
        &*txn,
        household.id,
        household.details.capacity.children(),
        referral.child_id,
    )
    .await?;
    let now = Utc::now();
    let row = Model {
        id: Uuid::now_v7(),
        authority_id: referral.authority_id,
        referral_id: referral.id,
        child_id: referral.child_id,
        household_id: household.id,
        status: MatchStatus::Proposed.as_str().to_owned(),
        carers_related_to_child: proposal.carers_related_to_child,
        rationale: proposal.rationale,
        decision_reason: None,
        decided_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    Entity::insert(ActiveModel::from(row.clone()))
        .exec_without_returning(&*txn)
        .await?;
    let created = into_match(row)?;
    audit::record(
        &*txn,
        actor,
        AuditEntry {
            authority_id: Some(created.authority_id.0),
            action: "match.proposed",
            entity_type: ENTITY,
            entity_id: created.id.0,
            changes: Changes::created(&created),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Refuses a household that is full, or that holds a child who is not this child's sibling.
async fn check_capacity<C: ConnectionTrait>(
    conn: &C,
    household_id: Uuid,
    capacity: usize,
    child_id: Uuid,
) -> AppResult<()> {
    let mut occupants: Vec<Uuid> = Entity::find()
        .filter(Column::HouseholdId.eq(household_id))
        .filter(Column::Status.is_in(MatchStatus::live_codes()))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.child_id)
        .collect();
    occupants.extend(
        placements::open_children_of_household(conn, Scope::All, HouseholdId(household_id)).await?,
    );
    if occupants.is_empty() {
        return Ok(());
    }
    if occupants.len() >= capacity {
        return Err(AppError::invalid(
            "input.householdId",
            "the household has no free capacity",
        ));
    }
    let group_of = |child: &Child| (child.authority_id, child.details.sibling_group.clone());
    let candidate = children::find(conn, Scope::All, child_id)
        .await?
        .ok_or(AppError::not_found("Child"))?;
    let (candidate_authority, candidate_group) = group_of(&candidate);
    let others = children::find_many(conn, Scope::All, &occupants).await?;
    let all_siblings = candidate_group.is_some()
        && others
            .iter()
            .all(|other| group_of(other) == (candidate_authority, candidate_group.clone()));
    if all_siblings {
        Ok(())
    } else {
        Err(AppError::invalid(
            "input.householdId",
            "the household already has a child who is not recorded as this child's sibling",
        ))
    }
}

/// Moves a match along its lifecycle at the version the caller read, within the caller's scope.
pub async fn transition(
    db: &Db,
    actor: &Actor,
    id: MatchId,
    version: i32,
    to: MatchStatus,
    reason: Option<String>,
) -> AppResult<Match> {
    let txn = db.begin_write().await?;
    let moved = transition_in(&*txn, actor, id, Some(version), to, reason).await?;
    txn.commit().await?;
    Ok(moved)
}

/// The same move inside the caller's transaction (`version: None` for server-driven moves).
pub async fn transition_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: MatchId,
    version: Option<i32>,
    to: MatchStatus,
    reason: Option<String>,
) -> AppResult<Match> {
    let scope = actor.scope();
    let before = find(txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    if version.is_some_and(|v| v != before.version) {
        return Err(AppError::stale_version(before.version));
    }
    if !before.status.can_move_to(to) {
        return Err(AppError::conflict(format!(
            "a {} match cannot become {}",
            before.status.as_str(),
            to.as_str()
        )));
    }
    let now = Utc::now();
    let decided = to != MatchStatus::Placed;
    let decision_reason = if decided {
        reason
    } else {
        before.decision_reason.clone()
    };
    let decided_at = if decided {
        Some(now)
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
    let filter = Entity::visible_to(scope).add(Column::Id.eq(id));
    update_at_version::<Entity, _>(txn, row, filter, Column::Version, before.version).await?;
    audit::record(
        txn,
        actor,
        AuditEntry {
            authority_id: Some(before.authority_id.0),
            action: match to {
                MatchStatus::Proposed => "match.proposed",
                MatchStatus::Agreed => "match.agreed",
                MatchStatus::Rejected => "match.rejected",
                MatchStatus::Withdrawn => "match.withdrawn",
                MatchStatus::Placed => "match.placed",
            },
            entity_type: ENTITY,
            entity_id: id.0,
            changes: Changes::new()
                .field("status", &before.status, &to)
                .field("decisionReason", &before.decision_reason, &decision_reason)
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

fn into_match(row: Model) -> AppResult<Match> {
    Ok(Match {
        id: MatchId(row.id),
        authority_id: AuthorityId(row.authority_id),
        referral_id: ReferralId(row.referral_id),
        child_id: ChildId(row.child_id),
        household_id: HouseholdId(row.household_id),
        status: stored(&row.status, MatchStatus::parse, "match status")?,
        carers_related_to_child: row.carers_related_to_child,
        rationale: row.rationale,
        decision_reason: row.decision_reason,
        decided_at: row.decided_at,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// The households with a live (proposed or agreed) match, as a sub-select of `household_id`
/// (the search for available households excludes them).
pub fn households_with_live_match() -> SelectStatement {
    Query::select()
        .column(Column::HouseholdId)
        .from(Entity)
        .and_where(Column::Status.is_in(MatchStatus::live_codes()))
        .to_owned()
}

/// Whether the household has a live (proposed or agreed) match, of any authority (the
/// household is the agency's, and this decides whether it may close).
pub async fn household_has_live_match<C: ConnectionTrait>(
    conn: &C,
    household_id: HouseholdId,
) -> AppResult<bool> {
    Ok(Entity::find_visible(Scope::All)
        .filter(Column::HouseholdId.eq(household_id))
        .filter(Column::Status.is_in(MatchStatus::live_codes()))
        .one(conn)
        .await?
        .is_some())
}
