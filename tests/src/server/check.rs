//! The server's signature verification as a function, for property tests
//! that check thousands of requests without a socket each.

use std::time::SystemTime;

use super::http::Request;
use super::verify::{self, Key};
use super::{DEFAULT_TOLERANCE, time};

/// The AccessKey a request is checked against.
#[derive(Clone, Debug)]
pub struct SigningKey<'a> {
    /// The AccessKey ID.
    pub id: &'a str,
    /// The AccessKey secret.
    pub secret: &'a str,
    /// The STS token, for a temporary key.
    pub token: Option<&'a str>,
}

/// Verifies `request` exactly as the running server does (its own
/// canonicalisation, never `acs_runtime::sign`), at `now` with the default
/// tolerance, against one key. Nonces are not checked (that needs the
/// server's state). On rejection, the error code the server would answer
/// with, e.g. `SignatureDoesNotMatch`.
pub fn verify_signature(
    request: &http::Request<bytes::Bytes>,
    key: &SigningKey<'_>,
    now: SystemTime,
) -> Result<(), String> {
    let uri = request.uri();
    let mut headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_ascii_lowercase(), value)
        })
        .collect();
    // HTTP clients send `host` from the URI when the request has none.
    if !headers.iter().any(|(n, _)| n == "host")
        && let Some(authority) = uri.authority()
    {
        headers.push(("host".into(), authority.as_str().to_owned()));
    }
    let request = Request {
        method: request.method().as_str().to_owned(),
        path: uri.path().to_owned(),
        query: uri.query().unwrap_or_default().to_owned(),
        headers,
        body: request.body().to_vec(),
    };
    let keys = [Key {
        id: key.id.to_owned(),
        secret: key.secret.to_owned(),
        token: key.token.map(str::to_owned),
    }];
    let tolerance = i64::try_from(DEFAULT_TOLERANCE.as_secs()).unwrap_or(i64::MAX);
    verify::verify(&request, &keys, time::unix_seconds(now), tolerance)
        .map(|_| ())
        .map_err(|e| e.code.to_string())
}
