//! The seam between generated code and the runtime.
//!
//! A generated SDK describes each operation with a `static` [`OperationInfo`]
//! and implements [`Operation`] for its request type. The runtime's single
//! generic call routine does the rest (sign, send, retry, parse), so no
//! operation carries its own copy of that logic.

use std::borrow::Cow;

use crate::error::ServiceError;

/// Facts about one API product and version, shared by all its operations.
#[derive(Debug)]
pub struct ServiceInfo {
    /// Product code, e.g. `Ecs`.
    pub product: &'static str,
    /// API version, e.g. `2014-05-26`; sent as `Version` / `x-acs-version`.
    pub version: &'static str,
    /// Endpoint pattern with a `{region_id}` placeholder, e.g.
    /// `ecs.{region_id}.aliyuncs.com`, for a regional service; empty for a
    /// global one (STS, RAM), which is reached at `central_endpoint` from
    /// every region not in `regional_endpoints`. See [`crate::endpoint`].
    pub endpoint_pattern: &'static str,
    /// The central endpoint, e.g. `sts.aliyuncs.com`: where a global service
    /// is reached (a regional service's is documentation only).
    pub central_endpoint: &'static str,
    /// Region-specific endpoints from the spec, sorted by region id; they
    /// come before the pattern and the central endpoint.
    pub regional_endpoints: &'static [(&'static str, &'static str)],
}

/// The HTTP method an operation is sent with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
}

impl HttpMethod {
    /// The method's name as it appears on the wire and in signatures.
    pub const fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

/// The static description of one operation.
#[derive(Debug)]
pub struct OperationInfo {
    /// The service the operation belongs to.
    pub service: &'static ServiceInfo,
    /// The action name, e.g. `DeleteActivation`; sent as `Action` / `x-acs-action`.
    pub action: &'static str,
    /// The HTTP method the operation is sent with.
    pub method: HttpMethod,
    /// What the operation does, when the spec says; decides which failures
    /// are retried (see [`crate::retry`]).
    pub kind: Option<OperationKind>,
    /// The wire name of the parameter the service deduplicates by
    /// (`ClientToken`). When a request leaves it empty, the client fills it
    /// with a fresh UUID once per call and sends that same value on every
    /// retry, so a retried create is the same create.
    pub idempotency_token: Option<&'static str>,
}

/// What an operation does to the service's state (the official metadata's
/// `systemTags.operationType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OperationKind {
    /// Reads one thing.
    Get,
    /// Lists things.
    List,
    /// Creates something: a second execution may create a second one.
    Create,
    /// Changes something.
    Update,
    /// Deletes something.
    Delete,
    /// None of these.
    None,
}

impl OperationKind {
    /// Whether the operation only reads.
    pub const fn is_read(self) -> bool {
        matches!(self, OperationKind::Get | OperationKind::List)
    }
}

/// An operation's region parameter (`RegionId`; a few ECS operations spell
/// it `regionId`): its wire name, and whether the service requires it.
/// Decided by the generator from the spec ([`Operation::REGION_PARAM`]).
///
/// The client sends its region ([`Config::region`](crate::Config::region))
/// under this name when the request leaves the parameter unset, so a caller
/// gives the region once, to the client; a request's own value is sent as
/// given. With neither, a required one makes the call fail before anything
/// is sent ([`SdkError::MissingRegion`](crate::SdkError::MissingRegion)); an
/// optional one is left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RegionParam {
    /// The wire name, e.g. `RegionId`.
    pub name: &'static str,
    /// Whether the service requires it.
    pub required: bool,
}

impl RegionParam {
    /// A region parameter the service requires.
    pub const fn required(name: &'static str) -> Self {
        RegionParam {
            name,
            required: true,
        }
    }

    /// A region parameter the service does not require.
    pub const fn optional(name: &'static str) -> Self {
        RegionParam {
            name,
            required: false,
        }
    }
}

/// A request that the runtime can sign, send and whose response it can parse.
///
/// Implemented by generated request types; users rarely implement it by hand.
///
/// The request writes its own wire parameters
/// ([`WriteParams`](crate::params::WriteParams), one call per field with
/// its wire name); the runtime's writer makes lists `Name.1`, `Name.2`, …,
/// structures `Name.Field`. A hand-written request that derives
/// `serde::Serialize` implements it with
/// [`ParamWriter::serde`](crate::params::ParamWriter::serde).
pub trait Operation: crate::params::WriteParams {
    /// The typed response.
    type Output: crate::tree::FromTree;
    /// The operation's typed error.
    type Error: OperationError;
    /// The static description of the operation.
    const INFO: &'static OperationInfo;
    /// The operation's region parameter (`RegionId`), if it has one: what
    /// the client fills with its region. Generated code sets it from the
    /// spec; `None` (the operations of a global service such as STS or RAM,
    /// and ECS operations that find the region from an id) adds nothing.
    const REGION_PARAM: Option<RegionParam> = None;
    /// The value of the request's region parameter, if it is set; used to
    /// resolve the endpoint when the client has no region of its own. Named
    /// apart from the generated `region_id` setter, which would shadow it.
    fn request_region(&self) -> Option<&str> {
        None
    }
}

/// A typed error of one operation: its documented codes plus a catch-all.
pub trait OperationError: std::error::Error + Send + Sync + Sized + 'static {
    /// The action whose error this is, e.g. `DeleteActivation`: what
    /// [`crate::Error::operation`] says once the error has lost its type.
    /// Generated errors set it; empty when a hand-written one does not.
    const ACTION: &'static str = "";
    /// Classifies a service error by its code.
    fn from_service_error(error: ServiceError) -> Self;
    /// The details the service sent, whatever the variant.
    fn service_error(&self) -> &ServiceError;
    /// The service's common error (a generated crate's `CommonError`: a
    /// code any operation may return) that this error holds, if its code is
    /// one; downcast it to the crate's type, or see
    /// [`crate::Error::common`]. Generated errors implement it; `None` by
    /// default.
    fn common_error(&self) -> Option<&crate::error::DynError> {
        None
    }
    /// Whether the service throttled the request
    /// ([`ServiceError::is_throttling`]: a `Throttling*` code or HTTP 429).
    fn is_throttling(&self) -> bool {
        self.service_error().is_throttling()
    }
}

/// The wire parameters of a request, in the order they were written.
///
/// Names and values are unencoded; the signer sorts and encodes them.
/// [`params::write`](crate::params::write) fills it from a request: the
/// names of top-level fields are borrowed, nested names and values owned.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params<'a> {
    pairs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

impl<'a> Params<'a> {
    /// An empty parameter list with room for `capacity` pairs.
    pub fn with_capacity(capacity: usize) -> Self {
        Params {
            pairs: Vec::with_capacity(capacity),
        }
    }

    /// Adds a parameter whose value is borrowed from the request.
    pub fn push(&mut self, name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) {
        self.pairs.push((name.into(), value.into()));
    }

    /// The pairs in the order they were written.
    pub fn pairs(&self) -> &[(Cow<'a, str>, Cow<'a, str>)] {
        &self.pairs
    }

    /// The value of the first parameter called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_ref())
    }

    /// The number of parameters.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}
