//! Who may see which rows: the visibility of every table, stated once.
//!
//! [`Scoped::visible_to`] is the SQL condition limiting a table to the rows a [`Scope`] may see.
//! Every read of a table — stores, loaders, reports, the change feed — filters by it (or, in a
//! report's hand-written SQL, by [`owned_sql`], the same rule spelled for SQL text); nothing
//! else decides visibility.
//!
//! The rules:
//! - A table owned by one authority (an `authority_id` column: children, referrals, matches,
//!   placements, contact sessions, care cases and their hearings, orders and extensions,
//!   assessments, post-adoption contact, support work, adoption decisions, audit events): the
//!   agency sees every row, an LA its own authority's rows only.
//! - Authorities: the agency sees all, an LA itself.
//! - Carer households (the agency's own records): the agency sees all; an LA those with a live
//!   or placed match for, or any placement of, one of its own children — and nothing else.
//! - Contact venues: the agency sees all; an LA the venues of its own children's sessions.
//!
//! Invariant: for an LA scope every condition names that authority's id; no condition for an LA
//! scope is ever empty.

use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, Select};

use crate::auth::Scope;
use crate::entities::{
    adoption_decisions, assessments, audit_events, authorities, carer_households, children,
    contact_sessions, contact_venues, court_orders, extensions, hearings, matches, placements,
    post_adoption_contact, proceedings, referrals, support_work,
};
use crate::matches::model::MatchStatus;

/// A table whose rows are visible to some scopes and not others.
pub trait Scoped: EntityTrait {
    /// The condition limiting this table to the rows `scope` may see.
    fn visible_to(scope: Scope) -> Condition;

    /// `SELECT` of the rows `scope` may see.
    fn find_visible(scope: Scope) -> Select<Self> {
        Self::find().filter(Self::visible_to(scope))
    }
}

/// Tables owned by one authority through their `authority_id` column.
macro_rules! owned_by_authority {
    ($($table:ident),* $(,)?) => {
        $(
            impl Scoped for $table::Entity {
                fn visible_to(scope: Scope) -> Condition {
                    scope.condition($table::Column::AuthorityId)
                }
            }
        )*
    };
}

owned_by_authority!(
    adoption_decisions,
    assessments,
    audit_events,
    children,
    contact_sessions,
    court_orders,
    extensions,
    hearings,
    matches,
    placements,
    post_adoption_contact,
    proceedings,
    referrals,
    support_work,
);

impl Scoped for authorities::Entity {
    fn visible_to(scope: Scope) -> Condition {
        scope.condition(authorities::Column::Id)
    }
}

/// Match statuses that let the child's authority see the household in full: live, or placed.
fn household_visible_matches() -> [&'static str; 3] {
    let [proposed, agreed] = MatchStatus::live_codes();
    [proposed, agreed, MatchStatus::Placed.as_str()]
}

impl Scoped for carer_households::Entity {
    fn visible_to(scope: Scope) -> Condition {
        let Scope::Authority(authority_id) = scope else {
            return Condition::all();
        };
        Condition::any()
            .add(
                carer_households::Column::Id.in_subquery(
                    Query::select()
                        .column(matches::Column::HouseholdId)
                        .from(matches::Entity)
                        .and_where(matches::Column::AuthorityId.eq(authority_id))
                        .and_where(matches::Column::Status.is_in(household_visible_matches()))
                        .to_owned(),
                ),
            )
            .add(
                carer_households::Column::Id.in_subquery(
                    Query::select()
                        .column(placements::Column::HouseholdId)
                        .from(placements::Entity)
                        .and_where(placements::Column::AuthorityId.eq(authority_id))
                        .to_owned(),
                ),
            )
    }
}

impl Scoped for contact_venues::Entity {
    fn visible_to(scope: Scope) -> Condition {
        let Scope::Authority(authority_id) = scope else {
            return Condition::all();
        };
        Condition::all().add(
            contact_venues::Column::Id.in_subquery(
                Query::select()
                    .column(contact_sessions::Column::VenueId)
                    .from(contact_sessions::Entity)
                    .and_where(contact_sessions::Column::AuthorityId.eq(authority_id))
                    .to_owned(),
            ),
        )
    }
}

/// The owned-by-authority rule in a report's SQL text: ` AND <alias>.authority_id = $<n>` for
/// an LA scope (the caller binds the authority's id as parameter `n`), nothing for the agency.
pub fn owned_sql(scope: Scope, alias: &str, parameter: usize) -> String {
    match scope {
        Scope::Authority(_) => format!(" AND {alias}.authority_id = ${parameter}"),
        Scope::All => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{DbBackend, QueryTrait};
    use uuid::Uuid;

    fn sql<E: Scoped>(scope: Scope) -> String {
        E::find_visible(scope)
            .build(DbBackend::Postgres)
            .to_string()
    }

    #[test]
    fn an_la_scope_always_names_its_authority_and_the_agency_sees_everything() {
        let id = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0206);
        let la = Scope::Authority(id);
        for text in [
            sql::<referrals::Entity>(la),
            sql::<children::Entity>(la),
            sql::<audit_events::Entity>(la),
            sql::<authorities::Entity>(la),
            sql::<carer_households::Entity>(la),
            sql::<contact_venues::Entity>(la),
        ] {
            assert!(text.contains(&id.to_string()), "{text}");
        }
        let households = sql::<carer_households::Entity>(la);
        assert!(
            households.contains("'PROPOSED', 'AGREED', 'PLACED'"),
            "{households}"
        );
        let all = sql::<referrals::Entity>(Scope::All);
        assert!(!all.contains("\"authority_id\" ="), "{all}");
        assert_eq!(owned_sql(la, "p", 3), " AND p.authority_id = $3");
        assert_eq!(owned_sql(Scope::All, "p", 3), "");
    }
}
