//! One operation from two sources: the metadata's operation and the one
//! its zh-CN and en-US documents made ([`super::super::merge`] already put
//! the two languages together). The metadata decides the structure: it is
//! the newer source (the metadata of 2024 against documents of 2021) and
//! the one the service's own SDK generators read. The documents add what
//! the metadata does not have: English, usage notes, examples.
//!
//! The precedence, fact by fact:
//!
//! | fact | the spec takes it from |
//! |---|---|
//! | which parameters and fields exist; names, types, `required`, `style`, nesting, list wrappers | the metadata |
//! | kind, method, idempotency token | the metadata |
//! | constraints and example values | the metadata; each one it lacks from the documents, when both give the value one type |
//! | Chinese text (summary, descriptions, constraints' prose, error descriptions) | the metadata, else the zh-CN document |
//! | English text | the en-US document |
//! | introduction and usage notes | the documents (the metadata's `description` is both in one block of markdown); the metadata's description when the documents have neither |
//! | OpenAPI Explorer link | the documents, else the metadata |
//! | request example, JSON and XML examples | the documents, verbatim; the metadata's `responseDemo` for a language example the documents lack |
//! | error entries | both: every entry as published (status, code, message); one in both sources is one entry, with the metadata's message when the two differ only in a final period |
//!
//! Every disagreement is a finding (`merge-…` in [`crate::import::ids`])
//! whose message names the source the spec followed: a parameter, field or
//! error entry in one source only, a type, `required` or a shape (nesting,
//! wrapper) that differs. Names are compared as published; a name the two
//! sources spell in different case is one name (the metadata's spelling),
//! with a shape finding. `List` and `Array` are one type (documents write
//! both for a response list).

use crate::import::ids;
use crate::spec::{
    Constraints, ErrorCode, Field, Items, OperationFile, Parameter, Scalar, Text, TypeName,
};

use super::Sink;

/// Which side of the operation a name is on: findings name parameters and
/// fields with different ids, and only requests have `required`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

impl Side {
    fn only_in(self, metadata: bool) -> &'static str {
        match (self, metadata) {
            (Side::Request, true) => ids::MERGE_PARAM_ONLY_IN_METADATA,
            (Side::Request, false) => ids::MERGE_PARAM_ONLY_IN_DOCUMENTS,
            (Side::Response, true) => ids::MERGE_FIELD_ONLY_IN_METADATA,
            (Side::Response, false) => ids::MERGE_FIELD_ONLY_IN_DOCUMENTS,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Side::Request => "request",
            Side::Response => "response",
        }
    }
}

/// The facts of a parameter or field the merge compares, the metadata's side.
struct Mine<'a> {
    ty: TypeName,
    required: bool,
    description: &'a mut Text,
    example: &'a mut Option<Scalar>,
    constraints: &'a mut Option<Constraints>,
    items: Option<&'a mut Items>,
    fields: &'a mut Vec<Field>,
}

/// The same facts, the documents' side.
struct Theirs<'a> {
    ty: TypeName,
    required: bool,
    description: &'a Text,
    example: Option<&'a Scalar>,
    constraints: Option<&'a Constraints>,
    items: Option<&'a Items>,
    fields: &'a [Field],
}

impl<'a> Mine<'a> {
    fn parameter(p: &'a mut Parameter) -> Self {
        Mine {
            ty: p.ty,
            required: p.required,
            description: &mut p.description,
            example: &mut p.example,
            constraints: &mut p.constraints,
            items: p.items.as_deref_mut(),
            fields: &mut p.fields,
        }
    }

    fn field(f: &'a mut Field) -> Self {
        Mine {
            ty: f.ty,
            required: f.required,
            description: &mut f.description,
            example: &mut f.example,
            constraints: &mut f.constraints,
            items: f.items.as_deref_mut(),
            fields: &mut f.fields,
        }
    }
}

impl<'a> Theirs<'a> {
    fn parameter(p: &'a Parameter) -> Self {
        Theirs {
            ty: p.ty,
            required: p.required,
            description: &p.description,
            example: p.example.as_ref(),
            constraints: p.constraints.as_ref(),
            items: p.items.as_deref(),
            fields: &p.fields,
        }
    }

    fn field(f: &'a Field) -> Self {
        Theirs {
            ty: f.ty,
            required: f.required,
            description: &f.description,
            example: f.example.as_ref(),
            constraints: f.constraints.as_ref(),
            items: f.items.as_deref(),
            fields: &f.fields,
        }
    }
}

/// One merge: where its findings go, and how much English it found.
struct Merge<'s, 'f> {
    at: String,
    sink: &'s mut Sink<'f>,
    english: usize,
}

/// Merges the documents' operation `doc` into the metadata's `meta`, by
/// the precedence in the module documentation.
pub(crate) fn merge(meta: &mut OperationFile, doc: &OperationFile, sink: &mut Sink) {
    let mut m = Merge {
        at: format!("apis.{}", meta.name),
        sink,
        english: 0,
    };
    m.text(&mut meta.summary, &doc.summary);
    if doc.description.is_some() || !doc.notes.is_empty() {
        meta.description.clone_from(&doc.description);
        meta.notes.clone_from(&doc.notes);
        m.english += meta.notes.iter().filter(|n| n.en.is_some()).count();
        m.english += usize::from(doc.description.as_ref().is_some_and(|d| d.en.is_some()));
    }
    if doc.explorer.is_some() {
        meta.explorer.clone_from(&doc.explorer);
    }
    m.parameters(&mut meta.request, &doc.request);
    m.fields(Side::Response, "", &mut meta.response, &doc.response);
    m.errors(&mut meta.errors, &doc.errors);
    examples(meta, doc);
    if m.english == 0 {
        let at = m.at.clone();
        m.sink.warn(
            ids::MERGE_NO_ENGLISH,
            &at,
            "its documents give no English text; the spec has the metadata's Chinese only",
        );
    }
}

impl Merge<'_, '_> {
    fn warn(&mut self, id: &'static str, message: String) {
        let at = self.at.clone();
        self.sink.warn(id, &at, message);
    }

    /// zh from the metadata, else the documents; en from the documents.
    fn text(&mut self, mine: &mut Text, theirs: &Text) {
        if mine.zh.is_none() {
            mine.zh.clone_from(&theirs.zh);
        }
        if theirs.en.is_some() {
            mine.en.clone_from(&theirs.en);
            self.english += 1;
        }
    }

    fn parameters(&mut self, mine: &mut [Parameter], theirs: &[Parameter]) {
        let mut used = vec![false; theirs.len()];
        for p in mine.iter_mut() {
            let Some(i) = self.twin(Side::Request, "", &p.name, theirs, |t| &t.name) else {
                continue;
            };
            used[i] = true;
            let path = p.name.clone();
            let t = &theirs[i];
            self.node(
                Side::Request,
                &path,
                Mine::parameter(p),
                Theirs::parameter(t),
            );
        }
        self.only_in_documents(Side::Request, "", theirs, &used, |t| &t.name);
    }

    fn fields(&mut self, side: Side, parent: &str, mine: &mut [Field], theirs: &[Field]) {
        let mut used = vec![false; theirs.len()];
        for f in mine.iter_mut() {
            let Some(i) = self.twin(side, parent, &f.name, theirs, |t| &t.name) else {
                continue;
            };
            used[i] = true;
            let path = join(parent, &f.name);
            self.node(side, &path, Mine::field(f), Theirs::field(&theirs[i]));
        }
        self.only_in_documents(side, parent, theirs, &used, |t| &t.name);
    }

    /// The documents' entry named `name` (in another case: a shape
    /// finding), or a finding that the metadata's is its only one.
    fn twin<T>(
        &mut self,
        side: Side,
        parent: &str,
        name: &str,
        theirs: &[T],
        name_of: impl Fn(&T) -> &String,
    ) -> Option<usize> {
        let path = join(parent, name);
        if let Some(i) = theirs.iter().position(|t| name_of(t) == name) {
            return Some(i);
        }
        if let Some(i) = theirs
            .iter()
            .position(|t| name_of(t).eq_ignore_ascii_case(name))
        {
            let message = format!(
                "{} `{path}` is `{}` in the documents; the spec follows the metadata's spelling",
                side.word(),
                name_of(&theirs[i])
            );
            self.warn(ids::MERGE_SHAPE_MISMATCH, message);
            return Some(i);
        }
        let message = format!(
            "{} `{path}` is in the metadata only; kept, without English text",
            side.word()
        );
        self.warn(side.only_in(true), message);
        None
    }

    fn only_in_documents<T>(
        &mut self,
        side: Side,
        parent: &str,
        theirs: &[T],
        used: &[bool],
        name_of: impl Fn(&T) -> &String,
    ) {
        for (t, _) in theirs.iter().zip(used).filter(|(_, u)| !**u) {
            let message = format!(
                "{} `{}` is in the documents only; left out, as the spec follows the metadata's structure",
                side.word(),
                join(parent, name_of(t))
            );
            self.warn(side.only_in(false), message);
        }
    }

    /// One parameter or field both sources have.
    fn node(&mut self, side: Side, path: &str, mine: Mine, theirs: Theirs) {
        self.text(mine.description, theirs.description);
        if side == Side::Request && mine.required != theirs.required {
            let say = |r: bool| if r { "required" } else { "optional" };
            let message = format!(
                "request `{path}` is {} in the documents, {} in the metadata; the spec follows the metadata",
                say(theirs.required),
                say(mine.required)
            );
            self.warn(ids::MERGE_REQUIRED_MISMATCH, message);
        }
        if !same_type(mine.ty, theirs.ty) {
            self.differ(side, path, mine, theirs);
            return;
        }
        if mine.example.is_none() {
            *mine.example = theirs.example.cloned();
        }
        self.constraints(mine.constraints, theirs.constraints);
        self.fields(side, path, mine.fields, theirs.fields);
        if let (Some(m), Some(t)) = (mine.items, theirs.items) {
            self.items(side, path, m, t);
        }
    }

    /// Types differ: a scalar's type, or the shape (a list against a
    /// structure, a list's wrapper written as a structure).
    fn differ(&mut self, side: Side, path: &str, mut mine: Mine, theirs: Theirs) {
        let what = side.word();
        let (m, t) = (mine.ty.as_str(), theirs.ty.as_str());
        if mine.ty.is_scalar() && theirs.ty.is_scalar() {
            let message = format!(
                "{what} `{path}` is {t} in the documents, {m} in the metadata; the spec follows the metadata"
            );
            self.warn(ids::MERGE_TYPE_MISMATCH, message);
            return;
        }
        // `Zones: {Zone: [...]}` written as a structure holding the list.
        let element = mine.items.as_deref().and_then(|i| i.name.clone());
        let inner = match (&element, theirs.fields) {
            (Some(e), [inner]) if inner.name == *e && inner.ty.is_list() => inner.items.as_deref(),
            _ => None,
        };
        if let (Some(element), Some(inner)) = (element, inner)
            && let Some(items) = mine.items.as_deref_mut()
        {
            let message = format!(
                "{what} `{path}` is a structure holding the list `{element}` in the documents, a list wrapped in `{element}` in the metadata; the spec follows the metadata"
            );
            self.warn(ids::MERGE_SHAPE_MISMATCH, message);
            self.items(side, path, items, inner);
            return;
        }
        let message = format!(
            "{what} `{path}` is {t} in the documents, {m} in the metadata; the spec follows the metadata's shape"
        );
        self.warn(ids::MERGE_SHAPE_MISMATCH, message);
        if let (Some(m), Some(t)) = (mine.items, theirs.items) {
            self.items(side, path, m, t);
        } else if !mine.fields.is_empty() && !theirs.fields.is_empty() {
            self.fields(side, path, mine.fields, theirs.fields);
        }
    }

    /// A list's elements.
    fn items(&mut self, side: Side, path: &str, mine: &mut Items, theirs: &Items) {
        if side == Side::Response && mine.name != theirs.name {
            let wrapper = |n: &Option<String>| match n {
                Some(n) => format!("wrapped in `{n}`"),
                None => "bare".to_owned(),
            };
            let message = format!(
                "response `{path}`'s elements are {} in the documents, {} in the metadata; the spec follows the metadata",
                wrapper(&theirs.name),
                wrapper(&mine.name)
            );
            self.warn(ids::MERGE_SHAPE_MISMATCH, message);
        }
        if !same_type(mine.ty, theirs.ty) {
            let id = if mine.ty.is_scalar() && theirs.ty.is_scalar() {
                ids::MERGE_TYPE_MISMATCH
            } else {
                ids::MERGE_SHAPE_MISMATCH
            };
            let message = format!(
                "{} `{path}`'s elements are {} in the documents, {} in the metadata; the spec follows the metadata",
                side.word(),
                theirs.ty.as_str(),
                mine.ty.as_str()
            );
            self.warn(id, message);
        }
        self.fields(side, path, &mut mine.fields, &theirs.fields);
        if let (Some(m), Some(t)) = (mine.items.as_deref_mut(), theirs.items.as_deref()) {
            self.items(side, path, m, t);
        }
    }

    /// Each constraint the metadata lacks, from the documents.
    fn constraints(&mut self, mine: &mut Option<Constraints>, theirs: Option<&Constraints>) {
        let Some(t) = theirs else {
            return;
        };
        let m = mine.get_or_insert_with(Constraints::default);
        if m.allowed.is_empty() {
            m.allowed.clone_from(&t.allowed);
        }
        m.minimum = m.minimum.or(t.minimum);
        m.maximum = m.maximum.or(t.maximum);
        m.max_length = m.max_length.or(t.max_length);
        m.count = m.count.or(t.count);
        if m.default.is_none() {
            m.default.clone_from(&t.default);
        }
        if let Some(text) = &t.text {
            let into = m.text.get_or_insert_with(Text::default);
            self.text(into, text);
        }
    }

    /// Both sources' entries, each as published; the metadata's first.
    fn errors(&mut self, mine: &mut Vec<ErrorCode>, theirs: &[ErrorCode]) {
        let mut used = vec![false; theirs.len()];
        for e in mine.iter_mut() {
            // The same message, else one that differs in a final period.
            let twin = [true, false].into_iter().find_map(|exact| {
                (0..theirs.len()).find(|&i| !used[i] && same_error(e, &theirs[i], exact))
            });
            match twin {
                Some(i) => {
                    used[i] = true;
                    self.error_text(e, &theirs[i]);
                }
                None => {
                    let message = format!(
                        "error `{}` (HTTP {}, \"{}\") is in the metadata only; kept",
                        e.code, e.http, e.message
                    );
                    self.warn(ids::MERGE_ERROR_ONLY_IN_METADATA, message);
                }
            }
        }
        for (t, _) in theirs.iter().zip(&used).filter(|(_, u)| !**u) {
            // A second spelling of an entry already matched.
            if let Some(e) = mine.iter_mut().find(|e| same_error(e, t, false)) {
                self.error_text(e, t);
                continue;
            }
            let message = format!(
                "error `{}` (HTTP {}, \"{}\") is in the documents only; kept as published",
                t.code, t.http, t.message
            );
            self.warn(ids::MERGE_ERROR_ONLY_IN_DOCUMENTS, message);
            if let Some(text) = &t.description {
                self.english += usize::from(text.en.is_some());
            }
            mine.push(t.clone());
        }
        // Statuses in order, each source's order kept within one status.
        mine.sort_by_key(|e| e.http);
    }

    fn error_text(&mut self, mine: &mut ErrorCode, theirs: &ErrorCode) {
        if let Some(text) = &theirs.description {
            let into = mine.description.get_or_insert_with(Text::default);
            self.text(into, text);
        }
    }
}

/// One error entry: status, code and message (`exact`, or but for a final
/// period, which the metadata adds to many messages).
fn same_error(a: &ErrorCode, b: &ErrorCode, exact: bool) -> bool {
    let message = |e: &ErrorCode| {
        if exact {
            e.message.clone()
        } else {
            e.message.trim().trim_end_matches('.').trim_end().to_owned()
        }
    };
    a.http == b.http && a.code == b.code && message(a) == message(b)
}

/// The documents' examples, verbatim; the metadata's where they have none.
fn examples(meta: &mut OperationFile, doc: &OperationFile) {
    let (m, d) = (&mut meta.examples, &doc.examples);
    for (mine, theirs) in [
        (&mut m.request, &d.request),
        (&mut m.json, &d.json),
        (&mut m.xml, &d.xml),
    ] {
        if theirs.is_some() {
            mine.clone_from(theirs);
        }
    }
}

/// Equal types; `List` is how some documents write `Array`.
fn same_type(a: TypeName, b: TypeName) -> bool {
    let list = |t| matches!(t, TypeName::Array | TypeName::List);
    a == b || (list(a) && list(b))
}

fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}
