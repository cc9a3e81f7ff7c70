//! The service client: one thin method per operation, each handing its
//! request to the runtime's single generic call routine.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use crate::ir;
use crate::naming::ident;

pub fn client(svc: &ir::Service, options: super::Options) -> TokenStream {
    let doc = format!(
        " A client for {} `{}`: one method per operation.",
        svc.product, svc.version
    );
    let methods = svc.operations.iter().map(|op| {
        let f = ident(&op.fn_name);
        let module = ident(&op.fn_name);
        let req = ident(&op.request.name);
        let resp = ident(&op.response.name);
        let err = ident(&op.error.name);
        let d = docs::attrs(&op.docs);
        quote! {
            #d
            pub async fn #f(
                &self,
                request: &#module::#req,
            ) -> ::std::result::Result<#module::#resp, ::acs_runtime::SdkError<#module::#err>> {
                self.runtime.call(request).await
            }
        }
    });
    let by_name = options.by_name.then(|| call_by_name(svc));
    quote! {
        #[doc = #doc]
        ///
        /// Signing, sending, retrying and parsing happen in
        /// [`acs_runtime::Client`]; use [`Client::runtime`] for the sans-IO
        /// steps (a signed request without sending it, parsing a raw response).
        #[derive(Clone, Debug)]
        pub struct Client {
            runtime: ::acs_runtime::Client,
        }

        impl Client {
            /// A client with the given configuration.
            pub fn new(config: ::acs_runtime::Config) -> Self {
                Self { runtime: ::acs_runtime::Client::new(config) }
            }

            /// A client sharing an existing runtime client.
            pub fn from_runtime(runtime: ::acs_runtime::Client) -> Self {
                Self { runtime }
            }

            /// The runtime client, for the sans-IO steps and per-call options.
            pub fn runtime(&self) -> &::acs_runtime::Client {
                &self.runtime
            }

            /// Calls the operation of `request`, given by value: the request type
            /// names the operation and its constructor takes the required
            /// parameters, so `client.call(GetThingRequest::new(id).verbose(true))`
            /// reads as the call it is.
            pub async fn call<R: ::acs_runtime::Operation>(
                &self,
                request: R,
            ) -> ::std::result::Result<R::Output, ::acs_runtime::SdkError<R::Error>> {
                self.runtime.call(&request).await
            }

            /// Every page of a paged operation, starting from `request`:
            /// `.pages()` streams whole responses, `.items()` the elements of
            /// the list the operation pages over. The request's other
            /// parameters are sent with every page.
            pub fn paginate<R>(&self, request: R) -> ::acs_runtime::paginate::Paginator<R>
            where
                R: ::acs_runtime::paginate::Paginated + ::std::marker::Send + ::std::marker::Sync + 'static,
                R::Output: ::std::marker::Send,
            {
                ::acs_runtime::paginate::Paginator::new(self.runtime.clone(), request)
            }

            #(#methods)*

            #by_name
        }
    }
}

/// `Client::call_by_name`: one match arm per operation (the by-name machinery).
fn call_by_name(svc: &ir::Service) -> TokenStream {
    let arms = svc.operations.iter().enumerate().map(|(i, op)| {
        let action = &op.action;
        let module = ident(&op.fn_name);
        let req = ident(&op.request.name);
        quote! {
            #action => ::acs_runtime::dynamic::dispatch::<#module::#req>(&self.runtime, &OPERATIONS[#i], args, mode).await,
        }
    });
    quote! {
            /// Calls (or, with [`Mode::Sign`](::acs_runtime::dynamic::Mode), only signs) the
            /// operation named `action` with arguments named as in the document;
            /// the response comes back as JSON. For command-line tools.
            pub async fn call_by_name(
                &self,
                action: &str,
                args: &::acs_runtime::dynamic::Args,
                mode: ::acs_runtime::dynamic::Mode,
            ) -> ::std::result::Result<::acs_runtime::dynamic::Output, ::acs_runtime::dynamic::DynamicError> {
                match action {
                    #(#arms)*
                    _ => ::std::result::Result::Err(::acs_runtime::dynamic::DynamicError::UnknownOperation {
                        action: action.to_owned(),
                        known: OPERATIONS.iter().map(|op| op.action).collect(),
                    }),
                }
            }
    }
}
