//! The audit trail: agency roles read all of it; an LA reads only events on its own records.

use serde_json::{Value, json};

use crate::helpers::*;

const EVENTS: &str = "{ auditEvents(first: 100) { totalCount nodes { id action entityType entityId actorSub actorRole occurredAt authority { code } changes } } }";

fn actions(response: &Gql) -> Vec<String> {
    response.data()["auditEvents"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|e| e["action"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn an_la_reads_only_events_on_its_own_records() {
    each_backend(async |app| {
        app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        app.submit_referral(&app.la_staff(CAMDEN), "CAM-1").await;
        let islington = app
            .gql(&app.la_readonly(ISLINGTON), EVENTS, json!({}))
            .await;
        assert_eq!(islington.data()["auditEvents"]["totalCount"], 2);
        assert_eq!(actions(&islington), ["child.created", "referral.submitted"]);
        for event in islington.data()["auditEvents"]["nodes"]
            .as_array()
            .expect("nodes")
        {
            assert_eq!(event["authority"]["code"], ISLINGTON);
        }
    })
    .await;
}

#[tokio::test]
async fn the_agency_reads_every_event_including_its_own_records() {
    each_backend(async |app| {
        app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        app.submit_referral(&app.la_staff(CAMDEN), "CAM-1").await;
        let agency = app.gql(&app.agency_staff(), EVENTS, json!({})).await;
        // Three authorities created at setup, then two events per referral.
        assert_eq!(agency.data()["auditEvents"]["totalCount"], 7);
        let first = &agency.data()["auditEvents"]["nodes"][0];
        assert_eq!(first["action"], "authority.created");
        assert_eq!(first["authority"], Value::Null);
        assert_eq!(first["actorRole"], "AGENCY_ADMIN");
    })
    .await;
}

#[tokio::test]
async fn an_event_records_who_changed_what() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        app.accept(&referral).await;
        let agency = app.gql(&app.agency_staff(), EVENTS, json!({})).await;
        let nodes = agency.data()["auditEvents"]["nodes"]
            .as_array()
            .expect("nodes")
            .clone();
        let accepted = nodes
            .iter()
            .find(|e| e["action"] == "referral.accepted")
            .expect("accepted event");
        assert_eq!(accepted["actorSub"], "test-agency_staff");
        assert_eq!(accepted["actorRole"], "AGENCY_STAFF");
        assert_eq!(accepted["entityType"], "Referral");
        assert_eq!(accepted["entityId"], referral["id"]);
        assert_eq!(accepted["authority"]["code"], ISLINGTON);
        assert_eq!(
            accepted["changes"]["version"],
            json!({ "before": 1, "after": 2 })
        );
    })
    .await;
}

#[tokio::test]
async fn another_authoritys_event_is_not_found_by_node() {
    each_backend(async |app| {
        app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let own = app.gql(&app.la_staff(ISLINGTON), EVENTS, json!({})).await;
        let event_id = own.data()["auditEvents"]["nodes"][0]["id"].clone();
        let query = "query($id: ID!) { node(id: $id) { id ... on AuditEvent { action } } }";
        let foreign = app
            .gql(&app.la_staff(CAMDEN), query, json!({ "id": event_id }))
            .await;
        foreign.expect_code("NOT_FOUND");
        let camden_events = app.gql(&app.la_staff(CAMDEN), EVENTS, json!({})).await;
        assert_eq!(camden_events.data()["auditEvents"]["totalCount"], 0);
        let mine = app
            .gql(&app.la_staff(ISLINGTON), query, json!({ "id": event_id }))
            .await;
        assert_eq!(mine.data()["node"]["action"], "child.created");
    })
    .await;
}
