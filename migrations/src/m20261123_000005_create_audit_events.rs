//! The audit trail: one append-only row per change, written in the change's transaction.
//! `authority_id` is the authority that owns the changed record (null for agency-owned records).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_authorities::Authorities;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .if_not_exists()
                    .col(uuid(AuditEvents::Id).primary_key())
                    .col(uuid_null(AuditEvents::AuthorityId))
                    .col(string_len(AuditEvents::ActorSub, 200))
                    .col(string_len(AuditEvents::ActorRole, 20))
                    .col(uuid_null(AuditEvents::ActorAuthorityId))
                    .col(string_len(AuditEvents::Action, 50))
                    .col(string_len(AuditEvents::EntityType, 50))
                    .col(uuid(AuditEvents::EntityId))
                    .col(text(AuditEvents::Changes))
                    .col(timestamp_with_time_zone(AuditEvents::OccurredAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AuditEvents::Table, AuditEvents::AuthorityId)
                            .to(Authorities::Table, Authorities::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_events_authority")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::AuthorityId)
                    .col(AuditEvents::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_events_entity")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::EntityId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditEvents::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    AuthorityId,
    ActorSub,
    ActorRole,
    ActorAuthorityId,
    Action,
    EntityType,
    EntityId,
    Changes,
    OccurredAt,
}
