//! Placements: started from an agreed match, carried through placement order, placement for
//! adoption and adoption, or ended; SSDA903 codes and alerts derived; all scoped.

use serde_json::{Value, json};

use crate::helpers::*;

const PLACEMENT: &str = "query($id: ID!) { placement(id: $id) { id status alerts { kind message } ssda903 { placementType } child { laReference } } }";

fn milestone(query_name: &str) -> String {
    let input_type = match query_name {
        "recordPlacementOrder" => "RecordPlacementOrderInput",
        "placeForAdoption" => "PlaceForAdoptionInput",
        "recordAdoption" => "RecordAdoptionInput",
        _ => "EndPlacementInput",
    };
    format!(
        "mutation($input: {input_type}!) {{ {query_name}(input: $input) {{ placement {{ {PLACEMENT_RESULT} }} }} }}"
    )
}

async fn record(app: &TestApp, token: &str, name: &str, placement: &Value, fields: Value) -> Gql {
    let mut input = json!({ "id": placement["id"], "version": placement["version"] });
    for (key, value) in fields.as_object().expect("object") {
        input[key] = value.clone();
    }
    app.gql(token, &milestone(name), json!({ "input": input }))
        .await
}

#[tokio::test]
async fn starting_a_placement_places_the_referral_the_match_and_the_household() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let placement = app.placement(ISLINGTON, "ISL-1", &household).await;
        assert_eq!(placement["status"], "FOSTERING");
        assert_eq!(placement["startedOn"], days_ago(10));
        assert_eq!(placement["settlingInDays"], 7);
        assert_eq!(placement["referral"]["status"], "PLACED");
        assert_eq!(placement["match"]["status"], "PLACED");
        assert_eq!(placement["household"]["status"], "PLACED");
        assert_eq!(
            placement["ssda903"],
            json!({ "placementType": "U5", "placementProvider": "PR5", "reasonEpisodeCeased": null, "reasonPlaceChange": null })
        );
        let actions = app.audit_actions().await;
        for action in ["placement.started", "match.placed", "referral.placed", "carer_household.status_changed"] {
            assert!(actions.contains(&action.to_owned()), "{action} missing from {actions:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn another_authority_sees_nothing_of_a_placement() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let placement = app.placement(ISLINGTON, "ISL-1", &household).await;
        let other = app.la_staff(CAMDEN);
        app.gql(&other, PLACEMENT, json!({ "id": placement["id"] }))
            .await
            .expect_code("NOT_FOUND");
        let node = app
            .gql(
                &other,
                "query($id: ID!) { node(id: $id) { id } }",
                json!({ "id": placement["id"] }),
            )
            .await;
        node.expect_code("NOT_FOUND");
        let list = app
            .gql(
                &other,
                "{ placements { totalCount nodes { id } } }",
                json!({}),
            )
            .await;
        assert_eq!(
            list.data()["placements"],
            json!({ "totalCount": 0, "nodes": [] })
        );
        app.gql(&other, HOUSEHOLD, json!({ "id": household["id"] }))
            .await
            .expect_code("NOT_FOUND");
        let own = app
            .gql(
                &app.la_readonly(ISLINGTON),
                PLACEMENT,
                json!({ "id": placement["id"] }),
            )
            .await;
        assert_eq!(own.data()["placement"]["child"]["laReference"], "ISL-1");
        let before = app.snapshot().await;
        record(
            app,
            &other,
            "recordPlacementOrder",
            &placement,
            json!({ "placementOrderOn": days_ago(1) }),
        )
        .await
        .expect_code("NOT_FOUND");
        record(
            app,
            &other,
            "endPlacement",
            &placement,
            json!({ "outcome": "RETURNED_TO_PARENT", "endedOn": days_ago(1) }),
        )
        .await
        .expect_code("NOT_FOUND");
        for (name, fields) in [
            (
                "placeForAdoption",
                json!({ "placedForAdoptionOn": days_ago(1), "basis": "CONSENT" }),
            ),
            (
                "recordAdoption",
                json!({ "adoptionOrderOn": days_ago(1), "application": "UNOPPOSED" }),
            ),
        ] {
            record(app, &other, name, &placement, fields)
                .await
                .expect_code("NOT_FOUND");
        }
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_placement_starts_only_from_an_agreed_match_by_the_agency() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let referral = app.accepted_referral(ISLINGTON, "ISL-1").await;
        let proposed = app.proposed_match(&referral, &household).await;
        let before = app.snapshot().await;
        let start = |m: &Value, on: String| json!({ "input": { "matchId": m["id"], "startedOn": on } });
        app.gql(&app.agency_staff(), START_PLACEMENT, start(&proposed, days_ago(1))).await.expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
        let agreed = app
            .gql(&app.la_staff(ISLINGTON), AGREE, json!({ "input": { "id": proposed["id"], "version": proposed["version"] } }))
            .await;
        let agreed = agreed.data()["agreeMatch"]["match"].clone();
        let before = app.snapshot().await;
        for token in [app.la_staff(ISLINGTON), app.la_readonly(ISLINGTON)] {
            app.gql(&token, START_PLACEMENT, start(&agreed, days_ago(1))).await.expect_code("FORBIDDEN");
        }
        let future = app.gql(&app.agency_staff(), START_PLACEMENT, start(&agreed, days_ago(-1))).await;
        future.expect_code("BAD_USER_INPUT");
        assert_eq!(future.field(), "input.startedOn");
        let before_care = app.gql(&app.agency_staff(), START_PLACEMENT, start(&agreed, days_ago(25))).await;
        before_care.expect_code("BAD_USER_INPUT");
        assert_eq!(before_care.field(), "input.startedOn");
        let settling = json!({ "input": { "matchId": agreed["id"], "startedOn": days_ago(1), "settlingInDays": 40 } });
        let settling = app.gql(&app.agency_staff(), START_PLACEMENT, settling).await;
        assert_eq!(settling.field(), "input.settlingInDays");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn the_adoption_path_moves_to_a5_and_then_e12_and_frees_the_household() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let placement = app.placement(ISLINGTON, "ISL-1", &household).await;
        app.open_case_for(&placement).await;
        let la = app.la_staff(ISLINGTON);
        let ordered = record(
            app,
            &la,
            "recordPlacementOrder",
            &placement,
            json!({ "placementOrderOn": days_ago(8) }),
        )
        .await;
        let ordered = ordered.data()["recordPlacementOrder"]["placement"].clone();
        assert_eq!(ordered["status"], "FOSTERING");
        let placed = record(
            app,
            &app.agency_staff(),
            "placeForAdoption",
            &ordered,
            json!({ "placedForAdoptionOn": days_ago(6), "basis": "PLACEMENT_ORDER" }),
        )
        .await;
        let placed = placed.data()["placeForAdoption"]["placement"].clone();
        assert_eq!(placed["status"], "PLACED_FOR_ADOPTION");
        assert_eq!(placed["ssda903"]["placementType"], "A5");
        let adopted = record(
            app,
            &la,
            "recordAdoption",
            &placed,
            json!({ "adoptionOrderOn": days_ago(1), "application": "CONSENT_DISPENSED" }),
        )
        .await;
        let adopted = adopted.data()["recordAdoption"]["placement"].clone();
        assert_eq!(adopted["status"], "ADOPTED");
        assert_eq!(adopted["endedOn"], days_ago(1));
        assert_eq!(adopted["ssda903"]["reasonEpisodeCeased"], "E12");
        assert_eq!(adopted["household"]["status"], "APPROVED");
        let before = app.snapshot().await;
        record(
            app,
            &la,
            "endPlacement",
            &adopted,
            json!({ "outcome": "RETURNED_TO_PARENT", "endedOn": days_ago(0) }),
        )
        .await
        .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn placement_dates_must_come_in_order_and_steps_in_sequence() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let placement = app.placement(ISLINGTON, "ISL-1", &household).await;
        app.open_case_for(&placement).await;
        let agency = app.agency_staff();
        let before = app.snapshot().await;
        let early = record(
            app,
            &agency,
            "recordPlacementOrder",
            &placement,
            json!({ "placementOrderOn": days_ago(11) }),
        )
        .await;
        early.expect_code("BAD_USER_INPUT");
        assert_eq!(early.field(), "input.placementOrderOn");
        let no_order = record(
            app,
            &agency,
            "placeForAdoption",
            &placement,
            json!({ "placedForAdoptionOn": days_ago(5), "basis": "PLACEMENT_ORDER" }),
        )
        .await;
        no_order.expect_code("BAD_USER_INPUT");
        assert_eq!(no_order.field(), "input.basis");
        record(
            app,
            &agency,
            "recordAdoption",
            &placement,
            json!({ "adoptionOrderOn": days_ago(1), "application": "UNOPPOSED" }),
        )
        .await
        .expect_code("CONFLICT");
        let ended_early = record(
            app,
            &agency,
            "endPlacement",
            &placement,
            json!({ "outcome": "RETURNED_TO_PARENT", "endedOn": days_ago(11) }),
        )
        .await;
        assert_eq!(ended_early.field(), "input.endedOn");
        assert_eq!(app.snapshot().await, before);
        let consent = record(
            app,
            &agency,
            "placeForAdoption",
            &placement,
            json!({ "placedForAdoptionOn": days_ago(5), "basis": "CONSENT" }),
        )
        .await;
        assert_eq!(
            consent.data()["placeForAdoption"]["placement"]["ssda903"]["placementType"],
            "A3"
        );
    })
    .await;
}

#[tokio::test]
async fn ending_a_placement_records_the_outcome_and_its_903_code() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        let cases = [
            (json!({ "outcome": "RETURNED_TO_PARENT" }), "RETURNED_TO_PARENT", "E4A", false),
            (json!({ "outcome": "RETURNED_TO_RELATIVE", "relativeArrangement": "SPECIAL_GUARDIANSHIP_ORDER" }), "RETURNED_TO_RELATIVE", "E47", false),
            (json!({ "outcome": "RETURNED_TO_RELATIVE", "relativeArrangement": "CHILD_ARRANGEMENTS_ORDER" }), "RETURNED_TO_RELATIVE", "E41", false),
            (json!({ "outcome": "ENDED", "reason": "Carers asked for a move", "disruptionReason": "CREQB" }), "ENDED", "X1", true),
        ];
        for (n, (fields, status, rec, disrupted)) in cases.into_iter().enumerate() {
            let household = app.approved_household(&format!("HH-{n}")).await;
            let placement = app.placement(ISLINGTON, &format!("ISL-{n}"), &household).await;
            let mut fields = fields;
            fields["endedOn"] = json!(days_ago(2));
            let ended = record(app, &la, "endPlacement", &placement, fields).await;
            let ended = &ended.data()["endPlacement"]["placement"];
            assert_eq!(ended["status"], status);
            assert_eq!(ended["ssda903"]["reasonEpisodeCeased"], rec);
            assert_eq!(ended["disrupted"], disrupted);
            assert_eq!(ended["household"]["status"], "APPROVED");
        }
    })
    .await;
}

#[tokio::test]
async fn an_ended_placement_needs_a_reason_and_extras_fit_the_outcome() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let placement = app.placement(ISLINGTON, "ISL-1", &household).await;
        let la = app.la_staff(ISLINGTON);
        let before = app.snapshot().await;
        for (fields, field) in [
            (json!({ "outcome": "ENDED" }), "input.reason"),
            (
                json!({ "outcome": "RETURNED_TO_PARENT", "disruptionReason": "CREQB" }),
                "input.disruptionReason",
            ),
            (
                json!({ "outcome": "ENDED", "reason": "r", "relativeArrangement": "NO_ORDER" }),
                "input.relativeArrangement",
            ),
        ] {
            let mut fields = fields;
            fields["endedOn"] = json!(days_ago(1));
            let response = record(app, &la, "endPlacement", &placement, fields).await;
            response.expect_code("BAD_USER_INPUT");
            assert_eq!(response.field(), field);
        }
        for token in [app.la_readonly(ISLINGTON)] {
            record(
                app,
                &token,
                "endPlacement",
                &placement,
                json!({ "outcome": "RETURNED_TO_PARENT", "endedOn": days_ago(1) }),
            )
            .await
            .expect_code("FORBIDDEN");
        }
        let mut stale = placement.clone();
        stale["version"] = json!(9);
        record(
            app,
            &la,
            "recordPlacementOrder",
            &stale,
            json!({ "placementOrderOn": days_ago(1) }),
        )
        .await
        .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn alerts_flag_culture_and_full_time_care_without_blocking() {
    each_backend(async |app| {
        let shared = app.approved_household("HH-1").await;
        let placement = app.placement(ISLINGTON, "ISL-1", &shared).await;
        let quiet = app
            .gql(
                &app.la_staff(ISLINGTON),
                PLACEMENT,
                json!({ "id": placement["id"] }),
            )
            .await;
        assert_eq!(quiet.data()["placement"]["alerts"], json!([]));

        let mut input = household_input("HH-2");
        input["ethnicities"] = json!(["AIND"]);
        input["fullTimeCarer"] = json!(false);
        let other = app.approved_household_with(input).await;
        let placement = app.placement(ISLINGTON, "ISL-2", &other).await;
        let flagged = app
            .gql(
                &app.agency_staff(),
                PLACEMENT,
                json!({ "id": placement["id"] }),
            )
            .await;
        let kinds: Vec<&str> = flagged.data()["placement"]["alerts"]
            .as_array()
            .expect("alerts")
            .iter()
            .filter_map(|a| a["kind"].as_str())
            .collect();
        assert_eq!(kinds, ["CULTURE", "NO_FULL_TIME_CARER"]);
    })
    .await;
}

#[tokio::test]
async fn related_carers_make_the_placement_u2() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let referral = app.accepted_referral(ISLINGTON, "ISL-1").await;
        let input = json!({ "input": { "referralId": referral["id"], "householdId": household["id"], "carersRelatedToChild": true } });
        let proposed = app.gql(&app.agency_staff(), PROPOSE, input).await.data()["proposeMatch"]["match"].clone();
        let agreed = app
            .gql(&app.la_staff(ISLINGTON), AGREE, json!({ "input": { "id": proposed["id"], "version": proposed["version"] } }))
            .await
            .data()["agreeMatch"]["match"]
            .clone();
        let started = app
            .gql(&app.agency_staff(), START_PLACEMENT, json!({ "input": { "matchId": agreed["id"], "startedOn": days_ago(3) } }))
            .await;
        assert_eq!(started.data()["startPlacement"]["placement"]["ssda903"]["placementType"], "U2");
    })
    .await;
}

#[tokio::test]
async fn through_a_household_an_la_sees_only_its_own_placements() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let camden = app.placement(CAMDEN, "CAM-1", &household).await;
        record(
            app,
            &app.agency_staff(),
            "endPlacement",
            &camden,
            json!({ "outcome": "RETURNED_TO_PARENT", "endedOn": days_ago(9) }),
        )
        .await
        .data();
        let islington = app.placement(ISLINGTON, "ISL-1", &household).await;
        let seen = app
            .gql(
                &app.la_staff(ISLINGTON),
                HOUSEHOLD,
                json!({ "id": household["id"] }),
            )
            .await;
        let placements = &seen.data()["carerHousehold"]["placements"];
        assert_eq!(placements["totalCount"], 1);
        assert_eq!(placements["nodes"][0]["id"], islington["id"]);
        assert_eq!(seen.data()["carerHousehold"]["matches"]["totalCount"], 1);
        let agency = app
            .gql(
                &app.agency_staff(),
                HOUSEHOLD,
                json!({ "id": household["id"] }),
            )
            .await;
        assert_eq!(
            agency.data()["carerHousehold"]["placements"]["totalCount"],
            2
        );
        // Camden keeps its record of where its child lived.
        let camden_view = app
            .gql(
                &app.la_staff(CAMDEN),
                HOUSEHOLD,
                json!({ "id": household["id"] }),
            )
            .await;
        assert_eq!(
            camden_view.data()["carerHousehold"]["placements"]["totalCount"],
            1
        );
    })
    .await;
}

#[tokio::test]
async fn a_child_and_its_referral_show_their_placement() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let placement = app.placement(ISLINGTON, "ISL-1", &household).await;
        let query = "{ referrals { nodes { status placement { id } matches { totalCount } child { placements { totalCount nodes { id } } } } } }";
        let response = app.gql(&app.la_staff(ISLINGTON), query, json!({})).await;
        let referral = &response.data()["referrals"]["nodes"][0];
        assert_eq!(referral["status"], "PLACED");
        assert_eq!(referral["placement"]["id"], placement["id"]);
        assert_eq!(referral["matches"]["totalCount"], 1);
        assert_eq!(referral["child"]["placements"]["nodes"][0]["id"], placement["id"]);
        let other = app.gql(&app.la_staff(CAMDEN), query, json!({})).await;
        assert_eq!(other.data()["referrals"]["nodes"], json!([]));
    })
    .await;
}
