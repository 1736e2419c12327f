//! `SyncRequests`: a user asks for a sync now (`POST /api/v1/sync`, the Refresh button). Only
//! approvers may (a sync costs ARM read budget shared with the team), and each at most once per
//! `--sync-request-interval` (30 s by default); syncs Link Center starts itself are not counted.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::auth::{Actor, AuthError};
use crate::inventory::InventoryService;
use crate::limits::KeyedBuckets;

/// Why a sync was not started.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// The actor may not start syncs.
    #[error("{0}")]
    Forbidden(AuthError),
    /// The actor asked too recently.
    #[error(
        "a sync was asked for less than {interval} s ago: try again in {} s",
        .wait.as_secs().max(1)
    )]
    TooSoon {
        /// How long until the next may be asked for.
        wait: Duration,
        /// The shortest time between two, in seconds.
        interval: u64,
    },
}

impl SyncError {
    /// The HTTP status: 403 for a viewer, 429 when too soon.
    pub fn status(&self) -> u16 {
        match self {
            Self::Forbidden(error) => error.status(),
            Self::TooSoon { .. } => 429,
        }
    }

    /// A short machine-readable code for the API's error body.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Forbidden(_) => "Forbidden",
            Self::TooSoon { .. } => "TooManySyncs",
        }
    }

    /// How long a client should wait before asking again.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::TooSoon { wait, .. } => Some(*wait),
            Self::Forbidden(_) => None,
        }
    }
}

impl From<SyncError> for app::error::AppError {
    fn from(error: SyncError) -> Self {
        Self::new(error.status(), error.to_string())
    }
}

/// Syncs asked for by users, at most one per user per interval: a bucket of one per user.
pub struct SyncRequests {
    inventory: Arc<InventoryService>,
    interval: Duration,
    buckets: KeyedBuckets,
}

impl SyncRequests {
    /// Requests go to `inventory`; one user may ask once per `interval`.
    pub fn new(inventory: Arc<InventoryService>, interval: Duration) -> Self {
        Self {
            inventory,
            interval,
            buckets: KeyedBuckets::new(1, 1.0 / interval.as_secs_f64()),
        }
    }

    /// Starts a sync for `actor` at `now` (or joins the one asked for).
    pub fn request(&self, actor: &Actor, now: Instant) -> Result<(), SyncError> {
        let actor = actor.clone().approver().map_err(SyncError::Forbidden)?;
        self.admit(&actor.name, now)?;
        self.inventory.request_sync();
        Ok(())
    }

    /// Counts a request of `user` at `now`, or says how long to wait.
    fn admit(&self, user: &str, now: Instant) -> Result<(), SyncError> {
        self.buckets
            .take(user, 1, now)
            .map_err(|wait| SyncError::TooSoon {
                wait,
                interval: self.interval.as_secs(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;

    fn requests() -> SyncRequests {
        let inventory = crate::inventory::InventoryService::offline_for_tests();
        SyncRequests::new(inventory, Duration::from_secs(30))
    }

    fn actor(name: &str, role: Role) -> Actor {
        Actor {
            name: name.into(),
            email: None,
            subject: None,
            groups: Vec::new(),
            role,
            mode: "proxy",
            address: None,
            scope: crate::auth::TokenScope::All,
        }
    }

    #[test]
    fn a_viewer_may_not_start_a_sync() {
        let error = requests()
            .request(&actor("vera", Role::Viewer), Instant::now())
            .unwrap_err();
        assert_eq!(error.status(), 403);
        assert!(error.to_string().contains("viewer"), "{error}");
    }

    #[test]
    fn one_user_may_ask_once_per_interval_and_others_are_not_held_up() {
        let requests = requests();
        let start = Instant::now();
        let alice = actor("alice", Role::Approver);
        requests.request(&alice, start).unwrap();
        let error = requests
            .request(&alice, start + Duration::from_secs(10))
            .unwrap_err();
        assert_eq!(error.status(), 429);
        assert_eq!(error.retry_after(), Some(Duration::from_secs(20)));
        assert!(error.to_string().contains("try again in 20 s"), "{error}");
        requests
            .request(
                &actor("bob", Role::Approver),
                start + Duration::from_secs(10),
            )
            .unwrap();
        requests
            .request(
                &actor("ALICE", Role::Approver),
                start + Duration::from_secs(30),
            )
            .unwrap();
    }

    #[test]
    fn no_interval_means_no_limit() {
        let requests = SyncRequests::new(
            crate::inventory::InventoryService::offline_for_tests(),
            Duration::ZERO,
        );
        let alice = actor("alice", Role::Approver);
        let now = Instant::now();
        for _ in 0..3 {
            requests.request(&alice, now).unwrap();
        }
    }
}
