//! Request signing: V3 (`ACS3-HMAC-SHA256`) and V2 (RPC, HMAC-SHA1).
//!
//! [`sign`] takes everything a signature depends on in [`SigningParams`],
//! including the time and the nonce (never read here), and returns the query
//! and headers to send in a [`SignedRequest`].
//!
//! The layout follows the specification's steps, one concern per file:
//!
//! * `encode`: RFC 3986 percent-encoding and ordering by encoded form;
//! * `crypto`: SHA-256 / HMAC primitives, fed text piecewise;
//! * [`time`]: `YYYY-MM-DDTHH:MM:SSZ` from a [`SystemTime`];
//! * [`CanonicalQuery`]: the sorted, encoded query both versions share;
//! * [`v3`] and [`v2`]: each step a type whose `Display` is its exact text,
//!   and a `signing_steps` function that returns all of them.
//!
//! No type here holds the AccessKey secret, and `Debug` of every type hides
//! the STS token.

mod crypto;
mod encode;

/// A resource path percent-encoded as the V3 signer encodes it (RFC 3986
/// unreserved characters and `/` kept): the client builds the URI with it.
pub(crate) use encode::encode_path;
mod query;
mod redact;
pub mod time;
pub mod v2;
pub mod v3;

use std::fmt;
use std::time::SystemTime;

pub use query::CanonicalQuery;
pub use v2::V2Steps;
pub use v3::V3Steps;

use crate::credentials::Credentials;
use crate::operation::{HttpMethod, Params};
use redact::{REDACTED, redact_value};

/// Room for every V3 header: seven signed ones and `authorization`.
const SIGNING_HEADER_CAPACITY: usize = 8;

/// Which signature to compute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SignatureVersion {
    /// `ACS3-HMAC-SHA256`, for every style of API.
    #[default]
    V3,
    /// The RPC signature, HMAC-SHA1 over the query.
    V2,
}

/// Everything a signature depends on. Time and nonce are given, never read
/// by the signer, so signing is a pure function of this.
#[derive(Clone, Copy, Debug)]
pub struct SigningParams<'a> {
    /// The HTTP method the request is sent with.
    pub method: HttpMethod,
    /// The host the request is sent to, e.g. `ecs.cn-hangzhou.aliyuncs.com`
    /// (may include `:port`).
    pub host: &'a str,
    /// The unencoded resource path; `/` for RPC. V3 percent-encodes it,
    /// keeping `/`; the request must be sent to that encoded path.
    pub path: &'a str,
    /// The action, e.g. `DeleteActivation`.
    pub action: &'a str,
    /// The API version, e.g. `2014-05-26`.
    pub version: &'a str,
    /// The operation's own parameters, unencoded, in any order.
    pub params: &'a Params<'a>,
    /// The request body (V3 signs its SHA-256; V2 does not sign it).
    pub body: &'a [u8],
    /// When the request is signed.
    pub timestamp: SystemTime,
    /// A value unique to this request, against replay.
    pub nonce: &'a str,
    /// The credentials to sign with.
    pub credentials: &'a Credentials,
    /// V2 only: the `Format` common parameter, `JSON` or `XML`.
    pub format: &'a str,
}

/// What the caller must add to the request once it is signed.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The encoded query string, without `?`.
    pub query: String,
    /// Headers to set, lower-case names (none for V2).
    pub headers: Vec<(&'static str, String)>,
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers = self.headers.iter().map(|(name, value)| {
            let value = if *name == v3::TOKEN_HEADER {
                REDACTED
            } else {
                value
            };
            (name, value)
        });
        f.debug_struct("SignedRequest")
            .field("query", &redact_value(&self.query, "SecurityToken=", "&"))
            .field("headers", &DebugMap(headers))
            .finish()
    }
}

/// Shows an iterator of pairs as a map.
struct DebugMap<I>(I);

impl<'a, I> fmt::Debug for DebugMap<I>
where
    I: Iterator<Item = (&'a &'static str, &'a str)> + Clone,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.clone()).finish()
    }
}

/// Signs a request.
///
/// V3 returns the canonical query (the operation's parameters only) and the
/// headers `host`, `x-acs-*` and `authorization`. V2 returns the query with
/// the common parameters and `Signature`, and no headers.
#[must_use]
pub fn sign(version: SignatureVersion, p: &SigningParams<'_>) -> SignedRequest {
    match version {
        SignatureVersion::V3 => v3::signing_steps(p).into_signed_request(),
        SignatureVersion::V2 => v2::signing_steps(p).into_signed_request(),
    }
}
