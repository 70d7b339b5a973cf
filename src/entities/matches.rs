//! Table `matches`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub authority_id: Uuid,
    pub referral_id: Uuid,
    pub child_id: Uuid,
    pub household_id: Uuid,
    pub status: String,
    pub carers_related_to_child: bool,
    pub rationale: Option<String>,
    pub decision_reason: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
