//! `ecs`: call ECS operations from the command line, as the `aliyun` CLI does,
//! through the generated SDK.
//!
//! ```text
//! cargo run -p acs-ecs --features by-name --example ecs -- [FLAGS] <Operation> --<Parameter> <value>...
//! cargo run -p acs-ecs --features by-name --example ecs -- DeleteActivation --RegionId cn-hangzhou --ActivationId 4ECEEE12-56F1-4FBC-9AB1-890F1234****
//! ```
//!
//! Operation and parameter names are the documents' (wire names), exactly;
//! `--Name=value` works too, and is the way to give a value that starts with
//! `--`. Flags (before or after the operation; an operation parameter of the
//! same name wins):
//!
//! * `--endpoint URL`: send to this endpoint instead of the region's;
//! * `--region ID`: the region; also the `RegionId` parameter when not given;
//! * `--signature-version v3|v2`: the signature (default v3);
//! * `--format json|xml`: the format asked of the service (the output is JSON either way);
//! * `--profile NAME`: credentials from this profile of
//!   `~/.alibabacloud/credentials` or `~/.aliyun/config.json`; without it,
//!   the runtime's default chain (environment, files, ECS RAM role);
//! * `--dry-run`: print the signed request (method, URL, headers, with the
//!   signature) instead of sending it; the security token is redacted and the
//!   AccessKey secret never appears;
//! * `--help`: usage, or an operation's parameters after its name.
//!
//! Exit status: 0 with the response as pretty JSON on stdout; 1 when the call
//! fails (for a service error: code, message and request id on stderr); 2
//! for a usage error.
//!
//! # Driven by the generated code
//!
//! Nothing here names an operation or a parameter: the operations, their
//! parameters and which are required come from the generated
//! [`acs_ecs::OPERATIONS`] table, and the call goes through the generated
//! [`acs_ecs::Client::call_by_name`] dispatch (which builds the typed
//! request from the arguments by their wire keys, `--Tag.1.Key k
//! --SystemDisk.Category cloud_essd --Parameters '{"a":"x"}'`, through the
//! runtime's one deserializer, and calls or, for `--dry-run`, only signs it). Hand-written: the command-line parsing, the messages, and
//! the printing of the result or of the signed request.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

use acs_ecs::OPERATIONS;
use acs_runtime::credentials::DefaultChain;
use acs_runtime::dynamic::{Args, DynamicError, Mode, OperationDescriptor, Output};
use acs_runtime::sign::SignatureVersion;
use acs_runtime::transport::{ReqwestTransport, Transport};
use acs_runtime::{Config, ResponseFormat, SdkError};

/// Why the program stops without a result.
enum Failure {
    /// The command line is wrong: exit 2.
    Usage(String),
    /// The call failed: exit 1.
    Call(String),
}

/// The flags that are not operation parameters.
struct Flags {
    endpoint: Option<String>,
    region: Option<String>,
    signature_version: SignatureVersion,
    format: ResponseFormat,
    profile: Option<String>,
    dry_run: bool,
    help: bool,
}

/// The parsed command line.
struct CommandLine {
    flags: Flags,
    operation: Option<String>,
    /// `--Name value` pairs after the operation, in order.
    params: Vec<(String, String)>,
}

const USAGE: &str =
    "usage: ecs [--endpoint URL] [--region ID] [--signature-version v3|v2] [--format json|xml]
           [--profile NAME] [--dry-run] <Operation> --<Parameter> <value>...";

fn parse_command_line(args: impl IntoIterator<Item = String>) -> Result<CommandLine, Failure> {
    let mut line = CommandLine {
        flags: Flags {
            endpoint: None,
            region: None,
            signature_version: SignatureVersion::V3,
            format: ResponseFormat::Json,
            profile: None,
            dry_run: false,
            help: false,
        },
        operation: None,
        params: Vec::new(),
    };
    let mut args = args.into_iter().peekable();
    while let Some(arg) = args.next() {
        let Some(name) = arg.strip_prefix("--") else {
            if arg == "-h" {
                line.flags.help = true;
                continue;
            }
            if line.operation.is_some() {
                return Err(Failure::Usage(format!(
                    "unexpected argument `{arg}`: parameters are written `--Name value`"
                )));
            }
            line.operation = Some(arg);
            continue;
        };
        let (name, inline) = match name.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (name, None),
        };
        // A parameter of the operation wins over a flag of the same name.
        let is_param = line
            .operation
            .as_deref()
            .and_then(|action| OPERATIONS.iter().find(|op| op.action == action))
            .is_some_and(|op| op.params.iter().any(|p| p.name == root_of(name)));
        if matches!(name, "dry-run" | "help") && inline.is_none() && !is_param {
            match name {
                "dry-run" => line.flags.dry_run = true,
                _ => line.flags.help = true,
            }
            continue;
        }
        let mut value = || match inline.clone() {
            Some(value) => Ok(value),
            None => match args.next_if(|next| !next.starts_with("--")) {
                Some(value) => Ok(value),
                None => Err(Failure::Usage(format!("`--{name}` needs a value"))),
            },
        };
        match name {
            _ if is_param => {
                let value = value()?;
                line.params.push((name.to_owned(), value));
            }
            "endpoint" => line.flags.endpoint = Some(value()?),
            "region" => line.flags.region = Some(value()?),
            "profile" => line.flags.profile = Some(value()?),
            "signature-version" => {
                line.flags.signature_version = match value()?.to_ascii_lowercase().as_str() {
                    "v3" => SignatureVersion::V3,
                    "v2" => SignatureVersion::V2,
                    other => {
                        return Err(Failure::Usage(format!(
                            "unknown signature version `{other}`: use v3 or v2"
                        )));
                    }
                }
            }
            "format" => {
                line.flags.format = match value()?.to_ascii_lowercase().as_str() {
                    "json" => ResponseFormat::Json,
                    "xml" => ResponseFormat::Xml,
                    other => {
                        return Err(Failure::Usage(format!(
                            "unknown format `{other}`: use json or xml"
                        )));
                    }
                }
            }
            _ if line.operation.is_none() => {
                return Err(Failure::Usage(format!(
                    "unknown flag `--{name}` before the operation\n{USAGE}"
                )));
            }
            _ => {
                let value = value()?;
                line.params.push((name.to_owned(), value));
            }
        }
    }
    Ok(line)
}

fn operation_list() -> String {
    let mut out = String::from("operations:\n");
    for op in OPERATIONS {
        let _ = writeln!(out, "  {:<28} {}", op.action, op.summary);
    }
    out
}

fn parameter_list(op: &OperationDescriptor) -> String {
    let mut out = format!("parameters of {}:\n", op.action);
    for param in op.params {
        let required = if param.required { " (required)" } else { "" };
        let _ = writeln!(out, "  --{} <{}>{required}", param.name, param.type_name);
    }
    out
}

/// The parameter a wire key belongs to: `Tag` for `Tag.1.Key`,
/// `SystemDisk` for `SystemDisk.Category`.
fn root_of(key: &str) -> &str {
    key.split('.').next().unwrap_or(key)
}

/// Whether the arguments hold a value for parameter `name` (the key itself,
/// or any key under it: `Tag.1.Key` for `Tag`).
fn has_value(given: &BTreeMap<String, String>, name: &str) -> bool {
    given.keys().any(|key| root_of(key) == name)
}

/// Checks the parameters against the operation's descriptor: no unknown or
/// repeated ones, every required one present (`RegionId` from `--region`
/// when absent), so that each usage error lists what is valid.
fn check_params(
    op: &OperationDescriptor,
    params: Vec<(String, String)>,
    region: Option<&str>,
) -> Result<Args, Failure> {
    let mut given = BTreeMap::new();
    for (name, value) in params {
        if given.insert(name.clone(), value).is_some() {
            return Err(Failure::Usage(format!(
                "parameter `--{name}` is given twice"
            )));
        }
    }
    if let Some(region) = region
        && op.params.iter().any(|p| p.name == "RegionId")
    {
        given
            .entry("RegionId".to_owned())
            .or_insert_with(|| region.to_owned());
    }
    // Keys under a parameter (`Tag.1.Key`) are checked against its shape
    // when the typed request is built; here, that the parameter exists.
    if let Some(name) = given
        .keys()
        .find(|key| !op.params.iter().any(|p| p.name == root_of(key)))
    {
        let hint = op
            .params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(root_of(name)))
            .map(|p| format!(" (did you mean --{}?)", p.name))
            .unwrap_or_default();
        return Err(Failure::Usage(format!(
            "unknown parameter `--{name}` for {}{hint}\n{}",
            op.action,
            parameter_list(op)
        )));
    }

    let missing: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required && !has_value(&given, p.name))
        .map(|p| format!("--{}", p.name))
        .collect();
    if !missing.is_empty() {
        return Err(Failure::Usage(format!(
            "missing required parameter(s) for {}: {}\n{}",
            op.action,
            missing.join(", "),
            parameter_list(op)
        )));
    }
    Ok(given.into_iter().collect())
}

/// Exit 1 with the service's code, message and request id, or the error;
/// exit 2 for arguments the typed request refused (a value of the wrong
/// type, a malformed or unknown key under a parameter).
fn failure(error: DynamicError, op: &OperationDescriptor) -> Failure {
    match error {
        DynamicError::Call(call) if matches!(*call, SdkError::Service(_)) => {
            let SdkError::Service(e) = *call else {
                unreachable!("matched above")
            };
            let mut text = format!("{}: {} (HTTP {})", e.code, e.message, e.status);
            if let Some(id) = &e.request_id {
                let _ = write!(text, "\nRequestId: {id}");
            }
            if let Some(recommend) = &e.recommend {
                let _ = write!(text, "\nRecommend: {recommend}");
            }
            Failure::Call(text)
        }
        DynamicError::Args(e) => Failure::Usage(format!("{e}\n{}", parameter_list(op))),
        DynamicError::UnknownOperation { .. } => {
            Failure::Usage(format!("{error}\n{}", operation_list()))
        }
        other => Failure::Call(other.to_string()),
    }
}

const REDACTED: &str = "** redacted **";

/// The signed request as text: `METHOD URL`, then one `name: value` line per
/// header. The STS token (`SecurityToken` in a V2 query, the
/// `x-acs-security-token` header in V3) is redacted; the secret is never in
/// a request.
fn show_request(request: &http::Request<bytes::Bytes>) -> String {
    let uri = request.uri();
    let mut url = format!(
        "{}://{}{}",
        uri.scheme_str().unwrap_or("https"),
        uri.authority().map_or("", |a| a.as_str()),
        uri.path()
    );
    if let Some(query) = uri.query() {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some(("SecurityToken", _)) => format!("SecurityToken={REDACTED}"),
                _ => pair.to_owned(),
            })
            .collect();
        url.push('?');
        url.push_str(&pairs.join("&"));
    }
    let mut out = format!("{} {url}\n", request.method());
    for (name, value) in request.headers() {
        let value = if name == "x-acs-security-token" {
            REDACTED.into()
        } else {
            String::from_utf8_lossy(value.as_bytes())
        };
        let _ = writeln!(out, "{name}: {value}");
    }
    out
}

async fn main_inner() -> Result<(), Failure> {
    let line = parse_command_line(std::env::args().skip(1))?;
    let Some(action) = line.operation else {
        if line.flags.help {
            println!("{USAGE}\n\n{}", operation_list());
            return Ok(());
        }
        return Err(Failure::Usage(format!(
            "no operation given\n{USAGE}\n{}",
            operation_list()
        )));
    };
    let Some(op) = OPERATIONS.iter().find(|op| op.action == action) else {
        let hint = OPERATIONS
            .iter()
            .find(|op| op.action.eq_ignore_ascii_case(&action))
            .map(|op| format!(" (did you mean {}?)", op.action))
            .unwrap_or_default();
        return Err(Failure::Usage(format!(
            "unknown operation `{action}`{hint}\n{}",
            operation_list()
        )));
    };
    if line.flags.help {
        print!("{}", parameter_list(op));
        return Ok(());
    }
    let flags = line.flags;
    let args = check_params(op, line.params, flags.region.as_deref())?;

    let setup = |e: &dyn std::fmt::Display| Failure::Call(format!("setting up the client: {e}"));
    let transport: Arc<dyn Transport> = Arc::new(ReqwestTransport::new().map_err(|e| setup(&e))?);
    let mut chain = DefaultChain::builder(Arc::clone(&transport));
    if let Some(profile) = &flags.profile {
        chain = chain.profile(profile.clone());
    }
    let mut config = Config::builder()
        .shared_transport(transport)
        .credentials(chain.build())
        .signature_version(flags.signature_version)
        .format(flags.format);
    if let Some(region) = flags.region {
        config = config.region(region);
    }
    if let Some(endpoint) = flags.endpoint {
        config = config.endpoint(endpoint);
    }
    let client = acs_ecs::Client::new(config.build().map_err(|e| Failure::Usage(e.to_string()))?);
    let mode = if flags.dry_run {
        Mode::Sign
    } else {
        Mode::Call
    };
    match client.call_by_name(op.action, &args, mode).await {
        Ok(Output::Response(json)) => {
            let text = serde_json::to_string_pretty(&json)
                .map_err(|e| Failure::Call(format!("printing the response: {e}")))?;
            println!("{text}");
            Ok(())
        }
        Ok(Output::Signed(request)) => {
            print!("{}", show_request(&request));
            Ok(())
        }
        Err(error) => Err(failure(error, op)),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match main_inner().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Call(message)) => {
            eprintln!("Error: {}", message.trim_end());
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("ecs: {}", message.trim_end());
            ExitCode::from(2)
        }
    }
}
