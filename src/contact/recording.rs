//! Recording what happened at a contact session, as a pure rule: who cancelled goes with a
//! cancellation and only with one; an outcome is recorded once; only a cancellation can be
//! recorded before the session starts. [`recorded_changes`] is the audit change set, which notes
//! that observations were recorded but never what they say.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::model::{CancelledBy, Session, SessionOutcome};
use crate::audit::model::Changes;
use crate::error::{AppError, AppResult};

/// What happened at a session.
#[derive(Clone, Debug)]
pub struct SessionRecord {
    /// Outcome.
    pub outcome: SessionOutcome,
    /// Who cancelled (CANCELLED only, and then required).
    pub cancelled_by: Option<CancelledBy>,
    /// Handover at the start.
    pub carer_handover_at_start: Option<bool>,
    /// Handover at the end.
    pub carer_handover_at_end: Option<bool>,
    /// Whether the social worker was there (default: as planned).
    pub social_worker_present: Option<bool>,
    /// Observations (sensitive).
    pub observations: Option<String>,
}

impl SessionRecord {
    /// Whether the record is whole on its own (`BAD_USER_INPUT` naming `input.cancelledBy`).
    pub fn check(&self) -> AppResult<()> {
        match (self.outcome, self.cancelled_by) {
            (SessionOutcome::Cancelled, None) => Err(AppError::invalid(
                "input.cancelledBy",
                "say who cancelled the session",
            )),
            (outcome, Some(_)) if outcome != SessionOutcome::Cancelled => Err(AppError::invalid(
                "input.cancelledBy",
                "only a CANCELLED session has a canceller",
            )),
            _ => Ok(()),
        }
    }

    /// The session after this record at `now`, or why it cannot be recorded.
    pub fn apply(self, before: &Session, now: DateTime<Utc>) -> AppResult<Session> {
        if before.outcome.is_some() {
            return Err(AppError::conflict(
                "the session's outcome is already recorded",
            ));
        }
        if self.outcome != SessionOutcome::Cancelled && before.starts_at > now {
            return Err(AppError::invalid(
                "input.outcome",
                "the session has not started yet; only CANCELLED can be recorded",
            ));
        }
        Ok(Session {
            outcome: Some(self.outcome),
            cancelled_by: self.cancelled_by,
            carer_handover_at_start: self.carer_handover_at_start,
            carer_handover_at_end: self.carer_handover_at_end,
            social_worker_present: self
                .social_worker_present
                .unwrap_or(before.social_worker_present),
            observations: self.observations,
            recorded_at: Some(now),
            version: before.version + 1,
            updated_at: now,
            ..before.clone()
        })
    }
}

/// What recording changed, for the audit event. Observations are sensitive: the trail notes
/// that they changed, not what they say.
pub fn recorded_changes(before: &Session, after: &Session) -> Changes {
    Changes::new()
        .field("outcome", &before.outcome, &after.outcome)
        .field("cancelledBy", &before.cancelled_by, &after.cancelled_by)
        .field(
            "carerHandoverAtStart",
            &before.carer_handover_at_start,
            &after.carer_handover_at_start,
        )
        .field(
            "carerHandoverAtEnd",
            &before.carer_handover_at_end,
            &after.carer_handover_at_end,
        )
        .field(
            "socialWorkerPresent",
            &before.social_worker_present,
            &after.social_worker_present,
        )
        .field(
            "observationsRecorded",
            &before.observations.is_some(),
            &after.observations.is_some(),
        )
        .field("version", &json!(before.version), &json!(after.version))
}

#[cfg(test)]
#[path = "recording_tests.rs"]
mod tests;
