//! Requests to RPC wire parameters: one writer that flattens a request into
//! `(name, value)` pairs the way the official SDKs do.
//!
//! Generated request types implement [`WriteParams`], one
//! [`ParamWriter::param`] (or [`ParamWriter::json`]) call per field with its
//! wire name, and [`write_params()`] turns them into [`Params`]; a
//! hand-written request that derives `serde::Serialize` (field names = wire
//! names) goes through the same writer as a serde [`Serializer`]
//! ([`write()`]). Either way:
//!
//! | Rust value | wire |
//! |---|---|
//! | struct field `RegionId: "cn-hangzhou"` | `RegionId=cn-hangzhou` |
//! | `None`, `()` | nothing |
//! | `Some(v)` | `v` |
//! | `true` / `false` | `true` / `false` |
//! | integers | decimal |
//! | floats | shortest decimal that reads back as the same number, no exponent (`0.5`, `1`, `1000000`) |
//! | a sequence `InstanceId: ["a", "b"]` | `InstanceId.1=a`, `InstanceId.2=b` (1-based; empty sends nothing) |
//! | a list of structures `Tag: [{Key, Value}]` | `Tag.1.Key=…`, `Tag.1.Value=…` |
//! | a structure `SystemDisk: {Category}` | `SystemDisk.Category=…` |
//! | a string-keyed map | `Prefix.Key=value` |
//! | a newtype (value sets) | its inner value |
//! | a unit enum variant | the variant's name |
//!
//! Nesting is arbitrary (`NetworkInterface.1.SecurityGroupIds.2`). This is
//! the flattening of the official SDKs' shared runtime (Darabonba / Tea
//! `OpenApiUtil.query`: lists become `prefix.(i + 1)`, models and maps
//! `prefix.key`, nulls are skipped). Values are passed through unencoded;
//! the signer percent-encodes names and values.
//!
//! Parameters the documents describe as JSON text (one parameter whose value
//! is a JSON document) are marked with
//! `#[serde(serialize_with = "::acs_runtime::params::json")]`: see [`json`].
//!
//! # Floats
//!
//! The official SDKs disagree on the spelling of a float: the Go runtime
//! (`json.Marshal`, then `%v` of the number) sends `1` for `1.0` and `0.5`
//! for `0.5`; Java (`String.valueOf`) sends `1.0`, and `1.0E7` for ten
//! million. The service parses either. We send Rust's `Display` spelling,
//! which is Go's for every value Go writes without an exponent, and never
//! uses an exponent at all, so no parser can misread it as text.
//!
//! # What cannot be sent
//!
//! Bytes, a map whose keys are not strings, a non-finite float, and a value
//! with no name (a bare string or list as the whole request) have no wire
//! form. [`write()`] returns a [`WriteError`] for them rather than dropping
//! them silently: a request missing a parameter the caller set is worse than
//! no request. Generated request types never contain such values; the
//! client reports the error as `SdkError::Build`.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use serde::ser::{self, Serialize, Serializer};

use crate::operation::Params;

/// Appends the wire parameters of `value` to `params`, in field order.
///
/// See the [module documentation](self) for the mapping. Names of top-level
/// fields are borrowed (`&'static str` from the serde derive); nested names
/// and all values are allocated.
///
/// # Errors
///
/// A value with no wire form (see the module docs); `params` then holds the
/// parameters written before it.
///
/// # Example
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Tag {
///     #[serde(rename = "Key")]
///     key: String,
///     #[serde(rename = "Value", skip_serializing_if = "Option::is_none")]
///     value: Option<String>,
/// }
///
/// #[derive(serde::Serialize)]
/// struct Request {
///     #[serde(rename = "RegionId")]
///     region_id: String,
///     #[serde(rename = "Tag")]
///     tag: Vec<Tag>,
/// }
///
/// let request = Request {
///     region_id: "cn-hangzhou".into(),
///     tag: vec![
///         Tag { key: "env".into(), value: Some("prod".into()) },
///         Tag { key: "team".into(), value: None },
///     ],
/// };
/// let mut params = acs_runtime::Params::default();
/// acs_runtime::params::write(&request, &mut params).unwrap();
/// let pairs: Vec<(&str, &str)> =
///     params.pairs().iter().map(|(n, v)| (n.as_ref(), v.as_ref())).collect();
/// assert_eq!(
///     pairs,
///     [
///         ("RegionId", "cn-hangzhou"),
///         ("Tag.1.Key", "env"),
///         ("Tag.1.Value", "prod"),
///         ("Tag.2.Key", "team"),
///     ]
/// );
/// ```
pub fn write<T: Serialize + ?Sized>(value: &T, params: &mut Params<'_>) -> Result<(), WriteError> {
    let mut writer = Writer {
        params,
        key: String::new(),
        top: None,
    };
    value.serialize(&mut writer)
}

/// Serializes `value` as compact JSON text and emits that text as one string:
/// for parameters whose documented type is a JSON document.
///
/// ```ignore
/// #[serde(
///     rename = "Parameters",
///     serialize_with = "::acs_runtime::params::json",
///     skip_serializing_if = "Option::is_none"
/// )]
/// pub parameters: Option<::std::collections::BTreeMap<String, ::acs_runtime::serde_json::Value>>,
/// ```
///
/// A value that serializes to JSON `null` (a `None`, a unit) is emitted as
/// *none* (`serialize_none`) rather than as the text `null`: [`write()`] then
/// sends nothing, as for any other absent parameter, and serde_json writes
/// `null`. `skip_serializing_if = "Option::is_none"` is still the better
/// spelling for optional fields, because it omits the key altogether.
///
/// # Errors
///
/// Whatever serde_json reports for `value` (a map with non-string keys, a
/// custom `Serialize` that fails), as the serializer's error.
pub fn json<T: Serialize, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let text = serde_json::to_string(value).map_err(ser::Error::custom)?;
    if text == "null" {
        serializer.serialize_none()
    } else {
        serializer.serialize_str(&text)
    }
}

/// A value that has no RPC wire form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteError {
    name: String,
    reason: String,
}

impl WriteError {
    /// The parameter name at which writing failed (empty at the top level).
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.is_empty() {
            write!(
                f,
                "the request cannot be sent as parameters: {}",
                self.reason
            )
        } else {
            write!(f, "parameter {}: {}", self.name, self.reason)
        }
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        WriteError {
            name: String::new(),
            reason: msg.to_string(),
        }
    }
}

/// The state of one [`write()`] or [`write_params()`]: the parameter list
/// and the name being built.
pub struct Writer<'w, 'a> {
    params: &'w mut Params<'a>,
    /// The dotted name of the value being serialized (`Tag.1.Key`).
    key: String,
    /// The top-level field being written, whose name can be borrowed.
    top: Option<&'static str>,
}

impl Writer<'_, '_> {
    /// Appends `.segment` (or `segment` at the top) to the name; returns the
    /// length to [`leave`](Self::leave) back to.
    fn enter(&mut self, segment: &str) -> usize {
        let len = self.key.len();
        if len > 0 {
            self.key.push('.');
        }
        self.key.push_str(segment);
        len
    }

    /// Appends `.index` to the name.
    fn enter_index(&mut self, index: usize) -> usize {
        let len = self.key.len();
        if len > 0 {
            self.key.push('.');
        }
        // Writing to a String cannot fail.
        let _ = write!(self.key, "{index}");
        len
    }

    fn leave(&mut self, len: usize) {
        self.key.truncate(len);
    }

    /// A field of the value being written; at the top level its `'static`
    /// name is borrowed instead of copied.
    fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        let at_top = self.key.is_empty();
        let len = self.enter(name);
        if at_top {
            self.top = Some(name);
        }
        let result = value.serialize(&mut *self);
        if at_top {
            self.top = None;
        }
        self.leave(len);
        result
    }

    fn leaf(&mut self, value: String) -> Result<(), WriteError> {
        if self.key.is_empty() {
            return Err(self.error("a value without a name: the request must be a struct or a map"));
        }
        let name = match self.top {
            // Nested names only ever grow the key, so equal length means equal.
            Some(top) if top.len() == self.key.len() => Cow::Borrowed(top),
            _ => Cow::Owned(self.key.clone()),
        };
        self.params.push(name, value);
        Ok(())
    }

    fn error(&self, reason: &str) -> WriteError {
        WriteError {
            name: self.key.clone(),
            reason: reason.to_owned(),
        }
    }

    fn float(&mut self, v: f64, text: String) -> Result<(), WriteError> {
        if v.is_finite() {
            self.leaf(text)
        } else {
            Err(self.error("a float that is not finite (NaN or infinity) has no wire form"))
        }
    }
}

impl<'s, 'w, 'a> Serializer for &'s mut Writer<'w, 'a> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Seq<'s, 'w, 'a>;
    type SerializeTuple = Seq<'s, 'w, 'a>;
    type SerializeTupleStruct = Seq<'s, 'w, 'a>;
    type SerializeTupleVariant = Seq<'s, 'w, 'a>;
    type SerializeMap = Map<'s, 'w, 'a>;
    type SerializeStruct = Struct<'s, 'w, 'a>;
    type SerializeStructVariant = Struct<'s, 'w, 'a>;

    fn serialize_bool(self, v: bool) -> Result<(), WriteError> {
        self.leaf(if v { "true" } else { "false" }.to_owned())
    }

    fn serialize_i8(self, v: i8) -> Result<(), WriteError> {
        self.leaf(v.to_string())
    }

    fn serialize_i16(self, v: i16) -> Result<(), WriteError> {
        self.leaf(v.to_string())
    }

    fn serialize_i32(self, v: i32) -> Result<(), WriteError> {
        self.leaf(v.to_string())
    }

    fn serialize_i64(self, v: i64) -> Result<(), WriteError> {
        self.leaf(v.to_string())
    }

    fn serialize_i128(self, v: i128) -> Result<(), WriteError> {
        self.leaf(v.to_string())
    }

    fn serialize_u8(self, v: u8) -> Result<(), WriteError> {
        self.leaf(v.to_string())
    }

    fn serialize_u16(self, v: u16) -> Result<(), WriteError> {
        self.leaf(v.to_string())
    }

    fn serialize_u32(self, v: u32) -> Result<(), WriteError> {
        self.leaf(v.to_string())
    }

    fn serialize_u64(self, v: u64) -> Result<(), WriteError> {
        self.leaf(v.to_string())
    }

    fn serialize_u128(self, v: u128) -> Result<(), WriteError> {
        self.leaf(v.to_string())
    }

    fn serialize_f32(self, v: f32) -> Result<(), WriteError> {
        // f32's own Display: the shortest text that reads back as this f32
        // (`0.1`, not the f64 widening's `0.10000000149011612`).
        self.float(f64::from(v), v.to_string())
    }

    fn serialize_f64(self, v: f64) -> Result<(), WriteError> {
        self.float(v, v.to_string())
    }

    fn serialize_char(self, v: char) -> Result<(), WriteError> {
        self.leaf(v.to_string())
    }

    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        self.leaf(v.to_owned())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<(), WriteError> {
        Err(self.error("bytes have no wire form"))
    }

    fn serialize_none(self) -> Result<(), WriteError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), WriteError> {
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), WriteError> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), WriteError> {
        self.leaf(variant.to_owned())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        value.serialize(self)
    }

    /// As serde_json's `{"Variant": value}`: `Prefix.Variant=value`.
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        self.field(variant, value)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq<'s, 'w, 'a>, WriteError> {
        if self.key.is_empty() {
            return Err(self.error("a list without a name: the request must be a struct or a map"));
        }
        Ok(Seq {
            writer: self,
            next: 1,
            leave_to: None,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Seq<'s, 'w, 'a>, WriteError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Seq<'s, 'w, 'a>, WriteError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Seq<'s, 'w, 'a>, WriteError> {
        let len = self.enter(variant);
        Ok(Seq {
            writer: self,
            next: 1,
            leave_to: Some(len),
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'s, 'w, 'a>, WriteError> {
        Ok(Map {
            writer: self,
            key: None,
        })
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Struct<'s, 'w, 'a>, WriteError> {
        Ok(Struct {
            writer: self,
            leave_to: None,
        })
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Struct<'s, 'w, 'a>, WriteError> {
        let len = self.enter(variant);
        Ok(Struct {
            writer: self,
            leave_to: Some(len),
        })
    }
}

/// A sequence: elements at `.1`, `.2`, …
/// The serde serializer's state for a list (public only as a serializer type).
#[doc(hidden)]
pub struct Seq<'s, 'w, 'a> {
    writer: &'s mut Writer<'w, 'a>,
    next: usize,
    /// For a tuple variant: the name length before `.Variant` was entered.
    leave_to: Option<usize>,
}

impl Seq<'_, '_, '_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        let len = self.writer.enter_index(self.next);
        self.next += 1;
        let result = value.serialize(&mut *self.writer);
        self.writer.leave(len);
        result
    }

    fn finish(self) -> Result<(), WriteError> {
        if let Some(len) = self.leave_to {
            self.writer.leave(len);
        }
        Ok(())
    }
}

/// A list's elements, however serde presents the list: each is `Prefix.N`.
macro_rules! seq_elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Seq<'_, '_, '_> {
            type Ok = ();
            type Error = WriteError;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
                self.element(value)
            }

            fn end(self) -> Result<(), WriteError> {
                self.finish()
            }
        }
    )*};
}

seq_elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// A structure: fields at `.Field`.
#[doc(hidden)]
pub struct Struct<'s, 'w, 'a> {
    writer: &'s mut Writer<'w, 'a>,
    /// For a struct variant: the name length before `.Variant` was entered.
    leave_to: Option<usize>,
}

impl ser::SerializeStruct for Struct<'_, '_, '_> {
    type Ok = ();
    type Error = WriteError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        self.writer.field(key, value)
    }

    fn end(self) -> Result<(), WriteError> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Struct<'_, '_, '_> {
    type Ok = ();
    type Error = WriteError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        self.writer.field(key, value)
    }

    fn end(self) -> Result<(), WriteError> {
        if let Some(len) = self.leave_to {
            self.writer.leave(len);
        }
        Ok(())
    }
}

/// A map with string keys: entries at `.Key`.
#[doc(hidden)]
pub struct Map<'s, 'w, 'a> {
    writer: &'s mut Writer<'w, 'a>,
    key: Option<String>,
}

impl ser::SerializeMap for Map<'_, '_, '_> {
    type Ok = ();
    type Error = WriteError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WriteError> {
        match key.serialize(KeyText) {
            Ok(key) => {
                self.key = Some(key);
                Ok(())
            }
            Err(reason) => Err(self.writer.error(&reason.reason)),
        }
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        let Some(key) = self.key.take() else {
            return Err(self.writer.error("a map value without a key"));
        };
        let len = self.writer.enter(&key);
        let result = value.serialize(&mut *self.writer);
        self.writer.leave(len);
        result
    }

    fn end(self) -> Result<(), WriteError> {
        Ok(())
    }
}

/// Serializes a map key to its text: strings (and newtypes of them, unit
/// variants) only.
struct KeyText;

impl KeyText {
    fn not_text<T>() -> Result<T, WriteError> {
        Err(WriteError {
            name: String::new(),
            reason: "a map key that is not a string has no wire form".to_owned(),
        })
    }
}

impl Serializer for KeyText {
    type Ok = String;
    type Error = WriteError;
    type SerializeSeq = ser::Impossible<String, WriteError>;
    type SerializeTuple = ser::Impossible<String, WriteError>;
    type SerializeTupleStruct = ser::Impossible<String, WriteError>;
    type SerializeTupleVariant = ser::Impossible<String, WriteError>;
    type SerializeMap = ser::Impossible<String, WriteError>;
    type SerializeStruct = ser::Impossible<String, WriteError>;
    type SerializeStructVariant = ser::Impossible<String, WriteError>;

    fn serialize_str(self, v: &str) -> Result<String, WriteError> {
        Ok(v.to_owned())
    }

    fn serialize_char(self, v: char) -> Result<String, WriteError> {
        Ok(v.to_string())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, WriteError> {
        value.serialize(self)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, WriteError> {
        Ok(variant.to_owned())
    }

    fn serialize_bool(self, _v: bool) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_i8(self, _v: i8) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_i16(self, _v: i16) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_i32(self, _v: i32) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_i64(self, _v: i64) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_u8(self, _v: u8) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_u16(self, _v: u16) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_u32(self, _v: u32) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_u64(self, _v: u64) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_f32(self, _v: f32) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_f64(self, _v: f64) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_none(self) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_unit(self) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, WriteError> {
        Self::not_text()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, WriteError> {
        Self::not_text()
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, WriteError> {
        Self::not_text()
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, WriteError> {
        Self::not_text()
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, WriteError> {
        Self::not_text()
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, WriteError> {
        Self::not_text()
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, WriteError> {
        Self::not_text()
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, WriteError> {
        Self::not_text()
    }
}

/// A request, or a structure inside one, that writes its own wire
/// parameters: what generated request types implement (one
/// [`ParamWriter::param`] or [`ParamWriter::json`] call per field), so that
/// they need no serde code. The mapping is the module's table; the rules
/// (names, 1-based lists, float spelling, what is left out) are the
/// writer's, shared with [`write()`].
///
/// A hand-written request that derives `serde::Serialize` implements it in
/// one line with [`ParamWriter::serde`].
pub trait WriteParams {
    /// Writes every field, in order, at the writer's current name.
    fn write_params(&self, w: &mut ParamWriter<'_, '_>) -> Result<(), WriteError>;
}

/// A value written at the writer's current name: text, numbers, booleans,
/// lists (`Name.1`, `Name.2`), optional values and structures
/// ([`WriteParams`]). Generated value sets implement it with their text.
pub trait ParamValue {
    /// Writes the value at the writer's current name.
    fn write_value(&self, w: &mut ParamWriter<'_, '_>) -> Result<(), WriteError>;
}

/// The writer that [`WriteParams`] implementations are handed.
pub type ParamWriter<'w, 'a> = Writer<'w, 'a>;

/// Appends the wire parameters of `value` to `params`, in field order: the
/// [`WriteParams`] twin of [`write()`], with the same mapping.
///
/// # Errors
///
/// A value with no wire form (a float that is not finite); `params` then
/// holds the parameters written before it.
pub fn write_params<T: WriteParams + ?Sized>(
    value: &T,
    params: &mut Params<'_>,
) -> Result<(), WriteError> {
    let mut writer = Writer {
        params,
        key: String::new(),
        top: None,
    };
    value.write_params(&mut writer)
}

impl Writer<'_, '_> {
    /// Writes `value` under `name` (below the current name, if any).
    pub fn param<T: ParamValue + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        let at_top = self.key.is_empty();
        let len = self.enter(name);
        if at_top {
            self.top = Some(name);
        }
        let result = value.write_value(self);
        if at_top {
            self.top = None;
        }
        self.leave(len);
        result
    }

    /// Writes `value` under `name` as one parameter holding its compact
    /// JSON text (the service's shape, with wire names: see
    /// [`ToTree`](crate::tree::ToTree)); a value that is JSON `null` (a
    /// `None`) sends nothing.
    pub fn json<T: crate::tree::ToTree + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        let tree = value.to_tree();
        if tree.is_null() {
            return Ok(());
        }
        self.param(name, &JsonText(tree))
    }

    /// Writes `value` at the current name through its serde serialization,
    /// as [`write()`] does: for hand-written requests that derive
    /// `serde::Serialize`.
    pub fn serde<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        value.serialize(self)
    }
}

/// A JSON document sent as its text.
struct JsonText(serde_json::Value);

impl ParamValue for JsonText {
    fn write_value(&self, w: &mut ParamWriter<'_, '_>) -> Result<(), WriteError> {
        w.leaf(self.0.to_string())
    }
}

impl<T: WriteParams + ?Sized> ParamValue for T {
    fn write_value(&self, w: &mut ParamWriter<'_, '_>) -> Result<(), WriteError> {
        self.write_params(w)
    }
}

impl ParamValue for str {
    fn write_value(&self, w: &mut ParamWriter<'_, '_>) -> Result<(), WriteError> {
        w.leaf(self.to_owned())
    }
}

impl ParamValue for String {
    fn write_value(&self, w: &mut ParamWriter<'_, '_>) -> Result<(), WriteError> {
        w.leaf(self.clone())
    }
}

impl ParamValue for bool {
    fn write_value(&self, w: &mut ParamWriter<'_, '_>) -> Result<(), WriteError> {
        w.leaf(if *self { "true" } else { "false" }.to_owned())
    }
}

macro_rules! param_decimal {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn write_value(&self, w: &mut ParamWriter<'_, '_>) -> Result<(), WriteError> {
                w.leaf(self.to_string())
            }
        }
    )*};
}

param_decimal!(i32, i64);

impl ParamValue for f32 {
    fn write_value(&self, w: &mut ParamWriter<'_, '_>) -> Result<(), WriteError> {
        // As `serialize_f32`: f32's own shortest spelling.
        w.float(f64::from(*self), self.to_string())
    }
}

impl ParamValue for f64 {
    fn write_value(&self, w: &mut ParamWriter<'_, '_>) -> Result<(), WriteError> {
        w.float(*self, self.to_string())
    }
}

impl<T: ParamValue> ParamValue for Option<T> {
    fn write_value(&self, w: &mut ParamWriter<'_, '_>) -> Result<(), WriteError> {
        match self {
            Some(v) => v.write_value(w),
            None => Ok(()),
        }
    }
}

/// `Name.1`, `Name.2`, …; an empty list sends nothing.
impl<T: ParamValue> ParamValue for Vec<T> {
    fn write_value(&self, w: &mut ParamWriter<'_, '_>) -> Result<(), WriteError> {
        for (i, v) in self.iter().enumerate() {
            let len = w.enter_index(i + 1);
            let result = v.write_value(w);
            w.leave(len);
            result?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
