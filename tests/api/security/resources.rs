//! Resource consumption (graphql-anchors §5.4, R1–R13): depth (also through fragments), page
//! size on every connection, aliases and repeated fields, directives, fragment cycles, batches,
//! body and variable size, time budget, request rate, WebSocket limits, introspection and
//! suggestions.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use futures_util::SinkExt;
use permanence::config::HttpConfig;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

use super::catalog::{Victim, catalog};
use crate::changes::{connect, next_json};

use crate::helpers::*;

/// Refused with 400 before anything ran, saying `why`.
fn assert_refused(response: &Gql, why: &str) {
    assert_eq!(
        response.status,
        StatusCode::BAD_REQUEST,
        "{}",
        response.body
    );
    assert!(response.message().contains(why), "{}", response.body);
}

#[tokio::test]
async fn r7_a_batch_of_operations_is_refused() {
    each_backend(async |app| {
        let batch =
            json!([{ "query": "{ me { sub } }" }, { "query": "{ me { role } }" }]).to_string();
        let response = app.post_raw(Some(&app.agency_staff()), batch).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST);
        assert_eq!(response.code(), "BAD_REQUEST");
    })
    .await;
}

#[tokio::test]
async fn a_body_that_is_not_graphql_is_a_bad_request() {
    each_backend(async |app| {
        let response = app.post_raw(Some(&app.agency_staff()), "{not json").await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST);
        assert_eq!(response.code(), "BAD_REQUEST");
    })
    .await;
}

#[tokio::test]
async fn r8_an_oversized_body_is_refused_with_413() {
    each_backend(async |app| {
        let padding = "x".repeat(70 * 1024);
        let body =
            json!({ "query": "{ me { sub } }", "variables": { "pad": padding } }).to_string();
        let response = app.post_raw(Some(&app.agency_staff()), body.clone()).await;
        assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(response.code(), "PAYLOAD_TOO_LARGE");
        // A client that declares the length is refused before the body is read.
        let request = axum::http::Request::builder()
            .method("POST")
            .uri("/graphql")
            .header("content-type", "application/json")
            .header("content-length", body.len())
            .header("authorization", format!("Bearer {}", app.agency_staff()))
            .body(axum::body::Body::from(body))
            .expect("request");
        let (status, _) = app.send(request).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    })
    .await;
}

#[tokio::test]
async fn r1_a_query_nested_too_deep_is_refused_before_running() {
    each_backend(async |app| {
        let mut query = String::from("id");
        for _ in 0..8 {
            query = format!("referrals {{ nodes {{ child {{ {query} }} }} }}");
        }
        let query = format!("{{ children {{ nodes {{ {query} }} }} }}");
        let response = app.gql(&app.agency_staff(), &query, json!({})).await;
        assert!(
            response.message().contains("nested too deep"),
            "{}",
            response.body
        );
        assert!(response.body["data"].is_null());
    })
    .await;
}

#[tokio::test]
async fn r4_a_query_with_too_many_aliased_fields_is_refused() {
    each_backend(async |app| {
        let fields: Vec<String> = (0..600).map(|n| format!("a{n}: me {{ sub }}")).collect();
        let query = format!("{{ {} }}", fields.join(" "));
        let response = app.gql(&app.agency_staff(), &query, json!({})).await;
        assert!(
            response.message().contains("too complex"),
            "{}",
            response.body
        );
    })
    .await;
}

#[tokio::test]
async fn r13_a_misspelt_field_gets_no_suggestion() {
    each_backend(async |app| {
        let response = app
            .gql(
                &app.agency_staff(),
                "{ referals { totalCount } }",
                json!({}),
            )
            .await;
        let message = response.message();
        assert!(message.contains("referals"), "{message}");
        assert!(!message.contains("Did you mean"), "{message}");
    })
    .await;
}

#[tokio::test]
async fn r9_a_request_running_past_the_timeout_is_abandoned_with_503() {
    use sea_orm::{ConnectionTrait, DatabaseBackend};
    let http = permanence::config::HttpConfig {
        request_timeout: std::time::Duration::from_millis(300),
        ..http_config()
    };
    each_backend_configured(jwt_config(), http, async |app| {
        let before = app.snapshot().await;
        // Hold the writes the submission needs, so it cannot finish within the timeout: on
        // SQLite the writer lock, on PostgreSQL a lock on the audit table every write touches.
        let blocker = app.db.begin_write().await.expect("begin");
        if app.db.conn().get_database_backend() == DatabaseBackend::Postgres {
            blocker
                .execute_unprepared("LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE")
                .await
                .expect("lock");
        }
        let response = app
            .gql(
                &app.la_staff(ISLINGTON),
                SUBMIT,
                json!({ "input": referral_input("ISL-1") }),
            )
            .await;
        drop(blocker);
        assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            app.snapshot().await,
            before,
            "an abandoned request writes nothing"
        );
    })
    .await;
}

#[tokio::test]
async fn r4_a_query_repeating_one_field_many_times_is_refused() {
    each_backend(async |app| {
        let query = format!("{{ me {{ {} }} }}", "sub ".repeat(600));
        let response = app.gql(&app.agency_staff(), &query, json!({})).await;
        assert_refused(&response, "too complex");
    })
    .await;
}

#[tokio::test]
async fn r10_a_token_over_its_rate_gets_429_with_retry_after() {
    let http = HttpConfig {
        rate_limit_per_minute: 60,
        rate_limit_burst: 3,
        ..http_config()
    };
    each_backend_configured(jwt_config(), http, async |app| {
        let islington = app.la_staff(ISLINGTON);
        for _ in 0..3 {
            assert_eq!(
                app.gql(&islington, MINE, json!({})).await.status,
                StatusCode::OK
            );
        }
        let request = Request::builder()
            .method("POST")
            .uri("/graphql")
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {islington}"))
            .body(Body::from(json!({ "query": MINE }).to_string()))
            .expect("request");
        let response = app.respond(request).await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = response.headers()["retry-after"]
            .to_str()
            .expect("ascii")
            .parse()
            .expect("seconds");
        assert!((1..=60).contains(&wait), "{wait}");
        let refused = app.gql(&islington, MINE, json!({})).await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(refused.code(), "RATE_LIMITED");
        // Another identity has its own allowance.
        assert_eq!(
            app.gql(&app.la_staff(CAMDEN), MINE, json!({})).await.status,
            StatusCode::OK
        );
        let (_, metrics, _) = app.get(None, "/metrics").await;
        assert!(
            metrics.contains("permanence_rejections_total{limit=\"rate\"} 2"),
            "{metrics}"
        );
    })
    .await;
}

/// R2: the same depth hidden in fragments is refused the same way.
#[tokio::test]
async fn r2_depth_hidden_in_fragments_is_refused() {
    each_backend(async |app| {
        let query = "query { referrals { nodes { ...A } } } \
            fragment A on Referral { child { referrals { nodes { ...B } } } } \
            fragment B on Referral { child { referrals { nodes { ...C } } } } \
            fragment C on Referral { child { referrals { nodes { child { laReference } } } } }";
        let response = app.gql(&app.agency_staff(), query, json!({})).await;
        assert_refused(&response, "nested too deep");
    })
    .await;
}

/// R3: `first` above 100 on every connection of the catalog is BAD_USER_INPUT naming `first`.
#[tokio::test]
async fn r3_every_connection_caps_its_page_size() {
    each_backend(async |app| {
        let connections: Vec<String> = catalog(&Victim::placeholder())
            .into_iter()
            .filter(|a| a.field.starts_with("Query.") && a.doc.contains("first: 100"))
            .map(|a| a.doc.replacen("first: 100", "first: 100000", 1))
            .collect();
        assert!(connections.len() >= 10, "{connections:?}");
        for doc in connections {
            let response = app.gql(&app.agency_staff(), &doc, json!({})).await;
            assert_eq!(
                response.expect_code("BAD_USER_INPUT").field(),
                "first",
                "{doc}"
            );
        }
    })
    .await;
}

/// R5: directive overloading is refused before anything runs.
#[tokio::test]
async fn r5_directive_overloading_is_refused() {
    each_backend(async |app| {
        let query = format!("{{ me {{ sub {} }} }}", "@include(if: true) ".repeat(50));
        let response = app.gql(&app.agency_staff(), &query, json!({})).await;
        assert_eq!(
            response.status,
            StatusCode::BAD_REQUEST,
            "{}",
            response.body
        );
    })
    .await;
}

/// R6: a fragment cycle is a validation error.
#[tokio::test]
async fn r6_a_fragment_cycle_is_refused() {
    each_backend(async |app| {
        let query = "{ me { ...A } } fragment A on Me { ...B } fragment B on Me { ...A }";
        let response = app.gql(&app.agency_staff(), query, json!({})).await;
        assert_eq!(
            response.status,
            StatusCode::BAD_REQUEST,
            "{}",
            response.body
        );
    })
    .await;
}

/// R8: variables holding a 100,000-element list exceed the body limit (413) before parsing.
#[tokio::test]
async fn r8_a_huge_variable_list_is_refused_with_413() {
    each_backend(async |app| {
        let huge: Vec<&str> = vec!["PREVIOUS_CHILD_REMOVED"; 100_000];
        let mut input = referral_input("ISL-HUGE");
        input["riskFactors"] = json!(huge);
        let response = app
            .gql(&app.la_staff(ISLINGTON), SUBMIT, json!({ "input": input }))
            .await;
        assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(app.referral_count().await, 0);
    })
    .await;
}

/// R11: one socket runs at most five subscriptions; the sixth is refused.
#[tokio::test]
async fn r11_a_socket_runs_a_bounded_number_of_subscriptions() {
    each_backend(async |app| {
        let token = app.la_staff(ISLINGTON);
        let mut socket = connect(app).await;
        let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } });
        socket.send(Message::text(init.to_string())).await.expect("send");
        assert_eq!(next_json(&mut socket, 5).await.expect("ack")["type"], "connection_ack");
        for n in 1..=6 {
            let subscribe = json!({ "id": n.to_string(), "type": "subscribe", "payload": {
                "query": "subscription { changes { cursor } }" } });
            socket.send(Message::text(subscribe.to_string())).await.expect("send");
        }
        // They start concurrently, so any one of the six may be the one refused.
        let refused = next_json(&mut socket, 10).await.expect("one refusal");
        assert_eq!(refused["type"], "next", "{refused}");
        assert!(
            refused["payload"]["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("at most 5")),
            "{refused}"
        );
        // Then only that subscription completes; the other five keep running quietly.
        while let Some(message) = next_json(&mut socket, 2).await {
            assert_eq!(message["type"], "complete", "{message}");
            assert_eq!(message["id"], refused["id"], "{message}");
        }
    })
    .await;
}

/// R11: a socket that never sends `connection_init` is closed.
#[tokio::test]
async fn r11_a_socket_without_connection_init_is_closed() {
    each_backend(async |app| {
        let mut socket = connect(app).await;
        let started = std::time::Instant::now();
        assert!(next_json(&mut socket, 20).await.is_none());
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_secs(9) && waited < Duration::from_secs(19),
            "closed after {waited:?}"
        );
    })
    .await;
}
