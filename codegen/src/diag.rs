//! Diagnostics: every problem found in a spec, with where it is.
//!
//! Validation never stops at the first problem: stages push into
//! [`Diagnostics`] and the caller reports them all at once.

use std::fmt;
use std::path::PathBuf;

/// Where a problem is: the file, the logical path inside the spec (e.g.
/// `operations.DeleteActivation.response.Activation.InstanceCount`) and,
/// where the YAML parser knows it, the line and column (both 1-based).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The spec file, as given to the loader.
    pub file: PathBuf,
    /// Line and column, 1-based.
    pub line_col: Option<(usize, usize)>,
    /// The logical path inside the spec.
    pub path: String,
}

/// How bad a problem is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The spec cannot be generated from.
    #[default]
    Error,
    /// Reported, never fatal: what a published document gets wrong that
    /// generation does not depend on (an example that contradicts the
    /// declared response).
    Warning,
}

/// One problem found in a spec.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where it is.
    pub location: Location,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, as one sentence without a trailing period.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: path: message`, the shape compilers use, so editors
    /// and terminals turn it into a link.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = &self.location;
        write!(f, "{}", loc.file.display())?;
        if let Some((line, col)) = loc.line_col {
            write!(f, ":{line}:{col}")?;
        }
        f.write_str(match self.severity {
            Severity::Error => ": error",
            Severity::Warning => ": warning",
        })?;
        if !loc.path.is_empty() {
            write!(f, ": {}", loc.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in one run, reported together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records an error.
    pub fn push(&mut self, location: Location, message: impl Into<String>) {
        self.items.push(Diagnostic {
            location,
            severity: Severity::Error,
            message: message.into(),
        });
    }

    /// Records a warning.
    pub fn warn(&mut self, location: Location, message: impl Into<String>) {
        self.items.push(Diagnostic {
            location,
            severity: Severity::Warning,
            message: message.into(),
        });
    }

    /// Moves all of `other`'s problems into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether no error was found (warnings aside).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of errors (warnings aside).
    pub fn len(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.len()
    }

    /// The problems, sorted by file, then position.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }

    /// The problems in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sorted = self.clone().sorted();
        for d in &sorted {
            writeln!(f, "{d}")?;
        }
        let n = self.len();
        write!(f, "{n} error{}", if n == 1 { "" } else { "s" })?;
        match self.warning_count() {
            0 => Ok(()),
            1 => write!(f, ", 1 warning"),
            w => write!(f, ", {w} warnings"),
        }
    }
}

impl std::error::Error for Diagnostics {}
