//! The per-operation error enum: a variant per documented code, plus a
//! catch-all that keeps everything the service sent.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use crate::ir;
use crate::naming::ident;

pub fn error(e: &ir::ErrorType) -> TokenStream {
    let name = ident(&e.name);
    let catch_all = ident(&e.catch_all);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let d = docs::attrs(&v.docs);
        quote!(#d #variant(::acs_runtime::ServiceError),)
    });
    let arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let code = &v.code;
        quote!(#code => Self::#variant(error),)
    });
    let all = e
        .variants
        .iter()
        .map(|v| ident(&v.name))
        .chain(std::iter::once(catch_all.clone()));
    let doc = format!(
        " Errors of this operation: its documented codes, the service's common codes, and `{}` for any other.",
        e.catch_all
    );
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A code the spec does not list; every detail the service sent is kept.
            #catch_all(::acs_runtime::ServiceError),
        }

        impl #name {
            /// The error code, e.g. `InternalError.Dispatch`.
            pub fn code(&self) -> &str {
                &::acs_runtime::OperationError::service_error(self).code
            }
        }

        impl ::acs_runtime::OperationError for #name {
            fn from_service_error(error: ::acs_runtime::ServiceError) -> Self {
                match error.code.as_str() {
                    #(#arms)*
                    _ => Self::#catch_all(error),
                }
            }

            fn service_error(&self) -> &::acs_runtime::ServiceError {
                match self {
                    #(Self::#all(error))|* => error,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(::acs_runtime::OperationError::service_error(self), f)
            }
        }

        impl ::std::error::Error for #name {}
    }
}
