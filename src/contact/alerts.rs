//! The contact alerts kept on each session (`settling_in_alert`, `frequency_alert`,
//! `travel_alert`), so that reports count them in SQL.
//!
//! Invariants:
//! - The stored flags are exactly what [`contact_alerts`] raises over all of the placement's
//!   sessions: every write that can change an input of the rules (scheduling sessions,
//!   recording a cancellation) calls [`refresh`] in its own transaction, after its change.
//! - Flags are derived data: refreshing them changes neither `version` nor `updated_at`, and
//!   writes no audit event.
//! - NULL flags mean "not computed yet" (sessions written before migration 15); [`backfill`]
//!   computes them when the service applies migrations.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::model::{ContactAlertKind, SessionOutcome, SessionTiming, contact_alerts};
use crate::auth::Scope;
use crate::codes::stored;
use crate::db::Db;
use crate::entities::contact_sessions as sessions;
use crate::entities::placements;
use crate::error::AppResult;

/// The flags of one session: settling-in, frequency, travel.
type Flags = (bool, bool, bool);

/// Recomputes the alert flags of every session of `placement_id` (started on `started_on`)
/// and stores those that changed: one query, then one update per distinct set of flags.
pub async fn refresh<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    placement_id: Uuid,
    started_on: NaiveDate,
) -> AppResult<()> {
    type Row = (
        Uuid,
        DateTime<Utc>,
        Option<String>,
        f64,
        Option<bool>,
        Option<bool>,
        Option<bool>,
    );
    let rows: Vec<Row> = sessions::Entity::find()
        .select_only()
        .column(sessions::Column::Id)
        .column(sessions::Column::StartsAt)
        .column(sessions::Column::Outcome)
        .column(sessions::Column::DistanceMiles)
        .column(sessions::Column::SettlingInAlert)
        .column(sessions::Column::FrequencyAlert)
        .column(sessions::Column::TravelAlert)
        .filter(scope.condition(sessions::Column::AuthorityId))
        .filter(sessions::Column::PlacementId.eq(placement_id))
        .into_tuple()
        .all(conn)
        .await?;
    let mut timings = Vec::with_capacity(rows.len());
    let mut stored_flags = BTreeMap::new();
    for (id, starts_at, outcome, distance_miles, settling_in, frequency, travel) in rows {
        timings.push(SessionTiming {
            id,
            placement_id,
            starts_at,
            outcome: outcome
                .as_deref()
                .map(|o| stored(o, SessionOutcome::parse, "session outcome"))
                .transpose()?,
            distance_miles,
        });
        stored_flags.insert(id, (settling_in, frequency, travel));
    }
    let mut raised: BTreeMap<Uuid, Flags> = stored_flags
        .keys()
        .map(|id| (*id, (false, false, false)))
        .collect();
    for alert in contact_alerts(started_on, &timings) {
        if let Some(flags) = raised.get_mut(&alert.session_id) {
            match alert.kind {
                ContactAlertKind::SettlingIn => flags.0 = true,
                ContactAlertKind::Frequency => flags.1 = true,
                ContactAlertKind::Travel => flags.2 = true,
            }
        }
    }
    let mut changed: BTreeMap<Flags, Vec<Uuid>> = BTreeMap::new();
    for (id, flags) in raised {
        let (s, f, t) = flags;
        if stored_flags.get(&id) != Some(&(Some(s), Some(f), Some(t))) {
            changed.entry(flags).or_default().push(id);
        }
    }
    for ((settling_in, frequency, travel), ids) in changed {
        sessions::Entity::update_many()
            .col_expr(sessions::Column::SettlingInAlert, Expr::value(settling_in))
            .col_expr(sessions::Column::FrequencyAlert, Expr::value(frequency))
            .col_expr(sessions::Column::TravelAlert, Expr::value(travel))
            .filter(scope.condition(sessions::Column::AuthorityId))
            .filter(sessions::Column::Id.is_in(ids))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Placements refreshed per batch while backfilling.
const BACKFILL_BATCH: u64 = 200;

/// Computes the flags of every session that has none yet (written before migration 15), one
/// placement at a time, each in its own write transaction; returns how many placements it
/// refreshed. Safe to run from several processes at once: each computes the same flags.
pub async fn backfill(db: &Db) -> AppResult<usize> {
    let mut done = HashSet::new();
    loop {
        let pending: Vec<Uuid> = sessions::Entity::find()
            .select_only()
            .column(sessions::Column::PlacementId)
            .distinct()
            .filter(sessions::Column::TravelAlert.is_null())
            .limit(BACKFILL_BATCH)
            .into_tuple()
            .all(db.conn())
            .await?;
        // A placement still pending after its refresh would loop forever; stop instead.
        let pending: Vec<Uuid> = pending.into_iter().filter(|id| done.insert(*id)).collect();
        if pending.is_empty() {
            return Ok(done.len());
        }
        let starts: Vec<(Uuid, NaiveDate)> = placements::Entity::find()
            .select_only()
            .column(placements::Column::Id)
            .column(placements::Column::StartedOn)
            .filter(placements::Column::Id.is_in(pending))
            .into_tuple()
            .all(db.conn())
            .await?;
        for (placement_id, started_on) in starts {
            let txn = db.begin_write().await?;
            refresh(&*txn, Scope::All, placement_id, started_on).await?;
            txn.commit().await?;
        }
    }
}
