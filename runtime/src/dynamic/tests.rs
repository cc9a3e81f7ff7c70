//! Arguments the way the `aliyun` CLI takes them, read into a request type
//! with every wire shape, and written back by `params::write` unchanged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Args, ArgsError};
use crate::operation::Params;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tag {
    #[serde(rename = "Key")]
    key: String,
    #[serde(rename = "Value")]
    value: Option<String>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NetworkInterface {
    #[serde(rename = "VSwitchId")]
    v_switch_id: Option<String>,
    #[serde(rename = "SecurityGroupIds", default)]
    security_group_ids: Vec<String>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SystemDisk {
    #[serde(rename = "Category")]
    category: Option<Category>,
    #[serde(rename = "Size")]
    size: Option<i32>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
struct Category(String);

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunInstances {
    #[serde(rename = "RegionId")]
    region_id: String,
    #[serde(rename = "Amount")]
    amount: Option<i32>,
    #[serde(rename = "Period")]
    period: Option<i64>,
    #[serde(rename = "SpotPriceLimit")]
    spot_price_limit: Option<f32>,
    #[serde(rename = "DryRun")]
    dry_run: Option<bool>,
    #[serde(rename = "InstanceType")]
    instance_type: Option<Category>,
    #[serde(rename = "Tag", default)]
    tag: Vec<Tag>,
    #[serde(rename = "NetworkInterface", default)]
    network_interface: Vec<NetworkInterface>,
    #[serde(rename = "SystemDisk")]
    system_disk: Option<SystemDisk>,
    #[serde(rename = "HostNames", default)]
    host_names: Vec<String>,
    #[serde(
        rename = "Parameters",
        default,
        deserialize_with = "crate::de::json_text",
        serialize_with = "crate::params::json",
        skip_serializing_if = "Option::is_none"
    )]
    parameters: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(
        rename = "Template",
        default,
        deserialize_with = "crate::de::json_text",
        serialize_with = "crate::params::json",
        skip_serializing_if = "Option::is_none"
    )]
    template: Option<serde_json::Value>,
}

const FULL: &[(&str, &str)] = &[
    ("RegionId", "cn-hangzhou"),
    ("Amount", "2"),
    ("Period", "-1"),
    ("SpotPriceLimit", "0.5"),
    ("DryRun", "true"),
    ("InstanceType", "ecs.g7.large"),
    ("Tag.1.Key", "env"),
    ("Tag.1.Value", "prod line"),
    ("Tag.2.Key", "team"),
    ("NetworkInterface.1.VSwitchId", "vsw-1"),
    ("NetworkInterface.1.SecurityGroupIds.1", "sg-1"),
    ("NetworkInterface.1.SecurityGroupIds.2", "sg-2"),
    ("NetworkInterface.2.SecurityGroupIds.1", "sg-3"),
    ("SystemDisk.Category", "cloud_essd"),
    ("SystemDisk.Size", "40"),
    ("HostNames.1", "a"),
    ("HostNames.2", "b"),
    ("HostNames.3", "c"),
    ("HostNames.4", "d"),
    ("HostNames.5", "e"),
    ("HostNames.6", "f"),
    ("HostNames.7", "g"),
    ("HostNames.8", "h"),
    ("HostNames.9", "i"),
    ("HostNames.10", "j"),
    ("Parameters", r#"{"a":"x","n":[1,2]}"#),
    ("Template", r#"[{"k":true}]"#),
];

fn args(list: &[(&str, &str)]) -> Args {
    list.iter().copied().collect()
}

fn read(list: &[(&str, &str)]) -> Result<RunInstances, ArgsError> {
    args(list).deserialize()
}

fn err(list: &[(&str, &str)]) -> String {
    read(list).unwrap_err().to_string()
}

#[test]
fn every_wire_shape_is_read() {
    let got = read(FULL).unwrap();
    assert_eq!(
        got,
        RunInstances {
            region_id: "cn-hangzhou".into(),
            amount: Some(2),
            period: Some(-1),
            spot_price_limit: Some(0.5),
            dry_run: Some(true),
            instance_type: Some(Category("ecs.g7.large".into())),
            tag: vec![
                Tag {
                    key: "env".into(),
                    value: Some("prod line".into()),
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
            host_names: "abcdefghij".chars().map(String::from).collect(),
            parameters: Some(BTreeMap::from([
                ("a".to_owned(), serde_json::json!("x")),
                ("n".to_owned(), serde_json::json!([1, 2])),
            ])),
            template: Some(serde_json::json!([{"k": true}])),
        }
    );
}

#[test]
fn params_write_gives_back_exactly_the_arguments() {
    let request = read(FULL).unwrap();
    let mut params = Params::default();
    crate::params::write(&request, &mut params).unwrap();
    let mut written: Vec<(String, String)> = params
        .pairs()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let mut given: Vec<(String, String)> = FULL
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    written.sort();
    given.sort();
    assert_eq!(written, given);
}

#[test]
fn only_the_required_arguments() {
    let got = read(&[("RegionId", "r")]).unwrap();
    assert_eq!(got.region_id, "r");
    assert!(got.tag.is_empty() && got.system_disk.is_none() && got.parameters.is_none());
    assert_eq!(
        read(&[]).unwrap_err(),
        ArgsError::Missing("RegionId".into())
    );
    assert_eq!(
        err(&[("RegionId", "r"), ("Tag.1.Value", "v")]),
        "missing required parameter --Tag.1.Key"
    );
}

#[test]
fn malformed_names() {
    let base = ("RegionId", "r");
    assert_eq!(
        err(&[base, ("Tag.0.Key", "k")]),
        "--Tag.0.Key: list indices start at 1"
    );
    assert_eq!(
        err(&[base, ("Tag.2.Key", "k")]),
        "--Tag.2: list indices must be 1, 2, 3, … without gaps, and --Tag.1 is missing"
    );
    assert_eq!(
        err(&[base, ("Tag.1.Key", "a"), ("Tag.3.Key", "c")]),
        "--Tag.3: list indices must be 1, 2, 3, … without gaps, and --Tag.2 is missing"
    );
    assert_eq!(
        err(&[base, ("Tag.x.Key", "k")]),
        "--Tag: expected a list, given as --Tag.1, --Tag.2, …; got fields (--Tag.x.Key)"
    );
    assert_eq!(
        err(&[base, ("Tag.1", "k")]),
        "--Tag.1: expected fields, given as --Tag.1.Name; got a value"
    );
    assert_eq!(
        err(&[base, ("Tag", "k")]),
        "--Tag: expected a list, given as --Tag.1, --Tag.2, …; got a value"
    );
    assert_eq!(
        err(&[base, ("SystemDisk", "cloud")]),
        "--SystemDisk: expected fields, given as --SystemDisk.Name; got a value"
    );
    assert_eq!(
        err(&[("RegionId.1", "x")]),
        "--RegionId: expected a value, got a list (--RegionId.1, …)"
    );
    assert_eq!(
        err(&[base, ("Tag.1.Key", "a"), ("Tag.Key", "b")]),
        "--Tag.Key: --Tag is given both with list indices and with names"
    );
    assert_eq!(
        err(&[base, ("Tag.1", "a"), ("Tag.1.Key", "b")]),
        "--Tag.1: given both as a value and with parts (--Tag.1.Key)"
    );
    assert_eq!(
        err(&[base, ("Tag..Key", "k")]),
        "--Tag..Key: the name has an empty segment"
    );
    assert_eq!(
        err(&[base, ("Tag.01.Key", "k")]),
        "--Tag.01.Key: the list index 01 has a leading zero"
    );
    assert_eq!(
        err(&[base, ("Tag.99999999999.Key", "k")]),
        "--Tag.99999999999.Key: the list index 99999999999 is too large"
    );
    assert_eq!(
        err(&[base, ("1", "k")]),
        "--1: a parameter name cannot start with a list index"
    );
}

#[test]
fn unknown_arguments_name_what_is_known_there() {
    let e = read(&[("RegionId", "r"), ("Colour", "red")]).unwrap_err();
    let ArgsError::Unknown { name, known } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(name, "Colour");
    assert_eq!(known[0], "RegionId");
    assert!(
        e.to_string()
            .starts_with("unknown parameter --Colour; this operation takes: --RegionId, --Amount"),
        "{e}"
    );

    assert_eq!(
        read(&[
            ("RegionId", "r"),
            ("Tag.1.Key", "k"),
            ("Tag.1.Colour", "red")
        ])
        .unwrap_err(),
        ArgsError::Unknown {
            name: "Tag.1.Colour".into(),
            known: vec!["Tag.1.Key".into(), "Tag.1.Value".into()],
        }
    );
    assert_eq!(
        err(&[("RegionId", "r"), ("SystemDisk.Colour", "red")]),
        "unknown parameter --SystemDisk.Colour; --SystemDisk takes: --SystemDisk.Category, --SystemDisk.Size"
    );
    // A structure under an unknown name is unknown by its first segment.
    assert_eq!(
        err(&[("RegionId", "r"), ("Colour.1.Key", "red")])
            .split(';')
            .next(),
        Some("unknown parameter --Colour")
    );
}

#[test]
fn bad_values() {
    let base = ("RegionId", "r");
    assert_eq!(
        err(&[base, ("Amount", "ten")]),
        "--Amount: expected an Integer, got \"ten\""
    );
    assert_eq!(
        err(&[base, ("Amount", "4294967296")]),
        "--Amount: expected an Integer, got \"4294967296\""
    );
    assert_eq!(
        err(&[base, ("Period", "1.5")]),
        "--Period: expected a Long, got \"1.5\""
    );
    assert_eq!(
        err(&[base, ("SpotPriceLimit", "cheap")]),
        "--SpotPriceLimit: expected a Float, got \"cheap\""
    );
    assert_eq!(
        err(&[base, ("DryRun", "yes")]),
        "--DryRun: expected true or false, got \"yes\""
    );
    assert_eq!(
        err(&[base, ("SystemDisk.Size", "big")]),
        "--SystemDisk.Size: expected an Integer, got \"big\""
    );
    let e = err(&[base, ("Parameters", "{a:1}")]);
    assert!(
        e.starts_with("--Parameters: expected JSON text: key must be a string"),
        "{e}"
    );
    let e = err(&[base, ("Parameters", "[1]")]);
    assert!(
        e.starts_with("--Parameters: invalid type: sequence, expected a map"),
        "{e}"
    );
    // Surrounding spaces in numbers are tolerated; text is kept verbatim.
    let got = read(&[base, ("Amount", " 3 "), ("DryRun", "FALSE")]).unwrap();
    assert_eq!((got.amount, got.dry_run), (Some(3), Some(false)));
}

#[test]
fn json_parameters_also_given_as_parts() {
    // `--Parameters.a x` is the tree {"a": "x"}: read as the map directly.
    let got = read(&[("RegionId", "r"), ("Parameters.a", "x")]).unwrap();
    assert_eq!(got.parameters.unwrap()["a"], "x");
}
