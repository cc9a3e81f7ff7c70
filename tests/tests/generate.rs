//! The generated source, pinned by snapshots, is the source that compiles;
//! generation is deterministic and leaves unchanged files alone.

use std::path::Path;
use std::time::{Duration, SystemTime};

use codegen::{Config, WriteStatus};

/// Formatted, with the by-name machinery: what tests/build.rs generates
/// for the fixtures, and what acs-ecs (with the `by-name` feature these
/// tests turn on) compiles once formatted.
fn generate(spec: &str, label: &str) -> Vec<codegen::GeneratedFile> {
    generate_with(spec, label, true)
}

fn generate_with(spec: &str, label: &str, format: bool) -> Vec<codegen::GeneratedFile> {
    let (files, _) = Config::new()
        .spec_dir(spec)
        .source_label(label)
        .by_name(true)
        .format(format)
        .cargo_metadata(false)
        .generate()
        .unwrap_or_else(|e| panic!("{spec}: {e}"));
    files
}

#[test]
fn the_whole_sdk_is_what_the_sdk_crate_compiles() {
    let files = generate("../spec", "spec/");
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].name, "ecs.rs");
    // The acs-ecs crate includes its build script's output, written
    // unformatted to OUT_DIR: it is byte-identical to the unformatted
    // generation, and formatted it is the formatted generation. The whole
    // ECS SDK is too large to pin as one snapshot: the seed operations are
    // pinned below, the others are covered by the corpus checks
    // (.ci/corpus*.sh).
    let plain = generate_with("../spec", "spec/", false);
    assert_eq!(plain[0].contents, acs_ecs::GENERATED_SOURCE);
    let formatted = codegen::emit::format_source(acs_ecs::GENERATED_SOURCE).expect("parses");
    assert_eq!(formatted, files[0].contents);
}

/// The operations whose documents the spec started from; their generated
/// modules stay pinned.
const PINNED: [&str; 2] = ["DeleteActivation", "DeregisterManagedInstance"];

#[test]
fn the_seed_operations_are_pinned() {
    let service = codegen::lower_dir(Path::new("../spec"), "spec/").expect("valid spec");
    assert!(service.operations.len() > 300, "the whole ECS API");
    for action in PINNED {
        let source = codegen::render_operation(&service, action)
            .expect("operation exists")
            .expect("renders");
        // The fingerprint is the whole spec's: any operation's change moves
        // it, so it is not pinned here, only where it was.
        let fingerprint = format!("spec fingerprint {}.", service.source.fingerprint);
        assert!(source.contains(&fingerprint), "{source}");
        let source = source.replace(&fingerprint, "spec fingerprint [whole spec].");
        insta::assert_snapshot!(format!("operation__{action}"), source);
    }
}

#[test]
fn the_naming_fixture_is_pinned_and_compiles() {
    let files = generate("fixtures/good/naming", "fixtures/good/naming/");
    assert_eq!(files[0].contents, sdk_tests::naming::GENERATED_SOURCE);
    insta::assert_snapshot!("naming_sdk", files[0].contents);
}

#[test]
fn the_shapes_fixture_is_pinned_and_compiles() {
    let files = generate("fixtures/good/shapes", "fixtures/good/shapes/");
    assert_eq!(files[0].contents, sdk_tests::shapes::GENERATED_SOURCE);
    insta::assert_snapshot!("shapes_sdk", files[0].contents);
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let first = generate("../spec", "spec/");
    let plain = generate_with("../spec", "spec/", false);
    for _ in 0..3 {
        assert_eq!(generate("../spec", "spec/"), first);
        assert_eq!(generate_with("../spec", "spec/", false), plain);
    }
    let naming = generate("fixtures/good/naming", "n/");
    assert_eq!(generate("fixtures/good/naming", "n/"), naming);
}

#[test]
fn regenerating_unchanged_output_rewrites_nothing() {
    let out = tempfile::tempdir().unwrap();
    let report = Config::new()
        .spec_dir("../spec")
        .out_dir(out.path())
        .cargo_metadata(false)
        .compile()
        .unwrap();
    assert_eq!(report.len(), 1);
    assert_eq!(report[0].1, WriteStatus::Created);
    let path = &report[0].0;
    // Backdate the file; a rewrite would move its modification time.
    let past = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(past)
        .unwrap();

    let again = Config::new()
        .spec_dir("../spec")
        .out_dir(out.path())
        .cargo_metadata(false)
        .compile()
        .unwrap();
    assert_eq!(again[0].1, WriteStatus::Unchanged);
    let modified = std::fs::metadata(path).unwrap().modified().unwrap();
    assert_eq!(modified, past, "an unchanged file was rewritten");
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        1,
        "stray files in the output"
    );
}

#[test]
fn a_bad_spec_writes_nothing_and_leaves_existing_output_alone() {
    let out = tempfile::tempdir().unwrap();
    let existing = out.path().join("demo.rs");
    std::fs::write(&existing, "// previous output\n").unwrap();
    let err = Config::new()
        .spec_dir("fixtures/bad/example-type")
        .out_dir(out.path())
        .cargo_metadata(false)
        .compile()
        .unwrap_err();
    assert!(matches!(err, codegen::Error::Spec(_)), "{err}");
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "// previous output\n"
    );
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        1,
        "something was written"
    );
}

#[test]
fn the_header_says_generated_from_which_spec() {
    let files = generate("../spec", "spec/");
    let first = files[0].contents.lines().next().unwrap();
    assert!(first.starts_with("// @generated by codegen "), "{first}");
    assert!(first.contains("from spec/ (Ecs 2014-05-26)"), "{first}");
}

#[test]
fn every_spec_file_read_is_an_input_for_rerun_if_changed() {
    let (_, inputs) = Config::new()
        .spec_dir("../spec")
        .cargo_metadata(false)
        .generate()
        .unwrap();
    let mut expected = vec![Path::new("../spec/service.yaml").to_owned()];
    for dir in ["../spec/operations", "../spec/overlays"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                expected.push(path);
            }
        }
    }
    assert!(expected.len() >= 5, "{expected:?}");
    for file in &expected {
        assert!(
            inputs.contains(file),
            "{} is not reported as an input: {inputs:?}",
            file.display()
        );
    }
    // The directories too, so that a new operation file triggers a rerun.
    assert!(
        inputs.contains(&Path::new("../spec/operations").to_owned()),
        "{inputs:?}"
    );
}
