//! One api of the metadata becomes one spec operation: summary and
//! description, method, request ([`super::request`]), response, errors and
//! examples; [`self_check`] then checks it (after the merge with its
//! documents, when there are any) with the spec's own validator.

use std::path::{Path, PathBuf};

use super::json::Json;
use super::{Sink, request, service, shape};
use crate::import::ids;
use crate::spec::load::{OPERATIONS_DIR, SERVICE_FILE, to_yaml};
use crate::spec::span::SourceMap;
use crate::spec::{
    ErrorCode, Examples, LoadedSpec, OperationFile, OperationKind, ServiceFile, SpecFile, Text,
};

/// One api as a spec operation (not yet checked: see [`self_check`]).
pub(crate) fn operation(
    name: &str,
    api: &Json,
    service: &ServiceFile,
    sink: &mut Sink,
) -> Option<OperationFile> {
    let at = format!("apis.{name}");
    if !name.starts_with(|c: char| c.is_ascii_uppercase())
        || !name.chars().all(|c| c.is_ascii_alphanumeric())
    {
        sink.error(
            ids::METADATA_API_NAME_INVALID,
            &at,
            format!("`{name}` is not an action name; not imported"),
        );
        return None;
    }
    let description = api.text("description").and_then(shape::clean_text);
    let summary = api
        .text("summary")
        .or_else(|| api.text("title"))
        .and_then(shape::clean_text)
        .or_else(|| {
            let first = description
                .as_deref()?
                .lines()
                .find(|l| !l.trim().is_empty())?;
            Some(first.trim_start_matches('#').trim().to_owned())
        })
        .unwrap_or_else(|| {
            sink.warn(
                ids::METADATA_NO_SUMMARY,
                &at,
                "no summary, title or description: the summary is the action name",
            );
            name.to_owned()
        });
    let mut op = OperationFile {
        name: name.to_owned(),
        summary: zh(Some(summary)),
        description: description.map(|d| zh(Some(d))),
        notes: Vec::new(),
        explorer: Some(format!(
            "https://api.aliyun.com/#product={}&api={name}&type=RPC&version={}",
            service.product, service.version
        )),
        method: method(api, service, &at, sink),
        kind: kind(api, &at, sink),
        idempotency_token: None,
        pagination: None,
        request: request::parameters(api, &at, sink),
        response: response(api, &at, sink),
        errors: errors(api, &at, sink),
        examples: examples(api, &at, sink),
    };
    op.idempotency_token = crate::import::idempotency_token(&op.request);
    op.pagination = crate::spec::pagination::infer(&op);
    let response_at = format!("{at}.responses.200.schema");
    shape::distinct_fields(&mut op.response, &response_at, sink);
    Some(op)
}

/// `systemTags.operationType` (the older top-level `operationType: read`
/// or `write` says too little to pick a kind from).
fn kind(api: &Json, at: &str, sink: &mut Sink) -> Option<OperationKind> {
    let tag = api
        .get("systemTags")
        .and_then(|t| t.text("operationType"))?;
    let kind = match tag {
        "get" => OperationKind::Get,
        "list" => OperationKind::List,
        "create" => OperationKind::Create,
        "update" => OperationKind::Update,
        "delete" => OperationKind::Delete,
        "none" => OperationKind::None,
        other => {
            sink.warn(
                ids::METADATA_KIND_UNKNOWN,
                &format!("{at}.systemTags.operationType"),
                format!("unknown operation type `{other}`; the kind is left out"),
            );
            return None;
        }
    };
    Some(kind)
}

fn zh(text: Option<String>) -> Text {
    Text { zh: text, en: None }
}

/// POST when the api accepts it, as the official SDKs send RPC calls;
/// written only when it differs from the service's default.
fn method(
    api: &Json,
    service: &ServiceFile,
    at: &str,
    sink: &mut Sink,
) -> Option<crate::spec::Method> {
    let listed: Vec<crate::spec::Method> = api
        .get("methods")
        .map(Json::elements)
        .unwrap_or(&[])
        .iter()
        .filter_map(|m| m.as_str().and_then(service::method))
        .collect();
    let chosen = if listed.contains(&crate::spec::Method::Post) {
        crate::spec::Method::Post
    } else if let Some(first) = listed.first() {
        *first
    } else {
        sink.warn(
            ids::METADATA_METHOD_UNKNOWN,
            &format!("{at}.methods"),
            "no known method; the service's default is used",
        );
        service.default_method
    };
    (chosen != service.default_method).then_some(chosen)
}

/// `responses.200.schema`'s properties, in the published order.
fn response(api: &Json, at: &str, sink: &mut Sink) -> Vec<crate::spec::Field> {
    let Some(schema) = api
        .get("responses")
        .and_then(|r| r.get("200"))
        .and_then(|r| r.get("schema"))
    else {
        sink.warn(
            ids::METADATA_RESPONSE_MISSING,
            &format!("{at}.responses"),
            "no `200` response schema; the response is empty",
        );
        return Vec::new();
    };
    let here = format!("{at}.responses.200.schema");
    if schema.text("type").is_some_and(|t| t != "object") {
        sink.warn(
            ids::METADATA_RESPONSE_MISSING,
            &here,
            "the response is not an object; the response is empty",
        );
        return Vec::new();
    }
    schema
        .get("properties")
        .map(Json::entries)
        .unwrap_or(&[])
        .iter()
        .map(|(k, v)| {
            shape::field(
                k,
                v,
                shape::Side::Response,
                &format!("{here}.properties.{k}"),
                sink,
            )
        })
        .collect()
}

/// `errorCodes`: every entry as published, statuses in numeric order; an
/// entry listed twice word for word is kept once.
fn errors(api: &Json, at: &str, sink: &mut Sink) -> Vec<ErrorCode> {
    let mut statuses: Vec<(u16, &str, &Json)> = Vec::new();
    for (status, list) in api.get("errorCodes").map(Json::entries).unwrap_or(&[]) {
        match status.trim().parse::<u16>() {
            Ok(n) if n >= 100 => statuses.push((n, status, list)),
            _ => sink.warn(
                ids::METADATA_ERROR_STATUS,
                &format!("{at}.errorCodes.{status}"),
                format!("`{status}` is not an HTTP status; its codes are skipped"),
            ),
        }
    }
    statuses.sort_by_key(|(n, ..)| *n);
    let mut out: Vec<ErrorCode> = Vec::new();
    for (http, status, list) in statuses {
        if !(100..600).contains(&http) {
            sink.warn(
                ids::METADATA_ERROR_STATUS,
                &format!("{at}.errorCodes.{status}"),
                format!("{status} is outside the HTTP status range; kept as published"),
            );
        }
        for (i, e) in list.elements().iter().enumerate() {
            let here = format!("{at}.errorCodes.{status}[{i}]");
            let Some(code) = e.text("errorCode") else {
                sink.warn(
                    ids::METADATA_ERROR_NO_CODE,
                    &here,
                    "an error without `errorCode`; skipped",
                );
                continue;
            };
            let entry = ErrorCode {
                http,
                code: code.to_owned(),
                message: e
                    .get("errorMessage")
                    .and_then(Json::as_str)
                    .unwrap_or("")
                    .to_owned(),
                description: e
                    .text("description")
                    .and_then(shape::clean_text)
                    .map(|d| zh(Some(d))),
            };
            if out
                .iter()
                .any(|o| o.http == entry.http && o.code == entry.code && o.message == entry.message)
            {
                sink.warn(
                    ids::METADATA_ERROR_DUPLICATE,
                    &here,
                    format!("`{code}` (HTTP {http}) is listed twice with this message; kept once"),
                );
                continue;
            }
            if let Some(twin) = out.iter().find(|o| {
                o.code != entry.code && o.code.replace('.', "") == entry.code.replace('.', "")
            }) {
                sink.warn(
                    ids::METADATA_ERROR_CODE_DOT,
                    &here,
                    format!(
                        "`{code}` and `{}` differ only in a dot; both are kept",
                        twin.code
                    ),
                );
            }
            out.push(entry);
        }
    }
    out
}

/// `responseDemo`: a JSON text listing `{type, example}`; the JSON and
/// XML examples are kept verbatim.
fn examples(api: &Json, at: &str, sink: &mut Sink) -> Examples {
    let mut out = Examples::default();
    let Some(text) = api.text("responseDemo") else {
        return out;
    };
    let here = format!("{at}.responseDemo");
    let demos = match Json::parse(text) {
        Ok(Json::Array(demos)) => demos,
        Ok(_) => {
            sink.warn(
                ids::METADATA_DEMO_INVALID,
                &here,
                "not a list of examples; skipped",
            );
            return out;
        }
        Err(e) => {
            sink.warn(
                ids::METADATA_DEMO_INVALID,
                &here,
                format!("not valid JSON ({e}); skipped"),
            );
            return out;
        }
    };
    for (i, demo) in demos.iter().enumerate() {
        let Some(example) = demo
            .get("example")
            .and_then(Json::as_str)
            .filter(|e| !e.trim().is_empty())
        else {
            continue;
        };
        let slot = match demo.text("type") {
            Some("json") => &mut out.json,
            Some("xml") => &mut out.xml,
            other => {
                sink.warn(
                    ids::METADATA_DEMO_INVALID,
                    &format!("{here}[{i}]"),
                    format!(
                        "example type `{}` is not json or xml; skipped",
                        other.unwrap_or("")
                    ),
                );
                continue;
            }
        };
        if slot.is_some() {
            sink.warn(
                ids::METADATA_DEMO_DUPLICATE,
                &format!("{here}[{i}]"),
                "a second example of this type; the first is kept",
            );
            continue;
        }
        *slot = Some(zh(Some(example.to_owned())));
    }
    out
}

/// Checks `op` with the spec's validator. An example that contradicts the
/// response is kept as published (a `codegen check` warning, and a finding
/// naming the contradiction); any other problem is an error finding (the
/// file is still written).
pub(crate) fn self_check(op: &OperationFile, service: &ServiceFile, at: &str, sink: &mut Sink) {
    for d in validate(op, service) {
        let path = &d.location.path;
        if d.severity == crate::diag::Severity::Warning {
            sink.warn(
                ids::EXAMPLE_CONTRADICTS_RESPONSE,
                at,
                format!("{path}: {}; the example is kept as published", d.message),
            );
        } else {
            sink.error(
                ids::METADATA_SPEC_INVALID,
                at,
                format!(
                    "the imported operation does not validate: {path}: {}",
                    d.message
                ),
            );
        }
    }
}

fn validate(op: &OperationFile, service: &ServiceFile) -> Vec<crate::Diagnostic> {
    let op_yaml = to_yaml(op);
    let svc_yaml = to_yaml(service);
    let (Ok(op_source), Ok(svc_source)) = (SourceMap::build(&op_yaml), SourceMap::build(&svc_yaml))
    else {
        return Vec::new();
    };
    let spec = LoadedSpec {
        root: PathBuf::new(),
        service: SpecFile {
            path: PathBuf::from(SERVICE_FILE),
            prefix: "service".into(),
            source: svc_source,
            value: service.clone(),
        },
        operations: vec![SpecFile {
            path: Path::new(OPERATIONS_DIR).join(format!("{}.yaml", op.name)),
            prefix: format!("operations.{}", op.name),
            source: op_source,
            value: op.clone(),
        }],
        overlays: Vec::new(),
        inputs: Vec::new(),
    };
    crate::validate::validate(&spec).sorted()
}
