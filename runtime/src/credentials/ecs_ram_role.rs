//! The RAM role of the ECS instance the program runs on, from the instance
//! metadata service.
//!
//! One refresh is up to three requests, sent through the runtime's
//! [`Transport`]:
//!
//! 1. `PUT /latest/api/token` with `X-aliyun-ecs-metadata-token-ttl-seconds`
//!    (IMDSv2 hardening); the token goes along with the next requests as
//!    `X-aliyun-ecs-metadata-token`. If this fails the provider carries on
//!    without a token, unless that fallback was switched off;
//! 2. `GET /latest/meta-data/ram/security-credentials/`, which names the
//!    instance's role, when no role name was configured (the answer is kept);
//! 3. `GET /latest/meta-data/ram/security-credentials/<role>`, which answers
//!    `{"Code": "Success", "AccessKeyId", "AccessKeySecret", "SecurityToken",
//!    "Expiration": "2026-11-22T12:00:00Z", …}`.
//!
//! Credentials are kept until less than the refresh margin (5 minutes by
//! default) is left before their `Expiration`. If a refresh fails while the
//! kept credentials have not expired yet, those are returned (and the failure
//! logged). The cache sits behind a `std` mutex that is never held across an
//! `.await`; two concurrent callers that both find the cache stale may both
//! refresh, which is harmless.
//!
//! Off ECS the service does not answer. A failure to connect (refused,
//! unroutable, or the 1-second connect timeout, which the default transport
//! reports as a connection failure) ends a refresh at once (no fallback to
//! IMDSv1, no second request), and with
//! [`remember_unreachable`](EcsRamRoleBuilder::remember_unreachable) (which
//! the default chain sets) the endpoint is remembered as unreachable for the
//! rest of the process, so that the cost is paid once.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use super::answer::parse_credentials;
use super::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};
use crate::error::TransportErrorKind;
use crate::transport::{SendOptions, Transport};
use bytes::Bytes;

/// The metadata service's address on ECS.
pub const DEFAULT_ENDPOINT: &str = "http://100.100.100.200";
/// The header that asks for a metadata token valid for so many seconds.
pub const TOKEN_TTL_HEADER: &str = "X-aliyun-ecs-metadata-token-ttl-seconds";
/// The header that carries the metadata token.
pub const TOKEN_HEADER: &str = "X-aliyun-ecs-metadata-token";

const TOKEN_PATH: &str = "/latest/api/token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";

type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Endpoints that could not be reached earlier in this process, by
/// providers that [remember](EcsRamRoleBuilder::remember_unreachable) it.
static UNREACHABLE: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

fn unreachable() -> std::sync::MutexGuard<'static, BTreeSet<String>> {
    UNREACHABLE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Settings of an [`EcsRamRoleProvider`]; cheap to clone, so sources that
/// may delegate to the ECS RAM role (a profile of type `ecs_ram_role`) hold
/// one and build the provider when they need it.
#[derive(Clone)]
pub struct EcsRamRoleBuilder {
    transport: Arc<dyn Transport>,
    endpoint: String,
    role_name: Option<String>,
    imds_v1_fallback: bool,
    token_ttl: Duration,
    refresh_margin: Duration,
    send_options: SendOptions,
    clock: Clock,
    remember_unreachable: bool,
}

impl EcsRamRoleBuilder {
    /// Defaults: the metadata service at [`DEFAULT_ENDPOINT`], the role it
    /// names, a 6-hour metadata token with fallback to no token, refresh 5
    /// minutes before expiry, 1-second connect and read timeouts.
    pub fn new(transport: Arc<dyn Transport>) -> Self {
        EcsRamRoleBuilder {
            transport,
            endpoint: DEFAULT_ENDPOINT.to_owned(),
            role_name: None,
            imds_v1_fallback: true,
            token_ttl: Duration::from_secs(21_600),
            refresh_margin: Duration::from_secs(300),
            send_options: SendOptions {
                connect_timeout: Duration::from_secs(1),
                read_timeout: Duration::from_secs(1),
                max_response_bytes: 64 * 1024,
            },
            clock: Arc::new(SystemTime::now),
            remember_unreachable: false,
        }
    }

    /// When the endpoint cannot be connected to, remember that for the rest
    /// of the process and fail at once from then on (default `false`; the
    /// default chain turns it on so that programs off ECS pay the connect
    /// timeout once).
    pub fn remember_unreachable(mut self, remember: bool) -> Self {
        self.remember_unreachable = remember;
        self
    }

    /// Uses this role instead of asking the metadata service for its name.
    pub fn role_name(mut self, role_name: impl Into<String>) -> Self {
        self.role_name = Some(role_name.into());
        self
    }

    /// The metadata service's base URL, e.g. `http://127.0.0.1:8080` in tests.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        let mut endpoint = endpoint.into();
        while endpoint.ends_with('/') {
            endpoint.pop();
        }
        self.endpoint = endpoint;
        self
    }

    /// Whether to go on without a metadata token when the token request
    /// fails (default `true`). `false` enforces IMDSv2.
    pub fn imds_v1_fallback(mut self, allow: bool) -> Self {
        self.imds_v1_fallback = allow;
        self
    }

    /// How long the metadata token is asked to be valid (default 6 hours;
    /// sent in whole seconds).
    pub fn metadata_token_ttl(mut self, ttl: Duration) -> Self {
        self.token_ttl = ttl;
        self
    }

    /// Credentials are refreshed when less than this is left before they
    /// expire (default 5 minutes).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Timeouts and size limit for the metadata requests.
    pub fn send_options(mut self, options: SendOptions) -> Self {
        self.send_options = options;
        self
    }

    /// Where "now" comes from (default [`SystemTime::now`]); for tests.
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The provider, with an empty cache.
    pub fn build(self) -> EcsRamRoleProvider {
        EcsRamRoleProvider {
            settings: self,
            cache: Mutex::new(Cache::default()),
        }
    }
}

impl fmt::Debug for EcsRamRoleBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcsRamRoleBuilder")
            .field("transport", &self.transport)
            .field("endpoint", &self.endpoint)
            .field("role_name", &self.role_name)
            .field("imds_v1_fallback", &self.imds_v1_fallback)
            .field("token_ttl", &self.token_ttl)
            .field("refresh_margin", &self.refresh_margin)
            .field("send_options", &self.send_options)
            .field("remember_unreachable", &self.remember_unreachable)
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Cache {
    /// The role the metadata service named, when none was configured.
    discovered_role: Option<String>,
    credentials: Option<Credentials>,
}

/// Credentials of the ECS instance's RAM role; see the [module](self) docs.
pub struct EcsRamRoleProvider {
    settings: EcsRamRoleBuilder,
    cache: Mutex<Cache>,
}

impl EcsRamRoleProvider {
    /// A provider with default settings (see [`EcsRamRoleBuilder::new`]).
    pub fn new(transport: Arc<dyn Transport>) -> Self {
        EcsRamRoleBuilder::new(transport).build()
    }

    /// Settings to adjust before [`build`](EcsRamRoleBuilder::build).
    pub fn builder(transport: Arc<dyn Transport>) -> EcsRamRoleBuilder {
        EcsRamRoleBuilder::new(transport)
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn is_fresh(&self, credentials: &Credentials, now: SystemTime) -> bool {
        match credentials.expiration() {
            None => true,
            Some(expiration) => expiration
                .duration_since(now)
                .is_ok_and(|left| left >= self.settings.refresh_margin),
        }
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let now = (self.settings.clock)();
        let kept = self.cache().credentials.clone();
        if let Some(kept) = &kept
            && self.is_fresh(kept, now)
        {
            return Ok(kept.clone());
        }
        match self.fetch().await {
            Ok(credentials) => {
                self.cache().credentials = Some(credentials.clone());
                Ok(credentials)
            }
            Err(error) => match kept {
                Some(kept) if kept.expiration().is_some_and(|e| e > now) => {
                    tracing::warn!(
                        "refreshing ECS RAM role credentials failed, using the kept ones until they expire: {error}"
                    );
                    Ok(kept)
                }
                _ => Err(error),
            },
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let endpoint = &self.settings.endpoint;
        if self.settings.remember_unreachable && unreachable().contains(endpoint) {
            return Err(CredentialsError::new(format!(
                "the metadata service at {endpoint} could not be reached earlier in this \
                 process (not on ECS?); not asking again"
            )));
        }
        let token = self.metadata_token().await?;
        let token = token.as_deref();
        let configured = self.settings.role_name.is_some();
        let role = match &self.settings.role_name {
            Some(role) => role.clone(),
            None => {
                let discovered = self.cache().discovered_role.clone();
                match discovered {
                    Some(role) => role,
                    None => self.discover_role(token).await?,
                }
            }
        };
        validate_role_name(&role)?;

        let path = format!("{CREDENTIALS_PATH}{role}");
        let response = self.get(&path, token).await?;
        if response.status() == http::StatusCode::NOT_FOUND && !configured {
            // The instance's role may have been replaced: ask again next time.
            self.cache().discovered_role = None;
        }
        if !response.status().is_success() {
            return Err(CredentialsError::new(format!(
                "ECS RAM role {role:?}: the metadata service at {} answered HTTP {}",
                self.settings.endpoint,
                response.status().as_u16()
            )));
        }
        let credentials = parse_credentials(response.body(), "the metadata service")
            .map_err(|e| e.context(format_args!("ECS RAM role {role:?}")))?;
        tracing::debug!(role = %role, "fetched ECS RAM role credentials");
        Ok(credentials)
    }

    /// The IMDSv2 token, or `None` when the request failed and falling back
    /// is allowed.
    async fn metadata_token(&self) -> Result<Option<String>, CredentialsError> {
        let ttl = self.settings.token_ttl.as_secs().to_string();
        let result = match self
            .send(http::Method::PUT, TOKEN_PATH, &[(TOKEN_TTL_HEADER, &ttl)])
            .await
        {
            Ok(response) if response.status().is_success() => {
                match std::str::from_utf8(response.body()).map(str::trim) {
                    Ok(token) if !token.is_empty() => Ok(token.to_owned()),
                    _ => Err(CredentialsError::new(
                        "the metadata service answered an empty or non-UTF-8 token",
                    )),
                }
            }
            Ok(response) => Err(CredentialsError::new(format!(
                "the metadata service answered HTTP {} to the token request",
                response.status().as_u16()
            ))),
            Err(Failure::Unreachable(error)) => return Err(error),
            Err(Failure::Other(error)) => Err(error),
        };
        match result {
            Ok(token) => Ok(Some(token)),
            Err(error) if self.settings.imds_v1_fallback => {
                tracing::debug!("no metadata token, going on without one: {error}");
                Ok(None)
            }
            Err(error) => Err(error.context(
                "could not get an ECS metadata token, and going on without one (IMDSv1) is disabled",
            )),
        }
    }

    async fn discover_role(&self, token: Option<&str>) -> Result<String, CredentialsError> {
        let response = self.get(CREDENTIALS_PATH, token).await?;
        if response.status() == http::StatusCode::NOT_FOUND {
            return Err(CredentialsError::new(format!(
                "no RAM role is attached to this ECS instance (the metadata service at {} answered HTTP 404)",
                self.settings.endpoint
            )));
        }
        if !response.status().is_success() {
            return Err(CredentialsError::new(format!(
                "listing the ECS RAM role: the metadata service at {} answered HTTP {}",
                self.settings.endpoint,
                response.status().as_u16()
            )));
        }
        let role = std::str::from_utf8(response.body())
            .ok()
            .and_then(|text| text.lines().map(str::trim).find(|line| !line.is_empty()))
            .ok_or_else(|| {
                CredentialsError::new("the metadata service named no RAM role for this instance")
            })?
            .to_owned();
        validate_role_name(&role)?;
        self.cache().discovered_role = Some(role.clone());
        Ok(role)
    }

    async fn get(
        &self,
        path: &str,
        token: Option<&str>,
    ) -> Result<http::Response<Bytes>, CredentialsError> {
        let headers: &[(&str, &str)] = match token {
            Some(token) => &[(TOKEN_HEADER, token)],
            None => &[],
        };
        self.send(http::Method::GET, path, headers)
            .await
            .map_err(Failure::into_error)
    }

    async fn send(
        &self,
        method: http::Method,
        path: &str,
        headers: &[(&str, &str)],
    ) -> Result<http::Response<Bytes>, Failure> {
        let endpoint = &self.settings.endpoint;
        let mut request = http::Request::builder()
            .method(method)
            .uri(format!("{endpoint}{path}"));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        // `http`'s messages name what failed, never the header's value.
        let request = request.body(Bytes::new()).map_err(|e| {
            Failure::Other(CredentialsError::new(format!(
                "building a metadata request to {endpoint}: {e}"
            )))
        })?;
        self.settings
            .transport
            .send(request, self.settings.send_options)
            .await
            .map_err(|e| {
                let error = CredentialsError::new(format!("metadata service at {endpoint}: {e}"));
                let never_answered = self.cache().credentials.is_none();
                match e.kind {
                    // Only a failed connection: a slow answer from a service that
                    // is there must not switch the source off for the process.
                    TransportErrorKind::Connect if never_answered => {
                        if self.settings.remember_unreachable {
                            unreachable().insert(endpoint.clone());
                        }
                        Failure::Unreachable(error)
                    }
                    _ => Failure::Other(error),
                }
            })
    }
}

impl fmt::Debug for EcsRamRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cache = self.cache();
        f.debug_struct("EcsRamRoleProvider")
            .field("settings", &self.settings)
            .field("discovered_role", &cache.discovered_role)
            .field(
                "cached_expiration",
                &cache.credentials.as_ref().map(Credentials::expiration),
            )
            .finish()
    }
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}

/// Why a metadata request failed: the service could not be reached at all
/// (and has never answered this provider), or anything else.
enum Failure {
    Unreachable(CredentialsError),
    Other(CredentialsError),
}

impl Failure {
    fn into_error(self) -> CredentialsError {
        match self {
            Failure::Unreachable(error) | Failure::Other(error) => error,
        }
    }
}

/// Role names go into a URL path: allow only what RAM allows in them.
fn validate_role_name(role: &str) -> Result<(), CredentialsError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "._-@+=,".contains(c);
    if role.is_empty() || role.len() > 128 || !role.chars().all(allowed) {
        return Err(CredentialsError::new(format!(
            "invalid RAM role name {role:?}: only letters, digits and . _ - @ + = , are allowed"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names() {
        for good in ["role", "My.Role-1_x", "a@b+c=d,e"] {
            validate_role_name(good).unwrap();
        }
        for bad in ["", "../x", "a/b", "a b", "a?b", "a#b", "a%2F", "ä"] {
            assert!(validate_role_name(bad).is_err(), "{bad}");
        }
    }
}
