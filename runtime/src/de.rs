//! Deserializers for what the service really sends, used by generated
//! response types (and, for [`json_text`], request types read from text).
//!
//! # Numbers and booleans
//!
//! Alibaba Cloud services do not always send a value with the type their
//! spec documents: a count documented as an integer can arrive as `2` or as
//! `"2"`, a flag as `true` or `"true"`, an absent value as `null` or `""`.
//! And in XML responses every leaf is text. Generated response types
//! therefore mark each optional number and boolean field with
//!
//! ```ignore
//! #[serde(default, deserialize_with = "::acs_runtime::de::lenient")]
//! pub total_count: Option<i64>,
//! ```
//!
//! and [`lenient`] accepts every spelling above, from JSON and from the
//! XML tree of [`xml::to_value`](crate::xml::to_value) alike.
//!
//! # Lists
//!
//! The services wrap lists: `{"Zones": {"Zone": [..]}}` in JSON,
//! `<Zones><Zone>..</Zone><Zone>..</Zone></Zones>` in XML, where one
//! element reads as `{"Zone": {..}}` and none as `<Zones/>` (`null`).
//! Generated list fields are `Vec<T>` marked with
//!
//! ```ignore
//! #[serde(default, deserialize_with = "::acs_runtime::de::wrapped_list")]
//! pub zones: Vec<Zone>,
//! ```
//!
//! or [`bare_list`] where the document shows a bare array, and the
//! `_lenient` variants ([`wrapped_list_lenient`], [`bare_list_lenient`])
//! when the elements are numbers or booleans.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, IntoDeserializer,
    Unexpected, Visitor,
};

mod sealed {
    pub trait Sealed {}
    impl Sealed for i32 {}
    impl Sealed for i64 {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
    impl Sealed for bool {}
}

/// A type [`lenient`] can read: `i32`, `i64`, `f32`, `f64` and `bool`.
///
/// Sealed: the set of types is part of what the generator emits, not an
/// extension point.
pub trait Lenient: sealed::Sealed + Sized {
    /// What the type is called in error messages, e.g. `an i32`.
    #[doc(hidden)]
    const EXPECTING: &'static str;

    /// From a signed integer on the wire.
    #[doc(hidden)]
    fn from_i64<E: de::Error>(v: i64) -> Result<Self, E>;

    /// From an unsigned integer on the wire.
    #[doc(hidden)]
    fn from_u64<E: de::Error>(v: u64) -> Result<Self, E>;

    /// From a floating-point number on the wire.
    #[doc(hidden)]
    fn from_f64<E: de::Error>(v: f64) -> Result<Self, E>;

    /// From a boolean on the wire.
    #[doc(hidden)]
    fn from_bool<E: de::Error>(v: bool) -> Result<Self, E>;

    /// From non-empty, trimmed text (a JSON string or an XML leaf).
    #[doc(hidden)]
    fn from_text<E: de::Error>(v: &str) -> Result<Self, E>;
}

/// Reads an optional number or boolean, whatever its spelling on the wire.
///
/// Accepts a JSON number or boolean, a JSON string or XML text holding one
/// (`"2"`, `"-1.5"`, `"true"`, `"False"`; surrounding whitespace is ignored),
/// `null`, and empty text, which reads as `None`. Anything else — a string that
/// is not a number, a fraction for an integer field, an integer out of range,
/// an array or object — is an error that says what was expected.
///
/// # Example
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Page {
///     #[serde(default, deserialize_with = "acs_runtime::de::lenient")]
///     total: Option<i64>,
/// }
///
/// let a: Page = serde_json::from_str(r#"{"total": "42"}"#).unwrap();
/// let tree = acs_runtime::xml::to_value("<Page><total>42</total></Page>").unwrap();
/// let b: Page = serde_json::from_value(tree).unwrap();
/// assert_eq!(a.total, Some(42));
/// assert_eq!(b.total, Some(42));
/// ```
pub fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    deserializer.deserialize_any(LenientVisitor(PhantomData))
}

struct LenientVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for LenientVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, a string holding one, or null", T::EXPECTING)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        T::from_bool(v).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::from_i64(v).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::from_u64(v).map(Some)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::from_f64(v).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let v = v.trim();
        if v.is_empty() {
            Ok(None)
        } else {
            T::from_text(v).map(Some)
        }
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(v) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::invalid_type(Unexpected::Bytes(v), &self)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        lenient(deserializer)
    }

    /// quick-xml's own serde reader hands an element to `deserialize_any` as
    /// a map: no entries for `<A/>`, one `$text` entry for `<A>2</A>`. (The
    /// response parser's XML tree has plain strings and nulls instead.)
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut value = None;
        while let Some(key) = map.next_key::<TextKey>()? {
            if !key.0 || value.is_some() {
                return Err(de::Error::invalid_type(Unexpected::Map, &self));
            }
            value = Some(map.next_value_seed(LenientSeed::<T>(PhantomData))?);
        }
        Ok(value.flatten())
    }
}

struct LenientSeed<T>(PhantomData<T>);

impl<'de, T: Lenient> de::DeserializeSeed<'de> for LenientSeed<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        lenient(deserializer)
    }
}

/// A map key; `true` when it names an element's text content (quick-xml's
/// `$text`, or `$value`).
struct TextKey(bool);

impl<'de> de::Deserialize<'de> for TextKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = TextKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TextKey, E> {
                Ok(TextKey(v == "$text" || v == "$value"))
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Integers: exact values only; `2.0` is accepted, `2.5` and out-of-range values are not.
macro_rules! lenient_int {
    ($t:ty, $name:literal) => {
        impl Lenient for $t {
            const EXPECTING: &'static str = $name;

            fn from_i64<E: de::Error>(v: i64) -> Result<Self, E> {
                <$t>::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &$name))
            }

            fn from_u64<E: de::Error>(v: u64) -> Result<Self, E> {
                <$t>::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &$name))
            }

            fn from_f64<E: de::Error>(v: f64) -> Result<Self, E> {
                // The range check is done in f64; `MIN` and `MAX + 1` are exact
                // there for i32 and i64, so the cast below cannot saturate.
                if v.fract() == 0.0 && v >= <$t>::MIN as f64 && v < -(<$t>::MIN as f64) {
                    Ok(v as $t)
                } else {
                    Err(E::invalid_value(Unexpected::Float(v), &$name))
                }
            }

            fn from_bool<E: de::Error>(v: bool) -> Result<Self, E> {
                Err(E::invalid_type(Unexpected::Bool(v), &$name))
            }

            fn from_text<E: de::Error>(v: &str) -> Result<Self, E> {
                if let Ok(n) = v.parse::<$t>() {
                    return Ok(n);
                }
                // "2.0" or "1e3": a float spelling of an exact integer.
                match v.parse::<f64>() {
                    Ok(f) if f.is_finite() => Self::from_f64(f),
                    _ => Err(E::invalid_value(Unexpected::Str(v), &$name)),
                }
            }
        }
    };
}

lenient_int!(i32, "an i32");
lenient_int!(i64, "an i64");

macro_rules! lenient_float {
    ($t:ty, $name:literal) => {
        impl Lenient for $t {
            const EXPECTING: &'static str = $name;

            fn from_i64<E: de::Error>(v: i64) -> Result<Self, E> {
                Ok(v as $t)
            }

            fn from_u64<E: de::Error>(v: u64) -> Result<Self, E> {
                Ok(v as $t)
            }

            fn from_f64<E: de::Error>(v: f64) -> Result<Self, E> {
                Ok(v as $t)
            }

            fn from_bool<E: de::Error>(v: bool) -> Result<Self, E> {
                Err(E::invalid_type(Unexpected::Bool(v), &$name))
            }

            fn from_text<E: de::Error>(v: &str) -> Result<Self, E> {
                v.parse::<$t>()
                    .map_err(|_| E::invalid_value(Unexpected::Str(v), &$name))
            }
        }
    };
}

lenient_float!(f32, "an f32");
lenient_float!(f64, "an f64");

impl Lenient for bool {
    const EXPECTING: &'static str = "a boolean";

    fn from_i64<E: de::Error>(v: i64) -> Result<Self, E> {
        Err(E::invalid_type(Unexpected::Signed(v), &Self::EXPECTING))
    }

    fn from_u64<E: de::Error>(v: u64) -> Result<Self, E> {
        Err(E::invalid_type(Unexpected::Unsigned(v), &Self::EXPECTING))
    }

    fn from_f64<E: de::Error>(v: f64) -> Result<Self, E> {
        Err(E::invalid_type(Unexpected::Float(v), &Self::EXPECTING))
    }

    fn from_bool<E: de::Error>(v: bool) -> Result<Self, E> {
        Ok(v)
    }

    fn from_text<E: de::Error>(v: &str) -> Result<Self, E> {
        if v.eq_ignore_ascii_case("true") {
            Ok(true)
        } else if v.eq_ignore_ascii_case("false") {
            Ok(false)
        } else {
            Err(E::invalid_value(Unexpected::Str(v), &Self::EXPECTING))
        }
    }
}

/// Reads a list the document declares wrapped: an object whose one key (the
/// element name) holds the elements.
///
/// Accepts, for `#[serde(default, deserialize_with = "…")]` on a `Vec<T>`:
///
/// * `{"Zone": [a, b]}`: the elements;
/// * `{"Zone": a}`: one element (an object, or a scalar such as `"x"`), as
///   XML gives a wrapper holding a single element;
/// * `{}`, `{"Zone": []}`, `{"Zone": null}`, `{"Zone": ""}`, `null`, and
///   empty or blank text: no elements;
/// * `[a, b]`: a bare array, as some documents write lists;
/// * `[a, null]`: a `null` element is `T::default()` (XML's empty `<Zone/>`
///   beside others; a lone one is the `{"Zone": null}` above).
///
/// The key is not checked (documents misspell it), and every key's elements
/// are collected in order, repeated keys included. Anything else (a
/// non-blank string, a number) is an error.
pub fn wrapped_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    deserializer.deserialize_any(ListVisitor::<Plain<T>>::new(true))
}

/// Reads a list the document declares bare: `[a, b]`; one element (an object
/// or a scalar) reads as a list of one; `null` and empty or blank text as no
/// elements.
pub fn bare_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    deserializer.deserialize_any(ListVisitor::<Plain<T>>::new(false))
}

/// [`wrapped_list`] for numbers and booleans: each element is read as
/// [`lenient`] reads a field (`2` or `"2"`); `null` and empty elements are
/// skipped.
pub fn wrapped_list_lenient<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    deserializer.deserialize_any(ListVisitor::<LenientElement<T>>::new(true))
}

/// [`bare_list`] for numbers and booleans, elements read as by [`lenient`].
pub fn bare_list_lenient<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    deserializer.deserialize_any(ListVisitor::<LenientElement<T>>::new(false))
}

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

/// Reads an optional text field, whatever the service sent for it.
///
/// Documents type a field as `String` that the service (or the document's
/// own example) writes as a number or a boolean (`"Priority": 1`,
/// `"Overwrite": false`): a strict `String` would fail the whole response
/// over it. Text is kept verbatim (not trimmed; `""` stays `Some("")`),
/// numbers and booleans are written as JSON writes them (`1`, `0.5`,
/// `false`), `null` is `None`. An object or array is still an error.
pub fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_any(TextVisitor)
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("text (or a number or boolean, kept as text), or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        text(deserializer)
    }
}

/// [`wrapped_list`] for text elements read as [`text`] reads a field.
pub fn wrapped_list_text<'de, D>(deserializer: D) -> Result<Vec<String>, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(ListVisitor::<TextElement>::new(true))
}

/// [`bare_list`] for text elements read as [`text`] reads a field.
pub fn bare_list_text<'de, D>(deserializer: D) -> Result<Vec<String>, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(ListVisitor::<TextElement>::new(false))
}

/// Elements read by [`text`].
struct TextElement;

impl<'de> Element<'de> for TextElement {
    type Item = String;

    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        text(deserializer)
    }
}

/// How one list element is read.
trait Element<'de> {
    type Item;
    /// The element, or `None` for one that stands for nothing (`null`).
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self::Item>, D::Error>;

    /// The element as an item of an array (where the format's own
    /// deserializer, which knows `null`, hands it over).
    fn read_in_array<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self::Item>, D::Error> {
        Self::read(deserializer)
    }
}

/// Elements read with their own `Deserialize`.
struct Plain<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Default> Element<'de> for Plain<T> {
    type Item = T;

    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize(deserializer).map(Some)
    }

    /// A `null` element among others is an element with nothing set: XML's
    /// empty `<Zone/>` in `<Zones><Zone/><Zone>…</Zone></Zones>` (the
    /// service sends structures whose fields are all absent that way).
    fn read_in_array<D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        Option::<T>::deserialize(deserializer).map(|element| Some(element.unwrap_or_default()))
    }
}

/// Elements read by [`lenient`].
struct LenientElement<T>(PhantomData<T>);

impl<'de, T: Lenient> Element<'de> for LenientElement<T> {
    type Item = T;

    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        lenient(deserializer)
    }
}

/// One element of an array, handed to [`Element::read_in_array`].
struct ElementSeed<K>(PhantomData<K>);

impl<'de, K: Element<'de>> DeserializeSeed<'de> for ElementSeed<K> {
    type Value = Option<K::Item>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        K::read_in_array(deserializer)
    }
}

/// The list itself: wrapped (an object of elements) or bare.
struct ListVisitor<K> {
    wrapped: bool,
    kind: PhantomData<K>,
}

impl<K> ListVisitor<K> {
    fn new(wrapped: bool) -> Self {
        ListVisitor {
            wrapped,
            kind: PhantomData,
        }
    }

    /// A scalar where the list is: one element of a bare list; an error for
    /// a wrapped one.
    fn scalar<'de, E, D>(
        self,
        unexpected: Unexpected<'_>,
        deserializer: D,
    ) -> Result<Vec<K::Item>, E>
    where
        K: Element<'de>,
        E: de::Error,
        D: Deserializer<'de, Error = E>,
    {
        if self.wrapped {
            Err(E::invalid_type(unexpected, &self))
        } else {
            Ok(K::read(deserializer)?.into_iter().collect())
        }
    }
}

impl<'de, K: Element<'de>> Visitor<'de> for ListVisitor<K> {
    type Value = Vec<K::Item>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.wrapped {
            "a list: an object wrapping the elements, an array, or null"
        } else {
            "a list: an array, one element, or null"
        })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(Vec::new());
        }
        self.scalar(Unexpected::Str(v), v.into_deserializer())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.scalar(Unexpected::Bool(v), v.into_deserializer())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.scalar(Unexpected::Signed(v), v.into_deserializer())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.scalar(Unexpected::Unsigned(v), v.into_deserializer())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.scalar(Unexpected::Float(v), v.into_deserializer())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        push_elements::<K, A>(seq, &mut out)?;
        Ok(out)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if !self.wrapped {
            return Ok(K::read(MapAccessDeserializer::new(map))?
                .into_iter()
                .collect());
        }
        let mut out = Vec::new();
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value_seed(OneOrMany::<K, K::Item> {
                out: &mut out,
                kind: PhantomData,
            })?;
        }
        Ok(out)
    }
}

fn push_elements<'de, K: Element<'de>, A: de::SeqAccess<'de>>(
    mut seq: A,
    out: &mut Vec<K::Item>,
) -> Result<(), A::Error> {
    while let Some(item) = seq.next_element_seed(ElementSeed::<K>(PhantomData))? {
        out.extend(item);
    }
    Ok(())
}

/// The value under a wrapper's key: an array of elements, or one element.
struct OneOrMany<'o, K, T> {
    out: &'o mut Vec<T>,
    kind: PhantomData<K>,
}

impl<'de, K: Element<'de, Item = T>, T> DeserializeSeed<'de> for OneOrMany<'_, K, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, K: Element<'de, Item = T>, T> OneOrMany<'_, K, T> {
    fn one<E, D>(self, deserializer: D) -> Result<(), E>
    where
        D: Deserializer<'de, Error = E>,
    {
        self.out.extend(K::read(deserializer)?);
        Ok(())
    }
}

impl<'de, K: Element<'de, Item = T>, T> Visitor<'de> for OneOrMany<'_, K, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list element, an array of them, or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        if v.is_empty() {
            return Ok(());
        }
        self.one(v.into_deserializer())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.one(v.into_deserializer())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.one(v.into_deserializer())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.one(v.into_deserializer())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.one(v.into_deserializer())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        push_elements::<K, A>(seq, self.out)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.one(MapAccessDeserializer::new(map))
    }
}

#[cfg(test)]
mod tests {
    use super::lenient;

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Fields {
        #[serde(default, deserialize_with = "lenient")]
        small: Option<i32>,
        #[serde(default, deserialize_with = "lenient")]
        big: Option<i64>,
        #[serde(default, deserialize_with = "lenient")]
        single: Option<f32>,
        #[serde(default, deserialize_with = "lenient")]
        double: Option<f64>,
        #[serde(default, deserialize_with = "lenient")]
        flag: Option<bool>,
    }

    fn json(s: &str) -> Result<Fields, String> {
        serde_json::from_str(s).map_err(|e| e.to_string())
    }

    /// Through the XML tree the response parser builds.
    fn xml(s: &str) -> Result<Fields, String> {
        let tree = crate::xml::to_value(s).map_err(|e| e.to_string())?;
        serde_json::from_value(tree).map_err(|e| e.to_string())
    }

    /// Through quick-xml's own serde reader, which `lenient` also supports.
    fn quick_xml(s: &str) -> Result<Fields, String> {
        quick_xml::de::from_str(s).map_err(|e| e.to_string())
    }

    const ALL: Fields = Fields {
        small: Some(-2),
        big: Some(9_007_199_254_740_993),
        single: Some(1.5),
        double: Some(-0.25),
        flag: Some(true),
    };

    #[test]
    fn text_keeps_strings_verbatim_and_writes_numbers_and_booleans() {
        #[derive(serde::Deserialize)]
        struct T {
            #[serde(default, deserialize_with = "super::text")]
            a: Option<String>,
            #[serde(default, deserialize_with = "super::wrapped_list_text")]
            l: Vec<String>,
        }
        for (json, a) in [
            (r#"{"a": " x "}"#, Some(" x ")),
            (r#"{"a": ""}"#, Some("")),
            (r#"{"a": 1}"#, Some("1")),
            (r#"{"a": 0.5}"#, Some("0.5")),
            (r#"{"a": false}"#, Some("false")),
            (r#"{"a": null}"#, None),
            (r#"{}"#, None),
        ] {
            let t: T = serde_json::from_str(json).unwrap();
            assert_eq!(t.a.as_deref(), a, "{json}");
        }
        let t: T = serde_json::from_str(r#"{"l": {"X": [1, "b", true]}}"#).unwrap();
        assert_eq!(t.l, ["1", "b", "true"]);
        assert!(serde_json::from_str::<T>(r#"{"a": [1]}"#).is_err());
    }

    #[test]
    fn json_native_types() {
        let got =
            json(r#"{"Small":-2,"Big":9007199254740993,"Single":1.5,"Double":-0.25,"Flag":true}"#);
        assert_eq!(got, Ok(ALL));
    }

    #[test]
    fn json_strings() {
        let got = json(
            r#"{"Small":"-2","Big":"9007199254740993","Single":"1.5","Double":" -0.25 ","Flag":"true"}"#,
        );
        assert_eq!(got, Ok(ALL));
        assert_eq!(json(r#"{"Flag":"False"}"#).unwrap().flag, Some(false));
    }

    #[test]
    fn json_null_empty_and_missing_are_none() {
        let none = Fields::default();
        assert_eq!(json("{}"), Ok(Fields::default()));
        assert_eq!(
            json(r#"{"Small":null,"Big":null,"Single":null,"Double":null,"Flag":null}"#),
            Ok(Fields::default())
        );
        assert_eq!(
            json(r#"{"Small":"","Big":"","Single":" ","Double":"","Flag":""}"#),
            Ok(none)
        );
    }

    #[test]
    fn json_integral_floats_are_integers() {
        assert_eq!(json(r#"{"Small":2.0}"#).unwrap().small, Some(2));
        assert_eq!(json(r#"{"Big":"1e3"}"#).unwrap().big, Some(1000));
        assert_eq!(json(r#"{"Double":3}"#).unwrap().double, Some(3.0));
    }

    #[test]
    fn json_errors_say_what_was_expected() {
        let e = json(r#"{"Small":"abc"}"#).unwrap_err();
        assert!(
            e.contains("invalid value: string \"abc\", expected an i32"),
            "{e}"
        );
        let e = json(r#"{"Small":2.5}"#).unwrap_err();
        assert!(e.contains("expected an i32"), "{e}");
        let e = json(r#"{"Small":4294967296}"#).unwrap_err();
        assert!(e.contains("expected an i32"), "{e}");
        let e = json(r#"{"Big":9.3e18}"#).unwrap_err();
        assert!(e.contains("expected an i64"), "{e}");
        let e = json(r#"{"Flag":1}"#).unwrap_err();
        assert!(e.contains("expected a boolean"), "{e}");
        let e = json(r#"{"Flag":"yes"}"#).unwrap_err();
        assert!(e.contains("expected a boolean"), "{e}");
        let e = json(r#"{"Double":[1]}"#).unwrap_err();
        assert!(
            e.contains("expected an f64, a string holding one, or null"),
            "{e}"
        );
        let e = json(r#"{"Single":true}"#).unwrap_err();
        assert!(e.contains("expected an f32"), "{e}");
    }

    #[test]
    fn xml_text_leaves() {
        let doc = "<R><Small>-2</Small><Big>9007199254740993</Big><Single>1.5</Single>\
                   <Double> -0.25 </Double><Flag>true</Flag></R>";
        assert_eq!(xml(doc), Ok(ALL));
        assert_eq!(quick_xml(doc), Ok(ALL));
    }

    #[test]
    fn xml_empty_and_missing_are_none() {
        assert_eq!(xml("<R/>"), Ok(Fields::default()));
        assert_eq!(
            xml("<R><Small></Small><Big/><Single></Single><Double/><Flag></Flag></R>"),
            Ok(Fields::default())
        );
    }

    #[test]
    fn xml_errors_say_what_was_expected() {
        let e = xml("<R><Small>abc</Small></R>").unwrap_err();
        assert!(e.contains("expected an i32"), "{e}");
        let e = xml("<R><Flag>1</Flag></R>").unwrap_err();
        assert!(e.contains("expected a boolean"), "{e}");
        let e = xml("<R><Big><Nested>1</Nested></Big></R>").unwrap_err();
        assert!(e.contains("invalid type: map, expected an i64"), "{e}");
    }
}

#[cfg(test)]
mod list_tests;
