//! The zh-CN and en-US documents of one operation become one spec: Chinese
//! text goes in `zh`, English in `en`; types, flags, example values and
//! constraints come from zh-CN (the original) where both have them. Whatever
//! one language has and the other lacks (a parameter, a field, an error
//! code) is kept and reported, as is every fact the two state differently.

use std::path::Path;

use super::extract::Extracted;
use super::fold::{self, Origin};
use super::{Finding, ids};
use crate::spec::{
    Constraints, ErrorCode, Examples, Field, Items, OperationFile, Parameter, Text, TypeName,
};

/// One language's document: what it says and where it is.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    /// What it says.
    pub doc: &'a Extracted,
    /// The document file.
    pub file: &'a Path,
}

/// Where warnings go.
struct Ctx<'a> {
    zh: Option<Source<'a>>,
    en: Option<Source<'a>>,
    findings: Vec<Finding>,
}

impl Ctx<'_> {
    fn warn(&mut self, src: Source<'_>, line: Option<usize>, id: &'static str, message: String) {
        self.findings
            .push(Finding::warning(src.file, line, id, message));
    }

    /// Reports that `what` is only in `has`, not in `lacks`.
    fn only_in(
        &mut self,
        has: Source<'_>,
        lacks: Source<'_>,
        line: Option<usize>,
        id: &'static str,
        what: String,
    ) {
        let message = format!(
            "{what} is only in this document, not in {}",
            lacks.file.display()
        );
        self.warn(has, line, id, message);
    }
}

/// Merges the documents of one operation (at least one must be given).
pub fn merge(zh: Option<Source<'_>>, en: Option<Source<'_>>) -> (OperationFile, Vec<Finding>) {
    let mut ctx = Ctx {
        zh,
        en,
        findings: Vec::new(),
    };
    let z = zh.map(|s| s.doc);
    let e = en.map(|s| s.doc);
    let name = z.or(e).map(|d| d.name.clone()).unwrap_or_default();
    let texts = |f: fn(&Extracted) -> Option<String>| text(z.and_then(f), e.and_then(f));

    let summary = texts(|d| d.summary.clone());
    let description = Some(texts(|d| d.description.clone())).filter(|t| *t != Text::default());
    let notes = notes(&mut ctx);
    let explorer = explorer(&mut ctx);
    let (request, folded) = fold::fold(params(&mut ctx));
    ctx.findings.extend(folded);
    let response = match (zh, en) {
        (Some(zs), Some(es)) => fields(&mut ctx, zs, es, &zs.doc.response, &es.doc.response, ""),
        (Some(s), None) | (None, Some(s)) => s.doc.response.clone(),
        (None, None) => Vec::new(),
    };
    let errors = errors(&mut ctx);
    let example = |i: usize| {
        let zt = z.and_then(|d| d.examples[i].clone());
        let et = e.and_then(|d| d.examples[i].clone());
        let et = if zt.is_some() && et == zt { None } else { et };
        Some(text(zt, et)).filter(|t| *t != Text::default())
    };
    let op = OperationFile {
        name,
        summary,
        description,
        notes,
        explorer,
        method: None,
        // The documents do not say what an operation does; the metadata does.
        kind: None,
        idempotency_token: super::idempotency_token(&request),
        pagination: None,
        request,
        response,
        errors,
        examples: Examples {
            request: example(0),
            xml: example(1),
            json: example(2),
        },
    };
    (op, ctx.findings)
}

/// The message for a parameter or field typed differently in the two
/// languages: the English document's (`en`) here, the zh-CN one's (`zh`,
/// at `zline`) kept.
fn type_kept(
    what: &str,
    zh: (TypeName, Option<&Items>),
    en: (TypeName, Option<&Items>),
    zline: usize,
) -> String {
    let (zt, et) = (show(zh.0, zh.1), show(en.0, en.1));
    format!(
        "{what} is {et} here but {zt} in the zh-CN document (line {zline}); the zh-CN type is kept"
    )
}

/// A type as messages name it: `Integer`, `RepeatList of String`, `Array of Part`.
fn show(ty: TypeName, items: Option<&Items>) -> String {
    match items {
        Some(i) => format!(
            "{} of {}",
            ty.as_str(),
            i.name.as_deref().unwrap_or(i.ty.as_str())
        ),
        None => ty.as_str().to_owned(),
    }
}

fn text(zh: Option<String>, en: Option<String>) -> Text {
    Text { zh, en }
}

fn notes(ctx: &mut Ctx<'_>) -> Vec<Text> {
    let zn = ctx.zh.map(|s| s.doc.notes.clone()).unwrap_or_default();
    let en = ctx.en.map(|s| s.doc.notes.clone()).unwrap_or_default();
    if let (Some(zs), Some(es)) = (ctx.zh, ctx.en)
        && zn.len() != en.len()
    {
        let message = format!(
            "this document has {} usage note paragraphs, {} has {}; they are paired in order",
            en.len(),
            zs.file.display(),
            zn.len()
        );
        ctx.warn(es, None, ids::ZH_EN_NOTES_MISMATCH, message);
    }
    (0..zn.len().max(en.len()))
        .map(|i| text(zn.get(i).cloned(), en.get(i).cloned()))
        .collect()
}

fn explorer(ctx: &mut Ctx<'_>) -> Option<String> {
    let z = ctx.zh.and_then(|s| s.doc.explorer.clone());
    let e = ctx.en.and_then(|s| s.doc.explorer.clone());
    if let (Some(zl), Some(el), Some(es)) = (&z, &e, ctx.en)
        && zl != el
    {
        let message = format!(
            "the OpenAPI Explorer link differs from the zh-CN one; the zh-CN link is kept: {zl}"
        );
        ctx.warn(es, None, ids::ZH_EN_EXPLORER_MISMATCH, message);
    }
    z.or(e)
}

/// The merged order of two named lists: zh's order, each en-only name after
/// the name that precedes it in en.
fn order(zh: &[&str], en: &[&str]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut out: Vec<(Option<usize>, Option<usize>)> = zh
        .iter()
        .enumerate()
        .map(|(i, n)| (Some(i), en.iter().position(|m| m == n)))
        .collect();
    for (k, n) in en.iter().enumerate() {
        if zh.contains(n) {
            continue;
        }
        let at = (0..k)
            .rev()
            .find_map(|prev| out.iter().position(|(_, e)| *e == Some(prev)))
            .map_or(0, |p| p + 1);
        out.insert(at, (None, Some(k)));
    }
    out
}

/// The request rows of both languages, paired by name (a name spelt in
/// another case in en-US pairs with the zh-CN one), flat: dotted names are
/// folded afterwards. Each comes with the row it was read from (zh-CN's
/// where both have it).
fn params(ctx: &mut Ctx<'_>) -> Vec<(Parameter, Origin)> {
    let (zs, es) = (ctx.zh, ctx.en);
    let zp: &[Parameter] = zs.map_or(&[], |s| &s.doc.request);
    let ep: &[Parameter] = es.map_or(&[], |s| &s.doc.request);
    let zn: Vec<&str> = zp.iter().map(|p| p.name.as_str()).collect();
    let en = names_as_in_zh(&zn, ep);
    let mut out = Vec::new();
    for pair in order(&zn, &en) {
        match pair {
            (Some(i), Some(j)) => {
                let (zs, es) = (zs.expect("zh params"), es.expect("en params"));
                out.push(param_in_both(ctx, zs, es, &zp[i], &ep[j]));
            }
            (Some(i), None) => {
                out.push(param_in_one(ctx, zs.expect("zh params"), es, &zp[i]));
            }
            (None, Some(j)) => {
                out.push(param_in_one(ctx, es.expect("en params"), zs, &ep[j]));
            }
            (None, None) => {}
        }
    }
    out
}

/// The names of the en-US parameters, each spelt as the zh-CN name it
/// equals but for case, when there is one and no zh-CN name equals it exactly.
fn names_as_in_zh<'a>(zn: &[&'a str], ep: &'a [Parameter]) -> Vec<&'a str> {
    ep.iter()
        .map(|p| {
            let exact = zn.contains(&p.name.as_str());
            match zn.iter().find(|z| z.eq_ignore_ascii_case(&p.name)) {
                Some(z) if !exact => *z,
                _ => p.name.as_str(),
            }
        })
        .collect()
}

/// Where the request row `name` of `s` was read from.
fn request_origin(s: Source<'_>, name: &str) -> Origin {
    Origin {
        file: s.file.to_owned(),
        line: s.doc.lines.request.get(name).copied(),
    }
}

/// A parameter both languages have: zh-CN's, with the English description,
/// the UpperCamelCase spelling of its name and merged constraints; every
/// difference reported.
fn param_in_both(
    ctx: &mut Ctx<'_>,
    zs: Source<'_>,
    es: Source<'_>,
    z: &Parameter,
    e: &Parameter,
) -> (Parameter, Origin) {
    let line = es.doc.lines.request.get(&e.name).copied();
    let zline = zs.doc.lines.request.get(&z.name).copied().unwrap_or(0);
    let what = format!("request parameter `{}`", z.name);
    let name = kept_spelling(&z.name, &e.name);
    if z.name != e.name {
        let m = format!(
            "request parameter `{}` is spelt `{}` in the zh-CN document (line {zline}); `{name}` is kept",
            e.name, z.name
        );
        ctx.warn(es, line, ids::REQUEST_FIELD_CASE_MISMATCH, m);
    }
    if z.ty != e.ty || z.items != e.items {
        let m = type_kept(
            &what,
            (z.ty, z.items.as_deref()),
            (e.ty, e.items.as_deref()),
            zline,
        );
        ctx.warn(es, line, ids::ZH_EN_PARAM_MISMATCH, m);
    }
    if z.required != e.required {
        let m = format!(
            "{what} is required in one language only (zh-CN line {zline}); the zh-CN flag is kept"
        );
        ctx.warn(es, line, ids::ZH_EN_PARAM_MISMATCH, m);
    }
    let mut p = z.clone();
    p.name = name;
    p.description = text(z.description.zh.clone(), e.description.en.clone());
    p.constraints = constraints(
        ctx,
        es,
        line,
        &what,
        z.constraints.as_ref(),
        e.constraints.as_ref(),
    );
    (p, request_origin(zs, &z.name))
}

/// The spelling of a parameter name to keep: the en-US one where only it
/// is UpperCamelCase, as API names are, else the zh-CN one.
fn kept_spelling(zh: &str, en: &str) -> String {
    let upper = |n: &str| {
        n.split('.')
            .all(|s| s == "N" || s.starts_with(|c: char| c.is_ascii_uppercase()))
    };
    if upper(en) && !upper(zh) {
        en.to_owned()
    } else {
        zh.to_owned()
    }
}

/// A parameter only `has` has, as it is, reported when the other language
/// (`lacks`) has a document.
fn param_in_one(
    ctx: &mut Ctx<'_>,
    has: Source<'_>,
    lacks: Option<Source<'_>>,
    p: &Parameter,
) -> (Parameter, Origin) {
    if let Some(lacks) = lacks {
        let line = has.doc.lines.request.get(&p.name).copied();
        let what = format!("request parameter `{}`", p.name);
        ctx.only_in(has, lacks, line, ids::ZH_EN_PARAM_MISMATCH, what);
    }
    (p.clone(), request_origin(has, &p.name))
}

/// zh's constraints, gaps filled from en; `text` from both; conflicts reported.
fn constraints(
    ctx: &mut Ctx<'_>,
    es: Source<'_>,
    line: Option<usize>,
    what: &str,
    z: Option<&Constraints>,
    e: Option<&Constraints>,
) -> Option<Constraints> {
    let (z, e) = match (z, e) {
        (None, None) => return None,
        (z, e) => (
            z.cloned().unwrap_or_default(),
            e.cloned().unwrap_or_default(),
        ),
    };
    let mut conflicts = Vec::new();
    if !z.allowed.is_empty() && !e.allowed.is_empty() && z.allowed != e.allowed {
        conflicts.push("allowed values");
    }
    fn pick<T: Clone + PartialEq>(
        z: &Option<T>,
        e: &Option<T>,
        name: &'static str,
        conflicts: &mut Vec<&str>,
    ) -> Option<T> {
        if let (Some(a), Some(b)) = (z, e)
            && a != b
        {
            conflicts.push(name);
        }
        z.clone().or_else(|| e.clone())
    }
    let mut c = Constraints {
        allowed: if z.allowed.is_empty() {
            e.allowed.clone()
        } else {
            z.allowed.clone()
        },
        minimum: pick(&z.minimum, &e.minimum, "minimum", &mut conflicts),
        maximum: pick(&z.maximum, &e.maximum, "maximum", &mut conflicts),
        max_length: pick(
            &z.max_length,
            &e.max_length,
            "maximum length",
            &mut conflicts,
        ),
        default: pick(&z.default, &e.default, "default", &mut conflicts),
        count: pick(&z.count, &e.count, "count", &mut conflicts),
        text: None,
    };
    let t = text(z.text.and_then(|t| t.zh), e.text.and_then(|t| t.en));
    c.text = (t != Text::default()).then_some(t);
    if !conflicts.is_empty() {
        let m = format!(
            "{what}: the zh-CN and en-US documents disagree on the {}; the zh-CN value is kept",
            conflicts.join(", ")
        );
        ctx.warn(es, line, ids::ZH_EN_CONSTRAINT_MISMATCH, m);
    }
    (c != Constraints::default()).then_some(c)
}

fn fields(
    ctx: &mut Ctx<'_>,
    zs: Source<'_>,
    es: Source<'_>,
    zf: &[Field],
    ef: &[Field],
    prefix: &str,
) -> Vec<Field> {
    let zn: Vec<&str> = zf.iter().map(|f| f.name.as_str()).collect();
    let en: Vec<&str> = ef.iter().map(|f| f.name.as_str()).collect();
    let path = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        }
    };
    let mut out = Vec::new();
    for pair in order(&zn, &en) {
        match pair {
            (Some(i), Some(j)) => {
                let (z, e) = (&zf[i], &ef[j]);
                let here = path(&z.name);
                let line = es.doc.lines.response.get(&here).copied();
                let zline = zs.doc.lines.response.get(&here).copied().unwrap_or(0);
                let what = format!("response field `{here}`");
                let mut f = z.clone();
                if z.ty != e.ty || z.items.as_ref().map(|i| i.ty) != e.items.as_ref().map(|i| i.ty)
                {
                    let (zt, et) = ((z.ty, z.items.as_deref()), (e.ty, e.items.as_deref()));
                    let m = type_kept(&what, zt, et, zline);
                    ctx.warn(es, line, ids::ZH_EN_FIELD_MISMATCH, m);
                } else {
                    f.fields = fields(ctx, zs, es, &z.fields, &e.fields, &here);
                    if let (Some(zi), Some(ei)) = (&z.items, &e.items) {
                        let mut items = zi.clone();
                        items.fields = fields(ctx, zs, es, &zi.fields, &ei.fields, &here);
                        f.items = Some(items);
                    }
                }
                f.description = text(z.description.zh.clone(), e.description.en.clone());
                f.constraints = constraints(
                    ctx,
                    es,
                    line,
                    &what,
                    z.constraints.as_ref(),
                    e.constraints.as_ref(),
                );
                out.push(f);
            }
            (Some(i), None) => {
                let here = path(&zf[i].name);
                let line = zs.doc.lines.response.get(&here).copied();
                let what = format!("response field `{here}`");
                ctx.only_in(zs, es, line, ids::ZH_EN_FIELD_MISMATCH, what);
                out.push(zf[i].clone());
            }
            (None, Some(j)) => {
                let here = path(&ef[j].name);
                let line = es.doc.lines.response.get(&here).copied();
                let what = format!("response field `{here}`");
                ctx.only_in(es, zs, line, ids::ZH_EN_FIELD_MISMATCH, what);
                out.push(ef[j].clone());
            }
            (None, None) => {}
        }
    }
    out
}

/// Error entries of both languages. An entry is its code, status and
/// message; entries the two languages both list are one entry with both
/// descriptions. An entry one language lists with another status or
/// message than the other is kept as each published it, and reported.
fn errors(ctx: &mut Ctx<'_>) -> Vec<ErrorCode> {
    let (zs, es) = (ctx.zh, ctx.en);
    let ze: &[ErrorCode] = zs.map_or(&[], |s| &s.doc.errors);
    let ee: &[ErrorCode] = es.map_or(&[], |s| &s.doc.errors);
    let key = |e: &ErrorCode| format!("{}\u{0}{}\u{0}{}", e.code, e.http, e.message);
    let zk: Vec<String> = ze.iter().map(key).collect();
    let ek: Vec<String> = ee.iter().map(key).collect();
    let zn: Vec<&str> = zk.iter().map(String::as_str).collect();
    let en: Vec<&str> = ek.iter().map(String::as_str).collect();
    let pairs = order(&zn, &en);
    let mut out = Vec::new();
    for &pair in &pairs {
        match pair {
            (Some(i), Some(j)) => {
                let (z, e) = (&ze[i], &ee[j]);
                let mut merged = z.clone();
                let d = text(
                    z.description.as_ref().and_then(|t| t.zh.clone()),
                    e.description.as_ref().and_then(|t| t.en.clone()),
                );
                merged.description = (d != Text::default()).then_some(d);
                out.push(merged);
            }
            (Some(i), None) => {
                if let (Some(zs), Some(es)) = (zs, es) {
                    let line = zs.doc.lines.errors.get(i).copied();
                    let z = &ze[i];
                    let other = pairs
                        .iter()
                        .filter_map(|p| match p {
                            (None, Some(j)) => Some(&ee[*j]),
                            _ => None,
                        })
                        .find(|e| e.code == z.code);
                    let m = match other {
                        Some(e) => format!(
                            "error `{}` is HTTP {} with message {:?} here, but HTTP {} with message {:?} in {}; both entries are kept",
                            z.code,
                            z.http,
                            z.message,
                            e.http,
                            e.message,
                            es.file.display()
                        ),
                        None => format!(
                            "error `{}` (HTTP {}) is only in this document, not in {}",
                            z.code,
                            z.http,
                            es.file.display()
                        ),
                    };
                    ctx.warn(zs, line, ids::ZH_EN_ERROR_MISMATCH, m);
                }
                out.push(ze[i].clone());
            }
            (None, Some(j)) => {
                if let (Some(zs), Some(es)) = (zs, es) {
                    let line = es.doc.lines.errors.get(j).copied();
                    let e = &ee[j];
                    // A code the zh-CN document lists differently was reported there.
                    if !ze.iter().any(|z| z.code == e.code) {
                        let m = format!(
                            "error `{}` (HTTP {}) is only in this document, not in {}",
                            e.code,
                            e.http,
                            zs.file.display()
                        );
                        ctx.warn(es, line, ids::ZH_EN_ERROR_MISMATCH, m);
                    }
                }
                out.push(ee[j].clone());
            }
            (None, None) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_order_keeps_zh_and_slots_en_only_names_after_their_predecessor() {
        let o = order(&["A", "B", "C"], &["A", "X", "B", "C", "Y"]);
        assert_eq!(
            o,
            vec![
                (Some(0), Some(0)),
                (None, Some(1)),
                (Some(1), Some(2)),
                (Some(2), Some(3)),
                (None, Some(4))
            ]
        );
        let o = order(&["A"], &["X", "A"]);
        assert_eq!(o, vec![(None, Some(0)), (Some(0), Some(1))]);
        let o = order(&["A", "Z"], &["A"]);
        assert_eq!(o, vec![(Some(0), Some(0)), (Some(1), None)]);
    }
}
