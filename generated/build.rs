//! Generates the ECS SDK from `../spec` into `$OUT_DIR/ecs.rs`.
//!
//! Unformatted (only rustc reads `OUT_DIR`; `cargo run -p codegen -- generate`
//! writes the formatted copy for people); with the by-name machinery only when
//! the `by-name` feature is on; and, when `ACS_ECS_OPERATIONS` is set (names or
//! `*` patterns, comma-separated), with only those operations, for a build
//! that pays for part of the API (BENCHMARKS.md, "Cost at scale").

fn main() {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    println!("cargo:rerun-if-env-changed=ACS_ECS_OPERATIONS");
    let mut config = codegen::Config::new();
    config
        .spec_dir(&spec)
        .source_label("spec/")
        .by_name(std::env::var_os("CARGO_FEATURE_BY_NAME").is_some());
    if let Ok(selection) = std::env::var("ACS_ECS_OPERATIONS") {
        config.operations(
            selection
                .split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty()),
        );
    }
    if let Err(e) = config.compile() {
        // Cargo shows a build script's stderr on failure: every problem, one per line.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
