//! Percent-encoding exactly as Alibaba Cloud's signers expect it.
//!
//! RFC 3986: the unreserved characters `A-Z a-z 0-9 - _ . ~` are kept and
//! every other UTF-8 byte becomes `%XX` with upper-case hex. So a space is
//! `%20` (never `+`), `*` is `%2A`, `~` stays `~`, `+` is `%2B` and `/` is
//! `%2F`. Form encoding (`+` for a space) is never right here.

use std::cmp::Ordering;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but the RFC 3986 unreserved characters (non-ASCII bytes are
/// always encoded by `percent-encoding`).
const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// As [`RFC3986`], but keeps `/`: for the segments of a resource path.
const RFC3986_PATH: &AsciiSet = &RFC3986.remove(b'/');

/// Whether `byte` is an RFC 3986 unreserved character, i.e. is kept as is.
const fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')
}

/// [`is_unreserved`] for every byte, so hot loops do one lookup per byte.
static UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = is_unreserved(byte as u8);
        byte += 1;
    }
    table
};

/// Whether `byte` is kept as is.
#[inline]
fn kept(byte: u8) -> bool {
    UNRESERVED[usize::from(byte)]
}

/// Appends `input`, percent-encoded, to `out`.
#[inline]
pub(crate) fn encode_into(out: &mut String, input: &str) {
    for chunk in utf8_percent_encode(input, RFC3986) {
        out.push_str(chunk);
    }
}

/// Writes `input`, percent-encoded, to `out` without building a string.
#[inline]
pub(crate) fn write_encoded<W: std::fmt::Write + ?Sized>(
    out: &mut W,
    input: &str,
) -> std::fmt::Result {
    for chunk in utf8_percent_encode(input, RFC3986) {
        out.write_str(chunk)?;
    }
    Ok(())
}

/// `input` percent-encoded, keeping `/`; borrowed when nothing needs encoding.
pub(crate) fn encode_path(input: &str) -> std::borrow::Cow<'_, str> {
    utf8_percent_encode(input, RFC3986_PATH).into()
}

/// The length of `input` once percent-encoded.
#[inline]
pub(crate) fn encoded_len(input: &str) -> usize {
    input.len() + 2 * input.bytes().filter(|&byte| !kept(byte)).count()
}

/// Compares the percent-encoded forms of `a` and `b` without encoding them.
///
/// An encoded byte is either itself (kept, and every kept byte is above `%`)
/// or `%XX` (upper-case hex, so ordered like the byte). No such token is a
/// prefix of another, so the encoded strings compare like their tokens: equal
/// up to the first byte where `a` and `b` differ, and decided there by
/// "escaped before kept, then by the byte". Without a differing byte, the
/// shorter string comes first.
#[inline]
pub(crate) fn cmp_encoded(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(i) => (kept(a[i]), a[i]).cmp(&(kept(b[i]), b[i])),
        None => a.len().cmp(&b.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &str) -> String {
        let mut out = String::new();
        encode_into(&mut out, s);
        out
    }

    #[test]
    fn unreserved_characters_are_kept() {
        let kept = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
        assert_eq!(enc(kept), kept);
    }

    #[test]
    fn each_special_character() {
        for (raw, encoded) in [
            (" ", "%20"),
            ("*", "%2A"),
            ("~", "~"),
            ("+", "%2B"),
            ("/", "%2F"),
            ("=", "%3D"),
            ("&", "%26"),
            ("%", "%25"),
            (":", "%3A"),
            ("?", "%3F"),
            ("#", "%23"),
            ("!", "%21"),
            ("'", "%27"),
            ("(", "%28"),
            (")", "%29"),
            (",", "%2C"),
            (";", "%3B"),
            ("@", "%40"),
            ("\"", "%22"),
            ("\n", "%0A"),
            ("中文", "%E4%B8%AD%E6%96%87"),
            ("é", "%C3%A9"),
        ] {
            assert_eq!(enc(raw), encoded, "encoding {raw:?}");
        }
    }

    #[test]
    fn every_byte_matches_the_table() {
        for byte in 0u8..=0xff {
            assert_eq!(kept(byte), is_unreserved(byte));
            if !byte.is_ascii() {
                assert!(!kept(byte), "non-ASCII bytes are always escaped");
                continue;
            }
            let s = (byte as char).to_string();
            let expected = if is_unreserved(byte) {
                s.clone()
            } else {
                format!("%{byte:02X}")
            };
            assert_eq!(enc(&s), expected, "byte {byte:#04x}");
            assert_eq!(encoded_len(&s), expected.len());
        }
    }

    #[test]
    fn path_keeps_slashes_only() {
        assert_eq!(encode_path("/"), "/");
        assert!(matches!(encode_path("/a/b"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(encode_path("/a b/c+d/中"), "/a%20b/c%2Bd/%E4%B8%AD");
    }

    #[test]
    fn writer_and_string_agree() {
        let mut written = String::new();
        write_encoded(&mut written, "a b+c/中~*").unwrap();
        assert_eq!(written, enc("a b+c/中~*"));
    }

    #[test]
    fn comparison_matches_comparing_encoded_strings() {
        // A deterministic spread of short strings over an alphabet that mixes
        // kept bytes, escaped bytes on both sides of them, and UTF-8.
        let alphabet = [
            "a", "Z", "0", "-", "~", "_", ".", " ", "!", "%", "*", "+", "/", "{", "中", "é", "",
        ];
        let mut strings = Vec::new();
        for x in alphabet {
            for y in alphabet {
                for z in ["", "a", "{", "~"] {
                    strings.push(format!("{x}{y}{z}"));
                }
            }
        }
        for a in &strings {
            for b in &strings {
                assert_eq!(
                    cmp_encoded(a, b),
                    enc(a).cmp(&enc(b)),
                    "comparing {a:?} with {b:?}"
                );
            }
        }
    }
}
