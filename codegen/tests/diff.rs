//! `codegen diff`: snapshots of every output format for every fixture pair
//! (which together exercise every rule of the table), the exit codes of
//! `--fail-on`, and a side given as a git revision.
//!
//! Fixtures are `tests/fixtures/diff/<case>/{old,new}/`, each a valid spec.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diff::{self, Format, Report, Rule};

const FIXTURES: &str = "tests/fixtures/diff";

fn cases() -> Vec<(String, PathBuf)> {
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir(FIXTURES)
        .expect("the diff fixtures exist")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    cases.sort();
    cases
}

fn load(dir: &Path) -> codegen::spec::LoadedSpec {
    codegen::spec::load_dir(dir).unwrap_or_else(|d| panic!("{} does not load:\n{d}", dir.display()))
}

/// The report of one fixture, its sides labelled `<case>/old` and `<case>/new`.
fn report(name: &str, dir: &Path) -> Report {
    let mut report = diff::diff(&load(&dir.join("old")), &load(&dir.join("new")));
    report.old.label = format!("{name}/old");
    report.new.label = format!("{name}/new");
    report
}

#[test]
fn every_format_of_every_case_is_snapshotted() {
    let cases = cases();
    assert!(
        cases.len() >= 9,
        "expected the diff fixtures, found {}",
        cases.len()
    );
    for (name, dir) in &cases {
        let report = report(name, dir);
        insta::assert_snapshot!(format!("{name}.text"), report.render(Format::Text));
        insta::assert_snapshot!(format!("{name}.md"), report.render(Format::Markdown));
        insta::assert_snapshot!(format!("{name}.json"), report.render(Format::Json));
    }
}

#[test]
fn the_rule_table_is_snapshotted() {
    insta::assert_snapshot!("rule-table", diff::rule_table());
}

#[test]
fn every_rule_is_exercised_by_a_fixture() {
    let seen: BTreeSet<Rule> = cases()
        .iter()
        .flat_map(|(name, dir)| report(name, dir).changes)
        .map(|c| c.rule)
        .collect();
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| !seen.contains(r))
        .map(|r| r.id())
        .collect();
    assert!(
        missing.is_empty(),
        "rules no fixture under {FIXTURES} exercises: {}",
        missing.join(", ")
    );
}

#[test]
fn every_fixture_side_is_a_valid_spec_and_equal_to_itself() {
    for (name, dir) in cases() {
        for side in ["old", "new"] {
            let path = dir.join(side);
            if let Err(d) = codegen::check(&path) {
                panic!("{name}/{side} is not a valid spec:\n{d}");
            }
            let spec = load(&path);
            let same = diff::diff(&spec, &spec);
            assert!(
                same.changes.is_empty(),
                "{name}/{side} differs from itself: {:?}",
                same.changes
            );
        }
    }
    assert!(
        report("identical", Path::new(FIXTURES).join("identical").as_path())
            .changes
            .is_empty()
    );
}

#[test]
fn the_json_report_has_its_documented_fields() {
    let dir = Path::new(FIXTURES).join("request-params");
    let text = report("request-params", &dir).render(Format::Json);
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["summary"]["semver"]["bump"], "major");
    assert_eq!(json["summary"]["semver"]["bump_zero_major"], "minor");
    let change = &json["changes"][0];
    for key in [
        "rule",
        "severity",
        "wire",
        "rust",
        "operation",
        "path",
        "message",
        "old",
        "new",
    ] {
        assert!(
            change.get(key).is_some(),
            "a change has no `{key}`: {change}"
        );
    }
}

/// Runs the `codegen` binary in `dir`.
fn codegen(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("codegen runs")
}

fn fixture(case: &str, side: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURES)
        .join(case)
        .join(side);
    path.to_string_lossy().into_owned()
}

#[test]
fn fail_on_sets_the_exit_status() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = |case: &str, extra: &[&str]| {
        let (old, new) = (fixture(case, "old"), fixture(case, "new"));
        let mut args = vec!["diff", old.as_str(), new.as_str()];
        args.extend_from_slice(extra);
        codegen(here, &args).status.code()
    };
    // Breaking changes: only --fail-on makes them fail.
    assert_eq!(status("request-params", &[]), Some(0));
    assert_eq!(
        status("request-params", &["--fail-on", "breaking"]),
        Some(1)
    );
    assert_eq!(status("request-params", &["--fail-on", "warning"]), Some(1));
    // Warnings and infos only.
    assert_eq!(
        status("response-constraints", &["--fail-on", "breaking"]),
        Some(0)
    );
    assert_eq!(
        status("response-constraints", &["--fail-on", "warning"]),
        Some(1)
    );
    // Infos only.
    assert_eq!(
        status("docs", &["--fail-on", "warning", "--format", "json"]),
        Some(0)
    );
    assert_eq!(status("identical", &["--fail-on", "warning"]), Some(0));
}

#[test]
fn a_side_that_does_not_load_exits_with_2() {
    let temp = tempfile::tempdir().unwrap();
    let bad = temp.path().join("bad");
    std::fs::create_dir_all(bad.join("operations")).unwrap();
    std::fs::write(bad.join("service.yaml"), "product: [unclosed\n").unwrap();
    let good = fixture("identical", "old");
    let out = codegen(
        temp.path(),
        &["diff", &good, "bad", "--fail-on", "breaking"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the spec `bad` does not load"), "{stderr}");
    assert!(stderr.contains("service.yaml"), "{stderr}");

    // Not a directory, and (outside any repository) not a revision either.
    let out = codegen(temp.path(), &["diff", "no-such-thing", &good]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`no-such-thing`: not a directory"));
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=codegen test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn a_git_revision_is_a_side() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    let spec = root.join("spec");
    git(root, &["init", "-q"]);
    copy_dir(Path::new(&fixture("request-params", "old")), &spec);
    git(root, &["add", "spec"]);
    git(root, &["commit", "-q", "-m", "old spec"]);
    std::fs::remove_dir_all(&spec).unwrap();
    copy_dir(Path::new(&fixture("request-params", "new")), &spec);
    git(root, &["add", "-A", "spec"]);
    git(root, &["commit", "-q", "-m", "new spec"]);

    // The revision against the work tree (`.` is ./spec) ...
    let out = codegen(root, &["diff", "HEAD~1", ".", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let from_git: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // ... says what the two directories say.
    let dir = Path::new(FIXTURES).join("request-params");
    let expected: serde_json::Value =
        serde_json::from_str(&report("request-params", &dir).render(Format::Json)).unwrap();
    assert_eq!(from_git["changes"], expected["changes"]);
    assert_eq!(from_git["old"]["label"], "HEAD~1");
    assert_eq!(from_git["new"]["label"], ".");

    // Two revisions, from a subdirectory, with the spec path relative to it.
    let sub = root.join("sub");
    std::fs::create_dir(&sub).unwrap();
    let out = codegen(
        &sub,
        &[
            "diff",
            "HEAD~1",
            "HEAD",
            "--spec-path",
            "../spec",
            "--fail-on",
            "breaking",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("request-param-added-required"), "{text}");

    // A revision without the spec directory is a clear error.
    let out = codegen(root, &["diff", "HEAD", ".", "--spec-path", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "the revision has no `nowhere` directory; `spec` holds a spec: pass `--spec-path spec`"
        ),
        "{stderr}"
    );

    // A downstream repository whose spec is not `spec/`: the error names it.
    std::fs::rename(&spec, root.join("my-spec")).unwrap();
    let out = codegen(root, &["diff", "HEAD", "."]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "the directory holds neither service.yaml nor spec/service.yaml; `my-spec` holds a spec: pass `--spec-path my-spec`"
        ),
        "{stderr}"
    );
    std::fs::remove_dir_all(root.join("my-spec")).unwrap();
    let out = codegen(root, &["diff", "HEAD", "HEAD~1", "--spec-path", "specs"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "the revision has no `specs` directory; if the spec is elsewhere, pass `--spec-path DIR` (relative to the current directory)"
        ),
        "{stderr}"
    );
}
