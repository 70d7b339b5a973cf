//! The court record is one record (issue 14, item 5): several orders at one hearing, hearings
//! and orders as nodes, and one path for a placement order — whichever mutation records it, the
//! court record, the child's legal status and the placement agree, and the payload carries every
//! record the order changed (item 6).

use serde_json::{Value, json};

use crate::helpers::*;

const HEARING: &str = "mutation($input: RecordHearingInput!) { recordHearing(input: $input) { hearing { id heldOn } } }";
const ORDER: &str = "mutation($input: RecordOrderInput!) { recordOrder(input: $input) { \
    case { id version concludedOn } order { id kind madeOn isFinal hearing { id } } \
    placement { id version placementOrderOn } child { legalStatus version } } }";
const BY_PLACEMENT: &str = "mutation($input: RecordPlacementOrderInput!) { recordPlacementOrder(input: $input) { \
    placement { id version status placementOrderOn } case { version concludedOn orders { kind madeOn } } order { id kind } child { legalStatus } } }";
const NODE: &str = "query($id: ID!) { node(id: $id) { id ... on Hearing { kind heldOn orders { kind } case { id } } ... on CourtOrder { kind hearing { id } } } }";

fn order(case: &Value, kind: &str, made: String, hearing: Option<&Value>) -> Value {
    json!({ "input": { "caseId": case["id"], "version": case["version"], "kind": kind, "madeOn": made, "hearingId": hearing.map(|h| h["id"].clone()) } })
}

#[tokio::test]
async fn a_care_order_and_a_placement_order_are_made_at_one_final_hearing() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        let household = app.approved_household("HH-1").await;
        let placement = app.placement(ISLINGTON, "ISL-1", &household).await;
        let case = app.open_case_for(&placement).await;
        let cmh = app
            .gql(&la, HEARING, json!({ "input": { "caseId": case["id"], "kind": "CMH", "heldOn": days_ago(5) } }))
            .await
            .data()["recordHearing"]["hearing"]
            .clone();
        let last = app
            .gql(&la, HEARING, json!({ "input": { "caseId": case["id"], "kind": "FINAL", "heldOn": days_ago(2) } }))
            .await
            .data()["recordHearing"]["hearing"]
            .clone();

        let before = app.snapshot().await;
        let wrong_day = app.gql(&la, ORDER, order(&case, "CARE_ORDER", days_ago(2), Some(&cmh))).await;
        assert_eq!(wrong_day.expect_code("BAD_USER_INPUT").field(), "input.madeOn");
        assert!(wrong_day.message().contains(&format!("heldOn {}", days_ago(5))), "{}", wrong_day.body);
        assert_eq!(app.snapshot().await, before);

        let care = app.gql(&la, ORDER, order(&case, "CARE_ORDER", days_ago(2), Some(&last))).await;
        let care = &care.data()["recordOrder"];
        assert_eq!(care["case"]["concludedOn"], json!(days_ago(2)));
        assert_eq!(care["order"]["hearing"]["id"], last["id"]);
        assert_eq!(care["placement"], Value::Null, "a care order does not move the placement");
        assert_eq!(care["child"]["legalStatus"], "C2");

        // The same day, at the same hearing: the placement order follows the care order.
        let po = app.gql(&la, ORDER, order(&care["case"], "PLACEMENT_ORDER", days_ago(2), Some(&last))).await;
        let po = &po.data()["recordOrder"];
        assert_eq!(po["placement"]["placementOrderOn"], json!(days_ago(2)));
        let next = |v: &Value| json!(v.as_i64().unwrap_or(0) + 1);
        assert_eq!(po["placement"]["version"], next(&placement["version"]));
        assert_eq!(po["child"]["legalStatus"], "E1");
        assert_eq!(po["case"]["version"], next(&care["case"]["version"]));

        // A later order (other than an adoption order) is refused once the case has concluded.
        let later = app.gql(&la, ORDER, order(&po["case"], "SUPERVISION_ORDER", days_ago(1), None)).await;
        later.expect_code("CONFLICT");

        let hearing = app.gql(&la, NODE, json!({ "id": last["id"] })).await;
        let hearing = &hearing.data()["node"];
        assert_eq!(hearing["orders"], json!([{ "kind": "CARE_ORDER" }, { "kind": "PLACEMENT_ORDER" }]));
        assert_eq!(hearing["case"]["id"], case["id"]);
        let node = app.gql(&la, NODE, json!({ "id": po["order"]["id"] })).await;
        assert_eq!(node.data()["node"]["hearing"]["id"], last["id"]);

        let camden = app.la_staff(CAMDEN);
        for id in [&last["id"], &po["order"]["id"]] {
            let foreign = app.gql(&camden, NODE, json!({ "id": id })).await;
            assert_eq!(foreign.expect_code("NOT_FOUND").body["data"]["node"], Value::Null);
        }
        let foreign_hearing = app.gql(&camden, ORDER, order(&po["case"], "ADOPTION_ORDER", days_ago(1), Some(&last))).await;
        foreign_hearing.expect_code("NOT_FOUND");
    })
    .await;
}

#[tokio::test]
async fn a_placement_order_recorded_on_the_placement_is_recorded_in_the_court_record() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        let household = app.approved_household("HH-1").await;
        let placement = app.placement(ISLINGTON, "ISL-1", &household).await;
        let input = json!({ "input": { "id": placement["id"], "version": placement["version"], "placementOrderOn": days_ago(3) } });

        let before = app.snapshot().await;
        let no_case = app.gql(&la, BY_PLACEMENT, input.clone()).await;
        no_case.expect_code("CONFLICT");
        assert!(no_case.message().contains("openCareCase"), "{}", no_case.body);
        assert_eq!(app.snapshot().await, before, "refused whole");

        let case = app.open_case_for(&placement).await;
        let ordered = app.gql(&la, BY_PLACEMENT, input).await;
        let ordered = &ordered.data()["recordPlacementOrder"];
        assert_eq!(ordered["placement"]["placementOrderOn"], json!(days_ago(3)));
        assert_eq!(ordered["placement"]["status"], "FOSTERING");
        assert_eq!(ordered["order"]["kind"], "PLACEMENT_ORDER");
        assert_eq!(ordered["case"]["orders"], json!([{ "kind": "PLACEMENT_ORDER", "madeOn": days_ago(3) }]));
        assert_eq!(ordered["case"]["concludedOn"], json!(days_ago(3)));
        assert_eq!(ordered["child"]["legalStatus"], "E1", "the legal status follows the order");

        let again = json!({ "input": { "id": placement["id"], "version": ordered["placement"]["version"], "placementOrderOn": days_ago(3) } });
        app.gql(&la, BY_PLACEMENT, again).await.expect_code("CONFLICT");

        // The adoption order recorded on the placement is recorded in the case too.
        let agency = app.agency_staff();
        let place = json!({ "input": { "id": placement["id"], "version": ordered["placement"]["version"], "placedForAdoptionOn": days_ago(2), "basis": "PLACEMENT_ORDER" } });
        let placed = app.gql(&agency, "mutation($input: PlaceForAdoptionInput!) { placeForAdoption(input: $input) { placement { version } } }", place).await;
        let version = placed.data()["placeForAdoption"]["placement"]["version"].clone();
        let adopt = json!({ "input": { "id": placement["id"], "version": version, "adoptionOrderOn": days_ago(1), "application": "UNOPPOSED" } });
        let adopted = app.gql(&agency, "mutation($input: RecordAdoptionInput!) { recordAdoption(input: $input) { placement { status adoptionOrderOn } } }", adopt).await;
        assert_eq!(adopted.data()["recordAdoption"]["placement"], json!({ "status": "ADOPTED", "adoptionOrderOn": days_ago(1) }));
        let case = app.gql(&la, "query($id: ID!) { careCase(id: $id) { orders { kind madeOn } } }", json!({ "id": case["id"] })).await;
        assert_eq!(
            case.data()["careCase"]["orders"],
            json!([{ "kind": "PLACEMENT_ORDER", "madeOn": days_ago(3) }, { "kind": "ADOPTION_ORDER", "madeOn": days_ago(1) }])
        );
    })
    .await;
}
