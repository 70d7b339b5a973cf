//! permanence: the shared record of an early-permanence (concurrent planning) programme and
//! the local authorities it works for, served as a GraphQL API.
//!
//! Layout (DESIGN §1): `auth` turns a bearer token into an Actor and its Scope; each aggregate
//! (`authorities`, `children`, `referrals`, `audit`) has `model.rs` (types and rules), `store.rs`
//! (the only code that queries its tables; every function takes the Scope) and `graphql.rs`
//! (thin resolvers); `graphql` assembles the schema; `app` builds the router used by `main`
//! and the tests.

pub mod adoption_decisions;
pub mod app;
pub mod asglb;
pub mod audit;
pub mod auth;
pub mod authorities;
pub mod carers;
pub mod children;
pub mod cli;
pub mod codes;
pub mod config;
pub mod contact;
pub mod court;
pub mod dates;
pub mod db;
pub mod demo;
pub mod download;
pub mod entities;
pub mod error;
pub mod graphql;
pub mod idempotency;
pub mod matches;
pub mod observability;
pub mod outcomes;
pub mod paging;
pub mod placements;
pub mod referrals;
pub mod seed;
pub mod server;
pub mod ssda903;
pub mod support;
pub mod text;
pub mod versioned;

pub use app::{AppState, router};
