//! Generates the SDK of the naming fixture (keywords, leading digits,
//! collisions) so that its output is compiled, exactly as a downstream crate
//! would do it.

fn main() {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/good/naming");
    if let Err(e) = codegen::Config::new()
        .spec_dir(&spec)
        .source_label("fixtures/good/naming/")
        .compile()
    {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
