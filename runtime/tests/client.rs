//! The call routine with a fake operation and a recording transport: the
//! request it builds (V3 and V2), endpoints, retries and their waits,
//! per-call options; then the reqwest transport against a raw TCP server on
//! 127.0.0.1 (timeouts, refused connections, oversized bodies).

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use acs_runtime::client::{CallOptions, Client, Config, ConfigBuilder};
use acs_runtime::credentials::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};
use acs_runtime::dynamic::{
    Args, ArgsError, DynamicError, Mode, OperationDescriptor, Output as DynOutput, ParamDescriptor,
    dispatch,
};
use acs_runtime::error::{SdkError, ServiceError, TransportError, TransportErrorKind};
use acs_runtime::response::ResponseFormat;
use acs_runtime::retry::{RetryClass, RetryConfig, RetryReason, Sleep};
use acs_runtime::sign::{self, SignatureVersion, SigningParams};
use acs_runtime::transport::{SendOptions, Transport};
use acs_runtime::tree::{Fields, FromTree, Object, ToTree, TreeError, Value};
use acs_runtime::{
    HttpMethod, Operation, OperationError, OperationInfo, OperationKind, Params, ServiceInfo,
};
use bytes::Bytes;

// ---------------------------------------------------------------------------
// A fake operation.

static SERVICE: ServiceInfo = ServiceInfo {
    product: "Ecs",
    version: "2014-05-26",
    endpoint_pattern: "ecs.{region_id}.aliyuncs.com",
    central_endpoint: "ecs.aliyuncs.com",
    regional_endpoints: &[("cn-beijing", "ecs-beijing.example.com")],
};

static INFO: OperationInfo = OperationInfo {
    service: &SERVICE,
    action: "DescribeThings",
    method: HttpMethod::Post,
    kind: Some(OperationKind::List),
    idempotency_token: None,
};

#[derive(Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct DescribeThings {
    #[serde(skip_serializing_if = "Option::is_none")]
    region_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_size: Option<i32>,
}

impl DescribeThings {
    fn new() -> Self {
        DescribeThings {
            region_id: None,
            name: Some("web server".into()),
            page_size: Some(10),
        }
    }
}

#[derive(Debug, Default, PartialEq)]
struct Output {
    request_id: String,
    total_count: Option<i64>,
}

impl FromTree for Output {
    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        let Some(mut f) = Fields::of(value)? else {
            return Ok(None);
        };
        Ok(Some(Output {
            request_id: f
                .field("RequestId")?
                .ok_or_else(|| TreeError::new("missing field `RequestId`"))?,
            total_count: f.field("TotalCount")?,
        }))
    }
}

impl ToTree for Output {
    fn to_tree(&self) -> Value {
        let mut o = Object::new();
        o.put("RequestId", &self.request_id);
        o.put("TotalCount", &self.total_count);
        o.into_value()
    }
}

#[derive(Debug, PartialEq)]
enum ThingsError {
    InvalidName(ServiceError),
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
            "InvalidName" => ThingsError::InvalidName(error),
            _ => ThingsError::Unhandled(error),
        }
    }

    fn service_error(&self) -> &ServiceError {
        match self {
            ThingsError::InvalidName(e) | ThingsError::Unhandled(e) => e,
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

    fn request_region(&self) -> Option<&str> {
        self.region_id.as_deref()
    }
}

// ---------------------------------------------------------------------------
// A transport with canned answers that records what it is sent, and a sleep
// that records what it is asked to wait.

enum Canned {
    Response(u16, Vec<(&'static str, &'static str)>, &'static str),
    Fail(TransportErrorKind),
}

#[derive(Default)]
struct FakeState {
    canned: VecDeque<Canned>,
    sent: Vec<(http::Request<Bytes>, SendOptions)>,
}

#[derive(Clone, Default)]
struct FakeTransport(Arc<Mutex<FakeState>>);

impl fmt::Debug for FakeTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FakeTransport")
    }
}

impl FakeTransport {
    fn with(canned: impl IntoIterator<Item = Canned>) -> Self {
        let t = FakeTransport::default();
        t.0.lock().unwrap().canned.extend(canned);
        t
    }

    fn sent(&self) -> Vec<(http::Request<Bytes>, SendOptions)> {
        std::mem::take(&mut self.0.lock().unwrap().sent)
    }
}

impl Transport for FakeTransport {
    fn send(
        &self,
        request: http::Request<Bytes>,
        options: SendOptions,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        let mut state = self.0.lock().unwrap();
        state.sent.push((request, options));
        let answer = match state.canned.pop_front().expect("no canned answer left") {
            Canned::Response(status, headers, body) => {
                let mut b = http::Response::builder().status(status);
                for (name, value) in headers {
                    b = b.header(name, value);
                }
                Ok(b.body(Bytes::from_static(body.as_bytes())).unwrap())
            }
            Canned::Fail(kind) => Err(TransportError::new(kind, "canned failure")),
        };
        Box::pin(async move { answer })
    }
}

#[derive(Clone, Debug, Default)]
struct RecordingSleep(Arc<Mutex<Vec<Duration>>>);

impl Sleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

impl RecordingSleep {
    fn waits(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

fn ok() -> Canned {
    Canned::Response(
        200,
        vec![
            ("content-type", "application/json"),
            ("x-acs-request-id", "REQ-OK"),
        ],
        r#"{"RequestId":"REQ-OK","TotalCount":"3"}"#,
    )
}

fn error(status: u16, code: &'static str) -> Canned {
    let body: &'static str = Box::leak(
        format!(r#"{{"Code":"{code}","Message":"m","RequestId":"REQ-{status}"}}"#).into_boxed_str(),
    );
    Canned::Response(status, vec![("content-type", "application/json")], body)
}

fn credentials() -> Credentials {
    Credentials::new("LTAI-test-id", "test-secret")
}

fn base(transport: &FakeTransport, sleep: &RecordingSleep) -> ConfigBuilder {
    Config::builder()
        .credentials(credentials())
        .region("cn-hangzhou")
        .transport(transport.clone())
        .sleep(sleep.clone())
        .random(|| 1.0)
}

fn client(builder: ConfigBuilder) -> Client {
    Client::new(builder.build().unwrap())
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

fn query_pairs(request: &http::Request<Bytes>) -> Vec<(String, String)> {
    let query = request.uri().query().unwrap_or("");
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8()
                    .unwrap()
                    .into_owned()
            };
            (decode(k), decode(v))
        })
        .collect()
}

fn query_value(request: &http::Request<Bytes>, name: &str) -> Option<String> {
    query_pairs(request)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn header<'r>(request: &'r http::Request<Bytes>, name: &str) -> Option<&'r str> {
    request.headers().get(name).map(|v| v.to_str().unwrap())
}

const TIME: Duration = Duration::from_secs(1_700_000_000);

// ---------------------------------------------------------------------------
// The request.

#[test]
fn v3_request() {
    let transport = FakeTransport::default();
    let client = client(base(&transport, &RecordingSleep::default()));
    let op = DescribeThings::new();
    let time = SystemTime::UNIX_EPOCH + TIME;
    let request = client
        .sign_request_at(&op, &credentials(), time, "nonce-1")
        .unwrap();

    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri().scheme_str(), Some("https"));
    assert_eq!(
        request.uri().authority().unwrap(),
        "ecs.cn-hangzhou.aliyuncs.com"
    );
    assert_eq!(request.uri().path(), "/");
    assert_eq!(
        query_pairs(&request),
        [
            ("Name".to_owned(), "web server".to_owned()),
            ("PageSize".to_owned(), "10".to_owned())
        ]
    );
    assert_eq!(request.uri().query(), Some("Name=web%20server&PageSize=10"));
    assert!(request.body().is_empty());
    assert_eq!(header(&request, "x-acs-action"), Some("DescribeThings"));
    assert_eq!(header(&request, "x-acs-version"), Some("2014-05-26"));
    assert_eq!(header(&request, "x-acs-signature-nonce"), Some("nonce-1"));
    assert_eq!(
        header(&request, "host"),
        Some("ecs.cn-hangzhou.aliyuncs.com")
    );
    assert_eq!(header(&request, "accept"), Some("application/json"));
    assert!(
        header(&request, "user-agent")
            .unwrap()
            .starts_with("acs-runtime-rust/")
    );
    assert_eq!(query_value(&request, "Action"), None);

    // Exactly what the signer says, header for header.
    let mut params = Params::default();
    acs_runtime::params::write(&op, &mut params).unwrap();
    let signed = sign::sign(
        SignatureVersion::V3,
        &SigningParams {
            method: HttpMethod::Post,
            host: "ecs.cn-hangzhou.aliyuncs.com",
            path: "/",
            action: "DescribeThings",
            version: "2014-05-26",
            params: &params,
            body: b"",
            timestamp: time,
            nonce: "nonce-1",
            credentials: &credentials(),
            format: "JSON",
        },
    );
    assert_eq!(request.uri().query(), Some(signed.query.as_str()));
    for (name, value) in &signed.headers {
        assert_eq!(header(&request, name), Some(value.as_str()), "{name}");
    }
    assert!(
        header(&request, "authorization")
            .unwrap()
            .starts_with("ACS3-HMAC-SHA256 Credential=LTAI-test-id,")
    );
    // Each header once: no header map was merged into another.
    assert_eq!(header(&request, "content-length"), Some("0"));
    assert_eq!(request.headers().len(), signed.headers.len() + 3);
    assert!(transport.sent().is_empty());
}

#[test]
fn v2_request() {
    let transport = FakeTransport::default();
    let client = client(
        base(&transport, &RecordingSleep::default())
            .signature_version(SignatureVersion::V2)
            .format(ResponseFormat::Xml),
    );
    let time = SystemTime::UNIX_EPOCH + TIME;
    let request = client
        .sign_request_at(&DescribeThings::new(), &credentials(), time, "nonce-2")
        .unwrap();

    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri().path(), "/");
    assert_eq!(
        query_value(&request, "Action").as_deref(),
        Some("DescribeThings")
    );
    assert_eq!(
        query_value(&request, "Version").as_deref(),
        Some("2014-05-26")
    );
    assert_eq!(query_value(&request, "Format").as_deref(), Some("XML"));
    assert_eq!(
        query_value(&request, "SignatureNonce").as_deref(),
        Some("nonce-2")
    );
    assert_eq!(
        query_value(&request, "AccessKeyId").as_deref(),
        Some("LTAI-test-id")
    );
    assert_eq!(query_value(&request, "Name").as_deref(), Some("web server"));
    assert!(query_value(&request, "Signature").is_some());
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(header(&request, "accept"), None);
    assert!(request.body().is_empty());
}

#[test]
fn v3_xml_asks_for_xml() {
    let transport = FakeTransport::default();
    let client = client(base(&transport, &RecordingSleep::default()).format(ResponseFormat::Xml));
    let request = client
        .sign_request_at(
            &DescribeThings::new(),
            &credentials(),
            SystemTime::UNIX_EPOCH + TIME,
            "n",
        )
        .unwrap();
    assert_eq!(header(&request, "accept"), Some("application/xml"));
}

#[test]
fn sts_token_is_sent_and_never_quoted_in_errors() {
    let transport = FakeTransport::default();
    let creds = credentials().with_security_token("sts-token-secret");
    let client = client(base(&transport, &RecordingSleep::default()));
    let request = client
        .sign_request_at(
            &DescribeThings::new(),
            &creds,
            SystemTime::UNIX_EPOCH + TIME,
            "n",
        )
        .unwrap();
    assert_eq!(
        header(&request, "x-acs-security-token"),
        Some("sts-token-secret")
    );

    let bad = credentials().with_security_token("line\nbreak-secret");
    let e = client
        .sign_request_at(
            &DescribeThings::new(),
            &bad,
            SystemTime::UNIX_EPOCH + TIME,
            "n",
        )
        .unwrap_err();
    assert!(matches!(e, SdkError::Build(_)), "{e:?}");
    assert!(!e.to_string().contains("secret"), "{e}");
}

// ---------------------------------------------------------------------------
// Endpoints.

#[test]
fn endpoint_from_client_region_then_request_region() {
    let transport = FakeTransport::default();
    let sleep = RecordingSleep::default();
    let time = SystemTime::UNIX_EPOCH + TIME;
    let op = DescribeThings {
        region_id: Some("cn-beijing".into()),
        ..DescribeThings::new()
    };

    let c = client(base(&transport, &sleep));
    let r = c.sign_request_at(&op, &credentials(), time, "n").unwrap();
    assert_eq!(r.uri().host(), Some("ecs.cn-hangzhou.aliyuncs.com"));

    let c = client(
        Config::builder()
            .credentials(credentials())
            .transport(transport.clone()),
    );
    let r = c.sign_request_at(&op, &credentials(), time, "n").unwrap();
    assert_eq!(
        r.uri().host(),
        Some("ecs-beijing.example.com"),
        "spec map entry"
    );
    assert_eq!(query_value(&r, "RegionId").as_deref(), Some("cn-beijing"));
}

#[test]
fn endpoint_override_with_port_and_base_path() {
    let transport = FakeTransport::default();
    let c = client(
        base(&transport, &RecordingSleep::default()).endpoint("http://127.0.0.1:8080/proxy/"),
    );
    let r = c
        .sign_request_at(
            &DescribeThings::new(),
            &credentials(),
            SystemTime::UNIX_EPOCH + TIME,
            "n",
        )
        .unwrap();
    assert_eq!(r.uri().scheme_str(), Some("http"));
    assert_eq!(r.uri().authority().unwrap(), "127.0.0.1:8080");
    assert_eq!(r.uri().path(), "/proxy/");
    assert_eq!(header(&r, "host"), Some("127.0.0.1:8080"));
}

#[test]
fn endpoint_errors() {
    let transport = FakeTransport::default();
    // No region anywhere: nothing is sent.
    let c = client(
        Config::builder()
            .credentials(credentials())
            .transport(transport.clone()),
    );
    let e = block_on(c.call(&DescribeThings::new())).unwrap_err();
    assert!(matches!(e, SdkError::Endpoint(_)), "{e:?}");
    assert!(e.to_string().contains("no region"), "{e}");

    // A request region that could change the host.
    let op = DescribeThings {
        region_id: Some("evil.com/".into()),
        ..DescribeThings::new()
    };
    let e = block_on(c.call(&op)).unwrap_err();
    assert!(matches!(e, SdkError::Endpoint(_)), "{e:?}");
    assert!(transport.sent().is_empty());

    // Bad settings are refused when the configuration is built.
    let e = Config::builder()
        .transport(transport.clone())
        .region("CN_HANGZHOU")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("invalid region id"), "{e}");
    let e = Config::builder()
        .transport(transport.clone())
        .endpoint("ftp://x")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("scheme"), "{e}");
}

#[derive(Debug)]
struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async { Err(CredentialsError::new("nothing configured")) })
    }
}

#[test]
fn credentials_error_sends_nothing() {
    let transport = FakeTransport::with([ok()]);
    let c = client(base(&transport, &RecordingSleep::default()).credentials(NoCredentials));
    let e = block_on(c.call(&DescribeThings::new())).unwrap_err();
    assert!(matches!(e, SdkError::Credentials(_)), "{e:?}");
    let e = block_on(c.signed_request(&DescribeThings::new())).unwrap_err();
    assert!(matches!(e, SdkError::Credentials(_)), "{e:?}");
    assert!(transport.sent().is_empty());
}

#[test]
fn config_debug_hides_the_secret() {
    let config = base(&FakeTransport::default(), &RecordingSleep::default())
        .build()
        .unwrap();
    let text = format!("{config:?} {:?}", Client::new(config.clone()));
    assert!(text.contains("LTAI-test-id"), "{text}");
    assert!(!text.contains("test-secret"), "{text}");
}

// ---------------------------------------------------------------------------
// Calls and retries.

/// A request with a value that has no wire form.
#[derive(serde::Serialize)]
struct Unsendable {
    #[serde(rename = "Price")]
    price: f64,
}

impl acs_runtime::params::WriteParams for Unsendable {
    fn write_params(
        &self,
        w: &mut acs_runtime::params::ParamWriter<'_, '_>,
    ) -> Result<(), acs_runtime::params::WriteError> {
        w.serde(self)
    }
}

impl Operation for Unsendable {
    type Output = Output;
    type Error = ThingsError;
    const INFO: &'static OperationInfo = &INFO;
}

#[test]
fn a_request_without_a_wire_form_is_a_build_error_and_sends_nothing() {
    let transport = FakeTransport::with([ok()]);
    let c = client(base(&transport, &RecordingSleep::default()));
    let e = block_on(c.call(&Unsendable { price: f64::NAN })).unwrap_err();
    match e {
        SdkError::Build(reason) => assert!(
            reason.starts_with("parameter Price: a float that is not finite"),
            "{reason}"
        ),
        other => panic!("{other:?}"),
    }
    assert!(transport.sent().is_empty());
}

const DESCRIBE_THINGS: OperationDescriptor = OperationDescriptor {
    action: "DescribeThings",
    summary: "Describes things.",
    params: &[
        ParamDescriptor {
            name: "RegionId",
            type_name: "String",
            required: false,
        },
        ParamDescriptor {
            name: "Name",
            type_name: "String",
            required: false,
        },
        ParamDescriptor {
            name: "PageSize",
            type_name: "Integer",
            required: false,
        },
    ],
    parse: acs_runtime::dynamic::parse_as_json::<DescribeThings>,
};

#[test]
fn dispatch_reads_the_request_from_arguments() {
    let transport = FakeTransport::with([ok()]);
    let c = client(base(&transport, &RecordingSleep::default()));
    let args: Args = [("Name", "web server"), ("PageSize", "10")]
        .into_iter()
        .collect();

    let signed = block_on(dispatch::<DescribeThings>(
        &c,
        &DESCRIBE_THINGS,
        &args,
        Mode::Sign,
    ))
    .unwrap();
    let DynOutput::Signed(request) = signed else {
        panic!("{signed:?}")
    };
    assert_eq!(request.uri().query(), Some("Name=web%20server&PageSize=10"));
    assert!(transport.sent().is_empty());

    let called = block_on(dispatch::<DescribeThings>(
        &c,
        &DESCRIBE_THINGS,
        &args,
        Mode::Call,
    ))
    .unwrap();
    let DynOutput::Response(json) = called else {
        panic!("{called:?}")
    };
    assert_eq!(json["RequestId"], "REQ-OK");
    assert_eq!(transport.sent().len(), 1);
}

#[test]
fn dispatch_reports_argument_errors_before_sending() {
    let transport = FakeTransport::with([ok()]);
    let c = client(base(&transport, &RecordingSleep::default()));
    let args: Args = [("PageSize", "ten")].into_iter().collect();
    let e = block_on(dispatch::<DescribeThings>(
        &c,
        &DESCRIBE_THINGS,
        &args,
        Mode::Call,
    ))
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "--PageSize: expected an Integer, got \"ten\""
    );

    let args: Args = [("Colour", "red")].into_iter().collect();
    let e = block_on(dispatch::<DescribeThings>(
        &c,
        &DESCRIBE_THINGS,
        &args,
        Mode::Call,
    ))
    .unwrap_err();
    match e {
        DynamicError::Args(ArgsError::Unknown { name, known }) => {
            assert_eq!(name, "Colour");
            assert_eq!(known, ["RegionId", "Name", "PageSize"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(transport.sent().is_empty());
}

#[test]
fn successful_call() {
    let transport = FakeTransport::with([ok()]);
    let sleep = RecordingSleep::default();
    let c = client(base(&transport, &sleep));
    let out = block_on(c.call(&DescribeThings::new())).unwrap();
    assert_eq!(
        out,
        Output {
            request_id: "REQ-OK".into(),
            total_count: Some(3)
        }
    );
    let sent = transport.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].1, SendOptions::default());
    let nonce = header(&sent[0].0, "x-acs-signature-nonce").unwrap();
    assert_eq!(nonce.len(), 32);
    assert!(nonce.bytes().all(|b| b.is_ascii_hexdigit()), "{nonce}");
    assert!(sleep.waits().is_empty());
}

#[test]
fn throttling_then_success_honours_retry_after() {
    let throttled = Canned::Response(
        400,
        vec![("x-acs-retry-after", "1500")],
        r#"{"Code":"Throttling.User","Message":"Request was denied due to user flow control.","RequestId":"R1"}"#,
    );
    let transport = FakeTransport::with([throttled, ok()]);
    let sleep = RecordingSleep::default();
    let c = client(base(&transport, &sleep));
    let out = block_on(c.call(&DescribeThings::new())).unwrap();
    assert_eq!(out.request_id, "REQ-OK");
    assert_eq!(sleep.waits(), [Duration::from_millis(1500)]);
    assert_eq!(transport.sent().len(), 2);
}

#[test]
fn retry_after_is_capped_by_max_backoff() {
    let throttled = Canned::Response(
        400,
        vec![("x-acs-retry-after", "600000")],
        r#"{"Code":"Throttling.Api","Message":"m"}"#,
    );
    let transport = FakeTransport::with([throttled, ok()]);
    let sleep = RecordingSleep::default();
    let retry = RetryConfig::default().with_max_backoff(Duration::from_secs(3));
    block_on(client(base(&transport, &sleep).retry(retry)).call(&DescribeThings::new())).unwrap();
    assert_eq!(sleep.waits(), [Duration::from_secs(3)]);
}

#[test]
fn server_errors_back_off_exponentially_with_jitter() {
    let transport =
        FakeTransport::with([error(500, "InternalError"), error(502, "BadGateway"), ok()]);
    let sleep = RecordingSleep::default();
    let c = client(base(&transport, &sleep).random(|| 0.5));
    block_on(c.call(&DescribeThings::new())).unwrap();
    // Ceilings 100 ms then 200 ms, times the injected 0.5.
    assert_eq!(
        sleep.waits(),
        [Duration::from_millis(50), Duration::from_millis(100)]
    );
    assert_eq!(transport.sent().len(), 3);
}

#[test]
fn every_attempt_is_signed_afresh() {
    let transport = FakeTransport::with([
        error(500, "InternalError"),
        error(503, "ServiceUnavailable"),
        ok(),
    ]);
    let c = client(base(&transport, &RecordingSleep::default()));
    block_on(c.call(&DescribeThings::new())).unwrap();
    let sent = transport.sent();
    let nonces: Vec<&str> = sent
        .iter()
        .map(|(r, _)| header(r, "x-acs-signature-nonce").unwrap())
        .collect();
    let signatures: Vec<&str> = sent
        .iter()
        .map(|(r, _)| header(r, "authorization").unwrap())
        .collect();
    assert_eq!(nonces.len(), 3);
    assert!(
        nonces[0] != nonces[1] && nonces[1] != nonces[2] && nonces[0] != nonces[2],
        "{nonces:?}"
    );
    assert!(
        signatures[0] != signatures[1] && signatures[1] != signatures[2],
        "{signatures:?}"
    );

    // V2 too: the nonce is in the query.
    let transport = FakeTransport::with([error(500, "InternalError"), ok()]);
    let c = client(
        base(&transport, &RecordingSleep::default()).signature_version(SignatureVersion::V2),
    );
    block_on(c.call(&DescribeThings::new())).unwrap();
    let sent = transport.sent();
    let a = query_value(&sent[0].0, "SignatureNonce").unwrap();
    let b = query_value(&sent[1].0, "SignatureNonce").unwrap();
    assert_ne!(a, b);
}

#[test]
fn no_retry_on_client_errors() {
    for (status, code) in [
        (400, "InvalidName"),
        (403, "Forbidden.RAM"),
        (404, "InvalidThing.NotFound"),
    ] {
        let transport = FakeTransport::with([error(status, code)]);
        let sleep = RecordingSleep::default();
        let e =
            block_on(client(base(&transport, &sleep)).call(&DescribeThings::new())).unwrap_err();
        let SdkError::Service(e) = e else {
            panic!("{e:?}")
        };
        assert_eq!(e.service_error().status, status);
        assert_eq!(e.service_error().code, code);
        assert_eq!(
            e.service_error().request_id.as_deref(),
            Some(&*format!("REQ-{status}"))
        );
        assert_eq!(transport.sent().len(), 1, "{code}");
        assert!(sleep.waits().is_empty());
    }
    let transport = FakeTransport::with([error(400, "InvalidName")]);
    let e =
        block_on(client(base(&transport, &RecordingSleep::default())).call(&DescribeThings::new()))
            .unwrap_err();
    assert!(
        matches!(e, SdkError::Service(ThingsError::InvalidName(_))),
        "{e:?}"
    );
}

#[test]
fn attempts_run_out() {
    let transport = FakeTransport::with([
        error(400, "Throttling"),
        error(400, "Throttling.Api"),
        error(429, "Throttling"),
    ]);
    let sleep = RecordingSleep::default();
    let e = block_on(client(base(&transport, &sleep)).call(&DescribeThings::new())).unwrap_err();
    let SdkError::Service(e) = e else {
        panic!("{e:?}")
    };
    assert_eq!(e.service_error().status, 429, "the last attempt's error");
    assert_eq!(transport.sent().len(), 3);
    assert_eq!(
        sleep.waits(),
        [Duration::from_millis(100), Duration::from_millis(200)]
    );
}

#[test]
fn retries_disabled() {
    let transport = FakeTransport::with([error(500, "InternalError")]);
    let sleep = RecordingSleep::default();
    let c = client(base(&transport, &sleep).retry(RetryConfig::disabled()));
    let e = block_on(c.call(&DescribeThings::new())).unwrap_err();
    assert!(matches!(e, SdkError::Service(_)), "{e:?}");
    assert_eq!(transport.sent().len(), 1);
    assert!(sleep.waits().is_empty());
}

#[test]
fn transport_failures() {
    // Connect, timeout and I/O failures (a dropped connection) of a read are retried.
    let transport = FakeTransport::with([
        Canned::Fail(TransportErrorKind::Connect),
        Canned::Fail(TransportErrorKind::Timeout),
        Canned::Fail(TransportErrorKind::Io),
        ok(),
    ]);
    let sleep = RecordingSleep::default();
    let c = client(base(&transport, &sleep).retry(RetryConfig::default().with_max_attempts(4)));
    block_on(c.call(&DescribeThings::new())).unwrap();
    assert_eq!(transport.sent().len(), 4);
    assert_eq!(sleep.waits().len(), 3);

    // The last attempt's failure is returned as is.
    let transport = FakeTransport::with((0..3).map(|_| Canned::Fail(TransportErrorKind::Io)));
    let e = block_on(client(base(&transport, &sleep)).call(&DescribeThings::new())).unwrap_err();
    let SdkError::Transport(e) = e else {
        panic!("{e:?}")
    };
    assert_eq!(e.kind, TransportErrorKind::Io);
    assert_eq!(transport.sent().len(), 3);
}

#[test]
fn unreadable_server_error_is_retried_unreadable_success_is_not() {
    let gateway = Canned::Response(
        502,
        vec![("content-type", "text/html")],
        "<html>Bad Gateway</html>",
    );
    let transport = FakeTransport::with([gateway, ok()]);
    block_on(client(base(&transport, &RecordingSleep::default())).call(&DescribeThings::new()))
        .unwrap();
    assert_eq!(transport.sent().len(), 2);

    let garbage = Canned::Response(200, vec![], "not json");
    let transport = FakeTransport::with([garbage]);
    let e =
        block_on(client(base(&transport, &RecordingSleep::default())).call(&DescribeThings::new()))
            .unwrap_err();
    let SdkError::Response(e) = e else {
        panic!("{e:?}")
    };
    assert_eq!(e.status, 200);
    assert_eq!(transport.sent().len(), 1);
}

#[test]
fn per_call_options() {
    let transport = FakeTransport::with([error(500, "InternalError"), ok()]);
    let sleep = RecordingSleep::default();
    let c = client(
        base(&transport, &sleep)
            .connect_timeout(Duration::from_secs(2))
            .read_timeout(Duration::from_secs(7))
            .max_response_bytes(4096),
    );
    // Client settings reach the transport.
    let e = block_on(c.call_with(
        &DescribeThings::new(),
        &CallOptions::new().retry(RetryConfig::disabled()),
    ))
    .unwrap_err();
    assert!(matches!(e, SdkError::Service(_)));
    let sent = transport.sent();
    assert_eq!(sent.len(), 1, "retry disabled for this call only");
    assert_eq!(
        sent[0].1,
        SendOptions {
            connect_timeout: Duration::from_secs(2),
            read_timeout: Duration::from_secs(7),
            max_response_bytes: 4096,
        }
    );

    // Per-call overrides win.
    let options = CallOptions::new()
        .connect_timeout(Duration::from_millis(300))
        .read_timeout(Duration::from_millis(900))
        .max_response_bytes(10);
    let e = block_on(c.call_with(&DescribeThings::new(), &options)).unwrap_err();
    let sent = transport.sent();
    assert_eq!(
        sent[0].1,
        SendOptions {
            connect_timeout: Duration::from_millis(300),
            read_timeout: Duration::from_millis(900),
            max_response_bytes: 10,
        }
    );
    // The 40-byte body is over the per-call limit: an error that keeps the status.
    let SdkError::Response(e) = e else {
        panic!("{e:?}")
    };
    assert_eq!(e.status, 200);
    assert!(
        e.reason.contains("exceeds the limit of 10 bytes"),
        "{}",
        e.reason
    );

    // A more generous retry policy for one call.
    let transport = FakeTransport::with([error(500, "a"), error(500, "b"), error(500, "c"), ok()]);
    let c = client(base(&transport, &sleep).retry(RetryConfig::disabled()));
    let options = CallOptions::new().retry(RetryConfig::default().with_max_attempts(4));
    block_on(c.call_with(&DescribeThings::new(), &options)).unwrap();
    assert_eq!(transport.sent().len(), 4);
}

#[test]
fn body_too_large_from_the_transport_keeps_the_status() {
    #[derive(Debug)]
    struct TooLarge;
    impl Transport for TooLarge {
        fn send(
            &self,
            _: http::Request<Bytes>,
            _: SendOptions,
        ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
            Box::pin(async {
                Err(
                    TransportError::new(TransportErrorKind::BodyTooLarge, "over the limit")
                        .with_status(503),
                )
            })
        }
    }
    let c = client(
        Config::builder()
            .credentials(credentials())
            .region("cn-hangzhou")
            .transport(TooLarge)
            .sleep(RecordingSleep::default()),
    );
    let e = block_on(c.call(&DescribeThings::new())).unwrap_err();
    let SdkError::Response(e) = e else {
        panic!("{e:?}")
    };
    assert_eq!(e.status, 503);
}

#[test]
fn signed_request_uses_a_fresh_nonce_and_the_provider() {
    let c = client(base(&FakeTransport::default(), &RecordingSleep::default()));
    let a = block_on(c.signed_request(&DescribeThings::new())).unwrap();
    let b = block_on(c.signed_request(&DescribeThings::new())).unwrap();
    assert_ne!(
        header(&a, "x-acs-signature-nonce"),
        header(&b, "x-acs-signature-nonce")
    );
    assert!(
        header(&a, "authorization")
            .unwrap()
            .contains("Credential=LTAI-test-id,")
    );
    let date = header(&a, "x-acs-date").unwrap();
    assert!(date.len() == 20 && date.ends_with('Z'), "{date}");
}

#[test]
fn call_futures_can_be_spawned() {
    fn assert_send<T: Send + 'static>(_: T) {}
    let c = client(base(&FakeTransport::default(), &RecordingSleep::default()));
    assert_send(async move {
        let op = DescribeThings::new();
        let _ = c.call(&op).await;
        let _ = c.call_with(&op, &CallOptions::new()).await;
        let _ = c.signed_request(&op).await;
    });
}

#[test]
fn retry_classification() {
    let service = |status, code: &str| {
        SdkError::<ThingsError>::Service(ThingsError::from_service_error(ServiceError::new(
            status, code, "",
        )))
    };
    let mut throttled = ServiceError::new(400, "Throttling.User", "");
    throttled.retry_after = Some(Duration::from_secs(1));
    assert_eq!(
        RetryReason::of(&SdkError::<ThingsError>::Service(
            ThingsError::from_service_error(throttled)
        )),
        Some(RetryReason::Throttled {
            retry_after: Some(Duration::from_secs(1))
        })
    );
    // Not throttling (as the official SDKs define it), but retried as a
    // server error, whatever the status.
    assert_eq!(
        RetryReason::of(&service(503, "ServiceUnavailable")),
        Some(RetryReason::ServerError)
    );
    assert_eq!(
        RetryReason::of(&service(400, "SystemBusy")),
        Some(RetryReason::ServerError)
    );
    assert_eq!(
        RetryReason::of(&service(429, "TooManyRequests")),
        Some(RetryReason::Throttled { retry_after: None })
    );
    assert_eq!(
        RetryReason::of(&service(500, "InternalError")),
        Some(RetryReason::ServerError)
    );
    assert_eq!(RetryReason::of(&service(400, "InvalidParameter")), None);
    assert_eq!(RetryReason::of(&service(409, "Conflict")), None);
    assert_eq!(
        RetryReason::of(&SdkError::<ThingsError>::Build("x".into())),
        None
    );
    assert_eq!(
        RetryReason::of(&SdkError::<ThingsError>::Transport(TransportError::new(
            TransportErrorKind::Connect,
            "x"
        ))),
        Some(RetryReason::NotConnected)
    );
    for kind in [TransportErrorKind::Timeout, TransportErrorKind::Io] {
        assert_eq!(
            RetryReason::of(&SdkError::<ThingsError>::Transport(TransportError::new(
                kind, "x"
            ))),
            Some(RetryReason::Transport)
        );
    }
    let retry = RetryConfig::default();
    let transient = RetryClass::Transient;
    assert!(
        retry
            .should_retry(2, transient, &service(500, "InternalError"))
            .is_some()
    );
    assert!(
        retry
            .should_retry(3, transient, &service(500, "InternalError"))
            .is_none()
    );
    assert!(
        RetryConfig::disabled()
            .should_retry(1, transient, &service(500, "InternalError"))
            .is_none()
    );
    assert!(
        retry
            .should_retry(1, RetryClass::NotExecuted, &service(500, "InternalError"))
            .is_none()
    );
    assert!(
        retry
            .should_retry(1, RetryClass::NotExecuted, &service(400, "Throttling"))
            .is_some()
    );
}

// ---------------------------------------------------------------------------
// Retry classes and idempotency tokens.

static MAKE_INFO: OperationInfo = OperationInfo {
    service: &SERVICE,
    action: "MakeThing",
    method: HttpMethod::Post,
    kind: Some(OperationKind::Create),
    idempotency_token: None,
};

static CREATE_INFO: OperationInfo = OperationInfo {
    service: &SERVICE,
    action: "CreateThing",
    method: HttpMethod::Post,
    kind: Some(OperationKind::Create),
    idempotency_token: Some("ClientToken"),
};

/// A create without an idempotency token.
#[derive(serde::Serialize)]
struct MakeThing {
    #[serde(rename = "Name")]
    name: &'static str,
}

impl acs_runtime::params::WriteParams for MakeThing {
    fn write_params(
        &self,
        w: &mut acs_runtime::params::ParamWriter<'_, '_>,
    ) -> Result<(), acs_runtime::params::WriteError> {
        w.serde(self)
    }
}

impl Operation for MakeThing {
    type Output = Output;
    type Error = ThingsError;
    const INFO: &'static OperationInfo = &MAKE_INFO;
}

/// A create with one.
#[derive(serde::Serialize)]
struct CreateThing {
    #[serde(rename = "ClientToken", skip_serializing_if = "Option::is_none")]
    client_token: Option<&'static str>,
}

impl acs_runtime::params::WriteParams for CreateThing {
    fn write_params(
        &self,
        w: &mut acs_runtime::params::ParamWriter<'_, '_>,
    ) -> Result<(), acs_runtime::params::WriteError> {
        w.serde(self)
    }
}

impl Operation for CreateThing {
    type Output = Output;
    type Error = ThingsError;
    const INFO: &'static OperationInfo = &CREATE_INFO;
}

fn failed(kind: TransportErrorKind) -> Canned {
    Canned::Fail(kind)
}

#[test]
fn a_create_without_a_token_is_retried_only_when_it_did_not_run() {
    let make = MakeThing { name: "x" };
    // Failures after which it may have run: one attempt.
    for answer in [
        || error(500, "InternalError"),
        || error(503, "ServiceUnavailable"),
        || error(400, "SystemBusy"),
        || failed(TransportErrorKind::Timeout),
        || failed(TransportErrorKind::Io),
    ] {
        let transport = FakeTransport::with([answer(), ok()]);
        let sleep = RecordingSleep::default();
        block_on(client(base(&transport, &sleep)).call(&make)).unwrap_err();
        assert_eq!(transport.sent().len(), 1);
        assert!(sleep.waits().is_empty());
    }
    // Failures that prove it did not: retried.
    for answer in [
        || error(400, "Throttling.User"),
        || error(429, "TooManyRequests"),
        || failed(TransportErrorKind::Connect),
    ] {
        let transport = FakeTransport::with([answer(), answer(), ok()]);
        block_on(client(base(&transport, &RecordingSleep::default())).call(&make)).unwrap();
        assert_eq!(transport.sent().len(), 3);
    }
    // The caller opts in for one call.
    let transport = FakeTransport::with([error(500, "InternalError"), ok()]);
    let options = CallOptions::new().retry_class(RetryClass::Transient);
    block_on(client(base(&transport, &RecordingSleep::default())).call_with(&make, &options))
        .unwrap();
    assert_eq!(transport.sent().len(), 2);
    // And a read can be made as careful.
    let transport = FakeTransport::with([error(500, "InternalError"), ok()]);
    let options = CallOptions::new().retry_class(RetryClass::NotExecuted);
    block_on(
        client(base(&transport, &RecordingSleep::default()))
            .call_with(&DescribeThings::new(), &options),
    )
    .unwrap_err();
    assert_eq!(transport.sent().len(), 1);
}

fn is_v4_uuid(token: &str) -> bool {
    let bytes = token.as_bytes();
    token.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| bytes[i] == b'-')
        && bytes[14] == b'4'
        && matches!(bytes[19], b'8' | b'9' | b'a' | b'b')
        && token
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
}

#[test]
fn an_empty_token_is_filled_once_per_call_and_kept_by_every_retry() {
    let transport = FakeTransport::with([
        error(500, "InternalError"),
        failed(TransportErrorKind::Io),
        failed(TransportErrorKind::Timeout),
        ok(),
        ok(),
    ]);
    let c = client(
        base(&transport, &RecordingSleep::default())
            .retry(RetryConfig::default().with_max_attempts(4)),
    );
    let op = CreateThing { client_token: None };
    block_on(c.call(&op)).unwrap();
    let sent = transport.sent();
    let tokens: Vec<String> = sent
        .iter()
        .map(|(r, _)| query_value(r, "ClientToken").expect("a token"))
        .collect();
    assert_eq!(tokens.len(), 4, "retried after 5xx, I/O error and timeout");
    assert!(tokens.iter().all(|t| *t == tokens[0]), "{tokens:?}");
    assert!(is_v4_uuid(&tokens[0]), "{}", tokens[0]);
    let nonces: std::collections::BTreeSet<_> = sent
        .iter()
        .map(|(r, _)| header(r, "x-acs-signature-nonce").unwrap())
        .collect();
    assert_eq!(nonces.len(), 4, "each attempt signed afresh");

    // The next call has a token of its own.
    block_on(c.call(&op)).unwrap();
    let next = query_value(&transport.sent()[0].0, "ClientToken").unwrap();
    assert_ne!(next, tokens[0]);
    assert!(is_v4_uuid(&next));
}

#[test]
fn a_callers_token_is_never_replaced() {
    let transport = FakeTransport::with([error(500, "InternalError"), ok()]);
    let c = client(base(&transport, &RecordingSleep::default()));
    let op = CreateThing {
        client_token: Some("mine-123"),
    };
    block_on(c.call(&op)).unwrap();
    for (request, _) in transport.sent() {
        let pairs = query_pairs(&request);
        let tokens: Vec<_> = pairs.iter().filter(|(k, _)| k == "ClientToken").collect();
        assert_eq!(tokens.len(), 1, "{pairs:?}");
        assert_eq!(tokens[0].1, "mine-123");
    }
}

#[test]
fn the_sans_io_request_derives_its_token_from_the_nonce() {
    let c = client(base(&FakeTransport::default(), &RecordingSleep::default()));
    let at = std::time::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let op = CreateThing { client_token: None };
    let sign = |nonce| {
        let request = c.sign_request_at(&op, &credentials(), at, nonce).unwrap();
        query_value(&request, "ClientToken").unwrap()
    };
    assert_eq!(sign("n-1"), sign("n-1"), "a pure function");
    assert_ne!(sign("n-1"), sign("n-2"));
    assert!(is_v4_uuid(&sign("n-1")));
    let request = c
        .sign_request_at(&DescribeThings::new(), &credentials(), at, "n-1")
        .unwrap();
    assert_eq!(
        query_value(&request, "ClientToken"),
        None,
        "no token parameter"
    );
}

// ---------------------------------------------------------------------------
// `RegionId` from the client's region (`Operation::REGION_PARAM`).

static REGIONAL_INFO: OperationInfo = OperationInfo {
    service: &SERVICE,
    action: "DescribeRegional",
    method: HttpMethod::Post,
    kind: Some(OperationKind::List),
    idempotency_token: None,
};

/// An operation with a `RegionId` parameter, optional or required by the
/// service as `REQUIRED` says.
#[derive(Default, serde::Serialize)]
struct Regional<const REQUIRED: bool> {
    #[serde(rename = "RegionId", skip_serializing_if = "Option::is_none")]
    region_id: Option<String>,
    #[serde(rename = "Name")]
    name: &'static str,
}

impl<const REQUIRED: bool> acs_runtime::params::WriteParams for Regional<REQUIRED> {
    fn write_params(
        &self,
        w: &mut acs_runtime::params::ParamWriter<'_, '_>,
    ) -> Result<(), acs_runtime::params::WriteError> {
        w.serde(self)
    }
}

impl<const REQUIRED: bool> Operation for Regional<REQUIRED> {
    type Output = Output;
    type Error = ThingsError;
    const INFO: &'static OperationInfo = &REGIONAL_INFO;
    const REGION_PARAM: Option<acs_runtime::RegionParam> = Some(if REQUIRED {
        acs_runtime::RegionParam::required("RegionId")
    } else {
        acs_runtime::RegionParam::optional("RegionId")
    });

    fn request_region(&self) -> Option<&str> {
        self.region_id.as_deref()
    }
}

fn regional<const REQUIRED: bool>(region: Option<&str>) -> Regional<REQUIRED> {
    Regional {
        region_id: region.map(str::to_owned),
        name: "x",
    }
}

#[test]
fn the_clients_region_fills_an_unset_region_id() {
    let time = SystemTime::UNIX_EPOCH + TIME;
    for version in [SignatureVersion::V3, SignatureVersion::V2] {
        let c = client(
            base(&FakeTransport::default(), &RecordingSleep::default()).signature_version(version),
        );
        for request in [
            c.sign_request_at(&regional::<true>(None), &credentials(), time, "n"),
            c.sign_request_at(&regional::<false>(None), &credentials(), time, "n"),
        ] {
            let request = request.unwrap();
            let regions: Vec<_> = query_pairs(&request)
                .into_iter()
                .filter(|(k, _)| k == "RegionId")
                .collect();
            assert_eq!(regions, [("RegionId".to_owned(), "cn-hangzhou".to_owned())]);
        }
        // The request's own is sent as given, once; the endpoint stays the client's.
        let r = c
            .sign_request_at(
                &regional::<true>(Some("cn-beijing")),
                &credentials(),
                time,
                "n",
            )
            .unwrap();
        assert_eq!(r.uri().host(), Some("ecs.cn-hangzhou.aliyuncs.com"));
        let regions: Vec<_> = query_pairs(&r)
            .into_iter()
            .filter(|(k, _)| k == "RegionId")
            .map(|(_, v)| v)
            .collect();
        assert_eq!(regions, ["cn-beijing"], "{version:?}");
        // An operation without the parameter gets none.
        let r = c
            .sign_request_at(&DescribeThings::new(), &credentials(), time, "n")
            .unwrap();
        assert_eq!(query_value(&r, "RegionId"), None);
    }
}

#[test]
fn a_required_region_id_with_no_region_anywhere_fails_before_sending() {
    let transport = FakeTransport::with([ok(), ok()]);
    let regionless = |endpoint: Option<&str>| {
        let mut config = Config::builder()
            .credentials(credentials())
            .transport(transport.clone())
            .sleep(RecordingSleep::default());
        if let Some(endpoint) = endpoint {
            config = config.endpoint(endpoint);
        }
        client(config)
    };
    // With or without an endpoint override: the region's absence is the error.
    for endpoint in [None, Some("https://ecs.example.com")] {
        let c = regionless(endpoint);
        let e = block_on(c.call(&regional::<true>(None))).unwrap_err();
        let SdkError::MissingRegion(missing) = &e else {
            panic!("expected MissingRegion, got {e:?}");
        };
        assert_eq!(missing.operation(), "DescribeRegional");
        assert_eq!(missing.parameter(), "RegionId");
        assert!(
            e.to_string().starts_with(
                "no region: DescribeRegional requires RegionId: set the client's region"
            ),
            "{e}"
        );
        let e = c
            .sign_request_at(
                &regional::<true>(None),
                &credentials(),
                SystemTime::now(),
                "n",
            )
            .unwrap_err();
        assert!(matches!(e, SdkError::MissingRegion(_)), "{e:?}");
    }
    assert!(transport.sent().is_empty(), "nothing was sent");

    // An optional one is simply not sent.
    let c = regionless(Some("https://ecs.example.com"));
    block_on(c.call(&regional::<false>(None))).unwrap();
    // The request's own region is enough, and picks the endpoint.
    let c = regionless(None);
    block_on(c.call(&regional::<true>(Some("cn-beijing")))).unwrap();
    let sent = transport.sent();
    assert_eq!(query_value(&sent[0].0, "RegionId"), None);
    assert_eq!(sent[1].0.uri().host(), Some("ecs-beijing.example.com"));
    assert_eq!(
        query_value(&sent[1].0, "RegionId").as_deref(),
        Some("cn-beijing")
    );
}

#[test]
fn any_operations_error_is_one_type() {
    let transport = FakeTransport::with([error(400, "InvalidName")]);
    let c = client(base(&transport, &RecordingSleep::default()).retry(RetryConfig::disabled()));
    let e: acs_runtime::Error = block_on(c.call(&DescribeThings::new())).unwrap_err().into();
    // A hand-written error says no action: the operation is empty, and the
    // text is the `SdkError`'s.
    assert_eq!(e.operation(), "");
    assert_eq!(
        e.to_string(),
        "service error: InvalidName (HTTP 400): m [RequestId: REQ-400]"
    );
    assert_eq!(e.code(), Some("InvalidName"));
    assert!(!e.is_common(), "no common errors by default");
    assert!(matches!(
        e.downcast_ref::<ThingsError>(),
        Some(ThingsError::InvalidName(_))
    ));
    let typed = e.downcast::<ThingsError>().unwrap();
    assert!(matches!(
        typed,
        SdkError::Service(ThingsError::InvalidName(_))
    ));
}

// ---------------------------------------------------------------------------
// The reqwest transport against a raw TCP server on 127.0.0.1.

#[cfg(feature = "reqwest")]
mod reqwest_transport {
    use super::*;
    use acs_runtime::transport::ReqwestTransport;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// Serves `connections` connections, each with `respond` after the
    /// request head has been read; gives up after 10 s whatever happens.
    async fn serve<F, Fut>(connections: usize, respond: F) -> std::net::SocketAddr
    where
        F: Fn(tokio::net::TcpStream, String) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(tokio::time::timeout(Duration::from_secs(10), async move {
            for _ in 0..connections {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                respond(stream, String::from_utf8_lossy(&head).into_owned()).await;
            }
        }));
        addr
    }

    fn request(addr: std::net::SocketAddr) -> http::Request<Bytes> {
        http::Request::builder()
            .method("POST")
            .uri(format!("http://{addr}/?Name=x"))
            .body(Bytes::new())
            .unwrap()
    }

    fn options(read_timeout: Duration, max: usize) -> SendOptions {
        SendOptions {
            connect_timeout: Duration::from_secs(2),
            read_timeout,
            max_response_bytes: max,
        }
    }

    async fn write(mut stream: tokio::net::TcpStream, bytes: Vec<u8>) {
        let _ = stream.write_all(&bytes).await;
        let _ = stream.shutdown().await;
    }

    #[test]
    fn whole_call_over_http() {
        block_on(async {
            let addr = serve(1, |stream, head| async move {
                assert!(head.starts_with("POST /?Name=web%20server&PageSize=10 HTTP/1.1\r\n"), "{head}");
                assert!(head.to_ascii_lowercase().contains("x-acs-action: describethings"), "{head}");
                // An empty POST still says so: some front ends answer 411 otherwise.
                assert!(head.to_ascii_lowercase().contains("content-length: 0\r\n"), "{head}");
                let body = r#"{"RequestId":"LOCAL","TotalCount":1}"#;
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-acs-request-id: LOCAL\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                write(stream, response.into_bytes()).await;
            })
            .await;
            let config = Config::builder()
                .credentials(credentials())
                .region("cn-hangzhou")
                .endpoint(format!("http://{addr}"))
                .build()
                .unwrap();
            let out = Client::new(config)
                .call(&DescribeThings::new())
                .await
                .unwrap();
            assert_eq!(out.request_id, "LOCAL");
            assert_eq!(out.total_count, Some(1));
        });
    }

    #[test]
    fn slow_server_times_out() {
        block_on(async {
            let addr = serve(1, |stream, _| async move {
                tokio::time::sleep(Duration::from_secs(3)).await;
                drop(stream);
            })
            .await;
            let transport = ReqwestTransport::new().unwrap();
            let started = std::time::Instant::now();
            let e = transport
                .send(request(addr), options(Duration::from_millis(200), 1024))
                .await
                .unwrap_err();
            assert_eq!(e.kind, TransportErrorKind::Timeout, "{e}");
            assert!(
                started.elapsed() < Duration::from_secs(2),
                "{:?}",
                started.elapsed()
            );
        });
    }

    #[test]
    fn slow_body_times_out() {
        block_on(async {
            let addr = serve(1, |mut stream, _| async move {
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"a\":")
                    .await;
                tokio::time::sleep(Duration::from_secs(3)).await;
            })
            .await;
            let transport = ReqwestTransport::new().unwrap();
            let e = transport
                .send(request(addr), options(Duration::from_millis(300), 1024))
                .await
                .unwrap_err();
            assert_eq!(e.kind, TransportErrorKind::Timeout, "{e}");
            assert_eq!(e.status(), Some(200));
        });
    }

    #[test]
    fn closed_port_is_a_connect_error() {
        block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            drop(listener);
            let transport = ReqwestTransport::new().unwrap();
            let e = transport
                .send(request(addr), options(Duration::from_secs(1), 1024))
                .await
                .unwrap_err();
            assert_eq!(e.kind, TransportErrorKind::Connect, "{e}");
            // The URL (and so any query) is not in the message.
            assert!(!e.to_string().contains("Name=x"), "{e}");
        });
    }

    #[test]
    fn oversized_bodies_are_cut_off_with_the_status() {
        block_on(async {
            // Declared too large: refused before reading.
            let declared = serve(1, |stream, _| async move {
                let mut r = b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n".to_vec();
                r.extend(std::iter::repeat_n(b'x', 100_000));
                write(stream, r).await;
            })
            .await;
            // No length: read until the limit is passed.
            let streamed = serve(1, |stream, _| async move {
                let mut r = b"HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n".to_vec();
                r.extend(std::iter::repeat_n(b'x', 100_000));
                write(stream, r).await;
            })
            .await;
            // Exactly the limit is fine.
            let exact = serve(1, |stream, _| async move {
                let mut r = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
                for _ in 0..4 {
                    r.extend_from_slice(b"100\r\n");
                    r.extend(std::iter::repeat_n(b'y', 256));
                    r.extend_from_slice(b"\r\n");
                }
                r.extend_from_slice(b"0\r\n\r\n");
                write(stream, r).await;
            })
            .await;

            let transport = ReqwestTransport::new().unwrap();
            for (addr, status) in [(declared, 200), (streamed, 502)] {
                let e = transport
                    .send(request(addr), options(Duration::from_secs(5), 1024))
                    .await
                    .unwrap_err();
                assert_eq!(e.kind, TransportErrorKind::BodyTooLarge, "{e}");
                assert_eq!(e.status(), Some(status));
            }
            let response = transport
                .send(request(exact), options(Duration::from_secs(5), 1024))
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            assert_eq!(response.body().len(), 1024);
        });
    }
}
