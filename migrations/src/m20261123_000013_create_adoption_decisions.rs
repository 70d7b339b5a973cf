//! The agency decision maker's "should be placed for adoption" decisions (SSDA903 PlacedAdoption),
//! owned by the child's authority, and the adoption match recorded on a placement (AD1
//! DATE_MATCH with the adopters' SEX_ADOPTR and LS_ADOPTR).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_authorities::Authorities;
use crate::m20261123_000002_create_children::Children;
use crate::m20261123_000009_create_placements::Placements;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AdoptionDecisions {
    Table,
    Id,
    AuthorityId,
    ChildId,
    DecidedOn,
    ReversedOn,
    ReversalReason,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MatchColumns {
    AdoptionMatchedOn,
    AdoptersSex,
    AdoptersLegalStatus,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AdoptionDecisions::Table)
                    .if_not_exists()
                    .col(uuid(AdoptionDecisions::Id).primary_key())
                    .col(uuid(AdoptionDecisions::AuthorityId))
                    .col(uuid(AdoptionDecisions::ChildId))
                    .col(date(AdoptionDecisions::DecidedOn))
                    .col(date_null(AdoptionDecisions::ReversedOn))
                    .col(string_len_null(AdoptionDecisions::ReversalReason, 10))
                    .col(integer(AdoptionDecisions::Version))
                    .col(timestamp_with_time_zone(AdoptionDecisions::CreatedAt))
                    .col(timestamp_with_time_zone(AdoptionDecisions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AdoptionDecisions::Table, AdoptionDecisions::AuthorityId)
                            .to(Authorities::Table, Authorities::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                AdoptionDecisions::Table,
                                (AdoptionDecisions::ChildId, AdoptionDecisions::AuthorityId),
                            )
                            .to(Children::Table, (Children::Id, Children::AuthorityId)),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_adoption_decisions_authority_child")
                    .table(AdoptionDecisions::Table)
                    .col(AdoptionDecisions::AuthorityId)
                    .col(AdoptionDecisions::ChildId)
                    .to_owned(),
            )
            .await?;
        // SQLite adds one column per statement.
        for column in [
            date_null(MatchColumns::AdoptionMatchedOn),
            string_len_null(MatchColumns::AdoptersSex, 2),
            string_len_null(MatchColumns::AdoptersLegalStatus, 3),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Placements::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            MatchColumns::AdoptionMatchedOn,
            MatchColumns::AdoptersSex,
            MatchColumns::AdoptersLegalStatus,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Placements::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(AdoptionDecisions::Table).to_owned())
            .await
    }
}
