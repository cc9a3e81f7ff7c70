//! The XML document model that the example checks (`validate/examples.rs`)
//! and the importer (`import/extract.rs`, `import/nesting.rs`) read an XML
//! example into: elements with their text, nothing else.

use quick_xml::events::Event;

/// An XML element, as far as the checks (and the importer) need it.
#[derive(Debug, Default)]
pub(crate) struct Element {
    /// The tag name.
    pub(crate) name: String,
    /// The text content, entities resolved.
    pub(crate) text: String,
    /// The child elements, in order.
    pub(crate) children: Vec<Element>,
}

/// Parses an XML example into its element tree.
pub(crate) fn parse_xml(text: &str) -> Result<Element, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        match reader
            .read_event()
            .map_err(|e| format!("{e} at byte {}", reader.error_position()))?
        {
            Event::Start(start) => stack.push(Element {
                name: AsRef::<str>::as_ref(&start.name()).to_owned(),
                ..Element::default()
            }),
            Event::Empty(start) => {
                let el = Element {
                    name: AsRef::<str>::as_ref(&start.name()).to_owned(),
                    ..Element::default()
                };
                attach(el, &mut stack, &mut root)?;
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.into_inner());
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    push_reference(&mut top.text, &r.into_inner());
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced end tag")?;
                attach(el, &mut stack, &mut root)?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(format!(
            "element <{}> is not closed",
            stack[stack.len() - 1].name
        ));
    }
    root.ok_or_else(|| "no root element".to_owned())
}

/// Puts a finished element under the open one, or makes it the root.
fn attach(el: Element, stack: &mut [Element], root: &mut Option<Element>) -> Result<(), String> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None if root.is_some() => return Err("more than one root element".into()),
        None => *root = Some(el),
    }
    Ok(())
}

/// The text of an entity or character reference (`amp`, `#60`, `#x4E2D`);
/// an unknown entity is dropped, an invalid character reference kept as
/// written.
fn push_reference(text: &mut String, name: &str) {
    let named = match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    };
    let numeric = || {
        let digits = name.strip_prefix('#')?;
        let code = match digits.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => digits.parse().ok()?,
        };
        char::from_u32(code)
    };
    match named.or_else(numeric) {
        Some(c) => text.push(c),
        None if name.starts_with('#') => {
            text.push('&');
            text.push_str(name);
            text.push(';');
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::parse_xml;

    #[test]
    fn references_are_resolved() {
        let root = parse_xml("<a><b>&lt;x&gt; &amp; &#60;&#x4E2D;&#xZZ; &nbsp;</b></a>").unwrap();
        assert_eq!(root.children[0].text, "<x> & <中&#xZZ; ");
    }

    #[test]
    fn malformed_documents_are_errors() {
        assert!(parse_xml("<a><b></a>").is_err());
        assert!(parse_xml("<a/><b/>").is_err());
        assert!(parse_xml("").is_err());
        assert!(parse_xml("<a><b>").is_err());
    }
}
