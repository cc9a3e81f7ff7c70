//! Errors: the crate's `CommonError` (the codes any operation may return,
//! matched once) and, per operation, an enum of its own codes plus
//! `Common` and a catch-all that keeps everything the service sent.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use crate::ir;
use crate::naming::ident;

/// The service's `CommonError`.
pub fn common(variants: &[ir::ErrorVariant]) -> TokenStream {
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let decls = variants.iter().zip(&names).map(|(v, name)| {
        let d = docs::attrs(&v.docs);
        quote!(#d #name(::acs_runtime::ServiceError),)
    });
    let classify = if variants.is_empty() {
        quote!(::std::result::Result::Err(error))
    } else {
        let arms = variants.iter().zip(&names).map(|(v, name)| {
            let code = &v.code;
            quote!(#code => ::std::result::Result::Ok(Self::#name(error)),)
        });
        quote! {
            match error.code.as_str() {
                #(#arms)*
                _ => ::std::result::Result::Err(error),
            }
        }
    };
    let detail = if variants.is_empty() {
        quote!(match *self {})
    } else {
        quote!(match self { #(Self::#names(error))|* => error })
    };
    quote! {
        /// The codes any operation of the service may return (throttling,
        /// authentication, common parameter problems), matched once here.
        /// Every operation's error has a `Common` variant holding one.
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum CommonError {
            #(#decls)*
        }

        impl CommonError {
            /// The common error with this code, or the error back when the
            /// code is not a common one.
            // The error handed back is the caller's own value, moved in and
            // out; boxing it would allocate for every error that is not common.
            #[allow(clippy::result_large_err)]
            pub fn from_service_error(
                error: ::acs_runtime::ServiceError,
            ) -> ::std::result::Result<Self, ::acs_runtime::ServiceError> {
                #classify
            }

            /// The details the service sent.
            pub fn service_error(&self) -> &::acs_runtime::ServiceError {
                #detail
            }

            /// The error code.
            pub fn code(&self) -> &str {
                &self.service_error().code
            }

            /// Whether the service throttled the request (a `Throttling*`
            /// code or HTTP 429).
            pub fn is_throttling(&self) -> bool {
                self.service_error().is_throttling()
            }
        }

        impl ::std::fmt::Display for CommonError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.service_error(), f)
            }
        }

        impl ::std::error::Error for CommonError {}
    }
}

/// One operation's error enum; `action` is the operation's name.
pub fn error(e: &ir::ErrorType, action: &str) -> TokenStream {
    let name = ident(&e.name);
    let common = ident(&e.common);
    let catch_all = ident(&e.catch_all);
    let own: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let variants = e.variants.iter().zip(&own).map(|(v, variant)| {
        let d = docs::attrs(&v.docs);
        quote!(#d #variant(::acs_runtime::ServiceError),)
    });
    let otherwise = quote! {
        match super::CommonError::from_service_error(error) {
            ::std::result::Result::Ok(common) => Self::#common(common),
            ::std::result::Result::Err(error) => Self::#catch_all(error),
        }
    };
    let classify = if e.variants.is_empty() {
        otherwise
    } else {
        let arms = e.variants.iter().zip(&own).map(|(v, variant)| {
            let code = &v.code;
            quote!(#code => Self::#variant(error),)
        });
        quote! {
            match error.code.as_str() {
                #(#arms)*
                _ => #otherwise,
            }
        }
    };
    let doc = format!(
        " Errors of this operation: its documented codes, `{}` for the service's common codes, and `{}` for any other.",
        e.common, e.catch_all
    );
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A code any operation of the service may return.
            #common(super::CommonError),
            /// A code the spec does not list; every detail the service sent is kept.
            #catch_all(::acs_runtime::ServiceError),
        }

        impl #name {
            /// The error code, e.g. `InternalError.Dispatch`.
            pub fn code(&self) -> &str {
                &::acs_runtime::OperationError::service_error(self).code
            }

            /// The common error, when the code is one any operation may return.
            pub fn common(&self) -> ::std::option::Option<&super::CommonError> {
                match self {
                    Self::#common(common) => ::std::option::Option::Some(common),
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl ::acs_runtime::OperationError for #name {
            const ACTION: &'static str = #action;

            fn from_service_error(error: ::acs_runtime::ServiceError) -> Self {
                #classify
            }

            fn common_error(&self) -> ::std::option::Option<&::acs_runtime::DynError> {
                self.common().map(|c| c as _)
            }

            fn service_error(&self) -> &::acs_runtime::ServiceError {
                match self {
                    #(Self::#own(error) |)* Self::#catch_all(error) => error,
                    Self::#common(common) => common.service_error(),
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
