//! The rule table: every kind of change `codegen diff` reports, with its
//! stable identifier, its severity and its two classifications.
//!
//! Each change is judged twice, as oasdiff and `buf breaking` do:
//!
//! - on the **wire**: can a client built from the old spec have its request
//!   rejected, or fail to parse a response, once the service behaves as the
//!   new spec says?
//! - in **Rust**: can code written against the crate generated from the old
//!   spec stop compiling against the crate generated from the new one? The
//!   generated API is what decides: required parameters are constructor
//!   arguments of a `#[non_exhaustive]` request struct, optional ones are
//!   `Option` fields with setters, response structs are `#[non_exhaustive]`
//!   with every field an `Option`, string parameters with documented values
//!   are open newtypes with one constant per value, and error enums are
//!   `#[non_exhaustive]` with one variant per documented code.
//!
//! The severity follows from both: `breaking` when either effect is breaking,
//! `warning` when nothing is rejected and everything compiles but existing
//! clients or the regenerated crate may behave differently, `info` otherwise.
//! The semver bump of the generated crate follows from the Rust effect alone
//! (see [`Bump`]). Tests check both invariants for every rule.
//!
//! Identifiers are part of the interface (CI filters on them): never rename
//! one; add a new rule instead.

use std::fmt;

/// How serious a change is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Nothing breaks and nothing behaves differently: additions and documentation.
    Info,
    /// Nothing breaks, but behaviour may change: worth a reviewer's look.
    Warning,
    /// Existing clients or existing Rust code break.
    Breaking,
}

impl Severity {
    /// The name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The effect of a change on one audience (the wire, or Rust code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    /// Nothing this audience sees changes (documentation only, or a name the
    /// wire never carries).
    None,
    /// It changes, and what worked before keeps working.
    Compatible,
    /// What worked before can stop working.
    Breaking,
}

impl Effect {
    /// The name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::None => "none",
            Effect::Compatible => "compatible",
            Effect::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The semver bump the generated crate needs, by the rules of Cargo's
/// semver compatibility guide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// No change at all.
    None,
    /// Documentation or behaviour only; the API is the same.
    Patch,
    /// New public API (items, variants, constants) or new behaviour of note;
    /// existing code compiles.
    Minor,
    /// Existing code can stop compiling.
    Major,
}

impl Bump {
    /// The name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The bump for a crate whose version is `0.x.y`, where Cargo treats
    /// `x` as the major version: a breaking change bumps `x` (`minor`),
    /// anything else bumps `y` (`patch`).
    pub fn for_zero_major(self) -> Bump {
        match self {
            Bump::None => Bump::None,
            Bump::Major => Bump::Minor,
            Bump::Minor | Bump::Patch => Bump::Patch,
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything the table says about one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// The stable identifier, e.g. `request-param-became-required`.
    pub id: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// The effect on clients built from the old spec.
    pub wire: Effect,
    /// The effect on Rust code written against the old generated crate.
    pub rust: Effect,
    /// The semver bump of the generated crate (for a 1.x crate).
    pub bump: Bump,
    /// What the rule detects and why it is classified so, as rustdoc keeps
    /// it (one line per doc line, each starting with a space); see
    /// [`RuleInfo::description`].
    pub doc: &'static str,
}

impl RuleInfo {
    /// The doc as one paragraph.
    pub fn description(&self) -> String {
        self.doc
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

macro_rules! rules {
    ($(
        $(#[doc = $doc:literal])+
        $variant:ident = $id:literal, $severity:ident, wire: $wire:ident, rust: $rust:ident, $bump:ident;
    )*) => {
        /// A kind of change. [`Rule::info`] is the table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($(#[doc = $doc])+ $variant,)*
        }

        impl Rule {
            /// Every rule, in table order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The rule's row of the table.
            pub fn info(self) -> RuleInfo {
                match self {
                    $(Rule::$variant => RuleInfo {
                        id: $id,
                        severity: Severity::$severity,
                        wire: Effect::$wire,
                        rust: Effect::$rust,
                        bump: Bump::$bump,
                        doc: concat!($($doc, "\n"),+),
                    },)*
                }
            }
        }
    };
}

rules! {
    // Service
    /// The product code changed: the spec now describes another service.
    /// Wire: requests of existing clients are for the old product. Rust: the
    /// generated module and file are named after the product.
    ServiceProductChanged = "service-product-changed", Breaking, wire: Breaking, rust: Breaking, Major;
    /// The API version changed. Wire: existing clients keep sending their
    /// version, which the service keeps serving. Rust: same API, but the
    /// regenerated crate sends the new version, whose behaviour may differ.
    ServiceVersionChanged = "service-version-changed", Warning, wire: Compatible, rust: Compatible, Minor;
    /// The endpoint pattern, the central endpoint or a region's host changed.
    /// Wire: the spec does not say the old host stops answering. Rust: same
    /// API; the regenerated crate connects elsewhere.
    ServiceEndpointChanged = "service-endpoint-changed", Warning, wire: Compatible, rust: Compatible, Patch;
    /// A region got a host of its own. The regenerated crate uses it instead
    /// of the pattern; existing clients keep using the pattern.
    ServiceRegionalEndpointAdded = "service-regional-endpoint-added", Info, wire: Compatible, rust: Compatible, Patch;
    /// A region's own host is gone: the regenerated crate falls back to the
    /// pattern for that region, which is a different host.
    ServiceRegionalEndpointRemoved = "service-regional-endpoint-removed", Warning, wire: Compatible, rust: Compatible, Patch;
    /// The service accepts one more HTTP method. Not part of the generated API.
    ServiceMethodAdded = "service-method-added", Info, wire: Compatible, rust: None, Patch;
    /// The service no longer accepts an HTTP method: a client that sends with
    /// it (this SDK's or another) is rejected. Not part of the generated API.
    ServiceMethodRemoved = "service-method-removed", Breaking, wire: Breaking, rust: None, Patch;
    /// The method operations are sent with by default changed. Existing
    /// clients keep their method (if it was removed, `service-method-removed`
    /// says so); the regenerated crate sends differently.
    ServiceDefaultMethodChanged = "service-default-method-changed", Warning, wire: Compatible, rust: Compatible, Patch;
    /// The service accepts one more protocol.
    ServiceProtocolAdded = "service-protocol-added", Info, wire: Compatible, rust: None, Patch;
    /// The service no longer accepts a protocol: clients that use it are rejected.
    ServiceProtocolRemoved = "service-protocol-removed", Breaking, wire: Breaking, rust: None, Patch;
    /// The service accepts one more signature version.
    ServiceSignatureVersionAdded = "service-signature-version-added", Info, wire: Compatible, rust: None, Patch;
    /// The service no longer accepts a signature version: clients that sign
    /// with it are rejected.
    ServiceSignatureVersionRemoved = "service-signature-version-removed", Breaking, wire: Breaking, rust: None, Patch;
    /// The default (first) signature version changed. Both are still accepted
    /// (a removal is `service-signature-version-removed`); clients that follow
    /// the spec's default sign differently. The generated code does not carry it.
    ServiceDefaultSignatureVersionChanged = "service-default-signature-version-changed", Warning, wire: Compatible, rust: None, Patch;

    // Operations
    /// A new operation: a new client method and a new module.
    OperationAdded = "operation-added", Info, wire: Compatible, rust: Compatible, Minor;
    /// An operation is gone: the service rejects the action, and its client
    /// method, request, response and error types disappear.
    OperationRemoved = "operation-removed", Breaking, wire: Breaking, rust: Breaking, Major;
    /// The operation's own HTTP method changed (a change of the service's
    /// default is `service-default-method-changed`). Existing clients keep
    /// their method; the regenerated crate sends differently.
    OperationMethodChanged = "operation-method-changed", Warning, wire: Compatible, rust: Compatible, Patch;
    /// The operation's kind (`get`, `list`, `create`, `update`, `delete`,
    /// `none`) changed, appeared or went. Nothing is sent differently and
    /// the API is the same; the kind only feeds the retry class, and when
    /// that changes, `operation-retry-class-changed` says so too.
    OperationKindChanged = "operation-kind-changed", Info, wire: None, rust: None, Patch;
    /// The operation's idempotency token (`ClientToken`) was declared,
    /// dropped or moved to another parameter. Wire: the regenerated crate
    /// fills the token when the caller leaves it empty, so it now sends (or no
    /// longer sends) that parameter; existing clients are unaffected. Rust:
    /// same API, different behaviour (and maybe a retry class change, which
    /// `operation-retry-class-changed` reports).
    OperationIdempotencyTokenChanged = "operation-idempotency-token-changed", Warning, wire: Compatible, rust: Compatible, Patch;
    /// The kind or the token changed which failures the regenerated crate
    /// retries (`acs_runtime::retry::RetryClass`). To every transient
    /// failure: the operation is now retried after 5xx and read timeouts,
    /// when the service may already have run it, which is safe only if a
    /// second execution is. To only failures that prove it did not run:
    /// calls that used to recover from a 5xx now fail. Nothing is sent
    /// differently and the API is the same.
    OperationRetryClassChanged = "operation-retry-class-changed", Warning, wire: None, rust: Compatible, Patch;

    // Request parameters (and the fields of `Struct` parameters)
    /// A new optional parameter. Wire: old requests simply do not send it.
    /// Rust: a new `Option` field of a `#[non_exhaustive]` struct and a new setter.
    RequestParamAdded = "request-param-added", Info, wire: Compatible, rust: Compatible, Minor;
    /// A new required parameter. Wire: old requests lack it and are rejected.
    /// Rust: the constructor takes one more argument.
    RequestParamAddedRequired = "request-param-added-required", Breaking, wire: Breaking, rust: Breaking, Major;
    /// A parameter is gone. Wire: classified compatible on the assumption that
    /// the service ignores a parameter it no longer reads (the documents do not
    /// say); what it did is gone either way. Rust: its field and setter (or
    /// constructor argument) disappear.
    /// For a field of a `Struct` parameter (which the generated API sends as
    /// text) the Rust effect is over-reported.
    RequestParamRemoved = "request-param-removed", Breaking, wire: Compatible, rust: Breaking, Major;
    /// A parameter was renamed (`renamed_from`). Wire: old requests send the
    /// old name, which the service no longer reads. Rust: the field and setter
    /// are named after the wire name.
    RequestParamRenamed = "request-param-renamed", Breaking, wire: Breaking, rust: Breaking, Major;
    /// An optional parameter became required. Wire: requests without it are
    /// rejected. Rust: it becomes a constructor argument and its field loses
    /// its `Option`.
    RequestParamBecameRequired = "request-param-became-required", Breaking, wire: Breaking, rust: Breaking, Major;
    /// A required parameter became optional. Wire: old requests still send
    /// it. Rust: the constructor loses an argument and the field becomes an `Option`.
    RequestParamBecameOptional = "request-param-became-optional", Breaking, wire: Compatible, rust: Breaking, Major;
    /// The region parameter (`RegionId`, which the client fills from its own
    /// region when a request leaves it unset) became required. Wire: calls
    /// with neither a request nor a client region now fail before anything is
    /// sent (`SdkError::MissingRegion`), where the service rejected them.
    /// Rust: unchanged, it is a setter either way.
    RequestRegionBecameRequired = "request-region-became-required", Warning, wire: Compatible, rust: Compatible, Patch;
    /// The region parameter became optional. Wire: calls with neither a
    /// request nor a client region are now sent without one. Rust: unchanged.
    RequestRegionBecameOptional = "request-region-became-optional", Info, wire: Compatible, rust: Compatible, Patch;
    /// A parameter's type changed incompatibly (e.g. String to Integer, a
    /// scalar to a list or a struct, Long to Integer, a list's element type).
    /// Wire: old values may be rejected. Rust: the field's type changes.
    RequestParamTypeChanged = "request-param-type-changed", Breaking, wire: Breaking, rust: Breaking, Major;
    /// A parameter's type was widened (Integer to Long or Double, Float to
    /// Double, a number or boolean to String): every value old clients send
    /// is still valid. Rust: the field's type changes all the same.
    RequestParamTypeWidened = "request-param-type-widened", Breaking, wire: Compatible, rust: Breaking, Major;
    /// A documented value was added. Wire: old clients never send it. Rust: a
    /// new constant on the parameter's open newtype (String parameters).
    RequestParamEnumValueAdded = "request-param-enum-value-added", Info, wire: Compatible, rust: Compatible, Minor;
    /// A documented value was removed. Wire: the service may reject it.
    /// Rust: the constant of that value disappears (String parameters; other
    /// types have no constants, and for them the Rust effect is over-reported).
    RequestParamEnumValueRemoved = "request-param-enum-value-removed", Breaking, wire: Breaking, rust: Breaking, Major;
    /// A parameter that took any value now has documented values. Wire: other
    /// values may be rejected. Rust: a String parameter's field becomes an
    /// open newtype (constructors and setters still take `&str`, but reading
    /// the field does not compile the same).
    RequestParamEnumAdded = "request-param-enum-added", Breaking, wire: Breaking, rust: Breaking, Major;
    /// A parameter no longer lists documented values. Wire: it accepts more.
    /// Rust: the open newtype and its constants disappear.
    RequestParamEnumRemoved = "request-param-enum-removed", Breaking, wire: Compatible, rust: Breaking, Major;
    /// A bound was added or tightened (minimum, maximum, maximum length, number
    /// of elements). Wire: values outside the new range may be rejected. Rust:
    /// bounds are documentation only.
    RequestParamRangeNarrowed = "request-param-range-narrowed", Breaking, wire: Breaking, rust: None, Patch;
    /// A bound was removed or loosened. Wire: every old value is still valid.
    RequestParamRangeWidened = "request-param-range-widened", Info, wire: Compatible, rust: None, Patch;
    /// The value used when the parameter is not sent changed (or appeared, or
    /// went). Wire: nothing is rejected, but requests that omit it now mean
    /// something else.
    RequestParamDefaultChanged = "request-param-default-changed", Warning, wire: Compatible, rust: None, Patch;

    // Response fields, at every nesting level
    /// A new field. Wire: parsers ignore fields they do not know. Rust: a new
    /// field of a `#[non_exhaustive]` struct (and maybe a new struct).
    ResponseFieldAdded = "response-field-added", Info, wire: Compatible, rust: Compatible, Minor;
    /// A field is gone. Wire: every response field is an `Option` and the
    /// service omits fields freely, so old parsers still succeed (they see
    /// `None`). Rust: code that reads the field does not compile.
    ResponseFieldRemoved = "response-field-removed", Breaking, wire: Compatible, rust: Breaking, Major;
    /// A field was renamed (`renamed_from`). Wire: old parsers see `None` where
    /// the old name was, as for a removal. Rust: the field is named after the
    /// wire name (and a struct field's type too).
    ResponseFieldRenamed = "response-field-renamed", Breaking, wire: Compatible, rust: Breaking, Major;
    /// A field's type changed so that old parsers may fail on new values (e.g.
    /// String to Integer, a scalar to a struct, Integer to Long: values beyond
    /// the old range do not parse). Rust: the field's type changes.
    ResponseFieldTypeChanged = "response-field-type-changed", Breaking, wire: Breaking, rust: Breaking, Major;
    /// A field's type was narrowed (Long to Integer, Double to Float or
    /// Integer): old parsers read every new value. Rust: the type changes.
    ResponseFieldTypeNarrowed = "response-field-type-narrowed", Breaking, wire: Compatible, rust: Breaking, Major;
    /// A field may take a value it did not before. Wire: it parses (response
    /// values are plain strings), but code that matches on the documented
    /// values may not expect it.
    ResponseFieldEnumValueAdded = "response-field-enum-value-added", Warning, wire: Compatible, rust: None, Patch;
    /// A field no longer takes one of its documented values.
    ResponseFieldEnumValueRemoved = "response-field-enum-value-removed", Info, wire: Compatible, rust: None, Patch;
    /// A field's documented range grew (or it lost its list of values): it
    /// parses, but code that relied on the old range may not expect the values.
    ResponseFieldRangeWidened = "response-field-range-widened", Warning, wire: Compatible, rust: None, Patch;
    /// A field's documented range shrank (or it gained a list of values).
    ResponseFieldRangeNarrowed = "response-field-range-narrowed", Info, wire: Compatible, rust: None, Patch;

    // Errors (of an operation, or of the service: then every operation's)
    /// A new error code. Wire: it used to arrive as the catch-all. Rust: a new
    /// variant of a `#[non_exhaustive]` enum.
    ErrorCodeAdded = "error-code-added", Info, wire: Compatible, rust: Compatible, Minor;
    /// An error code is gone. Wire: if it still arrives, it is parsed as the
    /// catch-all. Rust: code that names its variant does not compile.
    ErrorCodeRemoved = "error-code-removed", Breaking, wire: Compatible, rust: Breaking, Major;
    /// The documented HTTP status of an error code changed. Parsing goes by
    /// code, but code that branches on the status, and retry policies, may
    /// behave differently.
    ErrorCodeStatusChanged = "error-code-status-changed", Warning, wire: Compatible, rust: None, Patch;

    // Generated names
    /// A generated Rust name changed while the wire did not: the element name
    /// of a list (`items.name`) names its struct, and two wire names that map
    /// to one Rust name are told apart in spec order, so an addition can move
    /// a suffix. Rust: code that names the type or variant does not compile.
    RustNameChanged = "rust-name-changed", Breaking, wire: None, rust: Breaking, Major;

    // Documentation
    /// Documentation only: a summary, description, note, title, link, error
    /// message, prose constraint or list element name.
    DescriptionChanged = "description-changed", Info, wire: None, rust: None, Patch;
    /// An example only: of a parameter, a field, or a request or response.
    ExampleChanged = "example-changed", Info, wire: None, rust: None, Patch;
}

impl Rule {
    /// The stable identifier.
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// The rule with this identifier.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_unique_and_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in Rule::ALL {
            let id = rule.id();
            assert!(seen.insert(id), "duplicate id {id}");
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id}"
            );
            assert_eq!(Rule::from_id(id), Some(*rule));
        }
    }

    #[test]
    fn severity_follows_from_the_effects() {
        for rule in Rule::ALL {
            let i = rule.info();
            let breaks = i.wire == Effect::Breaking || i.rust == Effect::Breaking;
            assert_eq!(i.severity == Severity::Breaking, breaks, "{}", i.id);
        }
    }

    #[test]
    fn the_bump_follows_from_the_rust_effect() {
        for rule in Rule::ALL {
            let i = rule.info();
            assert_eq!(
                i.bump == Bump::Major,
                i.rust == Effect::Breaking,
                "{}",
                i.id
            );
            if i.rust == Effect::None {
                assert_eq!(i.bump, Bump::Patch, "{}: no API change is a patch", i.id);
            }
        }
    }

    #[test]
    fn zero_major_crates_bump_minor_for_breaks_and_patch_otherwise() {
        assert_eq!(Bump::Major.for_zero_major(), Bump::Minor);
        assert_eq!(Bump::Minor.for_zero_major(), Bump::Patch);
        assert_eq!(Bump::Patch.for_zero_major(), Bump::Patch);
        assert_eq!(Bump::None.for_zero_major(), Bump::None);
    }
}
