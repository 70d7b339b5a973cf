//! Fields in the order they were asked (GraphQL's response map follows the selection set),
//! whichever sibling resolver finishes first; and errors over WebSocket keep their
//! `extensions.code`, as over HTTP.

use futures_util::SinkExt;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

use crate::changes::{connect, next_json};
use crate::helpers::*;

/// Siblings that each read the database (resolved concurrently), aliases, a fragment and an
/// inline fragment, at the root and below.
const QUERY: &str = "query Order {
  children(first: 5) { totalCount nodes {
    supportWork { totalCount } laReference ...Cases
    placements { totalCount nodes { id status } }
    zReferrals: referrals { totalCount nodes { status id } }
    ... on Child { assessments { totalCount } authority { name code } }
    adoptionDecisions { id }
    careCases { totalCount }
  } }
  me { role sub }
  aReferrals: referrals { totalCount }
}
fragment Cases on Child { postAdoptionContact { totalCount } placements { totalCount } }";

const CHILD_KEYS: [&str; 9] = [
    "supportWork",
    "laReference",
    "postAdoptionContact",
    "placements",
    "zReferrals",
    "assessments",
    "authority",
    "adoptionDecisions",
    "careCases",
];

/// The body of one POST, as bytes (a JSON value here would sort its keys).
async fn post(app: &TestApp, token: &str, body: &str) -> Vec<u8> {
    let request = axum::http::Request::builder()
        .method("POST")
        .uri("/graphql")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {token}"))
        .body(axum::body::Body::from(body.to_owned()))
        .expect("request");
    app.send(request).await.1
}

/// Each key's first `"key":` in `text` comes after the one before it.
fn assert_in_order(text: &str, keys: &[&str]) {
    let at: Vec<usize> = keys
        .iter()
        .map(|key| {
            text.find(&format!("\"{key}\":"))
                .unwrap_or_else(|| panic!("{key} in {text}"))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "{keys:?} at {at:?} in {text}"
    );
}

#[tokio::test]
async fn sibling_fields_come_back_in_the_order_asked_every_time() {
    each_backend(async |app| {
        let household = app.approved_household("HH-ORDER").await;
        app.placement(ISLINGTON, "ISL-ORDER", &household).await;
        app.submit_referral(&app.la_staff(ISLINGTON), "ISL-OTHER")
            .await;
        let token = app.la_staff(ISLINGTON);
        let body = json!({ "query": QUERY }).to_string();
        let first = String::from_utf8(post(app, &token, &body).await).expect("utf-8");
        assert!(!first.contains("errors"), "{first}");
        assert_in_order(&first, &["children", "me", "aReferrals"]);
        let child = &first[first.find("\"nodes\":[{").expect("a child")..];
        assert_in_order(child, &CHILD_KEYS);
        let referral = &child[child.find("\"zReferrals\"").expect("referrals")..];
        let referral = &referral[referral.find("\"nodes\":[{").expect("a referral")..];
        assert_in_order(referral, &["status", "id"]);
        // The same bytes every time.
        let mut bodies = std::collections::HashSet::new();
        for _ in 0..20 {
            bodies.insert(post(app, &token, &body).await);
        }
        assert_eq!(
            bodies.len(),
            1,
            "one byte string for twenty identical requests"
        );
    })
    .await;
}

/// The next text message as it came.
async fn next_text<S>(socket: &mut S) -> String
where
    S: futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    use futures_util::StreamExt;
    loop {
        let message = tokio::time::timeout(std::time::Duration::from_secs(5), socket.next()).await;
        match message {
            Ok(Some(Ok(Message::Text(text)))) => return text.to_string(),
            Ok(Some(Ok(_))) => {}
            other => panic!("no message: {other:?}"),
        }
    }
}

#[tokio::test]
async fn errors_over_websocket_keep_their_code_and_results_their_order() {
    each_backend(async |app| {
        let token = app.la_staff(ISLINGTON);
        app.submit_referral(&token, "ISL-WS").await;
        let mut socket = connect(app).await;
        let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } });
        socket.send(Message::text(init.to_string())).await.expect("send");
        assert_eq!(next_json(&mut socket, 5).await.expect("ack")["type"], "connection_ack");
        let invalid = json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { nope }" } });
        socket.send(Message::text(invalid.to_string())).await.expect("send");
        let refused = next_json(&mut socket, 5).await.expect("an answer");
        let code = &refused["payload"]["errors"][0]["extensions"]["code"];
        assert_eq!(code, "GRAPHQL_VALIDATION_FAILED", "{refused}");
        let unparseable = json!({ "id": "2", "type": "subscribe", "payload": { "query": "subscription {" } });
        assert_eq!(next_json(&mut socket, 5).await.expect("complete")["type"], "complete");
        socket.send(Message::text(unparseable.to_string())).await.expect("send");
        let refused = next_json(&mut socket, 5).await.expect("an answer");
        let code = &refused["payload"]["errors"][0]["extensions"]["code"];
        assert_eq!(code, "GRAPHQL_PARSE_FAILED", "{refused}");
        let query = json!({ "id": "3", "type": "subscribe", "payload": {
            "query": "{ referrals { nodes { status id child { laReference unborn } } } me { role } }" } });
        assert_eq!(next_json(&mut socket, 5).await.expect("complete")["type"], "complete");
        socket.send(Message::text(query.to_string())).await.expect("send");
        let answer = next_text(&mut socket).await;
        assert!(answer.contains("\"type\":\"next\""), "{answer}");
        assert_in_order(&answer, &["referrals", "me"]);
        let node = &answer[answer.find("\"nodes\"").expect("nodes")..];
        assert_in_order(node, &["status", "id", "child", "laReference", "unborn"]);
    })
    .await;
}
