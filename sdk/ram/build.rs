//! Generates the RAM SDK from `../../specs/ram` into `$OUT_DIR/ram.rs`.

fn main() {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs/ram");
    if let Err(e) = codegen::Config::new()
        .spec_dir(&spec)
        .source_label("specs/ram/")
        .compile()
    {
        // Cargo shows a build script's stderr on failure: every problem, one per line.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
