//! The canonical query string shared by both signature versions.

use std::fmt;

use super::encode::{cmp_encoded, encode_into, encoded_len};
use super::redact::redact_value;
use crate::operation::Params;

/// Parameters percent-encoded, sorted by encoded name then encoded value, and
/// joined as `name=value` with `&`.
///
/// This is the `CanonicalQueryString` of V3 and the `CanonicalizedQueryString`
/// of V2, and it is also the query the request is sent with. `Display` is the
/// exact text. `Debug` hides the value of a `SecurityToken` parameter.
#[derive(Clone, PartialEq, Eq)]
pub struct CanonicalQuery {
    text: String,
}

impl CanonicalQuery {
    /// The canonical query of an operation's parameters.
    pub fn from_params(params: &Params<'_>) -> Self {
        let mut pairs: Vec<(&str, &str)> = params
            .pairs()
            .iter()
            .map(|(name, value)| (name.as_ref(), value.as_ref()))
            .collect();
        Self::from_pairs(&mut pairs, 0)
    }

    /// The canonical query of `pairs` (unencoded, any order; sorted in place),
    /// with room for `extra` more bytes so a signature can be appended without
    /// reallocating.
    pub(crate) fn from_pairs(pairs: &mut [(&str, &str)], extra: usize) -> Self {
        pairs.sort_unstable_by(|(n1, v1), (n2, v2)| {
            cmp_encoded(n1, n2).then_with(|| cmp_encoded(v1, v2))
        });
        let len = pairs
            .iter()
            .map(|(name, value)| encoded_len(name) + 1 + encoded_len(value))
            .sum::<usize>()
            + pairs.len().saturating_sub(1);
        let mut text = String::with_capacity(len + extra);
        for (i, (name, value)) in pairs.iter().enumerate() {
            if i > 0 {
                text.push('&');
            }
            encode_into(&mut text, name);
            text.push('=');
            encode_into(&mut text, value);
        }
        debug_assert_eq!(text.len(), len);
        CanonicalQuery { text }
    }

    /// The exact text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text, for sending.
    pub fn into_string(self) -> String {
        self.text
    }

    /// Appends `&name=value` (unencoded `value`, encoded here). For the V2
    /// signature, which follows the canonical query rather than sorting in.
    pub(crate) fn into_string_with(mut self, name: &str, value: &str) -> String {
        self.text.push('&');
        self.text.push_str(name);
        self.text.push('=');
        encode_into(&mut self.text, value);
        self.text
    }
}

impl fmt::Display for CanonicalQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for CanonicalQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = redact_value(&self.text, "SecurityToken=", "&");
        f.debug_tuple("CanonicalQuery").field(&shown).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> String {
        let mut params = Params::default();
        for (name, value) in pairs {
            params.push(*name, *value);
        }
        CanonicalQuery::from_params(&params).to_string()
    }

    #[test]
    fn empty() {
        assert_eq!(query(&[]), "");
    }

    #[test]
    fn sorts_by_name_then_value_and_encodes() {
        assert_eq!(
            query(&[("RegionId", "cn-hangzhou"), ("ActivationId", "act 1/2+3")]),
            "ActivationId=act%201%2F2%2B3&RegionId=cn-hangzhou"
        );
        assert_eq!(query(&[("Tag", "b"), ("Tag", "a")]), "Tag=a&Tag=b");
    }

    #[test]
    fn sorts_by_the_encoded_form() {
        // Raw, 'Z' (0x5A) < '{' (0x7B); encoded, "%7B" < "Z".
        assert_eq!(query(&[("aZ", "1"), ("a{", "2")]), "a%7B=2&aZ=1");
        assert_eq!(query(&[("k", "aZ"), ("k", "a{")]), "k=a%7B&k=aZ");
        // A shorter name sorts first, even before '&' would have.
        assert_eq!(query(&[("ab", "1"), ("a", "2")]), "a=2&ab=1");
    }

    #[test]
    fn appends_a_trailing_parameter() {
        let mut pairs = [("A", "1")];
        let q = CanonicalQuery::from_pairs(&mut pairs, 32);
        assert_eq!(
            q.into_string_with("Signature", "a+b/c="),
            "A=1&Signature=a%2Bb%2Fc%3D"
        );
    }

    #[test]
    fn debug_hides_the_security_token() {
        let mut pairs = [("SecurityToken", "tok/en+secret"), ("A", "1"), ("Z", "2")];
        let q = CanonicalQuery::from_pairs(&mut pairs, 0);
        let debug = format!("{q:?}");
        assert!(!debug.contains("tok"), "{debug}");
        assert!(debug.contains("A=1"), "{debug}");
        assert!(debug.contains("Z=2"), "{debug}");
    }
}
