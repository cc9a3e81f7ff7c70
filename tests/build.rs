//! Generates the SDKs of the compiled fixtures, exactly as a downstream
//! crate would: `naming` (keywords, leading digits, collisions), `shapes`
//! (every wire shape of requests, responses and errors) and `global` (an
//! STS-like service written by hand, with no endpoint pattern).
//!
//! Their output is formatted and has the by-name machinery, so that the
//! snapshots in `tests/generate.rs` are byte for byte what compiles here
//! (and `shapes::OPERATIONS` parses that fixture's examples).

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for fixture in ["naming", "shapes", "global"] {
        let spec = root.join("fixtures/good").join(fixture);
        if let Err(e) = codegen::Config::new()
            .spec_dir(&spec)
            .source_label(format!("fixtures/good/{fixture}/"))
            .format(true)
            .by_name(true)
            .compile()
        {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
