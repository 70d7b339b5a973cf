//! `GET /ws`: GraphQL subscriptions over WebSocket (`graphql-transport-ws`, and the older
//! `graphql-ws`). The token comes in `connection_init`'s payload as
//! `{"Authorization": "Bearer <token>"}` and is verified exactly like a request's; without a
//! valid one no operation runs. The socket is closed when the token expires.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::{State, WebSocketUpgrade};
use axum::response::Response;
use tokio::sync::watch;

use super::auth::authenticate_bearer;
use super::state::AppState;
use crate::graphql::loaders::Loaders;
use crate::graphql::subscriptions::SubscriptionSlots;

/// The upgrade handler.
pub async fn ws(
    State(state): State<AppState>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| async move {
            let (expiry_tx, expiry_rx) = watch::channel(None::<u64>);
            let init_state = state.clone();
            let serve = GraphQLWebSocket::new(socket, state.schema.clone(), protocol)
                .on_connection_init(move |payload| async move {
                    let value = payload
                        .get("Authorization")
                        .or_else(|| payload.get("authorization"))
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_owned();
                    let (actor, expires) = authenticate_bearer(&value, &init_state)
                        .await
                        // The error keeps its `extensions.code`, as over HTTP.
                        .map_err(async_graphql::Error::from)?;
                    let _ = expiry_tx.send(Some(expires));
                    let mut data = Data::default();
                    data.insert(SubscriptionSlots::default());
                    data.insert(Loaders::new(&init_state.db, actor.scope()));
                    data.insert(actor);
                    Ok(data)
                })
                .serve();
            let waiting = expiry_rx.clone();
            tokio::select! {
                () = serve => {}
                () = expiry(expiry_rx) => {
                    tracing::info!(target: "permanence::request", "subscription closed: token expired");
                }
                () = no_init(waiting) => {
                    tracing::info!(target: "permanence::request", "subscription closed: no connection_init");
                }
            }
        })
}

/// Longest a socket may stay open without an accepted `connection_init`.
pub const INIT_TIMEOUT: Duration = Duration::from_secs(10);

/// Completes when no `connection_init` was accepted within [`INIT_TIMEOUT`].
async fn no_init(rx: watch::Receiver<Option<u64>>) {
    tokio::time::sleep(INIT_TIMEOUT).await;
    if rx.borrow().is_some() {
        std::future::pending::<()>().await;
    }
}

/// Completes when the token accepted at `connection_init` expires (never before one is).
async fn expiry(mut rx: watch::Receiver<Option<u64>>) {
    let expires = loop {
        if let Some(at) = *rx.borrow_and_update() {
            break at;
        }
        if rx.changed().await.is_err() {
            return std::future::pending().await;
        }
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    tokio::time::sleep(Duration::from_secs(expires.saturating_sub(now))).await;
}
