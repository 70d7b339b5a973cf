//! Per-request DataLoaders: nested fields (`referral.child`, `placement.household`, …) are
//! fetched in one scoped query per level instead of one query per row.
//!
//! Invariant: loaders are built for one request from that request's Scope and never cached
//! across requests, so a batch can only ever contain rows the caller may see. Each loads through
//! its aggregate's scoped `find_many`.

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use uuid::Uuid;

use crate::auth::Scope;
use crate::authorities::model::Authority;
use crate::carers::model::Household;
use crate::children::model::Child;
use crate::contact::alert_rules::{ContactAlert, contact_alerts};
use crate::contact::model::{Session, Venue};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::matches::model::Match;
use crate::placements::model::Placement;
use crate::referrals::model::Referral;

/// A failed batch load; the cause is logged where it happens.
#[derive(Clone, Debug)]
pub struct LoadFailed;

impl From<LoadFailed> for AppError {
    fn from(_: LoadFailed) -> Self {
        AppError::Internal(anyhow::anyhow!("batch load failed"))
    }
}

/// Declares a loader of `$value` by id through `$find_many(conn, scope, ids)`.
macro_rules! scoped_loader {
    ($name:ident, $value:ty, $find_many:path) => {
        /// Loads records by id through the aggregate's scoped store.
        pub struct $name {
            db: Db,
            scope: Scope,
        }

        impl Loader<Uuid> for $name {
            type Value = $value;
            type Error = LoadFailed;

            async fn load(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, $value>, LoadFailed> {
                let rows = $find_many(self.db.conn(), self.scope, ids).await.map_err(|err| {
                    tracing::error!(error = ?err, "batch load failed");
                    LoadFailed
                })?;
                Ok(rows.into_iter().map(|row| (Uuid::from(row.id), row)).collect())
            }
        }
    };
}

scoped_loader!(ChildLoader, Child, crate::children::store::find_many);
scoped_loader!(
    AuthorityLoader,
    Authority,
    crate::authorities::store::find_many
);
scoped_loader!(HouseholdLoader, Household, crate::carers::store::find_many);
scoped_loader!(ReferralLoader, Referral, crate::referrals::store::find_many);
scoped_loader!(
    PlacementLoader,
    Placement,
    crate::placements::store::find_many
);
scoped_loader!(VenueLoader, Venue, crate::contact::venues::find_venues);
scoped_loader!(MatchLoader, Match, crate::matches::store::find_many);

/// Loads the placement of each referral (its first, if a referral ever had two).
pub struct ReferralPlacementLoader {
    db: Db,
    scope: Scope,
}

impl Loader<Uuid> for ReferralPlacementLoader {
    type Value = Option<Placement>;
    type Error = LoadFailed;

    async fn load(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, Option<Placement>>, LoadFailed> {
        let rows = crate::placements::store::for_referrals(self.db.conn(), self.scope, ids)
            .await
            .map_err(|err| {
                tracing::error!(error = ?err, "batch load failed");
                LoadFailed
            })?;
        // A referral without a placement maps to None, so that answer is kept too.
        let mut by_referral: HashMap<Uuid, Option<Placement>> =
            ids.iter().map(|id| (*id, None)).collect();
        for placement in rows {
            let slot = by_referral.entry(placement.referral_id.0).or_insert(None);
            if slot.is_none() {
                *slot = Some(placement);
            }
        }
        Ok(by_referral)
    }
}

/// Loads the contact alerts of placements: one query for the placements, one for all their
/// sessions.
pub struct ContactAlertLoader {
    db: Db,
    scope: Scope,
}

impl Loader<Uuid> for ContactAlertLoader {
    type Value = Vec<ContactAlert>;
    type Error = LoadFailed;

    async fn load(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, Vec<ContactAlert>>, LoadFailed> {
        let conn = self.db.conn();
        let loaded = async {
            let placements = crate::placements::store::find_many(conn, self.scope, ids).await?;
            let sessions = crate::contact::store::for_placements(conn, self.scope, ids).await?;
            Ok::<_, AppError>((placements, sessions))
        }
        .await;
        let (placements, sessions) = loaded.map_err(|err| {
            tracing::error!(error = ?err, "batch load failed");
            LoadFailed
        })?;
        Ok(placements
            .into_iter()
            .map(|placement| {
                let own: Vec<Session> = sessions
                    .iter()
                    .filter(|s| s.placement_id == placement.id.0)
                    .cloned()
                    .collect();
                (
                    placement.id.0,
                    contact_alerts(placement.started_on, placement.settling_in_days, &own),
                )
            })
            .collect())
    }
}

/// What a page of referrals will ask its loaders for.
#[derive(Clone, Copy, Debug, Default)]
pub struct PrimeReferrals {
    /// `child`.
    pub child: bool,
    /// `placement`.
    pub placement: bool,
    /// `placement.household`.
    pub household: bool,
    /// `placement.match`.
    pub matched: bool,
}

/// The loaders of one request.
///
/// The loaders a list primes (children, households, matches, referrals' placements) keep what
/// they loaded for the rest of the request, so a primed page is read once; nothing is kept
/// beyond the request.
pub struct Loaders {
    children: DataLoader<ChildLoader, HashMapCache>,
    authorities: DataLoader<AuthorityLoader>,
    households: DataLoader<HouseholdLoader, HashMapCache>,
    referrals: DataLoader<ReferralLoader>,
    placements: DataLoader<PlacementLoader>,
    referral_placements: DataLoader<ReferralPlacementLoader, HashMapCache>,
    venues: DataLoader<VenueLoader>,
    matches: DataLoader<MatchLoader, HashMapCache>,
    contact_alerts: DataLoader<ContactAlertLoader>,
}

impl Loaders {
    /// Loaders bound to the caller's scope.
    pub fn new(db: &Db, scope: Scope) -> Self {
        let spawn = tokio::spawn;
        Loaders {
            children: DataLoader::with_cache(
                ChildLoader {
                    db: db.clone(),
                    scope,
                },
                spawn,
                HashMapCache::default(),
            ),
            authorities: DataLoader::new(
                AuthorityLoader {
                    db: db.clone(),
                    scope,
                },
                spawn,
            ),
            households: DataLoader::with_cache(
                HouseholdLoader {
                    db: db.clone(),
                    scope,
                },
                spawn,
                HashMapCache::default(),
            ),
            referrals: DataLoader::new(
                ReferralLoader {
                    db: db.clone(),
                    scope,
                },
                spawn,
            ),
            placements: DataLoader::new(
                PlacementLoader {
                    db: db.clone(),
                    scope,
                },
                spawn,
            ),
            referral_placements: DataLoader::with_cache(
                ReferralPlacementLoader {
                    db: db.clone(),
                    scope,
                },
                spawn,
                HashMapCache::default(),
            ),
            venues: DataLoader::new(
                VenueLoader {
                    db: db.clone(),
                    scope,
                },
                spawn,
            ),
            matches: DataLoader::with_cache(
                MatchLoader {
                    db: db.clone(),
                    scope,
                },
                spawn,
                HashMapCache::default(),
            ),
            contact_alerts: DataLoader::new(
                ContactAlertLoader {
                    db: db.clone(),
                    scope,
                },
                spawn,
            ),
        }
    }

    /// Loads, in one query per level, what a page of referrals will ask for (`want`: the
    /// selected child, placement, and the placement's household and match), so the number of
    /// statements does not depend on the page size or on timing.
    pub async fn prime_referrals(
        &self,
        referrals: &[Referral],
        want: PrimeReferrals,
    ) -> AppResult<()> {
        if want.child {
            self.children
                .load_many(referrals.iter().map(|r| r.child_id))
                .await?;
        }
        if !want.placement {
            return Ok(());
        }
        let placements = self
            .referral_placements
            .load_many(referrals.iter().map(|r| r.id))
            .await?;
        let placements: Vec<&Placement> = placements.values().flatten().collect();
        if want.household {
            self.households
                .load_many(placements.iter().map(|p| p.household_id.0))
                .await?;
        }
        if want.matched {
            self.matches
                .load_many(placements.iter().map(|p| p.match_id.0))
                .await?;
        }
        Ok(())
    }

    /// A child the caller may see, or `NOT_FOUND`.
    pub async fn child(&self, id: Uuid) -> AppResult<Child> {
        self.children
            .load_one(id)
            .await?
            .ok_or(AppError::not_found("Child"))
    }

    /// An authority the caller may see, if any.
    pub async fn authority(&self, id: Uuid) -> AppResult<Option<Authority>> {
        Ok(self.authorities.load_one(id).await?)
    }

    /// A household the caller may see, if any.
    pub async fn household(&self, id: Uuid) -> AppResult<Option<Household>> {
        Ok(self.households.load_one(id).await?)
    }

    /// A referral the caller may see, or `NOT_FOUND`.
    pub async fn referral(&self, id: Uuid) -> AppResult<Referral> {
        self.referrals
            .load_one(id)
            .await?
            .ok_or(AppError::not_found("Referral"))
    }

    /// A placement the caller may see, or `NOT_FOUND`.
    pub async fn placement(&self, id: Uuid) -> AppResult<Placement> {
        self.placements
            .load_one(id)
            .await?
            .ok_or(AppError::not_found("Placement"))
    }

    /// The placement of a referral the caller may see, if it has one.
    pub async fn placement_of_referral(&self, referral_id: Uuid) -> AppResult<Option<Placement>> {
        Ok(self
            .referral_placements
            .load_one(referral_id)
            .await?
            .flatten())
    }

    /// A match the caller may see, or `NOT_FOUND`.
    pub async fn matched(&self, id: Uuid) -> AppResult<Match> {
        self.matches
            .load_one(id)
            .await?
            .ok_or(AppError::not_found("Match"))
    }

    /// The contact alerts of a placement the caller may see, or `NOT_FOUND`. Not cached, so a
    /// mutation's payload sees its own writes.
    pub async fn contact_alerts(&self, placement_id: Uuid) -> AppResult<Vec<ContactAlert>> {
        self.contact_alerts
            .load_one(placement_id)
            .await?
            .ok_or(AppError::not_found("Placement"))
    }

    /// A venue the caller may see, or `NOT_FOUND`.
    pub async fn venue(&self, id: Uuid) -> AppResult<Venue> {
        self.venues
            .load_one(id)
            .await?
            .ok_or(AppError::not_found("ContactVenue"))
    }
}
