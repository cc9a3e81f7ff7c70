//! What one document says, as spec values in its own language: texts go in
//! that language's slot of [`Text`], types are resolved, constraints are
//! read from the descriptions and the response is nested. [`super::merge`]
//! then joins the two languages.

use std::collections::BTreeMap;

use super::constraints;
use super::document::{ApiDoc, Code, Lang};
use super::nesting::{self, Flat, Note, Samples};
use super::types::{self, DocType};
use crate::spec::{Constraints, ErrorCode, Field, Items, Parameter, Scalar, Text, TypeName};
use crate::validate::examples::parse_xml;

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
    /// Error code → row line.
    pub errors: BTreeMap<String, usize>,
}

/// Problems of one document: errors make it unusable; warnings do not.
#[derive(Debug, Default)]
pub struct Problems {
    /// Errors at lines.
    pub errors: Vec<Note>,
    /// Warnings at lines.
    pub warnings: Vec<Note>,
}

impl Problems {
    fn error(&mut self, line: usize, message: impl Into<String>) {
        self.errors.push(Note {
            line,
            message: message.into(),
        });
    }
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Note {
            line,
            message: message.into(),
        });
    }
}

fn text(lang: Lang, s: impl Into<String>) -> Text {
    let s = s.into();
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

    let mut request = Vec::new();
    for row in &doc.request {
        if row.name == "Action" {
            match &row.example {
                Some(action) if *action != doc.name => p.error(
                    row.line,
                    format!(
                        "the Action row says `{action}`, but the document is about `{}`",
                        doc.name
                    ),
                ),
                _ => {}
            }
            continue;
        }
        let Some(param) = parameter(row, lang, p) else {
            continue;
        };
        lines.request.insert(param.name.clone(), row.line);
        request.push(param);
    }

    let json_value = doc.json_example.as_ref().and_then(|c| match serde_json::from_str(&c.text) {
        Ok(v) => Some(v),
        Err(e) => {
            p.warn(c.line, format!("the JSON example is not valid JSON ({e}); nesting uses the XML example only"));
            None
        }
    });
    let xml_root = doc
        .xml_example
        .as_ref()
        .and_then(|c| match parse_xml(&c.text) {
            Ok(root) => {
                let expected = format!("{}Response", doc.name);
                if root.name != expected {
                    p.warn(
                        c.line,
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
                    format!(
                        "the XML example is not valid XML ({e}); nesting uses the JSON example only"
                    ),
                );
                None
            }
        });
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
    let mut flats = Vec::new();
    for row in &doc.response {
        match types::parse(&row.ty) {
            Ok(kind) => flats.push(response_row(row, kind, lang)),
            Err(e) => p.error(row.line, e),
        }
    }
    let nested = nesting::nest(flats, samples);
    p.errors.extend(nested.errors);
    p.warnings.extend(nested.warnings);
    lines.response = nested.lines;

    let mut errors = Vec::new();
    for row in &doc.errors {
        lines.errors.insert(row.code.clone(), row.line);
        errors.push(ErrorCode {
            http: row.http,
            code: row.code.clone(),
            message: row.message.clone(),
            description: (!row.description.is_empty()).then(|| text(lang, row.description.clone())),
        });
    }

    let code = |c: &Option<Code>| c.as_ref().map(|c| c.text.clone());
    Extracted {
        name: doc.name.clone(),
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

fn parameter(row: &super::document::RequestRow, lang: Lang, p: &mut Problems) -> Option<Parameter> {
    let kind = match types::parse(&row.ty) {
        Ok(k) => k,
        Err(e) => {
            p.error(row.line, e);
            return None;
        }
    };
    let repeat = row.name.ends_with(".N");
    let (ty, items) = match kind {
        DocType::Empty => {
            p.error(
                row.line,
                format!("request parameter `{}` has no type", row.name),
            );
            return None;
        }
        DocType::Plain(TypeName::Struct) => {
            p.error(
                row.line,
                format!(
                    "request parameter `{}` is a Struct; the importer cannot flatten those yet",
                    row.name
                ),
            );
            return None;
        }
        DocType::Plain(TypeName::RepeatList) => (TypeName::RepeatList, items(TypeName::String)),
        DocType::Plain(t) if t.is_list() => (
            if repeat { TypeName::RepeatList } else { t },
            items(TypeName::String),
        ),
        DocType::Plain(t) if repeat => {
            p.warn(
                row.line,
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
            let Some(t) = types::scalar_or_container(&element).filter(|t| t.is_scalar()) else {
                p.error(row.line, format!("request parameter `{}` is an Array of {element}; only lists of scalars can be sent", row.name));
                return None;
            };
            (
                if repeat {
                    TypeName::RepeatList
                } else {
                    TypeName::Array
                },
                items(t),
            )
        }
    };
    let element = items.as_ref().map_or(ty, |i| i.ty);
    Some(Parameter {
        name: row.name.clone(),
        renamed_from: None,
        ty,
        items,
        fields: Vec::new(),
        style: None,
        required: row.required,
        example: row.example.clone().map(Scalar),
        description: text(lang, row.description.clone()),
        constraints: constraints_of(&row.description, lang, element, ty == TypeName::RepeatList),
    })
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
