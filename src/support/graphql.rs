//! GraphQL for post-adoption contact and the support-work log.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use uuid::Uuid;

use super::model::{
    PostAdoptionContact, PostAdoptionContactKind, SupportKind, SupportRecipient, SupportWork,
};
use super::store::{self, NewArrangement};
use crate::children::model::Child;
use crate::error::{AppError, AppResult};
use crate::graphql::context::ContextExt;
use crate::graphql::guards::{AGENCY, AGENCY_OR_LA_STAFF, RoleGuard};
use crate::graphql::node::{expect_id, global_id, kinds};
use crate::text::{optional_text, required_text};
use crate::types::Date;

/// How an adopted child and the birth family keep in touch.
#[Object]
impl PostAdoptionContact {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        global_id(kinds::POST_ADOPTION_CONTACT, self.id)
    }
    /// The child.
    async fn child(&self, ctx: &Context<'_>) -> async_graphql::Result<Child> {
        Ok(ctx.loaders()?.child(self.child_id).await?)
    }
    /// Letterbox or direct.
    async fn kind(&self) -> PostAdoptionContactKind {
        self.kind
    }
    /// How often, per year.
    async fn times_per_year(&self) -> i32 {
        self.times_per_year
    }
    /// Who takes part.
    async fn parties(&self) -> &[String] {
        &self.parties
    }
    /// Date agreed.
    async fn agreed_on(&self) -> Date {
        Date(self.agreed_on)
    }
    /// Date it ended.
    async fn ended_on(&self) -> Option<Date> {
        self.ended_on.map(Date)
    }
    /// Version to send with the next change.
    async fn version(&self) -> i32 {
        self.version
    }
}

/// Support given to a birth parent or to the carers.
#[Object]
impl SupportWork {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        global_id(kinds::SUPPORT_WORK, self.id)
    }
    /// The child the work is about.
    async fn child(&self, ctx: &Context<'_>) -> async_graphql::Result<Child> {
        Ok(ctx.loaders()?.child(self.child_id).await?)
    }
    /// Birth parent or carer.
    async fn recipient(&self) -> SupportRecipient {
        self.recipient
    }
    /// Kind of support.
    async fn kind(&self) -> SupportKind {
        self.kind
    }
    /// Date given.
    async fn given_on(&self) -> Date {
        Date(self.given_on)
    }
    /// Who gave it.
    async fn given_by(&self) -> &str {
        &self.given_by
    }
    /// Who received it.
    async fn given_to(&self) -> &str {
        &self.given_to
    }
    /// Length in minutes.
    async fn duration_minutes(&self) -> i32 {
        self.duration_minutes
    }
    /// Notes (sensitive: agency roles and the child's own LA only).
    async fn notes(&self) -> Option<&str> {
        self.notes.as_deref()
    }
}

/// A post-adoption contact arrangement.
#[derive(InputObject)]
pub struct ArrangePostAdoptionContactInput {
    /// The adopted child.
    pub child_id: ID,
    /// Letterbox or direct.
    pub kind: PostAdoptionContactKind,
    /// How often per year (1–52).
    pub times_per_year: i32,
    /// Who takes part (1–10 entries).
    pub parties: Vec<String>,
    /// Date agreed.
    pub agreed_on: Date,
}

/// Ends an arrangement.
#[derive(InputObject)]
pub struct EndPostAdoptionContactInput {
    /// The arrangement.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// Date it ended.
    pub ended_on: Date,
}

/// Support given.
#[derive(InputObject)]
pub struct LogSupportWorkInput {
    /// The child the work is about.
    pub child_id: ID,
    /// Birth parent or carer.
    pub recipient: SupportRecipient,
    /// Kind of support (must suit the recipient).
    pub kind: SupportKind,
    /// Date given.
    pub given_on: Date,
    /// Who gave it.
    pub given_by: String,
    /// Who received it.
    pub given_to: String,
    /// Length in minutes (1–1440).
    pub duration_minutes: i32,
    /// Notes (≤ 10000 characters; sensitive).
    pub notes: Option<String>,
}

fn parties(values: &[String]) -> AppResult<Vec<String>> {
    let parties = values
        .iter()
        .map(|p| required_text(p, 100, "input.parties"))
        .collect::<AppResult<Vec<_>>>()?;
    if parties.is_empty() || parties.len() > 10 || parties.iter().any(|p| p.contains('\n')) {
        return Err(AppError::invalid(
            "input.parties",
            "name between 1 and 10 parties, one per entry",
        ));
    }
    Ok(parties)
}

/// An arrangement after a change.
#[derive(SimpleObject)]
pub struct PostAdoptionContactPayload {
    /// The arrangement.
    pub arrangement: PostAdoptionContact,
}

/// A support-work entry just logged.
#[derive(SimpleObject)]
pub struct SupportWorkPayload {
    /// The entry.
    pub support_work: SupportWork,
}

/// Post-adoption contact and support-work mutations.
#[derive(Default)]
pub struct SupportMutation;

#[Object]
impl SupportMutation {
    /// Records a post-adoption contact arrangement for an adopted child (agency roles; LA_STAFF own).
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn arrange_post_adoption_contact(
        &self,
        ctx: &Context<'_>,
        input: ArrangePostAdoptionContactInput,
    ) -> async_graphql::Result<PostAdoptionContactPayload> {
        let new = NewArrangement {
            child_id: expect_id(&input.child_id, kinds::CHILD, "input.childId")?,
            kind: input.kind,
            times_per_year: input.times_per_year,
            parties: parties(&input.parties)?,
            agreed_on: input.agreed_on.0,
        };
        let arrangement = store::arrange(ctx.db()?, ctx.actor()?, new).await?;
        Ok(PostAdoptionContactPayload { arrangement })
    }

    /// Ends a post-adoption contact arrangement (agency roles; LA_STAFF own).
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn end_post_adoption_contact(
        &self,
        ctx: &Context<'_>,
        input: EndPostAdoptionContactInput,
    ) -> async_graphql::Result<PostAdoptionContactPayload> {
        let id = expect_id(&input.id, kinds::POST_ADOPTION_CONTACT, "input.id")?;
        let arrangement =
            store::end_arrangement(ctx.db()?, ctx.actor()?, id, input.version, input.ended_on.0)
                .await?;
        Ok(PostAdoptionContactPayload { arrangement })
    }

    /// Logs support given to a birth parent or to the carers (agency roles).
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn log_support_work(
        &self,
        ctx: &Context<'_>,
        input: LogSupportWorkInput,
    ) -> async_graphql::Result<SupportWorkPayload> {
        let work = SupportWork {
            id: Uuid::nil(),
            authority_id: Uuid::nil(),
            child_id: expect_id(&input.child_id, kinds::CHILD, "input.childId")?,
            recipient: input.recipient,
            kind: input.kind,
            given_on: input.given_on.0,
            given_by: required_text(&input.given_by, 100, "input.givenBy")?,
            given_to: required_text(&input.given_to, 100, "input.givenTo")?,
            duration_minutes: input.duration_minutes,
            notes: optional_text(input.notes.as_deref(), 10_000, "input.notes")?,
        };
        let support_work = store::log_support(ctx.db()?, ctx.actor()?, work).await?;
        Ok(SupportWorkPayload { support_work })
    }
}
