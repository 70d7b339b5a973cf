//! GraphQL for matches: `matches`, `match(id:)`, `proposeMatch` (agency), `agreeMatch` and
//! `rejectMatch` (the child's LA), `withdrawMatch` (agency).

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::model::{Match, MatchStatus};
use super::store::{self, MatchFilter, Proposal};
use crate::carers::model::Household;
use crate::children::model::Child;
use crate::error::AppResult;
use crate::graphql::context::ContextExt;
use crate::graphql::guards::{AGENCY, LA_STAFF, RoleGuard};
use crate::graphql::node::{expect_id, id_of, kinds, parse_id};
use crate::graphql::pagination::{Conn, connection, page_request};
use crate::referrals::model::Referral;
use crate::text::{optional_text, required_text};
use crate::types::TypedId;
use crate::types::ids::MatchId;

/// A carer household proposed for a referred child; the child's LA decides.
#[Object]
impl Match {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        id_of(self.id)
    }
    /// Lifecycle status.
    async fn status(&self) -> MatchStatus {
        self.status
    }
    /// The referral being matched.
    async fn referral(&self, ctx: &Context<'_>) -> async_graphql::Result<Referral> {
        Ok(ctx.loaders()?.referral(self.referral_id.0).await?)
    }
    /// The child.
    async fn child(&self, ctx: &Context<'_>) -> async_graphql::Result<Child> {
        Ok(ctx.loaders()?.child(self.child_id.0).await?)
    }
    /// The household proposed (visible in full to the child's LA while the match is live or
    /// has led to a placement; null once it is rejected or withdrawn).
    async fn household(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Household>> {
        Ok(ctx.loaders()?.household(self.household_id.0).await?)
    }
    /// The carers are relatives or friends of the child (SSDA903 U2 rather than U5).
    async fn carers_related_to_child(&self) -> bool {
        self.carers_related_to_child
    }
    /// Why the agency proposes these carers.
    async fn rationale(&self) -> Option<&str> {
        self.rationale.as_deref()
    }
    /// Reason given on rejection or withdrawal.
    async fn decision_reason(&self) -> Option<&str> {
        self.decision_reason.as_deref()
    }
    /// When agreed, rejected or withdrawn.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.decided_at
    }
    /// Version to send with the next change.
    async fn version(&self) -> i32 {
        self.version
    }
    /// When proposed.
    async fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }
    /// When last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.updated_at
    }
}

/// Which matches to list.
#[derive(InputObject, Default)]
pub struct MatchFilterInput {
    /// Only these statuses.
    pub status: Option<Vec<MatchStatus>>,
}

/// Match queries.
#[derive(Default)]
pub struct MatchQuery;

#[Object]
impl MatchQuery {
    /// Matches you may see (agency: all; LA: your own children's), oldest first.
    async fn matches(
        &self,
        ctx: &Context<'_>,
        filter: Option<MatchFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Match>> {
        let filter = MatchFilter {
            statuses: filter.and_then(|f| f.status).unwrap_or_default(),
            ..Default::default()
        };
        let page = store::list(
            ctx.db()?.conn(),
            ctx.scope()?,
            &filter,
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |m| m.id.0))
    }

    /// One match, if you may see it (else `NOT_FOUND`).
    #[graphql(name = "match")]
    async fn match_(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Match> {
        let id: MatchId = parse_id(&id, "id")?;
        let found = store::find(ctx.db()?.conn(), ctx.scope()?, id).await?;
        Ok(found.ok_or(MatchId::not_found())?)
    }
}

/// A proposal of a household for an accepted referral.
#[derive(InputObject)]
pub struct ProposeMatchInput {
    /// An ACCEPTED referral.
    pub referral_id: ID,
    /// A household approved both to foster and to adopt, with free capacity.
    pub household_id: ID,
    /// The carers are relatives or friends of the child.
    #[graphql(default)]
    pub carers_related_to_child: bool,
    /// Why these carers (≤ 2000 characters).
    pub rationale: Option<String>,
}

impl ProposeMatchInput {
    fn parse(self) -> AppResult<Proposal> {
        Ok(Proposal {
            referral_id: expect_id(&self.referral_id, kinds::REFERRAL, "input.referralId")?,
            household_id: expect_id(
                &self.household_id,
                kinds::CARER_HOUSEHOLD,
                "input.householdId",
            )?,
            carers_related_to_child: self.carers_related_to_child,
            rationale: optional_text(self.rationale.as_deref(), 2000, "input.rationale")?,
        })
    }
}

/// Agrees a match.
#[derive(InputObject)]
pub struct AgreeMatchInput {
    /// The match's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
}

/// Rejects or withdraws a match, with a reason.
#[derive(InputObject)]
pub struct MatchDecisionInput {
    /// The match's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// Why (required, ≤ 2000 characters).
    pub reason: String,
}

/// The match after a change.
#[derive(SimpleObject)]
pub struct MatchPayload {
    /// The match.
    #[graphql(name = "match")]
    pub matched: Match,
}

/// Match mutations.
#[derive(Default)]
pub struct MatchMutation;

#[Object]
impl MatchMutation {
    /// Proposes a household for an ACCEPTED referral (agency roles).
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn propose_match(
        &self,
        ctx: &Context<'_>,
        input: ProposeMatchInput,
    ) -> async_graphql::Result<MatchPayload> {
        let matched = store::propose(ctx.db()?, ctx.actor()?, input.parse()?).await?;
        Ok(MatchPayload { matched })
    }

    /// Agrees a PROPOSED match for one of your children (LA_STAFF): the matching decision is
    /// the authority's.
    #[graphql(guard = "RoleGuard::new(LA_STAFF)")]
    async fn agree_match(
        &self,
        ctx: &Context<'_>,
        input: AgreeMatchInput,
    ) -> async_graphql::Result<MatchPayload> {
        decide(ctx, &input.id, input.version, MatchStatus::Agreed, None).await
    }

    /// Rejects a PROPOSED match for one of your children (LA_STAFF), with a reason.
    #[graphql(guard = "RoleGuard::new(LA_STAFF)")]
    async fn reject_match(
        &self,
        ctx: &Context<'_>,
        input: MatchDecisionInput,
    ) -> async_graphql::Result<MatchPayload> {
        decide(
            ctx,
            &input.id,
            input.version,
            MatchStatus::Rejected,
            Some(&input.reason),
        )
        .await
    }

    /// Withdraws a PROPOSED or AGREED match (agency roles), with a reason.
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn withdraw_match(
        &self,
        ctx: &Context<'_>,
        input: MatchDecisionInput,
    ) -> async_graphql::Result<MatchPayload> {
        decide(
            ctx,
            &input.id,
            input.version,
            MatchStatus::Withdrawn,
            Some(&input.reason),
        )
        .await
    }
}

async fn decide(
    ctx: &Context<'_>,
    id: &ID,
    version: i32,
    to: MatchStatus,
    reason: Option<&str>,
) -> async_graphql::Result<MatchPayload> {
    let id: MatchId = parse_id(id, "input.id")?;
    let reason = reason
        .map(|r| required_text(r, 2000, "input.reason"))
        .transpose()?;
    let matched = store::transition(ctx.db()?, ctx.actor()?, id, version, to, reason).await?;
    Ok(MatchPayload { matched })
}
