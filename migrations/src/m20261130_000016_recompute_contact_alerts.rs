//! The contact frequency rule now counts a week on the UK wall clock (a week spanning a clock
//! change is 167 or 169 hours), so stored alerts computed with 168-hour weeks may be wrong near a
//! change. This clears every session's stored alerts; the service recomputes them, placement by
//! placement, when it next applies migrations (NULL means "not computed yet", as in migration 15).
//! Down does nothing: the flags are derived data, recomputed either way.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ContactSessions {
    Table,
    SettlingInAlert,
    FrequencyAlert,
    TravelAlert,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let clear = Query::update()
            .table(ContactSessions::Table)
            .value(ContactSessions::SettlingInAlert, Option::<bool>::None)
            .value(ContactSessions::FrequencyAlert, Option::<bool>::None)
            .value(ContactSessions::TravelAlert, Option::<bool>::None)
            .to_owned();
        manager.exec_stmt(clear).await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
