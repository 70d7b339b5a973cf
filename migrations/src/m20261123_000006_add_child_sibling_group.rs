//! Children gain the LA's sibling-group reference: two children of one authority with the same
//! group are siblings, and only siblings share a carer household.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000002_create_children::Children;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Extra {
    SiblingGroup,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Children::Table)
                    .add_column(string_len_null(Extra::SiblingGroup, 20))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Children::Table)
                    .drop_column(Extra::SiblingGroup)
                    .to_owned(),
            )
            .await
    }
}
