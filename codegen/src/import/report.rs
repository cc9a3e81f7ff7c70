//! What an import run found, for people and for tools: a short summary
//! (counts of documents and of findings by id), the findings as Markdown
//! (for issue notes and CI summaries) and as JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::{Counts, Finding, Findings, Severity, ids};

/// How many findings of each id, in the order of [`ids::KINDS`] (ids not
/// in the table, which a test rules out, last).
pub fn by_id(findings: &Findings) -> Vec<(&'static str, usize)> {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for f in &findings.0 {
        *counts.entry(f.id).or_default() += 1;
    }
    let mut out: Vec<(&'static str, usize)> = ids::KINDS
        .iter()
        .filter_map(|k| counts.remove(k.id).map(|n| (k.id, n)))
        .collect();
    out.extend(counts);
    out
}

fn severities(findings: &Findings) -> (usize, usize) {
    let errors = findings
        .0
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    (errors, findings.0.len() - errors)
}

/// The summary `codegen import` prints after the findings.
pub fn summary(counts: &Counts, findings: &Findings) -> String {
    let (errors, warnings) = severities(findings);
    let mut out = format!(
        "import: {} documents: {} imported, {} duplicates not used, {} not API documents, {} refused; {} operations\n\
         import: {errors} errors, {warnings} warnings\n",
        counts.documents,
        counts.imported,
        counts.duplicates,
        counts.not_api,
        counts.refused,
        counts.operations
    );
    if counts.metadata > 0 {
        let _ = writeln!(
            out,
            "import: {} metadata files: {} apis; operations: {} of the metadata and the documents, {} of the metadata only, {} of the documents only",
            counts.metadata,
            counts.apis,
            counts.merged,
            counts.operations - counts.merged - counts.documents_only,
            counts.documents_only
        );
    }
    for (id, n) in by_id(findings) {
        let _ = writeln!(out, "{n:>7}  {id}");
    }
    out
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn location(f: &Finding) -> String {
    match f.line {
        Some(line) if line > 0 => format!("{}:{line}", f.file.display()),
        _ => f.file.display().to_string(),
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The findings as Markdown: the counts, a table of ids (with their
/// meaning), then every finding under its document.
pub fn markdown(counts: &Counts, findings: &Findings) -> String {
    let (errors, warnings) = severities(findings);
    let mut out = String::from("# `codegen import` report\n\n");
    out.push_str("| documents | imported | duplicates not used | not API documents | refused | operations | errors | warnings |\n");
    out.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {errors} | {warnings} |\n",
        counts.documents,
        counts.imported,
        counts.duplicates,
        counts.not_api,
        counts.refused,
        counts.operations
    );
    if counts.metadata > 0 {
        out.push_str("| metadata files | apis | operations of both sources | of the metadata only | of the documents only |\n");
        out.push_str("|---:|---:|---:|---:|---:|\n");
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |\n",
            counts.metadata,
            counts.apis,
            counts.merged,
            counts.operations - counts.merged - counts.documents_only,
            counts.documents_only
        );
    }
    out.push_str("## Findings by id\n\n| id | count | meaning |\n|---|---:|---|\n");
    for (id, n) in by_id(findings) {
        let meaning = ids::meaning(id).unwrap_or("");
        let _ = writeln!(out, "| `{id}` | {n} | {} |", cell(meaning));
    }
    out.push_str("\n## Findings\n");
    let mut file = None;
    for f in &findings.0 {
        if file != Some(&f.file) {
            let _ = write!(out, "\n### `{}`\n\n", f.file.display());
            file = Some(&f.file);
        }
        let _ = writeln!(
            out,
            "- {} {} `{}`: {}",
            location(f),
            severity(f.severity),
            f.id,
            f.message.replace('\n', " ")
        );
    }
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    documents: usize,
    imported: usize,
    duplicates: usize,
    not_api: usize,
    refused: usize,
    operations: usize,
    metadata: usize,
    apis: usize,
    merged: usize,
    documents_only: usize,
    by_id: BTreeMap<&'static str, usize>,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    severity: &'static str,
    id: &'static str,
    message: &'a str,
}

/// The findings as JSON: `{documents, imported, duplicates, not_api, refused,
/// operations, metadata, apis, merged, documents_only, by_id: {id: count}, findings: [{file, line, severity, id,
/// message}]}`.
pub fn json(counts: &Counts, findings: &Findings) -> String {
    let report = JsonReport {
        documents: counts.documents,
        imported: counts.imported,
        duplicates: counts.duplicates,
        not_api: counts.not_api,
        refused: counts.refused,
        operations: counts.operations,
        metadata: counts.metadata,
        apis: counts.apis,
        merged: counts.merged,
        documents_only: counts.documents_only,
        by_id: by_id(findings).into_iter().collect(),
        findings: findings
            .0
            .iter()
            .map(|f| JsonFinding {
                file: f.file.display().to_string(),
                line: f.line.filter(|l| *l > 0),
                severity: severity(f.severity),
                id: f.id,
                message: &f.message,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report).expect("a report is JSON");
    text.push('\n');
    text
}
