//! The contact alerts kept on each session (`settling_in_alert`, `frequency_alert`,
//! `travel_alert`), so that reports count them in SQL.
//!
//! Invariants:
//! - The stored flags are exactly what [`contact_alerts`] raises over all of the placement's
//!   sessions: every write that can change an input of the rules calls [`refresh`] in its own
//!   transaction — scheduling before it inserts (new sessions are inserted with their flags),
//!   recording a cancellation after its change.
//! - Callers hold the placement's row lock (`placements::store::lock`) from before their first
//!   write, so concurrent writers on one placement compute its flags one after the other.
//! - Flags are derived data: refreshing them changes neither `version` nor `updated_at`, and
//!   writes no audit event.
//! - NULL flags mean "not computed yet" (sessions written before migration 15); [`backfill`]
//!   computes them when the service applies migrations.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::alert_rules::{ContactAlertKind, SessionTiming, contact_alerts};
use super::model::SessionOutcome;
use crate::auth::Scope;
use crate::codes::stored;
use crate::db::Db;
use crate::entities::contact_sessions as sessions;
use crate::error::AppResult;
use crate::placements::store as placements;
use crate::scoped::Scoped;

/// The alerts raised on one session, as stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct AlertFlags {
    /// Contact before the settling-in period ended.
    pub settling_in: bool,
    /// One of more than 3 sessions in a 7-day window.
    pub frequency: bool,
    /// Venue more than 20 miles from the carers' home.
    pub travel: bool,
}

/// Recomputes the alert flags of every session of `placement_id` (started on `started_on`, with
/// a settling-in period of `settling_in_days`),
/// with `pending` — sessions about to be inserted — counted as if they were already there.
/// Stores the flags that changed on existing sessions (one query, then one update per distinct
/// set of flags) and returns the flags each pending session is to be inserted with.
pub async fn refresh<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    placement_id: Uuid,
    (started_on, settling_in_days): (NaiveDate, i32),
    pending: &[SessionTiming],
) -> AppResult<HashMap<Uuid, AlertFlags>> {
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
        .filter(sessions::Entity::visible_to(scope))
        .filter(sessions::Column::PlacementId.eq(placement_id))
        .into_tuple()
        .all(conn)
        .await?;
    let mut timings = pending.to_vec();
    let mut stored_flags = HashMap::new();
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
        let flags = match (settling_in, frequency, travel) {
            (Some(settling_in), Some(frequency), Some(travel)) => Some(AlertFlags {
                settling_in,
                frequency,
                travel,
            }),
            _ => None,
        };
        stored_flags.insert(id, flags);
    }
    let mut raised: HashMap<Uuid, AlertFlags> = timings
        .iter()
        .map(|s| (s.id, AlertFlags::default()))
        .collect();
    for alert in contact_alerts(started_on, settling_in_days, &timings) {
        if let Some(flags) = raised.get_mut(&alert.session_id) {
            match alert.kind {
                ContactAlertKind::SettlingIn => flags.settling_in = true,
                ContactAlertKind::Frequency => flags.frequency = true,
                ContactAlertKind::Travel => flags.travel = true,
            }
        }
    }
    let mut changed: BTreeMap<AlertFlags, Vec<Uuid>> = BTreeMap::new();
    for (id, stored) in &stored_flags {
        let flags = raised.remove(id).unwrap_or_default();
        if *stored != Some(flags) {
            changed.entry(flags).or_default().push(*id);
        }
    }
    for (flags, ids) in changed {
        sessions::Entity::update_many()
            .col_expr(
                sessions::Column::SettlingInAlert,
                Expr::value(flags.settling_in),
            )
            .col_expr(
                sessions::Column::FrequencyAlert,
                Expr::value(flags.frequency),
            )
            .col_expr(sessions::Column::TravelAlert, Expr::value(flags.travel))
            .filter(sessions::Entity::visible_to(scope))
            .filter(sessions::Column::Id.is_in(ids))
            .exec(conn)
            .await?;
    }
    // What is left is the pending sessions' flags.
    Ok(raised)
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
        let starts = placements::starts(db.conn(), pending).await?;
        for (placement_id, started_on, settling_in_days) in starts {
            let txn = db.begin_write().await?;
            let placement = (started_on, settling_in_days);
            refresh(&*txn, Scope::All, placement_id, placement, &[]).await?;
            txn.commit().await?;
        }
    }
}
