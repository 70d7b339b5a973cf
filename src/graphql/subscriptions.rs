//! The subscriptions one WebSocket may run at once: a counter shared by the socket's
//! subscriptions, taken when one starts and given back when it ends.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Most subscriptions running at once on one socket.
pub const MAX_SUBSCRIPTIONS: usize = 5;

/// The subscriptions running on one socket.
#[derive(Default, Clone)]
pub struct SubscriptionSlots(Arc<AtomicUsize>);

/// A running subscription's slot, given back when the subscription ends.
pub struct Slot(Arc<AtomicUsize>);

impl SubscriptionSlots {
    /// A slot, or none when [`MAX_SUBSCRIPTIONS`] are running.
    pub fn take(&self) -> Option<Slot> {
        let taken = self
            .0
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < MAX_SUBSCRIPTIONS).then_some(n + 1)
            })
            .is_ok();
        taken.then(|| Slot(Arc::clone(&self.0)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
