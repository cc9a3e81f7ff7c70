//! Open value sets: a string newtype with a constant per documented value.
//! Sent as their text (`ParamValue`), inside JSON text as a string
//! (`ToTree`); read back by serde only with the by-name machinery.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use crate::ir;
use crate::naming::ident;

pub fn value_set(set: &ir::ValueSet, by_name: bool) -> TokenStream {
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
    let deserialize = by_name.then(|| {
        quote! {
            #[derive(::acs_runtime::serde::Deserialize)]
            #[serde(crate = "::acs_runtime::serde", transparent)]
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #deserialize
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

        impl ::acs_runtime::params::ParamValue for #name {
            fn write_value(
                &self,
                w: &mut ::acs_runtime::params::ParamWriter<'_, '_>,
            ) -> ::std::result::Result<(), ::acs_runtime::params::WriteError> {
                ::acs_runtime::params::ParamValue::write_value(self.as_str(), w)
            }
        }

        impl ::acs_runtime::tree::ToTree for #name {
            fn to_tree(&self) -> ::acs_runtime::tree::Value {
                ::acs_runtime::tree::Value::String(self.as_str().to_owned())
            }
        }
    }
}
