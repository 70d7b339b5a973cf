//! Post-adoption contact for adopted children, and the support-work log: who may record, who
//! may read, and nothing across authorities.

use serde_json::{Value, json};

use crate::helpers::*;

const ARRANGE: &str = "mutation($input: ArrangePostAdoptionContactInput!) { arrangePostAdoptionContact(input: $input) { arrangement { id version kind timesPerYear parties endedOn } } }";
const END: &str = "mutation($input: EndPostAdoptionContactInput!) { endPostAdoptionContact(input: $input) { arrangement { id version endedOn } } }";
const LOG: &str = "mutation($input: LogSupportWorkInput!) { logSupportWork(input: $input) { supportWork { id recipient kind durationMinutes notes } } }";
const CHILD: &str = "query($id: ID!) { child(id: $id) { postAdoptionContact { totalCount nodes { kind } } supportWork { totalCount nodes { kind notes givenTo } } } }";

/// A child of Islington placed 10 days ago and adopted yesterday; returns the child's id.
async fn adopted_child(app: &TestApp) -> Value {
    let household = app.approved_household("HH-1").await;
    let placement = app.placement(ISLINGTON, "ISL-1", &household).await;
    app.open_case_for(&placement).await;
    let agency = app.agency_staff();
    let steps = [
        (
            "recordPlacementOrder",
            "RecordPlacementOrderInput",
            json!({ "placementOrderOn": days_ago(8) }),
        ),
        (
            "placeForAdoption",
            "PlaceForAdoptionInput",
            json!({ "placedForAdoptionOn": days_ago(6), "basis": "PLACEMENT_ORDER" }),
        ),
        (
            "recordAdoption",
            "RecordAdoptionInput",
            json!({ "adoptionOrderOn": days_ago(1), "application": "UNOPPOSED" }),
        ),
    ];
    let mut version = placement["version"].clone();
    let mut child = Value::Null;
    for (name, input_type, fields) in steps {
        let mut input = json!({ "id": placement["id"], "version": version });
        for (k, v) in fields.as_object().expect("object") {
            input[k] = v.clone();
        }
        let query = format!(
            "mutation($input: {input_type}!) {{ {name}(input: $input) {{ placement {{ version child {{ id }} }} }} }}"
        );
        let response = app.gql(&agency, &query, json!({ "input": input })).await;
        version = response.data()[name]["placement"]["version"].clone();
        child = response.data()[name]["placement"]["child"]["id"].clone();
    }
    child
}

fn arrangement(child: &Value) -> Value {
    json!({ "input": { "childId": child, "kind": "LETTERBOX", "timesPerYear": 2, "parties": ["Birth mother", "Maternal grandmother"], "agreedOn": days_ago(0) } })
}

#[tokio::test]
async fn post_adoption_contact_is_arranged_only_for_an_adopted_child() {
    each_backend(async |app| {
        let not_adopted = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-9").await;
        let before = app.snapshot().await;
        app.gql(
            &app.la_staff(ISLINGTON),
            ARRANGE,
            arrangement(&not_adopted["child"]["id"]),
        )
        .await
        .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
        let child = adopted_child(app).await;
        let arranged = app
            .gql(&app.la_staff(ISLINGTON), ARRANGE, arrangement(&child))
            .await;
        let arranged = arranged.data()["arrangePostAdoptionContact"]["arrangement"].clone();
        assert_eq!(
            arranged["parties"],
            json!(["Birth mother", "Maternal grandmother"])
        );
        let before = app.snapshot().await;
        let end =
            json!({ "input": { "id": arranged["id"], "version": 1, "endedOn": days_ago(0) } });
        app.gql(&app.la_staff(CAMDEN), END, end)
            .await
            .expect_code("NOT_FOUND");
        assert_eq!(app.snapshot().await, before);
        let ended = app
            .gql(
                &app.agency_staff(),
                END,
                json!({ "input": { "id": arranged["id"], "version": 1, "endedOn": days_ago(0) } }),
            )
            .await;
        assert_eq!(
            ended.data()["endPostAdoptionContact"]["arrangement"]["endedOn"],
            days_ago(0)
        );
        let before = app.snapshot().await;
        app.gql(
            &app.agency_staff(),
            END,
            json!({ "input": { "id": arranged["id"], "version": 2, "endedOn": days_ago(0) } }),
        )
        .await
        .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
        let read = app
            .gql(&app.la_readonly(ISLINGTON), CHILD, json!({ "id": child }))
            .await;
        assert_eq!(read.data()["child"]["postAdoptionContact"]["totalCount"], 1);
    })
    .await;
}

#[tokio::test]
async fn post_adoption_contact_is_checked_and_scoped() {
    each_backend(async |app| {
        let child = adopted_child(app).await;
        let before = app.snapshot().await;
        app.gql(&app.la_readonly(ISLINGTON), ARRANGE, arrangement(&child))
            .await
            .expect_code("FORBIDDEN");
        app.gql(&app.la_staff(CAMDEN), ARRANGE, arrangement(&child))
            .await
            .expect_code("NOT_FOUND");
        let mut bad = arrangement(&child);
        bad["input"]["timesPerYear"] = json!(0);
        assert_eq!(
            app.gql(&app.la_staff(ISLINGTON), ARRANGE, bad)
                .await
                .field(),
            "input.timesPerYear"
        );
        let mut no_parties = arrangement(&child);
        no_parties["input"]["parties"] = json!([]);
        assert_eq!(
            app.gql(&app.la_staff(ISLINGTON), ARRANGE, no_parties)
                .await
                .field(),
            "input.parties"
        );
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn the_agency_logs_support_and_only_the_childs_la_reads_it() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let child = referral["child"]["id"].clone();
        let input = json!({ "input": { "childId": child, "recipient": "BIRTH_PARENT", "kind": "CHANGE_SUPPORT", "givenOn": days_ago(1),
            "givenBy": "Family support worker", "givenTo": "Birth mother", "durationMinutes": 90, "notes": "Discussed the tenancy and the drug-testing plan" } });
        let before = app.snapshot().await;
        app.gql(&app.la_staff(ISLINGTON), LOG, input.clone()).await.expect_code("FORBIDDEN");
        let mut wrong = input.clone();
        wrong["input"]["kind"] = json!("AFTER_ADOPTION");
        assert_eq!(app.gql(&app.agency_staff(), LOG, wrong).await.field(), "input.kind");
        let mut long = input.clone();
        long["input"]["durationMinutes"] = json!(0);
        assert_eq!(app.gql(&app.agency_staff(), LOG, long).await.field(), "input.durationMinutes");
        assert_eq!(app.snapshot().await, before);
        let logged = app.gql(&app.agency_staff(), LOG, input).await;
        assert_eq!(logged.data()["logSupportWork"]["supportWork"]["kind"], "CHANGE_SUPPORT");
        let own = app.gql(&app.la_readonly(ISLINGTON), CHILD, json!({ "id": child })).await;
        let work = &own.data()["child"]["supportWork"];
        assert_eq!(work["totalCount"], 1);
        assert_eq!(work["nodes"][0]["notes"], "Discussed the tenancy and the drug-testing plan");
        app.gql(&app.la_staff(CAMDEN), CHILD, json!({ "id": child })).await.expect_code("NOT_FOUND");
        let node = app
            .gql(&app.la_staff(CAMDEN), "query($id: ID!) { node(id: $id) { id } }", json!({ "id": logged.data()["logSupportWork"]["supportWork"]["id"] }))
            .await;
        node.expect_code("NOT_FOUND");
        let audit = app.gql(&app.agency_staff(), "{ auditEvents(first: 100) { nodes { action changes } } }", json!({})).await;
        let audit = audit.data()["auditEvents"].to_string();
        assert!(audit.contains("support_work.logged"));
        assert!(!audit.contains("drug-testing"), "notes stay out of the audit trail");
    })
    .await;
}
