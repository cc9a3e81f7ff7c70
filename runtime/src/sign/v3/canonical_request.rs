//! V3's canonical headers and canonical request.

use std::borrow::Cow;
use std::fmt;

use super::super::crypto::{Hex, WriteText, sha256};
use super::super::encode::encode_path;
use super::super::query::CanonicalQuery;
use super::super::redact::REDACTED;
use super::super::time::UtcTimestamp;
use super::super::{SIGNING_HEADER_CAPACITY, SigningParams};
use crate::operation::HttpMethod;

/// `SignedHeaders` without and with an STS token: every header V3 signs,
/// lower-case and sorted. [`CanonicalHeaders::new`] pushes them in this order.
const SIGNED: &str =
    "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
const SIGNED_WITH_TOKEN: &str = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version";
/// The header that carries the STS token.
pub(crate) const TOKEN_HEADER: &str = "x-acs-security-token";

/// The headers V3 signs, lower-case, sorted, with trimmed values; `Display`
/// is the `CanonicalHeaders` block (`name:value\n` for each).
///
/// They are also the headers the request must be sent with, so they are
/// built once and later handed over as they are. `Debug` hides the token.
#[derive(Clone, PartialEq, Eq)]
pub struct CanonicalHeaders {
    headers: Vec<(&'static str, String)>,
    signed: &'static str,
}

impl CanonicalHeaders {
    /// The headers for `p`, whose body hashes to `payload_hash`.
    pub(crate) fn new(p: &SigningParams<'_>, payload_hash: &Hex<32>) -> Self {
        let mut headers = Vec::with_capacity(SIGNING_HEADER_CAPACITY);
        let owned = |value: &str| value.trim().to_owned();
        headers.push(("host", owned(p.host)));
        headers.push(("x-acs-action", owned(p.action)));
        headers.push(("x-acs-content-sha256", payload_hash.to_string()));
        headers.push((
            "x-acs-date",
            UtcTimestamp::new(p.timestamp).as_str().to_owned(),
        ));
        let token = p.credentials.security_token();
        if let Some(token) = token {
            headers.push((TOKEN_HEADER, owned(token)));
        }
        headers.push(("x-acs-signature-nonce", owned(p.nonce)));
        headers.push(("x-acs-version", owned(p.version)));
        let signed = if token.is_some() {
            SIGNED_WITH_TOKEN
        } else {
            SIGNED
        };
        debug_assert!(headers.is_sorted_by_key(|(name, _)| *name));
        debug_assert!(headers.iter().map(|(name, _)| *name).eq(signed.split(';')));
        CanonicalHeaders { headers, signed }
    }

    /// The `SignedHeaders` value: the names, `;`-joined.
    pub fn signed_headers(&self) -> &'static str {
        self.signed
    }

    /// The headers as (lower-case name, value) pairs, sorted by name.
    pub fn as_slice(&self) -> &[(&'static str, String)] {
        &self.headers
    }

    /// The headers, for sending.
    pub fn into_vec(self) -> Vec<(&'static str, String)> {
        self.headers
    }
}

impl WriteText for CanonicalHeaders {
    fn write_text<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        for (name, value) in &self.headers {
            out.write_str(name)?;
            out.write_char(':')?;
            out.write_str(value)?;
            out.write_char('\n')?;
        }
        Ok(())
    }
}

impl fmt::Display for CanonicalHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_text(f)
    }
}

impl fmt::Debug for CanonicalHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.headers.iter().map(|(name, value)| {
                let value = if *name == TOKEN_HEADER {
                    REDACTED
                } else {
                    value
                };
                (name, value)
            }))
            .finish()
    }
}

/// V3's `CanonicalRequest`; `Display` is its exact text:
///
/// ```text
/// METHOD
/// canonical URI
/// canonical query
/// canonical headers (each line ends with \n)
///
/// signed headers
/// hex SHA-256 of the body
/// ```
///
/// The text is never built when signing: it is streamed into SHA-256.
#[derive(Clone, PartialEq, Eq)]
pub struct CanonicalRequest<'a> {
    method: HttpMethod,
    uri: Cow<'a, str>,
    query: CanonicalQuery,
    headers: CanonicalHeaders,
    payload_hash: Hex<32>,
}

impl<'a> CanonicalRequest<'a> {
    /// The canonical request for `p`.
    pub(crate) fn new(p: &SigningParams<'a>) -> Self {
        let payload_hash = Hex::new(sha256(p.body));
        CanonicalRequest {
            method: p.method,
            uri: canonical_uri(p.path),
            query: CanonicalQuery::from_params(p.params),
            headers: CanonicalHeaders::new(p, &payload_hash),
            payload_hash,
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> HttpMethod {
        self.method
    }

    /// The canonical URI: the percent-encoded path (`/` kept), `/` if empty.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// The canonical query, which is also the query to send.
    pub fn query(&self) -> &CanonicalQuery {
        &self.query
    }

    /// The signed headers, which are also the headers to send.
    pub fn headers(&self) -> &CanonicalHeaders {
        &self.headers
    }

    /// Splits into the query and the headers to send.
    pub(crate) fn into_parts(self) -> (CanonicalQuery, CanonicalHeaders) {
        (self.query, self.headers)
    }
}

/// The canonical URI of an unencoded resource path.
fn canonical_uri(path: &str) -> Cow<'_, str> {
    if path.is_empty() {
        Cow::Borrowed("/")
    } else {
        encode_path(path)
    }
}

impl WriteText for CanonicalRequest<'_> {
    fn write_text<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        out.write_str(self.method.as_str())?;
        out.write_char('\n')?;
        out.write_str(&self.uri)?;
        out.write_char('\n')?;
        out.write_str(self.query.as_str())?;
        out.write_char('\n')?;
        self.headers.write_text(out)?;
        out.write_char('\n')?;
        out.write_str(self.headers.signed_headers())?;
        out.write_char('\n')?;
        self.payload_hash.write(out)
    }
}

impl fmt::Display for CanonicalRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_text(f)
    }
}

impl fmt::Debug for CanonicalRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CanonicalRequest")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .field("payload_hash", &self.payload_hash)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_uri_defaults_to_slash_and_encodes_segments() {
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(
            canonical_uri("/clusters/c 1/triggers"),
            "/clusters/c%201/triggers"
        );
    }

    #[test]
    fn signed_header_lists_are_sorted() {
        for list in [SIGNED, SIGNED_WITH_TOKEN] {
            let names: Vec<&str> = list.split(';').collect();
            assert!(names.is_sorted(), "{list}");
        }
    }
}
