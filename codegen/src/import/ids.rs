//! The findings `codegen import` reports, one stable id each.
//!
//! The id is the interface (reports, CI summaries and issue notes count
//! findings by it); the message next to it says what the particular
//! document got wrong. [`KINDS`] is the one table of ids: every finding the
//! importer makes names one of them (a test holds it to that).

/// One kind of finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kind {
    /// The stable id, kebab-case.
    pub id: &'static str,
    /// What it means, one line.
    pub meaning: &'static str,
}

macro_rules! kinds {
    ($($name:ident = $id:literal: $meaning:literal;)*) => {
        $(
            #[doc = $meaning]
            pub const $name: &str = $id;
        )*
        /// Every kind of finding, in the order of the pipeline.
        pub const KINDS: &[Kind] = &[$(Kind { id: $id, meaning: $meaning }),*];
    };
}

kinds! {
    // The run.
    INPUT_UNREADABLE = "input-unreadable": "a file or directory given cannot be read (or does not exist)";
    NOT_AN_API_DOCUMENT = "not-an-api-document": "the file is not an API reference document (no `# Name` title, no request parameters section, or a title that is no action name); skipped";
    LANGUAGE_UNKNOWN = "language-unknown": "the section titles are neither the zh-CN nor the en-US ones; nothing is read from it";
    DOCUMENT_DUPLICATE = "document-duplicate": "two documents of one language describe one operation (action names equal but for case); the one in the current format, then with more rows, is used";
    DOCUMENT_ONE_LANGUAGE = "document-one-language": "only one language's document of the operation was given; the spec has one language";
    FILE_NAME_MISMATCH = "file-name-mismatch": "the file is named after another operation than its title";
    HAND_EDITED = "hand-edited": "the operation file was edited by hand; it is kept (import again with --force to replace it)";
    WRITE_FAILED = "write-failed": "the spec files could not be written";
    NO_SUMMARY = "no-summary": "neither document has an introduction to take the summary from; the operation is not written";
    // Markdown.
    CODE_BLOCK_UNCLOSED = "code-block-unclosed": "a ``` code block is not closed; it runs to the end of the document";
    TABLE_ROW_SHORT = "table-row-short": "a table row has fewer cells than the header; the missing cells are read as empty";
    TABLE_ROW_LONG = "table-row-long": "a table row has more cells than the header (an unescaped `|`); the extra cells are joined into the last one";
    // Tables.
    TABLE_COLUMN_UNKNOWN = "table-column-unknown": "a table column is not one the importer knows; it is ignored";
    TABLE_COLUMN_MISSING = "table-column-missing": "a table lacks a column the importer needs (name, code); the table is not read";
    REQUIRED_FLAG_UNKNOWN = "required-flag-unknown": "a required cell is neither 是/否 nor Yes/No; the parameter is taken as optional";
    HTTP_STATUS_UNKNOWN = "http-status-unknown": "an error row's HTTP status is not a number; the row is skipped";
    ACTION_NAME_MISMATCH = "action-name-mismatch": "the Action row names another operation than the title; the operation is named after the Action row (what goes on the wire)";
    // Request.
    TYPE_UNKNOWN = "type-unknown": "a type cell names no known type; the parameter or field is taken as a String";
    REQUEST_ROW_NO_TYPE = "request-row-no-type": "a request row has no type; it is taken as a String";
    REQUEST_LIST_NOT_REPEATED = "request-list-not-repeated": "a request parameter typed as a list is not named `Name.N`; it is imported as a RepeatList of its element";
    REQUEST_REPEAT_TYPE_SCALAR = "request-repeat-type-scalar": "a `Name.N` parameter is typed as a scalar; imported as a RepeatList of that scalar";
    REQUEST_FIELD_CASE_MISMATCH = "request-field-case-mismatch": "rows of one structure spell a name in different case (`Tag.N.key`, `Tag.N.Key`); folded into the first spelling";
    REQUEST_ROW_UNFOLDABLE = "request-row-unfoldable": "a dotted request row cannot be folded into a structure or repeat list (its parent is a scalar, or it repeats a row); it is left out";
    REQUEST_ROW_NUMBERED = "request-row-numbered": "a request row numbers a list element (`Filter.1.Key`) instead of writing `N`; folded as `Filter.N.Key`";
    REQUEST_ROW_DUPLICATE = "request-row-duplicate": "the request table lists one parameter twice; the first row is kept";
    REQUEST_PARENT_COMPOSED = "request-parent-composed": "a structure or repeat list has no row of its own; its description is composed from its children's";
    REQUEST_PARENT_TYPE = "request-parent-type": "a parent row's type does not fit its children (`Tag` typed String with `Tag.N.Key` rows); the children decide";
    REQUEST_ARRAY_OF_STRUCT = "request-array-of-struct": "a request parameter is `Array of X` with no rows for X's fields; imported as a RepeatList of strings";
    // Response.
    RESPONSE_ROW_NO_TYPE = "response-row-no-type": "a response row has no type; its type comes from the examples (a container when rows nest under it), else String";
    RESPONSE_ROW_DUPLICATE = "response-row-duplicate": "a structure's rows list one field twice; the first row is kept";
    EXAMPLE_CELL_TYPE = "example-cell-type": "a row's example value does not fit its type; the example is left out";
    RESPONSE_ROW_UNPLACED = "response-row-unplaced": "a response row is in no example; it is placed by table order";
    RESPONSE_FIELD_NOT_IN_EXAMPLE = "response-field-not-in-example": "a response field the table lists is missing from the JSON or XML example";
    EXAMPLE_FIELD_NOT_IN_TABLE = "example-field-not-in-table": "the JSON or XML example has a field the response table does not list; the example is kept verbatim";
    EXAMPLE_VALUE_TYPE = "example-value-type": "an example value does not fit the type the table declares";
    EXAMPLE_INVALID = "example-invalid": "the JSON or XML example does not parse; nesting uses the other one";
    EXAMPLE_XML_ROOT = "example-xml-root": "the XML example's root is not `<{Action}Response>`";
    RESPONSE_WRAPPER_MISMATCH = "response-wrapper-mismatch": "the examples wrap a list's elements under another name than the table's `Array of X`";
    RESPONSE_STRUCT_EMPTY = "response-struct-empty": "a Struct or `Array of X` has no fields in the table; taken as a list of strings";
    // Errors.
    ERROR_DUPLICATE = "error-duplicate": "the error table lists one entry (code, status, message) twice; one is kept";
    // The official metadata (api-docs.json).
    METADATA = "metadata": "a problem in the official metadata (api-docs.json); the message says which";
    // Between the languages.
    ZH_EN_PARAM_MISMATCH = "zh-en-param-mismatch": "a request parameter is in one language's document only, or its type or required flag differs; the zh-CN facts are kept";
    ZH_EN_FIELD_MISMATCH = "zh-en-field-mismatch": "a response field is in one language's document only, or its type differs; the zh-CN facts are kept";
    ZH_EN_ERROR_MISMATCH = "zh-en-error-mismatch": "an error entry is in one language's document only, or its status or message differs; both are kept";
    ZH_EN_CONSTRAINT_MISMATCH = "zh-en-constraint-mismatch": "the two languages state different constraints; the zh-CN ones are kept";
    ZH_EN_NOTES_MISMATCH = "zh-en-notes-mismatch": "the two languages have a different number of usage-note paragraphs; paired in order";
    ZH_EN_EXPLORER_MISMATCH = "zh-en-explorer-mismatch": "the two languages link different OpenAPI Explorer pages; the zh-CN link is kept";
}

/// The meaning of `id`, if it is one.
pub fn meaning(id: &str) -> Option<&'static str> {
    KINDS.iter().find(|k| k.id == id).map(|k| k.meaning)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case() {
        for (i, k) in KINDS.iter().enumerate() {
            assert!(
                k.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                k.id
            );
            assert!(KINDS[..i].iter().all(|o| o.id != k.id), "{} twice", k.id);
            assert!(!k.meaning.is_empty());
        }
    }
}
