//! GraphQL for care proceedings and assessments: `careCases`, `careCase(id:)`, `assessments`,
//! and the mutations (agency roles and the child's LA_STAFF).

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

use super::assessments::{self, NewAssessment};
use super::model::{
    Assessment, AssessmentKind, CareCase, CourtOrder, DeadlineAlertKind, Extension, Hearing,
    HearingKind, OrderKind,
};
use super::order_graphql::CourtOrderPayload;
use super::orders::{self, NewOrder};
use super::store::{self, NewCase};
use crate::children::model::Child;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::guards::{AGENCY_OR_LA_STAFF, RoleGuard};
use crate::graphql::node::{expect_id, global_id, kinds};
use crate::graphql::pagination::{Conn, connection, page_request};
use crate::placements::model::AdoptionApplication;
use crate::text::{optional_text, required_text};
use crate::types::Date;

/// Care proceedings about one child: the case in court.
#[Object]
impl CareCase {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        global_id(kinds::CARE_CASE, self.id)
    }
    /// The child.
    async fn child(&self, ctx: &Context<'_>) -> async_graphql::Result<Child> {
        Ok(ctx.loaders()?.child(self.child_id).await?)
    }
    /// The court.
    async fn court(&self) -> &str {
        &self.court
    }
    /// The court's case number.
    async fn case_number(&self) -> &str {
        &self.case_number
    }
    /// Date the application was issued.
    async fn issued_on(&self) -> Date {
        Date(self.issued_on)
    }
    /// The 26-week deadline: issue date + 182 days, moved by each granted extension.
    async fn deadline(&self) -> Date {
        Date(self.deadline_on())
    }
    /// Whole weeks from issue to the final order (or to today while open).
    async fn weeks_running(&self) -> i64 {
        self.weeks_since_issue(crate::dates::today_uk())
    }
    /// Date of the final order; null while open.
    async fn concluded_on(&self) -> Option<Date> {
        self.concluded_on.map(Date)
    }
    /// Past, or within 4 weeks of, the deadline without a final order (never blocks).
    async fn deadline_alert(&self) -> Option<DeadlineAlertKind> {
        self.alert(crate::dates::today_uk())
    }
    /// Extensions granted, oldest first.
    async fn extensions(&self) -> &[Extension] {
        &self.extensions
    }
    /// Hearings, in date order.
    async fn hearings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Hearing>> {
        Ok(super::hearings::hearings_of(ctx.db()?.conn(), ctx.scope()?, self.id).await?)
    }
    /// Orders, in date order.
    async fn orders(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CourtOrder>> {
        Ok(store::orders_of(ctx.db()?.conn(), ctx.scope()?, self.id).await?)
    }
    /// Version to send with the next change.
    async fn version(&self) -> i32 {
        self.version
    }
}

/// A granted extension of the timetable.
#[Object]
impl Extension {
    /// Date granted.
    async fn granted_on(&self) -> Date {
        Date(self.granted_on)
    }
    /// Length in weeks (1–8).
    async fn weeks(&self) -> i32 {
        self.weeks
    }
    /// Why the court found it necessary.
    async fn reason(&self) -> &str {
        &self.reason
    }
}

/// An assessment commissioned for the proceedings.
#[Object]
impl Assessment {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        global_id(kinds::ASSESSMENT, self.id)
    }
    /// The child.
    async fn child(&self, ctx: &Context<'_>) -> async_graphql::Result<Child> {
        Ok(ctx.loaders()?.child(self.child_id).await?)
    }
    /// Parenting or relative (kinship).
    async fn kind(&self) -> AssessmentKind {
        self.kind
    }
    /// Who is assessed.
    async fn subject(&self) -> &str {
        &self.subject
    }
    /// Who commissioned it.
    async fn commissioned_by(&self) -> &str {
        &self.commissioned_by
    }
    /// Date due.
    async fn due_on(&self) -> Date {
        Date(self.due_on)
    }
    /// Date filed with the court.
    async fn filed_on(&self) -> Option<Date> {
        self.filed_on.map(Date)
    }
    /// Outcome.
    async fn outcome(&self) -> Option<&str> {
        self.outcome.as_deref()
    }
    /// Version to send with the next change.
    async fn version(&self) -> i32 {
        self.version
    }
}

/// Court queries.
#[derive(Default)]
pub struct CourtQuery;

#[Object]
impl CourtQuery {
    /// Care proceedings you may see (agency: all; LA: your own children's).
    async fn care_cases(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<CareCase>> {
        let page = store::list_cases(
            ctx.db()?.conn(),
            ctx.scope()?,
            None,
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |c| c.id))
    }

    /// One case, if you may see it (else `NOT_FOUND`).
    async fn care_case(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<CareCase> {
        let id = expect_id(&id, kinds::CARE_CASE, "id")?;
        let found = store::find_case(ctx.db()?.conn(), ctx.scope()?, id).await?;
        Ok(found.ok_or(AppError::not_found("CareCase"))?)
    }

    /// Assessments you may see.
    async fn assessments(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Assessment>> {
        let page = assessments::list_assessments(
            ctx.db()?.conn(),
            ctx.scope()?,
            None,
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |a| a.id))
    }
}

/// A case as issued.
#[derive(InputObject)]
pub struct OpenCareCaseInput {
    /// The child.
    pub child_id: ID,
    /// The court (≤ 100 characters).
    pub court: String,
    /// The court's case number (≤ 30 characters).
    pub case_number: String,
    /// Date issued.
    pub issued_on: Date,
}

/// A granted extension.
#[derive(InputObject)]
pub struct GrantExtensionInput {
    /// The case.
    pub case_id: ID,
    /// The case version you read.
    pub version: i32,
    /// Date granted.
    pub granted_on: Date,
    /// Length, 1–8 weeks.
    pub weeks: i32,
    /// Why the court found it necessary (required).
    pub reason: String,
}

/// A hearing held.
#[derive(InputObject)]
pub struct RecordHearingInput {
    /// The case.
    pub case_id: ID,
    /// Kind of hearing.
    pub kind: HearingKind,
    /// Date held.
    pub held_on: Date,
    /// What happened.
    pub outcome: Option<String>,
}

/// An order made.
#[derive(InputObject)]
pub struct RecordOrderInput {
    /// The case.
    pub case_id: ID,
    /// The case version you read.
    pub version: i32,
    /// Kind of order.
    pub kind: OrderKind,
    /// Date made.
    pub made_on: Date,
    /// For an adoption order: unopposed (default) or consent dispensed with.
    pub adoption_application: Option<AdoptionApplication>,
    /// The hearing at which the order was made (a hearing of this case, held on `madeOn`).
    pub hearing_id: Option<ID>,
}

/// An assessment commissioned.
#[derive(InputObject)]
pub struct CommissionAssessmentInput {
    /// The child.
    pub child_id: ID,
    /// Parenting or relative.
    pub kind: AssessmentKind,
    /// Who is assessed (≤ 100 characters).
    pub subject: String,
    /// Who commissioned it (≤ 100 characters).
    pub commissioned_by: String,
    /// Date due.
    pub due_on: Date,
}

/// An assessment filed with the court.
#[derive(InputObject)]
pub struct FileAssessmentInput {
    /// The assessment.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// Date filed.
    pub filed_on: Date,
    /// Outcome (required).
    pub outcome: String,
}

/// A case after a change.
#[derive(SimpleObject)]
pub struct CareCasePayload {
    /// The case.
    pub case: CareCase,
}

/// A hearing just recorded.
#[derive(SimpleObject)]
pub struct HearingPayload {
    /// The hearing.
    pub hearing: Hearing,
}

/// An assessment after a change.
#[derive(SimpleObject)]
pub struct AssessmentPayload {
    /// The assessment.
    pub assessment: Assessment,
}

/// Court mutations (agency roles and the child's LA_STAFF).
#[derive(Default)]
pub struct CourtMutation;

#[Object]
impl CourtMutation {
    /// Opens care proceedings for a child (one open case per child).
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn open_care_case(
        &self,
        ctx: &Context<'_>,
        input: OpenCareCaseInput,
    ) -> async_graphql::Result<CareCasePayload> {
        let new = NewCase {
            child_id: expect_id(&input.child_id, kinds::CHILD, "input.childId")?,
            court: required_text(&input.court, 100, "input.court")?,
            case_number: required_text(&input.case_number, 30, "input.caseNumber")?,
            issued_on: input.issued_on.0,
        };
        let case = store::open_case(ctx.db()?, ctx.actor()?, new).await?;
        Ok(CareCasePayload { case })
    }

    /// Records an extension of the 26-week timetable (at most 8 weeks each).
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn grant_extension(
        &self,
        ctx: &Context<'_>,
        input: GrantExtensionInput,
    ) -> async_graphql::Result<CareCasePayload> {
        let id = expect_id(&input.case_id, kinds::CARE_CASE, "input.caseId")?;
        let reason = required_text(&input.reason, 2000, "input.reason")?;
        let case = store::grant_extension(
            ctx.db()?,
            ctx.actor()?,
            id,
            input.version,
            input.granted_on.0,
            input.weeks,
            reason,
        )
        .await?;
        Ok(CareCasePayload { case })
    }

    /// Records a hearing.
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn record_hearing(
        &self,
        ctx: &Context<'_>,
        input: RecordHearingInput,
    ) -> async_graphql::Result<HearingPayload> {
        let id = expect_id(&input.case_id, kinds::CARE_CASE, "input.caseId")?;
        let outcome = optional_text(input.outcome.as_deref(), 2000, "input.outcome")?;
        let hearing = super::hearings::record_hearing(
            ctx.db()?,
            ctx.actor()?,
            id,
            input.kind,
            input.held_on.0,
            outcome,
        )
        .await?;
        Ok(HearingPayload { hearing })
    }

    /// Records an order. The child's legal status and open placement follow in the same
    /// transaction (a placement order dates the placement; an adoption order completes an
    /// adoption placement); an order that does not fit is refused. A final order concludes
    /// the case; other orders made the same day (several orders at one hearing) may follow it.
    /// The payload carries every record the order changed, with its new version.
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn record_order(
        &self,
        ctx: &Context<'_>,
        input: RecordOrderInput,
    ) -> async_graphql::Result<CourtOrderPayload> {
        let id = expect_id(&input.case_id, kinds::CARE_CASE, "input.caseId")?;
        let hearing_id = input
            .hearing_id
            .as_ref()
            .map(|h| expect_id(h, kinds::HEARING, "input.hearingId"))
            .transpose()?;
        let new = NewOrder {
            kind: input.kind,
            made_on: input.made_on.0,
            application: input.adoption_application,
            hearing_id,
        };
        let recorded =
            orders::record_order(ctx.db()?, ctx.actor()?, id, input.version, new).await?;
        Ok(CourtOrderPayload::from(recorded))
    }

    /// Commissions a parenting or relative assessment.
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn commission_assessment(
        &self,
        ctx: &Context<'_>,
        input: CommissionAssessmentInput,
    ) -> async_graphql::Result<AssessmentPayload> {
        let new = NewAssessment {
            child_id: expect_id(&input.child_id, kinds::CHILD, "input.childId")?,
            kind: input.kind,
            subject: required_text(&input.subject, 100, "input.subject")?,
            commissioned_by: required_text(&input.commissioned_by, 100, "input.commissionedBy")?,
            due_on: input.due_on.0,
        };
        let assessment = assessments::commission_assessment(ctx.db()?, ctx.actor()?, new).await?;
        Ok(AssessmentPayload { assessment })
    }

    /// Records that an assessment was filed with the court, with its outcome (once).
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn file_assessment(
        &self,
        ctx: &Context<'_>,
        input: FileAssessmentInput,
    ) -> async_graphql::Result<AssessmentPayload> {
        let id = expect_id(&input.id, kinds::ASSESSMENT, "input.id")?;
        let outcome = required_text(&input.outcome, 2000, "input.outcome")?;
        let assessment = assessments::file_assessment(
            ctx.db()?,
            ctx.actor()?,
            id,
            input.version,
            input.filed_on.0,
            outcome,
        )
        .await?;
        Ok(AssessmentPayload { assessment })
    }
}
