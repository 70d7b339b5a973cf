//! Carer households: the agency's records and lifecycle; what an LA may and may not see.

use serde_json::{Value, json};

use crate::helpers::*;

const LIST: &str = "query($status: [HouseholdStatus!]) { carerHouseholds(filter: {status: $status}) { totalCount nodes { reference status } } }";
const AVAILABLE: &str = "query($lat: Float!, $lon: Float!) { availableHouseholds(near: {latitude: $lat, longitude: $lon}) { id area ethnicities culturalBackground languages religion capacity fullTimeCarer distanceMiles } }";

fn step(household: &Value) -> Value {
    json!({ "input": { "id": household["id"], "version": household["version"] } })
}

#[tokio::test]
async fn the_agency_records_an_enquiry_and_it_is_audited() {
    each_backend(async |app| {
        let response = app
            .gql(
                &app.agency_staff(),
                CREATE_HOUSEHOLD,
                json!({ "input": household_input("HH-1") }),
            )
            .await;
        let household = &response.data()["createCarerHousehold"]["household"];
        assert_eq!(household["status"], "ENQUIRY");
        assert_eq!(household["area"], "N7");
        assert_eq!(household["ethnicities"], json!(["WBRI", "BCRB"]));
        assert_eq!(household["version"], 1);
        assert_eq!(
            app.audit_actions().await.last().map(String::as_str),
            Some("carer_household.created")
        );
    })
    .await;
}

#[tokio::test]
async fn only_agency_roles_manage_households() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let before = app.snapshot().await;
        for token in [app.la_staff(ISLINGTON), app.la_readonly(ISLINGTON)] {
            app.gql(&token, CREATE_HOUSEHOLD, json!({ "input": household_input("HH-2") }))
                .await
                .expect_code("FORBIDDEN");
            app.gql(&token, CLOSE_HOUSEHOLD, json!({ "input": { "id": household["id"], "version": household["version"], "reason": "x" } }))
                .await
                .expect_code("FORBIDDEN");
            app.gql(&token, LIST, json!({})).await.expect_code("FORBIDDEN");
        }
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_household_is_approved_only_with_both_approvals_recorded() {
    each_backend(async |app| {
        let agency = app.agency_staff();
        let created = app.gql(&agency, CREATE_HOUSEHOLD, json!({ "input": household_input("HH-1") })).await;
        let created = created.data()["createCarerHousehold"]["household"].clone();
        app.gql(&agency, APPROVE_HOUSEHOLD, step(&created)).await.expect_code("CONFLICT");
        let assessed = app.gql(&agency, START_ASSESSMENT, step(&created)).await;
        let assessed = assessed.data()["startCarerAssessment"]["household"].clone();
        let fostering_only = app
            .gql(&agency, UPDATE_HOUSEHOLD, json!({ "input": { "id": assessed["id"], "version": assessed["version"], "fosteringApprovedOn": days_ago(30) } }))
            .await;
        let fostering_only = fostering_only.data()["updateCarerHousehold"]["household"].clone();
        assert_eq!(fostering_only["duallyApproved"], false);
        let before = app.snapshot().await;
        app.gql(&agency, APPROVE_HOUSEHOLD, step(&fostering_only)).await.expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
        let both = app
            .gql(&agency, UPDATE_HOUSEHOLD, json!({ "input": { "id": assessed["id"], "version": fostering_only["version"], "adopterApprovedOn": days_ago(20) } }))
            .await;
        let both = both.data()["updateCarerHousehold"]["household"].clone();
        let approved = app.gql(&agency, APPROVE_HOUSEHOLD, step(&both)).await;
        assert_eq!(approved.data()["approveCarerHousehold"]["household"]["status"], "APPROVED");
    })
    .await;
}

#[tokio::test]
async fn closing_needs_a_reason_and_a_closed_household_stays_closed() {
    each_backend(async |app| {
        let agency = app.agency_staff();
        let household = app.approved_household("HH-1").await;
        let mut input = step(&household);
        input["input"]["reason"] = json!("  ");
        let blank = app.gql(&agency, CLOSE_HOUSEHOLD, input.clone()).await;
        blank.expect_code("BAD_USER_INPUT");
        assert_eq!(blank.field(), "input.reason");
        input["input"]["reason"] = json!("Carers withdrew");
        let closed = app.gql(&agency, CLOSE_HOUSEHOLD, input).await;
        let closed = closed.data()["closeCarerHousehold"]["household"].clone();
        assert_eq!(closed["status"], "CLOSED");
        assert_eq!(closed["closedReason"], "Carers withdrew");
        let before = app.snapshot().await;
        app.gql(&agency, START_ASSESSMENT, step(&closed))
            .await
            .expect_code("CONFLICT");
        app.gql(&agency, APPROVE_HOUSEHOLD, step(&closed))
            .await
            .expect_code("CONFLICT");
        app.gql(&agency, APPROVE_HOUSEHOLD, step(&household))
            .await
            .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn invalid_household_input_names_the_field_and_changes_nothing() {
    each_backend(async |app| {
        app.approved_household("HH-1").await;
        let before = app.snapshot().await;
        let cases = [
            ("area", json!("7N!"), "input.area"),
            (
                "location",
                json!({ "latitude": 91.0, "longitude": 0.0 }),
                "input.location.latitude",
            ),
            (
                "enquiryReceivedOn",
                json!(days_ago(-3)),
                "input.enquiryReceivedOn",
            ),
            ("reference", json!("HH-1"), "input.reference"),
            ("primaryCarerName", json!(" "), "input.primaryCarerName"),
            ("languages", json!(["English, French"]), "input.languages"),
        ];
        for (key, value, field) in cases {
            let mut input = household_input("HH-2");
            input[key] = value;
            let response = app
                .gql(
                    &app.agency_staff(),
                    CREATE_HOUSEHOLD,
                    json!({ "input": input }),
                )
                .await;
            response.expect_code("BAD_USER_INPUT");
            assert_eq!(response.field(), field);
        }
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_stale_household_update_is_a_conflict() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let agency = app.agency_staff();
        app.gql(&agency, UPDATE_HOUSEHOLD, json!({ "input": { "id": household["id"], "version": household["version"], "area": "N1" } }))
            .await
            .data();
        let before = app.snapshot().await;
        app.gql(&agency, UPDATE_HOUSEHOLD, json!({ "input": { "id": household["id"], "version": household["version"], "area": "N5" } }))
            .await
            .expect_code("CONFLICT");
        app.gql(&agency, UPDATE_HOUSEHOLD, json!({ "input": { "id": household["id"], "version": 99, "adopterApprovedOn": null } }))
            .await
            .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn the_agency_lists_households_by_status() {
    each_backend(async |app| {
        app.approved_household("HH-1").await;
        app.gql(
            &app.agency_staff(),
            CREATE_HOUSEHOLD,
            json!({ "input": household_input("HH-2") }),
        )
        .await
        .data();
        let all = app.gql(&app.agency_admin(), LIST, json!({})).await;
        assert_eq!(all.data()["carerHouseholds"]["totalCount"], 2);
        let enquiries = app
            .gql(&app.agency_staff(), LIST, json!({ "status": ["ENQUIRY"] }))
            .await;
        assert_eq!(
            enquiries.data()["carerHouseholds"]["nodes"],
            json!([{ "reference": "HH-2", "status": "ENQUIRY" }])
        );
    })
    .await;
}

#[tokio::test]
async fn an_la_cannot_read_a_household_it_has_no_match_with() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let token = app.la_staff(ISLINGTON);
        app.gql(&token, HOUSEHOLD, json!({ "id": household["id"] }))
            .await
            .expect_code("NOT_FOUND");
        let node = app
            .gql(
                &token,
                "query($id: ID!) { node(id: $id) { id } }",
                json!({ "id": household["id"] }),
            )
            .await;
        node.expect_code("NOT_FOUND");
    })
    .await;
}

#[tokio::test]
async fn an_la_searches_available_households_without_names_or_coordinates() {
    each_backend(async |app| {
        let near = app.approved_household("HH-NEAR").await;
        let mut far_input = household_input("HH-FAR");
        far_input["location"] = json!({ "latitude": 51.4571, "longitude": -0.1931 });
        far_input["area"] = json!("SW18");
        far_input["culturalBackground"] = json!("Jamaican and Irish heritage");
        far_input["religion"] = json!("Christian");
        far_input["capacity"] = json!("TWO_SIBLINGS");
        app.approved_household_with(far_input).await;
        app.gql(
            &app.agency_staff(),
            CREATE_HOUSEHOLD,
            json!({ "input": household_input("HH-ENQ") }),
        )
        .await
        .data();

        let response = app
            .gql(
                &app.la_readonly(CAMDEN),
                AVAILABLE,
                json!({ "lat": 51.5362, "lon": -0.1033 }),
            )
            .await;
        let found = response.data()["availableHouseholds"]
            .as_array()
            .expect("list")
            .clone();
        assert_eq!(found.len(), 2, "the enquiry is not available");
        assert_eq!(found[0]["id"], near["id"]);
        assert_eq!(found[0]["area"], "N7");
        assert_eq!(found[0]["distanceMiles"], 1);
        assert_eq!(found[1]["area"], "SW18");
        assert_eq!(found[1]["distanceMiles"], 7);
        assert_eq!(found[1]["capacity"], "TWO_SIBLINGS");
        assert_eq!(found[1]["religion"], "Christian");
        let text = response.body.to_string();
        for secret in [
            "Carer HH-NEAR",
            "Second Carer",
            "HH-FAR",
            "51.55",
            "-0.11",
            "51.457",
            "-0.193",
        ] {
            assert!(!text.contains(secret), "{secret} reached an LA: {text}");
        }
        let bad = app
            .gql(
                &app.la_staff(CAMDEN),
                AVAILABLE,
                json!({ "lat": 100.0, "lon": 0.0 }),
            )
            .await;
        bad.expect_code("BAD_USER_INPUT");
        assert_eq!(bad.field(), "near.latitude");
    })
    .await;
}

#[tokio::test]
async fn the_anonymised_type_has_no_name_or_coordinate_fields() {
    each_backend(async |app| {
        app.approved_household("HH-1").await;
        for field in [
            "primaryCarerName",
            "secondCarerName",
            "latitude",
            "longitude",
            "reference",
            "placements",
        ] {
            let query = format!(
                "{{ availableHouseholds(near: {{latitude: 51.5, longitude: -0.1}}) {{ {field} }} }}"
            );
            let response = app.gql(&app.la_staff(ISLINGTON), &query, json!({})).await;
            assert!(
                response.body["data"].is_null(),
                "{field} is queryable: {}",
                response.body
            );
        }
    })
    .await;
}
