//! `submitReferral`: the child is created or linked by LA reference, eligibility and the
//! spot-purchase rule are enforced, retries are idempotent, and bad input changes nothing.

use serde_json::{Value, json};

use crate::helpers::*;

async fn submit(app: &TestApp, token: &str, input: Value) -> Gql {
    app.gql(token, SUBMIT, json!({ "input": input })).await
}

/// Asserts the submission is refused as BAD_USER_INPUT naming `field`, with nothing written.
async fn assert_refused(app: &TestApp, input: Value, field: &str) {
    let before = app.snapshot().await;
    let response = submit(app, &app.la_staff(ISLINGTON), input).await;
    response.expect_code("BAD_USER_INPUT");
    assert_eq!(response.field(), field, "{}", response.body);
    assert!(response.body["data"].is_null(), "{}", response.body);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn la_staff_refer_a_child_and_the_child_and_referral_are_created() {
    each_backend(async |app| {
        let response = submit(app, &app.la_staff(ISLINGTON), referral_input("ISL-1")).await;
        let payload = &response.data()["submitReferral"];
        assert_eq!(payload["replayed"], false);
        let referral = &payload["referral"];
        assert_eq!(referral["status"], "SUBMITTED");
        assert_eq!(referral["route"], "PARTNER");
        assert_eq!(referral["version"], 1);
        assert_eq!(referral["referredOn"], days_ago(12));
        assert_eq!(
            referral["riskFactors"],
            json!(["PREVIOUS_CHILD_REMOVED", "SUBSTANCE_MISUSE"])
        );
        assert_eq!(referral["socialWorker"]["email"], "sam.worker@example.org");
        assert_eq!(referral["authority"]["code"], ISLINGTON);
        assert_eq!(referral["child"]["laReference"], "ISL-1");
        assert_eq!(referral["child"]["unborn"], false);
        let actions = app.audit_actions().await;
        assert_eq!(
            &actions[actions.len() - 2..],
            ["child.created", "referral.submitted"]
        );
    })
    .await;
}

#[tokio::test]
async fn an_unborn_child_can_be_referred_with_an_expected_date_of_birth() {
    each_backend(async |app| {
        let mut input = referral_input("ISL-UNBORN");
        input["child"] =
            json!({ "laReference": "ISL-UNBORN", "expectedDateOfBirth": days_ago(-60) });
        input["proceedingsStage"] = json!("PRE_PROCEEDINGS");
        let referral = app
            .submit_referral_with(&app.la_staff(ISLINGTON), input)
            .await;
        assert_eq!(referral["child"]["unborn"], true);
        assert_eq!(referral["child"]["dateOfBirth"], Value::Null);
        assert_eq!(referral["child"]["expectedDateOfBirth"], days_ago(-60));
    })
    .await;
}

#[tokio::test]
async fn a_child_over_24_months_on_the_referral_date_is_refused() {
    each_backend(async |app| {
        let mut input = referral_input("ISL-OLD");
        input["child"]["dateOfBirth"] = json!(days_ago(800));
        input["child"]["enteredCareOn"] = json!(days_ago(10));
        assert_refused(app, input, "input.child.dateOfBirth").await;
    })
    .await;
}

#[tokio::test]
async fn a_child_on_the_second_birthday_is_still_eligible() {
    each_backend(async |app| {
        let referred = chrono::Utc::now().date_naive() - chrono::Duration::days(12);
        let born = referred
            .checked_sub_months(chrono::Months::new(24))
            .expect("date");
        let mut input = referral_input("ISL-TWO");
        input["child"]["dateOfBirth"] = json!(born.to_string());
        input["child"]["enteredCareOn"] = json!(referred.to_string());
        let referral = app
            .submit_referral_with(&app.la_staff(ISLINGTON), input.clone())
            .await;
        assert_eq!(referral["status"], "SUBMITTED");
        let mut too_old = input;
        too_old["child"]["laReference"] = json!("ISL-TWO-B");
        too_old["child"]["dateOfBirth"] = json!((born - chrono::Duration::days(1)).to_string());
        assert_refused(app, too_old, "input.child.dateOfBirth").await;
    })
    .await;
}

/// A change that makes a valid input invalid.
type Edit = Box<dyn Fn(&mut Value)>;

#[tokio::test]
async fn each_invalid_field_is_refused_by_name_and_nothing_is_written() {
    each_backend(async |app| {
        let cases: Vec<(&str, Edit)> = vec![
            (
                "input.child.dateOfBirth",
                Box::new(|i: &mut Value| {
                    i["child"]
                        .as_object_mut()
                        .expect("child")
                        .remove("dateOfBirth");
                }),
            ),
            (
                "input.child.dateOfBirth",
                Box::new(|i: &mut Value| {
                    i["child"]["dateOfBirth"] = json!(days_ago(0));
                    i["child"]["enteredCareOn"] = json!(days_ago(0));
                }),
            ),
            (
                "input.child.expectedDateOfBirth",
                Box::new(|i: &mut Value| {
                    i["child"] =
                        json!({ "laReference": "X", "expectedDateOfBirth": days_ago(400) });
                }),
            ),
            (
                "input.child.expectedDateOfBirth",
                Box::new(|i: &mut Value| {
                    i["child"] =
                        json!({ "laReference": "X", "expectedDateOfBirth": days_ago(-400) });
                }),
            ),
            (
                "input.child.laReference",
                Box::new(|i: &mut Value| {
                    i["child"]["laReference"] = json!("123456789012345678901")
                }),
            ),
            (
                "input.child.laReference",
                Box::new(|i: &mut Value| i["child"]["laReference"] = json!("   ")),
            ),
            (
                "input.child.enteredCareOn",
                Box::new(|i: &mut Value| i["child"]["enteredCareOn"] = json!(days_ago(40))),
            ),
            (
                "input.child.givenNames",
                Box::new(|i: &mut Value| i["child"]["givenNames"] = json!("x".repeat(101))),
            ),
            (
                "input.referredOn",
                Box::new(|i: &mut Value| i["referredOn"] = json!(days_ago(-2))),
            ),
            (
                "input.socialWorker.name",
                Box::new(|i: &mut Value| i["socialWorker"]["name"] = json!("")),
            ),
            (
                "input.socialWorker.email",
                Box::new(|i: &mut Value| i["socialWorker"]["email"] = json!("not an email")),
            ),
            (
                "input.riskNotes",
                Box::new(|i: &mut Value| i["riskFactors"] = json!(["OTHER"])),
            ),
            (
                "input.idempotencyKey",
                Box::new(|i: &mut Value| i["idempotencyKey"] = json!("k".repeat(101))),
            ),
            (
                "input.purchaseOrderRef",
                Box::new(|i: &mut Value| i["purchaseOrderRef"] = json!("P".repeat(51))),
            ),
        ];
        for (field, mutate) in cases {
            let mut input = referral_input("ISL-BAD");
            mutate(&mut input);
            assert_refused(app, input, field).await;
        }
    })
    .await;
}

#[tokio::test]
async fn a_malformed_date_or_unknown_code_is_refused_before_anything_runs() {
    each_backend(async |app| {
        let before = app.snapshot().await;
        for (path, value) in [
            ("referredOn", json!("01/03/2026")),
            ("proceedingsStage", json!("SOMETIME")),
        ] {
            let mut input = referral_input("ISL-BAD");
            input[path] = value;
            let response = submit(app, &app.la_staff(ISLINGTON), input).await;
            let message = response.message().to_owned();
            assert!(
                message.contains(path),
                "error should name {path}: {message}"
            );
        }
        let mut input = referral_input("ISL-BAD");
        input["child"]["ethnicity"] = json!("ZZZZ");
        let response = submit(app, &app.la_staff(ISLINGTON), input).await;
        assert!(
            response.message().contains("ethnicity"),
            "{}",
            response.body
        );
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_spot_purchase_authority_must_give_a_purchase_order_reference() {
    each_backend(async |app| {
        let before = app.snapshot().await;
        let response = submit(app, &app.la_staff(ENFIELD), referral_input("ENF-1")).await;
        response.expect_code("BAD_USER_INPUT");
        assert_eq!(response.field(), "input.purchaseOrderRef");
        assert_eq!(app.snapshot().await, before);

        let mut input = referral_input("ENF-1");
        input["purchaseOrderRef"] = json!("PO-77");
        let referral = app
            .submit_referral_with(&app.la_staff(ENFIELD), input)
            .await;
        assert_eq!(referral["route"], "SPOT_PURCHASE");
        assert_eq!(referral["purchaseOrderRef"], "PO-77");
    })
    .await;
}

#[tokio::test]
async fn only_la_staff_may_submit() {
    each_backend(async |app| {
        let before = app.snapshot().await;
        for token in [
            app.la_readonly(ISLINGTON),
            app.agency_staff(),
            app.agency_admin(),
        ] {
            submit(app, &token, referral_input("ISL-1"))
                .await
                .expect_code("FORBIDDEN");
        }
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn the_authority_comes_from_the_token_and_is_not_an_input() {
    each_backend(async |app| {
        let before = app.snapshot().await;
        let mut input = referral_input("ISL-1");
        input["authorityId"] = json!("anything");
        let response = submit(app, &app.la_staff(ISLINGTON), input).await;
        assert!(response.body["errors"].is_array(), "{}", response.body);
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_retry_with_the_same_key_and_input_returns_the_first_referral() {
    each_backend(async |app| {
        let mut input = referral_input("ISL-1");
        input["idempotencyKey"] = json!("case-system-42");
        let first = submit(app, &app.la_staff(ISLINGTON), input.clone()).await;
        let first = first.data()["submitReferral"].clone();
        let snapshot = app.snapshot().await;
        let again = submit(app, &app.la_staff(ISLINGTON), input).await;
        let again = &again.data()["submitReferral"];
        assert_eq!(again["replayed"], true);
        assert_eq!(again["referral"]["id"], first["referral"]["id"]);
        assert_eq!(app.referral_count().await, 1);
        assert_eq!(app.snapshot().await, snapshot);
    })
    .await;
}

#[tokio::test]
async fn the_same_key_with_different_input_is_a_conflict_and_changes_nothing() {
    each_backend(async |app| {
        let mut input = referral_input("ISL-1");
        input["idempotencyKey"] = json!("case-system-42");
        app.submit_referral_with(&app.la_staff(ISLINGTON), input.clone())
            .await;
        let before = app.snapshot().await;
        input["proceedingsStage"] = json!("FINAL_HEARING");
        submit(app, &app.la_staff(ISLINGTON), input)
            .await
            .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn another_authority_reusing_a_key_gets_its_own_referral_not_a_replay() {
    each_backend(async |app| {
        let mut input = referral_input("SHARED-REF");
        input["idempotencyKey"] = json!("same-key");
        let islington = submit(app, &app.la_staff(ISLINGTON), input.clone()).await;
        let islington = islington.data()["submitReferral"].clone();
        let camden = submit(app, &app.la_staff(CAMDEN), input).await;
        let camden = &camden.data()["submitReferral"];
        assert_eq!(camden["replayed"], false);
        assert_ne!(camden["referral"]["id"], islington["referral"]["id"]);
        assert_ne!(
            camden["referral"]["child"]["id"],
            islington["referral"]["child"]["id"]
        );
        assert_eq!(camden["referral"]["authority"]["code"], CAMDEN);
        assert_eq!(app.referral_count().await, 2);
    })
    .await;
}

#[tokio::test]
async fn an_existing_child_is_linked_by_reference_and_brought_up_to_date() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        let first = app.submit_referral(&la, "ISL-1").await;
        app.gql(&la, WITHDRAW, json!({ "input": { "id": first["id"], "version": 1, "reason": "Plan changed" } }))
            .await
            .data();
        let mut input = referral_input("ISL-1");
        input["child"]["givenNames"] = json!("Renamed");
        let second = app.submit_referral_with(&la, input).await;
        assert_eq!(second["child"]["id"], first["child"]["id"]);
        assert_ne!(second["id"], first["id"]);
        let child = app
            .gql(&la, "query($id: ID!) { child(id: $id) { givenNames version referrals { totalCount } } }", json!({ "id": first["child"]["id"] }))
            .await;
        assert_eq!(child.data()["child"], json!({ "givenNames": "Renamed", "version": 2, "referrals": { "totalCount": 2 } }));
        assert!(app.audit_actions().await.contains(&"child.updated".to_owned()));
    })
    .await;
}

#[tokio::test]
async fn a_child_with_an_open_referral_cannot_be_referred_again() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        app.submit_referral(&la, "ISL-1").await;
        let before = app.snapshot().await;
        let mut input = referral_input("ISL-1");
        input["child"]["givenNames"] = json!("Would change");
        submit(app, &la, input).await.expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn the_same_child_reference_in_two_authorities_is_two_children() {
    each_backend(async |app| {
        let islington = app.submit_referral(&app.la_staff(ISLINGTON), "REF-1").await;
        let camden = app.submit_referral(&app.la_staff(CAMDEN), "REF-1").await;
        assert_ne!(islington["child"]["id"], camden["child"]["id"]);
        let seen = app
            .gql(
                &app.la_staff(CAMDEN),
                "{ children { totalCount nodes { id } } }",
                json!({}),
            )
            .await;
        assert_eq!(
            seen.data()["children"],
            json!({ "totalCount": 1, "nodes": [{ "id": camden["child"]["id"] }] })
        );
    })
    .await;
}

#[tokio::test]
async fn concurrent_retries_with_one_key_create_exactly_one_referral() {
    each_backend(async |app| {
        let mut input = referral_input("ISL-RACE");
        input["idempotencyKey"] = json!("race-key");
        let token = app.la_staff(ISLINGTON);
        let variables = json!({ "input": input });
        let (a, b, c) = tokio::join!(
            app.gql(&token, SUBMIT, variables.clone()),
            app.gql(&token, SUBMIT, variables.clone()),
            app.gql(&token, SUBMIT, variables.clone()),
        );
        let ids: Vec<&Value> = [&a, &b, &c]
            .iter()
            .map(|r| &r.data()["submitReferral"]["referral"]["id"])
            .collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
        let replays = [&a, &b, &c]
            .iter()
            .filter(|r| r.data()["submitReferral"]["replayed"] == true)
            .count();
        assert_eq!(replays, 2);
        assert_eq!(app.referral_count().await, 1);
    })
    .await;
}
