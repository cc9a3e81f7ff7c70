//! A side of a diff, as the user names it: a spec directory, a directory
//! holding one (`.` means `./spec`), or else a git revision of the spec
//! directory, materialized into a temporary directory.

use std::path::{Path, PathBuf};

use super::DiffError;
use super::git::{self, TempDir};
use crate::diag::{Diagnostics, Location};
use crate::spec::{self, LoadedSpec};

/// A side ready to load.
pub(super) struct Resolved {
    /// How the user named it.
    pub label: String,
    /// The spec directory.
    dir: PathBuf,
    /// For a revision: the temporary directory (removed on drop) and how to
    /// name its files in messages (`HEAD~1:spec`).
    temp: Option<(TempDir, String)>,
}

/// Resolves `arg`: an existing directory is a spec directory if it holds
/// `service.yaml`, else `spec_path` inside it must be one; anything else is
/// a git revision.
pub(super) fn resolve(arg: &str, spec_path: &Path) -> Result<Resolved, DiffError> {
    let path = Path::new(arg);
    if path.is_dir() {
        let dir = if path.join(spec::load::SERVICE_FILE).is_file() {
            path.to_owned()
        } else if path
            .join(spec_path)
            .join(spec::load::SERVICE_FILE)
            .is_file()
        {
            path.join(spec_path)
        } else {
            return Err(DiffError::Side {
                side: arg.to_owned(),
                message: format!(
                    "the directory holds neither {} nor {}{}",
                    spec::load::SERVICE_FILE,
                    Path::new(spec_path)
                        .join(spec::load::SERVICE_FILE)
                        .display(),
                    spec_path_hint(path, "inside it")
                ),
            });
        };
        return Ok(Resolved {
            label: arg.to_owned(),
            dir,
            temp: None,
        });
    }
    let temp = git::materialize(arg, spec_path)?;
    let name = format!("{arg}:{}", spec_path.display());
    Ok(Resolved {
        label: arg.to_owned(),
        dir: temp.path().to_owned(),
        temp: Some((temp, name)),
    })
}

/// What to do when the spec directory is not where `--spec-path` says:
/// the spec directories found under `base` (two levels deep), or how to
/// name one. `relative` says what `--spec-path` is relative to.
pub(super) fn spec_path_hint(base: &Path, relative: &str) -> String {
    let mut found = Vec::new();
    find_specs(base, Path::new(""), 2, &mut found);
    found.sort();
    let quoted: Vec<String> = found.iter().map(|p| format!("`{p}`")).collect();
    match quoted.as_slice() {
        [] => {
            format!("; if the spec is elsewhere, pass `--spec-path DIR` (relative to {relative})")
        }
        [one] => format!("; {one} holds a spec: pass `--spec-path {}`", found[0]),
        many => format!(
            "; these hold a spec: {}; pass one with `--spec-path DIR`",
            many.join(", ")
        ),
    }
}

/// Directories under `base/rel` (not hidden, not `target`) that hold a
/// `service.yaml`, as paths relative to `base`.
fn find_specs(base: &Path, rel: &Path, depth: u32, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(base.join(rel)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "target" || !entry.path().is_dir() {
            continue;
        }
        let sub = rel.join(&name);
        if entry.path().join(spec::load::SERVICE_FILE).is_file() {
            found.push(sub.to_string_lossy().replace('\\', "/"));
        } else if depth > 1 {
            find_specs(base, &sub, depth - 1, found);
        }
    }
}

impl Resolved {
    /// Loads the spec; problems name a revision's files as `REV:spec/…`.
    pub(super) fn load(&self) -> Result<LoadedSpec, DiffError> {
        spec::load_dir(&self.dir).map_err(|diagnostics| DiffError::Load {
            side: self.label.clone(),
            diagnostics: match &self.temp {
                Some((temp, name)) => rename_files(&diagnostics, temp.path(), name),
                None => diagnostics,
            },
        })
    }
}

/// Diagnostics whose files are under `root`, named under `name` instead.
fn rename_files(diagnostics: &Diagnostics, root: &Path, name: &str) -> Diagnostics {
    let mut out = Diagnostics::default();
    for d in diagnostics.iter() {
        let file = match d.location.file.strip_prefix(root) {
            Ok(rel) => PathBuf::from(name).join(rel),
            Err(_) => d.location.file.clone(),
        };
        out.push(
            Location {
                file,
                ..d.location.clone()
            },
            d.message.clone(),
        );
    }
    out
}
