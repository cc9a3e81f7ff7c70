//! Testing code that calls a generated SDK, without a server (feature
//! `test-util`).
//!
//! A [`Mock`] is a [`Transport`]: a client configured with
//! [`Mock::config`] signs, serializes, retries and parses exactly as it does
//! against the service, and only the network is replaced. So the generated
//! SDK needs nothing of its own for mocking, a raw body given to the mock
//! goes through the real parse path, and the typed requests it records are
//! read back from the wire parameters the client really sent (with
//! [`Args::deserialize`](crate::dynamic::Args::deserialize), the same reader
//! as the command-line program's).
//!
//! Rules are per operation, picked by the request type; each holds a
//! sequence of replies, played in order, the last one answering every call
//! after the others are used up (so `.fail(throttled).times(2).respond(ok)`
//! is two throttling errors, then success for good). The first rule whose
//! operation matches and whose predicate (if any) accepts the request
//! answers. A call no rule answers fails with a transport error naming the
//! action.
//!
//! ```ignore
//! use acs_runtime::mock::Mock;
//! use acs_runtime::{ServiceError, Shape};
//!
//! let mock = Mock::new();
//! mock.on::<DescribeZonesRequest>()
//!     .fail(ServiceError::new(400, "Throttling", "slow down"))
//!     .respond(DescribeZonesResponse::default().with(|r| r.request_id = Some("R-1".into())));
//! let client = acs_ecs::Client::new(mock.config());
//! // … the code under test calls client.describe_zones(…) …
//! assert_eq!(mock.requests::<DescribeZonesRequest>().len(), 2);
//! ```
//!
//! `generated/examples/mock_test.rs` is a complete example that compiles.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crate::tree::ToTree;
use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::client::{Config, ConfigBuilder};
use crate::credentials::{BoxFuture, Credentials};
use crate::dynamic::Args;
use crate::error::{ServiceError, TransportError, TransportErrorKind};
use crate::operation::{Operation, OperationError};
use crate::response::{REQUEST_ID_HEADER, RETRY_AFTER_HEADER};
use crate::retry::{RetryConfig, Sleep};
use crate::transport::{SendOptions, Transport};

/// Query parameters of a V2 signature, which are not the operation's.
const V2_COMMON: &[&str] = &[
    "AccessKeyId",
    "Action",
    "Format",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

type Predicate = Box<dyn Fn(&Args) -> bool + Send + Sync>;

/// One canned answer.
#[derive(Clone, Debug)]
enum Reply {
    /// A response with this status, body and headers.
    Http {
        status: u16,
        body: String,
        headers: Vec<(&'static str, String)>,
    },
    /// No response: a connection failure or timeout.
    Transport(TransportErrorKind),
}

struct RuleState {
    action: &'static str,
    predicate: Option<Predicate>,
    replies: std::collections::VecDeque<Reply>,
}

/// A request the mock received: its action and wire parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// The action (`DescribeZones`).
    pub action: String,
    /// The operation's parameters by wire name, as sent.
    pub params: Args,
    /// Whether a rule answered it.
    pub answered: bool,
}

#[derive(Default)]
struct State {
    rules: Vec<Arc<Mutex<RuleState>>>,
    recorded: Vec<Recorded>,
}

/// A transport that answers from rules; cheap to clone (clones share the
/// rules and the record).
#[derive(Clone, Default)]
pub struct Mock {
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for Mock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("Mock")
            .field("rules", &state.rules.len())
            .field("recorded", &state.recorded.len())
            .finish()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A test that panicked while holding the lock leaves the mock usable.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Mock {
    /// A mock without rules.
    pub fn new() -> Self {
        Mock::default()
    }

    /// A client configuration that sends through this mock: test
    /// credentials, region `cn-hangzhou`, no retries, instant back-off.
    pub fn config(&self) -> Config {
        self.config_builder()
            .build()
            .unwrap_or_else(|e| unreachable!("the mock's configuration is valid: {e}"))
    }

    /// [`config`](Self::config) as a builder, to change a setting (e.g.
    /// [`ConfigBuilder::retry`] to test the client's own retries: back-off
    /// does not wait).
    pub fn config_builder(&self) -> ConfigBuilder {
        Config::builder()
            .transport(self.clone())
            .credentials(Credentials::new("MockAccessKeyId", "mock-secret"))
            .region("cn-hangzhou")
            .retry(RetryConfig::disabled())
            .sleep(NoSleep)
    }

    /// A rule for `R`'s operation, answering every call of it (until its
    /// replies run out). Add replies with the [`Rule`]'s methods.
    pub fn on<R: Operation>(&self) -> Rule<R> {
        let rule = Arc::new(Mutex::new(RuleState {
            action: R::INFO.action,
            predicate: None,
            replies: Default::default(),
        }));
        lock(&self.state).rules.push(Arc::clone(&rule));
        Rule {
            rule,
            _op: std::marker::PhantomData,
        }
    }

    /// The typed requests of `R`'s operation the mock received, in order
    /// (retries included: each attempt is a request).
    pub fn requests<R: Operation + DeserializeOwned>(&self) -> Vec<R> {
        lock(&self.state)
            .recorded
            .iter()
            .filter(|r| r.action == R::INFO.action)
            .filter_map(|r| r.params.deserialize().ok())
            .collect()
    }

    /// Every request the mock received, of any operation, in order.
    pub fn recorded(&self) -> Vec<Recorded> {
        lock(&self.state).recorded.clone()
    }

    fn answer(
        &self,
        request: &http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let (action, params) = read_request(request);
        let mut state = lock(&self.state);
        let mut reply = None;
        for rule in &state.rules {
            let mut rule = lock(rule);
            if rule.action != action
                || rule.replies.is_empty()
                || rule.predicate.as_ref().is_some_and(|p| !p(&params))
            {
                continue;
            }
            reply = if rule.replies.len() == 1 {
                rule.replies.front().cloned()
            } else {
                rule.replies.pop_front()
            };
            break;
        }
        state.recorded.push(Recorded {
            action: action.clone(),
            params,
            answered: reply.is_some(),
        });
        drop(state);
        match reply {
            None => Err(TransportError::new(
                TransportErrorKind::Io,
                format!("the mock has no rule (or no reply left) for {action}"),
            )),
            Some(Reply::Transport(kind)) => Err(TransportError::new(
                kind,
                format!("mocked {kind:?} failure"),
            )),
            Some(Reply::Http {
                status,
                body,
                headers,
            }) => {
                let mut builder = http::Response::builder()
                    .status(status)
                    .header(REQUEST_ID_HEADER, "mock-request-id");
                for (name, value) in headers {
                    builder = builder.header(name, value);
                }
                builder
                    .body(Bytes::from(body))
                    .map_err(|e| TransportError::new(TransportErrorKind::Io, e))
            }
        }
    }
}

/// The action and the operation's parameters of a signed request (V3: the
/// action in `x-acs-action`; V2: in the query, among the signature's own
/// parameters).
fn read_request(request: &http::Request<Bytes>) -> (String, Args) {
    let query = request.uri().query().unwrap_or("");
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    let header = request
        .headers()
        .get("x-acs-action")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let action = header.clone().unwrap_or_else(|| {
        pairs
            .iter()
            .find(|(k, _)| k == "Action")
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    });
    let v2 = header.is_none();
    let params = pairs
        .into_iter()
        .filter(|(k, _)| !(v2 && V2_COMMON.contains(&k.as_str())))
        .collect();
    (action, params)
}

fn decode(s: &str) -> String {
    let plus = s.replace('+', " ");
    percent_encoding::percent_decode_str(&plus)
        .decode_utf8_lossy()
        .into_owned()
}

impl Transport for Mock {
    fn send(
        &self,
        request: http::Request<Bytes>,
        _options: SendOptions,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        let answer = self.answer(&request);
        Box::pin(std::future::ready(answer))
    }
}

/// Back-off that does not wait, so tests of retries are instant.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoSleep;

impl Sleep for NoSleep {
    fn sleep(&self, _duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(std::future::ready(()))
    }
}

/// The replies of one operation; see [`Mock::on`]. Each method adds one
/// reply to the end of the sequence.
pub struct Rule<R> {
    rule: Arc<Mutex<RuleState>>,
    _op: std::marker::PhantomData<fn(R)>,
}

impl<R> fmt::Debug for Rule<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rule = lock(&self.rule);
        f.debug_struct("Rule")
            .field("action", &rule.action)
            .field("replies", &rule.replies)
            .finish_non_exhaustive()
    }
}

impl<R: Operation> Rule<R> {
    /// Answers only requests `predicate` accepts (others go to the next
    /// rule). The request is the typed one the client sent, read back from
    /// its wire parameters.
    pub fn matching(self, predicate: impl Fn(&R) -> bool + Send + Sync + 'static) -> Self
    where
        R: DeserializeOwned,
    {
        lock(&self.rule).predicate = Some(Box::new(move |args: &Args| {
            args.deserialize::<R>().is_ok_and(|r| predicate(&r))
        }));
        self
    }

    /// Answers with `output` (HTTP 200, as JSON; parsed back by the client).
    pub fn respond(self, output: R::Output) -> Self
    where
        R::Output: ToTree,
    {
        let body = output.to_tree().to_string();
        self.push(Reply::Http {
            status: 200,
            body,
            headers: vec![("content-type", "application/json".into())],
        })
    }

    /// Answers with the error document of `error` (its status, code,
    /// message, request id; `x-acs-retry-after` when it has a delay). The
    /// client classifies it into the operation's typed error.
    pub fn fail(self, error: ServiceError) -> Self {
        let body = serde_json::json!({
            "Code": error.code,
            "Message": error.message,
            "RequestId": error.request_id,
            "HostId": error.host_id,
            "Recommend": error.recommend,
            "AccessDeniedDetail": error.access_denied_detail,
        });
        let mut headers = vec![("content-type", "application/json".to_owned())];
        if let Some(wait) = error.retry_after {
            headers.push((RETRY_AFTER_HEADER, wait.as_millis().to_string()));
        }
        self.push(Reply::Http {
            status: error.status,
            body: body.to_string(),
            headers,
        })
    }

    /// Answers with the operation's typed error (what [`fail`](Self::fail)
    /// does with its service error).
    pub fn fail_with(self, error: R::Error) -> Self {
        self.fail(error.service_error().clone())
    }

    /// Answers with this status and body, as is: JSON or XML, the real
    /// parse path reads it (a malformed body is the client's `SdkError::Response`).
    pub fn body(self, status: u16, body: impl Into<String>) -> Self {
        self.push(Reply::Http {
            status,
            body: body.into(),
            headers: Vec::new(),
        })
    }

    /// Fails without an answer: a refused connection
    /// ([`TransportErrorKind::Connect`]), a timeout, …
    pub fn transport_error(self, kind: TransportErrorKind) -> Self {
        self.push(Reply::Transport(kind))
    }

    /// Plays the last reply added `n` times in all.
    pub fn times(self, n: usize) -> Self {
        {
            let mut rule = lock(&self.rule);
            if let Some(last) = rule.replies.back().cloned() {
                for _ in 1..n {
                    rule.replies.push_back(last.clone());
                }
                if n == 0 {
                    rule.replies.pop_back();
                }
            }
        }
        self
    }

    fn push(self, reply: Reply) -> Self {
        lock(&self.rule).replies.push_back(reply);
        self
    }
}
