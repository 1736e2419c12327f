//! Long-running operations (connection removal): in progress until their delay has passed, then
//! applied on the next request that touches the store.

use std::time::{Duration, Instant};

use super::{Inner, Store};

/// A long-running operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Operation id (GUID-shaped).
    pub id: String,
    /// Lower-cased id of the connection being removed.
    pub target: String,
    /// Region of the resource, part of the polling URLs.
    pub location: String,
    started: Instant,
    due: Instant,
    applied: bool,
}

/// What polling an operation answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperationState {
    /// Still running; poll again after this many seconds.
    InProgress {
        /// `Retry-After` seconds.
        retry_after: u64,
    },
    /// Done.
    Succeeded,
}

impl Operation {
    pub(super) fn new(
        id: String,
        target: String,
        location: String,
        now: Instant,
        delay: Duration,
    ) -> Self {
        Self {
            id,
            target,
            location,
            started: now,
            due: now + delay,
            applied: false,
        }
    }

    /// Whether its delay has passed.
    pub fn is_done(&self, now: Instant) -> bool {
        now >= self.due
    }

    /// The state at `now`.
    pub fn state(&self, now: Instant) -> OperationState {
        if self.is_done(now) {
            OperationState::Succeeded
        } else {
            let remaining = self.due.saturating_duration_since(now);
            OperationState::InProgress {
                retry_after: remaining.as_secs_f64().ceil().max(1.0) as u64,
            }
        }
    }

    /// How long it has run.
    pub fn elapsed(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.started)
    }
}

impl Inner {
    /// Applies every operation whose delay has passed.
    pub(super) fn settle(&mut self, now: Instant) {
        let due: Vec<String> = self
            .operations
            .values()
            .filter(|op| !op.applied && op.is_done(now))
            .map(|op| op.id.clone())
            .collect();
        for id in due {
            let target = match self.operations.get_mut(&id) {
                Some(op) => {
                    op.applied = true;
                    op.target.clone()
                }
                None => continue,
            };
            self.remove_connection(&target);
        }
    }
}

impl Store {
    /// The operation with this id, after applying any that are due.
    pub fn operation(&self, id: &str, now: Instant) -> Option<Operation> {
        let mut inner = self.lock();
        inner.settle(now);
        inner
            .operations
            .get(&id.to_ascii_lowercase())
            .or_else(|| inner.operations.get(id))
            .cloned()
    }
}
