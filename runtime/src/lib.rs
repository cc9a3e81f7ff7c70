//! The hand-written runtime that every generated Alibaba Cloud SDK links to.
//!
//! Generated code (see the `codegen` crate) contains only types and, per
//! operation, an [`Operation`] implementation: a static description of the
//! call on a request type whose serde serialization is its wire parameters. Everything
//! else is written once, here:
//!
//! * [`operation`]: the seam between generated code and this runtime;
//! * [`params`]: requests flattened into RPC wire parameters (`Tag.1.Key`);
//! * [`sign`]: the V3 (`ACS3-HMAC-SHA256`) and V2 (RPC, HMAC-SHA1) signatures;
//! * [`credentials`]: credential providers and the default chain;
//! * [`endpoint`]: endpoint resolution from region, spec map or override;
//! * [`de`]: lenient deserializers that accept what the service really sends;
//! * [`error`]: the service error and the error every call returns;
//! * [`dynamic`]: calling operations by name, for command-line tools;
//! * [`transport`]: the transport seam and the default HTTP client;
//! * [`xml`]: XML bodies as JSON value trees, read by the same serde types.
#![forbid(unsafe_code)]

pub mod client;
pub mod credentials;
pub mod de;
pub mod dynamic;
pub mod endpoint;
pub mod error;
pub mod operation;
pub mod params;
pub mod response;
pub mod retry;
pub mod sign;
pub mod transport;
pub mod xml;

pub use client::{CallOptions, Client, Config};
pub use error::{SdkError, ServiceError};
pub use response::ResponseFormat;
pub use retry::{RetryClass, RetryConfig};

pub use operation::{
    HttpMethod, Operation, OperationError, OperationInfo, OperationKind, Params, ServiceInfo,
};
/// Re-exported for generated code, which derives through
/// `#[serde(crate = "::acs_runtime::serde")]` so SDK crates need no serde
/// dependency of their own.
#[doc(hidden)]
pub use serde;
/// Re-exported for generated code: the type of `Json` values.
pub use serde_json;
