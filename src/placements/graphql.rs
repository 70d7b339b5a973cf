//! GraphQL for placements: `placements`, `placement(id:)`, `startPlacement` (agency), and the
//! milestones and outcomes (agency roles and the child's LA_STAFF).

use crate::court;
use crate::court::order_graphql::CourtOrderPayload;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::lifecycle;
use super::milestone::Milestone;
use super::model::{
    Adopters, AdoptersLegalStatus, AdoptersSex, AdoptionApplication, AdoptionBasis, Alert,
    AlertKind, EndOutcome, PlaceChangeReason, Placement, PlacementStatus, RelativeArrangement,
    Ssda903Codes, alerts,
};
use super::store::{self, PlacementFilter};
use crate::carers::model::Household;
use crate::children::model::Child;
use crate::contact::graphql::{ContactAlertObject, placement_alerts};
use crate::contact::model::Session;
use crate::contact::store::{self as contact, SessionFilter};
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::guards::{AGENCY, AGENCY_OR_LA_STAFF, RoleGuard};
use crate::graphql::node::{expect_id, id_of, kinds, parse_id};
use crate::graphql::pagination::{Conn, connection, page_request};
use crate::matches::model::Match;
use crate::referrals::model::Referral;
use crate::text::optional_text;
use crate::types::Date;
use crate::types::TypedId;
use crate::types::ids::{MatchId, PlacementId};

/// A child living with a carer household through the programme.
#[Object]
impl Placement {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        id_of(self.id)
    }
    /// Lifecycle status.
    async fn status(&self) -> PlacementStatus {
        self.status
    }
    /// The child.
    async fn child(&self, ctx: &Context<'_>) -> async_graphql::Result<Child> {
        Ok(ctx.loaders()?.child(self.child_id.0).await?)
    }
    /// The referral the placement came from.
    async fn referral(&self, ctx: &Context<'_>) -> async_graphql::Result<Referral> {
        Ok(ctx.loaders()?.referral(self.referral_id.0).await?)
    }
    /// The carers.
    async fn household(&self, ctx: &Context<'_>) -> async_graphql::Result<Household> {
        let found = ctx.loaders()?.household(self.household_id.0).await?;
        Ok(found.ok_or(AppError::not_found("CarerHousehold"))?)
    }
    /// The agreed match it started from.
    #[graphql(name = "match")]
    async fn match_(&self, ctx: &Context<'_>) -> async_graphql::Result<Match> {
        Ok(ctx.loaders()?.matched(self.match_id.0).await?)
    }
    /// The carers are relatives or friends of the child.
    async fn carers_related_to_child(&self) -> bool {
        self.carers_related_to_child
    }
    /// Date the child moved in (often discharge from hospital).
    async fn started_on(&self) -> Date {
        Date(self.started_on)
    }
    /// Days before contact should begin (aim 7–14).
    async fn settling_in_days(&self) -> i32 {
        self.settling_in_days
    }
    /// Date of the placement order.
    async fn placement_order_on(&self) -> Option<Date> {
        self.placement_order_on.map(Date)
    }
    /// Date placed for adoption with these carers.
    async fn placed_for_adoption_on(&self) -> Option<Date> {
        self.placed_for_adoption_on.map(Date)
    }
    /// Legal basis of the placement for adoption.
    async fn adoption_basis(&self) -> Option<AdoptionBasis> {
        self.adoption_basis
    }
    /// Date of the adoption order.
    async fn adoption_order_on(&self) -> Option<Date> {
        self.adoption_order_on.map(Date)
    }
    /// How the adoption order was made.
    async fn adoption_application(&self) -> Option<AdoptionApplication> {
        self.adoption_application
    }
    /// Date the placement ended (the adoption order date when adopted).
    async fn ended_on(&self) -> Option<Date> {
        self.ended_on.map(Date)
    }
    /// Why it ended.
    async fn end_reason(&self) -> Option<&str> {
        self.end_reason.as_deref()
    }
    /// SSDA903 reason for the change of placement, when it ended early.
    async fn disruption_reason(&self) -> Option<PlaceChangeReason> {
        self.disruption_reason
    }
    /// True when the placement ended with a disruption reason (carer or child asked for it to
    /// end, an allegation, a standards concern, approval removed, or the LA asked).
    async fn disrupted(&self) -> bool {
        self.disruption_reason
            .is_some_and(PlaceChangeReason::is_disruption)
    }
    /// The order under which the child went to a relative.
    async fn relative_arrangement(&self) -> Option<RelativeArrangement> {
        self.relative_arrangement
    }
    /// Date the child was matched for adoption with these carers (SSDA903 AD1 DATE_MATCH).
    async fn adoption_matched_on(&self) -> Option<Date> {
        self.adoption_matched_on.map(Date)
    }
    /// SSDA903 SEX_ADOPTR of the carers as adopters, from the adoption match.
    async fn adopters_sex(&self) -> Option<AdoptersSex> {
        self.adopters.map(|a| a.sex)
    }
    /// SSDA903 LS_ADOPTR of the carers as adopters, from the adoption match.
    async fn adopters_legal_status(&self) -> Option<AdoptersLegalStatus> {
        self.adopters.map(|a| a.legal_status)
    }
    /// SSDA903 codes for the LA's return, derived from the placement.
    async fn ssda903(&self) -> Ssda903 {
        Ssda903(self.ssda903_codes())
    }
    /// Practice alerts (never blocking): culture, no full-time carer.
    async fn alerts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PlacementAlert>> {
        let child = ctx.loaders()?.child(self.child_id.0).await?;
        let household = ctx
            .loaders()?
            .household(self.household_id.0)
            .await?
            .ok_or(AppError::not_found("CarerHousehold"))?;
        Ok(alerts(&child.details, &household.details)
            .into_iter()
            .map(PlacementAlert)
            .collect())
    }
    /// Contact sessions on this placement, in time order.
    async fn contact_sessions(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Session>> {
        let filter = SessionFilter {
            placement_id: Some(self.id.0),
            ..Default::default()
        };
        let page = contact::list_sessions(
            ctx.db()?.conn(),
            ctx.scope()?,
            &filter,
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |s| s.id))
    }
    /// Contact alerts (never blocking): contact before 7 days of settling in, more than 3
    /// sessions in any 7-day window, a venue more than 20 miles from the carers' home.
    async fn contact_alerts(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ContactAlertObject>> {
        Ok(placement_alerts(ctx, self.id.0).await?)
    }
    /// Version to send with the next change.
    async fn version(&self) -> i32 {
        self.version
    }
    /// When recorded.
    async fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }
    /// When last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.updated_at
    }
}

/// SSDA903 codes derived from a placement.
pub struct Ssda903(Ssda903Codes);

/// The SSDA903 codes an LA keys its return from.
#[Object]
impl Ssda903 {
    /// PLACE: U5 (U2 when the carers are relatives or friends) while fostering; A5 with a
    /// placement order or A3 with consent once placed for adoption.
    async fn placement_type(&self) -> &str {
        self.0.placement_type
    }
    /// PLACE_PROVIDER: PR5, a voluntary adoption and fostering agency.
    async fn placement_provider(&self) -> &str {
        self.0.placement_provider
    }
    /// REC once ended: E11/E12 adopted, E4A returned home, E41 or E47 to a relative under a
    /// child arrangements or special guardianship order, X1 when the child moves on in care.
    async fn reason_episode_ceased(&self) -> Option<&str> {
        self.0.reason_episode_ceased
    }
    /// REASON_PLACE_CHANGE when a placement ended early.
    async fn reason_place_change(&self) -> Option<&str> {
        self.0.reason_place_change
    }
}

/// A practice alert.
pub struct PlacementAlert(Alert);

/// Something to look at; never blocks (the court may order otherwise).
#[Object]
impl PlacementAlert {
    /// What kind of alert.
    async fn kind(&self) -> AlertKind {
        self.0.kind
    }
    /// What to look at.
    async fn message(&self) -> &str {
        &self.0.message
    }
}

/// Which placements to list.
#[derive(InputObject, Default)]
pub struct PlacementFilterInput {
    /// Only these statuses.
    pub status: Option<Vec<PlacementStatus>>,
}

/// Placement queries.
#[derive(Default)]
pub struct PlacementQuery;

#[Object]
impl PlacementQuery {
    /// Placements you may see (agency: all; LA: your own children's), oldest first.
    async fn placements(
        &self,
        ctx: &Context<'_>,
        filter: Option<PlacementFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Placement>> {
        let filter = PlacementFilter {
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
        Ok(connection(page, |p| p.id.0))
    }

    /// One placement, if you may see it (else `NOT_FOUND`).
    async fn placement(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Placement> {
        let id: PlacementId = parse_id(&id, "id")?;
        let found = store::find(ctx.db()?.conn(), ctx.scope()?, id).await?;
        Ok(found.ok_or(PlacementId::not_found())?)
    }
}

/// Starts a placement from an agreed match.
#[derive(InputObject)]
pub struct StartPlacementInput {
    /// An AGREED match.
    pub match_id: ID,
    /// Date the child moved in (not in the future, not before the child entered care).
    pub started_on: Date,
    /// The settling-in period agreed for this placement: days before contact should begin
    /// (7–14, default 7); contact earlier raises the SETTLING_IN alert.
    #[graphql(default = 7)]
    pub settling_in_days: i32,
}

/// Records the placement order.
#[derive(InputObject)]
pub struct RecordPlacementOrderInput {
    /// The placement's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// Date of the order.
    pub placement_order_on: Date,
}

/// Places the child for adoption with the same carers.
#[derive(InputObject)]
pub struct PlaceForAdoptionInput {
    /// The placement's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// Date placed for adoption.
    pub placed_for_adoption_on: Date,
    /// Placement order (record it first) or parental consent.
    pub basis: AdoptionBasis,
}

/// Records the adoption order.
#[derive(InputObject)]
pub struct RecordAdoptionInput {
    /// The placement's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// Date of the adoption order.
    pub adoption_order_on: Date,
    /// Unopposed, or parental consent dispensed with.
    pub application: AdoptionApplication,
}

/// Ends a placement other than by adoption.
#[derive(InputObject)]
pub struct EndPlacementInput {
    /// The placement's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// How it ended.
    pub outcome: EndOutcome,
    /// Date it ended.
    pub ended_on: Date,
    /// Why (required for ENDED, ≤ 2000 characters).
    pub reason: Option<String>,
    /// SSDA903 reason for the change of placement (ENDED only); a disruption reason marks the
    /// placement as disrupted.
    pub disruption_reason: Option<PlaceChangeReason>,
    /// The order under which the child went to a relative (RETURNED_TO_RELATIVE only; default
    /// NO_ORDER).
    pub relative_arrangement: Option<RelativeArrangement>,
}

/// The placement after a change.
#[derive(SimpleObject)]
pub struct PlacementPayload {
    /// The placement.
    pub placement: Placement,
}

/// Input of `recordAdoptionMatch`.
#[derive(InputObject)]
pub struct RecordAdoptionMatchInput {
    /// The placement.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// Date the child was matched for adoption with these carers.
    pub matched_on: Date,
    /// SSDA903 SEX_ADOPTR.
    pub adopters_sex: AdoptersSex,
    /// SSDA903 LS_ADOPTR; must fit `adoptersSex` (rules 511–524).
    pub adopters_legal_status: AdoptersLegalStatus,
}

/// Placement mutations.
#[derive(Default)]
pub struct PlacementMutation;

#[Object]
impl PlacementMutation {
    /// Starts the placement of an AGREED match (agency roles): the referral, the match and the
    /// household become PLACED in the same transaction.
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn start_placement(
        &self,
        ctx: &Context<'_>,
        input: StartPlacementInput,
    ) -> async_graphql::Result<PlacementPayload> {
        let match_id = expect_id(&input.match_id, kinds::MATCH, "input.matchId")?;
        let placement = lifecycle::start(
            ctx.db()?,
            ctx.actor()?,
            MatchId(match_id),
            input.started_on.0,
            input.settling_in_days,
        )
        .await?;
        Ok(PlacementPayload { placement })
    }

    /// Records the placement order (agency roles; LA_STAFF for its own children) — through the
    /// court record: the order is recorded in the child's care case (the open one, or the one
    /// that concluded that day), exactly as `recordOrder(kind: PLACEMENT_ORDER)` does, so the
    /// court record, the child's legal status (E1) and the placement agree. The payload carries
    /// the placement, the case, the order and the child at their new versions.
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn record_placement_order(
        &self,
        ctx: &Context<'_>,
        input: RecordPlacementOrderInput,
    ) -> async_graphql::Result<CourtOrderPayload> {
        let id = expect_id(&input.id, kinds::PLACEMENT, "input.id")?;
        let recorded = court::orders::record_placement_order(
            ctx.db()?,
            ctx.actor()?,
            id,
            input.version,
            input.placement_order_on.0,
        )
        .await?;
        Ok(CourtOrderPayload::from(recorded))
    }

    /// Records the adoption match: the carers are matched with the child as prospective
    /// adopters (agency roles; LA_STAFF own). Needs a decision in force that the child should be
    /// placed for adoption, dated on or before the match; the match is on or before the date
    /// placed for adoption.
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn record_adoption_match(
        &self,
        ctx: &Context<'_>,
        input: RecordAdoptionMatchInput,
    ) -> async_graphql::Result<PlacementPayload> {
        let adopters = Adopters {
            sex: input.adopters_sex,
            legal_status: input.adopters_legal_status,
        }
        .check("input.adoptersLegalStatus")?;
        let milestone = Milestone::AdoptionMatch {
            on: input.matched_on.0,
            adopters,
        };
        record(ctx, &input.id, input.version, milestone).await
    }

    /// FOSTERING → PLACED_FOR_ADOPTION with the same carers (agency roles; LA_STAFF own).
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn place_for_adoption(
        &self,
        ctx: &Context<'_>,
        input: PlaceForAdoptionInput,
    ) -> async_graphql::Result<PlacementPayload> {
        let milestone = Milestone::PlacedForAdoption {
            on: input.placed_for_adoption_on.0,
            basis: input.basis,
        };
        record(ctx, &input.id, input.version, milestone).await
    }

    /// PLACED_FOR_ADOPTION → ADOPTED on the adoption order (agency roles; LA_STAFF own). When
    /// the child has a care case the order is recorded in it too, exactly as
    /// `recordOrder(kind: ADOPTION_ORDER)` does, so the court record and the placement agree.
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn record_adoption(
        &self,
        ctx: &Context<'_>,
        input: RecordAdoptionInput,
    ) -> async_graphql::Result<PlacementPayload> {
        let id = expect_id(&input.id, kinds::PLACEMENT, "input.id")?;
        let placement = court::orders::record_adoption_order(
            ctx.db()?,
            ctx.actor()?,
            id,
            input.version,
            input.adoption_order_on.0,
            input.application,
        )
        .await?;
        Ok(PlacementPayload { placement })
    }

    /// Ends an open placement: returned to a parent, to a relative, or ENDED with a reason
    /// (agency roles; LA_STAFF own).
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn end_placement(
        &self,
        ctx: &Context<'_>,
        input: EndPlacementInput,
    ) -> async_graphql::Result<PlacementPayload> {
        let milestone = Milestone::Ended {
            outcome: input.outcome.status(),
            on: input.ended_on.0,
            reason: optional_text(input.reason.as_deref(), 2000, "input.reason")?,
            disruption_reason: input.disruption_reason,
            relative_arrangement: input.relative_arrangement,
        };
        record(ctx, &input.id, input.version, milestone).await
    }
}

async fn record(
    ctx: &Context<'_>,
    id: &ID,
    version: i32,
    milestone: Milestone,
) -> async_graphql::Result<PlacementPayload> {
    let id: PlacementId = parse_id(id, "input.id")?;
    let placement = lifecycle::record(ctx.db()?, ctx.actor()?, id, version, milestone).await?;
    Ok(PlacementPayload { placement })
}
