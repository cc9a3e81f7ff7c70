//! One schema of the metadata (a parameter's, a property's, a list's
//! element) becomes a spec [`Field`]: its type, nesting, constraints,
//! example and description.
//!
//! Where a value travels decides the list type: a list sent flat
//! (`Name.1.Field`, the metadata's `repeatList` and `flat` styles) is a
//! `RepeatList`; a list inside a JSON text (`style: json`) or a response is
//! an `Array`. In a response, an object whose one property is a list is the
//! list's wrapper (`{"Zones":{"Zone":[…]}}`): the field is that list, with
//! the property's name as `items.name`.

use super::Sink;
use super::json::{Json, integer};
use crate::import::ids;
use crate::spec::{Constraints, Field, Items, Range, Scalar, Text, TypeName};
use crate::validate::fits;

/// Where a value travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// A request value sent as query parameters (`Name`, `Name.Field`, `Name.1`).
    Flat,
    /// A request value sent as one JSON text.
    Json,
    /// A response value.
    Response,
}

/// The spec type of a scalar JSON-Schema type; `None` for arrays, objects
/// and unknown types.
pub(crate) fn scalar_type(ty: &str, format: Option<&str>) -> Option<TypeName> {
    Some(match (ty, format) {
        ("string", _) => TypeName::String,
        ("boolean", _) => TypeName::Boolean,
        ("integer", Some("int32")) => TypeName::Integer,
        // int64, and integers without a format (none in the published
        // metadata): a 64-bit integer never truncates what the service sends.
        ("integer", _) => TypeName::Long,
        ("number", Some("float")) => TypeName::Float,
        ("number", _) => TypeName::Double,
        _ => return None,
    })
}

/// The description of a schema, as Chinese text.
pub(crate) fn description(schema: &Json) -> Text {
    Text {
        zh: schema.text("description").and_then(clean_text),
        en: None,
    }
}

/// Metadata text as the spec keeps it: `<props="china">…</props>` blocks
/// (text for the China site) are unwrapped, blocks for other sites
/// (`intl`, `partner`) are dropped, since `zh` is the China site's
/// document; everything else, markdown and `~~123~~` document links
/// included, is kept. Blank results are `None`.
pub(crate) fn clean_text(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<props=") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            out.push_str(after);
            rest = "";
            break;
        };
        let site = after[7..open_end].trim_matches(['"', '\'', ' ']);
        let body = &after[open_end + 1..];
        let (inner, next) = match body.find("</props>") {
            Some(close) => (&body[..close], &body[close + 8..]),
            None => (body, ""),
        };
        if site == "china" {
            out.push_str(inner.trim_matches('\n'));
        }
        rest = next;
    }
    out.push_str(rest);
    // Dropped blocks leave runs of blank lines behind.
    let mut squeezed = String::new();
    let mut blank = 0;
    for line in out.lines() {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !squeezed.is_empty() {
            squeezed.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        squeezed.push_str(line.trim_end());
    }
    (!squeezed.is_empty()).then_some(squeezed)
}

/// Converts one schema into a field named `name`. `at` is the schema's
/// JSON path, for findings.
pub(crate) fn field(name: &str, schema: &Json, side: Side, at: &str, sink: &mut Sink) -> Field {
    let ty_text = schema.text("type").unwrap_or_default();
    let format = schema.text("format");
    let mut f = Field {
        name: name.to_owned(),
        renamed_from: None,
        ty: TypeName::String,
        required: side == Side::Flat && required(schema, sink),
        example: None,
        description: description(schema),
        constraints: None,
        items: None,
        fields: Vec::new(),
    };
    // The schema whose scalar facts (example, enum, bounds) apply to the values.
    let element = match ty_text {
        "array" => make_list(&mut f, schema, side, at, sink),
        "object" => {
            let props = schema.get("properties").map(Json::entries).unwrap_or(&[]);
            if let Some((inner, list)) = wrapped_list(props, side) {
                return make_wrapper(f, inner, list, side, at, sink);
            }
            make_object(&mut f, props, side, at, sink);
            schema
        }
        other => {
            f.ty = scalar_or_string(other, format, at, sink);
            schema
        }
    };
    let value_ty = match f.items.as_deref() {
        Some(items) if f.ty.is_list() => items.ty,
        _ => f.ty,
    };
    f.example =
        example(element, value_ty, at, sink).or_else(|| example(schema, value_ty, at, sink));
    f.constraints = constraints(schema, element, f.ty, value_ty, at, sink);
    f
}

/// Makes `f` the list `schema` describes (a list of String when it has no
/// `items`) and returns the schema of its values.
fn make_list<'a>(
    f: &mut Field,
    schema: &'a Json,
    side: Side,
    at: &str,
    sink: &mut Sink,
) -> &'a Json {
    match schema.get("items") {
        Some(items) => {
            let (el, inner) = self::items(items, side, &format!("{at}.items"), sink);
            f.ty = if side == Side::Flat {
                TypeName::RepeatList
            } else {
                TypeName::Array
            };
            f.items = Some(Box::new(el));
            inner
        }
        None => {
            sink.warn(
                ids::METADATA_SCHEMA_NO_ITEMS,
                at,
                "a list without `items`; imported as a list of String",
            );
            f.ty = list_type(side);
            f.items = Some(Box::new(scalar_items(TypeName::String)));
            schema
        }
    }
}

/// The name and schema of the list that an object's properties wrap: in a
/// response, an object whose one property is a list.
fn wrapped_list(props: &[(String, Json)], side: Side) -> Option<(&str, &Json)> {
    match (props, side) {
        ([(inner, list)], Side::Response) if list.text("type") == Some("array") => {
            Some((inner.as_str(), list))
        }
        _ => None,
    }
}

/// Makes `f`, a list's wrapper, that list: its type, its items (named
/// `inner`) and its facts.
fn make_wrapper(
    mut f: Field,
    inner: &str,
    list: &Json,
    side: Side,
    at: &str,
    sink: &mut Sink,
) -> Field {
    let inner_at = format!("{at}.properties.{inner}");
    let wrapped = self::field(inner, list, side, &inner_at, sink);
    f.ty = wrapped.ty;
    f.items = wrapped.items.map(|mut items| {
        items.name = Some(inner.to_owned());
        items
    });
    if f.description.zh.is_none() {
        f.description = wrapped.description;
    }
    f.example = wrapped.example;
    f.constraints = wrapped.constraints;
    f
}

/// Makes `f` a structure of `props`, or Json when there are none.
fn make_object(f: &mut Field, props: &[(String, Json)], side: Side, at: &str, sink: &mut Sink) {
    match (props, side) {
        ([], Side::Flat) => {
            sink.warn(
                ids::METADATA_OBJECT_NO_PROPERTIES,
                at,
                "an object without `properties` sent flat: imported as Json (sent as JSON text)",
            );
            f.ty = TypeName::Json;
        }
        ([], _) => f.ty = TypeName::Json,
        _ => {
            f.ty = TypeName::Struct;
            f.fields = props
                .iter()
                .map(|(k, v)| self::field(k, v, side, &format!("{at}.properties.{k}"), sink))
                .collect();
        }
    }
}

/// The spec type of the scalar type `ty`, or String (with a finding) when
/// it is missing or unknown.
fn scalar_or_string(ty: &str, format: Option<&str>, at: &str, sink: &mut Sink) -> TypeName {
    match scalar_type(ty, format) {
        Some(t) => t,
        None => {
            let what = if ty.is_empty() {
                "no `type`".to_owned()
            } else {
                format!("type `{ty}`")
            };
            sink.warn(
                ids::METADATA_SCHEMA_NO_TYPE,
                at,
                format!("{what}; imported as String"),
            );
            TypeName::String
        }
    }
}

/// Whether a request value must be sent: `required`, or `docRequired`
/// (the documents' "required" column). Some products never set
/// `required` (RAM: no parameter has it; 78 have `docRequired`), and where
/// both are set they agree but for a handful; every parameter that only
/// `docRequired` makes required is counted for one finding per file.
pub(crate) fn required(schema: &Json, sink: &mut Sink) -> bool {
    let required = schema.flag("required") == Some(true);
    let documented = schema.flag("docRequired") == Some(true);
    if documented && !required {
        sink.doc_required += 1;
    }
    required || documented
}

fn list_type(side: Side) -> TypeName {
    if side == Side::Flat {
        TypeName::RepeatList
    } else {
        TypeName::Array
    }
}

fn scalar_items(ty: TypeName) -> Items {
    Items {
        ty,
        name: None,
        fields: Vec::new(),
        items: None,
    }
}

/// A list's element, and the schema whose scalar facts describe it.
fn items<'a>(schema: &'a Json, side: Side, at: &str, sink: &mut Sink) -> (Items, &'a Json) {
    let el = field("", schema, side, at, sink);
    let inner = match schema.get("items") {
        Some(inner) if schema.text("type") == Some("array") => inner,
        _ => schema,
    };
    (
        Items {
            ty: el.ty,
            name: None,
            fields: el.fields,
            items: el.items,
        },
        inner,
    )
}

fn example(schema: &Json, ty: TypeName, at: &str, sink: &mut Sink) -> Option<Scalar> {
    let mut text = schema.get("example")?.scalar_text()?;
    // `null` is the publisher's placeholder for "no example".
    if text.trim().is_empty() || text.trim() == "null" {
        return None;
    }
    // A list's example written as the whole list (`[1,2,3]`): its first element.
    if text.trim_start().starts_with('[')
        && let Ok(Json::Array(values)) = Json::parse(&text)
        && let Some(first) = values.first().and_then(Json::scalar_text)
    {
        text = first;
    }
    if !fits(ty, &text) {
        sink.warn(
            ids::METADATA_EXAMPLE_INVALID,
            at,
            format!("example `{text}` is not a valid {}; dropped", ty.as_str()),
        );
        return None;
    }
    Some(Scalar(text))
}

/// The constraints of a schema: the values' (`element`'s) allowed values,
/// bounds, length and default, and the list's (`schema`'s) size.
fn constraints(
    schema: &Json,
    element: &Json,
    ty: TypeName,
    value_ty: TypeName,
    at: &str,
    sink: &mut Sink,
) -> Option<Constraints> {
    let allowed = allowed_values(element, value_ty, at, sink);
    let (minimum, maximum) = bounds(element, at, sink);
    let max_length = element
        .get("maxLength")
        .and_then(integer)
        .and_then(|n| u64::try_from(n).ok());
    let default = default_value(element, value_ty, at, sink);
    let count = list_size(schema, ty, at, sink);
    let c = Constraints {
        allowed,
        minimum,
        maximum,
        max_length,
        default,
        count,
        ..Constraints::default()
    };
    (c != Constraints::default()).then_some(c)
}

/// The `enum` values that are scalars of type `value_ty`, each once; the
/// others are dropped with a finding.
fn allowed_values(element: &Json, value_ty: TypeName, at: &str, sink: &mut Sink) -> Vec<Scalar> {
    let mut allowed: Vec<Scalar> = Vec::new();
    for v in element.get("enum").map(Json::elements).unwrap_or(&[]) {
        let Some(text) = v.scalar_text() else {
            sink.warn(
                ids::METADATA_ENUM_INVALID,
                at,
                format!("enum value {} is not a scalar; dropped", v.to_text()),
            );
            continue;
        };
        if !fits(value_ty, &text) {
            sink.warn(
                ids::METADATA_ENUM_INVALID,
                at,
                format!(
                    "enum value `{text}` is not a valid {}; dropped",
                    value_ty.as_str()
                ),
            );
        } else if allowed.iter().any(|a| a.0 == text) {
            sink.warn(
                ids::METADATA_ENUM_INVALID,
                at,
                format!("enum value `{text}` is listed twice; kept once"),
            );
        } else {
            allowed.push(Scalar(text));
        }
    }
    allowed
}

/// The integer `minimum` and `maximum`; one that is not an integer, or
/// both when the minimum is the greater, is dropped with a finding.
fn bounds(element: &Json, at: &str, sink: &mut Sink) -> (Option<i64>, Option<i64>) {
    let bound = |key: &str, sink: &mut Sink| -> Option<i64> {
        let v = element.get(key)?;
        let n = integer(v);
        if n.is_none() {
            sink.warn(
                ids::METADATA_CONSTRAINT_INVALID,
                at,
                format!("`{key}` {} is not an integer; dropped", v.to_text()),
            );
        }
        n
    };
    let minimum = bound("minimum", sink);
    let maximum = bound("maximum", sink);
    if let (Some(min), Some(max)) = (minimum, maximum)
        && min > max
    {
        sink.warn(
            ids::METADATA_CONSTRAINT_INVALID,
            at,
            format!("minimum {min} is greater than maximum {max}; both dropped"),
        );
        return (None, None);
    }
    (minimum, maximum)
}

/// The `default`, if it is a value of type `value_ty` (else dropped with a
/// finding) and not blank.
fn default_value(element: &Json, value_ty: TypeName, at: &str, sink: &mut Sink) -> Option<Scalar> {
    let text = element.get("default").and_then(Json::scalar_text)?;
    if text.trim().is_empty() {
        return None;
    }
    if fits(value_ty, &text) {
        return Some(Scalar(text));
    }
    sink.warn(
        ids::METADATA_CONSTRAINT_INVALID,
        at,
        format!(
            "default `{text}` is not a valid {}; dropped",
            value_ty.as_str()
        ),
    );
    None
}

/// The list size from `minItems` (1 when absent) and `maxItems`, if the
/// value is a list and they make a range; else dropped with a finding.
fn list_size(schema: &Json, ty: TypeName, at: &str, sink: &mut Sink) -> Option<Range> {
    let max = schema.get("maxItems").and_then(integer)?;
    let min = schema.get("minItems").and_then(integer).unwrap_or(1);
    match (ty.is_list(), u32::try_from(min), u32::try_from(max)) {
        (true, Ok(min), Ok(max)) if min <= max => return Some(Range { min, max }),
        (true, ..) => sink.warn(
            ids::METADATA_CONSTRAINT_INVALID,
            at,
            format!("list size {min}~{max} is not a range; dropped"),
        ),
        (false, ..) => sink.warn(
            ids::METADATA_CONSTRAINT_INVALID,
            at,
            "`maxItems` on a value that is not a list; dropped",
        ),
    }
    None
}

/// Keeps one of each set of names that become the same Rust name
/// (`key` and `Key`, both published for a tag's key): the metadata's
/// PascalCase name, else the first. The others are dropped, with a finding.
pub(crate) fn distinct<T>(list: &mut Vec<T>, name: impl Fn(&T) -> &str, at: &str, sink: &mut Sink) {
    let rust: Vec<String> = list
        .iter()
        .map(|x| crate::naming::field_name(name(x)))
        .collect();
    let mut drop = vec![false; list.len()];
    for i in 0..list.len() {
        for j in i + 1..list.len() {
            if drop[i] || drop[j] || rust[i] != rust[j] || name(&list[i]) == name(&list[j]) {
                continue;
            }
            let upper = |k: usize| name(&list[k]).starts_with(|c: char| c.is_ascii_uppercase());
            let loser = if upper(j) && !upper(i) { i } else { j };
            let winner = i + j - loser;
            drop[loser] = true;
            sink.warn(
                ids::METADATA_CASE_COLLISION,
                at,
                format!(
                    "`{}` and `{}` become the same Rust name `{}`; `{}` is dropped",
                    name(&list[winner]),
                    name(&list[loser]),
                    rust[i],
                    name(&list[loser])
                ),
            );
        }
    }
    let mut k = 0;
    list.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// [`distinct`] over fields, and the fields of their fields and elements.
pub(crate) fn distinct_fields(fields: &mut Vec<Field>, at: &str, sink: &mut Sink) {
    distinct(fields, |f| f.name.as_str(), at, sink);
    for f in fields {
        let here = format!("{at}.{}", f.name);
        distinct_fields(&mut f.fields, &here, sink);
        let mut items = f.items.as_deref_mut();
        while let Some(el) = items {
            distinct_fields(&mut el.fields, &here, sink);
            items = el.items.as_deref_mut();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn china_blocks_are_kept_and_other_sites_dropped() {
        let text = "取值：\n\n<props=\"china\">\n- Week。\n\n</props>\n\n<props=\"intl\">Month。</props>\n\n默认值：1。";
        assert_eq!(
            clean_text(text).unwrap(),
            "取值：\n\n- Week。\n\n默认值：1。"
        );
        assert_eq!(clean_text("<props=\"intl\">x</props>"), None);
        assert_eq!(
            clean_text("见[文档](~~25609~~)。").unwrap(),
            "见[文档](~~25609~~)。"
        );
    }

    #[test]
    fn scalar_types_follow_the_format() {
        assert_eq!(
            scalar_type("integer", Some("int32")),
            Some(TypeName::Integer)
        );
        assert_eq!(scalar_type("integer", Some("int64")), Some(TypeName::Long));
        assert_eq!(scalar_type("integer", None), Some(TypeName::Long));
        assert_eq!(scalar_type("number", Some("float")), Some(TypeName::Float));
        assert_eq!(
            scalar_type("number", Some("double")),
            Some(TypeName::Double)
        );
        assert_eq!(scalar_type("object", None), None);
    }
}
