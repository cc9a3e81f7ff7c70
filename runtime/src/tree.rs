//! Typed responses read from, and written to, a body's value tree.
//!
//! A response body is parsed once into a [`Value`] (JSON as it is, XML
//! through [`xml::to_value`](crate::xml::to_value)), and the generated types
//! read their fields out of it with [`FromTree`]: one short function per
//! structure that names each field's wire key. Everything the service gets
//! wrong or spells its own way is handled here, once, not in generated code:
//!
//! # Text, numbers and booleans
//!
//! Alibaba Cloud services do not always send a value with the type their
//! spec documents: a count documented as an integer can arrive as `2` or as
//! `"2"`, a flag as `true` or `"true"`, an absent value as `null` or `""`,
//! and in XML every leaf is text. A number or boolean field ([`Lenient`]
//! types) accepts every spelling above; empty text is `None`. A text field
//! keeps strings verbatim (`""` stays `Some("")`) and writes numbers and
//! booleans as JSON writes them, since documents type fields as `String`
//! that the service sends as numbers.
//!
//! # Lists
//!
//! The services wrap lists: `{"Zones": {"Zone": [..]}}` in JSON,
//! `<Zones><Zone>..</Zone><Zone>..</Zone></Zones>` in XML, where one
//! element reads as `{"Zone": {..}}` and none as `<Zones/>` (`null`).
//! [`Fields::list`] reads a wrapped list, [`Fields::bare_list`] one the
//! document shows as a bare array; both accept what the other shape sends
//! where it is unambiguous (see their docs). A `null` element among others
//! (XML's empty `<Zone/>`) is a structure with nothing set.
//!
//! # Why not serde's derive
//!
//! The first design derived `Deserialize` on every response structure, with
//! a `deserialize_with` per field. For the whole ECS API that was most of the
//! crate's compile time: serde writes a visitor, a field enum and a wrapper
//! type per such field, all instantiated for two deserializers (JSON text
//! and the XML tree). A tree reader is one function per structure calling
//! generic readers that are compiled once per field type (BENCHMARKS.md has
//! the figures). Reading through a tree costs an allocation per object key
//! at run time, a fraction of a microsecond per response.
//!
//! # Errors
//!
//! A value of the wrong shape is a [`TreeError`] that names where it is, as
//! a path of wire keys and list indices (`Zones.Zone[2].Capacity: expected
//! an i32, found "ten"`). Unknown keys are ignored: the service adds fields.

use std::collections::BTreeMap;
use std::fmt;

pub use serde_json::{Map, Value};

/// A value of the wrong shape, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeError {
    /// From the outside in, once complete.
    path: Vec<Segment>,
    message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl TreeError {
    /// An error at the value being read; readers of enclosing values add
    /// their keys and indices as it travels out.
    pub fn new(message: impl Into<String>) -> Self {
        TreeError {
            path: Vec::new(),
            message: message.into(),
        }
    }

    fn expected(what: &str, found: &Value) -> Self {
        TreeError::new(format!("expected {what}, found {}", describe(found)))
    }

    /// Prefixes the path with a key (segments are pushed innermost first and
    /// reversed when displayed).
    fn at_key(mut self, key: &str) -> Self {
        self.path.push(Segment::Key(key.to_owned()));
        self
    }

    fn at_index(mut self, index: usize) -> Self {
        self.path.push(Segment::Index(index));
        self
    }

    /// The path of wire keys and indices, e.g. `Zones.Zone[2].Capacity`;
    /// empty for the top level.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            match segment {
                Segment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }

    /// What is wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path(), self.message)
        }
    }
}

impl std::error::Error for TreeError {}

/// A short description of a value for messages: its kind, and scalars
/// themselves (text cut at 40 characters).
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let cut: String = s.chars().take(40).collect();
            if cut.len() < s.len() {
                format!("the text {cut:?}…")
            } else {
                format!("the text {cut:?}")
            }
        }
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn is_blank(value: &Value) -> bool {
    matches!(value, Value::String(s) if s.trim().is_empty())
}

/// A type read from a value tree: response structures (generated), text,
/// numbers, booleans, JSON values and string maps.
pub trait FromTree: Sized + Default {
    /// Whether a `null` element among a list's others is an element (a
    /// structure with nothing set, XML's empty `<Zone/>`) rather than
    /// nothing (a number or text that is absent).
    const NULL_IS_ELEMENT: bool = false;

    /// Reads a value; `None` for one that stands for nothing (`null`, and
    /// empty text where the type is not text).
    fn from_tree(value: Value) -> Result<Option<Self>, TreeError>;
}

/// A type written as a value tree in the service's shape, with wire names:
/// what the mocks of [`mock`](crate::mock) send and what the command-line
/// example prints. Lists are written as arrays, without their wrapper
/// object (which [`Fields::list`] reads back); absent values and empty lists
/// are left out.
pub trait ToTree {
    /// The value; [`Value::Null`] for one that is left out.
    fn to_tree(&self) -> Value;
}

/// Reads a whole body's tree as `T`, which must be there.
pub fn read<T: FromTree>(value: Value) -> Result<T, TreeError> {
    match T::from_tree(value) {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Err(TreeError::new("expected a value, found nothing")),
        Err(e) => Err(e),
    }
}

/// The fields of one object, taken out by key as a structure is read.
#[derive(Debug)]
pub struct Fields(Map<String, Value>);

impl Fields {
    /// The fields of an object; `None` for `null` or blank text (an absent
    /// structure, XML's `<Activation/>`); an error for anything else.
    pub fn of(value: Value) -> Result<Option<Fields>, TreeError> {
        match value {
            Value::Object(map) => Ok(Some(Fields(map))),
            Value::Null => Ok(None),
            v if is_blank(&v) => Ok(None),
            v => Err(TreeError::expected("an object", &v)),
        }
    }

    fn take(&mut self, key: &str) -> Option<Value> {
        self.0.remove(key)
    }

    /// An optional field: `None` when the key is absent or its value stands
    /// for nothing.
    pub fn field<T: FromTree>(&mut self, key: &str) -> Result<Option<T>, TreeError> {
        match self.take(key) {
            None => Ok(None),
            Some(v) => T::from_tree(v).map_err(|e| e.at_key(key)),
        }
    }

    /// A list the document declares wrapped: an object whose key (the
    /// element name) holds the elements. Accepts:
    ///
    /// * `{"Zone": [a, b]}`: the elements;
    /// * `{"Zone": a}`: one element (an object, or a scalar such as `"x"`),
    ///   as XML gives a wrapper holding a single element;
    /// * `{}`, `{"Zone": []}`, `{"Zone": null}`, `{"Zone": ""}`, `null`,
    ///   empty or blank text, and an absent key: no elements;
    /// * `[a, b]`: a bare array, as some documents write lists (and as
    ///   [`ToTree`] writes them).
    ///
    /// The element key is not checked (documents misspell it); every key's
    /// elements are collected, in key order. Anything else (a non-blank
    /// string, a number) is an error.
    pub fn list<T: FromTree>(&mut self, key: &str) -> Result<Vec<T>, TreeError> {
        match self.take(key) {
            None => Ok(Vec::new()),
            Some(v) => wrapped_list(v).map_err(|e| e.at_key(key)),
        }
    }

    /// A list the document declares bare: `[a, b]`; one element (an object
    /// or a scalar) reads as a list of one; `null` and empty or blank text as
    /// no elements.
    pub fn bare_list<T: FromTree>(&mut self, key: &str) -> Result<Vec<T>, TreeError> {
        match self.take(key) {
            None => Ok(Vec::new()),
            Some(v) => bare_list(v).map_err(|e| e.at_key(key)),
        }
    }
}

/// A wrapped list's value, read as [`Fields::list`] reads a field.
pub fn wrapped_list<T: FromTree>(value: Value) -> Result<Vec<T>, TreeError> {
    let mut out = Vec::new();
    match value {
        Value::Null => {}
        Value::Array(items) => push_array(items, &mut out)?,
        Value::Object(wrapper) => {
            for (key, inner) in wrapper {
                match inner {
                    Value::Null => {}
                    Value::String(s) if s.is_empty() => {}
                    Value::Array(items) => {
                        push_array(items, &mut out).map_err(|e| e.at_key(&key))?
                    }
                    one => out.extend(T::from_tree(one).map_err(|e| e.at_key(&key))?),
                }
            }
        }
        v if is_blank(&v) => {}
        v => {
            return Err(TreeError::expected(
                "a list (an object wrapping the elements, an array, or null)",
                &v,
            ));
        }
    }
    Ok(out)
}

/// A bare list's value, read as [`Fields::bare_list`] reads a field.
pub fn bare_list<T: FromTree>(value: Value) -> Result<Vec<T>, TreeError> {
    let mut out = Vec::new();
    match value {
        Value::Null => {}
        Value::Array(items) => push_array(items, &mut out)?,
        v if is_blank(&v) => {}
        one => out.extend(T::from_tree(one)?),
    }
    Ok(out)
}

fn push_array<T: FromTree>(items: Vec<Value>, out: &mut Vec<T>) -> Result<(), TreeError> {
    out.reserve(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match item {
            Value::Null => {
                if T::NULL_IS_ELEMENT {
                    out.push(T::default());
                }
            }
            item => out.extend(T::from_tree(item).map_err(|e| e.at_index(i))?),
        }
    }
    Ok(())
}

/// Text: strings verbatim, numbers and booleans as JSON writes them.
impl FromTree for String {
    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        match value {
            Value::String(s) => Ok(Some(s)),
            Value::Null => Ok(None),
            Value::Number(n) => Ok(Some(n.to_string())),
            Value::Bool(b) => Ok(Some(b.to_string())),
            v => Err(TreeError::expected(
                "text (or a number or boolean, kept as text)",
                &v,
            )),
        }
    }
}

/// A JSON value, kept as it is.
impl FromTree for Value {
    const NULL_IS_ELEMENT: bool = true;

    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        Ok(match value {
            Value::Null => None,
            v => Some(v),
        })
    }
}

/// A string map: an object whose values are read as text (`null` values
/// left out).
impl FromTree for BTreeMap<String, String> {
    const NULL_IS_ELEMENT: bool = true;

    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        let Some(fields) = Fields::of(value)? else {
            return Ok(None);
        };
        let mut out = BTreeMap::new();
        for (key, v) in fields.0 {
            if let Some(text) = String::from_tree(v).map_err(|e| e.at_key(&key))? {
                out.insert(key, text);
            }
        }
        Ok(Some(out))
    }
}

/// A list inside a list (an element that is itself a list): read as a bare
/// list.
impl<T: FromTree> FromTree for Vec<T> {
    const NULL_IS_ELEMENT: bool = true;

    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        bare_list(value).map(Some)
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for i32 {}
    impl Sealed for i64 {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
    impl Sealed for bool {}
}

/// A number or boolean read whatever its spelling: `i32`, `i64`, `f32`,
/// `f64` and `bool`.
///
/// Accepts a JSON number or boolean, text holding one (`"2"`, `"-1.5"`,
/// `"true"`, `"False"`; surrounding whitespace is ignored), `null`, and
/// empty text, which reads as `None`. Anything else (text that is not a
/// number, a fraction for an integer, an integer out of range, an array or
/// object) is an error that says what was expected.
///
/// Sealed: the set of types is part of what the generator emits, not an
/// extension point.
pub trait Lenient: sealed::Sealed + Sized + Copy {
    /// What the type is called in error messages, e.g. `an i32`.
    #[doc(hidden)]
    const EXPECTING: &'static str;

    /// From a JSON number.
    #[doc(hidden)]
    fn from_number(n: &serde_json::Number) -> Option<Self>;

    /// From a JSON boolean.
    #[doc(hidden)]
    fn from_bool(b: bool) -> Option<Self>;

    /// From non-empty, trimmed text.
    #[doc(hidden)]
    fn from_text(text: &str) -> Option<Self>;

    /// Reads a value as [`Lenient`] says.
    fn read(value: &Value) -> Result<Option<Self>, TreeError> {
        let read = match value {
            Value::Null => return Ok(None),
            Value::String(s) => {
                let s = s.trim();
                if s.is_empty() {
                    return Ok(None);
                }
                Self::from_text(s)
            }
            Value::Number(n) => Self::from_number(n),
            Value::Bool(b) => Self::from_bool(*b),
            Value::Array(_) | Value::Object(_) => None,
        };
        match read {
            Some(v) => Ok(Some(v)),
            None => Err(TreeError::expected(
                &format!("{}, text holding one, or null", Self::EXPECTING),
                value,
            )),
        }
    }
}

/// Integers: exact values only; `2.0` and `"1e3"` are accepted, `2.5` and
/// out-of-range values are not.
macro_rules! lenient_int {
    ($t:ty, $name:literal) => {
        impl Lenient for $t {
            const EXPECTING: &'static str = $name;

            fn from_number(n: &serde_json::Number) -> Option<Self> {
                if let Some(i) = n.as_i64() {
                    <$t>::try_from(i).ok()
                } else if let Some(u) = n.as_u64() {
                    <$t>::try_from(u).ok()
                } else {
                    n.as_f64().and_then(Self::from_f64)
                }
            }

            fn from_bool(_: bool) -> Option<Self> {
                None
            }

            fn from_text(text: &str) -> Option<Self> {
                if let Ok(n) = text.parse::<$t>() {
                    return Some(n);
                }
                // "2.0" or "1e3": a float spelling of an exact integer.
                text.parse::<f64>().ok().and_then(Self::from_f64)
            }
        }

        impl FromTree for $t {
            fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
                Self::read(&value)
            }
        }

        impl ToTree for $t {
            fn to_tree(&self) -> Value {
                Value::from(*self)
            }
        }
    };
}

/// The integer a float holds exactly, if it is in range. The range check is
/// done in f64, where `MIN` and `MAX + 1` of i32 and i64 are exact, so the
/// cast cannot saturate.
trait FromF64: Sized {
    fn from_f64(v: f64) -> Option<Self>;
}

macro_rules! from_f64 {
    ($t:ty) => {
        impl FromF64 for $t {
            fn from_f64(v: f64) -> Option<Self> {
                (v.is_finite()
                    && v.fract() == 0.0
                    && v >= <$t>::MIN as f64
                    && v < -(<$t>::MIN as f64))
                    .then(|| v as $t)
            }
        }
    };
}

from_f64!(i32);
from_f64!(i64);
lenient_int!(i32, "an i32");
lenient_int!(i64, "an i64");

macro_rules! lenient_float {
    ($t:ty, $name:literal) => {
        impl Lenient for $t {
            const EXPECTING: &'static str = $name;

            fn from_number(n: &serde_json::Number) -> Option<Self> {
                n.as_f64().map(|v| v as $t)
            }

            fn from_bool(_: bool) -> Option<Self> {
                None
            }

            fn from_text(text: &str) -> Option<Self> {
                text.parse::<$t>().ok()
            }
        }

        impl FromTree for $t {
            fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
                Self::read(&value)
            }
        }

        impl ToTree for $t {
            /// Not-a-number and infinities, which a JSON number cannot hold,
            /// are written as text (`NaN`, `inf`), which reads back the same.
            fn to_tree(&self) -> Value {
                // Through the type's own shortest spelling, so that an f32
                // `0.1` is the number 0.1, not its f64 widening
                // 0.10000000149011612 (what serde_json writes for an f32).
                let text = self.to_string();
                text.parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::String(text), Value::Number)
            }
        }
    };
}

lenient_float!(f32, "an f32");
lenient_float!(f64, "an f64");

impl Lenient for bool {
    const EXPECTING: &'static str = "a boolean";

    fn from_number(_: &serde_json::Number) -> Option<Self> {
        None
    }

    fn from_bool(b: bool) -> Option<Self> {
        Some(b)
    }

    fn from_text(text: &str) -> Option<Self> {
        if text.eq_ignore_ascii_case("true") {
            Some(true)
        } else if text.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        }
    }
}

impl FromTree for bool {
    fn from_tree(value: Value) -> Result<Option<Self>, TreeError> {
        Self::read(&value)
    }
}

impl ToTree for bool {
    fn to_tree(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToTree for String {
    fn to_tree(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToTree for Value {
    fn to_tree(&self) -> Value {
        self.clone()
    }
}

impl ToTree for BTreeMap<String, String> {
    fn to_tree(&self) -> Value {
        Value::Object(
            self.iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        )
    }
}

impl<T: ToTree> ToTree for Option<T> {
    fn to_tree(&self) -> Value {
        self.as_ref().map_or(Value::Null, T::to_tree)
    }
}

/// A list as an array (the typed shape: no wrapper object).
impl<T: ToTree> ToTree for Vec<T> {
    fn to_tree(&self) -> Value {
        Value::Array(self.iter().map(T::to_tree).collect())
    }
}

/// An object being written, for [`ToTree`] implementations.
#[derive(Debug, Default)]
pub struct Object(Map<String, Value>);

impl Object {
    /// An empty object.
    pub fn new() -> Self {
        Object(Map::new())
    }

    /// Writes `value` under `key`, unless it is left out (`null`) or an
    /// empty list.
    pub fn put<T: ToTree + ?Sized>(&mut self, key: &str, value: &T) {
        match value.to_tree() {
            Value::Null => {}
            Value::Array(items) if items.is_empty() => {}
            v => {
                self.0.insert(key.to_owned(), v);
            }
        }
    }

    /// Writes `value` under `key` unless it is left out (`null`); an empty
    /// list is written (a required field, always sent).
    pub fn put_required<T: ToTree + ?Sized>(&mut self, key: &str, value: &T) {
        let v = value.to_tree();
        if !v.is_null() {
            self.0.insert(key.to_owned(), v);
        }
    }

    /// Writes `value`'s compact JSON text, as a string, under `key`, unless
    /// it is left out (`null`): a request field sent as JSON text, inside a
    /// structure that is itself sent as JSON.
    pub fn put_json_text<T: ToTree + ?Sized>(&mut self, key: &str, value: &T) {
        let v = value.to_tree();
        if !v.is_null() {
            self.0.insert(key.to_owned(), Value::String(v.to_string()));
        }
    }

    /// The object as a value.
    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

#[cfg(test)]
mod tests;
