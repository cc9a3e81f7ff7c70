//! What a downstream build script pays: loading, validating and generating
//! a spec. Run with `cargo bench -p codegen --bench generate`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn spec_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec"))
}

fn bench(c: &mut Criterion) {
    let dir = spec_dir();
    c.bench_function("load+validate (spec/)", |b| {
        b.iter(|| black_box(codegen::check(black_box(dir)).expect("valid spec")))
    });
    c.bench_function("load+validate+generate (spec/)", |b| {
        b.iter(|| {
            let (files, _) = codegen::Config::new()
                .spec_dir(black_box(dir))
                .source_label("spec/")
                .cargo_metadata(false)
                .generate()
                .expect("generates");
            black_box(files)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
