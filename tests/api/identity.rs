//! Real identity providers: RS256/ES256 keys from a JWKS file or URL (cached, fetched again
//! when a token names a rotated-in key), and role and authority read from configured claims.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use permanence::config::JwtConfig;
use serde_json::{Value, json};

use crate::helpers::*;

const ME: &str = "{ me { sub role authority { code } } }";
const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/keys");

fn claims() -> Value {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    json!({ "sub": "idp-user-1", "role": "LA_STAFF", "authority": ISLINGTON, "exp": now + 600 })
}

fn signed(alg: Algorithm, kid: &str, pem: &[u8], claims: &Value) -> String {
    let key = match alg {
        Algorithm::ES256 => EncodingKey::from_ec_pem(pem),
        _ => EncodingKey::from_rsa_pem(pem),
    }
    .expect("private key");
    let mut header = Header::new(alg);
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(&header, claims, &key).expect("sign")
}

fn rsa1(claims: &Value) -> String {
    signed(
        Algorithm::RS256,
        "test-rsa-1",
        include_bytes!("keys/rsa_private.pem"),
        claims,
    )
}

fn rsa2(claims: &Value) -> String {
    signed(
        Algorithm::RS256,
        "test-rsa-2",
        include_bytes!("keys/rsa2_private.pem"),
        claims,
    )
}

fn jwks_config(source: String) -> JwtConfig {
    JwtConfig {
        jwt_jwks: Some(source),
        jwt_jwks_min_refetch: Duration::ZERO,
        jwt_leeway_seconds: 5,
        ..JwtConfig::default()
    }
}

#[tokio::test]
async fn keys_from_a_jwks_file_verify_rs256_and_es256_tokens_by_key_id() {
    each_backend_with(jwks_config(format!("{KEYS}/jwks.json")), async |app| {
        let ok = app.gql(&rsa1(&claims()), ME, json!({})).await;
        assert_eq!(ok.data()["me"]["authority"]["code"], ISLINGTON);
        let es = signed(
            Algorithm::ES256,
            "test-ec-1",
            include_bytes!("keys/ec_private.pem"),
            &claims(),
        );
        assert_eq!(
            app.gql(&es, ME, json!({})).await.data()["me"]["sub"],
            "idp-user-1"
        );
        // A key the set does not hold; an RSA signature presented under the EC key's id; no
        // shared secret is configured, so HS256 is refused.
        for token in [
            rsa2(&claims()),
            signed(
                Algorithm::RS256,
                "test-ec-1",
                include_bytes!("keys/rsa_private.pem"),
                &claims(),
            ),
            app.la_staff(ISLINGTON),
        ] {
            let refused = app.gql(&token, ME, json!({})).await;
            assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
        }
    })
    .await;
}

#[tokio::test]
async fn a_jwks_url_is_fetched_again_when_a_token_names_a_rotated_in_key() {
    let served = Arc::new(Mutex::new(
        std::fs::read_to_string(format!("{KEYS}/jwks.json")).expect("jwks"),
    ));
    let state = served.clone();
    let idp = axum::Router::new().route(
        "/.well-known/jwks.json",
        axum::routing::get(move || {
            let state = state.clone();
            async move { state.lock().expect("jwks").clone() }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, idp).await });
    let url = format!("http://{address}/.well-known/jwks.json");

    each_backend_with(jwks_config(url), async |app| {
        assert_eq!(
            app.gql(&rsa1(&claims()), ME, json!({})).await.status,
            StatusCode::OK
        );
        let rotated = rsa2(&claims());
        assert_eq!(
            app.gql(&rotated, ME, json!({})).await.status,
            StatusCode::UNAUTHORIZED
        );
        *served.lock().expect("jwks") =
            std::fs::read_to_string(format!("{KEYS}/jwks_rotated.json")).expect("jwks");
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        loop {
            let response = app.gql(&rotated, ME, json!({})).await;
            if response.status == StatusCode::OK {
                assert_eq!(response.data()["me"]["sub"], "idp-user-1");
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the rotated key was never fetched"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // Then *served.lock() is put back for the next backend.
        *served.lock().expect("jwks") =
            std::fs::read_to_string(format!("{KEYS}/jwks.json")).expect("jwks");
    })
    .await;
}

#[tokio::test]
async fn role_and_authority_come_from_configured_claim_paths() {
    let config = JwtConfig {
        jwt_role_claim: "realm_access.roles".into(),
        jwt_authority_claim: "la.code".into(),
        ..jwt_config()
    };
    each_backend_with(config, async |app| {
        let mut nested = claims();
        let object = nested.as_object_mut().expect("claims");
        object.remove("role");
        object.remove("authority");
        object.insert(
            "realm_access".into(),
            json!({ "roles": ["offline_access", "LA_STAFF"] }),
        );
        object.insert("la".into(), json!({ "code": 206 }));
        let token = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &nested,
            &EncodingKey::from_secret(SECRET.as_bytes()),
        )
        .expect("sign");
        let me = app.gql(&token, ME, json!({})).await;
        assert_eq!(me.data()["me"]["role"], "LA_STAFF");
        assert_eq!(me.data()["me"]["authority"]["code"], ISLINGTON);
        // The default claim names are no longer read.
        let flat = app.la_staff(ISLINGTON);
        assert_eq!(
            app.gql(&flat, ME, json!({})).await.status,
            StatusCode::FORBIDDEN
        );
    })
    .await;
}
