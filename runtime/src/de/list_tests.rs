//! The list shapes of real responses, each in JSON and through the XML tree.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{bare_list, bare_list_lenient, json_text, wrapped_list, wrapped_list_lenient};

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
struct Zone {
    #[serde(rename = "ZoneId")]
    zone_id: Option<String>,
    #[serde(rename = "DiskCategories", default, deserialize_with = "wrapped_list")]
    disk_categories: Vec<String>,
}

#[derive(Debug, Default, PartialEq, Deserialize)]
struct Output {
    #[serde(rename = "Zones", default, deserialize_with = "wrapped_list")]
    zones: Vec<Zone>,
    #[serde(rename = "Sizes", default, deserialize_with = "wrapped_list_lenient")]
    sizes: Vec<i32>,
    #[serde(rename = "SupportedValues", default, deserialize_with = "bare_list")]
    supported_values: Vec<String>,
    #[serde(rename = "Flags", default, deserialize_with = "bare_list_lenient")]
    flags: Vec<bool>,
    #[serde(rename = "Items", default, deserialize_with = "bare_list")]
    items: Vec<Zone>,
}

fn json(s: &str) -> Output {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn json_err(s: &str) -> String {
    serde_json::from_str::<Output>(s).unwrap_err().to_string()
}

fn xml(s: &str) -> Output {
    let tree = crate::xml::to_value(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    serde_json::from_value(tree).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn zone(id: &str, categories: &[&str]) -> Zone {
    Zone {
        zone_id: Some(id.into()),
        disk_categories: categories.iter().map(|c| c.to_string()).collect(),
    }
}

fn zones(list: Vec<Zone>) -> Output {
    Output {
        zones: list,
        ..Output::default()
    }
}

#[test]
fn wrapped_many() {
    let want = zones(vec![zone("a", &["cloud", "cloud_essd"]), zone("b", &[])]);
    assert_eq!(
        json(
            r#"{"Zones":{"Zone":[{"ZoneId":"a","DiskCategories":{"DiskCategory":["cloud","cloud_essd"]}},
            {"ZoneId":"b","DiskCategories":{"DiskCategory":[]}}]}}"#
        ),
        want
    );
    assert_eq!(
        xml("<R><Zones>\
               <Zone><ZoneId>a</ZoneId><DiskCategories><DiskCategory>cloud</DiskCategory>\
                 <DiskCategory>cloud_essd</DiskCategory></DiskCategories></Zone>\
               <Zone><ZoneId>b</ZoneId><DiskCategories/></Zone>\
             </Zones></R>"),
        want
    );
}

#[test]
fn wrapped_one_element_object_or_scalar() {
    let want = zones(vec![zone("a", &["cloud"])]);
    assert_eq!(
        json(r#"{"Zones":{"Zone":{"ZoneId":"a","DiskCategories":{"DiskCategory":"cloud"}}}}"#),
        want
    );
    assert_eq!(
        xml("<R><Zones><Zone><ZoneId>a</ZoneId>\
             <DiskCategories><DiskCategory>cloud</DiskCategory></DiskCategories></Zone></Zones></R>"),
        want
    );
}

#[test]
fn wrapped_empty_in_every_spelling() {
    for doc in [
        r#"{}"#,
        r#"{"Zones":null}"#,
        r#"{"Zones":""}"#,
        r#"{"Zones":" "}"#,
        r#"{"Zones":{}}"#,
        r#"{"Zones":{"Zone":[]}}"#,
        r#"{"Zones":{"Zone":null}}"#,
        r#"{"Zones":{"Zone":""}}"#,
        r#"{"Zones":[]}"#,
    ] {
        assert_eq!(json(doc), Output::default(), "{doc}");
    }
    for doc in [
        "<R/>",
        "<R><Zones/></R>",
        "<R><Zones></Zones></R>",
        "<R><Zones>\n    </Zones></R>",
        "<R><Zones><Zone/></Zones></R>",
    ] {
        assert_eq!(xml(doc), Output::default(), "{doc}");
    }
}

#[test]
fn wrapped_accepts_a_bare_array_misspelt_and_repeated_keys() {
    let want = zones(vec![zone("a", &[]), zone("b", &[])]);
    assert_eq!(json(r#"{"Zones":[{"ZoneId":"a"},{"ZoneId":"b"}]}"#), want);
    // The key is whatever the document says.
    assert_eq!(
        json(r#"{"Zones":{"Zones":[{"ZoneId":"a"},{"ZoneId":"b"}]}}"#),
        want
    );
    // Repeated keys (as quick-xml's reader would hand them) are all collected.
    assert_eq!(
        json(r#"{"Zones":{"Zone":{"ZoneId":"a"},"Zone":{"ZoneId":"b"}}}"#),
        want
    );
    assert_eq!(
        json(r#"{"Zones":{"Zone":[{"ZoneId":"a"}],"Other":{"ZoneId":"b"}}}"#),
        want
    );
}

#[test]
fn wrapped_rejects_a_scalar_and_bad_elements() {
    let e = json_err(r#"{"Zones":"x"}"#);
    assert!(
        e.contains("expected a list: an object wrapping the elements, an array, or null"),
        "{e}"
    );
    let e = json_err(r#"{"Zones":3}"#);
    assert!(e.contains("invalid type: integer `3`"), "{e}");
    let e = json_err(r#"{"Zones":{"Zone":"x"}}"#);
    assert!(e.contains("expected struct Zone"), "{e}");
    let e = json_err(r#"{"Sizes":{"Size":["1","x"]}}"#);
    assert!(e.contains("expected an i32"), "{e}");
}

#[test]
fn lenient_elements() {
    let want = Output {
        sizes: vec![20, 40, 80],
        flags: vec![true, false],
        ..Output::default()
    };
    assert_eq!(
        json(r#"{"Sizes":{"Size":[20,"40",null,"",80.0]},"Flags":["true",false]}"#),
        want
    );
    assert_eq!(
        xml(
            "<R><Sizes><Size>20</Size><Size>40</Size><Size/><Size>80</Size></Sizes>\
             <Flags>true</Flags><Flags>False</Flags></R>"
        ),
        want
    );
    // One element of each.
    let one = Output {
        sizes: vec![7],
        flags: vec![true],
        ..Output::default()
    };
    assert_eq!(json(r#"{"Sizes":{"Size":"7"},"Flags":true}"#), one);
    assert_eq!(
        xml("<R><Sizes><Size>7</Size></Sizes><Flags>true</Flags></R>"),
        one
    );
}

#[test]
fn bare_lists() {
    let want = Output {
        supported_values: vec!["a".into(), "b".into()],
        items: vec![zone("z", &[])],
        ..Output::default()
    };
    assert_eq!(
        json(r#"{"SupportedValues":["a","b"],"Items":{"ZoneId":"z"}}"#),
        want
    );
    assert_eq!(
        xml(
            "<R><SupportedValues>a</SupportedValues><SupportedValues>b</SupportedValues>\
             <Items><ZoneId>z</ZoneId></Items></R>"
        ),
        want
    );
    let one = Output {
        supported_values: vec!["only".into()],
        ..Output::default()
    };
    assert_eq!(json(r#"{"SupportedValues":"only"}"#), one);
    assert_eq!(xml("<R><SupportedValues>only</SupportedValues></R>"), one);
    for doc in [
        r#"{"SupportedValues":null,"Items":"","Flags":[]}"#,
        r#"{"SupportedValues":[],"Items":null}"#,
    ] {
        assert_eq!(json(doc), Output::default(), "{doc}");
    }
    assert_eq!(
        xml("<R><SupportedValues/><Items></Items><Flags/></R>"),
        Output::default()
    );
}

#[derive(Debug, PartialEq, Deserialize)]
struct WithJson {
    #[serde(rename = "Parameters", default, deserialize_with = "json_text")]
    parameters: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(rename = "Required", deserialize_with = "json_text")]
    required: serde_json::Value,
}

#[test]
fn json_text_reads_text_or_a_tree() {
    let got: WithJson =
        serde_json::from_str(r#"{"Parameters":"{\"a\":\"x\",\"n\":1}","Required":"[1]"}"#).unwrap();
    assert_eq!(
        got.parameters,
        Some(BTreeMap::from([
            ("a".to_owned(), serde_json::json!("x")),
            ("n".to_owned(), serde_json::json!(1)),
        ]))
    );
    assert_eq!(got.required, serde_json::json!([1]));

    let got: WithJson =
        serde_json::from_str(r#"{"Parameters":{"a":"x"},"Required":{"b":2}}"#).unwrap();
    assert_eq!(got.parameters.unwrap()["a"], "x");
    assert_eq!(got.required, serde_json::json!({"b": 2}));

    for doc in [
        r#"{"Required":"1"}"#,
        r#"{"Parameters":null,"Required":"1"}"#,
        r#"{"Parameters":"null","Required":"1"}"#,
    ] {
        let got: WithJson = serde_json::from_str(doc).unwrap();
        assert_eq!(got.parameters, None, "{doc}");
    }

    let e = serde_json::from_str::<WithJson>(r#"{"Parameters":"{a:1}","Required":"1"}"#)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("expected JSON text: key must be a string"),
        "{e}"
    );
    let e = serde_json::from_str::<WithJson>(r#"{"Parameters":"[1]","Required":"1"}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("invalid type: sequence, expected a map"), "{e}");
    let e = serde_json::from_str::<WithJson>(r#"{}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("missing field `Required`"), "{e}");
}

/// An empty element beside others is an element with nothing set, in XML
/// and in JSON; the response does not fail on it.
#[test]
fn empty_struct_elements_are_elements_with_nothing_set() {
    let from_xml = xml("<R><Zones><Zone/><Zone><ZoneId>a</ZoneId></Zone><Zone></Zone></Zones></R>");
    let empty = Zone::default();
    let a = Zone {
        zone_id: Some("a".into()),
        ..Zone::default()
    };
    assert_eq!(from_xml.zones, [empty.clone(), a.clone(), empty.clone()]);
    let from_json = json(r#"{"Zones":{"Zone":[null,{"ZoneId":"a"},{}]}}"#);
    assert_eq!(from_json.zones, from_xml.zones);
    assert_eq!(json(r#"{"Items":[null,{"ZoneId":"a"}]}"#).items, [empty, a]);
}
