//! The documents' type names, mapped onto the spec's [`TypeName`].

use crate::spec::TypeName;

/// A type cell, understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocType {
    /// A type the spec names directly (`String`, `Struct`, `RepeatList`, …).
    Plain(TypeName),
    /// `Array of X`: a list whose element is the scalar `X` (`Array of String`)
    /// or, for any other `X`, a struct named `X`.
    ArrayOf(String),
    /// An empty cell: the element row under an `Array of X` row.
    Empty,
}

/// Reads a type cell. Names are matched exactly first, then ignoring case
/// (`string`, `integer`); anything else is an error naming the type.
pub fn parse(cell: &str) -> Result<DocType, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(DocType::Empty);
    }
    if let Some(element) = cell
        .strip_prefix("Array of ")
        .or_else(|| cell.strip_prefix("array of "))
    {
        let element = element.trim();
        if element.is_empty() || element.contains(char::is_whitespace) {
            return Err(format!("unknown type `{cell}`: expected `Array of Name`"));
        }
        return Ok(DocType::ArrayOf(element.to_owned()));
    }
    scalar_or_container(cell)
        .map(DocType::Plain)
        .ok_or_else(|| {
            format!(
                "unknown type `{cell}` (known: String, Integer, Long, Boolean, Float, Double, Struct, \
                 Array of X, RepeatList, List, Json, Map)"
            )
        })
}

/// A type name as the documents write it.
pub fn scalar_or_container(name: &str) -> Option<TypeName> {
    const ALL: [TypeName; 12] = [
        TypeName::String,
        TypeName::Integer,
        TypeName::Long,
        TypeName::Boolean,
        TypeName::Float,
        TypeName::Double,
        TypeName::Struct,
        TypeName::Array,
        TypeName::RepeatList,
        TypeName::List,
        TypeName::Json,
        TypeName::Map,
    ];
    ALL.iter()
        .find(|t| t.as_str() == name)
        .or_else(|| ALL.iter().find(|t| t.as_str().eq_ignore_ascii_case(name)))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_type() {
        for (cell, ty) in [
            ("String", TypeName::String),
            ("Integer", TypeName::Integer),
            ("Long", TypeName::Long),
            ("Boolean", TypeName::Boolean),
            ("Float", TypeName::Float),
            ("Double", TypeName::Double),
            ("Struct", TypeName::Struct),
            ("RepeatList", TypeName::RepeatList),
            ("List", TypeName::List),
            ("Json", TypeName::Json),
            ("Map", TypeName::Map),
            ("string", TypeName::String),
        ] {
            assert_eq!(parse(cell), Ok(DocType::Plain(ty)), "{cell}");
        }
        assert_eq!(
            parse("Array of Invocation"),
            Ok(DocType::ArrayOf("Invocation".into()))
        );
        assert_eq!(
            parse("Array of String"),
            Ok(DocType::ArrayOf("String".into()))
        );
        assert_eq!(parse("\u{a0} "), Ok(DocType::Empty));
    }

    #[test]
    fn unknown_types_are_errors() {
        assert!(
            parse("Int32")
                .unwrap_err()
                .starts_with("unknown type `Int32`")
        );
        assert!(parse("Array of").is_err());
        assert!(parse("Array of Two Words").is_err());
    }
}
