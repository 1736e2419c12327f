//! Token buckets: one pure `TokenBucket`, and `KeyedBuckets`, one bucket per key that forgets
//! the buckets that have refilled. ARM's read and write budgets per subscription
//! (`arm::budget`), the action rate per actor (`auth::rate`) and the syncs a user may ask for
//! (`service::sync`) are all these. Uses only `std`, and the clock is passed
//! in, so it is tested without sleeping; it sits outside `arm` and `auth` so that neither has to
//! depend on the other for it.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// A bucket of `capacity` tokens refilled continuously at a fixed rate.
///
/// It is kept as the instant it will be full again (GCRA's "theoretical arrival time") rather
/// than as a token count: the same decisions, exact to the nanosecond, and "full" is a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenBucket {
    capacity: u32,
    /// Time to refill one token.
    every: Duration,
    full_at: Instant,
}

impl TokenBucket {
    /// A full bucket at `now` of `capacity` tokens (at least one) refilled at `per_second` (at
    /// least 0.001).
    pub fn new(capacity: u32, per_second: f64, now: Instant) -> Self {
        Self {
            capacity: capacity.max(1),
            every: Duration::from_secs_f64(1.0 / per_second.max(0.001)),
            full_at: now,
        }
    }

    /// Takes `n` tokens at `now`, or says how long until they would fit (nothing is taken then).
    /// More than the capacity never fits: the wait is then a whole refill, the most it ever asks.
    pub fn take(&mut self, n: u32, now: Instant) -> Result<(), Duration> {
        let refill = self.refill_time();
        if n > self.capacity {
            return Err(refill);
        }
        // Taking moves "full again" later by n tokens' refill; it may be at most a whole refill
        // away, which is an empty bucket.
        let full_at = self
            .full_at
            .max(now)
            .checked_add(self.every.saturating_mul(n));
        let latest = now.checked_add(refill);
        match (full_at, latest) {
            (Some(full_at), Some(latest)) if full_at > latest => Err(full_at - latest),
            (Some(full_at), _) => {
                self.full_at = full_at;
                Ok(())
            }
            (None, _) => Err(refill),
        }
    }

    /// Whether the bucket has refilled to its capacity by `now`.
    pub fn is_full(&self, now: Instant) -> bool {
        self.full_at <= now
    }

    /// Time from empty to full.
    pub fn refill_time(&self) -> Duration {
        self.every.saturating_mul(self.capacity)
    }
}

/// One `TokenBucket` per key (case ignored). Buckets that have refilled to full are forgotten —
/// a new one would be the same — so only keys that took within the last two refill times are
/// held, however many keys come and go.
#[derive(Debug)]
pub struct KeyedBuckets {
    /// A full bucket; new keys start as a copy.
    prototype: TokenBucket,
    held: Mutex<Held>,
}

#[derive(Debug, Default)]
struct Held {
    buckets: HashMap<String, TokenBucket>,
    pruned_at: Option<Instant>,
}

impl KeyedBuckets {
    /// Buckets of `capacity` tokens refilled at `per_second`, each full when first used.
    pub fn new(capacity: u32, per_second: f64) -> Self {
        Self {
            prototype: TokenBucket::new(capacity, per_second, Instant::now()),
            held: Mutex::default(),
        }
    }

    /// Takes `n` tokens from `key`'s bucket at `now` (see `TokenBucket::take`).
    pub fn take(&self, key: &str, n: u32, now: Instant) -> Result<(), Duration> {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        held.prune(now, self.prototype.refill_time());
        let fresh = TokenBucket {
            full_at: now,
            ..self.prototype
        };
        held.buckets
            .entry(key.to_lowercase())
            .or_insert(fresh)
            .take(n, now)
    }

    /// How many keys have a bucket.
    pub fn held(&self) -> usize {
        self.held
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .buckets
            .len()
    }
}

impl Held {
    /// Forgets full buckets, at most once a refill time so that a take stays cheap: a bucket
    /// is full a refill time after its last take, and gone by the prune after that.
    fn prune(&mut self, now: Instant, period: Duration) {
        match self.pruned_at {
            Some(at) if now.saturating_duration_since(at) < period => {}
            None => self.pruned_at = Some(now),
            Some(_) => {
                self.buckets.retain(|_, bucket| !bucket.is_full(now));
                self.pruned_at = Some(now);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn a_burst_is_free_then_the_wait_is_until_the_tokens_fit() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(4, 10.0, start);
        bucket.take(3, start).unwrap();
        assert_eq!(
            bucket.take(3, start),
            Err(200 * MS),
            "one left, two to refill"
        );
        assert_eq!(
            bucket.take(3, start + 100 * MS),
            Err(100 * MS),
            "nothing was taken by the refusal"
        );
        bucket
            .take(3, start + 200 * MS)
            .expect("fits after the wait it named");
        assert_eq!(bucket.take(1, start + 200 * MS), Err(100 * MS));
    }

    #[test]
    fn a_bucket_refills_to_its_capacity_and_no_further() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(2, 1.0, start);
        bucket.take(2, start).unwrap();
        assert!(!bucket.is_full(start + 1900 * MS));
        assert!(bucket.is_full(start + 2000 * MS));
        let idle = start + Duration::from_secs(3600);
        bucket.take(2, idle).expect("a full bucket");
        assert_eq!(
            bucket.take(1, idle),
            Err(1000 * MS),
            "an hour idle is still two"
        );
    }

    #[test]
    fn more_than_the_capacity_never_fits_and_waits_a_whole_refill() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(3, 0.05, start);
        assert_eq!(bucket.take(4, start), Err(Duration::from_secs(60)));
        bucket.take(3, start).expect("the refusal took nothing");
    }

    #[test]
    fn keys_ignore_case_and_each_has_its_own_bucket() {
        let buckets = KeyedBuckets::new(1, 1.0);
        let now = Instant::now();
        buckets.take("Alice", 1, now).unwrap();
        assert_eq!(buckets.take("ALICE", 1, now), Err(1000 * MS));
        buckets.take("bob", 1, now).expect("bob has his own bucket");
        assert_eq!(buckets.held(), 2);
    }

    #[test]
    fn buckets_that_refilled_are_forgotten_and_the_others_kept() {
        let buckets = KeyedBuckets::new(2, 1.0);
        let start = Instant::now();
        for user in 0..1000 {
            buckets.take(&format!("user{user}"), 1, start).unwrap();
        }
        buckets.take("drained", 2, start + 1000 * MS).unwrap();
        assert_eq!(buckets.held(), 1001);

        // Two seconds on, the users' buckets are full again; the drained one still lacks one.
        buckets.take("someone", 1, start + 2000 * MS).unwrap();
        assert_eq!(buckets.held(), 2, "only the drained bucket and the new one");
        assert_eq!(
            buckets.take("drained", 2, start + 2000 * MS),
            Err(1000 * MS),
            "a bucket still refilling keeps what it lacks"
        );
    }
}
