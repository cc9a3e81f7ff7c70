//! Round trip, over the whole ECS API: a random response of a random
//! operation, in the service's shape (list wrappers, nesting, scalars of
//! the documented types), sent as JSON and as XML, parses through the
//! generated types (the real parse path, `acs_ecs::OPERATIONS`) into the
//! same value; the typed value serializes to what was sent (with each list
//! an array, not in its wrapper object: the typed shape) and that JSON
//! parses back to the same typed value.
//!
//! The values come from the spec's response fields: `String` over all of
//! Unicode that XML can carry, numbers over their whole type's range,
//! lists of one to three elements with or without a wrapper element.
//! What XML cannot say apart is left out of the comparison, and said here:
//! a blank string or an empty structure is an empty element (`null`), so
//! strings are never blank and empty structures are dropped on both sides.

use std::sync::OnceLock;

use codegen::spec::{Field, Items, OperationFile, TypeName};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{Map, Number, Value};

fn operations() -> &'static [OperationFile] {
    static OPS: OnceLock<Vec<OperationFile>> = OnceLock::new();
    OPS.get_or_init(|| {
        let spec = codegen::spec::load_dir(std::path::Path::new("../spec")).expect("spec loads");
        spec.operations
            .into_iter()
            .map(|f| f.value)
            .filter(|op| !op.response.is_empty())
            .collect()
    })
}

/// Text a service could send in XML: no control characters but tab and
/// newline, not blank.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        "[^\\p{Cc}\u{FFFE}\u{FFFF}]{1,12}",
        "[-+*~ %/=&?#.!'()<>\"_a-z0-9中é😀]{1,12}",
        "[0-9]{1,20}",
        Just("true".to_owned()),
    ]
    .prop_filter("not blank", |s| !s.trim().is_empty())
    .boxed()
}

fn number(n: impl Into<Number>) -> Value {
    Value::Number(n.into())
}

fn scalar(ty: &TypeName) -> Option<BoxedStrategy<Value>> {
    Some(match ty {
        TypeName::String => text().prop_map(Value::String).boxed(),
        TypeName::Integer => any::<i32>().prop_map(number).boxed(),
        TypeName::Long => any::<i64>().prop_map(number).boxed(),
        TypeName::Boolean => any::<bool>().prop_map(Value::Bool).boxed(),
        // Quarters: exact in f32 and f64, so both print the same digits.
        TypeName::Float => any::<i16>()
            .prop_map(|q| Value::from(f64::from(q) / 4.0))
            .boxed(),
        TypeName::Double => any::<f64>()
            .prop_filter("finite", |d| d.is_finite())
            .prop_map(Value::from)
            .boxed(),
        _ => return None,
    })
}

/// A value of a list's element.
fn element(items: &Items) -> Option<BoxedStrategy<Value>> {
    match items.ty {
        TypeName::Struct => object(&items.fields),
        TypeName::Array | TypeName::List | TypeName::RepeatList => {
            let inner = items.items.as_deref()?;
            list(inner)
        }
        ref ty => scalar(ty),
    }
}

/// A list of one to three elements, in its wrapper object when it has one.
fn list(items: &Items) -> Option<BoxedStrategy<Value>> {
    let elements = prop::collection::vec(element(items)?, 1..4).prop_map(Value::Array);
    Some(match &items.name {
        Some(wrapper) => {
            let wrapper = wrapper.clone();
            elements
                .prop_map(move |a| Value::Object(Map::from_iter([(wrapper.clone(), a)])))
                .boxed()
        }
        None => elements.boxed(),
    })
}

fn value(field: &Field) -> Option<BoxedStrategy<Value>> {
    match field.ty {
        TypeName::Struct => object(&field.fields),
        TypeName::Array | TypeName::List | TypeName::RepeatList => list(field.items.as_deref()?),
        // Any JSON, or a map: no shape of the service's to follow.
        TypeName::Json | TypeName::Map => None,
        ref ty => scalar(ty),
    }
}

/// An object with each of `fields` present or not.
fn object(fields: &[Field]) -> Option<BoxedStrategy<Value>> {
    if fields.is_empty() {
        return None;
    }
    let entries: Vec<_> = fields
        .iter()
        .filter_map(|f| {
            let name = f.name.clone();
            Some(prop::option::weighted(0.7, value(f)?).prop_map(move |v| (name.clone(), v)))
        })
        .collect();
    Some(
        entries
            .prop_map(|entries| {
                Value::Object(
                    entries
                        .into_iter()
                        .filter_map(|(name, v)| v.map(|v| (name, v)))
                        .collect(),
                )
            })
            .boxed(),
    )
}

/// An operation and a response of it.
fn response() -> impl Strategy<Value = (usize, Value)> {
    (0..operations().len()).prop_flat_map(|i| {
        let body = object(&operations()[i].response)
            .unwrap_or_else(|| Just(Value::Object(Map::new())).boxed());
        body.prop_map(move |v| (i, v))
    })
}

/// `value` (an object of `fields`, in the service's shape) as the typed
/// response serializes it: a list is an array, never in its wrapper object.
fn natural(fields: &[Field], value: &Value) -> Value {
    let Value::Object(map) = value else {
        return value.clone();
    };
    Value::Object(
        map.iter()
            .map(|(k, v)| {
                let v = match fields.iter().find(|f| &f.name == k) {
                    Some(f) if f.ty == TypeName::Struct => natural(&f.fields, v),
                    Some(f) => match f.items.as_deref() {
                        Some(items) => natural_list(items, v),
                        None => v.clone(),
                    },
                    None => v.clone(),
                };
                (k.clone(), v)
            })
            .collect(),
    )
}

fn natural_list(items: &Items, value: &Value) -> Value {
    let elements = match (&items.name, value) {
        (Some(wrapper), Value::Object(map)) => map.get(wrapper).cloned().unwrap_or_default(),
        _ => value.clone(),
    };
    match elements {
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|e| match (&items.ty, items.items.as_deref()) {
                    (TypeName::Struct, _) => natural(&items.fields, e),
                    (_, Some(inner)) => natural_list(inner, e),
                    _ => e.clone(),
                })
                .collect(),
        ),
        other => other,
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `value` as the element `name`: an array is the element repeated.
fn xml(name: &str, value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| xml(name, v, out)),
        Value::Object(map) => {
            out.push_str(&format!("<{name}>"));
            for (k, v) in map {
                xml(k, v, out);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::String(s) => out.push_str(&format!("<{name}>{}</{name}>", escape(s))),
        Value::Null => {}
        other => out.push_str(&format!("<{name}>{other}</{name}>")),
    }
}

fn parse(action: &str, body: String, content_type: &str) -> Result<Value, TestCaseError> {
    let op = acs_ecs::OPERATIONS
        .iter()
        .find(|op| op.action == action)
        .ok_or_else(|| TestCaseError::fail(format!("no operation {action}")))?;
    let response = http::Response::builder()
        .status(200)
        .header("content-type", content_type)
        .body(bytes::Bytes::from(body))
        .expect("a response");
    (op.parse)(&response).map_err(|e| TestCaseError::fail(format!("{content_type}: {e}")))
}

/// Scalars as text (XML has no other kind); nulls, empty objects and empty
/// lists dropped (XML cannot tell them from absent).
fn normalize(v: &Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::Object(m) => {
            let m: Map<String, Value> = m
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), normalize(v)?)))
                .collect();
            (!m.is_empty()).then_some(Value::Object(m))
        }
        Value::Array(a) => {
            let a: Vec<Value> = a.iter().filter_map(normalize).collect();
            (!a.is_empty()).then_some(Value::Array(a))
        }
        Value::Number(n) => Some(Value::String(n.to_string())),
        Value::Bool(b) => Some(Value::String(b.to_string())),
        Value::String(s) => Some(Value::String(s.clone())),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn responses_round_trip_in_json_and_xml((i, sent) in response()) {
        let op = &operations()[i];
        let action = &op.name;
        let from_json = parse(action, sent.to_string(), "application/json")?;
        prop_assert_eq!(
            normalize(&from_json),
            normalize(&natural(&op.response, &sent)),
            "{} (JSON)",
            action
        );
        // The typed value's own JSON parses back to itself.
        let again = parse(action, from_json.to_string(), "application/json")?;
        prop_assert_eq!(&again, &from_json, "{} (typed JSON)", action);

        let mut body = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        xml(&format!("{action}Response"), &sent, &mut body);
        let from_xml = parse(action, body.clone(), "text/xml")?;
        prop_assert_eq!(
            normalize(&from_xml),
            normalize(&from_json),
            "{} (XML): {}",
            action,
            body
        );
    }
}
