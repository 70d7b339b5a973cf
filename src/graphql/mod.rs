//! The GraphQL API: schema assembly, limits and shared resolver helpers (the HTTP and WebSocket
//! endpoints that serve it are in `http`).
//!
//! Each aggregate contributes a `<Aggregate>Query` / `<Aggregate>Mutation`; they are merged
//! here. Limits (DESIGN §4): fragments, spreads, selections, expanded size and depth checked in
//! linear time before validation (`document.rs`, `limits.rs`), complexity, directives per
//! field, no field suggestions, introspection configurable; page size is capped in `pagination.rs`; body size,
//! timeout and single-operation requests are enforced at the HTTP edge (`http/`).

pub mod context;
pub mod document;
pub mod guards;
pub mod limits;
pub mod loaders;
pub mod me;
pub mod node;
pub mod pagination;
pub mod shape;
pub mod strings;
pub mod subscriptions;

use async_graphql::{MergedObject, Schema};

use crate::adoption_decisions::graphql::AdoptionDecisionMutation;
use crate::asglb::graphql::AsglbQuery;
use crate::audit::feed::{FeedQuery, FeedSubscription};
use crate::audit::graphql::AuditQuery;
use crate::authorities::graphql::{AuthorityMutation, AuthorityQuery};
use crate::carers::graphql::{CarerMutation, CarerQuery};
use crate::children::graphql::ChildQuery;
use crate::children::mutations::ChildMutation;
use crate::contact::graphql::{ContactMutation, ContactQuery};
use crate::court::graphql::{CourtMutation, CourtQuery};
use crate::db::Db;
use crate::matches::graphql::{MatchMutation, MatchQuery};
use crate::outcomes::graphql::OutcomeQuery;
use crate::placements::graphql::{PlacementMutation, PlacementQuery};
use crate::referrals::graphql::{ReferralMutation, ReferralQuery};
use crate::ssda903::graphql::Ssda903Query;
use crate::support::graphql::SupportMutation;

/// Deepest selection nesting accepted (introspection's own nesting does not count; see
/// `document.rs`).
pub const MAX_DEPTH: usize = 12;
/// Largest query complexity accepted (each field counts 1; aliases count again).
pub const MAX_COMPLEXITY: usize = 500;

/// Every query field.
#[derive(MergedObject, Default)]
pub struct Query(
    me::MeQuery,
    AuthorityQuery,
    ChildQuery,
    ReferralQuery,
    CarerQuery,
    MatchQuery,
    PlacementQuery,
    ContactQuery,
    CourtQuery,
    AuditQuery,
    FeedQuery,
    OutcomeQuery,
    Ssda903Query,
    AsglbQuery,
    node::NodeQuery,
);

/// Every mutation.
#[derive(MergedObject, Default)]
pub struct Mutation(
    AuthorityMutation,
    ReferralMutation,
    ChildMutation,
    CarerMutation,
    MatchMutation,
    PlacementMutation,
    ContactMutation,
    CourtMutation,
    SupportMutation,
    AdoptionDecisionMutation,
);

/// The service's schema.
pub type AppSchema = Schema<Query, Mutation, FeedSubscription>;

/// Builds the schema; without a database it can still print its SDL.
pub fn build_schema(db: Option<Db>, introspection: bool) -> AppSchema {
    let mut builder = Schema::build(Query::default(), Mutation::default(), FeedSubscription)
        .extension(limits::DocumentLimits {
            max_depth: MAX_DEPTH,
            max_complexity: MAX_COMPLEXITY,
        })
        .extension(shape::ResponseShape)
        .limit_directives(10)
        .disable_suggestions();
    if !introspection {
        builder = builder.disable_introspection();
    }
    if let Some(db) = db {
        builder = builder.data(db);
    }
    builder.finish()
}

/// The schema in SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    build_schema(None, true).sdl()
}
