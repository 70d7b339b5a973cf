//! A reporting period: two calendar days, both inclusive, never running backwards; and the
//! financial (SSDA903 collection) year as one.

use chrono::NaiveDate;

use crate::error::{AppError, AppResult};

/// The first financial year the reports reach back to.
pub const FIRST_REPORT_YEAR: i32 = 1990;

/// A reporting period, both days inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl Period {
    /// A period, or `BAD_USER_INPUT` naming `field` when it runs backwards.
    pub fn new(from: NaiveDate, to: NaiveDate, field: &str) -> AppResult<Period> {
        if to < from {
            return Err(AppError::invalid(field, "`to` must not be before `from`"));
        }
        Ok(Period { from, to })
    }

    /// The financial (and SSDA903 collection) year starting on 1 April of `year`, from 1990
    /// (early-permanence programmes began in the late 1990s) to 2100.
    pub fn financial_year(year: i32, field: &str) -> AppResult<Period> {
        let bad = || {
            AppError::invalid(
                field,
                format!("is not a year this service can report on ({FIRST_REPORT_YEAR}–2100)"),
            )
        };
        if !(FIRST_REPORT_YEAR..=2100).contains(&year) {
            return Err(bad());
        }
        let from = NaiveDate::from_ymd_opt(year, 4, 1).ok_or_else(bad)?;
        let to = NaiveDate::from_ymd_opt(year + 1, 3, 31).ok_or_else(bad)?;
        Ok(Period { from, to })
    }
}
