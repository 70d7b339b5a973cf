//! The contact alerts kept on each session: the report counts them, so they must follow every
//! change to a placement's sessions, and sessions written before they were kept get them when
//! migrations are applied.

use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::outcomes::{OUTCOMES, RECORD, SCHEDULE, VENUE, child_referral, fy2025, programme};

const ALERTS: &str = "query($id: ID!) { placement(id: $id) { contactAlerts { kind } } }";

async fn report_contact(app: &TestApp) -> Value {
    app.gql(
        &app.la_readonly(ISLINGTON),
        OUTCOMES,
        json!({ "period": fy2025() }),
    )
    .await
    .data()["outcomes"]["contact"]
        .clone()
}

fn alert_counts(contact: &Value) -> [i64; 3] {
    ["settlingInAlerts", "frequencyAlerts", "travelAlerts"]
        .map(|field| contact[field].as_i64().expect(field))
}

async fn placement_alert_kinds(app: &TestApp, placement: &Value) -> Vec<String> {
    let alerts = app
        .gql(
            &app.la_readonly(ISLINGTON),
            ALERTS,
            json!({ "id": placement["id"] }),
        )
        .await
        .data()["placement"]["contactAlerts"]
        .clone();
    alerts
        .as_array()
        .expect("alerts")
        .iter()
        .map(|a| a["kind"].as_str().expect("kind").to_owned())
        .collect()
}

async fn placement_with_venue(app: &TestApp, reference: &str) -> (Value, Value) {
    let placement = app
        .placed(
            ISLINGTON,
            child_referral(
                reference,
                "2025-04-01",
                Some("2025-03-20"),
                Some("2025-03-25"),
            ),
            "2025-04-01",
        )
        .await;
    let venue_input = json!({ "input": { "name": "Highbury", "kind": "CONTACT_ROOM",
        "location": { "latitude": 51.545, "longitude": -0.103 } } });
    let venue = app
        .gql(&app.agency_staff(), VENUE, venue_input)
        .await
        .data()["createContactVenue"]["venue"]
        .clone();
    (placement, venue)
}

/// Schedules one session at 10:00 UK time on `day` (summer) and answers the response.
async fn schedule(app: &TestApp, placement: &Value, venue: &Value, day: &str) -> Gql {
    let input = json!({ "input": {
        "placementId": placement["id"], "venueId": venue["id"],
        "startsAt": format!("{day}T09:00:00Z"), "endsAt": format!("{day}T10:00:00Z"),
        "supervisor": "Kim Supervisor", "attendees": ["Mother"],
    } });
    app.gql(&app.agency_staff(), SCHEDULE, input).await
}

#[tokio::test]
async fn cancelling_a_session_clears_the_alerts_it_caused_in_the_report() {
    each_backend(async |app| {
        let (placement, venue) = placement_with_venue(app, "SA").await;
        // Four sessions on consecutive days, well after settling in: all four crowd one week.
        let mut sessions = Vec::new();
        for day in ["2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05"] {
            let scheduled = schedule(app, &placement, &venue, day).await;
            sessions.push(scheduled.data()["scheduleContactSession"]["sessions"][0].clone());
        }
        assert_eq!(alert_counts(&report_contact(app).await), [0, 4, 0]);
        assert_eq!(
            placement_alert_kinds(app, &placement).await,
            ["FREQUENCY"; 4]
        );

        let cancel = json!({ "input": { "id": sessions[1]["id"], "version": sessions[1]["version"],
            "outcome": "CANCELLED", "cancelledBy": "PARENT" } });
        app.gql(&app.agency_staff(), RECORD, cancel).await.data();
        // Three sessions left in the week: no frequency alert, in the report or on the placement.
        assert_eq!(alert_counts(&report_contact(app).await), [0, 0, 0]);
        assert!(placement_alert_kinds(app, &placement).await.is_empty());

        // Another authority's report is untouched by any of this.
        let camden = app
            .gql(
                &app.la_readonly(CAMDEN),
                OUTCOMES,
                json!({ "period": fy2025() }),
            )
            .await;
        assert_eq!(camden.data()["outcomes"]["contact"]["offered"], 0);
    })
    .await;
}

#[tokio::test]
async fn sessions_written_before_alerts_were_kept_get_them_when_migrations_run() {
    each_backend(async |app| {
        programme(app).await;
        let kept = report_contact(app).await;
        assert_eq!(alert_counts(&kept), [1, 4, 1]);

        // As the rows were before migration 15: no flags at all, so the report counts none.
        app.db
            .conn()
            .execute_unprepared(
                "UPDATE contact_sessions \
                 SET settling_in_alert = NULL, frequency_alert = NULL, travel_alert = NULL",
            )
            .await
            .expect("clear flags");
        assert_eq!(alert_counts(&report_contact(app).await), [0, 0, 0]);

        permanence::setup::migrate(&app.db).await.expect("migrate");
        assert_eq!(report_contact(app).await, kept);
        // Nothing is left to compute: a second run refreshes no placement.
        let again = permanence::contact::alerts::backfill(&app.db)
            .await
            .expect("backfill");
        assert_eq!(again, 0);
    })
    .await;
}

#[tokio::test]
async fn sessions_scheduled_at_once_on_one_placement_see_each_other() {
    each_backend(async |app| {
        let (placement, venue) = placement_with_venue(app, "SC").await;
        // Each week: two sessions scheduled at the same moment as two others. Neither writer
        // alone crowds the week; together they do, so all four carry a frequency alert.
        let weeks = [
            ["2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05"],
            ["2025-07-07", "2025-07-08", "2025-07-09", "2025-07-10"],
            ["2025-08-04", "2025-08-05", "2025-08-06", "2025-08-07"],
        ];
        for [a, b, c, d] in weeks {
            let (first, second, third, fourth) = tokio::join!(
                schedule(app, &placement, &venue, a),
                schedule(app, &placement, &venue, b),
                schedule(app, &placement, &venue, c),
                schedule(app, &placement, &venue, d),
            );
            for response in [first, second, third, fourth] {
                response.data();
            }
        }
        assert_eq!(alert_counts(&report_contact(app).await), [0, 12, 0]);
        assert_eq!(
            placement_alert_kinds(app, &placement).await,
            ["FREQUENCY"; 12]
        );
    })
    .await;
}

#[tokio::test]
async fn the_settling_in_alert_follows_the_period_agreed_for_the_placement() {
    each_backend(async |app| {
        let household = app.approved_household("HH-SETTLE").await;
        let referral = app.accepted_referral(ISLINGTON, "ISL-SETTLE").await;
        let agreed = app.agreed_match(ISLINGTON, &referral, &household).await;
        let start = |days: i64| json!({ "input": { "matchId": agreed["id"], "startedOn": days_ago(5), "settlingInDays": days } });
        for outside in [6, 15] {
            let refused = app.gql(&app.agency_staff(), START_PLACEMENT, start(outside)).await;
            assert_eq!(refused.expect_code("BAD_USER_INPUT").field(), "input.settlingInDays");
        }
        let placement = app.gql(&app.agency_staff(), START_PLACEMENT, start(14)).await;
        let placement = placement.data()["startPlacement"]["placement"].clone();
        assert_eq!(placement["settlingInDays"], 14);
        let venue_input = json!({ "input": { "name": "Highbury", "kind": "CONTACT_ROOM",
            "location": { "latitude": 51.545, "longitude": -0.103 } } });
        let venue = app.gql(&app.agency_staff(), VENUE, venue_input).await.data()["createContactVenue"]["venue"].clone();
        let schedule_on = async |day: String| {
            let input = json!({ "input": {
                "placementId": placement["id"], "venueId": venue["id"],
                "startsAt": format!("{day}T12:00:00Z"), "endsAt": format!("{day}T13:00:00Z"),
                "supervisor": "Kim Supervisor", "attendees": ["Mother"],
            } });
            let answer = app.gql(&app.agency_staff(), "mutation($input: ScheduleContactSessionInput!) { scheduleContactSession(input: $input) { sessions { id } alerts { kind sessionId } } }", input).await;
            let payload = answer.data()["scheduleContactSession"].clone();
            let id = payload["sessions"][0]["id"].clone();
            payload["alerts"]
                .as_array()
                .expect("alerts")
                .iter()
                .filter(|a| a["sessionId"] == id)
                .map(|a| a["kind"].as_str().unwrap_or_default().to_owned())
                .collect::<Vec<String>>()
        };
        // Started five days ago: day 10 is inside a 14-day period (not inside the default 7),
        // day 14 is settled.
        assert_eq!(schedule_on(days_ago(-5)).await, ["SETTLING_IN"]);
        assert!(schedule_on(days_ago(-9)).await.is_empty());
        assert_eq!(placement_alert_kinds(app, &placement).await, ["SETTLING_IN"]);
    })
    .await;
}
