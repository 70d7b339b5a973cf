//! Supervised contact: venues (agency-managed) and contact sessions on a placement (owned by
//! the child's authority).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_authorities::Authorities;
use crate::m20261123_000009_create_placements::Placements;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ux_placements_id_authority")
                    .table(Placements::Table)
                    .col(Placements::Id)
                    .col(Placements::AuthorityId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ContactVenues::Table)
                    .if_not_exists()
                    .col(uuid(ContactVenues::Id).primary_key())
                    .col(string_len(ContactVenues::Name, 100))
                    .col(string_len(ContactVenues::Kind, 20))
                    .col(double(ContactVenues::Latitude))
                    .col(double(ContactVenues::Longitude))
                    .col(boolean(ContactVenues::Active))
                    .col(integer(ContactVenues::Version))
                    .col(timestamp_with_time_zone(ContactVenues::CreatedAt))
                    .col(timestamp_with_time_zone(ContactVenues::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ContactSessions::Table)
                    .if_not_exists()
                    .col(uuid(ContactSessions::Id).primary_key())
                    .col(uuid(ContactSessions::AuthorityId))
                    .col(uuid(ContactSessions::PlacementId))
                    .col(uuid(ContactSessions::VenueId))
                    .col(timestamp_with_time_zone(ContactSessions::StartsAt))
                    .col(timestamp_with_time_zone(ContactSessions::EndsAt))
                    .col(double(ContactSessions::DistanceMiles))
                    .col(string_len(ContactSessions::Supervisor, 100))
                    .col(boolean(ContactSessions::SocialWorkerPresent))
                    .col(string_len(ContactSessions::Attendees, 500))
                    .col(string_len_null(ContactSessions::Outcome, 30))
                    .col(string_len_null(ContactSessions::CancelledBy, 20))
                    .col(boolean_null(ContactSessions::CarerHandoverAtStart))
                    .col(boolean_null(ContactSessions::CarerHandoverAtEnd))
                    .col(text_null(ContactSessions::Observations))
                    .col(timestamp_with_time_zone_null(ContactSessions::RecordedAt))
                    .col(integer(ContactSessions::Version))
                    .col(timestamp_with_time_zone(ContactSessions::CreatedAt))
                    .col(timestamp_with_time_zone(ContactSessions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContactSessions::Table, ContactSessions::AuthorityId)
                            .to(Authorities::Table, Authorities::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ContactSessions::Table,
                                (ContactSessions::PlacementId, ContactSessions::AuthorityId),
                            )
                            .to(Placements::Table, (Placements::Id, Placements::AuthorityId)),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContactSessions::Table, ContactSessions::VenueId)
                            .to(ContactVenues::Table, ContactVenues::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "ix_contact_sessions_authority",
                vec![ContactSessions::AuthorityId],
            ),
            (
                "ix_contact_sessions_placement_starts",
                vec![ContactSessions::PlacementId, ContactSessions::StartsAt],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(ContactSessions::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ContactSessions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ContactVenues::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ux_placements_id_authority")
                    .table(Placements::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
pub enum ContactVenues {
    Table,
    Id,
    Name,
    Kind,
    Latitude,
    Longitude,
    Active,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum ContactSessions {
    Table,
    Id,
    AuthorityId,
    PlacementId,
    VenueId,
    StartsAt,
    EndsAt,
    DistanceMiles,
    Supervisor,
    SocialWorkerPresent,
    Attendees,
    Outcome,
    CancelledBy,
    CarerHandoverAtStart,
    CarerHandoverAtEnd,
    Observations,
    RecordedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}
