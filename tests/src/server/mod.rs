//! A stand-in for the ECS endpoint on `127.0.0.1`, for end-to-end tests over
//! real HTTP.
//!
//! It verifies V2 and V3 signatures with its own code (the private `verify`
//! module, written from the published algorithm; never `acs_runtime::sign`),
//! rejects stale timestamps and reused nonces, serves `DeleteActivation` and
//! `DeregisterManagedInstance` with their documented semantics over state the
//! test seeds, answers in JSON or XML as asked, and plays scripted
//! [`Fault`]s. Every request is recorded, so tests can count attempts and
//! compare nonces, and every execution of an operation is counted
//! ([`TestServer::executions`]), so tests can tell an attempt that ran from
//! one that did not.
//!
//! # Idempotency tokens
//!
//! As the service does with `ClientToken`: a verified request whose
//! `ClientToken` was already executed for the same action is not executed
//! again; it gets the first execution's answer (same body, same
//! `x-acs-request-id`), or `IdempotentParameterMismatch` (400) when its
//! other parameters differ. The service keeps tokens for a limited time;
//! this server, for its lifetime.
//!
//! # Error codes
//!
//! As the service sends them: `SignatureDoesNotMatch`, `IncompleteSignature`,
//! `MissingParameter`, `InvalidTimeStamp.Expired` (more than
//! [`DEFAULT_TOLERANCE`] off), `SignatureNonceUsed` (all 400),
//! `InvalidAccessKeyId.NotFound` (404), `MissingSecurityToken` and
//! `InvalidSecurityToken.MismatchWithAccessKey` (400, STS keys),
//! `RegionId.ApiNotSupported` (400, a region other than [`SUPPORTED_REGIONS`]),
//! `Throttling` (400) and `InternalError.Dispatch` (500) as faults.
//!
//! **This server's choices**, where the documents list no code:
//! `Activation.InUse` (400) for deleting an activation code with registered
//! instances, `InvalidActivationId.NotFound` and `InvalidInstanceId.NotFound`
//! (404) for unknown ids. Deregistering an instance moves it from its
//! activation's `RegisteredCount` to `DeregisteredCount`.
//!
//! **STS**: [`TestServer::respond`] answers `AssumeRole` or
//! `AssumeRoleWithOIDC` with credentials the test chose, and
//! [`Builder::sts_key`] makes the server accept those temporary keys on the
//! calls that follow. [`Builder::anonymous_action`] admits unsigned requests
//! for an action, as STS admits `AssumeRoleWithOIDC`; any other unsigned
//! request is refused as usual.
//!
//! The server runs on its own thread with its own single-threaded tokio
//! runtime, so it serves async and blocking tests alike; dropping the
//! [`TestServer`] stops it (and every connection still being answered). It
//! also stops by itself after [`MAX_LIFETIME`].
//!
//! ```
//! use sdk_tests::server::{Fault, TestServer};
//!
//! let server = TestServer::builder().access_key("ak", "secret").start();
//! let activation = server.create_activation("cn-hangzhou", 1);
//! server.inject(Fault::Throttling { retry_after: None }, 2);
//! // point a client at server.url() ...
//! assert_eq!(server.request_count(), 0);
//! ```

mod check;
mod client;
mod ecs;
mod encode;
mod http;
mod reply;
mod time;
mod verify;

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

pub use check::{SigningKey, verify_signature};
pub use client::send_raw;
pub use ecs::{API_VERSION, Activation, ManagedInstance, SUPPORTED_REGIONS};
pub use reply::Format;
pub use time::at as timestamp;
pub use verify::{SignatureVersion, V2_COMMON};

use self::http::{ReadError, Request, Response, read_request};
use reply::ApiError;
use verify::Key;

/// The server stops by itself after this long, dropped or not.
pub const MAX_LIFETIME: Duration = Duration::from_secs(300);

/// How far a request's timestamp may be from the server's clock: 15 minutes,
/// as the service allows.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(15 * 60);

/// How long one connection may take, whatever a fault says.
const CONNECTION_LIMIT: Duration = Duration::from_secs(30);

/// The server's clock.
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// A scripted misbehaviour, played on a request that passed verification
/// (so its nonce is spent), in place of or on top of the normal answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// `Throttling` (HTTP 400, as the service sends it), with
    /// `x-acs-retry-after` in milliseconds when `retry_after` is set. The
    /// operation does not run.
    Throttling {
        /// Sent as `x-acs-retry-after`.
        retry_after: Option<Duration>,
    },
    /// `InternalError.Dispatch` (HTTP 500). The operation does not run.
    InternalErrorDispatch,
    /// Waits this long, then runs the operation and answers normally (as a
    /// slow service would: the operation happens even if the client gave up).
    Delay(Duration),
    /// Runs the operation and answers 200 with the first half of the real
    /// body (correct HTTP framing, truncated JSON or XML).
    TruncatedBody,
    /// Runs the operation (its result is kept for its `ClientToken`), then
    /// answers `InternalError` (HTTP 500), as a service whose front end
    /// failed after the back end did the work.
    ExecuteThenInternalError,
    /// Runs the operation (its result is kept for its `ClientToken`), then
    /// closes the connection without answering.
    ExecuteThenDrop,
    /// Answers with this status, `content-type` and body. The operation
    /// does not run.
    Raw {
        /// The HTTP status.
        status: u16,
        /// The `content-type` header.
        content_type: String,
        /// The body, as is.
        body: Vec<u8>,
    },
}

/// One request the server received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRecord {
    /// The `RequestId` the server answered with.
    pub request_id: String,
    /// The signature the request carried.
    pub signature_version: SignatureVersion,
    /// `Action` / `x-acs-action`, when it could be read.
    pub action: Option<String>,
    /// The signature nonce, when the request passed verification.
    pub nonce: Option<String>,
    /// The AccessKey ID, when the request passed verification; empty for
    /// an unsigned request to an [anonymous action](Builder::anonymous_action).
    pub access_key_id: Option<String>,
    /// The status answered; `None` while the answer is pending (a
    /// [`Fault::Delay`]), or when none was sent ([`Fault::ExecuteThenDrop`]).
    pub status: Option<u16>,
    /// The error code answered, if any.
    pub code: Option<String>,
    /// The operation's parameters as the server read them (verified requests only).
    pub params: Vec<(String, String)>,
}

/// Settings of a [`TestServer`].
pub struct Builder {
    keys: Vec<Key>,
    anonymous: Vec<String>,
    clock: Option<Clock>,
    tolerance: Duration,
}

impl std::fmt::Debug for Builder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|k| k.id.as_str()).collect();
        f.debug_struct("Builder")
            .field("access_key_ids", &ids)
            .field("tolerance", &self.tolerance)
            .finish_non_exhaustive()
    }
}

impl Builder {
    /// Accepts a long-lived AccessKey.
    pub fn access_key(mut self, id: &str, secret: &str) -> Self {
        self.keys.push(Key {
            id: id.to_owned(),
            secret: secret.to_owned(),
            token: None,
        });
        self
    }

    /// Accepts a temporary (STS) AccessKey, which must come with `token`:
    /// the `SecurityToken` parameter (V2) or the signed
    /// `x-acs-security-token` header (V3).
    pub fn sts_key(mut self, id: &str, secret: &str, token: &str) -> Self {
        self.keys.push(Key {
            id: id.to_owned(),
            secret: secret.to_owned(),
            token: Some(token.to_owned()),
        });
        self
    }

    /// Admits unsigned requests for `action`, as STS admits
    /// `AssumeRoleWithOIDC` (the token is the proof): everything a signed
    /// request carries but the AccessKey and the signature must be there,
    /// the timestamp within the tolerance, the nonce new. A signed request
    /// for the action is verified as usual.
    pub fn anonymous_action(mut self, action: &str) -> Self {
        self.anonymous.push(action.to_owned());
        self
    }

    /// The clock timestamps are checked against (default: the system's).
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// How far a timestamp may be from the clock (default [`DEFAULT_TOLERANCE`]).
    pub fn timestamp_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Binds `127.0.0.1:0` and starts serving on a thread of its own.
    pub fn start(self) -> TestServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let addr = listener.local_addr().expect("the listener's address");
        let shared = Arc::new(Shared {
            keys: self.keys,
            anonymous: self.anonymous,
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemTime::now)),
            tolerance: self.tolerance,
            port: addr.port(),
            state: Mutex::new(State::default()),
        });
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name(format!("test-server-{}", addr.port()))
            .spawn(move || serve(listener, serving, stopped))
            .expect("spawning the server thread");
        TestServer {
            addr,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

/// The running server; dropping it stops it.
pub struct TestServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for TestServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl TestServer {
    /// Settings: keys, clock, tolerance.
    pub fn builder() -> Builder {
        Builder {
            keys: Vec::new(),
            anonymous: Vec::new(),
            clock: None,
            tolerance: DEFAULT_TOLERANCE,
        }
    }

    /// The endpoint URL to configure a client with: `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Creates an unused activation code in `region` for up to
    /// `instance_count` instances; returns its `ActivationId`.
    pub fn create_activation(&self, region: &str, instance_count: i32) -> String {
        self.shared
            .lock()
            .ecs
            .create_activation(region, instance_count)
    }

    /// Registers a managed instance with an activation code; returns its
    /// `InstanceId`. Panics if the activation does not exist or is used up.
    pub fn register_instance(&self, activation_id: &str) -> String {
        self.shared
            .lock()
            .ecs
            .register_instance(activation_id)
            .unwrap_or_else(|| panic!("activation {activation_id} does not exist or is used up"))
    }

    /// The activation code with this id, if it exists.
    pub fn activation(&self, id: &str) -> Option<Activation> {
        self.shared.lock().ecs.activation(id)
    }

    /// The managed instance with this id, if it is registered.
    pub fn instance(&self, id: &str) -> Option<ManagedInstance> {
        self.shared.lock().ecs.instance(id)
    }

    /// Answers every verified request for `action` (of any API version)
    /// with this body, JSON or XML as the request asks, in place of the
    /// ECS semantics: for operations of other specs (the shapes fixture),
    /// whose tests check the parameters the server read
    /// ([`RequestRecord::params`]) and the parse of the body. Each
    /// `{RequestId}` in a body becomes the id of the request that executes
    /// it, so a test can tell which attempt's result it got.
    pub fn respond(&self, action: &str, json: &str, xml: &str) {
        self.shared
            .lock()
            .canned
            .insert(action.to_owned(), (json.to_owned(), xml.to_owned()));
    }

    /// Answers every verified request for `action` with the JSON and XML
    /// bodies `answer` makes of the parameters the server read: for paged
    /// operations, whose answer depends on `PageNumber` or `NextToken`.
    /// Takes precedence over [`respond`](Self::respond).
    pub fn respond_with(
        &self,
        action: &str,
        answer: impl Fn(&[(String, String)]) -> (String, String) + Send + Sync + 'static,
    ) {
        self.shared
            .lock()
            .answers
            .insert(action.to_owned(), Arc::new(answer));
    }

    /// Plays `fault` on each of the next `times` verified requests (after
    /// any faults already queued).
    pub fn inject(&self, fault: Fault, times: usize) {
        let mut state = self.shared.lock();
        state.faults.extend(std::iter::repeat_n(fault, times));
    }

    /// How many times `action` was executed: requests that passed
    /// verification and ran, not those refused by a fault, nor those
    /// answered from an earlier execution with the same `ClientToken`.
    pub fn executions(&self, action: &str) -> usize {
        self.shared
            .lock()
            .executions
            .get(action)
            .copied()
            .unwrap_or(0)
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.lock().records.clone()
    }

    /// How many requests arrived so far.
    pub fn request_count(&self) -> usize {
        self.shared.lock().records.len()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            // The thread ends as soon as it sees the signal; a panic in it
            // has already been reported on stderr.
            let _ = thread.join();
        }
    }
}

/// What the server thread and the handle share.
struct Shared {
    keys: Vec<Key>,
    /// Actions admitted unsigned, see [`Builder::anonymous_action`].
    anonymous: Vec<String>,
    clock: Clock,
    tolerance: Duration,
    port: u16,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    ecs: ecs::Ecs,
    /// (AccessKey ID, nonce) of every verified request.
    nonces: HashSet<(String, String)>,
    faults: VecDeque<Fault>,
    records: Vec<RequestRecord>,
    /// Action → (JSON body, XML body), see [`TestServer::respond`].
    canned: BTreeMap<String, (String, String)>,
    /// Action → bodies made from the parameters, see [`TestServer::respond_with`].
    answers: BTreeMap<String, Answer>,
    /// Action → how many times it ran.
    executions: BTreeMap<String, usize>,
    /// (Action, `ClientToken`) → the first execution.
    tokens: BTreeMap<(String, String), FirstRun>,
}

/// What an operation answered the first time it ran with a `ClientToken`.
#[derive(Clone)]
struct FirstRun {
    /// Its parameters: a request with the same token and others is refused.
    params: Vec<(String, String)>,
    response: Response,
}

/// What happens after an admitted request ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum After {
    /// Its answer is sent.
    Answer,
    /// Its answer is cut to half ([`Fault::TruncatedBody`]).
    Truncate,
    /// `InternalError` is sent instead ([`Fault::ExecuteThenInternalError`]).
    InternalError,
    /// Nothing is sent ([`Fault::ExecuteThenDrop`]).
    Drop,
}

/// Makes the JSON and XML bodies of an answer from the request's parameters.
type Answer = Arc<dyn Fn(&[(String, String)]) -> (String, String) + Send + Sync>;

/// A verified request to run, maybe after a delay.
struct Admitted {
    record: usize,
    action: String,
    api_version: String,
    params: Vec<(String, String)>,
    format: Format,
    request_id: String,
    host_id: String,
    delay: Option<Duration>,
    after: After,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock leaves the state usable.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records and verifies the request and picks its fault: either the
    /// final answer or what to run.
    fn admit(&self, request: &Request) -> Result<Admitted, Response> {
        let format = verify::requested_format(request);
        let host_id = request
            .header("host")
            .unwrap_or_else(|| format!("127.0.0.1:{}", self.port));
        let mut state = self.lock();
        let record = state.records.len();
        let request_id = format!("{:08X}-5E5E-4E5E-8E5E-{:012X}", self.port, record + 1);
        state.records.push(RequestRecord {
            request_id: request_id.clone(),
            signature_version: verify::signature_version(request),
            action: None,
            nonce: None,
            access_key_id: None,
            status: None,
            code: None,
            params: Vec::new(),
        });
        let fail = |state: &mut State, error: ApiError| {
            let response = reply::error(format, &error, &request_id, &host_id);
            finish(state, record, response.status, Some(error.code));
            response
        };
        let now = time::unix_seconds((self.clock)());
        let tolerance = i64::try_from(self.tolerance.as_secs()).unwrap_or(i64::MAX);
        let anonymous = verify::is_unsigned(request)
            && verify::unsigned_action(request).is_some_and(|a| self.anonymous.contains(&a));
        let verified = if anonymous {
            verify::verify_unsigned(request, now, tolerance)
        } else {
            verify::verify(request, &self.keys, now, tolerance)
        };
        let verified = match verified {
            Ok(verified) => verified,
            Err(error) => return Err(fail(&mut state, error)),
        };
        {
            let entry = &mut state.records[record];
            entry.action = Some(verified.action.clone());
            entry.nonce = Some(verified.nonce.clone());
            entry.access_key_id = Some(verified.access_key_id.clone());
            entry.params = verified.params.clone();
        }
        if !state
            .nonces
            .insert((verified.access_key_id.clone(), verified.nonce.clone()))
        {
            let error = ApiError::new(
                400,
                "SignatureNonceUsed",
                "Specified signature nonce was used already.",
            );
            return Err(fail(&mut state, error));
        }
        let mut admitted = Admitted {
            record,
            action: verified.action,
            api_version: verified.api_version,
            params: verified.params,
            format,
            request_id: request_id.clone(),
            host_id: host_id.clone(),
            delay: None,
            after: After::Answer,
        };
        match state.faults.pop_front() {
            None => {}
            Some(Fault::Delay(delay)) => admitted.delay = Some(delay),
            Some(Fault::TruncatedBody) => admitted.after = After::Truncate,
            Some(Fault::ExecuteThenInternalError) => admitted.after = After::InternalError,
            Some(Fault::ExecuteThenDrop) => admitted.after = After::Drop,
            Some(Fault::Throttling { retry_after }) => {
                let error = ApiError::new(
                    400,
                    "Throttling",
                    "Request was denied due to request throttling.",
                );
                let mut response = fail(&mut state, error);
                if let Some(wait) = retry_after {
                    response =
                        response.with_header("x-acs-retry-after", wait.as_millis().to_string());
                }
                return Err(response);
            }
            Some(Fault::InternalErrorDispatch) => {
                let error = ApiError::new(
                    500,
                    "InternalError.Dispatch",
                    "An error occurred when you dispatched the request.",
                );
                return Err(fail(&mut state, error));
            }
            Some(Fault::Raw {
                status,
                content_type,
                body,
            }) => {
                finish(&mut state, record, status, None);
                return Err(Response::new(status, &content_type, body)
                    .with_header("x-acs-request-id", &request_id));
            }
        }
        Ok(admitted)
    }

    /// Runs an admitted request (or finds the answer of an earlier run with
    /// its `ClientToken`) and answers it; `None` to answer nothing.
    fn execute(&self, admitted: Admitted) -> Option<Response> {
        let mut state = self.lock();
        let key = admitted
            .params
            .iter()
            .find(|(name, _)| name == "ClientToken")
            .map(|(_, token)| (admitted.action.clone(), token.clone()));
        let earlier = key.as_ref().and_then(|key| state.tokens.get(key)).cloned();
        let (mut response, code) = match earlier {
            Some(first) if first.params != admitted.params => {
                let error = ApiError::new(
                    400,
                    "IdempotentParameterMismatch",
                    "The specified parameters are different from before.",
                );
                let response = reply::error(
                    admitted.format,
                    &error,
                    &admitted.request_id,
                    &admitted.host_id,
                );
                (response, Some(error.code))
            }
            Some(first) => (first.response, None),
            None => {
                let (response, code) = run(&mut state, &admitted);
                *state.executions.entry(admitted.action.clone()).or_default() += 1;
                if let Some(key) = key {
                    let first = FirstRun {
                        params: admitted.params.clone(),
                        response: response.clone(),
                    };
                    state.tokens.insert(key, first);
                }
                (response, code)
            }
        };
        match admitted.after {
            After::Answer => {}
            After::Truncate => {
                if code.is_none() {
                    response.body.truncate(response.body.len() / 2);
                }
            }
            After::InternalError => {
                let error = ApiError::new(
                    500,
                    "InternalError",
                    "The request processing has failed due to some unknown error, exception or failure.",
                );
                let response = reply::error(
                    admitted.format,
                    &error,
                    &admitted.request_id,
                    &admitted.host_id,
                );
                finish(&mut state, admitted.record, 500, Some(error.code));
                return Some(response);
            }
            After::Drop => return None,
        }
        finish(&mut state, admitted.record, response.status, code);
        Some(response)
    }
}

/// Runs the operation: the answer made from its parameters or the canned
/// answer of its action, else the ECS
/// semantics. Returns the answer and its error code, if it is an error.
fn run(state: &mut State, admitted: &Admitted) -> (Response, Option<String>) {
    let answered = state
        .answers
        .get(&admitted.action)
        .map(|answer| answer(&admitted.params));
    if let Some((json, xml)) = answered.as_ref().or(state.canned.get(&admitted.action)) {
        let (content_type, body) = match admitted.format {
            Format::Json => ("application/json;charset=utf-8", json),
            Format::Xml => ("text/xml;charset=utf-8", xml),
        };
        let body = body.replace("{RequestId}", &admitted.request_id);
        let response = Response::new(200, content_type, body.into_bytes())
            .with_header("x-acs-request-id", &admitted.request_id);
        return (response, None);
    }
    match state
        .ecs
        .call(&admitted.action, &admitted.api_version, &admitted.params)
    {
        Ok(fields) => (
            reply::success(
                admitted.format,
                &admitted.action,
                &admitted.request_id,
                fields,
            ),
            None,
        ),
        Err(error) => (
            reply::error(
                admitted.format,
                &error,
                &admitted.request_id,
                &admitted.host_id,
            ),
            Some(error.code),
        ),
    }
}

fn finish(state: &mut State, record: usize, status: u16, code: Option<String>) {
    let entry = &mut state.records[record];
    entry.status = Some(status);
    entry.code = code;
}

/// The server thread: accepts until told to stop or [`MAX_LIFETIME`] passes;
/// dropping the runtime then cancels every connection still open.
fn serve(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the server's runtime");
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
        let lifetime = tokio::time::sleep(MAX_LIFETIME);
        tokio::pin!(lifetime);
        loop {
            tokio::select! {
                _ = &mut stop => break,
                () = &mut lifetime => break,
                accepted = listener.accept() => {
                    if let Ok((stream, _)) = accepted {
                        let shared = Arc::clone(&shared);
                        tokio::spawn(tokio::time::timeout(CONNECTION_LIMIT, handle(stream, shared)));
                    }
                }
            }
        }
    });
}

async fn handle(mut stream: TcpStream, shared: Arc<Shared>) {
    let response = match read_request(&mut stream).await {
        Err(ReadError::Closed) => return,
        Err(ReadError::Malformed(why)) => {
            let error = ApiError::new(400, "MalformedRequest", why);
            reply::error(
                Format::Json,
                &error,
                "00000000-0000-0000-0000-000000000000",
                "127.0.0.1",
            )
        }
        Ok(request) => match shared.admit(&request) {
            Err(response) => response,
            Ok(admitted) => {
                if let Some(delay) = admitted.delay {
                    tokio::time::sleep(delay).await;
                }
                match shared.execute(admitted) {
                    Some(response) => response,
                    None => {
                        // Executed, and never answered: close the connection.
                        let _ = stream.shutdown().await;
                        return;
                    }
                }
            }
        },
    };
    // The client may have given up (a timeout): nothing to do about it.
    let _ = stream.write_all(&response.to_bytes()).await;
    let _ = stream.shutdown().await;
}
