//! The request type and its `Operation` implementation: the only per-operation
//! code on the call path, and all it does is write wire parameters.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{docs, rust_type};
use crate::ir::{self, RustType};
use crate::naming::ident;

pub fn request(op: &ir::Operation) -> TokenStream {
    let req = &op.request;
    let name = ident(&req.name);
    let response = ident(&op.response.name);
    let error = ident(&op.error.name);
    let action = &op.action;
    let method = match op.method {
        ir::Method::Get => quote!(::acs_runtime::HttpMethod::Get),
        ir::Method::Post => quote!(::acs_runtime::HttpMethod::Post),
    };
    let doc = docs::attrs(&req.docs);
    let derive_eq = if req.params.iter().any(|p| p.ty.has_float()) {
        quote!()
    } else {
        quote!(Eq,)
    };

    let fields = req.params.iter().map(|p| {
        let f = ident(&p.rust);
        let d = docs::attrs(&p.docs);
        let ty = param_type(p);
        quote!(#d pub #f: #ty,)
    });

    let required: Vec<&ir::Param> = req.params.iter().filter(|p| p.required).collect();
    let ctor_args = required.iter().map(|p| {
        let f = ident(&p.rust);
        let ty = rust_type(&p.ty);
        if p.repeated {
            quote!(#f: ::std::vec::Vec<#ty>)
        } else {
            quote!(#f: impl ::std::convert::Into<#ty>)
        }
    });
    let ctor_fields = req.params.iter().map(|p| {
        let f = ident(&p.rust);
        match (p.required, p.repeated) {
            (true, true) => quote!(#f),
            (true, false) => quote!(#f: #f.into()),
            (false, true) => quote!(#f: ::std::vec::Vec::new()),
            (false, false) => quote!(#f: ::std::option::Option::None),
        }
    });
    let ctor_doc = {
        let names: Vec<String> = required.iter().map(|p| format!("`{}`", p.wire)).collect();
        if names.is_empty() {
            " A request with no parameters set.".to_owned()
        } else {
            format!(
                " A request with the required parameters {}.",
                names.join(", ")
            )
        }
    };
    let setters = req.params.iter().filter(|p| !p.required).map(|p| {
        let f = ident(&p.rust);
        let setter = if p.rust == "new" {
            format_ident!("with_new")
        } else {
            f.clone()
        };
        let ty = rust_type(&p.ty);
        let d = format!(" Sets `{}`.", p.wire);
        if p.repeated {
            quote! {
                #[doc = #d]
                pub fn #setter(mut self, values: ::std::vec::Vec<#ty>) -> Self {
                    self.#f = values;
                    self
                }
            }
        } else {
            quote! {
                #[doc = #d]
                pub fn #setter(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                    self.#f = ::std::option::Option::Some(value.into());
                    self
                }
            }
        }
    });

    let from_args = req.params.iter().map(|p| {
        let f = ident(&p.rust);
        let value = from_arg(p);
        quote!(#f: #value,)
    });
    let writes = req.params.iter().map(write_param);
    let count = proc_macro2::Literal::usize_unsuffixed(req.params.len());
    let region = match req
        .params
        .iter()
        .find(|p| p.wire == "RegionId" && !p.repeated)
    {
        Some(p) => {
            let f = ident(&p.rust);
            let as_str = as_str_expr(&p.ty, quote!(v));
            let body = if p.required {
                let direct = as_str_expr(&p.ty, quote!(self.#f));
                quote!(::std::option::Option::Some(#direct))
            } else {
                quote!(self.#f.as_ref().map(|v| #as_str))
            };
            quote! {
                fn region_id(&self) -> ::std::option::Option<&str> {
                    #body
                }
            }
        }
        None => quote!(),
    };

    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #derive_eq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #[doc = #ctor_doc]
            pub fn new(#(#ctor_args),*) -> Self {
                Self { #(#ctor_fields),* }
            }

            #(#setters)*

            /// Builds the request from arguments named as in the document
            /// (for command-line tools; see `acs_runtime::dynamic`).
            pub fn from_args(
                args: &::acs_runtime::dynamic::Args,
            ) -> ::std::result::Result<Self, ::acs_runtime::dynamic::ArgsError> {
                ::std::result::Result::Ok(Self { #(#from_args)* })
            }
        }

        impl ::acs_runtime::Operation for #name {
            type Output = #response;
            type Error = #error;
            const INFO: &'static ::acs_runtime::OperationInfo = &::acs_runtime::OperationInfo {
                service: &super::SERVICE,
                action: #action,
                method: #method,
            };
            /// The number of parameters this request can write, for pre-sizing.
            const PARAM_COUNT_HINT: usize = #count;

            fn write_params<'a>(&'a self, params: &mut ::acs_runtime::Params<'a>) {
                #(#writes)*
            }

            #region
        }
    }
}

/// The expression reading one parameter from `args`.
fn from_arg(p: &ir::Param) -> TokenStream {
    let wire = &p.wire;
    // Value sets are read as text and wrapped; everything else parses itself.
    let (read_ty, wrap) = match &p.ty {
        RustType::ValueSet(name) => {
            let name = ident(name);
            (quote!(::std::string::String), Some(quote!(#name::from)))
        }
        other => (rust_type(other), None),
    };
    match (p.required, p.repeated, wrap) {
        (required, true, wrap) => {
            let documented = &p.documented_name;
            let collect = match wrap {
                Some(w) => quote!(.into_iter().map(#w).collect::<::std::vec::Vec<_>>()),
                None => quote!(),
            };
            if required {
                quote!({
                    let values = args.repeated::<#read_ty>(#wire)? #collect;
                    if values.is_empty() {
                        return ::std::result::Result::Err(::acs_runtime::dynamic::ArgsError::Missing(#documented.to_owned()));
                    }
                    values
                })
            } else {
                quote!(args.repeated::<#read_ty>(#wire)? #collect)
            }
        }
        (true, false, None) => quote!(args.required::<#read_ty>(#wire)?),
        (true, false, Some(w)) => quote!(#w(args.required::<#read_ty>(#wire)?)),
        (false, false, None) => quote!(args.optional::<#read_ty>(#wire)?),
        (false, false, Some(w)) => quote!(args.optional::<#read_ty>(#wire)?.map(#w)),
    }
}

fn param_type(p: &ir::Param) -> TokenStream {
    let ty = rust_type(&p.ty);
    match (p.required, p.repeated) {
        (_, true) => quote!(::std::vec::Vec<#ty>),
        (true, false) => ty,
        (false, false) => quote!(::std::option::Option<#ty>),
    }
}

/// An expression for a `&str` view of a text-like value.
fn as_str_expr(ty: &RustType, value: TokenStream) -> TokenStream {
    match ty {
        RustType::String | RustType::ValueSet(_) => quote!(#value.as_str()),
        _ => quote!(#value),
    }
}

/// The statement that writes one parameter (a borrowed `&str` for text,
/// formatted for numbers and booleans, JSON text for JSON and maps).
fn write_param(p: &ir::Param) -> TokenStream {
    let f = ident(&p.rust);
    let wire = &p.wire;
    // `place` names the value; `by_ref` is a reference to it.
    let push = |name: TokenStream, place: TokenStream, by_ref: TokenStream| match &p.ty {
        RustType::String | RustType::ValueSet(_) => quote!(params.push(#name, #place.as_str());),
        RustType::Json => quote!(params.push_display(#name, #by_ref);),
        RustType::Map => quote!(params.push_json(#name, #by_ref);),
        _ => quote!(params.push_display(#name, #place);),
    };
    match (p.required, p.repeated) {
        (_, true) => {
            let stmt = push(
                quote!(::std::format!("{}.{}", #wire, i + 1)),
                quote!(v),
                quote!(v),
            );
            quote! {
                for (i, v) in self.#f.iter().enumerate() {
                    #stmt
                }
            }
        }
        (true, false) => push(quote!(#wire), quote!(self.#f), quote!(&self.#f)),
        (false, false) => {
            let stmt = push(quote!(#wire), quote!(v), quote!(v));
            quote! {
                if let ::std::option::Option::Some(v) = &self.#f {
                    #stmt
                }
            }
        }
    }
}
