//! Whatever bytes arrive, parsing a response returns a result and never
//! panics: the documents' examples cut at every byte, with bytes flipped,
//! as success and error bodies, as JSON and XML.

use acs_ecs::DeleteActivationRequest;
use acs_runtime::SdkError;
use acs_runtime::response::parse_response;
use bytes::Bytes;

const JSON: &str = r#"{"RequestId": "4ECEEE12-56F1-4FBC-9AB1-890F74942176", "Activation": {"InstanceName": "test-InstanceName", "DeregisteredCount": "0", "InstanceCount": "1", "TimeToLiveInHours": "4"}}"#;
const XML: &str = "<DeleteActivationResponse><RequestId>4ECEEE12</RequestId><Activation><InstanceCount>1</InstanceCount><TimeToLiveInHours>4</TimeToLiveInHours></Activation></DeleteActivationResponse>";
const ERROR_JSON: &str = r#"{"RequestId": "r-1", "HostId": "ecs.aliyuncs.com", "Code": "InternalError.Dispatch", "Message": "An error occurred when you dispatched the request.", "Recommend": "https://example.com/r"}"#;
const ERROR_XML: &str = "<Error><RequestId>r-1</RequestId><HostId>ecs.aliyuncs.com</HostId><Code>InternalError.Dispatch</Code><Message>An error occurred.</Message></Error>";

fn parse(status: u16, content_type: &str, body: Vec<u8>) -> Result<(), String> {
    let mut response = http::Response::new(Bytes::from(body));
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_str(content_type).unwrap(),
    );
    match parse_response::<DeleteActivationRequest>(&response) {
        Ok(_) => Ok(()),
        Err(SdkError::Response(e)) => {
            // A body we could not read keeps the status and the start of the body.
            assert_eq!(e.status, status);
            assert!(e.body_start.len() <= 4 * acs_runtime::error::ResponseError::SNIPPET_LEN);
            Err(e.reason)
        }
        Err(SdkError::Service(e)) => Err(e.to_string()),
        Err(other) => panic!("unexpected error kind: {other:?}"),
    }
}

#[test]
fn truncated_and_corrupted_bodies_never_panic() {
    let mut outcomes = 0;
    for (status, content_type, body) in [
        (200, "application/json", JSON),
        (200, "text/xml", XML),
        (500, "application/json", ERROR_JSON),
        (500, "text/xml", ERROR_XML),
    ] {
        let bytes = body.as_bytes();
        // The whole body parses.
        if status == 200 {
            assert!(
                parse(status, content_type, bytes.to_vec()).is_ok(),
                "{body}"
            );
        }
        for cut in 0..bytes.len() {
            let _ = parse(status, content_type, bytes[..cut].to_vec());
            outcomes += 1;
        }
        // Flip each byte to a few troublesome values.
        for at in 0..bytes.len() {
            for b in [b'"', b'<', b'{', 0xff, 0x00, b'\\'] {
                let mut corrupted = bytes.to_vec();
                corrupted[at] = b;
                let _ = parse(status, content_type, corrupted);
                outcomes += 1;
            }
        }
    }
    assert!(outcomes > 3000);
}

#[test]
fn a_cut_success_body_is_a_response_error_not_a_silent_default() {
    let cut = &JSON.as_bytes()[..JSON.len() / 2];
    let reason = parse(200, "application/json", cut.to_vec()).unwrap_err();
    assert!(!reason.is_empty());
    let reason = parse(200, "text/html", b"<html>bad gateway</html>".to_vec()).unwrap_err();
    assert!(!reason.is_empty());
    assert!(parse(200, "application/json", Vec::new()).is_err());
}
