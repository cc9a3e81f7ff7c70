//! `codegen` turns a YAML transcription of Alibaba Cloud API reference
//! documents (a *spec*) into a typed Rust SDK that signs and sends real
//! requests through the `acs-runtime` crate.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`spec`]: load: the serde model of the YAML files (the only serde_yaml user);
//! 2. [`validate`]: every problem, with file, spec path and line:column;
//! 3. [`lower`]: into the [`ir`], deciding every name through [`naming`];
//! 4. [`emit`]: tokens with `quote!`, formatted once with prettyplease;
//! 5. [`write`]: atomically, and only files whose content changed.
//!
//! Before all that, [`import`] writes the spec's operation files from the
//! API reference documents (`codegen import`); hand curation lives beside
//! them in overlays that the loader merges in ([`spec::overlay`]).
//!
//! Beside the pipeline, [`diff`] compares two specs (`codegen diff`) and
//! classifies each change by what it breaks on the wire and in Rust.
//!
//! # Use from a build script
//!
//! A downstream crate that generates its own SDK from its own spec puts
//! this in `build.rs` (with `codegen` as a build-dependency, default
//! features off, and `acs-runtime` as a dependency):
//!
//! ```no_run
//! // build.rs
//! # #[allow(clippy::needless_doctest_main)] // the example is a whole build.rs
//! fn main() {
//!     // Reads my-spec/service.yaml and my-spec/operations/*.yaml, writes
//!     // $OUT_DIR/<product in snake_case>.rs (Sts → sts.rs), prints
//!     // cargo:rerun-if-changed for each file read.
//!     if let Err(e) = codegen::Config::new().spec_dir("my-spec").compile() {
//!         // Every problem, one per line: file:line:col: error: path: message
//!         eprintln!("{e}");
//!         std::process::exit(1);
//!     }
//! }
//! ```
//!
//! and includes the result from `src/lib.rs`. The file is named after the
//! spec's `product` in snake_case ([`output_file_name`]): `Ecs` → `ecs.rs`,
//! `Sts` → `sts.rs`, `ResourceManager` → `resource_manager.rs`;
//! [`Config::compile`] returns the paths it wrote.
//!
//! ```ignore
//! include!(concat!(env!("OUT_DIR"), "/ecs.rs"));
//! ```
//!
//! The one-call shortcut does the same: `codegen::compile_spec("my-spec")`.

pub mod diag;
#[cfg(feature = "tools")]
pub mod diff;
pub mod emit;
#[cfg(feature = "tools")]
pub mod import;
pub mod ir;
pub mod lower;
pub mod naming;
#[cfg(feature = "schema")]
pub mod schema;
pub mod spec;
pub mod validate;
pub mod write;

use std::fmt;
use std::path::{Path, PathBuf};

pub use diag::{Diagnostic, Diagnostics, Location};
pub use write::{GeneratedFile, WriteStatus};

/// What can go wrong when generating.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The spec has problems; nothing was written.
    Spec(Diagnostics),
    /// Reading or writing a file failed; existing output is untouched.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What happened.
        source: std::io::Error,
    },
    /// No output directory was given and `OUT_DIR` is not set.
    NoOutDir,
    /// The generator produced tokens that do not parse (a bug in codegen).
    Emit(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(d) => write!(f, "{d}"),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::NoOutDir => {
                f.write_str("no output directory: call Config::out_dir or run from a build script")
            }
            Error::Emit(e) => write!(f, "internal error: generated code does not parse: {e}"),
        }
    }
}

impl std::error::Error for Error {}

/// Generator settings, in the style of `prost_build::Config`.
#[derive(Clone, Debug, Default)]
pub struct Config {
    spec_dirs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    label: Option<String>,
    cargo_metadata: Option<bool>,
}

/// The outcome of [`Config::compile`]: every output file and what happened to it.
pub type WriteReport = Vec<(PathBuf, WriteStatus)>;

impl Config {
    /// Default settings: no spec yet, output to `$OUT_DIR`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a spec directory (one service: `service.yaml` + `operations/`).
    pub fn spec_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.spec_dirs.push(dir.as_ref().to_owned());
        self
    }

    /// Where to write; defaults to `$OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(dir.as_ref().to_owned());
        self
    }

    /// How the header names the spec; defaults to the spec directory's name
    /// followed by `/` (e.g. `spec/`), so output does not depend on where
    /// the checkout is.
    pub fn source_label(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = Some(label.into());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines; defaults to on when
    /// running in a build script (`OUT_DIR` set), off otherwise.
    pub fn cargo_metadata(&mut self, on: bool) -> &mut Self {
        self.cargo_metadata = Some(on);
        self
    }

    /// Loads, validates, lowers and emits every spec directory, in memory.
    /// Returns the files and every input file read.
    pub fn generate(&self) -> Result<(Vec<GeneratedFile>, Vec<PathBuf>), Error> {
        let mut diags = Diagnostics::default();
        let mut files: Vec<GeneratedFile> = Vec::new();
        let mut inputs = Vec::new();
        for dir in &self.spec_dirs {
            let service = match load_and_lower(dir, self.label.as_deref()) {
                Ok((svc, read)) => {
                    inputs.extend(read);
                    svc
                }
                Err((d, read)) => {
                    inputs.extend(read);
                    diags.extend(d);
                    continue;
                }
            };
            let name = output_file_name(&service.product);
            if files.iter().any(|f| f.name == name) {
                let mut d = Diagnostics::default();
                d.push(
                    Location {
                        file: dir.join(spec::load::SERVICE_FILE),
                        line_col: None,
                        path: "service.product".into(),
                    },
                    format!(
                        "two spec directories generate `{name}`; give each service its own product"
                    ),
                );
                diags.extend(d);
                continue;
            }
            let what = format!("{} {}", service.product, service.version);
            let contents = emit::render(emit::service(&service), &service.source, &what)
                .map_err(|e| Error::Emit(e.to_string()))?;
            files.push(GeneratedFile { name, contents });
        }
        if self.emit_cargo_metadata() {
            for input in &inputs {
                println!("cargo:rerun-if-changed={}", input.display());
            }
        }
        if diags.is_empty() {
            Ok((files, inputs))
        } else {
            Err(Error::Spec(diags))
        }
    }

    /// Generates and writes. Nothing is written if any spec has a problem.
    ///
    /// Returns every file it wrote (or left alone, being unchanged), one per
    /// spec directory: `<out dir>/<product in snake_case>.rs`, see
    /// [`output_file_name`].
    pub fn compile(&self) -> Result<WriteReport, Error> {
        let out = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir)?,
        };
        let (files, _) = self.generate()?;
        write::write_files(&out, &files).map_err(|source| Error::Io { path: out, source })
    }

    fn emit_cargo_metadata(&self) -> bool {
        self.cargo_metadata
            .unwrap_or_else(|| std::env::var_os("OUT_DIR").is_some())
    }
}

/// The name of the file generated for product `product`: its snake_case
/// name and `.rs` (`Ecs` → `ecs.rs`, `ResourceManager` → `resource_manager.rs`),
/// what a downstream `src/lib.rs` `include!`s from `OUT_DIR`.
///
/// ```
/// assert_eq!(codegen::output_file_name("Sts"), "sts.rs");
/// assert_eq!(codegen::output_file_name("ResourceManager"), "resource_manager.rs");
/// ```
pub fn output_file_name(product: &str) -> String {
    format!("{}.rs", naming::field_name(product))
}

/// The one-call shortcut for build scripts: generates the SDK of `spec_dir`
/// into `$OUT_DIR`.
pub fn compile_spec(spec_dir: impl AsRef<Path>) -> Result<WriteReport, Error> {
    Config::new().spec_dir(spec_dir).compile()
}

/// Loads and validates a spec directory without generating anything.
/// Every problem of every file is reported.
pub fn check(spec_dir: &Path) -> Result<spec::LoadedSpec, Diagnostics> {
    load_and_validate(spec_dir).map_err(|(d, _)| d)
}

/// Like [`check`], and also returns the warnings (examples that contradict
/// the declared response), which never fail a build.
pub fn check_with_warnings(spec_dir: &Path) -> (Option<spec::LoadedSpec>, Diagnostics) {
    let (loaded, mut diags) = spec::load_dir_partial(spec_dir);
    let Some(loaded) = loaded else {
        return (None, diags);
    };
    diags.extend(validate::validate(&loaded));
    if diags.is_empty() {
        (Some(loaded), diags)
    } else {
        (None, diags)
    }
}

fn load_and_validate(dir: &Path) -> Result<spec::LoadedSpec, (Diagnostics, Vec<PathBuf>)> {
    let (loaded, mut diags) = spec::load_dir_partial(dir);
    let Some(loaded) = loaded else {
        return Err((
            diags,
            vec![
                dir.join(spec::load::SERVICE_FILE),
                dir.join(spec::load::OPERATIONS_DIR),
            ],
        ));
    };
    diags.extend(validate::validate(&loaded));
    if diags.is_empty() {
        Ok(loaded)
    } else {
        Err((diags, loaded.inputs))
    }
}

type Lowered = (ir::Service, Vec<PathBuf>);

fn load_and_lower(dir: &Path, label: Option<&str>) -> Result<Lowered, (Diagnostics, Vec<PathBuf>)> {
    let loaded = load_and_validate(dir)?;
    let label = match label {
        Some(l) => l.to_owned(),
        None => format!(
            "{}/",
            dir.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
    };
    let fingerprint = fingerprint(&loaded);
    Ok((lower::lower(&loaded, &label, &fingerprint), loaded.inputs))
}

/// A short, stable fingerprint of a spec's files: FNV-1a over each file's
/// path relative to the spec directory and its bytes.
fn fingerprint(spec: &spec::LoadedSpec) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for input in &spec.inputs {
        if let Ok(bytes) = std::fs::read(input) {
            let rel = input.strip_prefix(&spec.root).unwrap_or(input);
            feed(rel.to_string_lossy().replace('\\', "/").as_bytes());
            feed(&[0]);
            feed(&bytes);
        }
    }
    format!("{hash:016x}")
}

/// Renders one operation's module alone (for snapshots and reviews).
pub fn render_operation(service: &ir::Service, action: &str) -> Option<Result<String, Error>> {
    let op = service.operations.iter().find(|o| o.action == action)?;
    let what = format!("{} {} {}", service.product, service.version, op.action);
    Some(
        emit::render(emit::operation_module(op), &service.source, &what)
            .map_err(|e| Error::Emit(e.to_string())),
    )
}

/// Loads, validates and lowers one spec directory: the IR, for tools and tests.
pub fn lower_dir(dir: &Path, label: &str) -> Result<ir::Service, Diagnostics> {
    load_and_lower(dir, Some(label))
        .map(|(svc, _)| svc)
        .map_err(|(d, _)| d)
}
