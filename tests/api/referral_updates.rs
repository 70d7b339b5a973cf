//! `updateReferral`: the LA changes its own open referral at the version it read; another
//! authority, a stale version, a closed referral or bad input changes nothing.

use serde_json::{Value, json};

use crate::helpers::*;

fn change(referral: &Value, fields: Value) -> Value {
    let mut input = json!({ "id": referral["id"], "version": referral["version"] });
    for (key, value) in fields.as_object().expect("object") {
        input[key] = value.clone();
    }
    json!({ "input": input })
}

#[tokio::test]
async fn an_la_updates_its_own_referral_and_the_change_is_audited() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        let referral = app.submit_referral(&la, "ISL-1").await;
        let fields = json!({
            "proceedingsStage": "CASE_MANAGEMENT",
            "riskFactors": ["DOMESTIC_ABUSE", "OTHER"],
            "riskNotes": "Father's new partner",
            "socialWorker": { "name": "Jo Other", "phone": "020 7000 0000" },
        });
        let response = app.gql(&la, UPDATE, change(&referral, fields)).await;
        let updated = &response.data()["updateReferral"]["referral"];
        assert_eq!(updated["version"], 2);
        assert_eq!(updated["proceedingsStage"], "CASE_MANAGEMENT");
        assert_eq!(updated["riskFactors"], json!(["DOMESTIC_ABUSE", "OTHER"]));
        assert_eq!(
            updated["socialWorker"],
            json!({ "name": "Jo Other", "email": null, "phone": "020 7000 0000" })
        );
        assert_eq!(
            updated["servicesCommissioned"],
            json!(["PARENTING_ASSESSMENT"]),
            "untouched field kept"
        );
        assert_eq!(
            app.audit_actions().await.last().map(String::as_str),
            Some("referral.updated")
        );
        let cleared = app
            .gql(
                &la,
                UPDATE,
                change(updated, json!({ "riskFactors": [], "riskNotes": null })),
            )
            .await;
        let cleared = &cleared.data()["updateReferral"]["referral"];
        assert_eq!(cleared["riskNotes"], Value::Null);
        assert_eq!(cleared["version"], 3);
    })
    .await;
}

#[tokio::test]
async fn another_authority_cannot_update_a_referral_and_learns_nothing() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let before = app.snapshot().await;
        let response = app
            .gql(
                &app.la_staff(CAMDEN),
                UPDATE,
                change(&referral, json!({ "proceedingsStage": "CONCLUDED" })),
            )
            .await;
        response.expect_code("NOT_FOUND");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn an_update_at_a_stale_version_is_a_conflict() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        let referral = app.submit_referral(&la, "ISL-1").await;
        app.gql(
            &la,
            UPDATE,
            change(&referral, json!({ "proceedingsStage": "CASE_MANAGEMENT" })),
        )
        .await
        .data();
        let before = app.snapshot().await;
        let stale = app
            .gql(
                &la,
                UPDATE,
                change(&referral, json!({ "proceedingsStage": "FINAL_HEARING" })),
            )
            .await;
        stale.expect_code("CONFLICT");
        assert!(stale.message().contains("version 2"), "{}", stale.message());
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn invalid_updates_name_the_field_and_change_nothing() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        let referral = app.submit_referral(&la, "ISL-1").await;
        let before = app.snapshot().await;
        for (fields, field) in [
            (json!({ "riskFactors": ["OTHER"] }), "input.riskNotes"),
            (
                json!({ "socialWorker": { "name": " " } }),
                "input.socialWorker.name",
            ),
            (json!({ "riskNotes": "x".repeat(2001) }), "input.riskNotes"),
        ] {
            let response = app.gql(&la, UPDATE, change(&referral, fields)).await;
            response.expect_code("BAD_USER_INPUT");
            assert_eq!(response.field(), field);
        }
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_spot_purchase_referral_keeps_its_purchase_order_reference() {
    each_backend(async |app| {
        let la = app.la_staff(ENFIELD);
        let mut input = referral_input("ENF-1");
        input["purchaseOrderRef"] = json!("PO-1");
        let referral = app.submit_referral_with(&la, input).await;
        let before = app.snapshot().await;
        let response = app
            .gql(
                &la,
                UPDATE,
                change(&referral, json!({ "purchaseOrderRef": null })),
            )
            .await;
        response.expect_code("BAD_USER_INPUT");
        assert_eq!(response.field(), "input.purchaseOrderRef");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_closed_referral_cannot_be_updated() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        let referral = app.submit_referral(&la, "ISL-1").await;
        let declined = app
            .gql(
                &app.agency_staff(),
                DECLINE,
                json!({ "input": { "id": referral["id"], "version": 1, "reason": "Criteria" } }),
            )
            .await;
        let declined = declined.data()["declineReferral"]["referral"].clone();
        let before = app.snapshot().await;
        app.gql(
            &la,
            UPDATE,
            change(&declined, json!({ "proceedingsStage": "ISSUED" })),
        )
        .await
        .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn only_la_staff_may_update_referrals() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let before = app.snapshot().await;
        for token in [
            app.la_readonly(ISLINGTON),
            app.agency_staff(),
            app.agency_admin(),
        ] {
            app.gql(
                &token,
                UPDATE,
                change(&referral, json!({ "proceedingsStage": "CONCLUDED" })),
            )
            .await
            .expect_code("FORBIDDEN");
        }
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}
