//! The spec loader, validator, lowering and emitter on arbitrary YAML.
//!
//! One input is up to three files, split at marker lines: the operation
//! file (first), `#--- overlay` (its overlay) and `#--- service` (the
//! service file; the real `spec/service.yaml` when absent). The operation
//! file is named after its `name:` line, so that inputs reach validation
//! past the file-name check. `codegen::check` (load, overlays, validation)
//! must return every problem as a diagnostic, never panic.
//!
//! Mutations are structure-aware half the time: the YAML is parsed into a
//! tree and a node replaced, deleted, duplicated, swapped or nested
//! (`acs_fuzz::mutate_sections`); the other half libFuzzer's byte mutations.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use acs_fuzz::{Rng, mutate_sections, scratch_dir, sections};
use libfuzzer_sys::{fuzz_mutator, fuzz_target};

const MARKER: &str = "#--- ";
const SERVICE: &str = include_str!("../../spec/service.yaml");

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| scratch_dir("spec"))
}

/// The operation's name from its `name:` line, as a safe file stem.
fn stem(op: &str) -> String {
    let name = op
        .lines()
        .find_map(|l| l.strip_prefix("name:"))
        .unwrap_or("")
        .trim()
        .trim_matches(['\'', '"']);
    let stem: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(64)
        .collect();
    if stem.is_empty() { "Fuzz".into() } else { stem }
}

fn reset(dir: &std::path::Path) {
    for sub in ["operations", "overlays"] {
        let _ = std::fs::remove_dir_all(dir.join(sub));
        std::fs::create_dir_all(dir.join(sub)).expect("scratch subdirectory");
    }
}

fuzz_target!(|data: &[u8]| {
    // The loader reads files as text; bytes that are not UTF-8 are its
    // concern too, so they are written as they are.
    let text = String::from_utf8_lossy(data);
    let parts = sections(&text, MARKER);
    let dir = dir();
    reset(dir);
    let op = parts[0].1;
    let name = stem(op);
    let mut service = SERVICE;
    // The operation file gets the raw bytes of its part when the input is
    // UTF-8 up to there, so invalid UTF-8 reaches the loader.
    let op_bytes: &[u8] = if parts.len() == 1 {
        data
    } else {
        op.as_bytes()
    };
    std::fs::write(
        dir.join("operations").join(format!("{name}.yaml")),
        op_bytes,
    )
    .unwrap();
    for (kind, body) in &parts[1..] {
        match *kind {
            "overlay" => {
                std::fs::write(dir.join("overlays").join(format!("{name}.yaml")), body).unwrap()
            }
            "service" => service = body,
            _ => {}
        }
    }
    std::fs::write(dir.join("service.yaml"), service).unwrap();

    // Rendering every message must not panic either. Lowering and emitting
    // are not run here: prettyplease costs milliseconds per input, which
    // would cut the executions a run gets by two orders of magnitude.
    if let Err(diagnostics) = codegen::check(dir) {
        let _ = diagnostics.to_string();
    }
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    let mut rng = Rng::new(seed);
    if rng.below(2) == 0
        && let Some(mutated) = mutate_sections(&data[..size], MARKER, &mut rng)
        && mutated.len() <= max_size
    {
        data[..mutated.len()].copy_from_slice(&mutated);
        return mutated.len();
    }
    libfuzzer_sys::fuzzer_mutate(data, size, max_size)
});
