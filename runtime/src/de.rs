//! Serde helpers for request types read from text: the command-line
//! example's arguments ([`Args::deserialize`](crate::dynamic::Args::deserialize))
//! and a request's own JSON serialization. Responses are read by
//! [`tree`](crate::tree), not serde.

use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer};

/// Reads a parameter whose value is a JSON document, from text or from a
/// structured value: a string is parsed as JSON into `T`; anything else is
/// read as `T` directly.
///
/// This is the read side of [`params::json`](crate::params::json), for
/// request types built from command-line text
/// ([`Args::deserialize`](crate::dynamic::Args::deserialize)) or from their
/// own JSON serialization. For an optional parameter, let `T` be the
/// `Option` and add `default`, so that a missing key is `None` and the
/// text `null` too:
///
/// ```
/// use std::collections::BTreeMap;
///
/// #[derive(serde::Deserialize)]
/// struct Request {
///     #[serde(
///         rename = "Parameters",
///         default,
///         deserialize_with = "acs_runtime::de::json_text"
///     )]
///     parameters: Option<BTreeMap<String, String>>,
/// }
///
/// let r: Request = serde_json::from_str(r#"{"Parameters": "{\"a\":\"x\"}"}"#).unwrap();
/// assert_eq!(r.parameters.unwrap()["a"], "x");
/// let r: Request = serde_json::from_str("{}").unwrap();
/// assert!(r.parameters.is_none());
/// ```
///
/// A required parameter (plain `T`) omits `default`, so a missing key is
/// serde's `missing field` error.
pub fn json_text<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    use serde::de::Error as _;
    // Buffered: the JSON may arrive as text or as a tree, and only the
    // first token tells which.
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(text) => serde_json::from_str(&text).map_err(|e| {
            if e.classify() == serde_json::error::Category::Data {
                // Valid JSON of the wrong shape: serde's message says which.
                D::Error::custom(e)
            } else {
                D::Error::custom(format_args!("expected JSON text: {e}"))
            }
        }),
        other => T::deserialize(other).map_err(D::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::json_text;

    #[derive(Debug, PartialEq, Deserialize)]
    struct WithJson {
        #[serde(rename = "Parameters", default, deserialize_with = "json_text")]
        parameters: Option<BTreeMap<String, serde_json::Value>>,
        #[serde(rename = "Required", deserialize_with = "json_text")]
        required: serde_json::Value,
    }

    #[test]
    fn json_text_reads_text_or_a_tree() {
        let got: WithJson =
            serde_json::from_str(r#"{"Parameters":"{\"a\":\"x\",\"n\":1}","Required":"[1]"}"#)
                .unwrap();
        assert_eq!(
            got.parameters,
            Some(BTreeMap::from([
                ("a".to_owned(), serde_json::json!("x")),
                ("n".to_owned(), serde_json::json!(1)),
            ]))
        );
        assert_eq!(got.required, serde_json::json!([1]));

        let got: WithJson =
            serde_json::from_str(r#"{"Parameters":{"a":"x"},"Required":{"b":2}}"#).unwrap();
        assert_eq!(got.parameters.unwrap()["a"], "x");
        assert_eq!(got.required, serde_json::json!({"b": 2}));

        for doc in [
            r#"{"Required":"1"}"#,
            r#"{"Parameters":null,"Required":"1"}"#,
            r#"{"Parameters":"null","Required":"1"}"#,
        ] {
            let got: WithJson = serde_json::from_str(doc).unwrap();
            assert_eq!(got.parameters, None, "{doc}");
        }

        let e = serde_json::from_str::<WithJson>(r#"{"Parameters":"{a:1}","Required":"1"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("expected JSON text: key must be a string"),
            "{e}"
        );
        let e = serde_json::from_str::<WithJson>(r#"{"Parameters":"[1]","Required":"1"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("invalid type: sequence, expected a map"), "{e}");
        let e = serde_json::from_str::<WithJson>(r#"{}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing field `Required`"), "{e}");
    }
}
