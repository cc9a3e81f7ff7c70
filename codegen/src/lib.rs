//! `codegen` turns a YAML transcription of Alibaba Cloud API reference
//! documents (a *spec*) into a typed Rust SDK that signs and sends real
//! requests through the `acs-runtime` crate.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`spec`]: load: the serde model of the YAML files (the only serde_yaml user);
//! 2. [`validate`]: every problem, with file, spec path and line:column;
//! 3. [`lower`]: into the [`ir`], deciding every name through [`naming`];
//! 4. [`emit`]: tokens with `quote!`, formatted with prettyplease where a person
//!    reads them (not in `OUT_DIR`: [`Config::format`]);
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
pub(crate) mod xml;

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
    /// [`Config::operations`] names operations the spec does not have (or
    /// patterns that match none).
    UnknownOperations {
        /// The spec directory.
        spec: PathBuf,
        /// Each unmatched name or pattern, with a likely meant name if any.
        unknown: Vec<(String, Option<String>)>,
    },
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
            Error::UnknownOperations { spec, unknown } => {
                for (i, (name, suggestion)) in unknown.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(
                        f,
                        "{}: error: no operation matches `{name}`",
                        spec.display()
                    )?;
                    if let Some(s) = suggestion {
                        write!(f, " (did you mean `{s}`?)")?;
                    }
                }
                Ok(())
            }
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
    format: Option<bool>,
    by_name: bool,
    operations: Option<Vec<String>>,
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

    /// Whether to format the output with prettyplease. Defaults to on,
    /// except when the output is for `$OUT_DIR` (no [`Config::out_dir`] and
    /// `OUT_DIR` set: a build script, or a test of a package that has one),
    /// where only rustc reads the file: unformatted
    /// output is the same tokens, one item per line, deterministic, and
    /// several times cheaper to produce in a build script's debug build
    /// (BENCHMARKS.md). [`emit::format_source`] formats it afterwards.
    pub fn format(&mut self, on: bool) -> &mut Self {
        self.format = Some(on);
        self
    }

    /// Whether to generate the by-name machinery for command-line tools:
    /// `OPERATIONS` (every operation's parameters and a parser),
    /// `Client::call_by_name` (one match arm per operation), `Deserialize`
    /// on request types and `Serialize` on response types. Off by default: an SDK that only
    /// calls operations through their typed methods does not compile it.
    /// A crate that offers it as a feature decides in its build script,
    /// so that the generated code holds no `#[cfg(feature)]` of its own:
    ///
    /// ```no_run
    /// // build.rs of a crate with `[features] by-name = []`
    /// codegen::Config::new()
    ///     .spec_dir("spec")
    ///     .by_name(std::env::var_os("CARGO_FEATURE_BY_NAME").is_some())
    ///     .compile()
    ///     .unwrap();
    /// ```
    pub fn by_name(&mut self, on: bool) -> &mut Self {
        self.by_name = on;
        self
    }

    /// Generates only these operations (and the shapes they use: each
    /// operation's own types, the client methods, the service's common
    /// errors), not the whole spec. Each entry is an operation name
    /// (`DescribeInstances`) or a pattern where `*` matches any run of
    /// characters (`Describe*`, `*Instance*`). The whole spec is still
    /// loaded and validated. A name or pattern that matches no operation is
    /// an error ([`Error::UnknownOperations`]); without this call, every
    /// operation is generated.
    ///
    /// ```no_run
    /// // build.rs of a crate that calls three ECS operations
    /// codegen::Config::new()
    ///     .spec_dir("spec")
    ///     .operations(["DescribeInstances", "StartInstance", "StopInstance"])
    ///     .compile()
    ///     .unwrap();
    /// ```
    pub fn operations<I, S>(&mut self, names: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.operations
            .get_or_insert_with(Vec::new)
            .extend(names.into_iter().map(Into::into));
        self
    }

    /// Loads, validates, lowers and emits every spec directory, in memory.
    /// Returns the files and every input file read.
    pub fn generate(&self) -> Result<(Vec<GeneratedFile>, Vec<PathBuf>), Error> {
        let mut diags = Diagnostics::default();
        let mut files: Vec<GeneratedFile> = Vec::new();
        let mut inputs = Vec::new();
        for dir in &self.spec_dirs {
            let service =
                match load_and_lower(dir, self.label.as_deref(), self.operations.as_deref()) {
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
            let service = match service {
                Ok(s) => s,
                Err(unknown) => {
                    return Err(Error::UnknownOperations {
                        spec: dir.clone(),
                        unknown,
                    });
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
            let options = emit::Options {
                by_name: self.by_name,
            };
            let items = emit::service_items(&service, options);
            let contents = if self.formats() {
                emit::render(quote::quote!(#(#items)*), &service.source, &what)
                    .map_err(|e| Error::Emit(e.to_string()))?
            } else {
                emit::render_items(&items, &service.source, &what)
            };
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

    fn formats(&self) -> bool {
        self.format
            .unwrap_or_else(|| self.out_dir.is_some() || std::env::var_os("OUT_DIR").is_none())
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

pub(crate) fn load_and_validate(
    dir: &Path,
) -> Result<spec::LoadedSpec, (Diagnostics, Vec<PathBuf>)> {
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

/// The IR (or the selection's names that match nothing) and the files read.
type Lowered = (Result<ir::Service, Unmatched>, Vec<PathBuf>);
type Unmatched = Vec<(String, Option<String>)>;

fn load_and_lower(
    dir: &Path,
    label: Option<&str>,
    selection: Option<&[String]>,
) -> Result<Lowered, (Diagnostics, Vec<PathBuf>)> {
    let mut loaded = load_and_validate(dir)?;
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
    if let Some(patterns) = selection {
        let names: Vec<&str> = loaded
            .operations
            .iter()
            .map(|op| op.value.name.as_str())
            .collect();
        let unknown: Unmatched = patterns
            .iter()
            .filter(|p| !names.iter().any(|n| glob_match(p, n)))
            .map(|p| {
                let suggestion = (!p.contains('*'))
                    .then(|| spec::suggest::did_you_mean(p, &names))
                    .flatten()
                    .map(str::to_owned);
                (p.clone(), suggestion)
            })
            .collect();
        if !unknown.is_empty() {
            return Ok((Err(unknown), loaded.inputs));
        }
        loaded
            .operations
            .retain(|op| patterns.iter().any(|p| glob_match(p, &op.value.name)));
    }
    Ok((
        Ok(lower::lower(&loaded, &label, &fingerprint)),
        loaded.inputs,
    ))
}

/// Whether `name` matches `pattern`, where `*` matches any run of
/// characters (possibly empty) and everything else matches itself.
fn glob_match(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// A short, stable fingerprint of a spec's files: FNV-1a over each file's
/// path relative to the spec directory and its bytes.
fn fingerprint(spec: &spec::LoadedSpec) -> String {
    let mut hash = Fnv1a::new();
    for input in &spec.inputs {
        if let Ok(bytes) = std::fs::read(input) {
            let rel = input.strip_prefix(&spec.root).unwrap_or(input);
            hash.feed(rel.to_string_lossy().replace('\\', "/").as_bytes());
            hash.feed(&[0]);
            hash.feed(&bytes);
        }
    }
    hash.hex()
}

/// FNV-1a, 64 bits: the project's one short, stable checksum (spec
/// fingerprints in generated headers, the checksum of an imported file).
/// Not for security: it only tells whether bytes changed.
pub(crate) struct Fnv1a(u64);

impl Fnv1a {
    pub(crate) fn new() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The hash as 16 hex digits.
    pub(crate) fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// Renders one operation's module, with the shared shapes it re-exports in a
/// `shared` module of their own (for snapshots and reviews).
pub fn render_operation(service: &ir::Service, action: &str) -> Option<Result<String, Error>> {
    let op = service.operations.iter().find(|o| o.action == action)?;
    let what = format!("{} {} {}", service.product, service.version, op.action);
    Some(
        emit::render(
            emit::operation_with_shared(service, op),
            &service.source,
            &what,
        )
        .map_err(|e| Error::Emit(e.to_string())),
    )
}

/// Loads, validates and lowers one spec directory: the IR, for tools and tests.
pub fn lower_dir(dir: &Path, label: &str) -> Result<ir::Service, Diagnostics> {
    match load_and_lower(dir, Some(label), None) {
        Ok((Ok(svc), _)) => Ok(svc),
        Ok((Err(_), _)) => unreachable!("no selection, nothing unmatched"),
        Err((d, _)) => Err(d),
    }
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn patterns_match_names() {
        assert!(glob_match("DescribeInstances", "DescribeInstances"));
        assert!(!glob_match("DescribeInstances", "DescribeInstancesFull"));
        assert!(glob_match("Describe*", "DescribeInstances"));
        assert!(glob_match("Describe*", "Describe"));
        assert!(!glob_match("Describe*", "StartInstance"));
        assert!(glob_match("*Instance", "StartInstance"));
        assert!(!glob_match("*Instance", "StartInstances"));
        assert!(glob_match("*Instance*", "DescribeInstances"));
        assert!(glob_match(
            "Start*Instance",
            "StartElasticityAssuranceInstance"
        ));
        assert!(!glob_match("Start*Instance", "StartInstances"));
        assert!(!glob_match("A*A", "A"));
        assert!(glob_match("A*A", "AA"));
        assert!(glob_match("*", "Anything"));
    }
}
