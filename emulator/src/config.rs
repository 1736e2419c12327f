//! How an emulator behaves: paging, auth, long-running operations, and injected faults.

use std::time::Duration;

/// Settings of one emulator instance.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// Items per page of a list before `nextLink` (ARM pages vary; small pages exercise paging).
    pub page_size: usize,
    /// The only bearer token accepted; any non-empty token when `None`.
    pub token: Option<String>,
    /// How long a DELETE of a connection stays in progress.
    pub lro_delay: Duration,
    /// Added to every request.
    pub latency: Duration,
    /// Fraction of requests answered 429 with `Retry-After`.
    pub throttle_rate: f64,
    /// The wait a throttled answer asks for.
    pub retry_after: Duration,
    /// Fraction of requests answered 500 or 503.
    pub error_rate: f64,
    /// Extra subscriptions answering 403 `AuthorizationFailed` (besides the estate's own).
    pub deny_subscriptions: Vec<String>,
    /// Seed of the fault dice, so a run can be repeated.
    pub seed: u64,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            page_size: 50,
            token: None,
            lro_delay: Duration::from_millis(1500),
            latency: Duration::ZERO,
            throttle_rate: 0.0,
            retry_after: Duration::from_secs(1),
            error_rate: 0.0,
            deny_subscriptions: Vec::new(),
            seed: 0x5eed_11c0,
        }
    }
}

/// A setting out of range.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// A rate outside 0..=1.
    #[error("{name} must be between 0 and 1, got {value}")]
    Rate {
        /// The flag.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// A page size of zero or above ARM's 1,000.
    #[error("page size must be between 1 and 1000, got {0}")]
    PageSize(usize),
}

impl EmulatorConfig {
    /// Checks ranges; the emulator refuses to start otherwise.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for (name, value) in [
            ("--throttle-rate", self.throttle_rate),
            ("--error-rate", self.error_rate),
        ] {
            if !(0.0..=1.0).contains(&value) || value.is_nan() {
                return Err(ConfigError::Rate { name, value });
            }
        }
        if !(1..=1000).contains(&self.page_size) {
            return Err(ConfigError::PageSize(self.page_size));
        }
        Ok(())
    }
}
