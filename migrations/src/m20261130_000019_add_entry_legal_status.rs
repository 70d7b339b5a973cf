//! The legal status a child entered care under, per period of care (issue 14, item 11): an
//! accommodation under section 20 (V2) followed by an interim care order is two episodes, and the
//! child's own `legal_status` — which each order overwrites — cannot say what it was at entry.
//! Filled for existing referrals with the child's recorded status where no court order has
//! changed it since; otherwise left NULL (the extract then asks the LA for it).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Referrals {
    Table,
    EntryLegalStatus,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Referrals::Table)
                    .add_column(
                        ColumnDef::new(Referrals::EntryLegalStatus)
                            .string_len(2)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE referrals SET entry_legal_status = \
                   (SELECT c.legal_status FROM children c WHERE c.id = referrals.child_id) \
                 WHERE entered_care_on IS NOT NULL AND NOT EXISTS \
                   (SELECT 1 FROM court_orders o JOIN proceedings p ON p.id = o.proceedings_id \
                    WHERE p.child_id = referrals.child_id)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Referrals::Table)
                    .drop_column(Referrals::EntryLegalStatus)
                    .to_owned(),
            )
            .await
    }
}
