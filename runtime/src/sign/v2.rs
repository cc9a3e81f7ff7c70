//! Signature V2, the RPC signature (`HMAC-SHA1`, `SignatureVersion=1.0`):
//! the common parameters join the operation's in the query, which is signed
//! and then extended with `&Signature=...`.
//!
//! Steps, each a type whose `Display` is the exact text:
//! [`CanonicalQuery`] → [`StringToSign`] → [`Signature`] → the query to send.
//!
//! Only the query is signed. The resource path is always `/` for RPC, so
//! [`SigningParams::path`] and [`SigningParams::body`] are not used.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::crypto::{WriteText, hmac_sha1};
use super::encode::write_encoded;
use super::query::CanonicalQuery;
use super::redact::redact_value;
use super::time::UtcTimestamp;
use super::{SignedRequest, SigningParams};
use crate::operation::HttpMethod;

/// `SignatureMethod`.
pub const SIGNATURE_METHOD: &str = "HMAC-SHA1";
/// `SignatureVersion`.
pub const SIGNATURE_VERSION: &str = "1.0";
/// The number of common parameters V2 may add.
const COMMON_PARAMETERS: usize = 9;
/// `&Signature=` + a percent-encoded Base64 HMAC-SHA1 (28 characters, each at
/// most 3 once encoded).
const SIGNATURE_RESERVE: usize = "&Signature=".len() + 28 * 3;

/// V2's `StringToSign`: `METHOD&%2F&` + percentEncode(canonical query).
/// `Display` is the exact text; it is streamed into the MAC, never built.
/// `Debug` hides the `SecurityToken` value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct StringToSign<'a> {
    method: HttpMethod,
    canonical_query: &'a CanonicalQuery,
}

impl<'a> StringToSign<'a> {
    /// The string to sign for a request sent with `method`.
    pub fn new(method: HttpMethod, canonical_query: &'a CanonicalQuery) -> Self {
        StringToSign {
            method,
            canonical_query,
        }
    }

    /// Signs with the AccessKey secret (the key is `secret + "&"`).
    pub fn sign(&self, access_key_secret: &str) -> Signature {
        Signature(hmac_sha1(access_key_secret.as_bytes(), b"&", self))
    }
}

impl WriteText for StringToSign<'_> {
    fn write_text<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        out.write_str(self.method.as_str())?;
        // "&" + percentEncode("/") + "&"
        out.write_str("&%2F&")?;
        write_encoded(out, self.canonical_query.as_str())
    }
}

impl fmt::Display for StringToSign<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_text(f)
    }
}

impl fmt::Debug for StringToSign<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = redact_value(&self.to_string(), "SecurityToken%3D", "%26");
        f.debug_tuple("StringToSign").field(&shown).finish()
    }
}

/// A V2 signature: HMAC-SHA1 of the string to sign. `Display` is the Base64
/// text (before it is percent-encoded into the query).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature([u8; 20]);

impl Signature {
    /// The raw MAC.
    pub fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }

    /// Calls `f` with the Base64 text, kept on the stack.
    fn with_base64<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        let mut buf = [0u8; 28];
        let len = BASE64
            .encode_slice(self.0, &mut buf)
            .expect("20 bytes are 28 in Base64");
        f(std::str::from_utf8(&buf[..len]).expect("Base64 is ASCII"))
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_base64(|text| f.write_str(text))
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_base64(|text| f.debug_tuple("Signature").field(&text).finish())
    }
}

/// Every intermediate step of a V2 signature, in order. The string to sign
/// borrows the canonical query, so it is a method rather than a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct V2Steps {
    method: HttpMethod,
    /// The operation's and the common parameters, canonical (no `Signature`).
    pub canonical_query: CanonicalQuery,
    /// Base64 HMAC-SHA1 of the string to sign, keyed with `secret + "&"`.
    pub signature: Signature,
}

impl V2Steps {
    /// The string that was signed.
    pub fn string_to_sign(&self) -> StringToSign<'_> {
        StringToSign::new(self.method, &self.canonical_query)
    }

    /// The query to send: the canonical query + `&Signature=` + the encoded
    /// signature. Reuses the canonical query's buffer, which has room for it.
    pub fn into_query(self) -> String {
        self.signature.with_base64(|signature| {
            self.canonical_query
                .into_string_with("Signature", signature)
        })
    }

    /// The query to send and no headers.
    pub fn into_signed_request(self) -> SignedRequest {
        SignedRequest {
            query: self.into_query(),
            headers: Vec::new(),
        }
    }
}

/// Computes every step of the V2 signature of `p`. [`super::sign`] is this
/// followed by [`V2Steps::into_signed_request`].
///
/// Adds `AccessKeyId`, `Action`, `Format` (left out when `p.format` is empty,
/// so the service uses its default), `SignatureMethod`, `SignatureNonce`,
/// `SignatureVersion`, `Timestamp`, `Version` and, with STS credentials,
/// `SecurityToken`.
#[must_use]
pub fn signing_steps(p: &SigningParams<'_>) -> V2Steps {
    let timestamp = UtcTimestamp::new(p.timestamp);
    let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(p.params.len() + COMMON_PARAMETERS);
    pairs.extend(
        p.params
            .pairs()
            .iter()
            .map(|(name, value)| (name.as_ref(), value.as_ref())),
    );
    pairs.extend([
        ("AccessKeyId", p.credentials.access_key_id()),
        ("Action", p.action),
        ("SignatureMethod", SIGNATURE_METHOD),
        ("SignatureNonce", p.nonce),
        ("SignatureVersion", SIGNATURE_VERSION),
        ("Timestamp", timestamp.as_str()),
        ("Version", p.version),
    ]);
    if !p.format.is_empty() {
        pairs.push(("Format", p.format));
    }
    if let Some(token) = p.credentials.security_token() {
        pairs.push(("SecurityToken", token));
    }
    let canonical_query = CanonicalQuery::from_pairs(&mut pairs, SIGNATURE_RESERVE);
    let signature =
        StringToSign::new(p.method, &canonical_query).sign(p.credentials.access_key_secret());
    V2Steps {
        method: p.method,
        canonical_query,
        signature,
    }
}

#[cfg(test)]
mod tests {
    use super::super::encode::encoded_len;
    use super::*;

    #[test]
    fn string_to_sign_encodes_the_query_again() {
        let mut pairs = [("A", "a b"), ("B", "x/y")];
        let query = CanonicalQuery::from_pairs(&mut pairs, 0);
        assert_eq!(query.as_str(), "A=a%20b&B=x%2Fy");
        let sts = StringToSign::new(HttpMethod::Get, &query).to_string();
        assert_eq!(sts, "GET&%2F&A%3Da%2520b%26B%3Dx%252Fy");
    }

    #[test]
    fn signature_reserve_fits_the_worst_case() {
        let signature = Signature([0xfb; 20]); // Base64 full of '+' and '/'
        let encoded = encoded_len(&signature.to_string());
        assert!("&Signature=".len() + encoded <= SIGNATURE_RESERVE);
    }
}
