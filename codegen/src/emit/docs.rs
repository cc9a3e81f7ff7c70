//! Doc comments: one `#[doc]` attribute per line, as rustdoc writes them.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = " line"]` for every line of `lines`.
pub fn attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}
