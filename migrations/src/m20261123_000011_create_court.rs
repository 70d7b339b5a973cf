//! Care proceedings (with extensions, hearings and orders) and assessments, all owned by the
//! child's authority.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_authorities::Authorities;
use crate::m20261123_000002_create_children::Children;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn owned(
    table: &mut TableCreateStatement,
    t: impl IntoIden + Copy,
    id: impl IntoIden + Copy,
    authority: impl IntoIden + Copy,
) {
    table
        .col(uuid(id).primary_key())
        .col(uuid(authority))
        .foreign_key(
            ForeignKey::create()
                .from(t, authority)
                .to(Authorities::Table, Authorities::Id),
        );
}

fn stamps(table: &mut TableCreateStatement) {
    table
        .col(integer(Alias::new("version")))
        .col(timestamp_with_time_zone(Alias::new("created_at")))
        .col(timestamp_with_time_zone(Alias::new("updated_at")));
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut proceedings = Table::create();
        proceedings.table(Proceedings::Table).if_not_exists();
        owned(
            &mut proceedings,
            Proceedings::Table,
            Proceedings::Id,
            Proceedings::AuthorityId,
        );
        proceedings
            .col(uuid(Proceedings::ChildId))
            .col(string_len(Proceedings::Court, 100))
            .col(string_len(Proceedings::CaseNumber, 30))
            .col(date(Proceedings::IssuedOn))
            .col(date_null(Proceedings::ConcludedOn))
            .foreign_key(
                ForeignKey::create()
                    .from(
                        Proceedings::Table,
                        (Proceedings::ChildId, Proceedings::AuthorityId),
                    )
                    .to(Children::Table, (Children::Id, Children::AuthorityId)),
            );
        stamps(&mut proceedings);
        manager.create_table(proceedings.to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_proceedings_id_authority")
                    .table(Proceedings::Table)
                    .col(Proceedings::Id)
                    .col(Proceedings::AuthorityId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        let child_of_proceedings = |table: &mut TableCreateStatement, t: CourtRecords| {
            table.col(uuid(CourtRecords::ProceedingsId)).foreign_key(
                ForeignKey::create()
                    .from(t, (CourtRecords::ProceedingsId, CourtRecords::AuthorityId))
                    .to(
                        Proceedings::Table,
                        (Proceedings::Id, Proceedings::AuthorityId),
                    ),
            );
        };

        let mut extensions = Table::create();
        extensions.table(CourtRecords::Extensions).if_not_exists();
        owned(
            &mut extensions,
            CourtRecords::Extensions,
            CourtRecords::Id,
            CourtRecords::AuthorityId,
        );
        child_of_proceedings(&mut extensions, CourtRecords::Extensions);
        extensions
            .col(date(CourtRecords::GrantedOn))
            .col(integer(CourtRecords::Weeks))
            .col(text(CourtRecords::Reason));
        stamps(&mut extensions);
        manager.create_table(extensions.to_owned()).await?;

        let mut hearings = Table::create();
        hearings.table(CourtRecords::Hearings).if_not_exists();
        owned(
            &mut hearings,
            CourtRecords::Hearings,
            CourtRecords::Id,
            CourtRecords::AuthorityId,
        );
        child_of_proceedings(&mut hearings, CourtRecords::Hearings);
        hearings
            .col(string_len(CourtRecords::Kind, 30))
            .col(date(CourtRecords::HeldOn))
            .col(text_null(CourtRecords::Outcome));
        stamps(&mut hearings);
        manager.create_table(hearings.to_owned()).await?;

        let mut orders = Table::create();
        orders.table(CourtRecords::CourtOrders).if_not_exists();
        owned(
            &mut orders,
            CourtRecords::CourtOrders,
            CourtRecords::Id,
            CourtRecords::AuthorityId,
        );
        child_of_proceedings(&mut orders, CourtRecords::CourtOrders);
        orders
            .col(string_len(CourtRecords::Kind, 40))
            .col(date(CourtRecords::MadeOn));
        stamps(&mut orders);
        manager.create_table(orders.to_owned()).await?;

        let mut assessments = Table::create();
        assessments.table(Assessments::Table).if_not_exists();
        owned(
            &mut assessments,
            Assessments::Table,
            Assessments::Id,
            Assessments::AuthorityId,
        );
        assessments
            .col(uuid(Assessments::ChildId))
            .col(string_len(Assessments::Kind, 20))
            .col(string_len(Assessments::Subject, 100))
            .col(string_len(Assessments::CommissionedBy, 100))
            .col(date(Assessments::DueOn))
            .col(date_null(Assessments::FiledOn))
            .col(text_null(Assessments::Outcome))
            .foreign_key(
                ForeignKey::create()
                    .from(
                        Assessments::Table,
                        (Assessments::ChildId, Assessments::AuthorityId),
                    )
                    .to(Children::Table, (Children::Id, Children::AuthorityId)),
            );
        stamps(&mut assessments);
        manager.create_table(assessments.to_owned()).await?;

        for (name, table, column) in [
            (
                "ix_proceedings_child",
                Alias::new("proceedings"),
                Alias::new("child_id"),
            ),
            (
                "ix_proceedings_authority",
                Alias::new("proceedings"),
                Alias::new("authority_id"),
            ),
            (
                "ix_extensions_proceedings",
                Alias::new("extensions"),
                Alias::new("proceedings_id"),
            ),
            (
                "ix_hearings_proceedings",
                Alias::new("hearings"),
                Alias::new("proceedings_id"),
            ),
            (
                "ix_court_orders_proceedings",
                Alias::new("court_orders"),
                Alias::new("proceedings_id"),
            ),
            (
                "ix_assessments_child",
                Alias::new("assessments"),
                Alias::new("child_id"),
            ),
            (
                "ix_assessments_authority",
                Alias::new("assessments"),
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
        for table in [
            Alias::new("assessments"),
            Alias::new("court_orders"),
            Alias::new("hearings"),
            Alias::new("extensions"),
            Alias::new("proceedings"),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Proceedings {
    Table,
    Id,
    AuthorityId,
    ChildId,
    Court,
    CaseNumber,
    IssuedOn,
    ConcludedOn,
}

#[derive(DeriveIden, Clone, Copy)]
enum CourtRecords {
    Extensions,
    Hearings,
    CourtOrders,
    Id,
    AuthorityId,
    ProceedingsId,
    GrantedOn,
    Weeks,
    Reason,
    Kind,
    HeldOn,
    Outcome,
    MadeOn,
}

#[derive(DeriveIden, Clone, Copy)]
enum Assessments {
    Table,
    Id,
    AuthorityId,
    ChildId,
    Kind,
    Subject,
    CommissionedBy,
    DueOn,
    FiledOn,
    Outcome,
}
