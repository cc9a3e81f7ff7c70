//! Stage 6, write: files appear whole or not at all, and a file whose
//! content is unchanged is not touched (so build scripts do not bump
//! timestamps and trigger rebuilds).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A generated file, before it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// File name inside the output directory.
    pub name: String,
    /// Its complete content.
    pub contents: String,
}

/// What happened to one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteStatus {
    /// It did not exist and was written.
    Created,
    /// It existed with other content and was replaced.
    Updated,
    /// It already had this content and was not touched.
    Unchanged,
}

/// Writes `files` into `dir`: each changed file goes to a temporary file in
/// the same directory first; only when every temporary file is complete are
/// they renamed into place. On error, the temporary files are removed and
/// the existing output is left as it was.
pub fn write_files(dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<(PathBuf, WriteStatus)>> {
    fs::create_dir_all(dir)?;
    let mut plan = Vec::new();
    for f in files {
        let path = dir.join(&f.name);
        let status = match fs::read(&path) {
            Ok(existing) if existing == f.contents.as_bytes() => WriteStatus::Unchanged,
            Ok(_) => WriteStatus::Updated,
            Err(e) if e.kind() == io::ErrorKind::NotFound => WriteStatus::Created,
            Err(e) => return Err(e),
        };
        plan.push((f, path, status));
    }
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (f, path, status) in &plan {
        if *status == WriteStatus::Unchanged {
            continue;
        }
        let temp = dir.join(format!(".{}.{}.tmp", f.name, std::process::id()));
        if let Err(e) = fs::write(&temp, f.contents.as_bytes()) {
            let _ = fs::remove_file(&temp);
            for (t, _) in &temps {
                let _ = fs::remove_file(t);
            }
            return Err(e);
        }
        temps.push((temp, path.clone()));
    }
    for (i, (temp, path)) in temps.iter().enumerate() {
        if let Err(e) = fs::rename(temp, path) {
            for (t, _) in &temps[i..] {
                let _ = fs::remove_file(t);
            }
            return Err(e);
        }
    }
    Ok(plan.into_iter().map(|(_, p, s)| (p, s)).collect())
}
