//! Live events for open pages and scripts (`GET /api/v1/events`): one `EventHub` per server
//! broadcasts what happened — a sync finished (`snapshot`), the change feed recorded a change
//! (`change`, whose id is the change's, so a client resuming with `Last-Event-ID` is given
//! what it missed from the store, nothing twice), an action ended (`action`), a bulk job moved
//! on (`job`) — to every open stream, and bounds the streams a user may hold open at once.
//! Three tasks feed it: one wakes on each finished sync, one on each sync the change feed
//! recorded, reading the new changes from the store in id order, one on what the action
//! service announces. A slow stream that falls behind the broadcast's buffer catches up from the store too.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use app::model::{ActionEvent, ChangeEntry, JobEvent, SnapshotEvent};
use time::format_description::well_known::Rfc3339;
use tokio::sync::{broadcast, watch};

use crate::actions::Activity;
use crate::arm::models::ConnectionStatus;
use crate::inventory::{InventoryService, Snapshot, SubscriptionHealth};
use crate::store::Store;

/// Streams one user may hold open at once; more are refused with 429.
pub const STREAMS_PER_USER: usize = 8;
/// Events the broadcast keeps for a stream that has not read them yet.
const BUFFER: usize = 1024;
/// Changes read from the store at once.
pub const CHANGE_BATCH: u32 = 500;

/// One event as every stream receives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveEvent {
    /// A sync finished.
    Snapshot(SnapshotEvent),
    /// The change feed recorded a change.
    Change(Box<ChangeEntry>),
    /// An action ended (a person's or a policy's).
    Action(Box<ActionEvent>),
    /// A bulk job moved on.
    Job(JobEvent),
}

/// The server's live events and the streams open on them.
pub struct EventHub {
    sender: broadcast::Sender<Arc<LiveEvent>>,
    open: Mutex<HashMap<String, usize>>,
    per_user: usize,
    /// Set when the server shuts down: every stream ends.
    closing: watch::Sender<bool>,
}

/// A user already holds as many streams as allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{user} already has {limit} event streams open; close one (another tab?) first")]
pub struct TooManyStreams {
    /// Who asked.
    pub user: String,
    /// The bound.
    pub limit: usize,
}

/// A stream's place in its user's count, given back when the stream ends.
pub struct StreamSlot {
    hub: Arc<EventHub>,
    user: String,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self.hub.lock();
        if let Some(count) = open.get_mut(&self.user) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.user);
            }
        }
    }
}

impl EventHub {
    /// A hub allowing `per_user` streams per user.
    pub fn new(per_user: usize) -> Arc<Self> {
        Arc::new(Self {
            sender: broadcast::channel(BUFFER).0,
            open: Mutex::new(HashMap::new()),
            per_user,
            closing: watch::Sender::new(false),
        })
    }

    /// Ends every stream (the server is shutting down; a graceful shutdown waits for them).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Completes once `close` was called.
    pub async fn closed(&self) {
        let mut closing = self.closing.subscribe();
        let _ = closing.wait_for(|closed| *closed).await;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, usize>> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes one of `user`'s stream slots, or refuses.
    pub fn open(self: &Arc<Self>, user: &str) -> Result<StreamSlot, TooManyStreams> {
        let mut open = self.lock();
        let count = open.entry(user.to_owned()).or_default();
        if *count >= self.per_user {
            return Err(TooManyStreams {
                user: user.to_owned(),
                limit: self.per_user,
            });
        }
        *count += 1;
        Ok(StreamSlot {
            hub: self.clone(),
            user: user.to_owned(),
        })
    }

    /// Streams open now, all users together.
    pub fn open_streams(&self) -> usize {
        self.lock().values().sum()
    }

    /// A receiver of every event published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveEvent>> {
        self.sender.subscribe()
    }

    /// Sends `event` to every open stream (none open: it is dropped).
    pub fn publish(&self, event: LiveEvent) {
        let _ = self.sender.send(Arc::new(event));
    }

    /// Publishes a `snapshot` event after each sync, for as long as the server runs.
    pub async fn publish_snapshots(self: Arc<Self>, inventory: Arc<InventoryService>) {
        loop {
            inventory.next_snapshot().await;
            self.publish(LiveEvent::Snapshot(snapshot_event(&inventory.snapshot())));
        }
    }

    /// Publishes each change the change feed records, in id order, after each recorded sync.
    pub async fn publish_changes(
        self: Arc<Self>,
        store: Store,
        mut recorded: watch::Receiver<u64>,
    ) {
        let mut last = match store.last_change_id().await {
            Ok(id) => id,
            Err(error) => {
                tracing::error!(%error, "cannot read the change feed: no live change events");
                return;
            }
        };
        while recorded.changed().await.is_ok() {
            loop {
                match store.changes_after(last, CHANGE_BATCH).await {
                    Ok(changes) => {
                        let full = changes.len() == CHANGE_BATCH as usize;
                        for change in changes {
                            last = last.max(change.id);
                            self.publish(LiveEvent::Change(Box::new(change)));
                        }
                        if !full {
                            break;
                        }
                    }
                    Err(error) => {
                        tracing::warn!(%error, "cannot read new changes; the next sync retries");
                        break;
                    }
                }
            }
        }
    }
}

impl EventHub {
    /// Publishes each action's end and each job's progress the action service announces, for
    /// as long as the server runs (announcements missed while busy are skipped: they are live
    /// news, and the audit and the job keep them).
    pub async fn publish_activity(self: Arc<Self>, mut activity: broadcast::Receiver<Activity>) {
        loop {
            match activity.recv().await {
                Ok(Activity::Action(action)) => self.publish(LiveEvent::Action(Box::new(action))),
                Ok(Activity::Job(job)) => self.publish(LiveEvent::Job(job)),
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    }
}

/// Every connection of the chains (PLSs and PaaS resources), and of them the Pending ones.
pub fn connection_counts(snapshot: &Snapshot) -> (u64, u64) {
    let connections = snapshot.chains.chains.iter().flat_map(|c| &c.connections);
    let (mut total, mut pending) = (0, 0);
    for link in connections {
        total += 1;
        if link.status == ConnectionStatus::Pending {
            pending += 1;
        }
    }
    (total, pending)
}

/// The counts of a snapshot, as the `snapshot` event carries them: every connection of the
/// chains (PLSs and PaaS resources), as the Overview and `/metrics` count them.
pub fn snapshot_event(snapshot: &Snapshot) -> SnapshotEvent {
    let (total, pending) = connection_counts(snapshot);
    SnapshotEvent {
        finished_at: snapshot
            .taken_at
            .and_then(|t| t.format(&Rfc3339).ok())
            .unwrap_or_default(),
        services: snapshot.chains.chains.len() as u64,
        connections: total,
        pending,
        failed_subscriptions: snapshot
            .statuses
            .iter()
            .filter(|s| !matches!(s.health, SubscriptionHealth::Ok { .. }))
            .count() as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_holds_at_most_the_bound_and_a_closed_stream_gives_its_slot_back() {
        let hub = EventHub::new(2);
        let first = hub.open("alice").unwrap();
        let _second = hub.open("alice").unwrap();
        let refused = hub.open("alice").err().unwrap();
        assert_eq!(refused.limit, 2);
        assert!(refused.to_string().contains("alice already has 2"));
        let _bob = hub
            .open("bob")
            .expect("others are not counted against alice");
        assert_eq!(hub.open_streams(), 3);
        drop(first);
        assert!(hub.open("alice").is_ok(), "a closed stream frees its slot");
    }

    #[test]
    fn the_demo_snapshot_counts_every_connection_and_the_pending_ones() {
        let views = crate::views::test_support::demo_views();
        let event = snapshot_event(&views.snapshot);
        assert_eq!(
            event.connections, 14,
            "the demo's connections, PaaS included"
        );
        assert!(event.pending >= 3 && event.pending < event.connections);
        assert_eq!(event.failed_subscriptions, 1, "Restricted Finance");
    }
}
