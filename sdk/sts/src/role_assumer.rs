//! [`StsRoleAssumer`]: `acs-runtime`'s [`RoleAssumer`] seam, implemented
//! with the generated STS client of this crate.

use std::sync::Arc;

use acs_runtime::credentials::{
    AssumeRoleParams, BoxFuture, Credentials, CredentialsChain, CredentialsError, OidcRoleParams,
    ProvideCredentials, RoleAssumer, StsEndpoint, parse_expiration,
};
use acs_runtime::sign::SignatureVersion;
use acs_runtime::transport::Transport;
use acs_runtime::{CallOptions, Config, OperationError, RetryConfig, SdkError};

use crate::Client;
use crate::assume_role::AssumeRoleRequest;
use crate::assume_role_with_oidc::AssumeRoleWithOIDCRequest;

/// Calls STS `AssumeRole` and `AssumeRoleWithOIDC` for the runtime's role
/// sources, with this crate's generated [`Client`].
///
/// Give it to the default chain:
///
/// ```no_run
/// # fn demo(transport: std::sync::Arc<dyn acs_runtime::transport::Transport>) {
/// use std::sync::Arc;
/// use acs_runtime::credentials::DefaultChain;
/// use acs_sts::StsRoleAssumer;
///
/// let assumer = StsRoleAssumer::new(Arc::clone(&transport));
/// let chain = DefaultChain::builder(transport)
///     .role_assumer(Arc::new(assumer))
///     .build();
/// # let _ = chain;
/// # }
/// ```
///
/// `AssumeRole` is signed with the source credentials the runtime passes;
/// `AssumeRoleWithOIDC` is sent unsigned ([`CallOptions::anonymous`]), as
/// the official credentials libraries send it: the OIDC token is the proof.
/// Each call goes to the endpoint the profile or the environment chose
/// ([`StsEndpoint::host`]: `sts.aliyuncs.com`, `sts.<region>.aliyuncs.com`
/// or `sts-vpc.<region>.aliyuncs.com`) over HTTPS, unless
/// [`endpoint`](Self::endpoint) overrides it.
///
/// Error messages carry the STS error code, message and request id, never
/// a secret, a token or a response body.
#[derive(Clone, Debug)]
pub struct StsRoleAssumer {
    transport: Arc<dyn Transport>,
    endpoint: Option<String>,
    signature_version: SignatureVersion,
    retry: Option<RetryConfig>,
}

impl StsRoleAssumer {
    /// Sends STS requests through `transport` (V3 signatures, the runtime's
    /// default retries).
    pub fn new(transport: Arc<dyn Transport>) -> Self {
        StsRoleAssumer {
            transport,
            endpoint: None,
            signature_version: SignatureVersion::default(),
            retry: None,
        }
    }

    /// Sends every STS request to this URL (`https://host`, `http://host:port`)
    /// instead of the endpoint of the role source: a proxy, a test server.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// V3 (the default) or V2 signatures for `AssumeRole`.
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = version;
        self
    }

    /// The retry policy of the STS calls (default: the runtime's).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// A client for one call, signing with `credentials`.
    fn client(
        &self,
        endpoint: &StsEndpoint,
        credentials: Arc<dyn ProvideCredentials>,
    ) -> Result<Client, CredentialsError> {
        let url = match &self.endpoint {
            Some(url) => url.clone(),
            None => format!("https://{}", endpoint.host()),
        };
        let mut config = Config::builder()
            .shared_transport(Arc::clone(&self.transport))
            .shared_credentials(credentials)
            .endpoint(url)
            .signature_version(self.signature_version);
        if let Some(retry) = self.retry {
            config = config.retry(retry);
        }
        let config = config
            .build()
            .map_err(|e| CredentialsError::new(format!("the STS client: {e}")))?;
        Ok(Client::new(config))
    }

    async fn assume(
        &self,
        source: &Credentials,
        params: &AssumeRoleParams,
    ) -> Result<Credentials, CredentialsError> {
        let client = self.client(&params.endpoint, Arc::new(source.clone()))?;
        let mut request = AssumeRoleRequest::new(
            params.role_arn.as_str(),
            session_name(params.role_session_name.as_deref()),
        )
        .duration_seconds(params.duration_seconds);
        if let Some(policy) = &params.policy {
            request = request.policy(policy.as_str());
        }
        if let Some(external_id) = &params.external_id {
            request = request.external_id(external_id.as_str());
        }
        let response = client
            .assume_role(&request)
            .await
            .map_err(|e| failed("AssumeRole", e))?;
        let c = response.credentials.unwrap_or_default();
        temporary(
            "AssumeRole",
            c.access_key_id,
            c.access_key_secret,
            c.security_token,
            c.expiration,
        )
    }

    async fn assume_with_oidc(
        &self,
        params: &OidcRoleParams,
        oidc_token: &str,
    ) -> Result<Credentials, CredentialsError> {
        // Unsigned: the provider is never asked; an empty chain says so if it were.
        let nobody = CredentialsChain::new()
            .with_failure_message("AssumeRoleWithOIDC is sent without credentials");
        let client = self.client(&params.endpoint, Arc::new(nobody))?;
        // Required parameters in wire-name order: OIDCProviderArn, OIDCToken,
        // RoleArn, RoleSessionName.
        let mut request = AssumeRoleWithOIDCRequest::new(
            params.oidc_provider_arn.as_str(),
            oidc_token,
            params.role_arn.as_str(),
            session_name(params.role_session_name.as_deref()),
        )
        .duration_seconds(params.duration_seconds);
        if let Some(policy) = &params.policy {
            request = request.policy(policy.as_str());
        }
        let options = CallOptions::new().anonymous();
        let response = client
            .runtime()
            .call_with(&request, &options)
            .await
            .map_err(|e| failed("AssumeRoleWithOIDC", e))?;
        let c = response.credentials.unwrap_or_default();
        temporary(
            "AssumeRoleWithOIDC",
            c.access_key_id,
            c.access_key_secret,
            c.security_token,
            c.expiration,
        )
    }
}

impl RoleAssumer for StsRoleAssumer {
    fn assume_role<'a>(
        &'a self,
        source: &'a Credentials,
        params: &'a AssumeRoleParams,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        Box::pin(self.assume(source, params))
    }

    fn assume_role_with_oidc<'a>(
        &'a self,
        params: &'a OidcRoleParams,
        oidc_token: &'a str,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        Box::pin(self.assume_with_oidc(params, oidc_token))
    }
}

/// The default credentials chain with every role source enabled: the
/// runtime's [`DefaultChain`](acs_runtime::credentials::DefaultChain) over
/// its default transport, with a [`StsRoleAssumer`] on the same transport.
#[cfg(feature = "reqwest")]
pub fn default_chain()
-> Result<acs_runtime::credentials::DefaultChain, acs_runtime::error::TransportError> {
    let transport: Arc<dyn Transport> = Arc::new(acs_runtime::transport::ReqwestTransport::new()?);
    let assumer = StsRoleAssumer::new(Arc::clone(&transport));
    Ok(acs_runtime::credentials::DefaultChain::builder(transport)
        .role_assumer(Arc::new(assumer))
        .build())
}

/// The runtime's providers always name the session; this is a fallback
/// for a caller that did not.
fn session_name(name: Option<&str>) -> String {
    name.unwrap_or("acs-sts").to_owned()
}

/// STS's answer as credentials: every part present, the expiration read.
fn temporary(
    action: &str,
    id: Option<String>,
    secret: Option<String>,
    token: Option<String>,
    expiration: Option<String>,
) -> Result<Credentials, CredentialsError> {
    let missing = [
        ("AccessKeyId", id.is_none()),
        ("AccessKeySecret", secret.is_none()),
        ("SecurityToken", token.is_none()),
        ("Expiration", expiration.is_none()),
    ]
    .into_iter()
    .filter(|(_, missing)| *missing)
    .map(|(name, _)| name)
    .collect::<Vec<_>>();
    let (Some(id), Some(secret), Some(token), Some(expiration)) = (id, secret, token, expiration)
    else {
        return Err(CredentialsError::new(format!(
            "STS {action} answered without Credentials.{}",
            missing.join(", Credentials.")
        )));
    };
    let expiration = parse_expiration(&expiration)?;
    Ok(Credentials::new(id, secret)
        .with_security_token(token)
        .with_expiration(expiration))
}

/// An STS failure, without secrets: the service's code, message and
/// request id; for a body that could not be read, only its status (the
/// body may hold credentials).
fn failed<E: OperationError>(action: &str, error: SdkError<E>) -> CredentialsError {
    let why = match error {
        SdkError::Service(e) => e.service_error().to_string(),
        SdkError::Response(e) => format!(
            "HTTP {}: the answer is not a valid {action} response (not shown: it may hold credentials)",
            e.status
        ),
        other => other.to_string(),
    };
    CredentialsError::new(format!("STS {action} failed: {why}"))
}
