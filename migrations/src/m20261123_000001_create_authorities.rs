//! Local authorities: the tenants. Identified to clients by their DfE LA number (`code`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Authorities::Table)
                    .if_not_exists()
                    .col(uuid(Authorities::Id).primary_key())
                    .col(string_len_uniq(Authorities::Code, 3))
                    .col(string_len(Authorities::Name, 100))
                    .col(string_len(Authorities::Partnership, 20))
                    .col(boolean(Authorities::Active))
                    .col(integer(Authorities::Version))
                    .col(timestamp_with_time_zone(Authorities::CreatedAt))
                    .col(timestamp_with_time_zone(Authorities::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Authorities::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Authorities {
    Table,
    Id,
    Code,
    Name,
    Partnership,
    Active,
    Version,
    CreatedAt,
    UpdatedAt,
}
