//! The `aliyun` CLI's configuration, `~/.aliyun/config.json`:
//!
//! ```json
//! {
//!   "current": "default",
//!   "profiles": [
//!     {"name": "default", "mode": "AK", "access_key_id": "…", "access_key_secret": "…", "region_id": "cn-hangzhou"},
//!     {"name": "sts", "mode": "StsToken", "access_key_id": "…", "access_key_secret": "…", "sts_token": "…"},
//!     {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "my-role"}
//!   ]
//! }
//! ```
//!
//! Supported modes: `AK`, `StsToken`, `EcsRamRole` (served by the ECS RAM
//! role provider), and `RamRoleArn`, `ChainableRamRoleArn` (its
//! `source_profile` signs the call) and `OIDC`, which need a
//! [`RoleAssumer`]. `CloudSSO` (an interactive login),
//! `External` (runs a program) and any other mode are an error naming the
//! file, the profile and the mode. A profile's `region_id` is exposed by
//! [`CliProfile::region_id`] so that a client can default to it.
//!
//! `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` turns this source off.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::ecs_ram_role::EcsRamRoleBuilder;
use super::env::{self, Env};
use super::profile::{ProfileCredentials, Resolved, Services};
use super::role::{self, AssumeRoleParams, OidcRoleParams, RoleAssumer, StsEndpoint};
use super::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};

/// The modes this crate supports.
const SUPPORTED_MODES: &str = "AK, StsToken, EcsRamRole, RamRoleArn, ChainableRamRoleArn, OIDC";

/// `~/.aliyun/config.json` (`None` without a home directory).
pub fn default_path(env: &Env) -> Option<PathBuf> {
    Some(env.home_dir()?.join(".aliyun").join("config.json"))
}

/// One profile of the `aliyun` CLI's configuration.
///
/// `Debug` never shows secrets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CliProfile {
    name: String,
    region_id: Option<String>,
    credentials: ProfileCredentials,
}

impl CliProfile {
    /// The profile's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The profile's default region, e.g. `cn-hangzhou`.
    pub fn region_id(&self) -> Option<&str> {
        self.region_id.as_deref()
    }

    /// The credentials the profile describes.
    pub fn credentials(&self) -> &ProfileCredentials {
        &self.credentials
    }

    /// The credentials the profile describes, by value.
    pub fn into_credentials(self) -> ProfileCredentials {
        self.credentials
    }
}

// No `Debug`: these hold secrets.
#[derive(Deserialize)]
struct Config {
    #[serde(default)]
    current: Option<String>,
    #[serde(default)]
    profiles: Vec<RawProfile>,
}

#[derive(Deserialize)]
struct RawProfile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    access_key_id: Option<String>,
    #[serde(default)]
    access_key_secret: Option<String>,
    #[serde(default)]
    sts_token: Option<String>,
    #[serde(default)]
    ram_role_name: Option<String>,
    #[serde(default)]
    region_id: Option<String>,
    #[serde(default)]
    ram_role_arn: Option<String>,
    #[serde(default)]
    ram_session_name: Option<String>,
    #[serde(default)]
    role_session_name: Option<String>,
    #[serde(default)]
    expired_seconds: Option<u64>,
    #[serde(default)]
    policy: Option<String>,
    #[serde(default)]
    external_id: Option<String>,
    #[serde(default)]
    sts_region: Option<String>,
    #[serde(default)]
    enable_vpc: Option<bool>,
    #[serde(default)]
    source_profile: Option<String>,
    #[serde(default)]
    oidc_provider_arn: Option<String>,
    #[serde(default)]
    oidc_token_file: Option<String>,
}

/// Reads the profile `name` (or, with `None`, the config's `current` one)
/// of the CLI config at `path`.
///
/// A missing file or profile, or no name and no `current` (the official
/// libraries then pass over the file too), is a
/// [not configured](CredentialsError::is_not_configured)
/// error; an unreadable or malformed file, or an invalid profile, is a plain one.
pub fn load_profile(path: &Path, name: Option<&str>) -> Result<CliProfile, CredentialsError> {
    let text = read(path)?.ok_or_else(|| {
        CredentialsError::not_configured(format!("{} does not exist", path.display()))
    })?;
    parse_profile(&text, name).map_err(|e| e.context(path.display()))
}

fn read(path: &Path) -> Result<Option<String>, CredentialsError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CredentialsError::new(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

/// Parses a CLI config and picks a profile out of it. Errors do not name the
/// file; the caller adds it.
fn parse_profile(text: &str, name: Option<&str>) -> Result<CliProfile, CredentialsError> {
    // serde_json's messages can quote the offending value, which may be a
    // secret: keep only the category and the position.
    let config: Config = serde_json::from_str(text).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Io => "I/O error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected structure",
            serde_json::error::Category::Eof => "unexpected end of file",
        };
        CredentialsError::new(format!(
            "invalid JSON ({what}) at line {}, column {}",
            e.line(),
            e.column()
        ))
    })?;
    let name = name
        .map(str::to_owned)
        .or_else(|| config.current.clone().filter(|c| !c.is_empty()))
        .ok_or_else(|| {
            CredentialsError::not_configured(format!(
                "no profile chosen: no `current` in the file and {} is not set",
                env::PROFILE
            ))
        })?;
    let raw = find(&config, &name)?;
    Ok(CliProfile {
        region_id: non_empty(raw.region_id.clone()),
        credentials: credentials_of(&config, raw, &mut vec![name.clone()])?,
        name,
    })
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

fn find<'c>(config: &'c Config, name: &str) -> Result<&'c RawProfile, CredentialsError> {
    config
        .profiles
        .iter()
        .find(|p| p.name.as_deref() == Some(name))
        .ok_or_else(|| CredentialsError::not_configured(format!("profile {name:?} not found")))
}

/// The credentials of `raw`, the last profile of `path` (the chain of
/// `source_profile`s that led to it, to refuse cycles).
fn credentials_of(
    config: &Config,
    raw: &RawProfile,
    path: &mut Vec<String>,
) -> Result<ProfileCredentials, CredentialsError> {
    let name = path.last().cloned().unwrap_or_default();
    let in_profile =
        |message: String| CredentialsError::new(format!("profile {name:?}: {message}"));
    let mode = non_empty(raw.mode.clone())
        .ok_or_else(|| in_profile(format!("no `mode` (supported: {SUPPORTED_MODES})")))?;
    let required = |value: &Option<String>, key: &str| {
        non_empty(value.clone()).ok_or_else(|| in_profile(format!("mode {mode} needs `{key}`")))
    };
    let keys = || -> Result<Credentials, CredentialsError> {
        Ok(Credentials::new(
            required(&raw.access_key_id, "access_key_id")?,
            required(&raw.access_key_secret, "access_key_secret")?,
        ))
    };
    let endpoint = StsEndpoint {
        region: non_empty(raw.sts_region.clone()),
        vpc: raw.enable_vpc,
    };
    let duration =
        || role::duration_seconds(raw.expired_seconds, "expired_seconds").map_err(in_profile);
    let role_params = || -> Result<AssumeRoleParams, CredentialsError> {
        let mut params = AssumeRoleParams::new(required(&raw.ram_role_arn, "ram_role_arn")?);
        params.role_session_name = non_empty(raw.ram_session_name.clone());
        params.duration_seconds = duration()?;
        params.policy = non_empty(raw.policy.clone());
        params.external_id = non_empty(raw.external_id.clone());
        params.endpoint = endpoint.clone();
        Ok(params)
    };
    Ok(match mode.as_str() {
        "AK" => ProfileCredentials::Static(keys()?),
        "StsToken" => ProfileCredentials::Static(
            keys()?.with_security_token(required(&raw.sts_token, "sts_token")?),
        ),
        "EcsRamRole" => ProfileCredentials::EcsRamRole {
            role_name: non_empty(raw.ram_role_name.clone()),
        },
        "RamRoleArn" => ProfileCredentials::RamRoleArn {
            source: Box::new(ProfileCredentials::Static(keys()?)),
            params: role_params()?,
        },
        "ChainableRamRoleArn" => {
            let source_name = required(&raw.source_profile, "source_profile")?;
            if path.contains(&source_name) {
                return Err(in_profile(format!(
                    "source_profile {source_name:?} leads back to itself ({} -> {source_name})",
                    path.join(" -> ")
                )));
            }
            let params = role_params()?;
            let source_raw = find(config, &source_name)
                .map_err(|_| in_profile(format!("source_profile {source_name:?} not found")))?;
            path.push(source_name);
            let source = credentials_of(config, source_raw, path)?;
            path.pop();
            ProfileCredentials::RamRoleArn {
                source: Box::new(source),
                params,
            }
        }
        "OIDC" => {
            let mut params = OidcRoleParams::new(
                required(&raw.ram_role_arn, "ram_role_arn")?,
                required(&raw.oidc_provider_arn, "oidc_provider_arn")?,
                required(&raw.oidc_token_file, "oidc_token_file")?,
            );
            params.role_session_name = non_empty(raw.role_session_name.clone());
            params.duration_seconds = duration()?;
            params.policy = non_empty(raw.policy.clone());
            params.endpoint = endpoint;
            ProfileCredentials::OidcRoleArn(params)
        }
        "CloudSSO" | "External" | "CredentialsURI" => {
            return Err(in_profile(format!(
                "mode {mode:?} is not supported ({}; supported: {SUPPORTED_MODES})",
                match mode.as_str() {
                    "CloudSSO" => "it needs an interactive `aliyun configure` login",
                    "External" => "it runs an external program",
                    _ => "use ALIBABA_CLOUD_CREDENTIALS_URI instead",
                }
            )));
        }
        other => {
            return Err(in_profile(format!(
                "unsupported mode {other:?} (supported: {SUPPORTED_MODES})"
            )));
        }
    })
}

/// Credentials from a profile of the `aliyun` CLI's configuration.
///
/// The file is `~/.aliyun/config.json` unless [`with_path`](Self::with_path)
/// sets one; the profile is the one given to [`with_profile`](Self::with_profile),
/// else `$ALIBABA_CLOUD_PROFILE`, else the config's `current` one.
/// `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` makes it *not configured*.
///
/// The default file missing, or the profile missing from it, is *not
/// configured*; a file set by `with_path` that does not exist is an error.
/// The file is read on first success only.
#[derive(Debug, Default)]
pub struct AliyunCliProvider {
    path: Option<PathBuf>,
    profile: Option<String>,
    services: Services,
    resolved: Resolved,
}

impl AliyunCliProvider {
    /// Reads the default config and the profile named by the process environment.
    pub fn new() -> Self {
        AliyunCliProvider::default()
    }

    /// Reads variables (and the home directory) from `env` instead of the
    /// process environment.
    pub fn with_env(mut self, env: Env) -> Self {
        self.services.env = env;
        self
    }

    /// Reads this file.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Reads this profile.
    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    /// Serves `EcsRamRole` profiles with providers built from `builder`
    /// (without one, such a profile is an error).
    pub fn with_ecs_ram_role(mut self, builder: EcsRamRoleBuilder) -> Self {
        self.services.ecs = Some(builder);
        self
    }

    /// Serves `RamRoleArn`, `ChainableRamRoleArn` and `OIDC` profiles
    /// through `assumer` (without one, such a profile is an error saying so).
    pub fn with_role_assumer(mut self, assumer: Arc<dyn RoleAssumer>) -> Self {
        self.services.assumer = Some(assumer);
        self
    }

    /// The file this provider reads.
    pub fn path(&self) -> Result<PathBuf, CredentialsError> {
        self.path
            .clone()
            .or_else(|| default_path(&self.services.env))
            .ok_or_else(|| {
                CredentialsError::not_configured("no home directory, so no ~/.aliyun/config.json")
            })
    }

    /// The profile name this provider asks for (`None`: the config's current one).
    fn profile_name(&self) -> Option<String> {
        self.profile
            .clone()
            .or_else(|| self.services.env.get(env::PROFILE))
    }

    /// Reads the profile now, bypassing what was kept; its
    /// [`region_id`](CliProfile::region_id) is the CLI's default region.
    pub fn load(&self) -> Result<CliProfile, CredentialsError> {
        if env::is_true(&self.services.env, env::CLI_PROFILE_DISABLED) {
            return Err(CredentialsError::not_configured(format!(
                "{} is true",
                env::CLI_PROFILE_DISABLED
            )));
        }
        let path = self.path()?;
        match read(&path)? {
            Some(text) => parse_profile(&text, self.profile_name().as_deref())
                .map_err(|e| e.context(path.display())),
            None if self.path.is_some() => Err(CredentialsError::new(format!(
                "{} does not exist",
                path.display()
            ))),
            None => Err(CredentialsError::not_configured(format!(
                "{} does not exist",
                path.display()
            ))),
        }
    }
}

impl ProvideCredentials for AliyunCliProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.resolved.provide(|| {
            let profile = self.load()?;
            let name = profile.name().to_owned();
            let origin = || {
                let path = self.path().map(|p| p.display().to_string());
                format!("{}: profile {name:?}", path.unwrap_or_default())
            };
            profile
                .into_credentials()
                .into_provider(&self.services, &origin)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"{
        "current": "sts",
        "profiles": [
            {"name": "default", "mode": "AK", "access_key_id": "id", "access_key_secret": "secret",
             "sts_token": "", "ram_role_name": "", "region_id": "cn-hangzhou", "output_format": "json"},
            {"name": "sts", "mode": "StsToken", "access_key_id": "sid", "access_key_secret": "ssecret",
             "sts_token": "tok", "region_id": ""},
            {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "role", "region_id": "cn-beijing"},
            {"name": "arn", "mode": "RamRoleArn", "ram_role_arn": "acs:ram::1:role/x"},
            {"name": "half", "mode": "AK", "access_key_id": "id"}
        ]
    }"#;

    #[test]
    fn parses_each_supported_mode() {
        let default = parse_profile(CONFIG, Some("default")).unwrap();
        assert_eq!(default.name(), "default");
        assert_eq!(default.region_id(), Some("cn-hangzhou"));
        assert_eq!(
            default.credentials(),
            &ProfileCredentials::Static(Credentials::new("id", "secret"))
        );
        let current = parse_profile(CONFIG, None).unwrap();
        assert_eq!(current.name(), "sts");
        assert_eq!(current.region_id(), None);
        assert_eq!(
            current.into_credentials(),
            ProfileCredentials::Static(
                Credentials::new("sid", "ssecret").with_security_token("tok")
            )
        );
        let ecs = parse_profile(CONFIG, Some("ecs")).unwrap();
        assert_eq!(
            ecs.credentials(),
            &ProfileCredentials::EcsRamRole {
                role_name: Some("role".into())
            }
        );
    }

    #[test]
    fn without_current_no_profile_is_read() {
        // As in the official libraries: not even one called `default`.
        let text = r#"{"profiles": [{"name": "default", "mode": "AK", "access_key_id": "a", "access_key_secret": "b"}]}"#;
        let error = parse_profile(text, None).unwrap_err();
        assert!(error.is_not_configured());
        assert_eq!(
            error.to_string(),
            "no profile chosen: no `current` in the file and ALIBABA_CLOUD_PROFILE is not set"
        );
        assert_eq!(
            parse_profile(text, Some("default")).unwrap().name(),
            "default"
        );
    }

    #[test]
    fn profile_errors() {
        let missing = parse_profile(CONFIG, Some("nope")).unwrap_err();
        assert!(missing.is_not_configured());
        assert_eq!(missing.to_string(), "profile \"nope\" not found");
        assert_eq!(
            parse_profile(CONFIG, Some("arn")).unwrap_err().to_string(),
            "profile \"arn\": mode RamRoleArn needs `access_key_id`"
        );
        assert_eq!(
            parse_profile(CONFIG, Some("half")).unwrap_err().to_string(),
            "profile \"half\": mode AK needs `access_key_secret`"
        );
    }

    const ROLES: &str = r#"{
        "profiles": [
            {"name": "ak", "mode": "AK", "access_key_id": "id", "access_key_secret": "s"},
            {"name": "arn", "mode": "RamRoleArn", "access_key_id": "id", "access_key_secret": "s",
             "ram_role_arn": "acs:ram::1:role/a", "ram_session_name": "me", "expired_seconds": 1800,
             "policy": "{}", "external_id": "ext", "sts_region": "cn-shanghai", "enable_vpc": true},
            {"name": "chain", "mode": "ChainableRamRoleArn", "source_profile": "arn",
             "ram_role_arn": "acs:ram::2:role/b"},
            {"name": "loop-a", "mode": "ChainableRamRoleArn", "source_profile": "loop-b", "ram_role_arn": "r"},
            {"name": "loop-b", "mode": "ChainableRamRoleArn", "source_profile": "loop-a", "ram_role_arn": "r"},
            {"name": "orphan", "mode": "ChainableRamRoleArn", "source_profile": "gone", "ram_role_arn": "r"},
            {"name": "oidc", "mode": "OIDC", "ram_role_arn": "r", "oidc_provider_arn": "p",
             "oidc_token_file": "/t", "role_session_name": "pod", "expired_seconds": 900},
            {"name": "short", "mode": "RamRoleArn", "access_key_id": "id", "access_key_secret": "s",
             "ram_role_arn": "r", "expired_seconds": 60},
            {"name": "sso", "mode": "CloudSSO", "cloud_sso_sign_in_url": "https://x"}
        ]
    }"#;

    #[test]
    fn parses_role_modes() {
        let arn = parse_profile(ROLES, Some("arn"))
            .unwrap()
            .into_credentials();
        let mut params = AssumeRoleParams::new("acs:ram::1:role/a");
        params.role_session_name = Some("me".into());
        params.duration_seconds = 1800;
        params.policy = Some("{}".into());
        params.external_id = Some("ext".into());
        params.endpoint = StsEndpoint {
            region: Some("cn-shanghai".into()),
            vpc: Some(true),
        };
        let expected_arn = ProfileCredentials::RamRoleArn {
            source: Box::new(ProfileCredentials::Static(Credentials::new("id", "s"))),
            params,
        };
        assert_eq!(arn, expected_arn);
        // A chained role is signed by what its source profile gives.
        assert_eq!(
            parse_profile(ROLES, Some("chain"))
                .unwrap()
                .into_credentials(),
            ProfileCredentials::RamRoleArn {
                source: Box::new(expected_arn),
                params: AssumeRoleParams::new("acs:ram::2:role/b"),
            }
        );
        let mut oidc = OidcRoleParams::new("r", "p", "/t");
        oidc.role_session_name = Some("pod".into());
        oidc.duration_seconds = 900;
        assert_eq!(
            parse_profile(ROLES, Some("oidc"))
                .unwrap()
                .into_credentials(),
            ProfileCredentials::OidcRoleArn(oidc)
        );
    }

    #[test]
    fn role_mode_errors() {
        let error = |name| parse_profile(ROLES, Some(name)).unwrap_err().to_string();
        assert_eq!(
            error("loop-a"),
            "profile \"loop-b\": source_profile \"loop-a\" leads back to itself (loop-a -> loop-b -> loop-a)"
        );
        assert_eq!(
            error("orphan"),
            "profile \"orphan\": source_profile \"gone\" not found"
        );
        assert_eq!(
            error("short"),
            "profile \"short\": `expired_seconds` is 60; a session lasts at least 900 seconds"
        );
        assert_eq!(
            error("sso"),
            "profile \"sso\": mode \"CloudSSO\" is not supported (it needs an interactive \
             `aliyun configure` login; supported: AK, StsToken, EcsRamRole, RamRoleArn, \
             ChainableRamRoleArn, OIDC)"
        );
    }

    #[test]
    fn json_errors_do_not_quote_values() {
        let text = r#"{"profiles": [{"name": "default", "access_key_secret": 12345678}]}"#;
        let error = parse_profile(text, None).unwrap_err().to_string();
        assert_eq!(
            error,
            "invalid JSON (unexpected structure) at line 1, column 63"
        );
        assert!(!error.contains("12345678"));
        let error = parse_profile("{\"current\": \"S3CR3T", None)
            .unwrap_err()
            .to_string();
        assert!(!error.contains("S3CR3T"), "{error}");
    }
}
