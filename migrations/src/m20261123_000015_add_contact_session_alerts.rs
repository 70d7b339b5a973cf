//! Contact sessions keep the alerts the contact rules raise on them (`settling_in_alert`,
//! `frequency_alert`, `travel_alert`), so reports count alerts in SQL instead of reading every
//! session of a period. The service computes them whenever a placement's sessions change; a
//! NULL means "not computed yet" (rows written before this migration), and the service fills
//! those in when it applies migrations. Sessions are also indexed by authority and start, the
//! order every period query reads them in; that index replaces the one on authority alone.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ContactSessions {
    Table,
    AuthorityId,
    StartsAt,
    SettlingInAlert,
    FrequencyAlert,
    TravelAlert,
}

const BY_AUTHORITY: &str = "ix_contact_sessions_authority";
const BY_AUTHORITY_AND_START: &str = "ix_contact_sessions_authority_starts";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            ContactSessions::SettlingInAlert,
            ContactSessions::FrequencyAlert,
            ContactSessions::TravelAlert,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ContactSessions::Table)
                        .add_column(boolean_null(column))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name(BY_AUTHORITY_AND_START)
                    .table(ContactSessions::Table)
                    .col(ContactSessions::AuthorityId)
                    .col(ContactSessions::StartsAt)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(BY_AUTHORITY)
                    .table(ContactSessions::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(BY_AUTHORITY)
                    .table(ContactSessions::Table)
                    .col(ContactSessions::AuthorityId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(BY_AUTHORITY_AND_START)
                    .table(ContactSessions::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            ContactSessions::SettlingInAlert,
            ContactSessions::FrequencyAlert,
            ContactSessions::TravelAlert,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ContactSessions::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
