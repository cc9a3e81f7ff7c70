//! The markdown importer on arbitrary documents.
//!
//! One input is one or more documents split at lines `<!-- fuzz:next -->`
//! (the seeds are the zh-CN and en-US documents of one operation, so the
//! merge of two languages is reached). Each is written to a file and the
//! whole set imported with `codegen::import::import`, which must return
//! findings, never panic. What it imports must be consistent with itself:
//! the rendered file passes its own hand-edit check (`is_pristine`) and its
//! YAML reads back as the same operation.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use acs_fuzz::{assert_imported_file_reads_back, scratch_dir, sections};
use libfuzzer_sys::fuzz_target;

const MARKER: &str = "<!-- fuzz:next -->";

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| scratch_dir("import"))
}

fuzz_target!(|data: &[u8]| {
    let dir = dir();
    let docs = dir.join("docs");
    let _ = std::fs::remove_dir_all(&docs);
    std::fs::create_dir_all(&docs).unwrap();
    let text = String::from_utf8_lossy(data);
    let parts = sections(&text, MARKER);
    if parts.len() == 1 {
        // One document: its bytes as they are (invalid UTF-8 included).
        std::fs::write(docs.join("Doc0.md"), data).unwrap();
    } else {
        for (i, (_, body)) in parts.iter().enumerate().take(4) {
            std::fs::write(docs.join(format!("Doc{i}.md")), body).unwrap();
        }
    }

    let (imported, findings) = codegen::import::import(std::slice::from_ref(&docs));
    let _ = findings.to_string();
    for op in &imported {
        assert_imported_file_reads_back(op);
    }
});
