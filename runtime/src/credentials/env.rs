//! Environment variables: the [`Env`] every source reads them through, and
//! the [`EnvironmentProvider`].

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use super::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};

/// The AccessKey ID.
pub const ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// The AccessKey secret.
pub const ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// The STS security token, with temporary keys.
pub const SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
/// The path of the shared credentials file, instead of
/// `~/.alibabacloud/credentials` or `~/.alibabacloud/credentials.ini`.
pub const CREDENTIALS_FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
/// The profile the file sources read, instead of the default one.
pub const PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
/// The ECS RAM role name; without it the metadata service is asked for it.
pub const ECS_METADATA: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// `true` takes the ECS metadata service out of the default chain.
pub const ECS_METADATA_DISABLED: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
/// `true` forbids asking the metadata service without an IMDSv2 token.
pub const IMDSV1_DISABLED: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";
/// `true` takes the `aliyun` CLI's `~/.aliyun/config.json` out of the chain.
pub const CLI_PROFILE_DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";
/// A local URI that serves temporary credentials as JSON.
pub const CREDENTIALS_URI: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";
/// RRSA: the RAM role to assume with the OIDC token.
pub const ROLE_ARN: &str = "ALIBABA_CLOUD_ROLE_ARN";
/// RRSA: the OIDC identity provider's ARN.
pub const OIDC_PROVIDER_ARN: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
/// RRSA: the file holding the OIDC token (re-read on every refresh).
pub const OIDC_TOKEN_FILE: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
/// The session name of an assumed role.
pub const ROLE_SESSION_NAME: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";
/// The region of the STS endpoint (`sts.<region>.aliyuncs.com`).
pub const STS_REGION: &str = "ALIBABA_CLOUD_STS_REGION";
/// `true` uses the STS VPC endpoint (`sts-vpc.<region>.aliyuncs.com`).
pub const VPC_ENDPOINT_ENABLED: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";

/// Whether a flag variable is on: `true` in any case, or `1`.
pub(crate) fn is_true(env: &Env, name: &str) -> bool {
    env.get(name)
        .is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// Where the credential sources read environment variables.
///
/// [`Env::process`] reads the process environment; [`Env::from_pairs`] is a
/// fixed map, for tests and for programs that configure credentials
/// themselves (editing the process environment is `unsafe` in edition 2024).
///
/// An empty value counts as unset. `Debug` shows variable names only, never
/// values.
#[derive(Clone)]
pub struct Env {
    map: Option<Arc<BTreeMap<String, String>>>,
}

impl Env {
    /// The process environment.
    pub fn process() -> Self {
        Env { map: None }
    }

    /// A fixed set of variables; everything else is unset. The home
    /// directory is `HOME` (or `USERPROFILE`) from this set.
    pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        let map = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Env {
            map: Some(Arc::new(map)),
        }
    }

    /// The value of `name`, unless it is unset, empty or not Unicode.
    pub fn get(&self, name: &str) -> Option<String> {
        match &self.map {
            None => std::env::var(name).ok(),
            Some(map) => map.get(name).cloned(),
        }
        .filter(|value| !value.is_empty())
    }

    /// The user's home directory.
    pub fn home_dir(&self) -> Option<PathBuf> {
        match &self.map {
            None => std::env::home_dir(),
            Some(_) => self
                .get("HOME")
                .or_else(|| self.get("USERPROFILE"))
                .map(PathBuf::from),
        }
        .filter(|path| !path.as_os_str().is_empty())
    }
}

impl Default for Env {
    fn default() -> Self {
        Env::process()
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.map {
            None => f.write_str("Env::process"),
            Some(map) => f
                .debug_tuple("Env::from_pairs")
                .field(&map.keys().collect::<Vec<_>>())
                .finish(),
        }
    }
}

/// Keys from `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`
/// and, optionally, `ALIBABA_CLOUD_SECURITY_TOKEN`.
///
/// Neither key set: not configured. Only one of them set: an error.
/// Variables are read on every call (which is cheap).
#[derive(Clone, Debug, Default)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        EnvironmentProvider::default()
    }

    /// Reads `env`.
    pub fn with_env(env: Env) -> Self {
        EnvironmentProvider { env }
    }

    /// The credentials the environment holds now.
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let id = self.env.get(ACCESS_KEY_ID);
        let secret = self.env.get(ACCESS_KEY_SECRET);
        let credentials = match (id, secret) {
            (Some(id), Some(secret)) => Credentials::new(id, secret),
            (None, None) => {
                return Err(CredentialsError::not_configured(format!(
                    "{ACCESS_KEY_ID} is not set"
                )));
            }
            (Some(_), None) => {
                return Err(CredentialsError::new(format!(
                    "{ACCESS_KEY_ID} is set but {ACCESS_KEY_SECRET} is not"
                )));
            }
            (None, Some(_)) => {
                return Err(CredentialsError::new(format!(
                    "{ACCESS_KEY_SECRET} is set but {ACCESS_KEY_ID} is not"
                )));
            }
        };
        Ok(match self.env.get(SECURITY_TOKEN) {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        })
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.credentials();
        Box::pin(async move { result })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_are_unset() {
        let env = Env::from_pairs([("A", ""), ("B", "b")]);
        assert_eq!(env.get("A"), None);
        assert_eq!(env.get("B").as_deref(), Some("b"));
        assert_eq!(env.get("C"), None);
    }

    #[test]
    fn home_dir_from_map() {
        assert_eq!(
            Env::from_pairs([("HOME", "/h")]).home_dir(),
            Some(PathBuf::from("/h"))
        );
        assert_eq!(
            Env::from_pairs([("USERPROFILE", "C:\\u")]).home_dir(),
            Some(PathBuf::from("C:\\u"))
        );
        assert_eq!(Env::from_pairs([("HOME", "")]).home_dir(), None);
    }

    #[test]
    fn debug_shows_names_only() {
        let env = Env::from_pairs([(ACCESS_KEY_SECRET, "S3CR3T")]);
        let debug = format!("{env:?}");
        assert!(debug.contains(ACCESS_KEY_SECRET), "{debug}");
        assert!(!debug.contains("S3CR3T"), "{debug}");
    }
}
