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
//! Supported modes: `AK`, `StsToken` and `EcsRamRole` (served by the ECS RAM
//! role provider). Any other mode is an error naming the file, the profile
//! and the mode. A profile's `region_id` is exposed by [`CliProfile::region_id`]
//! so that a client can default to it.

use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::ecs_ram_role::EcsRamRoleBuilder;
use super::env::{self, Env};
use super::profile::{ProfileCredentials, Resolved};
use super::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};

/// The modes this crate supports.
const SUPPORTED_MODES: &str = "AK, StsToken, EcsRamRole";

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
}

/// Reads the profile `name` (or, with `None`, the config's `current` one,
/// else `default`) of the CLI config at `path`.
///
/// A missing file or profile is a [not configured](CredentialsError::is_not_configured)
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
        .or_else(|| config.current.filter(|c| !c.is_empty()))
        .unwrap_or_else(|| super::file::DEFAULT_PROFILE.to_owned());
    let raw = config
        .profiles
        .into_iter()
        .find(|p| p.name.as_deref() == Some(name.as_str()))
        .ok_or_else(|| CredentialsError::not_configured(format!("profile {name:?} not found")))?;
    let in_profile =
        |message: String| CredentialsError::new(format!("profile {name:?}: {message}"));
    let non_empty = |value: Option<String>| value.filter(|v| !v.is_empty());
    let mode = non_empty(raw.mode)
        .ok_or_else(|| in_profile(format!("no `mode` (supported: {SUPPORTED_MODES})")))?;
    let required = |value: Option<String>, key: &str| {
        non_empty(value).ok_or_else(|| in_profile(format!("mode {mode} needs `{key}`")))
    };
    let credentials = match mode.as_str() {
        "AK" => ProfileCredentials::Static(Credentials::new(
            required(raw.access_key_id, "access_key_id")?,
            required(raw.access_key_secret, "access_key_secret")?,
        )),
        "StsToken" => ProfileCredentials::Static(
            Credentials::new(
                required(raw.access_key_id, "access_key_id")?,
                required(raw.access_key_secret, "access_key_secret")?,
            )
            .with_security_token(required(raw.sts_token, "sts_token")?),
        ),
        "EcsRamRole" => ProfileCredentials::EcsRamRole {
            role_name: non_empty(raw.ram_role_name),
        },
        other => {
            return Err(in_profile(format!(
                "unsupported mode {other:?} (supported: {SUPPORTED_MODES})"
            )));
        }
    };
    Ok(CliProfile {
        region_id: non_empty(raw.region_id),
        name,
        credentials,
    })
}

/// Credentials from a profile of the `aliyun` CLI's configuration.
///
/// The file is `~/.aliyun/config.json` unless [`with_path`](Self::with_path)
/// sets one; the profile is the one given to [`with_profile`](Self::with_profile),
/// else `$ALIBABA_CLOUD_PROFILE`, else the config's `current` one.
///
/// The default file missing, or the profile missing from it, is *not
/// configured*; a file set by `with_path` that does not exist is an error.
/// The file is read on first success only.
#[derive(Debug, Default)]
pub struct AliyunCliProvider {
    env: Env,
    path: Option<PathBuf>,
    profile: Option<String>,
    ecs: Option<EcsRamRoleBuilder>,
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
        self.env = env;
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
        self.ecs = Some(builder);
        self
    }

    /// The file this provider reads.
    pub fn path(&self) -> Result<PathBuf, CredentialsError> {
        self.path
            .clone()
            .or_else(|| default_path(&self.env))
            .ok_or_else(|| {
                CredentialsError::not_configured("no home directory, so no ~/.aliyun/config.json")
            })
    }

    /// The profile name this provider asks for (`None`: the config's current one).
    fn profile_name(&self) -> Option<String> {
        self.profile.clone().or_else(|| self.env.get(env::PROFILE))
    }

    /// Reads the profile now, bypassing what was kept; its
    /// [`region_id`](CliProfile::region_id) is the CLI's default region.
    pub fn load(&self) -> Result<CliProfile, CredentialsError> {
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
                .into_provider(self.ecs.as_ref(), &origin)
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
    fn without_current_the_default_profile_is_read() {
        let text = r#"{"profiles": [{"name": "default", "mode": "AK", "access_key_id": "a", "access_key_secret": "b"}]}"#;
        assert_eq!(parse_profile(text, None).unwrap().name(), "default");
    }

    #[test]
    fn profile_errors() {
        let missing = parse_profile(CONFIG, Some("nope")).unwrap_err();
        assert!(missing.is_not_configured());
        assert_eq!(missing.to_string(), "profile \"nope\" not found");
        assert_eq!(
            parse_profile(CONFIG, Some("arn")).unwrap_err().to_string(),
            "profile \"arn\": unsupported mode \"RamRoleArn\" (supported: AK, StsToken, EcsRamRole)"
        );
        assert_eq!(
            parse_profile(CONFIG, Some("half")).unwrap_err().to_string(),
            "profile \"half\": mode AK needs `access_key_secret`"
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
