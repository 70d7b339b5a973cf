//! permanence: the shared record of an early-permanence (concurrent planning) programme and
//! the local authorities it works for, served as a GraphQL API.
//!
//! Layers, each importing only the ones below it (README "Architecture"):
//! - `http`: the edge — router, layers, authentication and rate limit, the request log, the one
//!   mapping of errors to HTTP, GraphQL over HTTP and WebSocket, GraphiQL, report downloads.
//! - `graphql`: the schema, its limits and response shape, and shared resolver helpers; each
//!   aggregate's `graphql.rs` holds its thin resolvers.
//! - the aggregates (`authorities`, `children`, `referrals`, `carers`, `matches`, `placements`,
//!   `contact`, `court`, `support`, `adoption_decisions`, `audit`, and the reports `outcomes`,
//!   `ssda903`, `asglb`): `model.rs` (types and pure rules) and `store.rs` (the only code that
//!   queries its tables; every function takes the caller's `Scope` and applies it in SQL).
//! - below them: `scoped` (every table's visibility for a Scope, stated once), `entities` (table
//!   mirrors), `types` (shared values), `auth` (Actor, Scope),
//!   `db`, `error`, `dates`, `codes`, `text`, `paging`, `observability`.
//!
//! `cli` and `server` run the binary; `setup` migrates; `demo` and `seed` write data through the
//! stores.

pub mod adoption_decisions;
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
pub mod http;
pub mod idempotency;
pub mod matches;
pub mod observability;
pub mod outcomes;
pub mod paging;
pub mod placements;
pub mod referrals;
pub mod scoped;
pub mod seed;
pub mod server;
pub mod setup;
pub mod ssda903;
pub mod support;
pub mod text;
pub mod types;
pub mod versioned;

pub use http::{AppState, router};
