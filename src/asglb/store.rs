//! Loads one authority's records for an ASGLB quarter in five scoped queries (placements,
//! children, referrals, adoption decisions, court orders) and builds the return.

use std::collections::HashMap;

use chrono_tz::Europe::London;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::model::{AsglbRow, ChildFacts, Quarter, build};
use crate::adoption_decisions::store as decisions;
use crate::auth::Scope;
use crate::children::store as children;
use crate::court::store as court;
use crate::error::{AppError, AppResult};
use crate::placements::store as placements;
use crate::referrals::store as referrals;

/// The return for `quarter`; `scope` must be one authority's.
pub async fn asglb_return<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    quarter: Quarter,
) -> AppResult<Vec<AsglbRow>> {
    if scope.authority_id().is_none() {
        return Err(AppError::invalid(
            "authority",
            "the return is for one authority: name it",
        ));
    }
    let placements = placements::started_by(conn, scope, quarter.to).await?;
    let mut child_ids: Vec<Uuid> = placements.iter().map(|p| p.child_id.0).collect();
    child_ids.sort_unstable();
    child_ids.dedup();
    let referral_ids: Vec<Uuid> = placements.iter().map(|p| p.referral_id.0).collect();
    let children: HashMap<Uuid, ChildFacts> = children::find_many(conn, scope, &child_ids)
        .await?
        .into_iter()
        .map(|c| {
            let facts = ChildFacts {
                reference: c.details.la_reference,
                sibling_group: c.details.sibling_group,
            };
            (c.id, facts)
        })
        .collect();
    // The agency's acceptance, as the UK date it happened on.
    let accepted_on: HashMap<Uuid, chrono::NaiveDate> =
        referrals::find_many(conn, scope, &referral_ids)
            .await?
            .into_iter()
            .filter_map(|r| Some((r.id, r.decided_at?.with_timezone(&London).date_naive())))
            .collect();
    let decisions = decisions::for_children(conn, scope, &child_ids).await?;
    let orders = court::orders_of_children(conn, scope, &child_ids).await?;
    Ok(build(
        quarter,
        &placements,
        &children,
        &accepted_on,
        &decisions,
        &orders,
    ))
}
