//! Authentication (graphql-anchors §5.1, A1–A11): every kind of bad token is refused at the edge
//! (401) on every operation of the catalog, tokens that verify but name no usable identity are
//! refused (403), nothing is ever widened to "all authorities", and WebSocket subscriptions are
//! authenticated at `connection_init` and end when the token expires.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use futures_util::SinkExt;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use super::catalog::{Victim, catalog};
use crate::changes::{connect, next_json};
use crate::helpers::*;

const ME: &str = "{ me { sub role authority { code } } }";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

fn hs256(claims: Value, secret: &[u8]) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret),
    )
    .expect("sign")
}

fn la_claims() -> Value {
    json!({ "sub": "u1", "role": "LA_STAFF", "authority": ISLINGTON, "exp": now() + 600 })
}

async fn assert_unauthenticated(app: &TestApp, token: Option<&str>) {
    let before = app.snapshot().await;
    let response = app
        .post_raw(token, json!({ "query": ME }).to_string())
        .await;
    assert_eq!(
        response.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        response.body
    );
    assert_eq!(response.code(), "UNAUTHENTICATED");
    assert!(
        response.body.get("data").is_none(),
        "no data on 401: {}",
        response.body
    );
    assert_eq!(app.snapshot().await, before);
}

async fn assert_forbidden(app: &TestApp, token: &str) {
    let response = app
        .post_raw(Some(token), json!({ "query": ME }).to_string())
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN, "{}", response.body);
    assert_eq!(response.code(), "FORBIDDEN");
    assert!(response.body.get("data").is_none());
}

#[tokio::test]
async fn a_valid_la_token_is_accepted_and_names_its_authority() {
    each_backend(async |app| {
        let response = app
            .gql(&hs256(la_claims(), SECRET.as_bytes()), ME, json!({}))
            .await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(
            response.data()["me"],
            json!({ "sub": "u1", "role": "LA_STAFF", "authority": { "code": ISLINGTON } })
        );
    })
    .await;
}

#[tokio::test]
async fn a_request_without_a_token_is_unauthenticated() {
    each_backend(async |app| assert_unauthenticated(app, None).await).await;
}

#[tokio::test]
async fn a_non_bearer_authorization_header_is_unauthenticated() {
    each_backend(async |app| {
        let request = Request::builder()
            .method("POST")
            .uri("/graphql")
            .header("content-type", "application/json")
            .header(
                "authorization",
                format!("Basic {}", URL_SAFE_NO_PAD.encode("a:b")),
            )
            .body(Body::from(json!({ "query": ME }).to_string()))
            .expect("request");
        let (status, _) = app.send(request).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    })
    .await;
}

#[tokio::test]
async fn an_expired_token_is_unauthenticated() {
    each_backend(async |app| {
        let mut claims = la_claims();
        claims["exp"] = json!(now() - 120);
        assert_unauthenticated(app, Some(&hs256(claims, SECRET.as_bytes()))).await;
    })
    .await;
}

#[tokio::test]
async fn a_token_not_yet_valid_is_unauthenticated() {
    each_backend(async |app| {
        let mut claims = la_claims();
        claims["nbf"] = json!(now() + 3600);
        assert_unauthenticated(app, Some(&hs256(claims, SECRET.as_bytes()))).await;
    })
    .await;
}

#[tokio::test]
async fn a_token_without_expiry_is_unauthenticated() {
    each_backend(async |app| {
        let mut claims = la_claims();
        claims.as_object_mut().expect("object").remove("exp");
        assert_unauthenticated(app, Some(&hs256(claims, SECRET.as_bytes()))).await;
    })
    .await;
}

#[tokio::test]
async fn a_token_signed_with_another_secret_is_unauthenticated() {
    each_backend(async |app| {
        let token = hs256(la_claims(), b"another-secret-another-secret-another-secret");
        assert_unauthenticated(app, Some(&token)).await;
    })
    .await;
}

#[tokio::test]
async fn a_tampered_payload_is_unauthenticated() {
    each_backend(async |app| {
        let token = hs256(la_claims(), SECRET.as_bytes());
        let parts: Vec<&str> = token.split('.').collect();
        let mut claims = la_claims();
        claims["authority"] = json!(CAMDEN);
        let forged = format!(
            "{}.{}.{}",
            parts[0],
            URL_SAFE_NO_PAD.encode(claims.to_string()),
            parts[2]
        );
        assert_unauthenticated(app, Some(&forged)).await;
    })
    .await;
}

#[tokio::test]
async fn an_unsigned_alg_none_token_is_unauthenticated() {
    each_backend(async |app| {
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(la_claims().to_string());
        assert_unauthenticated(app, Some(&format!("{header}.{body}."))).await;
        let agency = URL_SAFE_NO_PAD
            .encode(json!({ "sub": "x", "role": "AGENCY_ADMIN", "exp": now() + 600 }).to_string());
        assert_unauthenticated(app, Some(&format!("{header}.{agency}."))).await;
    })
    .await;
}

#[tokio::test]
async fn garbage_instead_of_a_token_is_unauthenticated() {
    each_backend(async |app| {
        assert_unauthenticated(app, Some("not.a.jwt")).await;
        assert_unauthenticated(app, Some("abc")).await;
    })
    .await;
}

fn rs256_config() -> permanence::config::JwtConfig {
    let mut config = jwt_config();
    config.jwt_secret = None;
    config.jwt_public_key =
        Some(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/keys/rsa_public.pem").into());
    config
}

fn rs256(claims: Value) -> String {
    let key =
        EncodingKey::from_rsa_pem(include_bytes!("../keys/rsa_private.pem")).expect("rsa key");
    jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &key).expect("sign")
}

#[tokio::test]
async fn an_rs256_token_verifies_against_the_configured_public_key() {
    each_backend_with(rs256_config(), async |app| {
        let response = app.gql(&rs256(la_claims()), ME, json!({})).await;
        assert_eq!(response.data()["me"]["authority"]["code"], ISLINGTON);
    })
    .await;
}

#[tokio::test]
async fn an_hs256_token_signed_with_the_public_key_is_unauthenticated() {
    each_backend_with(rs256_config(), async |app| {
        let public_pem = include_bytes!("../keys/rsa_public.pem");
        assert_unauthenticated(app, Some(&hs256(la_claims(), public_pem))).await;
        // And an HS256 token with the test secret is refused: HS256 is not configured here.
        assert_unauthenticated(app, Some(&hs256(la_claims(), SECRET.as_bytes()))).await;
    })
    .await;
}

#[tokio::test]
async fn an_rs256_token_is_unauthenticated_when_only_hs256_is_configured() {
    each_backend(async |app| assert_unauthenticated(app, Some(&rs256(la_claims()))).await).await;
}

fn issuer_audience_config() -> permanence::config::JwtConfig {
    let mut config = jwt_config();
    config.jwt_issuer = Some("https://idp.example.org".into());
    config.jwt_audience = Some("permanence".into());
    config
}

#[tokio::test]
async fn issuer_and_audience_are_checked_when_configured() {
    each_backend_with(issuer_audience_config(), async |app| {
        let mut good = la_claims();
        good["iss"] = json!("https://idp.example.org");
        good["aud"] = json!("permanence");
        let response = app
            .gql(&hs256(good.clone(), SECRET.as_bytes()), ME, json!({}))
            .await;
        assert_eq!(response.data()["me"]["sub"], "u1");

        let mut wrong_issuer = good.clone();
        wrong_issuer["iss"] = json!("https://evil.example.org");
        assert_unauthenticated(app, Some(&hs256(wrong_issuer, SECRET.as_bytes()))).await;

        let mut wrong_audience = good.clone();
        wrong_audience["aud"] = json!("another-service");
        assert_unauthenticated(app, Some(&hs256(wrong_audience, SECRET.as_bytes()))).await;

        let mut no_audience = good;
        no_audience.as_object_mut().expect("object").remove("aud");
        assert_unauthenticated(app, Some(&hs256(no_audience, SECRET.as_bytes()))).await;
    })
    .await;
}

#[tokio::test]
async fn a_token_with_an_audience_is_refused_when_none_is_configured() {
    each_backend(async |app| {
        let mut claims = la_claims();
        claims["aud"] = json!("someone-else");
        assert_unauthenticated(app, Some(&hs256(claims, SECRET.as_bytes()))).await;
    })
    .await;
}

#[tokio::test]
async fn an_la_role_without_an_authority_is_forbidden_never_widened() {
    each_backend(async |app| {
        for role in ["LA_STAFF", "LA_READONLY"] {
            let claims = json!({ "sub": "u1", "role": role, "exp": now() + 600 });
            assert_forbidden(app, &hs256(claims, SECRET.as_bytes())).await;
            let blank = json!({ "sub": "u1", "role": role, "authority": " ", "exp": now() + 600 });
            assert_forbidden(app, &hs256(blank, SECRET.as_bytes())).await;
        }
    })
    .await;
}

#[tokio::test]
async fn an_la_role_naming_an_unknown_authority_is_forbidden() {
    each_backend(async |app| {
        let mut claims = la_claims();
        claims["authority"] = json!("999");
        assert_forbidden(app, &hs256(claims, SECRET.as_bytes())).await;
    })
    .await;
}

#[tokio::test]
async fn a_numeric_authority_claim_is_read_as_the_dfe_number() {
    each_backend(async |app| {
        let mut claims = la_claims();
        claims["authority"] = json!(206);
        let response = app
            .gql(&hs256(claims, SECRET.as_bytes()), ME, json!({}))
            .await;
        assert_eq!(response.data()["me"]["authority"]["code"], ISLINGTON);
    })
    .await;
}

#[tokio::test]
async fn an_unknown_role_is_forbidden() {
    each_backend(async |app| {
        for role in ["SUPERUSER", "agency_admin", ""] {
            let claims = json!({ "sub": "u1", "role": role, "exp": now() + 600 });
            assert_forbidden(app, &hs256(claims, SECRET.as_bytes())).await;
        }
    })
    .await;
}

#[tokio::test]
async fn an_agency_token_ignores_any_authority_claim() {
    each_backend(async |app| {
        let claims = json!({ "sub": "a1", "role": "AGENCY_STAFF", "authority": ISLINGTON, "exp": now() + 600 });
        let response = app.gql(&hs256(claims, SECRET.as_bytes()), ME, json!({})).await;
        assert_eq!(response.data()["me"], json!({ "sub": "a1", "role": "AGENCY_STAFF", "authority": null }));
    })
    .await;
}

#[tokio::test]
async fn headers_claiming_another_role_or_authority_are_ignored() {
    each_backend(async |app| {
        let request = Request::builder()
            .method("POST")
            .uri("/graphql")
            .header("content-type", "application/json")
            .header(
                "authorization",
                format!("Bearer {}", app.la_staff(ISLINGTON)),
            )
            .header("x-role", "AGENCY_ADMIN")
            .header("x-authority", CAMDEN)
            .body(Body::from(
                json!({ "query": "{ authorities { totalCount nodes { code } } }" }).to_string(),
            ))
            .expect("request");
        let (status, body) = app.send(request).await;
        assert_eq!(status, StatusCode::OK);
        let body: Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(
            body["data"]["authorities"],
            json!({ "totalCount": 1, "nodes": [{ "code": ISLINGTON }] })
        );
    })
    .await;
}

#[tokio::test]
async fn health_endpoints_need_no_token() {
    each_backend(async |app| {
        for (path, expected) in [("/healthz", "ok"), ("/readyz", "ready")] {
            let (status, body) = app
                .send(
                    Request::builder()
                        .uri(path)
                        .body(Body::empty())
                        .expect("request"),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert_eq!(String::from_utf8_lossy(&body), expected);
        }
    })
    .await;
}

#[tokio::test]
async fn graphiql_is_served_on_get() {
    each_backend(async |app| {
        let (status, body) = app
            .send(
                Request::builder()
                    .uri("/graphql")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(String::from_utf8_lossy(&body).contains("graphiql"));
    })
    .await;
}

/// A1, A2, A3, A6 on every root field of the schema: no token, an expired one, an unsigned one,
/// a forged payload — each is 401 before anything runs.
#[tokio::test]
async fn a1_a2_a3_a6_every_operation_refuses_a_bad_token() {
    each_backend(async |app| {
        let mut expired = la_claims();
        expired["exp"] = json!(now() - 3600);
        let unsigned = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(la_claims().to_string())
        );
        let genuine = hs256(la_claims(), SECRET.as_bytes());
        let mut agency = la_claims();
        agency["role"] = json!("AGENCY_ADMIN");
        let parts: Vec<&str> = genuine.split('.').collect();
        let forged = format!(
            "{}.{}.{}",
            parts[0],
            URL_SAFE_NO_PAD.encode(agency.to_string()),
            parts[2]
        );
        let tokens = [
            None,
            Some(hs256(expired, SECRET.as_bytes())),
            Some(unsigned),
            Some(forged),
        ];
        let before = app.snapshot().await;
        let attacks = catalog(&Victim::placeholder());
        for attack in attacks
            .iter()
            .filter(|a| !a.field.starts_with("Subscription."))
        {
            for token in &tokens {
                let body = json!({ "query": attack.doc, "variables": attack.vars }).to_string();
                let response = app.post_raw(token.as_deref(), body).await;
                assert_eq!(
                    response.status,
                    StatusCode::UNAUTHORIZED,
                    "{}",
                    attack.field
                );
                assert_eq!(response.code(), "UNAUTHENTICATED", "{}", attack.field);
                assert!(response.body.get("data").is_none(), "{}", attack.field);
            }
        }
        assert_eq!(app.snapshot().await, before);
        // The report downloads too.
        for path in [
            "/reports/ssda903/2025/episodes.csv",
            "/reports/asglb/2025/1.csv",
            "/reports/contact/x?from=2025-01-01&to=2025-02-01",
        ] {
            assert_eq!(
                app.get(None, path).await.0,
                StatusCode::UNAUTHORIZED,
                "{path}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a10_a11_a_subscription_needs_a_valid_token_and_ends_when_it_expires() {
    each_backend(async |app| {
        let mut socket = connect(app).await;
        let init = json!({ "type": "connection_init", "payload": { "Authorization": "Bearer not-a-token" } });
        socket.send(Message::text(init.to_string())).await.expect("send");
        assert!(
            next_json(&mut socket, 5).await.is_none(),
            "refused without an acknowledgement"
        );

        let short = app.token_for("LA_STAFF", Some(ISLINGTON), Duration::from_secs(2));
        let mut socket = connect(app).await;
        let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {short}") } });
        socket.send(Message::text(init.to_string())).await.expect("send");
        assert_eq!(next_json(&mut socket, 5).await.expect("ack")["type"], "connection_ack");
        let subscribe = json!({ "id": "1", "type": "subscribe", "payload": {
            "query": "subscription { changes { cursor } }" } });
        socket.send(Message::text(subscribe.to_string())).await.expect("send");
        let started = std::time::Instant::now();
        while next_json(&mut socket, 10).await.is_some() {}
        assert!(
            started.elapsed() < Duration::from_secs(8),
            "the socket closed when the token expired"
        );
    })
    .await;
}
