//! Care proceedings and assessments: the 26-week deadline and its alert, extensions, hearings,
//! orders that move the child's legal status and placement in the same transaction, all scoped.

use serde_json::{Value, json};

use crate::helpers::*;

const OPEN: &str = "mutation($input: OpenCareCaseInput!) { openCareCase(input: $input) { case { id version issuedOn deadline deadlineAlert concludedOn child { laReference } } } }";
const EXTEND: &str = "mutation($input: GrantExtensionInput!) { grantExtension(input: $input) { case { id version deadline extensions { weeks reason } } } }";
const HEARING: &str = "mutation($input: RecordHearingInput!) { recordHearing(input: $input) { hearing { kind heldOn outcome } } }";
const ORDER: &str = "mutation($input: RecordOrderInput!) { recordOrder(input: $input) { case { id version concludedOn orders { kind madeOn isFinal } child { legalStatus placements { nodes { status placementOrderOn adoptionOrderOn } } } } } }";
const CASE: &str = "query($id: ID!) { careCase(id: $id) { id deadline deadlineAlert hearings { kind } orders { kind } } }";
const COMMISSION: &str = "mutation($input: CommissionAssessmentInput!) { commissionAssessment(input: $input) { assessment { id version kind subject filedOn } } }";
const FILE: &str = "mutation($input: FileAssessmentInput!) { fileAssessment(input: $input) { assessment { id version filedOn outcome } } }";

async fn open_case(app: &TestApp, token: &str, child_id: &Value, issued_days_ago: i64) -> Gql {
    let input = json!({ "input": { "childId": child_id, "court": "East London Family Court", "caseNumber": "ZE26C00042", "issuedOn": days_ago(issued_days_ago) } });
    app.gql(token, OPEN, input).await
}

async fn case_for_new_child(app: &TestApp, reference: &str, issued_days_ago: i64) -> Value {
    let referral = app
        .submit_referral(&app.la_staff(ISLINGTON), reference)
        .await;
    let response = open_case(
        app,
        &app.la_staff(ISLINGTON),
        &referral["child"]["id"],
        issued_days_ago,
    )
    .await;
    response.data()["openCareCase"]["case"].clone()
}

fn order(case: &Value, kind: &str, made_days_ago: i64) -> Value {
    json!({ "input": { "caseId": case["id"], "version": case["version"], "kind": kind, "madeOn": days_ago(made_days_ago) } })
}

#[tokio::test]
async fn the_childs_la_opens_a_case_with_a_26_week_deadline() {
    each_backend(async |app| {
        let case = case_for_new_child(app, "ISL-1", 15).await;
        assert_eq!(case["issuedOn"], days_ago(15));
        assert_eq!(case["deadline"], days_ago(15 - 182));
        assert_eq!(case["deadlineAlert"], Value::Null);
        assert_eq!(case["child"]["laReference"], "ISL-1");
        assert_eq!(
            app.audit_actions().await.last().map(String::as_str),
            Some("care_case.opened")
        );
        let read = app
            .gql(
                &app.la_readonly(ISLINGTON),
                CASE,
                json!({ "id": case["id"] }),
            )
            .await;
        assert_eq!(read.data()["careCase"]["id"], case["id"]);
        let agency = app
            .gql(
                &app.agency_staff(),
                "{ careCases { totalCount } }",
                json!({}),
            )
            .await;
        assert_eq!(agency.data()["careCases"]["totalCount"], 1);
    })
    .await;
}

#[tokio::test]
async fn another_authority_sees_and_changes_nothing_in_court() {
    each_backend(async |app| {
        let case = case_for_new_child(app, "ISL-1", 15).await;
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-2").await;
        let other = app.la_staff(CAMDEN);
        app.gql(&other, CASE, json!({ "id": case["id"] })).await.expect_code("NOT_FOUND");
        let list = app.gql(&other, "{ careCases { totalCount } assessments { totalCount } }", json!({})).await;
        assert_eq!(list.data()["careCases"]["totalCount"], 0);
        assert_eq!(list.data()["assessments"]["totalCount"], 0);
        let before = app.snapshot().await;
        open_case(app, &other, &referral["child"]["id"], 5).await.expect_code("NOT_FOUND");
        app.gql(&other, ORDER, order(&case, "INTERIM_CARE_ORDER", 1)).await.expect_code("NOT_FOUND");
        let hearing = json!({ "input": { "caseId": case["id"], "kind": "CMH", "heldOn": days_ago(1) } });
        app.gql(&other, HEARING, hearing).await.expect_code("NOT_FOUND");
        let extend = json!({ "input": { "caseId": case["id"], "version": case["version"], "grantedOn": days_ago(1), "weeks": 2, "reason": "r" } });
        app.gql(&other, EXTEND, extend).await.expect_code("NOT_FOUND");
        let commission = json!({ "input": { "childId": referral["child"]["id"], "kind": "PARENTING", "subject": "Mother", "commissionedBy": "LA", "dueOn": days_ago(-30) } });
        app.gql(&other, COMMISSION, commission).await.expect_code("NOT_FOUND");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn read_only_users_cannot_record_and_one_case_at_a_time() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let before = app.snapshot().await;
        open_case(
            app,
            &app.la_readonly(ISLINGTON),
            &referral["child"]["id"],
            5,
        )
        .await
        .expect_code("FORBIDDEN");
        assert_eq!(app.snapshot().await, before);
        open_case(app, &app.agency_staff(), &referral["child"]["id"], 5)
            .await
            .data();
        let before = app.snapshot().await;
        open_case(app, &app.la_staff(ISLINGTON), &referral["child"]["id"], 3)
            .await
            .expect_code("CONFLICT");
        let future = open_case(app, &app.la_staff(ISLINGTON), &referral["child"]["id"], -1).await;
        assert_eq!(future.field(), "input.issuedOn");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn the_deadline_alert_starts_exactly_four_weeks_before() {
    each_backend(async |app| {
        // Deadline = issue + 182 days: issued 153 days ago leaves 29 days; 154 leaves 28.
        for (reference, issued, alert) in [
            ("ISL-A", 153, Value::Null),
            ("ISL-B", 154, json!("DEADLINE_APPROACHING")),
            ("ISL-C", 182, json!("DEADLINE_APPROACHING")),
            ("ISL-D", 183, json!("DEADLINE_PASSED")),
        ] {
            let case = case_for_new_child(app, reference, issued).await;
            assert_eq!(case["deadlineAlert"], alert, "issued {issued} days ago");
        }
    })
    .await;
}

#[tokio::test]
async fn an_extension_of_up_to_eight_weeks_moves_the_deadline() {
    each_backend(async |app| {
        let case = case_for_new_child(app, "ISL-1", 170).await;
        let la = app.la_staff(ISLINGTON);
        let extend = |case: &Value, weeks: i64, reason: &str| {
            json!({ "input": { "caseId": case["id"], "version": case["version"], "grantedOn": days_ago(1), "weeks": weeks, "reason": reason } })
        };
        let before = app.snapshot().await;
        let too_long = app.gql(&la, EXTEND, extend(&case, 9, "Expert report")).await;
        assert_eq!(too_long.field(), "input.weeks");
        let blank = app.gql(&la, EXTEND, extend(&case, 4, " ")).await;
        assert_eq!(blank.field(), "input.reason");
        assert_eq!(app.snapshot().await, before);
        let extended = app.gql(&la, EXTEND, extend(&case, 8, "Independent social work assessment")).await;
        let extended = extended.data()["grantExtension"]["case"].clone();
        assert_eq!(extended["deadline"], days_ago(170 - 182 - 56));
        assert_eq!(extended["extensions"], json!([{ "weeks": 8, "reason": "Independent social work assessment" }]));
        let before = app.snapshot().await;
        app.gql(&la, EXTEND, extend(&case, 2, "stale")).await.expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn hearings_are_recorded_in_date_order_after_issue() {
    each_backend(async |app| {
        let case = case_for_new_child(app, "ISL-1", 60).await;
        let la = app.la_staff(ISLINGTON);
        for (kind, days) in [("IRH", 5), ("CMH", 40)] {
            let input = json!({ "input": { "caseId": case["id"], "kind": kind, "heldOn": days_ago(days), "outcome": "Directions given" } });
            app.gql(&la, HEARING, input).await.data();
        }
        let early = json!({ "input": { "caseId": case["id"], "kind": "OTHER", "heldOn": days_ago(61) } });
        assert_eq!(app.gql(&la, HEARING, early).await.field(), "input.heldOn");
        let read = app.gql(&la, CASE, json!({ "id": case["id"] })).await;
        assert_eq!(read.data()["careCase"]["hearings"], json!([{ "kind": "CMH" }, { "kind": "IRH" }]));
    })
    .await;
}

#[tokio::test]
async fn an_interim_care_order_sets_legal_status_c1_and_does_not_conclude() {
    each_backend(async |app| {
        let case = case_for_new_child(app, "ISL-1", 30).await;
        let response = app
            .gql(
                &app.la_staff(ISLINGTON),
                ORDER,
                order(&case, "INTERIM_CARE_ORDER", 29),
            )
            .await;
        let after = &response.data()["recordOrder"]["case"];
        assert_eq!(after["child"]["legalStatus"], "C1");
        assert_eq!(after["concludedOn"], Value::Null);
        assert_eq!(
            after["orders"],
            json!([{ "kind": "INTERIM_CARE_ORDER", "madeOn": days_ago(29), "isFinal": false }])
        );
    })
    .await;
}

#[tokio::test]
async fn a_placement_order_dates_the_placement_sets_e1_and_concludes_the_case() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let placement = app.placement(ISLINGTON, "ISL-1", &household).await;
        let child_id = placement_child_id(app, &placement).await;
        let case = open_case(app, &app.la_staff(ISLINGTON), &child_id, 15)
            .await
            .data()["openCareCase"]["case"]
            .clone();
        let before = app.snapshot().await;
        let early = app
            .gql(
                &app.agency_staff(),
                ORDER,
                order(&case, "PLACEMENT_ORDER", 12),
            )
            .await;
        early.expect_code("BAD_USER_INPUT");
        assert_eq!(
            early.field(),
            "input.madeOn",
            "before the placement started"
        );
        assert_eq!(app.snapshot().await, before);
        let response = app
            .gql(
                &app.agency_staff(),
                ORDER,
                order(&case, "PLACEMENT_ORDER", 2),
            )
            .await;
        let after = &response.data()["recordOrder"]["case"];
        assert_eq!(after["concludedOn"], days_ago(2));
        assert_eq!(after["child"]["legalStatus"], "E1");
        assert_eq!(
            after["child"]["placements"]["nodes"][0]["placementOrderOn"],
            days_ago(2)
        );
        assert_eq!(
            after["child"]["placements"]["nodes"][0]["status"],
            "FOSTERING"
        );
        let actions = app.audit_actions().await;
        for action in [
            "placement.placement_order_recorded",
            "child.legal_status_changed",
            "court_order.recorded",
            "care_case.concluded",
        ] {
            assert!(actions.contains(&action.to_owned()), "{action}");
        }
    })
    .await;
}

#[tokio::test]
async fn an_adoption_order_needs_an_adoption_placement_and_completes_it() {
    each_backend(async |app| {
        let household = app.approved_household("HH-1").await;
        let placement = app.placement(ISLINGTON, "ISL-1", &household).await;
        let child_id = placement_child_id(app, &placement).await;
        let case = open_case(app, &app.la_staff(ISLINGTON), &child_id, 15).await.data()["openCareCase"]["case"].clone();
        let before = app.snapshot().await;
        app.gql(&app.agency_staff(), ORDER, order(&case, "ADOPTION_ORDER", 1)).await.expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before, "refused whole: no order, no status, no placement change");
        let ordered = app.gql(&app.agency_staff(), ORDER, order(&case, "PLACEMENT_ORDER", 8)).await;
        let case = ordered.data()["recordOrder"]["case"].clone();
        let placed = app
            .gql(
                &app.agency_staff(),
                "mutation($input: PlaceForAdoptionInput!) { placeForAdoption(input: $input) { placement { id } } }",
                json!({ "input": { "id": placement["id"], "version": 2, "placedForAdoptionOn": days_ago(6), "basis": "PLACEMENT_ORDER" } }),
            )
            .await;
        placed.data();
        let mut adoption = order(&case, "ADOPTION_ORDER", 1);
        adoption["input"]["adoptionApplication"] = json!("CONSENT_DISPENSED");
        let adopted = app.gql(&app.la_staff(ISLINGTON), ORDER, adoption).await;
        let nodes = &adopted.data()["recordOrder"]["case"]["child"]["placements"]["nodes"];
        assert_eq!(nodes[0]["status"], "ADOPTED");
        assert_eq!(nodes[0]["adoptionOrderOn"], days_ago(1));
    })
    .await;
}

#[tokio::test]
async fn an_assessment_is_commissioned_and_filed_once() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let la = app.la_staff(ISLINGTON);
        let input = json!({ "input": { "childId": referral["child"]["id"], "kind": "RELATIVE", "subject": "Maternal aunt", "commissionedBy": "Islington", "dueOn": days_ago(-20) } });
        let assessment = app.gql(&la, COMMISSION, input).await.data()["commissionAssessment"]["assessment"].clone();
        assert_eq!(assessment["kind"], "RELATIVE");
        let file = |a: &Value| json!({ "input": { "id": a["id"], "version": a["version"], "filedOn": days_ago(0), "outcome": "Positive: recommended as carer" } });
        app.gql(&app.la_staff(CAMDEN), FILE, file(&assessment)).await.expect_code("NOT_FOUND");
        app.gql(&app.la_readonly(ISLINGTON), FILE, file(&assessment)).await.expect_code("FORBIDDEN");
        let filed = app.gql(&app.agency_staff(), FILE, file(&assessment)).await;
        let filed = filed.data()["fileAssessment"]["assessment"].clone();
        assert_eq!(filed["filedOn"], days_ago(0));
        let before = app.snapshot().await;
        app.gql(&la, FILE, file(&filed)).await.expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
        let listed = app
            .gql(&la, "query($id: ID!) { child(id: $id) { assessments { totalCount } careCases { totalCount } } }", json!({ "id": referral["child"]["id"] }))
            .await;
        assert_eq!(listed.data()["child"]["assessments"]["totalCount"], 1);
    })
    .await;
}

async fn placement_child_id(app: &TestApp, placement: &Value) -> Value {
    let response = app
        .gql(
            &app.agency_staff(),
            "query($id: ID!) { placement(id: $id) { child { id } } }",
            json!({ "id": placement["id"] }),
        )
        .await;
    response.data()["placement"]["child"]["id"].clone()
}

#[tokio::test]
async fn read_only_users_record_nothing_and_stale_assessment_filing_conflicts() {
    each_backend(async |app| {
        let case = case_for_new_child(app, "ISL-1", 30).await;
        let readonly = app.la_readonly(ISLINGTON);
        let before = app.snapshot().await;
        let hearing = json!({ "input": { "caseId": case["id"], "kind": "CMH", "heldOn": days_ago(1) } });
        app.gql(&readonly, HEARING, hearing).await.expect_code("FORBIDDEN");
        app.gql(&readonly, ORDER, order(&case, "CARE_ORDER", 1)).await.expect_code("FORBIDDEN");
        let extend = json!({ "input": { "caseId": case["id"], "version": case["version"], "grantedOn": days_ago(1), "weeks": 2, "reason": "r" } });
        app.gql(&readonly, EXTEND, extend).await.expect_code("FORBIDDEN");
        assert_eq!(app.snapshot().await, before);
        let child = app.gql(&readonly, CASE, json!({ "id": case["id"] })).await;
        child.data();
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-2").await;
        let input = json!({ "input": { "childId": referral["child"]["id"], "kind": "PARENTING", "subject": "Father", "commissionedBy": "LA", "dueOn": days_ago(-10) } });
        let assessment = app.gql(&app.la_staff(ISLINGTON), COMMISSION, input).await.data()["commissionAssessment"]["assessment"].clone();
        let before = app.snapshot().await;
        let stale = json!({ "input": { "id": assessment["id"], "version": 3, "filedOn": days_ago(0), "outcome": "Negative" } });
        app.gql(&app.la_staff(ISLINGTON), FILE, stale).await.expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}
