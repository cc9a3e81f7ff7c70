//! Response structs: every field optional (the service omits fields), unknown
//! fields ignored (forward compatible), numbers and booleans accepted as
//! strings too (the documents' JSON and every XML body send them so), lists
//! as `Vec`s read through the runtime's wrapped/bare list readers (empty
//! when absent). They stay `#[non_exhaustive]` (a field the documents add
//! is not a breaking change) and are built outside the crate from
//! `Default` and their public fields, in one expression with
//! `acs_runtime::Shape::with`. They derive `Serialize` only with the
//! by-name machinery, which is what serializes them: `call_by_name` hands
//! responses back as JSON, and the mocks of `acs_runtime::mock` send a typed
//! response through the real parse path as its JSON (so an SDK crate's
//! `test-util` feature turns `by-name` on).

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, rust_type};
use crate::ir;
use crate::naming::ident;

pub fn structure(s: &ir::Struct, by_name: bool) -> TokenStream {
    let name = ident(&s.name);
    let doc = docs::attrs(&s.docs);
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let wire = &f.wire;
        let ty = rust_type(&f.ty);
        let d = docs::attrs(&f.docs);
        match (&f.list, &f.ty) {
            (Some(list), ir::RustType::Vec(element)) => {
                let lenient = if element.is_lenient_scalar() {
                    "_lenient"
                } else if **element == ir::RustType::String {
                    "_text"
                } else {
                    ""
                };
                let shape = match list {
                    ir::ListWire::Wrapped { .. } => "wrapped_list",
                    ir::ListWire::Bare => "bare_list",
                };
                let with = format!("::acs_runtime::de::{shape}{lenient}");
                let skip =
                    by_name.then(|| quote!(, skip_serializing_if = "::std::vec::Vec::is_empty"));
                quote! {
                    #d
                    #[serde(rename = #wire, default, deserialize_with = #with #skip)]
                    pub #field: #ty,
                }
            }
            _ => {
                let lenient = if f.ty.is_lenient_scalar() {
                    quote!(deserialize_with = "::acs_runtime::de::lenient",)
                } else if f.ty == ir::RustType::String {
                    quote!(deserialize_with = "::acs_runtime::de::text",)
                } else {
                    quote!()
                };
                let skip =
                    by_name.then(|| quote!(skip_serializing_if = "::std::option::Option::is_none"));
                quote! {
                    #d
                    #[serde(rename = #wire, default, #lenient #skip)]
                    pub #field: ::std::option::Option<#ty>,
                }
            }
        }
    });
    let serialize = by_name.then(|| quote!(, ::acs_runtime::serde::Serialize));
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq, ::acs_runtime::serde::Deserialize #serialize)]
        #[serde(crate = "::acs_runtime::serde")]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl ::acs_runtime::Shape for #name {}
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
