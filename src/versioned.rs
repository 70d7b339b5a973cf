//! Optimistic concurrency, in one place: a change to an existing row is written only if the
//! row is still at the version the change was based on (and inside the caller's filter, which
//! carries the Scope); otherwise it is a `CONFLICT` and nothing is written.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
};

use crate::error::{AppError, AppResult};

/// Writes `row` to the rows matching `filter` whose `version_column` equals `version`; exactly
/// one row must change (`row` sets the new version).
pub async fn update_at_version<E, C>(
    txn: &C,
    row: E::ActiveModel,
    filter: Condition,
    version_column: E::Column,
    version: i32,
) -> AppResult<()>
where
    E: EntityTrait,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
    C: ConnectionTrait,
{
    let result = E::update_many()
        .set(row)
        .filter(filter)
        .filter(version_column.eq(version))
        .exec(txn)
        .await?;
    if result.rows_affected == 1 {
        Ok(())
    } else {
        Err(AppError::stale_version(version + 1))
    }
}
