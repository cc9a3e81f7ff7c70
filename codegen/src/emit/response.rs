//! Response structs: every field optional (the service omits fields), unknown
//! fields ignored (forward compatible), lists as `Vec`s (empty when absent).
//! They stay `#[non_exhaustive]` (a field the documents add is not a
//! breaking change) and are built outside the crate from `Default` and their
//! public fields, in one expression with `acs_runtime::Shape::with`.
//!
//! They are read by `acs_runtime::tree::FromTree`, not serde: one function
//! per structure taking each field out of the body's value tree by its wire
//! key, with the reader the field's type and list shape call for
//! (`field`, `list` for a wrapped list, `bare_list`). Every leniency (numbers
//! as text, one element for a list, empty wrappers) is the runtime's, so the
//! generated code is the same for every field of a type. `ToTree` writes
//! them back in the service's shape: what the mocks send and what the
//! command-line example prints.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, rust_type};
use crate::ir;
use crate::naming::ident;

pub fn structure(s: &ir::Struct) -> TokenStream {
    let name = ident(&s.name);
    let doc = docs::attrs(&s.docs);
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let ty = rust_type(&f.ty);
        let d = docs::attrs(&f.docs);
        if f.list.is_some() {
            quote! { #d pub #field: #ty, }
        } else {
            quote! { #d pub #field: ::std::option::Option<#ty>, }
        }
    });
    let reads = s.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let wire = &f.wire;
        let read = match f.list {
            Some(ir::ListWire::Wrapped { .. }) => quote!(list),
            Some(ir::ListWire::Bare) => quote!(bare_list),
            None => quote!(field),
        };
        quote! { #field: f.#read(#wire)?, }
    });
    let writes = s.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let wire = &f.wire;
        quote! { o.put(#wire, &self.#field); }
    });
    // An empty structure reads nothing: its value is still checked to be an
    // object, but no binding is needed.
    let bind = if s.fields.is_empty() {
        quote!(_f)
    } else {
        quote!(mut f)
    };
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl ::acs_runtime::Shape for #name {}

        impl ::acs_runtime::tree::FromTree for #name {
            const NULL_IS_ELEMENT: bool = true;

            fn from_tree(
                value: ::acs_runtime::tree::Value,
            ) -> ::std::result::Result<::std::option::Option<Self>, ::acs_runtime::tree::TreeError> {
                let ::std::option::Option::Some(#bind) = ::acs_runtime::tree::Fields::of(value)? else {
                    return ::std::result::Result::Ok(::std::option::Option::None);
                };
                ::std::result::Result::Ok(::std::option::Option::Some(Self { #(#reads)* }))
            }
        }

        impl ::acs_runtime::tree::ToTree for #name {
            fn to_tree(&self) -> ::acs_runtime::tree::Value {
                let mut o = ::acs_runtime::tree::Object::new();
                #(#writes)*
                o.into_value()
            }
        }
    }
}

/// `RequestId` of an operation's response: its top-level `RequestId` text
/// field, or `None` when the response documents none.
pub fn request_id(s: &ir::Struct) -> TokenStream {
    let name = ident(&s.name);
    let value = match s
        .fields
        .iter()
        .find(|f| f.wire == "RequestId" && f.ty == ir::RustType::String)
    {
        Some(f) => {
            let f = ident(&f.rust);
            quote!(self.#f.as_deref())
        }
        None => quote!(::std::option::Option::None),
    };
    quote! {
        impl ::acs_runtime::RequestId for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                #value
            }
        }
    }
}
