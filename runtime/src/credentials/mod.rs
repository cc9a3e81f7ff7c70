//! Credentials and where they come from.
//!
//! A client asks a [`ProvideCredentials`] for keys before signing each request.
//! The sources, each its own provider:
//!
//! 1. explicit keys: [`Credentials`] itself;
//! 2. the environment: [`EnvironmentProvider`] (`ALIBABA_CLOUD_ACCESS_KEY_ID`, …);
//! 3. a RAM role assumed through STS, with an OIDC token (RRSA):
//!    [`OidcRoleArnProvider`], or with other credentials: [`RamRoleArnProvider`].
//!    The runtime has no STS client: the call itself is a [`RoleAssumer`];
//! 4. the `aliyun` CLI's `~/.aliyun/config.json`: [`AliyunCliProvider`];
//! 5. the shared credentials file `~/.alibabacloud/credentials` (or
//!    `credentials.ini`): [`CredentialsFileProvider`];
//! 6. the ECS instance RAM role, from the metadata service: [`EcsRamRoleProvider`];
//! 7. a local credentials URI: [`CredentialsUriProvider`].
//!
//! [`DefaultChain`] tries 2 to 7 in that order, as Alibaba Cloud's official
//! credentials libraries do, or, given a profile name, only 4 and 5 for that
//! profile.
//!
//! A source that is simply absent (no variable, no file, no such profile)
//! answers with a [`CredentialsError::is_not_configured`] error; one that is
//! present but broken (a file that does not parse, an unsupported profile
//! type, half a key pair) with a plain error. A chain skips both, like the
//! official chain, logs the broken ones as warnings, and when nothing works
//! reports every source and why it failed.
//!
//! No secret (AccessKey secret, security token, metadata token, OIDC token)
//! ever appears in a `Debug` or `Display` output, an error message or a log
//! line.

pub mod aliyun_cli;
mod answer;
pub mod chain;
pub mod ecs_ram_role;
pub mod env;
pub mod file;
mod ini;
mod profile;
pub mod role;
mod time;
pub mod uri;

pub use aliyun_cli::{AliyunCliProvider, CliProfile};
pub use chain::{CredentialsChain, DefaultChain, DefaultChainBuilder};
pub use ecs_ram_role::{EcsRamRoleBuilder, EcsRamRoleProvider};
pub use env::{Env, EnvironmentProvider};
pub use file::CredentialsFileProvider;
pub use profile::ProfileCredentials;
pub use role::{
    AssumeRoleParams, OidcRoleArnProvider, OidcRoleParams, RamRoleArnProvider, RoleAssumer,
    StsEndpoint, parse_expiration,
};
pub use uri::CredentialsUriProvider;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::SystemTime;

/// A boxed, sendable future, as returned by the object-safe traits of this crate.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An access key pair, with an STS security token when the keys are temporary.
///
/// `Debug` never shows the secret or the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    expiration: Option<SystemTime>,
}

impl Credentials {
    /// Long-lived keys.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            expiration: None,
        }
    }

    /// Adds an STS security token.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Sets when temporary credentials expire.
    pub fn with_expiration(mut self, expiration: SystemTime) -> Self {
        self.expiration = Some(expiration);
        self
    }

    /// The AccessKey ID (not a secret).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The AccessKey secret. Never log or display it.
    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    /// The STS security token, if any. Never log or display it.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// When these credentials expire, if they are temporary.
    pub fn expiration(&self) -> Option<SystemTime> {
        self.expiration
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"** redacted **")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// Something that can supply credentials, possibly asynchronously (e.g. from
/// the ECS metadata service).
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Returns current credentials.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// No credentials could be obtained. The message never contains a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialsError {
    message: String,
    not_configured: bool,
}

impl CredentialsError {
    /// A credentials error with a message (which must not contain secrets).
    ///
    /// A chain stops at such an error: the source was configured but failed.
    pub fn new(message: impl Into<String>) -> Self {
        CredentialsError {
            message: message.into(),
            not_configured: false,
        }
    }

    /// The source is not configured at all (no variable, file or profile);
    /// a chain moves on to its next source. The message says what was looked
    /// for and must not contain secrets.
    pub fn not_configured(message: impl Into<String>) -> Self {
        CredentialsError {
            message: message.into(),
            not_configured: true,
        }
    }

    /// Whether the source was simply absent, as opposed to present but broken.
    pub fn is_not_configured(&self) -> bool {
        self.not_configured
    }

    /// The same error with `context: ` in front of its message.
    pub(crate) fn context(self, context: impl fmt::Display) -> Self {
        CredentialsError {
            message: format!("{context}: {}", self.message),
            not_configured: self.not_configured,
        }
    }

    /// The same message, as an error that stops a chain.
    pub(crate) fn into_hard(self) -> Self {
        CredentialsError {
            not_configured: false,
            ..self
        }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {}
