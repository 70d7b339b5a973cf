//! GraphQL mutations that keep a child's record up to date after the referral: `updateChild`,
//! `recordBirth`, `recordEntryToCare` (the child's own LA_STAFF, and agency roles; row scope
//! applies: another authority's child answers `NOT_FOUND`).

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

use super::changes::ChildPatch;
use super::model::{Child, Ethnicity, LegalStatus, Sex};
use super::record;
use crate::graphql::context::ContextExt;
use crate::graphql::guards::{AGENCY_OR_LA_STAFF, RoleGuard};
use crate::graphql::node::{expect_id, kinds};
use crate::types::Date;

/// Corrections to a child's details, at the version you read; omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateChildInput {
    /// The child's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// The LA's own child reference (≤ 20 characters; the child's authority only).
    pub la_reference: Option<String>,
    /// Given names.
    pub given_names: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Sex.
    pub sex: Option<Sex>,
    /// SSDA903 ethnicity.
    pub ethnicity: Option<Ethnicity>,
    /// SSDA903 legal status.
    pub legal_status: Option<LegalStatus>,
    /// The LA's reference for the child's sibling group (≤ 20 characters).
    pub sibling_group: Option<String>,
}

/// The birth of a child referred unborn.
#[derive(InputObject)]
pub struct RecordBirthInput {
    /// The child's global id.
    pub child_id: ID,
    /// The version you read.
    pub version: i32,
    /// The date of birth: not after today, not after the start of the child's placement, and
    /// the child at most 24 months old at each of its referrals.
    pub date_of_birth: Date,
}

/// The day the child became looked after.
#[derive(InputObject)]
pub struct RecordEntryToCareInput {
    /// The child's global id.
    pub child_id: ID,
    /// The version you read.
    pub version: i32,
    /// The day the child became looked after: not before the birth, not after today, not after
    /// the start of the child's first placement.
    pub entered_care_on: Date,
    /// The child's SSDA903 legal status from that day.
    pub legal_status: LegalStatus,
}

/// The child as it now is (its new `version` included).
#[derive(SimpleObject)]
pub struct ChildPayload {
    /// The child.
    pub child: Child,
}

/// Mutations on children.
#[derive(Default)]
pub struct ChildMutation;

#[Object]
impl ChildMutation {
    /// Corrects a child's details (the child's LA_STAFF, or the agency; only the child's
    /// authority changes `laReference`). Audited; at the version you read.
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn update_child(
        &self,
        ctx: &Context<'_>,
        input: UpdateChildInput,
    ) -> async_graphql::Result<ChildPayload> {
        let id = expect_id(&input.id, kinds::CHILD, "input.id")?;
        let patch = ChildPatch {
            la_reference: input.la_reference,
            given_names: input.given_names,
            family_name: input.family_name,
            sex: input.sex,
            ethnicity: input.ethnicity,
            legal_status: input.legal_status,
            sibling_group: input.sibling_group,
        };
        let child = record::update(ctx.db()?, ctx.actor()?, id, input.version, patch).await?;
        Ok(ChildPayload { child })
    }

    /// Records the birth of a child referred unborn (the child's LA_STAFF, or the agency): sets
    /// the date of birth and keeps the expected one. A birth already recorded is a `CONFLICT`.
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn record_birth(
        &self,
        ctx: &Context<'_>,
        input: RecordBirthInput,
    ) -> async_graphql::Result<ChildPayload> {
        let id = expect_id(&input.child_id, kinds::CHILD, "input.childId")?;
        let child = record::record_birth(
            ctx.db()?,
            ctx.actor()?,
            id,
            input.version,
            input.date_of_birth.0,
        )
        .await?;
        Ok(ChildPayload { child })
    }

    /// Records the day the child became looked after and its legal status then (the child's
    /// LA_STAFF, or the agency) — often at birth or at the first placement, after the referral.
    #[graphql(guard = "RoleGuard::new(AGENCY_OR_LA_STAFF)")]
    async fn record_entry_to_care(
        &self,
        ctx: &Context<'_>,
        input: RecordEntryToCareInput,
    ) -> async_graphql::Result<ChildPayload> {
        let id = expect_id(&input.child_id, kinds::CHILD, "input.childId")?;
        let child = record::record_entry_to_care(
            ctx.db()?,
            ctx.actor()?,
            id,
            input.version,
            input.entered_care_on.0,
            input.legal_status,
        )
        .await?;
        Ok(ChildPayload { child })
    }
}
