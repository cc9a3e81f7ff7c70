//! Calling operations by name, for tools that take the documents' names on
//! a command line, the way the `aliyun` CLI does:
//!
//! ```text
//! RunInstances --RegionId cn-hangzhou --Tag.1.Key env --Tag.1.Value prod \
//!     --NetworkInterface.1.SecurityGroupIds.2 sg-2 --SystemDisk.Category cloud_essd \
//!     --Parameters '{"a":"x"}'
//! ```
//!
//! Generated SDKs emit a table of [`OperationDescriptor`]s and a
//! `call_by_name` that calls [`dispatch`] with the request type; the request
//! is read from the arguments by its own `serde::Deserialize`
//! ([`Args::deserialize`]), so the wire names, nesting and types of the
//! arguments are exactly those [`params::write`](crate::params::write)
//! sends.

use std::collections::BTreeMap;
use std::fmt;

mod tree;

use crate::error::{SdkError, ServiceError};
use crate::operation::OperationError;

/// A parameter of an operation, as documented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamDescriptor {
    /// The wire name of the top-level parameter (`Tag`, also for a repeat
    /// list documented as `Tag.N`).
    pub name: &'static str,
    /// The documented type (`String`, `Long`, `RepeatList`, …).
    pub type_name: &'static str,
    /// Whether the operation rejects a request without it.
    pub required: bool,
}

/// An operation, as documented.
#[derive(Clone, Copy, Debug)]
pub struct OperationDescriptor {
    /// The action name.
    pub action: &'static str,
    /// The one-line summary.
    pub summary: &'static str,
    /// Its parameters, in document order.
    pub params: &'static [ParamDescriptor],
    /// Parses a raw response of this operation through its typed output
    /// (the real parse path), as JSON: [`parse_as_json`] for its request type.
    pub parse: fn(&http::Response<bytes::Bytes>) -> Result<serde_json::Value, DynamicError>,
}

/// Parses `response` as `O`'s typed output (or its typed error) and gives
/// the output as JSON; what generated [`OperationDescriptor::parse`]s are.
pub fn parse_as_json<O>(
    response: &http::Response<bytes::Bytes>,
) -> Result<serde_json::Value, DynamicError>
where
    O: crate::Operation,
    O::Output: crate::tree::ToTree,
{
    let output = crate::response::parse_response::<O>(response).map_err(DynamicError::from_call)?;
    Ok(crate::tree::ToTree::to_tree(&output))
}

/// Arguments by dotted wire name (`RegionId`, `Tag.1.Key`, …), all as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Args {
    values: BTreeMap<String, String>,
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Args {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Args {
            values: iter
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }
}

impl Args {
    /// No arguments.
    pub fn new() -> Self {
        Args::default()
    }

    /// Adds an argument.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.values.insert(name.into(), value.into());
    }

    /// Reads the arguments as `T`, a request type whose serde names are
    /// the wire names.
    ///
    /// The dotted names form a tree: `Tag.1.Key` is field `Key` of the
    /// first element of list `Tag`. Numeric segments are 1-based list
    /// indices and must run 1, 2, 3, … without gaps. Leaves are text, parsed
    /// when `T` asks for a number (`--Amount 2`) or a boolean
    /// (`true`/`false`, any case); a parameter that is one JSON document is
    /// read with [`de::json_text`](crate::de::json_text).
    ///
    /// For a generated request type: `Option` fields and `Vec` fields marked
    /// `#[serde(default)]` may be absent; other fields are required; with
    /// `#[serde(deny_unknown_fields)]` an argument the type does not have is
    /// [`ArgsError::Unknown`].
    ///
    /// # Errors
    ///
    /// [`ArgsError::Invalid`] for a malformed name (`Tag.0.Key`, `Tag.2.Key`
    /// without `Tag.1`, `Tag.x.Key` where a list is expected) or a value of
    /// the wrong type, [`ArgsError::Unknown`] and [`ArgsError::Missing`];
    /// each names the full dotted argument.
    ///
    /// ```
    /// use acs_runtime::dynamic::Args;
    ///
    /// #[derive(Debug, PartialEq, serde::Deserialize)]
    /// #[serde(deny_unknown_fields)]
    /// struct Tag {
    ///     #[serde(rename = "Key")]
    ///     key: String,
    ///     #[serde(rename = "Value")]
    ///     value: Option<String>,
    /// }
    ///
    /// #[derive(Debug, PartialEq, serde::Deserialize)]
    /// #[serde(deny_unknown_fields)]
    /// struct Request {
    ///     #[serde(rename = "RegionId")]
    ///     region_id: String,
    ///     #[serde(rename = "Amount")]
    ///     amount: Option<i32>,
    ///     #[serde(rename = "Tag", default)]
    ///     tag: Vec<Tag>,
    /// }
    ///
    /// let args: Args = [("RegionId", "cn-hangzhou"), ("Amount", "2"), ("Tag.1.Key", "env")]
    ///     .into_iter()
    ///     .collect();
    /// let request: Request = args.deserialize().unwrap();
    /// assert_eq!(request.amount, Some(2));
    /// assert_eq!(request.tag[0].key, "env");
    ///
    /// let args: Args = [("RegionId", "r"), ("Tag.2.Key", "x")].into_iter().collect();
    /// assert_eq!(
    ///     args.deserialize::<Request>().unwrap_err().to_string(),
    ///     "--Tag.2: list indices must be 1, 2, 3, … without gaps, and --Tag.1 is missing"
    /// );
    /// ```
    pub fn deserialize<T: serde::de::DeserializeOwned>(&self) -> Result<T, ArgsError> {
        let root = tree::build(&self.values)?;
        T::deserialize(tree::NodeDe(&root)).map_err(|e| e.resolve(""))
    }

    /// The arguments, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Arguments that do not fit the operation.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArgsError {
    /// A required argument is missing.
    Missing(String),
    /// An argument's text is not a value of its type.
    Invalid {
        /// The argument.
        name: String,
        /// What was expected.
        reason: String,
    },
    /// The operation (or the structure the argument is part of) has no
    /// such parameter.
    Unknown {
        /// The argument, dotted (`Colour`, `Tag.1.Colour`).
        name: String,
        /// The parameters there are at that place, dotted the same way
        /// (`RegionId`, …; `Tag.1.Key`, `Tag.1.Value`).
        known: Vec<String>,
    },
}

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgsError::Missing(name) => write!(f, "missing required parameter --{name}"),
            ArgsError::Invalid { name, reason } if name.is_empty() => f.write_str(reason),
            ArgsError::Invalid { name, reason } => write!(f, "--{name}: {reason}"),
            ArgsError::Unknown { name, known } => {
                match name.rsplit_once('.') {
                    Some((parent, _)) => {
                        write!(f, "unknown parameter --{name}; --{parent} takes: ")?
                    }
                    None => write!(f, "unknown parameter --{name}; this operation takes: ")?,
                }
                let list: Vec<String> = known.iter().map(|k| format!("--{k}")).collect();
                f.write_str(&list.join(", "))
            }
        }
    }
}

impl std::error::Error for ArgsError {}

/// Why a call by name failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum DynamicError {
    /// No operation has this name.
    UnknownOperation {
        /// The name given.
        action: String,
        /// The operations there are.
        known: Vec<&'static str>,
    },
    /// The arguments do not fit the operation.
    Args(ArgsError),
    /// The call failed; a service error is kept untyped.
    Call(Box<SdkError<ServiceError>>),
    /// The typed response could not be turned into JSON.
    Json(serde_json::Error),
}

impl DynamicError {
    /// Turns a typed call error into an untyped one.
    pub fn from_call<E: OperationError>(error: SdkError<E>) -> Self {
        DynamicError::Call(Box::new(error.map_service(|e| e.service_error().clone())))
    }
}

impl From<ArgsError> for DynamicError {
    fn from(e: ArgsError) -> Self {
        DynamicError::Args(e)
    }
}

impl From<serde_json::Error> for DynamicError {
    fn from(e: serde_json::Error) -> Self {
        DynamicError::Json(e)
    }
}

impl fmt::Display for DynamicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DynamicError::UnknownOperation { action, known } => {
                write!(
                    f,
                    "unknown operation {action:?}; operations: {}",
                    known.join(", ")
                )
            }
            DynamicError::Args(e) => e.fmt(f),
            DynamicError::Call(e) => e.fmt(f),
            DynamicError::Json(e) => write!(f, "response to JSON: {e}"),
        }
    }
}

impl std::error::Error for DynamicError {}

#[cfg(test)]
mod tests;

/// What [`dispatch`] does with the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Sign, send and parse.
    Call,
    /// Only sign: return the request that would be sent.
    Sign,
}

/// What [`dispatch`] returns.
#[derive(Debug)]
pub enum Output {
    /// The typed response, as JSON.
    Response(serde_json::Value),
    /// The signed request, not sent (boxed: it is much larger than a JSON value).
    Signed(Box<http::Request<bytes::Bytes>>),
}

/// Reads the request `O` from `args` ([`Args::deserialize`]), then calls or
/// signs it. Generated `call_by_name` methods are one line per operation on
/// top of this.
///
/// `descriptor` is the operation's documentation: an unknown top-level
/// argument is reported with its parameters, in document order.
pub async fn dispatch<O>(
    client: &crate::Client,
    descriptor: &OperationDescriptor,
    args: &Args,
    mode: Mode,
) -> Result<Output, DynamicError>
where
    O: crate::Operation + serde::de::DeserializeOwned,
    O::Output: crate::tree::ToTree,
{
    let request: O = args.deserialize().map_err(|e| match e {
        ArgsError::Unknown { name, .. } if !name.contains('.') => ArgsError::Unknown {
            name,
            known: descriptor
                .params
                .iter()
                .map(|p| p.name.to_owned())
                .collect(),
        },
        other => other,
    })?;
    match mode {
        Mode::Call => {
            let response = client
                .call(&request)
                .await
                .map_err(DynamicError::from_call)?;
            Ok(Output::Response(crate::tree::ToTree::to_tree(&response)))
        }
        Mode::Sign => {
            let signed = client
                .signed_request(&request)
                .await
                .map_err(DynamicError::from_call)?;
            Ok(Output::Signed(Box::new(signed)))
        }
    }
}
