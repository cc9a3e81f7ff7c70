//! The documents' JSON and XML examples (as transcribed in `spec/`) parse
//! into the generated types, every field has the documented value, and a
//! typed response serializes back to JSON equal to the example.

use std::path::Path;

use acs_ecs::delete_activation::DeleteActivationResponse;
use acs_ecs::deregister_managed_instance::DeregisterManagedInstanceResponse;
use acs_runtime::tree::{FromTree, ToTree, TreeError, Value};
use codegen::spec::{Field, OperationFile, TypeName};

fn operation(name: &str) -> OperationFile {
    let spec = codegen::spec::load_dir(Path::new("../spec")).expect("spec loads");
    spec.operations
        .into_iter()
        .map(|f| f.value)
        .find(|o| o.name == name)
        .expect("operation in spec")
}

fn examples(op: &OperationFile) -> (String, String) {
    let json = op
        .examples
        .json
        .as_ref()
        .and_then(|t| t.zh.clone())
        .expect("JSON example");
    let xml = op
        .examples
        .xml
        .as_ref()
        .and_then(|t| t.zh.clone())
        .expect("XML example");
    (json, xml)
}

/// Scalars as text, so `"2"` and `2` compare equal ("numbers normalized").
fn normalize(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), normalize(v))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(normalize).collect()),
        Value::Number(n) => Value::String(n.to_string()),
        Value::Bool(b) => Value::String(b.to_string()),
        other => other.clone(),
    }
}

/// Every field of the example body that the spec documents with an example
/// value has that value in `typed` (the typed response, serialized); a field
/// the body shows is never missing from `typed`. Fields the table documents
/// but the body leaves out (the metadata adds some) are not looked for.
/// Returns how many fields were checked.
fn assert_documented_values(fields: &[Field], example: &Value, typed: &Value, path: &str) -> usize {
    let mut checked = 0;
    for f in fields {
        let here = format!("{path}{}", f.name);
        let Some(shown) = example.get(&f.name) else {
            continue;
        };
        let value = typed
            .get(&f.name)
            .unwrap_or_else(|| panic!("`{here}` missing from the typed response"));
        if f.ty == TypeName::Struct {
            checked += assert_documented_values(&f.fields, shown, value, &format!("{here}."));
        } else if let Some(documented) = &f.example {
            assert_eq!(
                normalize(value),
                Value::String(documented.as_str().to_owned()),
                "`{here}`"
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn delete_activation_examples_round_trip() {
    let op = operation("DeleteActivation");
    let (json, xml) = examples(&op);

    let typed: DeleteActivationResponse = from_json(&json).unwrap();
    let from_xml: DeleteActivationResponse = from_xml(&xml);
    assert_eq!(typed, from_xml);

    // Typed, not just present: numbers arrive as numbers.
    let a = typed.activation.as_ref().unwrap();
    assert_eq!(a.instance_count, Some(1));
    assert_eq!(a.registered_count, Some(0));
    assert_eq!(a.time_to_live_in_hours, Some(4_i64));
    assert_eq!(a.ip_address_range.as_deref(), Some("0.0.0.0/0"));
    assert_eq!(
        typed.request_id.as_deref(),
        Some("4ECEEE12-56F1-4FBC-9AB1-890F74942176")
    );

    let back = typed.to_tree();
    let example: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        assert_documented_values(&op.response, &example, &back, ""),
        10
    );
    assert_eq!(normalize(&back), normalize(&example));
    // Numbers serialize as JSON numbers.
    assert_eq!(back["Activation"]["InstanceCount"], Value::from(1));
}

#[test]
fn deregister_managed_instance_examples_round_trip() {
    let op = operation("DeregisterManagedInstance");
    let (json, xml) = examples(&op);

    let typed: DeregisterManagedInstanceResponse = from_json(&json).unwrap();
    let from_xml: DeregisterManagedInstanceResponse = from_xml(&xml);
    assert_eq!(typed, from_xml);

    let i = typed.instance.as_ref().unwrap();
    assert_eq!(i.invocation_count, Some(2_i64));
    assert_eq!(
        i.os_version.as_deref(),
        Some("Linux_#38~18.04.1-Ubuntu SMP Wed Jan 6 18:26:30 UTC 2021_x86_64")
    );
    assert_eq!(i.internet_ip.as_deref(), Some("47.8.**.**"));

    let back = typed.to_tree();
    let example: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        assert_documented_values(&op.response, &example, &back, ""),
        14
    );
    assert_eq!(normalize(&back), normalize(&example));
}

#[test]
fn responses_accept_numbers_missing_fields_and_unknown_fields() {
    // Numbers as numbers, a field missing, an unknown field, a nested unknown.
    let body = r#"{"RequestId": "r", "Activation": {"InstanceCount": 3, "TimeToLiveInHours": "9", "NewField": [1, 2], "Nested": {"x": 1}}, "Extra": true}"#;
    let r: DeleteActivationResponse = from_json(body).unwrap();
    let a = r.activation.unwrap();
    assert_eq!(a.instance_count, Some(3));
    assert_eq!(a.time_to_live_in_hours, Some(9));
    assert_eq!(a.activation_id, None);

    // An empty body object and an empty numeric string.
    let r: DeleteActivationResponse = from_json(r#"{}"#).unwrap();
    assert_eq!(r, DeleteActivationResponse::default());
    let r: DeleteActivationResponse =
        from_json(r#"{"Activation": {"InstanceCount": ""}}"#).unwrap();
    assert_eq!(r.activation.unwrap().instance_count, None);

    // Not a number at all: an error that says where, not a panic or a
    // silent zero.
    let e = from_json::<DeleteActivationResponse>(r#"{"Activation": {"InstanceCount": "many"}}"#)
        .unwrap_err();
    assert_eq!(e.path(), "Activation.InstanceCount");
    // Out of range for Integer.
    let e =
        from_json::<DeleteActivationResponse>(r#"{"Activation": {"InstanceCount": 4294967296}}"#)
            .unwrap_err();
    assert!(e.message().contains("an i32"), "{e}");

    // XML with an unknown element and a missing one.
    let xml = "<DeleteActivationResponse><Activation><InstanceCount>5</InstanceCount><Unknown>u</Unknown></Activation></DeleteActivationResponse>";
    let r: DeleteActivationResponse = from_xml(xml);
    assert_eq!(r.activation.unwrap().instance_count, Some(5));
}

#[test]
fn lists_maps_keywords_and_floats_parse_from_json_and_xml() {
    use sdk_tests::naming::r#type::TypeResponse;
    let spec = codegen::spec::load_dir(Path::new("fixtures/good/naming")).expect("fixture loads");
    let op = &spec
        .operations
        .iter()
        .find(|op| op.value.name == "Type")
        .expect("the fixture has Type")
        .value;
    let json = op
        .examples
        .json
        .as_ref()
        .and_then(|t| t.en.clone())
        .unwrap();
    let xml = op.examples.xml.as_ref().and_then(|t| t.en.clone()).unwrap();

    let typed: TypeResponse = from_json(&json).unwrap();
    assert_eq!(typed.instance.as_ref().unwrap().r#loop, Some(7));
    let items = &typed.instances;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].score, Some(1.5));
    assert_eq!(typed.labels, ["a"]);
    assert_eq!(
        typed.extra.as_ref().unwrap().get("k").map(String::as_str),
        Some("v")
    );

    // In XML a list is its element repeated.
    let from_xml: TypeResponse = from_xml(&xml);
    let items = &from_xml.instances;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].id.as_deref(), Some("a"));
    assert_eq!(items[0].score, Some(1.5));
    assert_eq!(items[1].id.as_deref(), Some("b"));
    assert_eq!(items[1].score, None);
    assert_eq!(from_xml.instance.unwrap().r#loop, Some(7));
    assert_eq!(from_xml.labels, ["a"]);
}

/// Reads JSON the way the runtime does: into a value tree, then the type.
fn from_json<T: FromTree>(json: &str) -> Result<T, TreeError> {
    let value: Value = serde_json::from_str(json).expect("well-formed JSON");
    acs_runtime::tree::read(value)
}

/// Reads XML the way the runtime does: into a value tree, then the type.
fn from_xml<T: FromTree>(xml: &str) -> T {
    let value = acs_runtime::xml::to_value(xml).expect("well-formed XML");
    acs_runtime::tree::read(value).expect("the XML fits the type")
}
