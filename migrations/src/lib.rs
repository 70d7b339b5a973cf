//! Database migrations for permanence: one file per change, each backend-neutral so the same
//! steps run on SQLite (the embedded default) and PostgreSQL (production).
//!
//! Invariants every migration keeps: primary keys are UUIDs; every table owned by a local
//! authority carries a non-null `authority_id`; every mutable row carries `version`,
//! `created_at` and `updated_at`. A reference from one authority-owned row to another is a
//! composite foreign key over `(id, authority_id)`, so the database itself refuses a row that
//! points into another authority's records.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_authorities;
mod m20261123_000002_create_children;
mod m20261123_000003_create_referrals;
mod m20261123_000004_create_idempotency_keys;
mod m20261123_000005_create_audit_events;
mod m20261123_000006_add_child_sibling_group;
mod m20261123_000007_create_carer_households;
mod m20261123_000008_create_matches;
mod m20261123_000009_create_placements;
mod m20261123_000010_create_contact;
mod m20261123_000011_create_court;
mod m20261123_000012_create_support;
mod m20261123_000013_create_adoption_decisions;
mod m20261123_000014_add_audit_feed_position;
mod m20261123_000015_add_contact_session_alerts;
mod m20261130_000016_recompute_contact_alerts;
mod m20261130_000017_add_referral_periods;
mod m20261130_000018_add_order_hearing;
mod m20261130_000019_add_entry_legal_status;

/// The ordered list of migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_authorities::Migration),
            Box::new(m20261123_000002_create_children::Migration),
            Box::new(m20261123_000003_create_referrals::Migration),
            Box::new(m20261123_000004_create_idempotency_keys::Migration),
            Box::new(m20261123_000005_create_audit_events::Migration),
            Box::new(m20261123_000006_add_child_sibling_group::Migration),
            Box::new(m20261123_000007_create_carer_households::Migration),
            Box::new(m20261123_000008_create_matches::Migration),
            Box::new(m20261123_000009_create_placements::Migration),
            Box::new(m20261123_000010_create_contact::Migration),
            Box::new(m20261123_000011_create_court::Migration),
            Box::new(m20261123_000012_create_support::Migration),
            Box::new(m20261123_000013_create_adoption_decisions::Migration),
            Box::new(m20261123_000014_add_audit_feed_position::Migration),
            Box::new(m20261123_000015_add_contact_session_alerts::Migration),
            Box::new(m20261130_000016_recompute_contact_alerts::Migration),
            Box::new(m20261130_000017_add_referral_periods::Migration),
            Box::new(m20261130_000018_add_order_hearing::Migration),
            Box::new(m20261130_000019_add_entry_legal_status::Migration),
        ]
    }
}
