//! Robustness (issue 13): what fuzzing found, each case kept so it cannot return — work bounded
//! before validation, no panic and no raw database error from any input, the same answer from
//! SQLite and PostgreSQL, a code on every error, safe CSV cells, honest types, introspection for
//! standard tooling, slow clients, and past events not dated in the future.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

/// `query { ...F0 }` where each of `levels` fragments spreads the next twice: 2^levels fields.
fn doubling(levels: usize) -> String {
    let mut query = String::from("query { ...F0 }");
    for i in 0..levels {
        query.push_str(&format!(
            " fragment F{i} on Query {{ ...F{n} ...F{n} }}",
            n = i + 1
        ));
    }
    query.push_str(&format!(" fragment F{levels} on Query {{ me {{ sub }} }}"));
    query
}

async fn post(client: &reqwest::Client, url: &str, token: &str, query: &str) -> (u16, Value) {
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .header("accept", MODERN_CLIENT)
        .header("authorization", format!("Bearer {token}"))
        .body(json!({ "query": query }).to_string())
        .send()
        .await
        .expect("answer");
    let status = response.status().as_u16();
    let body = response.bytes().await.expect("body");
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn exponential_fragments_are_refused_in_linear_time_and_the_server_keeps_answering() {
    each_backend(async |app| {
        let token = app.la_readonly(ISLINGTON);
        let query = doubling(30);
        let started = Instant::now();
        let response = app.gql(&token, &query, json!({})).await;
        let took = started.elapsed();
        assert_eq!(
            response.status,
            StatusCode::BAD_REQUEST,
            "{}",
            response.body
        );
        assert_eq!(response.code(), "GRAPHQL_VALIDATION_FAILED");
        assert_eq!(response.message(), "Query is too complex.");
        assert!(took < Duration::from_millis(100), "took {took:?}");
        // Longer than 2 KiB: parsed and checked on the blocking pool, refused the same way.
        let long = doubling(70);
        assert!(long.len() > 2048);
        let response = app.gql(&token, &long, json!({})).await;
        assert_eq!(response.message(), "Query is too complex.");

        // Eight at once over TCP, while /healthz keeps answering.
        let address = app.listen().await;
        let client = reqwest::Client::new();
        let url = format!("http://{address}/graphql");
        let attacks: Vec<_> = (0..8)
            .map(|_| {
                let (client, url, token, query) =
                    (client.clone(), url.clone(), token.clone(), query.clone());
                tokio::spawn(async move { post(&client, &url, &token, &query).await })
            })
            .collect();
        let started = Instant::now();
        let health = client
            .get(format!("http://{address}/healthz"))
            .send()
            .await
            .expect("healthz");
        assert_eq!(health.status().as_u16(), 200);
        assert!(started.elapsed() < Duration::from_millis(100));
        for attack in attacks {
            let (status, body) = attack.await.expect("task");
            assert_eq!(status, 400, "{body}");
        }
    })
    .await;
}

#[tokio::test]
async fn documents_with_too_many_fragments_spreads_or_selections_are_refused() {
    each_backend(async |app| {
        let token = app.la_readonly(ISLINGTON);
        let fragments: String = (0..101)
            .map(|i| format!(" fragment G{i} on Query {{ me {{ sub }} }}"))
            .collect();
        let spreads: String = (0..101).map(|i| format!("...G{i} ")).collect();
        let response = app
            .gql(&token, &format!("{{ {spreads} }}{fragments}"), json!({}))
            .await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST);
        assert!(response.message().contains("more than 100 fragments"));
        let spreads = "...G ".repeat(501);
        let query = format!("{{ {spreads} }} fragment G on Query {{ me {{ sub }} }}");
        let response = app.gql(&token, &query, json!({})).await;
        assert!(
            response
                .message()
                .contains("more than 500 fragment spreads")
        );
        let response = app
            .gql(
                &token,
                &format!("{{ {} }}", "__typename ".repeat(2001)),
                json!({}),
            )
            .await;
        assert_eq!(response.code(), "GRAPHQL_VALIDATION_FAILED");
        assert!(response.message().contains("more than 2000 selections"));
    })
    .await;
}

#[tokio::test]
async fn the_standard_introspection_query_loads_the_schema_but_counts_towards_complexity() {
    each_backend(async |app| {
        let query = include_str!("introspection.graphql");
        let response = app.gql(&app.la_readonly(ISLINGTON), query, json!({})).await;
        let schema = &response.data()["__schema"];
        assert_eq!(schema["queryType"]["name"], "Query");
        let types = schema["types"].as_array().expect("types");
        let date = types.iter().find(|t| t["name"] == "Date").expect("Date");
        assert_eq!(date["kind"], "SCALAR");
        // Depth is not a way around the limits: a deep ordinary query is still refused, and so is
        // introspection repeated past the complexity limit.
        let deep = format!("{{ {}__typename{} }}", "me { ".repeat(13), " }".repeat(13));
        let response = app.gql(&app.agency_staff(), &deep, json!({})).await;
        assert_eq!(response.message(), "Query is nested too deep.");
        let repeated = format!(
            "{{ {} }} fragment T on __Type {{ name fields {{ name type {{ name ofType {{ name }} }} }} }}",
            (0..70)
                .map(|i| format!("t{i}: __type(name: \"Query\") {{ ...T }} "))
                .collect::<String>()
        );
        let response = app.gql(&app.agency_staff(), &repeated, json!({})).await;
        assert_eq!(response.message(), "Query is too complex.");
    })
    .await;
}

#[tokio::test]
async fn every_error_carries_a_code() {
    each_backend(async |app| {
        let token = app.agency_staff();
        for (query, variables) in [
            ("{ referrals(first: 99999999999) { totalCount } }", json!({})),
            ("query($f: Int) { referrals(first: $f) { totalCount } }", json!({ "f": 99999999999i64 })),
            ("query { referrals(first: $undefined) { totalCount } }", json!({})),
            (
                "mutation($input: SubmitReferralInput!) { submitReferral(input: $input) { referral { id } } }",
                json!({ "input": { "unexpected": true } }),
            ),
            (
                "mutation { submitReferral(input: { laReference: 5 }) { referral { id } } }",
                json!({}),
            ),
            ("{ child(id: 12) { id } }", json!({})),
        ] {
            let response = app.gql(&token, query, variables).await;
            let errors = response.body["errors"].as_array().expect("errors");
            for error in errors {
                let code = error["extensions"]["code"].as_str().unwrap_or_default();
                assert!(
                    matches!(code, "BAD_USER_INPUT" | "GRAPHQL_VALIDATION_FAILED"),
                    "{query}: {}",
                    response.body
                );
            }
        }
        let (_, metrics, _) = app.get(None, "/metrics").await;
        assert!(!metrics.contains("INTERNAL_SERVER_ERROR"), "{metrics}");
    })
    .await;
}

#[tokio::test]
async fn node_of_a_missing_or_foreign_id_is_null_in_a_nullable_field() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(CAMDEN), "CAM-1").await;
        let query = "query($id: ID!) { node(id: $id) { id ... on Referral { status } } }";
        let missing = permanence::graphql::node::global_id("Referral", uuid::Uuid::now_v7());
        for id in [referral["id"].clone(), json!(missing.to_string())] {
            let response = app
                .gql(&app.la_staff(ISLINGTON), query, json!({ "id": id }))
                .await;
            assert_eq!(response.status, StatusCode::OK);
            assert_eq!(
                response.body["data"],
                json!({ "node": null }),
                "{}",
                response.body
            );
            response.expect_code("NOT_FOUND");
        }
        let sdl = permanence::graphql::sdl();
        assert!(
            sdl.contains("node(id: ID!): Node\n"),
            "node must be nullable"
        );
    })
    .await;
}

#[tokio::test]
async fn dates_and_years_out_of_range_are_bad_input_not_a_panic() {
    each_backend(async |app| {
        let (placement, venue) =
            crate::contact::placement_and_venue(app, ISLINGTON, "ISL-R").await;
        let series = json!({ "input": {
            "placementId": placement["id"], "venueId": venue["id"], "weekdays": ["MONDAY"],
            "startTime": "10:00", "durationMinutes": 60, "from": "+262142-12-31", "weeks": 2,
            "supervisor": "Kim Supervisor", "attendees": ["Mother"],
        } });
        let before = app.snapshot().await;
        for from in ["+262142-12-31", "-4800-01-01", "1899-12-31", "2201-01-01"] {
            let mut bad = series.clone();
            bad["input"]["from"] = json!(from);
            let response = app.gql(&app.agency_staff(), crate::contact::SERIES, bad).await;
            assert_eq!(response.code(), "GRAPHQL_VALIDATION_FAILED", "{from}: {}", response.body);
            assert_eq!(response.field(), "input.from");
        }
        // Inside the range, but the weeks would run past its end.
        let mut late = series.clone();
        late["input"]["from"] = json!("2200-12-25");
        let response = app.gql(&app.agency_staff(), crate::contact::SERIES, late).await;
        response.expect_code("BAD_USER_INPUT");
        assert_eq!(response.field(), "input.from");
        assert_eq!(app.snapshot().await, before);

        for (first, last) in [(i32::MIN, i32::MAX), (i32::MAX, i32::MIN), (-5000, -4999)] {
            let response = app
                .gql(
                    &app.agency_staff(),
                    "query($f: Int!, $l: Int!) { outcomesByFinancialYear(firstYear: $f, lastYear: $l) { referrals { received } } }",
                    json!({ "f": first, "l": last }),
                )
                .await;
            assert_eq!(response.code(), "BAD_USER_INPUT", "{}", response.body);
        }
        for period in [json!({ "from": "-4714-01-01", "to": "2026-01-01" }), json!({ "from": "0001-01-01", "to": "9999-12-31" })] {
            let response = app
                .gql(&app.agency_staff(), "query($p: PeriodInput!) { outcomes(period: $p) { referrals { received } } }", json!({ "p": period }))
                .await;
            assert_eq!(response.code(), "GRAPHQL_VALIDATION_FAILED", "{}", response.body);
            assert!(response.field().starts_with("p"), "{}", response.body);
        }
        let response = app
            .gql(
                &app.agency_staff(),
                "query($from: DateTime) { contactSessions(filter: { from: $from }) { totalCount } }",
                json!({ "from": "0001-01-01T00:00:00Z" }),
            )
            .await;
        response.expect_code("BAD_USER_INPUT");
        assert_eq!(response.field(), "filter.from");
    })
    .await;
}

#[tokio::test]
async fn a_panicking_handler_is_answered_500_logged_and_counted() {
    each_backend(async |app| {
        use axum::body::Body;
        use axum::routing::get;
        // The real edge around a route that panics (no such route is compiled into the binary).
        let state = app.state();
        async fn boom() -> &'static str {
            std::hint::black_box(None).expect("a handler bug")
        }
        let boom = axum::Router::new().route("/boom", get(boom));
        let router = permanence::http::edge(boom, state.clone(), &http_config());
        let response = tower::ServiceExt::oneshot(
            router,
            axum::http::Request::builder()
                .uri("/boom")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("answered");
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(response.headers().contains_key("x-request-id"));
        let body = http_body_util::BodyExt::collect(response.into_body())
            .await
            .expect("body")
            .to_bytes();
        let body: Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(
            body["errors"][0]["extensions"]["code"],
            "INTERNAL_SERVER_ERROR"
        );
        let metrics = state.metrics.render((0, 0));
        assert!(metrics.contains("permanence_panics_total 1"), "{metrics}");
        assert!(
            metrics.contains("outcome=\"INTERNAL_SERVER_ERROR\""),
            "{metrics}"
        );
    })
    .await;
}

fn signed(sub: &str, role: &str, authority: Option<&str>) -> String {
    permanence::auth::TokenSigner::new(&permanence::config::Secret::new(SECRET), None, None)
        .sign(sub, role, authority, Duration::from_secs(600))
        .expect("sign")
}

#[tokio::test]
async fn odd_claims_are_refused_at_sign_in_alike_on_both_backends() {
    each_backend(async |app| {
        for (sub, authority) in [
            ("ok-user", Some("2\u{0}06")),
            ("ok-user", Some("206\u{0}")),
            ("ok-user", Some(&*"2".repeat(300))),
            ("nul\u{0}user", Some(ISLINGTON)),
            (&*"s".repeat(201), Some(ISLINGTON)),
            ("\u{202E}\u{200B}", Some(ISLINGTON)),
        ] {
            let token = signed(sub, "LA_STAFF", authority);
            let response = app.gql(&token, "{ me { sub } }", json!({})).await;
            assert_eq!(
                response.status,
                StatusCode::FORBIDDEN,
                "{sub:?} {authority:?}: {}",
                response.body
            );
            response.expect_code("FORBIDDEN");
        }
        // The longest subject accepted is stored in the audit trail like any other.
        let longest = signed(&"s".repeat(200), "LA_STAFF", Some(ISLINGTON));
        app.submit_referral(&longest, "ISL-LONG-SUB").await;
    })
    .await;
}

#[tokio::test]
async fn nul_in_any_string_is_bad_input_naming_where_and_changes_nothing() {
    each_backend(async |app| {
        let before = app.snapshot().await;
        let response = app
            .gql(
                &app.agency_staff(),
                "query($c: String!) { authority(code: $c) { name } }",
                json!({ "c": "2\u{0}06" }),
            )
            .await;
        assert_eq!(response.code(), "BAD_USER_INPUT", "{}", response.body);
        assert_eq!(response.field(), "c");
        let response = app
            .gql(
                &app.agency_staff(),
                "{ authority(code: \"2\\u000006\") { name } }",
                json!({}),
            )
            .await;
        assert_eq!(response.field(), "code");
        let mut input = referral_input("ISL-NUL");
        input["child"]["laReference"] = json!("ISL\u{0}NUL");
        let response = app
            .gql(&app.la_staff(ISLINGTON), SUBMIT, json!({ "input": input }))
            .await;
        response.expect_code("BAD_USER_INPUT");
        assert_eq!(response.field(), "input.child.laReference");
        // An authority code that cannot exist is looked up nowhere: NOT_FOUND like a missing one.
        for code in ["2 06", "20600", "abc", "\u{202E}206"] {
            let response = app
                .gql(
                    &app.agency_staff(),
                    "query($c: String!) { authority(code: $c) { name } }",
                    json!({ "c": code }),
                )
                .await;
            response.expect_code("NOT_FOUND");
        }
        // A required reference made only of invisible characters is blank.
        let mut input = referral_input("ISL-INVISIBLE");
        input["child"]["laReference"] = json!("\u{200B}\u{202E}\u{FEFF}");
        let response = app
            .gql(&app.la_staff(ISLINGTON), SUBMIT, json!({ "input": input }))
            .await;
        response.expect_code("BAD_USER_INPUT");
        assert_eq!(response.field(), "input.child.laReference");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn csv_cells_that_a_spreadsheet_would_run_are_neutralised_and_downloads_are_inert() {
    each_backend(async |app| {
        use chrono::Datelike;
        let references = ["=HYPERLINK(\"//e.x\")", "+1+1", "-1+2", "@SUM(1+1)"];
        let mut placements = Vec::new();
        for (i, reference) in references.iter().enumerate() {
            let household = app.approved_household(&format!("HH-CSV-{i}")).await;
            placements.push(app.placement(ISLINGTON, reference, &household).await);
        }
        let today = chrono::Utc::now().date_naive();
        let year = if today.month() >= 4 {
            today.year()
        } else {
            today.year() - 1
        };
        let la = app.la_readonly(ISLINGTON);
        let response = app
            .respond(
                axum::http::Request::builder()
                    .uri(format!("/reports/ssda903/{year}/episodes.csv"))
                    .header("authorization", format!("Bearer {la}"))
                    .body(axum::body::Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert!(
            headers["content-security-policy"]
                .to_str()
                .is_ok_and(|p| p.contains("default-src 'none'"))
        );
        let body = http_body_util::BodyExt::collect(response.into_body())
            .await
            .expect("body")
            .to_bytes();
        let csv = String::from_utf8_lossy(&body);
        let firsts: std::collections::BTreeSet<String> = csv
            .lines()
            .skip(1)
            .map(|line| line.split(',').next().unwrap_or_default().to_owned())
            .collect();
        // Each child has two episodes (before the placement, and the placement): one CHILD each.
        assert_eq!(firsts.len(), references.len(), "{csv}");
        for first in &firsts {
            assert!(
                first.starts_with('\'') || first.starts_with("\"'"),
                "{first} in {csv}"
            );
        }
        assert!(csv.contains("\"'=HYPERLINK(\"\"//e.x\"\")\""), "{csv}");
        assert!(csv.contains("'+1+1,") && csv.contains("'-1+2,") && csv.contains("'@SUM(1+1),"));

        // The printable page: nosniff and a policy that allows no script.
        let path = format!(
            "/reports/contact/{}?from={}&to={}",
            placements[0]["id"].as_str().unwrap_or_default(),
            today - chrono::Duration::days(30),
            today
        );
        let response = app
            .respond(
                axum::http::Request::builder()
                    .uri(path)
                    .header("authorization", format!("Bearer {la}"))
                    .body(axum::body::Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            policy.contains("default-src 'none'") && !policy.contains("script"),
            "{policy}"
        );
    })
    .await;
}

/// Opens a connection from `from` (a loopback address) to `to`.
async fn connect_from(from: [u8; 4], to: std::net::SocketAddr) -> tokio::net::TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind(std::net::SocketAddr::from((from, 0)))
        .expect("bind a loopback address");
    socket.connect(to).await.expect("connect")
}

/// Whether the server has closed `stream` (reads end or fail within `wait`).
async fn closed(stream: &mut tokio::net::TcpStream, wait: Duration) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buffer = [0u8; 256];
    matches!(
        tokio::time::timeout(wait, stream.read(&mut buffer)).await,
        Ok(Ok(0)) | Ok(Err(_))
    )
}

#[tokio::test]
async fn slow_clients_are_cut_off_and_one_address_cannot_take_every_connection() {
    each_backend(async |app| {
        use tokio::io::AsyncWriteExt;
        let limits = permanence::server::ConnectionLimits {
            header_read_timeout: Duration::from_secs(2),
            max_per_address: 16,
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        let state = app.state();
        let router = permanence::http::router(state.clone(), &http_config());
        tokio::spawn(permanence::server::serve(
            listener,
            router,
            limits,
            state.metrics.clone(),
            std::future::pending(),
        ));

        // A slowloris of 200 connections from one address, each sending half a request head.
        let mut slow = Vec::new();
        for _ in 0..200 {
            let mut stream = connect_from([127, 0, 0, 2], address).await;
            let _ = stream
                .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                .await;
            slow.push(stream);
        }
        let client = reqwest::Client::new();
        let started = Instant::now();
        let health = client
            .get(format!("http://{address}/healthz"))
            .send()
            .await
            .expect("healthz");
        assert_eq!(health.status().as_u16(), 200);
        assert!(
            started.elapsed() < Duration::from_millis(100),
            "{:?}",
            started.elapsed()
        );

        // All but 16 were closed at once; the 16 go when the header timeout passes.
        let mut open = 0;
        for stream in &mut slow {
            if !closed(stream, Duration::from_millis(20)).await {
                open += 1;
            }
        }
        assert_eq!(open, 16);
        let metrics = state.metrics.render((0, 0));
        assert!(
            metrics.contains("permanence_rejections_total{limit=\"connections\"} 184"),
            "{metrics}"
        );
        for stream in &mut slow {
            assert!(closed(stream, Duration::from_secs(4)).await);
        }
        // A connection that sends nothing at all is closed by the same timeout.
        let mut silent = connect_from([127, 0, 0, 3], address).await;
        assert!(closed(&mut silent, Duration::from_secs(4)).await);
        // And the address has its connections back.
        let mut again = connect_from([127, 0, 0, 2], address).await;
        again
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .expect("write");
        let mut answer = String::new();
        tokio::io::AsyncReadExt::read_to_string(&mut again, &mut answer)
            .await
            .expect("read");
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    })
    .await;
}

#[tokio::test]
async fn a_past_event_dated_in_the_future_is_bad_input() {
    each_backend(async |app| {
        let token = app.la_staff(ISLINGTON);
        let before = app.snapshot().await;
        // Two days ahead, so the test holds whatever the hour (UK and UTC dates differ by one
        // for an hour a night in summer).
        for (key, value) in [
            ("enteredCareOn", json!("9999-12-31")),
            ("enteredCareOn", json!(days_ago(-2))),
            ("dateOfBirth", json!(days_ago(-2))),
        ] {
            let mut input = referral_input("ISL-FUTURE");
            input["child"][key] = value.clone();
            let response = app.gql(&token, SUBMIT, json!({ "input": input })).await;
            // Outside the accepted range the document is refused before it runs; inside it,
            // the rule refuses the date. Either way the answer names the field.
            assert!(matches!(
                response.code(),
                "BAD_USER_INPUT" | "GRAPHQL_VALIDATION_FAILED"
            ));
            assert_eq!(response.field(), format!("input.child.{key}"), "{value}");
        }
        let mut input = referral_input("ISL-FUTURE");
        input["referredOn"] = json!(days_ago(-2));
        app.gql(&token, SUBMIT, json!({ "input": input }))
            .await
            .expect_code("BAD_USER_INPUT");
        assert_eq!(app.snapshot().await, before);
        // An unborn child's expected date of birth is in the future, as it should be.
        let mut unborn = referral_input("ISL-UNBORN");
        unborn["child"]["dateOfBirth"] = Value::Null;
        unborn["child"]["enteredCareOn"] = Value::Null;
        unborn["child"]["expectedDateOfBirth"] = json!(days_ago(-60));
        app.submit_referral_with(&token, unborn).await;
    })
    .await;
}
