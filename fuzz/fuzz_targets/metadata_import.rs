//! The metadata importer (`api-docs.json`, the format API Explorer serves)
//! on arbitrary documents.
//!
//! One input is one metadata file (the seeds are the real ECS, RAM and STS
//! metadata cut to one api each, with every other top-level section kept, so
//! mutations reach parameters, schemas, error codes and examples). It is
//! imported with `codegen::import::metadata::import`, which must return
//! findings, never panic. What it imports must be consistent with itself:
//! each rendered file passes its own hand-edit check (`is_pristine`) and its
//! YAML reads back as the same operation.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use acs_fuzz::{assert_imported_file_reads_back, scratch_dir};
use libfuzzer_sys::fuzz_target;

fn file() -> &'static PathBuf {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| scratch_dir("metadata").join("api-docs.json"))
}

fuzz_target!(|data: &[u8]| {
    let file = file();
    std::fs::write(file, data).unwrap();
    let (imported, findings) = codegen::import::metadata::import(file, &[]);
    let _ = findings.to_string();
    for op in &imported.operations {
        assert_imported_file_reads_back(op);
    }
});
