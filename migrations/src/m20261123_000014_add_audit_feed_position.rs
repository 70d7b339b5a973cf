//! Audit events gain `feed_position`, the order of the change feed: on PostgreSQL the id of
//! the writing transaction (`pg_current_xact_id()`, set by a column default), on SQLite a
//! counter the single writer assigns. Existing events keep their insertion order.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    FeedPosition,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEvents::Table)
                    .add_column(big_integer_null(AuditEvents::FeedPosition))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared("UPDATE audit_events SET feed_position = 0")
                    .await?;
                db.execute_unprepared(
                    "ALTER TABLE audit_events ALTER COLUMN feed_position \
                     SET DEFAULT (pg_current_xact_id()::text::bigint)",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared("UPDATE audit_events SET feed_position = rowid")
                    .await?;
            }
        }
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_events_feed")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::FeedPosition)
                    .col(Alias::new("id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("ix_audit_events_feed").to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEvents::Table)
                    .drop_column(AuditEvents::FeedPosition)
                    .to_owned(),
            )
            .await
    }
}
