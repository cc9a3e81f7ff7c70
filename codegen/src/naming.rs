//! Every Rust identifier the generator writes comes from here.
//!
//! Case conversion is heck's; Rust keywords (2024 edition included) become
//! raw identifiers, or get a trailing `_` where raw identifiers are not
//! allowed (`self`, `Self`, `super`, `crate`); a leading digit is prefixed.
//! The pair (Rust name, wire name) is carried through the IR so that serde
//! renames and query keys are never re-derived.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2024, plus the weak keywords that
/// cannot be used as identifiers in some positions.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Whether `word` is a Rust keyword.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// The part of a wire name that names the value: `InstanceId.N` → `InstanceId`.
pub fn strip_repeat_suffix(wire: &str) -> &str {
    wire.strip_suffix(".N").unwrap_or(wire)
}

fn fix_start(mut s: String, prefix: &str) -> String {
    if s.is_empty() {
        return prefix.trim_end_matches('_').to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, prefix);
    }
    s
}

fn clean(wire: &str) -> String {
    // Separators other than word boundaries (dots, spaces, dashes) become `_`
    // before case conversion, so `InternalError.Dispatch` keeps both words.
    strip_repeat_suffix(wire)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect()
}

/// A field, function or module name: `snake_case`.
pub fn field_name(wire: &str) -> String {
    let s = fix_start(clean(wire).to_snake_case(), "n_");
    escape(s)
}

/// A method name made from a field name (`set_tag`), escaped like any other.
pub fn method_name(name: &str) -> String {
    field_name(name.strip_prefix("r#").unwrap_or(name))
}

/// The setter of a field: the field's own name, except where that is the
/// constructor's (`new` → `with_new`).
pub fn setter_name(field: &str) -> String {
    match method_name(field).as_str() {
        "new" => "with_new".to_owned(),
        other => other.to_owned(),
    }
}

/// The types every operation has: `{Op}Request`, `{Op}Response`, `{Op}Error`.
pub fn operation_type_names(operation: &str) -> [String; 3] {
    [
        format!("{operation}Request"),
        format!("{operation}Response"),
        format!("{operation}Error"),
    ]
}

/// The crate-level module of the shapes several operations share (suffixed
/// when an operation's module has the name).
pub const SHARED_MODULE: &str = "shared";

/// The variant of an operation error that holds a common code of the service.
pub const COMMON_VARIANT: &str = "Common";

/// The variant of an error enum that holds a code the spec does not list.
pub const CATCH_ALL_VARIANT: &str = "Unhandled";

/// A type or variant name: `UpperCamelCase`.
pub fn type_name(wire: &str) -> String {
    let s = fix_start(clean(wire).to_upper_camel_case(), "N");
    escape(s)
}

/// A constant name: `SCREAMING_SNAKE_CASE` (`cn-hangzhou` → `CN_HANGZHOU`).
pub fn const_name(value: &str) -> String {
    let s = clean(value).to_shouty_snake_case();
    if s.is_empty() {
        return "EMPTY".to_owned();
    }
    escape(fix_start(s, "N_"))
}

fn escape(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if is_keyword(&s) {
        format!("r#{s}")
    } else {
        s
    }
}

/// An identifier for `quote!`, raw where needed.
pub fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

/// Hands out unique names within one Rust scope, suffixing `2`, `3`, … on
/// collision (for generated type names, where a collision is not the spec
/// author's mistake, e.g. two nested structs both called `Instance`).
#[derive(Debug, Default)]
pub struct Scope {
    taken: std::collections::BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Takes `name`, or the first free `name2`, `name3`, …
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_owned()) {
            return name.to_owned();
        }
        (2..)
            .map(|n| format!("{name}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always has a free name")
    }
}

/// Variant names for error codes, one per distinct code, in the order given.
///
/// A code's name is its [`type_name`]. Codes that differ only in
/// punctuation or case (`InvalidParameter` and `Invalid.Parameter`) would
/// share one; then each of them whose text is not already that name spells
/// its separators out (`InvalidDotParameter`). The result depends only on
/// the set of colliding codes, not on their order, so adding a code never
/// renames another unless it collides with it. A name in `reserved` (the
/// enum's own variants) gets `Code` appended.
pub fn error_variant_names(codes: &[&str], reserved: &[&str]) -> Vec<String> {
    let mut groups: std::collections::BTreeMap<String, Vec<&str>> = Default::default();
    for code in codes {
        let group = groups.entry(type_name(code)).or_default();
        if !group.contains(code) {
            group.push(code);
        }
    }
    let name_of = |code: &str| -> String {
        let plain = type_name(code);
        let group = &groups[&plain];
        let mut name = if group.len() == 1 || code == plain {
            plain.clone()
        } else {
            spelled_type_name(code)
        };
        // Codes that differ only in letter case spell the same: number them
        // by their place among the group's codes in sorted order.
        let clash = code != plain
            && (name == plain
                || group.iter().any(|other| {
                    *other != code && *other != plain && spelled_type_name(other) == name
                }));
        if group.len() > 1 && clash {
            let mut sorted = group.clone();
            sorted.sort_unstable();
            let place = sorted.iter().position(|c| *c == code).unwrap_or(0) + 1;
            name = format!("{name}{place}");
        }
        if reserved.contains(&name.as_str()) {
            format!("{name}Code")
        } else {
            name
        }
    };
    codes.iter().map(|c| name_of(c)).collect()
}

/// A type name that keeps every character of `wire`: separators are
/// spelled (`.` → `Dot`, `-` → `Dash`, `_` → `Underscore`, `:` → `Colon`,
/// `/` → `Slash`, others by code point), and letter case is kept.
fn spelled_type_name(wire: &str) -> String {
    let mut out = String::new();
    let mut upper_next = true;
    for c in wire.chars() {
        if c.is_ascii_alphanumeric() {
            if upper_next {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper_next = false;
            continue;
        }
        match c {
            '.' => out.push_str("Dot"),
            '-' => out.push_str("Dash"),
            '_' => out.push_str("Underscore"),
            ':' => out.push_str("Colon"),
            '/' => out.push_str("Slash"),
            ' ' => out.push_str("Space"),
            other => out.push_str(&format!("U{:X}", u32::from(other))),
        }
        upper_next = true;
    }
    escape(fix_start(out, "N"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_that_collide_get_distinct_stable_names() {
        let names = error_variant_names(
            &[
                "Invalid.Parameter",
                "InvalidParameter",
                "Forbidden.RAM",
                "Unhandled",
            ],
            &["Unhandled", "Common"],
        );
        assert_eq!(
            names,
            [
                "InvalidDotParameter",
                "InvalidParameter",
                "ForbiddenRam",
                "UnhandledCode"
            ]
        );
        // Order does not matter.
        let swapped = error_variant_names(&["InvalidParameter", "Invalid.Parameter"], &[]);
        assert_eq!(swapped, ["InvalidParameter", "InvalidDotParameter"]);
        // Neither is plain: both spelled, still distinct.
        let both = error_variant_names(&["invalid.parameter", "Invalid-Parameter"], &[]);
        assert_eq!(both, ["InvalidDotParameter", "InvalidDashParameter"]);
        // Case alone: numbered by sorted place.
        let case = error_variant_names(&["invalidParameter", "InvalidParameter"], &[]);
        assert_eq!(case, ["InvalidParameter2", "InvalidParameter"]);
        // A repeated code gets one name.
        assert_eq!(error_variant_names(&["A.B", "A.B"], &[]), ["AB", "AB"]);
    }

    #[test]
    fn every_keyword_becomes_a_usable_identifier() {
        for kw in KEYWORDS {
            let name = field_name(kw);
            // Every result must parse as an identifier.
            let parsed: Result<syn::Ident, _> = syn::parse_str(&name);
            assert!(parsed.is_ok(), "{kw} -> {name}");
            let _ = ident(&name);
        }
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("gen"), "r#gen");
        assert_eq!(field_name("async"), "r#async");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("super"), "super_");
    }

    #[test]
    fn case_conversion() {
        assert_eq!(field_name("InstanceId"), "instance_id");
        assert_eq!(field_name("InstanceID"), "instance_id");
        assert_eq!(field_name("InstanceId.N"), "instance_id");
        assert_eq!(field_name("TimeToLiveInHours"), "time_to_live_in_hours");
        assert_eq!(type_name("InternalError.Dispatch"), "InternalErrorDispatch");
        assert_eq!(type_name("activation"), "Activation");
        assert_eq!(const_name("cn-hangzhou"), "CN_HANGZHOU");
        assert_eq!(const_name(""), "EMPTY");
    }

    #[test]
    fn leading_digits_are_fixed() {
        assert_eq!(field_name("3Count"), "n_3count");
        assert_eq!(type_name("3Count"), "N3count");
        assert_eq!(const_name("1.0"), "N_1_0");
        assert!(syn::parse_str::<syn::Ident>(&field_name("3Count")).is_ok());
    }

    #[test]
    fn scope_suffixes_collisions() {
        let mut scope = Scope::with_reserved(&["Client"]);
        assert_eq!(scope.claim("Instance"), "Instance");
        assert_eq!(scope.claim("Instance"), "Instance2");
        assert_eq!(scope.claim("Client"), "Client2");
    }
}
