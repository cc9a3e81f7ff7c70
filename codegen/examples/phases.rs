//! Where `Config::generate` spends its time, phase by phase, on `spec/`
//! (or the directory given): `cargo run -p codegen --example phases`.
//! Run it in the debug profile to see what a build script pays. Times are
//! CPU time (Linux), not wall time.

use std::path::PathBuf;
use std::time::Duration;

/// CPU time of this process (user + system), from `/proc/self/stat` (Linux):
/// on a shared machine, wall time measures the neighbours too.
struct Instant(Duration);

impl Instant {
    fn now() -> Self {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        let after = stat.rsplit(')').next().unwrap_or_default();
        let fields: Vec<u64> = after
            .split_whitespace()
            .map(|f| f.parse().unwrap_or(0))
            .collect();
        // utime and stime are fields 14 and 15 of the line, in clock ticks (100 Hz).
        let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
        Instant(Duration::from_millis(ticks * 10))
    }

    fn elapsed(&self) -> Duration {
        Instant::now().0.saturating_sub(self.0)
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec")));
    let texts: Vec<String> = std::fs::read_dir(dir.join("operations"))
        .expect("operations/")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("reads"))
        .collect();
    let t = Instant::now();
    for text in &texts {
        std::hint::black_box(codegen::spec::span::SourceMap::build_partial(text));
    }
    let span = t.elapsed();
    let t = Instant::now();
    for text in &texts {
        let op: codegen::spec::OperationFile = serde_yaml::from_str(text).expect("parses");
        std::hint::black_box(op);
    }
    let serde = t.elapsed();
    println!("load parts: positions (saphyr) {span:.2?}, values (serde_yaml) {serde:.2?}");
    let t = Instant::now();
    let (loaded, _) = codegen::spec::load_dir_partial(&dir);
    let loaded = loaded.expect("loads");
    let load = t.elapsed();
    let t = Instant::now();
    let diags = codegen::validate::validate(&loaded);
    assert!(diags.is_empty(), "{diags}");
    let validate = t.elapsed();
    let t = Instant::now();
    let service = codegen::lower::lower(&loaded, "spec/", "0");
    let lower = t.elapsed();
    for by_name in [false, true] {
        let t = Instant::now();
        let items = codegen::emit::service_items(&service, codegen::emit::Options { by_name });
        let emit = t.elapsed();
        let t = Instant::now();
        let plain = codegen::emit::render_items(&items, &service.source, "x");
        let to_string = t.elapsed();
        let t = Instant::now();
        let tokens = quote::quote!(#(#items)*);
        let file: syn::File = syn::parse2(tokens).expect("parses");
        let parse = t.elapsed();
        let t = Instant::now();
        let pretty = prettyplease::unparse(&file);
        let unparse = t.elapsed();
        println!(
            "by_name={by_name}: load {load:.2?}, validate {validate:.2?}, lower {lower:.2?}, emit {emit:.2?}, \
             to_string {to_string:.2?} ({} bytes) | syn parse {parse:.2?}, prettyplease {unparse:.2?} ({} lines)",
            plain.len(),
            pretty.lines().count()
        );
    }
}
