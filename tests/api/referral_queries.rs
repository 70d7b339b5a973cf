//! Reading referrals: lists, counts, filters, pages, `referral(id:)` and `node(id:)` — all
//! scoped to the caller's authority, with another authority's ids answering like missing ones.

use serde_json::{Value, json};

use crate::helpers::*;

const LIST: &str = "query($filter: ReferralFilterInput, $first: Int, $after: String) { referrals(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id status referredOn authority { code } child { laReference } } } } }";
const NODE: &str =
    "query($id: ID!) { node(id: $id) { id ... on Referral { status child { laReference } } } }";

/// Two Islington referrals (one accepted) and one Camden referral.
async fn three_referrals(app: &TestApp) -> (Value, Value, Value) {
    let a1 = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
    let a2 = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-2").await;
    let a2 = app.accept(&a2).await;
    let b1 = app.submit_referral(&app.la_staff(CAMDEN), "CAM-1").await;
    (a1, a2, b1)
}

fn codes(response: &Gql) -> Vec<String> {
    response.data()["referrals"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            e["node"]["authority"]["code"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn an_la_lists_and_counts_only_its_own_referrals() {
    each_backend(async |app| {
        three_referrals(app).await;
        for token in [app.la_staff(ISLINGTON), app.la_readonly(ISLINGTON)] {
            let response = app.gql(&token, LIST, json!({})).await;
            assert_eq!(response.data()["referrals"]["totalCount"], 2);
            assert_eq!(codes(&response), [ISLINGTON, ISLINGTON]);
        }
        let camden = app.gql(&app.la_staff(CAMDEN), LIST, json!({})).await;
        assert_eq!(camden.data()["referrals"]["totalCount"], 1);
        let enfield = app.gql(&app.la_staff(ENFIELD), LIST, json!({})).await;
        assert_eq!(enfield.data()["referrals"]["totalCount"], 0);
        assert_eq!(enfield.data()["referrals"]["edges"], json!([]));
    })
    .await;
}

#[tokio::test]
async fn agency_roles_list_every_authoritys_referrals() {
    each_backend(async |app| {
        three_referrals(app).await;
        let response = app.gql(&app.agency_staff(), LIST, json!({})).await;
        assert_eq!(response.data()["referrals"]["totalCount"], 3);
        assert_eq!(codes(&response), [ISLINGTON, ISLINGTON, CAMDEN]);
    })
    .await;
}

#[tokio::test]
async fn referrals_filter_by_status_and_date_within_the_scope() {
    each_backend(async |app| {
        three_referrals(app).await;
        let accepted = app
            .gql(
                &app.agency_staff(),
                LIST,
                json!({ "filter": { "status": ["ACCEPTED"] } }),
            )
            .await;
        assert_eq!(accepted.data()["referrals"]["totalCount"], 1);
        let submitted = app
            .gql(
                &app.la_staff(ISLINGTON),
                LIST,
                json!({ "filter": { "status": ["SUBMITTED"] } }),
            )
            .await;
        assert_eq!(submitted.data()["referrals"]["totalCount"], 1);
        let referred = days_ago(12);
        let on_day = app
            .gql(
                &app.la_staff(ISLINGTON),
                LIST,
                json!({ "filter": { "referredOnFrom": referred, "referredOnTo": referred } }),
            )
            .await;
        assert_eq!(on_day.data()["referrals"]["totalCount"], 2);
        let later = app
            .gql(
                &app.agency_staff(),
                LIST,
                json!({ "filter": { "referredOnFrom": days_ago(0) } }),
            )
            .await;
        assert_eq!(later.data()["referrals"]["totalCount"], 0);
        let backwards = app
            .gql(
                &app.agency_staff(),
                LIST,
                json!({ "filter": { "referredOnFrom": days_ago(0), "referredOnTo": days_ago(5) } }),
            )
            .await;
        backwards.expect_code("BAD_USER_INPUT");
        assert_eq!(backwards.field(), "filter.referredOnTo");
    })
    .await;
}

#[tokio::test]
async fn pages_follow_each_other_by_cursor() {
    each_backend(async |app| {
        three_referrals(app).await;
        let token = app.agency_staff();
        let first = app.gql(&token, LIST, json!({ "first": 2 })).await;
        let page = &first.data()["referrals"];
        assert_eq!(page["edges"].as_array().map(Vec::len), Some(2));
        assert_eq!(page["pageInfo"]["hasNextPage"], true);
        assert_eq!(page["totalCount"], 3);
        let second = app
            .gql(
                &token,
                LIST,
                json!({ "first": 2, "after": page["pageInfo"]["endCursor"] }),
            )
            .await;
        let rest = &second.data()["referrals"];
        assert_eq!(rest["edges"].as_array().map(Vec::len), Some(1));
        assert_eq!(rest["pageInfo"]["hasNextPage"], false);
        assert_eq!(rest["pageInfo"]["hasPreviousPage"], true);
        assert_eq!(rest["edges"][0]["node"]["authority"]["code"], CAMDEN);
    })
    .await;
}

#[tokio::test]
async fn a_cursor_from_another_authoritys_list_shows_only_own_rows() {
    each_backend(async |app| {
        three_referrals(app).await;
        let agency = app
            .gql(&app.agency_staff(), LIST, json!({ "first": 1 }))
            .await;
        let cursor = agency.data()["referrals"]["pageInfo"]["endCursor"].clone();
        let camden = app
            .gql(&app.la_staff(CAMDEN), LIST, json!({ "after": cursor }))
            .await;
        assert_eq!(codes(&camden), [CAMDEN]);
        let forged = app
            .gql(&app.la_staff(CAMDEN), LIST, json!({ "after": "Zm9yZ2Vk" }))
            .await;
        forged.expect_code("BAD_USER_INPUT");
        assert_eq!(forged.field(), "after");
    })
    .await;
}

#[tokio::test]
async fn a_page_larger_than_one_hundred_is_refused() {
    each_backend(async |app| {
        let response = app
            .gql(&app.agency_staff(), LIST, json!({ "first": 101 }))
            .await;
        response.expect_code("BAD_USER_INPUT");
        assert_eq!(response.field(), "first");
        let ok = app
            .gql(&app.agency_staff(), LIST, json!({ "first": 100 }))
            .await;
        assert_eq!(ok.data()["referrals"]["totalCount"], 0);
    })
    .await;
}

#[tokio::test]
async fn another_authoritys_referral_answers_exactly_like_a_missing_one() {
    each_backend(async |app| {
        let (_, _, camden) = three_referrals(app).await;
        let token = app.la_staff(ISLINGTON);
        let foreign = app
            .gql(&token, REFERRAL, json!({ "id": camden["id"] }))
            .await;
        foreign.expect_code("NOT_FOUND");
        assert!(foreign.body["data"].is_null());
        // A well-formed id that exists nowhere.
        let missing_id = permanence::graphql::node::global_id("Referral", uuid::Uuid::now_v7());
        let missing = app
            .gql(&token, REFERRAL, json!({ "id": missing_id.as_str() }))
            .await;
        assert_eq!(foreign.body, missing.body);
        let own = app
            .gql(
                &app.la_staff(CAMDEN),
                REFERRAL,
                json!({ "id": camden["id"] }),
            )
            .await;
        assert_eq!(own.data()["referral"]["child"]["laReference"], "CAM-1");
        let agency = app
            .gql(&app.agency_staff(), REFERRAL, json!({ "id": camden["id"] }))
            .await;
        assert_eq!(agency.data()["referral"]["status"], "SUBMITTED");
    })
    .await;
}

#[tokio::test]
async fn node_resolves_own_records_and_hides_other_authorities() {
    each_backend(async |app| {
        let (islington, _, camden) = three_referrals(app).await;
        let token = app.la_staff(ISLINGTON);
        let own = app
            .gql(&token, NODE, json!({ "id": islington["id"] }))
            .await;
        assert_eq!(own.data()["node"]["child"]["laReference"], "ISL-1");
        for foreign in [&camden["id"], &camden["child"]["id"]] {
            let response = app.gql(&token, NODE, json!({ "id": foreign })).await;
            response.expect_code("NOT_FOUND");
            assert_eq!(response.body["data"], json!({ "node": null }));
        }
        let garbage = app.gql(&token, NODE, json!({ "id": "garbage!" })).await;
        garbage.expect_code("BAD_USER_INPUT");
    })
    .await;
}

#[tokio::test]
async fn an_id_of_the_wrong_type_is_not_found() {
    each_backend(async |app| {
        let (islington, _, _) = three_referrals(app).await;
        let response = app
            .gql(
                &app.la_staff(ISLINGTON),
                REFERRAL,
                json!({ "id": islington["child"]["id"] }),
            )
            .await;
        response.expect_code("NOT_FOUND");
    })
    .await;
}

#[tokio::test]
async fn concurrent_requests_from_two_authorities_each_load_only_their_own_nested_records() {
    each_backend(async |app| {
        three_referrals(app).await;
        let query = "{ referrals(first: 100) { nodes { child { laReference authority { code } } authority { code } } } }";
        let (a, b, agency_token) = (app.la_staff(ISLINGTON), app.la_staff(CAMDEN), app.agency_staff());
        let (islington, camden, agency) = tokio::join!(
            app.gql(&a, query, json!({})),
            app.gql(&b, query, json!({})),
            app.gql(&agency_token, query, json!({})),
        );
        let codes_in = |response: &Gql| -> Vec<String> {
            response.data()["referrals"]["nodes"]
                .as_array()
                .expect("nodes")
                .iter()
                .flat_map(|n| [n["authority"]["code"].clone(), n["child"]["authority"]["code"].clone()])
                .filter_map(|c| c.as_str().map(str::to_owned))
                .collect()
        };
        assert_eq!(codes_in(&islington), [ISLINGTON; 4]);
        assert_eq!(codes_in(&camden), [CAMDEN; 2]);
        assert_eq!(codes_in(&agency).len(), 6);
    })
    .await;
}
