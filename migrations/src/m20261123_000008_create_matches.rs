//! Matches: the agency proposes a household for an accepted referral; the child's authority
//! agrees or rejects. Owned by the child's authority.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_authorities::Authorities;
use crate::m20261123_000002_create_children::Children;
use crate::m20261123_000003_create_referrals::Referrals;
use crate::m20261123_000007_create_carer_households::CarerHouseholds;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ux_referrals_id_authority")
                    .table(Referrals::Table)
                    .col(Referrals::Id)
                    .col(Referrals::AuthorityId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Matches::Table)
                    .if_not_exists()
                    .col(uuid(Matches::Id).primary_key())
                    .col(uuid(Matches::AuthorityId))
                    .col(uuid(Matches::ReferralId))
                    .col(uuid(Matches::ChildId))
                    .col(uuid(Matches::HouseholdId))
                    .col(string_len(Matches::Status, 20))
                    .col(boolean(Matches::CarersRelatedToChild))
                    .col(text_null(Matches::Rationale))
                    .col(text_null(Matches::DecisionReason))
                    .col(timestamp_with_time_zone_null(Matches::DecidedAt))
                    .col(integer(Matches::Version))
                    .col(timestamp_with_time_zone(Matches::CreatedAt))
                    .col(timestamp_with_time_zone(Matches::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Matches::Table, Matches::AuthorityId)
                            .to(Authorities::Table, Authorities::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Matches::Table, (Matches::ReferralId, Matches::AuthorityId))
                            .to(Referrals::Table, (Referrals::Id, Referrals::AuthorityId)),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Matches::Table, (Matches::ChildId, Matches::AuthorityId))
                            .to(Children::Table, (Children::Id, Children::AuthorityId)),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Matches::Table, Matches::HouseholdId)
                            .to(CarerHouseholds::Table, CarerHouseholds::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_matches_authority", Matches::AuthorityId),
            ("ix_matches_referral", Matches::ReferralId),
            ("ix_matches_household", Matches::HouseholdId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Matches::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Matches::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ux_referrals_id_authority")
                    .table(Referrals::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
pub enum Matches {
    Table,
    Id,
    AuthorityId,
    ReferralId,
    ChildId,
    HouseholdId,
    Status,
    CarersRelatedToChild,
    Rationale,
    DecisionReason,
    DecidedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}
