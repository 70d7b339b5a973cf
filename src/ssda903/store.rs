//! Loads one authority's records for a collection year in five scoped queries (placements,
//! children, cases, orders, adoption decisions) and builds the extract.

use std::collections::HashMap;

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::episodes::{ChildFacts, Extract, build};
use crate::adoption_decisions::store as decisions;
use crate::auth::Scope;
use crate::children::store as children;
use crate::court::store as court;
use crate::error::{AppError, AppResult};
use crate::outcomes::store::Period;
use crate::placements::store as placements;

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
    let mut child_ids: Vec<Uuid> = placements.iter().map(|p| p.child_id).collect();
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
            };
            (child.id, facts)
        })
        .collect();
    let decisions = decisions::for_children(conn, scope, &child_ids).await?;
    Ok(build(year, &placements, &children, &decisions))
}
