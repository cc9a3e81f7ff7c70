//! Loader messages a spec author can act on: serde's messages reworded in
//! the spec's terms (a "key", "a list", "a text", never a Rust type name),
//! with "did you mean" for a misspelt key or value.

/// The candidate closest to `word`, if it is close enough to be a likely
/// misspelling: a difference of case only, or an edit distance (insertions,
/// deletions, substitutions and swaps of neighbours) of at most a third of
/// the word's length, and at least 1.
///
/// Failing that, the one candidate that starts with the word, if it has at
/// least three letters (`Int` → `Integer`, `Bool` → `Boolean`).
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    let close = candidates
        .iter()
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= limit && *c != word)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c);
    if close.is_some() || word.chars().count() < 3 {
        return close;
    }
    let mut prefixed = candidates
        .iter()
        .filter(|c| c.to_lowercase().starts_with(&lower) && **c != word);
    match (prefixed.next(), prefixed.next()) {
        (Some(only), None) => Some(*only),
        _ => None,
    }
}

/// Optimal string alignment distance: Levenshtein plus swaps of two
/// neighbouring characters (`Strnig` → `String` is one edit).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// What serde said, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SerdeProblem {
    /// A key the spec format does not have, and the key it is likely a
    /// misspelling of.
    UnknownKey(String, Option<String>),
    /// A required key is missing.
    MissingKey(String),
    /// Anything else about the value at the path (wrong type, unknown value).
    BadValue,
}

/// Classifies serde's message and rewords it for a spec author.
pub fn reword(message: &str) -> (SerdeProblem, String) {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (word, expected) = quoted_then_expected(rest);
        let suggestion = did_you_mean(&word, &expected);
        let text = match suggestion {
            Some(s) => format!("unknown key `{word}`: did you mean `{s}`?"),
            None if expected.is_empty() => {
                format!("unknown key `{word}`: no keys are allowed here")
            }
            None => format!(
                "unknown key `{word}`; the keys here are {}",
                list(&expected)
            ),
        };
        let suggestion = suggestion.map(str::to_owned);
        return (SerdeProblem::UnknownKey(word, suggestion), text);
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (word, expected) = quoted_then_expected(rest);
        let text = match did_you_mean(&word, &expected) {
            Some(s) => format!(
                "unknown value `{word}`: did you mean `{s}`? (one of {})",
                list(&expected)
            ),
            None => format!(
                "unknown value `{word}`; expected one of {}",
                list(&expected)
            ),
        };
        return (SerdeProblem::BadValue, text);
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let (word, _) = quoted_then_expected(rest);
        return (
            SerdeProblem::MissingKey(word.clone()),
            format!("missing key `{word}`"),
        );
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((found, expected)) = rest.rsplit_once(", expected ")
        {
            return (
                SerdeProblem::BadValue,
                format!(
                    "expected {}, found {}",
                    expected_name(expected),
                    found_name(found)
                ),
            );
        }
    }
    (SerdeProblem::BadValue, message.to_owned())
}

/// `` `word`, expected one of `a`, `b` `` (or `` expected `a` ``, or
/// `there are no fields`): the word and the candidates.
fn quoted_then_expected(rest: &str) -> (String, Vec<&str>) {
    let mut parts = rest.splitn(3, '`');
    parts.next();
    let word = parts.next().unwrap_or_default().to_owned();
    let after = parts.next().unwrap_or_default();
    let expected = match after.find("expected") {
        Some(i) => after[i..].split('`').skip(1).step_by(2).collect(),
        None => Vec::new(),
    };
    (word, expected)
}

fn list(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// serde's "expected …" in the spec's terms.
fn expected_name(expected: &str) -> String {
    let named = match expected {
        "struct Parameter" => "a request parameter (`name`, `type`, `description`, …)",
        "struct Field" => "a response field (`name`, `type`, `description`, …)",
        "struct Items" => "a list's element type (`type`, and `fields` or `items`)",
        "struct Constraints" => "constraints (`enum`, `minimum`, `maximum`, `max_length`, …)",
        "struct Range" => "a range (`min` and `max`)",
        "struct Examples" => "examples (`request`, `json`, `xml`)",
        "struct ErrorCode" => "an error code (`http`, `code`, `message`, `description`)",
        "struct Endpoints" => "endpoints (`pattern`, `central`, `regional`)",
        "struct ServiceFile" => "a service file (`product`, `version`, `style`, …)",
        "struct OperationFile" => "an operation file (`name`, `summary`, `request`, …)",
        "struct OverlayFile" => "an overlay file (`operation`, …)",
        "enum TypeName" => {
            "a type (`String`, `Integer`, `Long`, `Boolean`, `Float`, `Double`, `Struct`, `Array`, `RepeatList`, `List`, `Json`, `Map`)"
        }
        "a sequence" => "a list",
        "a map" => "a mapping of keys to values",
        "u16" | "u32" | "u64" | "i64" | "i32" => "a whole number",
        "a borrowed string" => "a string",
        other if other.starts_with("struct ") => "a mapping of keys to values",
        other if other.starts_with("enum ") => "one of the values this key allows",
        other => other,
    };
    named.to_owned()
}

/// serde's description of the value found, in the spec's terms.
fn found_name(found: &str) -> String {
    match found {
        "map" => "a mapping".to_owned(),
        "sequence" => "a list".to_owned(),
        "unit value" => "nothing (an empty value)".to_owned(),
        other => match other.split_once(' ') {
            Some(("string", s)) => format!("the string {s}"),
            Some((kind @ ("integer" | "floating point" | "boolean"), v)) => format!("{kind} {v}"),
            _ => other.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let types = ["String", "Integer", "Long", "Boolean", "RepeatList"];
        assert_eq!(did_you_mean("Strng", &types), Some("String"));
        assert_eq!(did_you_mean("string", &types), Some("String"));
        assert_eq!(did_you_mean("Strnig", &types), Some("String"));
        assert_eq!(did_you_mean("Int", &types), Some("Integer"));
        assert_eq!(did_you_mean("Bool", &types), Some("Boolean"));
        assert_eq!(did_you_mean("In", &types), None);
        // Ambiguous prefixes suggest nothing.
        assert_eq!(did_you_mean("Str", &["String", "Struct"]), None);
        assert_eq!(did_you_mean("Repeatlist", &types), Some("RepeatList"));
        assert_eq!(did_you_mean("x", &types), None);
        let keys = ["name", "type", "required", "description"];
        assert_eq!(did_you_mean("requird", &keys), Some("required"));
        assert_eq!(did_you_mean("descripton", &keys), Some("description"));
        assert_eq!(did_you_mean("Type", &keys), Some("type"));
        assert_eq!(did_you_mean("colour", &keys), None);
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }

    #[test]
    fn messages_are_reworded() {
        assert_eq!(
            reword("unknown field `requird`, expected one of `name`, `required`"),
            (
                SerdeProblem::UnknownKey("requird".into(), Some("required".into())),
                "unknown key `requird`: did you mean `required`?".into()
            )
        );
        assert_eq!(
            reword("unknown field `x`, expected `zh` or `en`").1,
            "unknown key `x`; the keys here are `zh`, `en`"
        );
        assert_eq!(
            reword("unknown variant `Strng`, expected one of `String`, `Long`").1,
            "unknown value `Strng`: did you mean `String`? (one of `String`, `Long`)"
        );
        assert_eq!(
            reword("missing field `type`"),
            (
                SerdeProblem::MissingKey("type".into()),
                "missing key `type`".into()
            )
        );
        assert_eq!(
            reword("invalid type: string \"x\", expected struct Parameter").1,
            "expected a request parameter (`name`, `type`, `description`, …), found the string \"x\""
        );
        assert_eq!(
            reword("invalid type: map, expected a sequence").1,
            "expected a list, found a mapping"
        );
        assert_eq!(
            reword("invalid value: integer `-1`, expected u16").1,
            "expected a whole number, found integer `-1`"
        );
    }
}
