//! The hand-written runtime that every generated Alibaba Cloud SDK links to.
//!
//! Generated code (see the `codegen` crate) contains only types and, per
//! operation, an [`Operation`] implementation: a static description of the
//! call on a request type that writes its own wire parameters
//! ([`params::WriteParams`]) and a response read from the body's value tree
//! ([`tree::FromTree`]). Everything else is written once, here:
//!
//! * [`operation`]: the seam between generated code and this runtime;
//! * [`params`]: requests flattened into RPC wire parameters (`Tag.1.Key`);
//! * [`sign`]: the V3 (`ACS3-HMAC-SHA256`) and V2 (RPC, HMAC-SHA1) signatures;
//! * [`credentials`]: credential providers and the default chain;
//! * [`endpoint`]: endpoint resolution from region, spec map or override;
//! * [`tree`]: typed responses read from (and written to) a body's value
//!   tree, accepting what the service really sends;
//! * [`de`]: serde helpers for request types read from text;
//! * [`error`]: the service error, the error every call returns, and
//!   [`Error`], any operation's failure as one type (for `?` across operations);
//! * [`paginate`]: paginators, pages and items of paged operations as streams;
//! * `mock` (feature `test-util`): a transport answering from rules, for
//!   testing code that calls a generated SDK without a server;
//! * [`dynamic`]: calling operations by name, for command-line tools;
//! * [`transport`]: the transport seam and the default HTTP client;
//! * [`xml`]: XML bodies as JSON value trees, read by the same [`tree`] readers.
#![forbid(unsafe_code)]

pub mod client;
pub mod credentials;
pub mod de;
pub mod dynamic;
pub mod endpoint;
pub mod error;
#[cfg(feature = "test-util")]
pub mod mock;
pub mod operation;
pub mod paginate;
pub mod params;
pub mod response;
pub mod retry;
pub mod sign;
pub mod transport;
pub mod tree;
pub mod xml;

pub use client::{CallOptions, Client, Config};
pub use error::{DynError, Error, SdkError, ServiceError};
pub use response::ResponseFormat;
pub use retry::{RetryClass, RetryConfig};

/// The `RequestId` of a response or an error: what to quote to Alibaba
/// Cloud support. Every generated response implements it (`None` when the
/// operation's response documents no `RequestId`), and so do
/// [`ServiceError`] and [`SdkError`].
pub trait RequestId {
    /// The request id, if the service sent one.
    fn request_id(&self) -> Option<&str>;
}

/// Building a generated response or response structure outside its crate.
///
/// Generated responses are `#[non_exhaustive]`, so that a field the
/// documents add later does not break code that builds them: a struct
/// literal cannot name them outside the crate, but `Default` and their
/// public fields can, and [`with`](Shape::with) does both in one
/// expression (for mocks and tests):
///
/// ```
/// use acs_runtime::Shape;
///
/// #[derive(Debug, Default, PartialEq)]
/// #[non_exhaustive]
/// pub struct Zone { pub zone_id: Option<String> }
/// impl Shape for Zone {}
///
/// let zone = Zone::default().with(|z| z.zone_id = Some("cn-hangzhou-a".into()));
/// assert_eq!(zone.zone_id.as_deref(), Some("cn-hangzhou-a"));
/// ```
pub trait Shape: Default {
    /// The value after `f` has set its fields.
    fn with(mut self, f: impl FnOnce(&mut Self)) -> Self {
        f(&mut self);
        self
    }
}

pub use operation::{
    HttpMethod, Operation, OperationError, OperationInfo, OperationKind, Params, RegionParam,
    ServiceInfo,
};
/// Re-exported for generated code, which derives `Deserialize` on requests
/// (the by-name machinery) through `#[serde(crate = "::acs_runtime::serde")]`,
/// so SDK crates need no serde dependency of their own.
#[doc(hidden)]
pub use serde;
/// Re-exported for generated code and its users: the type of `Json` values
/// and of [`tree`] values.
pub use serde_json;
