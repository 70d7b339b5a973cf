//! Post-adoption contact arrangements and the support-work log, both owned by the child's
//! authority.

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
                    .table(PostAdoptionContact::Table)
                    .if_not_exists()
                    .col(uuid(PostAdoptionContact::Id).primary_key())
                    .col(uuid(PostAdoptionContact::AuthorityId))
                    .col(uuid(PostAdoptionContact::ChildId))
                    .col(string_len(PostAdoptionContact::Kind, 20))
                    .col(integer(PostAdoptionContact::TimesPerYear))
                    .col(string_len(PostAdoptionContact::Parties, 500))
                    .col(date(PostAdoptionContact::AgreedOn))
                    .col(date_null(PostAdoptionContact::EndedOn))
                    .col(integer(PostAdoptionContact::Version))
                    .col(timestamp_with_time_zone(PostAdoptionContact::CreatedAt))
                    .col(timestamp_with_time_zone(PostAdoptionContact::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PostAdoptionContact::Table, PostAdoptionContact::AuthorityId)
                            .to(Authorities::Table, Authorities::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                PostAdoptionContact::Table,
                                (
                                    PostAdoptionContact::ChildId,
                                    PostAdoptionContact::AuthorityId,
                                ),
                            )
                            .to(Children::Table, (Children::Id, Children::AuthorityId)),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SupportWork::Table)
                    .if_not_exists()
                    .col(uuid(SupportWork::Id).primary_key())
                    .col(uuid(SupportWork::AuthorityId))
                    .col(uuid(SupportWork::ChildId))
                    .col(string_len(SupportWork::Recipient, 20))
                    .col(string_len(SupportWork::Kind, 30))
                    .col(date(SupportWork::GivenOn))
                    .col(string_len(SupportWork::GivenBy, 100))
                    .col(string_len(SupportWork::GivenTo, 100))
                    .col(integer(SupportWork::DurationMinutes))
                    .col(text_null(SupportWork::Notes))
                    .col(integer(SupportWork::Version))
                    .col(timestamp_with_time_zone(SupportWork::CreatedAt))
                    .col(timestamp_with_time_zone(SupportWork::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SupportWork::Table, SupportWork::AuthorityId)
                            .to(Authorities::Table, Authorities::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                SupportWork::Table,
                                (SupportWork::ChildId, SupportWork::AuthorityId),
                            )
                            .to(Children::Table, (Children::Id, Children::AuthorityId)),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, table, column) in [
            (
                "ix_post_adoption_contact_child",
                Alias::new("post_adoption_contact"),
                Alias::new("child_id"),
            ),
            (
                "ix_post_adoption_contact_authority",
                Alias::new("post_adoption_contact"),
                Alias::new("authority_id"),
            ),
            (
                "ix_support_work_child",
                Alias::new("support_work"),
                Alias::new("child_id"),
            ),
            (
                "ix_support_work_authority",
                Alias::new("support_work"),
                Alias::new("authority_id"),
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SupportWork::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PostAdoptionContact::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PostAdoptionContact {
    Table,
    Id,
    AuthorityId,
    ChildId,
    Kind,
    TimesPerYear,
    Parties,
    AgreedOn,
    EndedOn,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SupportWork {
    Table,
    Id,
    AuthorityId,
    ChildId,
    Recipient,
    Kind,
    GivenOn,
    GivenBy,
    GivenTo,
    DurationMinutes,
    Notes,
    Version,
    CreatedAt,
    UpdatedAt,
}
