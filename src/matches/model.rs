//! Match types and the lifecycle.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::types::ids::{AuthorityId, ChildId, HouseholdId, MatchId, ReferralId};

use crate::code_enum;

code_enum! {
    /// Where a match is in its lifecycle.
    pub enum MatchStatus {
        /// Proposed by the agency, awaiting the LA's decision.
        Proposed = "PROPOSED",
        /// Agreed by the LA; a placement can start.
        Agreed = "AGREED",
        /// Rejected by the LA (with a reason).
        Rejected = "REJECTED",
        /// Withdrawn by the agency (with a reason).
        Withdrawn = "WITHDRAWN",
        /// The placement has started.
        Placed = "PLACED",
    }
}

impl MatchStatus {
    /// Whether the lifecycle allows moving from `self` to `to`.
    #[must_use]
    pub fn can_move_to(self, to: MatchStatus) -> bool {
        use MatchStatus::*;
        matches!(
            (self, to),
            (Proposed, Agreed)
                | (Proposed, Rejected)
                | (Proposed, Withdrawn)
                | (Agreed, Placed)
                | (Agreed, Withdrawn)
        )
    }

    /// A live match holds the household and the referral.
    pub fn is_live(self) -> bool {
        matches!(self, MatchStatus::Proposed | MatchStatus::Agreed)
    }

    /// Stored spellings of the live statuses, for queries.
    pub fn live_codes() -> [&'static str; 2] {
        [MatchStatus::Proposed.as_str(), MatchStatus::Agreed.as_str()]
    }
}

/// A proposed pairing of a referred child with a carer household.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Match {
    /// Internal id.
    #[serde(skip)]
    pub id: MatchId,
    /// The child's authority.
    #[serde(skip)]
    pub authority_id: AuthorityId,
    /// The referral.
    pub referral_id: ReferralId,
    /// The child.
    pub child_id: ChildId,
    /// The household.
    pub household_id: HouseholdId,
    /// Lifecycle status.
    pub status: MatchStatus,
    /// The carers are relatives or friends of the child (SSDA903 U2 rather than U5).
    pub carers_related_to_child: bool,
    /// Why the agency proposes these carers.
    pub rationale: Option<String>,
    /// Reason given on rejection or withdrawal.
    pub decision_reason: Option<String>,
    /// When agreed, rejected or withdrawn.
    pub decided_at: Option<DateTime<Utc>>,
    /// Optimistic-concurrency version.
    #[serde(skip)]
    pub version: i32,
    /// Created.
    #[serde(skip)]
    pub created_at: DateTime<Utc>,
    /// Last changed.
    #[serde(skip)]
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lifecycle_allows_exactly_the_designed_moves() {
        use MatchStatus::*;
        let allowed = [
            (Proposed, Agreed),
            (Proposed, Rejected),
            (Proposed, Withdrawn),
            (Agreed, Placed),
            (Agreed, Withdrawn),
        ];
        for from in MatchStatus::ALL {
            for to in MatchStatus::ALL {
                assert_eq!(
                    from.can_move_to(*to),
                    allowed.contains(&(*from, *to)),
                    "{from:?} -> {to:?}"
                );
            }
        }
    }
}
