//! A referral is one period of a child's care through the programme (issue 14, item 4). When
//! its placement ends without adoption the referral is `CLOSED` on that day, and the authority
//! may refer the child again later: a return home that breaks down is a common route back.
//!
//! Invariants:
//! - `close` runs inside the placement's transaction (the placement store calls it when a
//!   placement ends as RETURNED_TO_PARENT, RETURNED_TO_RELATIVE or ENDED); only a PLACED
//!   referral closes, at the version read in that transaction, with its audit event.
//! - A new period starts on or after the end of the child's last one: its `referredOn` and its
//!   `enteredCareOn` are not before the latest `closedOn` (`check_new_period`, pure).
//! - Each referral keeps its own `enteredCareOn`; the child's record holds its latest period's.

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::model::{Referral, ReferralStatus};
use super::store::{ENTITY, find, save};
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::{Actor, Scope};
use crate::children::model::LegalStatus;
use crate::entities::referrals::{ActiveModel, Column, Entity};
use crate::error::{AppError, AppResult};
use crate::scoped::Scoped;

/// Checks a new referral's dates against the end of the child's last period (`last_closed`).
pub fn check_new_period(
    referred_on: NaiveDate,
    entered_care_on: Option<NaiveDate>,
    last_closed: Option<NaiveDate>,
) -> AppResult<()> {
    let Some(closed) = last_closed else {
        return Ok(());
    };
    if referred_on < closed {
        return Err(AppError::invalid(
            "input.referredOn",
            format!(
                "referredOn ({referred_on}) must not be before the end of the child's earlier placement (closedOn {closed})"
            ),
        ));
    }
    if let Some(entered) = entered_care_on
        && entered < closed
    {
        return Err(AppError::invalid(
            "input.child.enteredCareOn",
            format!(
                "enteredCareOn ({entered}) must not be before the end of the child's earlier placement (closedOn {closed})"
            ),
        ));
    }
    Ok(())
}

/// The latest day one of the child's periods ended, within the scope.
pub async fn last_closed<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    child_id: Uuid,
) -> AppResult<Option<NaiveDate>> {
    let closed = Entity::find_visible(scope)
        .filter(Column::ChildId.eq(child_id))
        .filter(Column::Status.eq(ReferralStatus::Closed.as_str()))
        .all(conn)
        .await?;
    Ok(closed.into_iter().filter_map(|r| r.closed_on).max())
}

/// Closes a PLACED referral on `on` because its placement ended with `outcome`.
pub async fn close<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Uuid,
    on: NaiveDate,
    outcome: &str,
) -> AppResult<Referral> {
    let scope = actor.scope();
    let before = find(txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    if !before.status.can_move_to(ReferralStatus::Closed) {
        return Err(AppError::conflict(format!(
            "a {} referral cannot be closed",
            before.status.as_str()
        )));
    }
    let row = ActiveModel {
        status: Set(ReferralStatus::Closed.as_str().to_owned()),
        decision_reason: Set(Some(outcome.to_owned())),
        closed_on: Set(Some(on)),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    save(txn, scope, id, before.version, row).await?;
    let changes = Changes::new()
        .field("status", &before.status, &ReferralStatus::Closed)
        .field(
            "decisionReason",
            &before.decision_reason,
            &Some(outcome.to_owned()),
        )
        .field("closedOn", &before.closed_on, &Some(on))
        .field(
            "version",
            &json!(before.version),
            &json!(before.version + 1),
        );
    let entry = AuditEntry {
        authority_id: Some(before.authority_id),
        action: "referral.closed",
        entity_type: ENTITY,
        entity_id: id,
        changes,
    };
    audit::record(txn, actor, entry).await?;
    find(txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))
}

/// Records the day the child entered care for the period of referral `id` (the child's latest)
/// and the legal status it entered under, inside the caller's transaction; nothing changes when
/// both are already so.
pub async fn set_entered_care_on<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Uuid,
    entered: NaiveDate,
    status: Option<LegalStatus>,
) -> AppResult<()> {
    let scope = actor.scope();
    let before = find(txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ENTITY))?;
    if before.entered_care_on == Some(entered) && before.entry_legal_status == status {
        return Ok(());
    }
    let row = ActiveModel {
        entered_care_on: Set(Some(entered)),
        entry_legal_status: Set(status.map(|s| s.as_str().to_owned())),
        version: Set(before.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    save(txn, scope, id, before.version, row).await?;
    let changes = Changes::new()
        .field("enteredCareOn", &before.entered_care_on, &Some(entered))
        .field("entryLegalStatus", &before.entry_legal_status, &status)
        .field(
            "version",
            &json!(before.version),
            &json!(before.version + 1),
        );
    let entry = AuditEntry {
        authority_id: Some(before.authority_id),
        action: "referral.entered_care",
        entity_type: ENTITY,
        entity_id: id,
        changes,
    };
    audit::record(txn, actor, entry).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn a_first_referral_has_no_earlier_period() {
        assert!(check_new_period(day("2026-01-01"), None, None).is_ok());
    }

    #[test]
    fn a_new_period_starts_on_or_after_the_last_one_ended() {
        let closed = Some(day("2026-05-10"));
        assert!(check_new_period(day("2026-05-10"), Some(day("2026-05-10")), closed).is_ok());
        match check_new_period(day("2026-05-09"), None, closed) {
            Err(AppError::Invalid { field, message }) => {
                assert_eq!(field, "input.referredOn");
                assert!(message.contains("closedOn 2026-05-10"), "{message}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        match check_new_period(day("2026-06-01"), Some(day("2026-05-01")), closed) {
            Err(AppError::Invalid { field, .. }) => assert_eq!(field, "input.child.enteredCareOn"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}
