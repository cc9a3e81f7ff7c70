//! What the generated Rust API calls each part of an operation, read from
//! the IR (so that the diff never re-derives a name the generator decides).
//!
//! Lowering maps each spec item to an IR item with its wire name (request
//! parameters to `Param`s, response fields to `StructField`s, a `Struct`
//! to the struct its field's type names), so both are walked together,
//! matched by wire name, never by position: a structure one operation has at
//! two paths is one IR struct whose fields may be in the other path's order
//! (`lower/shapes.rs`). Each Rust fact is keyed by the spec path `members`
//! uses.

use std::collections::BTreeMap;

use crate::ir::{self, RustType};
use crate::spec::{Field, Items, OperationFile, TypeName};

/// The Rust name and type of one parameter or field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Facts {
    /// The field (and setter) name.
    pub name: String,
    /// The value's type, e.g. `i32`, `Vec<Activation>`, `RegionId`.
    pub ty: String,
}

/// One operation's generated names.
#[derive(Clone, Debug, Default)]
pub(super) struct RustView {
    /// By spec path (`request.RegionId`, `response.Activation.InstanceCount`).
    pub members: BTreeMap<String, Facts>,
    /// Error code to variant name.
    pub variants: BTreeMap<String, String>,
}

impl RustView {
    /// The view of `op`, lowered as `ir_op`.
    pub(super) fn of(op: &OperationFile, ir_op: &ir::Operation) -> RustView {
        let mut view = RustView::default();
        for p in &op.request {
            let Some(lowered) = ir_op.request.params.iter().find(|l| l.wire == p.name) else {
                continue;
            };
            let ty = type_text(&lowered.ty);
            view.members.insert(
                format!("request.{}", p.name),
                Facts {
                    name: lowered.rust.clone(),
                    ty,
                },
            );
        }
        fields(
            &op.response,
            &ir_op.response.fields,
            "response",
            ir_op,
            &mut view.members,
        );
        for v in &ir_op.error.variants {
            view.variants.insert(v.code.clone(), v.name.clone());
        }
        view
    }
}

fn fields(
    spec: &[Field],
    lowered: &[ir::StructField],
    at: &str,
    op: &ir::Operation,
    out: &mut BTreeMap<String, Facts>,
) {
    for f in spec {
        let Some(l) = lowered.iter().find(|l| l.wire == f.name) else {
            continue;
        };
        let path = format!("{at}.{}", f.name);
        out.insert(
            path.clone(),
            Facts {
                name: l.rust.clone(),
                ty: type_text(&l.ty),
            },
        );
        children(f.ty, f.items.as_deref(), &f.fields, &l.ty, &path, op, out);
    }
}

/// The fields of a struct, or of a list's elements (path `…[]`).
fn children(
    ty: TypeName,
    items: Option<&Items>,
    spec_fields: &[Field],
    rust: &RustType,
    path: &str,
    op: &ir::Operation,
    out: &mut BTreeMap<String, Facts>,
) {
    match (ty, rust) {
        (TypeName::Struct, RustType::Struct(name)) => {
            if let Some(s) = op.structs.iter().find(|s| &s.name == name) {
                fields(spec_fields, &s.fields, path, op, out);
            }
        }
        (t, RustType::Vec(inner)) if t.is_list() => {
            if let Some(items) = items {
                children(
                    items.ty,
                    items.items.as_deref(),
                    &items.fields,
                    inner,
                    &format!("{path}[]"),
                    op,
                    out,
                );
            }
        }
        _ => {}
    }
}

/// A type as a Rust reader would write it, without paths.
pub(super) fn type_text(ty: &RustType) -> String {
    match ty {
        RustType::String => "String".to_owned(),
        RustType::I32 => "i32".to_owned(),
        RustType::I64 => "i64".to_owned(),
        RustType::F32 => "f32".to_owned(),
        RustType::F64 => "f64".to_owned(),
        RustType::Bool => "bool".to_owned(),
        RustType::Json => "serde_json::Value".to_owned(),
        RustType::Map => "BTreeMap<String, String>".to_owned(),
        RustType::Struct(name) | RustType::ValueSet(name) => name.clone(),
        RustType::Vec(inner) => format!("Vec<{}>", type_text(inner)),
    }
}
