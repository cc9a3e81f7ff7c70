//! V3's string to sign and signature.

use std::fmt;

use super::super::crypto::{Hex, WriteText, hmac_sha256, sha256_text};
use super::CanonicalRequest;

/// The algorithm name, first in the string to sign and the `Authorization` header.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// V3's `StringToSign`: `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical
/// request. `Display` is the exact text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StringToSign {
    hashed_canonical_request: Hex<32>,
}

impl StringToSign {
    /// The string to sign for a canonical request.
    pub fn new(canonical_request: &CanonicalRequest<'_>) -> Self {
        StringToSign {
            hashed_canonical_request: Hex::new(sha256_text(canonical_request)),
        }
    }

    /// Signs with the AccessKey secret.
    pub fn sign(&self, access_key_secret: &str) -> Signature {
        Signature(Hex::new(hmac_sha256(access_key_secret.as_bytes(), self)))
    }
}

impl WriteText for StringToSign {
    fn write_text<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        out.write_str(ALGORITHM)?;
        out.write_char('\n')?;
        self.hashed_canonical_request.write(out)
    }
}

impl fmt::Display for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_text(f)
    }
}

/// A V3 signature: HMAC-SHA256 of the string to sign. `Display` is lower-case hex.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature(Hex<32>);

impl Signature {
    /// Writes the hex text without allocating.
    pub(crate) fn write<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        self.0.write(out)
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write(f)
    }
}
