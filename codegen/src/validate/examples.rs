//! The documents' JSON and XML examples must fit the declared response:
//! every key is a declared field, structs are objects, lists are lists and
//! scalars fit their type (numbers may be written as strings, as the
//! documents do). Declared fields missing from an example are fine.
//!
//! A mismatch is a warning: the example is what the publisher printed, and
//! generation does not depend on it; the corpus checks list and count them.

use super::{fits, json_fits};
use crate::diag::Diagnostics;
use crate::spec::{Field, OperationFile, Shape, SpecFile, Text, TypeName};
use crate::xml::{Element, parse_xml};

pub(super) fn check(file: &SpecFile<OperationFile>, d: &mut Diagnostics) {
    let op = &file.value;
    for (lang, text) in languages(op.examples.json.as_ref()) {
        let at = format!("examples.json.{lang}");
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(map)) => {
                let mut problems = Vec::new();
                json_fields(&op.response, &map, "", &mut problems);
                for p in problems {
                    d.warn(
                        file.locate(&at),
                        format!("the JSON example ({lang}) does not match the response: {p}"),
                    );
                }
            }
            Ok(_) => d.warn(
                file.locate(&at),
                format!("the JSON example ({lang}) is not a JSON object"),
            ),
            Err(e) => d.warn(
                file.locate(&at),
                format!("the JSON example ({lang}) is not valid JSON: {e}"),
            ),
        }
    }
    for (lang, text) in languages(op.examples.xml.as_ref()) {
        let at = format!("examples.xml.{lang}");
        match parse_xml(text) {
            Ok(root) => {
                let expected = format!("{}Response", op.name);
                if root.name != expected {
                    // The runtime reads any `<…Response>` root as the
                    // operation's (acs_runtime::response, check_xml_root).
                    let sdk = match root.name.strip_suffix("Response") {
                        Some(other) if !other.is_empty() => "which the SDK reads as its response",
                        _ => "which the SDK refuses as no response document",
                    };
                    d.warn(
                        file.locate(&at),
                        format!(
                            "the XML example ({lang}) has root element <{}>, expected <{expected}>, {sdk}",
                            root.name
                        ),
                    );
                }
                let mut problems = Vec::new();
                xml_children(&op.response, &root, "", &mut problems);
                for p in problems {
                    d.warn(
                        file.locate(&at),
                        format!("the XML example ({lang}) does not match the response: {p}"),
                    );
                }
            }
            Err(e) => d.warn(
                file.locate(&at),
                format!("the XML example ({lang}) is not valid XML: {e}"),
            ),
        }
    }
}

fn languages(text: Option<&Text>) -> Vec<(&'static str, &str)> {
    let mut out = Vec::new();
    if let Some(text) = text {
        if let Some(zh) = &text.zh {
            out.push(("zh", zh.as_str()));
        }
        // A plain string in the spec is both languages: check it once.
        if let Some(en) = &text.en
            && text.zh.as_ref() != Some(en)
        {
            out.push(("en", en.as_str()));
        }
    }
    out
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn json_fields(
    fields: &[Field],
    map: &serde_json::Map<String, serde_json::Value>,
    path: &str,
    problems: &mut Vec<String>,
) {
    for (key, value) in map {
        let here = join(path, key);
        match fields.iter().find(|f| &f.name == key) {
            Some(f) => json_value(Shape::of_field(f), value, &here, problems),
            None => problems.push(format!("`{here}` is not a declared field")),
        }
    }
}

fn json_value(shape: Shape<'_>, value: &serde_json::Value, path: &str, problems: &mut Vec<String>) {
    use serde_json::Value as J;
    let t = shape.ty.as_str();
    match (shape.ty, value) {
        (TypeName::Struct, J::Object(map)) => json_fields(shape.fields, map, path, problems),
        (ty, J::Array(elements)) if ty.is_list() => {
            if let Some(items) = shape.items {
                for (i, e) in elements.iter().enumerate() {
                    json_value(Shape::of_items(items), e, &format!("{path}[{i}]"), problems);
                }
            }
        }
        // The wrapper object ECS puts around lists: `{"Instance": [...]}`,
        // one element without the array, or empty (`{}`).
        (ty, J::Object(map)) if ty.is_list() => {
            let Some(items) = shape.items else { return };
            for (k, v) in map {
                if items.name.as_deref() != Some(k.as_str()) {
                    let declared = match &items.name {
                        Some(n) => format!("declares the element `{n}`"),
                        None => "declares a bare list".to_owned(),
                    };
                    problems.push(format!(
                        "`{path}` wraps its elements in `{k}`, but the response {declared}"
                    ));
                    continue;
                }
                match v {
                    J::Array(elements) => {
                        for (i, e) in elements.iter().enumerate() {
                            json_value(
                                Shape::of_items(items),
                                e,
                                &format!("{path}.{k}[{i}]"),
                                problems,
                            );
                        }
                    }
                    one => json_value(
                        Shape::of_items(items),
                        one,
                        &format!("{path}.{k}"),
                        problems,
                    ),
                }
            }
        }
        (ty, v) if json_fits(ty, v) => {}
        (ty, J::String(s)) if ty.is_scalar() => {
            problems.push(format!("`{path}` is \"{s}\", not a valid {t}"));
        }
        (ty, J::Number(n)) if ty.is_scalar() => {
            problems.push(format!("`{path}` is {n}, not a valid {t}"));
        }
        (_, other) => problems.push(format!(
            "`{path}` is {}, but the response declares a {t}",
            json_kind(other)
        )),
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn xml_children(fields: &[Field], parent: &Element, path: &str, problems: &mut Vec<String>) {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for child in &parent.children {
        match counts.iter_mut().find(|(n, _)| *n == child.name) {
            Some((_, c)) => *c += 1,
            None => counts.push((&child.name, 1)),
        }
    }
    for (name, count) in counts {
        let here = join(path, name);
        let Some(f) = fields.iter().find(|f| f.name == name) else {
            problems.push(format!("<{here}> is not a declared field"));
            continue;
        };
        let shape = Shape::of_field(f);
        let elements: Vec<&Element> = parent.children.iter().filter(|c| c.name == name).collect();
        if shape.ty.is_list() {
            let Some(items) = shape.items else { continue };
            // Either the list element repeats (<Tags>…</Tags><Tags>…</Tags>) or
            // it wraps items named after the element type (<Tags><Tag>…</Tag></Tags>).
            let wrapped = count == 1
                && !elements[0].children.is_empty()
                && items.name.is_some()
                && elements[0]
                    .children
                    .iter()
                    .all(|c| Some(c.name.as_str()) == items.name.as_deref());
            if !wrapped
                && let Some(element) = &items.name
                && !(count == 1
                    && elements[0].children.is_empty()
                    && elements[0].text.trim().is_empty())
            {
                // The response declares the wrapper the service sends
                // (`<Zones><Zone>…</Zone></Zones>`); an example without it
                // contradicts the declaration (and the JSON example).
                problems.push(format!(
                    "<{here}> does not wrap its elements in <{element}>, as the response declares"
                ));
                continue;
            }
            let list: Vec<&Element> = if wrapped {
                elements[0].children.iter().collect()
            } else {
                elements
            };
            for (i, e) in list.iter().enumerate() {
                xml_value(Shape::of_items(items), e, &format!("{here}[{i}]"), problems);
            }
        } else if count > 1 {
            problems.push(format!(
                "<{here}> appears {count} times, but the response declares a {}",
                f.ty.as_str()
            ));
        } else {
            xml_value(shape, elements[0], &here, problems);
        }
    }
}

fn xml_value(shape: Shape<'_>, el: &Element, path: &str, problems: &mut Vec<String>) {
    let t = shape.ty.as_str();
    match shape.ty {
        TypeName::Struct => xml_children(shape.fields, el, path, problems),
        TypeName::Json | TypeName::Map => {}
        ty if ty.is_scalar() => {
            if !el.children.is_empty() {
                problems.push(format!(
                    "<{path}> has child elements, but the response declares a {t}"
                ));
            } else if !el.text.trim().is_empty() && !fits(ty, &el.text) {
                problems.push(format!(
                    "<{path}> is \"{}\", not a valid {t}",
                    el.text.trim()
                ));
            }
        }
        _ => {
            // A list nested directly in a list: elements named after the item.
            if let Some(items) = shape.items {
                for (i, c) in el.children.iter().enumerate() {
                    xml_value(Shape::of_items(items), c, &format!("{path}[{i}]"), problems);
                }
            }
        }
    }
}
