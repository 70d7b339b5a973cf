//! Role guards: which roles may call a field. Row-level scoping is the store's job, not this.

use async_graphql::{Context, Guard};

use super::context::ContextExt;
use crate::auth::Role;
use crate::error::AppError;

/// Allows the field only for the listed roles (`FORBIDDEN` otherwise).
pub struct RoleGuard(&'static [Role]);

/// Agency roles.
pub const AGENCY: &[Role] = &[Role::AgencyAdmin, Role::AgencyStaff];
/// Agency administrators only.
pub const AGENCY_ADMIN: &[Role] = &[Role::AgencyAdmin];
/// Agency roles, and the LA's own staff (row scope still applies).
pub const AGENCY_OR_LA_STAFF: &[Role] = &[Role::AgencyAdmin, Role::AgencyStaff, Role::LaStaff];
/// Local-authority staff (not read-only users).
pub const LA_STAFF: &[Role] = &[Role::LaStaff];

impl RoleGuard {
    /// A guard admitting `roles`.
    pub fn new(roles: &'static [Role]) -> Self {
        RoleGuard(roles)
    }
}

impl Guard for RoleGuard {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        let actor = ctx.actor()?;
        if actor.has_role(self.0) {
            Ok(())
        } else {
            let roles: Vec<&str> = self.0.iter().map(|r| r.as_str()).collect();
            Err(AppError::forbidden(format!("this needs the role {}", roles.join(" or "))).into())
        }
    }
}
