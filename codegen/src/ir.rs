//! The intermediate representation: everything the emitter needs, already
//! named and resolved. The emitter reads only these types, never the spec.

/// Documentation lines for one item, in output order.
pub type Docs = Vec<String>;

/// One service: a product at one API version.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    /// Product code, e.g. `Ecs`.
    pub product: String,
    /// API version.
    pub version: String,
    /// Crate-level documentation.
    pub docs: Docs,
    /// Endpoint pattern with `{region_id}`.
    pub endpoint_pattern: String,
    /// The central endpoint.
    pub central_endpoint: String,
    /// Region → host, sorted by region.
    pub regional_endpoints: Vec<(String, String)>,
    /// Operations in name order.
    pub operations: Vec<Operation>,
    /// The codes any operation may return (`service.yaml`'s `errors`), one
    /// variant each; matched once, in the crate's `CommonError`.
    pub common_errors: Vec<ErrorVariant>,
    /// The shapes several operations use, defined once in the crate's
    /// `shared` module; each operation's module re-exports them under its
    /// own names.
    pub shared: Shapes,
    /// Where the spec came from, for the header.
    pub source: Source,
}

/// Where generated code came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// How the spec is named in the header (e.g. `spec/`).
    pub label: String,
    /// A fingerprint of the spec files' contents.
    pub fingerprint: String,
}

/// The HTTP method of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
}

/// One operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The action, e.g. `DeleteActivation`.
    pub action: String,
    /// The client method and module name, e.g. `delete_activation`.
    pub fn_name: String,
    /// Documentation of the client method and the module.
    pub docs: Docs,
    /// The one-line summary (English where the spec has it).
    pub summary: String,
    /// The HTTP method.
    pub method: Method,
    /// What the operation does (the retry policy's input); `None` when the
    /// spec does not say.
    pub kind: Option<crate::spec::OperationKind>,
    /// The wire name of the idempotency-token parameter, if any.
    pub idempotency_token: Option<String>,
    /// The request type.
    pub request: Request,
    /// Structures of request parameters (a repeat list's element, a flat
    /// structure), parents before children.
    pub request_structs: Vec<RequestStruct>,
    /// The response type (`{Action}Response`).
    pub response: Struct,
    /// Nested response structs, in the order they appear.
    pub structs: Vec<Struct>,
    /// Open sets of documented values for string parameters.
    pub value_sets: Vec<ValueSet>,
    /// The error type.
    pub error: ErrorType,
    /// How the operation pages, when it does.
    pub paginator: Option<Paginator>,
}

impl Operation {
    /// Each of its shapes' name and where it is defined: request
    /// structures, response structures, value sets.
    pub fn definitions(&self) -> impl Iterator<Item = (&str, &Definition)> {
        let requests = self
            .request_structs
            .iter()
            .map(|s| (s.name.as_str(), &s.definition));
        let responses = self
            .structs
            .iter()
            .map(|s| (s.name.as_str(), &s.definition));
        let values = self
            .value_sets
            .iter()
            .map(|v| (v.name.as_str(), &v.definition));
        requests.chain(responses).chain(values)
    }

    /// [`Operation::definitions`], to change where they are defined.
    pub fn definitions_mut(&mut self) -> impl Iterator<Item = (&str, &mut Definition)> {
        let requests = self
            .request_structs
            .iter_mut()
            .map(|s| (s.name.as_str(), &mut s.definition));
        let responses = self
            .structs
            .iter_mut()
            .map(|s| (s.name.as_str(), &mut s.definition));
        let values = self
            .value_sets
            .iter_mut()
            .map(|v| (v.name.as_str(), &mut v.definition));
        requests.chain(responses).chain(values)
    }
}

/// How a paged operation's paginator reads and writes pages (the
/// generated `acs_runtime::paginate::Paginated` implementation).
#[derive(Clone, Debug, PartialEq)]
pub struct Paginator {
    /// The style it drives.
    pub style: crate::spec::PageStyle,
    /// Rust field names from the response to the list, the list last;
    /// all but the last are `Option`al structures.
    pub items: Vec<String>,
    /// The list's element type.
    pub item: RustType,
    /// The request's page-number field and its type (`I32`, `I64` or `String`).
    pub page_number: Option<(String, RustType)>,
    /// The response's total-count field and its type (`I32` or `I64`).
    pub total: Option<(String, RustType)>,
    /// The request's and the response's token fields.
    pub next_token: Option<(String, String)>,
}

/// Structures and value sets defined once for several operations, under
/// their crate-level names, in name order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shapes {
    /// The crate-level module that defines them: `shared`, unless an
    /// operation's module is called that.
    pub module: String,
    /// Request structures.
    pub request_structs: Vec<RequestStruct>,
    /// Response structures.
    pub structs: Vec<Struct>,
    /// Value sets.
    pub value_sets: Vec<ValueSet>,
}

/// Where a shape of an operation is defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Definition {
    /// In the operation's module.
    Local,
    /// In the crate's `shared` module (the same shape is used by other
    /// operations); the operation's module re-exports it.
    Shared(Reexport),
}

impl Definition {
    /// The name in the `shared` module of a shape defined there.
    pub fn shared_name(&self) -> Option<&str> {
        match self {
            Definition::Local => None,
            Definition::Shared(r) => Some(&r.name),
        }
    }
}

/// An operation's re-export of a shape defined in the crate's `shared`
/// module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reexport {
    /// The name in the `shared` module.
    pub name: String,
    /// What this operation's documents say of the shape and the shared
    /// definition does not (its own description of a field that the other
    /// operations describe otherwise); empty when they agree. rustdoc shows
    /// it above the definition's documentation.
    pub docs: Docs,
}

/// A Rust type used in generated code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustType {
    /// `String`
    String,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `bool`
    Bool,
    /// A JSON value.
    Json,
    /// A string-to-string map.
    Map,
    /// A generated struct in the operation's module.
    Struct(String),
    /// A generated open value set in the operation's module.
    ValueSet(String),
    /// A list.
    Vec(Box<RustType>),
}

impl RustType {
    /// Whether values arrive as numbers or booleans that the service may
    /// also send as strings.
    pub fn is_lenient_scalar(&self) -> bool {
        matches!(
            self,
            RustType::I32 | RustType::I64 | RustType::F32 | RustType::F64 | RustType::Bool
        )
    }

    /// Whether values are text (`String` or an open value set).
    pub fn is_text(&self) -> bool {
        matches!(self, RustType::String | RustType::ValueSet(_))
    }

    /// Whether the type has floating-point parts (and so cannot be `Eq`).
    pub fn has_float(&self) -> bool {
        match self {
            RustType::F32 | RustType::F64 | RustType::Json => true,
            RustType::Vec(inner) => inner.has_float(),
            _ => false,
        }
    }
}

/// The request type of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// Type name, e.g. `DeleteActivationRequest`.
    pub name: String,
    /// Documentation.
    pub docs: Docs,
    /// Parameters in spec order.
    pub params: Vec<Param>,
    /// The top-level `RegionId` (or `regionId`) text parameter, if the
    /// operation has one.
    pub region: Option<RegionParam>,
}

/// An operation's `RegionId` parameter. It is never a constructor argument
/// (its `Param` is lowered optional): the client's region fills it when the
/// request leaves it unset, and picks the endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegionParam {
    /// Its index in `Request::params`.
    pub index: usize,
    /// Whether the service requires it (the spec's `required`): a call with
    /// neither a request nor a client region fails before sending.
    pub required: bool,
}

/// A structure inside a request: sent flat (`Prefix.Field`) or as the
/// element of a repeat list (`Prefix.N.Field`).
#[derive(Clone, Debug, PartialEq)]
pub struct RequestStruct {
    /// Type name, e.g. `Tag`.
    pub name: String,
    /// The spec path it was lowered from (`request.Tag`).
    pub path: String,
    /// Where it is defined.
    pub definition: Definition,
    /// Documentation.
    pub docs: Docs,
    /// Fields in spec order.
    pub params: Vec<Param>,
}

/// A request parameter, or a field of a request structure.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Rust field name.
    pub rust: String,
    /// The setter: sets an optional value, or appends one element to a list.
    pub setter: String,
    /// For lists, the setter that replaces the whole list.
    pub set_all: String,
    /// Wire name: the whole key, or the prefix of `Name.1…` / `Name.Field`.
    pub wire: String,
    /// The spec's type, for command-line help (`String`, `RepeatList`, …).
    pub documented_type: crate::spec::TypeName,
    /// The Rust type of the value (`Vec` for lists; not wrapped in `Option`).
    pub ty: RustType,
    /// Whether it must be given (a constructor argument).
    pub required: bool,
    /// How the value travels.
    pub encoding: Encoding,
    /// Documentation.
    pub docs: Docs,
}

/// How a request value is written to the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// As its text; lists as `Name.1…`, structures as `Name.Field`.
    Plain,
    /// One parameter holding the value's JSON text.
    Json,
}

impl Param {
    /// Whether the value is a list (a `Vec`, empty when not sent).
    pub fn is_list(&self) -> bool {
        matches!(self.holding(), Holding::List(_) | Holding::RequiredList(_))
    }

    /// How its field holds the value and how a caller gives it.
    pub fn holding(&self) -> Holding<'_> {
        match (&self.ty, self.encoding, self.required) {
            (RustType::Vec(element), Encoding::Plain, true) => Holding::RequiredList(element),
            (RustType::Vec(element), Encoding::Plain, false) => Holding::List(element),
            (ty, _, true) => Holding::Required(ty),
            (ty, _, false) => Holding::Optional(ty),
        }
    }
}

/// How a request value is held in its field and given by the caller: the
/// one decision the request emitter branches on. A list sent as one JSON
/// text is a value like any other (`Required`/`Optional` of a `Vec`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holding<'a> {
    /// A constructor argument (`impl Into<T>`); the field is `T`.
    Required(&'a RustType),
    /// A setter; the field is `Option<T>`, `None` when not sent.
    Optional(&'a RustType),
    /// A constructor argument taking the elements (`impl IntoIterator`);
    /// the field is `Vec<E>`. Holds the element type.
    RequiredList(&'a RustType),
    /// A setter appending one element and one replacing them all; the field
    /// is `Vec<E>`, empty when not sent. Holds the element type.
    List(&'a RustType),
}

/// A response struct.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// Type name.
    pub name: String,
    /// The spec path it was lowered from (`response.Instances.Instance`).
    pub path: String,
    /// Where it is defined.
    pub definition: Definition,
    /// Documentation.
    pub docs: Docs,
    /// Fields in spec order.
    pub fields: Vec<StructField>,
}

/// A field of a response struct. Every response field is optional: the
/// service omits fields freely; lists are `Vec`s, empty when absent.
#[derive(Clone, Debug, PartialEq)]
pub struct StructField {
    /// Rust field name.
    pub rust: String,
    /// Wire name.
    pub wire: String,
    /// The Rust type (scalars and structs wrapped in `Option` by the emitter).
    pub ty: RustType,
    /// For lists: how the service wraps them.
    pub list: Option<ListWire>,
    /// Documentation.
    pub docs: Docs,
}

/// How a response list appears on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListWire {
    /// In a wrapper object: `{"Zones":{"Zone":[…]}}`, `<Zones><Zone>…</Zone></Zones>`.
    Wrapped {
        /// The element name inside the wrapper (`Zone`).
        element: String,
    },
    /// Bare: `"Zones": […]`; in XML, the element repeated.
    Bare,
}

/// An open set of documented string values: a newtype with one constant per
/// documented value that still accepts any other string.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueSet {
    /// Type name, e.g. `RegionId`.
    pub name: String,
    /// The spec path of the parameter it was lowered from (`request.RegionId`).
    pub path: String,
    /// Where it is defined.
    pub definition: Definition,
    /// Documentation.
    pub docs: Docs,
    /// (constant name, value) in spec order.
    pub values: Vec<(String, String)>,
}

/// The error type of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorType {
    /// Type name, e.g. `DeleteActivationError`.
    pub name: String,
    /// The variant holding a common error (a code of `service.yaml`).
    pub common: String,
    /// The catch-all variant's name.
    pub catch_all: String,
    /// One variant per code the operation documents, other than common ones.
    pub variants: Vec<ErrorVariant>,
}

/// One documented error code, with every (status, message) it is published with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorVariant {
    /// Variant name.
    pub name: String,
    /// The `Code`.
    pub code: String,
    /// Documentation.
    pub docs: Docs,
}
