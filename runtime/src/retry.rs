//! When and how long to wait before trying a call again.
//!
//! # What is retried
//!
//! * **Throttling**, as
//!   [`ServiceError::is_throttling`](crate::error::ServiceError::is_throttling)
//!   defines it: error
//!   codes `Throttling` and `Throttling.*`, and any HTTP 429. When the
//!   response carries `x-acs-retry-after`, that wait is honoured (capped by
//!   [`RetryConfig::max_backoff`]) instead of the computed back-off.
//! * **Server errors**: any HTTP 5xx, whether its body is a readable error
//!   document or not, and the codes `ServiceUnavailable` and `SystemBusy`
//!   whatever their status: a server that says it is unavailable or busy
//!   did not run the request. They are not throttling (the official SDKs'
//!   `ThrottlingError` is `Throttling`, `Throttling.User` and
//!   `Throttling.Api` only), so they get the computed back-off.
//! * **Connection failures and timeouts**: [`TransportErrorKind::Connect`]
//!   and [`TransportErrorKind::Timeout`].
//!
//! Nothing else is: no other 4xx (the request is wrong and will stay wrong),
//! no credentials, endpoint or request-building error, no other I/O error,
//! no unreadable 2xx body.
//!
//! # Why, when the official SDK does not
//!
//! The official SDKs do not retry unless asked (their `autoretry` runtime
//! option is off by default). We do, up to three attempts, because a retry
//! here is always a new, valid request: every attempt is signed afresh with a
//! new nonce and the current time, so the service's replay protection
//! (which rejects a reused `SignatureNonce` / `x-acs-signature-nonce`) never
//! rejects it. And the failures retried by default are, for the most part,
//! ones where the request was not executed: a throttled request was refused
//! before it ran, and a connection that could not be made carried nothing.
//!
//! A 5xx or a read timeout is different: the service may have executed the
//! request before failing to answer. Operations that create something take a
//! `ClientToken` for exactly this; pass one, or turn retries off for the call
//! with [`RetryConfig::disabled`] in `CallOptions`.
//!
//! # Back-off
//!
//! Exponential with full jitter (the "Full Jitter" of the AWS architecture
//! blog's *Exponential Backoff and Jitter*): before retry `n` (1 for the
//! first), wait a uniformly random duration in
//! `[0, min(max_backoff, initial_backoff × 2^(n-1))]`. The randomness and the
//! sleep are injected ([`Sleep`] and a `random` function on the client's
//! configuration), so tests run instantly and deterministically.

use std::fmt;
use std::time::Duration;

use crate::credentials::BoxFuture;
#[cfg(doc)]
use crate::error::ServiceError;
use crate::error::{SdkError, TransportErrorKind};
use crate::operation::OperationError;

/// How many times to try a call and how long to wait in between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Attempts in all, the first included: `3` by default, `1` turns retries off.
    /// `0` is read as `1`.
    pub max_attempts: u32,
    /// The back-off before the first retry, before jitter: 100 ms by default.
    pub initial_backoff: Duration,
    /// The longest wait before any retry, `x-acs-retry-after` included: 20 s by default.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(20),
        }
    }
}

impl RetryConfig {
    /// One attempt, no retries: what the official SDK does by default.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..RetryConfig::default()
        }
    }

    /// Sets the number of attempts, the first included.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// Sets the back-off before the first retry.
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the longest wait before a retry.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// How long to wait before retry number `retry` (1 for the first) after
    /// a failure of class `reason`; `random` is uniform in `[0, 1]`.
    ///
    /// A throttled response's own `retry_after` wins over the computed
    /// back-off; either way the result is at most `max_backoff`.
    pub fn backoff(&self, retry: u32, reason: RetryReason, random: f64) -> Duration {
        if let RetryReason::Throttled {
            retry_after: Some(wait),
        } = reason
        {
            return wait.min(self.max_backoff);
        }
        let doublings = retry.saturating_sub(1).min(31);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff);
        // An injected source may misbehave: NaN reads as 1, the rest is clamped.
        let factor = if random.is_nan() {
            1.0
        } else {
            random.clamp(0.0, 1.0)
        };
        ceiling.mul_f64(factor)
    }

    /// Whether a failed attempt number `attempt` (1 for the first) should be
    /// followed by another, and why.
    pub fn should_retry<E: OperationError>(
        &self,
        attempt: u32,
        error: &SdkError<E>,
    ) -> Option<RetryReason> {
        if attempt >= self.max_attempts {
            return None;
        }
        RetryReason::of(error)
    }
}

/// Why a failure is worth another attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryReason {
    /// The service refused the request for now; it may say how long to wait.
    Throttled {
        /// From `x-acs-retry-after`.
        retry_after: Option<Duration>,
    },
    /// An HTTP 5xx.
    ServerError,
    /// No connection could be made, or no answer came in time.
    Transport,
}

impl RetryReason {
    /// Classifies a failure; `None` for failures that are not retried.
    pub fn of<E: OperationError>(error: &SdkError<E>) -> Option<RetryReason> {
        match error {
            SdkError::Service(e) => {
                let e = e.service_error();
                if e.is_throttling() {
                    Some(RetryReason::Throttled {
                        retry_after: e.retry_after,
                    })
                } else if e.status >= 500 || is_busy_code(&e.code) {
                    Some(RetryReason::ServerError)
                } else {
                    None
                }
            }
            SdkError::Response(e) if e.status == 429 => {
                Some(RetryReason::Throttled { retry_after: None })
            }
            SdkError::Response(e) if e.status >= 500 => Some(RetryReason::ServerError),
            SdkError::Transport(e) => match e.kind {
                TransportErrorKind::Connect | TransportErrorKind::Timeout => {
                    Some(RetryReason::Transport)
                }
                _ => None,
            },
            _ => None,
        }
    }
}

/// Codes with which a server says it did not run the request because it is
/// unavailable or busy; retried as server errors even with a 4xx status.
fn is_busy_code(code: &str) -> bool {
    code == "ServiceUnavailable" || code == "SystemBusy"
}

/// Waits; injected so tests do not.
pub trait Sleep: Send + Sync + fmt::Debug {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// Sleeps on the tokio timer (the caller must run inside a tokio runtime
/// with the time driver enabled).
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A uniform random number in `[0, 1)` from the operating system, for jitter.
pub fn os_random() -> f64 {
    // 53 random bits: exactly the precision of an f64 in [0, 1).
    // If the OS cannot give randomness, jitter degrades to the full back-off,
    // which is still a valid (if less spread) wait.
    let mut bytes = [0u8; 8];
    if getrandom::getrandom(&mut bytes).is_err() {
        return 1.0;
    }
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_exponential_capped_and_jittered() {
        let retry = RetryConfig::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_secs(1));
        let full = |n| retry.backoff(n, RetryReason::ServerError, 1.0);
        assert_eq!(full(1), Duration::from_millis(100));
        assert_eq!(full(2), Duration::from_millis(200));
        assert_eq!(full(4), Duration::from_millis(800));
        assert_eq!(full(5), Duration::from_secs(1));
        assert_eq!(full(u32::MAX), Duration::from_secs(1));
        assert_eq!(
            retry.backoff(3, RetryReason::Transport, 0.5),
            Duration::from_millis(200)
        );
        assert_eq!(
            retry.backoff(3, RetryReason::Transport, 0.0),
            Duration::ZERO
        );
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let retry = RetryConfig::default().with_max_backoff(Duration::from_secs(2));
        let throttled = |ms| RetryReason::Throttled {
            retry_after: Some(Duration::from_millis(ms)),
        };
        assert_eq!(
            retry.backoff(1, throttled(1500), 0.0),
            Duration::from_millis(1500)
        );
        assert_eq!(
            retry.backoff(1, throttled(60_000), 0.0),
            Duration::from_secs(2)
        );
        let no_hint = RetryReason::Throttled { retry_after: None };
        assert_eq!(retry.backoff(1, no_hint, 1.0), Duration::from_millis(100));
    }

    #[test]
    fn throttling_has_one_definition() {
        use crate::error::{ServiceError, is_throttling_code};
        for code in ["Throttling", "Throttling.User", "Throttling.Api"] {
            assert!(is_throttling_code(code), "{code}");
            assert!(ServiceError::new(400, code, "").is_throttling(), "{code}");
        }
        for code in [
            "ThrottlingX",
            "ServiceUnavailable",
            "SystemBusy",
            "InvalidParameter",
            "Forbidden.RAM",
            "",
        ] {
            assert!(!is_throttling_code(code), "{code}");
        }
        assert!(ServiceError::new(429, "TooManyRequests", "").is_throttling());
        assert!(!ServiceError::new(503, "ServiceUnavailable", "").is_throttling());
        assert!(is_busy_code("ServiceUnavailable") && is_busy_code("SystemBusy"));
        assert!(!is_busy_code("Throttling") && !is_busy_code("InternalError"));
    }

    #[test]
    fn os_random_is_in_range() {
        for _ in 0..100 {
            let r = os_random();
            assert!((0.0..1.0).contains(&r), "{r}");
        }
    }
}
