//! Table `referrals`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referrals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub authority_id: Uuid,
    pub child_id: Uuid,
    pub route: String,
    pub purchase_order_ref: Option<String>,
    pub referred_on: Date,
    /// The day the child entered care for this referral's period (migration 17).
    pub entered_care_on: Option<Date>,
    /// The day the period ended, when CLOSED (migration 17).
    pub closed_on: Option<Date>,
    /// SSDA903 legal status at entry to care for this period (migration 19).
    pub entry_legal_status: Option<String>,
    pub status: String,
    pub proceedings_stage: String,
    pub return_home_unlikely: bool,
    /// Comma-separated risk factor codes.
    pub risk_factors: String,
    pub risk_notes: Option<String>,
    /// Comma-separated commissioned service codes.
    pub services_commissioned: String,
    pub social_worker_name: String,
    pub social_worker_email: Option<String>,
    pub social_worker_phone: Option<String>,
    pub decision_reason: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
