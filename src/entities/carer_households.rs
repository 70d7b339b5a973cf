//! Table `carer_households`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "carer_households")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub reference: String,
    pub primary_carer_name: String,
    pub second_carer_name: Option<String>,
    /// Comma-separated SSDA903 ethnicity codes of the carers.
    pub ethnicities: String,
    pub cultural_background: Option<String>,
    /// Comma-separated languages spoken at home.
    pub languages: String,
    pub religion: Option<String>,
    pub area: String,
    pub latitude: f64,
    pub longitude: f64,
    pub full_time_carer: bool,
    pub capacity: String,
    pub status: String,
    pub enquiry_received_on: Date,
    pub enquiry_followed_up_on: Option<Date>,
    pub fostering_approved_on: Option<Date>,
    pub adopter_approved_on: Option<Date>,
    pub closed_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
