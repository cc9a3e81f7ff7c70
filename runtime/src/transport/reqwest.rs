//! The default [`Transport`]: reqwest (hyper) over rustls, HTTP/1.1.
//!
//! TLS is rustls with the *ring* crypto provider and the operating system's
//! trust store (through `rustls-platform-verifier`, as reqwest does by
//! default). No OpenSSL and no aws-lc-rs, so the build needs no C toolchain
//! beyond what ring compiles. The provider is given to this transport's own
//! rustls configuration; the process-wide default provider is left alone.
//!
//! Only with the `reqwest` cargo feature (on by default). Without it, bring
//! your own [`Transport`].
//!
//! # Limits
//!
//! reqwest offers per-client connect and read timeouts and a per-request
//! total timeout, all measured from the start of the request; it does not
//! report when the connection was made. So [`SendOptions`] maps to:
//!
//! * establishing a connection may take [`SendOptions::connect_timeout`];
//! * the response head, then each further piece of the body, must arrive
//!   within [`SendOptions::read_timeout`] of the previous event (for the
//!   head, of the start of the request, so a fresh connection's set-up
//!   counts against it; a pooled connection has none). This is the
//!   socket-read timeout of the official SDKs;
//! * the whole attempt may take at most `connect_timeout + read_timeout`,
//!   however slowly the body trickles in;
//! * reading stops, with [`TransportErrorKind::BodyTooLarge`] and the
//!   status, as soon as more than [`SendOptions::max_response_bytes`] bytes
//!   arrive (or at once, when `Content-Length` says so).
//!
//! Since reqwest sets the two timeouts per client, the transport keeps one
//! client (and connection pool) per distinct pair of timeouts it is asked
//! for, a few at most; calls that do not override them share one.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::{Bytes, BytesMut};

use crate::credentials::BoxFuture;
use crate::error::{TransportError, TransportErrorKind};
use crate::transport::{SendOptions, Transport};

/// At most this many clients (distinct pairs of timeouts) are kept.
const MAX_CLIENTS: usize = 4;

/// The default transport; cheap to clone (clones share connection pools).
#[derive(Clone)]
pub struct ReqwestTransport {
    inner: Arc<Inner>,
}

/// `(connect_timeout, read_timeout)`.
type Timeouts = (Duration, Duration);

struct Inner {
    /// `None` when built from a caller's client, which is then used as is.
    tls: Option<rustls::ClientConfig>,
    clients: Mutex<Vec<(Timeouts, ::reqwest::Client)>>,
}

impl fmt::Debug for ReqwestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReqwestTransport")
            .field("own_tls", &self.inner.tls.is_some())
            .finish_non_exhaustive()
    }
}

impl ReqwestTransport {
    /// A transport with rustls (ring) and the platform's trust store.
    ///
    /// Fails only if the platform verifier cannot be set up.
    pub fn new() -> Result<Self, TransportError> {
        use rustls_platform_verifier::BuilderVerifierExt;

        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|builder| builder.with_platform_verifier())
            .map_err(|e| {
                TransportError::new(TransportErrorKind::Connect, format!("TLS setup: {e}"))
            })?
            .with_no_client_auth();
        Ok(ReqwestTransport {
            inner: Arc::new(Inner {
                tls: Some(tls),
                clients: Mutex::new(Vec::new()),
            }),
        })
    }

    /// Wraps a client you configured yourself (proxy, extra roots, …).
    ///
    /// Its own connect and read timeouts are used; [`SendOptions`] then
    /// only sets the overall deadline (`connect_timeout + read_timeout`)
    /// and the body limit.
    pub fn from_client(client: ::reqwest::Client) -> Self {
        ReqwestTransport {
            inner: Arc::new(Inner {
                tls: None,
                clients: Mutex::new(vec![((Duration::ZERO, Duration::ZERO), client)]),
            }),
        }
    }

    fn client(&self, timeouts: Timeouts) -> Result<::reqwest::Client, TransportError> {
        // A poisoned lock only means another thread panicked while cloning an
        // `Arc`: the list is intact.
        let mut clients = self
            .inner
            .clients
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(tls) = &self.inner.tls else {
            return Ok(clients[0].1.clone());
        };
        if let Some((_, client)) = clients.iter().find(|(t, _)| *t == timeouts) {
            return Ok(client.clone());
        }
        let client = ::reqwest::Client::builder()
            .tls_backend_preconfigured(tls.clone())
            .http1_only()
            .connect_timeout(timeouts.0)
            .read_timeout(timeouts.1)
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Connect, describe(&e)))?;
        if clients.len() == MAX_CLIENTS {
            clients.remove(0);
        }
        clients.push((timeouts, client.clone()));
        Ok(client)
    }

    async fn send_inner(
        &self,
        request: http::Request<Bytes>,
        options: SendOptions,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let client = self.client((options.connect_timeout, options.read_timeout))?;
        let mut request = ::reqwest::Request::try_from(request).map_err(map_error)?;
        *request.timeout_mut() = Some(options.connect_timeout.saturating_add(options.read_timeout));
        let mut response = client.execute(request).await.map_err(map_error)?;

        let status = response.status();
        let version = response.version();
        let headers = std::mem::take(response.headers_mut());
        let body = read_body(response, options.max_response_bytes, status.as_u16()).await?;

        let mut out = http::Response::new(body);
        *out.status_mut() = status;
        *out.version_mut() = version;
        *out.headers_mut() = headers;
        Ok(out)
    }
}

impl Transport for ReqwestTransport {
    fn send(
        &self,
        request: http::Request<Bytes>,
        options: SendOptions,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        Box::pin(self.send_inner(request, options))
    }
}

/// Reads the whole body, failing as soon as it exceeds `max` bytes.
async fn read_body(
    mut response: ::reqwest::Response,
    max: usize,
    status: u16,
) -> Result<Bytes, TransportError> {
    let too_large = || {
        TransportError::new(
            TransportErrorKind::BodyTooLarge,
            format!("the response body exceeds the limit of {max} bytes"),
        )
        .with_status(status)
    };
    let declared = response.content_length();
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    let mut next = async || {
        response
            .chunk()
            .await
            .map_err(|e| map_error(e).with_status(status))
    };
    // Most bodies arrive in one chunk: keep it without copying.
    let Some(first) = next().await? else {
        return Ok(Bytes::new());
    };
    if first.len() > max {
        return Err(too_large());
    }
    let Some(second) = next().await? else {
        return Ok(first);
    };
    let capacity = declared.map_or(first.len() + second.len(), |n| n as usize);
    let mut body = BytesMut::with_capacity(capacity);
    body.extend_from_slice(&first);
    let mut chunk = second;
    loop {
        if body.len() + chunk.len() > max {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
        match next().await? {
            Some(c) => chunk = c,
            None => return Ok(body.freeze()),
        }
    }
}

fn map_error(error: ::reqwest::Error) -> TransportError {
    let kind = if error.is_connect() {
        TransportErrorKind::Connect
    } else if error.is_timeout() {
        TransportErrorKind::Timeout
    } else {
        TransportErrorKind::Io
    };
    TransportError::new(kind, describe(&error.without_url()))
}

/// The error and its causes on one line. The URL is left out by the caller:
/// a V2 query carries the STS token.
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
