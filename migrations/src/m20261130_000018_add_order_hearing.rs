//! Several orders can be made at one hearing (issue 14, item 5): `court_orders.hearing_id`
//! optionally names the hearing (of the same case) at which the order was made. NULL for the
//! orders recorded before, and for orders recorded without naming a hearing.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CourtOrders {
    Table,
    HearingId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CourtOrders::Table)
                    .add_column(ColumnDef::new(CourtOrders::HearingId).uuid().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("court_orders_hearing")
                    .table(CourtOrders::Table)
                    .col(CourtOrders::HearingId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("court_orders_hearing")
                    .table(CourtOrders::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CourtOrders::Table)
                    .drop_column(CourtOrders::HearingId)
                    .to_owned(),
            )
            .await
    }
}
