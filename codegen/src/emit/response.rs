//! Response structs: every field optional (the service omits fields), unknown
//! fields ignored (forward compatible), numbers and booleans accepted as
//! strings too (the documents' JSON and every XML body send them so), lists
//! as `Vec`s read through the runtime's wrapped/bare list readers (empty
//! when absent). They derive `Serialize` only with the by-name machinery,
//! whose `call_by_name` hands responses back as JSON; nothing else
//! serializes a response.

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
    }
}
