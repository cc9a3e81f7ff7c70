//! Hiding secrets in `Debug` output.
//!
//! Signing types never hold the AccessKey secret (it is only ever a MAC key),
//! but texts that carry the STS token do: V2's query, V2's string to sign and
//! V3's `x-acs-security-token` header. Their `Debug` goes through here.

/// What a hidden value is shown as.
pub(crate) const REDACTED: &str = "** redacted **";

/// `text` with the value that follows each `marker` replaced by
/// [`REDACTED`], up to the next `end` (or the end of the text).
pub(crate) fn redact_value(text: &str, marker: &str, end: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        let value_start = at + marker.len();
        out.push_str(&rest[..value_start]);
        out.push_str(REDACTED);
        rest = &rest[value_start..];
        rest = rest.find(end).map_or("", |stop| &rest[stop..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_every_value_after_the_marker() {
        assert_eq!(
            redact_value("a=1&T=x&b=2", "T=", "&"),
            "a=1&T=** redacted **&b=2"
        );
        assert_eq!(redact_value("T=x", "T=", "&"), "T=** redacted **");
        assert_eq!(
            redact_value("T%3Dx%26T%3Dy", "T%3D", "%26"),
            "T%3D** redacted **%26T%3D** redacted **"
        );
        assert_eq!(redact_value("nothing", "T=", "&"), "nothing");
    }
}
