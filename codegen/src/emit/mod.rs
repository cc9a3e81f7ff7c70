//! Stage 4, emit: IR to tokens with `quote!`, then one prettyplease pass
//! ([`render`]) or, for `OUT_DIR`, none ([`render_items`]).
//!
//! Generated code names the runtime and std by absolute paths
//! (`::acs_runtime::…`, `::std::…`) so user names cannot shadow them, and
//! derives serde through the runtime's re-export, so an SDK crate needs no
//! serde dependency of its own.

mod client;
mod docs;
mod error;
mod paginate;
mod request;
mod response;
mod values;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir;
use crate::naming::ident;

/// What to emit beyond the typed API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The by-name machinery for command-line tools: `OPERATIONS`,
    /// `Client::call_by_name` (one match arm per operation), the request
    /// types' `Deserialize` (read from command-line arguments) and the
    /// response types' `Serialize` (printed as JSON). Off, an SDK
    /// is only its typed API and compiles faster (BENCHMARKS.md).
    pub by_name: bool,
}

impl Default for Options {
    /// Everything: what [`service`] and [`operation_module`] emit.
    fn default() -> Self {
        Self { by_name: true }
    }
}

/// The whole service: service facts, the client and one module per operation.
pub fn service(svc: &ir::Service) -> TokenStream {
    let items = service_items(svc, Options::default());
    quote!(#(#items)*)
}

/// The whole service as top-level items, in output order; rendered
/// unformatted, one item per line ([`render_items`]).
pub fn service_items(svc: &ir::Service, options: Options) -> Vec<TokenStream> {
    let product = &svc.product;
    let version = &svc.version;
    let pattern = &svc.endpoint_pattern;
    let central = &svc.central_endpoint;
    let regional = svc.regional_endpoints.iter().map(|(r, h)| quote!((#r, #h)));
    let doc = docs::attrs(&svc.docs);
    let mut items = vec![quote! {
        #doc
        pub const SERVICE: ::acs_runtime::ServiceInfo = ::acs_runtime::ServiceInfo {
            product: #product,
            version: #version,
            endpoint_pattern: #pattern,
            central_endpoint: #central,
            regional_endpoints: &[#(#regional),*],
        };
    }];
    if options.by_name {
        items.push(descriptors(svc));
    }
    items.push(client::client(svc, options));
    items.push(error::common(&svc.common_errors));
    items.push(quote! {
        /// Any operation's failure as one type, for `?` in a function that
        /// calls several operations: the operation's name, the service's
        /// details, [`Error::is_throttling`], [`Error::common`] (this crate's
        /// [`CommonError`]) and the typed error back with [`Error::downcast_ref`].
        pub use ::acs_runtime::Error;
    });
    items.extend(shared_module(svc, options, |_| true));
    items.extend(
        svc.operations
            .iter()
            .map(|op| operation_module_with(&svc.shared.module, op, options)),
    );
    items.extend(svc.operations.iter().map(|op| {
        let module = ident(&op.fn_name);
        let req = ident(&op.request.name);
        let resp = ident(&op.response.name);
        let err = ident(&op.error.name);
        quote!(pub use #module::{#req, #resp, #err};)
    }));
    items
}

/// `OPERATIONS`: every operation's name, summary and parameters, for tools
/// that work by name.
fn descriptors(svc: &ir::Service) -> TokenStream {
    let descriptors = svc.operations.iter().map(|op| {
        let action = &op.action;
        let summary = &op.summary;
        let params = op.request.params.iter().enumerate().map(|(i, p)| {
            let name = &p.wire;
            let ty = p.documented_type.as_str();
            // As documented: a `RegionId` the service requires is required
            // here, though the client fills it (and it has a setter).
            let required = p.required || op.request.region.is_some_and(|r| r.index == i && r.required);
            quote!(::acs_runtime::dynamic::ParamDescriptor { name: #name, type_name: #ty, required: #required })
        });
        let module = ident(&op.fn_name);
        let req = ident(&op.request.name);
        quote! {
            ::acs_runtime::dynamic::OperationDescriptor {
                action: #action,
                summary: #summary,
                params: &[#(#params),*],
                parse: ::acs_runtime::dynamic::parse_as_json::<#module::#req>,
            }
        }
    });
    quote! {
        /// Every operation, as documented, in name order (for tools that
        /// work by name; see [`Client::call_by_name`]).
        pub const OPERATIONS: &[::acs_runtime::dynamic::OperationDescriptor] = &[#(#descriptors),*];
    }
}

/// The shapes several operations use, defined once (`ir::Service::shared`);
/// the operations' modules re-export them, so the module itself is private.
/// Only the shapes whose name `keep` accepts; `None` when none is left.
fn shared_module(
    svc: &ir::Service,
    options: Options,
    keep: impl Fn(&str) -> bool,
) -> Option<TokenStream> {
    let shared = &svc.shared;
    // A structure some operation sends inside JSON text writes itself as a
    // tree, whichever operation's copy is the definition.
    let mut in_json = std::collections::BTreeSet::new();
    for op in &svc.operations {
        let local = request::json_structs(op);
        for s in op
            .request_structs
            .iter()
            .filter(|s| local.contains(s.name.as_str()))
        {
            if let Some(name) = s.definition.shared_name() {
                in_json.insert(name);
            }
        }
    }
    let mut items = Vec::new();
    items.extend(
        shared
            .request_structs
            .iter()
            .filter(|s| keep(&s.name))
            .map(|s| {
                request::request_struct(
                    s,
                    &shared.request_structs,
                    options.by_name,
                    in_json.contains(s.name.as_str()),
                )
            }),
    );
    items.extend(
        shared
            .value_sets
            .iter()
            .filter(|v| keep(&v.name))
            .map(|v| values::value_set(v, options.by_name)),
    );
    items.extend(
        shared
            .structs
            .iter()
            .filter(|s| keep(&s.name))
            .map(response::structure),
    );
    let module = ident(&shared.module);
    (!items.is_empty()).then(|| {
        quote! {
            /// Shapes used by several operations, defined once; reached through
            /// the operations' modules.
            mod #module {
                #(#items)*
            }
        }
    })
}

/// One operation's module and the shared shapes it re-exports (in a
/// `shared` module of their own): everything the operation defines, for
/// review.
pub fn operation_with_shared(svc: &ir::Service, op: &ir::Operation) -> TokenStream {
    let used: std::collections::BTreeSet<&str> = op
        .definitions()
        .filter_map(|(_, d)| d.shared_name())
        .collect();
    let module = operation_module(&svc.shared.module, op);
    let shared = shared_module(svc, Options::default(), |name| used.contains(name));
    quote!(#module #shared)
}

/// `pub use super::shared::Shared as Local;` for a shape defined in the
/// crate's module of shared shapes (`module`), with the operation's own
/// documentation of it, `None` for one the operation defines.
fn reexport(module: &str, definition: &ir::Definition, local: &str) -> Option<TokenStream> {
    let ir::Definition::Shared(reexport) = definition else {
        return None;
    };
    let doc = docs::attrs(&reexport.docs);
    let module = ident(module);
    let local = ident(local);
    let shared = ident(&reexport.name);
    Some(if local == shared {
        quote!(#doc pub use super::#module::#shared;)
    } else {
        quote!(#doc pub use super::#module::#shared as #local;)
    })
}

/// One operation's module: request, value sets, response types, error;
/// shared shapes re-exported from the crate's module `shared_module`.
pub fn operation_module(shared_module: &str, op: &ir::Operation) -> TokenStream {
    operation_module_with(shared_module, op, Options::default())
}

/// One operation's module, with `options`.
pub fn operation_module_with(
    shared_module: &str,
    op: &ir::Operation,
    options: Options,
) -> TokenStream {
    let module = ident(&op.fn_name);
    let doc = docs::attrs(&op.docs);
    let request = request::request(op, options.by_name);
    let in_json = request::json_structs(op);
    let request_structs = op.request_structs.iter().map(|s| {
        reexport(shared_module, &s.definition, &s.name).unwrap_or_else(|| {
            request::request_struct(
                s,
                &op.request_structs,
                options.by_name,
                in_json.contains(s.name.as_str()),
            )
        })
    });
    let value_sets = op.value_sets.iter().map(|v| {
        reexport(shared_module, &v.definition, &v.name)
            .unwrap_or_else(|| values::value_set(v, options.by_name))
    });
    let response = response::structure(&op.response);
    let request_id = response::request_id(&op.response);
    let structs = op.structs.iter().map(|s| {
        reexport(shared_module, &s.definition, &s.name).unwrap_or_else(|| response::structure(s))
    });
    let error = error::error(&op.error, &op.action);
    let paginated = paginate::paginated(op);
    quote! {
        #doc
        pub mod #module {
            #request
            #(#request_structs)*
            #(#value_sets)*
            #response
            #request_id
            #(#structs)*
            #error
            #paginated
        }
    }
}

/// The Rust type of a value (not wrapped in `Option`).
fn rust_type(ty: &ir::RustType) -> TokenStream {
    match ty {
        ir::RustType::String => quote!(::std::string::String),
        ir::RustType::I32 => quote!(i32),
        ir::RustType::I64 => quote!(i64),
        ir::RustType::F32 => quote!(f32),
        ir::RustType::F64 => quote!(f64),
        ir::RustType::Bool => quote!(bool),
        ir::RustType::Json => quote!(::acs_runtime::serde_json::Value),
        ir::RustType::Map => {
            quote!(::std::collections::BTreeMap<::std::string::String, ::std::string::String>)
        }
        ir::RustType::Struct(name) | ir::RustType::ValueSet(name) => {
            let name = ident(name);
            quote!(#name)
        }
        ir::RustType::Vec(inner) => {
            let inner = rust_type(inner);
            quote!(::std::vec::Vec<#inner>)
        }
    }
}

/// Formats tokens as a source file, with a header saying what made it.
pub fn render(tokens: TokenStream, source: &ir::Source, what: &str) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    let body = prettyplease::unparse(&file);
    Ok(format!("{}{body}", header(source, what)))
}

/// The items as a source file without formatting, for `OUT_DIR`, where only
/// rustc reads it: the header, then one item per line as
/// `TokenStream::to_string` prints it. Deterministic like [`render`], and
/// several times cheaper: no `syn` parse, no prettyplease pass
/// (BENCHMARKS.md). [`format_source`] turns it into [`render`]'s text.
pub fn render_items(items: &[TokenStream], source: &ir::Source, what: &str) -> String {
    let mut out = header(source, what);
    for item in items {
        out.push_str(&item.to_string());
        out.push('\n');
    }
    out
}

/// Formats a source file written by [`render_items`] (or [`render`]): the
/// leading `//` comment lines are kept, the rest goes through prettyplease.
pub fn format_source(source: &str) -> Result<String, syn::Error> {
    let mut header_len = 0;
    for line in source.split_inclusive('\n') {
        if line.starts_with("//") || line.trim().is_empty() {
            header_len += line.len();
        } else {
            break;
        }
    }
    let (header, body) = source.split_at(header_len);
    let file = syn::parse_file(body)?;
    Ok(format!("{header}{}", prettyplease::unparse(&file)))
}

fn header(source: &ir::Source, what: &str) -> String {
    format!(
        "// @generated by codegen {} from {} ({what}); spec fingerprint {}.\n\
         // Do not edit: change the spec and regenerate.\n\n",
        env!("CARGO_PKG_VERSION"),
        source.label,
        source.fingerprint,
    )
}
