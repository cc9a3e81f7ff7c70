//! Response parsing without I/O: typed outputs in JSON and XML, error
//! documents in both formats, and every kind of body we cannot use.

use std::fmt;
use std::time::Duration;

use acs_runtime::error::{ResponseError, SdkError, ServiceError};
use acs_runtime::response::{ResponseFormat, parse_response, retry_after};
use acs_runtime::tree::{Fields, FromTree, TreeError, Value};
use acs_runtime::{HttpMethod, Operation, OperationError, OperationInfo, ServiceInfo};
use bytes::Bytes;

static SERVICE: ServiceInfo = ServiceInfo {
    product: "Ecs",
    version: "2014-05-26",
    endpoint_pattern: "ecs.{region_id}.aliyuncs.com",
    central_endpoint: "ecs.aliyuncs.com",
    regional_endpoints: &[],
};

static INFO: OperationInfo = OperationInfo {
    service: &SERVICE,
    action: "DescribeThings",
    method: HttpMethod::Post,
    kind: None,
    idempotency_token: None,
};

#[derive(serde::Serialize)]
struct DescribeThings;

#[derive(Debug, Default, PartialEq)]
struct Output {
    request_id: Option<String>,
    total_count: Option<i64>,
    truncated: Option<bool>,
    things: Option<Things>,
}

impl FromTree for Output {
    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        let Some(mut f) = Fields::of(value)? else {
            return Ok(None);
        };
        Ok(Some(Output {
            request_id: f.field("RequestId")?,
            total_count: f.field("TotalCount")?,
            truncated: f.field("Truncated")?,
            things: f.field("Things")?,
        }))
    }
}

#[derive(Debug, Default, PartialEq)]
struct Things {
    thing: Vec<Thing>,
}

impl FromTree for Things {
    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        let Some(mut f) = Fields::of(value)? else {
            return Ok(None);
        };
        Ok(Some(Things {
            thing: f.bare_list("Thing")?,
        }))
    }
}

#[derive(Debug, Default, PartialEq)]
struct Thing {
    name: String,
    size: Option<i32>,
}

/// `Name` is required here, as a hand-written type may make a field.
impl FromTree for Thing {
    const NULL_IS_ELEMENT: bool = true;
    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        let Some(mut f) = Fields::of(value)? else {
            return Ok(None);
        };
        Ok(Some(Thing {
            name: f
                .field("Name")?
                .ok_or_else(|| TreeError::new("missing field `Name`"))?,
            size: f.field("Size")?,
        }))
    }
}

#[derive(Debug, PartialEq)]
enum ThingsError {
    NotFound(ServiceError),
    Unhandled(ServiceError),
}

impl fmt::Display for ThingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.service_error(), f)
    }
}

impl std::error::Error for ThingsError {}

impl OperationError for ThingsError {
    fn from_service_error(error: ServiceError) -> Self {
        match error.code.as_str() {
            "InvalidThing.NotFound" => ThingsError::NotFound(error),
            _ => ThingsError::Unhandled(error),
        }
    }

    fn service_error(&self) -> &ServiceError {
        match self {
            ThingsError::NotFound(e) | ThingsError::Unhandled(e) => e,
        }
    }
}

impl acs_runtime::params::WriteParams for DescribeThings {
    fn write_params(
        &self,
        w: &mut acs_runtime::params::ParamWriter<'_, '_>,
    ) -> Result<(), acs_runtime::params::WriteError> {
        w.serde(self)
    }
}

impl Operation for DescribeThings {
    type Output = Output;
    type Error = ThingsError;
    const INFO: &'static OperationInfo = &INFO;
}

fn response(
    status: u16,
    content_type: Option<&str>,
    body: impl Into<Bytes>,
) -> http::Response<Bytes> {
    let mut builder = http::Response::builder().status(status);
    if let Some(content_type) = content_type {
        builder = builder.header("content-type", content_type);
    }
    builder.body(body.into()).unwrap()
}

// The error holds a `ServiceError` by value, as generated error enums do;
// its size is the seam's, not this helper's to change.
#[allow(clippy::result_large_err)]
fn parse(response: &http::Response<Bytes>) -> Result<Output, SdkError<ThingsError>> {
    parse_response::<DescribeThings>(response)
}

fn service_error(response: &http::Response<Bytes>) -> ThingsError {
    match parse(response) {
        Err(SdkError::Service(e)) => e,
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn response_error(response: &http::Response<Bytes>) -> ResponseError {
    match parse(response) {
        Err(SdkError::Response(e)) => e,
        other => panic!("expected a response error, got {other:?}"),
    }
}

fn expected() -> Output {
    Output {
        request_id: Some("4C3D-1".into()),
        total_count: Some(2),
        truncated: Some(false),
        things: Some(Things {
            thing: vec![
                Thing {
                    name: "a".into(),
                    size: Some(10),
                },
                Thing {
                    name: "b".into(),
                    size: None,
                },
            ],
        }),
    }
}

const JSON: &str = r#"{"RequestId":"4C3D-1","TotalCount":2,"Truncated":"false",
    "Things":{"Thing":[{"Name":"a","Size":"10"},{"Name":"b","Size":""}]}}"#;

const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeThingsResponse>
  <RequestId>4C3D-1</RequestId>
  <TotalCount>2</TotalCount>
  <Truncated>false</Truncated>
  <Things>
    <Thing><Name>a</Name><Size>10</Size></Thing>
    <Thing><Name>b</Name><Size/></Thing>
  </Things>
</DescribeThingsResponse>"#;

#[test]
fn json_output_by_content_type() {
    let r = response(200, Some("application/json;charset=utf-8"), JSON);
    assert_eq!(parse(&r).unwrap(), expected());
}

#[test]
fn xml_output_by_content_type() {
    let r = response(200, Some("text/xml; charset=UTF-8"), XML);
    assert_eq!(parse(&r).unwrap(), expected());
}

#[test]
fn format_sniffed_without_a_useful_content_type() {
    for content_type in [None, Some("text/plain"), Some("application/octet-stream")] {
        assert_eq!(
            parse(&response(200, content_type, JSON)).unwrap(),
            expected()
        );
        assert_eq!(
            parse(&response(200, content_type, XML)).unwrap(),
            expected()
        );
    }
    let leading_space = format!("\r\n  {JSON}");
    assert_eq!(
        parse(&response(200, None, leading_space)).unwrap(),
        expected()
    );
    let bom = format!("\u{feff}{JSON}");
    assert_eq!(parse(&response(200, None, bom)).unwrap(), expected());
}

#[test]
fn detect_format() {
    let headers = |ct: &str| {
        let mut h = http::HeaderMap::new();
        h.insert("content-type", ct.parse().unwrap());
        h
    };
    let none = http::HeaderMap::new();
    assert_eq!(
        ResponseFormat::detect(&headers("application/problem+json"), b""),
        Some(ResponseFormat::Json)
    );
    assert_eq!(
        ResponseFormat::detect(&headers("APPLICATION/XML"), b"{"),
        Some(ResponseFormat::Xml)
    );
    assert_eq!(
        ResponseFormat::detect(&none, b"  [1]"),
        Some(ResponseFormat::Json)
    );
    assert_eq!(
        ResponseFormat::detect(&none, b"\n<a/>"),
        Some(ResponseFormat::Xml)
    );
    assert_eq!(ResponseFormat::detect(&none, b"OK"), None);
    assert_eq!(ResponseFormat::detect(&none, b""), None);
}

const JSON_ERROR: &str = r#"{
    "RequestId": "7A1B-2",
    "HostId": "ecs.cn-hangzhou.aliyuncs.com",
    "Code": "InvalidThing.NotFound",
    "Message": "The specified thing does not exist. ",
    "Recommend": "https://api.aliyun.com/troubleshoot?q=InvalidThing.NotFound",
    "AccessDeniedDetail": "none"
}"#;

#[test]
fn json_error_document() {
    let r = response(404, Some("application/json"), JSON_ERROR);
    let e = service_error(&r);
    let mut want = ServiceError::new(
        404,
        "InvalidThing.NotFound",
        "The specified thing does not exist. ",
    )
    .with_request_id("7A1B-2");
    want.host_id = Some("ecs.cn-hangzhou.aliyuncs.com".into());
    want.recommend = Some("https://api.aliyun.com/troubleshoot?q=InvalidThing.NotFound".into());
    want.access_denied_detail = Some("none".into());
    assert_eq!(e, ThingsError::NotFound(want));
}

#[test]
fn xml_error_document() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <RequestId>7A1B-2</RequestId>
  <HostId>ecs.cn-hangzhou.aliyuncs.com</HostId>
  <Code>InvalidThing.NotFound</Code>
  <Message>The specified thing does not exist. </Message>
  <Recommend><![CDATA[https://api.aliyun.com/troubleshoot?q=InvalidThing.NotFound&a=b]]></Recommend>
</Error>"#;
    let e = service_error(&response(404, Some("text/xml"), body));
    let ThingsError::NotFound(e) = e else {
        panic!("{e:?}")
    };
    assert_eq!(e.status, 404);
    assert_eq!(e.code, "InvalidThing.NotFound");
    assert_eq!(e.message, "The specified thing does not exist. ");
    assert_eq!(e.request_id.as_deref(), Some("7A1B-2"));
    assert_eq!(e.host_id.as_deref(), Some("ecs.cn-hangzhou.aliyuncs.com"));
    assert_eq!(
        e.recommend.as_deref(),
        Some("https://api.aliyun.com/troubleshoot?q=InvalidThing.NotFound&a=b")
    );
    assert_eq!(e.access_denied_detail, None);
}

#[test]
fn access_denied_detail_object_is_kept_as_json() {
    let json = r#"{"Code":"Forbidden.RAM","Message":"denied","RequestId":"r",
        "AccessDeniedDetail":{"PolicyType":"AccountLevelIdentityBasedPolicy","NoPermissionType":"ImplicitDeny"}}"#;
    let e = service_error(&response(403, None, json));
    let want =
        r#"{"NoPermissionType":"ImplicitDeny","PolicyType":"AccountLevelIdentityBasedPolicy"}"#;
    assert_eq!(
        e.service_error().access_denied_detail.as_deref(),
        Some(want)
    );

    let xml = "<Error><Code>Forbidden.RAM</Code><Message>denied</Message><AccessDeniedDetail>\
               <PolicyType>AccountLevelIdentityBasedPolicy</PolicyType>\
               <NoPermissionType>ImplicitDeny</NoPermissionType></AccessDeniedDetail></Error>";
    let e = service_error(&response(403, None, xml));
    assert_eq!(
        e.service_error().access_denied_detail.as_deref(),
        Some(want)
    );
}

#[test]
fn lower_case_keys_request_id_header_and_retry_after() {
    let body =
        r#"{"code":"Throttling.User","message":"Request was denied due to user flow control."}"#;
    let r = http::Response::builder()
        .status(400)
        .header("x-acs-request-id", "HDR-1")
        .header("x-acs-retry-after", "1500")
        .body(Bytes::from(body))
        .unwrap();
    let e = service_error(&r);
    let e = e.service_error();
    assert_eq!(e.code, "Throttling.User");
    assert!(e.is_throttling());
    assert_eq!(e.request_id.as_deref(), Some("HDR-1"));
    assert_eq!(e.retry_after, Some(Duration::from_millis(1500)));
}

#[test]
fn retry_after_is_milliseconds_and_only_positive_integers() {
    let headers = |v: &str| {
        let mut h = http::HeaderMap::new();
        h.insert("x-acs-retry-after", v.parse().unwrap());
        h
    };
    assert_eq!(retry_after(&headers("2000")), Some(Duration::from_secs(2)));
    assert_eq!(
        retry_after(&headers(" 80 ")),
        Some(Duration::from_millis(80))
    );
    for bad in [
        "0",
        "-1",
        "",
        "soon",
        "1.5",
        "Wed, 21 Oct 2015 07:28:00 GMT",
    ] {
        assert_eq!(retry_after(&headers(bad)), None, "{bad:?}");
    }
    assert_eq!(retry_after(&http::HeaderMap::new()), None);
}

#[test]
fn numeric_code_and_message_are_text() {
    let e = service_error(&response(
        500,
        None,
        r#"{"Code":500,"Message":null,"RequestId":"r"}"#,
    ));
    let e = e.service_error();
    assert_eq!((e.code.as_str(), e.message.as_str()), ("500", ""));
}

#[test]
fn empty_bodies_keep_the_status() {
    for (status, body) in [(200, ""), (503, ""), (200, "  \n"), (404, "")] {
        let e = response_error(&response(status, Some("application/json"), body));
        assert_eq!(e.status, status);
        assert_eq!(e.reason, "empty body");
    }
}

#[test]
fn garbage_bodies() {
    let e = response_error(&response(502, Some("text/plain"), "Bad Gateway"));
    assert_eq!(e.status, 502);
    assert_eq!(
        e.reason,
        "body is neither JSON nor XML (Content-Type: text/plain)"
    );
    assert_eq!(e.body_start, "Bad Gateway");

    // An HTML error page from a proxy: XML-ish, but no Code.
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let e = response_error(&response(502, None, html));
    assert_eq!(
        (e.status, e.reason.as_str()),
        (502, "error response without a Code")
    );

    let e = response_error(&response(200, None, "OK"));
    assert_eq!(
        (e.status, e.reason.as_str()),
        (200, "body is neither JSON nor XML")
    );

    // Content-Type wins over the content.
    let e = response_error(&response(200, Some("application/json"), XML));
    assert!(e.reason.starts_with("malformed JSON body"), "{}", e.reason);

    let e = response_error(&response(
        200,
        Some("text/xml"),
        b"<DescribeThingsResponse>\xff\xfe</DescribeThingsResponse>".as_slice(),
    ));
    assert!(
        e.reason.starts_with("XML body is not UTF-8"),
        "{}",
        e.reason
    );
    assert_eq!(
        e.body_start,
        "<DescribeThingsResponse>\u{fffd}\u{fffd}</DescribeThingsResponse>"
    );
}

#[test]
fn truncated_bodies() {
    let e = response_error(&response(200, None, &JSON[..40]));
    assert!(e.reason.starts_with("truncated JSON body"), "{}", e.reason);
    assert_eq!(e.body_start, &JSON[..40]);

    let e = response_error(&response(200, None, &XML[..120]));
    assert!(e.reason.starts_with("unreadable XML body"), "{}", e.reason);

    let e = response_error(&response(400, None, r#"{"Code":"Throttl"#));
    assert_eq!(e.status, 400);
    assert!(e.reason.starts_with("truncated JSON body"), "{}", e.reason);
}

#[test]
fn bodies_of_the_wrong_shape() {
    let e = response_error(&response(200, None, r#"{"TotalCount":"many"}"#));
    assert!(
        e.reason
            .starts_with("JSON body does not have the expected shape"),
        "{}",
        e.reason
    );
    assert!(e.reason.contains("expected an i64"), "{}", e.reason);

    let e = response_error(&response(200, None, r#"[1, 2]"#));
    assert!(
        e.reason
            .starts_with("JSON body does not have the expected shape"),
        "{}",
        e.reason
    );

    let e = response_error(&response(
        200,
        None,
        "<DescribeThingsResponse><TotalCount>many</TotalCount></DescribeThingsResponse>",
    ));
    assert!(e.reason.contains("expected an i64"), "{}", e.reason);

    // Any XML would read as an empty response (every field is optional):
    // the root element must be the operation's.
    let e = response_error(&response(
        200,
        Some("text/html"),
        "<html><body>502 Bad Gateway</body></html>",
    ));
    assert_eq!(
        e.reason,
        "the XML body is <html>, not <DescribeThingsResponse>"
    );
    for root in ["Error", "Response", "DescribeThings"] {
        let e = response_error(&response(
            200,
            None,
            format!("<{root}><TotalCount>1</TotalCount></{root}>"),
        ));
        assert_eq!(
            e.reason,
            format!("the XML body is <{root}>, not <DescribeThingsResponse>")
        );
    }

    // The service's documents show older names for some actions' roots
    // (`<DescribeUserdataResponse>` for DescribeUserData): a success.
    for root in ["DescribeThingResponse", "describethingsResponse"] {
        let body = format!("<{root}><TotalCount>1</TotalCount></{root}>");
        let output = parse(&response(200, None, body)).unwrap();
        assert_eq!(output.total_count, Some(1), "{root}");
    }

    // An error status whose body is a JSON value but no error document.
    let e = response_error(&response(500, None, r#"{"Data":1}"#));
    assert_eq!(
        (e.status, e.reason.as_str()),
        (500, "error response without a Code")
    );
    let e = response_error(&response(500, None, r#""oops""#));
    assert!(
        e.reason.starts_with("body is neither") || e.reason.contains("shape"),
        "{}",
        e.reason
    );
}

#[test]
fn huge_bodies_keep_status_and_only_a_snippet() {
    let garbage = "x".repeat(5 * 1024 * 1024);
    let e = response_error(&response(500, None, garbage));
    assert_eq!(e.status, 500);
    assert_eq!(e.body_start.len(), ResponseError::SNIPPET_LEN);

    let mut huge = String::from(r#"{"RequestId":"r","Things":{"Thing":["#);
    for i in 0..100_000 {
        huge.push_str(&format!(r#"{{"Name":"n{i}","Size":{i}}},"#));
    }
    huge.pop();
    huge.push_str("]}}");
    let out = parse(&response(200, None, huge)).unwrap();
    assert_eq!(out.things.unwrap().thing.len(), 100_000);
}

// ---------------------------------------------------------------------------
// Lists as the services send them: wrapped, one element, empty, scalars.

static COMMANDS_INFO: OperationInfo = OperationInfo {
    service: &SERVICE,
    action: "DescribeCommands",
    method: HttpMethod::Post,
    kind: None,
    idempotency_token: None,
};

#[derive(serde::Serialize)]
struct DescribeCommands;

#[derive(Debug, Default, PartialEq)]
struct CommandsOutput {
    request_id: Option<String>,
    total_count: Option<i64>,
    commands: Vec<Command>,
}

impl FromTree for CommandsOutput {
    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        let Some(mut f) = Fields::of(value)? else {
            return Ok(None);
        };
        Ok(Some(CommandsOutput {
            request_id: f.field("RequestId")?,
            total_count: f.field("TotalCount")?,
            commands: f.list("Commands")?,
        }))
    }
}

#[derive(Debug, Default, PartialEq)]
struct Command {
    command_id: Option<String>,
    name: Option<String>,
    timeout: Option<i64>,
    enable_parameter: Option<bool>,
    parameter_names: Vec<String>,
    ports: Vec<i32>,
}

impl FromTree for Command {
    const NULL_IS_ELEMENT: bool = true;
    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        let Some(mut f) = Fields::of(value)? else {
            return Ok(None);
        };
        Ok(Some(Command {
            command_id: f.field("CommandId")?,
            name: f.field("Name")?,
            timeout: f.field("Timeout")?,
            enable_parameter: f.field("EnableParameter")?,
            parameter_names: f.list("ParameterNames")?,
            ports: f.list("Ports")?,
        }))
    }
}

impl acs_runtime::params::WriteParams for DescribeCommands {
    fn write_params(
        &self,
        w: &mut acs_runtime::params::ParamWriter<'_, '_>,
    ) -> Result<(), acs_runtime::params::WriteError> {
        w.serde(self)
    }
}

impl Operation for DescribeCommands {
    type Output = CommandsOutput;
    type Error = ThingsError;
    const INFO: &'static OperationInfo = &COMMANDS_INFO;
}

#[allow(clippy::result_large_err)]
fn parse_commands(body: &str) -> Result<CommandsOutput, SdkError<ThingsError>> {
    parse_response::<DescribeCommands>(&response(200, None, body.to_owned()))
}

fn command(id: &str, name: &str, timeout: i64, enabled: bool, names: &[&str]) -> Command {
    Command {
        command_id: Some(id.into()),
        name: Some(name.into()),
        timeout: Some(timeout),
        enable_parameter: Some(enabled),
        parameter_names: names.iter().map(|n| n.to_string()).collect(),
        ports: vec![],
    }
}

#[test]
fn xml_list_of_several_elements_reads_every_value() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeCommandsResponse>
    <RequestId>E69EF3CC-94CD-42E7-8926-F133B86387C0</RequestId>
    <TotalCount>3</TotalCount>
    <Commands>
        <Command>
            <CommandId>c-hz01</CommandId>
            <Name>install &amp; start</Name>
            <Timeout>60</Timeout>
            <EnableParameter>true</EnableParameter>
            <ParameterNames>
                <ParameterName>name</ParameterName>
                <ParameterName>version</ParameterName>
            </ParameterNames>
            <Ports><Port>80</Port><Port>443</Port></Ports>
        </Command>
        <Command>
            <CommandId>c-hz02</CommandId>
            <Name><![CDATA[echo <hi>]]></Name>
            <Timeout>3600</Timeout>
            <EnableParameter>false</EnableParameter>
            <ParameterNames>
                <ParameterName>only</ParameterName>
            </ParameterNames>
            <Ports/>
        </Command>
        <Command>
            <CommandId>c-hz03</CommandId>
            <Name>empty</Name>
            <Timeout>1</Timeout>
            <EnableParameter>false</EnableParameter>
            <ParameterNames/>
        </Command>
    </Commands>
</DescribeCommandsResponse>"#;
    let mut first = command("c-hz01", "install & start", 60, true, &["name", "version"]);
    first.ports = vec![80, 443];
    let want = CommandsOutput {
        request_id: Some("E69EF3CC-94CD-42E7-8926-F133B86387C0".into()),
        total_count: Some(3),
        commands: vec![
            first,
            command("c-hz02", "echo <hi>", 3600, false, &["only"]),
            command("c-hz03", "empty", 1, false, &[]),
        ],
    };
    assert_eq!(parse_commands(body).unwrap(), want);

    // The same document in JSON reads the same.
    let json = r#"{"RequestId":"E69EF3CC-94CD-42E7-8926-F133B86387C0","TotalCount":3,"Commands":{"Command":[
        {"CommandId":"c-hz01","Name":"install & start","Timeout":60,"EnableParameter":true,
         "ParameterNames":{"ParameterName":["name","version"]},"Ports":{"Port":[80,443]}},
        {"CommandId":"c-hz02","Name":"echo <hi>","Timeout":"3600","EnableParameter":false,
         "ParameterNames":{"ParameterName":["only"]},"Ports":{"Port":[]}},
        {"CommandId":"c-hz03","Name":"empty","Timeout":1,"EnableParameter":"false","ParameterNames":{}}]}}"#;
    assert_eq!(parse_commands(json).unwrap(), want);
}

#[test]
fn xml_list_of_one_element() {
    let body = "<DescribeCommandsResponse><Commands><Command><CommandId>c-1</CommandId>\
                <ParameterNames><ParameterName>p</ParameterName></ParameterNames>\
                <Ports><Port>22</Port></Ports></Command></Commands></DescribeCommandsResponse>";
    let got = parse_commands(body).unwrap();
    assert_eq!(
        got.commands,
        vec![Command {
            command_id: Some("c-1".into()),
            parameter_names: vec!["p".into()],
            ports: vec![22],
            ..Command::default()
        }]
    );
}

#[test]
fn xml_empty_wrappers() {
    for body in [
        "<DescribeCommandsResponse><TotalCount>0</TotalCount><Commands/></DescribeCommandsResponse>",
        "<DescribeCommandsResponse><TotalCount>0</TotalCount><Commands></Commands></DescribeCommandsResponse>",
        "<DescribeCommandsResponse><TotalCount>0</TotalCount><Commands>\n  </Commands></DescribeCommandsResponse>",
        "<DescribeCommandsResponse><TotalCount>0</TotalCount></DescribeCommandsResponse>",
    ] {
        let got = parse_commands(body).unwrap();
        assert_eq!(
            got,
            CommandsOutput {
                total_count: Some(0),
                ..CommandsOutput::default()
            },
            "{body}"
        );
    }
}

#[test]
fn deeply_nested_bodies_are_response_errors() {
    fn nested_xml(depth: usize) -> String {
        format!(
            "<DescribeThingsResponse>{}{}</DescribeThingsResponse>",
            "<Things>".repeat(depth),
            "</Things>".repeat(depth)
        )
    }
    let e = response_error(&response(200, None, nested_xml(200)));
    assert_eq!(e.status, 200);
    assert!(e.reason.contains("nested deeper than 128"), "{}", e.reason);
    let e = response_error(&response(200, None, nested_xml(100_000)));
    assert!(e.reason.starts_with("unreadable XML body"), "{}", e.reason);
    // The error path too.
    let e = response_error(&response(500, None, nested_xml(200)));
    assert_eq!(e.status, 500);

    // A body is read into a tree first, which serde_json stops at 128
    // levels, wherever the depth is: under a key nobody reads, or in the
    // error document's AccessDeniedDetail.
    let nested_json = |key: &str, depth: usize| {
        format!(
            r#"{{"Code":"X","{key}":{}1{}}}"#,
            r#"{"A":"#.repeat(depth),
            "}".repeat(depth)
        )
    };
    let e = response_error(&response(200, None, nested_json("Unknown", 100_000)));
    assert!(e.reason.contains("recursion limit"), "{}", e.reason);
    assert!(parse(&response(200, None, nested_json("Unknown", 100))).is_ok());
    for depth in [200, 100_000] {
        let e = response_error(&response(
            400,
            None,
            nested_json("AccessDeniedDetail", depth),
        ));
        assert_eq!(e.status, 400);
        assert!(e.reason.contains("recursion limit"), "{}", e.reason);
    }
}
