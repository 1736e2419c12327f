//! How an emulator behaves: paging, auth, long-running operations, and injected faults.

use std::time::Duration;

/// Settings of one emulator instance.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// Items per page of a list before `nextLink` (ARM pages vary; small pages exercise paging).
    pub page_size: usize,
    /// The bearer tokens accepted, each with the caller its writes are logged as in the
    /// Activity Log; any non-empty token (as `DEFAULT_CALLER`) when empty.
    pub tokens: Vec<Token>,
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
    /// New Pending requests made to arrive over time (`--arrivals`), if any.
    pub arrivals: Option<crate::store::Arrivals>,
    /// What the caller may do in each subscription (`--permissions`): the permissions API's
    /// answer, and what a read or write needs; everything when not set.
    pub permissions: std::sync::Arc<crate::permissions::Permissions>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            page_size: 50,
            tokens: Vec::new(),
            lro_delay: Duration::from_millis(1500),
            latency: Duration::ZERO,
            throttle_rate: 0.0,
            retry_after: Duration::from_secs(1),
            error_rate: 0.0,
            deny_subscriptions: Vec::new(),
            seed: 0x5eed_11c0,
            arrivals: None,
            permissions: std::sync::Arc::default(),
        }
    }
}

/// The caller of a token configured without one (and of any token when none is configured).
pub const DEFAULT_CALLER: &str = "emulator-client@linkcenter.invalid";

/// A bearer token the emulator accepts, and who its requests act as.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    /// The bearer token.
    pub token: String,
    /// The caller the Activity Log names for its writes (`alice@contoso.com`).
    pub caller: Option<String>,
}

impl Token {
    /// Reads `TOKEN` or `TOKEN=CALLER` (the first `=` followed by something other than `=`
    /// splits them, so a token's base64 padding stays part of it).
    pub fn parse(text: &str) -> Self {
        let bytes = text.as_bytes();
        let split = (0..bytes.len())
            .find(|&i| bytes[i] == b'=' && bytes.get(i + 1).is_some_and(|next| *next != b'='));
        match split {
            Some(at) if at > 0 => Self {
                token: text[..at].to_owned(),
                caller: Some(text[at + 1..].to_owned()),
            },
            _ => Self {
                token: text.to_owned(),
                caller: None,
            },
        }
    }

    /// The caller its requests act as.
    pub fn caller(&self) -> &str {
        self.caller.as_deref().unwrap_or(DEFAULT_CALLER)
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("token", &"<redacted>")
            .field("caller", &self.caller)
            .finish()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_may_name_its_caller_and_keeps_its_padding() {
        let named = Token::parse("portal=alice@contoso.com");
        assert_eq!(
            (named.token.as_str(), named.caller()),
            ("portal", "alice@contoso.com")
        );
        let padded = Token::parse("c2VjcmV0==");
        assert_eq!(
            (padded.token.as_str(), padded.caller.as_deref()),
            ("c2VjcmV0==", None)
        );
        assert_eq!(padded.caller(), DEFAULT_CALLER);
        assert!(
            !format!("{named:?}").contains("portal"),
            "the token is not logged"
        );
    }
}
