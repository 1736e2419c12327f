//! `InventoryService`: holds the current snapshot (swapped atomically), runs a sync at start,
//! every refresh interval and on demand, and between syncs the cheap Pending poll every
//! `--pending-interval` (`pending_poll`), reports progress while one runs, and tells waiters
//! when a new snapshot is installed (a sync's or a poll's). Uses `sync` (one run),
//! `pending_poll` and `progress` (its counters); none of them uses it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
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
    /// Snapshots installed since start, syncs' and Pending polls' (`next_snapshot`).
    installed: watch::Sender<u64>,
    /// Pending polls among them.
    polls: AtomicU64,
    interval: Duration,
    /// `--pending-interval`: how often the PLSs are polled between syncs (`None`: never).
    pending_interval: Option<Duration>,
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
        Self::configured(client, interval, mode, findings, None)
    }

    /// Like `with_findings`, polling the PLSs every `pending_interval` between syncs.
    pub fn configured(
        client: ArmClient,
        interval: Duration,
        mode: Mode,
        findings: FindingSettings,
        pending_interval: Option<Duration>,
    ) -> Arc<Self> {
        Arc::new(Self {
            client,
            current: ArcSwap::from_pointee(Snapshot::empty()),
            progress: Progress::default(),
            trigger: Notify::new(),
            completed: watch::Sender::new(0),
            installed: watch::Sender::new(0),
            polls: AtomicU64::new(0),
            interval,
            pending_interval,
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
            pending_polls: self.polls(),
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

    /// Pending polls installed since start.
    fn polls(&self) -> u64 {
        self.polls.load(Ordering::Relaxed)
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

    /// Waits for the next snapshot to be installed, a sync's or a Pending poll's (what the
    /// change feed, the policies and the live events follow); taken like `next_sync`.
    pub fn next_snapshot(&self) -> impl Future<Output = u64> + Send + '_ {
        let mut installed = self.installed.subscribe();
        async move {
            let _ = installed.changed().await;
            *installed.borrow_and_update()
        }
    }

    /// Counts a completed sync and wakes those waiting for one.
    fn completed_one(&self) {
        // `send_modify` updates the count even when no one is waiting (`send` would not).
        self.completed.send_modify(|syncs| *syncs += 1);
        self.installed.send_modify(|n| *n += 1);
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

    /// Polls the PLSs once and installs the snapshot joined with them (over the current one, so
    /// an action applied meanwhile is kept); nothing when no subscription could be read.
    pub async fn poll_once(&self) {
        let previous = self.snapshot();
        if previous.taken_at.is_none() {
            return;
        }
        let polled = super::pending_poll::read(&self.client, &previous, self.mode).await;
        if polled.services.is_empty() {
            return;
        }
        let now = OffsetDateTime::now_utc();
        self.current.rcu(|current| {
            super::pending_poll::apply(current, polled.clone(), now, &self.findings)
        });
        self.polls.fetch_add(1, Ordering::Relaxed);
        self.installed.send_modify(|n| *n += 1);
        tracing::debug!(
            subscriptions = polled.services.len(),
            "pending requests polled"
        );
    }

    /// Syncs at start, then every interval or when asked, forever; polls the PLSs every
    /// pending interval in between. One at a time: a poll never races a sync.
    pub async fn run(self: Arc<Self>) {
        loop {
            self.sync_once().await;
            let next_sync = tokio::time::sleep(self.interval);
            let mut next_sync = std::pin::pin!(next_sync);
            loop {
                let poll = async {
                    match self.pending_interval {
                        Some(every) => tokio::time::sleep(every).await,
                        None => std::future::pending().await,
                    }
                };
                tokio::select! {
                    () = &mut next_sync => break,
                    () = self.trigger.notified() => break,
                    () = poll => self.poll_once().await,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
