//! XML bodies as JSON value trees, so that the same tree readers
//! ([`tree`](crate::tree)) read both formats the same way.
//!
//! The services' XML is the JSON document spelt in elements: an object is an
//! element with child elements, a list is its element repeated, a scalar is
//! text. [`to_value`] maps it back:
//!
//! * the root element's children become an object (the root's own name is
//!   checked by the caller, and any text beside its children is ignored);
//! * an element with child elements becomes an object; a child name that
//!   repeats becomes an array of the children in document order;
//! * an element with text only becomes a string (entities and character
//!   references resolved, CDATA kept verbatim, text and CDATA joined);
//! * an element with neither, or with whitespace only, becomes `null`:
//!   `<Zones/>` and a pretty-printed `<Zones>\n</Zones>` are both empty;
//! * attributes, comments, processing instructions, the declaration and the
//!   doctype are ignored, and so is text beside child elements.
//!
//! Elements nest at most [`MAX_DEPTH`] deep: the conversion is iterative,
//! but the tree it builds is dropped and read recursively.

use std::fmt;

use quick_xml::events::Event;
use serde_json::{Map, Value};

/// How deeply elements may nest, the root counted as 1; as serde_json's
/// default recursion limit.
pub const MAX_DEPTH: usize = 128;

/// Why an XML text could not be converted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlError {
    reason: String,
    position: u64,
}

impl XmlError {
    fn new(reason: impl Into<String>, position: u64) -> Self {
        XmlError {
            reason: reason.into(),
            position,
        }
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.reason, self.position)
    }
}

impl std::error::Error for XmlError {}

/// An element being read.
struct Open {
    name: String,
    children: Map<String, Value>,
    has_children: bool,
    text: String,
}

impl Open {
    fn new(name: String) -> Self {
        Open {
            name,
            children: Map::new(),
            has_children: false,
            text: String::new(),
        }
    }

    fn add_child(&mut self, name: String, value: Value) {
        self.has_children = true;
        match self.children.entry(name) {
            serde_json::map::Entry::Vacant(slot) => {
                slot.insert(value);
            }
            // Element values are never arrays, so an array here is the
            // collection of a repeated name.
            serde_json::map::Entry::Occupied(mut slot) => match slot.get_mut() {
                Value::Array(items) => items.push(value),
                first => {
                    let first = first.take();
                    slot.insert(Value::Array(vec![first, value]));
                }
            },
        }
    }

    /// The element's value; see the module docs.
    fn into_value(self) -> Value {
        if self.has_children {
            Value::Object(self.children)
        } else if self.text.trim().is_empty() {
            Value::Null
        } else {
            Value::String(self.text)
        }
    }
}

/// Converts an XML document to a JSON value: the root element's children as
/// an object. See the module docs for the mapping.
///
/// # Errors
///
/// Malformed XML (as quick-xml reports it: mismatched or unclosed tags,
/// bad syntax), an unknown entity, a document without a root element, with
/// more than one, truncated before the root closes, or nested deeper than
/// [`MAX_DEPTH`].
///
/// ```
/// let tree = acs_runtime::xml::to_value(
///     "<R><Zones><Zone><Id>a</Id></Zone><Zone><Id>b</Id></Zone></Zones><Empty/></R>",
/// )
/// .unwrap();
/// assert_eq!(
///     tree,
///     serde_json::json!({"Zones": {"Zone": [{"Id": "a"}, {"Id": "b"}]}, "Empty": null})
/// );
/// ```
pub fn to_value(text: &str) -> Result<Value, XmlError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Value> = None;
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| XmlError::new(e.to_string(), reader.error_position()))?;
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                let name = e.local_name().as_ref().to_owned();
                return Err(XmlError::new(
                    format!("a second root element <{name}>"),
                    position,
                ));
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError::new(
                        format!("elements nested deeper than {MAX_DEPTH} levels"),
                        position,
                    ));
                }
                let name = e.local_name().as_ref().to_owned();
                stack.push(Open::new(name));
            }
            Event::Empty(e) => {
                let name = e.local_name().as_ref().to_owned();
                match stack.last_mut() {
                    Some(parent) => parent.add_child(name, Value::Null),
                    None => root = Some(Value::Object(Map::new())),
                }
            }
            Event::End(_) => {
                // quick-xml checks that the end tag matches the start tag.
                let Some(open) = stack.pop() else {
                    return Err(XmlError::new("an end tag without a start tag", position));
                };
                match stack.last_mut() {
                    Some(parent) => {
                        let name = open.name.clone();
                        parent.add_child(name, open.into_value());
                    }
                    None => root = Some(Value::Object(open.children)),
                }
            }
            Event::Text(e) => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&e.xml10_content());
                }
            }
            Event::CData(e) => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&e.xml10_content());
                }
            }
            Event::GeneralRef(e) => {
                let resolved = match e.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => None,
                    Err(err) => return Err(XmlError::new(err.to_string(), position)),
                };
                if let Some(open) = stack.last_mut() {
                    match resolved {
                        Some(c) => open.text.push(c),
                        None => match quick_xml::escape::resolve_predefined_entity(&e) {
                            Some(s) => open.text.push_str(s),
                            None => {
                                return Err(XmlError::new(
                                    format!("unknown entity &{};", &*e),
                                    position,
                                ));
                            }
                        },
                    }
                }
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(XmlError::new(
                        format!("truncated: <{}> is not closed", open.name),
                        position,
                    ));
                }
                return root.ok_or_else(|| XmlError::new("no root element", position));
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{MAX_DEPTH, to_value};

    #[test]
    fn objects_lists_text_and_null() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<DescribeZonesResponse xmlns="http://ecs.aliyuncs.com/">
  <RequestId>r-1</RequestId>
  <Zones>
    <Zone id="ignored"><ZoneId>a</ZoneId><Types><Type>x</Type><Type>y</Type></Types></Zone>
    <Zone><ZoneId>b</ZoneId><Types><Type>z</Type></Types></Zone>
  </Zones>
  <Empty/>
  <Blank>
  </Blank>
  <?pi ignored?>
</DescribeZonesResponse>"#;
        assert_eq!(
            to_value(xml).unwrap(),
            json!({
                "RequestId": "r-1",
                "Zones": {"Zone": [
                    {"ZoneId": "a", "Types": {"Type": ["x", "y"]}},
                    {"ZoneId": "b", "Types": {"Type": "z"}},
                ]},
                "Empty": null,
                "Blank": null,
            })
        );
    }

    #[test]
    fn text_is_unescaped_and_cdata_kept() {
        let xml = "<R><A>a &amp; b &lt;c&gt; &quot;&apos; &#38;&#x26;</A>\
                   <B><![CDATA[x&amp;<y>]]></B><C> kept </C><D>one<![CDATA[two]]>three</D></R>";
        assert_eq!(
            to_value(xml).unwrap(),
            json!({"A": "a & b <c> \"' &&", "B": "x&amp;<y>", "C": " kept ", "D": "onetwothree"})
        );
    }

    #[test]
    fn mixed_text_beside_children_is_ignored() {
        assert_eq!(
            to_value("<R>text<A>1</A>more</R>").unwrap(),
            json!({"A": "1"})
        );
        assert_eq!(to_value("<R/>").unwrap(), json!({}));
        assert_eq!(to_value("<R>only text</R>").unwrap(), json!({}));
    }

    #[test]
    fn repeated_names_interleaved_keep_document_order() {
        assert_eq!(
            to_value("<R><A>1</A><B>x</B><A>2</A><A/></R>").unwrap(),
            json!({"A": ["1", "2", null], "B": "x"})
        );
    }

    #[test]
    fn malformed_documents_are_errors() {
        for (xml, want) in [
            ("", "no root element"),
            ("<R><A>1</A>", "truncated: <R> is not closed"),
            ("<R><A>1</B></R>", "B"),
            ("<R>&nbsp;</R>", "unknown entity &nbsp;"),
            ("<R/><S/>", "a second root element <S>"),
            ("<R></R><S></S>", "a second root element <S>"),
            ("<R>&#0;</R>", ""),
        ] {
            let e = to_value(xml).unwrap_err().to_string();
            assert!(e.contains(want), "{xml}: {e}");
        }
    }

    #[test]
    fn depth_is_limited() {
        let nested = |n: usize| format!("{}{}", "<A>".repeat(n), "</A>".repeat(n));
        assert!(to_value(&nested(MAX_DEPTH)).is_ok());
        let e = to_value(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert!(e.to_string().contains("nested deeper than 128"), "{e}");
        // Far deeper input fails the same way, without exhausting the stack.
        assert!(to_value(&nested(100_000)).is_err());
    }
}
