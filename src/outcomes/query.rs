//! The report's building blocks below the queries themselves: `Queries` — one scope, period and thresholds, with the placeholder
//! convention and the scoped `authority_id` filter every report statement uses.
//!
//! Invariants: every statement filters `authority_id` by the (narrowed) scope in SQL (`$3`); an
//! LA caller asking for another authority gets `NOT_FOUND`, as for a missing one.

use crate::types::Period;
use sea_orm::{ConnectionTrait, QueryResult, Value};

use super::measures::Thresholds;
use super::sql::Dialect;
use crate::auth::Scope;
use crate::error::{AppError, AppResult};

/// The report's queries for one scope and period. Parameters: `$1` = from, `$2` = to, `$3` =
/// the authority (only when the scope is one authority). The thresholds are validated integers
/// ([`Thresholds::new`]) written into the distribution query as numerals.
pub(super) struct Queries<'a, C> {
    pub(super) conn: &'a C,
    pub(super) scope: Scope,
    pub(super) period: Period,
    pub(super) thresholds: Thresholds,
    pub(super) sql: Dialect,
}

impl<'a, C: ConnectionTrait> Queries<'a, C> {
    pub(super) fn new(conn: &'a C, scope: Scope, period: Period, thresholds: Thresholds) -> Self {
        Queries {
            conn,
            scope,
            period,
            thresholds,
            sql: Dialect(conn.get_database_backend()),
        }
    }

    /// `AND <alias>.authority_id = $3` in one authority's scope; nothing for the agency (the
    /// owned-table rule of `scoped.rs`, spelled for SQL text).
    pub(super) fn scoped(&self, alias: &str) -> String {
        crate::scoped::owned_sql(self.scope, alias, 3)
    }

    fn values(&self) -> Vec<Value> {
        let mut values: Vec<Value> = vec![self.period.from.into(), self.period.to.into()];
        if let Scope::Authority(id) = self.scope {
            values.push(id.into());
        }
        values
    }

    pub(super) async fn rows(&self, sql: &str) -> AppResult<Vec<QueryResult>> {
        Ok(self
            .conn
            .query_all_raw(self.sql.statement(sql, self.values()))
            .await?)
    }

    pub(super) async fn row(&self, sql: &str) -> AppResult<QueryResult> {
        self.rows(sql)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("an aggregate returned no row")))
    }
}

/// An integer column (COUNT and SUM come back as 64-bit on both backends).
pub fn int(row: &QueryResult, column: &str) -> AppResult<i32> {
    let value: i64 = row.try_get("", column)?;
    Ok(i32::try_from(value).unwrap_or(i32::MAX))
}
