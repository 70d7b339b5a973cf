//! Misconfiguration, inventory and business flows (graphql-anchors §5.5, M1–M9): database
//! text never reaches a client; GraphiQL and introspection off in production; CORS only for the
//! configured origins; no operation from a non-JSON body (CSRF); the schema cannot drift;
//! idempotent retries; stale versions; the request log line.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use permanence::config::{HttpConfig, Mode};
use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test]
async fn m1_an_error_never_carries_database_text() {
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
async fn m3_cors_answers_only_the_configured_origins() {
    let http = HttpConfig {
        cors_origins: vec!["https://case.islington.example".into()],
        ..http_config()
    };
    each_backend_configured(jwt_config(), http, async |app| {
        let preflight = |origin: &str| {
            Request::builder()
                .method("OPTIONS")
                .uri("/graphql")
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header(
                    "access-control-request-headers",
                    "authorization, content-type",
                )
                .body(Body::empty())
                .expect("request")
        };
        let allowed = app
            .respond(preflight("https://case.islington.example"))
            .await;
        assert_eq!(
            allowed.headers()["access-control-allow-origin"],
            "https://case.islington.example"
        );
        let other = app.respond(preflight("https://evil.example")).await;
        assert!(other.headers().get("access-control-allow-origin").is_none());
    })
    .await;
}

#[tokio::test]
async fn m2_r12_production_mode_turns_introspection_and_graphiql_off() {
    let production = HttpConfig {
        mode: Mode::Production,
        ..http_config()
    };
    each_backend_configured(jwt_config(), production, async |app| {
        let la = app.la_staff(ISLINGTON);
        let introspection = app
            .gql(&la, "{ __schema { queryType { name } } }", json!({}))
            .await;
        assert!(
            introspection.body["data"]["__schema"].is_null(),
            "{}",
            introspection.body
        );
        assert_eq!(app.get(None, "/graphql").await.0, StatusCode::NOT_FOUND);
        // Queries still work.
        assert_eq!(app.gql(&la, MINE, json!({})).await.status, StatusCode::OK);
    })
    .await;
    let development = http_config();
    each_backend_configured(jwt_config(), development, async |app| {
        let la = app.la_staff(ISLINGTON);
        let introspection = app
            .gql(&la, "{ __schema { queryType { name } } }", json!({}))
            .await;
        assert_eq!(
            introspection.data()["__schema"]["queryType"]["name"],
            "Query"
        );
    })
    .await;
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every log line of this test binary, in JSON: a global subscriber (a thread-local one would
/// race with the callsite cache of tests running on other threads).
fn captured_logs() -> Captured {
    static LOGS: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_max_level(tracing::Level::INFO)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("first global subscriber");
        captured
    })
    .clone()
}

#[tokio::test]
async fn m9_each_request_logs_one_json_line_without_tokens_or_names() {
    let captured = captured_logs();
    each_backend(async |app| {
        let token = app.la_staff(ISLINGTON);
        let mut input = referral_input("ISL-LOG");
        input["child"]["givenNames"] = json!("Zephyrine");
        input["riskNotes"] = json!("Confidential note about the mother");
        let submitted = app.gql(&token, SUBMIT, json!({ "input": input })).await;
        submitted.data();
        let request = Request::builder()
            .method("POST")
            .uri("/graphql")
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .header("x-request-id", "req-abc-123")
            .body(Body::from(
                json!({ "query": MINE, "operationName": "Mine" }).to_string(),
            ))
            .expect("request");
        app.send(request).await;
    })
    .await;
    let text = String::from_utf8(captured.0.lock().expect("logs").clone()).expect("utf-8");
    let lines: Vec<Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|l| l["target"] == "permanence::request")
        .collect();
    let mine: Vec<&Value> = lines
        .iter()
        .filter(|l| l["request_id"] == "req-abc-123")
        .collect();
    // Exactly one line for the request, on each backend the test ran on.
    let backends = 1 + usize::from(std::env::var("TEST_DATABASE_URL").is_ok());
    assert_eq!(mine.len(), backends, "{text}");
    let line = mine[0];
    assert_eq!(line["request_id"], "req-abc-123");
    assert_eq!(line["role"], "LA_STAFF");
    assert_eq!(line["authority"], ISLINGTON);
    assert_eq!(line["outcome"], "OK");
    assert_eq!(line["status"], 200);
    assert!(line["duration_ms"].is_u64());
    for secret in ["Zephyrine", "Confidential note", "Bearer", "eyJ"] {
        assert!(!text.contains(secret), "the logs contain {secret}");
    }
}

/// M4: a body that is not declared JSON — `text/plain`, a form, multipart, or none — is refused
/// with 415 before anything runs, so a cross-site "simple request" can never run an operation.
#[tokio::test]
async fn m4_a_non_json_body_is_refused_and_changes_nothing() {
    each_backend(async |app| {
        let token = app.la_staff(ISLINGTON);
        let before = app.snapshot().await;
        let body = json!({ "query": SUBMIT, "variables": { "input": referral_input("ISL-CSRF") } })
            .to_string();
        for content_type in [
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
            Some("multipart/form-data; boundary=x"),
            None,
        ] {
            let mut request = Request::builder()
                .method("POST")
                .uri("/graphql")
                .header("authorization", format!("Bearer {token}"));
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type);
            }
            let (status, _) = app
                .send(request.body(Body::from(body.clone())).expect("request"))
                .await;
            assert_eq!(
                status,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{content_type:?}"
            );
        }
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

/// M5: `schema.graphql` is the live schema; regenerate with
/// `UPDATE_SCHEMA=1 cargo test --workspace schema` (or `permanence schema`).
#[test]
fn m5_the_committed_schema_matches_the_live_schema() {
    let live = permanence::graphql::sdl();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &live).expect("write schema.graphql");
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == live,
        "schema.graphql is out of date: run `UPDATE_SCHEMA=1 cargo test --workspace schema` and commit it"
    );
}

/// M6 and M7: a retried submission with the same key returns the first result and writes one
/// referral; the same key with different input is a CONFLICT and writes nothing.
#[tokio::test]
async fn m6_m7_idempotent_retries_replay_and_key_reuse_conflicts() {
    each_backend(async |app| {
        let token = app.la_staff(ISLINGTON);
        let mut input = referral_input("ISL-IDEM");
        input["idempotencyKey"] = json!("cms-42");
        let first = app.gql(&token, SUBMIT, json!({ "input": input })).await;
        let again = app.gql(&token, SUBMIT, json!({ "input": input })).await;
        assert_eq!(
            first.data()["submitReferral"]["referral"]["id"],
            again.data()["submitReferral"]["referral"]["id"]
        );
        assert_eq!(again.data()["submitReferral"]["replayed"], true);
        assert_eq!(app.referral_count().await, 1);
        let before = app.snapshot().await;
        input["referredOn"] = json!(days_ago(2));
        app.gql(&token, SUBMIT, json!({ "input": input }))
            .await
            .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

/// M8: an update at a stale version is a CONFLICT and changes nothing.
#[tokio::test]
async fn m8_a_stale_version_conflicts_and_changes_nothing() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let before = app.snapshot().await;
        let stale = json!({ "input": { "id": referral["id"], "version": 7, "proceedingsStage": "ISSUED" } });
        app.gql(&app.la_staff(ISLINGTON), UPDATE, stale)
            .await
            .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}
