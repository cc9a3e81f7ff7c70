//! Response parsing, without I/O: a complete [`http::Response`] in, the
//! operation's typed output or error out.
//!
//! * 2xx: the body is the operation's output, in JSON or XML;
//! * anything else: the body is an error document
//!   (`{"RequestId", "HostId", "Code", "Message", "Recommend", "AccessDeniedDetail"}`
//!   or `<Error><RequestId>…</RequestId>…</Error>`), read into a
//!   [`ServiceError`] and classified by the operation's error type.
//!
//! A body is parsed once into a value tree (XML through
//! [`xml::to_value`](crate::xml::to_value)), and the typed output is read
//! from that tree by [`tree::FromTree`](crate::tree::FromTree), so both
//! formats are read by the same code.
//!
//! A body that is empty, neither JSON nor XML, truncated, nested deeper than
//! 128 levels, or does not match the expected shape is a [`ResponseError`]
//! that keeps the status and the start of the body. Nothing here panics on
//! what the network sends.

use std::time::Duration;

use bytes::Bytes;
use http::HeaderMap;

use crate::error::{ResponseError, SdkError, ServiceError};
use crate::operation::{Operation, OperationError};
use crate::tree::{FromTree, Value};

/// The header with the service's request id.
pub const REQUEST_ID_HEADER: &str = "x-acs-request-id";

/// The header with which a throttled response says how long to wait.
pub const RETRY_AFTER_HEADER: &str = "x-acs-retry-after";

/// The format of a body: the one requested from the service, or the one a
/// response turned out to have.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ResponseFormat {
    /// JSON, the default.
    #[default]
    Json,
    /// XML.
    Xml,
}

impl ResponseFormat {
    /// The V2 `Format` parameter: `JSON` or `XML`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ResponseFormat::Json => "JSON",
            ResponseFormat::Xml => "XML",
        }
    }

    /// The media type sent in `Accept` with V3: `application/json` or `application/xml`.
    pub const fn media_type(self) -> &'static str {
        match self {
            ResponseFormat::Json => "application/json",
            ResponseFormat::Xml => "application/xml",
        }
    }

    /// The format of a body: by `Content-Type` when it names JSON or XML,
    /// else by the first non-whitespace byte (`<` or `{`/`[`); `None` when
    /// neither tells.
    pub fn detect(headers: &HeaderMap, body: &[u8]) -> Option<ResponseFormat> {
        if let Some(content_type) = headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
        {
            // `application/json`, `text/json`, `application/problem+json`, `text/xml`, …
            let essence = content_type.split(';').next().unwrap_or("").trim();
            if ends_with_ignore_case(essence, "json") {
                return Some(ResponseFormat::Json);
            }
            if ends_with_ignore_case(essence, "xml") {
                return Some(ResponseFormat::Xml);
            }
        }
        match strip_bom(body).iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'<') => Some(ResponseFormat::Xml),
            Some(b'{' | b'[') => Some(ResponseFormat::Json),
            _ => None,
        }
    }
}

fn ends_with_ignore_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// A UTF-8 byte-order mark, which serde_json does not skip.
fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// Parses a complete response into the operation's output or error.
///
/// 2xx bodies are read as `O::Output`; other statuses as an error document,
/// handed to [`OperationError::from_service_error`]. See the module docs for
/// what becomes a [`SdkError::Response`].
pub fn parse_response<O: Operation>(
    response: &http::Response<Bytes>,
) -> Result<O::Output, SdkError<O::Error>> {
    if response.status().is_success() {
        check_xml_root(response, O::INFO.action).map_err(SdkError::Response)?;
        parse_body(response).map_err(SdkError::Response)
    } else {
        let error = parse_service_error(response).map_err(SdkError::Response)?;
        Err(SdkError::Service(O::Error::from_service_error(error)))
    }
}

/// An XML success body must be a response document: every field of a
/// response is optional and unknown elements are ignored, so without this
/// check any XML (an HTML error page from a proxy, say) would read as an
/// empty response.
///
/// The root is `<{Action}Response>`, but not always: ECS's own documents
/// show `<DescribeUserdataResponse>` for `DescribeUserData` and
/// `<ModifyAutoSnapshotPolicyResponse>` for `ModifyAutoSnapshotPolicyEx`,
/// the names of the service's older actions. Refusing those would turn a
/// call that succeeded into an error (and a create into a retried one), so
/// any root named `…Response` is read as the operation's (said at debug
/// level); any other root (`<html>`, `<Error>`) is an error.
fn check_xml_root(response: &http::Response<Bytes>, action: &str) -> Result<(), ResponseError> {
    let body = response.body();
    if ResponseFormat::detect(response.headers(), body) != Some(ResponseFormat::Xml) {
        return Ok(());
    }
    let mut reader = quick_xml::Reader::from_reader(strip_bom(body));
    let root = loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                break Some(e.name().as_ref().to_owned());
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => break None,
            Ok(_) => {}
        }
    };
    let Some(root) = root else {
        // Not XML at all: parse_body says what is wrong with it.
        return Ok(());
    };
    match root.strip_suffix("Response") {
        Some(name) if name == action => Ok(()),
        Some(name) if !name.is_empty() => {
            tracing::debug!(
                action,
                root = %root,
                "the XML response's root is not <{action}Response>; read as this operation's response"
            );
            Ok(())
        }
        _ => Err(ResponseError::new(
            response.status().as_u16(),
            format!("the XML body is <{root}>, not <{action}Response>"),
            body,
        )),
    }
}

/// Reads a body as `T`, in the format [`ResponseFormat::detect`] finds.
pub fn parse_body<T: FromTree>(response: &http::Response<Bytes>) -> Result<T, ResponseError> {
    let status = response.status().as_u16();
    let body = response.body();
    let fail = |reason: String| ResponseError::new(status, reason, body);
    let (format, tree) = body_tree(response)?;
    crate::tree::read(tree).map_err(|e| {
        fail(format!(
            "{} body does not have the expected shape: {e}",
            format.as_str()
        ))
    })
}

/// The body as a value tree, in the format [`ResponseFormat::detect`] finds.
fn body_tree(response: &http::Response<Bytes>) -> Result<(ResponseFormat, Value), ResponseError> {
    let status = response.status().as_u16();
    let body = response.body();
    let fail = |reason: String| ResponseError::new(status, reason, body);
    match ResponseFormat::detect(response.headers(), body) {
        _ if body.iter().all(u8::is_ascii_whitespace) => Err(fail("empty body".into())),
        Some(ResponseFormat::Json) => {
            // Validating UTF-8 once up front lets serde_json skip it per string.
            let text = std::str::from_utf8(strip_bom(body))
                .map_err(|e| fail(format!("JSON body is not UTF-8: {e}")))?;
            let tree = serde_json::from_str(text).map_err(|e| fail(json_reason(&e)))?;
            Ok((ResponseFormat::Json, tree))
        }
        Some(ResponseFormat::Xml) => {
            let text = std::str::from_utf8(strip_bom(body))
                .map_err(|e| fail(format!("XML body is not UTF-8: {e}")))?;
            let tree = crate::xml::to_value(text)
                .map_err(|e| fail(format!("unreadable XML body: {e}")))?;
            Ok((ResponseFormat::Xml, tree))
        }
        None => Err(fail(not_json_or_xml(response.headers()))),
    }
}

fn json_reason(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => format!("truncated JSON body: {e}"),
        Category::Syntax | Category::Io | Category::Data => format!("malformed JSON body: {e}"),
    }
}

fn not_json_or_xml(headers: &HeaderMap) -> String {
    match headers.get(http::header::CONTENT_TYPE) {
        Some(v) => format!(
            "body is neither JSON nor XML (Content-Type: {})",
            String::from_utf8_lossy(v.as_bytes())
        ),
        None => "body is neither JSON nor XML".into(),
    }
}

/// Reads an error response (any status) into a [`ServiceError`].
///
/// Field names are matched as the RPC APIs send them (`Code`) and as some
/// ROA APIs do (`code`). `AccessDeniedDetail` is kept as text: verbatim when
/// the service sends a string, as compact JSON when it sends an object.
/// The request id falls back to the `x-acs-request-id` header, and
/// [`ServiceError::retry_after`] comes from [`retry_after`].
pub fn parse_service_error(
    response: &http::Response<Bytes>,
) -> Result<ServiceError, ResponseError> {
    let status = response.status().as_u16();
    let (_, tree) = body_tree(response)?;
    let body = ErrorBody::read(tree);
    let Some(code) = body.code.filter(|c| !c.is_empty()) else {
        return Err(ResponseError::new(
            status,
            "error response without a Code",
            response.body(),
        ));
    };
    let headers = response.headers();
    let request_id = body.request_id.or_else(|| {
        headers
            .get(REQUEST_ID_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    });
    let mut error = ServiceError::new(status, code, body.message.unwrap_or_default());
    error.request_id = request_id;
    error.host_id = body.host_id;
    error.recommend = body.recommend;
    error.access_denied_detail = body.access_denied_detail;
    error.retry_after = retry_after(headers);
    Ok(error)
}

/// How long a throttled response asks us to wait, from `x-acs-retry-after`.
///
/// The value is read as a whole number of **milliseconds**: that is how the
/// official SDKs' shared runtime (Darabonba / Tea OpenAPI, its
/// `getThrottlingTimeLeft`) reads it, and their tests send values such as
/// `2000` for two seconds. Absent, non-numeric, zero or negative values give
/// `None`.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER_HEADER)?.to_str().ok()?.trim();
    let millis: u64 = value.parse().ok()?;
    (millis > 0).then(|| Duration::from_millis(millis))
}

/// The error document, in either format.
#[derive(Default)]
struct ErrorBody {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    host_id: Option<String>,
    recommend: Option<String>,
    access_denied_detail: Option<String>,
}

impl ErrorBody {
    /// Reads the fields the RPC APIs send (`Code`) or some ROA APIs do
    /// (`code`); a body that is not an object has none of them.
    fn read(tree: Value) -> ErrorBody {
        let Value::Object(mut map) = tree else {
            return ErrorBody::default();
        };
        let mut field = |name: &str, alias: &str| {
            let value = map.remove(name).or_else(|| map.remove(alias))?;
            text(value)
        };
        ErrorBody {
            code: field("Code", "code"),
            message: field("Message", "message"),
            request_id: field("RequestId", "requestId"),
            host_id: field("HostId", "hostId"),
            recommend: field("Recommend", "recommend"),
            access_denied_detail: field("AccessDeniedDetail", "accessDeniedDetail"),
        }
    }
}

/// Any value as text: strings verbatim, numbers and booleans formatted,
/// null and empty elements as `None`, objects as compact JSON.
fn text(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s),
        Value::Object(m) if m.is_empty() => None,
        other => Some(other.to_string()),
    }
}
