//! Every wire shape, end to end over loopback HTTP: the generated types of
//! the shapes fixture (`fixtures/good/shapes`), the runtime's one parameter
//! serializer and its list readers, and the test server, which verifies the
//! V3 and V2 signatures with its own code and records the parameters exactly
//! as it read them.

use std::collections::BTreeMap;
use std::time::Duration;

use acs_runtime::credentials::Credentials;
use acs_runtime::response::parse_response;
use acs_runtime::sign::SignatureVersion;
use acs_runtime::{Config, OperationError, ResponseFormat, RetryConfig, SdkError, ServiceError};
use sdk_tests::server::TestServer;
use sdk_tests::shapes::create_thing::{
    self, Config as ThingConfig, CreateThingError, CreateThingRequest, CreateThingResponse,
    NetworkInterface, SystemDisk, Tag, Traffic,
};
use sdk_tests::shapes::get_nothing::GetNothingRequest;
use sdk_tests::shapes::{Client, CommonError};

const AK: &str = "LTAI5tShapesKey";
const SECRET: &str = "shapes-secret-never-shown";
const STS_AK: &str = "STS.NUshapes";
const STS_SECRET: &str = "shapes-sts-secret";
const TOKEN: &str = "CAIS-shapes-token";

/// The documented examples of `CreateThing` (as in the fixture).
const JSON_BODY: &str = r#"{
  "RequestId": "4ECEEE12-56F1-4FBC-9AB1-890F74942176",
  "Things": {"Thing": [
    {"ThingId": "t-1", "Size": "40", "Tags": {"Tag": [{"Key": "env", "Value": "prod"}]}, "Ports": {"Port": [80, "443"]}},
    {"ThingId": "t-2", "Size": 20, "Tags": {"Tag": []}, "Ports": {}}
  ]},
  "DiskCategories": {"DiskCategory": ["cloud_essd", "cloud_ssd"]},
  "SupportedValues": ["a", "b"],
  "Owner": {"Name": "me"}
}"#;

const XML_BODY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<CreateThingResponse>
  <RequestId>4ECEEE12-56F1-4FBC-9AB1-890F74942176</RequestId>
  <Things>
    <Thing>
      <ThingId>t-1</ThingId>
      <Size>40</Size>
      <Tags><Tag><Key>env</Key><Value>prod</Value></Tag></Tags>
      <Ports><Port>80</Port><Port>443</Port></Ports>
    </Thing>
    <Thing>
      <ThingId>t-2</ThingId>
      <Size>20</Size>
      <Tags></Tags>
      <Ports/>
    </Thing>
  </Things>
  <DiskCategories><DiskCategory>cloud_essd</DiskCategory><DiskCategory>cloud_ssd</DiskCategory></DiskCategories>
  <SupportedValues>a</SupportedValues>
  <SupportedValues>b</SupportedValues>
  <Owner><Name>me</Name></Owner>
</CreateThingResponse>"#;

fn start() -> TestServer {
    let server = TestServer::builder()
        .access_key(AK, SECRET)
        .sts_key(STS_AK, STS_SECRET, TOKEN)
        .start();
    server.respond("CreateThing", JSON_BODY, XML_BODY);
    server.respond(
        "GetNothing",
        r#"{"RequestId":"R-1"}"#,
        "<GetNothingResponse><RequestId>R-1</RequestId></GetNothingResponse>",
    );
    server
}

fn client(
    server: &TestServer,
    version: SignatureVersion,
    format: ResponseFormat,
    sts: bool,
) -> Client {
    let credentials = if sts {
        Credentials::new(STS_AK, STS_SECRET).with_security_token(TOKEN)
    } else {
        Credentials::new(AK, SECRET)
    };
    Client::new(
        Config::builder()
            .endpoint(server.url())
            .region("cn-hangzhou")
            .credentials(credentials)
            .signature_version(version)
            .format(format)
            .retry(RetryConfig::disabled())
            .read_timeout(Duration::from_secs(5))
            .build()
            .expect("a valid configuration"),
    )
}

/// A request with every shape, and values that need encoding; its
/// `RegionId` is the client's.
fn request() -> CreateThingRequest {
    CreateThingRequest::new()
        .instance_id("i-1")
        .instance_id("i 2*~+")
        .tag(Tag::new("env").value("prod"))
        .tag(Tag::new("owner name").value("Zoë + 张三 *~"))
        .network_interface(
            NetworkInterface::new("vsw-1")
                .security_group_ids("sg-1")
                .security_group_ids("sg-2")
                .traffic(Traffic::new().queue_number(4)),
        )
        .network_interface(NetworkInterface::new("vsw-2"))
        .system_disk(
            SystemDisk::new()
                .category(create_thing::Category::CLOUD_ESSD)
                .size(40)
                .ratio(0.5),
        )
        .parameters(serde_json::json!({"a": "x y", "n": [1, 2]}))
        .labels(BTreeMap::from([("k".to_owned(), "v w".to_owned())]))
        .config(ThingConfig::new().mode("fast"))
        .ports(vec![80, 443])
        .dry_run(false)
}

/// The parameters the service must see for [`request`], exactly.
fn expected_params() -> Vec<(String, String)> {
    let mut expected: Vec<(String, String)> = [
        ("RegionId", "cn-hangzhou"),
        ("InstanceId.1", "i-1"),
        ("InstanceId.2", "i 2*~+"),
        ("Tag.1.Key", "env"),
        ("Tag.1.Value", "prod"),
        ("Tag.2.Key", "owner name"),
        ("Tag.2.Value", "Zoë + 张三 *~"),
        ("NetworkInterface.1.VSwitchId", "vsw-1"),
        ("NetworkInterface.1.SecurityGroupIds.1", "sg-1"),
        ("NetworkInterface.1.SecurityGroupIds.2", "sg-2"),
        ("NetworkInterface.1.Traffic.QueueNumber", "4"),
        ("NetworkInterface.2.VSwitchId", "vsw-2"),
        ("SystemDisk.Category", "cloud_essd"),
        ("SystemDisk.Size", "40"),
        ("SystemDisk.Ratio", "0.5"),
        ("Parameters", r#"{"a":"x y","n":[1,2]}"#),
        ("Labels", r#"{"k":"v w"}"#),
        // An absent field of a JSON-encoded structure is left out, not null.
        ("Config", r#"{"Mode":"fast"}"#),
        ("Ports", "[80,443]"),
        ("DryRun", "false"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    expected.sort();
    expected
}

/// Every value of the documented example, at its path.
fn assert_example_values(r: &CreateThingResponse) {
    assert_eq!(
        r.request_id.as_deref(),
        Some("4ECEEE12-56F1-4FBC-9AB1-890F74942176")
    );
    assert_eq!(r.things.len(), 2);
    let first = &r.things[0];
    assert_eq!(first.thing_id.as_deref(), Some("t-1"));
    assert_eq!(first.size, Some(40));
    assert_eq!(first.tags.len(), 1);
    assert_eq!(first.tags[0].key.as_deref(), Some("env"));
    assert_eq!(first.tags[0].value.as_deref(), Some("prod"));
    assert_eq!(first.ports, vec![80, 443]);
    let second = &r.things[1];
    assert_eq!(second.thing_id.as_deref(), Some("t-2"));
    assert_eq!(second.size, Some(20));
    assert!(second.tags.is_empty());
    assert!(second.ports.is_empty());
    assert_eq!(r.disk_categories, vec!["cloud_essd", "cloud_ssd"]);
    assert_eq!(r.supported_values, vec!["a", "b"]);
    assert_eq!(r.owner.as_ref().and_then(|o| o.name.as_deref()), Some("me"));
}

#[tokio::test(flavor = "current_thread")]
async fn every_shape_reaches_the_server_under_its_exact_key_signed_v3_and_v2() {
    let server = start();
    let cases = [
        (SignatureVersion::V3, ResponseFormat::Json, false),
        (SignatureVersion::V3, ResponseFormat::Xml, true),
        (SignatureVersion::V2, ResponseFormat::Json, true),
        (SignatureVersion::V2, ResponseFormat::Xml, false),
    ];
    for (i, (version, format, sts)) in cases.into_iter().enumerate() {
        let client = client(&server, version, format, sts);
        let response = client
            .create_thing(&request())
            .await
            .unwrap_or_else(|e| panic!("{version:?} {format:?}: {e}"));
        assert_example_values(&response);

        let record = &server.requests()[i];
        assert_eq!(record.status, Some(200), "{version:?}: {record:?}");
        assert_eq!(
            format!("{:?}", record.signature_version),
            format!("{version:?}")
        );
        let mut params = record.params.clone();
        params.sort();
        assert_eq!(params, expected_params(), "{version:?} {format:?}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn an_operation_without_parameters_or_error_codes_works() {
    let server = start();
    for version in [SignatureVersion::V3, SignatureVersion::V2] {
        let client = client(&server, version, ResponseFormat::Json, false);
        let response = client
            .get_nothing(&GetNothingRequest::new())
            .await
            .expect("GetNothing");
        assert_eq!(response.request_id.as_deref(), Some("R-1"));
    }
    for record in server.requests() {
        assert!(record.params.is_empty(), "{record:?}");
    }
}

fn http_response(status: u16, content_type: &str, body: &str) -> http::Response<bytes::Bytes> {
    http::Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(bytes::Bytes::from(body.to_owned()))
        .unwrap()
}

#[test]
fn the_documented_examples_parse_value_by_value_in_json_and_xml() {
    for (content_type, body) in [("application/json", JSON_BODY), ("text/xml", XML_BODY)] {
        let parsed = parse_response::<CreateThingRequest>(&http_response(200, content_type, body))
            .unwrap_or_else(|e| panic!("{content_type}: {e}"));
        assert_example_values(&parsed);
    }
}

#[test]
fn absent_and_empty_lists_are_empty_vecs() {
    for (content_type, body) in [
        ("application/json", r#"{"RequestId":"x"}"#),
        (
            "application/json",
            r#"{"Things":{},"DiskCategories":{"DiskCategory":[]},"SupportedValues":[]}"#,
        ),
        (
            "application/json",
            r#"{"Things":null,"SupportedValues":null}"#,
        ),
        (
            "text/xml",
            "<CreateThingResponse><Things/><DiskCategories></DiskCategories></CreateThingResponse>",
        ),
    ] {
        let parsed = parse_response::<CreateThingRequest>(&http_response(200, content_type, body))
            .unwrap_or_else(|e| panic!("{body}: {e}"));
        assert!(parsed.things.is_empty(), "{body}");
        assert!(parsed.disk_categories.is_empty(), "{body}");
        assert!(parsed.supported_values.is_empty(), "{body}");
    }
    // One element, without the array: XML always looks like this.
    let one = parse_response::<CreateThingRequest>(&http_response(
        200,
        "text/xml",
        "<CreateThingResponse><Things><Thing><ThingId>t-9</ThingId><Ports><Port>8</Port></Ports></Thing></Things><SupportedValues>z</SupportedValues></CreateThingResponse>",
    ))
    .unwrap();
    assert_eq!(one.things.len(), 1);
    assert_eq!(one.things[0].thing_id.as_deref(), Some("t-9"));
    assert_eq!(one.things[0].ports, vec![8]);
    assert_eq!(one.supported_values, vec!["z"]);
    let one_json = parse_response::<CreateThingRequest>(&http_response(
        200,
        "application/json",
        r#"{"Things":{"Thing":{"ThingId":"t-9"}}}"#,
    ))
    .unwrap();
    assert_eq!(one_json.things[0].thing_id.as_deref(), Some("t-9"));
}

fn classify(code: &str, status: u16) -> CreateThingError {
    CreateThingError::from_service_error(ServiceError::new(status, code, "m"))
}

#[test]
fn error_codes_as_published_classify_distinctly() {
    // Codes that differ only in punctuation are distinct variants.
    assert!(matches!(
        classify("Invalid.Parameter", 400),
        CreateThingError::InvalidDotParameter(_)
    ));
    // The operation repeats a common code: it is matched once, as common.
    let common = classify("InvalidParameter", 400);
    assert!(matches!(
        common,
        CreateThingError::Common(CommonError::InvalidParameter(_))
    ));
    assert_eq!(common.code(), "InvalidParameter");
    assert!(common.common().is_some());
    // One code with two statuses is one variant.
    for status in [403, 404] {
        assert!(matches!(
            classify("Forbidden.Thing", status),
            CreateThingError::ForbiddenThing(_)
        ));
    }
    // A status the publisher wrote as 4003 is kept in the docs; the code classifies.
    assert!(matches!(
        classify("QuotaExceeded", 400),
        CreateThingError::QuotaExceeded(_)
    ));
    let other = classify("Something.Else", 500);
    assert!(matches!(other, CreateThingError::Unhandled(_)));
    assert_eq!(other.service_error().code, "Something.Else");
    assert!(other.common().is_none());
}

#[tokio::test(flavor = "current_thread")]
async fn a_common_error_from_the_server_is_common_for_any_operation() {
    let server = start();
    server.inject(
        sdk_tests::server::Fault::Throttling { retry_after: None },
        1,
    );
    let client = client(&server, SignatureVersion::V3, ResponseFormat::Json, false);
    let error = client
        .get_nothing(&GetNothingRequest::new())
        .await
        .expect_err("throttled");
    let SdkError::Service(e) = &error else {
        panic!("expected a service error, got {error:?}")
    };
    // `Throttling` is not in this fixture's common codes: kept as unhandled,
    // with every detail.
    assert_eq!(e.code(), "Throttling");
    // Throttling all the same, asked of the call's error or the typed one.
    assert!(error.is_throttling() && e.is_throttling());
}

/// `TagThings` has CreateThing's request `Tag` and its response `Tag` (as
/// `Thing.Tags.Tag` there, at the top here): one type each, defined once and
/// named by each operation's module as its paths decide; its `SystemDisk`
/// lacks a field, so it is a type of its own.
#[tokio::test(flavor = "current_thread")]
async fn a_shape_two_operations_share_is_one_type_on_the_wire_of_both() {
    use sdk_tests::shapes::tag_things::{self, TagThingsRequest};

    // The same type under both modules' names: this compiles only if so.
    let tag: tag_things::Tag = create_thing::Tag::new("env").value("prod");
    let read: fn(create_thing::ThingTag) -> tag_things::ResponseTag = |t| t;
    let _ = read;
    // A structure of the same fields at two paths of one operation is one type.
    let same_in_one: fn(tag_things::ResponseTag) -> tag_things::TagThingsResponse = |t| {
        let mut r = tag_things::TagThingsResponse::default();
        r.tags.push(t.clone());
        r.removed.push(t);
        r
    };
    let _ = same_in_one;

    let server = start();
    server.respond(
        "TagThings",
        r#"{"RequestId":"R-2","Tags":{"Tag":[{"Key":"env","Value":"prod"}]},"Removed":{"Tag":[{"Key":"old","Value":"x"}]}}"#,
        "<TagThingsResponse><RequestId>R-2</RequestId><Tags><Tag><Key>env</Key><Value>prod</Value></Tag></Tags><Removed><Tag><Key>old</Key><Value>x</Value></Tag></Removed></TagThingsResponse>",
    );
    let request = TagThingsRequest::new()
        .tag(tag)
        .tag(tag_things::Tag::new("team"))
        .system_disk(
            tag_things::SystemDisk::new()
                .category(tag_things::Category::CLOUD_SSD)
                .size(20),
        );
    for (i, (version, format)) in [
        (SignatureVersion::V3, ResponseFormat::Json),
        (SignatureVersion::V2, ResponseFormat::Xml),
    ]
    .into_iter()
    .enumerate()
    {
        let response = client(&server, version, format, false)
            .tag_things(&request)
            .await
            .unwrap_or_else(|e| panic!("{version:?} {format:?}: {e}"));
        assert_eq!(response.request_id.as_deref(), Some("R-2"));
        let pairs = |tags: &[tag_things::ResponseTag]| -> Vec<(String, String)> {
            tags.iter()
                .map(|t| (t.key.clone().unwrap(), t.value.clone().unwrap()))
                .collect()
        };
        assert_eq!(pairs(&response.tags), [("env".into(), "prod".into())]);
        assert_eq!(pairs(&response.removed), [("old".into(), "x".into())]);

        let record = &server.requests()[i];
        assert_eq!(record.status, Some(200), "{record:?}");
        let mut params = record.params.clone();
        params.sort();
        let expected: Vec<(String, String)> = [
            ("RegionId", "cn-hangzhou"),
            ("SystemDisk.Category", "cloud_ssd"),
            ("SystemDisk.Size", "20"),
            ("Tag.1.Key", "env"),
            ("Tag.1.Value", "prod"),
            ("Tag.2.Key", "team"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(params, expected, "{version:?} {format:?}");
    }
}
