//! What a profile in a file says, and the once-resolved provider that the
//! file sources keep.

use std::sync::{Arc, Mutex, PoisonError};

use super::ecs_ram_role::EcsRamRoleBuilder;
use super::env::{self, Env};
use super::role::{
    AssumeRoleParams, OidcRoleArnProvider, OidcRoleParams, RamRoleArnProvider, RoleAssumer,
    needs_sts,
};
use super::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};

/// The credentials a profile (in the shared credentials file or the `aliyun`
/// CLI config) describes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProfileCredentials {
    /// Keys stored in the profile: long-lived, or STS keys with a token.
    Static(Credentials),
    /// The RAM role of the ECS instance the program runs on, fetched from
    /// the metadata service; `None` asks the service for the role's name.
    EcsRamRole {
        /// The role's name.
        role_name: Option<String>,
    },
    /// A RAM role assumed (STS `AssumeRole`) with the credentials of
    /// `source`: a file's `ram_role_arn`, the CLI's `RamRoleArn` and
    /// `ChainableRamRoleArn`.
    RamRoleArn {
        /// The credentials that sign the call.
        source: Box<ProfileCredentials>,
        /// The call's parameters.
        params: AssumeRoleParams,
    },
    /// A RAM role assumed with an OIDC token (STS `AssumeRoleWithOIDC`): a
    /// file's `oidc_role_arn`, the CLI's `OIDC`.
    OidcRoleArn(OidcRoleParams),
}

/// What a profile may need to serve its credentials: the ECS metadata
/// service, an STS client, and the environment (STS endpoint defaults).
#[derive(Clone, Debug, Default)]
pub(crate) struct Services {
    pub(crate) ecs: Option<EcsRamRoleBuilder>,
    pub(crate) assumer: Option<Arc<dyn RoleAssumer>>,
    pub(crate) env: Env,
}

impl ProfileCredentials {
    /// The provider that serves these credentials, with what `services`
    /// offers; `origin` names the profile in the error when something is
    /// missing.
    pub(crate) fn into_provider(
        self,
        services: &Services,
        origin: &dyn Fn() -> String,
    ) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
        match self {
            ProfileCredentials::Static(credentials) => Ok(Arc::new(credentials)),
            ProfileCredentials::RamRoleArn { source, mut params } => {
                let assumer = services.assumer.clone().ok_or_else(|| {
                    needs_sts(&format!("{} (RAM role {})", origin(), params.role_arn))
                })?;
                let source = source.into_provider(services, origin)?;
                params.endpoint = params.endpoint.or_env(&services.env);
                Ok(Arc::new(RamRoleArnProvider::new(source, params, assumer)))
            }
            ProfileCredentials::OidcRoleArn(mut params) => {
                let assumer = services.assumer.clone().ok_or_else(|| {
                    needs_sts(&format!("{} (OIDC role {})", origin(), params.role_arn))
                })?;
                params.endpoint = params.endpoint.or_env(&services.env);
                Ok(Arc::new(OidcRoleArnProvider::new(params, assumer)))
            }
            ProfileCredentials::EcsRamRole { role_name } => {
                if env::is_true(&services.env, env::ECS_METADATA_DISABLED) {
                    return Err(CredentialsError::new(format!(
                        "{} uses an ECS RAM role, but {} is true",
                        origin(),
                        env::ECS_METADATA_DISABLED
                    )));
                }
                let builder = services.ecs.as_ref().ok_or_else(|| {
                    CredentialsError::new(format!(
                        "{} uses an ECS RAM role, which needs an HTTP transport: \
                         configure the provider with `with_ecs_ram_role`",
                        origin()
                    ))
                })?;
                let builder = match role_name {
                    Some(name) => builder.clone().role_name(name),
                    None => builder.clone(),
                };
                Ok(Arc::new(builder.build()))
            }
        }
    }
}

/// A provider resolved from a file on first success and kept: files are read
/// once, not on every request.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    slot: Mutex<Option<Arc<dyn ProvideCredentials>>>,
}

impl Resolved {
    /// Credentials from the kept provider, or from the one `resolve` returns
    /// (kept if it is `Ok`; a failure is tried again next time).
    pub(crate) fn provide<'a>(
        &'a self,
        resolve: impl FnOnce() -> Result<Arc<dyn ProvideCredentials>, CredentialsError>,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        let kept = self
            .slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let provider = match kept {
            Some(provider) => provider,
            None => match resolve() {
                Ok(provider) => {
                    *self.slot.lock().unwrap_or_else(PoisonError::into_inner) =
                        Some(Arc::clone(&provider));
                    provider
                }
                Err(error) => return Box::pin(async move { Err(error) }),
            },
        };
        Box::pin(async move { provider.provide_credentials().await })
    }
}
