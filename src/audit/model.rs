//! Audit event types and the change set builder.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::auth::Role;

/// What happened to which record, owned by which authority.
#[derive(Clone, Debug)]
pub struct AuditEntry {
    /// Owning authority of the changed record (None for agency-owned records).
    pub authority_id: Option<Uuid>,
    /// Dotted action name, e.g. `referral.accepted`.
    pub action: &'static str,
    /// GraphQL type name of the changed record, e.g. `Referral`.
    pub entity_type: &'static str,
    /// Id of the changed record.
    pub entity_id: Uuid,
    /// Changed fields.
    pub changes: Changes,
}

impl AuditEntry {
    /// An entry for a change to `entity_type` `id`, owned by `authority_id`.
    pub fn owned(
        authority_id: Uuid,
        action: &'static str,
        entity_type: &'static str,
        id: Uuid,
        changes: Changes,
    ) -> Self {
        AuditEntry {
            authority_id: Some(authority_id),
            action,
            entity_type,
            entity_id: id,
            changes,
        }
    }
}

/// Field name → before/after values.
#[derive(Clone, Debug, Default)]
pub struct Changes(Map<String, Value>);

impl Changes {
    /// An empty change set.
    pub fn new() -> Self {
        Changes::default()
    }

    /// Every field of a newly created record, as `after` values with no `before`.
    pub fn created(record: &impl Serialize) -> Self {
        let mut changes = Changes::new();
        if let Ok(Value::Object(fields)) = serde_json::to_value(record) {
            for (field, after) in fields {
                changes
                    .0
                    .insert(field, json!({ "before": Value::Null, "after": after }));
            }
        }
        changes
    }

    /// Every top-level field whose value differs between two versions of one record (as they
    /// serialise), except `updatedAt`, which changes with every write and is the event's own
    /// time. A field whose value must not reach the audit trail (contact observations) needs a
    /// change set of its own.
    pub fn between(before: &impl Serialize, after: &impl Serialize) -> Self {
        let mut changes = Changes::new();
        let (Ok(Value::Object(old)), Ok(Value::Object(new))) =
            (serde_json::to_value(before), serde_json::to_value(after))
        else {
            return changes;
        };
        for (field, after) in new {
            let before = old.get(&field).cloned().unwrap_or(Value::Null);
            if field != "updatedAt" && before != after {
                changes
                    .0
                    .insert(field, json!({ "before": before, "after": after }));
            }
        }
        changes
    }

    /// Records `field` if `before` and `after` differ.
    pub fn field<T: Serialize + PartialEq>(mut self, field: &str, before: &T, after: &T) -> Self {
        if before != after {
            self.0.insert(
                field.to_owned(),
                json!({ "before": to_json(before), "after": to_json(after) }),
            );
        }
        self
    }

    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The JSON object stored in the database.
    pub fn to_json_string(&self) -> String {
        Value::Object(self.0.clone()).to_string()
    }
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A stored audit event.
#[derive(Clone, Debug)]
pub struct AuditEvent {
    /// Event id.
    pub id: Uuid,
    /// Owning authority of the changed record.
    pub authority_id: Option<Uuid>,
    /// Token subject of the actor.
    pub actor_sub: String,
    /// Role of the actor.
    pub actor_role: Role,
    /// Authority of the actor (LA roles).
    pub actor_authority_id: Option<Uuid>,
    /// Dotted action name.
    pub action: String,
    /// GraphQL type name of the changed record.
    pub entity_type: String,
    /// Id of the changed record.
    pub entity_id: Uuid,
    /// Field name → `{before, after}`.
    pub changes: Value,
    /// Commit time of the change.
    pub occurred_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_recorded_only_when_it_changed() {
        let changes = Changes::new()
            .field("status", &"SUBMITTED", &"ACCEPTED")
            .field("version", &1, &1);
        assert_eq!(
            changes.to_json_string(),
            r#"{"status":{"after":"ACCEPTED","before":"SUBMITTED"}}"#
        );
    }

    #[test]
    fn a_created_record_lists_every_field_with_no_before() {
        #[derive(Serialize)]
        struct Row {
            a: i32,
        }
        let changes = Changes::created(&Row { a: 1 });
        assert_eq!(
            changes.to_json_string(),
            r#"{"a":{"after":1,"before":null}}"#
        );
    }
}
