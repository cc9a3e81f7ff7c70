//! `codegen import` on documents written for these tests
//! (`tests/fixtures/docs/{zh-CN,en-US}`, in the formats of the real ones,
//! old and new): the YAML it writes and the findings it prints (both pinned
//! by snapshots), the reports, request rows folded into structures, that
//! the result validates and generates, that every written text reads the
//! same in a YAML 1.1 reader, that importing again changes nothing, that
//! hand edits are kept without `--force`, the overlay rule, and the
//! command's exit status.

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
fn documents_with_mistakes_import_with_located_findings() {
    // A short row, an unknown type, an Action row naming another operation:
    // each is a warning at its line, and the rest of the document imports.
    for (name, operation) in [
        ("BadRow", Some("BadRow")),
        ("BadType", Some("BadType")),
        ("BadAction", Some("GoodAction")),
        ("NotAnApi", None),
    ] {
        let path = Path::new(DOCS).join("zh-CN").join(format!("{name}.md"));
        let (ops, findings) = import::import(&[path]);
        let names: Vec<&str> = ops.iter().map(|o| o.operation.name.as_str()).collect();
        assert_eq!(names, Vec::from_iter(operation), "{name}");
        assert!(!findings.has_errors(), "{name}: {findings}");
        insta::assert_snapshot!(format!("bad__{name}"), findings.to_string());
    }
}

#[test]
fn a_document_nothing_can_be_read_from_is_refused_and_the_rest_imports() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("Latin1.md");
    std::fs::write(&bad, b"# Latin1\n\n\xe9t\xe9\n").unwrap();
    let mut inputs = docs("DescribeWidgets");
    inputs.push(bad.clone());
    let (ops, findings, counts) = import::import_counted(&inputs);
    assert_eq!(ops.len(), 1);
    assert_eq!((counts.refused, counts.imported), (1, 2));
    let refusal: Vec<_> = findings
        .0
        .iter()
        .filter(|f| f.severity == import::Severity::Error)
        .collect();
    assert_eq!(refusal.len(), 1, "{findings}");
    assert_eq!(
        (refusal[0].file.as_path(), refusal[0].id),
        (bad.as_path(), "input-unreadable")
    );
}

#[test]
fn the_fixture_corpus_imports_whole() {
    let (ops, findings, counts) = import::import_counted(&[PathBuf::from(DOCS)]);
    let names: Vec<&str> = ops.iter().map(|o| o.operation.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "BadRow",
            "BadType",
            "CreateGadgets",
            "DescribeLegacyGadgets",
            "DescribeWidgets",
            "GoodAction",
            "UpdateWidget"
        ]
    );
    assert!(!findings.has_errors(), "{findings}");
    // `Describewidgets` (an old document of DescribeWidgets, its name in
    // another case) is a duplicate: the current-format document is used.
    assert_eq!(
        (
            counts.documents,
            counts.imported,
            counts.duplicates,
            counts.not_api,
            counts.refused
        ),
        (12, 10, 1, 1, 0)
    );
    // Every finding names a kind of the table.
    for f in &findings.0 {
        assert!(import::ids::meaning(f.id).is_some(), "{f}");
    }
}

#[test]
fn request_rows_fold_into_structures_and_repeat_lists() {
    // Two-field tags without a parent row (and `Tag.N.key` in en-US), a
    // parent row (`DataDisk`), a repeat list of structures holding a repeat
    // list (`NetworkInterface.N.SecurityGroupIds.N`), a flat structure
    // (`SystemDisk.Category`), a row that cannot be folded (`Label.Color`
    // beside `Label.N.Text`); an error code listed with two statuses, and
    // once twice word for word.
    let (ops, findings) = import::import(&docs("CreateGadgets"));
    assert_eq!(ops.len(), 1, "{findings}");
    insta::assert_snapshot!("CreateGadgets.yaml", ops[0].file.contents);
    insta::assert_snapshot!("CreateGadgets.findings", findings.to_string());
    for p in &ops[0].operation.request {
        assert!(!p.name.contains('.'), "{}", p.name);
    }
}

#[test]
fn old_table_formats_are_read() {
    // `是否必需` and no example column, a row ending on a line of its own,
    // a short row, `└` rows under a row without a type, the error table's
    // columns in another order, an HTTP status that is not one.
    let path = Path::new(DOCS).join("zh-CN/DescribeLegacyGadgets.md");
    let (ops, findings) = import::import(&[path]);
    assert_eq!(ops.len(), 1, "{findings}");
    insta::assert_snapshot!("DescribeLegacyGadgets.yaml", ops[0].file.contents);
    insta::assert_snapshot!("DescribeLegacyGadgets.findings", findings.to_string());
}

#[test]
fn the_reports_list_every_finding_by_id() {
    let (_, findings, counts) = import::import_counted(&[PathBuf::from(DOCS)]);
    insta::assert_snapshot!("report.md", import::report::markdown(&counts, &findings));
    insta::assert_snapshot!("report.json", import::report::json(&counts, &findings));
    insta::assert_snapshot!(
        "report.summary",
        import::report::summary(&counts, &findings)
    );
}

#[test]
fn the_whole_fixture_corpus_validates_with_warnings_only_for_the_documents_own_examples() {
    // The examples are kept verbatim; where they contradict the table (a
    // field the table lacks) the validator of examples warns, and nothing
    // else is wrong.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("../spec/service.yaml", dir.path().join("service.yaml")).unwrap();
    let outcome = import::run(
        &[PathBuf::from(DOCS)],
        &Options {
            out: dir.path().to_owned(),
            force: false,
        },
    );
    assert!(!outcome.findings.has_errors(), "{}", outcome.findings);
    let (loaded, warnings) = codegen::check_with_warnings(dir.path());
    assert!(loaded.is_some(), "{warnings}");
    assert!(warnings.warning_count() > 0);
    for d in warnings.iter() {
        assert!(d.location.path.contains(".examples."), "{d}");
    }
    let text = warnings
        .to_string()
        .replace(&dir.path().display().to_string(), "<spec>");
    insta::assert_snapshot!("fixture_check", text);
}

/// A regular expression: the subset YAML 1.1's type pages use (literals,
/// `[classes]` with ranges, `(groups)`, `|`, `?`, `*`, `+`, `\.`),
/// matched against the whole text by backtracking.
mod re {
    #[derive(Debug)]
    enum Node {
        Char(char),
        Class(Vec<(char, char)>),
        Group(Vec<Vec<Node>>),
        Repeat(Box<Node>, usize, usize),
    }

    fn alternatives(p: &[char], i: &mut usize) -> Vec<Vec<Node>> {
        let mut alts = vec![Vec::new()];
        while *i < p.len() && p[*i] != ')' {
            let c = p[*i];
            *i += 1;
            let atom = match c {
                '|' => {
                    alts.push(Vec::new());
                    continue;
                }
                '(' => {
                    let g = alternatives(p, i);
                    *i += 1; // ')'
                    Node::Group(g)
                }
                '[' => {
                    let mut ranges = Vec::new();
                    while p[*i] != ']' {
                        let lo = p[*i];
                        if p[*i + 1] == '-' && p[*i + 2] != ']' {
                            ranges.push((lo, p[*i + 2]));
                            *i += 3;
                        } else {
                            ranges.push((lo, lo));
                            *i += 1;
                        }
                    }
                    *i += 1;
                    Node::Class(ranges)
                }
                '\\' => {
                    *i += 1;
                    Node::Char(p[*i - 1])
                }
                c => Node::Char(c),
            };
            let atom = match p.get(*i) {
                Some('?') => Node::Repeat(Box::new(atom), 0, 1),
                Some('*') => Node::Repeat(Box::new(atom), 0, usize::MAX),
                Some('+') => Node::Repeat(Box::new(atom), 1, usize::MAX),
                _ => {
                    alts.last_mut().unwrap().push(atom);
                    continue;
                }
            };
            *i += 1;
            alts.last_mut().unwrap().push(atom);
        }
        alts
    }

    /// Every position after matching `seq` from `at`.
    fn seq(nodes: &[Node], text: &[char], at: usize) -> Vec<usize> {
        let Some((first, rest)) = nodes.split_first() else {
            return vec![at];
        };
        let mut out = Vec::new();
        for next in one(first, text, at) {
            out.extend(seq(rest, text, next));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn one(node: &Node, text: &[char], at: usize) -> Vec<usize> {
        match node {
            Node::Char(c) => (text.get(at) == Some(c))
                .then_some(at + 1)
                .into_iter()
                .collect(),
            Node::Class(r) => text
                .get(at)
                .filter(|c| r.iter().any(|(lo, hi)| (lo..=hi).contains(c)))
                .map(|_| at + 1)
                .into_iter()
                .collect(),
            Node::Group(alts) => alts.iter().flat_map(|a| seq(a, text, at)).collect(),
            Node::Repeat(inner, min, max) => {
                let mut out = Vec::new();
                let mut frontier = vec![at];
                let mut n = 0;
                loop {
                    if n >= *min {
                        out.extend(frontier.iter().copied());
                    }
                    if n == *max || frontier.is_empty() {
                        break;
                    }
                    let next: Vec<usize> = frontier
                        .iter()
                        .flat_map(|&f| one(inner, text, f))
                        .filter(|&p| !frontier.contains(&p) || p > at)
                        .collect();
                    if next.iter().all(|p| out.contains(p)) && n >= *min {
                        break;
                    }
                    frontier = next;
                    n += 1;
                }
                out
            }
        }
    }

    /// Whether `pattern` matches all of `text`.
    pub fn full(pattern: &str, text: &str) -> bool {
        let p: Vec<char> = pattern.chars().collect();
        let mut i = 0;
        let alts = alternatives(&p, &mut i);
        let t: Vec<char> = text.chars().collect();
        alts.iter().any(|a| seq(a, &t, 0).contains(&t.len()))
    }
}

/// The implicit types of YAML 1.1 (yaml.org/type: bool, null, int, float,
/// timestamp, merge, value), and YAML 1.2 core's `0o` octals and floats
/// without a dot: a plain scalar matching one is not read as a string.
const YAML11_IMPLICIT: &[&str] = &[
    "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
    "~|null|Null|NULL|",
    "[-+]?0b[0-1_]+",
    "[-+]?0[0-7_]+",
    "[-+]?(0|[1-9][0-9_]*)",
    "[-+]?0x[0-9a-fA-F_]+",
    "[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+",
    "[-+]?([0-9][0-9_]*)?\\.[0-9.]*([eE][-+][0-9]+)?",
    "[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*",
    "[-+]?\\.(inf|Inf|INF)",
    "\\.(nan|NaN|NAN)",
    "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]",
    "[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](\\.[0-9]*)?([ \t]*(Z|[-+][0-9][0-9]?(:[0-9][0-9])?))?",
    "<<",
    "=",
    "[-+]?0o[0-7]+",
    "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?",
];

/// Keys whose values the spec types as numbers or booleans: written plain on purpose.
const TYPED_KEYS: &[&str] = &[
    "http",
    "required",
    "minimum",
    "maximum",
    "max_length",
    "min",
    "max",
];

#[test]
fn the_yaml_1_1_patterns_are_read_right() {
    let implicit = |s: &str| YAML11_IMPLICIT.iter().any(|p| re::full(p, s));
    for s in [
        "yes",
        "2021-01-20T06:00:00Z",
        "12:30",
        "1_000",
        "0x1F",
        "0o17",
        "1e3",
        ".inf",
        "~",
        "2001-12-14 21:59:43.10 -5",
        "2.2.0.102",
    ] {
        assert!(implicit(s), "{s}");
    }
    for s in [
        "cn-hangzhou",
        "yess",
        "g-1",
        "1-2",
        "12:60",
        "sg-bp1****",
        "2021-01-20T06:00Z",
    ] {
        assert!(!implicit(s), "{s}");
    }
}

#[test]
fn no_written_text_reads_otherwise_in_yaml_1_1() {
    let dir = tempfile::tempdir().unwrap();
    let outcome = import::run(
        &[PathBuf::from(DOCS)],
        &Options {
            out: dir.path().to_owned(),
            force: false,
        },
    );
    assert!(!outcome.written.is_empty());
    let mut checked = 0;
    for (path, _) in &outcome.written {
        let text = std::fs::read_to_string(path).unwrap();
        // Outside block scalars (`|-` and the lines indented under them),
        // every `key: value` and `- value` holds a plain scalar unless quoted.
        let mut block: Option<usize> = None;
        for (n, line) in text.lines().enumerate() {
            let indent = line.len() - line.trim_start().len();
            if let Some(b) = block {
                if line.trim().is_empty() || indent > b {
                    continue;
                }
                block = None;
            }
            let t = line.trim_start();
            if t.starts_with('#') {
                continue;
            }
            let t = t.trim_start_matches("- ");
            let (key, value) = match t.split_once(": ") {
                Some((k, v)) if !k.starts_with(['\'', '"']) => (Some(k), v),
                _ if t.ends_with(':') => continue,
                _ => (None, t),
            };
            if value.starts_with('|') || value.starts_with('>') {
                block = Some(indent);
                continue;
            }
            if value.starts_with(['\'', '"']) || key.is_some_and(|k| TYPED_KEYS.contains(&k)) {
                continue;
            }
            checked += 1;
            assert!(
                !YAML11_IMPLICIT.iter().any(|p| re::full(p, value)),
                "{}:{}: `{value}` is written plain but a YAML 1.1 reader does not read it as text",
                path.display(),
                n + 1
            );
        }
    }
    assert!(checked > 100, "{checked}");
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
  WidgetId:
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
    let md = dir.path().join("report.md");
    let json = dir.path().join("report.json");
    let run = codegen(&[
        "import",
        "--out",
        out,
        "--report-md",
        md.to_str().unwrap(),
        "--report-json",
        json.to_str().unwrap(),
        DOCS,
    ]);
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    for found in [
        "NotAnApi.md: warning[not-an-api-document]",
        "BadRow.md:11: warning[table-row-short]",
        "BadType.md:16: warning[type-unknown]",
        "BadAction.md:9: warning[action-name-mismatch]",
        "UpdateWidget.md:65: warning[example-field-not-in-table]",
        "import: 12 documents: 10 imported, 1 duplicates not used, 1 not API documents, 0 refused; 7 operations",
        "DescribeWidgetsLegacy.md: warning[document-duplicate]",
    ] {
        assert!(stderr.contains(found), "{found} missing from:\n{stderr}");
    }
    let mut written: Vec<String> = std::fs::read_dir(dir.path().join("operations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written.len(), 7, "{written:?}");
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(stdout.contains("created"), "{stdout}");
    let (_, findings, counts) = import::import_counted(&[PathBuf::from(DOCS)]);
    assert_eq!(
        std::fs::read_to_string(&md).unwrap(),
        import::report::markdown(&counts, &findings)
    );
    assert_eq!(
        std::fs::read_to_string(&json).unwrap(),
        import::report::json(&counts, &findings)
    );

    // The second time nothing changes.
    let good: Vec<String> = docs("DescribeWidgets")
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut args = vec!["import", "--out", out];
    args.extend(good.iter().map(String::as_str));
    let again = codegen(&args);
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

    // A missing document is an error, and fails the command.
    let missing = codegen(&["import", "--out", out, "tests/fixtures/docs/zh-CN/Nope.md"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8(missing.stderr)
            .unwrap()
            .contains("Nope.md: error[input-unreadable]: no such file or directory")
    );
}
