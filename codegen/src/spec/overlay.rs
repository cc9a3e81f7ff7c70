//! Overlays: hand curation that survives re-importing the documents.
//!
//! `operations/<Name>.yaml` is written by `codegen import` and is replaced
//! whole whenever the documents are imported again. What a person knows
//! better than the documents (the regions an operation really accepts, a
//! type the document gets wrong) goes in `overlays/<Name>.yaml`, which the
//! importer never writes. The loader reads each overlay and merges it onto
//! the operation of the same name before validation:
//!
//! ```yaml
//! # yaml-language-server: $schema=../schema/overlay.schema.json
//! operation: DeleteActivation
//! request:
//!   RegionId:                   # a parameter, by wire name
//!     constraints:
//!       enum: [cn-hangzhou, cn-beijing, cn-shanghai]
//! response:
//!   Activation.InstanceCount:   # a field, by dotted path through struct fields and list items
//!     type: Integer
//! notes:                        # top-level: summary, description, notes, explorer, method, kind, idempotency_token, pagination
//!   - zh: …
//! ```
//!
//! The rule: each key given REPLACES that key of the target, whole (a
//! `constraints` replaces all the constraints, not only the ones it names);
//! keys not given are left as imported. A target that does not exist (an
//! operation, parameter or field the import no longer has) is an error
//! located in the overlay file, so curation never silently stops applying.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::load::SpecFile;
use super::model::{
    Constraints, Field, Method, OperationFile, OperationKind, Pagination, Parameter, Scalar, Text,
    TypeName,
};
use crate::diag::Diagnostics;

/// `overlays/<Name>.yaml`: hand curation of one imported operation.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OverlayFile {
    /// The operation this overlay applies to; also the file's name.
    pub operation: String,
    /// Replaces the summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
    /// Replaces the description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Replaces the notes, all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Vec<Text>>,
    /// Replaces the OpenAPI Explorer link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explorer: Option<String>,
    /// Sets the HTTP method (the documents do not say it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    /// Sets what the operation does (decides what the client retries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OperationKind>,
    /// Sets the idempotency-token parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_token: Option<String>,
    /// Sets how the operation pages, whole (the import's inference replaced).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// Request parameters by wire name (`RegionId`, `InstanceId.N`); a field
    /// of a `Struct` parameter as `Param.Field`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub request: BTreeMap<String, ParameterPatch>,
    /// Response fields by dotted path through struct fields and list items
    /// (`Activation.InstanceCount`, `Invocations.InvokeInstances.Dropped`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub response: BTreeMap<String, FieldPatch>,
}

/// What an overlay replaces in a request parameter.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ParameterPatch {
    /// Replaces the type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeName>,
    /// Replaces whether the parameter is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Replaces the example value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Scalar>,
    /// Replaces the description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Replaces the constraints, all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<Constraints>,
    /// Sets the wire name the parameter had before a rename (for `codegen diff`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
}

/// What an overlay replaces in a response field.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldPatch {
    /// Replaces the type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeName>,
    /// Replaces the example value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Scalar>,
    /// Replaces the description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Replaces the constraints, all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<Constraints>,
    /// Sets the wire name the field had before a rename (for `codegen diff`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
}

impl FieldPatch {
    fn apply(&self, f: &mut Field) {
        if let Some(t) = self.ty {
            f.ty = t;
        }
        if let Some(e) = &self.example {
            f.example = Some(e.clone());
        }
        if let Some(d) = &self.description {
            f.description = d.clone();
        }
        if let Some(c) = &self.constraints {
            f.constraints = Some(c.clone());
        }
        if let Some(r) = &self.renamed_from {
            f.renamed_from = Some(r.clone());
        }
    }
}

impl ParameterPatch {
    fn apply(&self, p: &mut Parameter) {
        if let Some(t) = self.ty {
            p.ty = t;
        }
        if let Some(r) = self.required {
            p.required = r;
        }
        if let Some(e) = &self.example {
            p.example = Some(e.clone());
        }
        if let Some(d) = &self.description {
            p.description = d.clone();
        }
        if let Some(c) = &self.constraints {
            p.constraints = Some(c.clone());
        }
        if let Some(r) = &self.renamed_from {
            p.renamed_from = Some(r.clone());
        }
    }

    /// The same replacements, for a field of a `Struct` parameter (which
    /// has no `required`).
    fn as_field_patch(&self) -> Option<FieldPatch> {
        if self.required.is_some() {
            return None;
        }
        Some(FieldPatch {
            ty: self.ty,
            example: self.example.clone(),
            description: self.description.clone(),
            constraints: self.constraints.clone(),
            renamed_from: self.renamed_from.clone(),
        })
    }
}

/// Merges `overlay` onto `op`. Every key that names nothing in `op` is
/// reported, located in the overlay file; the keys that do resolve are
/// applied all the same.
pub fn apply(overlay: &SpecFile<OverlayFile>, op: &mut OperationFile, diags: &mut Diagnostics) {
    let o = &overlay.value;
    if let Some(s) = &o.summary {
        op.summary = s.clone();
    }
    if let Some(d) = &o.description {
        op.description = Some(d.clone());
    }
    if let Some(n) = &o.notes {
        op.notes = n.clone();
    }
    if let Some(e) = &o.explorer {
        op.explorer = Some(e.clone());
    }
    if let Some(k) = o.kind {
        op.kind = Some(k);
    }
    if let Some(p) = &o.pagination {
        op.pagination = Some(p.clone());
    }
    if let Some(t) = &o.idempotency_token {
        op.idempotency_token = Some(t.clone());
    }
    if let Some(m) = o.method {
        op.method = Some(m);
    }
    for (name, patch) in &o.request {
        let at = format!("request.{name}");
        if let Some(p) = op.request.iter_mut().find(|p| &p.name == name) {
            patch.apply(p);
            continue;
        }
        // `Param.Field` into a Struct parameter.
        let found = name.split_once('.').and_then(|(param, rest)| {
            let p = op.request.iter_mut().find(|p| p.name == param)?;
            find_field(&mut p.fields, p.items.as_deref_mut(), rest)
        });
        match (found, patch.as_field_patch()) {
            (Some(f), Some(fp)) => fp.apply(f),
            (Some(_), None) => diags.push(
                overlay.locate(&format!("{at}.required")),
                format!(
                    "`{name}` is a field of a Struct parameter; only parameters have `required`"
                ),
            ),
            (None, _) => diags.push(
                overlay.locate(&at),
                format!("operation `{}` has no request parameter `{name}`", op.name),
            ),
        }
    }
    for (path, patch) in &o.response {
        match find_field(&mut op.response, None, path) {
            Some(f) => patch.apply(f),
            None => diags.push(
                overlay.locate(&format!("response.{path}")),
                format!("operation `{}` has no response field `{path}`", op.name),
            ),
        }
    }
}

/// Follows a dotted path through struct fields and list items.
fn find_field<'a>(
    fields: &'a mut [Field],
    items: Option<&'a mut super::model::Items>,
    path: &str,
) -> Option<&'a mut Field> {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    // A list's element holds the fields (`Array of X`).
    let mut fields = fields;
    if fields.is_empty()
        && let Some(items) = items
    {
        let mut items = items;
        while items.fields.is_empty() {
            items = items.items.as_deref_mut()?;
        }
        fields = &mut items.fields;
    }
    let field = fields.iter_mut().find(|f| f.name == head)?;
    match rest {
        None => Some(field),
        Some(rest) => find_field(&mut field.fields, field.items.as_deref_mut(), rest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::load::parse_text;
    use std::path::Path;

    const OP: &str = "name: Op
summary: {zh: 摘要}
request:
  - name: RegionId
    type: String
    required: true
    description: {zh: 地域}
  - name: InstanceId.N
    type: RepeatList
    items: {type: String}
    description: {zh: 实例}
response:
  - name: Items
    type: Array
    description: {zh: 列表}
    items:
      type: Struct
      name: Item
      fields:
        - name: Count
          type: String
          description: {zh: 数量}
  - name: RequestId
    type: String
    description: {zh: 请求ID}
";

    fn load(text: &str) -> (OperationFile, SpecFile<OverlayFile>) {
        let mut d = Diagnostics::default();
        let op = parse_text::<OperationFile>(Path::new("Op.yaml"), "operations.Op", OP, &mut d);
        let op = op.unwrap_or_else(|| panic!("{d}")).value;
        let overlay =
            parse_text::<OverlayFile>(Path::new("overlays/Op.yaml"), "overlays.Op", text, &mut d);
        assert!(d.is_empty(), "{d}");
        (op, overlay.unwrap())
    }

    #[test]
    fn given_keys_replace_and_others_stay() {
        let (mut op, overlay) = load(
            "operation: Op
request:
  RegionId:
    constraints: {enum: [cn-hangzhou]}
  InstanceId.N:
    required: true
response:
  Items.Count:
    type: Integer
    example: 3
notes: [{en: Curated.}]
",
        );
        let mut d = Diagnostics::default();
        apply(&overlay, &mut op, &mut d);
        assert!(d.is_empty(), "{d}");
        let region = &op.request[0];
        assert_eq!(
            region.constraints.as_ref().unwrap().allowed,
            vec![Scalar("cn-hangzhou".into())]
        );
        assert_eq!(region.description.zh.as_deref(), Some("地域"));
        assert!(op.request[1].required);
        let count = &op.response[0].items.as_ref().unwrap().fields[0];
        assert_eq!(count.ty, TypeName::Integer);
        assert_eq!(count.example, Some(Scalar("3".into())));
        assert_eq!(count.description.zh.as_deref(), Some("数量"));
        assert_eq!(op.notes.len(), 1);
        assert_eq!(op.summary.zh.as_deref(), Some("摘要"));
    }

    #[test]
    fn pagination_is_set_whole() {
        let (mut op, overlay) = load(
            "operation: Op
pagination: {style: next_token, items: Items, next_token: NextToken}
",
        );
        let mut d = Diagnostics::default();
        apply(&overlay, &mut op, &mut d);
        assert!(d.is_empty(), "{d}");
        let p = op.pagination.expect("set by the overlay");
        assert_eq!(p.style, super::super::model::PageStyle::NextToken);
        assert_eq!(p.items, "Items");
        assert_eq!(p.page_number, None);
    }

    #[test]
    fn missing_targets_are_errors_in_the_overlay_file() {
        let (mut op, overlay) = load(
            "operation: Op
request:
  Zone:
    required: false
response:
  Items.Missing:
    type: Long
  RequestId:
    type: String
",
        );
        let mut d = Diagnostics::default();
        apply(&overlay, &mut op, &mut d);
        let text = d.to_string();
        assert_eq!(
            text,
            "overlays/Op.yaml:3:3: error: overlays.Op.request.Zone: operation `Op` has no request parameter `Zone`\n\
             overlays/Op.yaml:6:3: error: overlays.Op.response.Items.Missing: operation `Op` has no response field `Items.Missing`\n\
             2 errors"
        );
        // What did resolve was still applied.
        assert_eq!(op.response[1].ty, TypeName::String);
    }
}
