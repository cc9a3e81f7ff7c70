//! The cryptographic primitives the signers use, apart from canonicalisation:
//! SHA-256, HMAC-SHA256, HMAC-SHA1, and adapters that feed `Display`-style
//! text straight into a hash or MAC so no intermediate string is built.
//!
//! The secret only ever passes through [`hmac_sha256`] and [`hmac_sha1`] as
//! the MAC key; nothing here stores it.

use std::fmt;

use hmac::digest::Update;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// Text that can be written piecewise into any [`fmt::Write`]: a hasher, a
/// MAC, a `String` or a `Formatter`. Every signing step implements it once and
/// derives both its `Display` and its hash from it, so the text that is signed
/// is exactly the text that is shown.
pub(crate) trait WriteText {
    /// Writes the text.
    fn write_text<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result;
}

/// Feeds everything written into a digest or a MAC.
struct Feed<'a, U>(&'a mut U);

impl<U: Update> fmt::Write for Feed<'_, U> {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

/// Writes `text` into `sink`. Writing into a digest or MAC cannot fail.
#[inline]
fn feed<U: Update>(sink: &mut U, text: &impl WriteText) {
    // `Feed::write_str` never fails and `write_text` only propagates errors.
    let _ = text.write_text(&mut Feed(sink));
}

/// SHA-256 of the empty input, the payload hash of most requests.
const SHA256_EMPTY: [u8; 32] = [
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
];

/// SHA-256 of `bytes`.
#[inline]
pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    if bytes.is_empty() {
        return SHA256_EMPTY;
    }
    Sha256::digest(bytes).into()
}

/// SHA-256 of the text.
#[inline]
pub(crate) fn sha256_text(text: &impl WriteText) -> [u8; 32] {
    let mut hasher = Sha256::new();
    feed(&mut hasher, text);
    hasher.finalize().into()
}

/// HMAC-SHA256 of the text, keyed with `key`.
#[inline]
pub(crate) fn hmac_sha256(key: &[u8], text: &impl WriteText) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    feed(&mut mac, text);
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA1 of the text, keyed with `key_prefix` followed by `key_suffix`
/// (V2 keys are `secret + "&"`; joined here on the stack, not in a `String`).
#[inline]
pub(crate) fn hmac_sha1(key_prefix: &[u8], key_suffix: &[u8], text: &impl WriteText) -> [u8; 20] {
    const STACK: usize = 128;
    let len = key_prefix.len() + key_suffix.len();
    let mut mac = if len <= STACK {
        let mut key = [0u8; STACK];
        key[..key_prefix.len()].copy_from_slice(key_prefix);
        key[key_prefix.len()..len].copy_from_slice(key_suffix);
        Hmac::<Sha1>::new_from_slice(&key[..len])
    } else {
        Hmac::<Sha1>::new_from_slice(&[key_prefix, key_suffix].concat())
    }
    .expect("HMAC takes a key of any length");
    feed(&mut mac, text);
    mac.finalize().into_bytes().into()
}

/// Lower-case hex of `N` bytes, kept on the stack.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hex<const N: usize> {
    bytes: [u8; N],
}

impl<const N: usize> Hex<N> {
    /// Wraps raw bytes.
    pub(crate) const fn new(bytes: [u8; N]) -> Self {
        Hex { bytes }
    }

    /// Writes the hex text without allocating.
    #[inline]
    pub(crate) fn write<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        // 32 bytes at a time through a small stack buffer.
        let mut buf = [0u8; 64];
        for chunk in self.bytes.chunks(32) {
            for (i, byte) in chunk.iter().enumerate() {
                buf[2 * i] = DIGITS[usize::from(byte >> 4)];
                buf[2 * i + 1] = DIGITS[usize::from(byte & 0x0f)];
            }
            let text = std::str::from_utf8(&buf[..2 * chunk.len()]).map_err(|_| fmt::Error)?;
            out.write_str(text)?;
        }
        Ok(())
    }
}

impl<const N: usize> fmt::Display for Hex<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f)
    }
}

impl<const N: usize> fmt::Debug for Hex<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Text(&'static str);
    impl WriteText for Text {
        fn write_text<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
            // In two pieces, to check that feeding piecewise is hashing the whole.
            let (a, b) = self.0.split_at(self.0.len() / 2);
            out.write_str(a)?;
            out.write_str(b)
        }
    }

    #[test]
    fn sha256_of_empty_input() {
        assert_eq!(
            Hex::new(sha256(b"")).to_string(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(SHA256_EMPTY, <[u8; 32]>::from(Sha256::digest(b"")));
        assert_eq!(sha256_text(&Text("")), sha256(b""));
        assert_eq!(sha256_text(&Text("abcdef")), sha256(b"abcdef"));
    }

    #[test]
    fn hmac_sha256_rfc4231_case_2() {
        let mac = hmac_sha256(b"Jefe", &Text("what do ya want for nothing?"));
        assert_eq!(
            Hex::new(mac).to_string(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn hmac_sha1_rfc2202_case_2_with_split_key() {
        let text = Text("what do ya want for nothing?");
        let expected = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";
        assert_eq!(
            Hex::new(hmac_sha1(b"Je", b"fe", &text)).to_string(),
            expected
        );
        assert_eq!(
            Hex::new(hmac_sha1(b"Jefe", b"", &text)).to_string(),
            expected
        );
    }

    #[test]
    fn hmac_sha1_long_key_takes_the_heap_path() {
        let long = [b'k'; 200];
        let text = Text("x");
        assert_eq!(
            hmac_sha1(&long[..150], &long[150..], &text),
            hmac_sha1(&long, b"", &text)
        );
    }

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(Hex::new([0x00, 0xab, 0xff]).to_string(), "00abff");
        assert_eq!(Hex::new([0u8; 0]).to_string(), "");
        assert_eq!(format!("{:?}", Hex::new([0x1f])), "\"1f\"");
        assert_eq!(Hex::new([7u8; 40]).to_string(), "07".repeat(40));
    }
}
