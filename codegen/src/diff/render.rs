//! The report as text (a terminal), Markdown (a pull request) or JSON (CI).
//!
//! Text and Markdown group changes by operation, the service's first. The
//! JSON field names are stable: `format_version` changes if they ever do.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Change, Report, Rule, Summary};

/// An output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// For a terminal: one line per change.
    #[default]
    Text,
    /// For a pull request: a summary table, then a section per operation.
    Markdown,
    /// For CI: a JSON document with stable field names.
    Json,
}

pub(super) fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Markdown => markdown(report),
        Format::Json => json(report),
    }
}

/// Changes grouped by operation (`None`: the service), in report order.
fn groups(report: &Report) -> Vec<(Option<&str>, Vec<&Change>)> {
    let mut out: Vec<(Option<&str>, Vec<&Change>)> = Vec::new();
    for c in &report.changes {
        let op = c.operation.as_deref();
        match out.iter_mut().find(|(o, _)| *o == op) {
            Some((_, list)) => list.push(c),
            None => out.push((op, vec![c])),
        }
    }
    out
}

fn heading(op: Option<&str>) -> &str {
    op.unwrap_or("service")
}

fn side(s: &super::Side) -> String {
    format!("{} {} ({})", s.product, s.version, s.label)
}

fn counts(s: &Summary, total: usize) -> String {
    let noun = if total == 1 { "change" } else { "changes" };
    format!(
        "{total} {noun}: {} breaking, {} warning, {} info",
        s.breaking, s.warning, s.info
    )
}

fn bump_line(s: &Summary) -> String {
    format!(
        "semver: {} (0.x crate: {}): {}",
        s.bump, s.bump_zero_major, s.rationale
    )
}

fn text(report: &Report) -> String {
    let summary = report.summary();
    let mut out = String::new();
    let _ = writeln!(out, "{} → {}", side(&report.old), side(&report.new));
    let _ = writeln!(out, "{}", counts(&summary, report.changes.len()));
    let width = report
        .changes
        .iter()
        .map(|c| c.rule.id().len())
        .max()
        .unwrap_or(0);
    for (op, changes) in groups(report) {
        let _ = writeln!(out, "\n{}", heading(op));
        for c in changes {
            let place = if c.path.is_empty() {
                String::new()
            } else {
                format!("{}: ", c.path)
            };
            let _ = writeln!(
                out,
                "  {:<8}  {:<width$}  {place}{}  [wire: {}, rust: {}]",
                c.severity().as_str(),
                c.rule.id(),
                c.message,
                c.wire(),
                c.rust(),
            );
        }
    }
    let _ = writeln!(out, "\n{}", bump_line(&summary));
    out
}

/// Text for a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(report: &Report) -> String {
    let summary = report.summary();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Spec changes: {} → {}\n",
        side(&report.old),
        side(&report.new)
    );
    let _ = writeln!(out, "{}.\n", counts(&summary, report.changes.len()));
    let _ = writeln!(
        out,
        "**Semver:** {} (0.x crate: {}): {}.\n",
        summary.bump, summary.bump_zero_major, summary.rationale
    );
    if report.changes.is_empty() {
        return out;
    }
    let _ = writeln!(out, "| Rule | Severity | Wire | Rust | Changes |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for rule in Rule::ALL {
        let n = report.changes.iter().filter(|c| c.rule == *rule).count();
        if n > 0 {
            let i = rule.info();
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {n} |",
                i.id, i.severity, i.wire, i.rust
            );
        }
    }
    for (op, changes) in groups(report) {
        let _ = writeln!(out, "\n### {}\n", heading(op));
        let _ = writeln!(out, "| Severity | Rule | Where | Change | Wire | Rust |");
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for c in changes {
            let place = if c.path.is_empty() {
                String::new()
            } else {
                format!("`{}`", cell(&c.path))
            };
            let _ = writeln!(
                out,
                "| {} | `{}` | {place} | {} | {} | {} |",
                c.severity(),
                c.rule.id(),
                cell(&c.message),
                c.wire(),
                c.rust(),
            );
        }
    }
    out
}

/// The rule table as Markdown: id, severity, both effects, the bump and
/// why, for documentation (a test keeps a snapshot of it).
pub fn rule_table() -> String {
    let mut out =
        String::from("| Rule | Severity | Wire | Rust | Bump | Why |\n|---|---|---|---|---|---|\n");
    for rule in Rule::ALL {
        let i = rule.info();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} |",
            i.id,
            i.severity,
            i.wire,
            i.rust,
            i.bump,
            cell(&i.description())
        );
    }
    out
}

/// The JSON document. Field names are the interface.
#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    old: JsonSide<'a>,
    new: JsonSide<'a>,
    summary: JsonSummary<'a>,
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonSide<'a> {
    label: &'a str,
    product: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    changes: usize,
    breaking: usize,
    warning: usize,
    info: usize,
    wire_breaking: usize,
    rust_breaking: usize,
    semver: JsonSemver<'a>,
}

#[derive(Serialize)]
struct JsonSemver<'a> {
    bump: &'static str,
    bump_zero_major: &'static str,
    rationale: &'a str,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    rule: &'static str,
    severity: &'static str,
    wire: &'static str,
    rust: &'static str,
    operation: Option<&'a str>,
    path: &'a str,
    message: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
}

fn json(report: &Report) -> String {
    let summary = report.summary();
    let doc = JsonReport {
        format_version: 1,
        old: JsonSide {
            label: &report.old.label,
            product: &report.old.product,
            version: &report.old.version,
        },
        new: JsonSide {
            label: &report.new.label,
            product: &report.new.product,
            version: &report.new.version,
        },
        summary: JsonSummary {
            changes: report.changes.len(),
            breaking: summary.breaking,
            warning: summary.warning,
            info: summary.info,
            wire_breaking: summary.wire_breaking,
            rust_breaking: summary.rust_breaking,
            semver: JsonSemver {
                bump: summary.bump.as_str(),
                bump_zero_major: summary.bump_zero_major.as_str(),
                rationale: &summary.rationale,
            },
        },
        changes: report
            .changes
            .iter()
            .map(|c| JsonChange {
                rule: c.rule.id(),
                severity: c.severity().as_str(),
                wire: c.wire().as_str(),
                rust: c.rust().as_str(),
                operation: c.operation.as_deref(),
                path: &c.path,
                message: &c.message,
                old: c.old.as_deref(),
                new: c.new.as_deref(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc).expect("the report is always serializable");
    text.push('\n');
    text
}
