//! GraphQL over HTTP as the specification says: the media type follows the client's `Accept`
//! header; a request error (a document that cannot be parsed or validated, variables that
//! cannot be coerced) is HTTP 200 under `application/json` and HTTP 400 without `data` under
//! `application/graphql-response+json`; a body that is not a GraphQL request is 400 under both.
//! (`.ci/graphql-http-check` runs the working group's own audits against the demo server.)

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::*;

const RESPONSE_TYPE: &str = "application/graphql-response+json; charset=utf-8";
const JSON_TYPE: &str = "application/json; charset=utf-8";

async fn post(app: &TestApp, accept: Option<&str>, body: &str) -> (StatusCode, String, String) {
    let mut request = axum::http::Request::builder()
        .method("POST")
        .uri("/graphql")
        .header("content-type", "application/json")
        .header(
            "authorization",
            format!("Bearer {}", app.la_readonly(ISLINGTON)),
        );
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    let request = request
        .body(axum::body::Body::from(body.to_owned()))
        .expect("request");
    let (status, text, content_type) = app.router_response(request).await;
    (status, text, content_type.unwrap_or_default())
}

#[tokio::test]
async fn the_accept_header_chooses_the_media_type_and_the_status_of_request_errors() {
    each_backend(async |app| {
        let good = json!({ "query": "{ me { role } }" }).to_string();
        let unparseable = json!({ "query": "{ me {" }).to_string();
        let invalid = json!({ "query": "{ nope }" }).to_string();
        let uncoerced =
            json!({ "query": "query($n: Int!) { me { role } }", "variables": { "n": "x" } })
                .to_string();
        for accept in [
            None,
            Some("application/json"),
            Some("*/*"),
            Some("text/html"),
        ] {
            let (status, body, content_type) = post(app, accept, &good).await;
            assert_eq!(
                (status, content_type.as_str()),
                (StatusCode::OK, JSON_TYPE),
                "{accept:?}"
            );
            assert!(body.contains("LA_READONLY"), "{body}");
            for request_error in [&unparseable, &invalid, &uncoerced] {
                let (status, body, content_type) = post(app, accept, request_error).await;
                assert_eq!(status, StatusCode::OK, "{accept:?} {request_error}: {body}");
                assert_eq!(content_type, JSON_TYPE);
                let body: serde_json::Value = serde_json::from_str(&body).expect("json");
                assert!(
                    body["errors"][0]["extensions"]["code"].is_string(),
                    "{body}"
                );
            }
        }
        for accept in [
            "application/graphql-response+json",
            "application/graphql-response+json, application/json;q=0.9",
        ] {
            let (status, _, content_type) = post(app, Some(accept), &good).await;
            assert_eq!(
                (status, content_type.as_str()),
                (StatusCode::OK, RESPONSE_TYPE)
            );
            for (request_error, code) in [
                (&unparseable, "GRAPHQL_PARSE_FAILED"),
                (&invalid, "GRAPHQL_VALIDATION_FAILED"),
                (&uncoerced, "GRAPHQL_VALIDATION_FAILED"),
            ] {
                let (status, body, content_type) = post(app, Some(accept), request_error).await;
                assert_eq!(status, StatusCode::BAD_REQUEST, "{request_error}: {body}");
                assert_eq!(content_type, RESPONSE_TYPE);
                let body: serde_json::Value = serde_json::from_str(&body).expect("json");
                assert!(body.get("data").is_none(), "no data entry: {body}");
                assert_eq!(body["errors"][0]["extensions"]["code"], code, "{body}");
            }
        }
        // Not a GraphQL request at all: 400 whatever the client accepts.
        for accept in [None, Some("application/graphql-response+json")] {
            for body in [
                r#"{"qeury":"{ me { role } }"}"#,
                r#"{"query":1}"#,
                "[]",
                "{",
            ] {
                let (status, text, _) = post(app, accept, body).await;
                assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {text}");
                assert!(text.contains("BAD_REQUEST"), "{text}");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_get_query_answers_as_the_client_accepts() {
    each_backend(async |app| {
        let token = app.la_readonly(ISLINGTON);
        for (accept, status, content_type) in [
            ("application/json", StatusCode::OK, JSON_TYPE),
            (
                "application/graphql-response+json",
                StatusCode::BAD_REQUEST,
                RESPONSE_TYPE,
            ),
        ] {
            let request = axum::http::Request::builder()
                .uri("/graphql?query=%7B%20me%20%7B")
                .header("authorization", format!("Bearer {token}"))
                .header("accept", accept)
                .body(axum::body::Body::empty())
                .expect("request");
            let (got, body, got_type) = app.router_response(request).await;
            assert_eq!(got, status, "{accept}: {body}");
            assert_eq!(got_type.as_deref(), Some(content_type));
            assert!(body.contains("GRAPHQL_PARSE_FAILED"), "{body}");
        }
    })
    .await;
}

#[tokio::test]
async fn refusals_name_their_limit_and_the_metrics_count_them_by_it() {
    each_backend(async |app| {
        let token = app.la_readonly(ISLINGTON);
        let wide: String = (0..251).map(|i| format!(" a{i}: me {{ role }}")).collect();
        let response = app.gql(&token, &format!("{{{wide} }}"), json!({})).await;
        assert_eq!(response.message(), "Query is too complex.");
        assert_eq!(
            response.body["errors"][0]["extensions"]["limit"],
            "complexity"
        );
        let (_, metrics, _) = app.get(None, "/metrics").await;
        assert!(
            metrics.contains("permanence_rejections_total{limit=\"complexity\"} 1"),
            "{metrics}"
        );
    })
    .await;
}
