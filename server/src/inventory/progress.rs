//! What a running sync reports: `Progress`, the live counters `sync` advances and
//! `InventoryService` reads, and `SyncProgress`, what the UI and `/api/v1/sync` show of them.
//! Plain data; imports nothing else of the inventory.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use serde::Serialize;
use time::OffsetDateTime;

/// Live counters of the running sync.
#[derive(Debug, Default)]
pub struct Progress {
    pub(super) running: AtomicBool,
    pub(super) total: AtomicU64,
    pub(super) done: AtomicU64,
}

impl Progress {
    /// Subscriptions done of the total.
    pub fn subscriptions(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// What the UI and `/api/v1/sync` show about syncing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    /// A sync is running now.
    pub running: bool,
    /// Subscriptions the running (or last) sync reads.
    pub subscriptions_total: u64,
    /// Of which done.
    pub subscriptions_done: u64,
    /// Requests made by the client so far.
    pub requests: u64,
    /// Retries so far.
    pub retries: u64,
    /// 429 answers so far.
    pub throttled: u64,
    /// Syncs completed since start.
    pub completed_syncs: u64,
    /// Pending polls between syncs since start (`--pending-interval`).
    pub pending_polls: u64,
    /// When the current snapshot was taken.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_synced_at: Option<OffsetDateTime>,
}
