//! Matching: the agency proposes an approved household with room for an accepted referral;
//! the child's LA agrees or rejects; nobody else sees or changes anything.

use serde_json::{Value, json};

use crate::helpers::*;

fn decision(matched: &Value, reason: Option<&str>) -> Value {
    let mut input = json!({ "id": matched["id"], "version": matched["version"] });
    if let Some(reason) = reason {
        input["reason"] = json!(reason);
    }
    json!({ "input": input })
}

const MATCH: &str =
    "query($id: ID!) { match(id: $id) { id status household { id primaryCarerName } } }";

#[tokio::test]
async fn the_agency_proposes_and_the_childs_la_then_sees_the_household_in_full() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let referral = app.accepted_referral(ISLINGTON, "ISL-1").await;
        let proposed = app.proposed_match(&referral, &household).await;
        assert_eq!(proposed["status"], "PROPOSED");
        assert_eq!(proposed["child"]["laReference"], "ISL-1");
        assert_eq!(
            app.audit_actions().await.last().map(String::as_str),
            Some("match.proposed")
        );
        let la = app.la_readonly(ISLINGTON);
        let seen = app.gql(&la, MATCH, json!({ "id": proposed["id"] })).await;
        assert_eq!(
            seen.data()["match"]["household"]["primaryCarerName"],
            "Carer HH-1"
        );
        let full = app
            .gql(&la, HOUSEHOLD, json!({ "id": household["id"] }))
            .await;
        assert_eq!(full.data()["carerHousehold"]["latitude"], 51.55);
        assert_eq!(full.data()["carerHousehold"]["matches"]["totalCount"], 1);
        // Another authority sees neither the match nor the household.
        let other = app.la_staff(CAMDEN);
        app.gql(&other, MATCH, json!({ "id": proposed["id"] }))
            .await
            .expect_code("NOT_FOUND");
        app.gql(&other, HOUSEHOLD, json!({ "id": household["id"] }))
            .await
            .expect_code("NOT_FOUND");
        let list = app
            .gql(&other, "{ matches { totalCount } }", json!({}))
            .await;
        assert_eq!(list.data()["matches"]["totalCount"], 0);
    })
    .await;
}

#[tokio::test]
async fn only_an_accepted_referral_and_an_approved_household_can_be_matched() {
    each_backend(async |app| {
        let agency = app.agency_staff();
        let household = app.approved_household("HH-1").await;
        let submitted = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let enquiry = app
            .gql(
                &agency,
                CREATE_HOUSEHOLD,
                json!({ "input": household_input("HH-2") }),
            )
            .await;
        let enquiry = enquiry.data()["createCarerHousehold"]["household"].clone();
        let before = app.snapshot().await;
        let not_accepted =
            json!({ "input": { "referralId": submitted["id"], "householdId": household["id"] } });
        app.gql(&agency, PROPOSE, not_accepted)
            .await
            .expect_code("CONFLICT");
        let accepted = app.accept(&submitted).await;
        let snapshot = app.snapshot().await;
        let not_approved =
            json!({ "input": { "referralId": accepted["id"], "householdId": enquiry["id"] } });
        let response = app.gql(&agency, PROPOSE, not_approved).await;
        response.expect_code("BAD_USER_INPUT");
        assert_eq!(response.field(), "input.householdId");
        assert_eq!(app.snapshot().await, snapshot);
        assert_ne!(
            before, snapshot,
            "accepting changed something, as it should"
        );
    })
    .await;
}

#[tokio::test]
async fn a_referral_has_one_live_match_at_a_time() {
    each_backend(async |app| {
        let first = app.approved_household("HH-1").await;
        let second = app.approved_household("HH-2").await;
        let referral = app.accepted_referral(ISLINGTON, "ISL-1").await;
        let proposed = app.proposed_match(&referral, &first).await;
        let before = app.snapshot().await;
        let again =
            json!({ "input": { "referralId": referral["id"], "householdId": second["id"] } });
        app.gql(&app.agency_staff(), PROPOSE, again.clone())
            .await
            .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
        app.gql(
            &app.agency_staff(),
            WITHDRAW_MATCH,
            decision(&proposed, Some("Carers unwell")),
        )
        .await
        .data();
        let next = app.gql(&app.agency_staff(), PROPOSE, again).await;
        assert_eq!(next.data()["proposeMatch"]["match"]["status"], "PROPOSED");
    })
    .await;
}

#[tokio::test]
async fn the_childs_la_agrees_and_no_one_else_can() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let referral = app.accepted_referral(ISLINGTON, "ISL-1").await;
        let proposed = app.proposed_match(&referral, &household).await;
        let before = app.snapshot().await;
        app.gql(&app.la_staff(CAMDEN), AGREE, decision(&proposed, None))
            .await
            .expect_code("NOT_FOUND");
        app.gql(
            &app.la_staff(CAMDEN),
            REJECT,
            decision(&proposed, Some("not ours")),
        )
        .await
        .expect_code("NOT_FOUND");
        for token in [
            app.agency_staff(),
            app.agency_admin(),
            app.la_readonly(ISLINGTON),
        ] {
            app.gql(&token, AGREE, decision(&proposed, None))
                .await
                .expect_code("FORBIDDEN");
        }
        app.gql(
            &app.la_staff(ISLINGTON),
            PROPOSE,
            json!({ "input": { "referralId": referral["id"], "householdId": household["id"] } }),
        )
        .await
        .expect_code("FORBIDDEN");
        assert_eq!(app.snapshot().await, before);
        let agreed = app
            .gql(&app.la_staff(ISLINGTON), AGREE, decision(&proposed, None))
            .await;
        let agreed = agreed.data()["agreeMatch"]["match"].clone();
        assert_eq!(agreed["status"], "AGREED");
        assert!(agreed["decidedAt"].is_string());
        let before = app.snapshot().await;
        app.gql(&app.la_staff(ISLINGTON), AGREE, decision(&agreed, None))
            .await
            .expect_code("CONFLICT");
        app.gql(&app.la_staff(ISLINGTON), AGREE, decision(&proposed, None))
            .await
            .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_rejected_match_needs_a_reason_and_hides_the_household_again() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let referral = app.accepted_referral(ISLINGTON, "ISL-1").await;
        let proposed = app.proposed_match(&referral, &household).await;
        let la = app.la_staff(ISLINGTON);
        let blank = app.gql(&la, REJECT, decision(&proposed, Some(""))).await;
        blank.expect_code("BAD_USER_INPUT");
        assert_eq!(blank.field(), "input.reason");
        let rejected = app
            .gql(
                &la,
                REJECT,
                decision(&proposed, Some("Too far from the birth family")),
            )
            .await;
        let rejected = &rejected.data()["rejectMatch"]["match"];
        assert_eq!(rejected["status"], "REJECTED");
        assert_eq!(rejected["household"], Value::Null);
        app.gql(&la, HOUSEHOLD, json!({ "id": household["id"] }))
            .await
            .expect_code("NOT_FOUND");
    })
    .await;
}

#[tokio::test]
async fn a_one_child_household_with_a_live_match_takes_no_other_child() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let first = app.accepted_referral(ISLINGTON, "ISL-1").await;
        app.proposed_match(&first, &household).await;
        let second = app.accepted_referral(CAMDEN, "CAM-1").await;
        let before = app.snapshot().await;
        let response = app
            .gql(
                &app.agency_staff(),
                PROPOSE,
                json!({ "input": { "referralId": second["id"], "householdId": household["id"] } }),
            )
            .await;
        response.expect_code("BAD_USER_INPUT");
        assert_eq!(response.field(), "input.householdId");
        assert_eq!(app.snapshot().await, before);
        let available = app
            .gql(
                &app.la_staff(CAMDEN),
                "{ availableHouseholds(near: {latitude: 51.5, longitude: -0.1}) { id } }",
                json!({}),
            )
            .await;
        assert_eq!(
            available.data()["availableHouseholds"],
            json!([]),
            "a matched household is not offered"
        );
    })
    .await;
}

#[tokio::test]
async fn a_two_sibling_household_takes_a_second_child_only_if_a_sibling() {
    each_backend(async |app| {
        let mut input = household_input("HH-SIB");
        input["capacity"] = json!("TWO_SIBLINGS");
        let household = app.approved_household_with(input).await;
        let la = app.la_staff(ISLINGTON);
        let sibling_input = |reference: &str, group: Option<&str>| {
            let mut input = referral_input(reference);
            input["child"]["siblingGroup"] = json!(group);
            input
        };
        let older = app.submit_referral_with(&la, sibling_input("ISL-A", Some("FAM-1"))).await;
        let older = app.accept(&older).await;
        app.proposed_match(&older, &household).await;
        let stranger = app.submit_referral_with(&la, sibling_input("ISL-X", None)).await;
        let stranger = app.accept(&stranger).await;
        let refused = app
            .gql(&app.agency_staff(), PROPOSE, json!({ "input": { "referralId": stranger["id"], "householdId": household["id"] } }))
            .await;
        refused.expect_code("BAD_USER_INPUT");
        let cousin = app.accepted_referral(CAMDEN, "CAM-A").await;
        app.gql(&app.agency_staff(), PROPOSE, json!({ "input": { "referralId": cousin["id"], "householdId": household["id"] } }))
            .await
            .expect_code("BAD_USER_INPUT");
        let younger = app.submit_referral_with(&la, sibling_input("ISL-B", Some("FAM-1"))).await;
        let younger = app.accept(&younger).await;
        let accepted = app.proposed_match(&younger, &household).await;
        assert_eq!(accepted["status"], "PROPOSED");
        let third = app.submit_referral_with(&la, sibling_input("ISL-C", Some("FAM-1"))).await;
        let third = app.accept(&third).await;
        app.gql(&app.agency_staff(), PROPOSE, json!({ "input": { "referralId": third["id"], "householdId": household["id"] } }))
            .await
            .expect_code("BAD_USER_INPUT");
    })
    .await;
}

#[tokio::test]
async fn a_stale_match_decision_is_a_conflict() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let referral = app.accepted_referral(ISLINGTON, "ISL-1").await;
        let mut proposed = app.proposed_match(&referral, &household).await;
        proposed["version"] = json!(5);
        let before = app.snapshot().await;
        app.gql(&app.la_staff(ISLINGTON), AGREE, decision(&proposed, None))
            .await
            .expect_code("CONFLICT");
        app.gql(
            &app.agency_staff(),
            WITHDRAW_MATCH,
            decision(&proposed, Some("r")),
        )
        .await
        .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn two_simultaneous_proposals_for_one_household_leave_exactly_one_live_match() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let islington = app.accepted_referral(ISLINGTON, "ISL-1").await;
        let camden = app.accepted_referral(CAMDEN, "CAM-1").await;
        let (agency_a, agency_b) = (app.agency_staff(), app.agency_admin());
        let (a, b) = tokio::join!(
            app.gql(&agency_a, PROPOSE, json!({ "input": { "referralId": islington["id"], "householdId": household["id"] } })),
            app.gql(&agency_b, PROPOSE, json!({ "input": { "referralId": camden["id"], "householdId": household["id"] } })),
        );
        let succeeded = [&a, &b].iter().filter(|r| r.body.get("errors").is_none()).count();
        assert_eq!(succeeded, 1, "{} / {}", a.body, b.body);
        let live = app.gql(&app.agency_staff(), "{ matches(filter: {status: [PROPOSED]}) { totalCount } }", json!({})).await;
        assert_eq!(live.data()["matches"]["totalCount"], 1);
    })
    .await;
}
