//! One API reference document, read into its parts: the name, the
//! introduction, the sections (usage notes, explorer link, request and
//! response tables, examples, error codes), each row with its line. Nothing
//! is interpreted yet beyond what the markdown says.

use super::ids;
use super::markdown::{self, Block, Table, unescape};

/// The language of a document, from its section headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lang {
    /// zh-CN: the original.
    Zh,
    /// en-US: the translation.
    En,
}

impl Lang {
    /// The locale the documents are published under.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en-US",
        }
    }
}

/// A document as read.
#[derive(Clone, Debug, Default)]
pub struct ApiDoc {
    /// The operation's name (the `#` heading).
    pub name: String,
    /// The heading's line.
    pub name_line: usize,
    /// The introduction's paragraphs (between the title and the first section), unescaped.
    pub intro: Vec<String>,
    /// The usage notes' blocks, unescaped.
    pub notes: Vec<String>,
    /// The OpenAPI Explorer link.
    pub explorer: Option<String>,
    /// The request table's rows (the `Action` row included).
    pub request: Vec<RequestRow>,
    /// The response table's rows, flat, in order.
    pub response: Vec<ResponseRow>,
    /// The error table's rows.
    pub errors: Vec<ErrorRow>,
    /// The sample request.
    pub request_example: Option<Code>,
    /// The sample XML response.
    pub xml_example: Option<Code>,
    /// The sample JSON response.
    pub json_example: Option<Code>,
}

/// A code block and the line its content starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Code {
    /// The content, verbatim.
    pub text: String,
    /// Its first line in the document.
    pub line: usize,
}

/// A request table row; texts are unescaped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRow {
    /// The wire name.
    pub name: String,
    /// The type as written.
    pub ty: String,
    /// 是 / Yes.
    pub required: bool,
    /// The example, if the cell is not empty.
    pub example: Option<String>,
    /// The description, whole.
    pub description: String,
    /// The row's line.
    pub line: usize,
}

/// A response table row; texts are unescaped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseRow {
    /// The wire name.
    pub name: String,
    /// The type as written (empty on the element rows of `Array of X`).
    pub ty: String,
    /// The example, if the cell is not empty.
    pub example: Option<String>,
    /// The description, whole.
    pub description: String,
    /// The row's line.
    pub line: usize,
}

/// An error table row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorRow {
    /// The HTTP status.
    pub http: u16,
    /// The error code.
    pub code: String,
    /// The message, unescaped.
    pub message: String,
    /// The description, unescaped.
    pub description: String,
    /// The row's line.
    pub line: usize,
}

/// Something wrong in a document, at a line. Returned as an error only
/// when nothing can be read from the document; otherwise it is a warning
/// next to what was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocError {
    /// 1-based line (0: the whole file).
    pub line: usize,
    /// The finding's id ([`super::ids`]).
    pub id: &'static str,
    /// What is wrong.
    pub message: String,
}

impl DocError {
    fn at(line: usize, id: &'static str, message: impl Into<String>) -> Self {
        DocError {
            line,
            id,
            message: message.into(),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Notes,
    Explorer,
    Request,
    Response,
    Examples,
    Errors,
    Other,
}

fn section(title: &str) -> (Section, Option<Lang>) {
    match title {
        "接口说明" => (Section::Notes, Some(Lang::Zh)),
        "Description" => (Section::Notes, Some(Lang::En)),
        "调试" => (Section::Explorer, Some(Lang::Zh)),
        "Debugging" => (Section::Explorer, Some(Lang::En)),
        "请求参数" => (Section::Request, Some(Lang::Zh)),
        "Request parameters" => (Section::Request, Some(Lang::En)),
        "返回数据" | "返回参数" => (Section::Response, Some(Lang::Zh)),
        "Response parameters" => (Section::Response, Some(Lang::En)),
        "示例" => (Section::Examples, Some(Lang::Zh)),
        "Examples" => (Section::Examples, Some(Lang::En)),
        "错误码" => (Section::Errors, Some(Lang::Zh)),
        "Error codes" => (Section::Errors, Some(Lang::En)),
        _ => (Section::Other, None),
    }
}

/// Reads a document, with every problem found in it. It is an error (the
/// document is refused) only when it is not an API reference document or
/// its language cannot be told: then nothing it says can be placed.
#[allow(clippy::type_complexity)] // (what was read, its language, what is wrong in it)
pub fn read(text: &str) -> Result<(ApiDoc, Lang, Vec<DocError>), Vec<DocError>> {
    let (blocks, syntax) = markdown::parse(text);
    let mut errors: Vec<DocError> = syntax
        .into_iter()
        .map(|e| DocError::at(e.line, e.id, e.message))
        .collect();
    let mut doc = ApiDoc::default();
    let mut lang = None;
    let mut current = None;
    let mut seen_request = false;
    // The label before a code block in the examples ("`XML`格式").
    let mut label = String::new();
    for block in &blocks {
        match block {
            Block::Heading {
                level: 1,
                text,
                line,
            } if doc.name.is_empty() => {
                doc.name = text.clone();
                doc.name_line = *line;
                current = None;
            }
            Block::Heading { level: 2, text, .. } => {
                let (s, l) = section(text);
                if lang.is_none() {
                    lang = l;
                }
                seen_request |= s == Section::Request;
                current = Some(s);
            }
            Block::Heading { .. } => {}
            Block::Paragraph { text, .. } => read_paragraph(&mut doc, current, text, &mut label),
            Block::Code { text, line } if current == Some(Section::Examples) => {
                read_example(&mut doc, &label, text, *line);
                label.clear();
            }
            Block::Code { .. } => {}
            Block::Table(t) => match current {
                Some(Section::Request) => doc.request = request_rows(t, &mut errors),
                Some(Section::Response) => doc.response = response_rows(t, &mut errors),
                Some(Section::Errors) => doc.errors = error_rows(t, &mut errors),
                _ => {}
            },
        }
    }
    if let Some(error) = not_an_api_document(&doc, seen_request) {
        return Err(vec![error]);
    }
    let Some(lang) = lang else {
        return Err(vec![DocError::at(
            0,
            ids::LANGUAGE_UNKNOWN,
            "cannot tell the document's language from its section titles",
        )]);
    };
    Ok((doc, lang, errors))
}

/// Reads a paragraph of the section `current` into `doc`: the introduction,
/// a usage note, the explorer link, or the label of the next example.
fn read_paragraph(doc: &mut ApiDoc, current: Option<Section>, text: &str, label: &mut String) {
    match current {
        // `****` (an empty bold run) is an export artifact, not text.
        None if !doc.name.is_empty() && !text.chars().all(|c| c == '*' || c.is_whitespace()) => {
            doc.intro.push(unescape(text));
        }
        Some(Section::Notes) => {
            // A list belongs with the paragraph that introduces it ("…注意："),
            // whether that ends in a colon or, as some translations do, not.
            let text = unescape(text);
            match doc.notes.last_mut() {
                Some(prev) if is_list(&text) => {
                    prev.push_str("\n\n");
                    prev.push_str(&text);
                }
                _ => doc.notes.push(text),
            }
        }
        Some(Section::Explorer) if doc.explorer.is_none() => {
            doc.explorer = markdown::first_link(text)
        }
        Some(Section::Examples) => *label = text.to_owned(),
        _ => {}
    }
}

/// Keeps a code block of the examples as the sample request, XML response
/// or JSON response, by its label or its first character, unless one was
/// kept already.
fn read_example(doc: &mut ApiDoc, label: &str, text: &str, line: usize) {
    let code = Code {
        text: text.to_owned(),
        line,
    };
    let head = text.trim_start();
    let kind = if label.contains("XML") || head.starts_with('<') {
        "xml"
    } else if label.contains("JSON") || head.starts_with('{') || head.starts_with('[') {
        "json"
    } else {
        "request"
    };
    let slot = match kind {
        "xml" => &mut doc.xml_example,
        "json" => &mut doc.json_example,
        _ => &mut doc.request_example,
    };
    if slot.is_none() {
        *slot = Some(code);
    }
}

/// Why `doc` is not an API reference document (no title, no request
/// section, or a title that is not an action name), if it is not.
fn not_an_api_document(doc: &ApiDoc, seen_request: bool) -> Option<DocError> {
    let action = doc.name.starts_with(|c: char| c.is_ascii_uppercase())
        && doc.name.chars().all(|c| c.is_ascii_alphanumeric());
    if !doc.name.is_empty() && seen_request && action {
        return None;
    }
    let what = if doc.name.is_empty() {
        "no `# Name` title".to_owned()
    } else if !seen_request {
        "no request parameters section".to_owned()
    } else {
        format!("its title `{}` is not an action name", doc.name)
    };
    Some(DocError::at(
        0,
        ids::NOT_AN_API_DOCUMENT,
        format!("not an API reference document: {what}"),
    ))
}

fn is_list(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("- ") || t.starts_with("* ") || t.starts_with("1. ")
}

/// The roles of a table's columns, from its header.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Col {
    Name,
    Type,
    Required,
    Example,
    Description,
    Http,
    Code,
    Message,
    /// Known, and not needed (`Position`: where a parameter goes; RPC
    /// parameters all go in the query).
    Ignored,
}

fn column(header: &str) -> Option<Col> {
    let lower = header.trim().to_ascii_lowercase();
    Some(match lower.as_str() {
        "名称" | "parameter" | "name" => Col::Name,
        "类型" | "type" => Col::Type,
        "是否必选" | "是否必需" | "required" | "required?" => Col::Required,
        "示例值" | "example" | "example value" => Col::Example,
        "描述" | "说明" | "description" | "meaning" | "note" => Col::Description,
        "错误码" | "错误代码" | "error code" => Col::Code,
        "错误信息" | "error message" | "error information" => Col::Message,
        "position" | "位置" => Col::Ignored,
        // `HttpCode`, `HTTP status code`, `HTTP 状态码`, `HTTP`, and a misspelt `HTTP stauts code`.
        _ if lower.starts_with("http") => Col::Http,
        _ => return None,
    })
}

/// Each role's column index, where the table has it. Unknown columns are
/// reported and ignored; a table without one of `needed` is reported and
/// not read.
fn columns(
    t: &Table,
    needed: &[Col],
    errors: &mut Vec<DocError>,
) -> Option<impl Fn(&markdown::Row, Col) -> Option<String> + use<>> {
    let roles: Vec<Option<Col>> = t.header.iter().map(|h| column(h)).collect();
    for (h, r) in t.header.iter().zip(&roles) {
        if r.is_none() {
            errors.push(DocError::at(
                t.line,
                ids::TABLE_COLUMN_UNKNOWN,
                format!("unknown table column `{h}`; it is ignored"),
            ));
        }
    }
    for need in needed {
        if !roles.contains(&Some(*need)) {
            errors.push(DocError::at(
                t.line,
                ids::TABLE_COLUMN_MISSING,
                format!("the table has no {need:?} column; it is not read"),
            ));
            return None;
        }
    }
    Some(move |row: &markdown::Row, col: Col| {
        let i = roles.iter().position(|r| *r == Some(col))?;
        row.cells.get(i).cloned()
    })
}

fn optional(cell: Option<String>) -> Option<String> {
    let v = unescape(&cell?);
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

fn request_rows(t: &Table, errors: &mut Vec<DocError>) -> Vec<RequestRow> {
    let Some(cell) = columns(t, &[Col::Name], errors) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for r in &t.rows {
        let flag = cell(r, Col::Required).unwrap_or_default();
        let required = match flag.trim() {
            "是" | "Yes" | "yes" | "true" => true,
            "否" | "No" | "no" | "false" | "" => false,
            other => {
                errors.push(DocError::at(
                    r.line,
                    ids::REQUIRED_FLAG_UNKNOWN,
                    format!("`{other}` is not a required flag (是/否, Yes/No); taken as optional"),
                ));
                false
            }
        };
        rows.push(RequestRow {
            name: unescape(&cell(r, Col::Name).unwrap_or_default()),
            ty: cell(r, Col::Type).unwrap_or_default().trim().to_owned(),
            required,
            example: optional(cell(r, Col::Example)),
            description: unescape(&cell(r, Col::Description).unwrap_or_default()),
            line: r.line,
        });
    }
    rows
}

fn response_rows(t: &Table, errors: &mut Vec<DocError>) -> Vec<ResponseRow> {
    let Some(cell) = columns(t, &[Col::Name], errors) else {
        return Vec::new();
    };
    t.rows
        .iter()
        .map(|r| ResponseRow {
            name: unescape(&cell(r, Col::Name).unwrap_or_default()),
            ty: cell(r, Col::Type).unwrap_or_default().trim().to_owned(),
            example: optional(cell(r, Col::Example)),
            description: unescape(&cell(r, Col::Description).unwrap_or_default()),
            line: r.line,
        })
        .collect()
}

fn error_rows(t: &Table, errors: &mut Vec<DocError>) -> Vec<ErrorRow> {
    let Some(cell) = columns(t, &[Col::Http, Col::Code], errors) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for r in &t.rows {
        let status = cell(r, Col::Http).unwrap_or_default();
        let Ok(http) = status.trim().parse::<u16>() else {
            errors.push(DocError::at(
                r.line,
                ids::HTTP_STATUS_UNKNOWN,
                format!("`{status}` is not an HTTP status; the row is skipped"),
            ));
            continue;
        };
        rows.push(ErrorRow {
            http,
            code: unescape(&cell(r, Col::Code).unwrap_or_default())
                .trim()
                .to_owned(),
            message: unescape(&cell(r, Col::Message).unwrap_or_default()),
            description: unescape(&cell(r, Col::Description).unwrap_or_default()),
            line: r.line,
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# Op {#doc .reference}

调用Op做一件事。还有更多。

****

## 接口说明 {#description .section}

注意一。

注意：

-   注意二。

## 调试

[OpenAPI Explorer](https://api.aliyun.com/#api=Op)

## 请求参数

|名称|类型|是否必选|示例值|描述|
|--|--|----|---|--|
|Action|String|是|Op|系统规定参数。 |
|Name|String|否|a\\_b|名字。 |

## 返回数据

|名称|类型|示例值|描述|
|--|--|---|--|
|RequestId|String|X|请求ID。 |

## 示例

请求示例

```
https://ecs.aliyuncs.com/?Action=Op
```

`XML`格式

```
<OpResponse/>
```

`JSON`格式

```
{}
```

## 错误码

|HttpCode|错误码|错误信息|描述|
|--------|---|----|--|
|500|E.X|Message \\(x\\).|描述。|
";

    #[test]
    fn reads_every_part() {
        let (doc, lang, problems) = read(DOC).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(lang, Lang::Zh);
        assert_eq!(doc.name, "Op");
        assert_eq!(doc.intro, ["调用Op做一件事。还有更多。"]);
        assert_eq!(doc.notes, ["注意一。", "注意：\n\n-   注意二。"]);
        assert_eq!(
            doc.explorer.as_deref(),
            Some("https://api.aliyun.com/#api=Op")
        );
        assert_eq!(doc.request.len(), 2);
        assert_eq!(doc.request[1].example.as_deref(), Some("a_b"));
        assert!(!doc.request[1].required);
        assert_eq!(doc.response[0].line, 30);
        assert_eq!(
            doc.request_example.as_ref().unwrap().text,
            "https://ecs.aliyuncs.com/?Action=Op"
        );
        assert_eq!(doc.xml_example.as_ref().unwrap().text, "<OpResponse/>");
        assert_eq!(doc.json_example.as_ref().unwrap().text, "{}");
        assert_eq!(doc.errors[0].message, "Message (x).");
    }

    #[test]
    fn not_an_api_document() {
        let err = read("# Notes\n\nJust text.\n").unwrap_err();
        assert_eq!(
            err[0].message,
            "not an API reference document: no request parameters section"
        );
        let err = read("Just text.\n").unwrap_err();
        assert_eq!(
            err[0].message,
            "not an API reference document: no `# Name` title"
        );
    }

    #[test]
    fn bad_flags_and_statuses_are_findings_at_their_rows() {
        let doc = DOC
            .replace("|Name|String|否|", "|Name|String|可选|")
            .replace("|500|E.X|", "|5xx|E.X|");
        let (doc, _, problems) = read(&doc).unwrap();
        assert_eq!(problems.len(), 2);
        assert_eq!(
            problems[0],
            DocError::at(
                24,
                ids::REQUIRED_FLAG_UNKNOWN,
                "`可选` is not a required flag (是/否, Yes/No); taken as optional"
            )
        );
        assert_eq!(problems[1].id, ids::HTTP_STATUS_UNKNOWN);
        assert_eq!(doc.request.len(), 2, "the row is still read");
        assert!(doc.errors.is_empty(), "the error row is skipped");
    }

    #[test]
    fn table_variants_are_read() {
        let doc = DOC
            .replace(
                "|名称|类型|是否必选|示例值|描述|",
                "|名称|类型|是否必需|描述|",
            )
            .replace("|--|--|----|---|--|", "|--|--|--|--|")
            .replace(
                "|Action|String|是|Op|系统规定参数。 |",
                "|Action|String|是|系统规定参数。 |",
            )
            .replace("|Name|String|否|a\\_b|名字。 |", "|Name|String|否|名字。 |")
            .replace(
                "|HttpCode|错误码|错误信息|描述|",
                "|错误代码|错误信息|HTTP 状态码|说明|",
            )
            .replace(
                "|500|E.X|Message \\(x\\).|描述。|",
                "|E.X|Message.|500|描述。|",
            );
        let (doc, _, problems) = read(&doc).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(doc.request[1].name, "Name");
        assert_eq!(doc.request[1].example, None);
        assert_eq!(doc.request[1].description, "名字。");
        assert_eq!(
            (doc.errors[0].http, doc.errors[0].code.as_str()),
            (500, "E.X")
        );
    }
}
