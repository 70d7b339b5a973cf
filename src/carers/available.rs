//! The search for households free to be matched, and the only shape in which an LA sees a
//! household before any match: [`AnonymisedHousehold`] — no names, no reference, no coordinates,
//! the distance in whole miles (so searches from several points cannot pin a household down
//! more closely than its postcode district).
//!
//! Invariants: a household is available when it is APPROVED, approved both to foster and to
//! adopt, and has neither a live match (`matches::store`) nor an open placement
//! (`placements::store`); the full `Household` never leaves this module.

use async_graphql::SimpleObject;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::model::{Capacity, HouseholdStatus, Location, rounded_miles};
use super::store::into_household;
use crate::children::model::Ethnicity;
use crate::entities::carer_households::{Column, Entity};
use crate::error::AppResult;
use crate::matches::store as matches;
use crate::placements::store as placements;

/// A household available for matching, anonymised.
#[derive(Clone, Debug, PartialEq, SimpleObject)]
#[graphql(name = "AvailableHousehold", complex)]
pub struct AnonymisedHousehold {
    /// The household's id (the GraphQL `id` is its opaque global id).
    #[graphql(skip)]
    pub id: Uuid,
    /// Postcode district.
    pub area: String,
    /// The carers' SSDA903 ethnicity codes.
    pub ethnicities: Vec<Ethnicity>,
    /// Cultural background in the carers' words.
    pub cultural_background: Option<String>,
    /// Languages spoken at home.
    pub languages: Vec<String>,
    /// Religion, if any.
    pub religion: Option<String>,
    /// One child, or two siblings.
    pub capacity: Capacity,
    /// One carer is at home full time.
    pub full_time_carer: bool,
    /// Distance from the point you gave, in whole miles.
    pub distance_miles: i32,
}

/// The `first` available households nearest `near`, nearest first (ties by id), anonymised.
pub async fn available<C: ConnectionTrait>(
    conn: &C,
    near: Location,
    first: usize,
) -> AppResult<Vec<AnonymisedHousehold>> {
    let households = Entity::find()
        .filter(Column::Status.eq(HouseholdStatus::Approved.as_str()))
        .filter(Column::FosteringApprovedOn.is_not_null())
        .filter(Column::AdopterApprovedOn.is_not_null())
        .filter(Column::Id.not_in_subquery(matches::households_with_live_match()))
        .filter(Column::Id.not_in_subquery(placements::households_with_open_placement()))
        .all(conn)
        .await?
        .into_iter()
        .map(into_household)
        .collect::<AppResult<Vec<_>>>()?;
    let mut found: Vec<(f64, AnonymisedHousehold)> = households
        .into_iter()
        .map(|h| {
            let miles = near.miles_to(h.details.location);
            let d = h.details;
            let shown = AnonymisedHousehold {
                id: h.id,
                area: d.area,
                ethnicities: d.ethnicities,
                cultural_background: d.cultural_background,
                languages: d.languages,
                religion: d.religion,
                capacity: d.capacity,
                full_time_carer: d.full_time_carer,
                distance_miles: rounded_miles(miles),
            };
            (miles, shown)
        })
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
    Ok(found.into_iter().take(first).map(|(_, h)| h).collect())
}
