//! The shared credentials file that the official SDKs read,
//! `~/.alibabacloud/credentials`:
//!
//! ```ini
//! [default]
//! type = access_key
//! access_key_id = LTAI...
//! access_key_secret = ...
//!
//! [sts]
//! type = sts
//! access_key_id = STS...
//! access_key_secret = ...
//! security_token = ...
//!
//! [on-ecs]
//! type = ecs_ram_role
//! role_name = my-role
//! ```
//!
//! Supported types: `access_key`, `sts` and `ecs_ram_role` (`role_name` is
//! optional: the metadata service names the instance's role). Any other type
//! is an error naming the file, the profile and the type.

use std::io;
use std::path::{Path, PathBuf};

use super::ecs_ram_role::EcsRamRoleBuilder;
use super::env::{self, Env};
use super::ini::{Ini, Section};
use super::profile::{ProfileCredentials, Resolved};
use super::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};

/// The profile read when none is chosen.
pub const DEFAULT_PROFILE: &str = "default";

/// The types of profile this crate supports.
const SUPPORTED_TYPES: &str = "access_key, sts, ecs_ram_role";

/// `$ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials`
/// (`None` when there is no home directory either).
pub fn default_path(env: &Env) -> Option<PathBuf> {
    env.get(env::CREDENTIALS_FILE)
        .map(PathBuf::from)
        .or_else(|| Some(env.home_dir()?.join(".alibabacloud").join("credentials")))
}

/// Reads the profile `profile` of the credentials file at `path`.
///
/// A missing file or profile is a [not configured](CredentialsError::is_not_configured)
/// error; an unreadable or malformed file, or an invalid profile, is a plain one.
pub fn load_profile(path: &Path, profile: &str) -> Result<ProfileCredentials, CredentialsError> {
    let text = read(path)?.ok_or_else(|| {
        CredentialsError::not_configured(format!("{} does not exist", path.display()))
    })?;
    parse_profile(&text, profile).map_err(|e| e.context(path.display()))
}

/// The file's text, or `None` if it does not exist.
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

/// Parses the text of a credentials file and picks `profile` out of it.
/// Errors do not name the file; the caller adds it.
fn parse_profile(text: &str, profile: &str) -> Result<ProfileCredentials, CredentialsError> {
    let ini = Ini::parse(text).map_err(|e| CredentialsError::new(e.to_string()))?;
    let section = ini.section(profile).ok_or_else(|| {
        CredentialsError::not_configured(format!("profile {profile:?} not found"))
    })?;
    let in_profile =
        |message: String| CredentialsError::new(format!("profile {profile:?}: {message}"));
    let required = |section: &Section<'_>, kind: &str, key: &str| {
        section
            .get(key)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| in_profile(format!("type {kind} needs `{key}`")))
    };
    let kind = section
        .get("type")
        .filter(|v| !v.is_empty())
        .ok_or_else(|| in_profile(format!("no `type` (supported: {SUPPORTED_TYPES})")))?;
    match kind {
        "access_key" => Ok(ProfileCredentials::Static(Credentials::new(
            required(section, kind, "access_key_id")?,
            required(section, kind, "access_key_secret")?,
        ))),
        "sts" => Ok(ProfileCredentials::Static(
            Credentials::new(
                required(section, kind, "access_key_id")?,
                required(section, kind, "access_key_secret")?,
            )
            .with_security_token(required(section, kind, "security_token")?),
        )),
        "ecs_ram_role" => Ok(ProfileCredentials::EcsRamRole {
            role_name: section
                .get("role_name")
                .filter(|v| !v.is_empty())
                .map(str::to_owned),
        }),
        other => Err(in_profile(format!(
            "unsupported type {other:?} (supported: {SUPPORTED_TYPES})"
        ))),
    }
}

/// Credentials from a profile of the shared credentials file.
///
/// The file is `$ALIBABA_CLOUD_CREDENTIALS_FILE`, else
/// `~/.alibabacloud/credentials`, unless [`with_path`](Self::with_path) sets
/// one; the profile is the one given to [`with_profile`](Self::with_profile),
/// else `$ALIBABA_CLOUD_PROFILE`, else `default`.
///
/// The default file missing, or the profile missing from the file, is *not
/// configured*; a file chosen explicitly (by `with_path` or the variable)
/// that does not exist is an error. The file is read on first success only.
#[derive(Debug, Default)]
pub struct CredentialsFileProvider {
    env: Env,
    path: Option<PathBuf>,
    profile: Option<String>,
    ecs: Option<EcsRamRoleBuilder>,
    resolved: Resolved,
}

impl CredentialsFileProvider {
    /// Reads the file and profile named by the process environment.
    pub fn new() -> Self {
        CredentialsFileProvider::default()
    }

    /// Reads variables from `env` instead of the process environment.
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

    /// Serves `ecs_ram_role` profiles with providers built from `builder`
    /// (without one, such a profile is an error).
    pub fn with_ecs_ram_role(mut self, builder: EcsRamRoleBuilder) -> Self {
        self.ecs = Some(builder);
        self
    }

    /// The profile this provider reads.
    pub fn profile_name(&self) -> String {
        self.profile
            .clone()
            .or_else(|| self.env.get(env::PROFILE))
            .unwrap_or_else(|| DEFAULT_PROFILE.to_owned())
    }

    /// The file this provider reads.
    pub fn path(&self) -> Result<PathBuf, CredentialsError> {
        self.path
            .clone()
            .or_else(|| default_path(&self.env))
            .ok_or_else(|| {
                CredentialsError::not_configured(
                    "no home directory, so no ~/.alibabacloud/credentials",
                )
            })
    }

    /// Reads the profile now, bypassing what was kept.
    pub fn load(&self) -> Result<ProfileCredentials, CredentialsError> {
        let path = self.path()?;
        let explicit = self.path.is_some() || self.env.get(env::CREDENTIALS_FILE).is_some();
        match read(&path)? {
            Some(text) => {
                parse_profile(&text, &self.profile_name()).map_err(|e| e.context(path.display()))
            }
            None if explicit => Err(CredentialsError::new(format!(
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

impl ProvideCredentials for CredentialsFileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.resolved.provide(|| {
            let profile = self.load()?;
            profile.into_provider(self.ecs.as_ref(), &|| {
                let path = self.path().map(|p| p.display().to_string());
                format!(
                    "{}: profile {:?}",
                    path.unwrap_or_default(),
                    self.profile_name()
                )
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_supported_type() {
        let text = "[default]\ntype = access_key\naccess_key_id = id\naccess_key_secret = secret\n\
                    [sts]\ntype = sts\naccess_key_id = sid\naccess_key_secret = ssecret\nsecurity_token = tok\n\
                    [ecs]\ntype = ecs_ram_role\nrole_name = r\n\
                    [ecs-any]\ntype = ecs_ram_role\n";
        assert_eq!(
            parse_profile(text, "default").unwrap(),
            ProfileCredentials::Static(Credentials::new("id", "secret"))
        );
        assert_eq!(
            parse_profile(text, "sts").unwrap(),
            ProfileCredentials::Static(
                Credentials::new("sid", "ssecret").with_security_token("tok")
            )
        );
        assert_eq!(
            parse_profile(text, "ecs").unwrap(),
            ProfileCredentials::EcsRamRole {
                role_name: Some("r".into())
            }
        );
        assert_eq!(
            parse_profile(text, "ecs-any").unwrap(),
            ProfileCredentials::EcsRamRole { role_name: None }
        );
    }

    #[test]
    fn profile_errors() {
        let text = "[a]\ntype = ram_role_arn\n[b]\naccess_key_id = x\n[c]\ntype = sts\naccess_key_id = x\naccess_key_secret = y\n";
        let missing = parse_profile(text, "zzz").unwrap_err();
        assert!(missing.is_not_configured());
        assert_eq!(missing.to_string(), "profile \"zzz\" not found");
        let unsupported = parse_profile(text, "a").unwrap_err();
        assert!(!unsupported.is_not_configured());
        assert_eq!(
            unsupported.to_string(),
            "profile \"a\": unsupported type \"ram_role_arn\" (supported: access_key, sts, ecs_ram_role)"
        );
        assert_eq!(
            parse_profile(text, "b").unwrap_err().to_string(),
            "profile \"b\": no `type` (supported: access_key, sts, ecs_ram_role)"
        );
        assert_eq!(
            parse_profile(text, "c").unwrap_err().to_string(),
            "profile \"c\": type sts needs `security_token`"
        );
    }

    #[test]
    fn default_path_prefers_the_variable() {
        let env = Env::from_pairs([(env::CREDENTIALS_FILE, "/x/creds"), ("HOME", "/h")]);
        assert_eq!(default_path(&env), Some(PathBuf::from("/x/creds")));
        let env = Env::from_pairs([("HOME", "/h")]);
        assert_eq!(
            default_path(&env),
            Some(PathBuf::from("/h/.alibabacloud/credentials"))
        );
        assert_eq!(default_path(&Env::from_pairs::<&str, &str>([])), None);
    }
}
