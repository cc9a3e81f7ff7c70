//! Generates the STS SDK from `../../specs/sts` into `$OUT_DIR/sts.rs`.

fn main() {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs/sts");
    if let Err(e) = codegen::Config::new()
        .spec_dir(&spec)
        .source_label("specs/sts/")
        .compile()
    {
        // Cargo shows a build script's stderr on failure: every problem, one per line.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
