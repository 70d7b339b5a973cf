//! Function- and property-level authorization (graphql-anchors §5.3, F1–F4, P1–P2): roles are
//! checked on every field whatever record it names; read-only roles change nothing; GET never
//! changes anything; inputs cannot set what the server controls; LA roles see no carer's
//! personal details outside their own matches.

use axum::http::StatusCode;
use serde_json::json;

use super::catalog::{Expect, Victim, catalog, victim};
use crate::helpers::*;

/// F1, F2: the agency-only fields are FORBIDDEN to LA roles even on their own authority's
/// records; the admin-only ones to agency staff too.
#[tokio::test]
async fn f1_f2_role_checks_hold_whatever_the_record() {
    each_backend(async |app| {
        let victim = victim(app).await;
        let before = app.snapshot().await;
        let own = app.la_staff(ISLINGTON);
        for attack in catalog(&victim)
            .iter()
            .filter(|a| a.expect == Expect::Forbidden)
        {
            app.gql(&own, &attack.doc, attack.vars.clone())
                .await
                .expect_code("FORBIDDEN");
        }
        for admin_only in ["Mutation.createAuthority", "Mutation.updateAuthority"] {
            let attack = catalog(&victim)
                .into_iter()
                .find(|a| a.field == admin_only)
                .expect("in the catalog");
            app.gql(&app.agency_staff(), &attack.doc, attack.vars.clone())
                .await
                .expect_code("FORBIDDEN");
        }
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

/// F3: LA_READONLY sends every mutation of the schema, aimed at its own authority's records:
/// FORBIDDEN, and nothing changes.
#[tokio::test]
async fn f3_a_read_only_role_changes_nothing() {
    each_backend(async |app| {
        let victim = victim(app).await;
        let before = app.snapshot().await;
        let readonly = app.la_readonly(ISLINGTON);
        for attack in catalog(&victim).iter().filter(|a| a.is_mutation()) {
            let response = app.gql(&readonly, &attack.doc, attack.vars.clone()).await;
            let expected = if attack.expect == Expect::Invalid {
                "GRAPHQL_VALIDATION_FAILED"
            } else {
                "FORBIDDEN"
            };
            assert_eq!(response.code(), expected, "{}", attack.field);
        }
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

/// F4: every mutation sent with GET is 405 and changes nothing.
#[tokio::test]
async fn f4_no_mutation_runs_over_get() {
    each_backend(async |app| {
        let token = app.agency_admin();
        let before = app.snapshot().await;
        for attack in catalog(&Victim::placeholder())
            .iter()
            .filter(|a| a.is_mutation())
        {
            let query: String = attack
                .doc
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
                    _ => format!("%{b:02X}"),
                })
                .collect();
            let variables: String = attack
                .vars
                .to_string()
                .bytes()
                .map(|b| format!("%{b:02X}"))
                .collect();
            let (status, _, _) = app
                .get(
                    Some(&token),
                    &format!("/graphql?query={query}&variables={variables}"),
                )
                .await;
            assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{}", attack.field);
        }
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

/// P1: an LA sees carers' personal details only on households matched or placed with its own
/// children; the anonymised search has no names at all; the full list is agency-only.
#[tokio::test]
async fn p1_carers_personal_details_stay_with_the_agency() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let camden = app.la_staff(CAMDEN);
        app.gql(&camden, "query($id: ID!) { carerHousehold(id: $id) { primaryCarerName } }", json!({ "id": household["id"] }))
            .await
            .expect_code("NOT_FOUND");
        let search = app
            .gql(&camden, "{ availableHouseholds(near: {latitude: 51.55, longitude: -0.11}) { primaryCarerName } }", json!({}))
            .await;
        assert_eq!(search.code(), "GRAPHQL_VALIDATION_FAILED");
        app.gql(&camden, "{ carerHouseholds { nodes { primaryCarerName } } }", json!({}))
            .await
            .expect_code("FORBIDDEN");
        // Once matched with Camden's child, Camden may read the household it has to agree to.
        let referral = app.accepted_referral(CAMDEN, "CAM-1").await;
        app.proposed_match(&referral, &household).await;
        let seen = app
            .gql(&camden, "query($id: ID!) { carerHousehold(id: $id) { primaryCarerName } }", json!({ "id": household["id"] }))
            .await;
        assert_eq!(seen.data()["carerHousehold"]["primaryCarerName"], "Carer HH-1");
    })
    .await;
}

/// P2: inputs have no field for what the server controls (ids, status, versions, times,
/// authority): naming one is a validation error and nothing is written.
#[tokio::test]
async fn p2_inputs_cannot_set_server_controlled_fields() {
    each_backend(async |app| {
        let before = app.snapshot().await;
        for extra in [
            json!({ "status": "ACCEPTED" }),
            json!({ "id": "UmVmZXJyYWw6MQ" }),
            json!({ "createdAt": "2020-01-01T00:00:00Z" }),
            json!({ "version": 9 }),
        ] {
            let mut input = referral_input("ISL-MASS");
            for (key, value) in extra.as_object().expect("object") {
                input[key] = value.clone();
            }
            let response = app
                .gql(&app.la_staff(ISLINGTON), SUBMIT, json!({ "input": input }))
                .await;
            assert_eq!(response.status, StatusCode::BAD_REQUEST, "{extra}");
        }
        let mut household = household_input("HH-MASS");
        household["status"] = json!("APPROVED");
        let response = app
            .gql(
                &app.agency_staff(),
                CREATE_HOUSEHOLD,
                json!({ "input": household }),
            )
            .await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST);
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}
