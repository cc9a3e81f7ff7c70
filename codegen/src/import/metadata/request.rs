//! An api's `parameters` become the spec's request.
//!
//! The metadata writes some structures as several parameters with dotted
//! names (`SystemDisk.Category`, `LaunchConfiguration.Tag`), and some lists
//! element by element (`Filter.1.Key`, `Filter.2.Key`). Spec request names
//! never contain a dot, so these are put together: `A.B` becomes the field
//! `B` of the Struct `A` (joining a `flat` parameter `A` when there is one),
//! `A.1.B` the field `B` of the elements of the RepeatList `A`. Either way
//! the query keys the generated code sends are the ones the metadata names.

use super::Sink;
use super::json::Json;
use super::shape::{self, Side};
use crate::import::ids;
use crate::spec::{Constraints, Field, Items, ParamStyle, Parameter, Range, Text, TypeName};

/// Lists the metadata spells out element by element: root → (highest index, names).
type Enumerated = Vec<(String, u32, Vec<String>)>;

/// The request parameters of the api at `at` (`apis.<Name>`).
pub(crate) fn parameters(api: &Json, at: &str, sink: &mut Sink) -> Vec<Parameter> {
    let mut out: Vec<Parameter> = Vec::new();
    let mut seen: Vec<(&str, usize, &Json)> = Vec::new();
    let mut enumerated: Enumerated = Vec::new();
    let list = api.get("parameters").map(Json::elements).unwrap_or(&[]);
    for (i, p) in list.iter().enumerate() {
        let here = format!("{at}.parameters[{i}]");
        let Some(name) = first_listing(p, i, &here, &mut seen, sink) else {
            continue;
        };
        warn_location(p, name, &here, sink);
        let Some(schema) = p.get("schema") else {
            sink.warn(
                ids::METADATA_PARAM_NO_SCHEMA,
                &here,
                format!("`{name}` has no schema; skipped"),
            );
            continue;
        };
        let (field, json) = described(p, name, schema, &here, sink);
        let segments: Vec<&str> = name.split('.').collect();
        if segments.iter().any(|s| s.is_empty()) {
            sink.warn(
                ids::METADATA_PARAM_NAME_INVALID,
                &here,
                format!("`{name}` is not a parameter name; skipped"),
            );
            continue;
        }
        if segments.len() == 1 {
            let param = parameter(field, json.then_some(ParamStyle::Json));
            add_whole(&mut out, name, param, &here, sink);
            continue;
        }
        let field = if json {
            sent_flat(name, segments[0], schema, &here, sink)
        } else {
            field
        };
        add_part(
            &mut out,
            &mut enumerated,
            name,
            &segments,
            field,
            &here,
            sink,
        );
    }
    count_enumerated(&mut out, enumerated, at, sink);
    distinct_names(&mut out, at, sink);
    out
}

/// The name of the parameter `p` (at `parameters[i]`), when it has one
/// that no parameter listed before it has; otherwise a warning and `None`.
fn first_listing<'a>(
    p: &'a Json,
    i: usize,
    here: &str,
    seen: &mut Vec<(&'a str, usize, &'a Json)>,
    sink: &mut Sink,
) -> Option<&'a str> {
    let Some(name) = p.text("name") else {
        sink.warn(
            ids::METADATA_PARAM_UNNAMED,
            here,
            "a parameter without a name; skipped",
        );
        return None;
    };
    if let Some((_, j, first)) = seen.iter().find(|(n, ..)| *n == name) {
        let how = if *first == p {
            "identically"
        } else {
            "with different facts"
        };
        sink.warn(
            ids::METADATA_PARAM_DUPLICATE,
            here,
            format!(
                "`{name}` is listed twice ({how}; first at parameters[{j}]); the first is kept"
            ),
        );
        return None;
    }
    seen.push((name, i, p));
    Some(name)
}

/// Warns when the parameter `name` is not sent where RPC parameters are:
/// in the query string.
fn warn_location(p: &Json, name: &str, here: &str, sink: &mut Sink) {
    match p.text("in") {
        None | Some("query") => {}
        Some(place @ ("body" | "formData")) => sink.warn(ids::METADATA_PARAM_IN_BODY,
            here,
            format!(
                "`{name}` is in the {place}: the official SDKs send it in the request body, this runtime sends RPC parameters in the query string"
            ),
        ),
        Some(other) => sink.warn(ids::METADATA_PARAM_LOCATION,
            here,
            format!("`{name}` is in the {other}, which RPC does not use; imported as a query parameter"),
        ),
    }
}

/// The field the parameter `name` describes with `schema`, and whether it
/// is sent as JSON text; a `style` that does not fit the type is reported.
fn described(p: &Json, name: &str, schema: &Json, here: &str, sink: &mut Sink) -> (Field, bool) {
    let style = p.text("style");
    let ty = schema.text("type").unwrap_or_default();
    warn_style(style, ty, name, here, sink);
    let json = style == Some("json") && matches!(ty, "array" | "object");
    let side = if json { Side::Json } else { Side::Flat };
    let schema_at = format!("{here}.schema");
    let mut field = shape::field(name, schema, side, &schema_at, sink);
    if json {
        // A JSON text's parts are never required (check_fields), the parameter may be.
        field.required = shape::required(schema, sink);
    }
    (field, json)
}

/// Warns when the parameter `name`'s `style` does not fit its schema's type `ty`.
fn warn_style(style: Option<&str>, ty: &str, name: &str, here: &str, sink: &mut Sink) {
    match (style, ty) {
        (Some("repeatList"), "array")
        | (Some("flat" | "json"), "array" | "object")
        | (None, "string" | "integer" | "number" | "boolean") => {}
        (None, "array" | "object") => sink.warn(
            ids::METADATA_PARAM_NO_STYLE,
            here,
            format!(
                "`{name}` is an {ty} without a `style`; sent flat (`{name}.1`, `{name}.Field`)"
            ),
        ),
        (Some(s), t) => sink.warn(
            ids::METADATA_PARAM_STYLE_MISMATCH,
            here,
            format!(
                "`{name}` has style `{s}`, which does not fit its type `{t}`; the style is ignored"
            ),
        ),
        (None, _) => {}
    }
}

/// Adds `param`, the parameter `name` (without a dot), to `out`.
fn add_whole(out: &mut Vec<Parameter>, name: &str, param: Parameter, here: &str, sink: &mut Sink) {
    match out.iter().position(|q| q.name == name) {
        // Made from dotted names listed before it (`DataDisk.1.Size`
        // before `DataDisk`): the parameter's own facts win.
        Some(pos) => {
            let made = std::mem::replace(&mut out[pos], param);
            absorb(&mut out[pos], made, here, sink);
        }
        None => out.push(param),
    }
}

/// The field of the parameter `name`, a part of `root` that the metadata
/// says is sent as JSON text, read again to be sent flat (with a warning).
fn sent_flat(name: &str, root: &str, schema: &Json, here: &str, sink: &mut Sink) -> Field {
    sink.warn(
        ids::METADATA_PARAM_PART_JSON,
        here,
        format!("`{name}` is a part of `{root}` but is sent as JSON text; sent flat instead"),
    );
    let schema_at = format!("{here}.schema");
    shape::field(name, schema, Side::Flat, &schema_at, sink)
}

/// Adds `field`, the parameter `name` (its `segments` joined by dots), to
/// the parameter `segments[0]`, noting the lists named element by element.
fn add_part(
    out: &mut Vec<Parameter>,
    enumerated: &mut Enumerated,
    name: &str,
    segments: &[&str],
    field: Field,
    here: &str,
    sink: &mut Sink,
) {
    let index = segments.iter().skip(1).find_map(|s| s.parse::<u32>().ok());
    match insert(out, segments, field) {
        Ok(()) => {}
        Err(Refused::Duplicate) if index.is_some() => {}
        Err(Refused::Duplicate) => sink.warn(
            ids::METADATA_PARAM_DUPLICATE,
            here,
            format!(
                "`{name}` is already described as a part of `{}`; the first is kept",
                segments[0]
            ),
        ),
        Err(Refused::Conflict(why)) => sink.warn(
            ids::METADATA_PARAM_PART_CONFLICT,
            here,
            format!(
                "`{name}` cannot be a part of `{}`: {why}; skipped",
                segments[0]
            ),
        ),
    }
    if let Some(n) = index {
        match enumerated.iter_mut().find(|(r, ..)| r == segments[0]) {
            Some((_, max, names)) => {
                *max = (*max).max(n);
                names.push(name.to_owned());
            }
            None => enumerated.push((segments[0].to_owned(), n, vec![name.to_owned()])),
        }
    }
}

/// Gives each list named element by element its element count (when more
/// than one element is named) and reports it.
fn count_enumerated(out: &mut [Parameter], enumerated: Enumerated, at: &str, sink: &mut Sink) {
    for (root, max, names) in enumerated {
        // Only element 1 named (`AddGroup.1`) says nothing about how many.
        if let Some(p) = out.iter_mut().find(|p| p.name == root)
            && p.ty == TypeName::RepeatList
            && max > 1
        {
            let c = p.constraints.get_or_insert_with(Constraints::default);
            if c.count.is_none() {
                c.count = Some(Range { min: 1, max });
            }
        }
        sink.warn(ids::METADATA_LIST_NUMBERED,
            &format!("{at}.parameters"),
            format!(
                "{} name the elements of the list `{root}` one by one (up to {root}.{max}): imported as the RepeatList `{root}` with each field described once",
                names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ),
        );
    }
}

/// Makes the names of the parameters, and of the fields in each, distinct.
fn distinct_names(out: &mut Vec<Parameter>, at: &str, sink: &mut Sink) {
    shape::distinct(out, |p| p.name.as_str(), &format!("{at}.parameters"), sink);
    for p in out {
        let here = format!("{at}.parameters.{}", p.name);
        shape::distinct_fields(&mut p.fields, &here, sink);
        let mut items = p.items.as_deref_mut();
        while let Some(el) = items {
            shape::distinct_fields(&mut el.fields, &here, sink);
            items = el.items.as_deref_mut();
        }
    }
}

/// Adds to `real` the parts that dotted names listed before it gave the
/// parameter of the same name.
fn absorb(real: &mut Parameter, made: Parameter, at: &str, sink: &mut Sink) {
    fn merge(into: &mut Vec<Field>, from: Vec<Field>) {
        for f in from {
            if !into.iter().any(|g| g.name == f.name) {
                into.push(f);
            }
        }
    }
    real.required |= made.required;
    match (real.ty, real.style, real.items.as_deref_mut(), made.items) {
        (TypeName::Struct, None, _, _) if made.ty == TypeName::Struct => merge(&mut real.fields, made.fields),
        (TypeName::RepeatList, None, Some(r), Some(m))
            if r.ty == TypeName::Struct && m.ty == TypeName::Struct =>
        {
            merge(&mut r.fields, m.fields)
        }
        (TypeName::RepeatList, None, Some(r), Some(m)) if r.ty == m.ty => {}
        _ => sink.warn(ids::METADATA_PARAM_PART_CONFLICT,
            at,
            format!(
                "`{}` is a {}, which the dotted names listed before it do not fit; they are dropped",
                real.name,
                real.ty.as_str()
            ),
        ),
    }
}

fn parameter(f: Field, style: Option<ParamStyle>) -> Parameter {
    Parameter {
        name: f.name,
        renamed_from: None,
        ty: f.ty,
        style,
        required: f.required,
        example: f.example,
        description: f.description,
        constraints: f.constraints,
        items: f.items,
        fields: f.fields,
    }
}

/// Why a dotted parameter could not join its structure.
enum Refused {
    /// That part is described already.
    Duplicate,
    /// The structure is not one this part fits into.
    Conflict(String),
}

fn is_index(segment: &str) -> bool {
    !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit())
}

/// A structure or list made up from dotted names, before its parts join it.
fn container(name: &str, list: bool) -> Field {
    Field {
        name: name.to_owned(),
        renamed_from: None,
        ty: if list {
            TypeName::RepeatList
        } else {
            TypeName::Struct
        },
        required: false,
        example: None,
        description: Text::default(),
        constraints: None,
        items: None,
        fields: Vec::new(),
    }
}

/// Puts `leaf` (the parameter named `segments` joined by dots) into the
/// parameter `segments[0]`, making that parameter if there is none yet.
fn insert(out: &mut Vec<Parameter>, segments: &[&str], leaf: Field) -> Result<(), Refused> {
    let root = segments[0];
    let made = !out.iter().any(|p| p.name == root);
    if made {
        out.push(parameter(container(root, is_index(segments[1])), None));
    }
    let Some(p) = out.iter_mut().find(|p| p.name == root) else {
        return Err(Refused::Conflict("no such parameter".into()));
    };
    let required = leaf.required;
    let result = if p.style.is_some() {
        Err(Refused::Conflict(format!("`{root}` is sent as JSON text")))
    } else {
        put(&mut p.ty, &mut p.fields, &mut p.items, &segments[1..], leaf)
    };
    match result {
        Ok(()) => {
            p.required |= required;
            Ok(())
        }
        Err(e) => {
            if made {
                out.retain(|p| p.name != root);
            }
            Err(e)
        }
    }
}

/// Puts `leaf` at `rest` inside a value of type `ty` with `fields` / `items`.
fn put(
    ty: &mut TypeName,
    fields: &mut Vec<Field>,
    items: &mut Option<Box<Items>>,
    rest: &[&str],
    mut leaf: Field,
) -> Result<(), Refused> {
    let segment = rest[0];
    if is_index(segment) {
        if *ty != TypeName::RepeatList {
            return Err(Refused::Conflict(format!(
                "it is a {}, not a list",
                ty.as_str()
            )));
        }
        if rest.len() == 1 {
            if items.is_some() {
                return Err(Refused::Duplicate);
            }
            *items = Some(Box::new(Items {
                ty: leaf.ty,
                name: None,
                fields: leaf.fields,
                items: leaf.items,
            }));
            return Ok(());
        }
        let el = items.get_or_insert_with(|| {
            Box::new(Items {
                ty: TypeName::Struct,
                name: None,
                fields: Vec::new(),
                items: None,
            })
        });
        return put(&mut el.ty, &mut el.fields, &mut el.items, &rest[1..], leaf);
    }
    if *ty != TypeName::Struct {
        return Err(Refused::Conflict(format!(
            "it is a {}, not a structure",
            ty.as_str()
        )));
    }
    let at = fields.iter().position(|f| f.name == segment);
    if rest.len() == 1 {
        if at.is_some() {
            return Err(Refused::Duplicate);
        }
        leaf.name = segment.to_owned();
        fields.push(leaf);
        return Ok(());
    }
    let at = match at {
        Some(at) => at,
        None => {
            fields.push(container(segment, is_index(rest[1])));
            fields.len() - 1
        }
    };
    let required = leaf.required;
    let f = &mut fields[at];
    let result = put(&mut f.ty, &mut f.fields, &mut f.items, &rest[1..], leaf);
    if result.is_ok() {
        f.required |= required;
    }
    if f.ty == TypeName::Struct && f.fields.is_empty() || f.ty.is_list() && f.items.is_none() {
        fields.remove(at);
    }
    result
}
