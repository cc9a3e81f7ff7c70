//! The transport seam: how a signed request reaches the service.
//!
//! With the `reqwest` feature (on by default), `ReqwestTransport` is the
//! default; implement [`Transport`] to use another HTTP stack.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;

use crate::credentials::BoxFuture;
use crate::error::TransportError;

#[cfg(feature = "reqwest")]
pub mod reqwest;

#[cfg(feature = "reqwest")]
pub use self::reqwest::ReqwestTransport;

/// Per-attempt limits a transport must honour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SendOptions {
    /// How long establishing a connection may take.
    pub connect_timeout: Duration,
    /// How long waiting for the complete response may take once connected.
    pub read_timeout: Duration,
    /// The largest response body read; larger bodies are an error.
    pub max_response_bytes: usize,
}

impl Default for SendOptions {
    fn default() -> Self {
        SendOptions {
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(10),
            max_response_bytes: 10 * 1024 * 1024,
        }
    }
}

/// Sends one HTTP request and returns the complete response.
///
/// Implement this to plug in your own HTTP stack. The runtime signs the
/// request before handing it over and handles retries itself, so a transport
/// sends exactly once.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request`, honouring `options`.
    fn send(
        &self,
        request: http::Request<Bytes>,
        options: SendOptions,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>>;
}
