//! Nothing is lost: a `codegen generate` or `codegen import` killed at a
//! random point leaves every output file either as it was or as the new
//! complete one, never partial; importing what import wrote changes
//! nothing; and the diff of a spec against itself is empty.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use codegen::import::{self, Options};
use codegen::spec::OperationFile;
use codegen::spec::load::from_yaml;

const CODEGEN: &str = env!("CARGO_BIN_EXE_codegen");
const DOCS: &str = "tests/fixtures/docs";

/// A small deterministic generator for kill delays (no dependency needed).
struct Rng(u64);

impl Rng {
    fn from_clock() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1);
        eprintln!("kill delays seeded with {nanos}");
        Rng(nanos | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// The files of `dir` (not hidden, i.e. not write temporaries) with their bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .map(|n| {
                    let bytes = std::fs::read(dir.join(&n)).unwrap();
                    (n, bytes)
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Kills `command` after a random delay in `within` (most of a run is
/// reading and generating, the write comes last, so the range is the second
/// half of a complete run), `rounds` times,
/// and after each round checks every output file of `out` against the two
/// complete versions: what `before` had and what `after` has.
fn kill_at_random_points(
    rounds: usize,
    mut within: (Duration, Duration),
    mut command: impl FnMut(usize) -> Command,
    out: &Path,
    versions: &[Vec<(String, Vec<u8>)>; 2],
) -> (usize, usize) {
    let mut rng = Rng::from_clock();
    let (mut killed, mut finished) = (0, 0);
    let mut temporaries = 0;
    for round in 0..rounds {
        let mut child = command(round)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawning codegen");
        let (lo, hi) = (within.0.as_micros() as u64, within.1.as_micros() as u64);
        let delay = Duration::from_micros(lo + rng.below(hi.saturating_sub(lo)));
        let start = Instant::now();
        while start.elapsed() < delay {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        match child.try_wait().unwrap() {
            Some(_) => {
                finished += 1;
                // Runs get faster as caches warm: aim the next kills at this run's length.
                let took = start.elapsed();
                within = (took / 2, took);
            }
            None => {
                child.kill().unwrap();
                child.wait().unwrap();
                killed += 1;
            }
        }
        // A kill between writing a temporary and renaming it leaves the
        // temporary (hidden, never read as output); count them.
        temporaries += std::fs::read_dir(out)
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
                    .count()
            })
            .unwrap_or(0);
        for (name, bytes) in files(out) {
            let known = versions
                .iter()
                .any(|v| v.iter().any(|(n, b)| *n == name && *b == bytes));
            assert!(
                known,
                "round {round} (killed after {delay:?}): {name} is neither the previous nor the new complete file ({} bytes)",
                bytes.len()
            );
        }
    }
    eprintln!("{temporaries} write temporaries seen after kills");
    (killed, finished)
}

/// A spec of `copies` × the project's operations, each renamed, with
/// `variant` in one description so the two variants generate different code.
fn large_spec(dir: &Path, copies: usize, variant: &str) {
    let ops = dir.join("operations");
    std::fs::create_dir_all(&ops).unwrap();
    std::fs::copy("../spec/service.yaml", dir.join("service.yaml")).unwrap();
    for entry in std::fs::read_dir("../spec/operations").unwrap().flatten() {
        let path = entry.path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        for i in 0..copies {
            let name = format!("{stem}{i}");
            let renamed = text.replace(&stem, &name).replacen(
                "description:\n    zh: ",
                &format!("description:\n    zh: {variant} "),
                1,
            );
            std::fs::write(ops.join(format!("{name}.yaml")), renamed).unwrap();
        }
    }
}

fn run_ok(command: &mut Command) {
    let output = command.output().expect("running codegen");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_killed_generate_leaves_the_previous_output_or_the_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = [tmp.path().join("a"), tmp.path().join("b")];
    // The project's spec is the whole ECS API (hundreds of operations): one
    // copy makes a run long enough for kills to land while it writes.
    large_spec(&specs[0], 1, "A");
    large_spec(&specs[1], 1, "B");
    let out = tmp.path().join("out");
    let mut versions = [Vec::new(), Vec::new()];
    let mut full = Duration::MAX;
    for (i, spec) in specs.iter().enumerate().rev() {
        let start = Instant::now();
        run_ok(
            Command::new(CODEGEN)
                .arg("generate")
                .arg("--spec")
                .arg(spec)
                .arg("--out")
                .arg(&out),
        );
        full = full.min(start.elapsed());
        versions[i] = files(&out);
        assert_eq!(versions[i].len(), 1, "one file per service");
    }
    assert_ne!(versions[0], versions[1]);
    // Output is now A; each round generates the other variant.
    let (killed, finished) = kill_at_random_points(
        10,
        (full / 2, full + full / 10),
        |round| {
            let mut c = Command::new(CODEGEN);
            c.arg("generate")
                .arg("--spec")
                .arg(&specs[(round + 1) % 2])
                .arg("--out")
                .arg(&out);
            c
        },
        &out,
        &versions,
    );
    eprintln!("generate: {killed} killed, {finished} finished (a full run takes {full:?})");
    assert!(killed > 0, "no run was killed; the delays are too long");
}

/// `copies` renamed copies of the fixture document pair, with `variant` in
/// the introduction so the two variants import different files.
fn many_docs(dir: &Path, copies: usize, variant: &str) {
    for lang in ["zh-CN", "en-US"] {
        std::fs::create_dir_all(dir.join(lang)).unwrap();
        let text =
            std::fs::read_to_string(Path::new(DOCS).join(lang).join("DescribeWidgets.md")).unwrap();
        for i in 0..copies {
            let name = format!("DescribeWidgets{i}");
            let renamed = text.replace("DescribeWidgets", &name).replacen(
                "小部件是本测试虚构的资源。",
                &format!("小部件是本测试虚构的资源（{variant}）。"),
                1,
            );
            std::fs::write(dir.join(lang).join(format!("{name}.md")), renamed).unwrap();
        }
    }
}

#[test]
fn a_killed_import_leaves_each_file_as_it_was_or_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = [tmp.path().join("docs-a"), tmp.path().join("docs-b")];
    many_docs(&docs[0], 80, "A");
    many_docs(&docs[1], 80, "B");
    let spec = tmp.path().join("spec");
    let out = spec.join("operations");
    let mut versions = [Vec::new(), Vec::new()];
    let mut full = Duration::MAX;
    for (i, docs) in docs.iter().enumerate().rev() {
        let start = Instant::now();
        run_ok(
            Command::new(CODEGEN)
                .arg("import")
                .arg("--out")
                .arg(&spec)
                .arg(docs),
        );
        full = full.min(start.elapsed());
        versions[i] = files(&out);
        assert_eq!(versions[i].len(), 80);
    }
    let (killed, finished) = kill_at_random_points(
        10,
        (full / 2, full + full / 10),
        |round| {
            let mut c = Command::new(CODEGEN);
            c.arg("import")
                .arg("--out")
                .arg(&spec)
                .arg(&docs[round % 2]);
            c
        },
        &out,
        &versions,
    );
    eprintln!("import: {killed} killed, {finished} finished (a full run takes {full:?})");
    assert!(killed > 0, "no run was killed; the delays are too long");
    // Whatever was killed, the next complete run leaves exactly the new files.
    run_ok(
        Command::new(CODEGEN)
            .arg("import")
            .arg("--out")
            .arg(&spec)
            .arg(&docs[1]),
    );
    assert_eq!(files(&out), versions[1]);
}

/// Every document pair of the fixtures that imports.
fn importable_docs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(Path::new(DOCS).join("en-US"))
        .unwrap()
        .flatten()
    {
        let zh = Path::new(DOCS).join("zh-CN").join(entry.file_name());
        if zh.is_file() {
            out.push(zh);
            out.push(entry.path());
        }
    }
    out.sort();
    out
}

#[test]
fn importing_what_import_wrote_changes_nothing() {
    let inputs = importable_docs();
    let (imported, findings) = import::import(&inputs);
    assert!(!imported.is_empty(), "{findings}");
    for op in &imported {
        // The YAML reads back as the same operation, which renders to the same bytes.
        let body = op.file.contents.splitn(3, '\n').nth(2).unwrap();
        let back: OperationFile = from_yaml(body).unwrap();
        assert_eq!(back, op.operation);
        assert_eq!(import::render(&back, &op.sources), op.file);
        assert!(import::is_pristine(&op.file.contents));
    }
    // Writing, then importing again: every file unchanged, byte for byte.
    let dir = tempfile::tempdir().unwrap();
    let options = Options {
        out: dir.path().to_owned(),
        force: false,
    };
    let first = import::run(&inputs, &options);
    assert!(!first.findings.has_errors(), "{}", first.findings);
    let written = files(&dir.path().join("operations"));
    let second = import::run(&inputs, &options);
    assert_eq!(second.findings.to_string(), first.findings.to_string());
    assert!(
        second
            .written
            .iter()
            .all(|(_, status)| *status == codegen::WriteStatus::Unchanged),
        "{:?}",
        second.written
    );
    assert_eq!(files(&dir.path().join("operations")), written);
}

#[test]
fn the_diff_of_a_spec_against_itself_is_empty() {
    let imported = tempfile::tempdir().unwrap();
    std::fs::copy("../spec/service.yaml", imported.path().join("service.yaml")).unwrap();
    let outcome = import::run(
        &importable_docs(),
        &Options {
            out: imported.path().to_owned(),
            force: false,
        },
    );
    assert!(!outcome.findings.has_errors(), "{}", outcome.findings);
    // `../spec` is the whole ECS API, so no larger synthetic spec is needed.
    for dir in [
        PathBuf::from("../spec"),
        PathBuf::from("../tests/fixtures/good/naming"),
        imported.path().to_owned(),
    ] {
        // Loaded, not validated: the fixture documents hold deliberate mistakes.
        let spec =
            codegen::spec::load_dir(&dir).unwrap_or_else(|d| panic!("{}: {d}", dir.display()));
        let report = codegen::diff::diff(&spec, &spec);
        assert!(
            report.changes.is_empty(),
            "{}: {}",
            dir.display(),
            report.render(codegen::diff::Format::Text)
        );
    }
}
