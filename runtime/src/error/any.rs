//! [`Error`]: the failure of any operation, of any generated SDK, as one
//! type, so that one function can call several operations with `?`.
//!
//! One runtime type rather than a generated enum with a variant per
//! operation: ECS has 354 operations, and every generated line is paid for
//! in compile time. What a generated crate adds for it is one constant and
//! one small method per operation error ([`OperationError::ACTION`],
//! [`OperationError::common_error`]).

use std::any::TypeId;
use std::fmt;

use super::{DynError, SdkError, ServiceError};
use crate::operation::OperationError;

/// An operation's typed error with its type erased; [`Error::downcast`]
/// gets it back.
type Erased = Box<dyn std::error::Error + Send + Sync>;

/// The erased typed error, borrowed.
type ErasedRef<'a> = &'a DynError;

/// The failure of any operation: an [`SdkError`] of some operation, with
/// the operation's name, the service's details and the typed error kept.
///
/// `?` converts every `SdkError<E>` into it, so a function that calls
/// several operations needs no error type of its own:
///
/// ```ignore
/// // with a generated crate (acs_ecs): two operations, one error type
/// async fn retire(client: &acs_ecs::Client, instance: &str, activation: &str) -> Result<(), acs_ecs::Error> {
///     client.deregister_managed_instance(&DeregisterManagedInstanceRequest::new(instance)).await?;
///     client.delete_activation(&DeleteActivationRequest::new(activation)).await?;
///     Ok(())
/// }
///
/// match retire(&client, "mi-1", "act-1").await {
///     Err(e) if e.is_throttling() => { /* later */ }
///     Err(e) => match e.downcast_ref::<DeleteActivationError>() {
///         Some(DeleteActivationError::Unhandled(detail)) => { /* … */ }
///         _ => eprintln!("{}: {:?}", e.operation(), e.code()),
///     },
///     Ok(()) => {}
/// }
/// ```
///
/// What it says without knowing the operation: [`operation`](Error::operation),
/// [`service_error`](Error::service_error) (code, message, HTTP status,
/// request id), [`is_throttling`](Error::is_throttling),
/// [`is_common`](Error::is_common) and [`common`](Error::common) (the
/// crate's `CommonError`), and what kind of failure it was
/// ([`sdk_error`](Error::sdk_error)). [`downcast_ref`](Error::downcast_ref)
/// and [`downcast`](Error::downcast) give the operation's typed error back.
/// `Display` is the operation's name and the `SdkError`'s text
/// (`DeleteActivation: service error: InvalidActivationId.NotFound (HTTP 404): … [RequestId: …]`);
/// `source()` is the `SdkError`'s.
///
/// Generated crates re-export it (`acs_ecs::Error`). One pointer wide.
pub struct Error(Box<Inner>);

struct Inner {
    operation: &'static str,
    /// The type of the operation's error, `E` of the `SdkError<E>`.
    error_type: TypeId,
    error: SdkError<Erased>,
    /// `E::service_error` and `E::common_error` on the erased typed error.
    service_error: for<'a> fn(ErasedRef<'a>) -> Option<&'a ServiceError>,
    common_error: for<'a> fn(ErasedRef<'a>) -> Option<ErasedRef<'a>>,
}

fn service_error_of<E: OperationError>(error: ErasedRef<'_>) -> Option<&ServiceError> {
    error.downcast_ref::<E>().map(E::service_error)
}

fn common_error_of<E: OperationError>(error: ErasedRef<'_>) -> Option<ErasedRef<'_>> {
    error.downcast_ref::<E>().and_then(E::common_error)
}

impl<E: OperationError> From<SdkError<E>> for Error {
    fn from(error: SdkError<E>) -> Self {
        let error = error.map_service(|e| Box::new(e) as Erased);
        Error(Box::new(Inner {
            operation: E::ACTION,
            error_type: TypeId::of::<E>(),
            error,
            service_error: service_error_of::<E>,
            common_error: common_error_of::<E>,
        }))
    }
}

impl Error {
    /// The action that failed, e.g. `DeleteActivation` (empty for a
    /// hand-written [`OperationError`] that does not set
    /// [`ACTION`](OperationError::ACTION)).
    pub fn operation(&self) -> &'static str {
        self.0.operation
    }

    /// What kind of failure it was: the call's [`SdkError`], with the typed
    /// service error boxed (its `Display` and `source()` are the typed
    /// error's; [`downcast_ref`](Error::downcast_ref) gets its type back).
    pub fn sdk_error(&self) -> &SdkError<Box<dyn std::error::Error + Send + Sync>> {
        &self.0.error
    }

    /// The details the service sent (code, message, HTTP status, request
    /// id, …), if it answered with an error.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match &self.0.error {
            SdkError::Service(e) => (self.0.service_error)(&**e),
            _ => None,
        }
    }

    /// The service's error code, if it answered with an error.
    pub fn code(&self) -> Option<&str> {
        self.service_error().map(|e| e.code.as_str())
    }

    /// Whether the call was throttled: a `Throttling*` code, or HTTP 429
    /// (with an error document or without one); as
    /// [`SdkError::is_throttling`].
    pub fn is_throttling(&self) -> bool {
        match &self.0.error {
            SdkError::Service(_) => self
                .service_error()
                .is_some_and(ServiceError::is_throttling),
            SdkError::Response(e) => e.status == 429,
            _ => false,
        }
    }

    /// Whether the service answered with one of its common codes (those of
    /// the generated crate's `CommonError`: throttling, authentication,
    /// signature, common parameter errors), which any operation may return.
    pub fn is_common(&self) -> bool {
        self.common_error().is_some()
    }

    /// The common error as the generated crate's type, e.g.
    /// `error.common::<acs_ecs::CommonError>()`; `None` when the code is not
    /// a common one or `C` is not that crate's `CommonError`.
    pub fn common<C: std::error::Error + 'static>(&self) -> Option<&C> {
        self.common_error()?.downcast_ref::<C>()
    }

    fn common_error(&self) -> Option<ErasedRef<'_>> {
        match &self.0.error {
            SdkError::Service(e) => (self.0.common_error)(&**e),
            _ => None,
        }
    }

    /// Whether the failure is one of the operation whose error type is `E`
    /// (whatever its kind).
    pub fn is<E: OperationError>(&self) -> bool {
        self.0.error_type == TypeId::of::<E>()
    }

    /// The operation's typed error, if the service answered with one and
    /// `E` is the operation's error type:
    /// `error.downcast_ref::<DeleteActivationError>()`.
    pub fn downcast_ref<E: OperationError>(&self) -> Option<&E> {
        match &self.0.error {
            SdkError::Service(e) => e.downcast_ref::<E>(),
            _ => None,
        }
    }

    /// The call's `SdkError<E>` back, whatever its kind, when `E` is the
    /// operation's error type; the error unchanged otherwise.
    pub fn downcast<E: OperationError>(self) -> Result<SdkError<E>, Self> {
        if !self.is::<E>() {
            return Err(self);
        }
        let Inner {
            operation,
            error_type,
            error,
            service_error,
            common_error,
        } = *self.0;
        let back = |error| {
            Error(Box::new(Inner {
                operation,
                error_type,
                error,
                service_error,
                common_error,
            }))
        };
        Ok(match error {
            SdkError::Service(e) => match e.downcast::<E>() {
                Ok(e) => SdkError::Service(*e),
                Err(e) => return Err(back(SdkError::Service(e))),
            },
            SdkError::Credentials(e) => SdkError::Credentials(e),
            SdkError::Endpoint(e) => SdkError::Endpoint(e),
            SdkError::Build(e) => SdkError::Build(e),
            SdkError::MissingRegion(e) => SdkError::MissingRegion(e),
            SdkError::Transport(e) => SdkError::Transport(e),
            SdkError::Response(e) => SdkError::Response(e),
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.0.operation.is_empty() {
            write!(f, "{}: ", self.0.operation)?;
        }
        fmt::Display::fmt(&self.0.error, f)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("operation", &self.0.operation)
            .field("error", &self.0.error)
            .finish()
    }
}

impl std::error::Error for Error {
    /// The `SdkError`'s source: the typed service error, or the transport's,
    /// credentials', endpoint's or response's error.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.error {
            SdkError::Service(e) => Some(&**e),
            SdkError::Credentials(e) => Some(e),
            SdkError::Endpoint(e) => Some(e),
            SdkError::Build(_) => None,
            SdkError::MissingRegion(e) => Some(e),
            SdkError::Transport(e) => Some(e),
            SdkError::Response(e) => Some(e),
        }
    }
}

impl crate::RequestId for Error {
    /// The service's request id, when the service answered with an error.
    fn request_id(&self) -> Option<&str> {
        self.service_error()?.request_id.as_deref()
    }
}
