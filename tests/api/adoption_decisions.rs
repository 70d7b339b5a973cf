//! Decisions that a child should be placed for adoption, their reversal, and the adoption match:
//! the SSDA903 date rules enforced at write time, versions, audit, and scoping.

use serde_json::{Value, json};

use crate::helpers::*;
use crate::outcomes::{DECIDE, MATCH_FOR_ADOPTION};

const REVERSE: &str = "mutation($input: ReverseAdoptionDecisionInput!) { reverseAdoptionDecision(input: $input) { adoptionDecision { id version decidedOn reversedOn reversalReason } } }";
const CHILD: &str = "query($id: ID!) { child(id: $id) { adoptionDecisions { id decidedOn reversedOn reversalReason } } }";
const NODE: &str = "query($id: ID!) { node(id: $id) { id ... on AdoptionDecision { decidedOn child { laReference } } } }";

/// A placement started 10 days ago for a child who entered care 20 days ago, and the child's id.
async fn placed_child(app: &TestApp, authority: &str, reference: &str) -> (Value, Value) {
    let household = app.approved_household(&format!("HH-{reference}")).await;
    let placement = app.placement(authority, reference, &household).await;
    let child = app
        .gql(
            &app.agency_staff(),
            "query($id: ID!) { placement(id: $id) { child { id } } }",
            json!({ "id": placement["id"] }),
        )
        .await
        .data()["placement"]["child"]["id"]
        .clone();
    (placement, child)
}

async fn decide(app: &TestApp, token: &str, child: &Value, on: String) -> Gql {
    app.gql(
        token,
        DECIDE,
        json!({ "input": { "childId": child, "decidedOn": on } }),
    )
    .await
}

fn adoption_match(
    placement: &Value,
    version: &Value,
    on: String,
    sex: &str,
    status: &str,
) -> Value {
    json!({ "input": { "id": placement["id"], "version": version, "matchedOn": on,
        "adoptersSex": sex, "adoptersLegalStatus": status } })
}

#[tokio::test]
async fn a_decision_is_recorded_reversed_and_audited() {
    each_backend(async |app| {
        let (_, child) = placed_child(app, ISLINGTON, "AD-1").await;
        let la = app.la_staff(ISLINGTON);
        let decision = decide(app, &la, &child, days_ago(5)).await.data()["recordAdoptionDecision"]["adoptionDecision"].clone();
        assert_eq!(decision["decidedOn"], json!(days_ago(5)));
        // One decision in force at a time (rule 579).
        decide(app, &la, &child, days_ago(4)).await.expect_code("CONFLICT");
        let reverse = |version: i64, on: String| {
            json!({ "input": { "id": decision["id"], "version": version, "reversedOn": on, "reason": "RD2" } })
        };
        app.gql(&la, REVERSE, reverse(9, days_ago(1))).await.expect_code("CONFLICT");
        let bad = app.gql(&la, REVERSE, reverse(1, days_ago(6))).await;
        assert_eq!(bad.expect_code("BAD_USER_INPUT").field(), "input.reversedOn");
        let reversed = app.gql(&la, REVERSE, reverse(1, days_ago(2))).await;
        let reversed = &reversed.data()["reverseAdoptionDecision"]["adoptionDecision"];
        assert_eq!(reversed["reversedOn"], json!(days_ago(2)));
        assert_eq!(reversed["reversalReason"], "RD2");
        app.gql(&la, REVERSE, reverse(2, days_ago(1))).await.expect_code("CONFLICT");
        // A new decision may not pre-date the reversal (rule 583), then is accepted.
        let early = decide(app, &la, &child, days_ago(3)).await;
        assert_eq!(early.expect_code("BAD_USER_INPUT").field(), "input.decidedOn");
        decide(app, &la, &child, days_ago(1)).await.data();
        let listed = app.gql(&la, CHILD, json!({ "id": child })).await;
        assert_eq!(listed.data()["child"]["adoptionDecisions"].as_array().map(Vec::len), Some(2));
        let node = app.gql(&app.la_readonly(ISLINGTON), NODE, json!({ "id": decision["id"] })).await;
        assert_eq!(node.data()["node"]["child"]["laReference"], "AD-1");
        let actions = app.audit_actions().await;
        assert_eq!(
            actions.iter().filter(|a| a.starts_with("adoption_decision.")).collect::<Vec<_>>(),
            ["adoption_decision.recorded", "adoption_decision.reversed", "adoption_decision.recorded"]
        );
    })
    .await;
}

#[tokio::test]
async fn a_decision_must_follow_entry_to_care_and_not_be_in_the_future() {
    each_backend(async |app| {
        let (_, child) = placed_child(app, ISLINGTON, "AD-2").await;
        let la = app.la_staff(ISLINGTON);
        let before = app.snapshot().await;
        // The child entered care 20 days ago (rule 1003).
        for on in [days_ago(21), days_ago(-1)] {
            let response = decide(app, &la, &child, on).await;
            assert_eq!(
                response.expect_code("BAD_USER_INPUT").field(),
                "input.decidedOn"
            );
        }
        decide(app, &app.la_readonly(ISLINGTON), &child, days_ago(1))
            .await
            .expect_code("FORBIDDEN");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn another_authority_cannot_see_record_or_reverse_a_decision() {
    each_backend(async |app| {
        let (_, child) = placed_child(app, ISLINGTON, "AD-3").await;
        let decision = decide(app, &app.la_staff(ISLINGTON), &child, days_ago(5)).await.data()["recordAdoptionDecision"]["adoptionDecision"].clone();
        let before = app.snapshot().await;
        let camden = app.la_staff(CAMDEN);
        decide(app, &camden, &child, days_ago(1)).await.expect_code("NOT_FOUND");
        let reverse = json!({ "input": { "id": decision["id"], "version": 1, "reversedOn": days_ago(1), "reason": "RD4" } });
        app.gql(&camden, REVERSE, reverse).await.expect_code("NOT_FOUND");
        app.gql(&camden, NODE, json!({ "id": decision["id"] })).await.expect_code("NOT_FOUND");
        app.gql(&camden, CHILD, json!({ "id": child })).await.expect_code("NOT_FOUND");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn the_adoption_match_follows_the_decision_and_names_consistent_adopters() {
    each_backend(async |app| {
        let (placement, child) = placed_child(app, ISLINGTON, "AD-4").await;
        let la = app.la_staff(ISLINGTON);
        let before = app.snapshot().await;
        // No decision yet.
        let early = adoption_match(&placement, &placement["version"], days_ago(2), "FF", "L12");
        app.gql(&la, MATCH_FOR_ADOPTION, early)
            .await
            .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);

        decide(app, &la, &child, days_ago(15)).await.data();
        let v = &placement["version"];
        let cases = [
            // Before the decision (rule 333).
            (
                adoption_match(&placement, v, days_ago(16), "FF", "L12"),
                "input.matchedOn",
            ),
            // Before the placement started.
            (
                adoption_match(&placement, v, days_ago(11), "FF", "L12"),
                "input.matchedOn",
            ),
            // A match is something that has happened: not dated after today (issue 13).
            (
                adoption_match(&placement, v, days_ago(-2), "FF", "L12"),
                "input.matchedOn",
            ),
            // A single adopter is L0 (rules 511–524).
            (
                adoption_match(&placement, v, days_ago(2), "F1", "L11"),
                "input.adoptersLegalStatus",
            ),
            (
                adoption_match(&placement, v, days_ago(2), "MF", "L0"),
                "input.adoptersLegalStatus",
            ),
        ];
        let decided = app.snapshot().await;
        for (input, field) in cases {
            let response = app.gql(&la, MATCH_FOR_ADOPTION, input).await;
            assert_eq!(response.expect_code("BAD_USER_INPUT").field(), field);
        }
        // Another authority's placement answers like a missing one.
        let theirs = adoption_match(&placement, v, days_ago(2), "FF", "L12");
        app.gql(&app.la_staff(CAMDEN), MATCH_FOR_ADOPTION, theirs)
            .await
            .expect_code("NOT_FOUND");
        assert_eq!(app.snapshot().await, decided);

        let good = adoption_match(&placement, v, days_ago(2), "FF", "L12");
        let matched = app.gql(&la, MATCH_FOR_ADOPTION, good).await;
        let matched = &matched.data()["recordAdoptionMatch"]["placement"];
        assert_eq!(matched["adoptionMatchedOn"], json!(days_ago(2)));
        assert_eq!(
            (
                matched["adoptersSex"].as_str(),
                matched["adoptersLegalStatus"].as_str()
            ),
            (Some("FF"), Some("L12"))
        );
        assert!(
            app.audit_actions()
                .await
                .contains(&"placement.adoption_matched".to_owned())
        );
    })
    .await;
}
