//! Supervised contact: venues, sessions and weekly series scheduled by the agency, recorded
//! once, read by the child's LA only; alerts at exactly their boundaries.

use chrono::{Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use serde_json::{Value, json};

use crate::helpers::*;

const CREATE_VENUE: &str = "mutation($input: CreateContactVenueInput!) { createContactVenue(input: $input) { venue { id version name kind active } } }";
const UPDATE_VENUE: &str = "mutation($input: UpdateContactVenueInput!) { updateContactVenue(input: $input) { venue { id version active } } }";
const SCHEDULE: &str = "mutation($input: ScheduleContactSessionInput!) { scheduleContactSession(input: $input) { sessions { id version startsAt distanceMiles attendees } alerts { kind sessionId } } }";
pub(crate) const SERIES: &str = "mutation($input: ScheduleContactSeriesInput!) { scheduleContactSeries(input: $input) { sessions { id startsAt endsAt } alerts { kind sessionId } } }";
const RECORD: &str = "mutation($input: RecordContactSessionInput!) { recordContactSession(input: $input) { session { id version outcome cancelledBy observations recordedAt } alerts { kind } } }";
const SESSION: &str = "query($id: ID!) { contactSession(id: $id) { id outcome observations venue { name } placement { id } alerts { kind } } }";

/// 10:00 UK time on the day `days` ago, as RFC 3339.
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

fn two_hours_after(start: &str) -> String {
    let start = chrono::DateTime::parse_from_rfc3339(start).expect("rfc3339");
    (start + Duration::hours(2))
        .with_timezone(&Utc)
        .to_rfc3339()
}

async fn venue(app: &TestApp, name: &str, latitude: f64, longitude: f64) -> Value {
    let input = json!({ "input": { "name": name, "kind": "CONTACT_ROOM", "location": { "latitude": latitude, "longitude": longitude } } });
    app.gql(&app.agency_staff(), CREATE_VENUE, input)
        .await
        .data()["createContactVenue"]["venue"]
        .clone()
}

/// A placement (started 10 days ago, carers in N7) and a venue about a mile away.
pub(crate) async fn placement_and_venue(
    app: &TestApp,
    authority: &str,
    reference: &str,
) -> (Value, Value) {
    let household = app.approved_household(&format!("HH-{reference}")).await;
    let placement = app.placement(authority, reference, &household).await;
    let venue = venue(app, "Highbury contact centre", 51.5450, -0.1030).await;
    (placement, venue)
}

async fn schedule(app: &TestApp, placement: &Value, venue: &Value, starts_at: String) -> Gql {
    let input = json!({ "input": {
        "placementId": placement["id"], "venueId": venue["id"], "startsAt": starts_at,
        "endsAt": two_hours_after(&starts_at), "supervisor": "Kim Supervisor", "attendees": ["Mother"],
    } });
    app.gql(&app.agency_staff(), SCHEDULE, input).await
}

fn alert_kinds(alerts: &Value) -> Vec<String> {
    let mut kinds: Vec<String> = alerts
        .as_array()
        .expect("alerts")
        .iter()
        .filter_map(|a| a["kind"].as_str().map(str::to_owned))
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

#[tokio::test]
async fn the_agency_schedules_a_session_and_the_childs_la_reads_it() {
    each_backend(async |app| {
        let (placement, venue) = placement_and_venue(app, ISLINGTON, "ISL-1").await;
        let response = schedule(app, &placement, &venue, at_ten(1)).await;
        let payload = &response.data()["scheduleContactSession"];
        let session = payload["sessions"][0].clone();
        assert_eq!(session["attendees"], json!(["Mother"]));
        let miles = session["distanceMiles"].as_f64().expect("miles");
        assert!((0.3..1.0).contains(&miles), "{miles}");
        assert_eq!(payload["alerts"], json!([]));
        assert_eq!(
            app.audit_actions().await.last().map(String::as_str),
            Some("contact_session.scheduled")
        );
        let seen = app
            .gql(
                &app.la_readonly(ISLINGTON),
                SESSION,
                json!({ "id": session["id"] }),
            )
            .await;
        assert_eq!(
            seen.data()["contactSession"]["venue"]["name"],
            "Highbury contact centre"
        );
        let venues = app
            .gql(
                &app.la_staff(ISLINGTON),
                "{ contactVenues { totalCount } }",
                json!({}),
            )
            .await;
        assert_eq!(
            venues.data()["contactVenues"]["totalCount"],
            1,
            "the LA sees its sessions' venue"
        );
    })
    .await;
}

#[tokio::test]
async fn another_authority_sees_no_session_and_no_venue() {
    each_backend(async |app| {
        let (placement, venue) = placement_and_venue(app, ISLINGTON, "ISL-1").await;
        let session = schedule(app, &placement, &venue, at_ten(1)).await.data()["scheduleContactSession"]["sessions"][0].clone();
        let other = app.la_staff(CAMDEN);
        app.gql(&other, SESSION, json!({ "id": session["id"] })).await.expect_code("NOT_FOUND");
        let node = app.gql(&other, "query($id: ID!) { node(id: $id) { id } }", json!({ "id": session["id"] })).await;
        node.expect_code("NOT_FOUND");
        let venue_node = app.gql(&other, "query($id: ID!) { node(id: $id) { id } }", json!({ "id": venue["id"] })).await;
        venue_node.expect_code("NOT_FOUND");
        let lists = app.gql(&other, "{ contactSessions { totalCount } contactVenues { totalCount } }", json!({})).await;
        assert_eq!(lists.data()["contactSessions"]["totalCount"], 0);
        assert_eq!(lists.data()["contactVenues"]["totalCount"], 0);
    })
    .await;
}

#[tokio::test]
async fn only_the_agency_manages_venues_and_schedules_or_records_contact() {
    each_backend(async |app| {
        let (placement, venue) = placement_and_venue(app, ISLINGTON, "ISL-1").await;
        let session = schedule(app, &placement, &venue, at_ten(1)).await.data()["scheduleContactSession"]["sessions"][0].clone();
        let before = app.snapshot().await;
        for token in [app.la_staff(ISLINGTON), app.la_readonly(ISLINGTON)] {
            let input = json!({ "input": { "name": "X", "kind": "COMMUNITY", "location": { "latitude": 51.5, "longitude": -0.1 } } });
            app.gql(&token, CREATE_VENUE, input).await.expect_code("FORBIDDEN");
            let input = json!({ "input": {
                "placementId": placement["id"], "venueId": venue["id"], "startsAt": at_ten(0),
                "endsAt": two_hours_after(&at_ten(0)), "supervisor": "S", "attendees": ["Mother"] } });
            app.gql(&token, SCHEDULE, input).await.expect_code("FORBIDDEN");
            let input = json!({ "input": { "id": session["id"], "version": session["version"], "outcome": "ATTENDED" } });
            app.gql(&token, RECORD, input).await.expect_code("FORBIDDEN");
        }
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_weekly_series_creates_every_session_in_one_go() {
    each_backend(async |app| {
        let (placement, venue) = placement_and_venue(app, ISLINGTON, "ISL-1").await;
        let from = Utc::now().date_naive() + Duration::days(1);
        let input = json!({ "input": {
            "placementId": placement["id"], "venueId": venue["id"], "weekdays": ["MONDAY", "WEDNESDAY", "FRIDAY"],
            "startTime": "10:00", "durationMinutes": 120, "from": from.to_string(), "weeks": 2,
            "supervisor": "Kim Supervisor", "attendees": ["Mother", "Maternal grandmother"],
        } });
        let response = app.gql(&app.agency_staff(), SERIES, input.clone()).await;
        let payload = &response.data()["scheduleContactSeries"];
        assert_eq!(payload["sessions"].as_array().map(Vec::len), Some(6));
        assert_eq!(payload["alerts"], json!([]), "three a week, after settling in");
        let listed = app
            .gql(&app.la_staff(ISLINGTON), "query($id: ID!) { placement(id: $id) { contactSessions { totalCount } } }", json!({ "id": placement["id"] }))
            .await;
        assert_eq!(listed.data()["placement"]["contactSessions"]["totalCount"], 6);

        let before = app.snapshot().await;
        for (key, value, field) in [
            ("weeks", json!(0), "input.weeks"),
            ("startTime", json!("25:00"), "input.startTime"),
            ("attendees", json!([]), "input.attendees"),
            ("weekdays", json!([]), "input.weekdays"),
            ("durationMinutes", json!(5), "input.durationMinutes"),
        ] {
            let mut bad = input.clone();
            bad["input"][key] = value;
            let response = app.gql(&app.agency_staff(), SERIES, bad).await;
            response.expect_code("BAD_USER_INPUT");
            assert_eq!(response.field(), field);
        }
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn contact_on_day_seven_is_settled_and_on_day_six_is_flagged() {
    each_backend(async |app| {
        // The placement started 10 days ago: day 7 is 3 days ago, day 6 is 4 days ago.
        let (placement, venue) = placement_and_venue(app, ISLINGTON, "ISL-1").await;
        let settled = schedule(app, &placement, &venue, at_ten(3)).await;
        assert_eq!(
            settled.data()["scheduleContactSession"]["alerts"],
            json!([])
        );
        let early = schedule(app, &placement, &venue, at_ten(4)).await;
        let payload = &early.data()["scheduleContactSession"];
        assert_eq!(alert_kinds(&payload["alerts"]), ["SETTLING_IN"]);
        assert_eq!(
            payload["alerts"][0]["sessionId"],
            payload["sessions"][0]["id"]
        );
    })
    .await;
}

#[tokio::test]
async fn a_fourth_session_within_seven_days_is_flagged_but_not_blocked() {
    each_backend(async |app| {
        let (placement, venue) = placement_and_venue(app, ISLINGTON, "ISL-1").await;
        for days in [-1, -3, -5] {
            let response = schedule(app, &placement, &venue, at_ten(days)).await;
            assert_eq!(
                response.data()["scheduleContactSession"]["alerts"],
                json!([])
            );
        }
        // Day +8 opens a new window with +3 and +5: still three.
        let spread = schedule(app, &placement, &venue, at_ten(-8)).await;
        assert_eq!(spread.data()["scheduleContactSession"]["alerts"], json!([]));
        let fourth = schedule(app, &placement, &venue, at_ten(-7)).await;
        let payload = &fourth.data()["scheduleContactSession"];
        assert_eq!(
            payload["sessions"].as_array().map(Vec::len),
            Some(1),
            "scheduled anyway"
        );
        assert_eq!(alert_kinds(&payload["alerts"]), ["FREQUENCY"]);
    })
    .await;
}

#[tokio::test]
async fn a_venue_more_than_twenty_miles_away_is_flagged() {
    each_backend(async |app| {
        let (placement, _) = placement_and_venue(app, ISLINGTON, "ISL-1").await;
        // Carers at 51.5500,-0.1100. 0.2895 degrees of latitude is 20.0 miles; 0.2950 is 20.4.
        let inside = venue(app, "Inside", 51.5500 + 0.2890, -0.1100).await;
        let outside = venue(app, "Outside", 51.5500 + 0.2950, -0.1100).await;
        let ok = schedule(app, &placement, &inside, at_ten(-1)).await;
        let ok = &ok.data()["scheduleContactSession"];
        assert!(ok["sessions"][0]["distanceMiles"].as_f64().expect("miles") <= 20.0);
        assert_eq!(ok["alerts"], json!([]));
        let far = schedule(app, &placement, &outside, at_ten(-3)).await;
        let far = &far.data()["scheduleContactSession"];
        assert!(far["sessions"][0]["distanceMiles"].as_f64().expect("miles") > 20.0);
        assert_eq!(alert_kinds(&far["alerts"]), ["TRAVEL"]);
    })
    .await;
}

#[tokio::test]
async fn a_session_is_recorded_once_with_its_outcome_and_observations() {
    each_backend(async |app| {
        let (placement, venue) = placement_and_venue(app, ISLINGTON, "ISL-1").await;
        let past = schedule(app, &placement, &venue, at_ten(1)).await.data()["scheduleContactSession"]["sessions"][0].clone();
        let future = schedule(app, &placement, &venue, at_ten(-2)).await.data()["scheduleContactSession"]["sessions"][0].clone();
        let agency = app.agency_staff();
        let input = |s: &Value, extra: Value| {
            let mut input = json!({ "id": s["id"], "version": s["version"] });
            for (k, v) in extra.as_object().expect("object") {
                input[k] = v.clone();
            }
            json!({ "input": input })
        };
        let before = app.snapshot().await;
        for (extra, field) in [
            (json!({ "outcome": "CANCELLED" }), "input.cancelledBy"),
            (json!({ "outcome": "ATTENDED", "cancelledBy": "PARENT" }), "input.cancelledBy"),
        ] {
            let response = app.gql(&agency, RECORD, input(&past, extra)).await;
            response.expect_code("BAD_USER_INPUT");
            assert_eq!(response.field(), field);
        }
        let not_yet = app.gql(&agency, RECORD, input(&future, json!({ "outcome": "ATTENDED" }))).await;
        assert_eq!(not_yet.field(), "input.outcome");
        assert_eq!(app.snapshot().await, before);

        let observation = "Mother soothed the baby well; warm interaction throughout.";
        let recorded = app
            .gql(&agency, RECORD, input(&past, json!({ "outcome": "PARENT_LATE", "carerHandoverAtStart": true, "observations": observation })))
            .await;
        let recorded = recorded.data()["recordContactSession"]["session"].clone();
        assert_eq!(recorded["outcome"], "PARENT_LATE");
        let seen = app.gql(&app.la_readonly(ISLINGTON), SESSION, json!({ "id": past["id"] })).await;
        assert_eq!(seen.data()["contactSession"]["observations"], observation);
        let events = app
            .gql(&agency, "{ auditEvents(first: 100) { nodes { action changes } } }", json!({}))
            .await;
        let events = events.data()["auditEvents"].to_string();
        assert!(events.contains("contact_session.recorded"));
        assert!(
            !events.contains("warm interaction"),
            "observations are kept out of the audit trail"
        );
        app.gql(&agency, RECORD, input(&recorded, json!({ "outcome": "ATTENDED" }))).await.expect_code("CONFLICT");
        app.gql(&agency, RECORD, input(&past, json!({ "outcome": "ATTENDED" }))).await.expect_code("CONFLICT");
        let cancelled = app
            .gql(&agency, RECORD, input(&future, json!({ "outcome": "CANCELLED", "cancelledBy": "COURT" })))
            .await;
        assert_eq!(cancelled.data()["recordContactSession"]["session"]["cancelledBy"], "COURT");
    })
    .await;
}

#[tokio::test]
async fn contact_is_scheduled_only_on_an_open_placement_at_an_open_venue() {
    each_backend(async |app| {
        let (placement, venue) = placement_and_venue(app, ISLINGTON, "ISL-1").await;
        let closed = app
            .gql(&app.agency_staff(), UPDATE_VENUE, json!({ "input": { "id": venue["id"], "version": venue["version"], "active": false } }))
            .await;
        let closed = closed.data()["updateContactVenue"]["venue"].clone();
        assert_eq!(closed["active"], false);
        let before = app.snapshot().await;
        let response = schedule(app, &placement, &closed, at_ten(1)).await;
        response.expect_code("BAD_USER_INPUT");
        assert_eq!(response.field(), "input.venueId");
        let open_venue = venue_named(app).await;
        let backwards = json!({ "input": {
            "placementId": placement["id"], "venueId": open_venue["id"], "startsAt": at_ten(1),
            "endsAt": at_ten(2), "supervisor": "S", "attendees": ["Mother"] } });
        let response = app.gql(&app.agency_staff(), SCHEDULE, backwards).await;
        assert_eq!(response.field(), "input.endsAt");
        let ended = app
            .gql(
                &app.agency_staff(),
                "mutation($input: EndPlacementInput!) { endPlacement(input: $input) { placement { id } } }",
                json!({ "input": { "id": placement["id"], "version": placement["version"], "outcome": "RETURNED_TO_PARENT", "endedOn": days_ago(1) } }),
            )
            .await;
        ended.data();
        let before_closed = app.snapshot().await;
        schedule(app, &placement, &open_venue, at_ten(0)).await.expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before_closed);
        assert_ne!(before, before_closed);
    })
    .await;
}

async fn venue_named(app: &TestApp) -> Value {
    venue(app, "Community hall", 51.55, -0.11).await
}

#[tokio::test]
async fn a_stale_venue_update_or_session_record_conflicts() {
    each_backend(async |app| {
        let (placement, venue) = placement_and_venue(app, ISLINGTON, "ISL-1").await;
        let session = schedule(app, &placement, &venue, at_ten(1)).await.data()["scheduleContactSession"]["sessions"][0].clone();
        let before = app.snapshot().await;
        let stale_venue = json!({ "input": { "id": venue["id"], "version": 9, "name": "Renamed" } });
        app.gql(&app.agency_staff(), UPDATE_VENUE, stale_venue).await.expect_code("CONFLICT");
        let stale_session = json!({ "input": { "id": session["id"], "version": 9, "outcome": "ATTENDED" } });
        app.gql(&app.agency_staff(), RECORD, stale_session).await.expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_series_across_the_spring_clock_change_is_three_a_week_not_an_alert() {
    each_backend(async |app| {
        let (placement, venue) = placement_and_venue(app, ISLINGTON, "ISL-DST").await;
        // Clocks go forward on Sunday 28 March 2027: two weeks of Monday/Wednesday/Friday 10:00.
        let input = json!({ "input": {
            "placementId": placement["id"], "venueId": venue["id"], "weekdays": ["MONDAY", "WEDNESDAY", "FRIDAY"],
            "startTime": "10:00", "durationMinutes": 60, "from": "2027-03-22", "weeks": 2,
            "supervisor": "Kim Supervisor", "attendees": ["Mother"],
        } });
        let response = app.gql(&app.agency_staff(), SERIES, input).await;
        let payload = &response.data()["scheduleContactSeries"];
        let starts: Vec<&str> = payload["sessions"]
            .as_array()
            .expect("sessions")
            .iter()
            .filter_map(|s| s["startsAt"].as_str())
            .collect();
        assert_eq!(starts.first(), Some(&"2027-03-22T10:00:00+00:00"), "{starts:?}");
        assert_eq!(starts.get(3), Some(&"2027-03-29T09:00:00+00:00"), "10:00 BST");
        assert_eq!(payload["alerts"], json!([]));
    })
    .await;
}

#[tokio::test]
async fn contact_before_the_placement_started_is_refused_and_changes_nothing() {
    each_backend(async |app| {
        // The placement started ten days ago.
        let (placement, venue) = placement_and_venue(app, ISLINGTON, "ISL-EARLY").await;
        let before = app.snapshot().await;
        let start = at_ten(11);
        let single = json!({ "input": {
            "placementId": placement["id"], "venueId": venue["id"], "startsAt": start,
            "endsAt": two_hours_after(&start), "supervisor": "Kim Supervisor", "attendees": ["Mother"],
        } });
        let refused = app.gql(&app.agency_staff(), SCHEDULE, single).await;
        assert_eq!(refused.expect_code("BAD_USER_INPUT").field(), "input.startsAt");
        assert!(refused.message().contains("startedOn"), "{}", refused.body);
        let series = json!({ "input": {
            "placementId": placement["id"], "venueId": venue["id"], "weekdays": ["MONDAY", "THURSDAY"],
            "startTime": "10:00", "durationMinutes": 60, "from": days_ago(14), "weeks": 2,
            "supervisor": "Kim Supervisor", "attendees": ["Mother"],
        } });
        let refused = app.gql(&app.agency_staff(), SERIES, series).await;
        assert_eq!(refused.expect_code("BAD_USER_INPUT").field(), "input.from");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}
