//! Children: scoped lists, `child(id:)`, and nested fields that stay inside the scope.

use serde_json::json;

use crate::helpers::*;

const CHILDREN: &str = "{ children { totalCount nodes { id laReference authority { code } } } }";
const CHILD: &str = "query($id: ID!) { child(id: $id) { id laReference sex ethnicity legalStatus enteredCareOn authority { code } referrals { totalCount nodes { status } } } }";

#[tokio::test]
async fn an_la_sees_only_its_own_children_and_the_agency_sees_all() {
    each_backend(async |app| {
        app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        app.submit_referral(&app.la_staff(CAMDEN), "CAM-1").await;
        let islington = app
            .gql(&app.la_readonly(ISLINGTON), CHILDREN, json!({}))
            .await;
        assert_eq!(islington.data()["children"]["totalCount"], 1);
        assert_eq!(
            islington.data()["children"]["nodes"][0]["authority"]["code"],
            ISLINGTON
        );
        let agency = app.gql(&app.agency_staff(), CHILDREN, json!({})).await;
        assert_eq!(agency.data()["children"]["totalCount"], 2);
    })
    .await;
}

#[tokio::test]
async fn a_child_reads_back_with_its_codes_and_referrals() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let response = app
            .gql(
                &app.la_staff(ISLINGTON),
                CHILD,
                json!({ "id": referral["child"]["id"] }),
            )
            .await;
        let child = &response.data()["child"];
        assert_eq!(child["sex"], "FEMALE");
        assert_eq!(child["ethnicity"], "WBRI");
        assert_eq!(child["legalStatus"], "C1");
        assert_eq!(child["enteredCareOn"], days_ago(20));
        assert_eq!(
            child["referrals"],
            json!({ "totalCount": 1, "nodes": [{ "status": "SUBMITTED" }] })
        );
    })
    .await;
}

#[tokio::test]
async fn another_authoritys_child_answers_like_a_missing_one() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let foreign = app
            .gql(
                &app.la_staff(CAMDEN),
                CHILD,
                json!({ "id": referral["child"]["id"] }),
            )
            .await;
        foreign.expect_code("NOT_FOUND");
        let missing_id = permanence::graphql::node::global_id("Child", uuid::Uuid::now_v7());
        let missing = app
            .gql(
                &app.la_staff(CAMDEN),
                CHILD,
                json!({ "id": missing_id.as_str() }),
            )
            .await;
        assert_eq!(foreign.body, missing.body);
    })
    .await;
}
