//! Response parsing of two generated operations (`acs-ecs`'s
//! `DeleteActivation` and `DeregisterManagedInstance`) on arbitrary bodies.
//!
//! The first byte picks the status (2xx, 4xx, 5xx, odd ones), the second the
//! `Content-Type` (none, JSON, XML, HTML, odd spellings), the third which
//! extra headers are sent (`x-acs-request-id`, `x-acs-retry-after`); the
//! rest is the body. `parse_response` must return a value or an error,
//! never panic, and the `Display` and `Debug` of what it returns must not
//! panic either.
#![no_main]

use acs_ecs::{DeleteActivationRequest, DeregisterManagedInstanceRequest};
use acs_runtime::response::{parse_response, parse_service_error, retry_after};
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;

const STATUSES: &[u16] = &[
    200, 200, 200, 204, 299, 400, 400, 403, 404, 500, 503, 302, 100,
];
const CONTENT_TYPES: &[Option<&[u8]>] = &[
    None,
    Some(b"application/json"),
    Some(b"application/json;charset=utf-8"),
    Some(b"text/xml"),
    Some(b"application/xml; charset=UTF-8"),
    Some(b"text/html"),
    Some(b"application/octet-stream"),
    Some(b"APPLICATION/PROBLEM+JSON"),
    Some(b"text/plain"),
    Some(b"xml"),
    Some(b";json"),
    Some(b"\xff\xfe"),
];

fuzz_target!(|data: &[u8]| {
    let [status, content_type, flags, body @ ..] = data else {
        return;
    };
    let mut builder =
        http::Response::builder().status(STATUSES[usize::from(*status) % STATUSES.len()]);
    if let Some(ct) = CONTENT_TYPES[usize::from(*content_type) % CONTENT_TYPES.len()] {
        builder = builder.header(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_bytes(ct).unwrap_or(http::HeaderValue::from_static("x")),
        );
    }
    if flags & 1 != 0 {
        builder = builder.header("x-acs-request-id", "5E5E-REQUEST");
    }
    if flags & 2 != 0 {
        let value =
            ["2000", "-1", "0", "18446744073709551616", "1.5", " 7 "][usize::from(flags >> 4) % 6];
        builder = builder.header("x-acs-retry-after", value);
    }
    let response = builder.body(Bytes::copy_from_slice(body)).unwrap();

    match parse_response::<DeleteActivationRequest>(&response) {
        Ok(out) => drop(format!("{out:?}")),
        Err(e) => drop(format!("{e} {e:?}")),
    }
    match parse_response::<DeregisterManagedInstanceRequest>(&response) {
        Ok(out) => drop(format!("{out:?}")),
        Err(e) => drop(format!("{e} {e:?}")),
    }
    match parse_service_error(&response) {
        Ok(e) => drop(format!("{e} {e:?}")),
        Err(e) => drop(format!("{e} {e:?}")),
    }
    let _ = retry_after(response.headers());
});
