//! Percent-encoding and query strings, written from the signature documents
//! rather than shared with the client, so that a mistake in one is not
//! mirrored in the other.
//!
//! The documents define the encoding as Java's `URLEncoder.encode(s, "UTF-8")`
//! followed by `+` → `%20`, `*` → `%2A` and `%7E` → `~`; that is exactly
//! "keep `A-Z a-z 0-9 - _ . ~`, write every other UTF-8 byte as upper-case `%XX`",
//! which is what [`encode`] does.

/// `input` percent-encoded as the signature documents define it.
pub(crate) fn encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for byte in input.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Decodes `%XX` escapes and, as the service's form decoding does, `+` as a
/// space. `None` for a malformed escape or bytes that are not UTF-8.
pub(crate) fn decode(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let text = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(text, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The decoded `name=value` pairs of a query string or form body, in order.
/// A pair without `=` has an empty value; empty pieces (`a=1&&b=2`) are skipped.
pub(crate) fn parse_query(query: &str) -> Option<Vec<(String, String)>> {
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
            Some((decode(name)?, decode(value)?))
        })
        .collect()
}

/// The canonical query both signature versions define: each pair encoded,
/// sorted by encoded name (then value), joined as `name=value` with `&`.
pub(crate) fn canonical_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut encoded: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(name, value)| (encode(name), encode(value)))
        .collect();
    encoded.sort();
    let mut out = String::new();
    for (i, (name, value)) in encoded.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_follows_the_documents() {
        assert_eq!(
            encode("a b*c~d+e/f=g&中"),
            "a%20b%2Ac~d%2Be%2Ff%3Dg%26%E4%B8%AD"
        );
        assert_eq!(encode("AZaz09-_.~"), "AZaz09-_.~");
    }

    #[test]
    fn decoding_undoes_encoding_and_reads_plus_as_space() {
        let text = "a b*c~d+e/f=g&中";
        assert_eq!(decode(&encode(text)).as_deref(), Some(text));
        assert_eq!(decode("a+b").as_deref(), Some("a b"));
        assert_eq!(decode("%2"), None);
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%FF"), None);
    }

    #[test]
    fn queries_parse_and_canonicalise() {
        let pairs = parse_query("b=2&a=x%20y&&c").unwrap();
        assert_eq!(
            pairs,
            [("b", "2"), ("a", "x y"), ("c", "")].map(|(n, v)| (n.to_owned(), v.to_owned()))
        );
        let canonical = canonical_query(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        assert_eq!(canonical, "a=x%20y&b=2&c=");
    }
}
