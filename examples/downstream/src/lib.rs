//! An SDK for a made-up product, `TodoList`, generated at build time from
//! this crate's own `spec/` by `codegen` (see `build.rs`). Everything the
//! generated code does not hold (signing, credentials, endpoints, retries,
//! transport) is `acs-runtime`'s.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use todo_list_sdk::{Client, CreateTodoRequest};
//!
//! // The client's region is also every request's `RegionId`.
//! let client = Client::new(acs_runtime::Config::builder().region("cn-hangzhou").build()?);
//! let created = client
//!     .create_todo(&CreateTodoRequest::new("Write the README").tag("docs"))
//!     .await?;
//! println!("{:?}", created.todo_id);
//! # Ok(())
//! # }
//! ```

// The file is named after the spec's `product` in snake_case: TodoList → todo_list.rs.
include!(concat!(env!("OUT_DIR"), "/todo_list.rs"));
