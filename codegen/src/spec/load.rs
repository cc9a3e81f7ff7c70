//! Reading a spec directory: the only module that knows about serde_yaml
//! (it also writes YAML for `codegen import`: [`to_yaml`]).
//!
//! Layout: `<dir>/service.yaml` and `<dir>/operations/<Name>.yaml`, one file
//! per operation, so that a change to one document is a small diff in one
//! file; optionally `<dir>/overlays/<Name>.yaml`, hand curation merged onto
//! the operation of that name before validation (see [`super::overlay`]).
//! Files are read in name order, so loading is deterministic.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::model::{OperationFile, ServiceFile};
use super::overlay::{self, OverlayFile};
use super::recover;
use super::span::SourceMap;
use crate::diag::{Diagnostics, Location};

/// One parsed file with its source map.
#[derive(Clone, Debug)]
pub struct SpecFile<T> {
    /// The file, as found under the spec directory.
    pub path: PathBuf,
    /// The logical path prefix of everything in this file (`service`, `operations.DeleteActivation`).
    pub prefix: String,
    /// Where each node is.
    pub source: SourceMap,
    /// The typed content.
    pub value: T,
}

impl<T> SpecFile<T> {
    /// The location of `yaml_path` inside this file.
    pub fn locate(&self, yaml_path: &str) -> Location {
        Location {
            file: self.path.clone(),
            line_col: self.source.position(yaml_path),
            path: logical_path(&self.prefix, &self.source.logical(yaml_path)),
        }
    }
}

fn logical_path(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty()) {
        (_, true) => prefix.to_owned(),
        (true, false) => rest.to_owned(),
        (false, false) if rest.starts_with('[') => format!("{prefix}{rest}"),
        (false, false) => format!("{prefix}.{rest}"),
    }
}

/// A whole spec as read from disk, not yet validated.
#[derive(Clone, Debug)]
pub struct LoadedSpec {
    /// The spec directory.
    pub root: PathBuf,
    /// `service.yaml`.
    pub service: SpecFile<ServiceFile>,
    /// `operations/*.yaml`, in file-name order, with their overlays merged in.
    pub operations: Vec<SpecFile<OperationFile>>,
    /// `overlays/*.yaml`, in file-name order (already merged into `operations`).
    pub overlays: Vec<SpecFile<OverlayFile>>,
    /// Every file and directory read, for `cargo:rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
}

/// The name of the service file inside a spec directory.
pub const SERVICE_FILE: &str = "service.yaml";
/// The name of the operations directory inside a spec directory.
pub const OPERATIONS_DIR: &str = "operations";
/// The name of the (optional) overlays directory inside a spec directory.
pub const OVERLAYS_DIR: &str = "overlays";

/// Reads and parses a spec directory. Reports every file's problems, not
/// only the first file's.
pub fn load_dir(root: &Path) -> Result<LoadedSpec, Diagnostics> {
    match load_dir_partial(root) {
        (Some(spec), diags) if diags.is_empty() => Ok(spec),
        (_, diags) => Err(diags),
    }
}

/// Reads a spec directory, keeping every file that parsed even when others
/// did not, so that validation can report their problems in the same run.
/// Returns no spec only when `service.yaml` itself did not parse.
pub fn load_dir_partial(root: &Path) -> (Option<LoadedSpec>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut inputs = Vec::new();
    let service_path = root.join(SERVICE_FILE);
    inputs.push(service_path.clone());
    let service = load_file::<ServiceFile>(&service_path, "service", &mut diags);

    let ops_dir = root.join(OPERATIONS_DIR);
    inputs.push(ops_dir.clone());
    let mut op_paths = Vec::new();
    match std::fs::read_dir(&ops_dir) {
        Ok(entries) => {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    op_paths.push(path);
                }
            }
        }
        Err(e) => diags.push(
            whole_file(&ops_dir, ""),
            format!("cannot read the operations directory: {e}"),
        ),
    }
    op_paths.sort();
    let mut operations = Vec::new();
    let mut unreadable = Vec::new();
    for path in op_paths {
        inputs.push(path.clone());
        let stem = file_stem(&path);
        match load_file::<OperationFile>(&path, &format!("operations.{stem}"), &mut diags) {
            Some(op) => operations.push(op),
            None => unreadable.push(stem),
        }
    }
    let overlays = load_overlays(root, &mut operations, &unreadable, &mut inputs, &mut diags);
    let spec = service.map(|service| LoadedSpec {
        root: root.to_owned(),
        service,
        operations,
        overlays,
        inputs,
    });
    (spec, diags)
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads `overlays/*.yaml`, if the directory exists, and merges each onto
/// its operation. An overlay whose operation is missing is an error in the
/// overlay file; one whose operation file did not parse (`unreadable`, by
/// file stem) is skipped, that file's problems being reported already.
fn load_overlays(
    root: &Path,
    operations: &mut [SpecFile<OperationFile>],
    unreadable: &[String],
    inputs: &mut Vec<PathBuf>,
    diags: &mut Diagnostics,
) -> Vec<SpecFile<OverlayFile>> {
    let dir = root.join(OVERLAYS_DIR);
    // Only an existing directory is an input: Cargo reruns a build script
    // on every build while one of its inputs is missing.
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    inputs.push(dir.clone());
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    let mut overlays: Vec<SpecFile<OverlayFile>> = Vec::new();
    for path in paths {
        inputs.push(path.clone());
        let stem = file_stem(&path);
        let Some(file) = load_file::<OverlayFile>(&path, &format!("overlays.{stem}"), diags) else {
            continue;
        };
        let name = file.value.operation.clone();
        if name != stem {
            diags.push(
                file.locate("operation"),
                format!("the overlay of `{name}` is in a file named `{stem}.yaml`; name the file after the operation"),
            );
            continue;
        }
        if let Some(first) = overlays.iter().find(|o| o.value.operation == name) {
            diags.push(
                file.locate("operation"),
                format!(
                    "a second overlay of `{name}`: also in {}",
                    first.path.display()
                ),
            );
            continue;
        }
        match operations.iter_mut().find(|op| op.value.name == name) {
            Some(op) => overlay::apply(&file, &mut op.value, diags),
            None if unreadable.contains(&name) => {}
            None => diags.push(
                file.locate("operation"),
                format!("no operation `{name}` to apply this overlay to (expected {OPERATIONS_DIR}/{name}.yaml)"),
            ),
        }
        overlays.push(file);
    }
    overlays
}

/// Renders a spec value as YAML, deterministically: keys in the model's
/// field order, multi-line text as `|-` block scalars. Text that YAML cannot
/// hold in a block scalar (a line with trailing spaces, a tab) is written as
/// a double-quoted string instead, which reads back identically.
///
/// Text that any YAML reader could take for something else is quoted:
/// serde_yaml quotes what a YAML 1.2 reader would take for a number,
/// boolean or null, but writes `yes`, `on`, `2021-01-20T06:00:00Z`, `12:30`
/// or `1_000` plain, which a YAML 1.1 reader (PyYAML, SnakeYAML, many
/// editors) reads as a boolean, a timestamp or a number. Those are written
/// single-quoted too ([`yaml11_implicit`]).
///
/// # Panics
///
/// If `value` cannot be YAML (a map with non-text keys); no spec type is so.
pub fn to_yaml<T: Serialize>(value: &T) -> String {
    const REPRESENTABLE: &str = "spec values are representable in YAML";
    let mut tree = serde_yaml::to_value(value).expect(REPRESENTABLE);
    // Each text to quote is replaced by a placeholder serde_yaml writes
    // plain; the placeholders are then replaced by the quoted texts.
    let mut prefix = String::from("yaml11quote");
    let plain = serde_yaml::to_string(&tree).expect(REPRESENTABLE);
    while plain.contains(&prefix) {
        prefix.push('x');
    }
    let mut quoted = Vec::new();
    mark_implicit(&mut tree, &prefix, &mut quoted);
    if quoted.is_empty() {
        return plain;
    }
    let mut text = serde_yaml::to_string(&tree).expect(REPRESENTABLE);
    for (i, original) in quoted.iter().enumerate() {
        let single = format!("'{}'", original.replace('\'', "''"));
        text = text.replace(&placeholder(&prefix, i), &single);
    }
    text
}

fn placeholder(prefix: &str, i: usize) -> String {
    format!("{prefix}{i}z")
}

fn mark_implicit(value: &mut serde_yaml::Value, prefix: &str, quoted: &mut Vec<String>) {
    use serde_yaml::Value;
    fn swap(s: &mut String, prefix: &str, quoted: &mut Vec<String>) {
        if yaml11_implicit(s) {
            let ph = placeholder(prefix, quoted.len());
            quoted.push(std::mem::replace(s, ph));
        }
    }
    match value {
        Value::String(s) => swap(s, prefix, quoted),
        Value::Sequence(items) => {
            for v in items {
                mark_implicit(v, prefix, quoted);
            }
        }
        Value::Mapping(map) => {
            let entries = std::mem::take(map);
            for (mut k, mut v) in entries {
                if let Value::String(s) = &mut k {
                    swap(s, prefix, quoted);
                }
                mark_implicit(&mut v, prefix, quoted);
                map.insert(k, v);
            }
        }
        Value::Tagged(t) => mark_implicit(&mut t.value, prefix, quoted),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Whether a YAML 1.1 reader (or a YAML 1.2 core-schema one) resolves the
/// plain scalar `s` to something other than a string: a boolean
/// (`y|n|yes|no|on|off|true|false` in three cases), a null (`~`, `null`,
/// empty), an integer (decimal with `_`, `0b…`, `0…` octal, `0o…`, `0x…`,
/// sexagesimal `1:30`), a float (`1.5`, `1e3`, `.inf`, `.nan`, sexagesimal
/// `1:30.5`), a timestamp (`2001-12-14`, `2001-12-14t21:59:43.10-05:00`), a
/// merge key `<<` or the value key `=`.
pub fn yaml11_implicit(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null", "NULL", "",
        "<<", "=", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
        ".nan", ".NaN", ".NAN",
    ];
    WORDS.contains(&s) || is_number(s) || is_timestamp(s)
}

fn digits(s: &str, ok: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(ok)
}

/// YAML 1.1 ints and floats (and YAML 1.2's `0o17`, `1e3`).
fn is_number(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body.is_empty() {
        return false;
    }
    let dec = |c: char| c.is_ascii_digit() || c == '_';
    if let Some(b) = body.strip_prefix("0b") {
        return digits(b, |c| c == '0' || c == '1' || c == '_');
    }
    if let Some(h) = body.strip_prefix("0x") {
        return digits(h, |c| c.is_ascii_hexdigit() || c == '_');
    }
    if let Some(o) = body.strip_prefix("0o") {
        return digits(o, |c| ('0'..='7').contains(&c));
    }
    // Sexagesimal: `[0-9][0-9_]*(:[0-5]?[0-9])+` with an optional `.fraction`.
    if body.contains(':') {
        let (whole, fraction) = match body.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (body, None),
        };
        let mut parts = whole.split(':');
        let first = parts.next().unwrap_or_default();
        let head_ok = first.starts_with(|c: char| c.is_ascii_digit()) && digits(first, dec);
        let rest_ok = parts.all(|p| {
            (1..=2).contains(&p.len())
                && p.chars().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || p.as_bytes()[0] <= b'5')
        });
        return head_ok && rest_ok && fraction.is_none_or(|f| f.chars().all(dec));
    }
    // Decimal int (with `_`) or float: digits, an optional `.` part, an optional exponent.
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        digits(e, |c| c.is_ascii_digit())
    });
    let mantissa_ok = match mantissa.split_once('.') {
        // YAML 1.1 floats allow `_` and further dots in the fraction (`1.2.3` is not
        // one in 1.2, but PyYAML's 1.1 pattern `[0-9.]*` takes it).
        Some((int, frac)) => {
            (int.is_empty() || (int.starts_with(|c: char| c.is_ascii_digit()) && digits(int, dec)))
                && frac
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '_')
                && !(int.is_empty() && frac.is_empty())
        }
        None => mantissa.starts_with(|c: char| c.is_ascii_digit()) && digits(mantissa, dec),
    };
    mantissa_ok && exponent_ok
}

/// YAML 1.1 timestamps: `YYYY-MM-DD`, or that with a time
/// (`[Tt]` or spaces, `H:MM:SS`, a fraction, a zone `Z` or `±H[:MM]`).
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let d = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if !(b.len() >= 8 && (0..4).all(d) && b[4] == b'-') {
        return false;
    }
    // Month and day: one or two digits each (two each without a time).
    let mut i = 5;
    let take = |i: &mut usize, max: usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - start < max {
            *i += 1;
        }
        *i - start
    };
    let month = take(&mut i, 2);
    if month == 0 || b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let day = take(&mut i, 2);
    if day == 0 {
        return false;
    }
    if i == b.len() {
        return month == 2 && day == 2;
    }
    // The time.
    match b[i] {
        b'T' | b't' => i += 1,
        b' ' | b'\t' => {
            while i < b.len() && matches!(b[i], b' ' | b'\t') {
                i += 1;
            }
        }
        _ => return false,
    }
    let hour = take(&mut i, 2);
    if hour == 0 || b.get(i) != Some(&b':') {
        return false;
    }
    i += 1;
    if take(&mut i, 2) != 2 || b.get(i) != Some(&b':') {
        return false;
    }
    i += 1;
    if take(&mut i, 2) != 2 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        take(&mut i, usize::MAX);
    }
    while i < b.len() && matches!(b[i], b' ' | b'\t') {
        i += 1;
    }
    match b.get(i) {
        None => true,
        Some(b'Z') => i + 1 == b.len(),
        Some(b'-' | b'+') => {
            i += 1;
            if take(&mut i, 2) == 0 {
                return false;
            }
            if b.get(i) == Some(&b':') {
                i += 1;
                if take(&mut i, 2) != 2 {
                    return false;
                }
            }
            i == b.len()
        }
        _ => false,
    }
}

/// Parses YAML text into a spec value, without positions (for tools and
/// tests; use [`parse_text`] for files, which reports where problems are).
pub fn from_yaml<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
}

fn whole_file(path: &Path, prefix: &str) -> Location {
    Location {
        file: path.to_owned(),
        line_col: None,
        path: prefix.to_owned(),
    }
}

/// Parses one file, pushing its problems to `diags`.
pub fn load_file<T: DeserializeOwned>(
    path: &Path,
    prefix: &str,
    diags: &mut Diagnostics,
) -> Option<SpecFile<T>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(
                whole_file(path, prefix),
                format!("cannot read the file: {e}"),
            );
            return None;
        }
    };
    parse_text(path, prefix, &text, diags)
}

/// Parses one file's text, pushing its problems to `diags`.
pub fn parse_text<T: DeserializeOwned>(
    path: &Path,
    prefix: &str,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<SpecFile<T>> {
    let (source, problems) = SourceMap::build_partial(text);
    if !problems.is_empty() {
        let only_duplicates = problems.iter().all(|p| p.duplicate_key);
        for p in problems {
            diags.push(
                Location {
                    file: path.to_owned(),
                    line_col: Some(p.line_col),
                    path: logical_path(prefix, &source.logical(&p.path)),
                },
                p.message,
            );
        }
        // After a duplicate key the parser goes on: report the rest of the
        // file's problems too (reading the first of each duplicate).
        if only_duplicates {
            report_serde_problems::<T>(path, prefix, text, None, diags);
        }
        return None;
    }
    match serde_yaml::from_str::<T>(text) {
        Ok(value) => Some(SpecFile {
            path: path.to_owned(),
            prefix: prefix.to_owned(),
            source,
            value,
        }),
        Err(first) => {
            report_serde_problems::<T>(path, prefix, text, Some(&first), diags);
            None
        }
    }
}

/// Every serde-level problem of the file, not only serde's first, pointing
/// at values where a value is wrong.
fn report_serde_problems<T: DeserializeOwned>(
    path: &Path,
    prefix: &str,
    text: &str,
    first: Option<&serde_yaml::Error>,
    diags: &mut Diagnostics,
) {
    let (source, _) = SourceMap::build_with_values(text);
    for p in recover::problems::<T>(text, first) {
        let line_col = match &p.at {
            recover::At::Key(key) if p.path.is_empty() => source.position(key),
            recover::At::Key(key) => source.position(&format!("{}.{key}", p.path)),
            recover::At::Value => source.value_position(&p.path),
        }
        .or_else(|| {
            first
                .and_then(|e| e.location())
                .map(|l| (l.line(), l.column()))
        });
        diags.push(
            Location {
                file: path.to_owned(),
                line_col,
                path: logical_path(prefix, &source.logical(&p.path)),
            },
            p.message,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::model::{Examples, Text};

    #[test]
    fn yaml_output_is_readable_and_reads_back() {
        let text = |s: &str| Text {
            zh: Some(s.to_owned()),
            en: None,
        };
        // Trailing spaces and tabs (as in the documents' JSON examples) cannot be
        // in a block scalar: serde_yaml quotes those; plain multi-line text is `|-`.
        let examples = Examples {
            json: Some(text("{\n    \"a\": \"1\", \n\t\"b\": 2\n}")),
            xml: Some(text("<R>\n  <A>1</A>\n</R>")),
            request: Some(text("  leading spaces\nthen text")),
        };
        let value = serde_yaml::to_value(&examples).unwrap();
        let yaml = to_yaml(&examples);
        assert!(
            yaml.contains("xml:\n  zh: |-\n    <R>\n      <A>1</A>\n    </R>\n"),
            "{yaml}"
        );
        assert!(
            yaml.contains("json:\n  zh: \"{\\n    \\\"a\\\": \\\"1\\\", \\n\\t"),
            "{yaml}"
        );
        let back: Examples = from_yaml(&yaml).unwrap();
        assert_eq!(back, examples);
        assert_eq!(serde_yaml::to_value(&back).unwrap(), value);
        // Deterministic.
        assert_eq!(to_yaml(&back), yaml);
    }

    #[test]
    fn text_a_yaml_1_1_reader_would_misread_is_quoted() {
        for implicit in [
            "yes",
            "No",
            "on",
            "OFF",
            "y",
            "n",
            "~",
            "null",
            "",
            "1e3",
            "0x1F",
            "0o17",
            "017",
            "1_000",
            ".inf",
            "-.Inf",
            ".nan",
            "12:30",
            "1:30:05.5",
            "2021-01-20T06:00:00Z",
            "2021-01-20",
            "2001-12-14 21:59:43.10 -5",
            "2021-1-2t1:00:00+08:00",
            "<<",
            "=",
            "3.14",
            "-7",
            "+12",
            "1.",
            ".5",
        ] {
            assert!(yaml11_implicit(implicit), "{implicit:?}");
            let yaml = to_yaml(&Text {
                zh: Some(implicit.to_owned()),
                en: None,
            });
            let quoted = format!("zh: '{implicit}'\n");
            let double = format!("zh: \"{implicit}\"\n");
            assert!(yaml == quoted || yaml == double, "{implicit:?}: {yaml}");
            let back: Text = from_yaml(&yaml).unwrap();
            assert_eq!(back.zh.as_deref(), Some(implicit));
        }
        for text in [
            "cn-hangzhou",
            "i-bp1",
            "2021-01-20T06:00Z",
            "12:60",
            "1-2",
            "0x",
            "yess",
            "v1.2",
            "1.2.3a",
            "10.0.0.1/24",
            "e3",
            "_1",
        ] {
            assert!(!yaml11_implicit(text), "{text:?}");
        }
        // A quote inside stays a quote.
        let yaml = to_yaml(&vec!["it's".to_owned(), "on".to_owned()]);
        assert_eq!(yaml, "- it's\n- 'on'\n");
    }

    #[test]
    fn a_text_is_a_plain_string_or_the_two_languages() {
        let plain: Text = from_yaml("The ID of the role.").unwrap();
        assert_eq!(plain, Text::neutral("The ID of the role."));
        assert_eq!(
            plain.distinct().collect::<Vec<_>>(),
            [("en", "The ID of the role.")]
        );
        let both: Text = from_yaml("zh: 角色ID。\nen: The role ID.\n").unwrap();
        assert_eq!(
            both.distinct().collect::<Vec<_>>(),
            [("en", "The role ID."), ("zh", "角色ID。")]
        );
        // The map is written as before; a plain string is written as the map.
        assert_eq!(to_yaml(&both), "zh: 角色ID。\nen: The role ID.\n");
        assert_eq!(
            to_yaml(&plain),
            "zh: The ID of the role.\nen: The ID of the role.\n"
        );
        let only_zh: Text = from_yaml("zh: 角色ID。").unwrap();
        assert_eq!(to_yaml(&only_zh), "zh: 角色ID。\n");
        for (bad, message) in [
            (
                "[a, b]",
                "expected a text (a string, or `zh` and `en` texts)",
            ),
            ("eng: x", "unknown field `eng`, expected `zh` or `en`"),
            ("zh: a\nzh: b", "duplicate"),
        ] {
            let e = from_yaml::<Text>(bad).unwrap_err();
            assert!(e.contains(message), "{bad}: {e}");
        }
    }
}
