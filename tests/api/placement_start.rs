//! A placement's start agrees with the records around it (issue 14, items 2 and 3): no
//! placement for a child whose birth is not recorded, none before the child's birth, the
//! referral or the carers' approvals — each refusal names the fields and changes nothing.

use serde_json::{Value, json};

use crate::helpers::*;

const BIRTH: &str =
    "mutation($input: RecordBirthInput!) { recordBirth(input: $input) { child { id version } } }";

fn start(agreed: &Value, on: String) -> Value {
    json!({ "input": { "matchId": agreed["id"], "startedOn": on } })
}

#[tokio::test]
async fn an_unborn_child_is_placed_only_after_the_birth_is_recorded() {
    each_backend(async |app| {
        let mut input = referral_input("ISL-UNBORN");
        input["child"]["dateOfBirth"] = Value::Null;
        input["child"]["enteredCareOn"] = Value::Null;
        input["child"]["expectedDateOfBirth"] = json!(days_ago(5));
        let submitted = app
            .submit_referral_with(&app.la_staff(ISLINGTON), input)
            .await;
        let referral = app.accept(&submitted).await;
        let household = app.approved_household("HH-U").await;
        let agreed = app.agreed_match(ISLINGTON, &referral, &household).await;
        let agency = app.agency_staff();

        let before = app.snapshot().await;
        let unborn = app.gql(&agency, START_PLACEMENT, start(&agreed, days_ago(1))).await;
        assert_eq!(unborn.expect_code("BAD_USER_INPUT").field(), "child.dateOfBirth");
        assert!(unborn.message().contains("recordBirth"), "{}", unborn.body);
        assert_eq!(app.snapshot().await, before, "the refusal changes nothing");

        let birth = json!({ "input": { "childId": submitted["child"]["id"], "version": 1, "dateOfBirth": days_ago(3) } });
        app.gql(&app.la_staff(ISLINGTON), BIRTH, birth).await.data();
        let early = app.gql(&agency, START_PLACEMENT, start(&agreed, days_ago(4))).await;
        assert_eq!(early.expect_code("BAD_USER_INPUT").field(), "input.startedOn");
        assert!(early.message().contains(&format!("dateOfBirth ({})", days_ago(3))), "{}", early.body);

        let placed = app.gql(&agency, START_PLACEMENT, start(&agreed, days_ago(3))).await;
        let placement = &placed.data()["startPlacement"]["placement"];
        assert_eq!((placement["status"].as_str(), placement["startedOn"].as_str()), (Some("FOSTERING"), Some(days_ago(3).as_str())));
    })
    .await;
}

#[tokio::test]
async fn a_placement_cannot_start_before_its_referral_or_the_carers_approvals() {
    each_backend(async |app| {
        let referral = app.accepted_referral(ISLINGTON, "ISL-DATES").await;
        let household = app.approved_household("HH-D").await;
        let agency = app.agency_staff();
        let dated = app
            .gql(
                &agency,
                UPDATE_HOUSEHOLD,
                json!({ "input": { "id": household["id"], "version": household["version"],
                    "fosteringApprovedOn": days_ago(8), "adopterApprovedOn": days_ago(6) } }),
            )
            .await;
        let dated = dated.data()["updateCarerHousehold"]["household"].clone();
        assert_eq!(dated["status"], "APPROVED");
        let agreed = app.agreed_match(ISLINGTON, &referral, &household).await;

        let before = app.snapshot().await;
        // Born 31 days ago and in care from 20 days ago; referred 12 days ago.
        for (on, named) in [
            (days_ago(13), format!("referredOn ({})", days_ago(12))),
            (
                days_ago(9),
                format!("fosteringApprovedOn ({})", days_ago(8)),
            ),
            (days_ago(7), format!("adopterApprovedOn ({})", days_ago(6))),
        ] {
            let refused = app.gql(&agency, START_PLACEMENT, start(&agreed, on)).await;
            assert_eq!(
                refused.expect_code("BAD_USER_INPUT").field(),
                "input.startedOn"
            );
            assert!(refused.message().contains("startedOn"), "{}", refused.body);
            assert!(refused.message().contains(&named), "{}", refused.body);
        }
        assert_eq!(app.snapshot().await, before, "refusals change nothing");

        // Backdated history is normal: the day of the later approval is allowed.
        let placed = app
            .gql(&agency, START_PLACEMENT, start(&agreed, days_ago(6)))
            .await;
        assert_eq!(
            placed.data()["startPlacement"]["placement"]["startedOn"],
            json!(days_ago(6))
        );
    })
    .await;
}

const STARTED: &str = "mutation($input: StartPlacementInput!) { startPlacement(input: $input) { placement { id version \
    referral { id status version } match { id status version } household { id status version } } } }";
const ENDED: &str = "mutation($input: EndPlacementInput!) { endPlacement(input: $input) { placement { id status version \
    referral { id status version closedOn } household { id status version } } } }";
const READ: &str = "query($r: ID!, $m: ID!, $h: ID!) { referral(id: $r) { status version } match(id: $m) { status version } carerHousehold(id: $h) { status version } }";

#[tokio::test]
async fn a_placement_payload_carries_the_records_it_changed_at_their_new_versions() {
    each_backend(async |app| {
        let referral = app.accepted_referral(ISLINGTON, "ISL-FX").await;
        let household = app.approved_household("HH-FX").await;
        let agreed = app.agreed_match(ISLINGTON, &referral, &household).await;
        let agency = app.agency_staff();
        let started = app.gql(&agency, STARTED, start(&agreed, days_ago(5))).await;
        let placement = started.data()["startPlacement"]["placement"].clone();
        let vars = json!({ "r": placement["referral"]["id"], "m": placement["match"]["id"], "h": placement["household"]["id"] });
        let read = app.gql(&agency, READ, vars.clone()).await;
        let read = read.data();
        let pick = |v: &Value| json!({ "status": v["status"], "version": v["version"] });
        assert_eq!(pick(&placement["referral"]), read["referral"]);
        assert_eq!(pick(&placement["match"]), read["match"]);
        assert_eq!(pick(&placement["household"]), read["carerHousehold"]);
        assert_eq!(placement["referral"]["status"], "PLACED");
        assert_eq!(placement["household"]["status"], "PLACED");

        let end = json!({ "input": { "id": placement["id"], "version": placement["version"], "outcome": "RETURNED_TO_PARENT", "endedOn": days_ago(1) } });
        let ended = app.gql(&agency, ENDED, end).await;
        let ended = &ended.data()["endPlacement"]["placement"];
        let read = app.gql(&agency, READ, vars).await;
        let read = read.data();
        assert_eq!(ended["referral"]["status"], "CLOSED");
        assert_eq!(ended["referral"]["closedOn"], json!(days_ago(1)));
        assert_eq!(pick(&ended["referral"]), read["referral"]);
        assert_eq!(pick(&ended["household"]), read["carerHousehold"]);
        assert_eq!(ended["household"]["status"], "APPROVED");
    })
    .await;
}

#[tokio::test]
async fn history_entered_later_carries_the_day_the_referral_was_accepted() {
    each_backend(async |app| {
        let submitted = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-ACC").await;
        let agency = app.agency_staff();
        let accept = |on: String| json!({ "input": { "id": submitted["id"], "version": submitted["version"], "acceptedOn": on } });
        let before = app.snapshot().await;
        for on in [days_ago(13), days_ago(-1)] {
            let refused = app.gql(&agency, ACCEPT, accept(on)).await;
            assert_eq!(refused.expect_code("BAD_USER_INPUT").field(), "input.acceptedOn");
        }
        assert_eq!(app.snapshot().await, before);
        let accepted = app.gql(&agency, ACCEPT, accept(days_ago(8))).await;
        let referral = accepted.data()["acceptReferral"]["referral"].clone();
        assert_eq!(referral["status"], "ACCEPTED");
        assert!(referral["decidedAt"].as_str().is_some_and(|t| t.starts_with(&days_ago(8))), "{referral}");
        let household = app.approved_household("HH-ACC").await;
        let agreed = app.agreed_match(ISLINGTON, &referral, &household).await;
        let early = app.gql(&agency, START_PLACEMENT, start(&agreed, days_ago(9))).await;
        assert_eq!(early.expect_code("BAD_USER_INPUT").field(), "input.startedOn");
        assert!(early.message().contains(&format!("acceptedOn) ({})", days_ago(8))), "{}", early.body);
        let placed = app.gql(&agency, START_PLACEMENT, start(&agreed, days_ago(8))).await;
        assert_eq!(placed.data()["startPlacement"]["placement"]["startedOn"], json!(days_ago(8)));
    })
    .await;
}

#[tokio::test]
async fn a_placement_cannot_end_before_contact_that_was_held_in_it() {
    use crate::outcomes::{RECORD, SCHEDULE, VENUE};
    each_backend(async |app| {
        let household = app.approved_household("HH-END").await;
        let placement = app.placement(ISLINGTON, "ISL-END", &household).await;
        let agency = app.agency_staff();
        let venue = json!({ "input": { "name": "Highbury", "kind": "CONTACT_ROOM", "location": { "latitude": 51.545, "longitude": -0.103 } } });
        let venue = app.gql(&agency, VENUE, venue).await.data()["createContactVenue"]["venue"]["id"].clone();
        let day = days_ago(3);
        let schedule = json!({ "input": { "placementId": placement["id"], "venueId": venue,
            "startsAt": format!("{day}T10:00:00Z"), "endsAt": format!("{day}T11:00:00Z"), "supervisor": "Kim", "attendees": ["Mother"] } });
        let session = app.gql(&agency, SCHEDULE, schedule).await.data()["scheduleContactSession"]["sessions"][0].clone();
        let held = json!({ "input": { "id": session["id"], "version": session["version"], "outcome": "ATTENDED" } });
        app.gql(&agency, RECORD, held).await.data();
        let version = app.gql(&agency, "query($id: ID!) { placement(id: $id) { version } }", json!({ "id": placement["id"] })).await.data()["placement"]["version"].clone();
        let end = |on: String| json!({ "input": { "id": placement["id"], "version": version, "outcome": "RETURNED_TO_PARENT", "endedOn": on } });
        const END: &str = "mutation($input: EndPlacementInput!) { endPlacement(input: $input) { placement { status endedOn } } }";

        let before = app.snapshot().await;
        let early = app.gql(&agency, END, end(days_ago(5))).await;
        assert_eq!(early.expect_code("BAD_USER_INPUT").field(), "input.endedOn");
        assert!(early.message().contains(&format!("held on {day}")), "{}", early.body);
        assert_eq!(app.snapshot().await, before, "refused whole");
        let ended = app.gql(&agency, END, end(days_ago(3))).await;
        assert_eq!(ended.data()["endPlacement"]["placement"]["endedOn"], json!(days_ago(3)), "the day of the session is fine");
    })
    .await;
}
