//! Parameters and response fields, at every nesting level: matched by wire
//! name (or by `renamed_from`), then compared for requiredness, type,
//! constraints, generated names and documentation.
//!
//! One walk serves both sides; [`Kind`] picks the rule, because the same
//! edit means opposite things on them: a request is written by old clients
//! and read by the service, a response the other way round.

use std::collections::{BTreeMap, BTreeSet};

use super::compare::Out;
use super::rust_view::{Facts, RustView};
use super::{Rule, constraints};
use crate::naming;
use crate::spec::{Constraints, Field, Items, Parameter, Scalar, Text, TypeName};

/// Which side of the operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// Request parameters (and the fields of `Struct` parameters).
    Request,
    /// Response fields.
    Response,
}

/// What a parameter and a field have in common.
pub(super) struct Member<'a> {
    name: &'a str,
    renamed_from: Option<&'a str>,
    ty: TypeName,
    items: Option<&'a Items>,
    fields: &'a [Field],
    required: bool,
    /// The request's region parameter, which is never a constructor argument
    /// (`lower::is_region`).
    region: bool,
    example: Option<&'a Scalar>,
    description: &'a Text,
    constraints: Option<&'a Constraints>,
}

impl<'a> From<&'a Parameter> for Member<'a> {
    fn from(p: &'a Parameter) -> Self {
        Member {
            name: &p.name,
            renamed_from: p.renamed_from.as_deref(),
            ty: p.ty,
            items: p.items.as_deref(),
            fields: &p.fields,
            required: p.required,
            region: crate::lower::is_region(p),
            example: p.example.as_ref(),
            description: &p.description,
            constraints: p.constraints.as_ref(),
        }
    }
}

impl<'a> From<&'a Field> for Member<'a> {
    fn from(f: &'a Field) -> Self {
        Member {
            name: &f.name,
            renamed_from: f.renamed_from.as_deref(),
            ty: f.ty,
            items: f.items.as_deref(),
            fields: &f.fields,
            // A request structure's field can be required (`Tag.N.Key`);
            // the rules read it on the request side only.
            required: f.required,
            region: false,
            example: f.example.as_ref(),
            description: &f.description,
            constraints: f.constraints.as_ref(),
        }
    }
}

impl<'a> Member<'a> {
    /// What values it takes.
    pub(super) fn constraints(&self) -> Option<&'a Constraints> {
        self.constraints
    }
}

/// The generated names of both sides' operation.
pub(super) struct Views<'a> {
    /// The old operation's.
    pub old: &'a RustView,
    /// The new operation's.
    pub new: &'a RustView,
}

/// Compares the members of one scope (a request, a response, a struct or a
/// list's element), whose paths are `at.0` on the old side and `at.1` on
/// the new (they differ under a renamed parent).
pub(super) fn compare(
    kind: Kind,
    at: (&str, &str),
    old: &[Member],
    new: &[Member],
    views: &Views,
    out: &mut Out,
) {
    // `InstanceId.N` and `InstanceId` are one parameter whose type changed.
    let key = naming::strip_repeat_suffix;
    let mut old_index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, o) in old.iter().enumerate() {
        old_index.entry(key(o.name)).or_insert(i);
    }
    let new_keys: BTreeSet<&str> = new.iter().map(|n| key(n.name)).collect();
    let mut used = vec![false; old.len()];
    for n in new {
        let same = old_index.get(key(n.name)).copied().filter(|i| !used[*i]);
        let renamed = || {
            let from = n.renamed_from.filter(|f| !new_keys.contains(key(f)))?;
            old_index.get(key(from)).copied().filter(|i| !used[*i])
        };
        let new_path = format!("{}.{}", at.1, n.name);
        match same
            .map(|i| (i, false))
            .or_else(|| renamed().map(|i| (i, true)))
        {
            Some((i, renamed)) => {
                used[i] = true;
                let old_path = format!("{}.{}", at.0, old[i].name);
                pair(
                    kind,
                    (&old_path, &new_path),
                    (&old[i], n),
                    renamed,
                    views,
                    out,
                );
            }
            None => added(kind, &new_path, n, views.new.members.get(&new_path), out),
        }
    }
    for (o, _) in old.iter().zip(&used).filter(|(_, used)| !**used) {
        let path = format!("{}.{}", at.0, o.name);
        let rust = views
            .old
            .members
            .get(&path)
            .map(|f| format!(" (Rust field `{}`)", f.name))
            .unwrap_or_default();
        let (rule, what) = match kind {
            Kind::Request => (Rule::RequestParamRemoved, "parameter"),
            Kind::Response => (Rule::ResponseFieldRemoved, "field"),
        };
        out.push_values(
            rule,
            &path,
            format!("{what} removed{rust}"),
            Some(shape(o.ty, o.items)),
            None,
        );
    }
}

fn added(kind: Kind, path: &str, n: &Member, rust: Option<&Facts>, out: &mut Out) {
    let ty = shape(n.ty, n.items);
    let (rule, message) = match (kind, n.required) {
        (Kind::Request, true) => {
            let rust = rust
                .map(|f| format!(": constructor argument `{}`", f.name))
                .unwrap_or_default();
            (
                Rule::RequestParamAddedRequired,
                format!("required parameter added ({ty}){rust}"),
            )
        }
        (Kind::Request, false) => {
            let rust = rust
                .map(|f| format!(": setter `{}`", f.name))
                .unwrap_or_default();
            (
                Rule::RequestParamAdded,
                format!("optional parameter added ({ty}){rust}"),
            )
        }
        (Kind::Response, _) => {
            let rust = rust
                .map(|f| format!(": `{}: Option<{}>`", f.name, f.ty))
                .unwrap_or_default();
            (
                Rule::ResponseFieldAdded,
                format!("field added ({ty}){rust}"),
            )
        }
    };
    out.push_values(rule, path, message, None, Some(ty));
}

/// Compares one member that exists on both sides.
fn pair(
    kind: Kind,
    (old_path, new_path): (&str, &str),
    (o, n): (&Member, &Member),
    renamed: bool,
    views: &Views,
    out: &mut Out,
) {
    let rust = (
        views.old.members.get(old_path),
        views.new.members.get(new_path),
    );
    if renamed {
        renamed_member(kind, new_path, (o, n), rust, out);
    }
    if kind == Kind::Request && o.required != n.required {
        requiredness(new_path, (o, n), out);
    }
    let same_shape = shape(o.ty, o.items) == shape(n.ty, n.items);
    let rust_renamed = member_type(kind, new_path, (o, n), rust, renamed, out);
    constraints::compare(kind, new_path, o, n, out);
    out.text(
        new_path,
        "description",
        Some(o.description),
        Some(n.description),
    );
    example(new_path, (o, n), out);
    if same_shape {
        children(
            kind,
            (old_path, new_path),
            (o.fields, o.items),
            (n.fields, n.items),
            rust_renamed,
            views,
            out,
        );
    }
}

/// A member matched by its `renamed_from`, with its Rust names when they moved.
fn renamed_member(
    kind: Kind,
    new_path: &str,
    (o, n): (&Member, &Member),
    (old_rust, new_rust): (Option<&Facts>, Option<&Facts>),
    out: &mut Out,
) {
    let rust = match (old_rust, new_rust) {
        (Some(a), Some(b)) if a.name != b.name => {
            format!(" (Rust `{}` → `{}`)", a.name, b.name)
        }
        _ => String::new(),
    };
    let rule = match kind {
        Kind::Request => Rule::RequestParamRenamed,
        Kind::Response => Rule::ResponseFieldRenamed,
    };
    let message = format!("renamed from `{}`{rust}", o.name);
    out.push_values(
        rule,
        new_path,
        message,
        Some(o.name.to_owned()),
        Some(n.name.to_owned()),
    );
}

/// A request member made required or optional (the region parameter has rules of its own).
fn requiredness(new_path: &str, (o, n): (&Member, &Member), out: &mut Out) {
    let (rule, message) = match (n.required, o.region && n.region) {
        (true, true) => (
            Rule::RequestRegionBecameRequired,
            "now required: still a setter, filled from the client's region; \
             a call with neither fails before sending",
        ),
        (false, true) => (
            Rule::RequestRegionBecameOptional,
            "now optional: still a setter, filled from the client's region; \
             a call with neither is sent without it",
        ),
        (true, false) => (
            Rule::RequestParamBecameRequired,
            "now required: a constructor argument instead of a setter",
        ),
        (false, false) => (
            Rule::RequestParamBecameOptional,
            "now optional: a setter instead of a constructor argument",
        ),
    };
    let state = |r: bool| Some(if r { "required" } else { "optional" }.to_owned());
    out.push_values(
        rule,
        new_path,
        message.to_owned(),
        state(o.required),
        state(n.required),
    );
}

/// The type, changed on the wire or only in Rust; returns whether only its Rust name moved.
fn member_type(
    kind: Kind,
    new_path: &str,
    (o, n): (&Member, &Member),
    (old_rust, new_rust): (Option<&Facts>, Option<&Facts>),
    renamed: bool,
    out: &mut Out,
) -> bool {
    let (old_shape, new_shape) = (shape(o.ty, o.items), shape(n.ty, n.items));
    let rust_types = match (old_rust, new_rust) {
        (Some(a), Some(b)) if a.ty != b.ty => Some((a.ty.as_str(), b.ty.as_str())),
        _ => None,
    };
    if old_shape != new_shape {
        type_changed(
            kind,
            new_path,
            (o, n),
            (old_shape, new_shape),
            rust_types,
            out,
        );
        false
    } else if let Some((a, b)) = rust_types
        && !renamed
        && allowed(o).is_empty() == allowed(n).is_empty()
    {
        // Same wire name and type, same kind of Rust type: only a generated
        // name moved. (A rename renames a struct's type too; its rule says so.)
        let message = format!("Rust type `{a}` → `{b}` (wire unchanged)");
        out.push_values(
            Rule::RustNameChanged,
            new_path,
            message,
            Some(a.to_owned()),
            Some(b.to_owned()),
        );
        true
    } else {
        false
    }
}

/// A wire type changed: widened (or narrowed) compatibly, or not.
fn type_changed(
    kind: Kind,
    new_path: &str,
    (o, n): (&Member, &Member),
    (old_shape, new_shape): (String, String),
    rust_types: Option<(&str, &str)>,
    out: &mut Out,
) {
    let compatible = match kind {
        Kind::Request => accepts((n.ty, n.items), (o.ty, o.items), true),
        Kind::Response => accepts((o.ty, o.items), (n.ty, n.items), false),
    };
    let rule = match (kind, compatible) {
        (Kind::Request, true) => Rule::RequestParamTypeWidened,
        (Kind::Request, false) => Rule::RequestParamTypeChanged,
        (Kind::Response, true) => Rule::ResponseFieldTypeNarrowed,
        (Kind::Response, false) => Rule::ResponseFieldTypeChanged,
    };
    let rust = rust_types
        .map(|(a, b)| format!(" (Rust `{a}` → `{b}`)"))
        .unwrap_or_default();
    let message = format!("type {old_shape} → {new_shape}{rust}");
    out.push_values(rule, new_path, message, Some(old_shape), Some(new_shape));
}

/// The example value.
fn example(new_path: &str, (o, n): (&Member, &Member), out: &mut Out) {
    if o.example != n.example {
        let show = |s: Option<&Scalar>| s.map(|s| s.as_str().to_owned());
        let message = format!(
            "example changed ({} → {})",
            constraints::scalar(o.example),
            constraints::scalar(n.example)
        );
        out.push_values(
            Rule::ExampleChanged,
            new_path,
            message,
            show(o.example),
            show(n.example),
        );
    }
}

/// The fields of a struct, and of list elements at every depth (`…[]`).
fn children(
    kind: Kind,
    (old_path, new_path): (&str, &str),
    (old_fields, old_items): (&[Field], Option<&Items>),
    (new_fields, new_items): (&[Field], Option<&Items>),
    rust_renamed: bool,
    views: &Views,
    out: &mut Out,
) {
    let of: Vec<Member> = old_fields.iter().map(Member::from).collect();
    let nf: Vec<Member> = new_fields.iter().map(Member::from).collect();
    compare(kind, (old_path, new_path), &of, &nf, views, out);
    let (Some(oi), Some(ni)) = (old_items, new_items) else {
        return;
    };
    if oi.name != ni.name && !rust_renamed {
        let name = |n: &Option<String>| n.clone().unwrap_or_else(|| "none".to_owned());
        let message = format!("element name `{}` → `{}`", name(&oi.name), name(&ni.name));
        out.push_values(
            Rule::DescriptionChanged,
            new_path,
            message,
            oi.name.clone(),
            ni.name.clone(),
        );
    }
    let (old_path, new_path) = (format!("{old_path}[]"), format!("{new_path}[]"));
    let (old_next, new_next) = (
        (&oi.fields[..], oi.items.as_deref()),
        (&ni.fields[..], ni.items.as_deref()),
    );
    children(
        kind,
        (&old_path, &new_path),
        old_next,
        new_next,
        false,
        views,
        out,
    );
}

/// A type as the spec writes it, with list elements: `RepeatList<String>`,
/// `Array<Struct>`. `List` is spelled `Array`: they are one thing.
fn shape(ty: TypeName, items: Option<&Items>) -> String {
    let name = match ty {
        TypeName::List => TypeName::Array,
        t => t,
    };
    match (ty.is_list(), items) {
        (true, Some(i)) => format!("{}<{}>", name.as_str(), shape(i.ty, i.items.as_deref())),
        (true, None) => format!("{}<?>", name.as_str()),
        _ => name.as_str().to_owned(),
    }
}

/// Whether every value of type `narrow` is a valid value of type `wide`:
/// Integer fits Long and Double, Float fits Double, and (for request
/// parameters, which travel as text) any scalar fits String. Lists compare
/// their elements.
fn accepts(
    wide: (TypeName, Option<&Items>),
    narrow: (TypeName, Option<&Items>),
    text_takes_scalars: bool,
) -> bool {
    use TypeName::*;
    let same_list = |a: TypeName, b: TypeName| {
        a.is_list() && b.is_list() && (a == b || (a != RepeatList && b != RepeatList))
    };
    match (wide, narrow) {
        ((w, Some(wi)), (n, Some(ni))) if same_list(w, n) => accepts(
            (wi.ty, wi.items.as_deref()),
            (ni.ty, ni.items.as_deref()),
            text_takes_scalars,
        ),
        ((w, _), (n, _)) => {
            w == n
                || matches!(
                    (n, w),
                    (Integer, Long) | (Integer, Double) | (Float, Double)
                )
                || (text_takes_scalars && w == String && n.is_scalar())
        }
    }
}

fn allowed<'a>(m: &Member<'a>) -> &'a [Scalar] {
    m.constraints().map(|c| &c.allowed[..]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(ty: TypeName, of: TypeName) -> (TypeName, Option<Items>) {
        (
            ty,
            Some(Items {
                ty: of,
                name: None,
                fields: Vec::new(),
                items: None,
            }),
        )
    }

    fn accepts_types(
        wide: (TypeName, Option<Items>),
        narrow: (TypeName, Option<Items>),
        text: bool,
    ) -> bool {
        accepts(
            (wide.0, wide.1.as_ref()),
            (narrow.0, narrow.1.as_ref()),
            text,
        )
    }

    #[test]
    fn wider_types_accept_narrower_values() {
        use TypeName::*;
        let scalar = |t| (t, None);
        assert!(accepts_types(scalar(Long), scalar(Integer), false));
        assert!(accepts_types(scalar(Double), scalar(Float), false));
        assert!(!accepts_types(scalar(Integer), scalar(Long), false));
        assert!(
            !accepts_types(scalar(String), scalar(Integer), false),
            "a JSON number is not a string"
        );
        assert!(
            accepts_types(scalar(String), scalar(Integer), true),
            "a query value is text"
        );
        assert!(!accepts_types(scalar(Struct), scalar(String), true));
        assert!(accepts_types(list(Array, Long), list(List, Integer), false));
        assert!(
            !accepts_types(list(RepeatList, Long), list(Array, Integer), true),
            "sent differently"
        );
        assert!(!accepts_types(list(Array, String), scalar(String), true));
    }

    #[test]
    fn list_and_array_are_one_shape() {
        let (a, b) = (
            list(TypeName::List, TypeName::Integer),
            list(TypeName::Array, TypeName::Integer),
        );
        assert_eq!(shape(a.0, a.1.as_ref()), shape(b.0, b.1.as_ref()));
        assert_eq!(shape(a.0, a.1.as_ref()), "Array<Integer>");
    }
}
