//! A child can come back (issue 14, item 4): a placement that ends without adoption closes its
//! referral, and the authority refers the child again later — a new period of care with its own
//! entry date, whose placement counts the earlier one as a move.

use serde_json::{Value, json};

use crate::helpers::*;

const END: &str = "mutation($input: EndPlacementInput!) { endPlacement(input: $input) { placement { id version status } } }";
const REFERRALS: &str = "query($id: ID!) { child(id: $id) { enteredCareOn referrals { nodes { id status referredOn enteredCareOn closedOn decisionReason version } } } }";
const MOVES: &str = "query($period: PeriodInput!) { outcomes(period: $period) { placements { started returnedToParent returnedToRelative } \
    referrals { received beforeBirth children childrenAtOrBeforeBirth childrenAtOrBeforeBirthShare childrenBeforeFirstBirthday } \
    timeliness { daysToPlacement { count mean } } moves { beforePermanence { count mean } withoutAMove } } }";

fn end(placement: &Value, outcome: &str, on: String) -> Value {
    json!({ "input": { "id": placement["id"], "version": placement["version"], "outcome": outcome, "endedOn": on } })
}

fn again(referred: i64, entered: i64) -> Value {
    let mut input = referral_input("ISL-BACK");
    input["referredOn"] = json!(days_ago(referred));
    input["child"]["enteredCareOn"] = json!(days_ago(entered));
    input
}

#[tokio::test]
async fn a_return_home_that_breaks_down_brings_the_child_back_through_a_new_referral() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        let agency = app.agency_staff();
        let household = app.approved_household("HH-1").await;
        // Referred 12 days ago, in care from 20 days ago, placed 10 days ago, home 6 days ago.
        let first = app.placement(ISLINGTON, "ISL-BACK", &household).await;
        app.gql(&agency, END, end(&first, "RETURNED_TO_PARENT", days_ago(6)))
            .await
            .data();
        let child_id = app
            .gql(
                &agency,
                "query($id: ID!) { placement(id: $id) { child { id } } }",
                json!({ "id": first["id"] }),
            )
            .await
            .data()["placement"]["child"]["id"]
            .clone();
        let child = app.gql(&la, REFERRALS, json!({ "id": child_id })).await;
        let closed = &child.data()["child"]["referrals"]["nodes"][0];
        assert_eq!(closed["status"], "CLOSED");
        assert_eq!(closed["closedOn"], json!(days_ago(6)));
        assert_eq!(closed["decisionReason"], "RETURNED_TO_PARENT");
        assert_eq!(closed["enteredCareOn"], json!(days_ago(20)));

        let before = app.snapshot().await;
        let early = app.gql(&la, SUBMIT, json!({ "input": again(7, 5) })).await;
        assert_eq!(
            early.expect_code("BAD_USER_INPUT").field(),
            "input.referredOn"
        );
        assert!(
            early
                .message()
                .contains(&format!("closedOn {}", days_ago(6))),
            "{}",
            early.body
        );
        let entered_early = app.gql(&la, SUBMIT, json!({ "input": again(3, 8) })).await;
        assert_eq!(
            entered_early.expect_code("BAD_USER_INPUT").field(),
            "input.child.enteredCareOn"
        );
        assert_eq!(app.snapshot().await, before, "refusals change nothing");

        // Back in care 4 days ago, referred again 3 days ago, placed with new carers 2 days ago.
        let submitted = app.gql(&la, SUBMIT, json!({ "input": again(3, 4) })).await;
        let submitted = submitted.data()["submitReferral"]["referral"].clone();
        assert_eq!(
            submitted["child"]["id"], child_id,
            "the same child comes back"
        );
        let referral = app.accept(&submitted).await;
        let carers = app.approved_household("HH-2").await;
        let agreed = app.agreed_match(ISLINGTON, &referral, &carers).await;
        let start = json!({ "input": { "matchId": agreed["id"], "startedOn": days_ago(2) } });
        let second = app.gql(&agency, START_PLACEMENT, start).await;
        let second = second.data()["startPlacement"]["placement"].clone();
        assert_eq!(second["status"], "FOSTERING");

        let child = app.gql(&la, REFERRALS, json!({ "id": child_id })).await;
        let child = &child.data()["child"];
        assert_eq!(
            child["enteredCareOn"],
            json!(days_ago(4)),
            "the child's latest period"
        );
        let periods: Vec<(&str, &str)> = child["referrals"]["nodes"]
            .as_array()
            .expect("referrals")
            .iter()
            .map(|r| {
                (
                    r["status"].as_str().unwrap_or(""),
                    r["enteredCareOn"].as_str().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            periods,
            [
                ("CLOSED", days_ago(20).as_str()),
                ("PLACED", days_ago(4).as_str())
            ]
        );

        app.gql(
            &agency,
            END,
            end(&second, "RETURNED_TO_RELATIVE", days_ago(1)),
        )
        .await
        .data();
        // A baby referred on the day of birth counts as referred at or before birth.
        let mut newborn = referral_input("ISL-NEWBORN");
        newborn["referredOn"] = json!(days_ago(2));
        newborn["child"]["dateOfBirth"] = json!(days_ago(2));
        newborn["child"]["enteredCareOn"] = json!(days_ago(2));
        app.submit_referral_with(&la, newborn).await;
        let period = json!({ "period": { "from": days_ago(30), "to": days_ago(0) } });
        let report = app.gql(&la, MOVES, period).await;
        let report = &report.data()["outcomes"];
        assert_eq!(
            report["placements"],
            json!({ "started": 2, "returnedToParent": 1, "returnedToRelative": 1 })
        );
        // Three referral records, two children: ISL-BACK (twice, born before) and the newborn.
        assert_eq!(
            report["referrals"],
            json!({ "received": 3, "beforeBirth": 0, "children": 2, "childrenAtOrBeforeBirth": 1,
                    "childrenAtOrBeforeBirthShare": 0.5, "childrenBeforeFirstBirthday": 2 })
        );
        // Each placement counts from its own period's entry to care: 10 and 2 days.
        assert_eq!(
            report["timeliness"]["daysToPlacement"],
            json!({ "count": 2, "mean": 6.0 })
        );
        // First return home: lived elsewhere before the placement (1). Second: that earlier
        // placement, and elsewhere again before the new one (2).
        assert_eq!(
            report["moves"],
            json!({ "beforePermanence": { "count": 2, "mean": 1.5 }, "withoutAMove": 0 })
        );

        let camden = app
            .gql(&app.la_staff(CAMDEN), REFERRALS, json!({ "id": child_id }))
            .await;
        camden.expect_code("NOT_FOUND");
    })
    .await;
}
