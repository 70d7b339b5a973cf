//! Recording a milestone or outcome on a placement, as a pure rule: [`Milestone::apply`] turns
//! the placement before into the placement after (or refuses), and [`changes`] says what
//! changed for the audit event. The lifecycle service (`lifecycle.rs`) loads, applies, writes
//! and audits.
//!
//! Invariants: a move the status does not allow is `CONFLICT`; a milestone's own date out of
//! order with the placement's other dates is `BAD_USER_INPUT` naming the field; nothing here
//! reads the database or the clock.

use chrono::NaiveDate;

use super::model::{
    Adopters, AdoptionApplication, AdoptionBasis, PlaceChangeReason, Placement, PlacementStatus,
    RelativeArrangement,
};
use crate::audit::model::Changes;
use crate::error::{AppError, AppResult};

/// A milestone or outcome to record on a placement.
#[derive(Clone, Debug)]
pub enum Milestone {
    /// The court made a placement order (the placement stays FOSTERING).
    PlacementOrder {
        /// Date of the order.
        on: NaiveDate,
    },
    /// The child is placed for adoption with the same carers.
    PlacedForAdoption {
        /// Date placed for adoption.
        on: NaiveDate,
        /// Placement order or consent.
        basis: AdoptionBasis,
    },
    /// The adoption order was made.
    Adopted {
        /// Date of the order.
        on: NaiveDate,
        /// Unopposed or consent dispensed with.
        application: AdoptionApplication,
    },
    /// The child was matched for adoption with these carers (they are named as adopters).
    AdoptionMatch {
        /// Date of the match.
        on: NaiveDate,
        /// The adopters.
        adopters: Adopters,
    },
    /// The placement ended otherwise.
    Ended {
        /// RETURNED_TO_PARENT, RETURNED_TO_RELATIVE or ENDED.
        outcome: PlacementStatus,
        /// Date it ended.
        on: NaiveDate,
        /// Why (required for ENDED).
        reason: Option<String>,
        /// SSDA903 reason for the change (ENDED only).
        disruption_reason: Option<PlaceChangeReason>,
        /// The order under which a child went to a relative (RETURNED_TO_RELATIVE only).
        relative_arrangement: Option<RelativeArrangement>,
    },
}

impl Milestone {
    /// The placement after this milestone with its audit action and the input field its date
    /// came in, or why it cannot be recorded (a lifecycle move the status does not allow, a
    /// date out of order with the placement's others, a missing reason).
    pub fn apply(self, before: &Placement) -> AppResult<(Placement, &'static str, &'static str)> {
        let mut after = before.clone();
        let (to, action, field) = match self {
            Milestone::PlacementOrder { on } => {
                if before.status != PlacementStatus::Fostering {
                    return Err(not_now(before.status, "record a placement order"));
                }
                after.placement_order_on = Some(on);
                (
                    PlacementStatus::Fostering,
                    "placement.placement_order_recorded",
                    "input.placementOrderOn",
                )
            }
            Milestone::AdoptionMatch { on, adopters } => {
                if !before.status.is_open() {
                    return Err(not_now(before.status, "record an adoption match"));
                }
                if on < before.started_on {
                    return Err(AppError::invalid(
                        "input.matchedOn",
                        "must not be before the placement started",
                    ));
                }
                if before
                    .placed_for_adoption_on
                    .is_some_and(|placed| on > placed)
                {
                    return Err(AppError::invalid(
                        "input.matchedOn",
                        "must not be after the date placed for adoption",
                    ));
                }
                after.adoption_matched_on = Some(on);
                after.adopters = Some(adopters);
                (
                    before.status,
                    "placement.adoption_matched",
                    "input.matchedOn",
                )
            }
            Milestone::PlacedForAdoption { on, basis } => {
                if before
                    .adoption_matched_on
                    .is_some_and(|matched| matched > on)
                {
                    return Err(AppError::invalid(
                        "input.placedForAdoptionOn",
                        "must not be before the adoption match",
                    ));
                }
                if basis == AdoptionBasis::PlacementOrder && before.placement_order_on.is_none() {
                    return Err(AppError::invalid(
                        "input.basis",
                        "record the placement order first",
                    ));
                }
                after.placed_for_adoption_on = Some(on);
                after.adoption_basis = Some(basis);
                (
                    PlacementStatus::PlacedForAdoption,
                    "placement.placed_for_adoption",
                    "input.placedForAdoptionOn",
                )
            }
            Milestone::Adopted { on, application } => {
                after.adoption_order_on = Some(on);
                after.adoption_application = Some(application);
                after.ended_on = Some(on);
                (
                    PlacementStatus::Adopted,
                    "placement.adopted",
                    "input.adoptionOrderOn",
                )
            }
            Milestone::Ended {
                outcome,
                on,
                reason,
                disruption_reason,
                relative_arrangement,
            } => {
                if !matches!(
                    outcome,
                    PlacementStatus::ReturnedToParent
                        | PlacementStatus::ReturnedToRelative
                        | PlacementStatus::Ended
                ) {
                    return Err(AppError::invalid(
                        "input.outcome",
                        "must be RETURNED_TO_PARENT, RETURNED_TO_RELATIVE or ENDED",
                    ));
                }
                if outcome == PlacementStatus::Ended && reason.is_none() {
                    return Err(AppError::invalid(
                        "input.reason",
                        "say why the placement ended",
                    ));
                }
                if disruption_reason.is_some() && outcome != PlacementStatus::Ended {
                    return Err(AppError::invalid(
                        "input.disruptionReason",
                        "only an ENDED placement has a disruption reason",
                    ));
                }
                if relative_arrangement.is_some() && outcome != PlacementStatus::ReturnedToRelative
                {
                    return Err(AppError::invalid(
                        "input.relativeArrangement",
                        "only for RETURNED_TO_RELATIVE",
                    ));
                }
                after.ended_on = Some(on);
                after.end_reason = reason;
                after.disruption_reason = disruption_reason;
                after.relative_arrangement = match outcome {
                    PlacementStatus::ReturnedToRelative => {
                        Some(relative_arrangement.unwrap_or(RelativeArrangement::NoOrder))
                    }
                    _ => None,
                };
                let action = match outcome {
                    PlacementStatus::ReturnedToParent => "placement.returned_to_parent",
                    PlacementStatus::ReturnedToRelative => "placement.returned_to_relative",
                    _ => "placement.ended",
                };
                (outcome, action, "input.endedOn")
            }
        };
        if to != before.status && !before.status.can_move_to(to) {
            return Err(not_now(
                before.status,
                &format!("move it to {}", to.as_str()),
            ));
        }
        after.status = to;
        Ok((after, action, field))
    }
}

fn not_now(status: PlacementStatus, what: &str) -> AppError {
    AppError::conflict(format!(
        "cannot {what}: the placement is {}",
        status.as_str()
    ))
}

/// What a milestone changed, for the audit event: every changed field (`Changes::between`)
/// and the version (which a placement does not serialise).
pub fn changes(before: &Placement, after: &Placement) -> Changes {
    Changes::between(before, after).field("version", &before.version, &after.version)
}

#[cfg(test)]
#[path = "milestone_tests.rs"]
mod tests;
