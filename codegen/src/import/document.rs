//! One API reference document, read into its parts: the name, the
//! introduction, the sections (usage notes, explorer link, request and
//! response tables, examples, error codes), each row with its line. Nothing
//! is interpreted yet beyond what the markdown says.

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

/// A problem that makes a document unusable, at a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocError {
    /// 1-based line (0: the whole file).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl DocError {
    fn at(line: usize, message: impl Into<String>) -> Self {
        DocError {
            line,
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

/// Reads a document. Every problem is returned (a document with any
/// problem is not imported).
pub fn read(text: &str) -> Result<(ApiDoc, Lang), Vec<DocError>> {
    let (blocks, syntax) = markdown::parse(text);
    let mut errors: Vec<DocError> = syntax
        .into_iter()
        .map(|e| DocError::at(e.line, e.message))
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
            Block::Paragraph { text, .. } => match current {
                // `****` (an empty bold run) is an export artifact, not text.
                None if !doc.name.is_empty()
                    && !text.chars().all(|c| c == '*' || c.is_whitespace()) =>
                {
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
                Some(Section::Examples) => label = text.clone(),
                _ => {}
            },
            Block::Code { text, line } if current == Some(Section::Examples) => {
                let code = Code {
                    text: text.clone(),
                    line: *line,
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
    if doc.name.is_empty() || !seen_request {
        let what = if doc.name.is_empty() {
            "no `# Name` title"
        } else {
            "no request parameters section"
        };
        errors.insert(
            0,
            DocError::at(0, format!("not an API reference document: {what}")),
        );
        return Err(errors);
    }
    let Some(lang) = lang else {
        return Err(vec![DocError::at(
            0,
            "cannot tell the document's language from its section titles",
        )]);
    };
    if errors.is_empty() {
        Ok((doc, lang))
    } else {
        Err(errors)
    }
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
}

fn column(header: &str) -> Option<Col> {
    let lower = header.to_ascii_lowercase();
    Some(match header {
        "名称" | "Parameter" | "Name" => Col::Name,
        "类型" | "Type" => Col::Type,
        "是否必选" | "Required" => Col::Required,
        "示例值" | "Example" => Col::Example,
        "描述" | "Description" => Col::Description,
        "错误码" | "Error code" | "Error Code" => Col::Code,
        "错误信息" | "Error message" | "Error Message" => Col::Message,
        // `HttpCode`, `HTTP status code`, `HTTP`, and a misspelt `HTTP stauts code`.
        _ if lower.starts_with("http") => Col::Http,
        _ => return None,
    })
}

/// Maps each needed role to its column index; reports unknown or missing columns.
fn columns(t: &Table, needed: &[Col], errors: &mut Vec<DocError>) -> Option<Vec<usize>> {
    let roles: Vec<Option<Col>> = t.header.iter().map(|h| column(h)).collect();
    for (h, r) in t.header.iter().zip(&roles) {
        if r.is_none() {
            errors.push(DocError::at(t.line, format!("unknown table column `{h}`")));
        }
    }
    let mut out = Vec::new();
    for need in needed {
        match roles.iter().position(|r| r == &Some(*need)) {
            Some(i) => out.push(i),
            None => {
                errors.push(DocError::at(
                    t.line,
                    format!("the table has no {need:?} column"),
                ));
                return None;
            }
        }
    }
    Some(out)
}

fn optional(cell: &str) -> Option<String> {
    let v = unescape(cell);
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

fn request_rows(t: &Table, errors: &mut Vec<DocError>) -> Vec<RequestRow> {
    let need = [
        Col::Name,
        Col::Type,
        Col::Required,
        Col::Example,
        Col::Description,
    ];
    let Some(c) = columns(t, &need, errors) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for r in &t.rows {
        let required = match r.cells[c[2]].as_str() {
            "是" | "Yes" | "yes" | "true" => true,
            "否" | "No" | "no" | "false" => false,
            other => {
                errors.push(DocError::at(
                    r.line,
                    format!("`{other}` is not a required flag (是/否, Yes/No)"),
                ));
                continue;
            }
        };
        rows.push(RequestRow {
            name: unescape(&r.cells[c[0]]),
            ty: r.cells[c[1]].trim().to_owned(),
            required,
            example: optional(&r.cells[c[3]]),
            description: unescape(&r.cells[c[4]]),
            line: r.line,
        });
    }
    rows
}

fn response_rows(t: &Table, errors: &mut Vec<DocError>) -> Vec<ResponseRow> {
    let need = [Col::Name, Col::Type, Col::Example, Col::Description];
    let Some(c) = columns(t, &need, errors) else {
        return Vec::new();
    };
    t.rows
        .iter()
        .map(|r| ResponseRow {
            name: unescape(&r.cells[c[0]]),
            ty: r.cells[c[1]].trim().to_owned(),
            example: optional(&r.cells[c[2]]),
            description: unescape(&r.cells[c[3]]),
            line: r.line,
        })
        .collect()
}

fn error_rows(t: &Table, errors: &mut Vec<DocError>) -> Vec<ErrorRow> {
    let need = [Col::Http, Col::Code, Col::Message, Col::Description];
    let Some(c) = columns(t, &need, errors) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for r in &t.rows {
        let Ok(http) = r.cells[c[0]].trim().parse::<u16>() else {
            errors.push(DocError::at(
                r.line,
                format!("`{}` is not an HTTP status", r.cells[c[0]]),
            ));
            continue;
        };
        rows.push(ErrorRow {
            http,
            code: unescape(&r.cells[c[1]]),
            message: unescape(&r.cells[c[2]]),
            description: unescape(&r.cells[c[3]]),
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
        let (doc, lang) = read(DOC).unwrap();
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
    fn bad_flags_and_statuses_are_errors_at_their_rows() {
        let doc = DOC
            .replace("|Name|String|否|", "|Name|String|可选|")
            .replace("|500|E.X|", "|5xx|E.X|");
        let err = read(&doc).unwrap_err();
        assert_eq!(err.len(), 2);
        assert_eq!(
            err[0],
            DocError::at(24, "`可选` is not a required flag (是/否, Yes/No)")
        );
        assert_eq!(err[1].message, "`5xx` is not an HTTP status");
    }
}
