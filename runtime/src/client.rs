//! The client and the one generic call routine every operation goes through.
//!
//! [`Client::call`] fills the request's region parameter from the client's
//! region when the request has none ([`ConfigBuilder::region`]), resolves
//! the endpoint, obtains credentials, and then per attempt: signs afresh
//! (new nonce, current time), sends through the configured [`Transport`],
//! parses the response, and retries as [`RetryConfig`] says. Each step that does no I/O is also public, so the
//! request a call would send can be built and inspected without sending it:
//! [`Client::sign_request_at`] is a pure function of its inputs.
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use acs_runtime::client::{Client, Config};
//! use acs_runtime::credentials::Credentials;
//!
//! let config = Config::builder()
//!     .credentials(Credentials::new("LTAI...", "secret"))
//!     .region("cn-hangzhou")
//!     .build()?;
//! let client = Client::new(config);
//! // let output = client.call(&DescribeRegions::default()).await?;
//! # Ok(()) }
//! ```

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_LENGTH, HeaderName, HeaderValue, USER_AGENT};
use tracing::Instrument;

use crate::credentials::{Credentials, ProvideCredentials};
use crate::endpoint::{self, Endpoint};
use crate::error::{MissingRegionError, ResponseError, SdkError, TransportErrorKind};
use crate::operation::{Operation, Params};
use crate::response::{REQUEST_ID_HEADER, ResponseFormat, parse_response};
use crate::retry::{RetryClass, RetryConfig, Sleep, TokioSleep, os_random};
use crate::sign::{self, SignatureVersion, SigningParams};
use crate::transport::{SendOptions, Transport};

/// Sent as `User-Agent`.
const USER_AGENT_VALUE: &str = concat!("acs-runtime-rust/", env!("CARGO_PKG_VERSION"));

/// A uniform random number in `[0, 1]`, for back-off jitter.
type Random = Arc<dyn Fn() -> f64 + Send + Sync>;

/// Everything a [`Client`] needs; build it with [`Config::builder`].
#[derive(Clone)]
pub struct Config {
    credentials: Arc<dyn ProvideCredentials>,
    region: Option<String>,
    endpoint: Option<String>,
    signature_version: SignatureVersion,
    transport: Arc<dyn Transport>,
    retry: RetryConfig,
    send: SendOptions,
    format: ResponseFormat,
    sleep: Arc<dyn Sleep>,
    random: Random,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("signature_version", &self.signature_version)
            .field("transport", &self.transport)
            .field("retry", &self.retry)
            .field("send", &self.send)
            .field("format", &self.format)
            .field("sleep", &self.sleep)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Starts a configuration: no region, no endpoint override, V3
    /// signatures, JSON, three attempts, the default timeouts of
    /// [`SendOptions`], the default transport and credentials chain.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The region requests are sent to, if set; also the `RegionId` of
    /// requests that leave theirs unset ([`ConfigBuilder::region`]).
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint override, if set.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// Which signature requests carry.
    pub fn signature_version(&self) -> SignatureVersion {
        self.signature_version
    }

    /// The retry policy of calls without their own.
    pub fn retry(&self) -> RetryConfig {
        self.retry
    }

    /// Timeouts and the body limit of calls without their own.
    pub fn send_options(&self) -> SendOptions {
        self.send
    }

    /// The response format asked for.
    pub fn format(&self) -> ResponseFormat {
        self.format
    }

    /// The transport requests are sent with.
    pub fn transport(&self) -> &Arc<dyn Transport> {
        &self.transport
    }
}

/// Builds a [`Config`]; every setting is optional.
#[derive(Default)]
pub struct ConfigBuilder {
    credentials: Option<Arc<dyn ProvideCredentials>>,
    region: Option<String>,
    endpoint: Option<String>,
    signature_version: SignatureVersion,
    transport: Option<Arc<dyn Transport>>,
    retry: RetryConfig,
    send: SendOptions,
    format: ResponseFormat,
    sleep: Option<Arc<dyn Sleep>>,
    random: Option<Random>,
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("signature_version", &self.signature_version)
            .field("transport", &self.transport)
            .field("retry", &self.retry)
            .field("send", &self.send)
            .field("format", &self.format)
            .finish_non_exhaustive()
    }
}

impl ConfigBuilder {
    /// Where credentials come from: fixed [`Credentials`] or any provider.
    /// Default: the [default chain](crate::credentials::DefaultChain)
    /// (environment, RRSA, the `aliyun` CLI config, the credentials file,
    /// the ECS RAM role, a credentials URI).
    pub fn credentials(self, provider: impl ProvideCredentials + 'static) -> Self {
        self.shared_credentials(Arc::new(provider))
    }

    /// As [`credentials`](Self::credentials), for a provider already shared.
    pub fn shared_credentials(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// The region, e.g. `cn-hangzhou`: where requests are sent, and the
    /// `RegionId` of every request that takes one and leaves it unset.
    ///
    /// A request's own `RegionId` is sent as given; when it differs from
    /// this region the request still goes to this region's endpoint (the
    /// service reads the parameter) and the call logs a `tracing` warning.
    /// Without a region here, a request's `RegionId` picks the endpoint, and
    /// an operation that requires `RegionId` fails without one
    /// ([`SdkError::MissingRegion`]) before anything is sent.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An endpoint URL that replaces resolution: `https://host[:port][/base]`,
    /// `http://…`, or a bare `host[:port]` (HTTPS).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// V3 (the default) or V2 signatures.
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = version;
        self
    }

    /// The HTTP stack. Default: `transport::ReqwestTransport` (feature
    /// `reqwest`; without it, a transport must be set).
    pub fn transport(self, transport: impl Transport + 'static) -> Self {
        self.shared_transport(Arc::new(transport))
    }

    /// As [`transport`](Self::transport), for a transport already shared.
    pub fn shared_transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// The retry policy; [`RetryConfig::disabled`] for a single attempt.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// How long establishing a connection may take, per attempt.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.send.connect_timeout = timeout;
        self
    }

    /// How long receiving the complete response may take, per attempt.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.send.read_timeout = timeout;
        self
    }

    /// The largest response body accepted; larger ones are an error.
    pub fn max_response_bytes(mut self, max: usize) -> Self {
        self.send.max_response_bytes = max;
        self
    }

    /// The response format to ask for: JSON (the default) or XML.
    pub fn format(mut self, format: ResponseFormat) -> Self {
        self.format = format;
        self
    }

    /// How to wait between attempts. Default: [`TokioSleep`]. Inject one
    /// to run on another executor, or to make tests instant.
    pub fn sleep(mut self, sleep: impl Sleep + 'static) -> Self {
        self.sleep = Some(Arc::new(sleep));
        self
    }

    /// The source of back-off jitter: a uniform random number in `[0, 1]`.
    /// Default: the operating system's random numbers.
    pub fn random(mut self, random: impl Fn() -> f64 + Send + Sync + 'static) -> Self {
        self.random = Some(Arc::new(random));
        self
    }

    /// Checks the settings and builds the configuration.
    ///
    /// Fails on a malformed region or endpoint URL, or when no transport is
    /// set and the default one is not compiled in or cannot be set up.
    pub fn build(self) -> Result<Config, ConfigError> {
        if let Some(region) = &self.region {
            endpoint::validate_region(region).map_err(|e| ConfigError(e.to_string()))?;
        }
        if let Some(url) = &self.endpoint {
            Endpoint::parse(url).map_err(|e| ConfigError(e.to_string()))?;
        }
        let transport = match self.transport {
            Some(transport) => transport,
            None => default_transport()?,
        };
        let credentials = match self.credentials {
            Some(credentials) => credentials,
            None => Arc::new(crate::credentials::DefaultChain::new(transport.clone())),
        };
        Ok(Config {
            credentials,
            region: self.region,
            endpoint: self.endpoint,
            signature_version: self.signature_version,
            transport,
            retry: self.retry,
            send: self.send,
            format: self.format,
            sleep: self.sleep.unwrap_or_else(|| Arc::new(TokioSleep)),
            random: self.random.unwrap_or_else(|| Arc::new(os_random)),
        })
    }
}

#[cfg(feature = "reqwest")]
fn default_transport() -> Result<Arc<dyn Transport>, ConfigError> {
    crate::transport::ReqwestTransport::new()
        .map(|t| Arc::new(t) as Arc<dyn Transport>)
        .map_err(|e| ConfigError(format!("setting up the default transport: {e}")))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport() -> Result<Arc<dyn Transport>, ConfigError> {
    Err(ConfigError(
        "no transport: set one with ConfigBuilder::transport, or enable the `reqwest` feature"
            .into(),
    ))
}

/// A [`Config`] could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Per-call overrides of the client's timeouts, body limit and retry policy.
///
/// ```
/// use acs_runtime::client::CallOptions;
/// use acs_runtime::retry::RetryClass;
///
/// // A create without an idempotency token that the caller is willing to
/// // run twice: retry it after 5xx and read timeouts too.
/// let options = CallOptions::new().retry_class(RetryClass::Transient);
/// # let _ = options;
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// Overrides [`SendOptions::connect_timeout`].
    pub connect_timeout: Option<Duration>,
    /// Overrides [`SendOptions::read_timeout`].
    pub read_timeout: Option<Duration>,
    /// Overrides [`SendOptions::max_response_bytes`].
    pub max_response_bytes: Option<usize>,
    /// Overrides the client's [`RetryConfig`].
    pub retry: Option<RetryConfig>,
    /// Overrides the operation's [`RetryClass`] (which failures are
    /// retried), decided by default from its kind and idempotency token
    /// ([`RetryClass::of`]; see [`crate::retry`]).
    pub retry_class: Option<RetryClass>,
    /// Sends the request unsigned, without asking the credentials provider;
    /// see [`CallOptions::anonymous`].
    pub anonymous: bool,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// Overrides the connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Overrides the read timeout.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// Overrides the body limit.
    pub fn max_response_bytes(mut self, max: usize) -> Self {
        self.max_response_bytes = Some(max);
        self
    }

    /// Overrides the retry policy.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Overrides which failures are retried: [`RetryClass::Transient`]
    /// opts a create or update without an idempotency token in to retries
    /// after failures where it may have run (5xx, read timeouts, dropped
    /// connections), accepting that it may run twice;
    /// [`RetryClass::NotExecuted`] keeps a read from being retried after them.
    pub fn retry_class(mut self, class: RetryClass) -> Self {
        self.retry_class = Some(class);
        self
    }

    /// Sends the request without a signature, for the operations a service
    /// accepts from anyone because a parameter is the proof (STS
    /// `AssumeRoleWithOIDC` and `AssumeRoleWithSAML`, whose metadata says
    /// `security: Anonymous`/`ARS_OIDC`). The credentials provider is not
    /// asked. The request is the signed one without what identifies a
    /// caller, as the official SDKs send an operation whose `authType` is
    /// `Anonymous`: V3 keeps the `x-acs-*` headers (action, version, date,
    /// nonce, content hash) and drops `Authorization`; V2 keeps `Action`,
    /// `Version`, `Format`, `Timestamp` and `SignatureNonce` and drops
    /// `AccessKeyId`, `SignatureMethod`, `SignatureVersion` and `Signature`.
    /// [`Client::unsigned_request_at`] is the sans-IO form.
    pub fn anonymous(mut self) -> Self {
        self.anonymous = true;
        self
    }

    fn send_options(&self, base: SendOptions) -> SendOptions {
        SendOptions {
            connect_timeout: self.connect_timeout.unwrap_or(base.connect_timeout),
            read_timeout: self.read_timeout.unwrap_or(base.read_timeout),
            max_response_bytes: self.max_response_bytes.unwrap_or(base.max_response_bytes),
        }
    }
}

/// Calls operations; cheap to clone (clones share the configuration,
/// transport and credentials).
#[derive(Clone, Debug)]
pub struct Client {
    config: Arc<Config>,
}

impl Client {
    /// A client with this configuration.
    pub fn new(config: Config) -> Self {
        Client {
            config: Arc::new(config),
        }
    }

    /// The client's configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Calls `op` with the client's settings.
    pub async fn call<O: Operation>(&self, op: &O) -> Result<O::Output, SdkError<O::Error>> {
        self.call_with(op, &CallOptions::default()).await
    }

    /// Calls `op`, with `options` overriding the client's timeouts, body
    /// limit and retry policy.
    ///
    /// Emits a `tracing` span `acs_call` with the fields `operation`,
    /// `attempt`, `status` and `request_id` (never a secret), and a debug
    /// event before each retry.
    pub async fn call_with<O: Operation>(
        &self,
        op: &O,
        options: &CallOptions,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let span = tracing::info_span!(
            "acs_call",
            operation = O::INFO.action,
            product = O::INFO.service.product,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        self.call_inner(op, options, &span)
            .instrument(span.clone())
            .await
    }

    async fn call_inner<O: Operation>(
        &self,
        op: &O,
        options: &CallOptions,
        span: &tracing::Span,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let config = &*self.config;
        let retry = options.retry.unwrap_or(config.retry);
        let class = options.retry_class.unwrap_or(RetryClass::of(O::INFO));
        let send = options.send_options(config.send);
        // One token per logical call, sent by every attempt: a retry is then
        // the same request to the service.
        let token = match O::INFO.idempotency_token {
            Some(_) => Some(IdempotencyToken::new().map_err(SdkError::Build)?),
            None => None,
        };
        // Whether an attempt failed in a way that leaves open whether the
        // service ran it.
        let mut maybe_executed = false;
        let region = self.region_param(op)?;
        if let Some(given) = op.request_region()
            && let Some(client) = config.region.as_deref()
            && given != client
        {
            tracing::warn!(
                request_region = given,
                client_region = client,
                "the request's RegionId differs from the client's region: \
                 it is sent as given, to the client's region's endpoint"
            );
        }
        let endpoint = self.endpoint_for(op)?;
        let credentials = if options.anonymous {
            None
        } else {
            Some(
                config
                    .credentials
                    .provide_credentials()
                    .await
                    .map_err(SdkError::Credentials)?,
            )
        };
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let nonce = Nonce::new().map_err(SdkError::Build)?;
            let request = self.build_request(
                op,
                &endpoint,
                credentials.as_ref(),
                SystemTime::now(),
                nonce.as_str(),
                token.as_ref().map_or("", IdempotencyToken::as_str),
                region,
            )?;
            let result = match config.transport.send(request, send).await {
                Ok(response) => check_and_parse::<O>(&response, send.max_response_bytes, span),
                Err(e) => Err(transport_failure(e)),
            };
            let error = match result {
                Ok(output) => return Ok(output),
                Err(error) => error,
            };
            if let SdkError::Service(e) = &error
                && let Some(id) = &crate::operation::OperationError::service_error(e).request_id
            {
                span.record("request_id", id.as_str());
            }
            let Some(reason) = retry.should_retry(attempt, class, &error) else {
                if maybe_executed {
                    tracing::warn!(
                        attempt,
                        error = %error,
                        "an earlier attempt of this call may have been executed by the service"
                    );
                }
                return Err(error);
            };
            maybe_executed |= !reason.proves_not_executed();
            let delay = retry.backoff(attempt, reason, (config.random)());
            tracing::debug!(
                attempt,
                reason = ?reason,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                error = %error,
                "retrying"
            );
            config.sleep.sleep(delay).await;
        }
    }

    /// The request [`call`](Self::call) would send first: credentials from
    /// the provider, a fresh nonce and the current time. An empty
    /// idempotency token is filled as [`sign_request_at`](Self::sign_request_at)
    /// fills it.
    pub async fn signed_request<O: Operation>(
        &self,
        op: &O,
    ) -> Result<http::Request<Bytes>, SdkError<O::Error>> {
        let credentials = self
            .config
            .credentials
            .provide_credentials()
            .await
            .map_err(SdkError::Credentials)?;
        let nonce = Nonce::new().map_err(SdkError::Build)?;
        self.sign_request_at(op, &credentials, SystemTime::now(), nonce.as_str())
    }

    /// The signed request for `op`, a pure function of its arguments and the
    /// client's configuration: endpoint resolution, parameters, signature.
    ///
    /// RPC parameters travel in the query string and the body is empty, as
    /// the official SDK sends them; the method is the operation's. With V3
    /// the action and version are `x-acs-*` headers and `Accept` asks for the
    /// configured format; with V2 they, the format and the signature are
    /// query parameters.
    ///
    /// When the operation has an idempotency token
    /// ([`OperationInfo::idempotency_token`](crate::OperationInfo::idempotency_token))
    /// and `op` leaves it empty, the request carries one derived from `nonce`
    /// (a v4-formatted UUID from its SHA-256), so the function stays pure.
    /// To sign several attempts of one logical call by hand, set the token
    /// on the request yourself: each attempt needs a new nonce, and would
    /// otherwise get a new token. [`call`](Self::call) does that for you.
    ///
    /// When the operation has a region parameter
    /// ([`Operation::REGION_PARAM`], `RegionId`) and `op` leaves it unset,
    /// the request carries the client's region; an operation that requires
    /// it fails with [`SdkError::MissingRegion`] when neither has one.
    pub fn sign_request_at<O: Operation>(
        &self,
        op: &O,
        credentials: &Credentials,
        time: SystemTime,
        nonce: &str,
    ) -> Result<http::Request<Bytes>, SdkError<O::Error>> {
        let region = self.region_param(op)?;
        let endpoint = self.endpoint_for(op)?;
        let token = O::INFO
            .idempotency_token
            .map(|_| IdempotencyToken::derived_from(nonce));
        let token = token.as_ref().map_or("", IdempotencyToken::as_str);
        self.build_request(op, &endpoint, Some(credentials), time, nonce, token, region)
    }

    /// The request [`CallOptions::anonymous`] sends for `op`: as
    /// [`sign_request_at`](Self::sign_request_at), without AccessKey,
    /// security token or signature.
    pub fn unsigned_request_at<O: Operation>(
        &self,
        op: &O,
        time: SystemTime,
        nonce: &str,
    ) -> Result<http::Request<Bytes>, SdkError<O::Error>> {
        let region = self.region_param(op)?;
        let endpoint = self.endpoint_for(op)?;
        let token = O::INFO
            .idempotency_token
            .map(|_| IdempotencyToken::derived_from(nonce));
        let token = token.as_ref().map_or("", IdempotencyToken::as_str);
        self.build_request(op, &endpoint, None, time, nonce, token, region)
    }

    /// The region parameter the client adds to `op`, name and value: its
    /// own region, when the operation has one and the request leaves it
    /// unset. An operation that requires one, with neither, is an error
    /// here, before anything is signed or sent.
    fn region_param<O: Operation>(
        &self,
        op: &O,
    ) -> Result<Option<(&'static str, &str)>, SdkError<O::Error>> {
        let Some(param) = O::REGION_PARAM else {
            return Ok(None);
        };
        if op.request_region().is_some() {
            return Ok(None);
        }
        match self.config.region.as_deref() {
            Some(region) => Ok(Some((param.name, region))),
            None if param.required => Err(SdkError::MissingRegion(MissingRegionError::new(
                O::INFO.action,
                param.name,
            ))),
            None => Ok(None),
        }
    }

    /// The endpoint for `op`: the override, else the client's region, else
    /// the request's `RegionId`.
    fn endpoint_for<O: Operation>(&self, op: &O) -> Result<Endpoint, SdkError<O::Error>> {
        let config = &*self.config;
        let region = config.region.as_deref().or_else(|| op.request_region());
        endpoint::resolve(O::INFO.service, region, config.endpoint.as_deref())
            .map_err(SdkError::Endpoint)
    }

    /// `region`: the region parameter to add ([`region_param`](Self::region_param)).
    #[allow(clippy::too_many_arguments)]
    fn build_request<O: Operation>(
        &self,
        op: &O,
        endpoint: &Endpoint,
        credentials: Option<&Credentials>,
        time: SystemTime,
        nonce: &str,
        token: &str,
        region: Option<(&str, &str)>,
    ) -> Result<http::Request<Bytes>, SdkError<O::Error>> {
        let config = &*self.config;
        // An unsigned request is a signed one (with an empty key) stripped
        // of what identifies the caller: see `CallOptions::anonymous`.
        let nobody = Credentials::new("", "");
        let info = O::INFO;
        let mut params = Params::with_capacity(16);
        crate::params::write_params(op, &mut params).map_err(|e| SdkError::Build(e.to_string()))?;
        // The caller's own token is never replaced; an empty one is filled.
        if let Some(name) = info.idempotency_token
            && params.get(name).is_none()
        {
            params.push(name, token);
        }
        // The request's own `RegionId` is never replaced either.
        if let Some((name, region)) = region
            && params.get(name).is_none()
        {
            params.push(name, region);
        }
        // The path sent is the path signed: `/` under the endpoint's base path.
        let path: Cow<'_, str> = match endpoint.base_path() {
            "" => Cow::Borrowed("/"),
            base => Cow::Owned(format!("{base}/")),
        };
        let signed = sign::sign(
            config.signature_version,
            &SigningParams {
                method: info.method,
                host: endpoint.authority(),
                path: &path,
                action: info.action,
                version: info.service.version,
                params: &params,
                body: &[],
                timestamp: time,
                nonce,
                credentials: credentials.unwrap_or(&nobody),
                format: config.format.as_str(),
            },
        );
        let signed = match credentials {
            Some(_) => signed,
            None => unsigned(config.signature_version, signed),
        };

        let scheme = endpoint.scheme().as_str();
        // As the V3 signer encodes it, so the URI and the signature agree.
        let encoded_path = crate::sign::encode_path(&path);
        let mut uri = String::with_capacity(
            scheme.len()
                + 3
                + endpoint.authority().len()
                + encoded_path.len()
                + 1
                + signed.query.len(),
        );
        uri.push_str(scheme);
        uri.push_str("://");
        uri.push_str(endpoint.authority());
        uri.push_str(&encoded_path);
        if !signed.query.is_empty() {
            uri.push('?');
            uri.push_str(&signed.query);
        }
        // The query may hold the STS token (V2): never quote the URI.
        let uri = http::Uri::try_from(uri)
            .map_err(|e| SdkError::Build(format!("the request URI is invalid: {e}")))?;

        let mut request = http::Request::new(Bytes::new());
        *request.method_mut() = match info.method {
            crate::operation::HttpMethod::Get => http::Method::GET,
            crate::operation::HttpMethod::Post => http::Method::POST,
        };
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        headers.reserve(signed.headers.len() + 3);
        for (name, value) in signed.headers {
            // Header values are never quoted: one of them is the STS token.
            let value = HeaderValue::try_from(value).map_err(|_| {
                SdkError::Build(format!("the value of header {name} cannot be sent in HTTP"))
            })?;
            // `append`: the names are distinct, so there is nothing to replace.
            headers.append(HeaderName::from_static(name), value);
        }
        if config.signature_version == SignatureVersion::V3 {
            headers.append(ACCEPT, HeaderValue::from_static(config.format.media_type()));
        }
        headers.append(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        if info.method == crate::operation::HttpMethod::Post {
            // The body is empty; say so, since hyper omits the header for an
            // empty body and some front ends answer a POST without it with 411.
            headers.append(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        Ok(request)
    }
}

/// `signed` without the caller's identity and signature: the V3
/// `Authorization` header, the V2 `AccessKeyId`, `SignatureMethod`,
/// `SignatureVersion` and `Signature` parameters (the names are ASCII, so
/// they are the same encoded). A V3 query holds only the operation's own
/// parameters, and is kept whole.
fn unsigned(version: SignatureVersion, signed: sign::SignedRequest) -> sign::SignedRequest {
    const V2_SIGNATURE: [&str; 4] = [
        "AccessKeyId",
        "SignatureMethod",
        "SignatureVersion",
        "Signature",
    ];
    match version {
        SignatureVersion::V3 => sign::SignedRequest {
            query: signed.query,
            headers: signed
                .headers
                .into_iter()
                .filter(|(name, _)| *name != "authorization")
                .collect(),
        },
        SignatureVersion::V2 => sign::SignedRequest {
            query: signed
                .query
                .split('&')
                .filter(|pair| {
                    let name = pair.split_once('=').map_or(*pair, |(name, _)| name);
                    !V2_SIGNATURE.contains(&name)
                })
                .collect::<Vec<_>>()
                .join("&"),
            headers: signed.headers,
        },
    }
}

/// The response of one attempt: within the size limit, traced, parsed.
fn check_and_parse<O: Operation>(
    response: &http::Response<Bytes>,
    max_response_bytes: usize,
    span: &tracing::Span,
) -> Result<O::Output, SdkError<O::Error>> {
    let status = response.status().as_u16();
    span.record("status", status);
    if let Some(id) = response
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
    {
        span.record("request_id", id);
    }
    // A transport that does not enforce the limit itself is held to it here.
    if response.body().len() > max_response_bytes {
        return Err(SdkError::Response(ResponseError::new(
            status,
            format!(
                "the response body ({} bytes) exceeds the limit of {max_response_bytes} bytes",
                response.body().len()
            ),
            response.body(),
        )));
    }
    parse_response::<O>(response)
}

/// A body over the limit is a response we could not use (status kept);
/// everything else the transport reports is a transport error.
fn transport_failure<E>(error: crate::error::TransportError) -> SdkError<E> {
    match (error.kind, error.status()) {
        (TransportErrorKind::BodyTooLarge, Some(status)) => {
            SdkError::Response(ResponseError::new(status, error.to_string(), &[]))
        }
        _ => SdkError::Transport(error),
    }
}

/// 32 random hex characters, on the stack.
struct Nonce([u8; 32]);

impl Nonce {
    fn new() -> Result<Self, String> {
        let random =
            random_128().map_err(|e| format!("no random numbers for the signature nonce: {e}"))?;
        let mut hex = [0u8; 32];
        // Cannot fail: the output is exactly twice the input.
        hex::encode_to_slice(random, &mut hex).map_err(|e| e.to_string())?;
        Ok(Nonce(hex))
    }

    fn as_str(&self) -> &str {
        // Hex digits are ASCII.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// A version 4 UUID, lowercase and hyphenated (36 ASCII characters), the
/// value of an idempotency token the caller left empty.
struct IdempotencyToken([u8; 36]);

impl IdempotencyToken {
    /// A fresh random one, from the operating system's random numbers.
    fn new() -> Result<Self, String> {
        let random = random_128()
            .map_err(|e| format!("no random numbers for the idempotency token: {e}"))?;
        Ok(IdempotencyToken::format(random))
    }

    /// One derived from a signature nonce: the first 16 bytes of its SHA-256.
    fn derived_from(nonce: &str) -> Self {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(nonce.as_bytes());
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        IdempotencyToken::format(bytes)
    }

    /// RFC 9562: version 4 in the high nibble of byte 6, variant `10` in
    /// the top bits of byte 8.
    fn format(mut bytes: [u8; 16]) -> Self {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let mut text = [b'-'; 36];
        let mut at = 0;
        for (i, byte) in bytes.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                at += 1;
            }
            const HEX: &[u8; 16] = b"0123456789abcdef";
            text[at] = HEX[usize::from(byte >> 4)];
            text[at + 1] = HEX[usize::from(byte & 0x0f)];
            at += 2;
        }
        IdempotencyToken(text)
    }

    fn as_str(&self) -> &str {
        // Hex digits and hyphens are ASCII.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// Random bytes from the operating system, fetched [`POOL_LEN`] at a time.
struct RandomPool {
    bytes: [u8; POOL_LEN],
    next: usize,
}

/// 32 nonces per system call: `getrandom` was a tenth of a whole call's
/// time when it ran once per nonce.
const POOL_LEN: usize = 512;

std::thread_local! {
    static POOL: std::cell::RefCell<RandomPool> = const {
        std::cell::RefCell::new(RandomPool { bytes: [0; POOL_LEN], next: POOL_LEN })
    };
}

/// 16 bytes from the OS random number generator, each handed out once.
///
/// A process that forks keeps a copy of its pool in the child, which could
/// then repeat up to 31 of the parent's nonces and idempotency tokens; the
/// consequence would be a `SignatureNonceUsed` error, or a create answered
/// with the parent's result, for such a request. Async runtimes do not
/// survive a fork anyway.
fn random_128() -> Result<[u8; 16], getrandom::Error> {
    POOL.with_borrow_mut(|pool| {
        if pool.next == POOL_LEN {
            getrandom::getrandom(&mut pool.bytes)?;
            pool.next = 0;
        }
        let taken = &mut pool.bytes[pool.next..pool.next + 16];
        let mut out = [0u8; 16];
        out.copy_from_slice(taken);
        taken.fill(0);
        pool.next += 16;
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use super::IdempotencyToken;

    #[test]
    fn tokens_are_v4_uuids() {
        let token = IdempotencyToken::format([0xff; 16]);
        assert_eq!(token.as_str(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let token = IdempotencyToken::format([0; 16]);
        assert_eq!(token.as_str(), "00000000-0000-4000-8000-000000000000");
        let a = IdempotencyToken::new().unwrap();
        let b = IdempotencyToken::new().unwrap();
        assert_ne!(a.as_str(), b.as_str());
        assert_eq!(a.as_str().len(), 36);
        assert_eq!(
            IdempotencyToken::derived_from("n").as_str(),
            IdempotencyToken::derived_from("n").as_str()
        );
        assert_ne!(
            IdempotencyToken::derived_from("n").as_str(),
            IdempotencyToken::derived_from("m").as_str()
        );
    }
}
