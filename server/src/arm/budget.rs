//! Per-subscription read budget: a token bucket like ARM's own (250 burst, 25 a second), so a
//! sync across a large tenant slows itself down instead of being throttled.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Token buckets keyed by lower-cased subscription id.
#[derive(Debug)]
pub struct Budgets {
    capacity: f64,
    per_second: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Budgets {
    /// Buckets of `capacity` tokens refilled at `per_second`.
    pub fn new(capacity: u32, per_second: f64) -> Self {
        Self {
            capacity: f64::from(capacity.max(1)),
            per_second: per_second.max(0.001),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `subscription` at `now`; returns how long to wait first (zero if none).
    pub fn take(&self, subscription: &str, now: Instant) -> Duration {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let bucket = buckets
            .entry(subscription.to_ascii_lowercase())
            .or_insert(Bucket {
                tokens: self.capacity,
                at: now,
            });
        let refilled = bucket.tokens
            + now.saturating_duration_since(bucket.at).as_secs_f64() * self.per_second;
        bucket.tokens = refilled.min(self.capacity) - 1.0;
        bucket.at = now;
        if bucket.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-bucket.tokens / self.per_second)
        }
    }

    /// Waits until `subscription` may make another read.
    pub async fn acquire(&self, subscription: &str) {
        let wait = self.take(subscription, Instant::now());
        if !wait.is_zero() {
            tracing::debug!(
                subscription,
                wait_ms = wait.as_millis() as u64,
                "read budget: waiting"
            );
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_free_then_reads_are_paced() {
        let budgets = Budgets::new(3, 10.0);
        let now = Instant::now();
        for _ in 0..3 {
            assert_eq!(budgets.take("S", now), Duration::ZERO);
        }
        assert_eq!(
            budgets.take("s", now),
            Duration::from_millis(100),
            "case does not make a new bucket"
        );
        assert_eq!(
            budgets.take("other", now),
            Duration::ZERO,
            "subscriptions have their own buckets"
        );
        let later = now + Duration::from_secs(10);
        assert_eq!(budgets.take("S", later), Duration::ZERO, "refilled");
    }
}
