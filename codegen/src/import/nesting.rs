//! The response tables are flat; the examples are not. This module puts
//! each table row under the struct or list element the JSON and XML
//! examples show it in, and reports where table and examples disagree.
//!
//! Rows are read in order with a stack of open containers (`Struct` and
//! `Array of X` rows open one). A row goes into the innermost open
//! container whose examples have that key and that does not have it yet;
//! the containers above are closed. A row that no example shows stays in
//! the innermost container it sorts after (the tables list each struct's
//! fields alphabetically), with a warning. The element row of `Array of X`
//! (a row named `X` with no type) is skipped.

use serde_json::Value;

use super::ids;
use super::types::DocType;
use crate::spec::{Field, Items, TypeName};
use crate::validate::{fits, json_fits};
use crate::xml::Element;

/// A response row, typed, before nesting.
#[derive(Clone, Debug)]
pub struct Flat {
    /// The field as the row describes it (no children yet).
    pub field: Field,
    /// The type cell, understood.
    pub kind: DocType,
    /// The row's line.
    pub line: usize,
}

/// The examples of one document, parsed, with the line each starts on.
#[derive(Clone, Copy, Debug, Default)]
pub struct Samples<'a> {
    /// The JSON example, its text and first line.
    pub json: Option<(&'a Value, &'a str, usize)>,
    /// The XML example's root element, its text and first line.
    pub xml: Option<(&'a Element, &'a str, usize)>,
}

/// A finding of this stage, at a line of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// 1-based line.
    pub line: usize,
    /// The finding's id ([`super::ids`]).
    pub id: &'static str,
    /// What.
    pub message: String,
}

/// The nested response, and what did not fit.
#[derive(Debug, Default)]
pub struct Nested {
    /// The response fields, nested.
    pub fields: Vec<Field>,
    /// Disagreements between the table and the examples.
    pub warnings: Vec<Note>,
    /// Each field's dotted path (`Activation.InstanceCount`) → its row's line.
    pub lines: std::collections::BTreeMap<String, usize>,
}

/// One node of the tree being built.
struct Node {
    flat: Flat,
    children: Vec<usize>,
    parent: Option<usize>,
    /// The key the examples wrap list elements in (`{"Invocation": [...]}`).
    wrapper: Option<String>,
}

/// An open container and the example values it stands for.
struct Frame<'a> {
    node: Option<usize>,
    json: Vec<&'a serde_json::Map<String, Value>>,
    xml: Vec<&'a Element>,
    /// The element name of an `Array of X` frame.
    item: Option<String>,
    used: Vec<String>,
    last: Option<String>,
}

impl Frame<'_> {
    fn json_has(&self, key: &str) -> bool {
        self.json.iter().any(|m| m.contains_key(key))
    }
    fn xml_has(&self, key: &str) -> bool {
        self.xml
            .iter()
            .any(|e| e.children.iter().any(|c| c.name == key))
    }
    fn has(&self, key: &str) -> bool {
        self.json_has(key) || self.xml_has(key)
    }
    fn known(&self) -> bool {
        !self.json.is_empty() || !self.xml.is_empty()
    }
    /// Whether the fields placed so far are in alphabetical order (the
    /// order most tables use, which [`Frame::follows`] relies on).
    fn alphabetical(&self) -> bool {
        self.used
            .windows(2)
            .all(|w| w[0].to_lowercase() <= w[1].to_lowercase())
    }
    /// Whether `name` may follow this frame's fields in table order.
    fn follows(&self, name: &str) -> bool {
        self.last
            .as_deref()
            .is_none_or(|l| l.to_lowercase() < name.to_lowercase())
    }
}

/// Whether a row opens a container for the rows after it.
fn is_container(kind: &DocType) -> bool {
    match kind {
        DocType::Plain(t) => *t == TypeName::Struct,
        DocType::ArrayOf(element) => {
            super::types::scalar_or_container(element).is_none_or(|t| !t.is_scalar())
        }
        DocType::Empty => false,
    }
}

/// Rebuilds the nesting of `rows` from `samples`.
pub fn nest(rows: Vec<Flat>, samples: Samples<'_>) -> Nested {
    let mut out = Nested::default();
    let mut nodes: Vec<Node> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut stack = vec![root_frame(&samples)];
    let mut closed: Vec<Frame<'_>> = Vec::new();

    for mut flat in rows {
        let name = flat.field.name.clone();
        if flat.kind == DocType::Empty && !untyped(&stack, &mut flat, &mut out.warnings) {
            continue; // the element row of `Array of X`
        }
        let by_example = (0..stack.len())
            .rev()
            .find(|&i| stack[i].has(&name) && !stack[i].used.contains(&name));
        let depth = container_depth(&stack, &name, by_example);
        while stack.len() > depth + 1 {
            closed.push(stack.pop().expect("deeper than depth"));
        }
        let frame = stack.last_mut().expect("the root frame stays");
        let path = place(
            &samples,
            frame,
            &nodes,
            &flat,
            by_example.is_none(),
            &mut out,
        );
        add_node(
            &mut stack,
            &mut nodes,
            &mut roots,
            flat,
            &path,
            &mut out.warnings,
        );
    }
    closed.extend(stack);
    for frame in &closed {
        undocumented_keys(&samples, &nodes, frame, &mut out.warnings);
    }
    out.fields = build_all(&nodes, &roots, &mut out.warnings);
    out.warnings.sort_by_key(|n| n.line);
    out
}

/// The frame of the response itself: the examples' top-level values.
fn root_frame<'a>(samples: &Samples<'a>) -> Frame<'a> {
    let root_json: Vec<_> = samples
        .json
        .and_then(|(v, ..)| v.as_object())
        .into_iter()
        .collect();
    let root_xml: Vec<_> = samples.xml.map(|(e, ..)| e).into_iter().collect();
    Frame {
        node: None,
        json: root_json,
        xml: root_xml,
        item: None,
        used: vec![],
        last: None,
    }
}

/// Types `flat`, a row without a type, as a String (with a warning); false
/// when it is the element row of the open `Array of X`, which is skipped.
fn untyped(stack: &[Frame<'_>], flat: &mut Flat, warnings: &mut Vec<Note>) -> bool {
    let name = &flat.field.name;
    let top = stack.last().expect("the root frame stays");
    if top.item.as_deref() == Some(name.as_str()) && top.used.is_empty() {
        return false;
    }
    warnings.push(Note {
        line: flat.line,
        id: ids::RESPONSE_ROW_NO_TYPE,
        message: format!("response row `{name}` has no type; taken as a String"),
    });
    flat.kind = DocType::Plain(TypeName::String);
    true
}

/// The index in `stack` of the open container the row `name` goes into;
/// `by_example` is the innermost one whose examples show it, if any.
fn container_depth(stack: &[Frame<'_>], name: &str, by_example: Option<usize>) -> usize {
    let top = stack.len() - 1;
    match by_example {
        // An open container that no example shows takes the first row
        // that follows it; after that, a row the examples show in an
        // outer container ends it (`OperationLocks`, then `RegionId`).
        Some(_)
            if !stack[top].known() && stack[top].follows(name) && stack[top].used.is_empty() =>
        {
            top
        }
        Some(i) => i,
        // A row no example shows stays in the open container, unless
        // the table lists that container's fields alphabetically and
        // the row sorts before them (then it belongs further out).
        None if top > 0
            && !stack[top].alphabetical()
            && !stack[top].used.iter().any(|u| u == name) =>
        {
            top
        }
        None => (1..stack.len())
            .rev()
            .find(|&i| stack[i].follows(name) && !stack[i].used.iter().any(|u| u == name))
            .unwrap_or(0),
    }
}

/// Checks the row `flat` against the examples of `frame`, the container it
/// goes into, and records it there; returns its dotted path.
fn place(
    samples: &Samples<'_>,
    frame: &mut Frame<'_>,
    nodes: &[Node],
    flat: &Flat,
    unshown: bool,
    out: &mut Nested,
) -> String {
    let name = &flat.field.name;
    let path = path_of(nodes, frame.node, name);
    check_presence(samples, frame, flat, &path, unshown, &mut out.warnings);
    check_values(frame, flat, &path, &mut out.warnings);
    frame.used.push(name.clone());
    frame.last = Some(name.clone());
    out.lines.entry(path.clone()).or_insert(flat.line);
    path
}

/// Adds the row `flat` (at `path`) as a node of the innermost open
/// container, and opens a container for the rows after it when it is one.
fn add_node<'a>(
    stack: &mut Vec<Frame<'a>>,
    nodes: &mut Vec<Node>,
    roots: &mut Vec<usize>,
    flat: Flat,
    path: &str,
    warnings: &mut Vec<Note>,
) {
    let frame = stack.last().expect("the root frame stays");
    let index = nodes.len();
    let parent = frame.node;
    let (child_json, child_xml, wrapper) = descend(frame, &flat.field.name, &flat.kind);
    if let (DocType::ArrayOf(element), Some(w)) = (&flat.kind, &wrapper)
        && is_container(&flat.kind)
        && w != element
    {
        warnings.push(Note {
            line: flat.line,
            id: ids::RESPONSE_WRAPPER_MISMATCH,
            message: format!("the examples wrap the elements of `{path}` in `{w}`, but the table says `Array of {element}`"),
        });
    }
    match parent {
        Some(p) => nodes[p].children.push(index),
        None => roots.push(index),
    }
    let container = is_container(&flat.kind);
    let item = match &flat.kind {
        DocType::ArrayOf(element) => Some(element.clone()),
        _ => None,
    };
    nodes.push(Node {
        flat,
        children: Vec::new(),
        parent,
        wrapper,
    });
    if container {
        stack.push(Frame {
            node: Some(index),
            json: child_json,
            xml: child_xml,
            item,
            used: vec![],
            last: None,
        });
    }
}

/// The example values under `name` in `frame`, as the frame of a container
/// row; and the wrapper key of a list.
fn descend<'a>(
    frame: &Frame<'a>,
    name: &str,
    kind: &DocType,
) -> (
    Vec<&'a serde_json::Map<String, Value>>,
    Vec<&'a Element>,
    Option<String>,
) {
    let list = match kind {
        DocType::ArrayOf(_) => true,
        DocType::Plain(t) => t.is_list(),
        DocType::Empty => false,
    };
    let mut json = Vec::new();
    let mut xml = Vec::new();
    let mut wrapper = None;
    for m in &frame.json {
        match m.get(name) {
            Some(Value::Object(o)) if list && o.len() == 1 => {
                let (k, v) = o.iter().next().expect("one entry");
                if let Value::Array(a) = v {
                    wrapper = Some(k.clone());
                    json.extend(a.iter().filter_map(Value::as_object));
                } else if let Value::Object(inner) = v {
                    wrapper = Some(k.clone());
                    json.push(inner);
                }
            }
            Some(Value::Object(o)) => json.push(o),
            Some(Value::Array(a)) => json.extend(a.iter().filter_map(Value::as_object)),
            _ => {}
        }
    }
    for e in &frame.xml {
        for el in e.children.iter().filter(|c| c.name == name) {
            // `<Items><Item>…</Item><Item>…</Item></Items>`: the inner elements are
            // the values. Otherwise the element itself is one (a struct, or one of
            // a list written as repeated elements).
            let first = el.children.first().map(|c| c.name.as_str());
            let same =
                first.is_some() && el.children.iter().all(|c| Some(c.name.as_str()) == first);
            let wrapped = list
                && same
                && match kind {
                    DocType::ArrayOf(x) => {
                        first == Some(x.as_str())
                            || wrapper.as_deref() == first
                            || el.children.iter().all(|c| !c.children.is_empty())
                    }
                    _ => true,
                };
            if wrapped {
                wrapper.get_or_insert_with(|| first.expect("checked").to_owned());
                xml.extend(el.children.iter());
            } else {
                xml.push(el);
            }
        }
    }
    (json, xml, wrapper)
}

fn path_of(nodes: &[Node], parent: Option<usize>, name: &str) -> String {
    let mut parts = vec![name.to_owned()];
    let mut at = parent;
    while let Some(i) = at {
        parts.push(nodes[i].flat.field.name.clone());
        at = nodes[i].parent;
    }
    parts.reverse();
    parts.join(".")
}

fn check_presence(
    samples: &Samples<'_>,
    frame: &Frame<'_>,
    flat: &Flat,
    path: &str,
    nowhere: bool,
    w: &mut Vec<Note>,
) {
    let name = &flat.field.name;
    let mut missing = Vec::new();
    if samples.json.is_some() && !frame.json.is_empty() && !frame.json_has(name) {
        missing.push("JSON");
    }
    if samples.xml.is_some() && !frame.xml.is_empty() && !frame.xml_has(name) {
        missing.push("XML");
    }
    if missing.is_empty() {
        return;
    }
    let placed = if nowhere && frame.node.is_some() {
        " (placed by table order)"
    } else {
        ""
    };
    w.push(Note {
        line: flat.line,
        id: if placed.is_empty() {
            ids::RESPONSE_FIELD_NOT_IN_EXAMPLE
        } else {
            ids::RESPONSE_ROW_UNPLACED
        },
        message: format!(
            "response field `{path}` is in the table but not in the {} example{placed}",
            missing.join(" or ")
        ),
    });
}

/// The example values of a row must fit its declared type.
fn check_values(frame: &Frame<'_>, flat: &Flat, path: &str, w: &mut Vec<Note>) {
    let name = &flat.field.name;
    let declared = match &flat.kind {
        DocType::Plain(t) => t.as_str().to_owned(),
        DocType::ArrayOf(x) => format!("Array of {x}"),
        DocType::Empty => return,
    };
    let mut problems: Vec<String> = Vec::new();
    let mut say = |p: String| {
        if !problems.contains(&p) {
            problems.push(p);
        }
    };
    for m in &frame.json {
        let Some(v) = m.get(name) else { continue };
        let ok = match &flat.kind {
            DocType::Plain(t) => json_fits(*t, v),
            DocType::ArrayOf(_) => json_fits(TypeName::Array, v),
            DocType::Empty => true,
        };
        if !ok {
            say(format!("the JSON example gives {} for it", short(v)));
        }
    }
    for e in &frame.xml {
        for el in e.children.iter().filter(|c| &c.name == name) {
            let ok = match &flat.kind {
                DocType::Plain(t) if t.is_scalar() => {
                    el.children.is_empty() && (el.text.trim().is_empty() || fits(*t, &el.text))
                }
                _ => true,
            };
            if !ok {
                let v = if el.children.is_empty() {
                    format!("\"{}\"", el.text.trim())
                } else {
                    "child elements".to_owned()
                };
                say(format!("the XML example gives {v} for it"));
            }
        }
    }
    for p in problems {
        w.push(Note {
            line: flat.line,
            id: ids::EXAMPLE_VALUE_TYPE,
            message: format!("response field `{path}` is declared {declared}, but {p}"),
        });
    }
}

fn short(v: &Value) -> String {
    match v {
        Value::Object(_) => "an object".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        other => {
            let s = other.to_string();
            if s.chars().count() > 40 {
                format!("{}…", s.chars().take(40).collect::<String>())
            } else {
                s
            }
        }
    }
}

/// Keys the examples show in a container that the table does not list.
fn undocumented_keys(samples: &Samples<'_>, nodes: &[Node], frame: &Frame<'_>, w: &mut Vec<Note>) {
    let prefix = frame
        .node
        .map(|i| path_of(nodes, nodes[i].parent, &nodes[i].flat.field.name));
    let full = |k: &str| match &prefix {
        Some(p) => format!("{p}.{k}"),
        None => k.to_owned(),
    };
    let mut seen: Vec<String> = Vec::new();
    if let Some((_, text, first)) = samples.json {
        for m in &frame.json {
            for k in m.keys() {
                if !frame.used.contains(k) && !seen.contains(k) {
                    seen.push(k.clone());
                    w.push(Note {
                        line: line_of(text, first, &format!("\"{k}\"")),
                        id: ids::EXAMPLE_FIELD_NOT_IN_TABLE,
                        message: format!(
                            "the JSON example has `{}`, which the response table does not list",
                            full(k)
                        ),
                    });
                }
            }
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    if let Some((_, text, first)) = samples.xml {
        for e in &frame.xml {
            for c in &e.children {
                if !frame.used.contains(&c.name) && !seen.contains(&c.name.as_str()) {
                    seen.push(&c.name);
                    w.push(Note {
                        line: line_of(text, first, &format!("<{}", c.name)),
                        id: ids::EXAMPLE_FIELD_NOT_IN_TABLE,
                        message: format!(
                            "the XML example has `{}`, which the response table does not list",
                            full(&c.name)
                        ),
                    });
                }
            }
        }
    }
}

/// The document line of the first line of `text` (starting at `first`) containing `needle`.
fn line_of(text: &str, first: usize, needle: &str) -> usize {
    first + text.lines().position(|l| l.contains(needle)).unwrap_or(0)
}

/// The fields of one container; a name listed twice keeps its first row.
fn build_all(nodes: &[Node], indices: &[usize], w: &mut Vec<Note>) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    for &c in indices {
        let name = &nodes[c].flat.field.name;
        if out.iter().any(|f| &f.name == name) {
            w.push(Note {
                line: nodes[c].flat.line,
                id: ids::RESPONSE_ROW_DUPLICATE,
                message: format!(
                    "response field `{name}` is listed twice in one structure; the first row is kept"
                ),
            });
            continue;
        }
        out.push(build(nodes, c, w));
    }
    out
}

fn build(nodes: &[Node], i: usize, w: &mut Vec<Note>) -> Field {
    let node = &nodes[i];
    let mut field = node.flat.field.clone();
    let children = build_all(nodes, &node.children, w);
    match &node.flat.kind {
        DocType::Plain(TypeName::Struct) => {
            if children.is_empty() {
                w.push(Note {
                    line: node.flat.line,
                    id: ids::RESPONSE_STRUCT_EMPTY,
                    message: format!(
                        "Struct `{}` has no fields in the table; taken as Json (any value)",
                        field.name
                    ),
                });
                field.ty = TypeName::Json;
            }
            field.fields = children;
        }
        DocType::Plain(t) if t.is_list() => {
            field.items = Some(Box::new(Items {
                ty: TypeName::String,
                name: node.wrapper.clone(),
                fields: vec![],
                items: None,
            }));
        }
        DocType::ArrayOf(element) => {
            field.ty = TypeName::Array;
            let scalar = super::types::scalar_or_container(element).filter(|t| t.is_scalar());
            let items = match scalar {
                Some(t) => Items {
                    ty: t,
                    name: node.wrapper.clone(),
                    fields: vec![],
                    items: None,
                },
                None if children.is_empty() => {
                    w.push(Note {
                        line: node.flat.line,
                        id: ids::RESPONSE_STRUCT_EMPTY,
                        message: format!("`{}` is `Array of {element}` but the table lists no fields of {element}; taken as a list of strings", field.name),
                    });
                    Items {
                        ty: TypeName::String,
                        name: node.wrapper.clone(),
                        fields: vec![],
                        items: None,
                    }
                }
                None => Items {
                    ty: TypeName::Struct,
                    name: node.wrapper.clone(),
                    fields: children,
                    items: None,
                },
            };
            field.items = Some(Box::new(items));
        }
        _ => {}
    }
    field
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Text;
    use crate::xml::parse_xml;

    fn flat(name: &str, ty: &str, line: usize) -> Flat {
        let kind = super::super::types::parse(ty).unwrap();
        let t = match &kind {
            DocType::Plain(t) => *t,
            DocType::ArrayOf(_) => TypeName::Array,
            DocType::Empty => TypeName::String,
        };
        Flat {
            field: Field {
                name: name.into(),
                renamed_from: None,
                ty: t,
                items: None,
                fields: vec![],
                required: false,
                example: None,
                description: Text::default(),
                constraints: None,
            },
            kind,
            line,
        }
    }

    /// `rows` nested with the JSON example `text` (on line 1) as the only sample.
    fn nest_with_json(rows: Vec<Flat>, text: &str) -> Nested {
        let json: Value = serde_json::from_str(text).unwrap();
        nest(
            rows,
            Samples {
                json: Some((&json, text, 1)),
                xml: None,
            },
        )
    }

    fn shape(fields: &[Field]) -> String {
        fields
            .iter()
            .map(|f| {
                let inner = match (&f.items, f.fields.is_empty()) {
                    (Some(i), _) => {
                        format!("[{}:{}]", i.name.as_deref().unwrap_or(""), shape(&i.fields))
                    }
                    (None, false) => format!("{{{}}}", shape(&f.fields)),
                    _ => String::new(),
                };
                format!("{}{inner}", f.name)
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    const JSON: &str = r#"{
  "TotalCount": 1,
  "Invocations": {
    "Invocation": [
      {
        "Timed": false,
        "InvokeInstances": {"InvokeInstance": [{"Dropped": 0, "Timed": false}]},
        "Username": "root"
      }
    ]
  },
  "RequestId": "x"
}"#;

    #[test]
    fn rebuilds_nested_arrays_with_repeated_names() {
        let rows = vec![
            flat("Invocations", "Array of Invocation", 1),
            flat("Invocation", "", 2),
            flat("InvokeInstances", "Array of InvokeInstance", 3),
            flat("InvokeInstance", "", 4),
            flat("Dropped", "Integer", 5),
            flat("Timed", "Boolean", 6),
            flat("Timed", "Boolean", 7),
            flat("Username", "String", 8),
            flat("RequestId", "String", 9),
            flat("TotalCount", "Long", 10),
        ];
        let json: Value = serde_json::from_str(JSON).unwrap();
        let nested = nest(
            rows,
            Samples {
                json: Some((&json, JSON, 100)),
                xml: None,
            },
        );
        assert_eq!(nested.warnings, vec![]);
        assert_eq!(
            shape(&nested.fields),
            "Invocations[Invocation:InvokeInstances[InvokeInstance:Dropped,Timed],Timed,Username],RequestId,TotalCount"
        );
    }

    #[test]
    fn the_xml_example_alone_is_enough() {
        let xml_text = "<OpResponse>\n<Activation>\n<Count>1</Count>\n</Activation>\n<RequestId>x</RequestId>\n</OpResponse>";
        let xml = parse_xml(xml_text).unwrap();
        let rows = vec![
            flat("Activation", "Struct", 1),
            flat("Count", "Integer", 2),
            flat("RequestId", "String", 3),
        ];
        let nested = nest(
            rows,
            Samples {
                json: None,
                xml: Some((&xml, xml_text, 50)),
            },
        );
        assert_eq!(shape(&nested.fields), "Activation{Count},RequestId");
        assert!(nested.warnings.is_empty(), "{:?}", nested.warnings);
    }

    #[test]
    fn disagreements_are_reported_with_lines() {
        let text =
            "{\n  \"Activation\": {\"Count\": \"abc\", \"Extra\": 1},\n  \"RequestId\": \"x\"\n}";
        let json: Value = serde_json::from_str(text).unwrap();
        let rows = vec![
            flat("Activation", "Struct", 1),
            flat("Count", "Long", 2),
            flat("Missing", "String", 3),
            flat("RequestId", "String", 4),
        ];
        let nested = nest(
            rows,
            Samples {
                json: Some((&json, text, 20)),
                xml: None,
            },
        );
        assert_eq!(shape(&nested.fields), "Activation{Count,Missing},RequestId");
        let messages: Vec<String> = nested
            .warnings
            .iter()
            .map(|n| format!("{}: {}", n.line, n.message))
            .collect();
        assert_eq!(
            messages,
            [
                "2: response field `Activation.Count` is declared Long, but the JSON example gives \"abc\" for it",
                "3: response field `Activation.Missing` is in the table but not in the JSON example (placed by table order)",
                "21: the JSON example has `Activation.Extra`, which the response table does not list",
            ]
        );
    }

    #[test]
    fn lists_of_scalars_take_the_wrapper_name() {
        let text = r#"{"ParameterNames": {"ParameterName": ["a"]}, "Ids": ["x"]}"#;
        let rows = vec![
            flat("Ids", "Array of String", 1),
            flat("ParameterNames", "List", 2),
        ];
        let nested = nest_with_json(rows, text);
        assert_eq!(
            shape(&nested.fields),
            "Ids[:],ParameterNames[ParameterName:]"
        );
        assert_eq!(
            nested.fields[0].items.as_ref().unwrap().ty,
            TypeName::String
        );
    }

    #[test]
    fn a_row_without_type_that_is_not_an_element_row_is_a_string() {
        let nested = nest(
            vec![flat("RequestId", "String", 1), flat("Orphan", "", 2)],
            Samples::default(),
        );
        assert_eq!(
            nested.warnings,
            [Note {
                line: 2,
                id: ids::RESPONSE_ROW_NO_TYPE,
                message: "response row `Orphan` has no type; taken as a String".into()
            }]
        );
        assert_eq!(nested.fields[1].ty, TypeName::String);
    }

    #[test]
    fn a_container_no_example_shows_ends_at_a_row_shown_outside_it() {
        let text = r#"{"Items": {"Item": [{"Id": "a", "RegionId": "r"}]}}"#;
        let rows = vec![
            flat("Items", "Array of Item", 1),
            flat("Item", "", 2),
            flat("Id", "String", 3),
            flat("Locks", "Array of Lock", 4),
            flat("Lock", "", 5),
            flat("LockReason", "String", 6),
            flat("RegionId", "String", 7),
        ];
        let nested = nest_with_json(rows, text);
        assert_eq!(
            shape(&nested.fields),
            "Items[Item:Id,Locks[:LockReason],RegionId]"
        );
    }

    #[test]
    fn a_row_no_example_shows_stays_in_a_container_listed_out_of_order() {
        let text = r#"{"Items": {"Item": [{"Status": "a", "Size": 1, "Usage": "x"}]}, "Total": 1}"#;
        let rows = vec![
            flat("Items", "Array of Item", 1),
            flat("Item", "", 2),
            flat("Status", "String", 3),
            flat("Size", "Integer", 4),
            flat("Retention", "Integer", 5),
            flat("Usage", "String", 6),
            flat("Total", "Integer", 7),
        ];
        let nested = nest_with_json(rows, text);
        assert_eq!(
            shape(&nested.fields),
            "Items[Item:Status,Size,Retention,Usage],Total"
        );
    }

    #[test]
    fn a_list_shown_bare_has_no_wrapper_name() {
        let text = r#"{"Parts": [{"Id": "a"}], "Wrapped": {"Part": [{"Id": "b"}]}}"#;
        let rows = vec![
            flat("Parts", "Array of Part", 1),
            flat("Id", "String", 2),
            flat("Wrapped", "Array of Part", 3),
            flat("Id", "String", 4),
        ];
        let nested = nest_with_json(rows, text);
        assert_eq!(shape(&nested.fields), "Parts[:Id],Wrapped[Part:Id]");
    }
}
