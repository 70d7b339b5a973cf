//! GraphQL for referrals: `referrals`, `referral(id:)`, `submitReferral`, `updateReferral`,
//! `withdrawReferral`, `acceptReferral`, `declineReferral`, and the `Referral` type.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::model::{
    CommissionedService, NewReferral, ProceedingsStage, Referral, ReferralFacts, ReferralPatch,
    ReferralRoute, ReferralStatus, RiskFactor, SocialWorker,
};
use super::store::{self, ReferralFilter};
use crate::authorities::model::Authority;
use crate::children::model::{Child, ChildDetails, Ethnicity, LegalStatus, Sex};
use crate::error::{AppError, AppResult};
use crate::graphql::context::ContextExt;
use crate::graphql::guards::{AGENCY, LA_STAFF, RoleGuard};
use crate::graphql::loaders::PrimeReferrals;
use crate::graphql::node::{expect_id, global_id, kinds};
use crate::graphql::pagination::{Conn, connection, page_request};
use crate::idempotency::IdempotencyKey;
use crate::matches::model::Match;
use crate::matches::store::{self as matches, MatchFilter};
use crate::placements::model::Placement;
use crate::text::{optional_text, required_text};
use crate::types::Date;

/// A referral of a child to the programme by the child's authority.
#[Object]
impl Referral {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        global_id(kinds::REFERRAL, self.id)
    }
    /// The child referred.
    async fn child(&self, ctx: &Context<'_>) -> async_graphql::Result<Child> {
        Ok(ctx.loaders()?.child(self.child_id).await?)
    }
    /// The referring authority.
    async fn authority(&self, ctx: &Context<'_>) -> async_graphql::Result<Authority> {
        let found = ctx.loaders()?.authority(self.authority_id).await?;
        Ok(found.ok_or(AppError::not_found("Authority"))?)
    }
    /// Partner or spot purchase (from the authority's partnership when submitted).
    async fn route(&self) -> ReferralRoute {
        self.route
    }
    /// Purchase-order reference (spot purchase).
    async fn purchase_order_ref(&self) -> Option<&str> {
        self.purchase_order_ref.as_deref()
    }
    /// Date of the referral.
    async fn referred_on(&self) -> Date {
        Date(self.referred_on)
    }
    /// The day the child entered care for this referral's period of care; null until recorded.
    /// A child referred again after a return home has one period per referral; the child's own
    /// `enteredCareOn` is that of its latest period.
    async fn entered_care_on(&self) -> Option<Date> {
        self.entered_care_on.map(Date)
    }
    /// The day this period of care ended through the programme (the placement's end), when the
    /// referral is CLOSED; null otherwise.
    async fn closed_on(&self) -> Option<Date> {
        self.closed_on.map(Date)
    }
    /// Lifecycle status.
    async fn status(&self) -> ReferralStatus {
        self.status
    }
    /// Stage of care proceedings.
    async fn proceedings_stage(&self) -> ProceedingsStage {
        self.proceedings_stage
    }
    /// The LA's assessment that return home is unlikely (> 80% probability it is not possible).
    async fn return_home_unlikely(&self) -> bool {
        self.return_home_unlikely
    }
    /// Risk factors identified by the LA.
    async fn risk_factors(&self) -> &[RiskFactor] {
        &self.risk_factors
    }
    /// Notes on the risk factors.
    async fn risk_notes(&self) -> Option<&str> {
        self.risk_notes.as_deref()
    }
    /// Services the LA has commissioned.
    async fn services_commissioned(&self) -> &[CommissionedService] {
        &self.services_commissioned
    }
    /// The LA's social worker for the child.
    async fn social_worker(&self) -> &SocialWorker {
        &self.social_worker
    }
    /// Reason given when declined or withdrawn; for a CLOSED referral, how its placement ended
    /// (`RETURNED_TO_PARENT`, `RETURNED_TO_RELATIVE` or `ENDED`).
    async fn decision_reason(&self) -> Option<&str> {
        self.decision_reason.as_deref()
    }
    /// When the referral was accepted, declined or withdrawn.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.decided_at
    }
    /// The placement that came from this referral, once one has started.
    async fn placement(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Placement>> {
        Ok(ctx.loaders()?.placement_of_referral(self.id).await?)
    }
    /// Households proposed for this referral, oldest first.
    async fn matches(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Match>> {
        let filter = MatchFilter {
            referral_id: Some(self.id),
            ..Default::default()
        };
        let page = matches::list(
            ctx.db()?.conn(),
            ctx.scope()?,
            &filter,
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |m| m.id.0))
    }
    /// Version to send with the next change.
    async fn version(&self) -> i32 {
        self.version
    }
    /// When the referral was submitted.
    async fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }
    /// When the referral last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.updated_at
    }
}

/// The LA social worker responsible for the child.
#[Object]
impl SocialWorker {
    /// Name.
    async fn name(&self) -> &str {
        &self.name
    }
    /// Email address.
    async fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }
    /// Telephone number.
    async fn phone(&self) -> Option<&str> {
        self.phone.as_deref()
    }
}

/// Which referrals to list.
#[derive(InputObject, Default)]
pub struct ReferralFilterInput {
    /// Only referrals in these statuses.
    pub status: Option<Vec<ReferralStatus>>,
    /// Referred on or after this date.
    pub referred_on_from: Option<Date>,
    /// Referred on or before this date.
    pub referred_on_to: Option<Date>,
}

impl ReferralFilterInput {
    fn parse(self) -> AppResult<ReferralFilter> {
        let from = self.referred_on_from.map(|d| d.0);
        let to = self.referred_on_to.map(|d| d.0);
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(AppError::invalid(
                "filter.referredOnTo",
                "must not be before referredOnFrom",
            ));
        }
        Ok(ReferralFilter {
            statuses: self.status.unwrap_or_default(),
            referred_from: from,
            referred_to: to,
            child_id: None,
        })
    }
}

/// Referral queries.
#[derive(Default)]
pub struct ReferralQuery;

#[Object]
impl ReferralQuery {
    /// Referrals you may see (agency: all; LA: your own), oldest first.
    async fn referrals(
        &self,
        ctx: &Context<'_>,
        filter: Option<ReferralFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Referral>> {
        let filter = filter.unwrap_or_default().parse()?;
        let page = store::list(
            ctx.db()?.conn(),
            ctx.scope()?,
            &filter,
            page_request(ctx, first, after)?,
        )
        .await?;
        let ahead = ctx.look_ahead();
        let selected = |path: &[&str]| {
            [ahead.field("nodes"), ahead.field("edges").field("node")]
                .into_iter()
                .any(|node| path.iter().fold(node, |at, name| at.field(name)).exists())
        };
        let want = PrimeReferrals {
            child: selected(&["child"]),
            placement: selected(&["placement"]),
            household: selected(&["placement", "household"]),
            matched: selected(&["placement", "match"]),
        };
        ctx.loaders()?.prime_referrals(&page.items, want).await?;
        Ok(connection(page, |r| r.id))
    }

    /// One referral, if you may see it (else `NOT_FOUND`).
    async fn referral(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Referral> {
        let id = expect_id(&id, kinds::REFERRAL, "id")?;
        let found = store::find(ctx.db()?.conn(), ctx.scope()?, id).await?;
        Ok(found.ok_or(AppError::not_found("Referral"))?)
    }
}

/// The child as the LA records it. An existing child with the same `laReference` is linked
/// and brought up to date with these details.
#[derive(InputObject)]
pub struct ChildInput {
    /// The LA's own child reference (SSDA903 CHILD, ≤ 20 characters).
    pub la_reference: String,
    /// Given names (optional).
    pub given_names: Option<String>,
    /// Family name (optional).
    pub family_name: Option<String>,
    /// Sex (UNKNOWN until known).
    #[graphql(default_with = "Sex::Unknown")]
    pub sex: Sex,
    /// Date of birth; omit for an unborn child.
    pub date_of_birth: Option<Date>,
    /// Expected date of birth (required when unborn).
    pub expected_date_of_birth: Option<Date>,
    /// SSDA903 ethnicity (NOBT: information not yet obtained).
    #[graphql(default_with = "Ethnicity::Nobt")]
    pub ethnicity: Ethnicity,
    /// SSDA903 legal status.
    pub legal_status: Option<LegalStatus>,
    /// Date the child became looked after.
    pub entered_care_on: Option<Date>,
    /// Your reference for the child's sibling group (≤ 20 characters): your children with the
    /// same group are siblings and may share a carer household.
    pub sibling_group: Option<String>,
}

/// The LA social worker's contact details.
#[derive(InputObject)]
pub struct SocialWorkerInput {
    /// Name.
    pub name: String,
    /// Email address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
}

impl SocialWorkerInput {
    fn parse(&self, prefix: &str) -> AppResult<SocialWorker> {
        SocialWorker::parse(
            &self.name,
            self.email.as_deref(),
            self.phone.as_deref(),
            prefix,
        )
    }
}

/// A new referral.
#[derive(InputObject)]
pub struct SubmitReferralInput {
    /// A key of your choosing (≤ 100 characters) that makes retries safe: the same key with
    /// the same input returns the first referral; with different input it is a CONFLICT.
    pub idempotency_key: Option<String>,
    /// The child.
    pub child: ChildInput,
    /// Date of the referral (not in the future).
    pub referred_on: Date,
    /// Stage of care proceedings.
    pub proceedings_stage: ProceedingsStage,
    /// Your assessment that return home is unlikely (> 80% probability it is not possible).
    pub return_home_unlikely: bool,
    /// Risk factors.
    #[graphql(default)]
    pub risk_factors: Vec<RiskFactor>,
    /// Notes on the risk factors (required with OTHER).
    pub risk_notes: Option<String>,
    /// Services commissioned.
    #[graphql(default)]
    pub services_commissioned: Vec<CommissionedService>,
    /// Your social worker for the child.
    pub social_worker: SocialWorkerInput,
    /// Purchase-order reference (required for spot-purchase authorities).
    pub purchase_order_ref: Option<String>,
}

impl SubmitReferralInput {
    fn parse(self) -> AppResult<(NewReferral, Option<IdempotencyKey>)> {
        let key = self
            .idempotency_key
            .as_deref()
            .map(|k| IdempotencyKey::parse(k, "input.idempotencyKey"))
            .transpose()?;
        let c = self.child;
        let child = ChildDetails {
            la_reference: c.la_reference,
            given_names: c.given_names,
            family_name: c.family_name,
            sex: c.sex,
            date_of_birth: c.date_of_birth.map(|d| d.0),
            expected_date_of_birth: c.expected_date_of_birth.map(|d| d.0),
            ethnicity: c.ethnicity,
            legal_status: c.legal_status,
            entered_care_on: c.entered_care_on.map(|d| d.0),
            sibling_group: c.sibling_group,
        }
        .check("input.child", crate::dates::today_uk())?;
        let facts = ReferralFacts {
            proceedings_stage: self.proceedings_stage,
            return_home_unlikely: self.return_home_unlikely,
            risk_factors: self.risk_factors,
            risk_notes: optional_text(self.risk_notes.as_deref(), 2000, "input.riskNotes")?,
            services_commissioned: self.services_commissioned,
            social_worker: self.social_worker.parse("input.socialWorker")?,
            purchase_order_ref: optional_text(
                self.purchase_order_ref.as_deref(),
                50,
                "input.purchaseOrderRef",
            )?,
        };
        let today = crate::dates::today_uk();
        Ok((
            NewReferral::parse(child, self.referred_on.0, facts, today)?,
            key,
        ))
    }
}

/// A change to your referral's facts; omitted fields stay as they are, `null` clears an
/// optional text field.
#[derive(InputObject)]
pub struct UpdateReferralInput {
    /// The referral's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// New proceedings stage.
    pub proceedings_stage: Option<ProceedingsStage>,
    /// New assessment of return home.
    pub return_home_unlikely: Option<bool>,
    /// New risk factors (replaces the list).
    pub risk_factors: Option<Vec<RiskFactor>>,
    /// New risk notes.
    pub risk_notes: MaybeUndefined<String>,
    /// New services commissioned (replaces the list).
    pub services_commissioned: Option<Vec<CommissionedService>>,
    /// New social worker.
    pub social_worker: Option<SocialWorkerInput>,
    /// New purchase-order reference.
    pub purchase_order_ref: MaybeUndefined<String>,
}

fn maybe_text(
    value: MaybeUndefined<String>,
    max: usize,
    field: &str,
) -> AppResult<Option<Option<String>>> {
    match value {
        MaybeUndefined::Undefined => Ok(None),
        MaybeUndefined::Null => Ok(Some(None)),
        MaybeUndefined::Value(text) => Ok(Some(optional_text(Some(&text), max, field)?)),
    }
}

impl UpdateReferralInput {
    fn parse(self) -> AppResult<(uuid::Uuid, i32, ReferralPatch)> {
        let id = expect_id(&self.id, kinds::REFERRAL, "input.id")?;
        let patch = ReferralPatch {
            proceedings_stage: self.proceedings_stage,
            return_home_unlikely: self.return_home_unlikely,
            risk_factors: self.risk_factors,
            risk_notes: maybe_text(self.risk_notes, 2000, "input.riskNotes")?,
            services_commissioned: self.services_commissioned,
            social_worker: self
                .social_worker
                .map(|sw| sw.parse("input.socialWorker"))
                .transpose()?,
            purchase_order_ref: maybe_text(self.purchase_order_ref, 50, "input.purchaseOrderRef")?,
        };
        Ok((id, self.version, patch))
    }
}

/// Moves a referral on: accept.
#[derive(InputObject)]
pub struct AcceptReferralInput {
    /// The referral's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// The day the agency accepted it, when entering history after the event (UK date; not
    /// before `referredOn`, not after today). Omitted: now.
    pub accepted_on: Option<Date>,
}

/// Moves a referral on with a reason: decline (agency) or withdraw (LA).
#[derive(InputObject)]
pub struct ReferralDecisionInput {
    /// The referral's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// Why (required, ≤ 2000 characters).
    pub reason: String,
}

/// The referral after a change.
#[derive(SimpleObject)]
pub struct ReferralPayload {
    /// The referral.
    pub referral: Referral,
}

/// The outcome of `submitReferral`.
#[derive(SimpleObject)]
pub struct SubmitReferralPayload {
    /// The referral.
    pub referral: Referral,
    /// True when this answer replays an earlier submission with the same idempotency key.
    pub replayed: bool,
}

/// Referral mutations.
#[derive(Default)]
pub struct ReferralMutation;

#[Object]
impl ReferralMutation {
    /// Refers a child (LA_STAFF). Creates the child, or links and updates the existing one with
    /// the same `laReference`. Eligible: unborn, or aged 0–24 months on `referredOn`.
    #[graphql(guard = "RoleGuard::new(LA_STAFF)")]
    async fn submit_referral(
        &self,
        ctx: &Context<'_>,
        input: SubmitReferralInput,
    ) -> async_graphql::Result<SubmitReferralPayload> {
        let (new, key) = input.parse()?;
        let done = super::submit::submit(ctx.db()?, ctx.actor()?, new, key).await?;
        Ok(SubmitReferralPayload {
            referral: done.referral,
            replayed: done.replayed,
        })
    }

    /// Changes your open referral's facts (LA_STAFF), at the version you read.
    #[graphql(guard = "RoleGuard::new(LA_STAFF)")]
    async fn update_referral(
        &self,
        ctx: &Context<'_>,
        input: UpdateReferralInput,
    ) -> async_graphql::Result<ReferralPayload> {
        let (id, version, patch) = input.parse()?;
        let referral = store::update(ctx.db()?, ctx.actor()?, id, version, patch).await?;
        Ok(ReferralPayload { referral })
    }

    /// Withdraws your SUBMITTED or ACCEPTED referral (LA_STAFF), with a reason.
    #[graphql(guard = "RoleGuard::new(LA_STAFF)")]
    async fn withdraw_referral(
        &self,
        ctx: &Context<'_>,
        input: ReferralDecisionInput,
    ) -> async_graphql::Result<ReferralPayload> {
        decide(
            ctx,
            &input.id,
            input.version,
            ReferralStatus::Withdrawn,
            Some(&input.reason),
        )
        .await
    }

    /// Accepts a SUBMITTED referral (agency roles).
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn accept_referral(
        &self,
        ctx: &Context<'_>,
        input: AcceptReferralInput,
    ) -> async_graphql::Result<ReferralPayload> {
        let id = expect_id(&input.id, kinds::REFERRAL, "input.id")?;
        let on = input.accepted_on.map(|d| d.0);
        let referral =
            super::lifecycle::accept(ctx.db()?, ctx.actor()?, id, input.version, on).await?;
        Ok(ReferralPayload { referral })
    }

    /// Declines a SUBMITTED referral (agency roles), with a reason.
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn decline_referral(
        &self,
        ctx: &Context<'_>,
        input: ReferralDecisionInput,
    ) -> async_graphql::Result<ReferralPayload> {
        decide(
            ctx,
            &input.id,
            input.version,
            ReferralStatus::Declined,
            Some(&input.reason),
        )
        .await
    }
}

async fn decide(
    ctx: &Context<'_>,
    id: &ID,
    version: i32,
    to: ReferralStatus,
    reason: Option<&str>,
) -> async_graphql::Result<ReferralPayload> {
    let id = expect_id(id, kinds::REFERRAL, "input.id")?;
    let reason = reason
        .map(|r| required_text(r, 2000, "input.reason"))
        .transpose()?;
    let referral =
        super::lifecycle::transition(ctx.db()?, ctx.actor()?, id, version, to, reason).await?;
    Ok(ReferralPayload { referral })
}
