//! Per-subscription request budgets: token buckets like ARM's own (reads 250 burst, 25 a
//! second; writes 200 burst, 10 a second), so a sync across a large tenant, or a long bulk job,
//! slows itself down instead of being throttled. The buckets are `limits::KeyedBuckets`; this
//! adds the waiting.

use std::time::{Duration, Instant};

use crate::limits::KeyedBuckets;

/// Request budgets by subscription id (case ignored).
#[derive(Debug)]
pub struct Budgets {
    buckets: KeyedBuckets,
}

impl Budgets {
    /// Buckets of `capacity` tokens refilled at `per_second`.
    pub fn new(capacity: u32, per_second: f64) -> Self {
        Self {
            buckets: KeyedBuckets::new(capacity, per_second),
        }
    }

    /// Takes a read for `subscription` at `now`: zero when taken, else how long until one is
    /// free (nothing is taken then).
    pub fn take(&self, subscription: &str, now: Instant) -> Duration {
        self.buckets
            .take(subscription, 1, now)
            .err()
            .unwrap_or(Duration::ZERO)
    }

    /// Waits until `subscription` may make another read, and takes it.
    pub async fn acquire(&self, subscription: &str) {
        loop {
            let wait = self.take(subscription, Instant::now());
            if wait.is_zero() {
                return;
            }
            tracing::debug!(
                subscription,
                wait_ms = wait.as_millis() as u64,
                "request budget: waiting"
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

    #[tokio::test]
    async fn acquire_waits_for_a_free_read_and_takes_it() {
        let budgets = Budgets::new(1, 10.0);
        let started = Instant::now();
        budgets.acquire("s").await;
        budgets.acquire("s").await;
        assert!(
            started.elapsed() >= Duration::from_millis(100),
            "the second read waited"
        );
        assert_ne!(
            budgets.take("s", Instant::now()),
            Duration::ZERO,
            "the read it waited for was taken"
        );
    }
}
