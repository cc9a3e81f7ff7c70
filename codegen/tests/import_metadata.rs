//! `codegen import` of API metadata (`api-docs.json`), on a small file
//! written for these tests (`tests/fixtures/metadata/api-docs.json`) that
//! has every shape the published metadata uses and its quirks: a parameter
//! listed twice, dotted names, lists named element by element, `key` next
//! to `Key`, a status `4003`, codes that differ only in a dot, an example
//! the schema contradicts, a demo that is not JSON. The files written and
//! the findings are pinned by snapshots; the result must validate.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::WriteStatus;
use codegen::import::{Options, metadata};

const FIXTURE: &str = "tests/fixtures/metadata/api-docs.json";

fn fixture() -> Vec<PathBuf> {
    vec![PathBuf::from(FIXTURE)]
}

fn options(dir: &Path, force: bool) -> Options {
    Options {
        out: dir.to_owned(),
        force,
    }
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn every_api_and_the_service_are_written_and_validate() {
    let dir = tempfile::tempdir().unwrap();
    let outcome = metadata::run(&fixture(), &options(dir.path(), false), &[]);
    let mut written: Vec<String> = outcome
        .written
        .iter()
        .map(|(p, s)| {
            let rel = p.strip_prefix(dir.path()).unwrap().display().to_string();
            format!("{rel} {s:?}")
        })
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "operations/OldThing.yaml Created",
            "operations/RunThing.yaml Created",
            "service.yaml Created"
        ]
    );
    insta::assert_snapshot!("metadata.findings", outcome.findings.to_string());
    insta::assert_snapshot!("metadata.service.yaml", read(dir.path(), "service.yaml"));
    insta::assert_snapshot!(
        "metadata.RunThing.yaml",
        read(dir.path(), "operations/RunThing.yaml")
    );
    insta::assert_snapshot!(
        "metadata.OldThing.yaml",
        read(dir.path(), "operations/OldThing.yaml")
    );
    // `bad.name` is the one error: it is not an action name.
    let errors: Vec<String> = outcome
        .findings
        .0
        .iter()
        .filter(|f| f.severity == codegen::import::Severity::Error)
        .map(|f| f.message.clone())
        .collect();
    assert_eq!(
        errors,
        ["apis.bad.name: `bad.name` is not an action name; not imported"]
    );
    if let Err(d) = codegen::check(dir.path()) {
        panic!("the imported spec does not validate:\n{d}");
    }
    // And the SDK generates from it.
    let out = tempfile::tempdir().unwrap();
    codegen::Config::new()
        .spec_dir(dir.path())
        .out_dir(out.path())
        .cargo_metadata(false)
        .compile()
        .unwrap();
}

#[test]
fn importing_is_deterministic_and_keeps_hand_edits() {
    let (first, _) = metadata::import(Path::new(FIXTURE), &[]);
    let (second, _) = metadata::import(Path::new(FIXTURE), &[]);
    let files = |i: &metadata::MetadataImport| -> Vec<String> {
        i.operations
            .iter()
            .map(|o| o.file.contents.clone())
            .collect()
    };
    assert_eq!(files(&first), files(&second));

    let dir = tempfile::tempdir().unwrap();
    metadata::run(&fixture(), &options(dir.path(), false), &[]);
    let again = metadata::run(&fixture(), &options(dir.path(), false), &[]);
    assert!(
        again
            .written
            .iter()
            .all(|(_, s)| *s == WriteStatus::Unchanged)
    );

    // A hand edit is kept (an error) without --force and replaced with it.
    let op = dir.path().join("operations/OldThing.yaml");
    let edited = read(dir.path(), "operations/OldThing.yaml").replace("zh: OldThing", "zh: 旧的");
    std::fs::write(&op, &edited).unwrap();
    let kept = metadata::run(&fixture(), &options(dir.path(), false), &[]);
    assert!(
        kept.findings
            .0
            .iter()
            .any(|f| f.message.contains("was edited by hand")),
        "{}",
        kept.findings
    );
    assert_eq!(std::fs::read_to_string(&op).unwrap(), edited);
    metadata::run(&fixture(), &options(dir.path(), true), &[]);
    assert_ne!(std::fs::read_to_string(&op).unwrap(), edited);

    // service.yaml is never replaced, not even with --force.
    let service = dir.path().join("service.yaml");
    let mine =
        read(dir.path(), "service.yaml").replace("default_method: POST", "default_method: GET");
    std::fs::write(&service, &mine).unwrap();
    metadata::run(&fixture(), &options(dir.path(), true), &[]);
    assert_eq!(std::fs::read_to_string(&service).unwrap(), mine);
}

#[test]
fn only_imports_the_named_apis() {
    let dir = tempfile::tempdir().unwrap();
    let only = ["OldThing".to_owned(), "NoSuchThing".to_owned()];
    let outcome = metadata::run(&fixture(), &options(dir.path(), false), &only);
    assert!(dir.path().join("operations/OldThing.yaml").exists());
    assert!(!dir.path().join("operations/RunThing.yaml").exists());
    assert!(
        outcome
            .findings
            .0
            .iter()
            .any(|f| f.message == "apis: no api `NoSuchThing` in the metadata"),
        "{}",
        outcome.findings
    );
}

#[test]
fn metadata_is_recognised_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.json");
    std::fs::write(&other, r#"{"info": {}}"#).unwrap();
    let copy = dir.path().join("renamed.txt");
    std::fs::copy(FIXTURE, &copy).unwrap();
    let doc = PathBuf::from("tests/fixtures/docs/zh-CN/DescribeWidgets.md");
    let inputs = vec![
        PathBuf::from(FIXTURE),
        other.clone(),
        doc.clone(),
        copy.clone(),
    ];
    let (meta, rest) = metadata::partition(&inputs);
    assert_eq!(meta, [PathBuf::from(FIXTURE), copy]);
    assert_eq!(rest, [other, doc]);
}

#[test]
fn the_command_takes_metadata_and_only() {
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_codegen"))
            .arg("import")
            .arg("--out")
            .arg(dir.path())
            .args(extra)
            .arg(FIXTURE)
            .output()
            .unwrap()
    };
    let out = run(&["--only", "RunThing,OldThing"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    // The whole file has one api that cannot be imported: exit status 1.
    assert_eq!(run(&[]).status.code(), Some(1));
}

#[test]
fn documents_of_the_same_operation_give_their_english() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("../spec/service.yaml", dir.path().join("service.yaml")).unwrap();
    let docs: Vec<PathBuf> = ["DescribeWidgets", "UpdateWidget"]
        .iter()
        .flat_map(|name| {
            ["zh-CN", "en-US"]
                .map(|lang| PathBuf::from(format!("tests/fixtures/docs/{lang}/{name}.md")))
        })
        .collect();
    let mut inputs = vec![PathBuf::from("tests/fixtures/metadata/widgets.json")];
    inputs.extend(docs.iter().cloned());
    let outcome = metadata::run(&inputs, &options(dir.path(), false), &[]);
    insta::assert_snapshot!("widgets.findings", outcome.findings.to_string());
    // The metadata's structure and Chinese, the documents' English.
    insta::assert_snapshot!(
        "widgets.DescribeWidgets.yaml",
        read(dir.path(), "operations/DescribeWidgets.yaml")
    );
    // An operation only the documents describe is imported as without metadata.
    let (from_docs, _) = codegen::import::import(&docs[2..]);
    assert_eq!(
        read(dir.path(), "operations/UpdateWidget.yaml"),
        from_docs[0].file.contents
    );
    // (whose fixture's examples contradict its table on purpose).
    std::fs::remove_file(dir.path().join("operations/UpdateWidget.yaml")).unwrap();
    if let Err(d) = codegen::check(dir.path()) {
        panic!("the imported spec does not validate:\n{d}");
    }
}

/// Metadata and both documents of one operation (`tests/fixtures/merge/`)
/// that disagree in every way the merge knows: a parameter, a field and
/// an error entry in one source only, a type, `required`, a list's
/// wrapper. The merged file follows the metadata's structure with the
/// documents' English, notes and examples; every disagreement is a finding
/// naming the source followed.
#[test]
fn metadata_and_documents_merge_by_precedence() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("../spec/service.yaml", dir.path().join("service.yaml")).unwrap();
    let inputs: Vec<PathBuf> = [
        "tests/fixtures/merge/api-docs.json",
        "tests/fixtures/merge/zh-CN/MergeGizmo.md",
        "tests/fixtures/merge/en-US/MergeGizmo.md",
    ]
    .map(PathBuf::from)
    .to_vec();
    let outcome = metadata::run(&inputs, &options(dir.path(), false), &[]);
    insta::assert_snapshot!("merge.findings", outcome.findings.to_string());
    insta::assert_snapshot!(
        "merge.MergeGizmo.yaml",
        read(dir.path(), "operations/MergeGizmo.yaml")
    );
    let counts = outcome.counts;
    assert_eq!(
        (
            counts.documents,
            counts.imported,
            counts.metadata,
            counts.apis
        ),
        (2, 2, 1, 1)
    );
    assert_eq!(
        (counts.operations, counts.merged, counts.documents_only),
        (1, 1, 0)
    );
    insta::assert_snapshot!(
        "merge.summary",
        codegen::import::report::summary(&counts, &outcome.findings)
    );
    if let Err(d) = codegen::check(dir.path()) {
        panic!("the merged spec does not validate:\n{d}");
    }
}
