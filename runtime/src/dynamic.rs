//! Calling operations by name, for tools that take the documents' names on
//! a command line (`DeleteActivation --RegionId cn-hangzhou …`).
//!
//! Generated SDKs emit a table of [`OperationDescriptor`]s, a
//! `from_args` constructor per request type and a `call_by_name` dispatch;
//! the parsing and checking of the arguments is written once, here.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::error::{SdkError, ServiceError};
use crate::operation::OperationError;

/// A parameter of an operation, as documented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamDescriptor {
    /// The wire name as documented (`InstanceId.N` for repeat lists).
    pub name: &'static str,
    /// The documented type (`String`, `Long`, `RepeatList`, …).
    pub type_name: &'static str,
    /// Whether the operation rejects a request without it.
    pub required: bool,
}

/// An operation, as documented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationDescriptor {
    /// The action name.
    pub action: &'static str,
    /// The one-line summary.
    pub summary: &'static str,
    /// Its parameters, in document order.
    pub params: &'static [ParamDescriptor],
}

/// Arguments by wire name (`RegionId`, `InstanceId.1`, …), all as text.
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

/// A value that can be read from an argument's text.
pub trait FromArg: Sized {
    /// Parses the text; the error says what was expected.
    fn from_arg(text: &str) -> Result<Self, String>;
}

impl FromArg for String {
    fn from_arg(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

macro_rules! from_str_arg {
    ($($t:ty => $what:literal),*) => {$(
        impl FromArg for $t {
            fn from_arg(text: &str) -> Result<Self, String> {
                <$t>::from_str(text.trim()).map_err(|_| format!("expected {}, got {text:?}", $what))
            }
        }
    )*};
}
from_str_arg!(i32 => "an Integer", i64 => "a Long", f32 => "a Float", f64 => "a Double", bool => "true or false");

impl FromArg for serde_json::Value {
    fn from_arg(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| format!("expected JSON: {e}"))
    }
}

impl FromArg for BTreeMap<String, String> {
    fn from_arg(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| format!("expected a JSON object of strings: {e}"))
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

    /// Reads a required argument.
    pub fn required<T: FromArg>(&self, name: &str) -> Result<T, ArgsError> {
        self.optional(name)?
            .ok_or_else(|| ArgsError::Missing(name.to_owned()))
    }

    /// Reads an optional argument.
    pub fn optional<T: FromArg>(&self, name: &str) -> Result<Option<T>, ArgsError> {
        match self.values.get(name) {
            None => Ok(None),
            Some(text) => T::from_arg(text)
                .map(Some)
                .map_err(|reason| ArgsError::Invalid {
                    name: name.to_owned(),
                    reason,
                }),
        }
    }

    /// Reads `name.1`, `name.2`, … (without gaps).
    pub fn repeated<T: FromArg>(&self, name: &str) -> Result<Vec<T>, ArgsError> {
        let mut out = Vec::new();
        for n in 1.. {
            match self.optional(&format!("{name}.{n}"))? {
                Some(v) => out.push(v),
                None => break,
            }
        }
        Ok(out)
    }

    /// Fails on an argument the operation does not document.
    pub fn check_known(&self, op: &OperationDescriptor) -> Result<(), ArgsError> {
        for name in self.values.keys() {
            let known = op.params.iter().any(|p| match p.name.strip_suffix(".N") {
                Some(stem) => name
                    .strip_prefix(stem)
                    .and_then(|rest| rest.strip_prefix('.'))
                    .is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n >= 1)),
                None => p.name == name,
            });
            if !known {
                return Err(ArgsError::Unknown {
                    name: name.clone(),
                    known: op.params.iter().map(|p| p.name).collect(),
                });
            }
        }
        Ok(())
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
    /// The operation has no such parameter.
    Unknown {
        /// The argument.
        name: String,
        /// The parameters it has.
        known: Vec<&'static str>,
    },
}

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgsError::Missing(name) => write!(f, "missing required parameter --{name}"),
            ArgsError::Invalid { name, reason } => write!(f, "--{name}: {reason}"),
            ArgsError::Unknown { name, known } => {
                write!(f, "unknown parameter --{name}; this operation takes: ")?;
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
    Call(SdkError<ServiceError>),
    /// The typed response could not be turned into JSON.
    Json(serde_json::Error),
}

impl DynamicError {
    /// Turns a typed call error into an untyped one.
    pub fn from_call<E: OperationError>(error: SdkError<E>) -> Self {
        DynamicError::Call(match error {
            SdkError::Service(e) => SdkError::Service(e.service_error().clone()),
            SdkError::Credentials(e) => SdkError::Credentials(e),
            SdkError::Endpoint(e) => SdkError::Endpoint(e),
            SdkError::Build(e) => SdkError::Build(e),
            SdkError::Transport(e) => SdkError::Transport(e),
            SdkError::Response(e) => SdkError::Response(e),
        })
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
mod tests {
    use super::*;

    const OP: OperationDescriptor = OperationDescriptor {
        action: "Demo",
        summary: "A demo.",
        params: &[
            ParamDescriptor {
                name: "RegionId",
                type_name: "String",
                required: true,
            },
            ParamDescriptor {
                name: "PageSize",
                type_name: "Integer",
                required: false,
            },
            ParamDescriptor {
                name: "InstanceId.N",
                type_name: "RepeatList",
                required: false,
            },
        ],
    };

    #[test]
    fn arguments_are_read_typed_and_checked() {
        let args: Args = [
            ("RegionId", "cn-hangzhou"),
            ("PageSize", "10"),
            ("InstanceId.1", "a"),
            ("InstanceId.2", "b"),
        ]
        .into_iter()
        .collect();
        args.check_known(&OP).unwrap();
        assert_eq!(args.required::<String>("RegionId").unwrap(), "cn-hangzhou");
        assert_eq!(args.optional::<i32>("PageSize").unwrap(), Some(10));
        assert_eq!(
            args.repeated::<String>("InstanceId").unwrap(),
            vec!["a", "b"]
        );
        assert_eq!(
            args.required::<String>("Missing"),
            Err(ArgsError::Missing("Missing".into()))
        );
    }

    #[test]
    fn bad_arguments_are_clear_errors() {
        let args: Args = [("PageSize", "ten")].into_iter().collect();
        let e = args.optional::<i32>("PageSize").unwrap_err();
        assert_eq!(
            e.to_string(),
            "--PageSize: expected an Integer, got \"ten\""
        );
        let args: Args = [("Colour", "red"), ("InstanceId.0", "x")]
            .into_iter()
            .collect();
        let e = args.check_known(&OP).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("unknown parameter --Colour; this operation takes: --RegionId"),
            "{e}"
        );
        let args: Args = [("InstanceId.0", "x")].into_iter().collect();
        assert!(args.check_known(&OP).is_err());
    }
}

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

/// Checks `args` against `descriptor`, builds the typed request with
/// `build`, then calls or signs it. Generated `call_by_name` methods are one
/// line per operation on top of this.
pub async fn dispatch<O>(
    client: &crate::Client,
    descriptor: &OperationDescriptor,
    args: &Args,
    mode: Mode,
    build: fn(&Args) -> Result<O, ArgsError>,
) -> Result<Output, DynamicError>
where
    O: crate::Operation,
    O::Output: serde::Serialize,
{
    args.check_known(descriptor)?;
    let request = build(args)?;
    match mode {
        Mode::Call => {
            let response = client
                .call(&request)
                .await
                .map_err(DynamicError::from_call)?;
            Ok(Output::Response(serde_json::to_value(&response)?))
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
