//! Chains of sources: [`CredentialsChain`] for any providers, and the
//! [`DefaultChain`] a client uses when it is given no credentials.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::aliyun_cli::AliyunCliProvider;
use super::ecs_ram_role::EcsRamRoleBuilder;
use super::env::{self, Env, EnvironmentProvider};
use super::file::CredentialsFileProvider;
use super::role::{OidcRoleArnProvider, OidcRoleParams, RoleAssumer, needs_sts};
use super::uri::CredentialsUriProvider;
use super::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};
use crate::transport::Transport;

const NONE_CHOSEN: usize = usize::MAX;

/// Tries its sources in order until one provides credentials, then sticks
/// to that source.
///
/// A source that fails is skipped, as the official libraries' chains do: a
/// source that is simply absent (see [`CredentialsError::is_not_configured`])
/// is logged at `debug` level, one that is present but broken (a malformed
/// file, half a key pair, a role nobody can assume) at `warn` level, naming
/// the source and why. When every source fails, the error lists each source
/// and why it failed; it is *not configured* only if every source was, so
/// chains nest.
///
/// Once a source has answered, its later errors are returned as they are
/// (prefixed with its name): the chain does not switch accounts mid-run.
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

    /// The start of the error when every source fails (default
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
        let mut failures = Vec::with_capacity(self.sources.len());
        let mut all_absent = true;
        for (index, (name, provider)) in self.sources.iter().enumerate() {
            match provider.provide_credentials().await {
                Ok(credentials) => {
                    tracing::debug!(source = %name, "credentials found");
                    self.chosen.store(index, Ordering::Release);
                    return Ok(credentials);
                }
                Err(error) if error.is_not_configured() => {
                    tracing::debug!(source = %name, "credentials source not configured: {error}");
                    failures.push(format!("{name}: {error}"));
                }
                Err(error) => {
                    tracing::warn!(source = %name, "skipping a credentials source that failed: {error}");
                    all_absent = false;
                    failures.push(format!("{name}: {error}"));
                }
            }
        }
        if failures.is_empty() {
            failures.push("the chain has no sources".to_owned());
        }
        let message = format!("{}: {}", self.failure, failures.join("; "));
        Err(if all_absent {
            CredentialsError::not_configured(message)
        } else {
            CredentialsError::new(message)
        })
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

/// A source that is configured but cannot work, saying why.
#[derive(Debug)]
struct Failing(CredentialsError);

impl ProvideCredentials for Failing {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let error = self.0.clone();
        Box::pin(async move { Err(error) })
    }
}

/// The credentials a client uses when given none: the order of Alibaba
/// Cloud's official credentials libraries (the Go library's
/// `providers/default.go`, Python's `provider/default.py`), so that a
/// program switching from an official SDK signs as the same account.
///
/// Without a profile, in order:
///
/// 1. `environment`: [`EnvironmentProvider`];
/// 2. `OIDC role (RRSA)`: when `ALIBABA_CLOUD_ROLE_ARN`,
///    `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE`
///    are set; needs a [role assumer](DefaultChainBuilder::role_assumer);
/// 3. `aliyun CLI config`: [`AliyunCliProvider`] (profile
///    `$ALIBABA_CLOUD_PROFILE`, else the config's current one), unless
///    `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`;
/// 4. `credentials file`: [`CredentialsFileProvider`] (profile
///    `$ALIBABA_CLOUD_PROFILE`, else `default`);
/// 5. `ECS RAM role`: the instance's role from the metadata service (the
///    role named by `ALIBABA_CLOUD_ECS_METADATA`, else the one the service
///    lists), unless `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`. Off ECS this
///    costs one connect attempt (1-second timeout) per process: an
///    unreachable service is remembered;
/// 6. `credentials URI`: when `ALIBABA_CLOUD_CREDENTIALS_URI` is set,
///    [`CredentialsUriProvider`].
///
/// A source that fails is skipped with a warning and the next one tried
/// (see [`CredentialsChain`]); when none works, the error lists them all.
///
/// With a [profile](DefaultChainBuilder::profile) (a `--profile NAME` flag),
/// only that profile, in the CLI config and then in the credentials file:
/// an explicit choice that environment keys do not override.
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
    /// carries the requests to the ECS metadata service and the credentials
    /// URI, if it comes to that.
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
            ecs: EcsRamRoleBuilder::new(Arc::clone(&transport)),
            transport,
            assumer: None,
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
    transport: Arc<dyn Transport>,
    assumer: Option<Arc<dyn RoleAssumer>>,
}

impl DefaultChainBuilder {
    /// Reads variables (and the home directory) from `env` instead of the
    /// process environment.
    pub fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Uses only this profile: looks for it in the `aliyun` CLI config, then
    /// in the credentials file, and ignores the other sources.
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
    /// ECS RAM role (its transport replaces the one given to the chain for
    /// those requests; e.g. its endpoint, in tests).
    pub fn ecs_ram_role(mut self, builder: EcsRamRoleBuilder) -> Self {
        self.ecs = builder;
        self
    }

    /// The STS client for the sources that assume a RAM role (RRSA,
    /// `ram_role_arn`/`oidc_role_arn` profiles, the CLI's `RamRoleArn`,
    /// `ChainableRamRoleArn` and `OIDC`). Without one they are skipped,
    /// saying so.
    pub fn role_assumer(mut self, assumer: Arc<dyn RoleAssumer>) -> Self {
        self.assumer = Some(assumer);
        self
    }

    /// The chain.
    pub fn build(self) -> DefaultChain {
        let vars = self.env;
        let ecs = self.ecs.remember_unreachable(true);
        let ecs = if env::is_true(&vars, env::IMDSV1_DISABLED) {
            ecs.imds_v1_fallback(false)
        } else {
            ecs
        };

        let mut file = CredentialsFileProvider::new()
            .with_env(vars.clone())
            .with_ecs_ram_role(ecs.clone());
        let mut cli = AliyunCliProvider::new()
            .with_env(vars.clone())
            .with_ecs_ram_role(ecs.clone());
        if let Some(assumer) = &self.assumer {
            file = file.with_role_assumer(Arc::clone(assumer));
            cli = cli.with_role_assumer(Arc::clone(assumer));
        }
        if let Some(path) = self.credentials_file {
            file = file.with_path(path);
        }
        if let Some(path) = self.cli_config {
            cli = cli.with_path(path);
        }

        let chain = match self.profile {
            Some(profile) => CredentialsChain::new()
                .with_failure_message(format!("profile {profile:?} not found"))
                .with_source("aliyun CLI config", cli.with_profile(profile.clone()))
                .with_source("credentials file", file.with_profile(profile)),
            None => {
                let chain = CredentialsChain::new()
                    .with_source("environment", EnvironmentProvider::with_env(vars.clone()));
                let chain = add_oidc(chain, &vars, self.assumer.as_ref())
                    .with_source("aliyun CLI config", cli)
                    .with_source("credentials file", file);
                let chain = if env::is_true(&vars, env::ECS_METADATA_DISABLED) {
                    chain.with_source(
                        "ECS RAM role",
                        Skipped(format!("{} is true", env::ECS_METADATA_DISABLED)),
                    )
                } else {
                    let ecs = match vars.get(env::ECS_METADATA) {
                        Some(role) => ecs.role_name(role),
                        None => ecs,
                    };
                    chain.with_source("ECS RAM role", ecs.build())
                };
                match vars.get(env::CREDENTIALS_URI) {
                    Some(uri) => chain.with_source(
                        "credentials URI",
                        CredentialsUriProvider::new(uri, self.transport),
                    ),
                    None => chain.with_source(
                        "credentials URI",
                        Skipped(format!("{} is not set", env::CREDENTIALS_URI)),
                    ),
                }
            }
        };
        DefaultChain { chain }
    }
}

/// The RRSA source, from the three variables.
fn add_oidc(
    chain: CredentialsChain,
    vars: &Env,
    assumer: Option<&Arc<dyn RoleAssumer>>,
) -> CredentialsChain {
    const NAME: &str = "OIDC role (RRSA)";
    match (OidcRoleParams::from_env(vars), assumer) {
        (Ok(None), _) => chain.with_source(NAME, Skipped(format!("{} is not set", env::ROLE_ARN))),
        (Err(error), _) => chain.with_source(NAME, Failing(error)),
        (Ok(Some(params)), None) => chain.with_source(
            NAME,
            Failing(needs_sts(&format!("RRSA (role {})", params.role_arn))),
        ),
        (Ok(Some(params)), Some(assumer)) => {
            chain.with_source(NAME, OidcRoleArnProvider::new(params, Arc::clone(assumer)))
        }
    }
}
