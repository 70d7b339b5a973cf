//! Table `placements`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "placements")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub authority_id: Uuid,
    pub child_id: Uuid,
    pub referral_id: Uuid,
    pub household_id: Uuid,
    pub match_id: Uuid,
    pub carers_related_to_child: bool,
    pub started_on: Date,
    pub settling_in_days: i32,
    pub status: String,
    pub placement_order_on: Option<Date>,
    pub placed_for_adoption_on: Option<Date>,
    pub adoption_basis: Option<String>,
    pub adoption_order_on: Option<Date>,
    pub adoption_application: Option<String>,
    pub ended_on: Option<Date>,
    pub end_reason: Option<String>,
    pub disruption_reason: Option<String>,
    pub relative_arrangement: Option<String>,
    pub adoption_matched_on: Option<Date>,
    pub adopters_sex: Option<String>,
    pub adopters_legal_status: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
