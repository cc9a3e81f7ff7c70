//! Alibaba Cloud ECS (API version 2014-05-26): a typed, signed SDK generated
//! by `codegen` from the YAML spec in `spec/` at build time.
//!
//! Each operation has a module with its request type (required parameters
//! are constructor arguments, except `RegionId`: the client's region is sent
//! when a request leaves it unset), its response types (with the real
//! nesting) and its error enum (documented codes plus a catch-all);
//! [`Client`] has one async method per operation, and [`Error`] is any
//! operation's failure, for `?` across operations. Everything else (signing,
//! credentials, endpoints, retries, transport) is the `acs-runtime` crate's.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use acs_ecs::{Client, DeleteActivationRequest};
//!
//! let client = Client::new(acs_runtime::Config::builder().region("cn-hangzhou").build()?);
//! let request = DeleteActivationRequest::new("4ECEEE12-56F1-4FBC-9AB1-890F1234****");
//! let response = client.delete_activation(&request).await?;
//! println!("{:?}", response.activation);
//! # Ok(())
//! # }
//! ```

include!(concat!(env!("OUT_DIR"), "/ecs.rs"));

/// The generated source this crate compiled, so tests can prove that the
/// snapshotted output is the code that builds.
#[doc(hidden)]
pub const GENERATED_SOURCE: &str = include_str!(concat!(env!("OUT_DIR"), "/ecs.rs"));
