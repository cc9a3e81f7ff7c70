//! The generated SDK, used as a downstream crate uses it, without a network:
//! the request a call would send (signed with fixed time and nonce), and
//! the parse of canned responses.

use std::time::{Duration, SystemTime};

use acs_runtime::credentials::Credentials;
use acs_runtime::response::parse_response;
use acs_runtime::sign::SignatureVersion;
use acs_runtime::{Config, SdkError};
use todo_list_sdk::{Client, CreateTodoError, CreateTodoRequest, ListTodosRequest, SERVICE};

fn client(version: SignatureVersion) -> Client {
    let config = Config::builder()
        .region("cn-hangzhou")
        .signature_version(version)
        .credentials(Credentials::new("LTAI-downstream", "downstream-secret"))
        .build()
        .expect("a valid configuration");
    Client::new(config)
}

fn at() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

/// The decoded query pairs of a request.
fn query(request: &http::Request<bytes::Bytes>) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ASCII");
                out.push(u8::from_str_radix(hex, 16).expect("a percent escape"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("UTF-8")
    };
    request
        .uri()
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}

#[test]
fn the_service_and_its_operations_come_from_the_spec() {
    assert_eq!(SERVICE.product, "TodoList");
    assert_eq!(SERVICE.version, "2024-01-01");
    // `OPERATIONS` (the by-name machinery) is generated only with
    // `Config::by_name(true)`; each request type knows its operation.
    use acs_runtime::Operation;
    assert_eq!(CreateTodoRequest::INFO.action, "CreateTodo");
    assert_eq!(ListTodosRequest::INFO.action, "ListTodos");
    assert_eq!(CreateTodoRequest::INFO.service.product, "TodoList");
}

#[test]
fn a_v3_request_carries_the_parameters_and_the_signature() {
    // `RegionId` is the client's region, added when the request is signed.
    let request = CreateTodoRequest::new("Write the README")
        .tag("docs")
        .tag("ci")
        .due_in_days(3);
    let signed = client(SignatureVersion::V3)
        .runtime()
        .sign_request_at(
            &request,
            &Credentials::new("LTAI-downstream", "downstream-secret"),
            at(),
            "nonce-1",
        )
        .expect("a signed request");
    assert_eq!(signed.method(), http::Method::POST);
    assert_eq!(
        signed.uri().authority().map(|a| a.as_str()),
        Some("todo.cn-hangzhou.example.com")
    );
    let header = |name: &str| signed.headers()[name].to_str().expect("ASCII").to_owned();
    assert_eq!(header("x-acs-action"), "CreateTodo");
    assert_eq!(header("x-acs-version"), "2024-01-01");
    assert_eq!(header("x-acs-signature-nonce"), "nonce-1");
    assert_eq!(header("x-acs-date"), "2023-11-14T22:13:20Z");
    assert!(
        header("authorization")
            .starts_with("ACS3-HMAC-SHA256 Credential=LTAI-downstream,SignedHeaders="),
        "{}",
        header("authorization")
    );
    let mut params = query(&signed);
    params.sort();
    let expected = [
        ("DueInDays", "3"),
        ("RegionId", "cn-hangzhou"),
        ("Tag.1", "docs"),
        ("Tag.2", "ci"),
        ("Title", "Write the README"),
    ]
    .map(|(n, v)| (n.to_owned(), v.to_owned()));
    assert_eq!(params, expected);
}

#[test]
fn a_v2_request_carries_the_common_parameters_in_the_query() {
    let request = ListTodosRequest::new();
    let signed = client(SignatureVersion::V2)
        .runtime()
        .sign_request_at(
            &request,
            &Credentials::new("LTAI-downstream", "downstream-secret"),
            at(),
            "nonce-2",
        )
        .expect("a signed request");
    let params = query(&signed);
    let get = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("Action"), Some("ListTodos"));
    assert_eq!(get("Version"), Some("2024-01-01"));
    assert_eq!(get("RegionId"), Some("cn-hangzhou"));
    assert_eq!(get("AccessKeyId"), Some("LTAI-downstream"));
    assert_eq!(get("SignatureNonce"), Some("nonce-2"));
    assert_eq!(get("Timestamp"), Some("2023-11-14T22:13:20Z"));
    assert!(get("Signature").is_some_and(|s| !s.is_empty()));
    assert!(!signed.uri().to_string().contains("downstream-secret"));
}

fn response(status: u16, body: &str) -> http::Response<bytes::Bytes> {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json;charset=utf-8")
        .body(bytes::Bytes::from(body.to_owned()))
        .expect("a response")
}

#[test]
fn a_wrapped_list_is_parsed_into_typed_items() {
    let body = r#"{"RequestId":"R-1","Todos":{"Todo":[
        {"TodoId":"todo-1","Title":"Write the README","Done":false},
        {"TodoId":"todo-2","Title":"Run CI","Done":"true"}]}}"#;
    let listed = parse_response::<ListTodosRequest>(&response(200, body)).expect("parsed");
    assert_eq!(listed.request_id.as_deref(), Some("R-1"));
    let titles: Vec<(&str, Option<bool>)> = listed
        .todos
        .iter()
        .map(|t| (t.title.as_deref().unwrap_or_default(), t.done))
        .collect();
    assert_eq!(
        titles,
        [("Write the README", Some(false)), ("Run CI", Some(true))]
    );
}

#[test]
fn a_documented_error_code_is_its_own_variant() {
    let body = r#"{"RequestId":"R-2","HostId":"todo.cn-hangzhou.example.com",
        "Code":"InvalidTitle.Empty","Message":"The title is empty."}"#;
    let error = parse_response::<CreateTodoRequest>(&response(400, body)).unwrap_err();
    let SdkError::Service(CreateTodoError::InvalidTitleEmpty(detail)) = &error else {
        panic!("expected InvalidTitleEmpty, got {error:?}");
    };
    assert_eq!(detail.request_id.as_deref(), Some("R-2"));
    assert_eq!(detail.status, 400);
}
