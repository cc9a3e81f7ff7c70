//! What one document says, as spec values in its own language: texts go in
//! that language's slot of [`Text`], types are resolved, constraints are
//! read from the descriptions and the response is nested. [`super::merge`]
//! then joins the two languages.

use std::collections::BTreeMap;

use super::constraints;
use super::document::{ApiDoc, Code, Lang, ResponseRow};
use super::ids;
use super::nesting::{self, Flat, Note, Samples};
use super::types::{self, DocType};
use crate::spec::{Constraints, ErrorCode, Field, Items, Parameter, Scalar, Text, TypeName};
use crate::xml::parse_xml;

/// One document's operation, in its language.
#[derive(Clone, Debug)]
pub struct Extracted {
    /// The operation's name.
    pub name: String,
    /// The first sentence of the introduction.
    pub summary: Option<String>,
    /// The whole introduction, when it says more than the summary.
    pub description: Option<String>,
    /// The usage notes, one per block.
    pub notes: Vec<String>,
    /// The OpenAPI Explorer link.
    pub explorer: Option<String>,
    /// Request parameters, `Action` excluded.
    pub request: Vec<Parameter>,
    /// Response fields, nested.
    pub response: Vec<Field>,
    /// Error codes.
    pub errors: Vec<ErrorCode>,
    /// The sample request, XML and JSON, verbatim.
    pub examples: [Option<String>; 3],
    /// The document line of each parameter (by name), response field (by
    /// dotted path) and error (by code), for messages.
    pub lines: Lines,
}

/// Where things are in the document.
#[derive(Clone, Debug, Default)]
pub struct Lines {
    /// Request parameter name → row line.
    pub request: BTreeMap<String, usize>,
    /// Response field path (`Activation.InstanceCount`) → row line.
    pub response: BTreeMap<String, usize>,
    /// Each error's row line, in the order of `errors`.
    pub errors: Vec<usize>,
}

/// What is wrong in one document. None of it stops the extraction: each
/// says what was made of the row it is about.
#[derive(Debug, Default)]
pub struct Problems {
    /// Warnings at lines.
    pub warnings: Vec<Note>,
}

impl Problems {
    fn warn(&mut self, line: usize, id: &'static str, message: impl Into<String>) {
        self.warnings.push(Note {
            line,
            id,
            message: message.into(),
        });
    }
}

/// `s` in `lang`'s slot; an empty cell is no text.
fn text(lang: Lang, s: impl Into<String>) -> Text {
    let s = s.into();
    if s.trim().is_empty() {
        return Text::default();
    }
    match lang {
        Lang::Zh => Text {
            zh: Some(s),
            en: None,
        },
        Lang::En => Text {
            zh: None,
            en: Some(s),
        },
    }
}

/// Turns a read document into spec values.
pub fn extract(doc: &ApiDoc, lang: Lang, p: &mut Problems) -> Extracted {
    let intro = doc.intro.join("\n\n");
    let summary = first_sentence(&intro);
    let description =
        (!intro.is_empty() && summary.as_deref() != Some(intro.as_str())).then(|| intro.clone());
    let mut lines = Lines::default();
    let (name, request) = request(doc, lang, &mut lines.request, p);

    let json_value = json_example(doc, p);
    let xml_root = xml_example(doc, &name, p);
    let samples = Samples {
        json: json_value
            .as_ref()
            .zip(doc.json_example.as_ref())
            .map(|(v, c)| (v, c.text.as_str(), c.line)),
        xml: xml_root
            .as_ref()
            .zip(doc.xml_example.as_ref())
            .map(|(e, c)| (e, c.text.as_str(), c.line)),
    };
    let flats = response_rows(doc, lang, json_value.as_ref(), xml_root.as_ref(), p);
    let nested = nesting::nest(flats, samples);
    p.warnings.extend(nested.warnings);
    lines.response = nested.lines;
    let errors = errors(doc, lang, &mut lines.errors, p);

    let code = |c: &Option<Code>| c.as_ref().map(|c| c.text.clone());
    Extracted {
        name,
        summary,
        description,
        notes: doc.notes.clone(),
        explorer: doc.explorer.clone(),
        request,
        response: nested.fields,
        errors,
        examples: [
            code(&doc.request_example),
            code(&doc.xml_example),
            code(&doc.json_example),
        ],
        lines,
    }
}

/// The operation's name and its request parameters (each one's row line
/// in `lines`). The Action row names what goes on the wire; a title that
/// says otherwise is the document's mistake.
fn request(
    doc: &ApiDoc,
    lang: Lang,
    lines: &mut BTreeMap<String, usize>,
    p: &mut Problems,
) -> (String, Vec<Parameter>) {
    let mut name = doc.name.clone();
    let mut request = Vec::new();
    for row in &doc.request {
        if row.name == "Action" {
            match &row.example {
                Some(action)
                    if *action != doc.name
                        && !action.is_empty()
                        && action.chars().all(|c| c.is_ascii_alphanumeric()) =>
                {
                    p.warn(
                        row.line,
                        ids::ACTION_NAME_MISMATCH,
                        format!(
                            "the Action row says `{action}`, but the title says `{}`; the operation is named `{action}`",
                            doc.name
                        ),
                    );
                    name = action.clone();
                }
                _ => {}
            }
            continue;
        }
        let param = parameter(row, lang, p);
        lines.insert(param.name.clone(), row.line);
        request.push(param);
    }
    (name, request)
}

/// The JSON example's value, when it is valid JSON.
fn json_example(doc: &ApiDoc, p: &mut Problems) -> Option<serde_json::Value> {
    doc.json_example.as_ref().and_then(|c| match serde_json::from_str(body(&c.text, '{', "JSON", c.line, p)) {
        Ok(v) => Some(v),
        Err(e) => {
            p.warn(c.line, ids::EXAMPLE_INVALID, format!("the JSON example is not valid JSON ({e}); nesting uses the XML example only"));
            None
        }
    })
}

/// The XML example's root element, when it is valid XML; a root not named
/// after the operation `name` is reported.
fn xml_example(doc: &ApiDoc, name: &str, p: &mut Problems) -> Option<crate::xml::Element> {
    doc.xml_example
        .as_ref()
        .and_then(|c| match parse_xml(body(&c.text, '<', "XML", c.line, p)) {
            Ok(root) => {
                let expected = format!("{name}Response");
                if root.name != expected {
                    p.warn(
                        c.line,
                        ids::EXAMPLE_XML_ROOT,
                        format!(
                            "the XML example's root is <{}>, expected <{expected}>",
                            root.name
                        ),
                    );
                }
                Some(root)
            }
            Err(e) => {
                p.warn(
                    c.line,
                    ids::EXAMPLE_INVALID,
                    format!(
                        "the XML example is not valid XML ({e}); nesting uses the JSON example only"
                    ),
                );
                None
            }
        })
}

/// The response rows, typed and with the examples that fit their type,
/// ready for nesting.
fn response_rows(
    doc: &ApiDoc,
    lang: Lang,
    json: Option<&serde_json::Value>,
    xml: Option<&crate::xml::Element>,
    p: &mut Problems,
) -> Vec<Flat> {
    let rows = typed_rows(&doc.response, json, xml, p);
    let mut flats = Vec::new();
    for (row, ty) in &rows {
        let kind = match types::parse(ty) {
            Ok(kind) => kind,
            Err(e) => {
                p.warn(
                    row.line,
                    ids::TYPE_UNKNOWN,
                    format!("{e}; taken as a String"),
                );
                DocType::Plain(TypeName::String)
            }
        };
        let mut flat = response_row(row, kind, lang);
        let element = match &flat.kind {
            DocType::ArrayOf(x) => types::scalar_or_container(x).unwrap_or(TypeName::Struct),
            _ => flat.field.ty,
        };
        flat.field.example = fitting(flat.field.example.take(), element, &row.name, row.line, p);
        flats.push(flat);
    }
    flats
}

/// The error codes (each one's row line in `lines`). Every entry as
/// published (one code may come with several statuses and messages); only
/// an entry listed twice word for word is dropped.
fn errors(doc: &ApiDoc, lang: Lang, lines: &mut Vec<usize>, p: &mut Problems) -> Vec<ErrorCode> {
    let mut errors: Vec<ErrorCode> = Vec::new();
    for row in &doc.errors {
        if let Some(first) = errors
            .iter()
            .position(|e| e.code == row.code && e.http == row.http && e.message == row.message)
        {
            p.warn(
                row.line,
                ids::ERROR_DUPLICATE,
                format!(
                    "error `{}` (HTTP {}) with this message is listed twice (first at line {}); one is kept",
                    row.code, row.http, lines[first]
                ),
            );
            continue;
        }
        lines.push(row.line);
        errors.push(ErrorCode {
            http: row.http,
            code: row.code.clone(),
            message: row.message.clone(),
            description: (!row.description.is_empty()).then(|| text(lang, row.description.clone())),
        });
    }
    errors
}

/// An example without the HTTP status line and headers some documents
/// write before the body (`HTTP/1.1 200 OK`, `Content-Type:…`): the text
/// from the first line starting with `open`. The spec keeps the example
/// verbatim; this is what nesting reads.
fn body<'a>(text: &'a str, open: char, what: &str, line: usize, p: &mut Problems) -> &'a str {
    if !text.starts_with("HTTP/") {
        return text;
    }
    let mut at = 0;
    for l in text.split_inclusive('\n') {
        if l.trim_start().starts_with(open) {
            p.warn(
                line,
                ids::EXAMPLE_INVALID,
                format!("the {what} example starts with an HTTP status line and headers; the body after them is read"),
            );
            return &text[at..];
        }
        at += l.len();
    }
    text
}

/// The first sentence: up to the first `。` (or `.`, `!`, `?` before a
/// space or the end).
fn first_sentence(intro: &str) -> Option<String> {
    let first = intro.split("\n\n").next()?.trim();
    if first.is_empty() {
        return None;
    }
    let mut chars = first.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => chars.peek().is_none_or(|(_, n)| n.is_whitespace()),
            _ => false,
        };
        if end {
            return Some(first[..i + c.len_utf8()].to_owned());
        }
    }
    Some(first.to_owned())
}

fn items(ty: TypeName) -> Option<Box<Items>> {
    Some(Box::new(Items {
        ty,
        name: None,
        fields: Vec::new(),
        items: None,
    }))
}

/// One request row as a parameter, its dotted name kept (`Tag.N.Key`):
/// [`super::fold`] builds the structures once both languages are merged.
fn parameter(row: &super::document::RequestRow, lang: Lang, p: &mut Problems) -> Parameter {
    let kind = match types::parse(&row.ty) {
        Ok(DocType::Empty) => {
            p.warn(
                row.line,
                ids::REQUEST_ROW_NO_TYPE,
                format!(
                    "request parameter `{}` has no type; taken as a String",
                    row.name
                ),
            );
            DocType::Plain(TypeName::String)
        }
        Ok(k) => k,
        Err(e) => {
            p.warn(
                row.line,
                ids::TYPE_UNKNOWN,
                format!("{e}; taken as a String"),
            );
            DocType::Plain(TypeName::String)
        }
    };
    let repeat = row.name.ends_with(".N");
    let (ty, items) = match kind {
        DocType::Plain(t) if t.is_list() => (TypeName::RepeatList, items(TypeName::String)),
        DocType::Plain(t) if repeat && t.is_scalar() => {
            p.warn(
                row.line,
                ids::REQUEST_REPEAT_TYPE_SCALAR,
                format!(
                    "`{}` is named like a repeat list but typed {}; imported as a RepeatList of {}",
                    row.name,
                    t.as_str(),
                    t.as_str()
                ),
            );
            (TypeName::RepeatList, items(t))
        }
        DocType::Plain(t) => (t, None),
        DocType::ArrayOf(element) => {
            let t = types::scalar_or_container(&element)
                .filter(|t| t.is_scalar())
                .unwrap_or(TypeName::Struct);
            (TypeName::RepeatList, items(t))
        }
        DocType::Empty => unreachable!("replaced above"),
    };
    let element = items.as_ref().map_or(ty, |i| i.ty);
    let example = fitting(
        row.example.clone().map(Scalar),
        element,
        &row.name,
        row.line,
        p,
    );
    // A count (`N的取值范围`) is read from any row under a `.N`; folding
    // gives it to its list.
    let repeated = row.name.split('.').any(|s| s == "N");
    Parameter {
        name: row.name.clone(),
        renamed_from: None,
        ty,
        items,
        fields: Vec::new(),
        style: None,
        required: row.required,
        example,
        description: text(lang, row.description.clone()),
        constraints: if element == TypeName::Struct {
            None
        } else {
            constraints_of(&row.description, lang, element, repeated)
        },
    }
}

/// The example of a row, if it is a value of the row's (element) type.
fn fitting(
    example: Option<Scalar>,
    ty: TypeName,
    name: &str,
    line: usize,
    p: &mut Problems,
) -> Option<Scalar> {
    let value = example?;
    if !ty.is_scalar() || crate::validate::fits(ty, value.as_str()) {
        return Some(value);
    }
    p.warn(
        line,
        ids::EXAMPLE_CELL_TYPE,
        format!(
            "the example `{}` of `{name}` is not a {}; it is left out",
            value.as_str(),
            ty.as_str()
        ),
    );
    None
}

/// How deep a response row is in the documents that mark nesting with
/// `└` (`└Code` under `Results`), and its name without the marks.
fn depth(name: &str) -> (usize, String) {
    let marks = name.chars().filter(|c| *c == '└').count();
    let clean: String = name
        .chars()
        .filter(|c| *c != '└')
        .collect::<String>()
        .trim()
        .to_owned();
    (marks, clean)
}

/// The response rows with their type cells, a type given to each row that
/// has none and that is not the element row of an `Array of X`: a row with
/// `└` rows under it is a container (a list when the examples show one), a
/// leaf is a String.
fn typed_rows(
    rows: &[ResponseRow],
    json: Option<&serde_json::Value>,
    xml: Option<&crate::xml::Element>,
    p: &mut Problems,
) -> Vec<(ResponseRow, String)> {
    let depths: Vec<(usize, String)> = rows.iter().map(|r| depth(&r.name)).collect();
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let (d, name) = &depths[i];
        let mut row = row.clone();
        row.name = name.clone();
        let mut ty = row.ty.clone();
        let parent_of_next = depths.get(i + 1).is_some_and(|(next, _)| next > d);
        // `Regions` typed `Array` and then its element row (`Region`, no
        // type): the same as `Array of Region`.
        let element_row = rows.get(i + 1).is_some_and(|n| n.ty.trim().is_empty());
        if element_row
            && matches!(ty.as_str(), "Array" | "List" | "array" | "list")
            && !parent_of_next
        {
            ty = format!("Array of {}", depths[i + 1].1);
        }
        // A typeless row followed by a typeless row (its element row, as
        // after `Array of X`) is a list too.
        if ty.is_empty() && element_row && !parent_of_next && i + 2 < rows.len() {
            let (mut inferred, how) = container_type(name, json, xml);
            if inferred == "Struct" {
                inferred = format!("Array of {}", depths[i + 1].1);
            }
            p.warn(
                row.line,
                ids::RESPONSE_ROW_NO_TYPE,
                format!("response row `{name}` has no type; an element row follows it, so it is a list ({how}): {inferred}"),
            );
            ty = inferred;
        }
        // A typeless row the examples show as an object or a list (and
        // that is not the element row of the row before it).
        let element_of_previous = out.last().is_some_and(|(_, t): &(ResponseRow, String)| {
            t.strip_prefix("Array of ").is_some_and(|x| x == name)
                || matches!(t.as_str(), "Array" | "List" | "array" | "list")
        });
        if ty.is_empty() && !parent_of_next && !element_of_previous {
            let (inferred, how) = container_type(name, json, xml);
            if how.starts_with("a list") || how.starts_with("an object") {
                p.warn(
                    row.line,
                    ids::RESPONSE_ROW_NO_TYPE,
                    format!("response row `{name}` has no type; it is {how}: {inferred}"),
                );
                ty = inferred;
            }
        }
        if ty.is_empty() && parent_of_next {
            let (inferred, how) = container_type(name, json, xml);
            p.warn(
                row.line,
                ids::RESPONSE_ROW_NO_TYPE,
                format!("response row `{name}` has no type; the rows under it make it a container, {how}: {inferred}"),
            );
            ty = inferred;
        }
        out.push((row, ty));
    }
    out
}

/// The type of a container row without a type, from the examples.
fn container_type(
    name: &str,
    json: Option<&serde_json::Value>,
    xml: Option<&crate::xml::Element>,
) -> (String, &'static str) {
    use serde_json::Value;
    fn find<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
        match v {
            Value::Object(m) => m.get(key).or_else(|| m.values().find_map(|c| find(c, key))),
            Value::Array(a) => a.iter().find_map(|c| find(c, key)),
            _ => None,
        }
    }
    fn find_xml<'a>(e: &'a crate::xml::Element, key: &str) -> Option<&'a crate::xml::Element> {
        e.children
            .iter()
            .find(|c| c.name == key)
            .or_else(|| e.children.iter().find_map(|c| find_xml(c, key)))
    }
    match json.and_then(|j| find(j, name)) {
        Some(Value::Array(_)) => (format!("Array of {name}"), "a list in the JSON example"),
        Some(Value::Object(o)) if o.len() == 1 && o.values().all(Value::is_array) => {
            let inner = o.keys().next().expect("one key");
            (format!("Array of {inner}"), "a list in the JSON example")
        }
        Some(Value::Object(_)) => ("Struct".to_owned(), "an object in the JSON example"),
        Some(_) => ("Struct".to_owned(), "a value in the JSON example"),
        None => match xml.and_then(|x| find_xml(x, name)) {
            Some(el)
                if el.children.len() > 1
                    && el.children.iter().all(|c| c.name == el.children[0].name) =>
            {
                (
                    format!("Array of {}", el.children[0].name),
                    "a list in the XML example",
                )
            }
            Some(_) => ("Struct".to_owned(), "an element in the XML example"),
            None => ("Struct".to_owned(), "in no example, so a structure"),
        },
    }
}

fn response_row(row: &super::document::ResponseRow, kind: DocType, lang: Lang) -> Flat {
    let (ty, element) = match &kind {
        DocType::Plain(t) => (*t, *t),
        DocType::ArrayOf(x) => (
            TypeName::Array,
            types::scalar_or_container(x)
                .filter(|t| t.is_scalar())
                .unwrap_or(TypeName::Struct),
        ),
        DocType::Empty => (TypeName::String, TypeName::String),
    };
    let constraints = if matches!(element, TypeName::Struct) || kind == DocType::Empty {
        None
    } else {
        constraints_of(&row.description, lang, element, false)
    };
    Flat {
        field: Field {
            name: row.name.clone(),
            renamed_from: None,
            ty,
            items: None,
            fields: Vec::new(),
            required: false,
            example: row.example.clone().map(Scalar),
            description: text(lang, row.description.clone()),
            constraints,
        },
        kind,
        line: row.line,
    }
}

fn constraints_of(
    description: &str,
    lang: Lang,
    element: TypeName,
    repeated: bool,
) -> Option<Constraints> {
    let parsed = constraints::parse(description, lang, element, repeated);
    let mut c = parsed.constraints;
    c.text = parsed.leftover.map(|t| text(lang, t));
    (c != Constraints::default()).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, ty: &str, line: usize) -> ResponseRow {
        ResponseRow {
            name: name.to_owned(),
            ty: ty.to_owned(),
            example: None,
            description: String::new(),
            line,
        }
    }

    #[test]
    fn http_headers_before_an_example_are_skipped_for_reading() {
        let mut p = Problems::default();
        let text = "HTTP/1.1 200 OK\nContent-Type:application/json\n\n{\"A\": 1}";
        assert_eq!(body(text, '{', "JSON", 5, &mut p), "{\"A\": 1}");
        assert_eq!(p.warnings[0].id, ids::EXAMPLE_INVALID);
        assert_eq!(body("{}", '{', "JSON", 5, &mut p), "{}");
        assert_eq!(p.warnings.len(), 1);
    }

    #[test]
    fn typeless_response_rows_take_their_type_from_the_rows_under_them_and_the_examples() {
        let json: serde_json::Value = serde_json::from_str(
            r#"{"Results": {"Result": [{"Code": "200"}]}, "Info": {"A": 1}, "Owner": "x", "Zones": {"Zone": [{"Id": 1}]}}"#,
        )
        .unwrap();
        let rows = [
            row("Results", "", 1),
            row("└Code", "String", 2),
            row("Info", "", 3),
            row("A", "Integer", 4),
            row("Owner", "", 5),
            row("Zones", "Array", 6),
            row("Zone", "", 7),
            row("Id", "Integer", 8),
        ];
        let mut p = Problems::default();
        let typed: Vec<(String, String)> = typed_rows(&rows, Some(&json), None, &mut p)
            .into_iter()
            .map(|(r, t)| (r.name, t))
            .collect();
        let typed: Vec<(&str, &str)> = typed
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(
            typed,
            [
                ("Results", "Array of Result"),
                ("Code", "String"),
                ("Info", "Struct"),
                ("A", "Integer"),
                ("Owner", ""),
                ("Zones", "Array of Zone"),
                ("Zone", ""),
                ("Id", "Integer"),
            ]
        );
        let lines: Vec<usize> = p.warnings.iter().map(|n| n.line).collect();
        assert_eq!(lines, [1, 3]);
        assert!(p.warnings.iter().all(|n| n.id == ids::RESPONSE_ROW_NO_TYPE));
    }

    #[test]
    fn first_sentences() {
        assert_eq!(
            first_sentence("调用X删除。注销后……").as_deref(),
            Some("调用X删除。")
        );
        assert_eq!(
            first_sentence("You can call this operation. After that, more.").as_deref(),
            Some("You can call this operation.")
        );
        assert_eq!(
            first_sentence("Version 2.2.0 is out. Yes.").as_deref(),
            Some("Version 2.2.0 is out.")
        );
        assert_eq!(first_sentence("No end").as_deref(), Some("No end"));
        assert_eq!(first_sentence(""), None);
    }
}
