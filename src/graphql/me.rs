//! `me`: who the token says you are.

use async_graphql::{Context, Object, SimpleObject};

use super::context::ContextExt;
use crate::auth::Role;
use crate::authorities::model::Authority;

/// The caller, as verified from the bearer token.
#[derive(SimpleObject)]
pub struct Me {
    /// The token's subject.
    pub sub: String,
    /// The caller's role.
    pub role: Role,
    /// The caller's authority (LA roles); null for agency roles.
    pub authority: Option<Authority>,
}

/// `me`.
#[derive(Default)]
pub struct MeQuery;

#[Object]
impl MeQuery {
    /// Who the token says you are.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<Me> {
        let actor = ctx.actor()?;
        let authority = match actor.authority() {
            Some(own) => {
                crate::authorities::store::find(ctx.db()?.conn(), actor.scope(), own.id).await?
            }
            None => None,
        };
        Ok(Me {
            sub: actor.sub.clone(),
            role: actor.role,
            authority,
        })
    }
}
