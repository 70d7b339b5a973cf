//! Placements for unit tests of the rules that read them (the milestones, the SSDA903 and ASGLB
//! builders); compiled only for tests.

use chrono::{NaiveDate, Utc};

use super::model::{Placement, PlacementStatus};
use crate::types::ids::{AuthorityId, ChildId, HouseholdId, MatchId, PlacementId, ReferralId};

/// A FOSTERING placement started on `started_on` with nil ids, for unit tests of the rules
/// that read placements (here, the milestones, the SSDA903 and ASGLB builders).
pub fn fostering_since(started_on: NaiveDate) -> Placement {
    let now = Utc::now();
    Placement {
        id: PlacementId(uuid::Uuid::nil()),
        authority_id: AuthorityId(uuid::Uuid::nil()),
        child_id: ChildId(uuid::Uuid::nil()),
        referral_id: ReferralId(uuid::Uuid::nil()),
        household_id: HouseholdId(uuid::Uuid::nil()),
        match_id: MatchId(uuid::Uuid::nil()),
        carers_related_to_child: false,
        started_on,
        settling_in_days: 7,
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
    }
}
