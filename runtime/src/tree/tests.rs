//! The shapes real responses take, each in JSON and through the XML tree.

use std::collections::BTreeMap;

use super::{Fields, FromTree, Object, ToTree, TreeError, Value, read};

#[derive(Clone, Debug, Default, PartialEq)]
struct Scalars {
    small: Option<i32>,
    big: Option<i64>,
    single: Option<f32>,
    double: Option<f64>,
    flag: Option<bool>,
    text: Option<String>,
}

impl FromTree for Scalars {
    const NULL_IS_ELEMENT: bool = true;
    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        let Some(mut f) = Fields::of(value)? else {
            return Ok(None);
        };
        Ok(Some(Scalars {
            small: f.field("Small")?,
            big: f.field("Big")?,
            single: f.field("Single")?,
            double: f.field("Double")?,
            flag: f.field("Flag")?,
            text: f.field("Text")?,
        }))
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Zone {
    zone_id: Option<String>,
    disk_categories: Vec<String>,
}

impl FromTree for Zone {
    const NULL_IS_ELEMENT: bool = true;
    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        let Some(mut f) = Fields::of(value)? else {
            return Ok(None);
        };
        Ok(Some(Zone {
            zone_id: f.field("ZoneId")?,
            disk_categories: f.list("DiskCategories")?,
        }))
    }
}

impl ToTree for Zone {
    fn to_tree(&self) -> Value {
        let mut o = Object::new();
        o.put("ZoneId", &self.zone_id);
        o.put("DiskCategories", &self.disk_categories);
        o.into_value()
    }
}

#[derive(Debug, Default, PartialEq)]
struct Output {
    zones: Vec<Zone>,
    sizes: Vec<i32>,
    supported_values: Vec<String>,
    flags: Vec<bool>,
    items: Vec<Zone>,
    json: Option<Value>,
    map: Option<BTreeMap<String, String>>,
}

impl FromTree for Output {
    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        let Some(mut f) = Fields::of(value)? else {
            return Ok(None);
        };
        Ok(Some(Output {
            zones: f.list("Zones")?,
            sizes: f.list("Sizes")?,
            supported_values: f.bare_list("SupportedValues")?,
            flags: f.bare_list("Flags")?,
            items: f.bare_list("Items")?,
            json: f.field("Json")?,
            map: f.field("Map")?,
        }))
    }
}

impl ToTree for Output {
    fn to_tree(&self) -> Value {
        let mut o = Object::new();
        o.put("Zones", &self.zones);
        o.put("Sizes", &self.sizes);
        o.put("SupportedValues", &self.supported_values);
        o.put("Flags", &self.flags);
        o.put("Items", &self.items);
        o.put("Json", &self.json);
        o.put("Map", &self.map);
        o.into_value()
    }
}

fn parse<T: FromTree>(s: &str) -> Result<T, String> {
    let v: Value = serde_json::from_str(s).map_err(|e| e.to_string())?;
    read(v).map_err(|e| e.to_string())
}

fn parse_xml<T: FromTree>(s: &str) -> Result<T, String> {
    let v = crate::xml::to_value(s).map_err(|e| e.to_string())?;
    read(v).map_err(|e| e.to_string())
}

fn json(s: &str) -> Output {
    parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn json_err(s: &str) -> String {
    parse::<Output>(s).unwrap_err()
}

fn xml(s: &str) -> Output {
    parse_xml(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

const ALL: Scalars = Scalars {
    small: Some(-2),
    big: Some(9_007_199_254_740_993),
    single: Some(1.5),
    double: Some(-0.25),
    flag: Some(true),
    text: None,
};

#[test]
fn text_keeps_strings_verbatim_and_writes_numbers_and_booleans() {
    for (json, a) in [
        (r#"{"Text": " x "}"#, Some(" x ")),
        (r#"{"Text": ""}"#, Some("")),
        (r#"{"Text": 1}"#, Some("1")),
        (r#"{"Text": 0.5}"#, Some("0.5")),
        (r#"{"Text": false}"#, Some("false")),
        (r#"{"Text": null}"#, None),
        (r#"{}"#, None),
    ] {
        let t: Scalars = parse(json).unwrap();
        assert_eq!(t.text.as_deref(), a, "{json}");
    }
    let t: Zone = parse(r#"{"DiskCategories": {"X": [1, "b", true]}}"#).unwrap();
    assert_eq!(t.disk_categories, ["1", "b", "true"]);
    let e = parse::<Scalars>(r#"{"Text": [1]}"#).unwrap_err();
    assert_eq!(
        e,
        "Text: expected text (or a number or boolean, kept as text), found an array"
    );
}

#[test]
fn numbers_and_booleans_native() {
    let got =
        parse(r#"{"Small":-2,"Big":9007199254740993,"Single":1.5,"Double":-0.25,"Flag":true}"#);
    assert_eq!(got, Ok(ALL));
}

#[test]
fn numbers_and_booleans_as_text() {
    let got = parse(
        r#"{"Small":"-2","Big":"9007199254740993","Single":"1.5","Double":" -0.25 ","Flag":"true"}"#,
    );
    assert_eq!(got, Ok(ALL));
    assert_eq!(
        parse::<Scalars>(r#"{"Flag":"False"}"#).unwrap().flag,
        Some(false)
    );
}

#[test]
fn null_empty_and_missing_are_none() {
    assert_eq!(parse("{}"), Ok(Scalars::default()));
    assert_eq!(
        parse(r#"{"Small":null,"Big":null,"Single":null,"Double":null,"Flag":null}"#),
        Ok(Scalars::default())
    );
    assert_eq!(
        parse(r#"{"Small":"","Big":"","Single":" ","Double":"","Flag":""}"#),
        Ok(Scalars::default())
    );
}

#[test]
fn integral_floats_are_integers() {
    assert_eq!(parse::<Scalars>(r#"{"Small":2.0}"#).unwrap().small, Some(2));
    assert_eq!(
        parse::<Scalars>(r#"{"Big":"1e3"}"#).unwrap().big,
        Some(1000)
    );
    assert_eq!(
        parse::<Scalars>(r#"{"Double":3}"#).unwrap().double,
        Some(3.0)
    );
    assert_eq!(
        parse::<Scalars>(r#"{"Big":-9223372036854775808}"#)
            .unwrap()
            .big,
        Some(i64::MIN)
    );
}

#[test]
fn errors_say_where_and_what_was_expected() {
    let cases = [
        (
            r#"{"Small":"abc"}"#,
            r#"Small: expected an i32, text holding one, or null, found the text "abc""#,
        ),
        (
            r#"{"Small":2.5}"#,
            "Small: expected an i32, text holding one, or null, found the number 2.5",
        ),
        (
            r#"{"Small":4294967296}"#,
            "Small: expected an i32, text holding one, or null, found the number 4294967296",
        ),
        (
            r#"{"Big":9.3e18}"#,
            "Big: expected an i64, text holding one, or null, found the number 9.3e+18",
        ),
        (
            r#"{"Big":"1e400"}"#,
            r#"Big: expected an i64, text holding one, or null, found the text "1e400""#,
        ),
        (
            r#"{"Flag":1}"#,
            "Flag: expected a boolean, text holding one, or null, found the number 1",
        ),
        (
            r#"{"Flag":"yes"}"#,
            r#"Flag: expected a boolean, text holding one, or null, found the text "yes""#,
        ),
        (
            r#"{"Double":[1]}"#,
            "Double: expected an f64, text holding one, or null, found an array",
        ),
        (
            r#"{"Single":true}"#,
            "Single: expected an f32, text holding one, or null, found the boolean true",
        ),
        ("[1]", "expected an object, found an array"),
        ("3", "expected an object, found the number 3"),
        ("null", "expected a value, found nothing"),
    ];
    for (doc, want) in cases {
        assert_eq!(parse::<Scalars>(doc).unwrap_err(), want, "{doc}");
    }
    let long = format!(r#"{{"Small":"{}"}}"#, "x".repeat(100));
    let e = parse::<Scalars>(&long).unwrap_err();
    assert!(e.ends_with(&format!("{:?}…", "x".repeat(40))), "{e}");
}

#[test]
fn xml_text_leaves() {
    let doc = "<R><Small>-2</Small><Big>9007199254740993</Big><Single>1.5</Single>\
               <Double> -0.25 </Double><Flag>true</Flag></R>";
    assert_eq!(parse_xml(doc), Ok(ALL));
}

#[test]
fn xml_empty_and_missing_are_none() {
    assert_eq!(
        parse_xml("<R/>").map(|s: Scalars| s),
        Ok(Scalars::default())
    );
    assert_eq!(
        parse_xml("<R><Small></Small><Big/><Single></Single><Double/><Flag></Flag></R>"),
        Ok(Scalars::default())
    );
}

#[test]
fn xml_errors_say_where_and_what_was_expected() {
    let e = parse_xml::<Scalars>("<R><Small>abc</Small></R>").unwrap_err();
    assert!(e.starts_with("Small: expected an i32"), "{e}");
    let e = parse_xml::<Scalars>("<R><Flag>1</Flag></R>").unwrap_err();
    assert!(e.starts_with("Flag: expected a boolean"), "{e}");
    let e = parse_xml::<Scalars>("<R><Big><Nested>1</Nested></Big></R>").unwrap_err();
    assert!(e.ends_with("found an object"), "{e}");
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
fn wrapped_accepts_a_bare_array_misspelt_and_several_keys() {
    let want = zones(vec![zone("a", &[]), zone("b", &[])]);
    assert_eq!(json(r#"{"Zones":[{"ZoneId":"a"},{"ZoneId":"b"}]}"#), want);
    // The key is whatever the document says.
    assert_eq!(
        json(r#"{"Zones":{"Zones":[{"ZoneId":"a"},{"ZoneId":"b"}]}}"#),
        want
    );
    // Every key's elements are collected, in key order.
    assert_eq!(
        json(r#"{"Zones":{"Zone":[{"ZoneId":"a"}],"Other":{"ZoneId":"b"}}}"#),
        zones(vec![zone("b", &[]), zone("a", &[])])
    );
    // A key repeated in JSON text: the tree keeps the last, as serde_json does.
    assert_eq!(
        json(r#"{"Zones":{"Zone":{"ZoneId":"a"},"Zone":{"ZoneId":"b"}}}"#),
        zones(vec![zone("b", &[])])
    );
    // In XML a repeated element is the list itself.
    assert_eq!(
        xml("<R><Zones><Zone><ZoneId>a</ZoneId></Zone><Zone><ZoneId>b</ZoneId></Zone></Zones></R>"),
        want
    );
}

#[test]
fn wrapped_rejects_a_scalar_and_bad_elements() {
    assert_eq!(
        json_err(r#"{"Zones":"x"}"#),
        r#"Zones: expected a list (an object wrapping the elements, an array, or null), found the text "x""#
    );
    assert_eq!(
        json_err(r#"{"Zones":3}"#),
        "Zones: expected a list (an object wrapping the elements, an array, or null), found the number 3"
    );
    assert_eq!(
        json_err(r#"{"Zones":{"Zone":"x"}}"#),
        r#"Zones.Zone: expected an object, found the text "x""#
    );
    assert_eq!(
        json_err(r#"{"Sizes":{"Size":["1","x"]}}"#),
        r#"Sizes.Size[1]: expected an i32, text holding one, or null, found the text "x""#
    );
    assert_eq!(
        json_err(r#"{"Zones":{"Zone":[{},{"DiskCategories":{"D":[[1]]}}]}}"#),
        "Zones.Zone[1].DiskCategories.D[0]: expected text (or a number or boolean, kept as text), found an array"
    );
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

/// An empty element beside others is an element with nothing set, in XML
/// and in JSON; the response does not fail on it.
#[test]
fn empty_struct_elements_are_elements_with_nothing_set() {
    let from_xml = xml("<R><Zones><Zone/><Zone><ZoneId>a</ZoneId></Zone><Zone></Zone></Zones></R>");
    let empty = Zone::default();
    let a = zone("a", &[]);
    assert_eq!(from_xml.zones, [empty.clone(), a.clone(), empty.clone()]);
    let from_json = json(r#"{"Zones":{"Zone":[null,{"ZoneId":"a"},{}]}}"#);
    assert_eq!(from_json.zones, from_xml.zones);
    assert_eq!(json(r#"{"Items":[null,{"ZoneId":"a"}]}"#).items, [empty, a]);
    // Text elements that are null are absent, not empty.
    let t: Zone = parse(r#"{"DiskCategories":{"D":["a",null,"",1]}}"#).unwrap();
    assert_eq!(t.disk_categories, ["a", "", "1"]);
}

#[test]
fn json_values_and_string_maps() {
    let got = json(r#"{"Json":{"a":[1,null]},"Map":{"k":"v","n":2,"gone":null}}"#);
    assert_eq!(got.json, Some(serde_json::json!({"a": [1, null]})));
    assert_eq!(
        got.map,
        Some(BTreeMap::from([
            ("k".to_owned(), "v".to_owned()),
            ("n".to_owned(), "2".to_owned())
        ]))
    );
    assert_eq!(json(r#"{"Json":null,"Map":""}"#), Output::default());
    assert_eq!(
        json_err(r#"{"Map":{"k":{"x":1}}}"#),
        "Map.k: expected text (or a number or boolean, kept as text), found an object"
    );
}

/// What `ToTree` writes reads back the same: lists as arrays without their
/// wrapper, absent values and empty lists left out.
#[test]
fn written_trees_read_back() {
    let value = Output {
        zones: vec![zone("a", &["x", "y"]), Zone::default(), zone("b", &[])],
        sizes: vec![1, -2],
        supported_values: vec!["s".into()],
        flags: vec![false],
        items: vec![],
        json: Some(serde_json::json!({"k": [true]})),
        map: Some(BTreeMap::from([("a".to_owned(), "b".to_owned())])),
    };
    let tree = value.to_tree();
    assert_eq!(
        tree,
        serde_json::json!({
            "Zones": [{"ZoneId": "a", "DiskCategories": ["x", "y"]}, {}, {"ZoneId": "b"}],
            "Sizes": [1, -2],
            "SupportedValues": ["s"],
            "Flags": [false],
            "Json": {"k": [true]},
            "Map": {"a": "b"},
        })
    );
    assert_eq!(read::<Output>(tree), Ok(value));
    assert_eq!(Output::default().to_tree(), serde_json::json!({}));
    assert_eq!(f64::NAN.to_tree(), serde_json::json!("NaN"));
    assert_eq!(f32::NEG_INFINITY.to_tree(), serde_json::json!("-inf"));
    assert!(matches!(read::<f64>(f64::INFINITY.to_tree()), Ok(f) if f == f64::INFINITY));
    assert_eq!(Some(1.5f32).to_tree(), serde_json::json!(1.5));
    assert_eq!(0.1f32.to_tree().to_string(), "0.1");
    assert_eq!(read::<f32>(0.1f32.to_tree()), Ok(0.1f32));
}
