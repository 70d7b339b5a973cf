//! Queries on `assessments`, scoped by the child's authority: commissioned for a child, filed
//! with the court once.

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::model::{Assessment, AssessmentKind};
use super::store::not_after_today;
use crate::audit::model::{AuditEntry, Changes};
use crate::audit::store as audit;
use crate::auth::{Actor, Scope};
use crate::children::store as children;
use crate::codes::stored;
use crate::db::Db;
use crate::entities::assessments;
use crate::error::{AppError, AppResult};
use crate::paging::{Page, PageRequest, fetch_page};
use crate::scoped::Scoped;
use crate::versioned::update_at_version;

/// GraphQL type name, used in audit events and NOT_FOUND errors.
pub const ASSESSMENT: &str = "Assessment";

/// A page of the assessments the scope may see, optionally one child's.
pub async fn list_assessments<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    child_id: Option<Uuid>,
    page: PageRequest,
) -> AppResult<Page<Assessment>> {
    let mut condition = assessments::Entity::visible_to(scope);
    if let Some(child_id) = child_id {
        condition = condition.add(assessments::Column::ChildId.eq(child_id));
    }
    fetch_page(
        conn,
        assessments::Entity::find().filter(condition),
        assessments::Column::Id,
        page,
    )
    .await?
    .try_map(into_assessment)
}

/// One assessment, if the scope may see it.
pub async fn find_assessment<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    id: Uuid,
) -> AppResult<Option<Assessment>> {
    assessments::Entity::find_by_id(id)
        .filter(assessments::Entity::visible_to(scope))
        .one(conn)
        .await?
        .map(into_assessment)
        .transpose()
}

/// What is commissioned.
pub struct NewAssessment {
    /// The child.
    pub child_id: Uuid,
    /// Kind.
    pub kind: AssessmentKind,
    /// Who is assessed.
    pub subject: String,
    /// Who commissioned it.
    pub commissioned_by: String,
    /// Date due.
    pub due_on: NaiveDate,
}

/// Commissions an assessment for a child in the scope.
pub async fn commission_assessment(
    db: &Db,
    actor: &Actor,
    new: NewAssessment,
) -> AppResult<Assessment> {
    let scope = actor.scope();
    let txn = db.begin_write().await?;
    let child = children::find(&*txn, scope, new.child_id)
        .await?
        .ok_or(AppError::not_found("Child"))?;
    let now = Utc::now();
    let row = assessments::Model {
        id: Uuid::now_v7(),
        authority_id: child.authority_id,
        child_id: child.id,
        kind: new.kind.as_str().to_owned(),
        subject: new.subject,
        commissioned_by: new.commissioned_by,
        due_on: new.due_on,
        filed_on: None,
        outcome: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    assessments::Entity::insert(assessments::ActiveModel::from(row.clone()))
        .exec_without_returning(&*txn)
        .await?;
    let assessment = into_assessment(row)?;
    audit::record(
        &*txn,
        actor,
        AuditEntry::owned(
            assessment.authority_id,
            "assessment.commissioned",
            ASSESSMENT,
            assessment.id,
            Changes::created(&assessment),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(assessment)
}

/// Records that an assessment was filed with the court, and its outcome, once.
pub async fn file_assessment(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    filed_on: NaiveDate,
    outcome: String,
) -> AppResult<Assessment> {
    not_after_today(filed_on, "input.filedOn")?;
    let scope = actor.scope();
    let txn = db.begin_write().await?;
    let before = find_assessment(&*txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ASSESSMENT))?;
    if before.version != version {
        return Err(AppError::stale_version(before.version));
    }
    if before.filed_on.is_some() {
        return Err(AppError::conflict("the assessment is already filed"));
    }
    let row = assessments::ActiveModel {
        filed_on: Set(Some(filed_on)),
        outcome: Set(Some(outcome.clone())),
        version: Set(version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let filter = assessments::Entity::visible_to(scope).add(assessments::Column::Id.eq(id));
    update_at_version::<assessments::Entity, _>(
        &*txn,
        row,
        filter,
        assessments::Column::Version,
        version,
    )
    .await?;
    let changes = Changes::new()
        .field("filedOn", &before.filed_on, &Some(filed_on))
        .field("outcome", &before.outcome, &Some(outcome))
        .field("version", &json!(version), &json!(version + 1));
    audit::record(
        &*txn,
        actor,
        AuditEntry::owned(
            before.authority_id,
            "assessment.filed",
            ASSESSMENT,
            id,
            changes,
        ),
    )
    .await?;
    let after = find_assessment(&*txn, scope, id)
        .await?
        .ok_or(AppError::not_found(ASSESSMENT))?;
    txn.commit().await?;
    Ok(after)
}

fn into_assessment(row: assessments::Model) -> AppResult<Assessment> {
    Ok(Assessment {
        id: row.id,
        authority_id: row.authority_id,
        child_id: row.child_id,
        kind: stored(&row.kind, AssessmentKind::parse, "assessment kind")?,
        subject: row.subject,
        commissioned_by: row.commissioned_by,
        due_on: row.due_on,
        filed_on: row.filed_on,
        outcome: row.outcome,
        version: row.version,
    })
}
