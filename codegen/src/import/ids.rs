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
    FIELDS_TOO_DEEP = "fields-too-deep": "the operation's parameters or response fields nest deeper than a spec allows (`spec::MAX_FIELD_DEPTH`); the operation is not written";
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
    NOT_METADATA = "not-metadata": "a file given as metadata is not API metadata (a JSON object with `info` and `apis`); nothing is read from it";
    METADATA_INFO_INVALID = "metadata-info-invalid": "the metadata's `info` lacks `product` or `version`, or names a style the spec format does not hold; nothing is imported from the file";
    METADATA_ENDPOINT_INVALID = "metadata-endpoint-invalid": "an entry of the metadata's `endpoints` is not a region id and a host name; skipped";
    METADATA_API_UNKNOWN = "metadata-api-unknown": "an api named with `--only` is not in the metadata";
    METADATA_API_DUPLICATE = "metadata-api-duplicate": "the metadata lists one api twice; the first is kept";
    METADATA_API_NAME_INVALID = "metadata-api-name-invalid": "an api's name is not an action name; it is not imported";
    METADATA_NO_SUMMARY = "metadata-no-summary": "an api has no summary, title or description; the summary is the action name";
    METADATA_KIND_UNKNOWN = "metadata-kind-unknown": "an api's `systemTags.operationType` is not one the spec format knows; the kind is left out";
    METADATA_METHOD_UNKNOWN = "metadata-method-unknown": "an api lists no known HTTP method; the service's default is used";
    METADATA_PARAM_UNNAMED = "metadata-param-unnamed": "a parameter has no name; skipped";
    METADATA_PARAM_DUPLICATE = "metadata-param-duplicate": "a parameter (or a part of a structure) is listed twice; the first is kept";
    METADATA_PARAM_IN_BODY = "metadata-param-in-body": "a parameter is `in: body` or `formData`; this runtime sends every RPC parameter in the query string";
    METADATA_PARAM_LOCATION = "metadata-param-location": "a parameter's `in` is not one RPC uses; imported as a query parameter";
    METADATA_PARAM_NO_SCHEMA = "metadata-param-no-schema": "a parameter has no `schema`; skipped";
    METADATA_PARAM_NO_STYLE = "metadata-param-no-style": "an array or object parameter has no `style`; sent flat (`Name.1`, `Name.Field`)";
    METADATA_PARAM_STYLE_MISMATCH = "metadata-param-style-mismatch": "a parameter's `style` does not fit its type; the style is ignored";
    METADATA_PARAM_NAME_INVALID = "metadata-param-name-invalid": "a parameter's name is not a wire name (dotted names included); skipped";
    METADATA_PARAM_PART_JSON = "metadata-param-part-json": "a dotted parameter (a part of a structure) says it is sent as JSON text; sent flat instead";
    METADATA_PARAM_PART_CONFLICT = "metadata-param-part-conflict": "dotted parameters do not fit the type of the parameter they are a part of; they are dropped";
    METADATA_LIST_NUMBERED = "metadata-list-numbered": "parameters name a list's elements one by one (`Tag.1.Key` … `Tag.20.Key`); imported as one RepeatList";
    METADATA_CASE_COLLISION = "metadata-case-collision": "two names of one structure become the same Rust name (`key`, `Key`); the second is dropped";
    METADATA_DOC_REQUIRED = "metadata-doc-required": "values have `required: false` but `docRequired: true`; they are imported as required";
    METADATA_SCHEMA_NO_TYPE = "metadata-schema-no-type": "a schema has no `type`, or one the importer does not know; imported as String";
    METADATA_SCHEMA_NO_ITEMS = "metadata-schema-no-items": "an array schema has no `items`; imported as a list of String";
    METADATA_OBJECT_NO_PROPERTIES = "metadata-object-no-properties": "an object sent flat has no `properties`; imported as Json (sent as JSON text)";
    METADATA_EXAMPLE_INVALID = "metadata-example-invalid": "a schema's `example` does not fit its type; dropped";
    METADATA_ENUM_INVALID = "metadata-enum-invalid": "an `enum` value is not a scalar, does not fit the type, or is listed twice; dropped (or kept once)";
    METADATA_CONSTRAINT_INVALID = "metadata-constraint-invalid": "a constraint (`minimum`, `maximum`, `maxLength`, `default`, `maxItems`) is not valid for the value; dropped";
    METADATA_RESPONSE_MISSING = "metadata-response-missing": "an api has no `200` response schema, or one that is not an object; the response is empty";
    METADATA_ERROR_STATUS = "metadata-error-status": "an `errorCodes` status is not an HTTP status (`4003`); skipped when it is no number, kept as published otherwise";
    METADATA_ERROR_NO_CODE = "metadata-error-no-code": "an `errorCodes` entry has no `errorCode`; skipped";
    METADATA_ERROR_DUPLICATE = "metadata-error-duplicate": "an error entry (status, code, message) is listed twice; kept once";
    METADATA_ERROR_CODE_DOT = "metadata-error-code-dot": "two error codes differ only in a dot (`Invalid.Parameter`, `InvalidParameter`); both are kept";
    METADATA_DEMO_INVALID = "metadata-demo-invalid": "`responseDemo` is not a JSON list of `{type, example}`, or an entry's type is not json or xml; skipped";
    METADATA_DEMO_DUPLICATE = "metadata-demo-duplicate": "`responseDemo` has two examples of one type; the first is kept";
    EXAMPLE_CONTRADICTS_RESPONSE = "example-contradicts-response": "a JSON or XML example of an operation imported with metadata (the documents', else the metadata's `responseDemo`) contradicts its response (a `codegen check` warning); kept as published";
    METADATA_SPEC_INVALID = "metadata-spec-invalid": "the operation imported from the metadata does not pass the spec's validator; it is written all the same";
    METADATA_SERVICE_MISMATCH = "metadata-service-mismatch": "the spec directory's `service.yaml` is for another product or version than the metadata; it is kept";
    // Between the metadata and the documents (`metadata/merge.rs`).
    MERGE_PARAM_ONLY_IN_METADATA = "merge-param-only-in-metadata": "a request parameter (or a field of one) is in the metadata only; kept, without English text";
    MERGE_PARAM_ONLY_IN_DOCUMENTS = "merge-param-only-in-documents": "a request parameter (or a field of one) is in the documents only; left out, as the spec follows the metadata's structure";
    MERGE_FIELD_ONLY_IN_METADATA = "merge-field-only-in-metadata": "a response field is in the metadata only; kept, without English text";
    MERGE_FIELD_ONLY_IN_DOCUMENTS = "merge-field-only-in-documents": "a response field is in the documents only; left out, as the spec follows the metadata's structure";
    MERGE_ERROR_ONLY_IN_METADATA = "merge-error-only-in-metadata": "an error entry (status, code, message) is in the metadata only; kept";
    MERGE_ERROR_ONLY_IN_DOCUMENTS = "merge-error-only-in-documents": "an error entry (status, code, message) is in the documents only; kept, as published";
    MERGE_TYPE_MISMATCH = "merge-type-mismatch": "a parameter or field has another type in the documents than in the metadata; the spec follows the metadata";
    MERGE_REQUIRED_MISMATCH = "merge-required-mismatch": "the documents and the metadata disagree on whether a parameter is required; the spec follows the metadata";
    MERGE_SHAPE_MISMATCH = "merge-shape-mismatch": "a parameter or field is nested or wrapped differently (a list's wrapper element, a wrapper written as a structure); the spec follows the metadata";
    MERGE_NO_ENGLISH = "merge-no-english": "the documents of an operation the metadata describes give no English text at all";
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

    /// Every id in the table is made somewhere in the importer: no kind is
    /// listed that no finding has.
    #[test]
    fn every_id_is_used() {
        fn sources(dir: &std::path::Path, out: &mut String) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    sources(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && path.file_name().is_some_and(|n| n != "ids.rs")
                {
                    out.push_str(&std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/import");
        let mut text = String::new();
        sources(&dir, &mut text);
        let table = include_str!("ids.rs");
        let names: Vec<&str> = table
            .lines()
            .filter_map(|l| l.trim().split_once(" = \"").map(|(name, _)| name))
            .filter(|name| name.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
            .collect();
        assert_eq!(names.len(), KINDS.len());
        for name in names {
            assert!(
                text.contains(&format!("ids::{name}")),
                "{name} is in the table but no finding uses it"
            );
        }
    }
}
