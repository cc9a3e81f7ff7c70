//! Request types: the operation's request and the structures its
//! parameters hold. Each writes its wire parameters with one
//! `acs_runtime::params::WriteParams` call per field (`w.param("RegionId",
//! &self.region_id)`, `w.json(…)` for JSON text); the runtime's writer owns
//! the flattening (`Tag.1.Key`, `SystemDisk.Category`), so no operation
//! carries wire code of its own. A structure sent inside JSON text also
//! writes itself as a tree (`ToTree`). With the by-name machinery they
//! derive serde's `Deserialize` with the wire names, and the runtime's one
//! deserializer reads them back from command-line arguments.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, rust_type};
use crate::ir::{self, Encoding, Holding, RustType};
use crate::naming::ident;

/// The request type and its `Operation` implementation. With `by_name`,
/// requests also derive `Deserialize` (read from command-line arguments by
/// `acs_runtime::dynamic`); without it nothing reads them, so they do not.
pub fn request(op: &ir::Operation, by_name: bool) -> TokenStream {
    let req = &op.request;
    let name = ident(&req.name);
    let response = ident(&op.response.name);
    let error = ident(&op.error.name);
    let action = &op.action;
    let method = match op.method {
        ir::Method::Get => quote!(::acs_runtime::HttpMethod::Get),
        ir::Method::Post => quote!(::acs_runtime::HttpMethod::Post),
    };
    let body = structure(
        &req.name,
        &req.docs,
        &req.params,
        &op.request_structs,
        by_name,
    );
    let kind = match op.kind {
        None => quote!(::std::option::Option::None),
        Some(k) => {
            let variant = quote::format_ident!("{}", crate::naming::type_name(k.as_str()));
            quote!(::std::option::Option::Some(::acs_runtime::OperationKind::#variant))
        }
    };
    let token = match &op.idempotency_token {
        None => quote!(::std::option::Option::None),
        Some(t) => quote!(::std::option::Option::Some(#t)),
    };
    // The region parameter is lowered optional (the client fills it), so
    // its value is an `Option` whatever the service requires.
    let region = req.region.map(|r| {
        let p = &req.params[r.index];
        let f = ident(&p.rust);
        let value = match &p.ty {
            RustType::String => quote!(self.#f.as_deref()),
            _ => quote!(self.#f.as_ref().map(|v| v.as_str())),
        };
        let wire = &p.wire;
        let param = if r.required {
            quote!(::acs_runtime::RegionParam::required(#wire))
        } else {
            quote!(::acs_runtime::RegionParam::optional(#wire))
        };
        quote! {
            const REGION_PARAM: ::std::option::Option<::acs_runtime::RegionParam> = ::std::option::Option::Some(#param);
            fn request_region(&self) -> ::std::option::Option<&str> {
                #value
            }
        }
    });
    quote! {
        #body

        impl ::acs_runtime::Operation for #name {
            type Output = #response;
            type Error = #error;
            const INFO: &'static ::acs_runtime::OperationInfo = &::acs_runtime::OperationInfo {
                service: &super::SERVICE,
                action: #action,
                method: #method,
                kind: #kind,
                idempotency_token: #token,
            };
            #region
        }
    }
}

/// A structure inside a request (a repeat list's element, a flat structure).
/// `in_json`: whether it is sent inside a parameter's JSON text (see
/// [`json_structs`]), so that it writes itself as a tree too.
pub fn request_struct(
    s: &ir::RequestStruct,
    all: &[ir::RequestStruct],
    by_name: bool,
    in_json: bool,
) -> TokenStream {
    let body = structure(&s.name, &s.docs, &s.params, all, by_name);
    let tree = in_json.then(|| to_tree(&s.name, &s.params));
    quote! {
        #body
        #tree
    }
}

/// The request structures sent inside some parameter's JSON text, and every
/// structure those hold: they need a tree form (`ToTree`).
pub fn json_structs(op: &ir::Operation) -> std::collections::BTreeSet<&str> {
    fn walk<'a>(
        ty: &'a RustType,
        structs: &'a [ir::RequestStruct],
        out: &mut std::collections::BTreeSet<&'a str>,
    ) {
        match ty {
            RustType::Vec(inner) => walk(inner, structs, out),
            RustType::Struct(name) if out.insert(name) => {
                for s in structs.iter().filter(|s| &s.name == name) {
                    for p in &s.params {
                        walk(&p.ty, structs, out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    let params = op
        .request
        .params
        .iter()
        .chain(op.request_structs.iter().flat_map(|s| &s.params));
    for p in params.filter(|p| p.encoding == Encoding::Json) {
        walk(&p.ty, &op.request_structs, &mut out);
    }
    out
}

/// `ToTree` of a request structure: its fields with their wire names, as
/// the JSON text of a parameter carries them (absent values and empty
/// optional lists left out, a field itself sent as JSON text as a string).
fn to_tree(name: &str, params: &[ir::Param]) -> TokenStream {
    let name = ident(name);
    let puts = params.iter().map(|p| {
        let f = ident(&p.rust);
        let wire = &p.wire;
        match (p.encoding, p.required) {
            (Encoding::Json, _) => quote!(o.put_json_text(#wire, &self.#f);),
            (Encoding::Plain, true) => quote!(o.put_required(#wire, &self.#f);),
            (Encoding::Plain, false) => quote!(o.put(#wire, &self.#f);),
        }
    });
    quote! {
        impl ::acs_runtime::tree::ToTree for #name {
            fn to_tree(&self) -> ::acs_runtime::tree::Value {
                let mut o = ::acs_runtime::tree::Object::new();
                #(#puts)*
                o.into_value()
            }
        }
    }
}

/// A request-side struct: fields, constructor, setters.
fn structure(
    name: &str,
    docs: &[String],
    params: &[ir::Param],
    structs: &[ir::RequestStruct],
    by_name: bool,
) -> TokenStream {
    let name = ident(name);
    let doc = docs::attrs(docs);
    let eq = params
        .iter()
        .all(|p| is_eq(&p.ty, structs))
        .then(|| quote!(Eq,));
    // Constructor arguments in the order of their wire names, not of the
    // spec: documents and metadata list parameters in different orders, and
    // a re-import that reordered them must never swap two `impl Into<String>`
    // arguments at every call site.
    let mut required: Vec<&ir::Param> = params.iter().filter(|p| p.required).collect();
    required.sort_by(|a, b| a.wire.cmp(&b.wire));
    let default = required.is_empty().then(|| quote!(Default,));

    let fields = params.iter().map(|p| field(p, by_name));
    let ctor = constructor(params, &required);
    let setters = params.iter().filter(|p| !p.required).map(setter);
    let deserialize = by_name.then(|| {
        quote! {
            #[derive(::acs_runtime::serde::Deserialize)]
            #[serde(crate = "::acs_runtime::serde", deny_unknown_fields)]
        }
    });
    let writes = params.iter().map(|p| {
        let f = ident(&p.rust);
        let wire = &p.wire;
        match p.encoding {
            Encoding::Plain => quote!(w.param(#wire, &self.#f)?;),
            Encoding::Json => quote!(w.json(#wire, &self.#f)?;),
        }
    });
    // A structure without parameters writes nothing.
    let w = if params.is_empty() {
        quote!(_w)
    } else {
        quote!(w)
    };

    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq, #eq)]
        #deserialize
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #ctor
            #(#setters)*
        }

        impl ::acs_runtime::params::WriteParams for #name {
            fn write_params(
                &self,
                #w: &mut ::acs_runtime::params::ParamWriter<'_, '_>,
            ) -> ::std::result::Result<(), ::acs_runtime::params::WriteError> {
                #(#writes)*
                ::std::result::Result::Ok(())
            }
        }
    }
}

/// `new`: the required parameters as arguments, in the order of their wire
/// names (`required`, sorted), every optional one empty.
fn constructor(params: &[ir::Param], required: &[&ir::Param]) -> TokenStream {
    let ctor_args = required.iter().map(|p| {
        let f = ident(&p.rust);
        match p.holding() {
            Holding::RequiredList(element) => {
                let element = rust_type(element);
                quote!(#f: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#element>>)
            }
            Holding::Required(ty) | Holding::Optional(ty) | Holding::List(ty) => {
                let ty = rust_type(ty);
                quote!(#f: impl ::std::convert::Into<#ty>)
            }
        }
    });
    let ctor_fields = required.iter().map(|p| {
        let f = ident(&p.rust);
        match p.holding() {
            Holding::RequiredList(_) => {
                quote!(#f: #f.into_iter().map(::std::convert::Into::into).collect())
            }
            _ => quote!(#f: #f.into()),
        }
    });
    if required.is_empty() {
        quote! {
            /// A value with nothing set.
            pub fn new() -> Self {
                Self::default()
            }
        }
    } else {
        let names: Vec<String> = required.iter().map(|p| format!("`{}`", p.wire)).collect();
        let doc = format!(
            " A value with the required {} (arguments in the order of their wire names).",
            names.join(", ")
        );
        // Optional fields are `Option`s and `Vec`s, so they all start empty.
        let optional = params.iter().filter(|p| !p.required).map(|p| {
            let f = ident(&p.rust);
            match p.holding() {
                Holding::List(_) => quote!(#f: ::std::vec::Vec::new(),),
                _ => quote!(#f: ::std::option::Option::None,),
            }
        });
        // Every required parameter is an argument, so that none can be
        // forgotten; a few ECS operations require more than seven.
        let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            #[doc = #doc]
            #many
            pub fn new(#(#ctor_args),*) -> Self {
                Self { #(#ctor_fields,)* #(#optional)* }
            }
        }
    }
}

/// One field; with the by-name machinery, the serde attributes that read it
/// back from its wire name and encoding.
fn field(p: &ir::Param, by_name: bool) -> TokenStream {
    let f = ident(&p.rust);
    let d = docs::attrs(&p.docs);
    let wire = &p.wire;
    let ty = rust_type(&p.ty);
    let ty = match p.holding() {
        Holding::Optional(_) => quote!(::std::option::Option<#ty>),
        Holding::Required(_) | Holding::RequiredList(_) | Holding::List(_) => ty,
    };
    if !by_name {
        return quote! {
            #d
            pub #f: #ty,
        };
    }
    let attrs = match (p.encoding, p.required) {
        (Encoding::Json, true) => quote!(deserialize_with = "::acs_runtime::de::json_text"),
        (Encoding::Json, false) => {
            quote!(default, deserialize_with = "::acs_runtime::de::json_text")
        }
        (Encoding::Plain, false) => quote!(default),
        (Encoding::Plain, true) => quote!(),
    };
    quote! {
        #d
        #[serde(rename = #wire, #attrs)]
        pub #f: #ty,
    }
}

/// Setters of an optional parameter: `x(value)` sets it (or appends one
/// element to a list); for lists `set_x(values)` replaces them all.
fn setter(p: &ir::Param) -> TokenStream {
    let f = ident(&p.rust);
    let setter = ident(&p.setter);
    let wire = &p.wire;
    match p.holding() {
        Holding::List(element) | Holding::RequiredList(element) => {
            let inner = rust_type(element);
            let set_all = ident(&p.set_all);
            let one = format!(" Appends one element to `{wire}`.");
            let all = format!(" Replaces all elements of `{wire}`.");
            quote! {
                #[doc = #one]
                pub fn #setter(mut self, value: impl ::std::convert::Into<#inner>) -> Self {
                    self.#f.push(value.into());
                    self
                }

                #[doc = #all]
                pub fn #set_all(mut self, values: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#inner>>) -> Self {
                    self.#f = values.into_iter().map(::std::convert::Into::into).collect();
                    self
                }
            }
        }
        Holding::Optional(ty) | Holding::Required(ty) => {
            let ty = rust_type(ty);
            let doc = format!(" Sets `{wire}`.");
            quote! {
                #[doc = #doc]
                pub fn #setter(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                    self.#f = ::std::option::Option::Some(value.into());
                    self
                }
            }
        }
    }
}

/// Whether a value of `ty` is `Eq` (no floats or JSON values anywhere in it).
fn is_eq(ty: &RustType, structs: &[ir::RequestStruct]) -> bool {
    match ty {
        RustType::F32 | RustType::F64 | RustType::Json => false,
        RustType::Vec(inner) => is_eq(inner, structs),
        RustType::Struct(name) => structs
            .iter()
            .find(|s| &s.name == name)
            .is_none_or(|s| s.params.iter().all(|p| is_eq(&p.ty, structs))),
        _ => true,
    }
}
