//! The wire shapes the official SDKs send (Darabonba `OpenApiUtil.query`):
//! 1-based repeat lists, nested prefixes, flat structures, JSON text.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{WriteError, json, write};
use crate::operation::Params;

fn pairs<T: Serialize>(value: &T) -> Vec<(String, String)> {
    try_pairs(value).unwrap()
}

fn try_pairs<T: Serialize>(value: &T) -> Result<Vec<(String, String)>, WriteError> {
    let mut params = Params::default();
    write(value, &mut params)?;
    Ok(params
        .pairs()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect())
}

fn expect(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

#[derive(Serialize)]
struct Tag {
    #[serde(rename = "Key")]
    key: String,
    #[serde(rename = "Value", skip_serializing_if = "Option::is_none")]
    value: Option<String>,
}

#[derive(Serialize)]
struct NetworkInterface {
    #[serde(rename = "VSwitchId", skip_serializing_if = "Option::is_none")]
    v_switch_id: Option<String>,
    #[serde(rename = "SecurityGroupIds")]
    security_group_ids: Vec<String>,
}

#[derive(Serialize)]
struct SystemDisk {
    #[serde(rename = "Category", skip_serializing_if = "Option::is_none")]
    category: Option<Category>,
    #[serde(rename = "Size", skip_serializing_if = "Option::is_none")]
    size: Option<i32>,
}

#[derive(Serialize)]
#[serde(transparent)]
struct Category(String);

#[derive(Serialize)]
#[serde(deny_unknown_fields)]
struct RunInstances {
    #[serde(rename = "RegionId")]
    region_id: String,
    #[serde(rename = "Amount", skip_serializing_if = "Option::is_none")]
    amount: Option<i32>,
    #[serde(rename = "DryRun", skip_serializing_if = "Option::is_none")]
    dry_run: Option<bool>,
    #[serde(rename = "SpotPriceLimit", skip_serializing_if = "Option::is_none")]
    spot_price_limit: Option<f32>,
    #[serde(rename = "Tag")]
    tag: Vec<Tag>,
    #[serde(rename = "NetworkInterface")]
    network_interface: Vec<NetworkInterface>,
    #[serde(rename = "SystemDisk", skip_serializing_if = "Option::is_none")]
    system_disk: Option<SystemDisk>,
    #[serde(
        rename = "Parameters",
        serialize_with = "json",
        skip_serializing_if = "Option::is_none"
    )]
    parameters: Option<BTreeMap<String, serde_json::Value>>,
}

fn run_instances() -> RunInstances {
    RunInstances {
        region_id: "cn-hangzhou".into(),
        amount: Some(2),
        dry_run: Some(false),
        spot_price_limit: Some(0.1),
        tag: vec![
            Tag {
                key: "env".into(),
                value: Some("prod".into()),
            },
            Tag {
                key: "team".into(),
                value: None,
            },
        ],
        network_interface: vec![
            NetworkInterface {
                v_switch_id: Some("vsw-1".into()),
                security_group_ids: vec!["sg-1".into(), "sg-2".into()],
            },
            NetworkInterface {
                v_switch_id: None,
                security_group_ids: vec!["sg-3".into()],
            },
        ],
        system_disk: Some(SystemDisk {
            category: Some(Category("cloud_essd".into())),
            size: Some(40),
        }),
        parameters: Some(BTreeMap::from([
            ("a".to_owned(), serde_json::json!("x")),
            ("n".to_owned(), serde_json::json!([1, 2])),
        ])),
    }
}

#[test]
fn every_wire_shape() {
    assert_eq!(
        pairs(&run_instances()),
        expect(&[
            ("RegionId", "cn-hangzhou"),
            ("Amount", "2"),
            ("DryRun", "false"),
            ("SpotPriceLimit", "0.1"),
            ("Tag.1.Key", "env"),
            ("Tag.1.Value", "prod"),
            ("Tag.2.Key", "team"),
            ("NetworkInterface.1.VSwitchId", "vsw-1"),
            ("NetworkInterface.1.SecurityGroupIds.1", "sg-1"),
            ("NetworkInterface.1.SecurityGroupIds.2", "sg-2"),
            ("NetworkInterface.2.SecurityGroupIds.1", "sg-3"),
            ("SystemDisk.Category", "cloud_essd"),
            ("SystemDisk.Size", "40"),
            ("Parameters", r#"{"a":"x","n":[1,2]}"#),
        ])
    );
}

#[test]
fn top_level_names_are_borrowed() {
    let mut params = Params::default();
    write(&run_instances(), &mut params).unwrap();
    for (name, _) in params.pairs() {
        let borrowed = matches!(name, std::borrow::Cow::Borrowed(_));
        assert_eq!(borrowed, !name.contains('.'), "{name}");
    }
}

#[test]
fn absent_values_and_empty_lists_send_nothing() {
    let request = RunInstances {
        region_id: "cn-hangzhou".into(),
        amount: None,
        dry_run: None,
        spot_price_limit: None,
        tag: vec![],
        network_interface: vec![NetworkInterface {
            v_switch_id: None,
            security_group_ids: vec![],
        }],
        system_disk: Some(SystemDisk {
            category: None,
            size: None,
        }),
        parameters: None,
    };
    assert_eq!(pairs(&request), expect(&[("RegionId", "cn-hangzhou")]));
}

#[test]
fn values_pass_through_unencoded() {
    #[derive(Serialize)]
    struct R {
        #[serde(rename = "Description")]
        description: String,
        #[serde(rename = "Name")]
        name: String,
    }
    let r = R {
        description: "a b*c~d+e/f&g=h%20".into(),
        name: "名前 ✓".into(),
    };
    assert_eq!(
        pairs(&r),
        expect(&[("Description", "a b*c~d+e/f&g=h%20"), ("Name", "名前 ✓")])
    );
}

#[test]
fn numbers() {
    #[derive(Serialize)]
    struct R {
        a: f64,
        b: f64,
        c: f32,
        d: f64,
        e: i64,
        f: u64,
        g: i32,
        h: f64,
    }
    let r = R {
        a: 1.0,
        b: 0.5,
        c: 0.1,
        d: 1e21,
        e: i64::MIN,
        f: u64::MAX,
        g: -7,
        h: -0.0,
    };
    assert_eq!(
        pairs(&r),
        expect(&[
            ("a", "1"),
            ("b", "0.5"),
            ("c", "0.1"),
            ("d", "1000000000000000000000"),
            ("e", "-9223372036854775808"),
            ("f", "18446744073709551615"),
            ("g", "-7"),
            ("h", "-0"),
        ])
    );
}

#[test]
fn maps_enums_newtypes_tuples() {
    #[derive(Serialize)]
    enum Mode {
        Fast,
    }
    #[derive(Serialize)]
    struct Id(u32);
    #[derive(Serialize)]
    struct R {
        #[serde(rename = "Labels")]
        labels: BTreeMap<String, String>,
        #[serde(rename = "Mode")]
        mode: Mode,
        #[serde(rename = "Id")]
        id: Id,
        #[serde(rename = "Pair")]
        pair: (String, bool),
        #[serde(rename = "Unit")]
        unit: (),
        #[serde(rename = "Letter")]
        letter: char,
    }
    let r = R {
        labels: BTreeMap::from([("k1".into(), "v1".into()), ("k 2".into(), "v2".into())]),
        mode: Mode::Fast,
        id: Id(7),
        pair: ("x".into(), true),
        unit: (),
        letter: 'é',
    };
    assert_eq!(
        pairs(&r),
        expect(&[
            ("Labels.k 2", "v2"),
            ("Labels.k1", "v1"),
            ("Mode", "Fast"),
            ("Id", "7"),
            ("Pair.1", "x"),
            ("Pair.2", "true"),
            ("Letter", "é"),
        ])
    );
    // A map as the whole request: its keys are the names.
    let top = BTreeMap::from([("RegionId", vec!["a", "b"])]);
    assert_eq!(
        pairs(&top),
        expect(&[("RegionId.1", "a"), ("RegionId.2", "b")])
    );
}

#[test]
fn json_text_of_none_sends_nothing() {
    #[derive(Serialize)]
    struct R {
        #[serde(rename = "Parameters", serialize_with = "json")]
        parameters: Option<serde_json::Value>,
        #[serde(rename = "Other", serialize_with = "json")]
        other: Vec<u8>,
    }
    let r = R {
        parameters: None,
        other: vec![1, 2],
    };
    assert_eq!(pairs(&r), expect(&[("Other", "[1,2]")]));
    // Under serde_json the same field is `null`, and a present one a string.
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        r#"{"Parameters":null,"Other":"[1,2]"}"#
    );
}

#[test]
fn unrepresentable_values_are_errors() {
    #[derive(Serialize)]
    struct Bytes {
        #[serde(rename = "Data", with = "serde_bytes_like")]
        data: Vec<u8>,
    }
    mod serde_bytes_like {
        pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(v)
        }
    }
    let e = try_pairs(&Bytes { data: vec![1] }).unwrap_err();
    assert_eq!(e.to_string(), "parameter Data: bytes have no wire form");

    #[derive(Serialize)]
    struct Keys {
        #[serde(rename = "Ports")]
        ports: BTreeMap<u16, String>,
    }
    let e = try_pairs(&Keys {
        ports: BTreeMap::from([(80, "http".into())]),
    })
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "parameter Ports: a map key that is not a string has no wire form"
    );

    #[derive(Serialize)]
    struct Nan {
        #[serde(rename = "Price")]
        price: f64,
    }
    let e = try_pairs(&Nan { price: f64::NAN }).unwrap_err();
    assert_eq!(e.name(), "Price");

    let e = try_pairs(&"bare").unwrap_err();
    assert!(
        e.to_string().starts_with("the request cannot be sent"),
        "{e}"
    );
    let e = try_pairs(&vec!["a"]).unwrap_err();
    assert!(e.to_string().contains("without a name"), "{e}");

    // Nothing at all is fine: an operation without parameters.
    assert_eq!(try_pairs(&()), Ok(vec![]));
    assert_eq!(try_pairs(&None::<String>), Ok(vec![]));
}

#[test]
fn the_name_buffer_is_restored_after_an_error_free_nested_walk() {
    // Deeply nested lists: every level adds and removes its own segment.
    let nested = vec![vec![vec!["x"]], vec![vec!["y", "z"]]];
    let top = BTreeMap::from([("L", nested)]);
    assert_eq!(
        pairs(&top),
        expect(&[("L.1.1.1", "x"), ("L.2.1.1", "y"), ("L.2.1.2", "z")])
    );
}
