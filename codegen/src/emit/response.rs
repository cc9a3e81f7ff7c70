//! Response structs: every field optional (the service omits fields), unknown
//! fields ignored (forward compatible), numbers and booleans accepted as
//! strings too (the documents' JSON and every XML body send them so).

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
        let wire = &f.wire;
        let ty = rust_type(&f.ty);
        let d = docs::attrs(&f.docs);
        let lenient = if f.ty.is_lenient_scalar() {
            quote!(deserialize_with = "::acs_runtime::de::lenient",)
        } else {
            quote!()
        };
        quote! {
            #d
            #[serde(rename = #wire, default, #lenient skip_serializing_if = "::std::option::Option::is_none")]
            pub #field: ::std::option::Option<#ty>,
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq, ::acs_runtime::serde::Deserialize, ::acs_runtime::serde::Serialize)]
        #[serde(crate = "::acs_runtime::serde")]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
    }
}
