//! `codegen check` on bad specs: every mistake is reported with the file,
//! the path inside the spec and line:column, all of them in one run. The
//! message text is part of the interface, so it is snapshotted.

use std::path::{Path, PathBuf};

fn bad_cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir("fixtures/bad")
        .expect("fixtures/bad exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_bad_spec_is_rejected_with_file_path_and_position() {
    let cases = bad_cases();
    assert!(
        cases.len() >= 12,
        "expected at least 12 bad-spec fixtures, found {}",
        cases.len()
    );
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let diags = match codegen::check(case) {
            Ok(_) => panic!("{name}: the bad spec was accepted"),
            Err(d) => d,
        };
        assert!(!diags.is_empty());
        for d in diags.iter() {
            assert!(
                d.location.file.starts_with(case),
                "{name}: the error names a file outside the fixture: {d}"
            );
            assert!(
                d.location.line_col.is_some(),
                "{name}: no line:column in {d}"
            );
            assert!(!d.location.path.is_empty(), "{name}: no spec path in {d}");
        }
        insta::assert_snapshot!(format!("check__{name}"), diags.to_string());
    }
}

#[test]
fn all_problems_of_one_run_are_reported() {
    let diags = codegen::check(Path::new("fixtures/bad/many-mistakes")).unwrap_err();
    let files: std::collections::BTreeSet<_> =
        diags.iter().map(|d| d.location.file.clone()).collect();
    assert_eq!(diags.len(), 3, "{diags}");
    assert_eq!(
        files.len(),
        3,
        "one problem in each of three files: {diags}"
    );
}

#[test]
fn the_project_spec_and_the_naming_fixture_are_valid() {
    for dir in ["../spec", "fixtures/good/naming", "fixtures/good/shapes"] {
        if let Err(d) = codegen::check(Path::new(dir)) {
            panic!("{dir} should be valid:\n{d}");
        }
    }
}

/// Examples that contradict the declared response are the publisher's
/// mistakes, not the spec's: reported as warnings (located like errors and
/// snapshotted), never fatal, so the SDK still generates.
#[test]
fn examples_that_contradict_the_response_are_located_warnings() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir("fixtures/warn")
        .expect("fixtures/warn exists")
        .map(|e| e.expect("readable entry").path())
        .collect();
    cases.sort();
    assert_eq!(cases.len(), 2);
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let (loaded, warnings) = codegen::check_with_warnings(case);
        assert!(loaded.is_some(), "{name}: rejected: {warnings}");
        assert!(warnings.is_empty(), "{name}: errors: {warnings}");
        assert!(warnings.warning_count() > 0, "{name}: no warning");
        for d in warnings.iter() {
            assert_eq!(d.severity, codegen::diag::Severity::Warning, "{d}");
            assert!(
                d.location.line_col.is_some(),
                "{name}: no line:column in {d}"
            );
        }
        insta::assert_snapshot!(format!("warn__{name}"), warnings.to_string());
        assert!(
            codegen::check(case).is_ok(),
            "{name}: check fails on warnings"
        );
    }
}
