//! Replays every input in `fixtures/fuzz-regressions/<target>/` (inputs the
//! fuzzers once crashed on, minimised) through what that fuzz target calls:
//! each must now be an answer or an error, never a panic. The input formats
//! are the targets' (`fuzz/fuzz_targets/*.rs`).

use std::path::{Path, PathBuf};

use acs_ecs::{DeleteActivationRequest, DeregisterManagedInstanceRequest};
use acs_runtime::response::parse_response;
use bytes::Bytes;

const DIR: &str = "fixtures/fuzz-regressions";

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(DIR).join(target);
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .map(|p| {
                    let bytes = std::fs::read(&p).unwrap();
                    (p, bytes)
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Each replayed target has inputs: a replay of nothing would pass without
/// checking anything.
#[test]
fn every_replayed_target_has_inputs() {
    for target in ["spec_load_validate", "response_parse"] {
        assert!(!inputs(target).is_empty(), "no inputs for {target}");
    }
}

/// `response_parse`: status byte, content-type byte, flags byte, body.
#[test]
fn response_parse_inputs() {
    const STATUSES: &[u16] = &[
        200, 200, 200, 204, 299, 400, 400, 403, 404, 500, 503, 302, 100,
    ];
    const CONTENT_TYPES: &[Option<&str>] = &[
        None,
        Some("application/json"),
        Some("application/json;charset=utf-8"),
        Some("text/xml"),
        Some("application/xml; charset=UTF-8"),
        Some("text/html"),
        Some("application/octet-stream"),
        Some("APPLICATION/PROBLEM+JSON"),
        Some("text/plain"),
        Some("xml"),
        Some(";json"),
        Some("x"),
    ];
    for (path, data) in inputs("response_parse") {
        let [status, content_type, _flags, body @ ..] = data.as_slice() else {
            continue;
        };
        let mut builder =
            http::Response::builder().status(STATUSES[usize::from(*status) % STATUSES.len()]);
        if let Some(ct) = CONTENT_TYPES[usize::from(*content_type) % CONTENT_TYPES.len()] {
            builder = builder.header(http::header::CONTENT_TYPE, ct);
        }
        let response = builder.body(Bytes::copy_from_slice(body)).unwrap();
        eprintln!("{}", path.display());
        let _ = format!("{:?}", parse_response::<DeleteActivationRequest>(&response));
        let _ = format!(
            "{:?}",
            parse_response::<DeregisterManagedInstanceRequest>(&response)
        );
    }
}

/// `spec_load_validate`: an operation file (the other sections are not
/// replayed here; put a whole spec directory's files in the fixture name if
/// one ever needs them).
#[test]
fn spec_load_validate_inputs() {
    for (path, data) in inputs("spec_load_validate") {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy("../spec/service.yaml", dir.path().join("service.yaml")).unwrap();
        std::fs::create_dir(dir.path().join("operations")).unwrap();
        std::fs::write(dir.path().join("operations").join("Fuzz.yaml"), &data).unwrap();
        eprintln!("{}", path.display());
        if let Err(d) = codegen::check(dir.path()) {
            let _ = d.to_string();
        }
    }
}
