//! Report arguments and counts that are not distributions: the day thresholds the timeliness
//! shares count against (validated, so the SQL may carry them as numerals), and the outcome mix
//! counted per child.

use async_graphql::SimpleObject;

use crate::error::{AppError, AppResult};

/// The day thresholds the timeliness shares count against.
#[derive(SimpleObject, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    /// The short threshold in days (default 426: 14 months, the final A1 threshold).
    pub short_days: i32,
    /// The long threshold in days (default 639: 21 months, the first scorecard threshold and
    /// the one the programme's published results use).
    pub long_days: i32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            short_days: 426,
            long_days: 639,
        }
    }
}

impl Thresholds {
    /// Thresholds from optional arguments (defaults 426 and 639); `BAD_USER_INPUT` naming
    /// `field` unless 1 ≤ short ≤ long ≤ 3650.
    pub fn new(short: Option<i32>, long: Option<i32>, field: &str) -> AppResult<Self> {
        let default = Thresholds::default();
        let t = Thresholds {
            short_days: short.unwrap_or(default.short_days),
            long_days: long.unwrap_or(default.long_days),
        };
        if !(1..=t.long_days).contains(&t.short_days) || t.long_days > 3650 {
            return Err(AppError::invalid(
                field,
                "must satisfy 1 ≤ shortDays ≤ longDays ≤ 3650",
            ));
        }
        Ok(t)
    }
}

/// How the children's programme journeys ended in the period, counting children (a child with
/// two placements that ended in the period is counted by the later one only once per outcome).
#[derive(SimpleObject, Clone, Debug, Default, PartialEq)]
pub struct OutcomeMix {
    /// Children adopted (adoption order made in the period).
    pub adopted: i32,
    /// Children who returned to a birth parent in the period.
    pub returned_to_parent: i32,
    /// Children who went to live with a relative in the period.
    pub returned_to_relative: i32,
    /// `returnedToParent` + `returnedToRelative`: children who went home.
    pub returned_home: i32,
    /// Children whose placement ended in the period (status ENDED) with a special guardianship
    /// or child arrangements order made in their care case on or before that day: permanence by
    /// another order.
    pub other_permanence_order: i32,
    /// Children with an open placement on the last day and still in proceedings then (no
    /// placement order by then, no care case concluded by then).
    pub still_in_proceedings: i32,
}

/// Children left out of a figure, and why.
#[derive(SimpleObject, Clone, Debug, Default, PartialEq)]
pub struct Missing {
    /// How many were left out.
    pub count: i32,
    /// Why: the date that is not recorded (e.g. "the child's enteredCareOn is not recorded");
    /// null when none was left out.
    pub reason: Option<String>,
}

impl Missing {
    /// `count` children left out for `reason` (no reason when none).
    pub fn of(count: i32, reason: &str) -> Missing {
        Missing {
            count,
            reason: (count > 0).then(|| reason.to_owned()),
        }
    }
}
