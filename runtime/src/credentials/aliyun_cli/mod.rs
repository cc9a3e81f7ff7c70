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

use super::ecs_ram_role::EcsRamRoleBuilder;
use super::env::{self, Env};
use super::profile::{ProfileCredentials, Resolved, Services};
use super::role::RoleAssumer;
use super::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};

mod parse;

use parse::parse_profile;

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
