//! Loads one authority's records for a collection year in six scoped queries (placements,
//! children, cases, orders, referrals, adoption decisions) and builds the extract. The agency's
//! Ofsted URN (the URN column of its placements) is configuration: `PERMANENCE_OFSTED_URN`.

use std::collections::HashMap;

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::episodes::{CarePeriod, ChildFacts, Extract, build};
use crate::adoption_decisions::store as decisions;
use crate::auth::Scope;
use crate::children::store as children;
use crate::court::store as court;
use crate::error::{AppError, AppResult};
use crate::placements::store as placements;
use crate::referrals::store as referrals;
use crate::types::Period;

/// The extract for `year`; `scope` must be one authority's.
pub async fn extract<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    year: Period,
) -> AppResult<Extract> {
    if scope.authority_id().is_none() {
        return Err(AppError::invalid(
            "authority",
            "the extract is for one authority: name it",
        ));
    }
    let placements = placements::started_by(conn, scope, year.to).await?;
    let mut child_ids: Vec<Uuid> = placements.iter().map(|p| p.child_id.0).collect();
    child_ids.sort_unstable();
    child_ids.dedup();
    let mut changes: HashMap<Uuid, Vec<_>> = HashMap::new();
    for (child_id, order) in court::orders_of_children(conn, scope, &child_ids).await? {
        if let Some(status) = order.kind.legal_status() {
            changes
                .entry(child_id)
                .or_default()
                .push((order.made_on, status));
        }
    }
    let referral_ids: Vec<Uuid> = placements.iter().map(|p| p.referral_id.0).collect();
    let mut periods: HashMap<Uuid, HashMap<Uuid, CarePeriod>> = HashMap::new();
    for r in referrals::find_many(conn, scope, &referral_ids).await? {
        let period = CarePeriod {
            entered_care_on: r.entered_care_on,
            entry_legal_status: r.entry_legal_status,
        };
        periods.entry(r.child_id).or_default().insert(r.id, period);
    }
    let children: HashMap<Uuid, ChildFacts> = children::find_many(conn, scope, &child_ids)
        .await?
        .into_iter()
        .map(|child| {
            let facts = ChildFacts {
                id: child.id,
                reference: child.details.la_reference,
                date_of_birth: child.details.date_of_birth,
                entered_care_on: child.details.entered_care_on,
                legal_status: child.details.legal_status,
                legal_changes: changes.remove(&child.id).unwrap_or_default(),
                sex: child.details.sex,
                ethnicity: child.details.ethnicity,
                periods: periods.remove(&child.id).unwrap_or_default(),
            };
            (child.id, facts)
        })
        .collect();
    let decisions = decisions::for_children(conn, scope, &child_ids).await?;
    let urn = agency_urn();
    Ok(build(
        year,
        &placements,
        &children,
        &decisions,
        urn.as_deref(),
    ))
}

/// The agency's Ofsted URN from `PERMANENCE_OFSTED_URN` (a registration number: up to 8 letters
/// and digits); none when unset or malformed — the column is then blank for the LA to fill.
pub fn agency_urn() -> Option<String> {
    std::env::var("PERMANENCE_OFSTED_URN")
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 8 && v.chars().all(|c| c.is_ascii_alphanumeric()))
}
