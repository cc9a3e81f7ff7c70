//! Open value sets: a string newtype with a constant per documented value.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use crate::ir;
use crate::naming::ident;

pub fn value_set(set: &ir::ValueSet) -> TokenStream {
    let name = ident(&set.name);
    let doc = docs::attrs(&set.docs);
    let consts = set.values.iter().map(|(c, v)| {
        let c = ident(c);
        let d = format!(" `{v}`");
        quote! {
            #[doc = #d]
            pub const #c: Self = Self(::std::borrow::Cow::Borrowed(#v));
        }
    });
    let values = set.values.iter().map(|(_, v)| v);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::acs_runtime::serde::Serialize, ::acs_runtime::serde::Deserialize)]
        #[serde(crate = "::acs_runtime::serde", transparent)]
        pub struct #name(::std::borrow::Cow<'static, str>);

        impl #name {
            #(#consts)*

            /// Any value, documented or not.
            pub fn new(value: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self(::std::borrow::Cow::Owned(value.into()))
            }

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Whether the value is one the document lists.
            pub fn is_documented(&self) -> bool {
                matches!(self.as_str(), #(#values)|*)
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                Self(::std::borrow::Cow::Owned(value.to_owned()))
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                Self(::std::borrow::Cow::Owned(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    }
}
