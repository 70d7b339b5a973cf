//! The verified caller ([`Actor`]), its [`Role`] and the [`Scope`] of rows it may touch.

use uuid::Uuid;

/// What a caller is allowed to do, from the token's `role` claim.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Agency administrator: everything, across all authorities.
    AgencyAdmin,
    /// Agency staff: day-to-day work across all authorities.
    AgencyStaff,
    /// A local authority's staff or case-management integration: its own records, read and write.
    LaStaff,
    /// A local authority's read-only user: its own records, read only.
    LaReadonly,
}

impl Role {
    /// Parses the claim value (`AGENCY_ADMIN`, `AGENCY_STAFF`, `LA_STAFF`, `LA_READONLY`).
    pub fn parse(value: &str) -> Option<Role> {
        match value {
            "AGENCY_ADMIN" => Some(Role::AgencyAdmin),
            "AGENCY_STAFF" => Some(Role::AgencyStaff),
            "LA_STAFF" => Some(Role::LaStaff),
            "LA_READONLY" => Some(Role::LaReadonly),
            _ => None,
        }
    }

    /// The claim spelling of the role.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::AgencyAdmin => "AGENCY_ADMIN",
            Role::AgencyStaff => "AGENCY_STAFF",
            Role::LaStaff => "LA_STAFF",
            Role::LaReadonly => "LA_READONLY",
        }
    }

    /// Agency roles see every authority; LA roles see only their own.
    pub fn is_agency(self) -> bool {
        matches!(self, Role::AgencyAdmin | Role::AgencyStaff)
    }
}

/// The authority an LA caller belongs to, resolved from its DfE code at authentication.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorAuthority {
    /// Internal id of the authority.
    pub id: Uuid,
    /// DfE LA number.
    pub code: String,
}

/// A verified caller.
#[derive(Clone, Debug)]
pub struct Actor {
    /// The token's subject (user or client id).
    pub sub: String,
    /// The caller's role.
    pub role: Role,
    /// The caller's authority: always present for LA roles, always absent for agency roles.
    authority: Option<ActorAuthority>,
}

/// Longest token subject accepted (the audit trail stores it).
pub const MAX_SUBJECT_CHARS: usize = 200;

/// Whether a token's `sub` can identify a caller in the audit trail: 1 to
/// [`MAX_SUBJECT_CHARS`] characters, none of them control characters, not blank.
pub fn usable_subject(sub: &str) -> bool {
    let count = sub.chars().count();
    (1..=MAX_SUBJECT_CHARS).contains(&count)
        && !sub.chars().any(char::is_control)
        && !crate::text::is_blank(sub)
}

impl Actor {
    /// An agency caller (no authority).
    pub fn agency(sub: impl Into<String>, role: Role) -> Option<Actor> {
        role.is_agency().then(|| Actor {
            sub: sub.into(),
            role,
            authority: None,
        })
    }

    /// An LA caller bound to one authority.
    pub fn local_authority(
        sub: impl Into<String>,
        role: Role,
        authority: ActorAuthority,
    ) -> Option<Actor> {
        (!role.is_agency()).then(|| Actor {
            sub: sub.into(),
            role,
            authority: Some(authority),
        })
    }

    /// The caller's own authority (LA roles only).
    pub fn authority(&self) -> Option<&ActorAuthority> {
        self.authority.as_ref()
    }

    /// The rows this caller may see and change.
    pub fn scope(&self) -> Scope {
        match &self.authority {
            Some(authority) => Scope::Authority(authority.id),
            None => Scope::All,
        }
    }

    /// True when the caller holds one of `roles`.
    #[must_use]
    pub fn has_role(&self, roles: &[Role]) -> bool {
        roles.contains(&self.role)
    }

    /// `Ok` for an agency role; else `FORBIDDEN` saying "only the agency {what}" (the Scope's
    /// one check; the field's role guard says so to clients first).
    pub fn require_agency(&self, what: &str) -> crate::error::AppResult<()> {
        self.scope().require_agency(what)
    }
}

/// Which authorities' rows a query may touch. Built from an [`Actor`] and nothing else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every authority (agency roles).
    All,
    /// One authority (LA roles).
    Authority(Uuid),
}

impl Scope {
    /// The authority this scope is limited to, if any.
    pub fn authority_id(self) -> Option<Uuid> {
        match self {
            Scope::All => None,
            Scope::Authority(id) => Some(id),
        }
    }

    /// The SQL predicate limiting `column` (an authority id column) to this scope.
    pub fn condition<C: sea_orm::ColumnTrait>(self, column: C) -> sea_orm::Condition {
        match self {
            Scope::All => sea_orm::Condition::all(),
            Scope::Authority(id) => sea_orm::Condition::all().add(column.eq(id)),
        }
    }

    /// True when a row owned by `authority_id` is inside this scope.
    #[must_use]
    pub fn permits(self, authority_id: Uuid) -> bool {
        match self {
            Scope::All => true,
            Scope::Authority(id) => id == authority_id,
        }
    }

    /// `Ok` for the agency's scope (every authority); else `FORBIDDEN` saying "only the agency
    /// {what}". The one check for what only the agency does.
    pub fn require_agency(self, what: &str) -> crate::error::AppResult<()> {
        match self {
            Scope::All => Ok(()),
            Scope::Authority(_) => Err(crate::error::AppError::forbidden(format!(
                "only the agency {what}"
            ))),
        }
    }

    /// This scope narrowed to `authority` when one is asked for (reports narrow, never widen).
    /// An LA scope asking for another authority is `NOT_FOUND`, as for a missing one.
    pub fn narrow(self, authority: Option<Uuid>) -> crate::error::AppResult<Scope> {
        match (self, authority) {
            (Scope::Authority(own), Some(asked)) if own != asked => {
                Err(crate::error::AppError::not_found("Authority"))
            }
            (Scope::All, Some(asked)) => Ok(Scope::Authority(asked)),
            (scope, _) => Ok(scope),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_la_role_cannot_be_built_without_an_authority_and_so_never_sees_everything() {
        assert!(Actor::agency("x", Role::LaStaff).is_none());
        assert!(Actor::agency("x", Role::LaReadonly).is_none());
        let authority = ActorAuthority {
            id: Uuid::nil(),
            code: "206".into(),
        };
        let actor = Actor::local_authority("x", Role::LaStaff, authority).expect("la actor");
        assert_eq!(actor.scope(), Scope::Authority(Uuid::nil()));
    }

    #[test]
    fn an_agency_role_cannot_be_bound_to_an_authority() {
        let authority = ActorAuthority {
            id: Uuid::nil(),
            code: "206".into(),
        };
        assert!(Actor::local_authority("x", Role::AgencyAdmin, authority).is_none());
        let actor = Actor::agency("x", Role::AgencyStaff).expect("agency actor");
        assert_eq!(actor.scope(), Scope::All);
    }

    #[test]
    fn roles_round_trip_through_their_claim_spelling() {
        for role in [
            Role::AgencyAdmin,
            Role::AgencyStaff,
            Role::LaStaff,
            Role::LaReadonly,
        ] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("SUPERUSER"), None);
        assert_eq!(Role::parse("la_staff"), None);
    }
}
