//! When to retry and how long to wait: ARM's retryable statuses, its three retry-after headers,
//! and exponential backoff with jitter. Pure functions; the client applies them.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

/// Retry settings of the client.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts per call, the first included.
    pub max_attempts: u32,
    /// First backoff.
    pub base_delay: Duration,
    /// Longest single wait.
    pub max_delay: Duration,
    /// Total time a call may take, waits included.
    pub deadline: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 8,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(30),
            deadline: Duration::from_secs(120),
        }
    }
}

/// Whether ARM may answer differently if asked again (408, 429, 500, 502, 503, 504).
pub fn is_retryable(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// The wait ARM asks for: `x-ms-retry-after-ms`, then `retry-after-ms`, then `Retry-After`
/// (seconds or an HTTP date, counted from `now`).
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    for name in ["x-ms-retry-after-ms", "retry-after-ms"] {
        if let Some(ms) = text(name)
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|ms| *ms >= 0.0)
        {
            return Some(Duration::from_secs_f64(ms / 1000.0));
        }
    }
    let value = text("retry-after")?;
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds >= 0.0).then(|| Duration::from_secs_f64(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

impl RetryPolicy {
    /// Backoff before attempt `attempt + 1` (attempt counts from 1): doubling from the base, capped,
    /// with `jitter` in 0..1 spreading it over [50%, 100%] so many clients do not retry in step.
    pub fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        let exponent = attempt.saturating_sub(1).min(16);
        let full = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        full.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
    }

    /// The wait before the next attempt: what ARM asked for (capped), else the backoff.
    pub fn delay(&self, attempt: u32, asked: Option<Duration>, jitter: f64) -> Duration {
        asked.map_or_else(
            || self.backoff(attempt, jitter),
            |asked| asked.min(self.max_delay),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn retryable_statuses_are_the_transient_ones() {
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(is_retryable(status), "{status}");
        }
        for status in [200, 400, 401, 403, 404, 409, 501] {
            assert!(!is_retryable(status), "{status}");
        }
    }

    #[test]
    fn millisecond_headers_win_over_retry_after() {
        let now = SystemTime::now();
        let h = headers(&[
            ("retry-after", "7"),
            ("retry-after-ms", "250"),
            ("x-ms-retry-after-ms", "120"),
        ]);
        assert_eq!(retry_after(&h, now), Some(Duration::from_millis(120)));
        let h = headers(&[("retry-after", "7"), ("retry-after-ms", "250")]);
        assert_eq!(retry_after(&h, now), Some(Duration::from_millis(250)));
        assert_eq!(
            retry_after(&headers(&[("retry-after", "7")]), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(retry_after(&headers(&[("retry-after", "soon")]), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn retry_after_may_be_an_http_date() {
        let now = httpdate::parse_http_date("Thu, 26 Nov 2026 12:00:00 GMT").unwrap();
        let h = headers(&[("retry-after", "Thu, 26 Nov 2026 12:00:05 GMT")]);
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(5)));
        let past = headers(&[("retry-after", "Thu, 26 Nov 2026 11:00:00 GMT")]);
        assert_eq!(retry_after(&past, now), Some(Duration::ZERO));
    }

    #[test]
    fn backoff_doubles_is_capped_and_jittered() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            ..RetryPolicy::default()
        };
        assert_eq!(policy.backoff(1, 1.0), Duration::from_millis(100));
        assert_eq!(policy.backoff(3, 1.0), Duration::from_millis(400));
        assert_eq!(policy.backoff(30, 1.0), Duration::from_secs(1));
        assert_eq!(policy.backoff(3, 0.0), Duration::from_millis(200));
        assert_eq!(
            policy.delay(2, Some(Duration::from_secs(60)), 0.5),
            Duration::from_secs(1),
            "asked waits are capped"
        );
    }
}
