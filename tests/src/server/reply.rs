//! Response bodies as the service writes them, in JSON or XML.
//!
//! Success bodies are built as JSON values whose leaves are all strings, as
//! in the documents' JSON examples (`"InstanceCount": "1"`); XML is written
//! from the same value with `<{Action}Response>` as the root. Error bodies
//! carry `RequestId`, `HostId`, `Code`, `Message` and `Recommend`.

use serde_json::{Map, Value};

use super::http::Response;

/// The response format a request asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `Format=JSON` (V2) or an `Accept` without `xml` (V3).
    Json,
    /// `Format=XML` or no `Format` (V2, the RPC default), or `Accept: application/xml` (V3).
    Xml,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json;charset=utf-8",
            Format::Xml => "text/xml;charset=utf-8",
        }
    }
}

/// An error the server answers with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: u16,
    pub(crate) code: String,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.to_owned(),
            message: message.into(),
        }
    }

    /// `MissingParameter` for `name`, in the service's words.
    pub(crate) fn missing(name: &str) -> Self {
        ApiError::new(
            400,
            "MissingParameter",
            format!(
                "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
            ),
        )
    }
}

/// A 200 response for `action` with `fields` (plus `RequestId`).
pub(crate) fn success(
    format: Format,
    action: &str,
    request_id: &str,
    fields: Map<String, Value>,
) -> Response {
    let mut fields = fields;
    fields.insert("RequestId".to_owned(), Value::String(request_id.to_owned()));
    let body = match format {
        Format::Json => serde_json::to_vec(&Value::Object(fields)).unwrap_or_default(),
        Format::Xml => xml_document(&format!("{action}Response"), &fields),
    };
    Response::new(200, format.content_type(), body).with_header("x-acs-request-id", request_id)
}

/// The error document for `error`.
pub(crate) fn error(format: Format, error: &ApiError, request_id: &str, host_id: &str) -> Response {
    let recommend = format!(
        "https://api.aliyun.com/troubleshoot?q={}&product=Ecs&requestId={request_id}",
        error.code
    );
    let mut fields = Map::new();
    for (name, value) in [
        ("RequestId", request_id),
        ("HostId", host_id),
        ("Code", error.code.as_str()),
        ("Message", error.message.as_str()),
        ("Recommend", recommend.as_str()),
    ] {
        fields.insert(name.to_owned(), Value::String(value.to_owned()));
    }
    let body = match format {
        Format::Json => serde_json::to_vec(&Value::Object(fields)).unwrap_or_default(),
        Format::Xml => xml_document("Error", &fields),
    };
    Response::new(error.status, format.content_type(), body)
        .with_header("x-acs-request-id", request_id)
}

fn xml_document(root: &str, fields: &Map<String, Value>) -> Vec<u8> {
    let mut out = String::from("<?xml version='1.0' encoding='UTF-8'?>");
    write_element(&mut out, root, &Value::Object(fields.clone()));
    out.into_bytes()
}

fn write_element(out: &mut String, name: &str, value: &Value) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    match value {
        Value::Object(fields) => {
            for (child, value) in fields {
                write_element(out, child, value);
            }
        }
        Value::String(text) => escape_into(out, text),
        Value::Null => {}
        other => escape_into(out, &other.to_string()),
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_and_json_carry_the_same_fields() {
        let mut fields = Map::new();
        fields.insert(
            "Activation".into(),
            serde_json::json!({"InstanceCount": "1", "Description": "a<b"}),
        );
        let xml = success(Format::Xml, "DeleteActivation", "R1", fields.clone());
        assert_eq!(
            String::from_utf8(xml.body).unwrap(),
            "<?xml version='1.0' encoding='UTF-8'?><DeleteActivationResponse><Activation><Description>a&lt;b</Description>\
             <InstanceCount>1</InstanceCount></Activation><RequestId>R1</RequestId></DeleteActivationResponse>"
        );
        let json = success(Format::Json, "DeleteActivation", "R1", fields);
        let value: Value = serde_json::from_slice(&json.body).unwrap();
        assert_eq!(value["Activation"]["InstanceCount"], "1");
        assert_eq!(value["RequestId"], "R1");
    }

    #[test]
    fn errors_have_the_service_fields() {
        let e = ApiError::new(404, "InvalidActivationId.NotFound", "nope");
        let json = error(Format::Json, &e, "R2", "127.0.0.1:1");
        assert_eq!(json.status, 404);
        let value: Value = serde_json::from_slice(&json.body).unwrap();
        for key in ["RequestId", "HostId", "Code", "Message", "Recommend"] {
            assert!(value[key].is_string(), "{key}");
        }
        let xml = String::from_utf8(error(Format::Xml, &e, "R2", "h").body).unwrap();
        assert!(
            xml.contains("<Error><Code>InvalidActivationId.NotFound</Code>"),
            "{xml}"
        );
    }
}
