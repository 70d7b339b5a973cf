//! Adoption decision types.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::code_enum;

code_enum! {
    /// SSDA903 REASON_PLACED_CEASED: why a child should no longer be placed for adoption.
    pub enum ReversalReason {
        /// The child's needs changed after the decision.
        Rd1 = "RD1",
        /// The court did not make a placement order.
        Rd2 = "RD2",
        /// Prospective adopters could not be found.
        Rd3 = "RD3",
        /// Any other reason.
        Rd4 = "RD4",
    }
}

/// A decision that the child should be placed for adoption.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdoptionDecision {
    /// Internal id.
    #[serde(skip)]
    pub id: Uuid,
    /// The child's authority.
    #[serde(skip)]
    pub authority_id: Uuid,
    /// The child.
    pub child_id: Uuid,
    /// Date of the decision (DATE_PLACED, DATE_INT).
    pub decided_on: NaiveDate,
    /// Date it was decided the child should no longer be placed (DATE_PLACED_CEASED).
    pub reversed_on: Option<NaiveDate>,
    /// Why (REASON_PLACED_CEASED).
    pub reversal_reason: Option<ReversalReason>,
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

impl AdoptionDecision {
    /// Whether the decision is in force on `day`.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.decided_on <= day && self.reversed_on.is_none_or(|r| r > day)
    }
}
