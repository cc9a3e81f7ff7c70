//! Tests of the generator and the generated SDK live in `tests/tests/`.
//!
//! This library compiles the SDK generated from `fixtures/good/naming`, a
//! spec whose names are chosen to break naive generators (Rust keywords,
//! leading digits, two structs with one name, parameters named like the
//! generated code's locals). That it compiles, under the workspace's lints,
//! is the test. It also compiles the SDK of `fixtures/good/global`, a global
//! service written by hand.
//!
//! `fixtures/good/shapes` is compiled the same way: every wire shape.
//!
//! It also holds [`server`], a loopback stand-in for the ECS endpoint that
//! the end-to-end tests (`tests/e2e.rs`, `tests/cli.rs`) call over real HTTP.

/// The SDK generated from the naming fixture.
pub mod naming {
    include!(concat!(env!("OUT_DIR"), "/naming.rs"));

    /// The source that was compiled.
    pub const GENERATED_SOURCE: &str = include_str!(concat!(env!("OUT_DIR"), "/naming.rs"));
}

/// The SDK generated from the shapes fixture: repeat lists of structures,
/// flat structures, JSON-encoded parameters, wrapped and bare response
/// lists, error codes as services publish them, an operation without
/// parameters or error codes.
pub mod shapes {
    include!(concat!(env!("OUT_DIR"), "/shapes.rs"));

    /// The source that was compiled.
    pub const GENERATED_SOURCE: &str = include_str!(concat!(env!("OUT_DIR"), "/shapes.rs"));
}

pub mod examples;

/// The SDK generated from `fixtures/good/global`: a global service (STS's
/// shape) written by hand, with plain-string descriptions. Its file is named
/// after the product in snake_case, `sts.rs`.
pub mod global {
    include!(concat!(env!("OUT_DIR"), "/sts.rs"));

    /// The source that was compiled.
    pub const GENERATED_SOURCE: &str = include_str!(concat!(env!("OUT_DIR"), "/sts.rs"));
}

pub mod server;
