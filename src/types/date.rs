//! `Date`: an ISO calendar date within the accepted range, as a GraphQL scalar. Instants use
//! async-graphql's `DateTime` (RFC 3339 UTC).

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;

use crate::dates;

/// A calendar date, `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

/// Parses `YYYY-MM-DD` within the accepted range.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| "expected an ISO date, YYYY-MM-DD".to_owned())?;
    if !dates::in_range(date) {
        return Err(format!("expected a date {}", dates::range_text()));
    }
    Ok(date)
}

/// An ISO 8601 calendar date, e.g. `2026-03-01`, between 1900-01-01 and 2200-12-31.
#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => parse_date(text).map(Date).map_err(InputValueError::custom),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn is_valid(value: &Value) -> bool {
        matches!(value, Value::String(text) if parse_date(text).is_ok())
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

impl From<NaiveDate> for Date {
    fn from(date: NaiveDate) -> Self {
        Date(date)
    }
}
