//! Idempotency keys for creates that integrations retry.
//!
//! A key is remembered per authority and operation together with a fingerprint (SHA-256 of the
//! canonical JSON of the validated input) and the id of what the first request created. The same
//! key with the same fingerprint replays that result; with a different fingerprint it is a
//! `CONFLICT`. Keys live in the database, so the rule holds across server replicas.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::entities::idempotency_keys::{ActiveModel, Column, Entity};
use crate::error::{AppError, AppResult};
use crate::text::required_text;

/// A validated idempotency key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Validates a client key: 1–100 characters.
    pub fn parse(value: &str, field: &str) -> AppResult<Self> {
        Ok(IdempotencyKey(required_text(value, 100, field)?))
    }
}

/// What an earlier request with the same key did.
pub enum Earlier {
    /// No request used this key.
    None,
    /// The same input: replay this result.
    Replay(Uuid),
}

/// SHA-256 (hex) of the canonical JSON of `input`.
pub fn fingerprint(input: &impl Serialize) -> AppResult<String> {
    let json = serde_json::to_vec(input).map_err(|e| AppError::Internal(e.into()))?;
    Ok(Sha256::digest(&json)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Looks the key up; a different fingerprint under the same key is a `CONFLICT`.
pub async fn check<C: ConnectionTrait>(
    conn: &C,
    authority_id: Uuid,
    operation: &str,
    key: &IdempotencyKey,
    fingerprint: &str,
) -> AppResult<Earlier> {
    let row = Entity::find()
        .filter(Column::AuthorityId.eq(authority_id))
        .filter(Column::Operation.eq(operation))
        .filter(Column::Key.eq(key.0.as_str()))
        .one(conn)
        .await?;
    match row {
        None => Ok(Earlier::None),
        Some(row) if row.fingerprint == fingerprint => Ok(Earlier::Replay(row.result_id)),
        Some(_) => Err(AppError::conflict(
            "idempotencyKey was already used with a different input",
        )),
    }
}

/// Remembers the key, in the same transaction as the create it guards.
pub async fn remember<C: ConnectionTrait>(
    txn: &C,
    authority_id: Uuid,
    operation: &str,
    key: &IdempotencyKey,
    fingerprint: String,
    result_id: Uuid,
) -> AppResult<()> {
    let row = ActiveModel {
        id: Set(Uuid::now_v7()),
        authority_id: Set(authority_id),
        operation: Set(operation.to_owned()),
        key: Set(key.0.clone()),
        fingerprint: Set(fingerprint),
        result_id: Set(result_id),
        created_at: Set(Utc::now()),
    };
    Entity::insert(row).exec_without_returning(txn).await?;
    Ok(())
}
