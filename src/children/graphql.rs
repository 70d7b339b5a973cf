//! GraphQL for children: `children`, `child(id:)`, and the `Child` type.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use super::model::{Child, Ethnicity, LegalStatus, Sex};
use super::store;
use crate::adoption_decisions::model::AdoptionDecision;
use crate::authorities::model::Authority;
use crate::court::model::{Assessment, CareCase};
use crate::court::store as court;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::node::{expect_id, global_id, kinds};
use crate::graphql::pagination::{Conn, connection, page_request};
use crate::placements::model::Placement;
use crate::placements::store::{self as placements, PlacementFilter};
use crate::referrals::model::Referral;
use crate::referrals::store::{self as referrals, ReferralFilter};
use crate::support::model::{PostAdoptionContact, SupportWork};
use crate::support::store as support;
use crate::types::Date;

/// A child referred to the programme, as recorded by the child's authority.
#[Object]
impl Child {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        global_id(kinds::CHILD, self.id)
    }
    /// The LA's own child reference (SSDA903 CHILD, ≤ 20 characters).
    async fn la_reference(&self) -> &str {
        &self.details.la_reference
    }
    /// Given names, when the LA shares them.
    async fn given_names(&self) -> Option<&str> {
        self.details.given_names.as_deref()
    }
    /// Family name, when the LA shares it.
    async fn family_name(&self) -> Option<&str> {
        self.details.family_name.as_deref()
    }
    /// Sex.
    async fn sex(&self) -> Sex {
        self.details.sex
    }
    /// Date of birth; null while unborn.
    async fn date_of_birth(&self) -> Option<Date> {
        self.details.date_of_birth.map(Date)
    }
    /// Expected date of birth.
    async fn expected_date_of_birth(&self) -> Option<Date> {
        self.details.expected_date_of_birth.map(Date)
    }
    /// True while no date of birth is recorded.
    async fn unborn(&self) -> bool {
        self.details.date_of_birth.is_none()
    }
    /// SSDA903 ethnicity.
    async fn ethnicity(&self) -> Ethnicity {
        self.details.ethnicity
    }
    /// SSDA903 legal status.
    async fn legal_status(&self) -> Option<LegalStatus> {
        self.details.legal_status
    }
    /// Date the child became looked after.
    async fn entered_care_on(&self) -> Option<Date> {
        self.details.entered_care_on.map(Date)
    }
    /// The LA's sibling-group reference: children with the same group are siblings.
    async fn sibling_group(&self) -> Option<&str> {
        self.details.sibling_group.as_deref()
    }
    /// The child's authority.
    async fn authority(&self, ctx: &Context<'_>) -> async_graphql::Result<Authority> {
        let found = ctx.loaders()?.authority(self.authority_id).await?;
        Ok(found.ok_or(AppError::not_found("Authority"))?)
    }
    /// The child's referrals, oldest first.
    async fn referrals(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Referral>> {
        let filter = ReferralFilter {
            child_id: Some(self.id),
            ..Default::default()
        };
        let page = referrals::list(
            ctx.db()?.conn(),
            ctx.scope()?,
            &filter,
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |r| r.id))
    }
    /// The child's placements, oldest first.
    async fn placements(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Placement>> {
        let filter = PlacementFilter {
            child_id: Some(self.id),
            ..Default::default()
        };
        let page = placements::list(
            ctx.db()?.conn(),
            ctx.scope()?,
            &filter,
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |p| p.id.0))
    }
    /// The child's care proceedings, oldest first.
    async fn care_cases(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<CareCase>> {
        let page = court::list_cases(
            ctx.db()?.conn(),
            ctx.scope()?,
            Some(self.id),
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |c| c.id))
    }
    /// Assessments commissioned about the child's family, oldest first.
    async fn assessments(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Assessment>> {
        let page = crate::court::assessments::list_assessments(
            ctx.db()?.conn(),
            ctx.scope()?,
            Some(self.id),
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |a| a.id))
    }
    /// Decisions that the child should be placed for adoption, oldest first (few per child).
    async fn adoption_decisions(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<AdoptionDecision>> {
        Ok(
            crate::adoption_decisions::store::for_child(ctx.db()?.conn(), ctx.scope()?, self.id)
                .await?,
        )
    }
    /// Post-adoption contact arrangements (adopted children), oldest first.
    async fn post_adoption_contact(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<PostAdoptionContact>> {
        let page = support::arrangements_for(
            ctx.db()?.conn(),
            ctx.scope()?,
            self.id,
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |a| a.id))
    }
    /// Support given to the birth parents and the carers about this child, oldest first.
    async fn support_work(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<SupportWork>> {
        let page = support::support_for(
            ctx.db()?.conn(),
            ctx.scope()?,
            self.id,
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |w| w.id))
    }
    /// Version of the record.
    async fn version(&self) -> i32 {
        self.version
    }
    /// When the record was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }
    /// When the record last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.updated_at
    }
}

/// Child queries.
#[derive(Default)]
pub struct ChildQuery;

#[Object]
impl ChildQuery {
    /// Children you may see (agency: all; LA: your own), oldest record first.
    async fn children(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Child>> {
        let page = store::list(
            ctx.db()?.conn(),
            ctx.scope()?,
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |c| c.id))
    }

    /// One child, if you may see it (else `NOT_FOUND`).
    async fn child(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Child> {
        let id = expect_id(&id, kinds::CHILD, "id")?;
        let found = store::find(ctx.db()?.conn(), ctx.scope()?, id).await?;
        Ok(found.ok_or(AppError::not_found("Child"))?)
    }
}
