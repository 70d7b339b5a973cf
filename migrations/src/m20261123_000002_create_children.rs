//! Children referred to the programme, owned by one authority each.

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
                    .table(Children::Table)
                    .if_not_exists()
                    .col(uuid(Children::Id).primary_key())
                    .col(uuid(Children::AuthorityId))
                    .col(string_len(Children::LaReference, 20))
                    .col(string_len_null(Children::GivenNames, 100))
                    .col(string_len_null(Children::FamilyName, 100))
                    .col(string_len(Children::Sex, 10))
                    .col(date_null(Children::DateOfBirth))
                    .col(date_null(Children::ExpectedDateOfBirth))
                    .col(string_len(Children::Ethnicity, 4))
                    .col(string_len_null(Children::LegalStatus, 2))
                    .col(date_null(Children::EnteredCareOn))
                    .col(integer(Children::Version))
                    .col(timestamp_with_time_zone(Children::CreatedAt))
                    .col(timestamp_with_time_zone(Children::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Children::Table, Children::AuthorityId)
                            .to(Authorities::Table, Authorities::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_children_authority_reference")
                    .table(Children::Table)
                    .col(Children::AuthorityId)
                    .col(Children::LaReference)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // Target of the composite foreign keys that keep references inside one authority.
        manager
            .create_index(
                Index::create()
                    .name("ux_children_id_authority")
                    .table(Children::Table)
                    .col(Children::Id)
                    .col(Children::AuthorityId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Children::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Children {
    Table,
    Id,
    AuthorityId,
    LaReference,
    GivenNames,
    FamilyName,
    Sex,
    DateOfBirth,
    ExpectedDateOfBirth,
    Ethnicity,
    LegalStatus,
    EnteredCareOn,
    Version,
    CreatedAt,
    UpdatedAt,
}
