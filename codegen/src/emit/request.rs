//! Request types: the operation's request and the structures its
//! parameters hold. They derive serde with the wire names; the runtime's
//! one serializer (`acs_runtime::params`) turns any of them into wire
//! parameters (`Tag.1.Key`, `SystemDisk.Category`, JSON text), and its one
//! deserializer reads them back from command-line arguments. No operation
//! carries code of its own for either.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, rust_type};
use crate::ir::{self, Encoding, RustType};
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
            fn region_id(&self) -> ::std::option::Option<&str> {
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
pub fn request_struct(
    s: &ir::RequestStruct,
    all: &[ir::RequestStruct],
    by_name: bool,
) -> TokenStream {
    structure(&s.name, &s.docs, &s.params, all, by_name)
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
    let ctor_args = required.iter().map(|p| {
        let f = ident(&p.rust);
        match (&p.ty, p.is_list()) {
            (RustType::Vec(inner), true) => {
                let inner = rust_type(inner);
                quote!(#f: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#inner>>)
            }
            (ty, _) => {
                let ty = rust_type(ty);
                quote!(#f: impl ::std::convert::Into<#ty>)
            }
        }
    });
    let ctor_fields = required.iter().map(|p| {
        let f = ident(&p.rust);
        if p.is_list() {
            quote!(#f: #f.into_iter().map(::std::convert::Into::into).collect())
        } else {
            quote!(#f: #f.into())
        }
    });
    let ctor = if required.is_empty() {
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
            if p.is_list() {
                quote!(#f: ::std::vec::Vec::new(),)
            } else {
                quote!(#f: ::std::option::Option::None,)
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
    };
    let setters = params.iter().filter(|p| !p.required).map(setter);
    let deserialize = by_name.then(|| quote!(, ::acs_runtime::serde::Deserialize));
    let deny_unknown = by_name.then(|| quote!(, deny_unknown_fields));

    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq, #eq ::acs_runtime::serde::Serialize #deserialize)]
        #[serde(crate = "::acs_runtime::serde" #deny_unknown)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #ctor
            #(#setters)*
        }
    }
}

/// One field, with the serde attributes of its wire name and encoding.
fn field(p: &ir::Param, by_name: bool) -> TokenStream {
    let f = ident(&p.rust);
    let d = docs::attrs(&p.docs);
    let wire = &p.wire;
    let ty = rust_type(&p.ty);
    let ty = if p.required || p.is_list() {
        ty
    } else {
        quote!(::std::option::Option<#ty>)
    };
    let json_text = by_name.then(|| quote!(deserialize_with = "::acs_runtime::de::json_text",));
    let encoding = match (p.encoding, p.required) {
        (Encoding::Json, true) => quote! {
            serialize_with = "::acs_runtime::params::json",
            #json_text
        },
        (Encoding::Json, false) => quote! {
            default,
            serialize_with = "::acs_runtime::params::json",
            #json_text
            skip_serializing_if = "::std::option::Option::is_none",
        },
        // Skipped when empty: inside a structure sent as JSON text an
        // absent value is left out, not `null`.
        (Encoding::Plain, false) if p.is_list() => {
            quote!(default, skip_serializing_if = "::std::vec::Vec::is_empty",)
        }
        (Encoding::Plain, false) => {
            quote!(
                default,
                skip_serializing_if = "::std::option::Option::is_none",
            )
        }
        (Encoding::Plain, true) => quote!(),
    };
    quote! {
        #d
        #[serde(rename = #wire, #encoding)]
        pub #f: #ty,
    }
}

/// Setters of an optional parameter: `x(value)` sets it (or appends one
/// element to a list); for lists `set_x(values)` replaces them all.
fn setter(p: &ir::Param) -> TokenStream {
    let f = ident(&p.rust);
    let setter = ident(&p.setter);
    let wire = &p.wire;
    match (&p.ty, p.is_list()) {
        (RustType::Vec(inner), true) => {
            let inner = rust_type(inner);
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
        (ty, _) => {
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
