//! The number of SQL statements a request sends does not grow with the page it asks for:
//! nested fields are batched per level (DataLoaders), never one query per row.

use std::sync::atomic::Ordering;

use serde_json::json;

use crate::helpers::*;

const PAGE: &str = "query($first: Int) { referrals(first: $first) { totalCount nodes { id status \
    child { laReference dateOfBirth } placement { id status startedOn household { area } match { status } } } } }";

#[tokio::test]
async fn a_referral_page_of_100_sends_as_many_statements_as_a_page_of_10() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        for n in 0..3 {
            let household = app.approved_household(&format!("HH-{n}")).await;
            app.placement(ISLINGTON, &format!("ISL-P{n}"), &household)
                .await;
        }
        for n in 0..100 {
            app.submit_referral(&la, &format!("ISL-{n:03}")).await;
        }
        let (counted, statements) = app.counting_replica().await;
        let mut sent = Vec::new();
        for first in [10, 100] {
            statements.store(0, Ordering::SeqCst);
            let response = counted.gql(&la, PAGE, json!({ "first": first })).await;
            let nodes = response.data()["referrals"]["nodes"]
                .as_array()
                .expect("nodes")
                .len();
            assert_eq!(nodes, first);
            sent.push(statements.load(Ordering::SeqCst));
        }
        assert_eq!(
            sent[0], sent[1],
            "statements for 10 and for 100 rows: {sent:?}"
        );
        assert!(sent[0] <= 12, "{sent:?}");
    })
    .await;
}

#[tokio::test]
async fn rows_are_counted_only_when_the_client_asks_for_total_count() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        for n in 0..3 {
            app.submit_referral(&la, &format!("ISL-{n:03}")).await;
        }
        let (counted, statements) = app.counting_replica().await;
        let mut sent = Vec::new();
        for query in [
            "{ referrals(first: 2) { totalCount nodes { id } } }",
            "{ referrals(first: 2) { nodes { id } } }",
        ] {
            statements.store(0, Ordering::SeqCst);
            let response = counted.gql(&la, query, json!({})).await;
            assert_eq!(
                response.data()["referrals"]["nodes"]
                    .as_array()
                    .map(Vec::len),
                Some(2)
            );
            if query.contains("totalCount") {
                assert_eq!(response.data()["referrals"]["totalCount"], 3);
            }
            sent.push(statements.load(Ordering::SeqCst));
        }
        assert_eq!(
            sent[0],
            sent[1] + 1,
            "with and without totalCount: {sent:?}"
        );
    })
    .await;
}
