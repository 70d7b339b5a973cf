//! The court contact report, as GraphQL data and as a printable page: hand-counted figures,
//! escaping, and the same scoping as everything else.

use axum::http::StatusCode;
use chrono::{Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use serde_json::{Value, json};

use crate::helpers::*;

const REPORT: &str = "query($id: ID!, $from: Date!, $to: Date!) { contactReport(placementId: $id, from: $from, to: $to) { offered attended late missed cancelled { cancelledBy count } notRecorded attendanceRate settlingInDays alerts { kind } observations { outcome text } htmlPath } }";

fn at_ten(days_ago: i64) -> String {
    let day = Utc::now().date_naive() - Duration::days(days_ago);
    let local = day.and_time(NaiveTime::from_hms_opt(10, 0, 0).expect("time"));
    London
        .from_local_datetime(&local)
        .earliest()
        .expect("uk time")
        .with_timezone(&Utc)
        .to_rfc3339()
}

/// A placement started 10 days ago with six sessions in the last 9 days, recorded as:
/// 9 days ago cancelled by the carers; 7 attended (with an observation); 5 parent late;
/// 3 parent did not attend; 2 cancelled by the parent; 1 not yet recorded.
async fn placement_with_history(app: &TestApp) -> Value {
    let household = app.approved_household("HH-1").await;
    let placement = app.placement(ISLINGTON, "ISL-1", &household).await;
    let agency = app.agency_staff();
    let venue = app
        .gql(
            &agency,
            "mutation { createContactVenue(input: {name: \"Centre\", kind: CONTACT_ROOM, location: {latitude: 51.545, longitude: -0.103}}) { venue { id } } }",
            json!({}),
        )
        .await
        .data()["createContactVenue"]["venue"]["id"]
        .clone();
    let plan: [(i64, Option<Value>); 6] = [
        (
            9,
            Some(json!({ "outcome": "CANCELLED", "cancelledBy": "CARER" })),
        ),
        (
            7,
            Some(json!({ "outcome": "ATTENDED", "observations": "Fed <b>baby</b> & sang" })),
        ),
        (5, Some(json!({ "outcome": "PARENT_LATE" }))),
        (3, Some(json!({ "outcome": "PARENT_DID_NOT_ATTEND" }))),
        (
            2,
            Some(json!({ "outcome": "CANCELLED", "cancelledBy": "PARENT" })),
        ),
        (1, None),
    ];
    for (days, record) in plan {
        let start = at_ten(days);
        let end = (chrono::DateTime::parse_from_rfc3339(&start).expect("rfc3339")
            + Duration::hours(2))
        .to_rfc3339();
        let input = json!({ "input": { "placementId": placement["id"], "venueId": venue, "startsAt": start, "endsAt": end, "supervisor": "Kim", "attendees": ["Mother"] } });
        let scheduled = app
            .gql(&agency, "mutation($input: ScheduleContactSessionInput!) { scheduleContactSession(input: $input) { sessions { id version } } }", input)
            .await;
        let session = scheduled.data()["scheduleContactSession"]["sessions"][0].clone();
        if let Some(mut record) = record {
            record["id"] = session["id"].clone();
            record["version"] = session["version"].clone();
            app.gql(&agency, "mutation($input: RecordContactSessionInput!) { recordContactSession(input: $input) { session { id } } }", json!({ "input": record }))
                .await
                .data();
        }
    }
    placement
}

#[tokio::test]
async fn the_report_counts_what_happened_as_defined() {
    each_backend(async |app| {
        let placement = placement_with_history(app).await;
        let variables = json!({ "id": placement["id"], "from": days_ago(9), "to": days_ago(0) });
        let response = app
            .gql(&app.la_readonly(ISLINGTON), REPORT, variables)
            .await;
        let report = &response.data()["contactReport"];
        assert_eq!(report["offered"], 6);
        assert_eq!(report["attended"], 1);
        assert_eq!(report["late"], 1);
        assert_eq!(report["missed"], 1);
        assert_eq!(
            report["cancelled"],
            json!([{ "cancelledBy": "PARENT", "count": 1 }, { "cancelledBy": "CARER", "count": 1 }])
        );
        assert_eq!(report["notRecorded"], 1);
        // (1 attended + 1 late) / (1 + 1 + 1 missed + 1 cancelled by the parent).
        assert_eq!(report["attendanceRate"], 0.5);
        // First session that went ahead: 7 days ago; the placement started 10 days ago.
        assert_eq!(report["settlingInDays"], 3);
        assert_eq!(
            report["observations"],
            json!([{ "outcome": "ATTENDED", "text": "Fed <b>baby</b> & sang" }])
        );
        let kinds: Vec<&str> = report["alerts"]
            .as_array()
            .expect("alerts")
            .iter()
            .filter_map(|a| a["kind"].as_str())
            .collect();
        assert!(
            kinds.contains(&"SETTLING_IN") && kinds.contains(&"FREQUENCY"),
            "{kinds:?}"
        );

        let narrow = app
            .gql(
                &app.agency_staff(),
                REPORT,
                json!({ "id": placement["id"], "from": days_ago(3), "to": days_ago(3) }),
            )
            .await;
        assert_eq!(narrow.data()["contactReport"]["offered"], 1);
        assert_eq!(narrow.data()["contactReport"]["attendanceRate"], 0.0);
        let backwards = app
            .gql(
                &app.agency_staff(),
                REPORT,
                json!({ "id": placement["id"], "from": days_ago(1), "to": days_ago(3) }),
            )
            .await;
        assert_eq!(backwards.field(), "to");
    })
    .await;
}

#[tokio::test]
async fn another_authority_gets_no_report() {
    each_backend(async |app| {
        let placement = placement_with_history(app).await;
        let variables = json!({ "id": placement["id"], "from": days_ago(9), "to": days_ago(0) });
        app.gql(&app.la_staff(CAMDEN), REPORT, variables)
            .await
            .expect_code("NOT_FOUND");
    })
    .await;
}

#[tokio::test]
async fn the_printable_report_is_escaped_authenticated_and_scoped() {
    each_backend(async |app| {
        let placement = placement_with_history(app).await;
        let report = app
            .gql(
                &app.la_staff(ISLINGTON),
                REPORT,
                json!({ "id": placement["id"], "from": days_ago(9), "to": days_ago(0) }),
            )
            .await;
        let path = report.data()["contactReport"]["htmlPath"]
            .as_str()
            .expect("path")
            .to_owned();
        let (status, body, content_type) = app.get(Some(&app.la_staff(ISLINGTON)), &path).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
        assert!(body.contains("Sessions offered</th><td>6"), "{body}");
        assert!(body.contains("Attendance rate</th><td>50%"), "{body}");
        assert!(
            body.contains("Fed &#60;b&#62;baby&#60;/b&#62; &#38; sang"),
            "observations are escaped"
        );
        assert!(!body.contains("<b>baby</b>"));
        let (other, other_body, _) = app.get(Some(&app.la_staff(CAMDEN)), &path).await;
        let missing_path = format!(
            "/reports/contact/{}?from=2026-01-01&to=2026-01-02",
            permanence::graphql::node::global_id("Placement", uuid::Uuid::now_v7()).as_str()
        );
        let (missing, missing_body, _) = app.get(Some(&app.la_staff(CAMDEN)), &missing_path).await;
        assert_eq!(
            (other, missing),
            (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND)
        );
        assert_eq!(other_body, missing_body);
        let (anonymous, _, _) = app.get(None, &path).await;
        assert_eq!(anonymous, StatusCode::UNAUTHORIZED);
        let bad = path.replace(&days_ago(9), "yesterday");
        let (status, message, _) = app.get(Some(&app.agency_staff()), &bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("from"), "{message}");
    })
    .await;
}
