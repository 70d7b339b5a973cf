//! Placements: a child living with a carer household, from the fostering (concurrent) phase to
//! adoption or return home. Owned by the child's authority.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_authorities::Authorities;
use crate::m20261123_000002_create_children::Children;
use crate::m20261123_000003_create_referrals::Referrals;
use crate::m20261123_000007_create_carer_households::CarerHouseholds;
use crate::m20261123_000008_create_matches::Matches;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Placements::Table)
                    .if_not_exists()
                    .col(uuid(Placements::Id).primary_key())
                    .col(uuid(Placements::AuthorityId))
                    .col(uuid(Placements::ChildId))
                    .col(uuid(Placements::ReferralId))
                    .col(uuid(Placements::HouseholdId))
                    .col(uuid_uniq(Placements::MatchId))
                    .col(boolean(Placements::CarersRelatedToChild))
                    .col(date(Placements::StartedOn))
                    .col(integer(Placements::SettlingInDays))
                    .col(string_len(Placements::Status, 30))
                    .col(date_null(Placements::PlacementOrderOn))
                    .col(date_null(Placements::PlacedForAdoptionOn))
                    .col(string_len_null(Placements::AdoptionBasis, 20))
                    .col(date_null(Placements::AdoptionOrderOn))
                    .col(string_len_null(Placements::AdoptionApplication, 20))
                    .col(date_null(Placements::EndedOn))
                    .col(text_null(Placements::EndReason))
                    .col(string_len_null(Placements::DisruptionReason, 10))
                    .col(string_len_null(Placements::RelativeArrangement, 40))
                    .col(integer(Placements::Version))
                    .col(timestamp_with_time_zone(Placements::CreatedAt))
                    .col(timestamp_with_time_zone(Placements::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Placements::Table, Placements::AuthorityId)
                            .to(Authorities::Table, Authorities::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                Placements::Table,
                                (Placements::ChildId, Placements::AuthorityId),
                            )
                            .to(Children::Table, (Children::Id, Children::AuthorityId)),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                Placements::Table,
                                (Placements::ReferralId, Placements::AuthorityId),
                            )
                            .to(Referrals::Table, (Referrals::Id, Referrals::AuthorityId)),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Placements::Table, Placements::HouseholdId)
                            .to(CarerHouseholds::Table, CarerHouseholds::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Placements::Table, Placements::MatchId)
                            .to(Matches::Table, Matches::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_placements_authority", Placements::AuthorityId),
            ("ix_placements_child", Placements::ChildId),
            ("ix_placements_household", Placements::HouseholdId),
            ("ix_placements_referral", Placements::ReferralId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Placements::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Placements::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Placements {
    Table,
    Id,
    AuthorityId,
    ChildId,
    ReferralId,
    HouseholdId,
    MatchId,
    CarersRelatedToChild,
    StartedOn,
    SettlingInDays,
    Status,
    PlacementOrderOn,
    PlacedForAdoptionOn,
    AdoptionBasis,
    AdoptionOrderOn,
    AdoptionApplication,
    EndedOn,
    EndReason,
    DisruptionReason,
    RelativeArrangement,
    Version,
    CreatedAt,
    UpdatedAt,
}
