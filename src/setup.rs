//! Bringing a database up to date: every pending migration, then the derived data a migration
//! left to compute (the stored contact alerts). Used by `serve`, `migrate` and the tests.

use migrations::MigratorTrait;

use crate::db::Db;

/// Applies every pending migration, then computes the derived data a migration left to compute
/// (the stored contact alerts).
pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    migrations::Migrator::up(db.conn(), None).await?;
    let placements = crate::contact::alerts::backfill(db).await?;
    if placements > 0 {
        tracing::info!(placements, "computed stored contact alerts");
    }
    Ok(())
}
