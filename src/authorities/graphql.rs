//! GraphQL for authorities: `authorities`, `authority(code:)`, `createAuthority`,
//! `updateAuthority`.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::model::{Authority, AuthorityPatch, NewAuthority, Partnership};
use super::store;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::guards::{AGENCY_ADMIN, RoleGuard};
use crate::graphql::node::{expect_id, global_id, kinds};
use crate::graphql::pagination::{Conn, connection, page_request};

/// A local authority.
#[Object]
impl Authority {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        global_id(kinds::AUTHORITY, self.id)
    }
    /// DfE LA number, e.g. `206`.
    async fn code(&self) -> &str {
        &self.code
    }
    /// Name.
    async fn name(&self) -> &str {
        &self.name
    }
    /// Partner or spot purchase.
    async fn partnership(&self) -> Partnership {
        self.partnership
    }
    /// Whether the authority's users may sign in.
    async fn active(&self) -> bool {
        self.active
    }
    /// Version to send with the next update.
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

/// Authority queries.
#[derive(Default)]
pub struct AuthorityQuery;

#[Object]
impl AuthorityQuery {
    /// Authorities: every one for agency roles, your own for LA roles.
    async fn authorities(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Authority>> {
        let page = store::list(
            ctx.db()?.conn(),
            ctx.scope()?,
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |a| a.id))
    }

    /// One authority by DfE LA number, if you may see it (else `NOT_FOUND`).
    async fn authority(&self, ctx: &Context<'_>, code: String) -> async_graphql::Result<Authority> {
        let found = store::find_by_code(ctx.db()?.conn(), ctx.scope()?, &code).await?;
        Ok(found.ok_or(AppError::not_found("Authority"))?)
    }
}

/// A new authority.
#[derive(InputObject)]
pub struct CreateAuthorityInput {
    /// DfE LA number (three digits).
    pub code: String,
    /// Name.
    pub name: String,
    /// Partner or spot purchase.
    pub partnership: Partnership,
}

/// A change to an authority; omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateAuthorityInput {
    /// The authority's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// New name.
    pub name: Option<String>,
    /// New partnership.
    pub partnership: Option<Partnership>,
    /// Activate or deactivate (a deactivated authority's tokens are refused).
    pub active: Option<bool>,
}

/// The authority after a change.
#[derive(SimpleObject)]
pub struct AuthorityPayload {
    /// The authority.
    pub authority: Authority,
}

/// Authority mutations (AGENCY_ADMIN).
#[derive(Default)]
pub struct AuthorityMutation;

#[Object]
impl AuthorityMutation {
    /// Adds an authority (e.g. a new spot-purchase authority). AGENCY_ADMIN only.
    #[graphql(guard = "RoleGuard::new(AGENCY_ADMIN)")]
    async fn create_authority(
        &self,
        ctx: &Context<'_>,
        input: CreateAuthorityInput,
    ) -> async_graphql::Result<AuthorityPayload> {
        let new = NewAuthority::parse(&input.code, &input.name, input.partnership)?;
        let authority = store::create(ctx.db()?, ctx.actor()?, new).await?;
        Ok(AuthorityPayload { authority })
    }

    /// Renames, re-classifies, deactivates or reactivates an authority. AGENCY_ADMIN only.
    #[graphql(guard = "RoleGuard::new(AGENCY_ADMIN)")]
    async fn update_authority(
        &self,
        ctx: &Context<'_>,
        input: UpdateAuthorityInput,
    ) -> async_graphql::Result<AuthorityPayload> {
        let id = expect_id(&input.id, kinds::AUTHORITY, "input.id")?;
        let patch = AuthorityPatch::parse(input.name.as_deref(), input.partnership, input.active)?;
        let authority = store::update(ctx.db()?, ctx.actor()?, id, input.version, patch).await?;
        Ok(AuthorityPayload { authority })
    }
}
