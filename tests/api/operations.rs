//! Production operation: metrics, the request log line, request ids, the rate limit, GET and
//! HTTP statuses per GraphQL over HTTP, production-mode defaults, CORS, the statement timeout.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use permanence::config::{HttpConfig, Mode, Secret};
use serde_json::{Value, json};

use crate::helpers::*;

async fn get(
    app: &TestApp,
    token: Option<&str>,
    uri: &str,
) -> (StatusCode, String, Option<String>) {
    app.get(token, uri).await
}

fn escaped(query: &str) -> String {
    query
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn metrics_count_requests_by_operation_outcome_and_limit() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        app.gql(&la, MINE, json!({})).await.data();
        let missing = "query Missing { referral(id: \"UmVmZXJyYWw6MDE5MDAwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAw\") { id } }";
        app.gql(&la, missing, json!({})).await.expect_code("NOT_FOUND");
        let deep = format!("query Deep {{ {}id{} }}", "referrals { nodes { child { referrals { nodes { child { ".repeat(2), " } } } } } }".repeat(2));
        app.gql(&la, &deep, json!({})).await;
        let huge = "x".repeat(70 * 1024);
        app.post_raw(Some(&la), json!({ "query": format!("{{ __typename }} # {huge}") }).to_string())
            .await;
        let (status, text, content_type) = get(app, None, "/metrics").await;
        assert_eq!(status, StatusCode::OK);
        assert!(content_type.is_some_and(|t| t.starts_with("text/plain")));
        for line in [
            "permanence_requests_total{operation=\"Mine\",outcome=\"OK\"} 1",
            "permanence_requests_total{operation=\"Missing\",outcome=\"NOT_FOUND\"} 1",
            "permanence_rejections_total{limit=\"depth\"} 1",
            "permanence_rejections_total{limit=\"body_size\"} 1",
            "permanence_request_duration_seconds_count{operation=\"Mine\"} 1",
        ] {
            assert!(text.contains(line), "missing {line} in\n{text}");
        }
        assert!(text.contains("permanence_db_connections{state=\"idle\"}"));
        assert!(text.contains("permanence_db_connections{state=\"in_use\"}"));
    })
    .await;
}

#[tokio::test]
async fn metrics_can_require_a_token() {
    let http = HttpConfig {
        metrics_token: Some(Secret::new("scrape-secret")),
        ..http_config()
    };
    each_backend_configured(jwt_config(), http, async |app| {
        assert_eq!(get(app, None, "/metrics").await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(
            get(app, Some("wrong"), "/metrics").await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            get(app, Some("scrape-secret"), "/metrics").await.0,
            StatusCode::OK
        );
    })
    .await;
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    each_backend(async |app| {
        let response = app
            .respond(
                Request::builder()
                    .uri("/healthz")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert!(
            response
                .headers()
                .get("x-request-id")
                .is_some_and(|v| !v.is_empty())
        );
        let echoed = app
            .respond(
                Request::builder()
                    .uri("/healthz")
                    .header("x-request-id", "given-1")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(echoed.headers()["x-request-id"], "given-1");
    })
    .await;
}

#[tokio::test]
async fn get_runs_queries_and_refuses_mutations_with_405() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        let (status, body, _) = get(app, Some(&la), &format!("/graphql?query={}", escaped(MINE))).await;
        assert_eq!(status, StatusCode::OK);
        let body: Value = serde_json::from_str(&body).expect("json");
        assert_eq!(body["data"]["referrals"]["totalCount"], 0);

        let before = app.snapshot().await;
        let mutation = "mutation { withdrawReferral(input: {id: \"x\", version: 1, reason: \"r\"}) { referral { id } } }";
        let (status, _, _) = get(app, Some(&la), &format!("/graphql?query={}", escaped(mutation))).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(app.snapshot().await, before);
        // Unauthenticated GET queries are refused like POST ones.
        let (status, _, _) = get(app, None, &format!("/graphql?query={}", escaped(MINE))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        // Without a query: GraphiQL in development mode.
        let (status, page, _) = get(app, None, "/graphql").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("graphiql"), "{page}");
    })
    .await;
}

#[tokio::test]
async fn invalid_documents_are_400_and_executed_ones_200() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        let unparseable = app.gql(&la, "{ referrals(first: 5) {", json!({})).await;
        assert_eq!(unparseable.status, StatusCode::BAD_REQUEST);
        assert_eq!(unparseable.code(), "GRAPHQL_PARSE_FAILED");
        let invalid = app.gql(&la, "{ nosuchField }", json!({})).await;
        assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
        assert_eq!(invalid.code(), "GRAPHQL_VALIDATION_FAILED");
        let not_found = app
            .gql(&la, "{ child(id: \"Q2hpbGQ6MDE5MDAwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAw\") { id } }", json!({}))
            .await;
        assert_eq!(not_found.status, StatusCode::OK, "execution started");
        assert_eq!(not_found.code(), "NOT_FOUND");
    })
    .await;
}

#[tokio::test]
async fn postgres_cancels_a_statement_past_the_statement_timeout() {
    use sea_orm::ConnectionTrait;
    let Ok(url) = std::env::var("TEST_DATABASE_URL") else {
        return; // SQLite has no statement timeout; the setting is PostgreSQL's.
    };
    let mut config = permanence::config::DatabaseConfig::new(url, 2);
    config.db_statement_timeout = std::time::Duration::from_millis(200);
    let db = permanence::db::Db::connect_with(&config)
        .await
        .expect("connect");
    let slow = db.conn().execute_unprepared("SELECT pg_sleep(2)").await;
    assert!(slow.is_err(), "the statement was not cancelled");
    assert!(db.ping().await, "the connection is usable afterwards");
    db.close().await.expect("close");
}

#[tokio::test]
async fn readyz_fails_while_the_database_is_unreachable_and_recovers_by_itself() {
    use sea_orm::ConnectionTrait;
    each_backend(async |app| {
        assert_eq!(get(app, None, "/readyz").await.0, StatusCode::OK);
        let Some((admin_url, name)) = app.postgres_database() else {
            return; // An embedded SQLite file cannot become unreachable while the process runs.
        };
        let admin = permanence::db::Db::connect(&admin_url, 2)
            .await
            .expect("admin");
        let cut = [
            format!("ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false"),
            format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
            ),
        ];
        for sql in cut {
            admin.conn().execute_unprepared(&sql).await.expect("cut");
        }
        let (status, body, _) = get(app, None, "/readyz").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        admin
            .conn()
            .execute_unprepared(&format!(
                "ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true"
            ))
            .await
            .expect("restore");
        admin.close().await.expect("close");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while get(app, None, "/readyz").await.0 != StatusCode::OK {
            assert!(
                std::time::Instant::now() < deadline,
                "readyz did not recover"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    })
    .await;
}

#[tokio::test]
async fn graphiql_is_served_from_the_binary_with_nothing_from_another_origin() {
    each_backend(async |app| {
        let response = app
            .respond(
                Request::builder()
                    .uri("/graphql")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(csp.contains("default-src 'self'") && csp.contains("script-src 'self'"));
        let (_, page, _) = get(app, None, "/graphql").await;
        let references: Vec<&str> = page
            .split(['"', '\''])
            .filter(|part| part.starts_with('/') || part.contains("://"))
            .collect();
        assert_eq!(references.len(), 5, "{page}");
        for reference in references {
            assert!(
                reference.starts_with("/graphiql/"),
                "{reference} is not served here"
            );
            let (status, body, content_type) = get(app, None, reference).await;
            assert_eq!(status, StatusCode::OK, "{reference}");
            assert!(body.len() > 100, "{reference}");
            assert!(content_type.is_some_and(|t| t.starts_with("text/")));
        }
        assert_eq!(
            get(app, None, "/graphiql/other.js").await.0,
            StatusCode::NOT_FOUND
        );
    })
    .await;
    let production = HttpConfig {
        mode: Mode::Production,
        ..http_config()
    };
    each_backend_configured(jwt_config(), production, async |app| {
        assert_eq!(
            get(app, None, "/graphiql/start.js").await.0,
            StatusCode::NOT_FOUND
        );
    })
    .await;
}
