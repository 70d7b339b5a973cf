//! Keeping a child's record up to date after the referral (issue 14, item 1): a child referred
//! unborn is born, enters care and has its details corrected — by the roles that may, at the
//! version read, audited, and refused whole when the dates contradict each other.

use serde_json::{Value, json};

use crate::helpers::*;

const BIRTH: &str = "mutation($input: RecordBirthInput!) { recordBirth(input: $input) { child { id version dateOfBirth expectedDateOfBirth unborn } } }";
const ENTRY: &str = "mutation($input: RecordEntryToCareInput!) { recordEntryToCare(input: $input) { child { id version enteredCareOn legalStatus } } }";
const UPDATE: &str = "mutation($input: UpdateChildInput!) { updateChild(input: $input) { child { id version laReference givenNames sex siblingGroup } } }";

/// An accepted referral of Islington's for a child expected in ten days.
async fn unborn(app: &TestApp, reference: &str) -> Value {
    let mut input = referral_input(reference);
    input["child"]["dateOfBirth"] = Value::Null;
    input["child"]["enteredCareOn"] = Value::Null;
    input["child"]["expectedDateOfBirth"] = json!(days_ago(-10));
    let submitted = app
        .submit_referral_with(&app.la_staff(ISLINGTON), input)
        .await;
    app.accept(&submitted).await;
    submitted["child"].clone()
}

#[tokio::test]
async fn a_child_referred_unborn_is_born_and_enters_care() {
    each_backend(async |app| {
        let child = unborn(app, "ISL-BABY").await;
        let la = app.la_staff(ISLINGTON);
        let born = days_ago(0);
        let birth = |version: i64, on: &str| {
            json!({ "input": { "childId": child["id"], "version": version, "dateOfBirth": on } })
        };

        let before = app.snapshot().await;
        for (token, input, code) in [
            (la.clone(), birth(1, &days_ago(-2)), "BAD_USER_INPUT"),
            (la.clone(), birth(7, &born), "CONFLICT"),
            (app.la_staff(CAMDEN), birth(1, &born), "NOT_FOUND"),
            (app.la_readonly(ISLINGTON), birth(1, &born), "FORBIDDEN"),
        ] {
            app.gql(&token, BIRTH, input).await.expect_code(code);
        }
        assert_eq!(app.snapshot().await, before, "refusals change nothing");

        let recorded = app.gql(&la, BIRTH, birth(1, &born)).await;
        let recorded = &recorded.data()["recordBirth"]["child"];
        assert_eq!(recorded["dateOfBirth"], json!(born));
        assert_eq!(recorded["expectedDateOfBirth"], json!(days_ago(-10)));
        assert_eq!((recorded["unborn"].as_bool(), recorded["version"].as_i64()), (Some(false), Some(2)));
        app.gql(&la, BIRTH, birth(2, &born)).await.expect_code("CONFLICT");

        let entry = |version: i64, on: &str| {
            json!({ "input": { "childId": child["id"], "version": version, "enteredCareOn": on, "legalStatus": "C2" } })
        };
        let early = app.gql(&app.agency_staff(), ENTRY, entry(2, &days_ago(3))).await;
        assert_eq!(early.expect_code("BAD_USER_INPUT").field(), "input.enteredCareOn");
        let entered = app.gql(&app.agency_staff(), ENTRY, entry(2, &born)).await;
        let entered = &entered.data()["recordEntryToCare"]["child"];
        assert_eq!((entered["enteredCareOn"].as_str(), entered["legalStatus"].as_str()), (Some(born.as_str()), Some("C2")));
        assert_eq!(entered["version"], 3);

        let actions = app.audit_actions().await;
        assert!(actions.contains(&"child.birth_recorded".to_owned()), "{actions:?}");
        assert!(actions.contains(&"child.entered_care".to_owned()), "{actions:?}");
    })
    .await;
}

#[tokio::test]
async fn details_are_corrected_by_the_roles_that_may() {
    each_backend(async |app| {
        let child = unborn(app, "ISL-NAMES").await;
        app.submit_referral(&app.la_staff(ISLINGTON), "ISL-OTHER")
            .await;
        let update = |version: i64, fields: Value| {
            let mut input = json!({ "id": child["id"], "version": version });
            if let (Some(input), Some(fields)) = (input.as_object_mut(), fields.as_object()) {
                input.extend(fields.clone());
            }
            json!({ "input": input })
        };
        let agency = app.agency_staff();
        let named = app
            .gql(
                &agency,
                UPDATE,
                update(
                    1,
                    json!({ "givenNames": "Ava", "sex": "FEMALE", "siblingGroup": "SG-1" }),
                ),
            )
            .await;
        let named = &named.data()["updateChild"]["child"];
        assert_eq!(
            (named["givenNames"].as_str(), named["version"].as_i64()),
            (Some("Ava"), Some(2))
        );

        let before = app.snapshot().await;
        // Only the child's authority changes its reference; a reference is unique in it.
        app.gql(
            &agency,
            UPDATE,
            update(2, json!({ "laReference": "ISL-NEW" })),
        )
        .await
        .expect_code("FORBIDDEN");
        let la = app.la_staff(ISLINGTON);
        app.gql(
            &la,
            UPDATE,
            update(2, json!({ "laReference": "ISL-OTHER" })),
        )
        .await
        .expect_code("CONFLICT");
        app.gql(&la, UPDATE, update(1, json!({ "givenNames": "Stale" })))
            .await
            .expect_code("CONFLICT");
        let blank = app
            .gql(&la, UPDATE, update(2, json!({ "laReference": "\u{200B}" })))
            .await;
        assert_eq!(
            blank.expect_code("BAD_USER_INPUT").field(),
            "input.laReference"
        );
        app.gql(
            &app.la_staff(CAMDEN),
            UPDATE,
            update(2, json!({ "givenNames": "X" })),
        )
        .await
        .expect_code("NOT_FOUND");
        assert_eq!(app.snapshot().await, before, "refusals change nothing");

        let renamed = app
            .gql(&la, UPDATE, update(2, json!({ "laReference": "ISL-NEW" })))
            .await;
        assert_eq!(
            renamed.data()["updateChild"]["child"]["laReference"],
            "ISL-NEW"
        );
        // Sending what is already recorded changes nothing, not even the version.
        let same = app
            .gql(&la, UPDATE, update(3, json!({ "givenNames": "Ava" })))
            .await;
        assert_eq!(same.data()["updateChild"]["child"]["version"], 3);
    })
    .await;
}
