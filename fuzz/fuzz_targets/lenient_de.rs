//! The lenient number and boolean deserializers (`acs_runtime::de`) under
//! serde_json, quick-xml and bare text.
//!
//! The first byte picks the mode: a JSON document, an XML document (both
//! into a recursive struct of every lenient type, so deep nesting is
//! reached), or bare text read as each type, checked against `str::parse`:
//! text that `parse` reads must read as the same value, and what reads as
//! an integer must be an exact integer.
#![no_main]

use acs_runtime::de::lenient;
use libfuzzer_sys::fuzz_target;
use serde::de::value::{Error as ValueError, StrDeserializer};

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)] // read only through Debug
struct Fields {
    #[serde(default, deserialize_with = "lenient")]
    small: Option<i32>,
    #[serde(default, deserialize_with = "lenient")]
    big: Option<i64>,
    #[serde(default, deserialize_with = "lenient")]
    single: Option<f32>,
    #[serde(default, deserialize_with = "lenient")]
    double: Option<f64>,
    #[serde(default, deserialize_with = "lenient")]
    flag: Option<bool>,
    #[serde(default)]
    inner: Option<Box<Fields>>,
    #[serde(default)]
    items: Vec<Fields>,
}

fn text<T: acs_runtime::de::Lenient>(s: &str) -> Result<Option<T>, ValueError> {
    lenient(StrDeserializer::<ValueError>::new(s))
}

fn check_text(s: &str) {
    let t = s.trim();
    let blank = t.is_empty();

    let big = text::<i64>(s);
    if blank {
        assert_eq!(big, Ok(None), "{s:?}");
    } else if let Ok(n) = t.parse::<i64>() {
        assert_eq!(big, Ok(Some(n)), "{s:?}");
    }
    if let Ok(Some(n)) = big {
        let exact = t.parse::<i64>() == Ok(n) || t.parse::<f64>().is_ok_and(|f| f == n as f64);
        assert!(exact, "{s:?} read as the i64 {n}");
    }

    let small = text::<i32>(s);
    if let Ok(n) = t.parse::<i32>() {
        assert_eq!(small, Ok(Some(n)), "{s:?}");
    }
    if let Ok(Some(n)) = small {
        assert_eq!(big, Ok(Some(i64::from(n))), "{s:?}: i32 and i64 disagree");
    }

    let double = text::<f64>(s);
    if !blank {
        match t.parse::<f64>() {
            Ok(f) => assert!(
                matches!(double, Ok(Some(g)) if g.to_bits() == f.to_bits()),
                "{s:?}: {double:?}"
            ),
            Err(_) => assert!(double.is_err(), "{s:?}: {double:?}"),
        }
    }
    let _ = text::<f32>(s);

    let flag = text::<bool>(s);
    if !blank {
        let expected = if t.eq_ignore_ascii_case("true") {
            Some(true)
        } else if t.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        };
        match expected {
            Some(b) => assert_eq!(flag, Ok(Some(b)), "{s:?}"),
            None => assert!(flag.is_err(), "{s:?}: {flag:?}"),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let [mode, rest @ ..] = data else {
        return;
    };
    match mode % 3 {
        0 => {
            if let Ok(v) = serde_json::from_slice::<Fields>(rest) {
                let _ = format!("{v:?}");
            }
        }
        1 => {
            if let Ok(s) = std::str::from_utf8(rest)
                && let Ok(v) = quick_xml::de::from_str::<Fields>(s)
            {
                let _ = format!("{v:?}");
            }
        }
        _ => check_text(&String::from_utf8_lossy(rest)),
    }
});
