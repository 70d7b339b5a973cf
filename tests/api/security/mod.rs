//! The security suite: every attack of `../shared/reference/graphql-anchors.md` §5, one file per
//! category, each run on SQLite and PostgreSQL. `catalog.rs` holds the attack surface as data
//! (every root field, and the nested fields on records two authorities share); `completeness.rs`
//! fails when the built schema has a field the catalog does not attack; `property.rs` builds
//! random data for three authorities and checks that none ever sees another's.

mod authentication; // A1–A11
pub(crate) mod catalog;
mod completeness;
mod function_level; // F1–F4, P1–P2
mod misconfiguration; // M1–M9
mod object_level; // B1–B15
mod property;
mod resources; // R1–R13
mod robustness; // issue 13
