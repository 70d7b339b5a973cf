//! Authorities: agency roles see all, LA roles see only their own; only AGENCY_ADMIN manages
//! them; a deactivated authority's tokens are refused.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::*;

const AUTHORITIES: &str = "{ authorities { totalCount nodes { code name partnership active } } }";
const AUTHORITY: &str = "query($code: String!) { authority(code: $code) { id code name version } }";
const CREATE: &str = "mutation($input: CreateAuthorityInput!) { createAuthority(input: $input) { authority { id code name partnership active version } } }";
const UPDATE: &str = "mutation($input: UpdateAuthorityInput!) { updateAuthority(input: $input) { authority { id code name partnership active version } } }";

#[tokio::test]
async fn agency_roles_see_every_authority() {
    each_backend(async |app| {
        for token in [app.agency_admin(), app.agency_staff()] {
            let response = app.gql(&token, AUTHORITIES, json!({})).await;
            assert_eq!(response.data()["authorities"]["totalCount"], 3);
        }
    })
    .await;
}

#[tokio::test]
async fn an_la_sees_only_its_own_authority() {
    each_backend(async |app| {
        for token in [app.la_staff(CAMDEN), app.la_readonly(CAMDEN)] {
            let response = app.gql(&token, AUTHORITIES, json!({})).await;
            assert_eq!(
                response.data()["authorities"],
                json!({ "totalCount": 1, "nodes": [{ "code": CAMDEN, "name": "Camden", "partnership": "PARTNER", "active": true }] })
            );
        }
    })
    .await;
}

#[tokio::test]
async fn another_authority_answers_like_a_missing_one() {
    each_backend(async |app| {
        let other = app
            .gql(
                &app.la_staff(ISLINGTON),
                AUTHORITY,
                json!({ "code": CAMDEN }),
            )
            .await;
        let missing = app
            .gql(
                &app.la_staff(ISLINGTON),
                AUTHORITY,
                json!({ "code": "999" }),
            )
            .await;
        other.expect_code("NOT_FOUND");
        assert_eq!(other.body, missing.body);
        let own = app
            .gql(
                &app.la_staff(ISLINGTON),
                AUTHORITY,
                json!({ "code": ISLINGTON }),
            )
            .await;
        assert_eq!(own.data()["authority"]["name"], "Islington");
    })
    .await;
}

#[tokio::test]
async fn an_agency_admin_adds_a_spot_purchase_authority_with_an_audit_event() {
    each_backend(async |app| {
        let input = json!({ "code": "304", "name": "Brent", "partnership": "SPOT_PURCHASE" });
        let response = app
            .gql(&app.agency_admin(), CREATE, json!({ "input": input }))
            .await;
        let authority = &response.data()["createAuthority"]["authority"];
        assert_eq!(authority["code"], "304");
        assert_eq!(authority["partnership"], "SPOT_PURCHASE");
        assert_eq!(authority["version"], 1);
        assert_eq!(
            app.audit_actions().await.last().map(String::as_str),
            Some("authority.created")
        );
        let listed = app.gql(&app.agency_staff(), AUTHORITIES, json!({})).await;
        assert_eq!(listed.data()["authorities"]["totalCount"], 4);
    })
    .await;
}

#[tokio::test]
async fn only_an_agency_admin_may_add_or_change_authorities() {
    each_backend(async |app| {
        let admin = app
            .gql(&app.agency_admin(), AUTHORITY, json!({ "code": ISLINGTON }))
            .await;
        let islington = admin.data()["authority"].clone();
        let before = app.snapshot().await;
        for token in [
            app.agency_staff(),
            app.la_staff(ISLINGTON),
            app.la_readonly(ISLINGTON),
        ] {
            let create =
                json!({ "input": { "code": "304", "name": "Brent", "partnership": "PARTNER" } });
            app.gql(&token, CREATE, create)
                .await
                .expect_code("FORBIDDEN");
            let update =
                json!({ "input": { "id": islington["id"], "version": 1, "name": "Renamed" } });
            app.gql(&token, UPDATE, update)
                .await
                .expect_code("FORBIDDEN");
        }
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_bad_dfe_number_is_refused_naming_the_field() {
    each_backend(async |app| {
        let before = app.snapshot().await;
        for code in ["E09000019", "20", "abc"] {
            let input = json!({ "code": code, "name": "X", "partnership": "PARTNER" });
            let response = app
                .gql(&app.agency_admin(), CREATE, json!({ "input": input }))
                .await;
            response.expect_code("BAD_USER_INPUT");
            assert_eq!(response.field(), "input.code");
        }
        let blank = json!({ "code": "304", "name": "  ", "partnership": "PARTNER" });
        let response = app
            .gql(&app.agency_admin(), CREATE, json!({ "input": blank }))
            .await;
        assert_eq!(response.field(), "input.name");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_duplicate_dfe_number_is_a_conflict() {
    each_backend(async |app| {
        let before = app.snapshot().await;
        let input =
            json!({ "code": ISLINGTON, "name": "Islington again", "partnership": "PARTNER" });
        app.gql(&app.agency_admin(), CREATE, json!({ "input": input }))
            .await
            .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn an_update_at_a_stale_version_is_a_conflict_and_changes_nothing() {
    each_backend(async |app| {
        let read = app
            .gql(&app.agency_admin(), AUTHORITY, json!({ "code": CAMDEN }))
            .await;
        let id = read.data()["authority"]["id"].clone();
        let renamed = app
            .gql(
                &app.agency_admin(),
                UPDATE,
                json!({ "input": { "id": id, "version": 1, "name": "London Borough of Camden" } }),
            )
            .await;
        assert_eq!(renamed.data()["updateAuthority"]["authority"]["version"], 2);
        assert_eq!(
            app.audit_actions().await.last().map(String::as_str),
            Some("authority.updated")
        );
        let before = app.snapshot().await;
        let stale = app
            .gql(
                &app.agency_admin(),
                UPDATE,
                json!({ "input": { "id": id, "version": 1, "name": "Camden" } }),
            )
            .await;
        stale.expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_deactivated_authoritys_tokens_are_refused() {
    each_backend(async |app| {
        let read = app
            .gql(&app.agency_admin(), AUTHORITY, json!({ "code": CAMDEN }))
            .await;
        let id = read.data()["authority"]["id"].clone();
        let token = app.la_staff(CAMDEN);
        assert_eq!(
            app.gql(&token, "{ me { sub } }", json!({})).await.status,
            StatusCode::OK
        );
        app.gql(
            &app.agency_admin(),
            UPDATE,
            json!({ "input": { "id": id, "version": 1, "active": false } }),
        )
        .await
        .data();
        let refused = app.gql(&token, "{ me { sub } }", json!({})).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(refused.code(), "FORBIDDEN");
    })
    .await;
}

#[tokio::test]
async fn me_names_the_role_and_only_an_la_has_an_authority() {
    each_backend(async |app| {
        let la = app.gql(&app.la_readonly(ENFIELD), "{ me { role authority { code partnership } } }", json!({})).await;
        assert_eq!(la.data()["me"], json!({ "role": "LA_READONLY", "authority": { "code": ENFIELD, "partnership": "SPOT_PURCHASE" } }));
        let agency = app.gql(&app.agency_admin(), "{ me { role authority { code } } }", json!({})).await;
        assert_eq!(agency.data()["me"], json!({ "role": "AGENCY_ADMIN", "authority": null }));
    })
    .await;
}
