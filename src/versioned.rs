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
        Err(AppError::stale_version(version.saturating_add(1)))
    }
}

/// Takes the row lock of `id` (in `id_column`) for the rest of the caller's transaction, so
/// that writers deciding on the same row go one after the other (PostgreSQL; on SQLite write
/// transactions are already serialised). A no-op update: nothing changes.
pub async fn lock_row<E, C>(txn: &C, id_column: E::Column, id: uuid::Uuid) -> AppResult<()>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    E::update_many()
        .col_expr(id_column, sea_orm::sea_query::Expr::col(id_column))
        .filter(id_column.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}
