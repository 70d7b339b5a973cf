//! The little SQL that differs between SQLite and PostgreSQL in the reports: day arithmetic,
//! placeholders, and the distribution query (count, mean, median) both backends run.
//!
//! Invariant: every value reaches the database as a bound parameter; the only text spliced
//! into SQL is this module's fixed fragments, column names written in this crate, and the
//! report thresholds — `i32`s checked by `Thresholds::new`, written as numerals (a bound
//! parameter would have to appear in every statement of a report on PostgreSQL).

use sea_orm::{DatabaseBackend, Statement, Value};

/// SQL fragments for one backend.
#[derive(Clone, Copy, Debug)]
pub struct Dialect(pub DatabaseBackend);

impl Dialect {
    /// Whole days from `earlier` to `later` (two DATE expressions), as an integer.
    pub fn days(self, later: &str, earlier: &str) -> String {
        match self.0 {
            DatabaseBackend::Sqlite => {
                format!("CAST(julianday({later}) - julianday({earlier}) AS INTEGER)")
            }
            _ => format!("({later} - {earlier})"),
        }
    }

    /// The DATE `years` whole years after `date` (29 February moves to 1 March on SQLite and
    /// to 28 February on PostgreSQL; no child in the programme is affected in practice).
    pub fn plus_years(self, date: &str, years: u32) -> String {
        match self.0 {
            DatabaseBackend::Sqlite => format!("date({date}, '+{years} years')"),
            _ => format!("CAST({date} + INTERVAL '{years} years' AS DATE)"),
        }
    }

    /// The later of two DATE expressions.
    pub fn later_of(self, a: &str, b: &str) -> String {
        match self.0 {
            DatabaseBackend::Sqlite => format!("MAX({a}, {b})"),
            _ => format!("GREATEST({a}, {b})"),
        }
    }

    /// A statement from SQL written with PostgreSQL placeholders (`$1`, `$2`, …), rewritten to
    /// SQLite's numbered form (`?1`, …) when needed, so one text serves both backends.
    pub fn statement(self, sql: &str, values: Vec<Value>) -> Statement {
        let sql = match self.0 {
            DatabaseBackend::Sqlite => sql.replace('$', "?"),
            _ => sql.to_owned(),
        };
        Statement::from_sql_and_values(self.0, sql, values)
    }
}

/// Wraps a query yielding rows `(m, v)` — a measure name and an integer value, NULL when a date
/// it needs is not recorded — into one that yields, per measure: `n` (non-NULL values), `mean`,
/// `median` (the middle value, or the mean of the two middle values), how many values are 0,
/// and at most 182, `short` and `long` (`le_short`, `le_long`), and `missing` (the NULL values:
/// children left out).
///
/// The median uses `ROW_NUMBER` over the ordered values, which both SQLite (3.25+) and
/// PostgreSQL support; neither needs an extension.
pub fn distribution(values: &str, short: i32, long: i32) -> String {
    format!(
        "WITH d AS ({values}), \
         r AS (SELECT m, v, ROW_NUMBER() OVER (PARTITION BY m ORDER BY v) AS rn, \
                      COUNT(*) OVER (PARTITION BY m) AS total FROM d WHERE v IS NOT NULL), \
         s AS (SELECT m, COUNT(*) AS n, \
                CAST(AVG(CAST(v AS DOUBLE PRECISION)) AS DOUBLE PRECISION) AS mean, \
                CAST(AVG(CASE WHEN rn = (total + 1) / 2 OR rn = (total + 2) / 2 \
                              THEN CAST(v AS DOUBLE PRECISION) END) AS DOUBLE PRECISION) AS median, \
                SUM(CASE WHEN v = 0 THEN 1 ELSE 0 END) AS zero, \
                SUM(CASE WHEN v <= 182 THEN 1 ELSE 0 END) AS le_182, \
                SUM(CASE WHEN v <= {short} THEN 1 ELSE 0 END) AS le_short, \
                SUM(CASE WHEN v <= {long} THEN 1 ELSE 0 END) AS le_long, \
                CAST(MAX(v) AS BIGINT) AS longest \
         FROM r GROUP BY m), \
         g AS (SELECT m, COUNT(*) - COUNT(v) AS missing FROM d GROUP BY m) \
         SELECT g.m AS m, COALESCE(s.n, 0) AS n, s.mean AS mean, s.median AS median, \
                COALESCE(s.zero, 0) AS zero, COALESCE(s.le_182, 0) AS le_182, \
                COALESCE(s.le_short, 0) AS le_short, COALESCE(s.le_long, 0) AS le_long, \
                s.longest AS longest, g.missing AS missing \
         FROM g LEFT JOIN s ON s.m = g.m"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_backend() {
        let pg = Dialect(DatabaseBackend::Postgres).statement("a = $1 AND b = $2", vec![]);
        assert_eq!(pg.sql, "a = $1 AND b = $2");
        let lite = Dialect(DatabaseBackend::Sqlite).statement("a = $1 AND b = $2", vec![]);
        assert_eq!(lite.sql, "a = ?1 AND b = ?2");
    }

    #[test]
    fn day_arithmetic_follows_the_backend() {
        assert_eq!(Dialect(DatabaseBackend::Postgres).days("a", "b"), "(a - b)");
        assert!(
            Dialect(DatabaseBackend::Sqlite)
                .days("a", "b")
                .contains("julianday(a)")
        );
    }
}
