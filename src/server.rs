//! Serving connections: HTTP/1.1 (with upgrades, for WebSocket) from a TCP listener, with two
//! guards against slow or greedy clients, and a graceful stop.
//!
//! Invariants:
//! - A connection that has not sent a whole request head within the header read timeout is
//!   closed, whether it sent nothing or trickles a header at a time (slowloris).
//! - One client address holds at most `max_per_address` connections at once; a connection over
//!   that is closed as soon as it is accepted and counted in `permanence_rejections_total`
//!   (`limit="connections"`). The count of an address is removed when its last connection ends.
//! - On stop, the listener closes, idle connections close, and requests in flight finish.

use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::observability::metrics::{Limit, Metrics};

/// Limits on connections.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// Longest a client may take to send a request head.
    pub header_read_timeout: Duration,
    /// Most connections open at once from one address; 0 for no limit.
    pub max_per_address: usize,
}

/// Open connections per client address.
#[derive(Clone, Default)]
struct Open(Arc<Mutex<HashMap<IpAddr, usize>>>);

/// One connection's place in [`Open`], given back on drop.
struct Slot {
    open: Open,
    address: IpAddr,
}

impl Open {
    fn take(&self, address: IpAddr, max: usize) -> Option<Slot> {
        let mut open = self.0.lock().ok()?;
        let count = open.entry(address).or_insert(0);
        if max > 0 && *count >= max {
            return None;
        }
        *count += 1;
        Some(Slot {
            open: self.clone(),
            address,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut open) = self.open.0.lock()
            && let Some(count) = open.get_mut(&self.address)
        {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.address);
            }
        }
    }
}

/// Serves `app` on `listener` until `stop` completes, then drains.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    metrics: Metrics,
    stop: impl Future<Output = ()>,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let open = Open::default();
    let (stopping, stop_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(err) => {
                        // Out of file descriptors and the like: wait a moment rather than spin.
                        tracing::warn!(error = %err, "accepting a connection failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let Some(slot) = open.take(peer.ip(), limits.max_per_address) else {
                    metrics.reject(Limit::Connections);
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let service = TowerToHyperService::new(app.clone());
                let connection = http
                    .serve_connection(TokioIo::new(stream), service)
                    .with_upgrades();
                let mut stop_rx = stop_rx.clone();
                connections.spawn(async move {
                    tokio::pin!(connection);
                    let finished = tokio::select! {
                        _ = connection.as_mut() => true,
                        _ = stop_rx.wait_for(|stop| *stop) => false,
                    };
                    if !finished {
                        connection.as_mut().graceful_shutdown();
                        let _ = connection.await;
                    }
                    drop(slot);
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            () = &mut stop => break,
        }
    }
    drop(listener);
    let _ = stopping.send(true);
    while connections.join_next().await.is_some() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_slots_back_and_is_forgotten() {
        let open = Open::default();
        let address = IpAddr::from([127, 0, 0, 2]);
        let first = open.take(address, 2);
        let second = open.take(address, 2);
        assert!(first.is_some() && second.is_some());
        assert!(open.take(address, 2).is_none());
        assert!(open.take(IpAddr::from([127, 0, 0, 3]), 2).is_some());
        drop((first, second));
        assert!(open.0.lock().map(|o| o.is_empty()).unwrap_or(false));
        assert!(open.take(address, 0).is_some(), "0 is no limit");
    }
}
