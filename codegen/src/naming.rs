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

#[cfg(test)]
mod tests {
    use super::*;

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
