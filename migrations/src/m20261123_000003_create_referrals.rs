//! Referrals of a child to the programme by the child's authority.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_authorities::Authorities;
use crate::m20261123_000002_create_children::Children;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Referrals::Table)
                    .if_not_exists()
                    .col(uuid(Referrals::Id).primary_key())
                    .col(uuid(Referrals::AuthorityId))
                    .col(uuid(Referrals::ChildId))
                    .col(string_len(Referrals::Route, 20))
                    .col(string_len_null(Referrals::PurchaseOrderRef, 50))
                    .col(date(Referrals::ReferredOn))
                    .col(string_len(Referrals::Status, 20))
                    .col(string_len(Referrals::ProceedingsStage, 30))
                    .col(boolean(Referrals::ReturnHomeUnlikely))
                    .col(string_len(Referrals::RiskFactors, 200))
                    .col(text_null(Referrals::RiskNotes))
                    .col(string_len(Referrals::ServicesCommissioned, 100))
                    .col(string_len(Referrals::SocialWorkerName, 100))
                    .col(string_len_null(Referrals::SocialWorkerEmail, 254))
                    .col(string_len_null(Referrals::SocialWorkerPhone, 30))
                    .col(text_null(Referrals::DecisionReason))
                    .col(timestamp_with_time_zone_null(Referrals::DecidedAt))
                    .col(integer(Referrals::Version))
                    .col(timestamp_with_time_zone(Referrals::CreatedAt))
                    .col(timestamp_with_time_zone(Referrals::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Referrals::Table, Referrals::AuthorityId)
                            .to(Authorities::Table, Authorities::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                Referrals::Table,
                                (Referrals::ChildId, Referrals::AuthorityId),
                            )
                            .to(Children::Table, (Children::Id, Children::AuthorityId)),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_referrals_authority_status")
                    .table(Referrals::Table)
                    .col(Referrals::AuthorityId)
                    .col(Referrals::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_referrals_child")
                    .table(Referrals::Table)
                    .col(Referrals::ChildId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Referrals::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Referrals {
    Table,
    Id,
    AuthorityId,
    ChildId,
    Route,
    PurchaseOrderRef,
    ReferredOn,
    Status,
    ProceedingsStage,
    ReturnHomeUnlikely,
    RiskFactors,
    RiskNotes,
    ServicesCommissioned,
    SocialWorkerName,
    SocialWorkerEmail,
    SocialWorkerPhone,
    DecisionReason,
    DecidedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}
