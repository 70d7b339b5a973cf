//! Table `children`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "children")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub authority_id: Uuid,
    pub la_reference: String,
    pub given_names: Option<String>,
    pub family_name: Option<String>,
    pub sex: String,
    pub date_of_birth: Option<Date>,
    pub expected_date_of_birth: Option<Date>,
    pub ethnicity: String,
    pub legal_status: Option<String>,
    pub entered_care_on: Option<Date>,
    pub sibling_group: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
