//! A child can come back (issue 14, item 4): each referral is one period of the child's care.
//!
//! - `referrals.entered_care_on`: the day the child entered care for this referral's period
//!   (NULL until recorded). Filled from the child's record for existing referrals, which all
//!   belong to a child's only period so far.
//! - `referrals.closed_on`: the day the period ended, when the referral is `CLOSED`.
//! - A referral whose placement ended without adoption (returned to a parent or a relative, or
//!   ended) is now `CLOSED` on the placement's end date, so the authority can refer the child
//!   again; existing ones are closed here. The statements are portable SQL (SQLite and
//!   PostgreSQL).
//!
//! Down drops the column and reopens closed referrals as `PLACED`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Referrals {
    Table,
    EnteredCareOn,
    ClosedOn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Referrals::Table)
                    .add_column(ColumnDef::new(Referrals::EnteredCareOn).date().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Referrals::Table)
                    .add_column(ColumnDef::new(Referrals::ClosedOn).date().null())
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE referrals SET entered_care_on = \
               (SELECT c.entered_care_on FROM children c WHERE c.id = referrals.child_id)",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE referrals SET status = 'CLOSED', closed_on = \
               (SELECT MAX(p.ended_on) FROM placements p WHERE p.referral_id = referrals.id) \
             WHERE status = 'PLACED' AND EXISTS \
               (SELECT 1 FROM placements p WHERE p.referral_id = referrals.id \
                AND p.status IN ('RETURNED_TO_PARENT', 'RETURNED_TO_RELATIVE', 'ENDED'))",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("UPDATE referrals SET status = 'PLACED' WHERE status = 'CLOSED'")
            .await?;
        for column in [Referrals::ClosedOn, Referrals::EnteredCareOn] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Referrals::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
