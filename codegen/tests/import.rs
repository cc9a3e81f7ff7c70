//! `codegen import` on documents written for these tests
//! (`tests/fixtures/docs/{zh-CN,en-US}`, in the format of the real ones):
//! the YAML it writes and the warnings and errors it prints (both pinned by
//! snapshots), that the result validates and generates, that importing again
//! changes nothing, that hand edits are kept without `--force`, the overlay
//! rule, and the command's exit status.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use codegen::WriteStatus;
use codegen::import::{self, Options};
use codegen::spec::load::from_yaml;
use codegen::spec::{OperationFile, Scalar, TypeName};

const DOCS: &str = "tests/fixtures/docs";

fn docs(name: &str) -> Vec<PathBuf> {
    ["zh-CN", "en-US"]
        .iter()
        .map(|lang| Path::new(DOCS).join(lang).join(format!("{name}.md")))
        .collect()
}

/// A spec directory with the project's service.yaml and `name`'s documents imported.
fn imported_spec(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("../spec/service.yaml", dir.path().join("service.yaml")).unwrap();
    let inputs: Vec<PathBuf> = names.iter().flat_map(|n| docs(n)).collect();
    let outcome = import::run(
        &inputs,
        &Options {
            out: dir.path().to_owned(),
            force: false,
        },
    );
    assert!(!outcome.findings.has_errors(), "{}", outcome.findings);
    dir
}

#[test]
fn a_document_pair_becomes_one_operation() {
    let (ops, findings) = import::import(&docs("DescribeWidgets"));
    assert_eq!(ops.len(), 1, "{findings}");
    assert!(!findings.has_errors(), "{findings}");
    insta::assert_snapshot!("DescribeWidgets.yaml", ops[0].file.contents);
    // The parameter only the English document has, and the error code only the Chinese one has.
    insta::assert_snapshot!("DescribeWidgets.findings", findings.to_string());
}

#[test]
fn the_imported_spec_validates_and_generates() {
    let dir = imported_spec(&["DescribeWidgets"]);
    let loaded = codegen::check(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(loaded.operations.len(), 1);
    let (files, _) = codegen::Config::new()
        .spec_dir(dir.path())
        .cargo_metadata(false)
        .generate()
        .unwrap();
    assert!(files[0].contents.contains("pub async fn describe_widgets"));
}

#[test]
fn table_and_example_disagreements_are_warnings_with_lines() {
    let (ops, findings) = import::import(&docs("UpdateWidget"));
    assert_eq!(ops.len(), 1, "disagreements do not stop the import");
    insta::assert_snapshot!("UpdateWidget.findings", findings.to_string());
    insta::assert_snapshot!("UpdateWidget.yaml", ops[0].file.contents);
}

#[test]
fn bad_documents_are_errors_naming_file_and_line() {
    for name in ["NotAnApi", "BadRow", "BadType", "BadAction"] {
        let path = Path::new(DOCS).join("zh-CN").join(format!("{name}.md"));
        let (ops, findings) = import::import(&[path]);
        assert!(ops.is_empty(), "{name} was imported");
        assert!(findings.has_errors(), "{name}: {findings}");
        insta::assert_snapshot!(format!("bad__{name}"), findings.to_string());
    }
}

#[test]
fn one_bad_document_does_not_stop_the_others() {
    let (ops, findings) = import::import(&[PathBuf::from(DOCS)]);
    let names: Vec<&str> = ops.iter().map(|o| o.operation.name.as_str()).collect();
    assert_eq!(names, ["DescribeWidgets", "UpdateWidget"]);
    let errors = findings
        .0
        .iter()
        .filter(|f| f.severity == import::Severity::Error)
        .count();
    assert_eq!(errors, 4, "{findings}");
}

#[test]
fn yaml_reads_back_as_the_same_operation() {
    // The JSON examples have tabs and trailing spaces, which YAML block
    // scalars cannot hold: they are written quoted and must still round-trip.
    let (ops, _) = import::import(&[PathBuf::from(DOCS)]);
    for op in ops {
        let body: String = op.file.contents.splitn(3, '\n').nth(2).unwrap().to_owned();
        let back: OperationFile = from_yaml(&body).unwrap();
        assert_eq!(back, op.operation, "{}", op.operation.name);
        assert!(import::is_pristine(&op.file.contents));
    }
}

#[test]
fn importing_twice_gives_the_same_bytes_and_touches_nothing() {
    let dir = imported_spec(&["DescribeWidgets", "UpdateWidget"]);
    let ops = dir.path().join("operations");
    let first: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&ops)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    let past = SystemTime::now() - Duration::from_secs(3600);
    for (path, _) in &first {
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(past)
            .unwrap();
    }
    let inputs: Vec<PathBuf> = ["DescribeWidgets", "UpdateWidget"]
        .iter()
        .flat_map(|n| docs(n))
        .collect();
    let again = import::run(
        &inputs,
        &Options {
            out: dir.path().to_owned(),
            force: false,
        },
    );
    assert!(
        again
            .written
            .iter()
            .all(|(_, s)| *s == WriteStatus::Unchanged),
        "{:?}",
        again.written
    );
    for (path, bytes) in &first {
        assert_eq!(&std::fs::read(path).unwrap(), bytes);
        assert_eq!(
            std::fs::metadata(path).unwrap().modified().unwrap(),
            past,
            "{} rewritten",
            path.display()
        );
    }
    assert!(
        !dir.path().join("overlays").exists(),
        "import never writes overlays"
    );
}

#[test]
fn hand_edits_are_kept_unless_forced() {
    let dir = imported_spec(&["DescribeWidgets"]);
    let file = dir.path().join("operations/DescribeWidgets.yaml");
    let edited = std::fs::read_to_string(&file)
        .unwrap()
        .replace("max_length: 64", "max_length: 32");
    std::fs::write(&file, &edited).unwrap();

    let outcome = import::run(
        &docs("DescribeWidgets"),
        &Options {
            out: dir.path().to_owned(),
            force: false,
        },
    );
    assert!(outcome.findings.has_errors());
    let message = outcome.findings.to_string();
    assert!(message.contains("was edited by hand"), "{message}");
    assert!(
        message.contains("overlays/DescribeWidgets.yaml"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        edited,
        "the edit was lost"
    );

    let forced = import::run(
        &docs("DescribeWidgets"),
        &Options {
            out: dir.path().to_owned(),
            force: true,
        },
    );
    assert!(!forced.findings.has_errors(), "{}", forced.findings);
    assert_eq!(forced.written[0].1, WriteStatus::Updated);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("max_length: 64")
    );
}

#[test]
fn overlays_replace_the_keys_they_give() {
    let dir = imported_spec(&["DescribeWidgets"]);
    std::fs::create_dir(dir.path().join("overlays")).unwrap();
    std::fs::write(
        dir.path().join("overlays/DescribeWidgets.yaml"),
        "# yaml-language-server: $schema=../schema/overlay.schema.json
operation: DescribeWidgets
method: GET
request:
  RegionId:
    constraints:
      enum: [cn-hangzhou, cn-beijing]
  WidgetId.N:
    required: true
response:
  Widgets.Parts.Weight:
    type: Float
    example: 2.5
notes:
  - en: Curated.
",
    )
    .unwrap();
    let loaded = codegen::check(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    assert!(
        loaded
            .inputs
            .iter()
            .any(|p| p.ends_with("overlays/DescribeWidgets.yaml"))
    );
    let op = &loaded.operations[0].value;
    let region = &op.request[0];
    let allowed = &region.constraints.as_ref().unwrap().allowed;
    assert_eq!(
        allowed,
        &[Scalar("cn-hangzhou".into()), Scalar("cn-beijing".into())]
    );
    assert!(
        region.description.zh.is_some(),
        "keys not given stay as imported"
    );
    assert!(op.request[1].required);
    let widget = &op.response[4].items.as_ref().unwrap().fields;
    let weight = &widget[3].items.as_ref().unwrap().fields[1];
    assert_eq!(
        (weight.name.as_str(), weight.ty),
        ("Weight", TypeName::Float)
    );
    assert_eq!(weight.example, Some(Scalar("2.5".into())));
    assert_eq!(op.notes.len(), 1);
    assert_eq!(op.method, Some(codegen::spec::Method::Get));
}

#[test]
fn an_overlay_target_that_does_not_exist_is_an_error_in_the_overlay() {
    let dir = imported_spec(&["DescribeWidgets"]);
    std::fs::create_dir(dir.path().join("overlays")).unwrap();
    std::fs::write(
        dir.path().join("overlays/DescribeWidgets.yaml"),
        "operation: DescribeWidgets
request:
  ZoneId:
    required: true
response:
  Widgets.Colour:
    type: String
  Widgets.Parts.Weight:
    type: Float
",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("overlays/DeleteWidget.yaml"),
        "operation: DeleteWidget\n",
    )
    .unwrap();
    let errors = codegen::check(dir.path()).unwrap_err().to_string();
    let errors = errors.replace(&dir.path().display().to_string(), "<spec>");
    insta::assert_snapshot!("overlay_errors", errors);
}

fn codegen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_command_imports_what_it_can_and_fails_for_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let run = codegen(&["import", "--out", out, DOCS]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8(run.stderr).unwrap();
    for bad in [
        "NotAnApi.md: error",
        "BadRow.md:11: error",
        "BadType.md:16: error",
        "BadAction.md:9: error",
    ] {
        assert!(stderr.contains(bad), "{bad} missing from:\n{stderr}");
    }
    assert!(stderr.contains("UpdateWidget.md:65: warning"), "{stderr}");
    let mut written: Vec<String> = std::fs::read_dir(dir.path().join("operations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["DescribeWidgets.yaml", "UpdateWidget.yaml"]);
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(stdout.contains("created"), "{stdout}");

    // Only good documents: success; the second time nothing changes.
    let good: Vec<String> = docs("DescribeWidgets")
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let args = |force: bool| {
        let mut a = vec!["import", "--out", out];
        if force {
            a.push("--force");
        }
        a.extend(good.iter().map(String::as_str));
        a
    };
    let again = codegen(&args(false));
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(
        String::from_utf8(again.stdout)
            .unwrap()
            .contains("unchanged")
    );

    // A missing document is an error too.
    let missing = codegen(&["import", "--out", out, "tests/fixtures/docs/zh-CN/Nope.md"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8(missing.stderr)
            .unwrap()
            .contains("Nope.md: error: no such file or directory")
    );
}
