//! `RateLimiter`: at most N actions per actor per minute (a token bucket per actor that refills
//! continuously, `limits::KeyedBuckets`), so a runaway script or a stuck key cannot flood Azure
//! with writes.

use std::time::{Duration, Instant};

use crate::limits::KeyedBuckets;

/// Per-actor token buckets (actor names compared ignoring case).
#[derive(Debug)]
pub struct RateLimiter {
    buckets: KeyedBuckets,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` actions per actor (a burst of as many).
    pub fn new(per_minute: u32) -> Self {
        let per_minute = per_minute.max(1);
        Self {
            buckets: KeyedBuckets::new(per_minute, f64::from(per_minute) / 60.0),
        }
    }

    /// Takes `n` actions from `actor`'s bucket at `now`; `Err` with the wait until they would
    /// fit when the bucket is short (nothing is taken then).
    pub fn take(&self, actor: &str, n: u32, now: Instant) -> Result<(), Duration> {
        self.buckets.take(actor, n, now)
    }
}
