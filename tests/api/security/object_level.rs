//! Object-level authorization (graphql-anchors §5.2, B1–B15): Camden, with the full catalog of
//! operations aimed at Islington's records, gets `NOT_FOUND` exactly as for a missing id, lists
//! and counts and reports without a trace of Islington, no change anywhere — as LA_STAFF and as
//! LA_READONLY, on both backends.

use std::time::Duration;

use axum::http::StatusCode;
use futures_util::SinkExt;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use super::catalog::{Attack, Expect, Victim, catalog, victim};
use crate::changes::{connect, next_json};
use crate::helpers::*;

/// The global id of a missing record of the same type as `id`.
fn missing_like(id: &Value) -> Value {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let text = id.as_str().expect("id");
    let decoded = String::from_utf8(URL_SAFE_NO_PAD.decode(text).expect("base64")).expect("utf-8");
    let kind = decoded.split(':').next().expect("kind");
    json!(URL_SAFE_NO_PAD.encode(format!("{kind}:{}", uuid::Uuid::now_v7())))
}

/// Runs `attack` as `token` and checks what the attacker got.
async fn check(app: &TestApp, token: &str, attack: &Attack, expect: Expect, victim: &Victim) {
    let response = app.gql(token, &attack.doc, attack.vars.clone()).await;
    let text = response.body.to_string();
    if let Some(marker) = victim.leaks_into(&text) {
        panic!("{} leaked {marker}: {text}", attack.field);
    }
    match expect {
        Expect::NotFound => {
            response.expect_code("NOT_FOUND");
            // Byte for byte what a missing id of the same type gets.
            if let Some(id) = attack.vars.get("id") {
                let missing = app
                    .gql(token, &attack.doc, json!({ "id": missing_like(id) }))
                    .await;
                assert_eq!(response.body, missing.body, "{}", attack.field);
            }
        }
        Expect::Forbidden => {
            response.expect_code("FORBIDDEN");
        }
        Expect::Invalid => {
            assert_eq!(
                response.code(),
                "GRAPHQL_VALIDATION_FAILED",
                "{}: {text}",
                attack.field
            );
        }
        Expect::NoForeign => {
            assert!(
                response.body.get("errors").is_none(),
                "{}: {text}",
                attack.field
            );
            assert_counts_match(&response.body["data"], attack.field);
        }
    }
}

/// Every connection's `totalCount` equals the nodes it returned (all pages fit in 100), so a
/// count can never include rows the caller does not see.
fn assert_counts_match(value: &Value, field: &str) {
    match value {
        Value::Object(map) => {
            if let (Some(total), Some(Value::Array(nodes))) =
                (map.get("totalCount"), map.get("nodes"))
            {
                assert_eq!(total.as_u64(), Some(nodes.len() as u64), "{field}: {value}");
            }
            map.values().for_each(|v| assert_counts_match(v, field));
        }
        Value::Array(items) => items.iter().for_each(|v| assert_counts_match(v, field)),
        _ => {}
    }
}

/// B1, B2, B4, B5, B7, B9, B10, B11, B14 for every field of the catalog.
#[tokio::test]
async fn b_another_authority_reaches_nothing_through_any_operation() {
    each_backend(async |app| {
        let victim = victim(app).await;
        let before = app.snapshot().await;
        let staff = app.la_staff(CAMDEN);
        let readonly = app.la_readonly(CAMDEN);
        for attack in catalog(&victim) {
            if attack.field.starts_with("Subscription.") {
                continue; // b12 below
            }
            check(app, &staff, &attack, attack.expect, &victim).await;
            let as_readonly = match attack.expect {
                _ if attack.is_mutation() && attack.expect != Expect::Invalid => Expect::Forbidden,
                other => other,
            };
            check(app, &readonly, &attack, as_readonly, &victim).await;
        }
        // The downloads: the contact report page and every SSDA903 table.
        let islington = crate::outcomes::authority_id(app, ISLINGTON).await;
        let placement = victim.id("placement");
        let page = format!(
            "/reports/contact/{}?from=2020-01-01&to=2030-01-01",
            placement.as_str().expect("id")
        );
        assert_eq!(app.get(Some(&staff), &page).await.0, StatusCode::NOT_FOUND);
        for table in ["episodes", "ad1", "placed-adoption", "findings"] {
            let named = format!(
                "/reports/ssda903/2025/{table}.csv?authority={}",
                islington.as_str().expect("id")
            );
            assert_eq!(app.get(Some(&staff), &named).await.0, StatusCode::NOT_FOUND, "{table}");
            let (status, body, _) = app
                .get(Some(&readonly), &format!("/reports/ssda903/2025/{table}.csv"))
                .await;
            assert_eq!(status, StatusCode::OK, "{table}");
            assert!(victim.leaks_into(&body).is_none(), "{table}: {body}");
        }
        // The ASGLB return of the quarter holding the victim's placement.
        let (year, quarter) = current_quarter();
        let named = format!(
            "/reports/asglb/{year}/{quarter}.csv?authority={}",
            islington.as_str().expect("id")
        );
        assert_eq!(app.get(Some(&staff), &named).await.0, StatusCode::NOT_FOUND);
        let (status, body, _) = app
            .get(Some(&readonly), &format!("/reports/asglb/{year}/{quarter}.csv"))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.starts_with("CHILD,"), "{body}");
        assert!(victim.leaks_into(&body).is_none(), "asglb: {body}");
        assert_eq!(app.snapshot().await, before, "nothing changed");
        // B4: Camden's counts and figures are Camden's alone (CAM-A1 is its only child).
        let counts = app
            .gql(&staff, "{ referrals { totalCount } children { totalCount } placements { totalCount } }", json!({}))
            .await;
        assert_eq!(
            counts.data().clone(),
            json!({ "referrals": { "totalCount": 1 }, "children": { "totalCount": 1 }, "placements": { "totalCount": 1 } })
        );
    })
    .await;
}

/// B3, B9, B10: no input or filter can name an authority.
#[tokio::test]
async fn b3_b10_no_argument_names_an_authority() {
    each_backend(async |app| {
        let camden = app.la_staff(CAMDEN);
        for query in [
            "{ referrals(filter: {authorityId: \"QXV0aG9yaXR5OjE\"}) { totalCount } }",
            "{ referrals(authority: \"206\") { totalCount } }",
            "mutation { updateReferral(input: {id: \"x\", version: 1, authorityId: \"y\"}) { __typename } }",
        ] {
            let response = app.gql(&camden, query, json!({})).await;
            assert_eq!(response.code(), "GRAPHQL_VALIDATION_FAILED", "{query}");
        }
    })
    .await;
}

/// B6: a cursor pointing at another authority's row pages through the caller's rows only.
#[tokio::test]
async fn b6_a_tampered_cursor_shows_only_the_callers_rows() {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    each_backend(async |app| {
        let islington = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        app.submit_referral(&app.la_staff(CAMDEN), "CAM-1").await;
        let global = String::from_utf8(
            URL_SAFE_NO_PAD
                .decode(islington["id"].as_str().expect("id"))
                .expect("base64"),
        )
        .expect("utf-8");
        let uuid = global.split_once(':').expect("kind:uuid").1;
        let cursor = URL_SAFE_NO_PAD.encode(format!("cursor:{uuid}"));
        let query = "query($after: String) { referrals(after: $after) { totalCount nodes { id child { laReference } } } }";
        let response = app
            .gql(&app.la_staff(CAMDEN), query, json!({ "after": cursor }))
            .await;
        let text = response.body.to_string();
        assert!(!text.contains("ISL-1") && !text.contains(islington["id"].as_str().expect("id")));
        assert_eq!(response.data()["referrals"]["totalCount"], 1);
    })
    .await;
}

/// B8: there are no bulk mutations and no `nodes(ids:)`; one id at a time, each scoped.
#[tokio::test]
async fn b8_there_is_no_bulk_access() {
    each_backend(async |app| {
        let response = app
            .gql(
                &app.la_staff(CAMDEN),
                "{ nodes(ids: [\"a\", \"b\"]) { id } }",
                json!({}),
            )
            .await;
        assert_eq!(response.code(), "GRAPHQL_VALIDATION_FAILED");
    })
    .await;
}

/// B12: a live subscription never delivers another authority's change.
#[tokio::test]
async fn b12_a_subscription_never_delivers_another_authoritys_change() {
    each_backend(async |app| {
        let camden = app.la_staff(CAMDEN);
        let mut socket = connect(app).await;
        let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {camden}") } });
        socket.send(Message::text(init.to_string())).await.expect("send");
        assert_eq!(next_json(&mut socket, 5).await.expect("ack")["type"], "connection_ack");
        let subscribe = json!({ "id": "1", "type": "subscribe", "payload": {
            "query": "subscription { changes { node { action entityId } } }" } });
        socket.send(Message::text(subscribe.to_string())).await.expect("send");
        tokio::time::sleep(Duration::from_millis(300)).await;
        app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        assert!(next_json(&mut socket, 3).await.is_none(), "Islington's change was delivered");
        app.submit_referral(&camden, "CAM-1").await;
        let own = next_json(&mut socket, 10).await.expect("Camden's own change");
        assert_eq!(own["payload"]["data"]["changes"]["node"]["action"], "child.created");
    })
    .await;
}

/// B13: two authorities loading the same related record at the same time (the shared household
/// through their placements) each get only their own rows: loaders are per request.
#[tokio::test]
async fn b13_concurrent_requests_never_share_loaded_rows() {
    each_backend(async |app| {
        let shared = app.approved_household("HH-SHARED").await;
        let first = app.placement(ISLINGTON, "ISL-1", &shared).await;
        app.end(&first, json!({ "outcome": "RETURNED_TO_PARENT", "endedOn": days_ago(1) }))
            .await;
        app.placement(CAMDEN, "CAM-1", &shared).await;
        let query = "{ placements { nodes { id child { laReference } household { id placements { nodes { child { laReference } } } } } } }";
        let (islington, camden) = (app.la_staff(ISLINGTON), app.la_staff(CAMDEN));
        for _ in 0..10 {
            let (a, b) = tokio::join!(
                app.gql(&islington, query, json!({})),
                app.gql(&camden, query, json!({}))
            );
            let (a, b) = (a.body.to_string(), b.body.to_string());
            assert!(a.contains("ISL-1") && !a.contains("CAM-1"), "{a}");
            assert!(b.contains("CAM-1") && !b.contains("ISL-1"), "{b}");
        }
    })
    .await;
}

/// B14: enumerating ids with aliases finds nothing: every alias is NOT_FOUND.
#[tokio::test]
async fn b14_aliased_id_enumeration_finds_nothing() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let aliases: Vec<String> = (0..50)
            .map(|n| format!("r{n}: referral(id: {}) {{ id }}", referral["id"]))
            .collect();
        let query = format!("{{ {} }}", aliases.join(" "));
        let response = app.gql(&app.la_staff(CAMDEN), &query, json!({})).await;
        let errors = response.body["errors"].as_array().expect("errors");
        assert_eq!(errors.len(), 50);
        assert!(
            errors
                .iter()
                .all(|e| e["extensions"]["code"] == "NOT_FOUND")
        );
        assert!(!response.body.to_string().contains("ISL-1"));
    })
    .await;
}

/// B15: agency roles read across authorities.
#[tokio::test]
async fn b15_the_agency_reads_every_authority() {
    each_backend(async |app| {
        app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        app.submit_referral(&app.la_staff(CAMDEN), "CAM-1").await;
        let response = app
            .gql(
                &app.agency_staff(),
                "{ referrals { totalCount nodes { authority { code } } } }",
                json!({}),
            )
            .await;
        assert_eq!(response.data()["referrals"]["totalCount"], 2);
    })
    .await;
}
