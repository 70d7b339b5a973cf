//! Table `contact_sessions`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub authority_id: Uuid,
    pub placement_id: Uuid,
    pub venue_id: Uuid,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub distance_miles: f64,
    pub supervisor: String,
    pub social_worker_present: bool,
    /// Newline-separated attendees.
    pub attendees: String,
    pub outcome: Option<String>,
    pub cancelled_by: Option<String>,
    pub carer_handover_at_start: Option<bool>,
    pub carer_handover_at_end: Option<bool>,
    pub observations: Option<String>,
    pub recorded_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Alerts the contact rules raise on this session (NULL: not computed yet).
    pub settling_in_alert: Option<bool>,
    /// See `settling_in_alert`.
    pub frequency_alert: Option<bool>,
    /// See `settling_in_alert`.
    pub travel_alert: Option<bool>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
