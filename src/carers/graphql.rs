//! GraphQL for carer households: the agency's full records (`carerHouseholds`,
//! `carerHousehold`), the anonymised `availableHouseholds` search for LAs, and the agency's
//! mutations.

use async_graphql::{
    ComplexObject, Context, ID, InputObject, MaybeUndefined, Object, SimpleObject,
};
use chrono::{DateTime, Utc};

use super::available::{AnonymisedHousehold, available};
use super::lifecycle;
use super::model::{
    Capacity, Household, HouseholdDetails, HouseholdPatch, HouseholdStatus, Location,
};
use super::store;
use crate::children::model::Ethnicity;
use crate::error::{AppError, AppResult};
use crate::graphql::context::ContextExt;
use crate::graphql::guards::{AGENCY, RoleGuard};
use crate::graphql::node::{expect_id, global_id, kinds};
use crate::graphql::pagination::{Conn, connection, page_request};
use crate::matches::model::Match;
use crate::matches::store::{self as matches, MatchFilter};
use crate::paging::MAX_PAGE_SIZE;
use crate::placements::model::Placement;
use crate::placements::store::{self as placements, PlacementFilter};
use crate::text::optional_text;
use crate::types::Date;

/// A carer household approved (or being assessed) to foster and to adopt. Agency roles see
/// every household; an LA sees a household only while it is matched with, or has cared for,
/// one of the LA's own children.
#[Object(name = "CarerHousehold")]
impl Household {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        global_id(kinds::CARER_HOUSEHOLD, self.id)
    }
    /// The agency's reference.
    async fn reference(&self) -> &str {
        &self.details.reference
    }
    /// First carer's name.
    async fn primary_carer_name(&self) -> &str {
        &self.details.primary_carer_name
    }
    /// Second carer's name, if a couple.
    async fn second_carer_name(&self) -> Option<&str> {
        self.details.second_carer_name.as_deref()
    }
    /// The carers' SSDA903 ethnicity codes.
    async fn ethnicities(&self) -> &[Ethnicity] {
        &self.details.ethnicities
    }
    /// Cultural background in the carers' words.
    async fn cultural_background(&self) -> Option<&str> {
        self.details.cultural_background.as_deref()
    }
    /// Languages spoken at home.
    async fn languages(&self) -> &[String] {
        &self.details.languages
    }
    /// Religion, if any.
    async fn religion(&self) -> Option<&str> {
        self.details.religion.as_deref()
    }
    /// Postcode district.
    async fn area(&self) -> &str {
        &self.details.area
    }
    /// Latitude of the home.
    async fn latitude(&self) -> f64 {
        self.details.location.latitude
    }
    /// Longitude of the home.
    async fn longitude(&self) -> f64 {
        self.details.location.longitude
    }
    /// One carer is at home full time.
    async fn full_time_carer(&self) -> bool {
        self.details.full_time_carer
    }
    /// One child, or two siblings.
    async fn capacity(&self) -> Capacity {
        self.details.capacity
    }
    /// Lifecycle status.
    async fn status(&self) -> HouseholdStatus {
        self.status
    }
    /// When the enquiry came in.
    async fn enquiry_received_on(&self) -> Date {
        Date(self.details.enquiry_received_on)
    }
    /// When the agency followed the enquiry up.
    async fn enquiry_followed_up_on(&self) -> Option<Date> {
        self.details.enquiry_followed_up_on.map(Date)
    }
    /// Approval as foster carers.
    async fn fostering_approved_on(&self) -> Option<Date> {
        self.details.fostering_approved_on.map(Date)
    }
    /// Approval as adopters.
    async fn adopter_approved_on(&self) -> Option<Date> {
        self.details.adopter_approved_on.map(Date)
    }
    /// Both approvals are recorded (needed to take a placement).
    async fn dually_approved(&self) -> bool {
        self.details.dually_approved()
    }
    /// Why the household was closed.
    async fn closed_reason(&self) -> Option<&str> {
        self.closed_reason.as_deref()
    }
    /// Placements with this household that you may see (an LA: only its own children's).
    async fn placements(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Placement>> {
        let filter = PlacementFilter {
            household_id: Some(self.id),
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
    /// Matches with this household that you may see (an LA: only its own children's).
    async fn matches(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Match>> {
        let filter = MatchFilter {
            household_id: Some(self.id),
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
    /// When the record was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }
    /// When the record last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.updated_at
    }
}

#[ComplexObject]
impl AnonymisedHousehold {
    /// Opaque id to quote to the agency when asking about this household.
    async fn id(&self) -> ID {
        global_id(kinds::CARER_HOUSEHOLD, self.id)
    }
}

/// A point on the map.
#[derive(InputObject)]
pub struct LocationInput {
    /// Latitude in decimal degrees.
    pub latitude: f64,
    /// Longitude in decimal degrees.
    pub longitude: f64,
}

/// Which households to list.
#[derive(InputObject, Default)]
pub struct CarerHouseholdFilterInput {
    /// Only these statuses.
    pub status: Option<Vec<HouseholdStatus>>,
}

/// Carer household queries.
#[derive(Default)]
pub struct CarerQuery;

#[Object]
impl CarerQuery {
    /// Every carer household, with full details (agency roles).
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn carer_households(
        &self,
        ctx: &Context<'_>,
        filter: Option<CarerHouseholdFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Household>> {
        let statuses = filter.and_then(|f| f.status).unwrap_or_default();
        let page = store::list(
            ctx.db()?.conn(),
            ctx.scope()?,
            &statuses,
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |h| h.id))
    }

    /// One household, if you may see it (an LA: only while matched with or caring for one of
    /// its children; else `NOT_FOUND`).
    async fn carer_household(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Household> {
        let id = expect_id(&id, kinds::CARER_HOUSEHOLD, "id")?;
        let found = store::find(ctx.db()?.conn(), ctx.scope()?, id).await?;
        Ok(found.ok_or(AppError::not_found("CarerHousehold"))?)
    }

    /// Approved households free to be matched, nearest first, anonymised (no names, reference
    /// or coordinates; distance in whole miles from `near`). At most `first` (≤ 100, default 20).
    async fn available_households(
        &self,
        ctx: &Context<'_>,
        near: LocationInput,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<AnonymisedHousehold>> {
        let near = Location::parse(near.latitude, near.longitude, "near")?;
        let first = match first {
            None => 20,
            Some(n) if (0..=MAX_PAGE_SIZE as i32).contains(&n) => n as usize,
            Some(_) => {
                return Err(AppError::invalid(
                    "first",
                    format!("must be between 0 and {MAX_PAGE_SIZE}"),
                )
                .into());
            }
        };
        Ok(available(ctx.db()?.conn(), near, first).await?)
    }
}

/// A new household enquiry.
#[derive(InputObject)]
pub struct CreateCarerHouseholdInput {
    /// The agency's reference (unique, ≤ 20 characters).
    pub reference: String,
    /// First carer's name.
    pub primary_carer_name: String,
    /// Second carer's name, if a couple.
    pub second_carer_name: Option<String>,
    /// The carers' SSDA903 ethnicity codes.
    #[graphql(default)]
    pub ethnicities: Vec<Ethnicity>,
    /// Cultural background in the carers' words.
    pub cultural_background: Option<String>,
    /// Languages spoken at home (one per entry, at most 5).
    #[graphql(default)]
    pub languages: Vec<String>,
    /// Religion, if any.
    pub religion: Option<String>,
    /// Postcode district, e.g. `N7`.
    pub area: String,
    /// Where the household lives.
    pub location: LocationInput,
    /// One carer is at home full time.
    pub full_time_carer: bool,
    /// One child, or two siblings.
    pub capacity: Capacity,
    /// When the enquiry came in.
    pub enquiry_received_on: Date,
    /// When the agency followed it up, if it has.
    pub enquiry_followed_up_on: Option<Date>,
}

/// A change to a household's details; omitted fields stay as they are, `null` clears an
/// optional one.
#[derive(InputObject)]
pub struct UpdateCarerHouseholdInput {
    /// The household's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// New reference.
    pub reference: Option<String>,
    /// New first carer's name.
    pub primary_carer_name: Option<String>,
    /// New second carer's name.
    pub second_carer_name: MaybeUndefined<String>,
    /// New ethnicities.
    pub ethnicities: Option<Vec<Ethnicity>>,
    /// New cultural background.
    pub cultural_background: MaybeUndefined<String>,
    /// New languages.
    pub languages: Option<Vec<String>>,
    /// New religion.
    pub religion: MaybeUndefined<String>,
    /// New postcode district.
    pub area: Option<String>,
    /// New location.
    pub location: Option<LocationInput>,
    /// New full-time-carer flag.
    pub full_time_carer: Option<bool>,
    /// New capacity.
    pub capacity: Option<Capacity>,
    /// Date the enquiry was followed up.
    pub enquiry_followed_up_on: MaybeUndefined<Date>,
    /// Date approved as foster carers.
    pub fostering_approved_on: MaybeUndefined<Date>,
    /// Date approved as adopters.
    pub adopter_approved_on: MaybeUndefined<Date>,
}

fn maybe<T, U>(value: MaybeUndefined<T>, f: impl FnOnce(T) -> U) -> Option<Option<U>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(f(v))),
    }
}

impl UpdateCarerHouseholdInput {
    fn parse(self) -> AppResult<(uuid::Uuid, i32, HouseholdPatch)> {
        let id = expect_id(&self.id, kinds::CARER_HOUSEHOLD, "input.id")?;
        let location = self
            .location
            .map(|l| Location::parse(l.latitude, l.longitude, "input.location"))
            .transpose()?;
        let patch = HouseholdPatch {
            reference: self.reference,
            primary_carer_name: self.primary_carer_name,
            second_carer_name: maybe(self.second_carer_name, |v| v),
            ethnicities: self.ethnicities,
            cultural_background: maybe(self.cultural_background, |v| v),
            languages: self.languages,
            religion: maybe(self.religion, |v| v),
            area: self.area,
            location,
            full_time_carer: self.full_time_carer,
            capacity: self.capacity,
            enquiry_followed_up_on: maybe(self.enquiry_followed_up_on, |d| d.0),
            fostering_approved_on: maybe(self.fostering_approved_on, |d| d.0),
            adopter_approved_on: maybe(self.adopter_approved_on, |d| d.0),
        };
        Ok((id, self.version, patch))
    }
}

/// Moves a household on.
#[derive(InputObject)]
pub struct CarerHouseholdStepInput {
    /// The household's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
}

/// Closes a household, with a reason.
#[derive(InputObject)]
pub struct CloseCarerHouseholdInput {
    /// The household's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// Why (required).
    pub reason: String,
}

/// The household after a change.
#[derive(SimpleObject)]
pub struct CarerHouseholdPayload {
    /// The household.
    pub household: Household,
}

/// Carer household mutations (agency roles).
#[derive(Default)]
pub struct CarerMutation;

#[Object]
impl CarerMutation {
    /// Records a new household enquiry (status ENQUIRY).
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn create_carer_household(
        &self,
        ctx: &Context<'_>,
        input: CreateCarerHouseholdInput,
    ) -> async_graphql::Result<CarerHouseholdPayload> {
        let location = Location::parse(
            input.location.latitude,
            input.location.longitude,
            "input.location",
        )?;
        let details = HouseholdDetails {
            reference: input.reference,
            primary_carer_name: input.primary_carer_name,
            second_carer_name: input.second_carer_name,
            ethnicities: input.ethnicities,
            cultural_background: input.cultural_background,
            languages: input.languages,
            religion: input.religion,
            area: input.area,
            location,
            full_time_carer: input.full_time_carer,
            capacity: input.capacity,
            enquiry_received_on: input.enquiry_received_on.0,
            enquiry_followed_up_on: input.enquiry_followed_up_on.map(|d| d.0),
            fostering_approved_on: None,
            adopter_approved_on: None,
        }
        .check(crate::dates::today_uk())?;
        let household = store::create(ctx.db()?, ctx.actor()?, details).await?;
        Ok(CarerHouseholdPayload { household })
    }

    /// Changes a household's details, including follow-up and approval dates.
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn update_carer_household(
        &self,
        ctx: &Context<'_>,
        input: UpdateCarerHouseholdInput,
    ) -> async_graphql::Result<CarerHouseholdPayload> {
        let (id, version, patch) = input.parse()?;
        let household = store::update(ctx.db()?, ctx.actor()?, id, version, patch).await?;
        Ok(CarerHouseholdPayload { household })
    }

    /// ENQUIRY → IN_ASSESSMENT.
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn start_carer_assessment(
        &self,
        ctx: &Context<'_>,
        input: CarerHouseholdStepInput,
    ) -> async_graphql::Result<CarerHouseholdPayload> {
        step(
            ctx,
            &input.id,
            input.version,
            HouseholdStatus::InAssessment,
            None,
        )
        .await
    }

    /// IN_ASSESSMENT → APPROVED; both approval dates must be recorded.
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn approve_carer_household(
        &self,
        ctx: &Context<'_>,
        input: CarerHouseholdStepInput,
    ) -> async_graphql::Result<CarerHouseholdPayload> {
        step(
            ctx,
            &input.id,
            input.version,
            HouseholdStatus::Approved,
            None,
        )
        .await
    }

    /// ENQUIRY | IN_ASSESSMENT | APPROVED → CLOSED, with a reason.
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn close_carer_household(
        &self,
        ctx: &Context<'_>,
        input: CloseCarerHouseholdInput,
    ) -> async_graphql::Result<CarerHouseholdPayload> {
        let reason = optional_text(Some(&input.reason), 2000, "input.reason")?
            .ok_or_else(|| AppError::invalid("input.reason", "must not be blank"))?;
        step(
            ctx,
            &input.id,
            input.version,
            HouseholdStatus::Closed,
            Some(reason),
        )
        .await
    }
}

async fn step(
    ctx: &Context<'_>,
    id: &ID,
    version: i32,
    to: HouseholdStatus,
    reason: Option<String>,
) -> async_graphql::Result<CarerHouseholdPayload> {
    let id = expect_id(id, kinds::CARER_HOUSEHOLD, "input.id")?;
    let household = lifecycle::transition(ctx.db()?, ctx.actor()?, id, version, to, reason).await?;
    Ok(CarerHouseholdPayload { household })
}
