//! Generates the ECS SDK from `../spec` into `$OUT_DIR/ecs.rs`.

fn main() {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    if let Err(e) = codegen::Config::new()
        .spec_dir(&spec)
        .source_label("spec/")
        .compile()
    {
        // Cargo shows a build script's stderr on failure: every problem, one per line.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
