//! Lenient deserializers used by generated response types.
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
//! and [`lenient`] accepts every spelling above, under `serde_json` and under
//! quick-xml's serde deserializer alike.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Unexpected, Visitor};

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
/// let b: Page = quick_xml::de::from_str("<Page><total>42</total></Page>").unwrap();
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

    /// quick-xml hands an element to `deserialize_any` as a map: no entries
    /// for `<A/>`, one `$text` entry for `<A>2</A>`.
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

    fn xml(s: &str) -> Result<Fields, String> {
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
        let got = xml(
            "<R><Small>-2</Small><Big>9007199254740993</Big><Single>1.5</Single>\
             <Double> -0.25 </Double><Flag>true</Flag></R>",
        );
        assert_eq!(got, Ok(ALL));
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
