//! Names and identity of the shapes (request structures, response
//! structures, value sets) of a service: one model for every operation.
//!
//! Lowering an operation creates its shapes under provisional names
//! ([`Drafts::add`]). [`Drafts::finish`] then gives each shape a content key
//! (its wire name and its fields: wire and Rust names, types with nested
//! shapes by their own key, requiredness, encoding, list wrapping; not their
//! order, not their documentation), merges the shapes of one operation that
//! are the same, and names them from their spec paths, never from the order
//! of the spec:
//!
//! - a shape is named after its wire name (`Tag`);
//! - when several different shapes of one operation want the same name, the
//!   one nearest the top (then: the request's before the response's, then by
//!   path) keeps it, and the others are qualified by the shape that holds
//!   them (`InstanceTag`), numbered only if that is taken too.
//!
//! [`share`] then finds the shapes that several operations have with the
//! same key. Each is defined once, in the crate's `shared` module, and every
//! operation's module re-exports it under the operation's own name for it,
//! so `create_disk::Tag` and `create_instance::Tag` are one type when their
//! fields are the same, and the paths users write do not change when another
//! operation starts or stops using a shape. The definition's documentation is,
//! part by part, what most of its users say; an operation that says
//! otherwise keeps its own words on its re-export ([`texts`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ir::{self, Definition, RustType};
use crate::naming::{self, Scope};

/// Which side of an operation a shape is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Side {
    Request,
    Response,
}

/// Where a shape sits in its operation.
#[derive(Clone, Debug)]
pub(super) struct Place {
    /// The spec path (`response.Instances.Instance`).
    pub path: String,
    /// How many shapes enclose it.
    pub depth: usize,
    /// The base name of the enclosing shape (`Request`/`Response` at the top).
    pub parent: String,
    pub side: Side,
}

impl Place {
    pub fn top(side: Side) -> Self {
        let word = match side {
            Side::Request => "request",
            Side::Response => "response",
        };
        Place {
            path: word.to_owned(),
            depth: 0,
            parent: naming::type_name(word),
            side,
        }
    }

    /// The place of a value at `wire` under this one.
    pub fn at(&self, wire: &str) -> Place {
        Place {
            path: format!("{}.{wire}", self.path),
            ..self.clone()
        }
    }

    /// The place of the fields of a shape `base` created here.
    pub fn inside(&self, base: &str) -> Place {
        Place {
            path: self.path.clone(),
            depth: self.depth + 1,
            parent: base.to_owned(),
            side: self.side,
        }
    }
}

/// Marks a provisional name; no type name starts with it.
const PROVISIONAL: char = '\u{1}';

/// The shapes of one operation while it is lowered.
#[derive(Default)]
pub(super) struct Drafts {
    drafts: Vec<Draft>,
}

struct Draft {
    base: String,
    place: Place,
}

/// Interns shape keys across a whole service, so that a key holds the
/// number of a nested shape, not the nested key itself.
#[derive(Default)]
pub(super) struct Interner {
    ids: HashMap<String, usize>,
    keys: Vec<String>,
}

impl Interner {
    fn intern(&mut self, key: String) -> usize {
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.keys.len();
        self.ids.insert(key.clone(), id);
        self.keys.push(key);
        id
    }
}

/// One shape of a lowered operation, for [`share`].
#[derive(Clone, Debug)]
pub(super) struct Local {
    shape: usize,
    base: String,
    name: String,
}

impl Drafts {
    /// A provisional name for a new shape called `base`, at `place`.
    pub fn add(&mut self, base: String, place: &Place) -> String {
        self.drafts.push(Draft {
            base,
            place: place.clone(),
        });
        format!("{PROVISIONAL}{}", self.drafts.len() - 1)
    }

    /// Keys, merges and names the shapes of `op` (lowered with provisional
    /// names); returns them for [`share`].
    pub fn finish(self, op: &mut ir::Operation, interner: &mut Interner) -> Vec<Local> {
        let shape = self.keys(op, interner);
        // One draft per shape: the one nearest the top.
        let mut keep: BTreeMap<usize, usize> = BTreeMap::new();
        for (id, &shape) in shape.iter().enumerate() {
            keep.entry(shape)
                .and_modify(|k| {
                    if self.order(id) < self.order(*k) {
                        *k = id;
                    }
                })
                .or_insert(id);
        }
        let kept: BTreeSet<usize> = keep.values().copied().collect();
        let names = self.names(&kept, &op.action);

        let locals: Vec<Local> = kept
            .iter()
            .map(|&id| Local {
                shape: shape[id],
                base: self.drafts[id].base.clone(),
                name: names[&id].clone(),
            })
            .collect();
        // Drop the merged definitions, then rename every reference.
        let is_kept = |name: &str| kept.contains(&draft_id(name));
        op.request_structs.retain(|s| is_kept(&s.name));
        op.structs.retain(|s| is_kept(&s.name));
        op.value_sets.retain(|v| is_kept(&v.name));
        let final_name = |provisional: &str| names[&keep[&shape[draft_id(provisional)]]].clone();
        rename_all(op, &final_name);
        locals
    }

    /// The interned key of each draft.
    fn keys(&self, op: &ir::Operation, interner: &mut Interner) -> Vec<usize> {
        let n = self.drafts.len();
        let mut slot = vec![None; n];
        for (i, s) in op.request_structs.iter().enumerate() {
            slot[draft_id(&s.name)] = Some(Slot::Request(i));
        }
        for (i, s) in op.structs.iter().enumerate() {
            slot[draft_id(&s.name)] = Some(Slot::Response(i));
        }
        for (i, v) in op.value_sets.iter().enumerate() {
            slot[draft_id(&v.name)] = Some(Slot::Values(i));
        }
        // Nested shapes first: children have larger ids than their parents.
        let mut shape = vec![usize::MAX; n];
        for id in (0..n).rev() {
            let key = match slot[id].expect("every draft is defined") {
                Slot::Request(i) => request_key(&op.request_structs[i], &shape),
                Slot::Response(i) => response_key(&op.structs[i], &shape),
                Slot::Values(i) => values_key(&op.value_sets[i]),
            };
            shape[id] = interner.intern(format!("{}\n{key}", self.drafts[id].base));
        }
        shape
    }

    /// Which of two drafts comes first, whatever the spec's order: the one
    /// nearer the top, then the request's, then by path.
    fn order(&self, id: usize) -> (usize, Side, &str) {
        let p = &self.drafts[id].place;
        (p.depth, p.side, &p.path)
    }

    /// The names of the `kept` drafts of operation `action`: per base name,
    /// the first in [`Drafts::order`] keeps it, the others are qualified by
    /// their parent; claimed in an order that does not depend on the spec's.
    fn names(&self, kept: &BTreeSet<usize>, action: &str) -> HashMap<usize, String> {
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &id in kept {
            groups.entry(&self.drafts[id].base).or_default().push(id);
        }
        for members in groups.values_mut() {
            members.sort_by(|a, b| self.order(*a).cmp(&self.order(*b)));
        }
        let [req, resp, err] = naming::operation_type_names(action);
        let mut scope = Scope::with_reserved(&[&req, &resp, &err]);
        let mut names = HashMap::new();
        for (base, members) in &groups {
            names.insert(members[0], scope.claim(base));
        }
        for members in groups.values() {
            for &id in &members[1..] {
                let d = &self.drafts[id];
                let qualified = naming::type_name(&format!("{}{}", d.place.parent, d.base));
                names.insert(id, scope.claim(&qualified));
            }
        }
        names
    }
}

#[derive(Clone, Copy)]
enum Slot {
    Request(usize),
    Response(usize),
    Values(usize),
}

fn draft_id(provisional: &str) -> usize {
    provisional
        .strip_prefix(PROVISIONAL)
        .and_then(|n| n.parse().ok())
        .expect("a provisional name")
}

/// The key of a type: scalars by name, shapes by their interned number.
fn type_key(ty: &RustType, shape: &[usize]) -> String {
    match ty {
        RustType::Struct(p) | RustType::ValueSet(p) => format!("#{}", shape[draft_id(p)]),
        RustType::Vec(inner) => format!("[{}]", type_key(inner, shape)),
        other => format!("{other:?}"),
    }
}

/// A key is the same whatever the order of the fields or values: order is
/// not identity (the wire is keyed by name), and spec order must not decide
/// which shapes are one.
fn key_of(kind: &str, mut lines: Vec<String>) -> String {
    lines.sort_unstable();
    format!("{kind}\n{}", lines.join("\n"))
}

fn request_key(s: &ir::RequestStruct, shape: &[usize]) -> String {
    let lines = s.params.iter().map(|p| {
        format!(
            "{}|{}|{}|{}|{}|{:?}|{:?}|{}",
            p.wire,
            p.rust,
            p.setter,
            p.set_all,
            p.required,
            p.encoding,
            p.documented_type,
            type_key(&p.ty, shape),
        )
    });
    key_of("request", lines.collect())
}

fn response_key(s: &ir::Struct, shape: &[usize]) -> String {
    let lines = s.fields.iter().map(|f| {
        format!(
            "{}|{}|{:?}|{}",
            f.wire,
            f.rust,
            f.list,
            type_key(&f.ty, shape)
        )
    });
    key_of("response", lines.collect())
}

fn values_key(v: &ir::ValueSet) -> String {
    let lines = v.values.iter().map(|(c, value)| format!("{c}|{value}"));
    key_of("values", lines.collect())
}

/// Renames every shape of `op` and every reference to one.
fn rename_all(op: &mut ir::Operation, rename: &dyn Fn(&str) -> String) {
    for p in op.request.params.iter_mut().chain(
        op.request_structs
            .iter_mut()
            .flat_map(|s| s.params.iter_mut()),
    ) {
        rename_type(&mut p.ty, rename);
    }
    for f in op
        .response
        .fields
        .iter_mut()
        .chain(op.structs.iter_mut().flat_map(|s| s.fields.iter_mut()))
    {
        rename_type(&mut f.ty, rename);
    }
    for s in &mut op.request_structs {
        s.name = rename(&s.name);
    }
    for s in &mut op.structs {
        s.name = rename(&s.name);
    }
    for v in &mut op.value_sets {
        v.name = rename(&v.name);
    }
}

fn rename_type(ty: &mut RustType, rename: &dyn Fn(&str) -> String) {
    match ty {
        RustType::Struct(name) | RustType::ValueSet(name) => *name = rename(name),
        RustType::Vec(inner) => rename_type(inner, rename),
        _ => {}
    }
}

/// Defines once, under crate-level names, every shape that more than one
/// operation has (`operations` in name order, `locals` theirs from
/// [`Drafts::finish`]), and marks the operations' copies as re-exports.
///
/// A shared shape is named after its wire name; different shared shapes
/// with one name are told apart by a number, the one most operations use
/// first. These names are only the `shared` module's: users reach the types
/// through the operations' modules, whose names never depend on other
/// operations.
pub(super) fn share(
    operations: &mut [ir::Operation],
    locals: &[Vec<Local>],
    interner: &Interner,
) -> ir::Shapes {
    let mut users: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, ls) in locals.iter().enumerate() {
        for l in ls {
            users.entry(l.shape).or_default().push(i);
        }
    }
    let shared_name = shared_names(&users, locals, interner);
    // Each operation's names of its shared shapes, and the marks.
    let maps: Vec<HashMap<String, String>> = locals
        .iter()
        .map(|ls| {
            ls.iter()
                .filter_map(|l| Some((l.name.clone(), shared_name.get(&l.shape)?.clone())))
                .collect()
        })
        .collect();
    for (op, map) in operations.iter_mut().zip(&maps) {
        mark(op, map);
    }

    // The module's name must not be an operation's module's.
    let taken: Vec<&str> = operations.iter().map(|op| op.fn_name.as_str()).collect();
    let mut out = ir::Shapes {
        module: Scope::with_reserved(&taken).claim(naming::SHARED_MODULE),
        ..ir::Shapes::default()
    };
    // Each operation's own documentation of a shape, for its re-export.
    let mut own_docs: Vec<(usize, String, ir::Docs)> = Vec::new();
    for (&shape, ops) in &users {
        let Some(name) = shared_name.get(&shape) else {
            continue;
        };
        let copies: Vec<(usize, &str, Copy<'_>)> = ops
            .iter()
            .map(|&i| {
                let local = &locals[i]
                    .iter()
                    .find(|l| l.shape == shape)
                    .expect("a user has the shape")
                    .name;
                (i, local.as_str(), Copy::find(&operations[i], local))
            })
            .collect();
        let docs: Vec<texts::CopyDocs<'_>> = copies.iter().map(|(_, _, c)| c.docs()).collect();
        let chosen = texts::choose(&docs);
        let mut differ = false;
        for ((i, local, _), copy) in copies.iter().zip(&docs) {
            let own = texts::own(copy, &chosen);
            differ |= !own.is_empty();
            own_docs.push((*i, (*local).to_owned(), own));
        }
        let mut note = format!("One type for the {} operations that use it.", ops.len());
        if differ {
            note.push_str(
                " Where they describe it differently, this is what most of them say \
                 (nothing, where no text has a majority), and an operation's own words \
                 are on its re-export of the type.",
            );
        }
        // The copies differ only in documentation: any one is the structure.
        let (first, _, copy) = &copies[0];
        let map = &maps[*first];
        let rename = |n: &str| map.get(n).cloned().unwrap_or_else(|| n.to_owned());
        copy.define(name, chosen, &note, &rename, &mut out);
    }
    for (i, local, docs) in own_docs {
        set_reexport_docs(&mut operations[i], &local, docs);
    }
    out.request_structs.sort_by(|a, b| a.name.cmp(&b.name));
    out.structs.sort_by(|a, b| a.name.cmp(&b.name));
    out.value_sets.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Crate-level names of the shapes more than one operation uses: the wire
/// name, numbered among shapes of one name by how many operations use each
/// (then by key, so never by spec order).
fn shared_names(
    users: &BTreeMap<usize, Vec<usize>>,
    locals: &[Vec<Local>],
    interner: &Interner,
) -> HashMap<usize, String> {
    let base: HashMap<usize, &str> = locals
        .iter()
        .flatten()
        .map(|l| (l.shape, l.base.as_str()))
        .collect();
    let mut by_base: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (&shape, ops) in users {
        if ops.len() > 1 {
            by_base.entry(base[&shape]).or_default().push(shape);
        }
    }
    let mut scope = Scope::default();
    let mut names = HashMap::new();
    for (b, shapes) in &mut by_base {
        shapes.sort_by(|x, y| {
            users[y]
                .len()
                .cmp(&users[x].len())
                .then_with(|| interner.keys[*x].cmp(&interner.keys[*y]))
        });
        for &shape in shapes.iter() {
            names.insert(shape, scope.claim(b));
        }
    }
    names
}

/// Marks the shapes of `op` that `shared` (local name → crate-level name)
/// holds as defined there.
fn mark(op: &mut ir::Operation, shared: &HashMap<String, String>) {
    for (name, definition) in op.definitions_mut() {
        *definition = match shared.get(name) {
            Some(s) => Definition::Shared(ir::Reexport {
                name: s.clone(),
                docs: ir::Docs::new(),
            }),
            None => Definition::Local,
        };
    }
}

/// Sets the documentation of `op`'s re-export of its shape `local`.
fn set_reexport_docs(op: &mut ir::Operation, local: &str, docs: ir::Docs) {
    let definition = op.definitions_mut().find(|(name, _)| *name == local);
    if let Some((_, Definition::Shared(r))) = definition {
        r.docs = docs;
    }
}

/// One operation's copy of a shape.
enum Copy<'a> {
    Request(&'a ir::RequestStruct),
    Response(&'a ir::Struct),
    Values(&'a ir::ValueSet),
}

impl<'a> Copy<'a> {
    fn find(op: &'a ir::Operation, name: &str) -> Self {
        if let Some(s) = op.request_structs.iter().find(|s| s.name == name) {
            Copy::Request(s)
        } else if let Some(s) = op.structs.iter().find(|s| s.name == name) {
            Copy::Response(s)
        } else {
            Copy::Values(
                op.value_sets
                    .iter()
                    .find(|v| v.name == name)
                    .expect("every local shape is defined"),
            )
        }
    }

    /// Adds it to `out` as `name` with the documentation `chosen` and `note`
    /// (what it stands for) after it, its references renamed by `rename`.
    fn define(
        &self,
        name: &str,
        mut chosen: texts::Chosen,
        note: &str,
        rename: &dyn Fn(&str) -> String,
        out: &mut ir::Shapes,
    ) {
        let mut docs = chosen.own;
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(note.to_owned());
        let mut field_docs = |rust: &str, into: &mut ir::Docs| {
            if let Some(d) = chosen.fields.remove(rust) {
                *into = d;
            }
        };
        match self {
            Copy::Request(s) => {
                let mut s = (*s).clone();
                s.name = name.to_owned();
                s.definition = Definition::Local;
                s.docs = docs;
                for p in &mut s.params {
                    rename_type(&mut p.ty, rename);
                    field_docs(&p.rust, &mut p.docs);
                }
                out.request_structs.push(s);
            }
            Copy::Response(s) => {
                let mut s = (*s).clone();
                s.name = name.to_owned();
                s.definition = Definition::Local;
                s.docs = docs;
                for f in &mut s.fields {
                    rename_type(&mut f.ty, rename);
                    field_docs(&f.rust, &mut f.docs);
                }
                out.structs.push(s);
            }
            Copy::Values(v) => {
                let mut v = (*v).clone();
                v.name = name.to_owned();
                v.definition = Definition::Local;
                v.docs = docs;
                out.value_sets.push(v);
            }
        }
    }

    /// Its documentation and its fields'.
    fn docs(&self) -> texts::CopyDocs<'a> {
        match self {
            Copy::Request(s) => texts::CopyDocs {
                own: &s.docs,
                fields: s
                    .params
                    .iter()
                    .map(|p| (p.rust.as_str(), &p.docs))
                    .collect(),
            },
            Copy::Response(s) => texts::CopyDocs {
                own: &s.docs,
                fields: s
                    .fields
                    .iter()
                    .map(|f| (f.rust.as_str(), &f.docs))
                    .collect(),
            },
            Copy::Values(v) => texts::CopyDocs {
                own: &v.docs,
                fields: Vec::new(),
            },
        }
    }
}

mod texts;

#[cfg(test)]
mod tests;
