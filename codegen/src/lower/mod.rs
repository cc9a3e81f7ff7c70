//! Stage 3, lower: a validated spec becomes the IR. Names are decided here
//! (through [`crate::naming`]), docs are composed here; the emitter only
//! prints.

mod shapes;

use crate::ir::{self, Docs, RustType};
use crate::naming::{self, CATCH_ALL_VARIANT, COMMON_VARIANT, Scope};
use crate::spec::{self, Constraints, Field, Items, LoadedSpec, OperationFile, Shape, TypeName};
use shapes::{Drafts, Interner, Place, Side};

/// Lowers a validated spec. `label` names the spec in the generated header.
pub fn lower(spec: &LoadedSpec, label: &str, fingerprint: &str) -> ir::Service {
    let service = &spec.service.value;
    let mut interner = Interner::default();
    let mut lowered: Vec<_> = spec
        .operations
        .iter()
        .map(|op| lower_operation(&op.value, service, &mut interner))
        .collect();
    lowered.sort_by(|(a, _), (b, _)| a.action.cmp(&b.action));
    let (mut operations, locals): (Vec<_>, Vec<_>) = lowered.into_iter().unzip();
    let shared = shapes::share(&mut operations, &locals, &interner);

    let mut docs = Docs::new();
    if let Some(title) = &service.title {
        docs.extend(text_lines(title));
        docs.push(String::new());
    }
    docs.push(format!(
        "API version `{}` of product `{}`.",
        service.version, service.product
    ));
    ir::Service {
        product: service.product.clone(),
        version: service.version.clone(),
        docs,
        endpoint_pattern: service.endpoints.pattern.clone(),
        central_endpoint: service.endpoints.central.clone(),
        regional_endpoints: service
            .endpoints
            .regional
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        operations,
        common_errors: lower_common_errors(&service.errors),
        shared,
        source: ir::Source {
            label: label.to_owned(),
            fingerprint: fingerprint.to_owned(),
        },
    }
}

/// English first (most Rust readers), then the original Chinese; a text
/// that is the same in both (a plain string in the spec) once.
fn text_lines(text: &spec::Text) -> Docs {
    let mut out = Docs::new();
    for (_, t) in text.distinct() {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(t.lines().map(str::to_owned));
    }
    out
}

fn lower_operation(
    op: &OperationFile,
    service: &spec::ServiceFile,
    interner: &mut Interner,
) -> (ir::Operation, Vec<shapes::Local>) {
    let [request_name, response_name, error_name] = naming::operation_type_names(&op.name);
    let mut drafts = Drafts::default();

    let docs = operation_docs(op);

    let (request, request_structs, value_sets) = lower_request(op, request_name, &mut drafts);
    let mut structs = Vec::new();
    let response = ir::Struct {
        name: response_name.clone(),
        path: "response".to_owned(),
        definition: ir::Definition::Local,
        docs: vec![format!("The response of `{}`.", op.name)],
        fields: lower_fields(
            &op.response,
            &Place::top(Side::Response),
            &mut drafts,
            &mut structs,
        ),
    };

    let mut lowered = ir::Operation {
        paginator: None,
        action: op.name.clone(),
        fn_name: naming::field_name(&op.name),
        summary: op
            .summary
            .en
            .clone()
            .or_else(|| op.summary.zh.clone())
            .unwrap_or_default(),
        docs,
        method: match op.method.unwrap_or(service.default_method) {
            spec::Method::Get => ir::Method::Get,
            spec::Method::Post => ir::Method::Post,
        },
        kind: op.kind,
        idempotency_token: op.idempotency_token.clone(),
        request,
        request_structs,
        response,
        structs,
        value_sets,
        error: lower_error(error_name, &op.errors, &service.errors),
    };
    let locals = drafts.finish(&mut lowered, interner);
    lowered.paginator = op.pagination.as_ref().and_then(|p| {
        lower_paginator(
            op,
            p,
            &lowered.request.params,
            &lowered.response,
            &lowered.structs,
        )
    });
    (lowered, locals)
}

/// The request of `op`, the structures its parameters hold and the value
/// sets of their documented values, under provisional names (`drafts`).
fn lower_request(
    op: &OperationFile,
    name: String,
    drafts: &mut Drafts,
) -> (ir::Request, Vec<ir::RequestStruct>, Vec<ir::ValueSet>) {
    // Shapes get provisional names here; `Drafts::finish` names them.
    let mut shapes = RequestShapes {
        drafts,
        structs: Vec::new(),
        value_sets: Vec::new(),
    };
    let top = Place::top(Side::Request);
    // The one place that decides which parameter is the region: the client
    // fills it, so it is never a constructor argument.
    let region = op
        .request
        .iter()
        .position(is_region)
        .map(|index| ir::RegionParam {
            index,
            required: op.request[index].required,
        });
    let params: Vec<ir::Param> = op
        .request
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let spec_param = SpecParam {
                typed: Typed {
                    name: &p.name,
                    shape: Shape::of_param(p),
                },
                required: p.required,
                region: region.is_some_and(|r| r.index == i),
                json: p.style == Some(spec::ParamStyle::Json),
                example: p.example.as_ref(),
                description: &p.description,
                constraints: p.constraints.as_ref(),
            };
            shapes.param(&spec_param, &top)
        })
        .collect();
    let mut params = with_method_names(params);
    if let Some(token) = &op.idempotency_token
        && let Some(param) = params.iter_mut().find(|p| &p.wire == token)
    {
        param.docs.extend(idempotency_token_docs(param.required));
    }
    let RequestShapes {
        structs: request_structs,
        value_sets,
        ..
    } = shapes;

    let request = ir::Request {
        name,
        docs: vec![format!("The parameters of `{}`.", op.name)],
        params,
        region,
    };
    (request, request_structs, value_sets)
}

/// An operation's documentation: summary, the rest of the description,
/// the documents' notes as quotes, the API Explorer link.
fn operation_docs(op: &OperationFile) -> Docs {
    let mut docs = text_lines(&op.summary);
    if let Some(d) = &op.description {
        // The description usually starts with the summary: show only the rest.
        let rest = spec::Text {
            zh: remainder(d.zh.as_deref(), op.summary.zh.as_deref()),
            en: remainder(d.en.as_deref(), op.summary.en.as_deref()),
        };
        let lines = text_lines(&rest);
        if !lines.is_empty() {
            docs.push(String::new());
            docs.extend(lines);
        }
    }
    for note in &op.notes {
        docs.push(String::new());
        docs.extend(
            text_lines(note)
                .into_iter()
                .map(|l| format!("> {l}").trim_end().to_owned()),
        );
    }
    if let Some(link) = &op.explorer {
        docs.push(String::new());
        docs.push(format!("[Try it in OpenAPI Explorer](<{link}>)"));
    }

    docs
}

/// The name of the parameter the client fills with its region, in any
/// case: five ECS operations (the automatic snapshot policies') send
/// `regionId`.
const REGION_ID: &str = "RegionId";

/// Whether a top-level request parameter is the region, which the client
/// fills and which is therefore never a constructor argument: a text
/// `RegionId` (in any case) sent as itself. The one definition, for the
/// generated code and for `codegen diff`.
pub(crate) fn is_region(p: &spec::Parameter) -> bool {
    p.name.eq_ignore_ascii_case(REGION_ID) && p.ty == TypeName::String && p.style.is_none()
}

/// What the client does with an idempotency token, said on its field.
fn idempotency_token_docs(required: bool) -> Vec<String> {
    let lines: &[&str] = if required {
        &[
            "",
            "**Idempotency token.** The service runs requests with the same value once,",
            "so the client sends your value on every retry of a call, and retries it",
            "after 5xx and timeouts too (see `acs_runtime::retry`). Use a fresh value,",
            "e.g. a UUID, for each request you mean to be new.",
        ]
    } else {
        &[
            "",
            "**Idempotency token.** Left unset, the client fills it with a fresh random",
            "UUID once per call, and every retry of that call sends the same value, so",
            "the service runs a retried call once. A value you set is sent as is, never",
            "replaced (reuse it to make a later call the same request). The call is",
            "therefore retried after 5xx and timeouts too (see `acs_runtime::retry`).",
        ]
    };
    lines.iter().map(|l| (*l).to_owned()).collect()
}

/// The paginator of a validated `pagination` entry, in Rust names.
fn lower_paginator(
    op: &OperationFile,
    p: &spec::Pagination,
    params: &[ir::Param],
    response: &ir::Struct,
    structs: &[ir::Struct],
) -> Option<ir::Paginator> {
    let resolved = spec::pagination::resolve(op, p).ok()?;
    let param = |wire: &str| params.iter().find(|q| q.wire == wire);
    // Walk the lowered response along the wire path.
    let mut current = response;
    let mut items = Vec::new();
    let mut item = None;
    for (i, f) in resolved.items.iter().enumerate() {
        let field = current.fields.iter().find(|x| x.wire == f.name)?;
        items.push(field.rust.clone());
        match &field.ty {
            RustType::Struct(name) if i + 1 < resolved.items.len() => {
                current = structs.iter().find(|s| &s.name == name)?;
            }
            RustType::Vec(inner) => item = Some((**inner).clone()),
            _ => return None,
        }
    }
    let page_number = resolved
        .page_number
        .and_then(|q| param(&q.name))
        .map(|q| (q.rust.clone(), q.ty.clone()));
    let total = resolved.total.and_then(|t| {
        let f = response.fields.iter().find(|x| x.wire == t.name)?;
        Some((f.rust.clone(), f.ty.clone()))
    });
    let next_token = resolved.next_token.and_then(|t| {
        let request = param(&t.name)?;
        let field = response.fields.iter().find(|x| x.wire == t.name)?;
        Some((request.rust.clone(), field.rust.clone()))
    });
    Some(ir::Paginator {
        style: p.style,
        items,
        item: item?,
        page_number,
        total,
        next_token,
    })
}

/// The operation's own codes (each once, in spec order; codes the service
/// declares for every operation are matched by `CommonError` instead).
fn lower_error(
    name: String,
    errors: &[spec::ErrorCode],
    common: &[spec::ErrorCode],
) -> ir::ErrorType {
    let mut own: Vec<&str> = Vec::new();
    for e in errors {
        if !common.iter().any(|c| c.code == e.code) && !own.contains(&e.code.as_str()) {
            own.push(&e.code);
        }
    }
    // The common codes take part in the naming, so that an operation's
    // `Invalid.Parameter` is not named like the common `InvalidParameter`.
    let mut all = own.clone();
    all.extend(common.iter().map(|c| c.code.as_str()));
    let mut names = naming::error_variant_names(&all, &[COMMON_VARIANT, CATCH_ALL_VARIANT]);
    names.truncate(own.len());
    let variants = own
        .iter()
        .zip(names)
        .map(|(code, name)| error_variant(code, name, errors))
        .collect();
    ir::ErrorType {
        name,
        common: COMMON_VARIANT.to_owned(),
        catch_all: CATCH_ALL_VARIANT.to_owned(),
        variants,
    }
}

/// The service's common codes, for the crate's `CommonError`.
pub(crate) fn lower_common_errors(common: &[spec::ErrorCode]) -> Vec<ir::ErrorVariant> {
    let mut codes: Vec<&str> = Vec::new();
    for e in common {
        if !codes.contains(&e.code.as_str()) {
            codes.push(&e.code);
        }
    }
    let names = naming::error_variant_names(&codes, &[CATCH_ALL_VARIANT]);
    codes
        .iter()
        .zip(names)
        .map(|(code, name)| error_variant(code, name, common))
        .collect()
}

/// One variant, documented with every (status, message) the code is
/// published with.
fn error_variant(code: &str, name: String, entries: &[spec::ErrorCode]) -> ir::ErrorVariant {
    let mut docs = vec![format!("`{code}`")];
    for e in entries.iter().filter(|e| e.code == code) {
        docs.push(String::new());
        docs.push(format!("- HTTP {}: {}", e.http, e.message));
        if let Some(d) = &e.description {
            docs.extend(
                text_lines(d)
                    .into_iter()
                    .map(|l| if l.is_empty() { l } else { format!("  {l}") }),
            );
        }
    }
    ir::ErrorVariant {
        name,
        code: code.to_owned(),
        docs,
    }
}

/// The spec facts of a request parameter or of a field of a request
/// structure, which lower alike.
struct SpecParam<'a> {
    /// Its name and shape.
    typed: Typed<'a>,
    required: bool,
    /// The operation's `RegionId` ([`ir::RegionParam`]): lowered optional
    /// whatever `required` says, since the client fills it.
    region: bool,
    json: bool,
    example: Option<&'a spec::Scalar>,
    description: &'a spec::Text,
    constraints: Option<&'a Constraints>,
}

impl<'a> SpecParam<'a> {
    fn of_field(f: &'a Field) -> Self {
        SpecParam {
            typed: Typed::of_field(f),
            required: f.required,
            region: false,
            json: false,
            example: f.example.as_ref(),
            description: &f.description,
            constraints: f.constraints.as_ref(),
        }
    }
}

/// The spec facts that decide a value's Rust type: its shape, and the name
/// its type is named after.
#[derive(Clone, Copy)]
struct Typed<'a> {
    name: &'a str,
    shape: Shape<'a>,
}

impl<'a> Typed<'a> {
    fn of_field(f: &'a Field) -> Self {
        Typed {
            name: &f.name,
            shape: Shape::of_field(f),
        }
    }

    /// A list's element, named `name`.
    fn element(name: &'a str, items: &'a Items) -> Self {
        Typed {
            name,
            shape: Shape::of_items(items),
        }
    }
}

/// Lowers the request side of one operation: parameters, the structures
/// they hold and the value sets of their documented values.
struct RequestShapes<'s> {
    drafts: &'s mut Drafts,
    structs: Vec<ir::RequestStruct>,
    value_sets: Vec<ir::ValueSet>,
}

impl RequestShapes<'_> {
    fn param(&mut self, p: &SpecParam<'_>, parent: &Place) -> ir::Param {
        let mut docs = text_lines(p.description);
        let requirement = match (p.region, p.required) {
            (true, true) => Some(
                "Required by the service; when not set, the client's region \
                 (`acs_runtime::Config::region`) is sent.",
            ),
            (true, false) => Some(
                "When not set, the client's region (`acs_runtime::Config::region`) \
                 is sent, if it has one.",
            ),
            (false, true) => Some("Required."),
            (false, false) => None,
        };
        let name = p.typed.name;
        push_facts(&mut docs, requirement, p.example, p.constraints, name);
        let allowed: Vec<&str> = p
            .constraints
            .iter()
            .flat_map(|c| c.allowed.iter().map(|v| v.as_str()))
            .collect();
        let place = parent.at(name);
        let ty = self.value_type(p.typed, &allowed, &docs, &place);
        let rust = naming::field_name(name);
        ir::Param {
            setter: rust.clone(),
            set_all: rust.clone(),
            rust,
            wire: name.to_owned(),
            documented_type: p.typed.shape.ty,
            ty,
            required: p.required && !p.region,
            encoding: if p.json || matches!(p.typed.shape.ty, TypeName::Json | TypeName::Map) {
                ir::Encoding::Json
            } else {
                ir::Encoding::Plain
            },
            docs,
        }
    }

    fn value_type(
        &mut self,
        typed: Typed<'_>,
        allowed: &[&str],
        docs: &Docs,
        place: &Place,
    ) -> RustType {
        let name = typed.name;
        match typed.shape.ty {
            TypeName::Struct => {
                let base = naming::type_name(name);
                let struct_name = self.drafts.add(base.clone(), place);
                let slot = self.structs.len();
                self.structs.push(ir::RequestStruct {
                    name: struct_name.clone(),
                    path: place.path.clone(),
                    definition: ir::Definition::Local,
                    docs: docs.clone(),
                    params: Vec::new(),
                });
                let inside = place.inside(&base);
                let params: Vec<ir::Param> = typed
                    .shape
                    .fields
                    .iter()
                    .map(|f| self.param(&SpecParam::of_field(f), &inside))
                    .collect();
                self.structs[slot].params = with_method_names(params);
                RustType::Struct(struct_name)
            }
            t if t.is_list() => {
                let Some(items) = typed.shape.items else {
                    return RustType::Vec(Box::new(RustType::String));
                };
                let element_docs = element_docs(name);
                // A request's element is named after its list (`Tag.N`).
                let inner =
                    self.value_type(Typed::element(name, items), allowed, &element_docs, place);
                RustType::Vec(Box::new(inner))
            }
            TypeName::String if !allowed.is_empty() => {
                let set_name = self.drafts.add(naming::type_name(name), place);
                self.value_sets.push(ir::ValueSet {
                    name: set_name.clone(),
                    path: place.path.clone(),
                    definition: ir::Definition::Local,
                    docs: values_docs(Some(name)),
                    values: {
                        // Values that differ only in case or punctuation
                        // (`Finished`, `FINISHED`) must not share a constant.
                        let mut consts = Scope::default();
                        allowed
                            .iter()
                            .map(|v| (consts.claim(&naming::const_name(v)), (*v).to_owned()))
                            .collect()
                    },
                });
                RustType::ValueSet(set_name)
            }
            t => scalar_type(t),
        }
    }
}

/// Names the setters of one request type's parameters: `x(value)` sets an
/// optional value or appends to a list, `set_x(values)` replaces a list.
/// Names are unique within the type (`new` is the constructor's).
fn with_method_names(mut params: Vec<ir::Param>) -> Vec<ir::Param> {
    let mut methods = Scope::with_reserved(&["new"]);
    for p in params.iter_mut().filter(|p| !p.required) {
        p.setter = methods.claim(&naming::setter_name(&p.rust));
    }
    for p in params.iter_mut().filter(|p| !p.required && p.is_list()) {
        p.set_all = methods.claim(&naming::method_name(&format!("set_{}", p.rust)));
    }
    params
}

fn remainder(description: Option<&str>, summary: Option<&str>) -> Option<String> {
    let description = description?;
    let rest = match summary {
        Some(s) => description.strip_prefix(s).unwrap_or(description),
        None => description,
    };
    let rest = rest.trim();
    (!rest.is_empty()).then(|| rest.to_owned())
}

fn scalar_type(ty: TypeName) -> RustType {
    match ty {
        TypeName::Integer => RustType::I32,
        TypeName::Long => RustType::I64,
        TypeName::Float => RustType::F32,
        TypeName::Double => RustType::F64,
        TypeName::Boolean => RustType::Bool,
        TypeName::Json => RustType::Json,
        TypeName::Map => RustType::Map,
        _ => RustType::String,
    }
}

fn lower_fields(
    fields: &[Field],
    parent: &Place,
    drafts: &mut Drafts,
    structs: &mut Vec<ir::Struct>,
) -> Vec<ir::StructField> {
    fields
        .iter()
        .map(|f| {
            let mut docs = text_lines(&f.description);
            push_facts(
                &mut docs,
                None,
                f.example.as_ref(),
                f.constraints.as_ref(),
                &f.name,
            );
            let list =
                f.ty.is_list()
                    .then(|| match f.items.as_deref().and_then(|i| i.name.clone()) {
                        Some(element) => ir::ListWire::Wrapped { element },
                        None => ir::ListWire::Bare,
                    });
            ir::StructField {
                rust: naming::field_name(&f.name),
                wire: f.name.clone(),
                ty: field_type(
                    Typed::of_field(f),
                    &docs,
                    &parent.at(&f.name),
                    drafts,
                    structs,
                ),
                list,
                docs,
            }
        })
        .collect()
}

fn field_type(
    typed: Typed<'_>,
    docs: &Docs,
    place: &Place,
    drafts: &mut Drafts,
    structs: &mut Vec<ir::Struct>,
) -> RustType {
    let name = typed.name;
    match typed.shape.ty {
        TypeName::Struct => {
            let base = naming::type_name(name);
            let struct_name = drafts.add(base.clone(), place);
            // Reserve the slot first so parents precede children in output.
            let slot = structs.len();
            structs.push(ir::Struct {
                name: struct_name.clone(),
                path: place.path.clone(),
                definition: ir::Definition::Local,
                docs: docs.clone(),
                fields: Vec::new(),
            });
            let lowered = lower_fields(typed.shape.fields, &place.inside(&base), drafts, structs);
            structs[slot].fields = lowered;
            RustType::Struct(struct_name)
        }
        t if t.is_list() => {
            let Some(items) = typed.shape.items else {
                return RustType::Vec(Box::new(RustType::String));
            };
            // A response's element is named after its wrapper's element
            // name (`Zones.Zone`), a bare list's after the list.
            let item_name = items.name.as_deref().unwrap_or(name);
            let item_docs = element_docs(name);
            let item_place = match &items.name {
                Some(element) => place.at(element),
                None => place.clone(),
            };
            let inner = field_type(
                Typed::element(item_name, items),
                &item_docs,
                &item_place,
                drafts,
                structs,
            );
            RustType::Vec(Box::new(inner))
        }
        t => scalar_type(t),
    }
}

/// The description of a list's element, which the documents never give.
fn element_docs(list: &str) -> Docs {
    vec![format!("An element of `{list}`.")]
}

/// The description of a value set: of the parameter `param`, or of no one
/// parameter (a shared one whose parameters have different names).
fn values_docs(param: Option<&str>) -> Docs {
    let what = param.map_or_else(|| "Values".to_owned(), |p| format!("Values of `{p}`"));
    vec![
        format!("{what}: the documented ones as constants; any other string is accepted too,"),
        "since the service adds values over time.".to_owned(),
    ]
}

/// If `description` is one lowering wrote itself ([`element_docs`],
/// [`values_docs`]), the same without the list's or parameter's name, for a
/// shape that several lists or parameters share.
pub(super) fn unnamed(description: &[String]) -> Option<Docs> {
    let named = |prefix: &str, suffix: &str| {
        description.first().and_then(|l| {
            let name = l.strip_prefix(prefix)?.strip_suffix(suffix)?;
            (!name.contains('`')).then_some(name)
        })
    };
    if description.len() == 1 && named("An element of `", "`.").is_some() {
        return Some(vec!["An element of a list.".to_owned()]);
    }
    let name = named(
        "Values of `",
        "`: the documented ones as constants; any other string is accepted too,",
    )?;
    (description == values_docs(Some(name))).then(|| values_docs(None))
}

/// The first of the facts [`push_facts`] appends, which every shape's and
/// field's documentation has.
const WIRE_NAME_FACT: &str = "Wire name: ";

/// Documentation split into its description and the facts [`push_facts`]
/// appended (none for a list's element, which has only a description).
pub(super) fn split_facts(docs: &[String]) -> (&[String], &[String]) {
    let start = docs
        .iter()
        .position(|l| {
            l.strip_prefix("- ")
                .is_some_and(|l| l.starts_with(WIRE_NAME_FACT))
        })
        .unwrap_or(docs.len());
    let mut end = start;
    while end > 0 && docs[end - 1].trim().is_empty() {
        end -= 1;
    }
    (&docs[..end], &docs[start..])
}

/// Appends what a reader needs besides the description: requiredness
/// (`requirement`, the sentence that says it), the example and the
/// constraints.
fn push_facts(
    docs: &mut Docs,
    requirement: Option<&str>,
    example: Option<&spec::Scalar>,
    c: Option<&Constraints>,
    wire: &str,
) {
    let mut facts = Vec::new();
    facts.push(format!("{WIRE_NAME_FACT}`{wire}`."));
    if let Some(requirement) = requirement {
        facts.push(requirement.to_owned());
    }
    if let Some(e) = example {
        facts.push(format!("Example: `{}`.", e.as_str()));
    }
    if let Some(c) = c {
        if !c.allowed.is_empty() {
            let list: Vec<String> = c
                .allowed
                .iter()
                .map(|v| format!("`{}`", v.as_str()))
                .collect();
            facts.push(format!("Documented values: {}.", list.join(", ")));
        }
        match (c.minimum, c.maximum) {
            (Some(min), Some(max)) => facts.push(format!("Range: {min} to {max}.")),
            (Some(min), None) => facts.push(format!("Minimum: {min}.")),
            (None, Some(max)) => facts.push(format!("Maximum: {max}.")),
            (None, None) => {}
        }
        if let Some(n) = c.max_length {
            facts.push(format!("Maximum length: {n}."));
        }
        if let Some(d) = &c.default {
            facts.push(format!("Default: `{}`.", d.as_str()));
        }
        if let Some(r) = c.count {
            facts.push(format!("Between {} and {} values.", r.min, r.max));
        }
        if let Some(t) = &c.text {
            // Prose the description already says word for word (as imported
            // specs' is) is not repeated; other prose is one fact, its lines
            // indented so that lists inside it stay inside the bullet.
            let said = |line: &str| docs.iter().any(|d| d.contains(line.trim()));
            for text in [&t.en, &t.zh].into_iter().flatten() {
                if text.lines().filter(|l| !l.trim().is_empty()).all(said) {
                    continue;
                }
                let mut lines = text.lines();
                let mut fact = lines.next().unwrap_or_default().to_owned();
                for line in lines {
                    fact.push('\n');
                    if !line.trim().is_empty() {
                        fact.push_str("  ");
                        fact.push_str(line);
                    }
                }
                facts.push(fact);
            }
        }
    }
    if !docs.is_empty() {
        docs.push(String::new());
    }
    for f in facts {
        let mut lines = f.lines();
        docs.push(format!("- {}", lines.next().unwrap_or_default()));
        docs.extend(lines.map(str::to_owned));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Text;

    fn facts(description: &[&str], text: Text) -> Docs {
        let mut docs: Docs = description.iter().map(|s| (*s).to_owned()).collect();
        let c = Constraints {
            text: Some(text),
            ..Constraints::default()
        };
        push_facts(&mut docs, None, None, Some(&c), "X");
        docs[description.len()..].to_vec()
    }

    #[test]
    fn prose_constraints_the_description_says_are_not_repeated() {
        let said = Text {
            zh: Some("默认值：空。".into()),
            en: Some("Default value:\n-   a\n-   b".into()),
        };
        let docs = facts(
            &[
                "Default value:",
                "",
                "-   a",
                "-   b",
                "",
                "名称。默认值：空。",
            ],
            said,
        );
        assert_eq!(docs, ["", "- Wire name: `X`."]);
        let mut bare = Docs::new();
        push_facts(&mut bare, None, None, None, "X");
        assert_eq!(
            bare,
            ["- Wire name: `X`."],
            "no blank line above the facts alone"
        );
        let (description, facts) = split_facts(&bare);
        assert!(description.is_empty());
        assert_eq!(facts, bare);
    }

    #[test]
    fn descriptions_lowering_writes_are_known_by_their_form() {
        assert_eq!(
            unnamed(&values_docs(Some("RegionId"))),
            Some(values_docs(None))
        );
        assert_eq!(
            unnamed(&element_docs("Tags")),
            Some(vec!["An element of a list.".to_owned()])
        );
        let written = ["An element of `Tags`.".to_owned(), "With more.".to_owned()];
        assert_eq!(unnamed(&written), None);
        assert_eq!(unnamed(&["The tags.".to_owned()]), None);
    }

    #[test]
    fn other_prose_is_one_fact_with_its_lines_indented() {
        let text = Text {
            zh: None,
            en: Some("Default value:\n\n-   a\n-   b".into()),
        };
        let docs = facts(&["The name."], text);
        assert_eq!(
            docs,
            [
                "",
                "- Wire name: `X`.",
                "- Default value:",
                "",
                "  -   a",
                "  -   b"
            ]
        );
    }
}
