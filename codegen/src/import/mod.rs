//! `codegen import`: API reference documents (markdown, zh-CN and en-US)
//! become `operations/<Name>.yaml` spec files.
//!
//! The stages, one module each:
//!
//! 1. `markdown`: headings, paragraphs, code and pipe tables (cells that
//!    span lines or hold code blocks, escaped `\|`, rows with too few or
//!    too many cells);
//! 2. `document`: the parts of an API document, row by row, with lines,
//!    whatever the table's columns are called;
//! 3. `extract`: spec values in the document's language: `types`
//!    resolves type names, `constraints` reads prose constraints,
//!    `nesting` rebuilds the response's nesting from the examples;
//! 4. `merge`: the zh-CN and en-US documents of an operation become one
//!    spec, and every disagreement is reported; `fold` then turns the
//!    dotted request rows (`Tag.N.Key`, `SystemDisk.Category`) into
//!    structures and repeat lists;
//! 5. this module: rendering (a header naming the sources, then YAML) and
//!    writing through [`crate::write::write_files`]; `report` renders the
//!    findings (summary, Markdown, JSON).
//!
//! An imported file is the importer's: hand curation goes in
//! `overlays/<Name>.yaml` (see [`crate::spec::overlay`]), which the loader
//! merges in. To keep curation from being lost, the header carries a
//! checksum of the YAML under it; a file that was edited by hand since (or
//! was never imported) is overwritten only with `--force`.
//!
//! What a document gets wrong (a malformed row, a table that contradicts
//! its examples or the other language) is a warning at its line, with a
//! stable id from [`ids::KINDS`], and says what was made of it; it never
//! stops the rest of the document or of the run. A document is refused
//! (an error) only when nothing can be read from it: it cannot be read as
//! text, or it has no introduction to take a summary from. A file that is
//! not an API reference document at all is skipped with a warning.

mod constraints;
mod document;
mod extract;
mod fold;
pub mod ids;
mod markdown;
mod merge;
pub mod metadata;
mod nesting;
pub mod report;
mod types;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::spec::OperationFile;
use crate::spec::load::{OPERATIONS_DIR, OVERLAYS_DIR, to_yaml};
use crate::write::{GeneratedFile, WriteStatus, write_files};
use document::Lang;
use extract::{Extracted, Problems};

/// How bad a finding is: the validator's severities. An error: the
/// document (or its operation) was not imported. A warning: imported, but
/// look at it.
pub use crate::diag::Severity;

/// Something the importer has to say about a document, at a line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The file, as given on the command line (or found in a given directory).
    pub file: PathBuf,
    /// 1-based line, where there is one.
    pub line: Option<usize>,
    /// Error or warning.
    pub severity: Severity,
    /// The stable id of this kind of finding ([`ids::KINDS`]).
    pub id: &'static str,
    /// What, as one sentence without a trailing period.
    pub message: String,
}

impl Finding {
    /// An error.
    pub fn error(
        file: &Path,
        line: Option<usize>,
        id: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            file: file.to_owned(),
            line,
            severity: Severity::Error,
            id,
            message: message.into(),
        }
    }

    /// A warning.
    pub fn warning(
        file: &Path,
        line: Option<usize>,
        id: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            file: file.to_owned(),
            line,
            severity: Severity::Warning,
            id,
            message: message.into(),
        }
    }
}

impl fmt::Display for Finding {
    /// `file:line: warning: message`, the shape compilers use.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line.filter(|l| *l > 0) {
            write!(f, ":{line}")?;
        }
        let what = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {what}[{}]: {}", self.id, self.message)
    }
}

/// One imported operation, rendered.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The operation.
    pub operation: OperationFile,
    /// The documents it came from (zh-CN first).
    pub sources: Vec<PathBuf>,
    /// The file, header included: what `operations/<Name>.yaml` gets.
    pub file: GeneratedFile,
}

/// Everything an import run found, in file order.
#[derive(Clone, Debug, Default)]
pub struct Findings(pub Vec<Finding>);

impl Findings {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|f| f.severity == Severity::Error)
    }
}

impl fmt::Display for Findings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.0 {
            writeln!(f, "{finding}")?;
        }
        Ok(())
    }
}

/// How many documents a run read, and what became of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Documents found (files given, and `.md` files in directories given).
    pub documents: usize,
    /// Documents whose operation was imported.
    pub imported: usize,
    /// Documents not used because another document of the same language
    /// describes the same operation (`document-duplicate`).
    pub duplicates: usize,
    /// Documents nothing trustworthy could be read from (with a located reason).
    pub refused: usize,
    /// Files that are not API reference documents (a concept page among
    /// them): skipped, with a warning.
    pub not_api: usize,
    /// Operations imported (written, unless a file was edited by hand).
    pub operations: usize,
    /// Metadata files (api-docs.json) read.
    pub metadata: usize,
    /// Apis read from them (with `--only`, those named).
    pub apis: usize,
    /// Operations of both sources: the metadata's, merged with their documents.
    pub merged: usize,
    /// Operations of the documents alone (with metadata given: ones it lacks).
    pub documents_only: usize,
}

/// Imports documents in memory: `inputs` are `.md` files and directories
/// (searched recursively for `.md` files). Returns the operations that
/// imported and every finding, sorted by file and line.
pub fn import(inputs: &[PathBuf]) -> (Vec<Imported>, Findings) {
    let (imported, findings, _) = import_counted(inputs);
    (imported, findings)
}

/// A document read and extracted.
struct Read {
    file: PathBuf,
    doc: Extracted,
    /// Whether it is in the current format (its request rows have
    /// examples), and how much it says (table rows): to choose between
    /// duplicates.
    rows: (bool, usize),
}

/// [`import`], also counting documents.
pub fn import_counted(inputs: &[PathBuf]) -> (Vec<Imported>, Findings, Counts) {
    let mut findings = Vec::new();
    let files = collect(inputs, &mut findings);
    let mut counts = Counts {
        documents: files.len(),
        ..Counts::default()
    };

    // lowercase name → language → the document used.
    let mut groups: BTreeMap<String, BTreeMap<Lang, Read>> = BTreeMap::new();
    for file in files {
        if let Some((lang, read)) = read_document(file, &mut findings, &mut counts) {
            keep_one_per_language(&mut groups, lang, read, &mut findings, &mut counts);
        }
    }

    let mut imported = Vec::new();
    for group in groups.into_values() {
        if let Some(op) = import_operation(&group, &mut findings, &mut counts) {
            imported.push(op);
        }
    }
    findings.sort();
    findings.dedup();
    (imported, Findings(findings), counts)
}

/// The document `file`, read and extracted, with its language; `None`
/// when it is refused or is not an API document (counted, with findings).
fn read_document(
    file: PathBuf,
    findings: &mut Vec<Finding>,
    counts: &mut Counts,
) -> Option<(Lang, Read)> {
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            findings.push(Finding::error(
                &file,
                None,
                ids::INPUT_UNREADABLE,
                format!("cannot read the document: {e}"),
            ));
            counts.refused += 1;
            return None;
        }
    };
    let (doc, lang, problems) = match document::read(&text) {
        Ok(read) => read,
        Err(errors) => {
            not_read(&file, errors, findings, counts);
            return None;
        }
    };
    for e in problems {
        findings.push(Finding::warning(&file, Some(e.line), e.id, e.message));
    }
    Some((lang, extracted(file, &doc, lang, findings)))
}

/// Reports why the document `file` could not be read: warnings when it is
/// not an API document (not a failed import), errors otherwise.
fn not_read(
    file: &Path,
    errors: Vec<document::DocError>,
    findings: &mut Vec<Finding>,
    counts: &mut Counts,
) {
    // A page that is not about an operation is not a failed import.
    let not_api = errors.iter().all(|e| e.id == ids::NOT_AN_API_DOCUMENT);
    for e in errors {
        findings.push(if not_api {
            Finding::warning(file, Some(e.line), e.id, e.message)
        } else {
            Finding::error(file, Some(e.line), e.id, e.message)
        });
    }
    if not_api {
        counts.not_api += 1;
    } else {
        counts.refused += 1;
    }
}

/// The read document `doc` of `file` as spec values, with the extraction's
/// warnings and a warning when the file is not named after the operation.
fn extracted(
    file: PathBuf,
    doc: &document::ApiDoc,
    lang: Lang,
    findings: &mut Vec<Finding>,
) -> Read {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut notes = Problems::default();
    let extracted = extract::extract(doc, lang, &mut notes);
    for n in notes.warnings {
        findings.push(Finding::warning(&file, Some(n.line), n.id, n.message));
    }
    if stem != doc.name {
        findings.push(Finding::warning(
            &file,
            Some(doc.name_line),
            ids::FILE_NAME_MISMATCH,
            format!(
                "the document is about `{}` but its file is named `{stem}.md`",
                doc.name
            ),
        ));
    }
    // Between two documents of one operation, the one in the current
    // format (request examples) and then the one with more rows is used.
    let rows = (
        doc.request.iter().any(|r| r.example.is_some()),
        doc.request.len() + doc.response.len() + doc.errors.len(),
    );
    Read {
        file,
        doc: extracted,
        rows,
    }
}

/// Puts `read` in its operation's group, keeping one document per
/// language: of two, the other is reported as a duplicate not used.
fn keep_one_per_language(
    groups: &mut BTreeMap<String, BTreeMap<Lang, Read>>,
    lang: Lang,
    read: Read,
    findings: &mut Vec<Finding>,
    counts: &mut Counts,
) {
    // Action names that differ only in case (`DescribeUserdata` in an
    // old document, `DescribeUserData`) are one operation.
    let group = groups.entry(read.doc.name.to_lowercase()).or_default();
    let (keep, drop) = match group.remove(&lang) {
        None => (read, None),
        Some(first) if read.rows > first.rows => (read, Some(first)),
        Some(first) => (first, Some(read)),
    };
    if let Some(drop) = drop {
        findings.push(Finding::warning(
            &drop.file,
            None,
            ids::DOCUMENT_DUPLICATE,
            format!(
                "{} describes `{}` too, in the current format or with more rows; that document is used, this one is not",
                keep.file.display(),
                keep.doc.name
            ),
        ));
        counts.duplicates += 1;
    }
    group.insert(lang, keep);
}

/// The operation the documents of `group` (one per language) describe,
/// merged and rendered; `None` when it is refused (counted, with errors).
fn import_operation(
    group: &BTreeMap<Lang, Read>,
    findings: &mut Vec<Finding>,
    counts: &mut Counts,
) -> Option<Imported> {
    let zh = group.get(&Lang::Zh);
    let en = group.get(&Lang::En);
    let name = zh.or(en).map(|r| r.doc.name.clone()).unwrap_or_default();
    if let Some(read) = zh.xor(en) {
        let other = if zh.is_some() { Lang::En } else { Lang::Zh };
        let message = format!(
            "no {} document of `{name}` was given; the spec has one language only",
            other.locale()
        );
        findings.push(Finding::warning(
            &read.file,
            None,
            ids::DOCUMENT_ONE_LANGUAGE,
            message,
        ));
    }
    let (operation, warnings) = merge::merge(source(zh), source(en));
    findings.extend(warnings);
    let sources: Vec<PathBuf> = zh.into_iter().chain(en).map(|r| r.file.clone()).collect();
    if operation.summary.zh.is_none() && operation.summary.en.is_none() {
        let message = format!("`{name}` has no introduction to take the summary from");
        refuse(&sources, ids::NO_SUMMARY, &message, findings, counts);
        return None;
    }
    if let Some(message) = too_deep(&operation) {
        refuse(&sources, ids::FIELDS_TOO_DEEP, &message, findings, counts);
        return None;
    }
    counts.imported += sources.len();
    counts.operations += 1;
    let file = render(&operation, &sources);
    Some(Imported {
        operation,
        sources,
        file,
    })
}

/// A read document as a source of [`merge::merge`].
fn source(r: Option<&Read>) -> Option<merge::Source<'_>> {
    r.map(|r| merge::Source {
        doc: &r.doc,
        file: &r.file,
    })
}

/// Refuses the operation of the documents `sources`: the error `id` with
/// `message` for each, each counted as refused.
fn refuse(
    sources: &[PathBuf],
    id: &'static str,
    message: &str,
    findings: &mut Vec<Finding>,
    counts: &mut Counts,
) {
    for f in sources {
        findings.push(Finding::error(f, None, id, message));
    }
    counts.refused += sources.len();
}

/// Why `op` cannot be written, when its structures nest too deep for a spec.
pub(crate) fn too_deep(op: &OperationFile) -> Option<String> {
    let depth = op.field_depth();
    (depth > crate::spec::MAX_FIELD_DEPTH).then(|| {
        format!(
            "`{}` nests its parameters or response fields {depth} levels deep; a spec allows {}",
            op.name,
            crate::spec::MAX_FIELD_DEPTH
        )
    })
}

/// The `.md` files of `inputs`, each once, directories searched in name order.
fn collect(inputs: &[PathBuf], findings: &mut Vec<Finding>) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>, findings: &mut Vec<Finding>) {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(rd) => rd.flatten().map(|e| e.path()).collect(),
            Err(e) => {
                findings.push(Finding::error(
                    dir,
                    None,
                    ids::INPUT_UNREADABLE,
                    format!("cannot read the directory: {e}"),
                ));
                return;
            }
        };
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out, findings);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut out, findings);
        } else if input.is_file() {
            out.push(input.clone());
        } else {
            findings.push(Finding::error(
                input,
                None,
                ids::INPUT_UNREADABLE,
                "no such file or directory",
            ));
        }
    }
    let mut seen = Vec::new();
    out.retain(|p| {
        let key = p.canonicalize().unwrap_or_else(|_| p.clone());
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    out
}

/// The schema line every operation file starts with.
const SCHEMA_LINE: &str = "# yaml-language-server: $schema=../schema/operation.schema.json";
/// What the second header line starts with in an imported file.
const IMPORTED_BY: &str = "# Imported by `codegen import` from ";
const CHECKSUM: &str = "checksum ";

/// How a document is named in the header: its last three path components
/// (`ecs/zh-CN/DeleteActivation.md`), so the file does not depend on where
/// the documents were on disk.
fn label(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts[parts.len().saturating_sub(3)..].join("/")
}

/// The file body's checksum (FNV-1a), as 16 hex digits.
fn checksum(text: &str) -> String {
    let mut hash = crate::Fnv1a::new();
    hash.feed(text.as_bytes());
    hash.hex()
}

/// The file: the schema line, a line naming the sources, the YAML.
pub fn render(op: &OperationFile, sources: &[PathBuf]) -> GeneratedFile {
    let body = to_yaml(op);
    let names: Vec<String> = sources.iter().map(|p| label(p)).collect();
    let contents = format!(
        "{SCHEMA_LINE}\n{IMPORTED_BY}{} ({CHECKSUM}{}); curate in ../{OVERLAYS_DIR}/{}.yaml, not here.\n{body}",
        names.join(" and "),
        checksum(&body),
        op.name,
    );
    GeneratedFile {
        name: format!("{}.yaml", op.name),
        contents,
    }
}

/// Whether `existing` is exactly what an import wrote (its YAML matches the
/// checksum in its header), so replacing it loses no hand edit.
pub fn is_pristine(existing: &str) -> bool {
    let mut lines = existing.splitn(3, '\n');
    let (Some(schema), Some(header), Some(body)) = (lines.next(), lines.next(), lines.next())
    else {
        return false;
    };
    if schema != SCHEMA_LINE || !header.starts_with(IMPORTED_BY) {
        return false;
    }
    let Some(at) = header.rfind(CHECKSUM) else {
        return false;
    };
    let sum: String = header[at + CHECKSUM.len()..].chars().take(16).collect();
    sum == checksum(body)
}

/// Settings of [`run`].
#[derive(Clone, Debug)]
pub struct Options {
    /// The spec directory; files go to its `operations/`.
    pub out: PathBuf,
    /// Replace operation files even when they were edited by hand.
    pub force: bool,
}

/// What [`run`] did.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Each written (or unchanged) file.
    pub written: Vec<(PathBuf, WriteStatus)>,
    /// Errors and warnings, sorted by file and line.
    pub findings: Findings,
    /// What became of the documents.
    pub counts: Counts,
}

/// Imports `inputs` and writes `<out>/operations/<Name>.yaml` for each
/// operation that imported. Files that were edited by hand are kept (an
/// error) unless `force`. Overlays are never written.
pub fn run(inputs: &[PathBuf], options: &Options) -> Outcome {
    let (imported, mut findings, counts) = import_counted(inputs);
    let dir = options.out.join(OPERATIONS_DIR);
    let mut files = Vec::new();
    for op in imported {
        let path = dir.join(&op.file.name);
        if let Ok(existing) = std::fs::read_to_string(&path)
            && existing != op.file.contents
            && !options.force
            && !is_pristine(&existing)
        {
            let message = format!(
                "{} was edited by hand (or not written by `codegen import`); move the edits to {}/{}.yaml and \
                 import again with --force to replace it",
                path.display(),
                OVERLAYS_DIR,
                op.operation.name
            );
            findings.0.push(Finding::error(
                &op.sources[0],
                None,
                ids::HAND_EDITED,
                message,
            ));
            continue;
        }
        files.push(op.file);
    }
    findings.0.sort();
    let mut outcome = Outcome {
        written: Vec::new(),
        findings,
        counts,
    };
    if files.is_empty() {
        return outcome;
    }
    match write_files(&dir, &files) {
        Ok(written) => outcome.written = written,
        Err(e) => outcome.findings.0.push(Finding::error(
            &dir,
            None,
            ids::WRITE_FAILED,
            format!("cannot write: {e}"),
        )),
    }
    outcome
}

/// The service's idempotency token: a `ClientToken` string, the name every
/// Alibaba Cloud RPC API gives it. The same rule for documents and metadata.
/// A required one (3 ECS operations) counts too: the client never fills it,
/// but every retry carries the caller's value, so retries are as safe.
pub(crate) fn idempotency_token(request: &[crate::spec::Parameter]) -> Option<String> {
    request
        .iter()
        .find(|p| {
            p.name == "ClientToken" && p.ty == crate::spec::TypeName::String && p.style.is_none()
        })
        .map(|p| p.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An operation whose response is a structure in a list in a structure…
    /// `levels` fields deep.
    fn nested(levels: usize) -> OperationFile {
        let mut field = "{name: Leaf, type: String, description: {en: d}}".to_owned();
        for i in 1..levels {
            field = if i % 2 == 0 {
                format!("{{name: S{i}, type: Struct, description: {{en: d}}, fields: [{field}]}}")
            } else {
                format!(
                    "{{name: L{i}, type: Array, description: {{en: d}}, items: {{type: Struct, name: E{i}, fields: [{field}]}}}}"
                )
            };
        }
        crate::spec::load::from_yaml(&format!(
            "name: Deep\nsummary: {{en: s}}\nresponse: [{field}]\n"
        ))
        .unwrap()
    }

    /// What import writes always loads again: at the depth limit the
    /// rendered file passes the loader; one deeper, import refuses it.
    #[test]
    fn operations_nested_too_deep_are_refused_and_the_deepest_allowed_loads() {
        let levels = (1..)
            .take_while(|&n| nested(n).field_depth() <= crate::spec::MAX_FIELD_DEPTH)
            .last()
            .unwrap();
        let deepest = nested(levels);
        assert_eq!(deepest.field_depth(), crate::spec::MAX_FIELD_DEPTH);
        assert_eq!(too_deep(&deepest), None);
        let file = render(&deepest, &[]);
        let body = file.contents.splitn(3, '\n').nth(2).unwrap();
        let mut diags = crate::diag::Diagnostics::default();
        let loaded = crate::spec::load::parse_text::<OperationFile>(
            Path::new("Deep.yaml"),
            "",
            body,
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags}");
        assert_eq!(loaded.map(|f| f.value), Some(deepest));

        let deeper = nested(levels + 1);
        let message = too_deep(&deeper).expect("refused");
        assert!(message.contains("`Deep` nests"), "{message}");
        assert_eq!(nested(3).field_depth(), 4);
    }

    #[test]
    fn an_optional_client_token_string_is_the_idempotency_token() {
        let params = |yaml: &str| -> Vec<crate::spec::Parameter> {
            crate::spec::load::from_yaml(&yaml.replace('}', ", description: {en: d}}")).unwrap()
        };
        let optional = params(
            "- {name: RegionId, type: String, required: true}\n- {name: ClientToken, type: String}",
        );
        assert_eq!(idempotency_token(&optional).as_deref(), Some("ClientToken"));
        let required = params("- {name: ClientToken, type: String, required: true}");
        assert_eq!(idempotency_token(&required).as_deref(), Some("ClientToken"));
        for other in [
            "- {name: ClientToken, type: Integer}",
            "- {name: Token, type: String}",
        ] {
            assert_eq!(idempotency_token(&params(other)), None, "{other}");
        }
    }

    #[test]
    fn labels_are_the_last_three_components() {
        assert_eq!(
            label(Path::new("../shared/docs/ecs/zh-CN/X.md")),
            "ecs/zh-CN/X.md"
        );
        assert_eq!(label(Path::new("X.md")), "X.md");
    }

    #[test]
    fn pristine_files_match_their_checksum() {
        let body = "name: X\n";
        let file = format!(
            "{SCHEMA_LINE}\n{IMPORTED_BY}a.md ({CHECKSUM}{}); curate …\n{body}",
            checksum(body)
        );
        assert!(is_pristine(&file));
        assert!(!is_pristine(&file.replace("name: X", "name: Y")));
        assert!(!is_pristine(
            "# yaml-language-server: $schema=../schema/operation.schema.json\n#\nname: X\n"
        ));
    }

    #[test]
    fn findings_read_like_compiler_messages() {
        let f = Finding::warning(
            Path::new("docs/zh-CN/X.md"),
            Some(12),
            ids::TABLE_ROW_SHORT,
            "something",
        );
        assert_eq!(
            f.to_string(),
            "docs/zh-CN/X.md:12: warning[table-row-short]: something"
        );
        let f = Finding::error(Path::new("a.md"), None, ids::INPUT_UNREADABLE, "bad");
        assert_eq!(f.to_string(), "a.md: error[input-unreadable]: bad");
    }
}
