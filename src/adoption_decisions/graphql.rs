//! GraphQL for adoption decisions: the type, `Child.adoptionDecisions`, and the two mutations.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

use super::model::{AdoptionDecision, ReversalReason};
use super::store;
use crate::children::model::Child;
use crate::graphql::context::ContextExt;
use crate::graphql::guards::{AGENCY_OR_LA_STAFF, RoleGuard};
use crate::graphql::node::{expect_id, global_id, kinds};
use crate::types::Date;

/// The agency decision maker's decision that a child should be placed for adoption (SSDA903
/// PlacedAdoption), and its reversal if the plan changed.
#[Object]
impl AdoptionDecision {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        global_id(kinds::ADOPTION_DECISION, self.id)
    }
    /// The child.
    async fn child(&self, ctx: &Context<'_>) -> async_graphql::Result<Child> {
        Ok(ctx.loaders()?.child(self.child_id).await?)
    }
    /// Date of the decision (SSDA903 DATE_PLACED; AD1 DATE_INT).
    async fn decided_on(&self) -> Date {
        Date(self.decided_on)
    }
    /// Date it was decided the child should no longer be placed for adoption
    /// (DATE_PLACED_CEASED); null while the decision is in force.
    async fn reversed_on(&self) -> Option<Date> {
        self.reversed_on.map(Date)
    }
    /// Why (REASON_PLACED_CEASED).
    async fn reversal_reason(&self) -> Option<ReversalReason> {
        self.reversal_reason
    }
    /// Version to send with the next change.
    async fn version(&self) -> i32 {
        self.version
    }
}

/// Input of `recordAdoptionDecision`.
#[derive(InputObject)]
pub struct RecordAdoptionDecisionInput {
    /// The child.
    pub child_id: ID,
    /// Date of the decision.
    pub decided_on: Date,
}

/// Input of `reverseAdoptionDecision`.
#[derive(InputObject)]
pub struct ReverseAdoptionDecisionInput {
    /// The decision.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// Date it was decided the child should no longer be placed for adoption.
    pub reversed_on: Date,
    /// Why.
    pub reason: ReversalReason,
}

/// Result of an adoption-decision mutation.
#[derive(SimpleObject)]
pub struct AdoptionDecisionPayload {
    /// The decision as saved.
    pub adoption_decision: AdoptionDecision,
}

/// Adoption decision mutations.
#[derive(Default)]
pub struct AdoptionDecisionMutation;

#[Object]
impl AdoptionDecisionMutation {
    /// Records that the child should be placed for adoption (agency roles; LA_STAFF for its own
    /// children). Refused while another decision is in force.
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn record_adoption_decision(
        &self,
        ctx: &Context<'_>,
        input: RecordAdoptionDecisionInput,
    ) -> async_graphql::Result<AdoptionDecisionPayload> {
        let child_id = expect_id(&input.child_id, kinds::CHILD, "input.childId")?;
        let adoption_decision =
            store::record(ctx.db()?, ctx.actor()?, child_id, input.decided_on.0).await?;
        Ok(AdoptionDecisionPayload { adoption_decision })
    }

    /// Records that the child should no longer be placed for adoption (agency roles; LA_STAFF
    /// own). Refused once the child is adopted.
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn reverse_adoption_decision(
        &self,
        ctx: &Context<'_>,
        input: ReverseAdoptionDecisionInput,
    ) -> async_graphql::Result<AdoptionDecisionPayload> {
        let id = expect_id(&input.id, kinds::ADOPTION_DECISION, "input.id")?;
        let adoption_decision = store::reverse(
            ctx.db()?,
            ctx.actor()?,
            id,
            input.version,
            input.reversed_on.0,
            input.reason,
        )
        .await?;
        Ok(AdoptionDecisionPayload { adoption_decision })
    }
}
