//! When and how long to wait before trying a call again.
//!
//! # Which failures are retried: the operation's class
//!
//! After a 5xx, a read timeout or a connection dropped mid-answer, the
//! service may already have executed the request. For a read that costs
//! nothing; for `RunInstances` a second execution is a second instance, and
//! a second bill. So what a call retries depends on the operation, decided
//! once per call by [`RetryClass::of`] from its [`OperationInfo`]:
//!
//! | operation | class | retried after |
//! |---|---|---|
//! | `get`, `list` | [`RetryClass::Transient`] | every transient failure |
//! | any kind with an idempotency token (`ClientToken`) | [`RetryClass::Transient`] | every transient failure: the retry carries the same token, so the service runs it once |
//! | `delete` | [`RetryClass::Transient`] | every transient failure: a second delete removes nothing more |
//! | `create`, `update`, `none`, or no kind, without a token | [`RetryClass::NotExecuted`] | only failures that prove the request did not run |
//!
//! *Transient failures* are throttling (codes `Throttling`, `Throttling.*`
//! and any HTTP 429, as
//! [`ServiceError::is_throttling`](crate::error::ServiceError::is_throttling)
//! defines it; `x-acs-retry-after` is honoured, capped by
//! [`RetryConfig::max_backoff`]), connections that could not be made
//! ([`TransportErrorKind::Connect`]: refused, DNS, TLS, connect timeout),
//! read timeouts ([`TransportErrorKind::Timeout`]), connections that broke
//! after the request was sent ([`TransportErrorKind::Io`]), any HTTP 5xx
//! whether its body is readable or not, and the codes `ServiceUnavailable`
//! and `SystemBusy` whatever their status.
//!
//! Of these, only two *prove the request did not run*
//! ([`RetryReason::proves_not_executed`]): throttling (the service refused
//! the request before running it) and a connection that was never
//! established (no byte of the request left the client; reqwest reports a
//! connect timeout as a connect error, not a read timeout). A 5xx, even
//! `ServiceUnavailable`, may come from a front end that gave up waiting for
//! a back end that went on.
//!
//! Nothing else is ever retried: no other 4xx (the request is wrong and will
//! stay wrong), no credentials, endpoint or request-building error, no body
//! over the limit, no unreadable 2xx body.
//!
//! ## Why these classes
//!
//! * **Reads** change nothing, however often they run.
//! * **A token** makes a retry the same request: the service answers a
//!   repeated token with the first execution's result. The client fills an
//!   empty token with a fresh UUID once per call and sends it on every
//!   attempt (see [`OperationInfo::idempotency_token`]); a token the caller
//!   set (a required one always is) is never replaced.
//! * **Deletes** (47 in ECS, all keyed by ids) remove nothing more the
//!   second time. The cost: when the first attempt did run, the retry
//!   answers with the operation's not-found error (e.g.
//!   `InvalidInstanceId.NotFound`), and that error is what the call returns.
//!   It is not turned into a success: the runtime cannot tell it from an id
//!   that never existed, and has no response to give. The call logs, at
//!   `warn`, that an earlier attempt may have run; code that deletes should
//!   take not-found as done, as it must anyway when others delete too.
//! * **Updates** without a token stay with creates: many are not idempotent
//!   (`RebootInstance` reboots twice, `SendFile` sends twice, `StartInstance`
//!   and `AttachDisk` fail the second time with a state error that hides the
//!   success).
//! * **`none` and unknown kinds** get the safe default. An overlay
//!   (`kind: get`) moves an operation to the reads.
//!
//! A caller who knows better opts in per call with
//! [`CallOptions::retry_class`](crate::client::CallOptions::retry_class)
//! (`RetryClass::Transient` for a create they are willing to repeat, or
//! `RetryClass::NotExecuted` for a read they are not), or turns retries off
//! with [`RetryConfig::disabled`].
//!
//! # Why retry by default, when the official SDK does not
//!
//! The official SDKs do not retry unless asked (their `autoretry` runtime
//! option is off by default). We do, up to three attempts, because the
//! classes above keep every retry safe, and because a retry here is always a
//! new, valid request: every attempt is signed afresh with a new nonce and
//! the current time, so the service's replay protection (which rejects a
//! reused `SignatureNonce` / `x-acs-signature-nonce`) never rejects it.
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
use crate::operation::{OperationError, OperationInfo, OperationKind};

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

    /// Whether a failed attempt number `attempt` (1 for the first) of a call
    /// in `class` should be followed by another, and why.
    pub fn should_retry<E: OperationError>(
        &self,
        attempt: u32,
        class: RetryClass,
        error: &SdkError<E>,
    ) -> Option<RetryReason> {
        if attempt >= self.max_attempts {
            return None;
        }
        RetryReason::of(error).filter(|reason| class.allows(*reason))
    }
}

/// Which failures of a call may be retried (see the [module](self) docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryClass {
    /// Every transient failure, including those after which the service may
    /// have run the request (5xx, read timeouts, dropped connections): for
    /// reads, deletes and operations with an idempotency token.
    Transient,
    /// Only failures that prove the request did not run: throttling and a
    /// connection that was never established. The default for creates,
    /// updates and operations of no known kind without an idempotency token.
    NotExecuted,
}

impl RetryClass {
    /// The class of an operation: the one place the policy is decided.
    pub const fn of(info: &OperationInfo) -> RetryClass {
        if info.idempotency_token.is_some() {
            return RetryClass::Transient;
        }
        match info.kind {
            Some(OperationKind::Get | OperationKind::List | OperationKind::Delete) => {
                RetryClass::Transient
            }
            // Creates, updates, `none`, and operations the spec says nothing
            // about: a second execution may do the thing twice.
            _ => RetryClass::NotExecuted,
        }
    }

    /// Whether a failure of this reason is retried in this class.
    pub const fn allows(self, reason: RetryReason) -> bool {
        match self {
            RetryClass::Transient => true,
            RetryClass::NotExecuted => reason.proves_not_executed(),
        }
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
    /// An HTTP 5xx, or the codes `ServiceUnavailable` and `SystemBusy`.
    ServerError,
    /// No connection could be made: nothing was sent.
    NotConnected,
    /// The request was sent, and no complete answer came: a read timeout,
    /// or a connection that broke.
    Transport,
}

impl RetryReason {
    /// Whether the failure proves the service did not run the request:
    /// throttling, or a connection never established.
    pub const fn proves_not_executed(self) -> bool {
        matches!(
            self,
            RetryReason::Throttled { .. } | RetryReason::NotConnected
        )
    }

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
                TransportErrorKind::Connect => Some(RetryReason::NotConnected),
                TransportErrorKind::Timeout | TransportErrorKind::Io => {
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
    fn the_class_follows_the_kind_and_the_token() {
        use crate::operation::{HttpMethod, ServiceInfo};
        static SERVICE: ServiceInfo = ServiceInfo {
            product: "P",
            version: "2020-01-01",
            endpoint_pattern: "p.{region_id}.example.com",
            central_endpoint: "p.example.com",
            regional_endpoints: &[],
        };
        let info = |kind, idempotency_token| OperationInfo {
            service: &SERVICE,
            action: "A",
            method: HttpMethod::Post,
            kind,
            idempotency_token,
        };
        use OperationKind as K;
        for kind in [K::Get, K::List, K::Delete] {
            assert_eq!(
                RetryClass::of(&info(Some(kind), None)),
                RetryClass::Transient
            );
        }
        for kind in [Some(K::Create), Some(K::Update), Some(K::None), None] {
            assert_eq!(RetryClass::of(&info(kind, None)), RetryClass::NotExecuted);
            assert_eq!(
                RetryClass::of(&info(kind, Some("ClientToken"))),
                RetryClass::Transient
            );
        }
        let throttled = RetryReason::Throttled { retry_after: None };
        for reason in [throttled, RetryReason::NotConnected] {
            assert!(RetryClass::NotExecuted.allows(reason), "{reason:?}");
        }
        for reason in [RetryReason::ServerError, RetryReason::Transport] {
            assert!(!RetryClass::NotExecuted.allows(reason), "{reason:?}");
            assert!(RetryClass::Transient.allows(reason), "{reason:?}");
        }
    }

    #[test]
    fn os_random_is_in_range() {
        for _ in 0..100 {
            let r = os_random();
            assert!((0.0..1.0).contains(&r), "{r}");
        }
    }
}
