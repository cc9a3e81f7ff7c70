//! Generates the SDKs of the good fixtures so that their output is
//! compiled, exactly as a downstream crate would do it: the naming fixture
//! (keywords, leading digits, collisions) and the global fixture (an
//! STS-like service written by hand, with no endpoint pattern).

fn main() {
    for fixture in ["naming", "global"] {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/good")
            .join(fixture);
        if let Err(e) = codegen::Config::new()
            .spec_dir(&spec)
            .source_label(format!("fixtures/good/{fixture}/"))
            .compile()
        {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
