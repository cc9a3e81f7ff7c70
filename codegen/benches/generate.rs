//! What a downstream build script pays: loading, validating and generating
//! a spec (`spec/`: whatever it holds; the full ECS spec is the measure of
//! BENCHMARKS.md, "Cost at scale").
//!
//! Build scripts are compiled without optimisation, so run it in both
//! profiles (`scripts/bench.sh` does):
//!
//! ```sh
//! cargo bench -p codegen --bench generate                # release
//! cargo bench -p codegen --bench generate --profile dev  # what a build script pays
//! ```

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn spec_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec"))
}

fn generate(format: bool, by_name: bool) -> Vec<codegen::GeneratedFile> {
    let (files, _) = codegen::Config::new()
        .spec_dir(black_box(spec_dir()))
        .source_label("spec/")
        .cargo_metadata(false)
        .format(format)
        .by_name(by_name)
        .generate()
        .expect("generates");
    files
}

fn bench(c: &mut Criterion) {
    let dir = spec_dir();
    let mut group = c.benchmark_group("generate");
    // The full ECS spec takes seconds per iteration in the debug profile.
    group.sample_size(10);
    group.bench_function("load+validate (spec/)", |b| {
        b.iter(|| black_box(codegen::check(black_box(dir)).expect("valid spec")))
    });
    group.bench_function("load+validate+lower+emit, unformatted (OUT_DIR)", |b| {
        b.iter(|| black_box(generate(false, false)))
    });
    group.bench_function(
        "load+validate+lower+emit, formatted (codegen generate)",
        |b| b.iter(|| black_box(generate(true, false))),
    );
    group.bench_function(
        "load+validate+lower+emit, formatted, by-name (before)",
        |b| b.iter(|| black_box(generate(true, true))),
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
