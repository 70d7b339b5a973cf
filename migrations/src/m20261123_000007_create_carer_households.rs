//! Carer households: agency-owned (no authority), dual-approved foster carers and adopters.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CarerHouseholds::Table)
                    .if_not_exists()
                    .col(uuid(CarerHouseholds::Id).primary_key())
                    .col(string_len_uniq(CarerHouseholds::Reference, 20))
                    .col(string_len(CarerHouseholds::PrimaryCarerName, 100))
                    .col(string_len_null(CarerHouseholds::SecondCarerName, 100))
                    .col(string_len(CarerHouseholds::Ethnicities, 100))
                    .col(string_len_null(CarerHouseholds::CulturalBackground, 200))
                    .col(string_len(CarerHouseholds::Languages, 200))
                    .col(string_len_null(CarerHouseholds::Religion, 100))
                    .col(string_len(CarerHouseholds::Area, 8))
                    .col(double(CarerHouseholds::Latitude))
                    .col(double(CarerHouseholds::Longitude))
                    .col(boolean(CarerHouseholds::FullTimeCarer))
                    .col(string_len(CarerHouseholds::Capacity, 20))
                    .col(string_len(CarerHouseholds::Status, 20))
                    .col(date(CarerHouseholds::EnquiryReceivedOn))
                    .col(date_null(CarerHouseholds::EnquiryFollowedUpOn))
                    .col(date_null(CarerHouseholds::FosteringApprovedOn))
                    .col(date_null(CarerHouseholds::AdopterApprovedOn))
                    .col(text_null(CarerHouseholds::ClosedReason))
                    .col(integer(CarerHouseholds::Version))
                    .col(timestamp_with_time_zone(CarerHouseholds::CreatedAt))
                    .col(timestamp_with_time_zone(CarerHouseholds::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_carer_households_status")
                    .table(CarerHouseholds::Table)
                    .col(CarerHouseholds::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CarerHouseholds::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum CarerHouseholds {
    Table,
    Id,
    Reference,
    PrimaryCarerName,
    SecondCarerName,
    Ethnicities,
    CulturalBackground,
    Languages,
    Religion,
    Area,
    Latitude,
    Longitude,
    FullTimeCarer,
    Capacity,
    Status,
    EnquiryReceivedOn,
    EnquiryFollowedUpOn,
    FosteringApprovedOn,
    AdopterApprovedOn,
    ClosedReason,
    Version,
    CreatedAt,
    UpdatedAt,
}
