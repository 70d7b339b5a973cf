//! Contact sessions keep the alerts the contact rules raise on them (`settling_in_alert`,
//! `frequency_alert`, `travel_alert`), so reports count alerts in SQL instead of reading every
//! session of a period. The service computes them whenever a placement's sessions change; a
//! NULL means "not computed yet" (rows written before this migration), and the service fills
//! those in when it applies migrations. Sessions are also indexed by authority and start, the
//! order every period query reads them in; that index replaces the one on authority alone.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ContactSessions {
    Table,
    AuthorityId,
    StartsAt,
    SettlingInAlert,
    FrequencyAlert,
    TravelAlert,
}

const ALERTS: [ContactSessions; 3] = [
    ContactSessions::SettlingInAlert,
    ContactSessions::FrequencyAlert,
    ContactSessions::TravelAlert,
];
const BY_AUTHORITY: &str = "ix_contact_sessions_authority";
const BY_AUTHORITY_AND_START: &str = "ix_contact_sessions_authority_starts";

async fn create_index(
    manager: &SchemaManager<'_>,
    name: &str,
    columns: &[ContactSessions],
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(ContactSessions::Table);
    for column in columns {
        index.col(*column);
    }
    manager.create_index(index.to_owned()).await
}

async fn drop_index(manager: &SchemaManager<'_>, name: &str) -> Result<(), DbErr> {
    manager
        .drop_index(
            Index::drop()
                .name(name)
                .table(ContactSessions::Table)
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in ALERTS {
            manager
                .alter_table(
                    Table::alter()
                        .table(ContactSessions::Table)
                        .add_column(boolean_null(column))
                        .to_owned(),
                )
                .await?;
        }
        let by_start = [ContactSessions::AuthorityId, ContactSessions::StartsAt];
        create_index(manager, BY_AUTHORITY_AND_START, &by_start).await?;
        drop_index(manager, BY_AUTHORITY).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_index(manager, BY_AUTHORITY, &[ContactSessions::AuthorityId]).await?;
        drop_index(manager, BY_AUTHORITY_AND_START).await?;
        for column in ALERTS {
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
