//! Queries on `placements`, scoped by the child's authority; starting a placement and
//! recording its milestones and outcome, each in one transaction.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use super::model::{
    Adopters, AdoptersLegalStatus, AdoptersSex, AdoptionApplication, AdoptionBasis,
    PlaceChangeReason, Placement, PlacementStatus, RelativeArrangement,
};
use super::starting::{StartFacts, check_start};
use crate::adoption_decisions::store as adoption_decisions;
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::{Actor, Scope};
use crate::carers::store as carers;
use crate::children::store as children;
use crate::codes::stored;
use crate::db::Db;
use crate::entities::placements::{ActiveModel, Column, Entity, Model};
use crate::error::{AppError, AppResult};
use crate::matches::model::MatchStatus;
use crate::matches::store as matches;
use crate::paging::{Page, PageRequest, fetch_page};
use crate::referrals::model::ReferralStatus;
use crate::referrals::period as referral_period;
use crate::referrals::store as referrals;
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
    let mut condition = scope.condition(Column::AuthorityId);
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
    Entity::find()
        .filter(scope.condition(Column::AuthorityId))
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
    Entity::find()
        .filter(scope.condition(Column::AuthorityId))
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
    id: Uuid,
) -> AppResult<Option<Placement>> {
    Entity::find_by_id(id)
        .filter(scope.condition(Column::AuthorityId))
        .one(conn)
        .await?
        .map(into_placement)
        .transpose()
}

/// Takes the placement's row lock for the rest of the caller's transaction, so that writers
/// changing its contact sessions (and their stored alerts) go one after the other.
pub async fn lock<C: ConnectionTrait>(txn: &C, id: Uuid) -> AppResult<()> {
    crate::versioned::lock_row::<Entity, _>(txn, Column::Id, id).await
}

/// The placements with these ids that the scope may see.
pub async fn find_many<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    ids: &[Uuid],
) -> AppResult<Vec<Placement>> {
    Entity::find()
        .filter(scope.condition(Column::AuthorityId))
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
    child_id: Uuid,
) -> AppResult<Option<Placement>> {
    Entity::find()
        .filter(scope.condition(Column::AuthorityId))
        .filter(Column::ChildId.eq(child_id))
        .filter(Column::EndedOn.is_null())
        .one(conn)
        .await?
        .map(into_placement)
        .transpose()
}

/// Starts the placement of an AGREED match (agency roles): the match and the referral become
/// PLACED and the household PLACED, in the same transaction.
pub async fn start(
    db: &Db,
    actor: &Actor,
    match_id: Uuid,
    started_on: NaiveDate,
    settling_in_days: i32,
) -> AppResult<Placement> {
    let scope = actor.scope();
    if scope != Scope::All {
        return Err(AppError::forbidden("only the agency starts placements"));
    }
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
    let open = Entity::find()
        .filter(Column::ChildId.eq(agreed.child_id))
        .filter(Column::EndedOn.is_null())
        .one(&*txn)
        .await?;
    if open.is_some() {
        return Err(AppError::conflict(
            "the child already has an open placement",
        ));
    }
    let child = children::find(&*txn, scope, agreed.child_id)
        .await?
        .ok_or(AppError::not_found("Child"))?;
    let referral = referrals::find(&*txn, scope, agreed.referral_id)
        .await?
        .ok_or(AppError::not_found("Referral"))?;
    let household = carers::find(&*txn, scope, agreed.household_id)
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
        id: Uuid::now_v7(),
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
    let mut row = row_of(&placement);
    row.id = Set(placement.id);
    row.authority_id = Set(placement.authority_id);
    row.child_id = Set(placement.child_id);
    row.referral_id = Set(placement.referral_id);
    row.household_id = Set(placement.household_id);
    row.match_id = Set(placement.match_id);
    row.carers_related_to_child = Set(placement.carers_related_to_child);
    row.started_on = Set(placement.started_on);
    row.settling_in_days = Set(placement.settling_in_days);
    row.created_at = Set(now);
    Entity::insert(row).exec_without_returning(&*txn).await?;
    matches::transition_in(&*txn, actor, agreed.id, None, MatchStatus::Placed, None).await?;
    let referral = referrals::transition_in(
        &*txn,
        actor,
        agreed.referral_id,
        None,
        ReferralStatus::Placed,
        None,
    )
    .await;
    referral.map_err(|err| match err {
        AppError::Conflict(_) => AppError::conflict("the referral is no longer ACCEPTED"),
        other => other,
    })?;
    carers::set_placed(&*txn, actor, agreed.household_id, true).await?;
    audit::record(
        &*txn,
        actor,
        entry(
            &placement,
            "placement.started",
            Changes::created(&placement),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(placement)
}

/// A milestone or outcome to record on a placement.
#[derive(Clone, Debug)]
pub enum Milestone {
    /// The court made a placement order (the placement stays FOSTERING).
    PlacementOrder {
        /// Date of the order.
        on: NaiveDate,
    },
    /// The child is placed for adoption with the same carers.
    PlacedForAdoption {
        /// Date placed for adoption.
        on: NaiveDate,
        /// Placement order or consent.
        basis: AdoptionBasis,
    },
    /// The adoption order was made.
    Adopted {
        /// Date of the order.
        on: NaiveDate,
        /// Unopposed or consent dispensed with.
        application: AdoptionApplication,
    },
    /// The child was matched for adoption with these carers (they are named as adopters).
    AdoptionMatch {
        /// Date of the match.
        on: NaiveDate,
        /// The adopters.
        adopters: Adopters,
    },
    /// The placement ended otherwise.
    Ended {
        /// RETURNED_TO_PARENT, RETURNED_TO_RELATIVE or ENDED.
        outcome: PlacementStatus,
        /// Date it ended.
        on: NaiveDate,
        /// Why (required for ENDED).
        reason: Option<String>,
        /// SSDA903 reason for the change (ENDED only).
        disruption_reason: Option<PlaceChangeReason>,
        /// The order under which a child went to a relative (RETURNED_TO_RELATIVE only).
        relative_arrangement: Option<RelativeArrangement>,
    },
}

impl Milestone {
    /// The placement after this milestone, or why it cannot be recorded.
    fn apply(self, before: &Placement) -> AppResult<(Placement, &'static str, &'static str)> {
        let mut after = before.clone();
        let (to, action, field) = match self {
            Milestone::PlacementOrder { on } => {
                if before.status != PlacementStatus::Fostering {
                    return Err(not_now(before.status, "record a placement order"));
                }
                after.placement_order_on = Some(on);
                (
                    PlacementStatus::Fostering,
                    "placement.placement_order_recorded",
                    "input.placementOrderOn",
                )
            }
            Milestone::AdoptionMatch { on, adopters } => {
                if !before.status.is_open() {
                    return Err(not_now(before.status, "record an adoption match"));
                }
                if on < before.started_on {
                    return Err(AppError::invalid(
                        "input.matchedOn",
                        "must not be before the placement started",
                    ));
                }
                if before
                    .placed_for_adoption_on
                    .is_some_and(|placed| on > placed)
                {
                    return Err(AppError::invalid(
                        "input.matchedOn",
                        "must not be after the date placed for adoption",
                    ));
                }
                after.adoption_matched_on = Some(on);
                after.adopters = Some(adopters);
                (
                    before.status,
                    "placement.adoption_matched",
                    "input.matchedOn",
                )
            }
            Milestone::PlacedForAdoption { on, basis } => {
                if before
                    .adoption_matched_on
                    .is_some_and(|matched| matched > on)
                {
                    return Err(AppError::invalid(
                        "input.placedForAdoptionOn",
                        "must not be before the adoption match",
                    ));
                }
                if basis == AdoptionBasis::PlacementOrder && before.placement_order_on.is_none() {
                    return Err(AppError::invalid(
                        "input.basis",
                        "record the placement order first",
                    ));
                }
                after.placed_for_adoption_on = Some(on);
                after.adoption_basis = Some(basis);
                (
                    PlacementStatus::PlacedForAdoption,
                    "placement.placed_for_adoption",
                    "input.placedForAdoptionOn",
                )
            }
            Milestone::Adopted { on, application } => {
                after.adoption_order_on = Some(on);
                after.adoption_application = Some(application);
                after.ended_on = Some(on);
                (
                    PlacementStatus::Adopted,
                    "placement.adopted",
                    "input.adoptionOrderOn",
                )
            }
            Milestone::Ended {
                outcome,
                on,
                reason,
                disruption_reason,
                relative_arrangement,
            } => {
                if !matches!(
                    outcome,
                    PlacementStatus::ReturnedToParent
                        | PlacementStatus::ReturnedToRelative
                        | PlacementStatus::Ended
                ) {
                    return Err(AppError::invalid(
                        "input.outcome",
                        "must be RETURNED_TO_PARENT, RETURNED_TO_RELATIVE or ENDED",
                    ));
                }
                if outcome == PlacementStatus::Ended && reason.is_none() {
                    return Err(AppError::invalid(
                        "input.reason",
                        "say why the placement ended",
                    ));
                }
                if disruption_reason.is_some() && outcome != PlacementStatus::Ended {
                    return Err(AppError::invalid(
                        "input.disruptionReason",
                        "only an ENDED placement has a disruption reason",
                    ));
                }
                if relative_arrangement.is_some() && outcome != PlacementStatus::ReturnedToRelative
                {
                    return Err(AppError::invalid(
                        "input.relativeArrangement",
                        "only for RETURNED_TO_RELATIVE",
                    ));
                }
                after.ended_on = Some(on);
                after.end_reason = reason;
                after.disruption_reason = disruption_reason;
                after.relative_arrangement = match outcome {
                    PlacementStatus::ReturnedToRelative => {
                        Some(relative_arrangement.unwrap_or(RelativeArrangement::NoOrder))
                    }
                    _ => None,
                };
                let action = match outcome {
                    PlacementStatus::ReturnedToParent => "placement.returned_to_parent",
                    PlacementStatus::ReturnedToRelative => "placement.returned_to_relative",
                    _ => "placement.ended",
                };
                (outcome, action, "input.endedOn")
            }
        };
        if to != before.status && !before.status.can_move_to(to) {
            return Err(not_now(
                before.status,
                &format!("move it to {}", to.as_str()),
            ));
        }
        after.status = to;
        Ok((after, action, field))
    }
}

/// A placement cannot end before a contact session that was held in it (attended, late or
/// missed by the parent): such an end date contradicts the contact record. Sessions only
/// scheduled after the end are left as they are. Reads the placement's own sessions (the
/// contact store depends on this one, so the table is read here directly).
async fn check_no_contact_after<C: ConnectionTrait>(
    txn: &C,
    scope: Scope,
    placement_id: Uuid,
    ended: NaiveDate,
    field: &str,
) -> AppResult<()> {
    use crate::entities::contact_sessions as sessions;
    let held = ["ATTENDED", "PARENT_LATE", "PARENT_DID_NOT_ATTEND"];
    let after_end = crate::dates::uk_noon(ended)?;
    let later = sessions::Entity::find()
        .filter(scope.condition(sessions::Column::AuthorityId))
        .filter(sessions::Column::PlacementId.eq(placement_id))
        .filter(sessions::Column::Outcome.is_in(held))
        .filter(sessions::Column::StartsAt.gt(after_end))
        .order_by_desc(sessions::Column::StartsAt)
        .all(txn)
        .await?;
    match later
        .iter()
        .map(|s| crate::dates::uk_date(s.starts_at))
        .find(|day| *day > ended)
    {
        Some(day) => Err(AppError::invalid(
            field,
            format!("endedOn ({ended}) must not be before a contact session held on {day}"),
        )),
        None => Ok(()),
    }
}

fn not_now(status: PlacementStatus, what: &str) -> AppError {
    AppError::conflict(format!(
        "cannot {what}: the placement is {}",
        status.as_str()
    ))
}

/// Records a milestone or outcome at the version the caller read, within the caller's scope.
/// Closing the household's last open placement makes the household APPROVED again.
pub async fn record(
    db: &Db,
    actor: &Actor,
    id: Uuid,
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
    id: Uuid,
    version: Option<i32>,
    milestone: Milestone,
) -> AppResult<Placement> {
    let scope = actor.scope();
    let before = find(txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    if version.is_some_and(|v| v != before.version) {
        return Err(AppError::stale_version(before.version));
    }
    let version = before.version;
    if let Milestone::AdoptionMatch { on, .. } = &milestone {
        // SSDA903 rule 333: the match follows the decision that the child should be adopted.
        let decision = adoption_decisions::in_force_for(txn, scope, before.child_id).await?;
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
    let referral = referrals::find(txn, scope, before.referral_id)
        .await?
        .ok_or(AppError::not_found("Referral"))?;
    let now = Utc::now();
    after.check_dates(referral.entered_care_on, crate::dates::today_uk(), field)?;
    if let (Some(ended), None) = (after.ended_on, before.ended_on) {
        check_no_contact_after(txn, scope, before.id, ended, field).await?;
    }
    after.version = version + 1;
    after.updated_at = now;
    let mut row = row_of(&after);
    row.version = Set(after.version);
    let filter = scope.condition(Column::AuthorityId).add(Column::Id.eq(id));
    update_at_version::<Entity, _>(txn, row, filter, Column::Version, version).await?;
    audit::record(txn, actor, entry(&after, action, diff(&before, &after))).await?;
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
    if !after.status.is_open() {
        let still_open = Entity::find()
            .filter(Column::HouseholdId.eq(after.household_id))
            .filter(Column::EndedOn.is_null())
            .one(txn)
            .await?;
        if still_open.is_none() {
            carers::set_placed(txn, actor, after.household_id, false).await?;
        }
    }
    Ok(after)
}

fn entry(placement: &Placement, action: &'static str, changes: Changes) -> AuditEntry {
    AuditEntry {
        authority_id: Some(placement.authority_id),
        action,
        entity_type: ENTITY,
        entity_id: placement.id,
        changes,
    }
}

fn diff(before: &Placement, after: &Placement) -> Changes {
    Changes::new()
        .field("status", &before.status, &after.status)
        .field(
            "placementOrderOn",
            &before.placement_order_on,
            &after.placement_order_on,
        )
        .field(
            "placedForAdoptionOn",
            &before.placed_for_adoption_on,
            &after.placed_for_adoption_on,
        )
        .field(
            "adoptionBasis",
            &before.adoption_basis,
            &after.adoption_basis,
        )
        .field(
            "adoptionOrderOn",
            &before.adoption_order_on,
            &after.adoption_order_on,
        )
        .field(
            "adoptionApplication",
            &before.adoption_application,
            &after.adoption_application,
        )
        .field("endedOn", &before.ended_on, &after.ended_on)
        .field("endReason", &before.end_reason, &after.end_reason)
        .field(
            "disruptionReason",
            &before.disruption_reason,
            &after.disruption_reason,
        )
        .field(
            "relativeArrangement",
            &before.relative_arrangement,
            &after.relative_arrangement,
        )
        .field(
            "adoptionMatchedOn",
            &before.adoption_matched_on,
            &after.adoption_matched_on,
        )
        .field("adopters", &before.adopters, &after.adopters)
        .field("version", &json!(before.version), &json!(after.version))
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
        id: row.id,
        authority_id: row.authority_id,
        child_id: row.child_id,
        referral_id: row.referral_id,
        household_id: row.household_id,
        match_id: row.match_id,
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
