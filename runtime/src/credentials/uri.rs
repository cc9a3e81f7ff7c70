//! Credentials served by a local URI (`ALIBABA_CLOUD_CREDENTIALS_URI`): a
//! sidecar or agent that answers `GET <uri>` with the same JSON as the ECS
//! metadata service (`Code`, `AccessKeyId`, `AccessKeySecret`,
//! `SecurityToken`, `Expiration`), as the official libraries expect.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;

use super::answer::{Kept, parse_credentials};
use super::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};
use crate::transport::{SendOptions, Transport};

/// Credentials from `GET <uri>`, kept until 5 minutes before they expire.
///
/// Errors name the URI without its query string (which may carry a token)
/// and never quote the answer; so does `Debug`.
pub struct CredentialsUriProvider {
    uri: String,
    transport: Arc<dyn Transport>,
    send_options: SendOptions,
    kept: Kept,
}

impl CredentialsUriProvider {
    /// Asks `uri` through `transport`, with a 5-second connect and a
    /// 10-second read timeout (the official defaults).
    pub fn new(uri: impl Into<String>, transport: Arc<dyn Transport>) -> Self {
        CredentialsUriProvider {
            uri: uri.into(),
            transport,
            send_options: SendOptions {
                connect_timeout: Duration::from_secs(5),
                read_timeout: Duration::from_secs(10),
                max_response_bytes: 64 * 1024,
            },
            kept: Kept::new(Duration::from_secs(300)),
        }
    }

    /// Timeouts and size limit for the request.
    pub fn send_options(mut self, options: SendOptions) -> Self {
        self.send_options = options;
        self
    }

    /// The URI without its query string, for messages.
    fn shown(&self) -> &str {
        self.uri.split(['?', '#']).next().unwrap_or_default()
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        if let Some(kept) = self.kept.fresh(SystemTime::now()) {
            return Ok(kept);
        }
        let shown = self.shown();
        let request = http::Request::get(self.uri.as_str())
            .body(Bytes::new())
            .map_err(|e| CredentialsError::new(format!("invalid credentials URI {shown}: {e}")))?;
        let response = self
            .transport
            .send(request, self.send_options)
            .await
            .map_err(|e| CredentialsError::new(format!("credentials URI {shown}: {e}")))?;
        if response.status() != http::StatusCode::OK {
            return Err(CredentialsError::new(format!(
                "credentials URI {shown} answered HTTP {}",
                response.status().as_u16()
            )));
        }
        let who = format!("the credentials URI {shown}");
        let credentials = parse_credentials(response.body(), &who)?;
        Ok(self.kept.keep(credentials))
    }
}

impl std::fmt::Debug for CredentialsUriProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialsUriProvider")
            .field("uri", &self.shown())
            .field("transport", &self.transport)
            .field("send_options", &self.send_options)
            .field("kept", &self.kept)
            .finish()
    }
}

impl ProvideCredentials for CredentialsUriProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}
