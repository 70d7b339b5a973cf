//! GraphQL for contact: venues (agency), sessions (agency schedules and records; the child's LA
//! reads), recurring schedules, and contact alerts.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveTime, Utc};

use super::alert_rules::{ContactAlert, ContactAlertKind};
use super::model::{
    CancelledBy, Recurrence, Session, SessionOutcome, SessionPlan, Venue, VenueKind, Weekday,
};
use super::recording::SessionRecord;
use super::report::{ContactReport, contact_report};
use super::store::{self, SessionFilter};
use super::venues::{self, VenuePatch};
use crate::carers::graphql::LocationInput;
use crate::carers::model::Location;
use crate::error::{AppError, AppResult};
use crate::graphql::context::ContextExt;
use crate::graphql::guards::{AGENCY, RoleGuard};
use crate::graphql::node::{expect_id, global_id, kinds};
use crate::graphql::pagination::{Conn, connection, page_request};
use crate::placements::model::Placement;
use crate::text::{optional_text, required_text};
use crate::types::Date;
use crate::types::ids::PlacementId;

/// A place where contact happens.
#[Object(name = "ContactVenue")]
impl Venue {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        global_id(kinds::CONTACT_VENUE, self.id)
    }
    /// Name.
    async fn name(&self) -> &str {
        &self.name
    }
    /// Contact room, family home or community setting.
    async fn kind(&self) -> VenueKind {
        self.kind
    }
    /// Latitude.
    async fn latitude(&self) -> f64 {
        self.location.latitude
    }
    /// Longitude.
    async fn longitude(&self) -> f64 {
        self.location.longitude
    }
    /// Whether sessions can still be booked there.
    async fn active(&self) -> bool {
        self.active
    }
    /// Version to send with the next change.
    async fn version(&self) -> i32 {
        self.version
    }
}

/// One supervised contact session between the child and the birth family.
#[Object(name = "ContactSession")]
impl Session {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        global_id(kinds::CONTACT_SESSION, self.id)
    }
    /// The placement.
    async fn placement(&self, ctx: &Context<'_>) -> async_graphql::Result<Placement> {
        Ok(ctx.loaders()?.placement(self.placement_id).await?)
    }
    /// The venue.
    async fn venue(&self, ctx: &Context<'_>) -> async_graphql::Result<Venue> {
        Ok(ctx.loaders()?.venue(self.venue_id).await?)
    }
    /// Scheduled start.
    async fn starts_at(&self) -> DateTime<Utc> {
        self.starts_at
    }
    /// Scheduled end.
    async fn ends_at(&self) -> DateTime<Utc> {
        self.ends_at
    }
    /// Venue's distance from the carers' home when scheduled, in miles (one decimal).
    async fn distance_miles(&self) -> f64 {
        (self.distance_miles * 10.0).round() / 10.0
    }
    /// Who supervises.
    async fn supervisor(&self) -> &str {
        &self.supervisor
    }
    /// Whether the child's social worker is (or was) there.
    async fn social_worker_present(&self) -> bool {
        self.social_worker_present
    }
    /// Who attends from the birth family.
    async fn attendees(&self) -> &[String] {
        &self.attendees
    }
    /// What happened; null until recorded.
    async fn outcome(&self) -> Option<SessionOutcome> {
        self.outcome
    }
    /// Who called it off.
    async fn cancelled_by(&self) -> Option<CancelledBy> {
        self.cancelled_by
    }
    /// The carers handed the child over at the start.
    async fn carer_handover_at_start(&self) -> Option<bool> {
        self.carer_handover_at_start
    }
    /// The carers took the child back at the end.
    async fn carer_handover_at_end(&self) -> Option<bool> {
        self.carer_handover_at_end
    }
    /// The supervisor's observations (sensitive: agency roles and the child's own LA only).
    async fn observations(&self) -> Option<&str> {
        self.observations.as_deref()
    }
    /// When the outcome was recorded.
    async fn recorded_at(&self) -> Option<DateTime<Utc>> {
        self.recorded_at
    }
    /// Alerts on this session (settling in, frequency, travel).
    async fn alerts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ContactAlertObject>> {
        let all = placement_alerts(ctx, self.placement_id).await?;
        Ok(all
            .into_iter()
            .filter(|a| a.0.session_id == self.id)
            .collect())
    }
    /// Version to send with the next change.
    async fn version(&self) -> i32 {
        self.version
    }
}

/// A contact alert (never blocking).
pub struct ContactAlertObject(ContactAlert);

/// Something about contact to look at; it never blocks (the court may order otherwise).
#[Object(name = "ContactAlert")]
impl ContactAlertObject {
    /// What kind.
    async fn kind(&self) -> ContactAlertKind {
        self.0.kind
    }
    /// What to look at.
    async fn message(&self) -> &str {
        &self.0.message
    }
    /// The session it is about.
    async fn session_id(&self) -> ID {
        global_id(kinds::CONTACT_SESSION, self.0.session_id)
    }
}

/// The contact alerts of a placement the caller may see.
pub async fn placement_alerts(
    ctx: &Context<'_>,
    placement_id: uuid::Uuid,
) -> AppResult<Vec<ContactAlertObject>> {
    let alerts = ctx.loaders()?.contact_alerts(placement_id).await?;
    Ok(alerts.into_iter().map(ContactAlertObject).collect())
}

/// Which sessions to list.
#[derive(InputObject, Default)]
pub struct ContactSessionFilterInput {
    /// Only this placement's sessions.
    pub placement_id: Option<ID>,
    /// Starting at or after.
    pub from: Option<DateTime<Utc>>,
    /// Starting before.
    pub to: Option<DateTime<Utc>>,
}

impl ContactSessionFilterInput {
    /// The store filter.
    pub fn parse(self) -> AppResult<SessionFilter> {
        Ok(SessionFilter {
            placement_id: self
                .placement_id
                .map(|id| expect_id(&id, kinds::PLACEMENT, "filter.placementId"))
                .transpose()?,
            from: self
                .from
                .map(|at| crate::dates::instant("filter.from", at))
                .transpose()?,
            to: self
                .to
                .map(|at| crate::dates::instant("filter.to", at))
                .transpose()?,
        })
    }
}

/// The court contact report for one placement and date range (definitions in its fields).
pub struct ContactReportObject {
    report: ContactReport,
    placement_id: ID,
}

/// Cancellations by one party.
#[derive(SimpleObject)]
pub struct CancellationCount {
    /// Who cancelled.
    pub cancelled_by: CancelledBy,
    /// How many sessions.
    pub count: i32,
}

/// A dated observation.
#[derive(SimpleObject)]
pub struct DatedObservation {
    /// When the session started.
    pub starts_at: DateTime<Utc>,
    /// What happened.
    pub outcome: Option<SessionOutcome>,
    /// The supervisor's observations.
    pub text: String,
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The figures a court asks for about contact, and the dated observations.
#[Object(name = "ContactReport")]
impl ContactReportObject {
    /// First day covered (UK date).
    async fn from(&self) -> Date {
        Date(self.report.from)
    }
    /// Last day covered (UK date).
    async fn to(&self) -> Date {
        Date(self.report.to)
    }
    /// Sessions scheduled to start in the period, whatever became of them.
    async fn offered(&self) -> i32 {
        count(self.report.offered)
    }
    /// Sessions recorded ATTENDED.
    async fn attended(&self) -> i32 {
        count(self.report.attended)
    }
    /// Sessions recorded PARENT_LATE.
    async fn late(&self) -> i32 {
        count(self.report.late)
    }
    /// Sessions recorded PARENT_DID_NOT_ATTEND.
    async fn missed(&self) -> i32 {
        count(self.report.missed)
    }
    /// Sessions recorded CANCELLED, by who cancelled.
    async fn cancelled(&self) -> Vec<CancellationCount> {
        self.report
            .cancelled
            .iter()
            .map(|(by, n)| CancellationCount {
                cancelled_by: *by,
                count: count(*n),
            })
            .collect()
    }
    /// Sessions in the period with no outcome recorded yet.
    async fn not_recorded(&self) -> i32 {
        count(self.report.not_recorded)
    }
    /// (attended + late) ÷ (attended + late + missed + cancelled by the parent); sessions called
    /// off by anyone else do not count against the parent. Null when nothing counts.
    async fn attendance_rate(&self) -> Option<f64> {
        self.report.attendance_rate
    }
    /// Days from the placement's start to its first session that was not cancelled.
    async fn settling_in_days(&self) -> Option<i64> {
        self.report.settling_in_days
    }
    /// Contact alerts on sessions in the period.
    async fn alerts(&self) -> Vec<ContactAlertObject> {
        self.report
            .alerts
            .iter()
            .cloned()
            .map(ContactAlertObject)
            .collect()
    }
    /// The supervisors' observations in the period, in time order.
    async fn observations(&self) -> Vec<DatedObservation> {
        self.report
            .observations
            .iter()
            .map(|(starts_at, outcome, text)| DatedObservation {
                starts_at: *starts_at,
                outcome: *outcome,
                text: text.clone(),
            })
            .collect()
    }
    /// Path of the printable HTML version (send the same bearer token).
    async fn html_path(&self) -> String {
        format!(
            "/reports/contact/{}?from={}&to={}",
            self.placement_id.as_str(),
            self.report.from,
            self.report.to
        )
    }
}

/// Contact queries.
#[derive(Default)]
pub struct ContactQuery;

#[Object]
impl ContactQuery {
    /// Contact venues: all for agency roles; for an LA, the venues of its own children's sessions.
    async fn contact_venues(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Venue>> {
        let page = venues::list_venues(
            ctx.db()?.conn(),
            ctx.scope()?,
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |v| v.id))
    }

    /// Contact sessions you may see, in time order.
    async fn contact_sessions(
        &self,
        ctx: &Context<'_>,
        filter: Option<ContactSessionFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Session>> {
        let filter = filter.unwrap_or_default().parse()?;
        let page = store::list_sessions(
            ctx.db()?.conn(),
            ctx.scope()?,
            &filter,
            page_request(ctx, first, after)?,
        )
        .await?;
        Ok(connection(page, |s| s.id))
    }

    /// The court contact report for a placement you may see, over `from`..=`to` (UK dates).
    async fn contact_report(
        &self,
        ctx: &Context<'_>,
        placement_id: ID,
        from: Date,
        to: Date,
    ) -> async_graphql::Result<ContactReportObject> {
        if from.0 > to.0 {
            return Err(AppError::invalid("to", "must not be before from").into());
        }
        let id = expect_id(&placement_id, kinds::PLACEMENT, "placementId")?;
        let (conn, scope) = (ctx.db()?.conn(), ctx.scope()?);
        let placement = crate::placements::store::find(conn, scope, PlacementId(id))
            .await?
            .ok_or(AppError::not_found("Placement"))?;
        let sessions = store::for_placement(conn, scope, id).await?;
        Ok(ContactReportObject {
            report: contact_report(&placement, &sessions, from.0, to.0),
            placement_id,
        })
    }

    /// One session, if you may see it (else `NOT_FOUND`).
    async fn contact_session(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Session> {
        let id = expect_id(&id, kinds::CONTACT_SESSION, "id")?;
        let found = store::find_session(ctx.db()?.conn(), ctx.scope()?, id).await?;
        Ok(found.ok_or(AppError::not_found("ContactSession"))?)
    }
}

/// A new venue.
#[derive(InputObject)]
pub struct CreateContactVenueInput {
    /// Name (≤ 100 characters).
    pub name: String,
    /// Kind of place.
    pub kind: VenueKind,
    /// Where it is.
    pub location: LocationInput,
}

/// A change to a venue.
#[derive(InputObject)]
pub struct UpdateContactVenueInput {
    /// The venue's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// New name.
    pub name: Option<String>,
    /// New kind.
    pub kind: Option<VenueKind>,
    /// New location (used for sessions scheduled from now on).
    pub location: Option<LocationInput>,
    /// Open or close for new bookings.
    pub active: Option<bool>,
}

/// One session to schedule.
#[derive(InputObject)]
pub struct ScheduleContactSessionInput {
    /// An open placement.
    pub placement_id: ID,
    /// An active venue.
    pub venue_id: ID,
    /// Start (RFC 3339).
    pub starts_at: DateTime<Utc>,
    /// End (after the start, at most 12 hours later).
    pub ends_at: DateTime<Utc>,
    /// Who supervises.
    pub supervisor: String,
    /// Whether the child's social worker will be there.
    #[graphql(default)]
    pub social_worker_present: bool,
    /// Who attends from the birth family (1–10 names, e.g. "Mother", "Maternal grandmother").
    pub attendees: Vec<String>,
}

/// A weekly schedule, e.g. Monday, Wednesday and Friday 10:00–12:00 for 6 weeks.
#[derive(InputObject)]
pub struct ScheduleContactSeriesInput {
    /// An open placement.
    pub placement_id: ID,
    /// An active venue.
    pub venue_id: ID,
    /// Days of the week.
    pub weekdays: Vec<Weekday>,
    /// UK local start time, `HH:MM`.
    pub start_time: String,
    /// Length of each session in minutes (15–720).
    pub duration_minutes: i32,
    /// First day of the schedule.
    pub from: Date,
    /// Number of weeks (1–52; at most 100 sessions).
    pub weeks: i32,
    /// Who supervises.
    pub supervisor: String,
    /// Whether the child's social worker will be there.
    #[graphql(default)]
    pub social_worker_present: bool,
    /// Who attends from the birth family.
    pub attendees: Vec<String>,
}

/// What happened at a session.
#[derive(InputObject)]
pub struct RecordContactSessionInput {
    /// The session's global id.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// What happened.
    pub outcome: SessionOutcome,
    /// Who cancelled (required with CANCELLED, refused otherwise).
    pub cancelled_by: Option<CancelledBy>,
    /// The carers handed the child over at the start.
    pub carer_handover_at_start: Option<bool>,
    /// The carers took the child back at the end.
    pub carer_handover_at_end: Option<bool>,
    /// Whether the social worker was there (default: as planned).
    pub social_worker_present: Option<bool>,
    /// The supervisor's observations (≤ 10000 characters; sensitive).
    pub observations: Option<String>,
}

/// The venue after a change.
#[derive(SimpleObject)]
pub struct ContactVenuePayload {
    /// The venue.
    pub venue: Venue,
}

/// Sessions just scheduled, with the placement's contact alerts after scheduling them.
#[derive(SimpleObject)]
pub struct ScheduleContactPayload {
    /// The new sessions, in time order.
    pub sessions: Vec<Session>,
    /// Every contact alert on the placement now.
    pub alerts: Vec<ContactAlertObject>,
}

/// A session after recording it, with the placement's contact alerts.
#[derive(SimpleObject)]
pub struct RecordContactSessionPayload {
    /// The session.
    pub session: Session,
    /// Every contact alert on the placement now.
    pub alerts: Vec<ContactAlertObject>,
}

/// Contact mutations (agency roles).
#[derive(Default)]
pub struct ContactMutation;

#[Object]
impl ContactMutation {
    /// Adds a contact venue.
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn create_contact_venue(
        &self,
        ctx: &Context<'_>,
        input: CreateContactVenueInput,
    ) -> async_graphql::Result<ContactVenuePayload> {
        let name = required_text(&input.name, 100, "input.name")?;
        let location = Location::parse(
            input.location.latitude,
            input.location.longitude,
            "input.location",
        )?;
        let venue =
            venues::create_venue(ctx.db()?, ctx.actor()?, name, input.kind, location).await?;
        Ok(ContactVenuePayload { venue })
    }

    /// Changes a venue.
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn update_contact_venue(
        &self,
        ctx: &Context<'_>,
        input: UpdateContactVenueInput,
    ) -> async_graphql::Result<ContactVenuePayload> {
        let id = expect_id(&input.id, kinds::CONTACT_VENUE, "input.id")?;
        let patch = VenuePatch {
            name: input
                .name
                .map(|n| required_text(&n, 100, "input.name"))
                .transpose()?,
            kind: input.kind,
            location: input
                .location
                .map(|l| Location::parse(l.latitude, l.longitude, "input.location"))
                .transpose()?,
            active: input.active,
        };
        let venue = venues::update_venue(ctx.db()?, ctx.actor()?, id, input.version, patch).await?;
        Ok(ContactVenuePayload { venue })
    }

    /// Schedules one session on an open placement.
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn schedule_contact_session(
        &self,
        ctx: &Context<'_>,
        input: ScheduleContactSessionInput,
    ) -> async_graphql::Result<ScheduleContactPayload> {
        let placement_id = expect_id(&input.placement_id, kinds::PLACEMENT, "input.placementId")?;
        let venue_id = expect_id(&input.venue_id, kinds::CONTACT_VENUE, "input.venueId")?;
        let plan = SessionPlan {
            starts_at: input.starts_at,
            ends_at: input.ends_at,
            supervisor: input.supervisor,
            social_worker_present: input.social_worker_present,
            attendees: input.attendees,
        }
        .check()?;
        let sessions = store::schedule(
            ctx.db()?,
            ctx.actor()?,
            placement_id,
            venue_id,
            vec![plan],
            "input.startsAt",
        )
        .await?;
        let alerts = placement_alerts(ctx, placement_id).await?;
        Ok(ScheduleContactPayload { sessions, alerts })
    }

    /// Schedules a weekly series in one transaction: every session, or none.
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn schedule_contact_series(
        &self,
        ctx: &Context<'_>,
        input: ScheduleContactSeriesInput,
    ) -> async_graphql::Result<ScheduleContactPayload> {
        let placement_id = expect_id(&input.placement_id, kinds::PLACEMENT, "input.placementId")?;
        let venue_id = expect_id(&input.venue_id, kinds::CONTACT_VENUE, "input.venueId")?;
        let start_time = NaiveTime::parse_from_str(input.start_time.trim(), "%H:%M")
            .map_err(|_| AppError::invalid("input.startTime", "must be a time of day, HH:MM"))?;
        let recurrence = Recurrence {
            weekdays: input.weekdays,
            start_time,
            duration_minutes: i64::from(input.duration_minutes),
            from: input.from.0,
            weeks: u32::try_from(input.weeks).unwrap_or(0),
        };
        let mut plans = Vec::new();
        for (starts_at, ends_at) in recurrence.occurrences()? {
            let plan = SessionPlan {
                starts_at,
                ends_at,
                supervisor: input.supervisor.clone(),
                social_worker_present: input.social_worker_present,
                attendees: input.attendees.clone(),
            };
            plans.push(plan.check()?);
        }
        let sessions = store::schedule(
            ctx.db()?,
            ctx.actor()?,
            placement_id,
            venue_id,
            plans,
            "input.from",
        )
        .await?;
        let alerts = placement_alerts(ctx, placement_id).await?;
        Ok(ScheduleContactPayload { sessions, alerts })
    }

    /// Records what happened at a session (once).
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn record_contact_session(
        &self,
        ctx: &Context<'_>,
        input: RecordContactSessionInput,
    ) -> async_graphql::Result<RecordContactSessionPayload> {
        let id = expect_id(&input.id, kinds::CONTACT_SESSION, "input.id")?;
        let record = SessionRecord {
            outcome: input.outcome,
            cancelled_by: input.cancelled_by,
            carer_handover_at_start: input.carer_handover_at_start,
            carer_handover_at_end: input.carer_handover_at_end,
            social_worker_present: input.social_worker_present,
            observations: optional_text(
                input.observations.as_deref(),
                10_000,
                "input.observations",
            )?,
        };
        let session = store::record(ctx.db()?, ctx.actor()?, id, input.version, record).await?;
        let alerts = placement_alerts(ctx, session.placement_id).await?;
        Ok(RecordContactSessionPayload { session, alerts })
    }
}
