//! The documented examples against the generated types, value by value.
//!
//! For every JSON and XML example of every operation of a spec, the body is
//! parsed by the generated response type (through the runtime's real parse
//! path), the typed result is turned back into JSON, and every scalar of the
//! example is looked up at the same path in it. Wrappers are a wire detail
//! the typed result no longer has (`{"Zones":{"Zone":[…]}}` is a list of
//! zones), so the walk steps through a wrapper object wherever the typed
//! value is a list. Numbers and booleans compare by value, whatever their
//! spelling (`"40"` is `40`); an empty example value matches an absent one.
//!
//! An example that the spec's own validator says contradicts the declared
//! response (a warning of `codegen check`) is counted apart, with the
//! reason: the document is wrong there, not the SDK.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

/// Parses a raw response of the operation `action` into its typed result,
/// as JSON; `Err` says why it could not.
pub type ParseFn<'a> = dyn Fn(&str, &http::Response<bytes::Bytes>) -> Result<Value, String> + 'a;

/// The result of one example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The operation.
    pub action: String,
    /// `json` or `xml`, and the language of the example (`zh`/`en`).
    pub example: String,
    /// Scalars of the example found at their path.
    pub values: usize,
    /// What went wrong: the parse error, or the paths whose value is missing
    /// or different. Empty when every value was found.
    pub problems: Vec<String>,
    /// Where the spec's validator says this example contradicts the
    /// declared response (its warnings), the first of them.
    pub contradicts: Option<String>,
}

/// Every example of a spec, checked.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// One entry per example.
    pub cases: Vec<Case>,
    /// Operations in the spec.
    pub operations: usize,
    /// Operations with at least one example.
    pub with_examples: usize,
}

impl Report {
    /// Examples that parsed with every value found.
    pub fn passed(&self) -> impl Iterator<Item = &Case> {
        self.cases.iter().filter(|c| c.problems.is_empty())
    }

    /// Examples that failed although the validator found nothing wrong in
    /// them: a fault of the generated types or of the runtime.
    pub fn unexplained(&self) -> impl Iterator<Item = &Case> {
        self.cases
            .iter()
            .filter(|c| !c.problems.is_empty() && c.contradicts.is_none())
    }

    /// Examples that failed where the document contradicts itself.
    pub fn contradicting(&self) -> impl Iterator<Item = &Case> {
        self.cases
            .iter()
            .filter(|c| !c.problems.is_empty() && c.contradicts.is_some())
    }

    /// Operations all of whose examples passed.
    pub fn operations_passed(&self) -> usize {
        let mut ops: std::collections::BTreeMap<&str, bool> = Default::default();
        for c in &self.cases {
            *ops.entry(&c.action).or_insert(true) &= c.problems.is_empty();
        }
        ops.values().filter(|ok| **ok).count()
    }

    /// A summary for people: counts, then every failure with its reason.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let values: usize = self.cases.iter().map(|c| c.values).sum();
        let _ = writeln!(
            out,
            "examples: {} operations, {} with examples, {} of them with every example value found",
            self.operations,
            self.with_examples,
            self.operations_passed()
        );
        let _ = writeln!(
            out,
            "examples: {} examples, {} passed ({} values found), {} contradict their own table, {} unexplained failures",
            self.cases.len(),
            self.passed().count(),
            values,
            self.contradicting().count(),
            self.unexplained().count()
        );
        for c in self.contradicting() {
            let _ = writeln!(
                out,
                "  contradicts its table: {} {}: {} (validator: {})",
                c.action,
                c.example,
                c.problems.first().map_or("", String::as_str),
                c.contradicts.as_deref().unwrap_or_default()
            );
        }
        for c in self.unexplained() {
            let _ = writeln!(
                out,
                "  FAILED: {} {}: {}",
                c.action,
                c.example,
                c.problems.join("; ")
            );
        }
        out
    }
}

/// Checks every example of the spec in `spec_dir`.
pub fn check(spec_dir: &Path, parse: &ParseFn<'_>) -> Result<Report, String> {
    let (loaded, diags) = codegen::check_with_warnings(spec_dir);
    let loaded = loaded.ok_or_else(|| diags.to_string())?;
    let mut report = Report {
        operations: loaded.operations.len(),
        ..Report::default()
    };
    for file in &loaded.operations {
        let op = &file.value;
        let mut any = false;
        for (format, text, content_type) in [
            ("json", op.examples.json.as_ref(), "application/json"),
            ("xml", op.examples.xml.as_ref(), "text/xml"),
        ] {
            let Some(text) = text else { continue };
            for (lang, body) in [("zh", &text.zh), ("en", &text.en)] {
                let Some(body) = body else { continue };
                any = true;
                let example_path = format!("examples.{format}.{lang}");
                let contradicts = diags
                    .iter()
                    .find(|d| {
                        d.location.file == file.path && d.location.path.ends_with(&example_path)
                    })
                    .map(|d| d.message.clone());
                let (values, problems) = check_one(&op.name, format, body, content_type, parse);
                report.cases.push(Case {
                    action: op.name.clone(),
                    example: format!("{format} ({lang})"),
                    values,
                    problems,
                    contradicts,
                });
            }
        }
        report.with_examples += usize::from(any);
    }
    Ok(report)
}

fn check_one(
    action: &str,
    format: &str,
    body: &str,
    content_type: &str,
    parse: &ParseFn<'_>,
) -> (usize, Vec<String>) {
    let response = http::Response::builder()
        .status(200)
        .header("content-type", content_type)
        .body(bytes::Bytes::from(body.to_owned()))
        .expect("a valid response");
    let typed = match parse(action, &response) {
        Ok(v) => v,
        Err(e) => return (0, vec![format!("does not parse: {e}")]),
    };
    let example = match format {
        "json" => serde_json::from_str::<Value>(body).map_err(|e| e.to_string()),
        _ => acs_runtime::xml::to_value(body).map_err(|e| e.to_string()),
    };
    let example = match example {
        Ok(v) => v,
        Err(e) => return (0, vec![format!("the example itself is unreadable: {e}")]),
    };
    let mut problems = Vec::new();
    let values = walk(&example, &typed, "", &mut problems);
    (values, problems)
}

/// Looks up every scalar of `example` in `typed`; returns how many were found.
pub fn walk(example: &Value, typed: &Value, path: &str, problems: &mut Vec<String>) -> usize {
    match example {
        Value::Null => 0,
        Value::Object(map) => match typed {
            // A bare list's one element, as XML shows it (`<Instances>` once,
            // holding the element's fields).
            // (A one-key object holding an array or object is a wrapper.)
            Value::Array(elements)
                if elements.len() == 1
                    && !(map.len() == 1 && map.values().all(|v| v.is_array() || v.is_object()))
                    && elements[0]
                        .as_object()
                        .is_some_and(|o| map.keys().all(|k| o.contains_key(k))) =>
            {
                walk(example, &elements[0], &format!("{path}[0]"), problems)
            }
            // A wrapper around a list: `{"Zone": [...]}` or one element.
            Value::Array(elements) => {
                let mut found = 0;
                let mut i = 0;
                for (k, v) in map {
                    let items: Vec<&Value> = match v {
                        Value::Array(a) => a.iter().collect(),
                        one => vec![one],
                    };
                    for item in items {
                        let here = format!("{path}.{k}[{i}]");
                        found += walk(
                            item,
                            elements.get(i).unwrap_or(&Value::Null),
                            &here,
                            problems,
                        );
                        i += 1;
                    }
                }
                found
            }
            _ => map
                .iter()
                .map(|(k, v)| {
                    let here = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(v, typed.get(k).unwrap_or(&Value::Null), &here, problems)
                })
                .sum(),
        },
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let t = typed.get(i).unwrap_or(&Value::Null);
                walk(item, t, &format!("{path}[{i}]"), problems)
            })
            .sum(),
        scalar => {
            let expected = text(scalar);
            if expected.trim().is_empty() {
                return 0;
            }
            // A list's one element, as XML shows it without an array.
            if let Value::Array(items) = typed
                && items.len() == 1
            {
                return walk(example, &items[0], path, problems);
            }
            if same(&expected, typed) {
                1
            } else {
                problems.push(format!(
                    "`{path}`: the example has {expected:?}, the typed result {typed}"
                ));
                0
            }
        }
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether the typed value is the example's scalar, by value.
fn same(expected: &str, typed: &Value) -> bool {
    let got = match typed {
        Value::Null | Value::Object(_) | Value::Array(_) => return false,
        other => text(other),
    };
    if got == expected || got.trim() == expected.trim() {
        return true;
    }
    match (expected.trim().parse::<f64>(), got.trim().parse::<f64>()) {
        // A `Float` field holds an f32: `0.98` comes back as 0.98f32, which
        // JSON writes as 0.9800000190734863.
        #[allow(clippy::cast_possible_truncation)]
        (Ok(a), Ok(b)) => a == b || (a as f32 == b as f32 && a.is_finite()),
        _ => {
            expected.trim().eq_ignore_ascii_case(got.trim())
                && matches!(got.trim(), "true" | "false")
        }
    }
}
