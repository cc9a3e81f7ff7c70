//! Dotted argument names as a tree, and a serde `Deserializer` over it.
//!
//! `--Tag.1.Key k --Tag.1.Value v --SystemDisk.Category c` is the tree
//! `{Tag: [{Key: k, Value: v}], SystemDisk: {Category: c}}` whose leaves are
//! text; numeric segments are 1-based list indices. The deserializer parses
//! a leaf's text when the type asks for a number or a boolean, and every
//! error names the full dotted argument.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::ArgsError;

/// A node of the argument tree; `key` is its full dotted name.
#[derive(Debug)]
pub(super) enum Node {
    Leaf {
        key: String,
        text: String,
    },
    Fields {
        key: String,
        fields: BTreeMap<String, Node>,
    },
    List {
        key: String,
        items: Vec<Node>,
    },
}

impl Node {
    fn key(&self) -> &str {
        match self {
            Node::Leaf { key, .. } | Node::Fields { key, .. } | Node::List { key, .. } => key,
        }
    }

    /// The first argument given under this node, as the user wrote it
    /// (`Tag.x.Key`, not `Tag.x`), so an error names what is on the command line.
    fn first_argument(&self) -> &str {
        match self {
            Node::Leaf { key, .. } => key,
            Node::Fields { key, fields } => {
                fields.values().next().map_or(key, Node::first_argument)
            }
            Node::List { key, items } => items.first().map_or(key, Node::first_argument),
        }
    }

    /// How the node was given, for errors: `a value`, `--Tag.1, …`.
    fn shape(&self) -> String {
        match self {
            Node::Leaf { .. } => "a value".to_owned(),
            Node::Fields { fields, .. } => match fields.values().next() {
                Some(first) => format!("fields (--{})", first.first_argument()),
                None => "fields".to_owned(),
            },
            Node::List { key, .. } => format!("a list (--{key}.1, …)"),
        }
    }
}

/// One segment of a dotted name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Segment {
    Index(u32),
    Name(String),
}

/// The tree while it is built: a node may be a leaf, a parent, or (wrongly) both.
#[derive(Default)]
struct Building {
    text: Option<String>,
    children: BTreeMap<Segment, Building>,
}

/// Builds the tree of `args` (a map from dotted names to text).
pub(super) fn build(args: &BTreeMap<String, String>) -> Result<Node, ArgsError> {
    let mut root = Building::default();
    for (name, text) in args {
        let mut node = &mut root;
        for (i, part) in name.split('.').enumerate() {
            let segment = parse_segment(name, part)?;
            if i == 0 && matches!(segment, Segment::Index(_)) {
                return Err(invalid(
                    name,
                    "a parameter name cannot start with a list index",
                ));
            }
            node = node.children.entry(segment).or_default();
        }
        node.text = Some(text.clone());
    }
    if root.children.is_empty() {
        // No arguments: a request with no fields given, not a value.
        return Ok(Node::Fields {
            key: String::new(),
            fields: BTreeMap::new(),
        });
    }
    finish(String::new(), root)
}

fn parse_segment(name: &str, part: &str) -> Result<Segment, ArgsError> {
    if part.is_empty() {
        return Err(invalid(name, "the name has an empty segment"));
    }
    if !part.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Segment::Name(part.to_owned()));
    }
    match part.parse::<u32>() {
        Ok(0) => Err(invalid(name, "list indices start at 1")),
        Ok(_) if part.starts_with('0') => Err(invalid(
            name,
            &format!("the list index {part} has a leading zero"),
        )),
        Ok(n) => Ok(Segment::Index(n)),
        Err(_) => Err(invalid(
            name,
            &format!("the list index {part} is too large"),
        )),
    }
}

fn invalid(name: &str, reason: &str) -> ArgsError {
    ArgsError::Invalid {
        name: name.to_owned(),
        reason: reason.to_owned(),
    }
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_owned()
    } else {
        format!("{parent}.{child}")
    }
}

fn finish(key: String, node: Building) -> Result<Node, ArgsError> {
    let Building { text, children } = node;
    let Some((first, _)) = children.first_key_value() else {
        return Ok(Node::Leaf {
            key,
            text: text.unwrap_or_default(),
        });
    };
    if text.is_some() {
        let child = match first {
            Segment::Index(n) => join(&key, &n.to_string()),
            Segment::Name(s) => join(&key, s),
        };
        return Err(invalid(
            &key,
            &format!("given both as a value and with parts (--{child})"),
        ));
    }
    if matches!(first, Segment::Index(_)) {
        // Indices sort before names, so a name would be last.
        if let Some((Segment::Name(name), _)) = children.last_key_value() {
            return Err(invalid(
                &join(&key, name),
                &format!("--{key} is given both with list indices and with names"),
            ));
        }
        let mut items = Vec::with_capacity(children.len());
        for (expected, (segment, child)) in (1u32..).zip(children) {
            let Segment::Index(n) = segment else {
                continue;
            };
            let child_key = join(&key, &n.to_string());
            if n != expected {
                return Err(invalid(
                    &child_key,
                    &format!(
                        "list indices must be 1, 2, 3, … without gaps, and --{key}.{expected} is missing"
                    ),
                ));
            }
            items.push(finish(child_key, child)?);
        }
        Ok(Node::List { key, items })
    } else {
        let mut fields = BTreeMap::new();
        for (segment, child) in children {
            if let Segment::Name(name) = segment {
                let child_key = join(&key, &name);
                fields.insert(name, finish(child_key, child)?);
            }
        }
        Ok(Node::Fields { key, fields })
    }
}

/// The deserializer's error: an [`ArgsError`], or serde's description of
/// one that does not know yet which argument it concerns.
#[derive(Debug)]
pub(super) enum Error {
    /// Complete, with the full dotted name.
    Args(ArgsError),
    /// From serde (`unknown_field`, `missing_field`, `custom`), to be given
    /// the name of the node it arose at by [`Error::at`].
    Unknown {
        field: String,
        expected: &'static [&'static str],
    },
    Missing(&'static str),
    Custom(String),
}

impl Error {
    /// Completes an error that arose at the node called `key`.
    fn at(self, key: &str) -> Error {
        Error::Args(self.resolve(key))
    }

    /// The [`ArgsError`] of an error that arose at the node called `key`.
    pub(super) fn resolve(self, key: &str) -> ArgsError {
        match self {
            Error::Args(e) => e,
            Error::Unknown { field, expected } => ArgsError::Unknown {
                name: join(key, &field),
                known: expected.iter().map(|e| join(key, e)).collect(),
            },
            Error::Missing(field) => ArgsError::Missing(join(key, field)),
            Error::Custom(reason) => ArgsError::Invalid {
                name: key.to_owned(),
                reason,
            },
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Args(e) => e.fmt(f),
            Error::Unknown { field, .. } => write!(f, "unknown field `{field}`"),
            Error::Missing(field) => write!(f, "missing field `{field}`"),
            Error::Custom(reason) => f.write_str(reason),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::Custom(msg.to_string())
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error::Unknown {
            field: field.to_owned(),
            expected,
        }
    }

    fn missing_field(field: &'static str) -> Self {
        Error::Missing(field)
    }
}

/// Deserializes from one node of the tree.
pub(super) struct NodeDe<'a>(pub(super) &'a Node);

impl<'a> NodeDe<'a> {
    fn leaf(&self) -> Result<&'a str, Error> {
        match self.0 {
            Node::Leaf { text, .. } => Ok(text),
            other => Err(self.wrong(&format!("expected a value, got {}", other.shape()))),
        }
    }

    fn wrong(&self, reason: &str) -> Error {
        Error::Args(invalid(self.0.key(), reason))
    }

    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, Error> {
        let text = self.leaf()?;
        text.trim()
            .parse()
            .map_err(|_| self.wrong(&format!("expected {what}, got {text:?}")))
    }

    fn finish<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        result.map_err(|e| e.at(self.0.key()))
    }
}

macro_rules! parse_number {
    ($($method:ident $visit:ident $t:ty => $what:literal),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let v: $t = self.parse($what)?;
            let result = visitor.$visit(v);
            self.finish(result)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match self.0 {
            Node::Leaf { text, .. } => visitor.visit_str(text),
            Node::Fields { key, fields } => visitor.visit_map(Fields::new(key, fields)),
            Node::List { items, .. } => visitor.visit_seq(Items(items.iter())),
        };
        self.finish(result)
    }

    parse_number! {
        deserialize_i8 visit_i8 i8 => "an Integer",
        deserialize_i16 visit_i16 i16 => "an Integer",
        deserialize_i32 visit_i32 i32 => "an Integer",
        deserialize_i64 visit_i64 i64 => "a Long",
        deserialize_i128 visit_i128 i128 => "an integer",
        deserialize_u8 visit_u8 u8 => "a non-negative Integer",
        deserialize_u16 visit_u16 u16 => "a non-negative Integer",
        deserialize_u32 visit_u32 u32 => "a non-negative Integer",
        deserialize_u64 visit_u64 u64 => "a non-negative Long",
        deserialize_u128 visit_u128 u128 => "a non-negative integer",
        deserialize_f32 visit_f32 f32 => "a Float",
        deserialize_f64 visit_f64 f64 => "a Double",
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = self.leaf()?;
        let v = if text.trim().eq_ignore_ascii_case("true") {
            true
        } else if text.trim().eq_ignore_ascii_case("false") {
            false
        } else {
            return Err(self.wrong(&format!("expected true or false, got {text:?}")));
        };
        let result = visitor.visit_bool(v);
        self.finish(result)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = self.leaf()?;
        let result = visitor.visit_str(text);
        self.finish(result)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    /// A node exists only for an argument that was given.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let key = self.0.key().to_owned();
        visitor.visit_some(self).map_err(|e| e.at(&key))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = visitor.visit_unit();
        self.finish(result)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let key = self.0.key().to_owned();
        visitor.visit_newtype_struct(self).map_err(|e| e.at(&key))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match self.0 {
            Node::List { items, .. } => visitor.visit_seq(Items(items.iter())),
            other => {
                let key = other.key();
                return Err(self.wrong(&format!(
                    "expected a list, given as --{key}.1, --{key}.2, …; got {}",
                    other.shape()
                )));
            }
        };
        self.finish(result)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match self.0 {
            Node::Fields { key, fields } => visitor.visit_map(Fields::new(key, fields)),
            other => {
                let key = other.key();
                let example = if key.is_empty() {
                    "--Name".to_owned()
                } else {
                    format!("--{key}.Name")
                };
                return Err(self.wrong(&format!(
                    "expected fields, given as {example}; got {}",
                    other.shape()
                )));
            }
        };
        self.finish(result)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let text = self.leaf()?;
        let result = visitor.visit_enum(IntoDeserializer::<Error>::into_deserializer(text));
        self.finish(result)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// The elements of a list node.
struct Items<'a>(std::slice::Iter<'a, Node>);

impl<'de> de::SeqAccess<'de> for Items<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.0.next() {
            Some(node) => seed
                .deserialize(NodeDe(node))
                .map(Some)
                .map_err(|e| e.at(node.key())),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The fields of a node with named children.
struct Fields<'a> {
    iter: std::collections::btree_map::Iter<'a, String, Node>,
    value: Option<&'a Node>,
    parent: &'a str,
}

impl<'a> Fields<'a> {
    fn new(parent: &'a str, fields: &'a BTreeMap<String, Node>) -> Self {
        Fields {
            iter: fields.iter(),
            value: None,
            parent,
        }
    }
}

impl<'de> de::MapAccess<'de> for Fields<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((name, node)) = self.iter.next() else {
            return Ok(None);
        };
        self.value = Some(node);
        seed.deserialize(IntoDeserializer::<Error>::into_deserializer(name.as_str()))
            .map(Some)
            .map_err(|e| e.at(self.parent))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some(node) = self.value.take() else {
            return Err(Error::Custom("a value without a key".to_owned()));
        };
        seed.deserialize(NodeDe(node)).map_err(|e| e.at(node.key()))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}
