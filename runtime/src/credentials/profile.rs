//! What a profile in a file says, and the once-resolved provider that the
//! file sources keep.

use std::sync::{Arc, Mutex, PoisonError};

use super::ecs_ram_role::EcsRamRoleBuilder;
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
}

impl ProfileCredentials {
    /// The provider that serves these credentials. `ecs` is needed for
    /// [`ProfileCredentials::EcsRamRole`]; `origin` names the profile in the
    /// error when it is missing.
    pub(crate) fn into_provider(
        self,
        ecs: Option<&EcsRamRoleBuilder>,
        origin: &dyn Fn() -> String,
    ) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
        match self {
            ProfileCredentials::Static(credentials) => Ok(Arc::new(credentials)),
            ProfileCredentials::EcsRamRole { role_name } => {
                let builder = ecs.ok_or_else(|| {
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
