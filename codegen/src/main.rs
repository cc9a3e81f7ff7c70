//! The `codegen` command: `generate`, `check`, `import`, `diff` and `schema`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Generate a typed, signed Rust SDK from a spec of Alibaba Cloud API documents.
#[derive(Parser)]
#[command(name = "codegen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The default spec directory.
const DEFAULT_SPEC: &str = "spec";
/// The default output directory of `generate`.
const DEFAULT_OUT: &str = "target/codegen";
/// The default output directory of `schema`.
#[cfg(feature = "schema")]
const DEFAULT_SCHEMA: &str = "spec/schema";

#[derive(Subcommand)]
enum Command {
    /// Validate the spec and write the generated SDK source, one file per
    /// service named after its product in snake_case (`ecs.rs`, `sts.rs`).
    ///
    /// The output is for reading, reviewing and diffing what the spec
    /// generates: a crate that builds from the spec (acs-ecs, or yours with
    /// `codegen::Config` in build.rs) generates its own copy in OUT_DIR (the
    /// same code, unformatted) and compiles that one.
    Generate {
        /// Spec directory (service.yaml + operations/).
        #[arg(long, default_value = DEFAULT_SPEC)]
        spec: PathBuf,
        /// Output directory; files are written atomically and only when changed.
        #[arg(long, default_value = DEFAULT_OUT)]
        out: PathBuf,
        /// Generate only these operations (names, or patterns with `*`), comma-separated.
        #[arg(long, value_delimiter = ',', value_name = "NAME,…")]
        operations: Vec<String>,
        /// Also generate the by-name machinery (`OPERATIONS`, `Client::call_by_name`),
        /// as acs-ecs does with its `by-name` feature.
        #[arg(long)]
        by_name: bool,
        /// Write the output unformatted, as a build script does in OUT_DIR.
        #[arg(long)]
        no_format: bool,
    },
    /// Validate the spec only; print every problem.
    Check {
        /// Spec directory (service.yaml + operations/).
        #[arg(long, default_value = DEFAULT_SPEC)]
        spec: PathBuf,
    },
    /// Import API reference documents (markdown, zh-CN and en-US) into
    /// DIR/operations/<Name>.yaml. Hand curation belongs in DIR/overlays/,
    /// which import never writes. Exit status 1 if any document failed.
    Import {
        /// Spec directory to write into.
        #[arg(long, default_value = DEFAULT_SPEC)]
        out: PathBuf,
        /// Replace operation files even if they were edited by hand.
        #[arg(long)]
        force: bool,
        /// Of API metadata (api-docs.json), import only these apis (comma-separated).
        #[arg(long, value_delimiter = ',', value_name = "NAME,…")]
        only: Vec<String>,
        /// Also write the findings as Markdown to this file.
        #[arg(long, value_name = "FILE")]
        report_md: Option<PathBuf>,
        /// Also write the findings as JSON to this file.
        #[arg(long, value_name = "FILE")]
        report_json: Option<PathBuf>,
        /// Documents (.md), directories of documents, and API metadata files
        /// (api-docs.json, recognised by content).
        #[arg(required = true, value_name = "DOC.md|DIR|api-docs.json")]
        docs: Vec<PathBuf>,
    },
    /// Compare two specs (directories or git revisions): what changed, and
    /// what it breaks on the wire and in Rust. Exit status: 0, or 1 with
    /// --fail-on when such a change is found, 2 when a spec does not load.
    Diff(codegen::diff::DiffArgs),
    /// Write the JSON Schemas of the spec format (for editors) into DIR
    /// (default: spec/schema).
    #[cfg(feature = "schema")]
    Schema {
        /// Output directory.
        #[arg(value_name = "DIR", conflicts_with = "out")]
        dir: Option<PathBuf>,
        /// The output directory, as an option (same as DIR).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            spec,
            out,
            operations,
            by_name,
            no_format,
        } => {
            let mut config = codegen::Config::new();
            config
                .spec_dir(&spec)
                .out_dir(&out)
                .cargo_metadata(false)
                .by_name(by_name)
                .format(!no_format);
            if !operations.is_empty() {
                config.operations(operations);
            }
            let result = config.compile();
            match result {
                Ok(report) => {
                    for (path, status) in report {
                        let what = match status {
                            codegen::WriteStatus::Created => "created",
                            codegen::WriteStatus::Updated => "updated",
                            codegen::WriteStatus::Unchanged => "unchanged",
                        };
                        println!("{what:>9} {}", path.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    eprintln!("nothing was written");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { spec } => match codegen::check_with_warnings(&spec) {
            (Some(loaded), warnings) => {
                for w in warnings.clone().sorted() {
                    eprintln!("{w}");
                }
                println!(
                    "{}: {} operations, no errors, {} warnings",
                    spec.display(),
                    loaded.operations.len(),
                    warnings.warning_count()
                );
                ExitCode::SUCCESS
            }
            (None, d) => {
                eprintln!("{d}");
                ExitCode::FAILURE
            }
        },
        Command::Import {
            out,
            force,
            only,
            report_md,
            report_json,
            docs,
        } => import(
            &docs,
            &only,
            codegen::import::Options { out, force },
            [report_md, report_json],
        ),
        Command::Diff(args) => match codegen::diff::run(&args) {
            Ok(outcome) => {
                print!("{}", outcome.output);
                if outcome.failed {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(e) => {
                eprintln!("codegen diff: {e}");
                ExitCode::from(2)
            }
        },
        #[cfg(feature = "schema")]
        Command::Schema { dir, out } => {
            let out = dir.or(out).unwrap_or_else(|| PathBuf::from(DEFAULT_SCHEMA));
            let files: Vec<codegen::GeneratedFile> = codegen::schema::all()
                .into_iter()
                .map(|(name, contents)| codegen::GeneratedFile {
                    name: name.to_owned(),
                    contents,
                })
                .collect();
            match codegen::write::write_files(&out, &files) {
                Ok(report) => {
                    for (path, _) in report {
                        println!("{}", path.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{}: {e}", out.display());
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// `codegen import`: findings and their summary to stderr, written files
/// to stdout, the reports (Markdown, JSON) where asked.
fn import(
    inputs: &[PathBuf],
    only: &[String],
    options: codegen::import::Options,
    [md, json]: [Option<PathBuf>; 2],
) -> ExitCode {
    use codegen::import::report;
    let outcome = codegen::import::metadata::run(inputs, &options, only);
    eprint!("{}", outcome.findings);
    eprint!("{}", report::summary(&outcome.counts, &outcome.findings));
    let reports = [
        (md, report::markdown as fn(&_, &_) -> String),
        (json, report::json),
    ];
    for (path, render) in reports {
        let Some(path) = path else { continue };
        if let Err(e) = std::fs::write(&path, render(&outcome.counts, &outcome.findings)) {
            eprintln!("{}: cannot write the report: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    for (path, status) in &outcome.written {
        let what = match status {
            codegen::WriteStatus::Created => "created",
            codegen::WriteStatus::Updated => "updated",
            codegen::WriteStatus::Unchanged => "unchanged",
        };
        println!("{what:>9} {}", path.display());
    }
    if outcome.findings.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
