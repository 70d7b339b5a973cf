//! The court contact report: for one placement and a date range, the figures a court asks for
//! and the dated observations. Computed from the placement's sessions (bounded per placement).
//!
//! Definitions:
//! - *offered*: sessions scheduled to start in the range, whatever became of them;
//! - *attended* / *late* / *missed*: recorded ATTENDED / PARENT_LATE / PARENT_DID_NOT_ATTEND;
//! - *cancelled*: recorded CANCELLED, counted by who cancelled;
//! - *attendance rate*: (attended + late) ÷ (attended + late + missed + cancelled by the parent)
//!   — sessions called off by the carers, the agency, the court or illness do not count against
//!   the parent; none when the divisor is 0;
//! - *settling-in days*: days from the placement's start to its first session that was not
//!   cancelled (over the whole placement, not only the range).

use chrono::{DateTime, NaiveDate, Utc};

use super::alert_rules::{ContactAlert, contact_alerts};
use super::model::{CancelledBy, Session, SessionOutcome};
use crate::dates::uk_date;
use crate::placements::model::Placement;

/// The report's figures and observations.
#[derive(Clone, Debug)]
pub struct ContactReport {
    /// First day covered.
    pub from: NaiveDate,
    /// Last day covered.
    pub to: NaiveDate,
    /// Sessions offered in the range.
    pub offered: usize,
    /// Attended on time.
    pub attended: usize,
    /// Parent late.
    pub late: usize,
    /// Parent did not attend.
    pub missed: usize,
    /// Cancelled, by whom.
    pub cancelled: Vec<(CancelledBy, usize)>,
    /// Offered but not yet recorded.
    pub not_recorded: usize,
    /// (attended + late) ÷ (attended + late + missed + cancelled by the parent).
    pub attendance_rate: Option<f64>,
    /// Days from the placement start to the first session that went ahead.
    pub settling_in_days: Option<i64>,
    /// Contact alerts on sessions in the range.
    pub alerts: Vec<ContactAlert>,
    /// (start, outcome, text) of each session in the range with observations, in time order.
    pub observations: Vec<(DateTime<Utc>, Option<SessionOutcome>, String)>,
}

/// Builds the report for `placement` from all its sessions, covering `from`..=`to` (UK dates).
pub fn contact_report(
    placement: &Placement,
    sessions: &[Session],
    from: NaiveDate,
    to: NaiveDate,
) -> ContactReport {
    let mut in_range: Vec<&Session> = sessions
        .iter()
        .filter(|s| (from..=to).contains(&uk_date(s.starts_at)))
        .collect();
    in_range.sort_by_key(|s| (s.starts_at, s.id));
    let count = |outcome: SessionOutcome| {
        in_range
            .iter()
            .filter(|s| s.outcome == Some(outcome))
            .count()
    };
    let (attended, late, missed) = (
        count(SessionOutcome::Attended),
        count(SessionOutcome::ParentLate),
        count(SessionOutcome::ParentDidNotAttend),
    );
    let cancelled: Vec<(CancelledBy, usize)> = CancelledBy::ALL
        .iter()
        .map(|by| {
            (
                *by,
                in_range
                    .iter()
                    .filter(|s| s.cancelled_by == Some(*by))
                    .count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let by_parent = cancelled
        .iter()
        .find(|(by, _)| *by == CancelledBy::Parent)
        .map_or(0, |(_, n)| *n);
    let divisor = attended + late + missed + by_parent;
    let settling_in_days = sessions
        .iter()
        .filter(|s| s.takes_place())
        .map(|s| uk_date(s.starts_at))
        .min()
        .map(|first| (first - placement.started_on).num_days());
    let ids: Vec<_> = in_range.iter().map(|s| s.id).collect();
    ContactReport {
        from,
        to,
        offered: in_range.len(),
        attended,
        late,
        missed,
        not_recorded: in_range.iter().filter(|s| s.outcome.is_none()).count(),
        cancelled,
        attendance_rate: (divisor > 0).then(|| (attended + late) as f64 / divisor as f64),
        settling_in_days,
        alerts: contact_alerts(placement.started_on, placement.settling_in_days, sessions)
            .into_iter()
            .filter(|a| ids.contains(&a.session_id))
            .collect(),
        observations: in_range
            .iter()
            .filter_map(|s| {
                s.observations
                    .clone()
                    .map(|text| (s.starts_at, s.outcome, text))
            })
            .collect(),
    }
}
