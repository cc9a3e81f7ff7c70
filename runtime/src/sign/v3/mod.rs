//! Signature V3, `ACS3-HMAC-SHA256`: everything travels in signed headers
//! (`x-acs-action`, `x-acs-version`, ...) and an `Authorization` header.
//!
//! Steps, each a type whose `Display` is the exact text:
//! [`CanonicalRequest`] (with [`CanonicalQuery`](super::CanonicalQuery) and
//! [`CanonicalHeaders`]) → [`StringToSign`] → [`Signature`] → `Authorization`.

mod canonical_request;
mod string_to_sign;

pub(crate) use canonical_request::TOKEN_HEADER;
pub use canonical_request::{CanonicalHeaders, CanonicalRequest};
pub use string_to_sign::{ALGORITHM, Signature, StringToSign};

use super::{SignedRequest, SigningParams};

/// Every intermediate step of a V3 signature, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct V3Steps<'a> {
    /// The canonical request (which owns the query and headers to send).
    pub canonical_request: CanonicalRequest<'a>,
    /// `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
    pub string_to_sign: StringToSign,
    /// Hex HMAC-SHA256 of the string to sign, keyed with the secret.
    pub signature: Signature,
    /// The `Authorization` header's value.
    pub authorization: String,
}

impl V3Steps<'_> {
    /// The query and headers to send: the canonical query, the signed headers
    /// and `authorization`. Moves; copies nothing.
    pub fn into_signed_request(self) -> SignedRequest {
        let (query, headers) = self.canonical_request.into_parts();
        let mut headers = headers.into_vec();
        headers.push(("authorization", self.authorization));
        SignedRequest {
            query: query.into_string(),
            headers,
        }
    }
}

/// Computes every step of the V3 signature of `p`. [`super::sign`] is this
/// followed by [`V3Steps::into_signed_request`], so what tests see is what
/// is sent.
#[must_use]
pub fn signing_steps<'a>(p: &SigningParams<'a>) -> V3Steps<'a> {
    let canonical_request = CanonicalRequest::new(p);
    let string_to_sign = StringToSign::new(&canonical_request);
    let signature = string_to_sign.sign(p.credentials.access_key_secret());
    let authorization = authorization(
        p.credentials.access_key_id(),
        canonical_request.headers().signed_headers(),
        &signature,
    );
    V3Steps {
        canonical_request,
        string_to_sign,
        signature,
        authorization,
    }
}

/// `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<names>,Signature=<hex>`.
fn authorization(access_key_id: &str, signed_headers: &str, signature: &Signature) -> String {
    const CREDENTIAL: &str = " Credential=";
    const SIGNED_HEADERS: &str = ",SignedHeaders=";
    const SIGNATURE: &str = ",Signature=";
    let len = ALGORITHM.len()
        + CREDENTIAL.len()
        + access_key_id.len()
        + SIGNED_HEADERS.len()
        + signed_headers.len()
        + SIGNATURE.len()
        + 64;
    let mut out = String::with_capacity(len);
    out.push_str(ALGORITHM);
    out.push_str(CREDENTIAL);
    out.push_str(access_key_id);
    out.push_str(SIGNED_HEADERS);
    out.push_str(signed_headers);
    out.push_str(SIGNATURE);
    // Writing into a `String` cannot fail.
    let _ = signature.write(&mut out);
    debug_assert_eq!(out.len(), len);
    out
}
