//! The change feed for LA integrations: `changes(after:, first:)`, the caller's scoped audit
//! events in commit order with a cursor to store and sync from, and the `changes` subscription
//! that delivers the same events live. Both read the database only (no per-process state), so
//! any replica answers any cursor.

use std::time::Duration;

use async_graphql::{Context, Object, SimpleObject, Subscription};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use futures_util::Stream;
use uuid::Uuid;

use super::model::AuditEvent;
use super::store::{FeedCursor, feed, feed_end};
use crate::error::{AppError, AppResult};
use crate::graphql::context::ContextExt;
use crate::graphql::pagination::page_size;
use crate::graphql::subscriptions::{MAX_SUBSCRIPTIONS, SubscriptionSlots};
use crate::paging::MAX_PAGE_SIZE;

/// How often a live subscription looks for new events.
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// One event with the cursor that follows it.
#[derive(SimpleObject, Clone)]
pub struct ChangeEdge {
    /// Store this to resume after this event.
    pub cursor: String,
    /// The audit event: entity type, entity id, action, time.
    pub node: AuditEvent,
}

/// A page of the change feed.
#[derive(SimpleObject)]
pub struct ChangeFeed {
    /// Events in commit order.
    pub edges: Vec<ChangeEdge>,
    /// The cursor to send as `after` next time: the last event's, or the one you sent when
    /// there is nothing new (never null once you have one).
    pub end_cursor: Option<String>,
    /// More events are ready now; ask again at once.
    pub has_next_page: bool,
}

fn encode(cursor: FeedCursor) -> String {
    URL_SAFE_NO_PAD.encode(format!("feed:{}:{}", cursor.position, cursor.id))
}

fn decode(cursor: &str) -> AppResult<FeedCursor> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            let rest = text.strip_prefix("feed:")?;
            let (position, id) = rest.split_once(':')?;
            Some(FeedCursor {
                position: position.parse().ok()?,
                id: Uuid::parse_str(id).ok()?,
            })
        })
        .ok_or_else(|| AppError::invalid("after", "is not a change-feed cursor from this API"))
}

/// The change-feed query.
#[derive(Default)]
pub struct FeedQuery;

#[Object]
impl FeedQuery {
    /// Changes to the records you may see, in commit order, after the cursor `after` (from the
    /// beginning without one): all authorities' for agency roles, your own authority's for LA
    /// roles. Store `endCursor` and send it next time to receive only what is new; an event
    /// committed late by a concurrent transaction is never skipped. At most 100 per page.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        first: Option<i32>,
    ) -> async_graphql::Result<ChangeFeed> {
        let first = page_size(first)?;
        let cursor = after.as_deref().map(decode).transpose()?;
        let (events, more) = feed(ctx.db()?.conn(), ctx.scope()?, cursor, first).await?;
        let edges: Vec<ChangeEdge> = events
            .into_iter()
            .map(|(cursor, node)| ChangeEdge {
                cursor: encode(cursor),
                node,
            })
            .collect();
        Ok(ChangeFeed {
            end_cursor: edges.last().map(|e| e.cursor.clone()).or(after),
            edges,
            has_next_page: more,
        })
    }
}

/// Live changes.
#[derive(Default)]
pub struct FeedSubscription;

#[Subscription(name = "Subscription")]
impl FeedSubscription {
    /// The same events as `changes`, delivered as they commit, starting after `after` (or with
    /// what happens from now on without one). Over WebSocket at `/ws` (`graphql-transport-ws`),
    /// authenticated by `connection_init`'s `Authorization` payload; the socket closes when the
    /// token expires.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<ChangeEdge>>> {
        let db = ctx.db()?.clone();
        let scope = ctx.scope()?;
        // Over WebSocket, each socket runs a bounded number of subscriptions.
        let slot = match ctx.data_opt::<SubscriptionSlots>() {
            Some(slots) => Some(slots.take().ok_or_else(|| {
                AppError::conflict(format!(
                    "at most {MAX_SUBSCRIPTIONS} subscriptions may run on one connection"
                ))
            })?),
            None => None,
        };
        let mut cursor = match after.as_deref() {
            Some(text) => Some(decode(text)?),
            None => feed_end(db.conn(), scope).await?,
        };
        Ok(async_stream::try_stream! {
            let _slot = slot;
            loop {
                let (events, more) = feed(db.conn(), scope, cursor, MAX_PAGE_SIZE).await?;
                for (at, node) in events {
                    cursor = Some(at);
                    yield ChangeEdge { cursor: encode(at), node };
                }
                if !more {
                    tokio::time::sleep(POLL_INTERVAL).await;
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_cursor_round_trips_and_others_are_refused() {
        let cursor = FeedCursor {
            position: 42,
            id: Uuid::now_v7(),
        };
        assert_eq!(decode(&encode(cursor)).ok(), Some(cursor));
        assert!(decode("Y3Vyc29yOjE").is_err());
        assert!(decode("garbage").is_err());
    }
}
