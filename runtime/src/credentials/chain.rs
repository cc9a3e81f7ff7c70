//! Chains of sources: [`CredentialsChain`] for any providers, and the
//! [`DefaultChain`] a client uses when it is given no credentials.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::aliyun_cli::AliyunCliProvider;
use super::ecs_ram_role::EcsRamRoleBuilder;
use super::env::{self, Env, EnvironmentProvider};
use super::file::CredentialsFileProvider;
use super::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};
use crate::transport::Transport;

const NONE_CHOSEN: usize = usize::MAX;

/// Tries its sources in order until one provides credentials, then sticks
/// to that source.
///
/// A source answering *not configured* (see
/// [`CredentialsError::is_not_configured`]) is skipped; any other error
/// stops the chain and is returned, prefixed with the source's name. When
/// every source is skipped, the error lists what each said; it is itself
/// *not configured*, so chains nest.
#[derive(Debug)]
pub struct CredentialsChain {
    sources: Vec<(String, Arc<dyn ProvideCredentials>)>,
    failure: String,
    chosen: AtomicUsize,
}

impl CredentialsChain {
    /// An empty chain: it always fails.
    pub fn new() -> Self {
        CredentialsChain {
            sources: Vec::new(),
            failure: "no credentials found".to_owned(),
            chosen: AtomicUsize::new(NONE_CHOSEN),
        }
    }

    /// Appends a source, named in errors (e.g. `environment`).
    pub fn with_source(
        mut self,
        name: impl Into<String>,
        provider: impl ProvideCredentials + 'static,
    ) -> Self {
        self.sources.push((name.into(), Arc::new(provider)));
        self
    }

    /// The start of the error when every source is skipped (default
    /// `no credentials found`).
    pub fn with_failure_message(mut self, message: impl Into<String>) -> Self {
        self.failure = message.into();
        self
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let chosen = self.chosen.load(Ordering::Acquire);
        if let Some((name, provider)) = self.sources.get(chosen) {
            return provider
                .provide_credentials()
                .await
                .map_err(|e| e.into_hard().context(name));
        }
        let mut skipped = Vec::with_capacity(self.sources.len());
        for (index, (name, provider)) in self.sources.iter().enumerate() {
            match provider.provide_credentials().await {
                Ok(credentials) => {
                    tracing::debug!(source = %name, "credentials found");
                    self.chosen.store(index, Ordering::Release);
                    return Ok(credentials);
                }
                Err(error) if error.is_not_configured() => {
                    skipped.push(format!("{name}: {error}"));
                }
                Err(error) => return Err(error.context(name)),
            }
        }
        if skipped.is_empty() {
            skipped.push("the chain has no sources".to_owned());
        }
        Err(CredentialsError::not_configured(format!(
            "{}: {}",
            self.failure,
            skipped.join("; ")
        )))
    }
}

impl Default for CredentialsChain {
    fn default() -> Self {
        CredentialsChain::new()
    }
}

impl ProvideCredentials for CredentialsChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}

/// A source that is never configured, saying why.
#[derive(Debug)]
struct Skipped(String);

impl ProvideCredentials for Skipped {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let error = CredentialsError::not_configured(self.0.clone());
        Box::pin(async move { Err(error) })
    }
}

/// The credentials a client uses when given none.
///
/// Without a profile, in order:
///
/// 1. `environment`: [`EnvironmentProvider`];
/// 2. `credentials file`: [`CredentialsFileProvider`] (profile
///    `$ALIBABA_CLOUD_PROFILE`, else `default`);
/// 3. `aliyun CLI config`: [`AliyunCliProvider`] (profile
///    `$ALIBABA_CLOUD_PROFILE`, else the config's current one);
/// 4. `ECS RAM role`: only when `ALIBABA_CLOUD_ECS_METADATA` names the role.
///
/// With a [profile](DefaultChainBuilder::profile) (a `--profile NAME` flag),
/// only that profile, in the credentials file and then in the CLI config.
///
/// `ALIBABA_CLOUD_IMDSV1_DISABLED=true` forbids asking the metadata service
/// without an IMDSv2 token.
///
/// # Example
///
/// ```no_run
/// # use std::sync::Arc;
/// # use acs_runtime::credentials::{DefaultChain, ProvideCredentials};
/// # async fn example(transport: Arc<dyn acs_runtime::transport::Transport>) {
/// let chain = DefaultChain::builder(transport).profile("prod").build();
/// let credentials = chain.provide_credentials().await;
/// # }
/// ```
#[derive(Debug)]
pub struct DefaultChain {
    chain: CredentialsChain,
}

impl DefaultChain {
    /// The default chain, reading the process environment; `transport`
    /// carries the requests to the ECS metadata service, if it comes to that.
    pub fn new(transport: Arc<dyn Transport>) -> Self {
        DefaultChain::builder(transport).build()
    }

    /// Settings to adjust before [`build`](DefaultChainBuilder::build).
    pub fn builder(transport: Arc<dyn Transport>) -> DefaultChainBuilder {
        DefaultChainBuilder {
            env: Env::process(),
            profile: None,
            credentials_file: None,
            cli_config: None,
            ecs: EcsRamRoleBuilder::new(transport),
        }
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.chain.provide_credentials()
    }
}

/// Settings of a [`DefaultChain`].
#[derive(Debug)]
pub struct DefaultChainBuilder {
    env: Env,
    profile: Option<String>,
    credentials_file: Option<PathBuf>,
    cli_config: Option<PathBuf>,
    ecs: EcsRamRoleBuilder,
}

impl DefaultChainBuilder {
    /// Reads variables (and the home directory) from `env` instead of the
    /// process environment.
    pub fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Uses only this profile: looks for it in the credentials file, then in
    /// the `aliyun` CLI config, and ignores the other sources.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads this credentials file instead of the default one.
    pub fn credentials_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.credentials_file = Some(path.into());
        self
    }

    /// Reads this `aliyun` CLI config instead of `~/.aliyun/config.json`.
    pub fn cli_config(mut self, path: impl Into<PathBuf>) -> Self {
        self.cli_config = Some(path.into());
        self
    }

    /// Settings for the ECS RAM role source, and for profiles that use an
    /// ECS RAM role (its transport replaces the one given to the chain).
    pub fn ecs_ram_role(mut self, builder: EcsRamRoleBuilder) -> Self {
        self.ecs = builder;
        self
    }

    /// The chain.
    pub fn build(self) -> DefaultChain {
        let vars = self.env;
        let imds_v1_disabled = vars
            .get(env::IMDSV1_DISABLED)
            .is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
        let ecs = if imds_v1_disabled {
            self.ecs.imds_v1_fallback(false)
        } else {
            self.ecs
        };

        let mut file = CredentialsFileProvider::new()
            .with_env(vars.clone())
            .with_ecs_ram_role(ecs.clone());
        if let Some(path) = self.credentials_file {
            file = file.with_path(path);
        }
        let mut cli = AliyunCliProvider::new()
            .with_env(vars.clone())
            .with_ecs_ram_role(ecs.clone());
        if let Some(path) = self.cli_config {
            cli = cli.with_path(path);
        }

        let chain = match self.profile {
            Some(profile) => CredentialsChain::new()
                .with_failure_message(format!("profile {profile:?} not found"))
                .with_source("credentials file", file.with_profile(profile.clone()))
                .with_source("aliyun CLI config", cli.with_profile(profile)),
            None => {
                let chain = CredentialsChain::new()
                    .with_source("environment", EnvironmentProvider::with_env(vars.clone()))
                    .with_source("credentials file", file)
                    .with_source("aliyun CLI config", cli);
                match vars.get(env::ECS_METADATA) {
                    Some(role) => chain.with_source("ECS RAM role", ecs.role_name(role).build()),
                    None => chain.with_source(
                        "ECS RAM role",
                        Skipped(format!("{} is not set", env::ECS_METADATA)),
                    ),
                }
            }
        };
        DefaultChain { chain }
    }
}
