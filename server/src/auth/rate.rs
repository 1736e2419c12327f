//! `RateLimiter`: at most N actions per actor per minute (a token bucket per actor that refills
//! continuously), so a runaway script or a stuck key cannot flood Azure with writes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Per-actor token buckets.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` actions per actor (a burst of as many).
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute: per_minute.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes `n` actions from `actor`'s bucket at `now`; `Err` with the wait until they would
    /// fit when the bucket is short (nothing is taken then).
    pub fn take(&self, actor: &str, n: u32, now: Instant) -> Result<(), Duration> {
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let (tokens, at) = buckets
            .entry(actor.to_lowercase())
            .or_insert((capacity, now));
        let refilled =
            (*tokens + now.saturating_duration_since(*at).as_secs_f64() * per_second).min(capacity);
        let wanted = f64::from(n);
        if refilled >= wanted {
            *tokens = refilled - wanted;
            *at = now;
            Ok(())
        } else if wanted > capacity {
            Err(Duration::from_secs(60))
        } else {
            Err(Duration::from_secs_f64((wanted - refilled) / per_second))
        }
    }
}
