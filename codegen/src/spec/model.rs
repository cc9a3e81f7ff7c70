//! The spec format: a serde model of the YAML files, and nothing else.
//!
//! A spec directory holds `service.yaml` ([`ServiceFile`]) and one file per
//! operation under `operations/` ([`OperationFile`]). These types mirror the
//! YAML exactly (unknown keys are errors); checking what they say is
//! `validate`'s job, and turning them into what the emitter reads is `lower`'s.
//! The JSON Schema in `spec/schema/` is generated from these types.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Text in the two languages of the documents: `zh` from the zh-CN
/// document (the original), `en` from the en-US one.
///
/// A spec written by hand may give one plain string instead of the
/// `{zh, en}` map (`description: The ID of the role.`): the same text in
/// every language, stored as `zh` and `en` both and shown once in the
/// generated docs. It is written back as the map.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(with = "TextSchema"))]
pub struct Text {
    /// Chinese text, from the zh-CN document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zh: Option<String>,
    /// English text, from the en-US document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

/// What the schema accepts for a [`Text`].
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[allow(dead_code)] // only its schema is used
#[serde(untagged)]
enum TextSchema {
    /// One text for every language.
    Neutral(String),
    /// Text per language.
    Languages(TextLanguages),
}

/// Text per language: `zh` from the zh-CN document, `en` from the en-US one.
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[allow(dead_code)] // only its schema is used
#[serde(deny_unknown_fields)]
struct TextLanguages {
    /// Chinese text, from the zh-CN document.
    zh: Option<String>,
    /// English text, from the en-US document.
    en: Option<String>,
}

impl Text {
    /// The same text in every language (what a plain string in the spec means).
    pub fn neutral(text: impl Into<String>) -> Text {
        let text = text.into();
        Text {
            zh: Some(text.clone()),
            en: Some(text),
        }
    }

    /// Each different text with its language, English first; a text that is
    /// the same in both languages comes once, as `en`.
    pub fn distinct(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let en = self.en.as_deref().map(|t| ("en", t));
        let zh = self
            .zh
            .as_deref()
            .filter(|zh| self.en.as_deref() != Some(*zh))
            .map(|t| ("zh", t));
        en.into_iter().chain(zh)
    }
}

/// What a spec calls a [`Text`] in messages.
pub const TEXT_EXPECTING: &str = "a text (a string, or `zh` and `en` texts)";

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        const FIELDS: &[&str] = &["zh", "en"];
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(TEXT_EXPECTING)
            }
            fn visit_str<E>(self, v: &str) -> Result<Text, E> {
                Ok(Text::neutral(v))
            }
            fn visit_string<E>(self, v: String) -> Result<Text, E> {
                Ok(Text::neutral(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut text = Text::default();
                while let Some(key) = map.next_key::<String>()? {
                    let slot = match key.as_str() {
                        "zh" => &mut text.zh,
                        "en" => &mut text.en,
                        _ => return Err(A::Error::unknown_field(&key, FIELDS)),
                    };
                    if slot.is_some() {
                        return Err(A::Error::custom(format_args!("duplicate field `{key}`")));
                    }
                    *slot = map.next_value()?;
                }
                Ok(text)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// `service.yaml`: facts shared by every operation of one product version.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    /// Product code, e.g. `Ecs`.
    pub product: String,
    /// API version, e.g. `2014-05-26`.
    pub version: String,
    /// The product's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// API style.
    pub style: Style,
    /// Protocols the service accepts.
    pub protocols: Vec<Protocol>,
    /// HTTP methods the service accepts.
    pub methods: Vec<Method>,
    /// The method operations are sent with unless they say otherwise.
    pub default_method: Method,
    /// Signature versions the service accepts; the first is the default.
    pub signature_versions: Vec<SignatureVersion>,
    /// Where the service is reached.
    pub endpoints: Endpoints,
    /// Errors any operation may return.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
}

/// API style of a product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Style {
    /// Remote procedure call: `Action` and parameters in the query string.
    #[serde(rename = "RPC")]
    Rpc,
}

/// A transport protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Protocol {
    /// HTTPS.
    #[serde(rename = "HTTPS")]
    Https,
    /// Plain HTTP.
    #[serde(rename = "HTTP")]
    Http,
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Method {
    /// `GET`
    #[serde(rename = "GET")]
    Get,
    /// `POST`
    #[serde(rename = "POST")]
    Post,
}

/// A request signature version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum SignatureVersion {
    /// `ACS3-HMAC-SHA256`.
    #[serde(rename = "v3")]
    V3,
    /// The RPC signature, HMAC-SHA1.
    #[serde(rename = "v2")]
    V2,
}

/// Where a service is reached, resolved as the official SDKs do: the
/// client's endpoint override, else the region's host in `regional`, else,
/// for a regional service, `pattern` with the region put in (a region is
/// then required), or, for a global service (no `pattern`), `central`
/// with or without a region.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Endpoints {
    /// A regional service's host pattern, with a `{region_id}` placeholder,
    /// e.g. `ecs.{region_id}.aliyuncs.com`. Left out (or empty) for a global
    /// service such as STS or RAM, which is reached at `central` from every
    /// region not in `regional`, and needs no region at all.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pattern: String,
    /// The central endpoint, e.g. `sts.aliyuncs.com`: where a global service
    /// is reached; for a regional service, documentation only.
    pub central: String,
    /// Regions whose host differs from the pattern: region id to host.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub regional: BTreeMap<String, String>,
}

/// An error code a call may return.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// HTTP status the service answers with.
    pub http: u16,
    /// The `Code`, e.g. `InternalError.Dispatch`.
    pub code: String,
    /// The `Message` the service sends, verbatim.
    pub message: String,
    /// What it means and what to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}

/// `operations/<Name>.yaml`: one operation.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OperationFile {
    /// The action name, e.g. `DeleteActivation`; also the file's name.
    pub name: String,
    /// One-line summary: the document's first sentence.
    pub summary: Text,
    /// The document's introduction, whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// The document's usage notes ("接口说明" / "Description"): preconditions, limits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Text>,
    /// The OpenAPI Explorer link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explorer: Option<String>,
    /// The HTTP method, when it differs from the service's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    /// What the operation does to the service's state (the metadata's
    /// `systemTags.operationType`); decides which failures the client may
    /// retry. Absent: unknown, retried only when the request provably did
    /// not run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OperationKind>,
    /// The request parameter the service deduplicates by (`ClientToken`):
    /// the same value within a time window means the same request. The
    /// generated client fills it with a fresh UUID when the caller leaves it
    /// empty, the same one for every retry of a call, so a retried create is
    /// the same create (a required one the caller always gives). Either way
    /// the operation is retried on every transient failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_token: Option<String>,
    /// How the operation pages through a long result (the generated
    /// paginator's input). Import fills it where the parameters and the
    /// response say so (`spec::pagination::infer`); an overlay can correct it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// Request parameters, in the document's order (the `Action` parameter is the operation's name and is not repeated here).
    #[serde(default)]
    pub request: Vec<Parameter>,
    /// Response fields, with their real nesting.
    #[serde(default)]
    pub response: Vec<Field>,
    /// Documented error codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
    /// The document's examples, verbatim.
    #[serde(default)]
    pub examples: Examples,
}

/// How deep an operation's structures may nest: fields in structures and
/// list elements, each a level. The whole ECS API needs 6; an importer
/// refuses an operation deeper than this (a mangled document nests rows
/// without end), so what it writes always loads again (each level is two or
/// three levels of YAML, under the loader's `span::MAX_NESTING`).
pub const MAX_FIELD_DEPTH: usize = 24;

impl OperationFile {
    /// The deepest nesting of its request parameters and response fields
    /// (a scalar at the top is 1).
    pub fn field_depth(&self) -> usize {
        let request = self
            .request
            .iter()
            .map(|p| 1 + depth_of(&p.fields, p.items.as_deref()));
        let response = self
            .response
            .iter()
            .map(|f| 1 + depth_of(&f.fields, f.items.as_deref()));
        request.chain(response).max().unwrap_or(0)
    }
}

fn depth_of(fields: &[Field], items: Option<&Items>) -> usize {
    let fields = fields
        .iter()
        .map(|f| 1 + depth_of(&f.fields, f.items.as_deref()))
        .max()
        .unwrap_or(0);
    let items = items.map_or(0, |i| 1 + depth_of(&i.fields, i.items.as_deref()));
    fields.max(items)
}

/// How an operation pages. Alibaba Cloud APIs page in two ways, and some
/// operations (ECS `DescribeInstances`) accept both:
///
/// * by page number: the request's `PageNumber` (from 1) and `PageSize`,
///   the response's `TotalCount`;
/// * by token: the request's `MaxResults` and `NextToken` (absent on the
///   first call), the response's `NextToken` (absent or empty on the last
///   page).
///
/// ```yaml
/// pagination:
///   style: next_token      # which one the paginator drives
///   items: Instances       # the response list it pages over
///   next_token: NextToken
///   max_results: MaxResults
///   page_number: PageNumber
///   page_size: PageSize
///   total: TotalCount
/// ```
///
/// Every name is a wire name: request parameters for `page_number`,
/// `page_size`, `max_results`, `next_token`; response fields for `total`
/// and `next_token` (the token comes back under the name it is sent with),
/// and a dotted path through response structures to a list for `items`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// The style the generated paginator drives. Where both are documented,
    /// import chooses `next_token`: Alibaba recommends it (ECS documents that
    /// `TotalCount` means nothing with it and that page numbers are slower
    /// on large sets), and it stays correct while items are added or removed.
    pub style: PageStyle,
    /// The response list the operation pages over: a top-level field
    /// (`Instances`), or a dotted path through structures
    /// (`Invocation.InvocationResults`).
    pub items: String,
    /// The request parameter with the page number (from 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_number: Option<String>,
    /// The request parameter with the page size (for the page-number style).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<String>,
    /// The response field with the total number of items (page-number style).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    /// The request parameter and response field with the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// The request parameter with the page size (for the token style).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<String>,
}

/// Which way a paginator asks for the next page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum PageStyle {
    /// `PageNumber` + 1 until a page is empty or `TotalCount` items were seen.
    #[serde(rename = "page_number")]
    PageNumber,
    /// The response's `NextToken` until it is absent or empty.
    #[serde(rename = "next_token")]
    NextToken,
}

/// What an operation does, as the metadata tags it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum OperationKind {
    /// Reads one thing.
    Get,
    /// Lists things.
    List,
    /// Creates something (a second call may create a second one).
    Create,
    /// Changes something.
    Update,
    /// Deletes something.
    Delete,
    /// None of these.
    None,
}

impl OperationKind {
    /// The name as written in specs.
    pub fn as_str(self) -> &'static str {
        match self {
            OperationKind::Get => "get",
            OperationKind::List => "list",
            OperationKind::Create => "create",
            OperationKind::Update => "update",
            OperationKind::Delete => "delete",
            OperationKind::None => "none",
        }
    }
}

/// A type name as the documents write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum TypeName {
    /// Text.
    String,
    /// 32-bit integer.
    Integer,
    /// 64-bit integer.
    Long,
    /// `true` / `false`.
    Boolean,
    /// 32-bit float.
    Float,
    /// 64-bit float.
    Double,
    /// An object with named `fields`. In a request it is sent flat
    /// (`Name.Field`), or as one JSON text with `style: json`.
    Struct,
    /// A list of `items` (response side; "Array of X"). On the request side
    /// only with `style: json` (the list is sent as one JSON text).
    Array,
    /// A list of `items` sent as `Name.1`, `Name.2`, … (request side); a
    /// `Struct` element's fields as `Name.1.Field`.
    RepeatList,
    /// A list of `items` (as some documents write it).
    List,
    /// Any JSON value; in a request, sent as JSON text.
    Json,
    /// A string-to-string map; in a request, sent as JSON text.
    Map,
}

impl TypeName {
    /// The name as written in documents and specs.
    pub fn as_str(self) -> &'static str {
        match self {
            TypeName::String => "String",
            TypeName::Integer => "Integer",
            TypeName::Long => "Long",
            TypeName::Boolean => "Boolean",
            TypeName::Float => "Float",
            TypeName::Double => "Double",
            TypeName::Struct => "Struct",
            TypeName::Array => "Array",
            TypeName::RepeatList => "RepeatList",
            TypeName::List => "List",
            TypeName::Json => "Json",
            TypeName::Map => "Map",
        }
    }

    /// Whether values of this type hold `items`.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            TypeName::Array | TypeName::RepeatList | TypeName::List
        )
    }

    /// Whether this type is a single value (text, number or boolean).
    pub fn is_scalar(self) -> bool {
        matches!(
            self,
            TypeName::String
                | TypeName::Integer
                | TypeName::Long
                | TypeName::Boolean
                | TypeName::Float
                | TypeName::Double
        )
    }
}

/// A request parameter.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// The wire name: the whole name of a scalar (`RegionId`), the prefix of
    /// a repeat list or structure (`Tag` for `Tag.1.Key`, `SystemDisk` for
    /// `SystemDisk.Category`). Never contains a dot.
    pub name: String,
    /// The wire name this parameter had before the document renamed it.
    /// Generation ignores it; `codegen diff` reports the change as a rename
    /// (`request-param-renamed`) instead of a removal plus an addition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// The documented type.
    #[serde(rename = "type")]
    pub ty: TypeName,
    /// How a `Struct`, `Array`, `Map` or `Json` value travels. Absent: a
    /// structure flat (`Name.Field`), a repeat list as `Name.N`; `json`: the
    /// whole value as one parameter holding its JSON text (the metadata's
    /// `style: json`). `Map` and `Json` values are always sent as JSON text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<ParamStyle>,
    /// Whether the request is rejected without it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// The documented example value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Scalar>,
    /// What it is.
    pub description: Text,
    /// What values it accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<Constraints>,
    // The nested parts last, so a reader sees a parameter's own facts
    // before its children's.
    /// The element type of a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Items>>,
    /// The fields of a `Struct` parameter.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

/// How a structured request parameter travels (see [`Parameter::style`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ParamStyle {
    /// One parameter holding the value's JSON text.
    #[serde(rename = "json")]
    Json,
}

/// A response field, or a field of a structured request parameter.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The wire name, exactly as documented.
    pub name: String,
    /// The wire name this field had before the document renamed it.
    /// Generation ignores it; `codegen diff` reports the change as a rename
    /// (`response-field-renamed`, or `request-param-renamed` for a field of a
    /// `Struct` parameter) instead of a removal plus an addition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// The documented type.
    #[serde(rename = "type")]
    pub ty: TypeName,
    /// In a request structure: whether the service rejects the structure
    /// without it (a constructor argument of the generated type). Responses
    /// never say so: every response field is optional.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// The documented example value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Scalar>,
    /// What it is.
    pub description: Text,
    /// What values it takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<Constraints>,
    // The nested parts last, so a reader sees a field's own facts before
    // its children's.
    /// The element type of a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Items>>,
    /// The children of a `Struct`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

/// What decides the shape of a value, whether a parameter, a field or a
/// list's element: its type, its element (lists) and its fields
/// (structures). Not part of the format: a view for the code that walks it.
#[derive(Clone, Copy, Debug)]
pub struct Shape<'a> {
    /// The type.
    pub ty: TypeName,
    /// A list's element.
    pub items: Option<&'a Items>,
    /// A structure's fields.
    pub fields: &'a [Field],
}

impl<'a> Shape<'a> {
    /// A field's (also a request structure's field).
    pub fn of_field(f: &'a Field) -> Self {
        Shape {
            ty: f.ty,
            items: f.items.as_deref(),
            fields: &f.fields,
        }
    }

    /// A request parameter's.
    pub fn of_param(p: &'a Parameter) -> Self {
        Shape {
            ty: p.ty,
            items: p.items.as_deref(),
            fields: &p.fields,
        }
    }

    /// A list element's.
    pub fn of_items(i: &'a Items) -> Self {
        Shape {
            ty: i.ty,
            items: i.items.as_deref(),
            fields: &i.fields,
        }
    }
}

/// The element type of a list.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Items {
    /// The element's type.
    #[serde(rename = "type")]
    pub ty: TypeName,
    /// In a response: the element name inside the list's wrapper object.
    /// `Zones` with `items.name: Zone` is `{"Zones":{"Zone":[…]}}` in JSON
    /// and `<Zones><Zone>…</Zone></Zones>` in XML, as ECS sends every list.
    /// Absent: the list is bare (`"Zones": […]`; XML repeats `<Zones>`).
    /// Requests ignore it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The fields of a `Struct` element.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// The element type of a list element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Items>>,
}

/// What values a parameter or field takes. What the document says in prose
/// that has no structured form stays in `text`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    /// The documented values. Open-ended: the service may add values.
    #[serde(rename = "enum", default, skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<Scalar>,
    /// The smallest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    /// The largest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    /// The longest value, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// The value used when the parameter is not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Scalar>,
    /// For `Name.N` parameters: how many elements (`N的取值范围：1~50`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<Range>,
    /// Constraints the document states in prose only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
}

/// An inclusive range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// The lower bound.
    pub min: u32,
    /// The upper bound.
    pub max: u32,
}

/// The document's examples, verbatim. `en` is present only where the
/// English document's example differs from the Chinese one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// The sample request URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Text>,
    /// The sample success response in JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json: Option<Text>,
    /// The sample success response in XML.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml: Option<Text>,
}

/// A scalar written in YAML: kept as its text, whether it was written as a
/// string, a number or a boolean (`example: 2` and `example: "2"` are equal).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(with = "ScalarSchema"))]
#[serde(transparent)]
pub struct Scalar(pub String);

/// What the schema accepts for a [`Scalar`].
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[allow(dead_code)] // only its schema is used
#[serde(untagged)]
enum ScalarSchema {
    Text(String),
    Integer(i64),
    Number(f64),
    Boolean(bool),
}

impl Scalar {
    /// The scalar's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar(v))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}
