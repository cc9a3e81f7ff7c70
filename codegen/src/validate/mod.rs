//! Stage 2, validate: everything a spec must satisfy before it is lowered.
//!
//! Every check pushes into one [`Diagnostics`]; nothing stops at the first
//! problem. Checks on the shape of types and names are here; checks of the
//! documents' examples against the declared response are in [`examples`].

pub(crate) mod examples;

use std::collections::BTreeMap;

use crate::diag::Diagnostics;
use crate::naming;
use crate::spec::{
    Constraints, ErrorCode, Field, Items, LoadedSpec, OperationFile, ParamStyle, Parameter, Scalar,
    SpecFile, TypeName,
};

/// Checks a loaded spec. Returns every problem found.
pub fn validate(spec: &LoadedSpec) -> Diagnostics {
    let mut d = Diagnostics::default();
    check_service(&spec.service, &mut d);
    let mut seen_ops: BTreeMap<&str, &SpecFile<OperationFile>> = BTreeMap::new();
    let mut seen_fns: BTreeMap<String, &str> = BTreeMap::new();
    for op in &spec.operations {
        let name = op.value.name.as_str();
        if let Some(first) = seen_ops.get(name) {
            d.push(
                op.locate("name"),
                format!(
                    "duplicate operation `{name}`: also declared in {}",
                    first.path.display()
                ),
            );
            continue;
        }
        seen_ops.insert(name, op);
        let fn_name = naming::field_name(name);
        if CLIENT_METHODS.contains(&fn_name.as_str()) {
            d.push(
                op.locate("name"),
                format!("operation `{name}` becomes `{fn_name}`, a method every generated client already has"),
            );
        } else if let Some(other) = seen_fns.get(&fn_name) {
            d.push(
                op.locate("name"),
                format!(
                    "operation `{name}` and operation `{other}` both become `{fn_name}` in Rust"
                ),
            );
        } else {
            seen_fns.insert(fn_name, name);
        }
        check_operation(op, &mut d);
    }
    d
}

/// The generated client's own methods, which no operation may be named as.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "from_runtime",
    "runtime",
    "call",
    "paginate",
    "call_by_name",
];

fn check_service(file: &SpecFile<crate::spec::ServiceFile>, d: &mut Diagnostics) {
    let s = &file.value;
    if s.product.is_empty() || !s.product.chars().all(|c| c.is_ascii_alphanumeric()) {
        d.push(
            file.locate("product"),
            format!("product `{}` must be letters and digits", s.product),
        );
    }
    if !is_api_version(&s.version) {
        d.push(
            file.locate("version"),
            format!("version `{}` is not an API version (YYYY-MM-DD)", s.version),
        );
    }
    check_endpoints(file, d);
    for (region, host) in &s.endpoints.regional {
        if !is_region_id(region) {
            d.push(
                file.locate(&format!("endpoints.regional.{region}")),
                format!("`{region}` is not a region id"),
            );
        }
        if host.is_empty() || host.contains(['/', ' ', ':']) {
            d.push(
                file.locate(&format!("endpoints.regional.{region}")),
                format!("`{host}` is not a host name"),
            );
        }
    }
    if !s.methods.contains(&s.default_method) {
        d.push(
            file.locate("default_method"),
            "the default method is not one of `methods`",
        );
    }
    if s.signature_versions.is_empty() {
        d.push(
            file.locate("signature_versions"),
            "at least one signature version is needed",
        );
    }
    check_errors(file, "errors", &s.errors, d);
}

/// The endpoint rule, as the runtime applies it (`acs_runtime::endpoint`):
/// a regional service has a pattern with `{region_id}`; a global one has no
/// pattern and is reached at `central`.
fn check_endpoints(file: &SpecFile<crate::spec::ServiceFile>, d: &mut Diagnostics) {
    let e = &file.value.endpoints;
    let is_host = |h: &str| !h.is_empty() && !h.contains(['/', ' ', ':', '{', '}']);
    if e.pattern.is_empty() {
        if !is_host(&e.central) {
            d.push(
                file.locate("endpoints.central"),
                format!(
                    "`{}` is not a host name, and a global service (no `pattern`) is reached at `central`",
                    e.central
                ),
            );
        }
    } else if !e.pattern.contains("{region_id}") && e.pattern != e.central {
        // A pattern equal to `central` is a global service written the old way.
        d.push(
            file.locate("endpoints.pattern"),
            format!(
                "the endpoint pattern `{}` has no `{{region_id}}` placeholder: a regional service needs \
                 one (e.g. `{}.{{region_id}}.aliyuncs.com`); a global service leaves `pattern` out \
                 and is reached at `central` (`{}`)",
                e.pattern,
                file.value.product.to_lowercase(),
                e.central
            ),
        );
    }
}

fn is_api_version(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn is_region_id(r: &str) -> bool {
    !r.is_empty()
        && r.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn check_operation(file: &SpecFile<OperationFile>, d: &mut Diagnostics) {
    let op = &file.value;
    let stem = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if op.name != stem {
        d.push(
            file.locate("name"),
            format!("operation `{}` is in a file named `{stem}.yaml`; name the file after the operation", op.name),
        );
    }
    if op.name.is_empty()
        || !op.name.starts_with(|c: char| c.is_ascii_uppercase())
        || !op.name.chars().all(|c| c.is_ascii_alphanumeric())
    {
        d.push(
            file.locate("name"),
            format!(
                "operation name `{}` must be an UpperCamelCase action name",
                op.name
            ),
        );
    }
    if op.summary.zh.is_none() && op.summary.en.is_none() {
        d.push(
            file.locate("summary"),
            "the summary needs at least one language (`zh` or `en`)",
        );
    }

    // Request parameters.
    let mut names = NameSet::default();
    for (i, p) in op.request.iter().enumerate() {
        let at = format!("request[{i}]");
        names.check(file, &at, &p.name, "parameter", d);
        check_param(file, &at, p, d);
    }
    let request: Vec<(&str, Option<&str>)> = op
        .request
        .iter()
        .map(|p| (p.name.as_str(), p.renamed_from.as_deref()))
        .collect();
    check_renames(file, "request", &request, d);
    if let Some(token) = &op.idempotency_token {
        match op.request.iter().find(|p| &p.name == token) {
            None => d.push(
                file.locate("idempotency_token"),
                format!("idempotency_token names `{token}`, which is not a request parameter"),
            ),
            // Required is allowed: the caller always gives it, the client
            // never fills it, and every retry carries it all the same.
            Some(p) if p.ty != TypeName::String || p.style.is_some() => d.push(
                file.locate("idempotency_token"),
                format!("idempotency token `{token}` must be a plain String parameter: the client sends it as is, or fills it with a UUID when it is not set"),
            ),
            Some(_) => {}
        }
    }
    if let Some(p) = &op.pagination
        && let Err(problems) = crate::spec::pagination::resolve(op, p)
    {
        for (key, message) in problems {
            d.push(file.locate(&format!("pagination.{key}")), message);
        }
    }
    // Response fields, recursively.
    check_fields(file, "response", &op.response, d);
    check_errors(file, "errors", &op.errors, d);
    examples::check(file, d);
}

/// ` (the first is at L:C)` for the first of two declarations, where the
/// file knows its position.
fn first_at<T>(file: &SpecFile<T>, yaml_path: &str) -> String {
    match file.source.position(yaml_path) {
        Some((line, col)) => format!(" (the first is at {line}:{col})"),
        None => String::new(),
    }
}

/// Names declared in one scope: duplicates, and distinct names that become
/// the same Rust name.
#[derive(Default)]
struct NameSet {
    wire: BTreeMap<String, String>,
    rust: BTreeMap<String, String>,
}

impl NameSet {
    fn check<T>(
        &mut self,
        file: &SpecFile<T>,
        at: &str,
        name: &str,
        what: &str,
        d: &mut Diagnostics,
    ) {
        let loc = file.locate(&format!("{at}.name"));
        if name.is_empty() {
            d.push(loc, format!("a {what} needs a name"));
            return;
        }
        if let Some(first) = self.wire.get(name) {
            let first = first_at(file, &format!("{first}.name"));
            d.push(loc, format!("duplicate {what} `{name}`{first}"));
            return;
        }
        self.wire.insert(name.to_owned(), at.to_owned());
        let rust = naming::field_name(name);
        if let Some(other) = self.rust.get(&rust) {
            d.push(
                loc,
                format!("{what} `{name}` and `{other}` both become `{rust}` in Rust"),
            );
        } else {
            self.rust.insert(rust, name.to_owned());
        }
    }
}

fn check_param(file: &SpecFile<OperationFile>, at: &str, p: &Parameter, d: &mut Diagnostics) {
    check_shape(file, at, p.ty, p.items.as_deref(), &p.fields, d);
    check_wire_name(file, at, &p.name, p.ty, d);
    match (p.ty, p.style) {
        (TypeName::Array | TypeName::List, None) => d.push(
            file.locate(&format!("{at}.type")),
            format!(
                "request parameter `{}` is an {}: use RepeatList to send `{}.1`, `{}.2`, …, or `style: json` to send the list as JSON text",
                p.name,
                p.ty.as_str(),
                p.name,
                p.name
            ),
        ),
        (t, Some(ParamStyle::Json)) if t.is_scalar() || t == TypeName::RepeatList => d.push(
            file.locate(&format!("{at}.style")),
            format!("`style: json` is for a Struct, Array, Map or Json value, not a {}", t.as_str()),
        ),
        _ => {}
    }
    let value_ty = element_type(p.ty, p.items.as_deref());
    if let Some(example) = &p.example {
        check_scalar(
            file,
            &format!("{at}.example"),
            value_ty,
            example,
            "example",
            d,
        );
    }
    if let Some(c) = &p.constraints {
        check_constraints(file, &format!("{at}.constraints"), value_ty, c, d);
    }
    // Inside a value sent as JSON text, lists are JSON arrays (`Array`).
    let json = p.style.is_some();
    check_request_fields(file, &format!("{at}.fields"), &p.fields, json, d);
    if let Some(items) = p.items.as_deref() {
        check_request_items(file, &format!("{at}.items"), items, json, d);
    }
}

/// A request name travels as one segment of a dotted key (`Tag.1.Key`):
/// a dot inside it would be read as nesting.
fn check_wire_name(
    file: &SpecFile<OperationFile>,
    at: &str,
    name: &str,
    ty: TypeName,
    d: &mut Diagnostics,
) {
    if !name.contains('.') {
        return;
    }
    let stem = name.split('.').next().unwrap_or_default();
    let hint = if ty == TypeName::RepeatList || name.contains(".N") {
        format!(
            "a RepeatList named `{stem}` (its `items` describe one element) is sent as `{stem}.1…`"
        )
    } else {
        format!(
            "a Struct named `{stem}` (its `fields` describe the parts) is sent as `{stem}.Field`"
        )
    };
    d.push(
        file.locate(&format!("{at}.name")),
        format!("request name `{name}` contains a dot: {hint}"),
    );
}

/// The fields of a structure sent flat or as a repeat-list element.
fn check_request_fields(
    file: &SpecFile<OperationFile>,
    at: &str,
    fields: &[Field],
    json: bool,
    d: &mut Diagnostics,
) {
    let mut names = NameSet::default();
    for (i, f) in fields.iter().enumerate() {
        let here = format!("{at}[{i}]");
        names.check(file, &here, &f.name, "field", d);
        check_shape(file, &here, f.ty, f.items.as_deref(), &f.fields, d);
        check_wire_name(file, &here, &f.name, f.ty, d);
        if !json && matches!(f.ty, TypeName::Array | TypeName::List) {
            d.push(
                file.locate(&format!("{here}.type")),
                format!(
                    "a list inside a request structure is a RepeatList (`…{}.1`), not an {}",
                    f.name,
                    f.ty.as_str()
                ),
            );
        }
        let value_ty = element_type(f.ty, f.items.as_deref());
        if let Some(example) = &f.example {
            check_scalar(
                file,
                &format!("{here}.example"),
                value_ty,
                example,
                "example",
                d,
            );
        }
        if let Some(c) = &f.constraints {
            check_constraints(file, &format!("{here}.constraints"), value_ty, c, d);
        }
        check_request_fields(file, &format!("{here}.fields"), &f.fields, json, d);
        if let Some(items) = f.items.as_deref() {
            check_request_items(file, &format!("{here}.items"), items, json, d);
        }
    }
}

fn check_request_items(
    file: &SpecFile<OperationFile>,
    at: &str,
    items: &Items,
    json: bool,
    d: &mut Diagnostics,
) {
    check_shape(file, at, items.ty, items.items.as_deref(), &items.fields, d);
    if !json && matches!(items.ty, TypeName::Array | TypeName::List) {
        d.push(
            file.locate(&format!("{at}.type")),
            format!(
                "a list inside a request list is a RepeatList, not an {}",
                items.ty.as_str()
            ),
        );
    }
    check_request_fields(file, &format!("{at}.fields"), &items.fields, json, d);
    if let Some(inner) = items.items.as_deref() {
        check_request_items(file, &format!("{at}.items"), inner, json, d);
    }
}

/// For a list, the type of one element; otherwise the type itself.
fn element_type(ty: TypeName, items: Option<&Items>) -> TypeName {
    match (ty.is_list(), items) {
        (true, Some(items)) => items.ty,
        _ => ty,
    }
}

/// `renamed_from` (which `codegen diff` reads) must name something that is
/// no longer there: not the entry itself, not another current entry, and
/// not an old name another entry already claims.
fn check_renames(
    file: &SpecFile<OperationFile>,
    at: &str,
    entries: &[(&str, Option<&str>)],
    d: &mut Diagnostics,
) {
    let mut claimed: BTreeMap<&str, &str> = BTreeMap::new();
    for (i, (name, old)) in entries.iter().enumerate() {
        let Some(old) = old else { continue };
        let loc = file.locate(&format!("{at}[{i}].renamed_from"));
        if old == name {
            d.push(loc, format!("`{name}` is renamed from itself"));
        } else if entries.iter().any(|(other, _)| other == old) {
            d.push(
                loc,
                format!("`{name}` is renamed from `{old}`, which is still declared here"),
            );
        } else if let Some(first) = claimed.insert(old, name) {
            d.push(
                loc,
                format!("`{name}` and `{first}` are both renamed from `{old}`"),
            );
        }
    }
}

fn check_fields(file: &SpecFile<OperationFile>, at: &str, fields: &[Field], d: &mut Diagnostics) {
    let renames: Vec<(&str, Option<&str>)> = fields
        .iter()
        .map(|f| (f.name.as_str(), f.renamed_from.as_deref()))
        .collect();
    check_renames(file, at, &renames, d);
    let mut names = NameSet::default();
    for (i, f) in fields.iter().enumerate() {
        let here = format!("{at}[{i}]");
        names.check(file, &here, &f.name, "field", d);
        check_shape(file, &here, f.ty, f.items.as_deref(), &f.fields, d);
        if f.ty == TypeName::RepeatList {
            d.push(
                file.locate(&format!("{here}.type")),
                "RepeatList is a request type; use Array in a response",
            );
        }
        if f.required {
            d.push(
                file.locate(&format!("{here}.required")),
                "response fields are never required: the service omits fields freely",
            );
        }
        if let Some(example) = &f.example {
            check_scalar(
                file,
                &format!("{here}.example"),
                element_type(f.ty, f.items.as_deref()),
                example,
                "example",
                d,
            );
        }
        if let Some(c) = &f.constraints {
            check_constraints(
                file,
                &format!("{here}.constraints"),
                element_type(f.ty, f.items.as_deref()),
                c,
                d,
            );
        }
        check_fields(file, &format!("{here}.fields"), &f.fields, d);
        check_items(file, &format!("{here}.items"), f.items.as_deref(), d);
    }
}

fn check_items(
    file: &SpecFile<OperationFile>,
    at: &str,
    items: Option<&Items>,
    d: &mut Diagnostics,
) {
    let Some(items) = items else { return };
    check_shape(file, at, items.ty, items.items.as_deref(), &items.fields, d);
    check_fields(file, &format!("{at}.fields"), &items.fields, d);
    check_items(file, &format!("{at}.items"), items.items.as_deref(), d);
}

/// `Struct` has fields and nothing else has; lists have items.
fn check_shape(
    file: &SpecFile<OperationFile>,
    at: &str,
    ty: TypeName,
    items: Option<&Items>,
    fields: &[Field],
    d: &mut Diagnostics,
) {
    let t = ty.as_str();
    match (ty == TypeName::Struct, fields.is_empty()) {
        (true, true) => d.push(
            file.locate(&format!("{at}.type")),
            "a Struct needs `fields`",
        ),
        (false, false) => d.push(
            file.locate(&format!("{at}.fields")),
            format!("`fields` given for a {t}, which has none"),
        ),
        _ => {}
    }
    match (ty.is_list(), items.is_some()) {
        (true, false) => d.push(
            file.locate(&format!("{at}.type")),
            format!("a {t} needs `items`"),
        ),
        (false, true) => d.push(
            file.locate(&format!("{at}.items")),
            format!("`items` given for a {t}, which is not a list"),
        ),
        _ => {}
    }
}

/// Whether `value` is a valid value of the scalar type `ty`. Masked
/// examples (`****`) are not values and are accepted only for strings.
pub(crate) fn fits(ty: TypeName, value: &str) -> bool {
    match ty {
        TypeName::Integer => value.trim().parse::<i32>().is_ok(),
        TypeName::Long => value.trim().parse::<i64>().is_ok(),
        TypeName::Float | TypeName::Double => value.trim().parse::<f64>().is_ok(),
        TypeName::Boolean => matches!(value.trim(), "true" | "false"),
        _ => true,
    }
}

/// Whether a JSON value can be a value of `ty` at its own level: `null`
/// (absent) always, anything for `Json`, an object for `Struct` and `Map`,
/// an array or a wrapper object for a list, and for scalars what [`fits`]
/// accepts, as text or as a number; a string takes numbers and booleans,
/// which the service sends for text fields. Nested values are the caller's
/// to check. The one rule for the validator's example check and import's.
pub(crate) fn json_fits(ty: TypeName, value: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (ty, value) {
        (_, J::Null) | (TypeName::Json, _) => true,
        (TypeName::Struct | TypeName::Map, v) => v.is_object(),
        (t, v) if t.is_list() => v.is_array() || v.is_object(),
        (TypeName::String, J::String(_) | J::Number(_) | J::Bool(_)) => true,
        (t, J::String(s)) => t.is_scalar() && fits(t, s),
        (t, J::Number(n)) => t.is_scalar() && fits(t, &n.to_string()),
        (t, J::Bool(_)) => t == TypeName::Boolean,
        _ => false,
    }
}

fn check_scalar(
    file: &SpecFile<OperationFile>,
    at: &str,
    ty: TypeName,
    value: &Scalar,
    what: &str,
    d: &mut Diagnostics,
) {
    if !fits(ty, value.as_str()) {
        d.push(
            file.locate(at),
            format!("{what} `{}` is not a valid {}", value.as_str(), ty.as_str()),
        );
    }
}

fn check_constraints(
    file: &SpecFile<OperationFile>,
    at: &str,
    ty: TypeName,
    c: &Constraints,
    d: &mut Diagnostics,
) {
    let mut seen = Vec::new();
    for (i, v) in c.allowed.iter().enumerate() {
        check_scalar(file, &format!("{at}.enum[{i}]"), ty, v, "allowed value", d);
        if seen.contains(&v) {
            d.push(
                file.locate(&format!("{at}.enum[{i}]")),
                format!("allowed value `{}` is listed twice", v.as_str()),
            );
        }
        seen.push(v);
    }
    if let Some(v) = &c.default {
        check_scalar(file, &format!("{at}.default"), ty, v, "default", d);
    }
    if let (Some(min), Some(max)) = (c.minimum, c.maximum)
        && min > max
    {
        d.push(
            file.locate(&format!("{at}.minimum")),
            format!("minimum {min} is greater than maximum {max}"),
        );
    }
    if let Some(r) = c.count
        && r.min > r.max
    {
        d.push(
            file.locate(&format!("{at}.count")),
            format!("count range {}~{} is empty", r.min, r.max),
        );
    }
}

/// Error entries as the service publishes them: one code may be listed
/// with several statuses or messages, and an operation may repeat a code
/// the service declares for every operation; only an entry listed twice
/// word for word is a mistake. The status is kept as published (the
/// metadata has a `4003`).
fn check_errors<T>(file: &SpecFile<T>, at: &str, errors: &[ErrorCode], d: &mut Diagnostics) {
    let mut seen: BTreeMap<(&str, u16, &str), usize> = BTreeMap::new();
    for (i, e) in errors.iter().enumerate() {
        let loc = file.locate(&format!("{at}[{i}].code"));
        if e.code.is_empty() {
            d.push(loc, "an error needs a code");
            continue;
        }
        if let Some(first) = seen.insert((&e.code, e.http, &e.message), i) {
            d.push(
                loc,
                format!(
                    "error `{}` (HTTP {}) with this message is already listed{}",
                    e.code,
                    e.http,
                    first_at(file, &format!("{at}[{first}].code"))
                ),
            );
        }
        if e.http < 100 {
            d.push(
                file.locate(&format!("{at}[{i}].http")),
                format!("{} is not an HTTP status", e.http),
            );
        }
    }
}
