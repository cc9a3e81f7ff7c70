//! Paginators: for a paged operation, the `acs_runtime::paginate::Paginated`
//! implementation of its request. The loop (when to stop, errors, streams)
//! is the runtime's; this says only where the page number or token goes
//! and where the items, token and total are in the response.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type;
use crate::ir::{self, RustType};
use crate::naming::ident;
use crate::spec::PageStyle;

pub fn paginated(op: &ir::Operation) -> Option<TokenStream> {
    let p = op.paginator.as_ref()?;
    let req = ident(&op.request.name);
    let item = rust_type(&p.item);
    let style = match p.style {
        PageStyle::PageNumber => quote!(PageNumber),
        PageStyle::NextToken => quote!(NextToken),
    };
    let page_number = match (&p.page_number, p.style) {
        (Some((field, ty)), PageStyle::PageNumber) => {
            let f = ident(field);
            let (get, set) = match ty {
                RustType::I32 => (
                    quote!(self.#f.map(i64::from)),
                    quote!(i32::try_from(page).unwrap_or(i32::MAX)),
                ),
                RustType::I64 => (quote!(self.#f), quote!(page)),
                // A page number the document types as text.
                RustType::String => (
                    quote!(self.#f.as_ref().and_then(|v| v.as_str().parse().ok())),
                    quote!(page.to_string()),
                ),
                _ => (
                    quote!(self.#f.as_ref().and_then(|v| v.as_str().parse().ok())),
                    quote!(::std::convert::From::from(page.to_string())),
                ),
            };
            Some(quote! {
                fn page_number(&self) -> ::std::option::Option<i64> {
                    #get
                }

                fn set_page_number(&mut self, page: i64) {
                    self.#f = ::std::option::Option::Some(#set);
                }
            })
        }
        _ => None,
    };
    let token = match (&p.next_token, p.style) {
        (Some((request, _)), PageStyle::NextToken) => {
            let f = ident(request);
            Some(quote! {
                fn set_next_token(&mut self, token: ::std::string::String) {
                    self.#f = ::std::option::Option::Some(token);
                }
            })
        }
        _ => None,
    };
    let next_token = match (&p.next_token, p.style) {
        (Some((_, response)), PageStyle::NextToken) => {
            let f = ident(response);
            quote!(output.#f.as_deref())
        }
        _ => quote!(::std::option::Option::None),
    };
    let total = match (&p.total, p.style) {
        (Some((field, ty)), PageStyle::PageNumber) => {
            let f = ident(field);
            if *ty == RustType::I64 {
                quote!(output.#f)
            } else {
                quote!(output.#f.map(i64::from))
            }
        }
        _ => quote!(::std::option::Option::None),
    };
    let fields: Vec<_> = p.items.iter().map(|f| ident(f)).collect();
    let (count, take) = match fields.as_slice() {
        [list] => (quote!(output.#list.len()), quote!(output.#list)),
        [first, middle @ .., list] => (
            quote!(output.#first.as_ref()#(.and_then(|v| v.#middle.as_ref()))*.map_or(0, |v| v.#list.len())),
            quote!(output.#first #(.and_then(|v| v.#middle))*.map(|v| v.#list).unwrap_or_default()),
        ),
        [] => return None,
    };
    Some(quote! {
        impl ::acs_runtime::paginate::Paginated for #req {
            type Item = #item;
            const STYLE: ::acs_runtime::paginate::PageStyle = ::acs_runtime::paginate::PageStyle::#style;
            #page_number
            #token

            fn page_info(output: &Self::Output) -> ::acs_runtime::paginate::PageInfo<'_> {
                ::acs_runtime::paginate::PageInfo {
                    items: #count,
                    next_token: #next_token,
                    total: #total,
                }
            }

            fn into_items(output: Self::Output) -> ::std::vec::Vec<Self::Item> {
                #take
            }
        }
    })
}
