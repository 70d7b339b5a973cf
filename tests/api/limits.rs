//! Request limits: one operation per request, body size, depth, complexity, no suggestions,
//! no database text in errors.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn a_batch_of_operations_is_refused() {
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
async fn an_oversized_body_is_refused_with_413() {
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
async fn a_query_nested_too_deep_is_refused_before_running() {
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
async fn a_query_with_too_many_aliased_fields_is_refused() {
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
async fn a_misspelt_field_gets_no_suggestion() {
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
async fn an_error_never_carries_database_text() {
    each_backend(async |app| {
        app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        // Break the table under the running service to force a database error.
        use sea_orm::ConnectionTrait;
        app.db
            .conn()
            .execute_unprepared("ALTER TABLE referrals RENAME TO referrals_gone")
            .await
            .expect("rename");
        let response = app
            .gql(
                &app.agency_staff(),
                "{ referrals { totalCount } }",
                json!({}),
            )
            .await;
        response.expect_code("INTERNAL_SERVER_ERROR");
        let text = response.body.to_string().to_lowercase();
        for leak in [
            "referrals_gone",
            "no such table",
            "relation",
            "select",
            "sqlite",
            "postgres",
        ] {
            assert!(!text.contains(leak), "leaked {leak:?}: {text}");
        }
        assert_eq!(response.message(), "internal error");
    })
    .await;
}

#[tokio::test]
async fn a_request_running_past_the_timeout_is_abandoned_with_503() {
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
async fn a_query_repeating_one_field_many_times_is_refused() {
    each_backend(async |app| {
        let query = format!("{{ me {{ {} }} }}", "sub ".repeat(600));
        let response = app.gql(&app.agency_staff(), &query, json!({})).await;
        assert_eq!(
            response.status,
            StatusCode::BAD_REQUEST,
            "{}",
            response.body
        );
        assert!(
            response.message().contains("too complex"),
            "{}",
            response.body
        );
    })
    .await;
}
