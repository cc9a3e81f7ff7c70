//! Response parsing, without I/O: a complete [`http::Response`] in, the
//! operation's typed output or error out.
//!
//! * 2xx: the body is the operation's output, in JSON or XML;
//! * anything else: the body is an error document
//!   (`{"RequestId", "HostId", "Code", "Message", "Recommend", "AccessDeniedDetail"}`
//!   or `<Error><RequestId>…</RequestId>…</Error>`), read into a
//!   [`ServiceError`] and classified by the operation's error type.
//!
//! XML is read as the JSON tree [`xml::to_value`](crate::xml::to_value)
//! makes of it, so one set of serde types reads both formats.
//!
//! A body that is empty, neither JSON nor XML, truncated, nested deeper than
//! 128 levels, or does not match the expected shape is a [`ResponseError`]
//! that keeps the status and the start of the body. Nothing here panics on
//! what the network sends.

use std::time::Duration;

use bytes::Bytes;
use http::HeaderMap;
use serde::de::DeserializeOwned;

use crate::error::{ResponseError, SdkError, ServiceError};
use crate::operation::{Operation, OperationError};

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

/// An XML success body must be the operation's document,
/// `<{Action}Response>`: every field of a response is optional and unknown
/// elements are ignored, so without this check any XML (an HTML error page
/// from a proxy, say) would read as an empty response.
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
    let matches = root
        .strip_suffix("Response")
        .is_some_and(|name| name == action);
    if matches {
        Ok(())
    } else {
        let status = response.status().as_u16();
        Err(ResponseError::new(
            status,
            format!("the XML body is <{root}>, not <{action}Response>"),
            body,
        ))
    }
}

/// Reads a body as `T`, in the format [`ResponseFormat::detect`] finds.
pub fn parse_body<T: DeserializeOwned>(
    response: &http::Response<Bytes>,
) -> Result<T, ResponseError> {
    let status = response.status().as_u16();
    let body = response.body();
    let fail = |reason: String| ResponseError::new(status, reason, body);
    match ResponseFormat::detect(response.headers(), body) {
        _ if body.iter().all(u8::is_ascii_whitespace) => Err(fail("empty body".into())),
        Some(ResponseFormat::Json) => {
            // Validating UTF-8 once up front lets serde_json skip it per string.
            let text = std::str::from_utf8(strip_bom(body))
                .map_err(|e| fail(format!("JSON body is not UTF-8: {e}")))?;
            serde_json::from_str(text).map_err(|e| fail(json_reason(&e)))
        }
        Some(ResponseFormat::Xml) => {
            let text = std::str::from_utf8(strip_bom(body))
                .map_err(|e| fail(format!("XML body is not UTF-8: {e}")))?;
            // Through a JSON tree, so that lists read as in JSON (quick-xml's
            // serde reader would need the types to know XML's shapes).
            let tree = crate::xml::to_value(text)
                .map_err(|e| fail(format!("unreadable XML body: {e}")))?;
            serde_json::from_value(tree)
                .map_err(|e| fail(format!("XML body does not have the expected shape: {e}")))
        }
        None => Err(fail(not_json_or_xml(response.headers()))),
    }
}

fn json_reason(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => format!("truncated JSON body: {e}"),
        Category::Syntax | Category::Io => format!("malformed JSON body: {e}"),
        Category::Data => format!("JSON body does not have the expected shape: {e}"),
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
    let body: ErrorBody = parse_body(response)?;
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
#[derive(serde::Deserialize)]
struct ErrorBody {
    #[serde(rename = "Code", alias = "code", default, deserialize_with = "text")]
    code: Option<String>,
    #[serde(
        rename = "Message",
        alias = "message",
        default,
        deserialize_with = "text"
    )]
    message: Option<String>,
    #[serde(
        rename = "RequestId",
        alias = "requestId",
        default,
        deserialize_with = "text"
    )]
    request_id: Option<String>,
    #[serde(
        rename = "HostId",
        alias = "hostId",
        default,
        deserialize_with = "text"
    )]
    host_id: Option<String>,
    #[serde(
        rename = "Recommend",
        alias = "recommend",
        default,
        deserialize_with = "text"
    )]
    recommend: Option<String>,
    #[serde(
        rename = "AccessDeniedDetail",
        alias = "accessDeniedDetail",
        default,
        deserialize_with = "text"
    )]
    access_denied_detail: Option<String>,
}

/// Any value as text: strings verbatim, numbers and booleans formatted,
/// null and empty elements as `None`, objects as compact JSON.
fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    use serde::Deserialize;
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Object(m) if m.is_empty() => None,
        other => Some(other.to_string()),
    })
}
