//! Errors: what the service said ([`ServiceError`]), what a call returns
//! ([`SdkError`]), and any operation's failure as one type ([`Error`]).

use std::fmt;
use std::time::Duration;

mod any;

pub use any::Error;

/// Any error that can cross threads, borrowed as `&DynError`: what
/// [`OperationError::common_error`](crate::OperationError::common_error)
/// returns (a generated crate's `CommonError`, to downcast).
pub type DynError = dyn std::error::Error + Send + Sync + 'static;

/// An error response from the service, with every detail it sent.
///
/// Generated per-operation error enums wrap this value in a variant per
/// documented code, or in their catch-all for codes the spec does not list.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ServiceError {
    /// HTTP status of the response.
    pub status: u16,
    /// `Code`, e.g. `InternalError.Dispatch`.
    pub code: String,
    /// `Message`, exactly as sent.
    pub message: String,
    /// `RequestId`, to quote to support.
    pub request_id: Option<String>,
    /// `HostId`.
    pub host_id: Option<String>,
    /// `Recommend`: a link to the diagnosis page.
    pub recommend: Option<String>,
    /// `AccessDeniedDetail`, sent with RAM permission errors.
    pub access_denied_detail: Option<String>,
    /// How long the service asked us to wait (`x-acs-retry-after`), on throttling.
    pub retry_after: Option<Duration>,
}

impl ServiceError {
    /// A service error with a status, code and message and no other detail.
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        ServiceError {
            status,
            code: code.into(),
            message: message.into(),
            request_id: None,
            host_id: None,
            recommend: None,
            access_denied_detail: None,
            retry_after: None,
        }
    }

    /// Sets the request id.
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Whether the service throttled the request: a [throttling
    /// code](is_throttling_code) or HTTP 429. The one definition the retry
    /// policy uses too.
    pub fn is_throttling(&self) -> bool {
        is_throttling_code(&self.code) || self.status == 429
    }
}

/// Whether an error code means the request was throttled: `Throttling` or
/// `Throttling.*` (`Throttling.User`, `Throttling.Api`, …).
///
/// This is the official SDKs' definition: their shared runtime (Darabonba
/// OpenAPI) raises its `ThrottlingError` for exactly `Throttling`,
/// `Throttling.User` and `Throttling.Api`, and treats every other code by
/// status, as a client (4xx) or server (5xx) error. `ServiceUnavailable`
/// and `SystemBusy` are therefore not throttling; the retry policy retries
/// them as server errors (see [`retry`](crate::retry)).
pub fn is_throttling_code(code: &str) -> bool {
    code == "Throttling" || code.starts_with("Throttling.")
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}): {}", self.code, self.status, self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " [RequestId: {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

/// Why a call failed.
///
/// `E` is the operation's typed error (a generated enum), used when the
/// service itself answered with an error.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The service answered with an error response.
    Service(E),
    /// No credentials could be obtained.
    Credentials(crate::credentials::CredentialsError),
    /// No endpoint could be resolved, or the override is not a valid URL.
    Endpoint(crate::endpoint::EndpointError),
    /// The request could not be built (e.g. a value that cannot be a header).
    Build(String),
    /// The operation requires a `RegionId` and neither the request nor the
    /// client has a region; nothing was sent.
    MissingRegion(MissingRegionError),
    /// The request was not answered: connection refused, timeout, I/O error.
    Transport(TransportError),
    /// The service answered, but with a body we could not understand.
    Response(ResponseError),
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Service(e) => write!(f, "service error: {e}"),
            SdkError::Credentials(e) => write!(f, "credentials: {e}"),
            SdkError::Endpoint(e) => write!(f, "endpoint: {e}"),
            SdkError::Build(e) => write!(f, "building the request: {e}"),
            SdkError::MissingRegion(e) => write!(f, "no region: {e}"),
            SdkError::Transport(e) => write!(f, "transport: {e}"),
            SdkError::Response(e) => write!(f, "response: {e}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Service(e) => Some(e),
            SdkError::Credentials(e) => Some(e),
            SdkError::Endpoint(e) => Some(e),
            SdkError::Build(_) => None,
            SdkError::MissingRegion(e) => Some(e),
            SdkError::Transport(e) => Some(e),
            SdkError::Response(e) => Some(e),
        }
    }
}

impl<E: crate::operation::OperationError> crate::RequestId for SdkError<E> {
    /// The service's request id, when the service answered with an error.
    fn request_id(&self) -> Option<&str> {
        self.as_service()?.service_error().request_id.as_deref()
    }
}

impl crate::RequestId for ServiceError {
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// An error and every error in its [`source`](std::error::Error::source)
/// chain on one line, `outer: inner: innermost`, each message once (a
/// message its outer error already quotes is not repeated). The `Display`
/// for logs, after aws-smithy's `DisplayErrorContext`.
///
/// ```
/// use acs_runtime::error::DisplayErrorContext;
/// let e = std::io::Error::other("disk on fire");
/// assert_eq!(DisplayErrorContext(&e).to_string(), "disk on fire");
/// ```
pub struct DisplayErrorContext<'a, E: ?Sized>(pub &'a E);

impl<E: std::error::Error + ?Sized> fmt::Display for DisplayErrorContext<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut said = self.0.to_string();
        f.write_str(&said)?;
        let mut next = self.0.source();
        while let Some(e) = next {
            let message = e.to_string();
            if !said.contains(&message) {
                write!(f, ": {message}")?;
                said.push_str(&message);
            }
            next = e.source();
        }
        Ok(())
    }
}

impl<E: std::error::Error + ?Sized> fmt::Debug for DisplayErrorContext<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl<E> SdkError<E> {
    /// The same error with the service error mapped by `f`; every other
    /// kind is kept as it is.
    pub fn map_service<F>(self, f: impl FnOnce(E) -> F) -> SdkError<F> {
        match self {
            SdkError::Service(e) => SdkError::Service(f(e)),
            SdkError::Credentials(e) => SdkError::Credentials(e),
            SdkError::Endpoint(e) => SdkError::Endpoint(e),
            SdkError::Build(e) => SdkError::Build(e),
            SdkError::MissingRegion(e) => SdkError::MissingRegion(e),
            SdkError::Transport(e) => SdkError::Transport(e),
            SdkError::Response(e) => SdkError::Response(e),
        }
    }

    /// The operation's typed error, if the service answered with one.
    pub fn as_service(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }
}

impl<E: crate::operation::OperationError> SdkError<E> {
    /// The details the service sent (code, message, HTTP status, request
    /// id), if it answered with an error.
    pub fn service_error(&self) -> Option<&ServiceError> {
        self.as_service().map(E::service_error)
    }

    /// Whether the call was throttled: a `Throttling*` code, or HTTP 429
    /// (with an error document or without one). The definition the retry
    /// policy uses ([`RetryReason::of`](crate::retry::RetryReason::of)).
    pub fn is_throttling(&self) -> bool {
        matches!(
            crate::retry::RetryReason::of(self),
            Some(crate::retry::RetryReason::Throttled { .. })
        )
    }
}

/// A call of an operation that requires `RegionId` had no region: neither
/// the request's `RegionId` nor the client's
/// [`region`](crate::client::ConfigBuilder::region). Found before anything
/// is signed or sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingRegionError {
    operation: &'static str,
    parameter: &'static str,
}

impl MissingRegionError {
    /// The error of a call of `operation` (its action name), whose region
    /// parameter is `parameter` (`RegionId`).
    pub fn new(operation: &'static str, parameter: &'static str) -> Self {
        MissingRegionError {
            operation,
            parameter,
        }
    }

    /// The action whose call had no region, e.g. `DeleteActivation`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The wire name of the missing parameter, e.g. `RegionId`.
    pub fn parameter(&self) -> &'static str {
        self.parameter
    }
}

impl fmt::Display for MissingRegionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{op} requires {param}: set the client's region (Config::builder().region(\"cn-hangzhou\")) \
             or the request's {param} (.region_id(\"cn-hangzhou\")); nothing was sent",
            op = self.operation,
            param = self.parameter,
        )
    }
}

impl std::error::Error for MissingRegionError {}

/// The kind of a transport failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be established (refused, DNS, TLS).
    Connect,
    /// No complete answer arrived within the timeout.
    Timeout,
    /// Any other I/O failure while sending or receiving.
    Io,
    /// The response body was larger than
    /// [`SendOptions::max_response_bytes`](crate::transport::SendOptions::max_response_bytes);
    /// reading stopped there. [`TransportError::status`] has the response's status.
    BodyTooLarge,
}

/// A request that got no answer.
#[derive(Debug)]
pub struct TransportError {
    /// What went wrong.
    pub kind: TransportErrorKind,
    status: Option<u16>,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// Wraps the transport's own error.
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            status: None,
            source: source.into(),
        }
    }

    /// Records the HTTP status of a response that did arrive, in part
    /// (e.g. with [`TransportErrorKind::BodyTooLarge`]).
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// The HTTP status, if a response started to arrive before the failure.
    pub fn status(&self) -> Option<u16> {
        self.status
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Io => "I/O error",
            TransportErrorKind::BodyTooLarge => "response body too large",
        };
        write!(f, "{what}: {}", self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// A response whose body could not be understood.
///
/// Keeps the HTTP status and the start of the body (at most
/// [`ResponseError::SNIPPET_LEN`] bytes) so the failure can be diagnosed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseError {
    /// HTTP status of the response.
    pub status: u16,
    /// What was wrong with it.
    pub reason: String,
    /// The start of the body, lossily decoded as UTF-8.
    pub body_start: String,
}

impl ResponseError {
    /// How many bytes of the body are kept.
    pub const SNIPPET_LEN: usize = 256;

    /// A response error for `body`, keeping its start.
    pub fn new(status: u16, reason: impl Into<String>, body: &[u8]) -> Self {
        let end = body.len().min(Self::SNIPPET_LEN);
        ResponseError {
            status,
            reason: reason.into(),
            body_start: String::from_utf8_lossy(&body[..end]).into_owned(),
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {}: {}; body starts with {:?}",
            self.status, self.reason, self.body_start
        )
    }
}

impl std::error::Error for ResponseError {}
