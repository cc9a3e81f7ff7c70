//! `codegen diff OLD NEW`: a semantic diff of two specs, beside the
//! generation pipeline.
//!
//! Both specs are loaded with [`crate::spec::load_dir`] and lowered with
//! [`crate::lower`] (the IR tells which Rust names and types a change
//! touches). [`diff`] walks both and reports every [`Change`]: operations,
//! parameters and response fields (at every nesting level) added, removed,
//! renamed (when the spec records `renamed_from`), retyped, made required
//! or optional; constraints narrowed or widened; error codes; service facts;
//! and documentation. Each change names a [`Rule`] of the table in [`rules`],
//! which classifies it on the wire and in Rust and gives the semver bump of
//! the generated crate.
//!
//! Sides are loaded, not validated: a spec that `codegen check` rejects can
//! still be compared (the diff of a fix is often what one wants to see).
//!
//! The files: [`rules`] (the table), `compare` (service, operations, errors,
//! documentation), `members` (parameters and fields), `constraints`
//! (their documented values, bounds and defaults), `rust_view` (the
//! generated names and types, from the IR), `render` (text, Markdown, JSON),
//! `source` and `git` (a side given as a directory or a git revision).

mod compare;
mod constraints;
mod git;
mod members;
mod render;
pub mod rules;
mod rust_view;
mod source;

use std::fmt;
use std::path::PathBuf;

pub use render::{Format, rule_table};
pub use rules::{Bump, Effect, Rule, RuleInfo, Severity};

use crate::spec::LoadedSpec;

/// Everything that differs between two specs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The old spec.
    pub old: Side,
    /// The new spec.
    pub new: Side,
    /// The changes: the service's first, then each operation's in name order,
    /// each operation's in spec order (operation, request, response, errors).
    pub changes: Vec<Change>,
}

/// One side of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Side {
    /// How the user named it: a directory or a git revision.
    pub label: String,
    /// The product code.
    pub product: String,
    /// The API version.
    pub version: String,
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What kind of change it is; the table gives its classifications.
    pub rule: Rule,
    /// The operation it belongs to; `None` for the service's own facts
    /// (including errors common to every operation).
    pub operation: Option<String>,
    /// Where, inside the operation (`request.RegionId`,
    /// `response.Activation.InstanceCount`, `response.Items[].Name`,
    /// `errors.Throttling`) or the service (`service.endpoints.central`).
    /// Empty for an operation added or removed as a whole.
    pub path: String,
    /// What changed, in one sentence without a trailing period.
    pub message: String,
    /// The old value, where there is one to show (a type, a bound, a name).
    pub old: Option<String>,
    /// The new value, where there is one to show.
    pub new: Option<String>,
}

impl Change {
    /// The rule's severity.
    pub fn severity(&self) -> Severity {
        self.rule.info().severity
    }

    /// The rule's effect on the wire.
    pub fn wire(&self) -> Effect {
        self.rule.info().wire
    }

    /// The rule's effect on Rust code.
    pub fn rust(&self) -> Effect {
        self.rule.info().rust
    }
}

/// Counts and the resulting semver bump.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Changes of severity `breaking`.
    pub breaking: usize,
    /// Changes of severity `warning`.
    pub warning: usize,
    /// Changes of severity `info`.
    pub info: usize,
    /// Changes that break existing clients on the wire.
    pub wire_breaking: usize,
    /// Changes that can stop existing Rust code from compiling.
    pub rust_breaking: usize,
    /// The bump of a 1.x (or later) generated crate: the largest bump of any change.
    pub bump: Bump,
    /// The same for a 0.x crate, as the generated crate is today: see [`Bump::for_zero_major`].
    pub bump_zero_major: Bump,
    /// Why, in a sentence or two.
    pub rationale: String,
}

/// When `codegen diff` exits non-zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum FailOn {
    /// Any change of severity `breaking`.
    Breaking,
    /// Any change of severity `warning` or `breaking`.
    Warning,
}

impl Report {
    /// Counts, the semver bump and its rationale.
    pub fn summary(&self) -> Summary {
        let count = |f: &dyn Fn(&Change) -> bool| self.changes.iter().filter(|c| f(c)).count();
        let bump = self
            .changes
            .iter()
            .map(|c| c.rule.info().bump)
            .max()
            .unwrap_or(Bump::None);
        let wire_breaking = count(&|c| c.wire() == Effect::Breaking);
        let rules_with = |bump: Bump| {
            let mut ids: Vec<&str> = self
                .changes
                .iter()
                .filter(|c| c.rule.info().bump == bump)
                .map(|c| c.rule.id())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids.join(", ")
        };
        let mut rationale = match bump {
            Bump::None => "the specs are equivalent: nothing to release".to_owned(),
            Bump::Major => format!(
                "existing Rust code can stop compiling ({}); the generated crate is 0.x, where Cargo treats the \
                 minor version as the major one, so release 0.(x+1).0",
                rules_with(Bump::Major)
            ),
            Bump::Minor => format!(
                "new API or behaviour and nothing that breaks Rust code ({}); for the 0.x generated crate that is \
                 a patch release, 0.x.(y+1)",
                rules_with(Bump::Minor)
            ),
            Bump::Patch => {
                "behaviour or documentation only, the API is unchanged; release 0.x.(y+1)"
                    .to_owned()
            }
        };
        if wire_breaking > 0 {
            let (n, verb) = if wire_breaking == 1 {
                ("change", "breaks")
            } else {
                ("changes", "break")
            };
            rationale.push_str(&format!(
                "; {wire_breaking} {n} also {verb} clients already deployed, until they update"
            ));
        }
        Summary {
            breaking: count(&|c| c.severity() == Severity::Breaking),
            warning: count(&|c| c.severity() == Severity::Warning),
            info: count(&|c| c.severity() == Severity::Info),
            wire_breaking,
            rust_breaking: count(&|c| c.rust() == Effect::Breaking),
            bump,
            bump_zero_major: bump.for_zero_major(),
            rationale,
        }
    }

    /// Whether the report has a change that `fail_on` fails on.
    pub fn fails(&self, fail_on: FailOn) -> bool {
        let threshold = match fail_on {
            FailOn::Breaking => Severity::Breaking,
            FailOn::Warning => Severity::Warning,
        };
        self.changes.iter().any(|c| c.severity() >= threshold)
    }

    /// The report in one of the output formats.
    pub fn render(&self, format: Format) -> String {
        render::render(self, format)
    }
}

/// Compares two loaded specs. Sides are labelled with their directories;
/// set [`Report::old`] and [`Report::new`]'s labels to name them otherwise.
pub fn diff(old: &LoadedSpec, new: &LoadedSpec) -> Report {
    let side = |s: &LoadedSpec| Side {
        label: s.root.display().to_string(),
        product: s.service.value.product.clone(),
        version: s.service.value.version.clone(),
    };
    Report {
        old: side(old),
        new: side(new),
        changes: compare::compare(old, new),
    }
}

/// The arguments of `codegen diff`.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct DiffArgs {
    /// The old spec: a directory (holding service.yaml, or a spec/ that does;
    /// `.` is ./spec) or else a git revision of the spec directory (e.g. HEAD~1).
    pub old: String,
    /// The new spec, given the same way.
    pub new: String,
    /// Output format: text for a terminal, markdown for a pull request, json for CI.
    #[cfg_attr(feature = "cli", arg(long, value_enum, default_value = "text"))]
    pub format: Format,
    /// Exit with status 1 when a change of this severity (or worse) is found.
    /// Without it, changes never fail the command; a spec that does not load
    /// always exits with status 2.
    #[cfg_attr(feature = "cli", arg(long, value_enum))]
    pub fail_on: Option<FailOn>,
    /// The spec directory: inside a directory side that has no service.yaml,
    /// and, for a git revision side, relative to the current directory.
    #[cfg_attr(feature = "cli", arg(long, default_value = "spec"))]
    pub spec_path: PathBuf,
}

/// What `codegen diff` prints and whether it fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The rendered report.
    pub output: String,
    /// Whether `--fail-on` was given and a change reached it.
    pub failed: bool,
    /// The report itself.
    pub report: Report,
}

/// Why a diff could not be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum DiffError {
    /// A side is neither a spec directory nor a git revision with a spec.
    Side {
        /// The side as given.
        side: String,
        /// What is wrong.
        message: String,
    },
    /// Running git failed.
    Git {
        /// The git command line.
        command: String,
        /// What git said, or why it could not run.
        message: String,
    },
    /// Writing a revision's files to a temporary directory failed.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What happened.
        source: std::io::Error,
    },
    /// A side does not load (every problem of every file).
    Load {
        /// The side as given.
        side: String,
        /// The problems.
        diagnostics: crate::Diagnostics,
    },
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffError::Side { side, message } => write!(f, "`{side}`: {message}"),
            DiffError::Git { command, message } => write!(f, "`{command}` failed: {message}"),
            DiffError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            DiffError::Load { side, diagnostics } => {
                write!(f, "the spec `{side}` does not load:\n{diagnostics}")
            }
        }
    }
}

impl std::error::Error for DiffError {}

/// `codegen diff`: resolves and loads both sides, compares them and renders
/// the report. The caller prints [`Outcome::output`] and exits with status 1
/// when [`Outcome::failed`], 2 on an error.
pub fn run(args: &DiffArgs) -> Result<Outcome, DiffError> {
    let old = source::resolve(&args.old, &args.spec_path)?;
    let new = source::resolve(&args.new, &args.spec_path)?;
    let mut report = diff(&old.load()?, &new.load()?);
    report.old.label = old.label;
    report.new.label = new.label;
    let output = report.render(args.format);
    let failed = args.fail_on.is_some_and(|f| report.fails(f));
    Ok(Outcome {
        output,
        failed,
        report,
    })
}
