//! Paging, read from an operation's parameters and response: the one place
//! that recognises how an operation pages ([`infer`], called by the
//! importers) and resolves what a [`Pagination`] names ([`resolve`], used by
//! validation and lowering alike).

use super::model::{Field, OperationFile, PageStyle, Pagination, Parameter, TypeName};

/// How `op` pages, from its parameters and response fields, or `None`:
///
/// * by token: an optional `NextToken` String parameter, a `NextToken`
///   String field in the response (`MaxResults` recorded when present);
/// * by page number: an optional `PageNumber` number (or text) parameter
///   (`PageSize` and the response's `TotalCount` recorded when present);
/// * the items: the one top-level response list; without one, the one
///   list inside the one top-level structure. Two candidates (ECS
///   `DescribeImageSharePermission` returns `ShareGroups` and `Accounts`)
///   mean no inference: an overlay says which.
///
/// Both styles: `next_token` drives (see [`Pagination::style`]).
pub fn infer(op: &OperationFile) -> Option<Pagination> {
    let param = |name: &str| op.request.iter().find(|p| p.name == name && !p.required);
    let field = |name: &str| op.response.iter().find(|f| f.name == name);
    let token = param("NextToken")
        .filter(|p| p.ty == TypeName::String && p.style.is_none())
        .filter(|_| field("NextToken").is_some_and(|f| f.ty == TypeName::String))
        .map(|p| p.name.clone());
    let page_number = param("PageNumber")
        .filter(|p| is_page_number(p.ty))
        .map(|p| p.name.clone());
    let style = match (&token, &page_number) {
        (Some(_), _) => PageStyle::NextToken,
        (None, Some(_)) => PageStyle::PageNumber,
        (None, None) => return None,
    };
    let items = infer_items(&op.response)?;
    let named_param = |name: &str, ok: fn(TypeName) -> bool| {
        param(name).filter(|p| ok(p.ty)).map(|p| p.name.clone())
    };
    Some(Pagination {
        style,
        items,
        page_size: page_number
            .as_ref()
            .and_then(|_| named_param("PageSize", is_page_number)),
        total: page_number.as_ref().and_then(|_| {
            field("TotalCount")
                .filter(|f| is_count(f.ty))
                .map(|f| f.name.clone())
        }),
        max_results: token
            .as_ref()
            .and_then(|_| named_param("MaxResults", is_page_number)),
        page_number,
        next_token: token,
    })
}

fn infer_items(response: &[Field]) -> Option<String> {
    let lists: Vec<&Field> = response.iter().filter(|f| f.ty.is_list()).collect();
    match lists.as_slice() {
        [one] => return Some(one.name.clone()),
        [] => {}
        _ => return None,
    }
    let structs: Vec<&Field> = response
        .iter()
        .filter(|f| f.ty == TypeName::Struct)
        .collect();
    let [parent] = structs.as_slice() else {
        return None;
    };
    let inner: Vec<&Field> = parent.fields.iter().filter(|f| f.ty.is_list()).collect();
    let [one] = inner.as_slice() else {
        return None;
    };
    Some(format!("{}.{}", parent.name, one.name))
}

/// Types a page number or size may have: numbers, or text holding one
/// (some documents declare `PageNumber` a String).
pub fn is_page_number(ty: TypeName) -> bool {
    matches!(ty, TypeName::Integer | TypeName::Long | TypeName::String)
}

/// Types a total count may have.
pub fn is_count(ty: TypeName) -> bool {
    matches!(ty, TypeName::Integer | TypeName::Long)
}

/// What a [`Pagination`] names, found in the operation.
#[derive(Debug)]
pub struct Resolved<'a> {
    /// The fields from the response root to the list, the list last.
    pub items: Vec<&'a Field>,
    /// The page-number parameter.
    pub page_number: Option<&'a Parameter>,
    /// The total-count field.
    pub total: Option<&'a Field>,
    /// The token parameter.
    pub next_token: Option<&'a Parameter>,
}

/// A problem with a [`Pagination`]: the key it is about and what is wrong.
pub type Problem = (&'static str, String);

/// Finds what `p` names in `op`, or every problem with it (keys relative to
/// `pagination`).
pub fn resolve<'a>(op: &'a OperationFile, p: &Pagination) -> Result<Resolved<'a>, Vec<Problem>> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut param = |key, name: &Option<String>, ok: fn(TypeName) -> bool, want| {
        request_parameter(op, key, name.as_deref(), ok, want, &mut problems)
    };
    let number = "Integer, Long or String";
    let page_number = param("page_number", &p.page_number, is_page_number, number);
    param("page_size", &p.page_size, is_page_number, number);
    param("max_results", &p.max_results, is_page_number, number);
    let next_token = param(
        "next_token",
        &p.next_token,
        |t| t == TypeName::String,
        "String",
    );
    if let Some(name) = &p.next_token
        && next_token.is_some()
    {
        check_token_field(op, name, &mut problems);
    }
    let total = total_field(op, p.total.as_deref(), &mut problems);
    check_style(p, &mut problems);
    let items = items_path(&op.response, &p.items).map_err(|e| ("items", e));
    match items {
        Ok(items) if problems.is_empty() => Ok(Resolved {
            items,
            page_number,
            total,
            next_token,
        }),
        Ok(_) => Err(problems),
        Err(e) => {
            problems.push(e);
            Err(problems)
        }
    }
}

/// The request parameter `name` that the pagination key `key` names, if
/// it is an optional scalar whose type passes `ok` (`want` says which);
/// else a problem.
fn request_parameter<'a>(
    op: &'a OperationFile,
    key: &'static str,
    name: Option<&str>,
    ok: fn(TypeName) -> bool,
    want: &str,
    problems: &mut Vec<Problem>,
) -> Option<&'a Parameter> {
    let name = name?;
    match op.request.iter().find(|q| q.name == name) {
        None => {
            problems.push((key, format!("`{name}` is not a request parameter")));
            None
        }
        Some(q) if !ok(q.ty) || q.required || q.style.is_some() => {
            problems.push((
                key,
                format!(
                    "request parameter `{name}` is a {}{}; it must be an optional {want}",
                    if q.required { "required " } else { "" },
                    q.ty.as_str()
                ),
            ));
            None
        }
        Some(q) => Some(q),
    }
}

/// Checks that the response has a String field `name` to read the next
/// token from.
fn check_token_field(op: &OperationFile, name: &str, problems: &mut Vec<Problem>) {
    if !op
        .response
        .iter()
        .any(|f| f.name == name && f.ty == TypeName::String)
    {
        problems.push((
            "next_token",
            format!("the response has no String field `{name}` to read the next token from"),
        ));
    }
}

/// The top-level response field `name` that counts the items, if it is an
/// Integer or Long; else a problem.
fn total_field<'a>(
    op: &'a OperationFile,
    name: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Option<&'a Field> {
    let name = name?;
    match op.response.iter().find(|f| f.name == name) {
        Some(f) if is_count(f.ty) => Some(f),
        Some(f) => {
            problems.push((
                "total",
                format!(
                    "response field `{name}` is a {}; it must be an Integer or Long",
                    f.ty.as_str()
                ),
            ));
            None
        }
        None => {
            problems.push((
                "total",
                format!("`{name}` is not a top-level response field"),
            ));
            None
        }
    }
}

/// Checks that the style's driving key is given: `page_number` for paging
/// by number, `next_token` for paging by token.
fn check_style(p: &Pagination, problems: &mut Vec<Problem>) {
    match p.style {
        PageStyle::PageNumber if p.page_number.is_none() => problems.push((
            "style",
            "style `page_number` needs `page_number`: the parameter to count pages with".into(),
        )),
        PageStyle::NextToken if p.next_token.is_none() => problems.push((
            "style",
            "style `next_token` needs `next_token`: the parameter and field of the token".into(),
        )),
        _ => {}
    }
}

/// The fields along `path` (`Instances`, `Invocation.InvocationResults`):
/// structures, then a list.
fn items_path<'a>(response: &'a [Field], path: &str) -> Result<Vec<&'a Field>, String> {
    let mut fields = response;
    let mut out = Vec::new();
    let segments: Vec<&str> = path.split('.').collect();
    for (i, segment) in segments.iter().enumerate() {
        let Some(f) = fields.iter().find(|f| f.name == *segment) else {
            let parent = if i == 0 {
                "the response".to_owned()
            } else {
                format!("`{}`", segments[..i].join("."))
            };
            return Err(format!("`{path}`: {parent} has no field `{segment}`"));
        };
        out.push(f);
        let last = i + 1 == segments.len();
        if last {
            if !f.ty.is_list() {
                return Err(format!(
                    "`{path}` is a {}, not a list to page over",
                    f.ty.as_str()
                ));
            }
        } else if f.ty != TypeName::Struct {
            return Err(format!(
                "`{path}`: `{segment}` is a {}; only structures can be walked through",
                f.ty.as_str()
            ));
        } else {
            fields = &f.fields;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(request: &str, response: &str) -> OperationFile {
        let text =
            format!("name: X\nsummary: {{en: x}}\nrequest:\n{request}\nresponse:\n{response}\n");
        serde_yaml::from_str(&text).expect("a valid operation")
    }

    fn p(name: &str, ty: &str) -> String {
        format!("- {{name: {name}, type: {ty}, description: {{en: x}}}}")
    }

    fn list(name: &str) -> String {
        format!(
            "- {{name: {name}, type: Array, description: {{en: x}}, items: {{type: String, name: Item}}}}"
        )
    }

    #[test]
    fn page_numbers_with_their_size_and_total() {
        let o = op(
            &[p("PageNumber", "Integer"), p("PageSize", "Integer")].join("\n"),
            &[p("TotalCount", "Integer"), list("Zones")].join("\n"),
        );
        let got = infer(&o).expect("paged");
        assert_eq!(got.style, PageStyle::PageNumber);
        assert_eq!(got.items, "Zones");
        assert_eq!(got.page_size.as_deref(), Some("PageSize"));
        assert_eq!(got.total.as_deref(), Some("TotalCount"));
        assert!(resolve(&o, &got).is_ok());
    }

    #[test]
    fn both_styles_follow_the_token() {
        let o = op(
            &[
                p("PageNumber", "Integer"),
                p("NextToken", "String"),
                p("MaxResults", "Integer"),
            ]
            .join("\n"),
            &[
                p("NextToken", "String"),
                p("TotalCount", "Integer"),
                list("Instances"),
            ]
            .join("\n"),
        );
        let got = infer(&o).expect("paged");
        assert_eq!(got.style, PageStyle::NextToken);
        assert_eq!(got.page_number.as_deref(), Some("PageNumber"));
        assert_eq!(got.max_results.as_deref(), Some("MaxResults"));
        assert!(resolve(&o, &got).is_ok());
    }

    #[test]
    fn a_token_the_response_does_not_return_is_no_token_style() {
        let o = op(&p("NextToken", "String"), &list("Things"));
        assert_eq!(infer(&o), None);
    }

    #[test]
    fn items_inside_the_one_structure() {
        let response = format!(
            "- name: Invocation\n  type: Struct\n  description: {{en: x}}\n  fields:\n  {}",
            list("Results")
        );
        let o = op(&p("PageNumber", "Integer"), &response);
        let got = infer(&o).expect("paged");
        assert_eq!(got.items, "Invocation.Results");
        assert_eq!(resolve(&o, &got).map(|r| r.items.len()).ok(), Some(2));
    }

    #[test]
    fn two_lists_are_left_to_an_overlay() {
        let o = op(
            &p("PageNumber", "Integer"),
            &[list("ShareGroups"), list("Accounts")].join("\n"),
        );
        assert_eq!(infer(&o), None);
    }
}
