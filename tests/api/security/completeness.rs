//! The completeness guard: reads the built schema by introspection and fails when a root field,
//! or a field on a record that is not an authority's own but leads to authority-owned data, has
//! no attack in the catalog — so a new field cannot ship without a cross-authority test.
//!
//! Fields on authority-owned records (a placement's child, a case's hearings) are reached only
//! through such a field, and composite foreign keys keep every reference inside one authority,
//! so the catalog attacks their entry points.

use std::collections::BTreeSet;

use serde_json::Value;

use super::catalog::{Victim, catalog};

/// Types whose rows belong to one authority (or are built from them).
const OWNED: &[&str] = &[
    "Child",
    "Referral",
    "Match",
    "Placement",
    "ContactSession",
    "ContactReport",
    "CareCase",
    "Hearing",
    "CourtOrder",
    "Assessment",
    "PostAdoptionContact",
    "SupportWork",
    "AdoptionDecision",
    "AuditEvent",
    "OutcomeReport",
    "Ssda903Extract",
    "ChangeFeed",
    "Node",
];

const INTROSPECTION: &str = "{ __schema { queryType { name } mutationType { name } subscriptionType { name } \
    types { name kind fields { name type { name kind ofType { name kind ofType { name kind ofType { name } } } } } } } }";

fn named(mut ty: &Value) -> String {
    while ty["name"].is_null() && !ty["ofType"].is_null() {
        ty = &ty["ofType"];
    }
    let name = ty["name"].as_str().unwrap_or_default();
    name.strip_suffix("Connection")
        .or_else(|| name.strip_suffix("Edge"))
        .unwrap_or(name)
        .to_owned()
}

/// Every `Type.field` the guard requires an attack for.
fn exposed_fields(schema: &Value) -> BTreeSet<String> {
    let roots: Vec<&str> = ["queryType", "mutationType", "subscriptionType"]
        .iter()
        .filter_map(|k| schema[k]["name"].as_str())
        .collect();
    let mut fields = BTreeSet::new();
    for ty in schema["types"].as_array().expect("types") {
        let name = ty["name"].as_str().unwrap_or_default();
        if ty["kind"] != "OBJECT" || name.starts_with("__") {
            continue;
        }
        let root = roots.contains(&name);
        let wrapper =
            name.ends_with("Connection") || name.ends_with("Edge") || name.ends_with("Payload");
        if !root && (wrapper || OWNED.contains(&name)) {
            continue;
        }
        for field in ty["fields"].as_array().into_iter().flatten() {
            let leads_to_owned = OWNED.contains(&named(&field["type"]).as_str());
            if root || leads_to_owned {
                let public = match name {
                    n if Some(n) == schema["queryType"]["name"].as_str() => "Query",
                    n if Some(n) == schema["mutationType"]["name"].as_str() => "Mutation",
                    n if Some(n) == schema["subscriptionType"]["name"].as_str() => "Subscription",
                    n => n,
                };
                fields.insert(format!(
                    "{public}.{}",
                    field["name"].as_str().unwrap_or_default()
                ));
            }
        }
    }
    fields
}

#[tokio::test]
async fn every_field_that_reaches_authority_data_has_a_cross_authority_attack() {
    let schema = permanence::graphql::build_schema(None, true);
    let response = schema.execute(INTROSPECTION).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let data = response.data.into_json().expect("json");
    let exposed = exposed_fields(&data["__schema"]);
    let attacked: BTreeSet<String> = catalog(&Victim::placeholder())
        .iter()
        .map(|a| a.field.to_owned())
        .collect();
    let missing: Vec<&String> = exposed.difference(&attacked).collect();
    assert!(
        missing.is_empty(),
        "no cross-authority attack in security/catalog.rs for: {missing:?}"
    );
    let stale: Vec<&String> = attacked.difference(&exposed).collect();
    assert!(
        stale.is_empty(),
        "the catalog attacks fields the schema no longer has: {stale:?}"
    );
    // The guard itself sees the shape it is meant to: roots and the shared household's lists.
    assert!(exposed.contains("Query.placement") && exposed.contains("Mutation.endPlacement"));
    assert!(exposed.contains("CarerHousehold.placements"));
    assert!(exposed.len() > 60, "{exposed:?}");
}
