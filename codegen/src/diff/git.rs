//! A git revision of the spec directory, written out to a temporary
//! directory so the loader reads it like any other.
//!
//! Runs the `git` executable: `git ls-tree -r -z --full-tree --name-only
//! REV:./spec` lists the files (`./` makes the path relative to the current
//! directory, wherever that is in the work tree; `--full-tree` stops ls-tree
//! from also filtering by the current directory) and
//! `git cat-file blob REV:./spec/FILE` gives each one's bytes.

use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use super::DiffError;

/// A directory removed, with everything in it, when dropped.
pub(super) struct TempDir(PathBuf);

impl TempDir {
    /// A new, empty directory under the system's temporary directory.
    fn new() -> Result<TempDir, DiffError> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let base = std::env::temp_dir();
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            let path = base.join(format!("codegen-diff-{}-{nanos:x}-{n}", std::process::id()));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(TempDir(path)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(source) => return Err(DiffError::Io { path, source }),
            }
        }
    }

    /// The directory.
    pub(super) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes every file of `spec_path` (relative to the current directory) at
/// revision `rev` into a new temporary directory.
pub(super) fn materialize(rev: &str, spec_path: &Path) -> Result<TempDir, DiffError> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(DiffError::Side {
            side: rev.to_owned(),
            message: "not a directory, and not something git could take as a revision".to_owned(),
        });
    }
    let spec = spec_path.to_string_lossy().replace('\\', "/");
    let spec = spec.trim_end_matches('/');
    let not_found = |said: String| DiffError::Side {
        side: rev.to_owned(),
        message: match said.is_empty() {
            true => "not a directory, and not a revision of the git repository here".to_owned(),
            false => format!("not a directory, and not a git revision here ({said})"),
        },
    };
    git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{rev}^{{commit}}"),
    ])?
    .map_err(not_found)?;
    let listing = git(&[
        "ls-tree",
        "-r",
        "-z",
        "--full-tree",
        "--name-only",
        &format!("{rev}:./{spec}"),
    ])?
    .map_err(|_| DiffError::Side {
        side: rev.to_owned(),
        message: format!(
            "the revision has no `{spec}` directory{}",
            super::source::spec_path_hint(Path::new("."), "the current directory")
        ),
    })?;
    let temp = TempDir::new()?;
    for name in String::from_utf8_lossy(&listing)
        .split('\0')
        .filter(|n| !n.is_empty())
    {
        let rel = Path::new(name);
        // git never lists such paths; refuse them rather than write outside.
        if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            continue;
        }
        let command = format!("git cat-file blob {rev}:./{spec}/{name}");
        let bytes = git(&["cat-file", "blob", &format!("{rev}:./{spec}/{name}")])?
            .map_err(|message| DiffError::Git { command, message })?;
        let path = temp.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| DiffError::Io {
                path: parent.to_owned(),
                source,
            })?;
        }
        std::fs::write(&path, bytes).map_err(|source| DiffError::Io { path, source })?;
    }
    Ok(temp)
}

/// Runs git in the current directory: its stdout, or (inner error) what it
/// said on stderr when it failed. The outer error is git not running at all.
fn git(args: &[&str]) -> Result<Result<Vec<u8>, String>, DiffError> {
    let output = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| DiffError::Git {
            command: format!("git {}", args.join(" ")),
            message: format!("cannot run git: {e}"),
        })?;
    Ok(match output.status.success() {
        true => Ok(output.stdout),
        false => Err(String::from_utf8_lossy(&output.stderr).trim().to_owned()),
    })
}
