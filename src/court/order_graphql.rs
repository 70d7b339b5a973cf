//! GraphQL for hearings and court orders: both are nodes with ids; an order names the hearing
//! it was made at; `recordOrder`'s payload carries every record the order changed.
//!
//! Invariant: every nested read goes through the scoped stores or loaders, so a hearing or an
//! order of another authority's child answers like a missing one.

use async_graphql::{Context, ID, Object, SimpleObject};

use super::model::{CareCase, CourtOrder, Hearing, HearingKind, OrderKind};
use super::orders::{self, Recorded};
use super::store;
use crate::children::model::Child;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::{global_id, kinds};
use crate::placements::model::Placement;
use crate::types::Date;

/// A hearing.
#[Object]
impl Hearing {
    /// Opaque global id (give it as `hearingId` when recording the orders made at it).
    pub async fn id(&self) -> ID {
        global_id(kinds::HEARING, self.id)
    }
    /// The case heard.
    async fn case(&self, ctx: &Context<'_>) -> async_graphql::Result<CareCase> {
        let found = store::find_case(ctx.db()?.conn(), ctx.scope()?, self.case_id).await?;
        Ok(found.ok_or(AppError::not_found(store::CASE))?)
    }
    /// Kind of hearing.
    async fn kind(&self) -> HearingKind {
        self.kind
    }
    /// Date held.
    async fn held_on(&self) -> Date {
        Date(self.held_on)
    }
    /// What happened.
    async fn outcome(&self) -> Option<&str> {
        self.outcome.as_deref()
    }
    /// The orders recorded as made at this hearing, in the order recorded.
    async fn orders(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CourtOrder>> {
        let all = store::orders_of(ctx.db()?.conn(), ctx.scope()?, self.case_id).await?;
        Ok(all
            .into_iter()
            .filter(|o| o.hearing_id == Some(self.id))
            .collect())
    }
}

/// A court order.
#[Object]
impl CourtOrder {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        global_id(kinds::COURT_ORDER, self.id)
    }
    /// The case it was made in.
    async fn case(&self, ctx: &Context<'_>) -> async_graphql::Result<CareCase> {
        let found = store::find_case(ctx.db()?.conn(), ctx.scope()?, self.case_id).await?;
        Ok(found.ok_or(AppError::not_found(store::CASE))?)
    }
    /// Kind of order.
    async fn kind(&self) -> OrderKind {
        self.kind
    }
    /// Date made.
    async fn made_on(&self) -> Date {
        Date(self.made_on)
    }
    /// Whether the order concludes the care proceedings.
    async fn is_final(&self) -> bool {
        self.kind.is_final()
    }
    /// The hearing at which it was made, when one was named.
    async fn hearing(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Hearing>> {
        let Some(id) = self.hearing_id else {
            return Ok(None);
        };
        Ok(orders::find_hearing(ctx.db()?.conn(), ctx.scope()?, id).await?)
    }
}

/// An order just recorded, and every record it changed, each at its new version — so an
/// integration needs no further read to avoid a stale-version conflict.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct CourtOrderPayload {
    /// The case (new version; `concludedOn` set by a final order).
    pub case: CareCase,
    /// The order.
    pub order: CourtOrder,
    /// The child's placement when the order moved it (a placement order dates it; an adoption
    /// order completes it); null when the order did not change a placement.
    pub placement: Option<Placement>,
}

#[async_graphql::ComplexObject]
impl CourtOrderPayload {
    /// The child, whose legal status follows the order (with its new version).
    async fn child(&self, ctx: &Context<'_>) -> async_graphql::Result<Child> {
        let found =
            crate::children::store::find(ctx.db()?.conn(), ctx.scope()?, self.case.child_id)
                .await?;
        Ok(found.ok_or(AppError::not_found("Child"))?)
    }
}

impl From<Recorded> for CourtOrderPayload {
    fn from(recorded: Recorded) -> Self {
        CourtOrderPayload {
            case: recorded.case,
            order: recorded.order,
            placement: recorded.placement,
        }
    }
}
