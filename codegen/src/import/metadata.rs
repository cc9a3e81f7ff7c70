//! `codegen import` of Alibaba Cloud's machine-readable API metadata (the
//! `api-docs.json` that OpenAPI Explorer serves for a product version):
//! every api becomes `operations/<Action>.yaml`, and the product's
//! `service.yaml` is written when the spec directory has none.
//!
//! A file is recognised by its content (a JSON object with `info` and
//! `apis`), so `codegen import` takes metadata and documents on one
//! command line ([`partition`]). The stages, one module each:
//!
//! 1. `json`: the file, objects kept in the published order;
//! 2. `request`: `parameters` → request (dotted names put together);
//! 3. `shape`: one schema → one spec field (types, nesting, list wrappers,
//!    constraints, examples, descriptions);
//! 4. `service`: `info`, methods, schemes and `endpoints` → `service.yaml`;
//! 5. `operation`: one api → one operation (errors and examples too);
//! 6. `merge`: an operation the documents describe too becomes one
//!    operation of both sources, by the precedence table in that module
//!    (structure from the metadata, English, notes and examples from the
//!    documents), every disagreement a `merge-…` finding; then each
//!    operation is checked with the spec's own validator (an example that
//!    contradicts the response is kept, with a finding);
//! 7. this module: the driver, and writing like the document import does
//!    (the checksum header; hand-edited files kept unless `--force`).
//!
//! The metadata is the publisher's data, quirks included (a parameter listed
//! twice, a status `4003`, codes that differ only in a dot): every problem
//! is a finding named by its JSON path (`apis.RunInstances.parameters[12]`)
//! and none stops the rest of the file.
//!
//! An api's `systemTags.operationType` becomes the operation's `kind`, and
//! an optional `ClientToken` its `idempotency_token`. Facts the spec format
//! has no place for yet are not written: `deprecated` (operation and
//! parameter) and the `pattern` of a string.

mod json;
mod merge;
mod operation;
mod request;
mod service;
mod shape;

use std::path::{Path, PathBuf};

use super::{Finding, Findings, Imported, Options, Outcome, ids, is_pristine, render};
use crate::spec::load::{OPERATIONS_DIR, OVERLAYS_DIR, SERVICE_FILE, from_yaml, to_yaml};
use crate::spec::{OperationFile, ServiceFile};
use crate::write::{GeneratedFile, write_files};
use json::Json;

/// Findings about one metadata file; `at` is a JSON path inside it.
pub(crate) struct Sink<'a> {
    file: &'a Path,
    findings: Vec<Finding>,
    /// Schemas read as required only because of `docRequired`.
    doc_required: usize,
}

impl Sink<'_> {
    pub(crate) fn warn(&mut self, id: &'static str, at: &str, message: impl AsRef<str>) {
        let message = format!("{at}: {}", message.as_ref());
        self.findings
            .push(Finding::warning(self.file, None, id, message));
    }

    pub(crate) fn error(&mut self, id: &'static str, at: &str, message: impl AsRef<str>) {
        let message = format!("{at}: {}", message.as_ref());
        self.findings
            .push(Finding::error(self.file, None, id, message));
    }
}

/// Whether `text` is API metadata: a JSON object with `info` and `apis`.
fn parse_metadata(text: &str) -> Option<Json> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let doc = Json::parse(text).ok()?;
    (doc.get("info").is_some() && doc.get("apis").is_some()).then_some(doc)
}

/// Splits command-line inputs into metadata files and the rest (documents
/// and directories), each in the order given.
pub fn partition(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    inputs.iter().cloned().partition(|p| {
        p.is_file() && std::fs::read_to_string(p).is_ok_and(|text| parse_metadata(&text).is_some())
    })
}

/// One metadata file, imported in memory.
#[derive(Clone, Debug)]
pub struct MetadataImport {
    /// The service it describes (`None` when it is not one the spec format holds).
    pub service: Option<ServiceFile>,
    /// Its operations, rendered, in name order.
    pub operations: Vec<Imported>,
}

/// Imports one metadata file in memory: every api, or those named in
/// `only` when it is not empty. Returns what imported and every finding.
pub fn import(file: &Path, only: &[String]) -> (MetadataImport, Findings) {
    let mut sink = Sink::new(file);
    let mut result = MetadataImport {
        service: None,
        operations: Vec::new(),
    };
    if let Some(read) = read(file, only, &mut sink) {
        let sources = vec![file.to_owned()];
        for op in read.operations {
            operation::self_check(&op, &read.service, &format!("apis.{}", op.name), &mut sink);
            let file = render(&op, &sources);
            result.operations.push(Imported {
                operation: op,
                sources: sources.clone(),
                file,
            });
        }
        result.service = Some(read.service);
    }
    (result, sink.finish())
}

/// A metadata file read: its service and its apis as operations, in name
/// order, not yet checked.
struct Read {
    service: ServiceFile,
    operations: Vec<OperationFile>,
    /// How many apis were read (those in `only`, when it is not empty).
    apis: usize,
}

/// Reads `file`'s apis (those in `only`, when it is not empty).
fn read(file: &Path, only: &[String], sink: &mut Sink) -> Option<Read> {
    let doc = match std::fs::read_to_string(file) {
        Ok(text) => parse_metadata(&text),
        Err(e) => {
            sink.error(
                ids::INPUT_UNREADABLE,
                "",
                format!("cannot read the file: {e}"),
            );
            return None;
        }
    };
    let Some(doc) = doc else {
        sink.error(
            ids::NOT_METADATA,
            "",
            "not API metadata (a JSON object with `info` and `apis`)",
        );
        return None;
    };
    let service = service::service(&doc, sink)?;
    let apis = doc.get("apis").map(Json::entries).unwrap_or(&[]);
    for name in only {
        if !apis.iter().any(|(n, _)| n == name) {
            sink.error(
                ids::METADATA_API_UNKNOWN,
                "apis",
                format!("no api `{name}` in the metadata"),
            );
        }
    }
    let mut operations = Vec::new();
    let mut names: Vec<&String> = Vec::new();
    for (name, api) in apis {
        if !only.is_empty() && !only.contains(name) {
            continue;
        }
        if names.contains(&name) {
            sink.warn(
                ids::METADATA_API_DUPLICATE,
                &format!("apis.{name}"),
                "the api is listed twice; the first is kept",
            );
            continue;
        }
        names.push(name);
        let Some(op) = operation::operation(name, api, &service, sink) else {
            continue;
        };
        match super::too_deep(&op) {
            Some(message) => sink.error(ids::FIELDS_TOO_DEEP, &format!("apis.{name}"), message),
            None => operations.push(op),
        }
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    Some(Read {
        service,
        operations,
        apis: names.len(),
    })
}

impl<'a> Sink<'a> {
    fn new(file: &'a Path) -> Self {
        Sink {
            file,
            findings: Vec::new(),
            doc_required: 0,
        }
    }

    /// The findings, with the count of `docRequired` values.
    fn finish(mut self) -> Findings {
        if self.doc_required > 0 {
            let message = format!(
                "{} request values have `required: false` but `docRequired: true`; they are imported as required",
                self.doc_required
            );
            self.warn(ids::METADATA_DOC_REQUIRED, "apis", message);
        }
        // A schema read twice (a list's element, for the list's own facts) reports twice.
        self.findings.sort();
        self.findings.dedup();
        Findings(self.findings)
    }
}

/// `service.yaml` as written for a spec directory that has none.
fn service_file(service: &ServiceFile, source: &Path) -> GeneratedFile {
    // The last three components (`ecs/2014-05-26/api-docs.json`), as
    // operation headers name their sources.
    let parts: Vec<String> = source
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let name = parts[parts.len().saturating_sub(3)..].join("/");
    GeneratedFile {
        name: SERVICE_FILE.to_owned(),
        contents: format!(
            "# yaml-language-server: $schema=schema/service.schema.json\n\
             # Written by `codegen import` from {name}; yours to edit: import never replaces it.\n{}",
            to_yaml(service)
        ),
    }
}

/// `codegen import`: imports metadata files and documents (`inputs`, told
/// apart by [`partition`]) and writes `<out>/operations/<Action>.yaml` for
/// each api (only those named in `only`, when it is not empty) and each
/// documented operation, and `<out>/service.yaml` when there is none.
/// An operation both describe is merged (see `merge`'s precedence table). Hand-edited operation files are
/// kept (an error) unless `options.force`. Without metadata this is
/// exactly [`super::run`].
pub fn run(inputs: &[PathBuf], options: &Options, only: &[String]) -> Outcome {
    let (metadata, docs) = partition(inputs);
    if metadata.is_empty() {
        return super::run(&docs, options);
    }
    let mut outcome = Outcome::default();
    let mut documented = Vec::new();
    if !docs.is_empty() {
        let (ops, findings, counts) = super::import_counted(&docs);
        documented = ops;
        outcome.findings.0.extend(findings.0);
        outcome.counts = counts;
    }
    let mut operations = import_all(&metadata, options, only, &mut documented, &mut outcome);
    outcome.counts.operations = operations.len() + documented.len();
    outcome.counts.documents_only = documented.len();
    operations.extend(documented);
    write_operations(operations, options, &mut outcome);
    outcome.findings.0.sort();
    outcome.findings.0.dedup();
    outcome
}

/// Imports each metadata file: writes its `service.yaml` when there is
/// none, and returns its operations, each merged with its documents'
/// (taken out of `documented`), counted in `outcome`.
fn import_all(
    metadata: &[PathBuf],
    options: &Options,
    only: &[String],
    documented: &mut Vec<Imported>,
    outcome: &mut Outcome,
) -> Vec<Imported> {
    let mut operations = Vec::new();
    for input in metadata {
        let mut sink = Sink::new(input);
        if let Some(read) = read(input, only, &mut sink) {
            outcome.counts.metadata += 1;
            outcome.counts.apis += read.apis;
            write_service(&read.service, input, options, outcome);
            for op in read.operations {
                operations.push(combine(op, input, &read.service, documented, &mut sink));
                if operations
                    .last()
                    .is_some_and(|o: &Imported| o.sources.len() > 1)
                {
                    outcome.counts.merged += 1;
                }
            }
        }
        outcome.findings.0.extend(sink.finish().0);
    }
    operations
}

/// Writes the operations' files into `<out>/operations`, except over a
/// hand-edited file (an error) unless `options.force`.
fn write_operations(operations: Vec<Imported>, options: &Options, outcome: &mut Outcome) {
    let dir = options.out.join(OPERATIONS_DIR);
    let mut files = Vec::new();
    for op in operations {
        let path = dir.join(&op.file.name);
        if let Some(finding) = hand_edited(&path, &op, options) {
            outcome.findings.0.push(finding);
            continue;
        }
        files.push(op.file);
    }
    if !files.is_empty() {
        match write_files(&dir, &files) {
            Ok(written) => outcome.written.extend(written),
            Err(e) => outcome.findings.0.push(Finding::error(
                &dir,
                None,
                super::ids::WRITE_FAILED,
                format!("cannot write: {e}"),
            )),
        }
    }
}

/// The error for an operation file at `path` that was edited by hand (or
/// not written by `codegen import`) and would be replaced, unless
/// `options.force`.
fn hand_edited(path: &Path, op: &Imported, options: &Options) -> Option<Finding> {
    let existing = std::fs::read_to_string(path).ok()?;
    if existing == op.file.contents || options.force || is_pristine(&existing) {
        return None;
    }
    let message = format!(
        "{} was edited by hand (or not written by `codegen import`); move the edits to {OVERLAYS_DIR}/{}.yaml and \
         import again with --force to replace it",
        path.display(),
        op.operation.name
    );
    Some(Finding::error(
        &op.sources[0],
        None,
        ids::HAND_EDITED,
        message,
    ))
}

/// The metadata's operation `op`, merged with its documents' when
/// `documented` has them (taken out of it), checked and rendered.
fn combine(
    mut op: OperationFile,
    input: &Path,
    service: &ServiceFile,
    documented: &mut Vec<Imported>,
    sink: &mut Sink,
) -> Imported {
    let mut sources = vec![input.to_owned()];
    if let Some(at) = documented
        .iter()
        .position(|d| d.operation.name.eq_ignore_ascii_case(&op.name))
    {
        let doc = documented.remove(at);
        merge::merge(&mut op, &doc.operation, sink);
        sources.extend(doc.sources);
    }
    operation::self_check(&op, service, &format!("apis.{}", op.name), sink);
    let file = render(&op, &sources);
    Imported {
        operation: op,
        sources,
        file,
    }
}

/// Writes `service.yaml` when `options.out` has none; an existing one is
/// never replaced (a warning when it is another product's or version's).
fn write_service(service: &ServiceFile, input: &Path, options: &Options, outcome: &mut Outcome) {
    let path = options.out.join(SERVICE_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            if let Ok(existing) = from_yaml::<ServiceFile>(&text)
                && (existing.product != service.product || existing.version != service.version)
            {
                outcome.findings.0.push(Finding::warning(
                    input,
                    None,
                    ids::METADATA_SERVICE_MISMATCH,
                    format!(
                        "{} is for {} {}, the metadata for {} {}",
                        path.display(),
                        existing.product,
                        existing.version,
                        service.product,
                        service.version
                    ),
                ));
            }
        }
        Err(_) => match write_files(&options.out, &[service_file(service, input)]) {
            Ok(written) => outcome.written.extend(written),
            Err(e) => outcome.findings.0.push(Finding::error(
                &options.out,
                None,
                super::ids::WRITE_FAILED,
                format!("cannot write: {e}"),
            )),
        },
    }
}
