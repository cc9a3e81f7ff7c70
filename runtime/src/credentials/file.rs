//! The shared credentials file that the official SDKs read:
//! `$ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials` (the
//! Go library's name), else `~/.alibabacloud/credentials.ini` (the Python
//! and Java libraries' name). When both of the latter exist, the first is
//! read and a warning names the one ignored.
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
//!
//! [admin]
//! type = ram_role_arn
//! access_key_id = LTAI...
//! access_key_secret = ...
//! role_arn = acs:ram::123:role/admin
//! role_session_name = me        # optional
//! policy = {...}                # optional
//!
//! [rrsa]
//! type = oidc_role_arn
//! role_arn = acs:ram::123:role/pod
//! oidc_provider_arn = acs:ram::123:oidc-provider/ack
//! oidc_token_file_path = /var/run/secrets/tokens/oidc-token
//! ```
//!
//! Supported types: `access_key`, `sts`, `ecs_ram_role` (`role_name` is
//! optional: the metadata service names the instance's role), and
//! `ram_role_arn` and `oidc_role_arn`, which need a
//! [`RoleAssumer`]. `rsa_key_pair` (retired by Alibaba
//! Cloud, Japan site only) and any other type are an error naming the file,
//! the profile and the type. The INI dialect is described in `ini.rs`.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::ecs_ram_role::EcsRamRoleBuilder;
use super::env::{self, Env};
use super::ini::{Ini, Section};
use super::profile::{ProfileCredentials, Resolved, Services};
use super::role::{AssumeRoleParams, OidcRoleParams, RoleAssumer};
use super::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};

/// The profile read when none is chosen.
pub const DEFAULT_PROFILE: &str = "default";

/// The types of profile this crate supports.
const SUPPORTED_TYPES: &str = "access_key, sts, ecs_ram_role, ram_role_arn, oidc_role_arn";

/// `$ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials`
/// (`None` when there is no home directory either). The file actually read
/// may be `credentials.ini` instead: see [`CredentialsFileProvider::path`].
pub fn default_path(env: &Env) -> Option<PathBuf> {
    env.get(env::CREDENTIALS_FILE)
        .map(PathBuf::from)
        .or_else(|| Some(env.home_dir()?.join(".alibabacloud").join("credentials")))
}

/// The file the Python and Java libraries read instead of `credentials`.
const INI_NAME: &str = "credentials.ini";

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

fn optional(section: &Section<'_>, key: &str) -> Option<String> {
    section
        .get(key)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
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
            role_name: optional(section, "role_name"),
        }),
        "ram_role_arn" => {
            let source = Credentials::new(
                required(section, kind, "access_key_id")?,
                required(section, kind, "access_key_secret")?,
            );
            let mut params = AssumeRoleParams::new(required(section, kind, "role_arn")?);
            params.role_session_name = optional(section, "role_session_name");
            params.policy = optional(section, "policy");
            params.external_id = optional(section, "external_id");
            Ok(ProfileCredentials::RamRoleArn {
                source: Box::new(ProfileCredentials::Static(source)),
                params,
            })
        }
        "oidc_role_arn" => {
            let mut params = OidcRoleParams::new(
                required(section, kind, "role_arn")?,
                required(section, kind, "oidc_provider_arn")?,
                required(section, kind, "oidc_token_file_path")?,
            );
            params.role_session_name = optional(section, "role_session_name");
            params.policy = optional(section, "policy");
            Ok(ProfileCredentials::OidcRoleArn(params))
        }
        "rsa_key_pair" => Err(in_profile(
            "type \"rsa_key_pair\" is not supported (Alibaba Cloud retired it; \
             supported: access_key, sts, ecs_ram_role, ram_role_arn, oidc_role_arn)"
                .to_owned(),
        )),
        other => Err(in_profile(format!(
            "unsupported type {other:?} (supported: {SUPPORTED_TYPES})"
        ))),
    }
}

/// Credentials from a profile of the shared credentials file.
///
/// The file is the one given to [`with_path`](Self::with_path), else
/// `$ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials`,
/// else `~/.alibabacloud/credentials.ini`; the profile is the one given to
/// [`with_profile`](Self::with_profile), else `$ALIBABA_CLOUD_PROFILE`, else
/// `default`.
///
/// No default file, or the profile missing from the file, is *not
/// configured*; a file chosen explicitly (by `with_path` or the variable)
/// that does not exist is an error. The file is read on first success only.
#[derive(Debug, Default)]
pub struct CredentialsFileProvider {
    path: Option<PathBuf>,
    profile: Option<String>,
    services: Services,
    resolved: Resolved,
}

impl CredentialsFileProvider {
    /// Reads the file and profile named by the process environment.
    pub fn new() -> Self {
        CredentialsFileProvider::default()
    }

    /// Reads variables from `env` instead of the process environment.
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

    /// Serves `ecs_ram_role` profiles with providers built from `builder`
    /// (without one, such a profile is an error).
    pub fn with_ecs_ram_role(mut self, builder: EcsRamRoleBuilder) -> Self {
        self.services.ecs = Some(builder);
        self
    }

    /// Serves `ram_role_arn` and `oidc_role_arn` profiles through `assumer`
    /// (without one, such a profile is an error saying so).
    pub fn with_role_assumer(mut self, assumer: Arc<dyn RoleAssumer>) -> Self {
        self.services.assumer = Some(assumer);
        self
    }

    fn env(&self) -> &Env {
        &self.services.env
    }

    /// The profile this provider reads.
    pub fn profile_name(&self) -> String {
        self.profile
            .clone()
            .or_else(|| self.env().get(env::PROFILE))
            .unwrap_or_else(|| DEFAULT_PROFILE.to_owned())
    }

    /// The file this provider reads: the explicit one, else the first of
    /// `~/.alibabacloud/credentials` and `credentials.ini` that exists, else
    /// `~/.alibabacloud/credentials`.
    pub fn path(&self) -> Result<PathBuf, CredentialsError> {
        let path = self.path.clone().or_else(|| default_path(self.env()));
        let path = path.ok_or_else(|| {
            CredentialsError::not_configured("no home directory, so no ~/.alibabacloud/credentials")
        })?;
        if self.is_explicit() || path.exists() {
            return Ok(path);
        }
        let ini = path.with_file_name(INI_NAME);
        Ok(if ini.exists() { ini } else { path })
    }

    fn is_explicit(&self) -> bool {
        self.path.is_some() || self.env().get(env::CREDENTIALS_FILE).is_some()
    }

    /// Reads the profile now, bypassing what was kept.
    pub fn load(&self) -> Result<ProfileCredentials, CredentialsError> {
        let path = self.path()?;
        let explicit = self.is_explicit();
        if !explicit {
            let ini = path.with_file_name(INI_NAME);
            if ini != path && ini.exists() {
                tracing::warn!(
                    "both {} and {} exist: reading the first, ignoring the second",
                    path.display(),
                    ini.display()
                );
            }
        }
        match read(&path)? {
            Some(text) => {
                parse_profile(&text, &self.profile_name()).map_err(|e| e.context(path.display()))
            }
            None if explicit => Err(CredentialsError::new(format!(
                "{} does not exist",
                path.display()
            ))),
            None => Err(CredentialsError::not_configured(format!(
                "neither {} nor {INI_NAME} exists",
                path.display()
            ))),
        }
    }
}

impl ProvideCredentials for CredentialsFileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.resolved.provide(|| {
            let profile = self.load()?;
            profile.into_provider(&self.services, &|| {
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
        let text = "[a]\ntype = saml\n[b]\naccess_key_id = x\n[c]\ntype = sts\naccess_key_id = x\naccess_key_secret = y\n";
        let missing = parse_profile(text, "zzz").unwrap_err();
        assert!(missing.is_not_configured());
        assert_eq!(missing.to_string(), "profile \"zzz\" not found");
        let unsupported = parse_profile(text, "a").unwrap_err();
        assert!(!unsupported.is_not_configured());
        assert_eq!(
            unsupported.to_string(),
            "profile \"a\": unsupported type \"saml\" (supported: access_key, sts, ecs_ram_role, ram_role_arn, oidc_role_arn)"
        );
        assert_eq!(
            parse_profile(text, "b").unwrap_err().to_string(),
            "profile \"b\": no `type` (supported: access_key, sts, ecs_ram_role, ram_role_arn, oidc_role_arn)"
        );
        assert_eq!(
            parse_profile(text, "c").unwrap_err().to_string(),
            "profile \"c\": type sts needs `security_token`"
        );
    }

    #[test]
    fn parses_role_types() {
        let text = "[arn]\ntype = ram_role_arn\naccess_key_id = id\naccess_key_secret = s\n\
                    role_arn = acs:ram::1:role/r\nrole_session_name = me\npolicy = {\"Version\": \"1\"}\n\
                    external_id = ext\n\
                    [bare]\ntype = ram_role_arn\naccess_key_id = id\naccess_key_secret = s\nrole_arn = r\n\
                    [no-arn]\ntype = ram_role_arn\naccess_key_id = id\naccess_key_secret = s\n\
                    [oidc]\ntype = oidc_role_arn\nrole_arn = r\noidc_provider_arn = p\n\
                    oidc_token_file_path = /t\nrole_session_name = pod\n\
                    [oidc-half]\ntype = oidc_role_arn\nrole_arn = r\n\
                    [rsa]\ntype = rsa_key_pair\n";
        let mut params = AssumeRoleParams::new("acs:ram::1:role/r");
        params.role_session_name = Some("me".into());
        params.policy = Some("{\"Version\": \"1\"}".into());
        params.external_id = Some("ext".into());
        assert_eq!(
            parse_profile(text, "arn").unwrap(),
            ProfileCredentials::RamRoleArn {
                source: Box::new(ProfileCredentials::Static(Credentials::new("id", "s"))),
                params,
            }
        );
        assert_eq!(
            parse_profile(text, "bare").unwrap(),
            ProfileCredentials::RamRoleArn {
                source: Box::new(ProfileCredentials::Static(Credentials::new("id", "s"))),
                params: AssumeRoleParams::new("r"),
            }
        );
        assert_eq!(
            parse_profile(text, "no-arn").unwrap_err().to_string(),
            "profile \"no-arn\": type ram_role_arn needs `role_arn`"
        );
        let mut oidc = OidcRoleParams::new("r", "p", "/t");
        oidc.role_session_name = Some("pod".into());
        assert_eq!(
            parse_profile(text, "oidc").unwrap(),
            ProfileCredentials::OidcRoleArn(oidc)
        );
        assert_eq!(
            parse_profile(text, "oidc-half").unwrap_err().to_string(),
            "profile \"oidc-half\": type oidc_role_arn needs `oidc_provider_arn`"
        );
        assert!(
            parse_profile(text, "rsa")
                .unwrap_err()
                .to_string()
                .contains("\"rsa_key_pair\" is not supported")
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
