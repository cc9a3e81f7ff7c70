//! Walking two specs: the service's facts, operations matched by name, error
//! codes and documentation. Parameters and fields are `members`' job.

use std::collections::{BTreeMap, BTreeSet};

use super::members::{self, Kind, Member};
use super::rust_view::RustView;
use super::{Change, Rule};
use crate::ir;
use crate::lower;
use crate::spec::{
    Endpoints, ErrorCode, Examples, LoadedSpec, Method, OperationFile, Protocol, ServiceFile,
    SignatureVersion, Text,
};

/// Where changes are collected, tagged with the operation being walked.
#[derive(Default)]
pub(super) struct Out {
    changes: Vec<Change>,
    operation: Option<String>,
}

impl Out {
    /// Records a change with nothing to show as old and new values.
    pub(super) fn push(&mut self, rule: Rule, path: &str, message: String) {
        self.push_values(rule, path, message, None, None);
    }

    /// Records a change with its old and new values.
    pub(super) fn push_values(
        &mut self,
        rule: Rule,
        path: &str,
        message: String,
        old: Option<String>,
        new: Option<String>,
    ) {
        self.changes.push(Change {
            rule,
            operation: self.operation.clone(),
            path: path.to_owned(),
            message,
            old,
            new,
        });
    }

    /// Records a documentation change when the texts differ.
    pub(super) fn text(&mut self, path: &str, what: &str, old: Option<&Text>, new: Option<&Text>) {
        if let Some(langs) = text_change(old, new) {
            self.push(
                Rule::DescriptionChanged,
                path,
                format!("{what} changed ({langs})"),
            );
        }
    }
}

/// Every change from `old` to `new`.
pub(super) fn compare(old: &LoadedSpec, new: &LoadedSpec) -> Vec<Change> {
    let mut out = Out::default();
    let (os, ns) = (&old.service.value, &new.service.value);
    service(os, ns, &mut out);

    let old_ir = lower::lower(old, "", "");
    let new_ir = lower::lower(new, "", "");
    let old_ops = by_name(old);
    let new_ops = by_name(new);
    let names: BTreeSet<&str> = old_ops.keys().chain(new_ops.keys()).copied().collect();
    for name in names {
        out.operation = Some(name.to_owned());
        match (old_ops.get(name), new_ops.get(name)) {
            (Some(o), Some(n)) => {
                let views = (view(o, &old_ir), view(n, &new_ir));
                operation(
                    o,
                    n,
                    (os.default_method, ns.default_method),
                    &views,
                    &mut out,
                );
            }
            (Some(_), None) => {
                let message = format!("operation removed{}", client_method(&old_ir, name));
                out.push(Rule::OperationRemoved, "", message);
            }
            (None, Some(_)) => {
                let message = format!("operation added{}", client_method(&new_ir, name));
                out.push(Rule::OperationAdded, "", message);
            }
            (None, None) => {}
        }
    }
    out.changes
}

/// Operations by name; the first of duplicates (which validation rejects) wins.
fn by_name(spec: &LoadedSpec) -> BTreeMap<&str, &OperationFile> {
    let mut ops = BTreeMap::new();
    for op in &spec.operations {
        ops.entry(op.value.name.as_str()).or_insert(&op.value);
    }
    ops
}

/// ` (client method `name`)` for an operation, from the IR.
fn client_method(service: &ir::Service, action: &str) -> String {
    match service.operations.iter().find(|o| o.action == action) {
        Some(op) => format!(" (client method `{}`)", op.fn_name),
        None => String::new(),
    }
}

fn view(op: &OperationFile, service: &ir::Service) -> RustView {
    match service.operations.iter().find(|o| o.action == op.name) {
        Some(lowered) => RustView::of(op, lowered),
        None => RustView::default(),
    }
}

/// The service's facts: names, endpoints, what it accepts, common errors.
fn service(o: &ServiceFile, n: &ServiceFile, out: &mut Out) {
    product_version_and_title(o, n, out);
    endpoints(&o.endpoints, &n.endpoints, out);
    regional_endpoints(&o.endpoints, &n.endpoints, out);
    methods(o, n, out);
    protocols(o, n, out);
    signature_versions(o, n, out);
    errors(&o.errors, &n.errors, "service.errors", out);
}

/// The product code, the API version and the product's name.
fn product_version_and_title(o: &ServiceFile, n: &ServiceFile, out: &mut Out) {
    if o.product != n.product {
        let message = format!("product `{}` → `{}`", o.product, n.product);
        out.push_values(
            Rule::ServiceProductChanged,
            "service.product",
            message,
            some(&o.product),
            some(&n.product),
        );
    }
    if o.version != n.version {
        let message = format!("API version `{}` → `{}`", o.version, n.version);
        out.push_values(
            Rule::ServiceVersionChanged,
            "service.version",
            message,
            some(&o.version),
            some(&n.version),
        );
    }
    out.text("service.title", "title", o.title.as_ref(), n.title.as_ref());
}

/// The host pattern and the central endpoint.
fn endpoints(oe: &Endpoints, ne: &Endpoints, out: &mut Out) {
    for (path, what, a, b) in [
        (
            "service.endpoints.pattern",
            "endpoint pattern",
            &oe.pattern,
            &ne.pattern,
        ),
        (
            "service.endpoints.central",
            "central endpoint",
            &oe.central,
            &ne.central,
        ),
    ] {
        if a != b {
            let message = endpoint_message(what, a, b, &ne.central);
            out.push_values(
                Rule::ServiceEndpointChanged,
                path,
                message,
                some(a),
                some(b),
            );
        }
    }
}

/// What an endpoint moving from `a` to `b` means, in words.
fn endpoint_message(what: &str, a: &str, b: &str, new_central: &str) -> String {
    // No pattern means a global service (reached at `central`).
    match (a.is_empty(), b.is_empty()) {
        (false, true) => format!(
            "{what} `{a}` removed: the service is now global, reached at `{new_central}` without a region"
        ),
        (true, false) => {
            format!("{what} `{b}` added: the service is now regional, and a client needs a region")
        }
        _ => format!("{what} `{a}` → `{b}`"),
    }
}

/// Regions given a host of their own, losing it, or moving it.
fn regional_endpoints(oe: &Endpoints, ne: &Endpoints, out: &mut Out) {
    let regions: BTreeSet<&String> = oe.regional.keys().chain(ne.regional.keys()).collect();
    for region in regions {
        let hosts = (oe.regional.get(region), ne.regional.get(region));
        regional_endpoint(region, hosts, out);
    }
}

/// One region's own host on both sides.
fn regional_endpoint(region: &str, hosts: (Option<&String>, Option<&String>), out: &mut Out) {
    let path = format!("service.endpoints.regional.{region}");
    match hosts {
        (Some(a), Some(b)) if a != b => {
            let message = format!("host of region `{region}` `{a}` → `{b}`");
            out.push_values(
                Rule::ServiceEndpointChanged,
                &path,
                message,
                some(a),
                some(b),
            );
        }
        (None, Some(b)) => {
            let message = format!("region `{region}` has its own host `{b}`");
            out.push_values(
                Rule::ServiceRegionalEndpointAdded,
                &path,
                message,
                None,
                some(b),
            );
        }
        (Some(a), None) => {
            let message = format!(
                "region `{region}` no longer has its own host (was `{a}`); the pattern applies"
            );
            out.push_values(
                Rule::ServiceRegionalEndpointRemoved,
                &path,
                message,
                some(a),
                None,
            );
        }
        _ => {}
    }
}

/// The HTTP methods accepted, and the default one.
fn methods(o: &ServiceFile, n: &ServiceFile, out: &mut Out) {
    let methods = (names(&o.methods, method), names(&n.methods, method));
    accepted(
        out,
        "service.methods",
        "HTTP method",
        methods,
        Rule::ServiceMethodAdded,
        Rule::ServiceMethodRemoved,
    );
    if o.default_method != n.default_method {
        let (a, b) = (method(o.default_method), method(n.default_method));
        let message = format!("default HTTP method {a} → {b}");
        out.push_values(
            Rule::ServiceDefaultMethodChanged,
            "service.default_method",
            message,
            some(a),
            some(b),
        );
    }
}

/// The protocols accepted.
fn protocols(o: &ServiceFile, n: &ServiceFile, out: &mut Out) {
    let protocols = (names(&o.protocols, protocol), names(&n.protocols, protocol));
    let (added, removed) = (Rule::ServiceProtocolAdded, Rule::ServiceProtocolRemoved);
    accepted(
        out,
        "service.protocols",
        "protocol",
        protocols,
        added,
        removed,
    );
}

/// The signature versions accepted, and the default one (the first).
fn signature_versions(o: &ServiceFile, n: &ServiceFile, out: &mut Out) {
    let signatures = (
        names(&o.signature_versions, signature),
        names(&n.signature_versions, signature),
    );
    let (added, removed) = (
        Rule::ServiceSignatureVersionAdded,
        Rule::ServiceSignatureVersionRemoved,
    );
    accepted(
        out,
        "service.signature_versions",
        "signature version",
        signatures.clone(),
        added,
        removed,
    );
    if let (Some(a), Some(b)) = (signatures.0.first(), signatures.1.first())
        && a != b
    {
        let message = format!("default signature version {a} → {b}");
        let rule = Rule::ServiceDefaultSignatureVersionChanged;
        out.push_values(
            rule,
            "service.signature_versions",
            message,
            some(a),
            some(b),
        );
    }
}

fn some(s: &str) -> Option<String> {
    Some(s.to_owned())
}

fn names<T: Copy>(list: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
    list.iter().map(|t| name(*t)).collect()
}

/// Members of a list of accepted things (methods, protocols, signature versions) added and removed.
fn accepted(
    out: &mut Out,
    path: &str,
    what: &str,
    (old, new): (Vec<&'static str>, Vec<&'static str>),
    added: Rule,
    removed: Rule,
) {
    for gone in old.iter().filter(|m| !new.contains(m)) {
        out.push_values(
            removed,
            path,
            format!("{what} {gone} no longer accepted"),
            some(gone),
            None,
        );
    }
    for came in new.iter().filter(|m| !old.contains(m)) {
        out.push_values(
            added,
            path,
            format!("{what} {came} now accepted"),
            None,
            some(came),
        );
    }
}

fn method(m: Method) -> &'static str {
    match m {
        Method::Get => "GET",
        Method::Post => "POST",
    }
}

fn protocol(p: Protocol) -> &'static str {
    match p {
        Protocol::Https => "HTTPS",
        Protocol::Http => "HTTP",
    }
}

fn signature(s: SignatureVersion) -> &'static str {
    match s {
        SignatureVersion::V3 => "v3",
        SignatureVersion::V2 => "v2",
    }
}

/// Changes of the facts that decide the retry class (kind and idempotency
/// token), and of the class itself.
fn retry(o: &OperationFile, n: &OperationFile, out: &mut Out) {
    if o.kind != n.kind {
        let (a, b) = (o.kind.map(|k| k.as_str()), n.kind.map(|k| k.as_str()));
        out.push_values(
            Rule::OperationKindChanged,
            "kind",
            format!(
                "kind {} → {}",
                a.unwrap_or("(unset)"),
                b.unwrap_or("(unset)")
            ),
            a.map(str::to_owned),
            b.map(str::to_owned),
        );
    }
    if o.idempotency_token != n.idempotency_token {
        let (a, b) = (&o.idempotency_token, &n.idempotency_token);
        let message = match (a, b) {
            (None, Some(t)) => {
                format!("idempotency token `{t}` declared: the client fills it when unset")
            }
            (Some(t), None) => {
                format!("idempotency token `{t}` no longer declared: the client no longer fills it")
            }
            (Some(x), Some(y)) => format!("idempotency token `{x}` → `{y}`"),
            (None, None) => String::new(),
        };
        out.push_values(
            Rule::OperationIdempotencyTokenChanged,
            "idempotency_token",
            message,
            a.clone(),
            b.clone(),
        );
    }
    let (a, b) = (retry_class(o), retry_class(n));
    if a != b {
        let path = match o.kind != n.kind {
            true => "kind",
            false => "idempotency_token",
        };
        out.push_values(
            Rule::OperationRetryClassChanged,
            path,
            format!("retried {a} → retried {b}"),
            some(a),
            some(b),
        );
    }
}

/// The runtime's retry class of an operation, in words. The same decision
/// as `acs_runtime::retry::RetryClass::of` (codegen does not depend on the
/// runtime): a token, or a read or delete, retries every transient failure;
/// anything else only failures that prove the request did not run.
fn retry_class(op: &OperationFile) -> &'static str {
    use crate::spec::OperationKind as K;
    let transient =
        op.idempotency_token.is_some() || matches!(op.kind, Some(K::Get | K::List | K::Delete));
    match transient {
        true => "on every transient failure",
        false => "only when provably not executed",
    }
}

/// Compares one operation that exists on both sides, step by step.
fn operation(
    o: &OperationFile,
    n: &OperationFile,
    defaults: (Method, Method),
    (old_view, new_view): &(RustView, RustView),
    out: &mut Out,
) {
    operation_method(o, n, defaults, out);
    retry(o, n, out);
    documentation(o, n, out);
    let views = members::Views {
        old: old_view,
        new: new_view,
    };
    request_and_response(o, n, &views, out);
    errors(&o.errors, &n.errors, "errors", out);
    error_variants(old_view, new_view, out);
    examples(&o.examples, &n.examples, out);
}

/// The HTTP method, each side's falling back on its service's default.
fn operation_method(
    o: &OperationFile,
    n: &OperationFile,
    (old_default, new_default): (Method, Method),
    out: &mut Out,
) {
    if o.method != n.method {
        let (a, b) = (
            method(o.method.unwrap_or(old_default)),
            method(n.method.unwrap_or(new_default)),
        );
        if a != b {
            out.push_values(
                Rule::OperationMethodChanged,
                "method",
                format!("HTTP method {a} → {b}"),
                some(a),
                some(b),
            );
        }
    }
}

/// The summary, description, notes and OpenAPI Explorer link.
fn documentation(o: &OperationFile, n: &OperationFile, out: &mut Out) {
    out.text("summary", "summary", Some(&o.summary), Some(&n.summary));
    out.text(
        "description",
        "description",
        o.description.as_ref(),
        n.description.as_ref(),
    );
    if o.notes != n.notes {
        let count = match o.notes.len() == n.notes.len() {
            true => String::new(),
            false => format!(" ({} → {} notes)", o.notes.len(), n.notes.len()),
        };
        out.push(
            Rule::DescriptionChanged,
            "notes",
            format!("notes changed{count}"),
        );
    }
    if o.explorer != n.explorer {
        out.push(
            Rule::DescriptionChanged,
            "explorer",
            "OpenAPI Explorer link changed".to_owned(),
        );
    }
}

/// The request parameters, then the response fields.
fn request_and_response(
    o: &OperationFile,
    n: &OperationFile,
    views: &members::Views,
    out: &mut Out,
) {
    let (op, np): (Vec<Member>, Vec<Member>) = (
        o.request.iter().map(Member::from).collect(),
        n.request.iter().map(Member::from).collect(),
    );
    members::compare(Kind::Request, ("request", "request"), &op, &np, views, out);
    let (of, nf): (Vec<Member>, Vec<Member>) = (
        o.response.iter().map(Member::from).collect(),
        n.response.iter().map(Member::from).collect(),
    );
    members::compare(
        Kind::Response,
        ("response", "response"),
        &of,
        &nf,
        views,
        out,
    );
}

/// Error variants renamed in Rust while their code stayed.
fn error_variants(old_view: &RustView, new_view: &RustView, out: &mut Out) {
    for (code, a) in &old_view.variants {
        if let Some(b) = new_view.variants.get(code)
            && a != b
        {
            let message = format!("error variant `{a}` → `{b}` (code unchanged)");
            out.push_values(
                Rule::RustNameChanged,
                &format!("errors.{code}"),
                message,
                some(a),
                some(b),
            );
        }
    }
}

/// The request example and the JSON and XML response examples.
fn examples(oe: &Examples, ne: &Examples, out: &mut Out) {
    for (path, what, a, b) in [
        (
            "examples.request",
            "request example",
            &oe.request,
            &ne.request,
        ),
        ("examples.json", "JSON response example", &oe.json, &ne.json),
        ("examples.xml", "XML response example", &oe.xml, &ne.xml),
    ] {
        if let Some(langs) = text_change(a.as_ref(), b.as_ref()) {
            out.push(
                Rule::ExampleChanged,
                path,
                format!("{what} changed ({langs})"),
            );
        }
    }
}

/// Error codes added, removed, re-statused or re-documented.
///
/// A code may be published with several (status, message) entries, so the
/// entries of one code are paired first by status and message, then in
/// order; a code is added or removed only when no entry of it remains.
fn errors(old: &[ErrorCode], new: &[ErrorCode], at: &str, out: &mut Out) {
    for code in error_codes(old, new) {
        let path = format!("{at}.{code}");
        let os: Vec<&ErrorCode> = old.iter().filter(|e| e.code == code).collect();
        let ns: Vec<&ErrorCode> = new.iter().filter(|e| e.code == code).collect();
        error_code(code, &path, os, ns, out);
    }
}

/// Every code of either side, once, in the order first seen (old, then new).
fn error_codes<'a>(old: &'a [ErrorCode], new: &'a [ErrorCode]) -> Vec<&'a str> {
    let mut codes: Vec<&str> = Vec::new();
    for e in old.iter().chain(new) {
        if !codes.contains(&e.code.as_str()) {
            codes.push(&e.code);
        }
    }
    codes
}

/// One code on both sides: removed, added, or its entries compared.
fn error_code(
    code: &str,
    path: &str,
    mut os: Vec<&ErrorCode>,
    mut ns: Vec<&ErrorCode>,
    out: &mut Out,
) {
    if ns.is_empty() {
        let message = format!("error code `{code}` (HTTP {}) removed", os[0].http);
        out.push_values(Rule::ErrorCodeRemoved, path, message, some(code), None);
        return;
    }
    if os.is_empty() {
        let message = format!("error code `{code}` (HTTP {}) added", ns[0].http);
        out.push_values(Rule::ErrorCodeAdded, path, message, None, some(code));
        return;
    }
    identical_entries(path, &mut os, &mut ns, out);
    let paired = os.len().min(ns.len());
    for (o, n) in os.iter().zip(&ns) {
        error_entry(path, o, n, out);
    }
    unpaired_entries(path, &os[paired..], &ns[paired..], out);
}

/// Takes out entries of identical status and message, comparing descriptions.
fn identical_entries(
    path: &str,
    os: &mut Vec<&ErrorCode>,
    ns: &mut Vec<&ErrorCode>,
    out: &mut Out,
) {
    os.retain(|o| {
        match ns
            .iter()
            .position(|n| n.http == o.http && n.message == o.message)
        {
            Some(i) => {
                let n = ns.remove(i);
                out.text(
                    path,
                    "description",
                    o.description.as_ref(),
                    n.description.as_ref(),
                );
                false
            }
            None => true,
        }
    });
}

/// Two entries of one code paired in order: status, message and description.
fn error_entry(path: &str, o: &ErrorCode, n: &ErrorCode, out: &mut Out) {
    if o.http != n.http {
        let message = format!("HTTP status {} → {}", o.http, n.http);
        let values = (Some(o.http.to_string()), Some(n.http.to_string()));
        out.push_values(
            Rule::ErrorCodeStatusChanged,
            path,
            message,
            values.0,
            values.1,
        );
    }
    if o.message != n.message {
        out.push(
            Rule::DescriptionChanged,
            path,
            "error message changed".to_owned(),
        );
    }
    out.text(
        path,
        "description",
        o.description.as_ref(),
        n.description.as_ref(),
    );
}

/// Entries left over on one side of a code that both sides still list.
fn unpaired_entries(path: &str, old: &[&ErrorCode], new: &[&ErrorCode], out: &mut Out) {
    for o in old {
        let message = format!(
            "entry (HTTP {}) no longer listed; the code still is",
            o.http
        );
        out.push(Rule::DescriptionChanged, path, message);
    }
    for n in new {
        let message = format!(
            "entry (HTTP {}) newly listed for a code already there",
            n.http
        );
        out.push(Rule::DescriptionChanged, path, message);
    }
}

/// Which languages of a text differ: `en`, `zh` or `en, zh`.
pub(super) fn text_change(old: Option<&Text>, new: Option<&Text>) -> Option<String> {
    let lang =
        |t: Option<&Text>, en: bool| t.and_then(|t| if en { t.en.clone() } else { t.zh.clone() });
    let changed: Vec<&str> = [("en", true), ("zh", false)]
        .into_iter()
        .filter(|(_, en)| lang(old, *en) != lang(new, *en))
        .map(|(name, _)| name)
        .collect();
    (!changed.is_empty()).then(|| changed.join(", "))
}
