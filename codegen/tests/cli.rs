//! The `codegen` binary: exit status, what it prints, and that a failed run
//! writes nothing.

use std::path::Path;
use std::process::Command;

fn codegen() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_codegen"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

#[test]
fn check_succeeds_on_the_project_spec() {
    let out = codegen()
        .args(["check", "--spec", "../spec"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("../spec: ") && stdout.contains(" operations, no errors, "),
        "{stdout}"
    );
}

#[test]
fn check_fails_with_located_errors_on_a_bad_spec() {
    let out = codegen()
        .args(["check", "--spec", "../tests/fixtures/bad/many-mistakes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("../tests/fixtures/bad/many-mistakes/operations/Other.yaml:19:9: error: operations.Other.response.Thing.Count.example: example `x` is not a valid Integer"),
        "{stderr}"
    );
    assert!(stderr.trim_end().ends_with("3 errors"), "{stderr}");
}

#[test]
fn generate_writes_prints_and_then_leaves_unchanged_output_alone() {
    let out_dir = tempfile::tempdir().unwrap();
    let run = || {
        codegen()
            .args(["generate", "--spec", "../spec", "--out"])
            .arg(out_dir.path())
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let expected = out_dir.path().join("ecs.rs");
    assert_eq!(
        String::from_utf8_lossy(&first.stdout),
        format!("  created {}\n", expected.display())
    );
    let second = run();
    assert_eq!(
        String::from_utf8_lossy(&second.stdout),
        format!("unchanged {}\n", expected.display())
    );
}

#[test]
fn generate_on_a_bad_spec_writes_nothing() {
    let out_dir = tempfile::tempdir().unwrap();
    let previous = out_dir.path().join("demo.rs");
    std::fs::write(&previous, "previous").unwrap();
    let out = codegen()
        .args([
            "generate",
            "--spec",
            "../tests/fixtures/bad/duplicate-field",
            "--out",
        ])
        .arg(out_dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("duplicate field `Count`"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&previous).unwrap(), "previous");
    assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 1);
}

#[test]
fn the_default_spec_and_out_dirs_are_used_without_arguments() {
    // Run from a scratch directory holding a copy of the spec in `spec/`.
    let scratch = tempfile::tempdir().unwrap();
    copy_dir(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec")),
        &scratch.path().join("spec"),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("generate")
        .current_dir(scratch.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(scratch.path().join("target/codegen/ecs.rs").is_file());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn schema_writes_into_the_directory_given_as_argument_or_option() {
    for how in ["positional", "option"] {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = codegen();
        cmd.arg("schema");
        if how == "option" {
            cmd.arg("--out");
        }
        let out = cmd.arg(dir.path()).output().unwrap();
        assert!(
            out.status.success(),
            "{how}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for name in [
            "service.schema.json",
            "operation.schema.json",
            "overlay.schema.json",
        ] {
            assert!(dir.path().join(name).is_file(), "{how}: no {name}");
        }
    }
    // Both at once is a usage error, not a silent choice.
    let out = codegen()
        .args(["schema", "a", "--out", "b"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
