//! `InventoryService`: holds the current snapshot (swapped atomically), runs a sync at start,
//! every refresh interval and on demand, reports progress while one runs, and tells waiters
//! when one completes. Uses `sync` (one run) and `progress` (its counters); neither uses it.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use arc_swap::ArcSwap;
use time::OffsetDateTime;
use tokio::sync::{Notify, watch};

use super::join::FindingSettings;
use super::progress::{Progress, SyncProgress};
use super::snapshot::Snapshot;
use super::sync::{self, Mode};
use crate::arm::ArmClient;

/// Subscriptions read at once: as many as requests may be in flight (the client's default
/// cap), so the cap, not the subscription count, bounds a sync.
pub const DEFAULT_CONCURRENCY: usize = 32;

/// The inventory and its sync loop.
pub struct InventoryService {
    client: ArmClient,
    current: ArcSwap<Snapshot>,
    progress: Progress,
    trigger: Notify,
    /// Syncs completed since start; a receiver hears of each one that completes after it was
    /// taken.
    completed: watch::Sender<u64>,
    interval: Duration,
    mode: Mode,
    /// The findings' thresholds.
    findings: FindingSettings,
}

impl InventoryService {
    /// A service that syncs through `client` every `interval`, reading in `mode`.
    pub fn new(client: ArmClient, interval: Duration, mode: Mode) -> Arc<Self> {
        Self::with_findings(client, interval, mode, FindingSettings::default())
    }

    /// Like `new`, with the findings' thresholds (`--loss-threshold`).
    pub fn with_findings(
        client: ArmClient,
        interval: Duration,
        mode: Mode,
        findings: FindingSettings,
    ) -> Arc<Self> {
        Arc::new(Self {
            client,
            current: ArcSwap::from_pointee(Snapshot::empty()),
            progress: Progress::default(),
            trigger: Notify::new(),
            completed: watch::Sender::new(0),
            interval,
            mode,
            findings,
        })
    }

    /// A service that never syncs by itself (its client points at a closed port), for tests.
    #[cfg(test)]
    pub(crate) fn offline_for_tests() -> Arc<Self> {
        use crate::arm::{Authorizer, ClientSettings};
        let settings = ClientSettings::new("http://127.0.0.1:9".parse().expect("a URL"));
        let client = ArmClient::new(
            settings,
            Authorizer::Static(crate::config::Secret::new("t")),
        )
        .expect("a client");
        Self::new(
            client,
            Duration::from_secs(300),
            Mode::Arm { concurrency: 1 },
        )
    }

    /// The current snapshot; never waits.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    /// Sync status for the UI.
    pub fn progress(&self) -> SyncProgress {
        let counts = self.client.counts();
        SyncProgress {
            running: self.progress.running.load(Ordering::Relaxed),
            subscriptions_total: self.progress.total.load(Ordering::Relaxed),
            subscriptions_done: self.progress.done.load(Ordering::Relaxed),
            requests: counts.requests,
            retries: counts.retries,
            throttled: counts.throttled,
            completed_syncs: *self.completed.borrow(),
            last_synced_at: self.snapshot().taken_at,
        }
    }

    /// Installs the snapshot after connections changed through Link Center (each with its state
    /// read back, or removed), one new snapshot and one join for the batch, so pages show them.
    pub fn apply_connections(&self, changes: &[super::apply::Change]) {
        if changes.is_empty() {
            return;
        }
        let at = OffsetDateTime::now_utc();
        self.current
            .rcu(|current| super::apply::apply_connections(current, changes, at));
    }

    /// Asks for a sync now (coalesced with one already asked for).
    pub fn request_sync(&self) {
        self.trigger.notify_one();
    }

    /// Whether a first sync has completed.
    pub fn has_synced(&self) -> bool {
        *self.completed.borrow() > 0
    }

    /// Waits for the first sync to complete (at once if one has).
    pub async fn first_sync(&self) {
        let mut completed = self.completed.subscribe();
        // The sender lives in `self`, which outlives this borrow: the wait cannot fail.
        let _ = completed.wait_for(|syncs| *syncs > 0).await;
    }

    /// Waits for the next sync to complete — the one running now, if any — and answers how many
    /// have completed by then. The wait starts when this is called, not when the future is first
    /// polled, so a sync that completes in between is not missed: take it before asking for a
    /// sync (`request_sync`, `POST /api/v1/sync`), then await it.
    pub fn next_sync(&self) -> impl Future<Output = u64> + Send + '_ {
        // `subscribe` marks the current count as seen: only a later completion wakes it.
        let mut completed = self.completed.subscribe();
        async move {
            let _ = completed.changed().await;
            *completed.borrow_and_update()
        }
    }

    /// Counts a completed sync and wakes those waiting for one.
    fn completed_one(&self) {
        // `send_modify` updates the count even when no one is waiting (`send` would not).
        self.completed.send_modify(|syncs| *syncs += 1);
    }

    /// Runs one sync and installs its snapshot.
    pub async fn sync_once(&self) -> Arc<Snapshot> {
        self.progress.running.store(true, Ordering::Relaxed);
        self.progress.done.store(0, Ordering::Relaxed);
        let previous = self.snapshot();
        let next = Arc::new(
            sync::run_configured(
                &self.client,
                &previous,
                &self.progress,
                self.mode,
                &self.findings,
            )
            .await,
        );
        self.current.store(next.clone());
        self.progress.running.store(false, Ordering::Relaxed);
        self.completed_one();
        tracing::info!(
            duration_ms = next.duration.as_millis() as u64,
            requests = next.calls.requests,
            retries = next.calls.retries,
            services = next.inventory.services.len(),
            endpoints = next.inventory.endpoints.len(),
            "inventory synced"
        );
        next
    }

    /// Syncs at start, then every interval or when asked, forever.
    pub async fn run(self: Arc<Self>) {
        loop {
            self.sync_once().await;
            tokio::select! {
                () = tokio::time::sleep(self.interval) => {}
                () = self.trigger.notified() => {}
            }
        }
    }
}

#[cfg(test)]
mod tests;
