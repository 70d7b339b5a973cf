//! GraphQL for the ASGLB quarterly child-level return: `asglbReturn(year, quarter, authority)`,
//! scoped exactly like the SSDA903 extract (LA roles their own authority; agency roles name one).

use async_graphql::{Context, ID, Object};
use uuid::Uuid;

use super::model::{AsglbRow, Quarter, parse};
use super::store::asglb_return;
use crate::authorities::model::Authority;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::outcomes::graphql::report_scope;
use crate::types::Date;

/// One authority's ASGLB child-level return for one quarter.
pub struct AsglbReturn {
    quarter: Quarter,
    authority_id: Uuid,
    rows: Vec<AsglbRow>,
}

#[Object]
impl AsglbReturn {
    /// The financial year (its April).
    async fn year(&self) -> i32 {
        self.quarter.year
    }
    /// The quarter, 1 (April–June) to 4 (January–March).
    async fn quarter(&self) -> i32 {
        i32::try_from(self.quarter.quarter).unwrap_or_default()
    }
    /// First day of the quarter.
    async fn from(&self) -> Date {
        Date(self.quarter.from)
    }
    /// Last day of the quarter.
    async fn to(&self) -> Date {
        Date(self.quarter.to)
    }
    /// The authority.
    async fn authority(&self, ctx: &Context<'_>) -> async_graphql::Result<Authority> {
        let found = ctx.loaders()?.authority(self.authority_id).await?;
        Ok(found.ok_or(AppError::not_found("Authority"))?)
    }
    /// One row per child placed with early-permanence carers whose placement started by the
    /// quarter's end and had not ended before its start, by LA reference.
    async fn children(&self) -> &[AsglbRow] {
        &self.rows
    }
}

/// One child's items. Dates after the quarter's end are blank, as in that quarter's return.
#[Object(name = "AsglbChild")]
impl AsglbRow {
    /// The child's LA reference.
    async fn child(&self) -> &str {
        &self.child
    }
    /// The agency decision maker's decision that the child should be placed for adoption.
    async fn adm_decision_on(&self) -> Option<Date> {
        self.adm_decision_on.map(Date)
    }
    /// The early-permanence (FfA/CP) decision: the day the agency accepted the referral.
    async fn ep_decision_on(&self) -> Option<Date> {
        self.ep_decision_on.map(Date)
    }
    /// Placed with the early-permanence carers.
    async fn placed_with_ep_carers_on(&self) -> Option<Date> {
        self.placed_with_ep_carers_on.map(Date)
    }
    /// Placement order.
    async fn placement_order_on(&self) -> Option<Date> {
        self.placement_order_on.map(Date)
    }
    /// Matched with the carers as prospective adopters.
    async fn matched_on(&self) -> Option<Date> {
        self.matched_on.map(Date)
    }
    /// Placed for adoption.
    async fn placed_for_adoption_on(&self) -> Option<Date> {
        self.placed_for_adoption_on.map(Date)
    }
    /// Placed for adoption with the foster carers: the day originally placed with them.
    async fn originally_placed_with_foster_carer_on(&self) -> Option<Date> {
        self.originally_placed_with_foster_carer_on.map(Date)
    }
    /// The ADM decision was reversed on this day.
    async fn decision_reversed_on(&self) -> Option<Date> {
        self.decision_reversed_on.map(Date)
    }
    /// Why: RD1–RD4.
    async fn decision_reversed_code(&self) -> Option<&str> {
        self.decision_reversed_code
    }
    /// The child is one of a sibling group.
    async fn sibling_group(&self) -> bool {
        self.sibling_group
    }
    /// Siblings in this return placed with the same carers.
    async fn siblings_placed_together(&self) -> i32 {
        self.siblings_placed_together
    }
    /// Siblings in this return placed with other carers.
    async fn siblings_placed_apart(&self) -> i32 {
        self.siblings_placed_apart
    }
    /// Permanence order date.
    async fn permanence_order_on(&self) -> Option<Date> {
        self.permanence_order_on.map(Date)
    }
    /// Permanence order type: ADOPTION, SGO or CAO.
    async fn permanence_order_type(&self) -> Option<&str> {
        self.permanence_order_type
    }
}

/// The ASGLB query.
#[derive(Default)]
pub struct AsglbQuery;

#[Object]
impl AsglbQuery {
    /// The ASGLB quarterly child-level return for one authority and one quarter of the
    /// financial year starting in `year` (1 = April–June … 4 = January–March). LA roles get their
    /// own authority; agency roles must name one. Also as CSV: `GET /reports/asglb/{year}/{quarter}.csv`.
    async fn asglb_return(
        &self,
        ctx: &Context<'_>,
        year: i32,
        quarter: i32,
        authority: Option<ID>,
    ) -> async_graphql::Result<AsglbReturn> {
        let quarter = parse(year, quarter)?;
        let scope = report_scope(ctx, authority.as_ref()).await?;
        let rows = asglb_return(ctx.db()?.conn(), scope, quarter).await?;
        Ok(AsglbReturn {
            quarter,
            authority_id: scope.authority_id().unwrap_or_default(),
            rows,
        })
    }
}
