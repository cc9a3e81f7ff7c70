//! Sources that assume a RAM role through STS: `ram_role_arn` (AssumeRole,
//! signed with other credentials) and `oidc_role_arn` / RRSA
//! (AssumeRoleWithOIDC, with a token read from a file).
//!
//! This module reads every parameter of those calls from profiles and
//! variables, validates them, keeps the temporary credentials until they are
//! about to expire, and leaves only the call itself to a [`RoleAssumer`]: the
//! runtime has no STS client of its own. A chain without one skips such a
//! source, saying so.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::answer::Kept;
use super::env::{self, Env};
use super::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};

/// The session length asked for when none is configured (official default).
pub const DEFAULT_DURATION_SECONDS: u32 = 3_600;
/// The shortest session STS grants.
pub const MIN_DURATION_SECONDS: u32 = 900;

/// Calls STS for the role sources; implement it with an STS client.
///
/// The runtime cannot depend on a generated crate (they depend on it), so
/// the STS client lives above it: `acs_sts::StsRoleAssumer` implements this
/// trait with the client generated from the STS spec.
///
/// Implementations return temporary credentials with their expiration; the
/// providers keep them until 5 minutes before they expire. Error messages
/// must not contain secrets (the OIDC token included).
pub trait RoleAssumer: Send + Sync + fmt::Debug {
    /// STS `AssumeRole`, signed with `source`.
    fn assume_role<'a>(
        &'a self,
        source: &'a Credentials,
        params: &'a AssumeRoleParams,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>>;

    /// STS `AssumeRoleWithOIDC` (not signed), with the token read from
    /// [`OidcRoleParams::oidc_token_file`] just before the call.
    fn assume_role_with_oidc<'a>(
        &'a self,
        params: &'a OidcRoleParams,
        oidc_token: &'a str,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>>;
}

/// Reads STS's `Credentials.Expiration` (`2015-04-09T11:52:19Z`, UTC), for
/// [`RoleAssumer`] implementations.
pub fn parse_expiration(text: &str) -> Result<SystemTime, CredentialsError> {
    super::time::parse_utc_timestamp(text)
        .map_err(|why| CredentialsError::new(format!("STS answered an expiration: {why}")))
}

/// Where the STS call goes: `sts.aliyuncs.com`, or the regional endpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StsEndpoint {
    /// `sts.<region>.aliyuncs.com` when set (profile `sts_region`, else
    /// `ALIBABA_CLOUD_STS_REGION`).
    pub region: Option<String>,
    /// `sts-vpc.<region>.aliyuncs.com` (profile `enable_vpc`, else
    /// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`).
    pub vpc: Option<bool>,
}

impl StsEndpoint {
    /// The host name, as the official libraries derive it.
    pub fn host(&self) -> String {
        let prefix = if self.vpc == Some(true) {
            "sts-vpc"
        } else {
            "sts"
        };
        match &self.region {
            Some(region) => format!("{prefix}.{region}.aliyuncs.com"),
            None => "sts.aliyuncs.com".to_owned(),
        }
    }

    /// Fills what the profile left unset from the environment.
    pub(crate) fn or_env(mut self, env: &Env) -> Self {
        if self.region.is_none() {
            self.region = env.get(env::STS_REGION);
        }
        if self.vpc.is_none() {
            self.vpc = Some(env::is_true(env, env::VPC_ENDPOINT_ENABLED));
        }
        self
    }
}

/// The parameters of STS `AssumeRole`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssumeRoleParams {
    /// `RoleArn`, e.g. `acs:ram::123:role/admin`.
    pub role_arn: String,
    /// `RoleSessionName`; `None` until a provider picks
    /// `acs-runtime-<unix seconds>` (or `ALIBABA_CLOUD_ROLE_SESSION_NAME`).
    pub role_session_name: Option<String>,
    /// `DurationSeconds` (at least [`MIN_DURATION_SECONDS`]).
    pub duration_seconds: u32,
    /// `Policy`, a JSON policy that narrows the role's.
    pub policy: Option<String>,
    /// `ExternalId`.
    pub external_id: Option<String>,
    /// Where the call goes.
    pub endpoint: StsEndpoint,
}

impl AssumeRoleParams {
    /// Parameters with defaults: no session name yet, one hour, no policy.
    pub fn new(role_arn: impl Into<String>) -> Self {
        AssumeRoleParams {
            role_arn: role_arn.into(),
            role_session_name: None,
            duration_seconds: DEFAULT_DURATION_SECONDS,
            policy: None,
            external_id: None,
            endpoint: StsEndpoint::default(),
        }
    }
}

/// The parameters of STS `AssumeRoleWithOIDC`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OidcRoleParams {
    /// `RoleArn`.
    pub role_arn: String,
    /// `OIDCProviderArn`.
    pub oidc_provider_arn: String,
    /// The file holding `OIDCToken`, re-read on every refresh (Kubernetes
    /// rotates it).
    pub oidc_token_file: PathBuf,
    /// `RoleSessionName`, as for [`AssumeRoleParams::role_session_name`].
    pub role_session_name: Option<String>,
    /// `DurationSeconds` (at least [`MIN_DURATION_SECONDS`]).
    pub duration_seconds: u32,
    /// `Policy`.
    pub policy: Option<String>,
    /// Where the call goes.
    pub endpoint: StsEndpoint,
}

impl OidcRoleParams {
    /// Parameters with defaults: no session name yet, one hour, no policy.
    pub fn new(
        role_arn: impl Into<String>,
        oidc_provider_arn: impl Into<String>,
        oidc_token_file: impl Into<PathBuf>,
    ) -> Self {
        OidcRoleParams {
            role_arn: role_arn.into(),
            oidc_provider_arn: oidc_provider_arn.into(),
            oidc_token_file: oidc_token_file.into(),
            role_session_name: None,
            duration_seconds: DEFAULT_DURATION_SECONDS,
            policy: None,
            endpoint: StsEndpoint::default(),
        }
    }

    /// RRSA: `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and
    /// `ALIBABA_CLOUD_OIDC_TOKEN_FILE` (plus `ALIBABA_CLOUD_ROLE_SESSION_NAME`
    /// and the STS endpoint variables). `Ok(None)` when none of the three is
    /// set; an error when only some are.
    pub fn from_env(env: &Env) -> Result<Option<Self>, CredentialsError> {
        let vars = [env::ROLE_ARN, env::OIDC_PROVIDER_ARN, env::OIDC_TOKEN_FILE];
        let values = vars.map(|name| env.get(name));
        if values.iter().all(Option::is_none) {
            return Ok(None);
        }
        let missing: Vec<&str> = vars
            .iter()
            .zip(&values)
            .filter(|(_, v)| v.is_none())
            .map(|(name, _)| *name)
            .collect();
        let [Some(role_arn), Some(provider), Some(token_file)] = values else {
            return Err(CredentialsError::new(format!(
                "{} not set (RRSA needs all three of {})",
                missing.join(" and "),
                vars.join(", ")
            )));
        };
        let mut params = OidcRoleParams::new(role_arn, provider, token_file);
        params.role_session_name = env.get(env::ROLE_SESSION_NAME);
        params.endpoint = StsEndpoint::default().or_env(env);
        Ok(Some(params))
    }
}

/// Reads a duration in seconds from a profile: absent is the default, less
/// than [`MIN_DURATION_SECONDS`] is an error.
pub(crate) fn duration_seconds(value: Option<u64>, key: &str) -> Result<u32, String> {
    match value {
        None => Ok(DEFAULT_DURATION_SECONDS),
        Some(seconds) => u32::try_from(seconds)
            .ok()
            .filter(|s| *s >= MIN_DURATION_SECONDS)
            .ok_or_else(|| {
                format!(
                    "`{key}` is {seconds}; a session lasts at least {MIN_DURATION_SECONDS} seconds"
                )
            }),
    }
}

fn default_session_name() -> String {
    let seconds = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    format!("acs-runtime-{seconds}")
}

const REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// Credentials of a RAM role assumed with the credentials of another source.
#[derive(Debug)]
pub struct RamRoleArnProvider {
    source: Arc<dyn ProvideCredentials>,
    params: AssumeRoleParams,
    assumer: Arc<dyn RoleAssumer>,
    kept: Kept,
}

impl RamRoleArnProvider {
    /// Assumes `params.role_arn` with what `source` provides, through
    /// `assumer`. A missing session name becomes `acs-runtime-<unix seconds>`.
    pub fn new(
        source: Arc<dyn ProvideCredentials>,
        mut params: AssumeRoleParams,
        assumer: Arc<dyn RoleAssumer>,
    ) -> Self {
        params
            .role_session_name
            .get_or_insert_with(default_session_name);
        RamRoleArnProvider {
            source,
            params,
            assumer,
            kept: Kept::new(REFRESH_MARGIN),
        }
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        if let Some(kept) = self.kept.fresh(SystemTime::now()) {
            return Ok(kept);
        }
        let role = &self.params.role_arn;
        let source = self.source.provide_credentials().await.map_err(|e| {
            e.into_hard()
                .context(format_args!("the credentials to assume {role}"))
        })?;
        let assumed = self
            .assumer
            .assume_role(&source, &self.params)
            .await
            .map_err(|e| e.context(format_args!("assuming {role}")))?;
        Ok(self.kept.keep(assumed))
    }
}

impl ProvideCredentials for RamRoleArnProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}

/// Credentials of a RAM role assumed with an OIDC token (RRSA on ACK).
#[derive(Debug)]
pub struct OidcRoleArnProvider {
    params: OidcRoleParams,
    assumer: Arc<dyn RoleAssumer>,
    kept: Kept,
}

impl OidcRoleArnProvider {
    /// Assumes `params.role_arn` through `assumer`. A missing session name
    /// becomes `acs-runtime-<unix seconds>`.
    pub fn new(mut params: OidcRoleParams, assumer: Arc<dyn RoleAssumer>) -> Self {
        params
            .role_session_name
            .get_or_insert_with(default_session_name);
        OidcRoleArnProvider {
            params,
            assumer,
            kept: Kept::new(REFRESH_MARGIN),
        }
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        if let Some(kept) = self.kept.fresh(SystemTime::now()) {
            return Ok(kept);
        }
        let file = &self.params.oidc_token_file;
        // The error names the file, never its content.
        let token = std::fs::read_to_string(file).map_err(|e| {
            CredentialsError::new(format!("reading the OIDC token {}: {e}", file.display()))
        })?;
        let token = token.trim();
        if token.is_empty() {
            return Err(CredentialsError::new(format!(
                "the OIDC token file {} is empty",
                file.display()
            )));
        }
        let role = &self.params.role_arn;
        let assumed = self
            .assumer
            .assume_role_with_oidc(&self.params, token)
            .await
            .map_err(|e| e.context(format_args!("assuming {role} with an OIDC token")))?;
        Ok(self.kept.keep(assumed))
    }
}

impl ProvideCredentials for OidcRoleArnProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}

/// The error of a role source when no [`RoleAssumer`] is configured.
pub(crate) fn needs_sts(what: &str) -> CredentialsError {
    CredentialsError::new(format!(
        "{what} needs an STS client: use `acs_sts::default_chain()` (crate acs-sts), or \
         configure one with `DefaultChainBuilder::role_assumer` (or `with_role_assumer` on the \
         file providers)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sts_endpoints() {
        let host = |region: Option<&str>, vpc| {
            StsEndpoint {
                region: region.map(str::to_owned),
                vpc,
            }
            .host()
        };
        assert_eq!(host(None, None), "sts.aliyuncs.com");
        assert_eq!(host(None, Some(true)), "sts.aliyuncs.com");
        assert_eq!(
            host(Some("cn-shanghai"), Some(false)),
            "sts.cn-shanghai.aliyuncs.com"
        );
        assert_eq!(
            host(Some("cn-shanghai"), Some(true)),
            "sts-vpc.cn-shanghai.aliyuncs.com"
        );
        let env = Env::from_pairs([
            (env::STS_REGION, "cn-beijing"),
            (env::VPC_ENDPOINT_ENABLED, "true"),
        ]);
        assert_eq!(
            StsEndpoint::default().or_env(&env).host(),
            "sts-vpc.cn-beijing.aliyuncs.com"
        );
        // The profile's own settings win over the environment.
        let own = StsEndpoint {
            region: Some("cn-hangzhou".into()),
            vpc: Some(false),
        };
        assert_eq!(own.or_env(&env).host(), "sts.cn-hangzhou.aliyuncs.com");
    }

    #[test]
    fn rrsa_from_env() {
        assert_eq!(
            OidcRoleParams::from_env(&Env::from_pairs::<&str, &str>([])),
            Ok(None)
        );
        let env = Env::from_pairs([
            (env::ROLE_ARN, "acs:ram::1:role/r"),
            (env::OIDC_PROVIDER_ARN, "acs:ram::1:oidc-provider/p"),
            (env::OIDC_TOKEN_FILE, "/var/run/token"),
            (env::ROLE_SESSION_NAME, "pod-1"),
        ]);
        let params = OidcRoleParams::from_env(&env).unwrap().unwrap();
        let mut expected = OidcRoleParams::new(
            "acs:ram::1:role/r",
            "acs:ram::1:oidc-provider/p",
            "/var/run/token",
        );
        expected.role_session_name = Some("pod-1".into());
        expected.endpoint.vpc = Some(false);
        assert_eq!(params, expected);

        let half = Env::from_pairs([(env::ROLE_ARN, "acs:ram::1:role/r")]);
        assert_eq!(
            OidcRoleParams::from_env(&half).unwrap_err().to_string(),
            "ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE not set \
             (RRSA needs all three of ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, \
             ALIBABA_CLOUD_OIDC_TOKEN_FILE)"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(duration_seconds(None, "k"), Ok(3_600));
        assert_eq!(duration_seconds(Some(900), "k"), Ok(900));
        assert_eq!(
            duration_seconds(Some(899), "expired_seconds"),
            Err("`expired_seconds` is 899; a session lasts at least 900 seconds".to_owned())
        );
        assert!(duration_seconds(Some(u64::MAX), "k").is_err());
    }

    #[test]
    fn session_names_default_once() {
        #[derive(Debug)]
        struct Never;
        impl RoleAssumer for Never {
            fn assume_role<'a>(
                &'a self,
                _: &'a Credentials,
                _: &'a AssumeRoleParams,
            ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
                Box::pin(async { Err(CredentialsError::new("never")) })
            }
            fn assume_role_with_oidc<'a>(
                &'a self,
                _: &'a OidcRoleParams,
                _: &'a str,
            ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
                Box::pin(async { Err(CredentialsError::new("never")) })
            }
        }
        let provider = RamRoleArnProvider::new(
            Arc::new(Credentials::new("a", "b")),
            AssumeRoleParams::new("acs:ram::1:role/r"),
            Arc::new(Never),
        );
        let name = provider
            .params
            .role_session_name
            .clone()
            .unwrap_or_default();
        assert!(name.starts_with("acs-runtime-"), "{name}");
        let mut named = OidcRoleParams::new("r", "p", "f");
        named.role_session_name = Some("mine".into());
        let provider = OidcRoleArnProvider::new(named, Arc::new(Never));
        assert_eq!(provider.params.role_session_name.as_deref(), Some("mine"));
    }
}
