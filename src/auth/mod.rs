//! Who is calling: bearer JWT verification into an [`Actor`], and the [`Scope`] built from it.
//!
//! Invariants:
//! - A token is verified once, at the HTTP edge (`http/auth.rs`), against a pinned list of
//!   algorithms; anything that does not verify is `UNAUTHENTICATED` (HTTP 401).
//! - A verified token whose claims do not name a usable identity (unknown role; an LA role with no
//!   authority, or with one the service does not know or has deactivated) is `FORBIDDEN` (HTTP 403).
//!   An LA caller is never widened to all authorities.
//! - [`Scope`] is derived from the actor alone: `All` for agency roles, `Authority(id)` for LA
//!   roles. Store functions take it and apply it in SQL.
//!
//! This module imports neither the GraphQL layer nor any store.

mod actor;
mod claims;
mod family;
mod jwks;
mod keys;

pub use actor::{Actor, ActorAuthority, MAX_SUBJECT_CHARS, Role, Scope, usable_subject};
pub use claims::Claims;
pub use family::KeyFamily;
pub use keys::{TokenSigner, TokenVerifier};
