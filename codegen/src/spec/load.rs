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
/// # Panics
///
/// If `value` cannot be YAML (a map with non-text keys); no spec type is so.
pub fn to_yaml<T: Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).expect("spec values are representable in YAML")
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
