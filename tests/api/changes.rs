//! The change feed: `changes(after:, first:)` in commit order with resumable cursors, scoped;
//! a transaction that commits late is never skipped (PostgreSQL); the `changes` subscription
//! over WebSocket, authenticated at `connection_init` and closed when the token expires.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::helpers::*;

const CHANGES: &str = "query($after: String, $first: Int) { changes(after: $after, first: $first) { endCursor hasNextPage edges { cursor node { action entityType entityId } } } }";

fn actions(feed: &Value) -> Vec<String> {
    feed["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn changes_now(app: &TestApp, token: &str, after: &Value, first: Option<i64>) -> Value {
    app.gql(token, CHANGES, json!({ "after": after, "first": first }))
        .await
        .data()["changes"]
        .clone()
}

/// The feed page, waiting (up to 5 s) until it holds at least `want` events: on PostgreSQL the
/// feed holds back events while any older transaction in the cluster is open, and tests on
/// other databases of the same cluster run at the same time.
async fn changes_at_least(
    app: &TestApp,
    token: &str,
    after: &Value,
    first: Option<i64>,
    want: usize,
) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let page = changes_now(app, token, after, first).await;
        if actions(&page).len() >= want || std::time::Instant::now() > deadline {
            return page;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_feed_resumes_from_a_cursor_and_shows_only_the_callers_records() {
    each_backend(async |app| {
        let islington = app.la_staff(ISLINGTON);
        app.submit_referral(&islington, "ISL-1").await;
        app.submit_referral(&app.la_staff(CAMDEN), "CAM-1").await;
        let first = changes_at_least(app, &islington, &Value::Null, None, 2).await;
        assert_eq!(actions(&first), ["child.created", "referral.submitted"]);
        assert_eq!(first["hasNextPage"], false);
        let cursor = first["endCursor"].clone();

        // Nothing new: the same cursor comes back.
        let idle = changes_now(app, &islington, &cursor, None).await;
        assert_eq!(actions(&idle), Vec::<String>::new());
        assert_eq!(idle["endCursor"], cursor);

        let submitted = app.submit_referral(&islington, "ISL-2").await;
        app.accept(&submitted).await;
        let next = changes_at_least(app, &islington, &cursor, Some(2), 2).await;
        assert_eq!(actions(&next), ["child.created", "referral.submitted"]);
        assert_eq!(next["hasNextPage"], true);
        let rest = changes_at_least(app, &islington, &next["endCursor"], Some(2), 1).await;
        assert_eq!(actions(&rest), ["referral.accepted"]);

        // Camden sees only its own; the agency sees everyone's (the authorities' creation too).
        let camden = changes_at_least(app, &app.la_staff(CAMDEN), &Value::Null, Some(100), 2).await;
        assert_eq!(actions(&camden), ["child.created", "referral.submitted"]);
        let agency = changes_at_least(app, &app.agency_staff(), &Value::Null, Some(100), 9).await;
        assert_eq!(
            actions(&agency)
                .iter()
                .filter(|a| a.as_str() == "referral.submitted")
                .count(),
            3
        );

        let bad = app
            .gql(&islington, CHANGES, json!({ "after": "bm90LWEtY3Vyc29y" }))
            .await;
        assert_eq!(bad.expect_code("BAD_USER_INPUT").field(), "after");
        let too_many = app.gql(&islington, CHANGES, json!({ "first": 101 })).await;
        assert_eq!(too_many.expect_code("BAD_USER_INPUT").field(), "first");
    })
    .await;
}

#[tokio::test]
async fn an_event_committed_late_is_delivered_not_skipped() {
    use permanence::audit::model::{AuditEntry, Changes};
    use permanence::auth::{Actor, Role};
    use sea_orm::DatabaseBackend;
    each_backend(async |app| {
        if app.db.conn().get_database_backend() != DatabaseBackend::Postgres {
            // One writer at a time on SQLite: a later commit always comes later in the feed.
            return;
        }
        let agency = app.agency_staff();
        let start =
            changes_at_least(app, &agency, &Value::Null, Some(100), 3).await["endCursor"].clone();
        // Transaction A writes its event first but commits last.
        let late = app.db.begin_write().await.expect("begin");
        let actor = Actor::agency("late-writer", Role::AgencyAdmin).expect("actor");
        let entry = AuditEntry {
            authority_id: None,
            action: "test.late",
            entity_type: "Authority",
            entity_id: uuid::Uuid::now_v7(),
            changes: Changes::new(),
        };
        permanence::audit::store::record(&*late, &actor, entry)
            .await
            .expect("record");
        // Transaction B begins later and commits first.
        app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let meanwhile = changes_now(app, &agency, &start, Some(100)).await;
        assert_eq!(
            actions(&meanwhile),
            Vec::<String>::new(),
            "B waits while the older A is still open"
        );
        late.commit().await.expect("commit");
        let after = changes_at_least(app, &agency, &start, Some(100), 3).await;
        assert_eq!(
            actions(&after),
            ["test.late", "child.created", "referral.submitted"]
        );
    })
    .await;
}

pub(crate) async fn connect(
    app: &TestApp,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    let address = app.listen().await;
    let mut request = format!("ws://{address}/ws")
        .into_client_request()
        .expect("request");
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().expect("header"),
    );
    let (socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("connect");
    socket
}

/// The next text message as JSON, within `seconds`; None when the socket closed or stayed quiet.
pub(crate) async fn next_json<S>(socket: &mut S, seconds: u64) -> Option<Value>
where
    S: futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next())
            .await
            .ok()??;
        match message {
            Ok(Message::Text(text)) => return serde_json::from_str(&text).ok(),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

#[tokio::test]
async fn the_subscription_delivers_the_callers_changes_live() {
    each_backend(async |app| {
        let islington = app.la_staff(ISLINGTON);
        let mut socket = connect(app).await;
        let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {islington}") } });
        socket.send(Message::text(init.to_string())).await.expect("send");
        assert_eq!(next_json(&mut socket, 5).await.expect("ack")["type"], "connection_ack");
        let subscribe = json!({ "id": "1", "type": "subscribe", "payload": {
            "query": "subscription { changes { cursor node { action entityType } } }" } });
        socket.send(Message::text(subscribe.to_string())).await.expect("send");
        // Let the subscription take its starting point before anything changes.
        tokio::time::sleep(Duration::from_millis(300)).await;
        app.submit_referral(&app.la_staff(CAMDEN), "CAM-1").await;
        app.submit_referral(&islington, "ISL-1").await;
        let mut seen = Vec::new();
        while seen.len() < 2 {
            let message = next_json(&mut socket, 10).await.expect("an event");
            assert_eq!(message["type"], "next", "{message}");
            seen.push(message["payload"]["data"]["changes"]["node"]["action"].clone());
        }
        assert_eq!(seen, [json!("child.created"), json!("referral.submitted")]);
        // Camden's changes never arrive.
        assert!(next_json(&mut socket, 2).await.is_none());
    })
    .await;
}

#[tokio::test]
async fn replicas_share_the_feed_through_the_database() {
    each_backend(async |app| {
        let other = app.replica().await;
        let islington = app.la_staff(ISLINGTON);
        // A live subscription on one replica sees a change written through the other.
        let mut socket = connect(&other).await;
        let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {islington}") } });
        socket.send(Message::text(init.to_string())).await.expect("send");
        assert_eq!(next_json(&mut socket, 5).await.expect("ack")["type"], "connection_ack");
        let subscribe = json!({ "id": "1", "type": "subscribe", "payload": {
            "query": "subscription { changes { cursor node { action } } }" } });
        socket.send(Message::text(subscribe.to_string())).await.expect("send");
        tokio::time::sleep(Duration::from_millis(300)).await;
        app.submit_referral(&islington, "ISL-1").await;
        let live = next_json(&mut socket, 10).await.expect("an event");
        assert_eq!(live["payload"]["data"]["changes"]["node"]["action"], "child.created");
        // A cursor from one replica resumes on the other.
        let first = changes_at_least(app, &islington, &Value::Null, Some(1), 1).await;
        let rest = changes_at_least(&other, &islington, &first["endCursor"], None, 1).await;
        assert_eq!(actions(&rest), ["referral.submitted"]);
    })
    .await;
}

#[tokio::test]
async fn idempotent_submissions_and_stale_updates_hold_across_two_servers() {
    each_backend(async |app| {
        let other = app.replica().await;
        let token = app.la_staff(ISLINGTON);
        let mut input = referral_input("ISL-TWICE");
        input["idempotencyKey"] = json!("cms-split-1");
        let body = json!({ "input": input });
        // The same submission sent to both servers at once, several times over.
        let (a, b, c, d) = tokio::join!(
            app.gql(&token, SUBMIT, body.clone()),
            other.gql(&token, SUBMIT, body.clone()),
            app.gql(&token, SUBMIT, body.clone()),
            other.gql(&token, SUBMIT, body.clone())
        );
        let ids: Vec<Value> = [a, b, c, d]
            .iter()
            .map(|r| r.data()["submitReferral"]["referral"]["id"].clone())
            .collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
        assert_eq!(app.referral_count().await, 1);
        // Both servers update at the version they read: one wins, the other conflicts.
        let update = json!({ "input": { "id": ids[0], "version": 1, "proceedingsStage": "PRE_PROCEEDINGS" } });
        let (first, second) = tokio::join!(
            app.gql(&token, UPDATE, update.clone()),
            other.gql(&token, UPDATE, update.clone())
        );
        let codes: Vec<&str> = [&first, &second]
            .iter()
            .map(|r| if r.body.get("errors").is_some() { r.code() } else { "OK" })
            .collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, ["CONFLICT", "OK"], "{codes:?}");
    })
    .await;
}
